"""One build of a site, from its sources to the finished `site/`.

`Run.start` starts the parts (`parts`: host processes of their own, one per core), shares the
languages between them and this process, and writes this process's pages (each part writes
its own languages' pages and guides, and builds them once the French pages are written). The
host builds this process's languages, one after the other; after each, the search entries it
wrote are kept (`language_built`). `finish` writes the guides and the open data files, waits
for the parts, moves their files into `site_dir` (`site.merge`: what one process building every
language leaves), writes the search index of each language and puts back the French error
page. A part writes its guides and its manifest instead.

The site is the same, byte for byte, whether one process builds every language or parts do
(tests/test_parallel.py).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from ctai_site.driver import parts as p
from ctai_site.driver.generate import (
    Generated,
    fingerprint,
    generate,
    load,
    prune,
    weights,
    write_site_files,
)
from ctai_site.driver.project import Project
from ctai_site.site import build, coordination, html, merge
from ctai_site.workers import cores

SEARCH_INDEX = Path("search") / "search_index.json"
# A part's own first build (the default language's, its pages excluded: theme files, error
# page, sitemap) costs about this share of a language's pages.
PART_OVERHEAD = 0.6


def latest_entries(docs: list[dict[str, Any]], pages: set[str]) -> list[dict[str, Any]]:
    """The search entries of `pages`, each page's from its latest build: a page's own entry
    (its URL, no anchor) starts its entries, its sections' follow. A search plugin kept from
    one build to the next in one process (a warm worker, `mkdocs serve`) may write the entries
    of earlier builds too, when dirty; otherwise each page is there once, and these are `docs`
    in their order."""
    blocks: dict[str, list[dict[str, Any]]] = {}
    for entry in docs:
        page, _, anchor = entry["location"].partition("#")
        if page not in pages:
            continue
        if not anchor:  # a new build of the page: its latest entries, at its latest place
            blocks.pop(page, None)
        blocks.setdefault(page, []).append(entry)
    return [entry for block in blocks.values() for entry in block]


class RunError(Exception):
    """The build failed: French lines for the person who ran it."""


class Run:
    """A build: the pages generated, the languages this process builds (`own`), the parts
    building the others, and what each language's build left (search entries, error page)."""

    def __init__(self, project: Project, *, dedup_search: bool = True) -> None:
        self.project = project
        self.dedup_search = dedup_search
        self.generated: Generated | None = None
        self.ready: dict[str, Any] = {}  # from the process that generated the pages
        self.own: tuple[str, ...] = project.languages
        self.is_part = False
        self.parts: list[p.Part] = []
        self.search: p.SearchEntries = {}
        self.search_config: dict[str, Any] | None = None
        self.error_page: bytes | None = None
        self.pages: set[str] = set()  # the URLs of the pages built by the language's build
        self.only: frozenset[str] | None = None  # the generated pages to build, if not all

    @classmethod
    def start(
        cls,
        project: Project,
        *,
        host: p.Host | None,
        command: str,
        site_dir: Path,
        dedup_search: bool = True,
        environ: Mapping[str, str] = os.environ,
        stdin: IO[str] = sys.stdin,
    ) -> Run:
        """Generate the pages and start the parts. `host` None: no parts (one process)."""
        run = cls(project, dedup_search=dedup_search)
        languages = project.languages
        jobs = min(project.options.jobs or cores(), len(languages))
        publishing = command in ("build", "gh-deploy")
        try:
            if environ.get(p.PART) == p.FROM_STDIN:  # a part started by a build
                return run._start_part(stdin, environ)
            wanted = p.wanted(languages, environ)
            given = p.given(languages, environ) if wanted is None else []
        except (p.PartError, KeyError) as error:
            raise RunError(str(error)) from None
        if wanted is not None:  # a part: of the live preview (facts given), of a CI job
            if environ.get(p.ONLY):
                run.only = frozenset(json.loads(environ[p.ONLY]))
            if environ.get(p.FACTS):
                run.ready = json.loads(environ[p.FACTS])
            else:  # its languages' guides too (their home pages link to them)
                run.generated = generate(
                    project, guides=publishing, jobs=jobs, guide_languages=wanted
                )
            run.own, run.is_part = wanted, True
            return run
        if given:  # a CI job merging parts built by the others
            covered = {x for part in given for x in part.languages}
            run.own = tuple(x for x in languages if x not in covered)
            run.generated = generate(project, guides=publishing, jobs=jobs, guide_languages=run.own)
            run.parts = given
            return run
        if host is not None and publishing and jobs > 1:  # their start overlaps ours
            root = site_dir.resolve().parent
            run.parts = [p.spawn(host, root) for _ in range(jobs - 1)]
        try:
            run._generate(publishing, jobs)
        except BaseException:
            run.abort()
            raise
        return run

    def _generate(self, publishing: bool, jobs: int) -> None:
        """The pages, and the parts told at once which languages to build. Each part loads the
        site too, on another core, and writes its own languages' pages and guides while this
        process writes the French ones; it builds its languages once the French pages it falls
        back on are written (`go`)."""
        project = self.project
        if not self.parts:
            self.generated = generate(project, guides=publishing, jobs=jobs)
            return
        costs = weights(project)
        others = [costs.get(x, 1) for x in project.languages[1:]]
        overhead = PART_OVERHEAD * sum(others) / max(1, len(others))
        first, *groups = p.plan(project.languages, costs, len(self.parts) + 1, overhead=overhead)
        p.stop(self.parts[len(groups) :])  # fewer groups than cores: not needed
        self.parts, self.own = self.parts[: len(groups)], first
        inputs = fingerprint(project) if publishing else None  # read once, for every process
        for part, group in zip(self.parts, groups, strict=True):
            p.assign(part, group, {"guides": publishing, "inputs": inputs})
        site = load(project)
        made = generate(
            project, site=site, guides=publishing, guide_languages=first, inputs=inputs,
            languages=first[:1], source_only=False, notes=False,
        )  # fmt: skip
        for part in self.parts:
            p.go(part)  # the French pages are written: the parts build theirs
        rest = generate(project, site=site, pdfs=made.guides, languages=first[1:], source_only=True)
        made.files.update(rest.files)
        made.deleted = prune(project, made.files, first)
        made.notes += rest.notes
        self.generated = made

    def _start_part(self, stdin: IO[str], environ: Mapping[str, str]) -> Run:
        """A part started by a build: told its languages, it writes their pages (and guides),
        then waits until the French pages it falls back on are written."""
        assignment = p.read_assignment(stdin)
        languages = self.project.languages
        self.own = p.wanted(languages, environ, assignment["languages"]) or ()
        self.is_part = True
        guides = bool(assignment.get("guides"))  # rendered on every core, as the main's are:
        jobs = self.project.options.jobs or cores()  # the machine has work for all of them
        self.generated = generate(
            self.project,
            languages=self.own,
            guides=guides,
            jobs=jobs,
            notes=False,
            inputs=assignment.get("inputs"),
        )
        prune(self.project, self.generated.files, self.own)
        p.read_assignment(stdin)  # « go »
        return self

    @property
    def site_url(self) -> str | None:
        if self.generated is not None:
            return self.generated.site_url
        url = self.ready.get("site_url")
        return url if isinstance(url, str) else None

    def strings(self, lang: str) -> tuple[str, str, dict[str, Any]] | None:
        """The site's name and description in `lang`, and its footer's links, if known."""
        if self.generated is not None:
            return self.generated.strings(lang)
        found = self.ready.get("strings", {}).get(lang)
        return (str(found[0]), str(found[1]), dict(found[2])) if found else None

    def notes(self) -> list[str]:
        return self.generated.notes if self.generated is not None else []

    def builds(self, lang: str) -> bool:
        """Whether this process builds `lang` (the default language's build is made empty in
        a part that does not build it: mkdocs-static-i18n always builds it first)."""
        return lang in self.own

    def excluded(self, lang: str, generated: str | None) -> bool:
        """Whether the build of `lang` leaves out a page (`generated`: its path in the
        generated folder; None: a hand-written page): all of them in a language this process
        does not build (the default one, which mkdocs-static-i18n builds first in every part),
        and those not asked for when only some are (`parts.ONLY`)."""
        if not self.builds(lang):
            return True
        return self.only is not None and (generated is None or generated not in self.only)

    def page_built(self, url: str) -> None:
        """A page of the language being built was written (its URL from the site's root)."""
        self.pages.add(url)

    def language_built(self, lang: str, site_dir: Path) -> None:
        """After `lang`'s build: keep its search entries (those the search plugin wrote for
        the pages this build wrote: in a `--dirty` build, Material's adds the entries of the
        builds before it in the same process) and, for the default language, the error page."""
        pages, self.pages = self.pages, set()
        if lang not in self.own:
            return
        index = site_dir / SEARCH_INDEX
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            self.search[lang] = latest_entries(data.get("docs", []), pages)
            if lang == self.project.default_language:
                self.search_config = dict(data.get("config", {}))
        error_page = site_dir / merge.ERROR_PAGE
        if lang == self.project.default_language and error_page.is_file():
            self.error_page = error_page.read_bytes()

    def finish(self, site_dir: Path, site_url: str | None) -> None:
        """Once this process built its languages: a part writes its guides and its manifest;
        otherwise write the guides and the open data files, wait for the parts, merge them,
        and write what is written once for the whole site."""
        if self.generated is not None:  # the guides of its languages; here, the open data
            write_site_files(self.generated, site_dir, site_url, exports=not self.is_part)
        if self.is_part:
            p.write_manifest(site_dir, self.own, {x: self.search.get(x, []) for x in self.own})
            return
        failed = p.wait(self.parts)
        if failed:
            p.remove(self.parts)
            raise RunError(
                f"ctai-site : la construction du site en {', '.join(failed)} a échoué (voir "
                "plus haut)"
            )
        search = dict(self.search)
        for part in self.parts:
            search.update(part.search())
        merge.merge_parts(site_dir, [part.site_dir for part in self.parts])
        p.remove(self.parts)
        if self.search_config is not None:
            languages = self.project.languages
            entries = [entry for lang in languages for entry in search.get(lang, [])]
            if self.dedup_search:
                merge.drop_search_duplicates(entries, languages)
            html.write_search_indexes(site_dir, self.search_config, entries)
        if self.error_page is not None:
            (site_dir / merge.ERROR_PAGE).write_bytes(self.error_page)
        self._publish(site_dir, site_url)

    def _publish(self, site_dir: Path, site_url: str | None) -> None:
        """What search engines and the public get: a sitemap only with the site's address (a
        sitemap lists absolute URLs: MkDocs writes « None » without one), never the
        coordination pages; with `coordination_dir`, those go to that folder only."""
        folders = coordination.built_folders(build.SOURCE_ONLY)
        sitemap = site_dir / merge.SITEMAP
        if not site_url:
            sitemap.unlink(missing_ok=True)
            sitemap.with_name(merge.SITEMAP + ".gz").unlink(missing_ok=True)
        elif sitemap.is_file():
            text = sitemap.read_text(encoding="utf-8")
            kept = coordination.leave_out(text, folders)
            if kept != text:
                gz = sitemap.with_name(merge.SITEMAP + ".gz")
                merge.write_sitemap(sitemap, kept, merge.gzip_mtime(gz))
        target = self.project.options.coordination_dir
        if target:
            coordination.split(site_dir, folders, self.project.root / target)

    def abort(self) -> None:
        """The build failed: stop the parts started here, remove their folders."""
        p.stop(self.parts)
        self.parts = []

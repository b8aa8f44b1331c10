"""Every generated page of a site, written as Markdown into its `generated` folder: the one way
the site's pages are made, whoever builds them (`mkdocs build`, `ctai-site pages`, the live
preview). Nothing is written when a fiche, a translation or the territory is wrong.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctai_site.driver.project import Project
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.territory import publication_notes
from ctai_site.guide import build as guide
from ctai_site.guide.pdf import GuideError
from ctai_site.opendata.export import site_action_url, write_exports
from ctai_site.site import build, opendata_page
from ctai_site.site.pages import Site, footer
from ctai_site.site.settings import Download, Settings
from ctai_site.translation import fallback_lines


class GenerateError(Exception):
    """The site cannot be generated: every problem, one French line each."""


@dataclass
class Generated:
    """What `generate` made: the loaded site, its files (relative path -> Markdown or JSON),
    which were written or deleted, the guides' PDFs and the site's address."""

    site: Site
    files: dict[str, str | bytes]
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    guides: dict[str, bytes] = field(default_factory=dict)
    site_url: str | None = None
    notes: list[str] = field(default_factory=list)  # what to say (INFO): nothing fails on it

    def strings(self, lang: str) -> tuple[str, str, dict[str, Any]]:
        """The site's name and description in `lang` (mkdocs.yml's `site_name` per language),
        and its footer's links (`pages.footer`)."""
        strings = self.site.strings(lang)
        return strings("site.name"), strings("site.description"), footer(self.site, lang)


def load(project: Project) -> Site:
    """The site's fiches, translations and territory, checked (`GenerateError` otherwise)."""
    try:
        return build.load_site(project.sources())
    except FicheError as error:
        raise GenerateError(f"{error.summary()}\n{error}") from None


def render_guides(
    project: Project,
    site: Site,
    *,
    jobs: int = 1,
    languages: Sequence[str] | None = None,
    inputs: str | None = None,
) -> dict[str, bytes]:
    """The guides' PDFs (of `languages`, all by default; from their cache, those to render on
    `jobs` cores). Without the site's address they print no QR code (`publication_notes` says
    so). A home page links to its own language's guide only: each process that writes a
    language's pages can make its guide."""
    if not project.options.guide:
        return {}
    site_url = project.site_url or site.territory.site_url
    try:
        pdfs = guide.render_guides(
            site,
            cache=project.guide_cache,
            site_url=site_url,
            templates=project.sources().templates,
            languages=languages or project.languages,
            jobs=jobs,
            inputs=inputs or fingerprint(project),
        )
    except GuideError as error:
        raise GenerateError(str(error)) from None
    return pdfs


def fingerprint(project: Project) -> str:
    """A hash of everything the generated files are made from: the site's sources (fiches,
    translations, territory, its templates) and this package's own files (code, templates,
    interface strings). Same fingerprint, same guides (`guide.build.render_guides`)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for folder in [*project.sources().folders(), package]:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in paths:
            if path.is_file() and path.suffix != ".pyc":
                digest.update(f"{path}\0{path.stat().st_size}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def generate(
    project: Project,
    *,
    guides: bool = False,
    jobs: int = 1,
    languages: Sequence[str] | None = None,
    site: Site | None = None,
    notes: bool = True,
    pdfs: Mapping[str, bytes] | None = None,
    sizes: Mapping[str, int] | None = None,
    prune: bool | None = None,
    source_only: bool | None = None,
    guide_languages: Sequence[str] | None = None,
    inputs: str | None = None,
) -> Generated:
    """Load the site (or take `site`), render its guides when `guides` (from their cache; on
    `jobs` cores; or take `pdfs`, or only their `sizes` when another process holds them: the
    home pages give each guide's size), write every page that changed into `project.generated`
    and delete the pages no longer made. With `languages`, only their pages are written, and
    stale files deleted only with `prune` (of those languages: another process may be writing
    the others'). `notes`: what to say of the translations that fall back to French.
    `source_only`: the French-only pages with them or not (with French by default).
    `guide_languages`: the guides to make (those of `languages` by default); `inputs`: the
    sources' `fingerprint`, when the caller has it already."""
    site = site or load(project)
    site_url = project.site_url or site.territory.site_url
    found = []
    if pdfs is None and guides:
        made = guide_languages if guide_languages is not None else languages
        pdfs = render_guides(project, site, jobs=jobs, languages=made, inputs=inputs)
    pdfs = dict(pdfs or {})
    sizes = dict(sizes) if sizes is not None else {lang: len(pdf) for lang, pdf in pdfs.items()}
    downloads = {lang: Download(guide.file_path(lang), size) for lang, size in sizes.items()}
    site = dataclasses.replace(
        site, settings=Settings(project.tiles(), downloads, project.analytics)
    )
    shown = site if languages is None else dataclasses.replace(site, languages=tuple(languages))
    try:
        files = build.render_site(shown, project.sources().templates, source_only=source_only)
    except ValueError as error:
        raise GenerateError(str(error)) from None
    written, deleted = build.update_site_files(
        files,
        project.generated,
        prune=languages is None or bool(prune),
        languages=languages,
    )
    if written:
        found.append(f"{len(written)} page(s) écrite(s) dans {project.options.generated_dir}")
    if notes:
        found += fallback_lines(site.catalog, site.translations, site.territory.texts())
        found += publication_notes(site.territory, project.site_url)
    return Generated(site, files, written, deleted, pdfs, site_url, found)


def prune(
    project: Project, files: Mapping[str, str | bytes], languages: Sequence[str] | None = None
) -> list[str]:
    """Delete the generated files (of `languages`, all by default) that `files` (every page
    of the site, or of those languages) no longer holds."""
    return build.update_site_files({}, project.generated, keep=files, languages=languages)[1]


def write_site_files(
    generated: Generated, site_dir: Path, site_url: str | None = None, *, exports: bool = True
) -> None:
    """What the site holds besides its pages, written at its root: the guides' PDFs and the
    open data files (`site_url`: the site's address the exports give, the generated one by
    default)."""
    guide.write_guides(generated.guides, site_dir)
    if not exports:
        return
    site = generated.site
    write_exports(
        site.catalog,
        site_dir / opendata_page.DATA_DIR,
        site.territory.source,
        action_url=site_action_url(site_url or generated.site_url),
    )


def weights(project: Project) -> dict[str, int]:
    """Language -> what building its pages costs, in pages, before they are written again:
    those the last build wrote (`build.pages_per_language`), or an estimate from the number of
    fiches (a page per fiche in each language, three more in French: draft, report, follow-up;
    a French-only page counts twice)."""
    folder = project.generated
    found = (
        [p.relative_to(folder).as_posix() for p in folder.rglob("*.md")] if folder.is_dir() else []
    )
    if found:
        return build.pages_per_language(found)
    fiches = len(list((project.root / project.options.actions).glob("*.y*ml")))
    return {
        lang: fiches + 20 + (6 * fiches if lang == project.default_language else 0)
        for lang in project.languages
    }

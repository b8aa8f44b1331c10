"""Every generated page of a site, from its sources into a folder: the one entry point that any
host (the MkDocs plugin, `ctai-site pages`, a future host) calls.

Pages are Markdown files with mkdocs-static-i18n's suffix names (`x.md` French, `x.ar.md`
Arabic): plain files any MkDocs-like host builds, which is also the seam that survives a change
of host. Writing touches only files whose text changed, so a watching server rebuilds once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ctai_site import translation
from ctai_site.bilan import page as bilan
from ctai_site.bilan.report import axis_names
from ctai_site.fiche import vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.territory import load_territory
from ctai_site.files import write_if_changed
from ctai_site.refugies_info import editor
from ctai_site.refugies_info import page as drafts
from ctai_site.site import followup, maps, opendata_page, pages
from ctai_site.templating import template_folders
from ctai_site.translation.interface import interface_folder
from ctai_site.workers import forked_map, shares

Signature = tuple[tuple[str, int, int], ...]

# Generated pages written in French only and built in the French site only: the Réfugiés.info
# drafts (carriers paste French into its editor), the yearly reports and the coordinator's
# translation status and its follow-up of the fiches to confirm. With mkdocs.yml's `fallback_to_default: true`, mkdocs-static-i18n builds a
# page that has no translation in every language (`reconfigure_files` in
# mkdocs_static_i18n/reconfigure.py takes the default language's file), so `/en/bilan/2023/`
# would exist, in the English search too, built once more per language. The plugin drops these
# from the other languages' builds (`on_files`, before mkdocs-static-i18n sees them) and from
# the French pages' alternates. Folders end with « / ».
SOURCE_ONLY = (
    editor.DRAFTS_DIR + "/",
    bilan.BILAN_DIR + "/",
    followup.FOLLOWUP_DIR + "/",
    pages.STATUS,
)


def french_only(path: str) -> bool:
    """Whether a generated file (`refugies-info/x.md`, `traductions.md`: its path in the
    generated folder) is French only."""
    return path.startswith(SOURCE_ONLY)


@dataclass(frozen=True)
class Sources:
    """Where a site's data lives; errors name files relative to `display_root`."""

    actions: Path
    translations: Path
    territory: Path
    templates: Path | None = None
    display_root: Path | None = None

    def folders(self) -> list[Path]:
        """Everything the generated pages depend on (the package's templates and interface
        strings included)."""
        own = [self.actions, self.translations, self.territory]
        own += [self.templates] if self.templates else []
        return own + template_folders() + [interface_folder()]


def signature(folders: list[Path]) -> Signature:
    """What the generated pages depend on, cheaply: every source file's path, mtime and size."""
    out = []
    for folder in folders:
        paths = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in paths:
            if path.is_file():
                stat = path.stat()
                out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def load_site(sources: Sources) -> pages.Site:
    """The territory, the catalogue and its translations, checked; raises `FicheError` with
    every problem of the three at once."""
    problems = []
    try:
        territory = load_territory(sources.territory, display_root=sources.display_root)
    except FicheError as error:
        problems += error.problems
        territory = None
    try:
        catalog = load_catalog(
            sources.actions, display_root=sources.display_root, territory=territory
        )
    except FicheError as error:
        problems += error.problems
    try:
        translations = translation.load_translations(
            sources.translations, display_root=sources.display_root, interface=interface_folder()
        )
    except FicheError as error:
        problems += error.problems
    if problems or territory is None:
        raise FicheError(problems)
    return pages.Site(catalog, translations, territory)


def render_site(
    site: pages.Site, templates: Path | None = None, *, jobs: int = 1
) -> dict[str, str]:
    """Relative path -> text of every generated file: the site's pages in every language (of
    `site.languages`), the map, the open data page, the Réfugiés.info drafts (French only, with
    their JSON), the yearly reports and the follow-up page (French only, `SOURCE_ONLY`). With `jobs` > 1 (from a
    process without threads), the languages are shared between that many cores."""
    if jobs > 1 and len(site.languages) > 1:

        def render(languages: Sequence[str]) -> dict[str, str]:
            return render_site(dataclasses.replace(site, languages=tuple(languages)), templates)

        files: dict[str, str] = {}
        for part in forked_map(render, shares(site.languages, jobs), jobs):
            files.update(part)
        return files
    files = pages.site_pages(site, templates)
    contract = site.territory.contract
    parts = [maps.site_pages(site), opendata_page.site_pages(site)]
    if vocab.SOURCE_LANGUAGE in site.languages:
        parts += [
            drafts.draft_files(
                site.catalog, contract.article("refugies_info") if contract else None
            ),
            bilan.bilan_pages(
                site.catalog,
                axis_names(site.territory),
                templates,
                linked={a.id for a in site.current},
            ),
            followup.followup_pages(site.catalog, site.territory, templates),
        ]
    for part in parts:
        for rel, text in part.items():
            if rel in files:
                raise ValueError(f"ctai-site : la page {rel} est produite deux fois")
            files[rel] = text
    return files


def pages_per_language(files: Mapping[str, str]) -> dict[str, int]:
    """Language -> how many of the generated files are its pages (French: the plain names)."""
    counts = dict.fromkeys(vocab.LANGUAGE_CODES, 0)
    for rel in files:
        if rel.endswith(".md"):
            suffix = rel[:-3].rpartition(".")[2]
            counts[suffix if suffix in counts else vocab.SOURCE_LANGUAGE] += 1
    return counts


def write_site_files(files: Mapping[str, str], out: Path) -> int:
    """Write pages that changed (so a watching server doesn't loop), delete stale ones (a
    removed fiche's pages and JSON draft); return how many were written."""
    return len(update_site_files(files, out)[0])


def update_site_files(
    files: Mapping[str, str], out: Path, *, prune: bool = True
) -> tuple[list[str], list[str]]:
    """Write the files that changed and, with `prune`, delete the stale ones: (written,
    deleted), relative paths. Without `prune`, `files` may be some of the site's (one
    language's, for `serve`)."""
    written = [rel for rel, text in files.items() if write_if_changed(out / rel, text)]
    deleted = []
    if prune and out.exists():
        for old in sorted(out.rglob("*")):
            rel = old.relative_to(out).as_posix()
            if old.is_file() and rel not in files:
                old.unlink()
                deleted.append(rel)
    return written, deleted


def generate(sources: Sources, out: Path) -> tuple[pages.Site, int]:
    """Load, check, render and write every generated page into `out`. Nothing is written when
    a fiche or a translation is wrong (`FicheError`)."""
    site = load_site(sources)
    written = write_site_files(render_site(site, sources.templates), out)
    return site, written

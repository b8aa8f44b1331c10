"""Every generated page of a site, from its sources into a folder (`driver.generate` calls it for
every way of building: the MkDocs plugin, `ctai-site pages`, the live preview).

Pages are Markdown files with mkdocs-static-i18n's suffix names (`x.md` French, `x.ar.md`
Arabic): plain files any MkDocs-like host builds, which is also the seam that survives a change
of host. Writing touches only files whose text changed, so a watching server rebuilds once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
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
from ctai_site.site import coordination, followup, maps, opendata_page, pages
from ctai_site.templating import template_folders
from ctai_site.translation.interface import interface_folder

Signature = tuple[tuple[str, int, int], ...]
# A generated file's content: text (pages, JSON), or bytes (a structure's logo next to its
# Réfugiés.info draft).
Content = str | bytes

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
    coordination.COORDINATION_DIR + "/",
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
            sources.translations,
            display_root=sources.display_root,
            interface=interface_folder(),
        )
    except FicheError as error:
        problems += error.problems
    if problems or territory is None:
        raise FicheError(problems)
    return pages.Site(catalog, translations, territory)


def render_site(
    site: pages.Site, templates: Path | None = None, *, source_only: bool | None = None
) -> dict[str, Content]:
    """Relative path -> content of every generated file: the site's pages in every language
    (of `site.languages`), the map, the open data page, the Réfugiés.info drafts (French only,
    with their JSON and logos), the yearly reports and the follow-up page (French only,
    `SOURCE_ONLY`: with French, or as `source_only` says)."""
    with_source_only = vocab.SOURCE_LANGUAGE in site.languages
    if source_only is not None:
        with_source_only = source_only
    files: dict[str, Content] = {}
    files.update(_language_files(site, templates))
    if with_source_only:
        for rel, text in _source_only_files(site, templates).items():
            if rel in files:
                raise ValueError(f"ctai-site : la page {rel} est produite deux fois")
            files[rel] = text
    return files


def _language_files(site: pages.Site, templates: Path | None) -> dict[str, str]:
    """The pages of `site.languages`."""
    files = pages.site_pages(site, templates)
    for part in (maps.site_pages(site), opendata_page.site_pages(site)):
        for rel, text in part.items():
            if rel in files:
                raise ValueError(f"ctai-site : la page {rel} est produite deux fois")
            files[rel] = text
    return files


def _source_only_files(site: pages.Site, templates: Path | None) -> dict[str, Content]:
    """The Réfugiés.info drafts (pages, JSON and logos), the yearly reports, the follow-up
    page and the translation status."""
    contract = site.territory.contract
    return {
        pages.STATUS: pages.render_status_page(site, templates),
        **drafts.draft_files(
            site.catalog,
            contract.article("refugies_info") if contract else None,
            contract=contract is not None,
        ),
        # The yearly report is the contract's: no contract, no report pages.
        **(
            bilan.bilan_pages(
                site.catalog,
                axis_names(site.territory),
                templates,
                linked={a.id for a in site.current},
            )
            if contract
            else {}
        ),
        **followup.followup_pages(site.catalog, site.territory, templates),
        coordination.PAGE: coordination.render_coordination_page(
            drafts=True, reports=contract is not None, templates=templates
        ),
    }


def language_of(rel: str) -> str:
    """The language of a generated file, from its path: `x.ar.md` Arabic; a French page and
    every other file (the drafts' JSON) French."""
    if rel.endswith(".md"):
        suffix = rel[:-3].rpartition(".")[2]
        if suffix in vocab.LANGUAGE_CODES:
            return suffix
    return vocab.SOURCE_LANGUAGE


def pages_per_language(files: Iterable[str]) -> dict[str, int]:
    """Language -> how much building its pages costs, in pages (French: the plain names; a
    French-only page counts twice: a draft is a long page, and the French build's process also
    merges the others' after them)."""
    counts = dict.fromkeys(vocab.LANGUAGE_CODES, 0)
    for rel in files:
        if rel.endswith(".md"):
            counts[language_of(rel)] += 2 if french_only(rel) else 1
    return counts


def write_site_files(files: Mapping[str, Content], out: Path) -> int:
    """Write pages that changed (so a watching server doesn't loop), delete stale ones (a
    removed fiche's pages and JSON draft); return how many were written."""
    return len(update_site_files(files, out)[0])


def update_site_files(
    files: Mapping[str, Content],
    out: Path,
    *,
    prune: bool = True,
    keep: Mapping[str, Content] | None = None,
    languages: Collection[str] | None = None,
) -> tuple[list[str], list[str]]:
    """Write the files that changed and, with `prune`, delete the stale ones (neither in
    `files` nor in `keep`; with `languages`, only files of those languages: `language_of`):
    (written, deleted), relative paths. Without `prune`, `files` may be some of the site's."""
    written = [rel for rel, text in files.items() if write_if_changed(out / rel, text)]
    deleted = []
    if prune and out.exists():
        for old in sorted(out.rglob("*")):
            rel = old.relative_to(out).as_posix()
            if not old.is_file() or rel in files or (keep is not None and rel in keep):
                continue
            if languages is None or language_of(rel) in languages:
                old.unlink()
                deleted.append(rel)
    return written, deleted


"""Every generated page of a site, from its sources into a folder: the one entry point that any
host (the MkDocs plugin, `ctai-site pages`, a future host) calls.

Pages are Markdown files with mkdocs-static-i18n's suffix names (`x.md` French, `x.ar.md`
Arabic): plain files any MkDocs-like host builds, which is also the seam that survives a change
of host. Writing touches only files whose text changed, so a watching server rebuilds once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ctai_site import translation
from ctai_site.fiche.loading import load_catalog
from ctai_site.files import write_if_changed
from ctai_site.refugies_info import page as drafts
from ctai_site.site import maps, opendata_page, pages
from ctai_site.templating import template_folders

Signature = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Sources:
    """Where a site's data lives; errors name files relative to `display_root`."""

    actions: Path
    translations: Path
    templates: Path | None = None
    display_root: Path | None = None

    def folders(self) -> list[Path]:
        """Everything the generated pages depend on (the package's templates included)."""
        own = [self.actions, self.translations] + ([self.templates] if self.templates else [])
        return own + template_folders()


def signature(folders: list[Path]) -> Signature:
    """What the generated pages depend on, cheaply: every source file's path, mtime and size."""
    out = []
    for folder in folders:
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    stat = path.stat()
                    out.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(out)


def load_site(sources: Sources) -> pages.Site:
    """The catalogue and its translations, checked; raises `FicheError` with every problem."""
    catalog = load_catalog(sources.actions, display_root=sources.display_root)
    translations = translation.load_translations(
        sources.translations, display_root=sources.display_root
    )
    return pages.Site(catalog, translations)


def render_site(site: pages.Site, templates: Path | None = None) -> dict[str, str]:
    """Relative path -> text of every generated file: the site's pages in every language, the
    map, the open data page, and the Réfugiés.info drafts (French only, with their JSON)."""
    files = pages.site_pages(site, templates)
    for part in (
        maps.site_pages(site),
        opendata_page.site_pages(site),
        drafts.draft_files(site.catalog),
    ):
        for rel, text in part.items():
            if rel in files:
                raise ValueError(f"ctai-site : la page {rel} est produite deux fois")
            files[rel] = text
    return files


def write_site_files(files: Mapping[str, str], out: Path) -> int:
    """Write pages that changed (so a watching server doesn't loop), delete stale ones (a
    removed fiche's pages and JSON draft); return how many were written."""
    written = sum(write_if_changed(out / rel, text) for rel, text in files.items())
    if out.exists():
        for old in out.rglob("*"):
            if old.is_file() and old.relative_to(out).as_posix() not in files:
                old.unlink()
    return written


def generate(sources: Sources, out: Path) -> tuple[pages.Site, int]:
    """Load, check, render and write every generated page into `out`. Nothing is written when
    a fiche or a translation is wrong (`FicheError`)."""
    site = load_site(sources)
    written = write_site_files(render_site(site, sources.templates), out)
    return site, written

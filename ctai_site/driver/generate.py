"""Every generated page of a site, written as Markdown into its `generated` folder: the one way
the site's pages are made, whoever builds them (`mkdocs build`, `ctai-site pages`, the live
preview). Nothing is written when a fiche, a translation or the territory is wrong.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ctai_site.driver.project import Project
from ctai_site.fiche.errors import FicheError
from ctai_site.guide import build as guide
from ctai_site.guide.pdf import GuideError
from ctai_site.opendata.export import site_action_url, write_exports
from ctai_site.site import build, opendata_page
from ctai_site.site.pages import Site
from ctai_site.site.settings import Download, Settings
from ctai_site.translation import fallback_lines


class GenerateError(Exception):
    """The site cannot be generated: every problem, one French line each."""


@dataclass
class Generated:
    """What `generate` made: the loaded site, its files (relative path -> Markdown or JSON),
    which were written or deleted, the guides' PDFs and the site's address."""

    site: Site
    files: dict[str, str]
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    guides: dict[str, bytes] = field(default_factory=dict)
    site_url: str | None = None
    notes: list[str] = field(default_factory=list)  # what to say (INFO): nothing fails on it

    def strings(self, lang: str) -> tuple[str, str]:
        """The site's name and description in `lang` (mkdocs.yml's `site_name` per language)."""
        strings = self.site.strings(lang)
        return strings("site.name"), strings("site.description")


def load(project: Project) -> Site:
    """The site's fiches, translations and territory, checked (`GenerateError` otherwise)."""
    try:
        return build.load_site(project.sources())
    except FicheError as error:
        raise GenerateError(f"{error.summary()}\n{error}") from None


def generate(
    project: Project,
    *,
    guides: bool,
    jobs: int = 1,
    languages: Sequence[str] | None = None,
    site: Site | None = None,
    notes: bool = True,
) -> Generated:
    """Load the site (or take `site`), render its guides when `guides` (from their cache; on
    `jobs` cores), write every page that changed into `project.generated` and delete the pages
    no longer made. With `languages`, only their pages are written and nothing is deleted (the
    live preview writes the language being read first). `notes`: what to say of the
    translations that fall back to French (the live preview does not say it at each save)."""
    site = site or load(project)
    site_url = project.site_url or site.territory.site_url
    found = []
    pdfs: dict[str, bytes] = {}
    if guides and project.options.guide:
        if not site_url:
            found.append(
                "guide PDF : site_url absent de territory.yml, les codes QR donnent le chemin de "
                "chaque page depuis la racine du site (ar/actions/…), pas son adresse complète"
            )
        try:
            pdfs = guide.render_guides(
                site,
                cache=project.guide_cache,
                site_url=site_url,
                templates=project.sources().templates,
                jobs=jobs,
            )
        except GuideError as error:
            raise GenerateError(str(error)) from None
    downloads = {lang: Download(guide.file_path(lang), len(pdf)) for lang, pdf in pdfs.items()}
    site = dataclasses.replace(site, settings=Settings(project.tiles(), downloads))
    shown = dataclasses.replace(site, languages=tuple(languages)) if languages else site
    try:
        files = build.render_site(shown, project.sources().templates)
    except ValueError as error:
        raise GenerateError(str(error)) from None
    written, deleted = build.update_site_files(files, project.generated, prune=not languages)
    if written:
        found.append(f"{len(written)} page(s) écrite(s) dans {project.options.generated_dir}")
    if notes:
        found += fallback_lines(site.catalog, site.translations, site.territory.texts())
    return Generated(site, files, written, deleted, pdfs, site_url, found)


def prune(project: Project, files: Mapping[str, str]) -> list[str]:
    """Delete the generated files that `files` (every page of the site) no longer holds."""
    return build.update_site_files({}, project.generated, keep=files)[1]


def write_site_files(generated: Generated, site_dir: Path, site_url: str | None = None) -> None:
    """What the site holds besides its pages, written once at its root: the guides' PDFs and
    the open data files (`site_url`: the site's address the exports give, the generated one
    by default)."""
    guide.write_guides(generated.guides, site_dir)
    site = generated.site
    write_exports(
        site.catalog,
        site_dir / opendata_page.DATA_DIR,
        site.territory.source,
        action_url=site_action_url(site_url or generated.site_url),
    )


def pages_weights(files: Sequence[str]) -> dict[str, int]:
    """Language -> what building its pages costs, in pages (`build.pages_per_language`)."""
    return build.pages_per_language(dict.fromkeys(files, ""))

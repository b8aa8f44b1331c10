"""The French pages of the yearly report, for the steering committee: `bilan/index.md` and one
`bilan/<year>.md` per year a fiche reports on or the contract covers. Printable on A4.

French only, and only in French: no `.<lang>.md` variant, and the site leaves them out of
the other languages' builds (`build.SOURCE_ONLY`), where mkdocs-static-i18n's
`fallback_to_default` would otherwise copy them under every `/<lang>/` and into each
language's search.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from ctai_site.bilan.report import (
    YearReport,
    euros_fr,
    number_fr,
    report_years,
    result_fr,
    target_fr,
    year_report,
)
from ctai_site.fiche.model import Catalog
from ctai_site.templating import environment
from ctai_site.translation.l10n import date_fr

BILAN_DIR = "bilan"
INDEX = f"{BILAN_DIR}/index.md"

HELPERS = {
    "date_fr": date_fr,
    "euros_fr": euros_fr,
    "number_fr": number_fr,
    "result_fr": result_fr,
    "target_fr": target_fr,
}


def year_page(year: int) -> str:
    return f"{BILAN_DIR}/{year}.md"


def render_year_page(
    report: YearReport, templates: Path | None = None, linked: Collection[str] | None = None
) -> str:
    """The page of one year; an action whose page the site shows (`linked`: all when None) is
    a link, an archived one is named only."""
    template = environment(templates).get_template("bilan.md.j2")
    return template.render(report=report, linked=linked, **HELPERS)


def render_index_page(reports: tuple[YearReport, ...], templates: Path | None = None) -> str:
    template = environment(templates).get_template("bilan_index.md.j2")
    return template.render(reports=reports, **HELPERS)


def bilan_pages(
    catalog: Catalog,
    axis_names: Mapping[int, str],
    templates: Path | None = None,
    linked: Collection[str] | None = None,
) -> dict[str, str]:
    """Relative path -> Markdown: the index of the years, and one page per year. A site's
    `templates` folder may override `bilan.md.j2` (its contract's own wording)."""
    reports = tuple(year_report(catalog, year, axis_names) for year in report_years(catalog))
    pages = {INDEX: render_index_page(reports, templates)}
    for report in reports:
        pages[year_page(report.year)] = render_year_page(report, templates, linked)
    return pages

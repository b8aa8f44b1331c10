"""The coordinator's follow-up page (`suivi/index.md`, French only): the fiches to have
confirmed by their structure now, structure by structure, with what to ask, then every fiche
with its last confirmation and when the next one is due. The same list as `ctai-site
validate`, on the day the site is built (the page says which day).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ctai_site.fiche import completeness, freshness
from ctai_site.fiche.model import Catalog
from ctai_site.fiche.territory import Territory
from ctai_site.templating import environment
from ctai_site.translation.l10n import date_fr

FOLLOWUP_DIR = "suivi"
PAGE = f"{FOLLOWUP_DIR}/index.md"


def render_followup_page(
    catalog: Catalog, territory: Territory, today: dt.date, templates: Path | None = None
) -> str:
    months = territory.freshness_months
    return (
        environment(templates)
        .get_template("followup.md.j2")
        .render(
            today=today,
            months=months,
            stale=freshness.stale(catalog.actions, months, today),
            schedule=freshness.schedule(catalog.actions, months),
            missing={a.id: len(completeness.missing(a)) for a in catalog.actions},
            nothing_due=freshness.nothing_due(catalog.actions, months),
            date_fr=date_fr,
        )
    )


def followup_pages(
    catalog: Catalog,
    territory: Territory,
    templates: Path | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    return {PAGE: render_followup_page(catalog, territory, today or dt.date.today(), templates)}

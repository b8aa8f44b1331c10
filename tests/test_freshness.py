"""Freshness: a fiche says when its structure last confirmed its facts (`confirmed:`, else
`updated:`); past `freshness_months` (territory.yml, 6 by default) `validate` lists it under
its structure with what to ask, and data·inclusion's `date_maj` is that date."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

from conftest import CATALOGUE, RunCli
from sites import load_site

from ctai_site.fiche.freshness import add_months, stale
from ctai_site.fiche.loading import load_catalog
from ctai_site.opendata.data_inclusion import to_data_inclusion
from ctai_site.opendata.hsds import hsds_id, to_hsds
from ctai_site.site import build
from ctai_site.site.followup import render_followup_page

TODAY = dt.date.today()


def catalogue_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(CATALOGUE / "actions", project / "actions")
    shutil.copy(CATALOGUE / "territory.yml", project / "territory.yml")
    return project


def set_dates(fiche: Path, updated: dt.date, confirmed: dt.date | None = None) -> None:
    text = re.sub(r"^confirmed: .*\n", "", fiche.read_text(encoding="utf-8"), flags=re.M)
    line = f"updated: {updated.isoformat()}\n"
    if confirmed:
        line += f"confirmed: {confirmed.isoformat()}\n"
    fiche.write_text(re.sub(r"^updated: .*\n", line, text, flags=re.M), encoding="utf-8")


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def freshness_section(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("À confirmer avec"))
    return lines[start:-1]


def test_validate_lists_stale_fiches_per_carrier_with_what_to_ask(
    tmp_path: Path, run_cli: RunCli
) -> None:
    project = catalogue_copy(tmp_path)
    actions = project / "actions"
    for fiche in actions.glob("*.yml"):
        set_dates(fiche, days_ago(10))
    set_dates(actions / "pas-hopital-dax.yml", days_ago(400))
    set_dates(actions / "maison-enfance-garde.yml", days_ago(300))
    # Updated long ago, but confirmed last week: not due.
    set_dates(actions / "maison-enfance-laep.yml", days_ago(400), confirmed=days_ago(7))
    # Confirmed long ago, updated since (a typo fixed): the confirmation counts.
    set_dates(actions / "maison-enfance-club-emploi.yml", days_ago(10), confirmed=days_ago(250))

    result = run_cli("validate", cwd=project)

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1] == "14 fiches valides, 170 informations à compléter"
    section = freshness_section(result.out)
    assert section[0] == (
        "À confirmer avec les structures : 3 fiches sans confirmation depuis 6 mois "
        "(réglage : freshness_months dans territory.yml) :"
    )
    assert section[1] == "  Centre hospitalier de Dax :"
    assert section[2].startswith(
        "    - actions/pas-hopital-dax.yml : jamais confirmée, mise à jour le "
    )
    assert section[2].endswith(
        "à confirmer : l'action a toujours lieu ; lieu « Permanence d'accès aux soins, hôpital "
        "de Dax » ; conditions"
    )
    assert section[3] == "  Maison de l'Enfance, CCAS de Dax :"
    # The most overdue first.
    assert section[4].startswith("    - actions/maison-enfance-garde.yml : jamais confirmée")
    assert section[5].startswith("    - actions/maison-enfance-club-emploi.yml : confirmée le ")
    assert "maison-enfance-laep" not in result.out.split("À confirmer avec")[1]
    assert section[6].startswith("  (une fois confirmée, écrivez la date dans la fiche")


def test_the_territory_sets_the_rhythm(tmp_path: Path, run_cli: RunCli) -> None:
    project = catalogue_copy(tmp_path)
    for fiche in (project / "actions").glob("*.yml"):
        set_dates(fiche, days_ago(70))
    result = run_cli("validate", cwd=project)
    assert (
        "Aucune fiche à confirmer maintenant : 14 fiches jamais confirmées, mises à jour "
        "depuis moins de 6 mois (à faire confirmer avant la date prévue)."
    ) in result.out

    territory = project / "territory.yml"
    territory.write_text(
        territory.read_text(encoding="utf-8") + "freshness_months: 2\n", encoding="utf-8"
    )
    result = run_cli("validate", cwd=project)
    assert "14 fiches sans confirmation depuis 2 mois" in result.out


def test_a_bad_rhythm_and_a_future_confirmation_are_refused(
    tmp_path: Path, run_cli: RunCli
) -> None:
    project = catalogue_copy(tmp_path)
    territory = project / "territory.yml"
    territory.write_text(
        territory.read_text(encoding="utf-8") + "freshness_months: 0\n", encoding="utf-8"
    )
    set_dates(
        project / "actions" / "pas-hopital-dax.yml", days_ago(1), TODAY.replace(TODAY.year + 1)
    )
    result = run_cli("validate", cwd=project)
    assert result.code == 1
    lines = result.err.splitlines()
    assert any(
        re.fullmatch(r"territory\.yml:\d+: freshness_months: « 0 » : un nombre entier de mois.*", x)
        for x in lines
    ), lines
    assert any(
        re.fullmatch(
            r"actions/pas-hopital-dax\.yml:7: confirmed: « \d{4}-\d\d-\d\d » est dans le futur", x
        )
        for x in lines
    ), lines


def test_a_month_later_is_the_same_day_or_the_last_of_the_month() -> None:
    assert add_months(dt.date(2026, 11, 28), 6) == dt.date(2027, 5, 28)
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


def test_stale_is_computed_for_any_day() -> None:
    catalog = load_catalog(CATALOGUE / "actions")
    assert stale(catalog.actions, 6, dt.date(2026, 12, 1)) == []
    late = stale(catalog.actions, 6, dt.date(2027, 5, 28))  # updated 2026-11-28, all of them
    assert sum(len(c.fiches) for c in late) == 14
    assert [c.carrier for c in late] == sorted((c.carrier for c in late), key=str.casefold)


def test_date_maj_is_the_confirmation_date(tmp_path: Path) -> None:
    project = catalogue_copy(tmp_path)
    set_dates(project / "actions" / "pas-hopital-dax.yml", dt.date(2026, 1, 5), dt.date(2026, 3, 2))
    catalog = load_catalog(project / "actions")
    structures, services = to_data_inclusion(catalog, "ctai-dax")
    service = next(s for s in services if s["id"] == "ctai-dax--pas-hopital-dax")
    assert service["date_maj"] == "2026-03-02"
    structure = next(s for s in structures if s["id"] == service["structure_id"])
    assert structure["date_maj"] == "2026-03-02"  # its only fiche
    # A fiche updated after its confirmation: data·inclusion gets the latest of both.
    set_dates(project / "actions" / "pas-hopital-dax.yml", dt.date(2026, 4, 1), dt.date(2026, 3, 2))
    catalog = load_catalog(project / "actions")
    _, services = to_data_inclusion(catalog, "ctai-dax")
    service = next(s for s in services if s["id"] == "ctai-dax--pas-hopital-dax")
    assert service["date_maj"] == "2026-04-01"
    # HSDS's `assured_date` is « the date the information was last checked »: the confirmation.
    hsds = next(s for s in to_hsds(catalog) if s["id"] == hsds_id("service", "pas-hopital-dax"))
    assert hsds["assured_date"] == "2026-03-02"


# --- The coordinator's follow-up page (French only) -------------------------------------------


def test_the_follow_up_page_shows_the_same_list(tmp_path: Path) -> None:
    site = load_site()
    page = render_followup_page(site.catalog, site.territory, dt.date(2027, 6, 1))
    assert "État au 1er juin 2027" in page
    assert "<p>14 fiches sans confirmation depuis 6 mois.</p>" in page
    assert "### Centre hospitalier de Dax" in page
    assert (
        "[Se soigner quand on vient d'arriver en France](../actions/pas-hopital-dax.md) "
        "(<code>pas-hopital-dax</code>) : jamais confirmée, mise à jour le 28 novembre 2026 ; "
        "à confirmer : l'action a toujours lieu ; lieu « Permanence d'accès aux soins, hôpital "
        "de Dax » ; conditions."
    ) in html.unescape(page)
    assert "28 mai 2027 (en retard)" in page
    fresh = render_followup_page(site.catalog, site.territory, dt.date(2026, 12, 1))
    assert "toutes les fiches ont" not in fresh.lower()  # the fixture's were never confirmed
    assert (
        "<p>Aucune fiche à confirmer maintenant : 14 fiches jamais confirmées, mises à jour "
        "depuis moins de 6 mois (à faire confirmer avant la date prévue).</p>"
    ) in fresh
    assert "(en retard)" not in fresh
    assert "<td>28 mai 2027</td>" in fresh


def test_the_follow_up_page_is_french_only(built_site: Path) -> None:
    files = build.render_site(load_site())
    assert "suivi/index.md" in files
    assert not [f for f in files if f.startswith("suivi/") and f != "suivi/index.md"]
    assert build.french_only("suivi/index.html")
    page = (built_site / "suivi" / "index.html").read_text(encoding="utf-8")
    assert "Suivi des fiches" in page
    assert not (built_site / "en" / "suivi").exists()
    contract = (built_site / "contrat" / "index.html").read_text(encoding="utf-8")
    assert "suivi/" not in contract  # a public page: the coordination page links it
    team = (built_site / "coordination" / "index.html").read_text(encoding="utf-8")
    assert 'href="../suivi/"' in team

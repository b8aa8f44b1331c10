"""A site written for an earlier format keeps its fiches: `ctai-site migrate` rewrites them in
the current format, meaning and comments kept, one French line per change; `--check` only says
what would change; `validate` on an old fiche says to migrate and reports every other problem
at once. Every change of the format ships its migration and a test here that migrates a fiche
of the previous version (`tests/data/format1/`: format 1, of 2026-11-28)."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import RunCli

from ctai_site.fiche import versions
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.territory import load_territory

FORMAT1 = Path(__file__).parent / "data" / "format1"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FORMAT1, tmp_path / "site"))


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_check_says_each_change_and_writes_nothing(site: Path, run_cli: RunCli) -> None:
    before = digests(site)
    result = run_cli("migrate", "--check", cwd=site)
    assert result.code == 1
    lines = result.out.splitlines()
    assert (
        "actions/cours-de-francais.yml:10: contract.targets[0] → contract.reports[0].targets[0]"
        in lines
    )
    assert (
        "actions/cours-de-francais.yml:18: contract.results[0] → contract.reports[0].results[0]"
        in lines
    )
    assert (
        "actions/accueil-sante.yml:16: contract.funding[1] → contract.reports[0].comment" in lines
    )
    assert "actions/pilotage.yml:1: (sans version) → format: 2" in lines
    assert lines[-1] == "3 fiche(s) à mettre au format 2 : lancez ctai-site migrate"
    assert digests(site) == before


def test_migrate_keeps_the_meaning_and_the_comments(site: Path, run_cli: RunCli) -> None:
    old = {p.name: p.read_text(encoding="utf-8") for p in (site / "actions").glob("*.yml")}
    assert run_cli("validate", "actions", cwd=site).code == 1  # the old keys refused
    result = run_cli("migrate", cwd=site)
    assert result.code == 0, result.err
    assert result.out.splitlines()[-1] == "3 fiche(s) mise(s) au format 2, 0 déjà à jour"
    for name, text in old.items():
        new = (site / "actions" / name).read_text(encoding="utf-8")
        comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
        assert [c for c in comments if c not in new] == [], name  # every comment kept
        assert new.count("format: 2") == 1
    catalog = load_catalog(site / "actions", territory=load_territory(site / "territory.yml"))
    course = catalog.by_id("cours-de-francais")
    assert course.contract is not None
    by_year = {r.year: r for r in course.contract.reports}
    assert sorted(by_year) == [2025, 2026]
    assert [t.text for t in by_year[2025].targets] == [
        "Personnes en cours de français",
        "Sessions de cours par semaine",  # without a year: for each year of the contract
    ]
    assert [t.text for t in by_year[2026].targets] == ["Sessions de cours par semaine"]
    result_2025 = by_year[2025].results[0]
    assert (result_2025.total, dict(result_2025.by_public)) == (28, {"BPI": 9})
    assert by_year[2025].funding.granted == Decimal(12000)  # was amount_eur
    health = catalog.by_id("accueil-sante")
    assert health.contract is not None
    report = health.contract.reports[0]
    assert report.funding.funder == "État (programme 104, CTAI)"
    assert report.comment == "Autre financement : Ville de Ville-Test (Le local est prêté)."
    assert run_cli("migrate", "--check", cwd=site).code == 0
    assert run_cli("validate", "actions", cwd=site).code == 0


def test_validate_says_to_migrate_and_every_other_problem(site: Path, run_cli: RunCli) -> None:
    fiche = site / "actions" / "accueil-sante.yml"
    fiche.write_text(
        fiche.read_text(encoding="utf-8").replace("kind: service", "kind: servise"), "utf-8"
    )
    result = run_cli("validate", "actions", cwd=site)
    lines = [x for x in result.err.splitlines() if x.startswith("actions/accueil-sante.yml")]
    assert any("contract.results: clé du format 1" in x and "ctai-site migrate" in x for x in lines)
    assert any(": kind: " in x for x in lines), lines  # the other problem, at once


def test_a_fiche_of_a_newer_format_says_to_update_ctai_site(site: Path, run_cli: RunCli) -> None:
    fiche = site / "actions" / "pilotage.yml"
    fiche.write_text("format: 3\n" + fiche.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_cli("validate", "actions/pilotage.yml", cwd=site)
    assert result.code == 1
    assert (
        "actions/pilotage.yml:1: format:" in result.err and "mettez ctai-site à jour" in result.err
    )


def test_a_broken_fiche_stops_the_migration_and_nothing_is_written(
    site: Path, run_cli: RunCli
) -> None:
    (site / "actions" / "casse.yml").write_text("kind: [service\n", encoding="utf-8")
    before = digests(site)
    result = run_cli("migrate", cwd=site)
    assert result.code == 1
    assert result.err.startswith("actions/casse.yml:")
    assert "Traceback" not in result.err
    assert digests(site) == before


def test_the_current_format_is_the_last_migration() -> None:
    assert sorted(versions.MIGRATIONS) == list(range(1, versions.CURRENT))

"""The yearly report (article 8's « fiche-bilan »): the workbook a prefecture opens, the French
page the steering committee prints, and the fiches refused before either is made.

`tests/data/bilan/dax/` is a frozen copy of the Dax fiches (contract and texts);
`annexe2.yml` lists every Annexe 2 figure with the action it belongs to;
`montants/` has amounts, an overspend, counts by public and texts that look like formulas.
"""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import RunCli
from openpyxl import load_workbook
from sites import CATALOGUE, load_site
from test_pages import text_of, to_html

from ctai_site.bilan.page import bilan_pages
from ctai_site.bilan.report import axis_names
from ctai_site.fiche import vocab
from ctai_site.fiche.loading import load_action, load_catalog
from ctai_site.fiche.model import Catalog
from ctai_site.site import build, pages

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "bilan"
DAX = CATALOGUE / "actions"  # the fixture catalogue: the Dax fiches, frozen
MONEY = DATA / "montants"
ANNEXE2: list[dict[str, Any]] = yaml.safe_load((DATA / "annexe2.yml").read_text("utf-8"))
HOSTILE = Path(__file__).parent / "data" / "hostile" / "fiche.yml"
NBSP, NNBSP = "\u00a0", "\u202f"

# Columns of an axis sheet (row 4 holds these headers).
ACTION, FICHE, RESULTS, EPA, BPI, BPT = "A", "B", "E", "F", "G", "H"
GRANTED, SPENT, REMAINDER, MISSING = "I", "J", "K", "M"
FIRST_ROW = 5


def bilan(run_cli: RunCli, year: str, out: Path, actions: Path, *extra: str) -> Any:
    territory = str(CATALOGUE / "territory.yml")
    result = run_cli(
        "bilan", year, str(out), "--actions", str(actions), "--territory", territory, *extra
    )
    assert result.code == 0, result.err
    return result


def axis_rows(path: Path) -> dict[str, dict[str, Any]]:
    """Fiche id -> {column letter: value} for every action row of every axis sheet."""
    book = load_workbook(path)
    rows = {}
    for sheet in book.worksheets:
        if not sheet.title.startswith("Axe "):
            continue
        assert sheet["A4"].value == "Action" and sheet["K4"].value == "Reliquat (€)"
        for row in sheet.iter_rows(min_row=FIRST_ROW):
            cells = {cell.column_letter: cell.value for cell in row}
            if cells["A"] != "Total":
                rows[cells[FICHE]] = cells
    return rows


def soffice_csv(workbook: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice Calc reads and computes it: sheet name -> CSV rows."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail("soffice is missing: run `bash tools/ensure-test-deps.sh` (or `make test`)")
    out.mkdir()
    # 44: comma, 34: quote, 76: UTF-8, 1: from line 1, ..., -1: every sheet (LibreOffice 7.2+)
    options = "44,34,76,1,,0,false,true,false,false,false,-1"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(out / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            f"csv:Text - txt - csv (StarCalc):{options}",
            "--outdir",
            str(out),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    sheets = {}
    for path in out.glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as file:
            sheets[path.stem.removeprefix(workbook.stem + "-")] = list(csv.reader(file))
    assert sheets, result.stdout + result.stderr
    return sheets


def figures_in(text: str) -> set[int]:
    return {int(n.replace(NNBSP, "")) for n in re.findall(rf"\d[\d{NNBSP}]*", text or "")}


@pytest.fixture(scope="module")
def dax() -> Catalog:
    return load_catalog(DAX)


@pytest.fixture(scope="module")
def names() -> dict[int, str]:
    return axis_names(load_site().territory)


# --- The workbook ---------------------------------------------------------------------------


def test_2023_workbook_shows_each_annexe2_figure_on_its_action_row(
    tmp_path: Path, run_cli: RunCli
) -> None:
    out = tmp_path / "bilan-2023.xlsx"
    result = bilan(run_cli, "2023", out, DAX)
    assert "bilan 2023, 9 actions" in result.out
    assert "à remettre au plus tard le 1er juin 2024" in result.out
    rows = axis_rows(out)
    for item in ANNEXE2:
        row = rows[item["action"]]
        assert item["figure"] in figures_in(row[RESULTS]), (item, row[RESULTS])
    # A split by public only where Annexe 2 gives one: « 20 personnes EPA ».
    by_public = {
        (fiche, public, row[column])
        for fiche, row in rows.items()
        for public, column in (("EPA", EPA), ("BPI", BPI), ("BPT", BPT))
        if row[column] is not None
    }
    assert by_public == {(i["action"], i["public"], i["figure"]) for i in ANNEXE2 if "public" in i}
    # Annexe 2 gives no amount: nothing is invented, everything is to be completed.
    for fiche, row in rows.items():
        assert (row[GRANTED], row[SPENT], row[REMAINDER]) == (None, None, None), fiche
        assert "montant accordé" in row[MISSING] and "montant dépensé" in row[MISSING], fiche
    # The detail sheet: each figure a number, on its action's line.
    results = load_workbook(out)["Résultats"]
    assert [c.value for c in results[4]][2:6] == [
        "Fiche",
        "Structure porteuse",
        "Indicateur",
        "Total",
    ]
    found = {(r[2].value, r[5].value) for r in results.iter_rows(min_row=FIRST_ROW)}
    assert {(i["action"], i["figure"]) for i in ANNEXE2} <= found


def test_2023_workbook_reads_the_same_in_libreoffice(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "bilan-2023.xlsx"
    bilan(run_cli, "2023", out, DAX)
    sheets = soffice_csv(out, tmp_path / "csv")
    assert list(sheets) != [] and "Synthèse" in sheets and "Axe 4" in sheets
    results = {(row[2], row[5]) for row in sheets["Résultats"][FIRST_ROW - 1 :]}
    for item in ANNEXE2:
        assert (item["action"], str(item["figure"])) in results, item
    # Totals are formulas: LibreOffice computes them (EPA: 20, from the Maison des Citoyens).
    axis4 = {row[0]: row for row in sheets["Axe 4"][FIRST_ROW - 1 :]}
    assert axis4["Total"][5] == "20"
    summary = {row[1]: row for row in sheets["Synthèse"][FIRST_ROW - 1 :]}
    assert summary["Accéder aux soins"][2:9] == ["1", "", "", "", "", "", ""]
    assert summary["Total"][2:4] == ["9", "20"]
    assert summary["Total"][9] == "37"  # informations à compléter, summed by LibreOffice


def test_libreoffice_computes_the_reliquat_and_keeps_texts_as_texts(
    tmp_path: Path, run_cli: RunCli
) -> None:
    out = tmp_path / "bilan-2024.xlsx"
    bilan(run_cli, "2024", out, MONEY)
    sheets = soffice_csv(out, tmp_path / "csv")
    header = sheets["Axe 6"][3]
    rows = {row[1]: dict(zip(header, row, strict=True)) for row in sheets["Axe 6"][4:]}
    assert rows["atelier-emploi"]["Reliquat (€)"] == "750"
    assert rows["code-de-la-route"]["Reliquat (€)"] == "-200.25"
    total = next(row for row in rows.values() if row["Action"] == "Total")
    assert [total[k] for k in ("EPA", "BPI", "BPT")] == ["42", "8", "3"]
    assert total["Montant accordé (€)"] == "13000.5"
    assert total["Montant dépensé (€)"] == "12450.75"
    assert total["Reliquat (€)"] == "549.75"
    # Cells that start with = + - @ come out as written, not computed.
    assert rows["code-de-la-route"]["Objectifs"] == "=SUM(A1:A9) : un objectif, pas une formule"
    assert rows["atelier-emploi"]["Structure porteuse"] == "+Association Exemple"
    assert rows["atelier-emploi"]["Commentaire"] == "-1+2 : ce commentaire n'est pas un calcul."
    notes = [row[10] for row in sheets["Résultats"][4:]]
    assert "@SUM(1+1)" in notes


def test_only_the_reports_own_formulas_are_formulas(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "bilan-2024.xlsx"
    bilan(run_cli, "2024", out, MONEY)
    ours = re.compile(
        r"^=(IF\(COUNT\([A-Z]\d+:[A-Z]\d+\)=0,\"\",SUM\(|'Axe \d+'![A-Z]\d+$|I\d+-J\d+$)"
    )
    formulas, texts = [], []
    for sheet in load_workbook(out).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(cell.value)
                elif isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    texts.append(cell.value)
                    assert cell.quotePrefix, cell.coordinate
    assert formulas and all(ours.match(f) for f in formulas), formulas
    assert "=SUM(A1:A9) : un objectif, pas une formule" in texts
    assert "-1+2 : ce commentaire n'est pas un calcul." in texts


def test_same_fiches_give_the_same_bytes(tmp_path: Path, run_cli: RunCli) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    bilan(run_cli, "2023", first, DAX)
    bilan(run_cli, "2023", second, DAX)
    assert first.read_bytes() == second.read_bytes()


def test_a_year_without_data_lists_what_is_missing(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "bilan-2025.xlsx"
    result = bilan(run_cli, "2025", out, DAX)
    assert "bilan 2025, 13 actions" in result.out
    assert "à remettre au plus tard le 1er juin 2026" in result.out
    assert "  Centre hospitalier de Dax :\n    - pas-hopital-dax : objectifs de l'année" in (
        result.out
    )
    rows = axis_rows(out)
    assert len(rows) == 13
    assert rows["sos-solidarite-fle"][MISSING] == "\n".join(
        f"• {item}"
        for item in (
            "objectifs de l'année",
            "résultats atteints",
            "montant accordé",
            "montant dépensé",
            "bilan qualitatif (commentaire)",
        )
    )
    todo = load_workbook(out)["À compléter"]
    assert todo["A4"].value == "Structure porteuse"
    assert todo.max_row == 4 + sum(len(r[MISSING].split("\n")) for r in rows.values())


def test_a_year_outside_the_contract_is_an_empty_report(tmp_path: Path, run_cli: RunCli) -> None:
    out = tmp_path / "bilan-2031.xlsx"
    result = bilan(run_cli, "2031", out, DAX)
    assert "bilan 2031, 0 action, 0 information à compléter" in result.out
    book = load_workbook(out)
    assert book.sheetnames == ["Synthèse", "Résultats", "À compléter"]
    assert book["Synthèse"]["B5"].value == "Aucune action du contrat pour 2031 : rien à déclarer."


def test_the_report_refuses_a_negative_amount_and_a_public_over_the_total(
    tmp_path: Path, run_cli: RunCli, minimal_service: str
) -> None:
    fiche = minimal_service.replace(
        "  years: [2024]\n",
        "  years: [2024]\n"
        "  reports:\n"
        "    - year: 2024\n"
        "      results:\n"
        "        - {indicator: Personnes accompagnées, total: 20, by_public: {EPA: 20, BPI: 25}}\n"
        "      funding:\n"
        "        granted: -1500\n",
    )
    (tmp_path / "actions").mkdir()
    (tmp_path / "actions" / "atelier.yml").write_text(fiche, encoding="utf-8")
    result = run_cli("bilan", "2024", "out.xlsx", cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines() == [
        "actions/atelier.yml:11: contract.reports[1].results[1].by_public.BPI: « 25 » BPI "
        "dépasse le total (20) : corrigez l'un des deux (chaque public est une partie du total, "
        "et les BPI et les BPT sont aussi comptés parmi les EPA)",
        "actions/atelier.yml:13: contract.reports[1].funding.granted: « -1500 » est négatif : "
        "écrivez un montant en euros, 0 ou plus (le reliquat est calculé)",
        "2 erreurs dans 1 fiche",
    ]
    assert not (tmp_path / "out.xlsx").exists()


def test_parts_that_overlap_are_not_summed(tmp_path: Path, minimal_service: str) -> None:
    """EPA includes BPI and BPT (« EPA – dont les BPI et les BPT »): 20 EPA of whom 8 BPI and
    5 BPT is a valid total of 20."""
    fiche = minimal_service.replace(
        "  years: [2024]\n",
        "  years: [2024]\n  reports:\n    - year: 2024\n      results:\n"
        "        - {indicator: Personnes, total: 20, by_public: {EPA: 20, BPI: 8, BPT: 5}}\n",
    )
    (tmp_path / "atelier.yml").write_text(fiche, encoding="utf-8")
    action, problems = load_action(tmp_path / "atelier.yml")
    assert problems == [] and action is not None
    assert action.contract is not None
    assert action.contract.reports[0].results[0].by_public == (("EPA", 20), ("BPI", 8), ("BPT", 5))


def test_a_year_that_is_not_one_is_refused_in_french(
    capsys: pytest.CaptureFixture[str], run_cli: RunCli
) -> None:
    with pytest.raises(SystemExit):
        run_cli("bilan", "deux-mille", "out.xlsx")
    assert "« deux-mille » n'est pas une année (2000 à 2100)" in capsys.readouterr().err


# --- The page -------------------------------------------------------------------------------


def test_a_page_per_reported_year_and_per_contract_year(
    dax: Catalog, names: dict[int, str]
) -> None:
    files = bilan_pages(dax, names)
    assert sorted(files) == [f"bilan/{y}.md" for y in (2023, 2024, 2025, 2026)] + ["bilan/index.md"]
    index = flat(to_html(files["bilan/index.md"]))
    assert "Bilan 2023 1er juin 2024 9 37 Bilan 2024 1er juin 2025 14" in index
    assert 'href="2026.md"' in to_html(files["bilan/index.md"])


def flat(fragment: str) -> str:
    """The text a reader sees, on one line; no-break spaces kept (they are part of amounts)."""
    return re.sub(r"[ \t\n]+", " ", text_of(fragment)).strip()


def action_section(page: str, title: str) -> str:
    """The text of the page under the action's heading, up to the next heading."""
    parts = re.split(r"(?=<h[23]\b)", page)
    return flat(next(p for p in parts if p.startswith("<h3") and title in html.unescape(p)))


def test_2023_page_shows_the_figures_what_is_missing_and_the_deadline(
    dax: Catalog, names: dict[int, str]
) -> None:
    page = to_html(bilan_pages(dax, names)["bilan/2023.md"])
    text = flat(page)
    assert "Bilan 2023 du contrat territorial d'accueil et d'intégration" in text
    assert "au plus tard le 1er juin 2024" in text
    assert "9 actions ; 37 informations à compléter auprès de 6 structures porteuses." in text
    for item in ANNEXE2:
        title = dax.by_id(item["action"]).content.title
        assert item["figure"] in figures_in(action_section(page, title)), item
    pas = action_section(page, "Se soigner quand on vient d'arriver en France")
    assert "Bénéficiaires par public Total seulement : répartition EPA, BPI, BPT à compléter" in pas
    assert "Montant accordé à compléter Montant dépensé à compléter" in pas
    assert "Reliquat calculé quand les deux montants sont connus" in pas
    citizens = action_section(page, "Se faire aider pour ses papiers et ses démarches en ligne")
    assert "Bénéficiaires par public EPA 20" in citizens
    assert "Bénéficiaires par public Sans objet" in action_section(page, "Piloter le contrat")
    todo = text[text.index("Ce qui manque encore, par structure porteuse") :]
    assert "À demander aux structures avant le 1er juin 2024." in todo
    assert (
        "Centre hospitalier de Dax Se soigner quand on vient d'arriver en France : objectifs de "
        "l'année, bénéficiaires par public (EPA, BPI, BPT), montant accordé, montant dépensé"
    ) in todo
    assert 'href="../actions/pas-hopital-dax.md"' in page


def test_amounts_in_french_and_the_reliquat_computed(names: dict[int, str]) -> None:
    page = bilan_pages(load_catalog(MONEY), names)["bilan/2024.md"]
    text = flat(to_html(page))
    assert f"Montant accordé 12{NNBSP}000,50{NBSP}€" in text
    assert f"Montant dépensé 11{NNBSP}250,50{NBSP}€" in text
    assert f"Reliquat 750,00{NBSP}€" in text
    assert f"Reliquat -200,25{NBSP}€ (dépassement)" in text
    assert f"Total 2 42 8 3 13{NNBSP}000,50{NBSP}€ 12{NNBSP}450,75{NBSP}€ 549,75{NBSP}€ 0" in text
    assert "Bénéficiaires par public EPA 30 · BPI 8" in text


def test_an_empty_year_page_says_so(names: dict[int, str]) -> None:
    catalog = load_catalog(MONEY)
    from ctai_site.bilan.page import render_year_page
    from ctai_site.bilan.report import year_report

    text = text_of(to_html(render_year_page(year_report(catalog, 2031, names))))
    assert "Aucune action du contrat pour 2031 : rien à déclarer." in text


def test_bilan_pages_reach_the_site_in_french_only(dax: Catalog) -> None:
    fixture = load_site()
    site = pages.Site(dax, fixture.translations, fixture.territory)
    files = build.render_site(site)
    reports = sorted(rel for rel in files if rel.startswith("bilan/"))
    assert reports == sorted(bilan_pages(dax, axis_names(site.territory)))
    assert "bilan/" in build.SOURCE_ONLY
    assert "../bilan/index.md" in files["coordination/index.md"]  # the team's page links them
    for lang in vocab.LANGUAGE_CODES:
        page = files[pages.localized_path("contrat.md", lang)]
        assert isinstance(page, str) and "bilan/" not in to_html(page), lang


def test_hostile_fiche_renders_inert_in_the_report(names: dict[int, str]) -> None:
    action, problems = load_action(HOSTILE)
    assert not problems and action is not None
    for path, text in bilan_pages(Catalog((action,)), names).items():
        page = to_html(text)
        assert "<script" not in page, path
        tags = set(re.findall(r"<([a-z][a-z0-9]*)\b", page))
        assert not tags & {"iframe", "img", "style", "object", "embed", "svg", "b"}, path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), path
        assert "ctai:funding.note49" not in page, path  # Jinja in a fiche stays text
    text = text_of(to_html(bilan_pages(Catalog((action,)), names)["bilan/2023.md"]))
    assert "<script>alert('ctai:reports.comment')</script> **gras**" in text
    assert "{% if true %}jinja{% endif %}" in text
    assert "=HYPERLINK(" in text


# --- The built site ---------------------------------------------------------------------------


def test_built_site_has_the_reports_in_french_only(built_site: Path) -> None:
    page = (built_site / "bilan" / "2023" / "index.html").read_text(encoding="utf-8")
    assert '<html dir="ltr" lang="fr"' in page
    assert "Bilan 2023 du contrat territorial" in html.unescape(page)
    assert (built_site / "bilan" / "index.html").is_file()
    for lang in vocab.LANGUAGE_CODES[1:]:
        assert (built_site / lang / "index.html").is_file(), lang
        assert not (built_site / lang / "bilan").exists(), lang
        index = (built_site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
        assert "bilan/" not in index, lang
    assert not (built_site / "sitemap.xml").exists()  # no site_url (test_claims: with one)
    switcher = re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"', page)
    assert ("/en/", "en") in switcher  # no /en/bilan/2023/: the English home instead
    css = (built_site / "assets" / "ctai" / "ctai.css").read_text(encoding="utf-8")
    print_css = css[css.index("@media print") :]
    assert "table.ctai-bilan--action" in print_css and "break-inside: avoid" in print_css

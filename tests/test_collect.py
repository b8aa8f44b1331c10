"""The spreadsheet round trip: `collect export` writes a workbook a person fills in (in
LibreOffice or Excel), `collect import` writes the answers into the fiches with their comments
kept, checked by the normal loader, each problem at its cell, nothing written while one
remains. Hostile workbooks (formulas, 50 Mo, zip bombs, renamed sheets) are one French line.

Runs on a copy of the fixture catalogue (tests/data/catalogue/), never on actions/.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOGUE, RunCli
from openpyxl import load_workbook
from test_bilan import soffice_csv

from ctai_site import xlsx
from ctai_site.collect.workbook import FIRST_ROW, HEADER_ROW, LISTS, sheet_title
from ctai_site.fiche.loading import load_action

PAS = "pas-hopital-dax"
PHONE_ROW_LABEL = "Lieu 1 « Permanence d'accès aux soins, hôpital de Dax » : téléphone"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture catalogue: its fiches and its territory."""
    dest = tmp_path / "project"
    shutil.copytree(CATALOGUE / "actions", dest / "actions")
    shutil.copy(CATALOGUE / "territory.yml", dest / "territory.yml")
    return dest


def fingerprints(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.yml"))
    }


def export(run_cli: RunCli, project: Path, name: str = "collecte.xlsx", *extra: str) -> Path:
    result = run_cli("collect", "export", name, *extra, cwd=project)
    assert (result.code, result.err) == (0, ""), result.err
    return project / name


def rows_by_key(sheet: Any) -> dict[str, int]:
    return {
        sheet.cell(r, 6).value: r
        for r in range(FIRST_ROW, sheet.max_row + 1)
        if sheet.cell(r, 6).value
    }


def fill(path: Path, answers: dict[str, dict[str, Any]], out: Path | None = None) -> Path:
    """Write answers in column C (as a person types them: text stays text), by sheet and row
    key; save as `out` (default: the same file)."""
    book = load_workbook(path)
    for title, values in answers.items():
        sheet = book[title]
        rows = rows_by_key(sheet)
        for key, value in values.items():
            cell = sheet.cell(rows[key], 3)
            if isinstance(value, str):
                xlsx.set_text(cell, value)
            else:
                cell.value = value
    target = out or path
    book.save(target)
    return target


def import_(run_cli: RunCli, project: Path, workbook: Path) -> Any:
    return run_cli("collect", "import", workbook.name, cwd=project)


# --- Export -------------------------------------------------------------------------------


def test_export_has_a_sheet_per_fiche_missing_facts_first_and_drop_downs(
    project: Path, run_cli: RunCli
) -> None:
    result = run_cli("collect", "export", "collecte.xlsx", cwd=project)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "collecte.xlsx écrit : 14 fiches, une feuille chacune, 170 informations à compléter.",
        "Une fois rempli (colonne C) : ctai-site collect import collecte.xlsx",
    ]
    book = load_workbook(project / "collecte.xlsx")
    assert book.sheetnames[0] == "Mode d'emploi"
    assert book.sheetnames[-1] == LISTS and book[LISTS].sheet_state == "hidden"
    assert PAS in book.sheetnames and len(book.sheetnames) == 16
    sheet = book[PAS]
    assert [c.value for c in sheet[HEADER_ROW]] == [
        "Information",
        "Valeur actuelle",
        "Nouvelle valeur",
        "Aide",
        "Remarque (non importée)",
        "Champ de la fiche",
    ]
    assert (sheet["A2"].value, sheet["B2"].value) == (
        "Structure porteuse",
        "Centre hospitalier de Dax",
    )
    assert (sheet["A3"].value, sheet["B3"].value) == ("Fiche", PAS)
    labels = [sheet.cell(r, 1).value for r in range(FIRST_ROW, sheet.max_row + 1)]
    todo, check = (
        labels.index("À compléter : ce que la fiche ne dit pas encore"),
        next(i for i, label in enumerate(labels) if str(label).startswith("À vérifier")),
    )
    assert labels[0] == "Confirmation" and todo < check
    missing = labels[todo + 1 : check]
    assert PHONE_ROW_LABEL in missing and "SIRET de la structure" in missing
    assert "Prix : forme" in missing and "Jours de présence : Lundi" in missing
    assert "Site de la structure" in missing  # Réfugiés.info needs it to create the structure
    # What the fiche already says, with its value, after what is missing.
    rows = rows_by_key(sheet)
    assert sheet.cell(rows["places[1].city"], 2).value == "Dax"
    assert rows["places[1].city"] > rows["places[1].phone"]
    assert sheet.cell(rows["audience.french_level=not_relevant"], 2).value == "oui"
    # Drop-downs: oui / non for a choice of a list, the hidden sheet for the others.
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert '"oui,non"' in formulas
    assert any(f.startswith(f"{LISTS}!$") for f in formulas)
    covered = {str(r) for dv in sheet.data_validations.dataValidation for r in dv.sqref.ranges}
    assert f"C{rows['practicalities.days=monday']}" in covered
    assert f"C{rows['practicalities.price']}" in covered
    # Only the answers (and the notes) can be typed in.
    assert sheet.protection.sheet
    assert not sheet.cell(rows["places[1].phone"], 3).protection.locked
    assert sheet.cell(rows["places[1].phone"], 2).protection.locked
    assert sheet.cell(rows["places[1].phone"], 3).number_format == "@"


def test_the_workbook_opens_in_libreoffice(project: Path, run_cli: RunCli, tmp_path: Path) -> None:
    workbook = export(run_cli, project)
    sheets = soffice_csv(workbook, tmp_path / "csv")
    assert "Mode d'emploi" in sheets and PAS in sheets
    rows = {row[5]: row for row in sheets[PAS] if len(row) == 6}
    assert rows["places[1].city"][:2] == [
        "Lieu 1 « Permanence d'accès aux soins, hôpital de Dax » : commune",
        "Dax",
    ]
    assert rows["places[1].phone"][1:3] == ["", ""]
    index = {row[0]: row for row in sheets["Mode d'emploi"]}
    assert index[PAS][1:4] == [
        "Se soigner quand on vient d'arriver en France",
        "Centre hospitalier de Dax",
        "13",
    ]


def test_same_fiches_same_bytes(project: Path, run_cli: RunCli) -> None:
    first = export(run_cli, project, "a.xlsx").read_bytes()
    assert export(run_cli, project, "b.xlsx").read_bytes() == first


def test_export_one_carrier(project: Path, run_cli: RunCli) -> None:
    workbook = export(
        run_cli, project, "ccas.xlsx", "--carrier", "maison de l'enfance, ccas de dax"
    )
    sheets = load_workbook(workbook).sheetnames
    assert sorted(sheets[1:-1]) == [
        "maison-enfance-club-emploi",
        "maison-enfance-garde",
        "maison-enfance-laep",
    ]
    result = run_cli("collect", "export", "x.xlsx", "--carrier", "Inconnue", cwd=project)
    assert result.code == 1
    assert result.err.startswith("aucune fiche de la structure « Inconnue » : écrivez son nom")
    assert not (project / "x.xlsx").exists()


def test_a_long_id_gets_a_short_stable_sheet_name() -> None:
    long_id = "maison-des-citoyens-accueil-des-familles-du-quartier"
    assert len(sheet_title(long_id)) == 31
    assert sheet_title(long_id) == sheet_title(long_id) != sheet_title(long_id + "-2")
    assert sheet_title(PAS) == PAS
    assert sheet_title("listes").startswith("listes-")  # not the drop-downs' sheet


# --- Import -------------------------------------------------------------------------------


def test_a_phone_and_an_address_go_into_the_fiche_with_its_comments(
    project: Path, run_cli: RunCli
) -> None:
    fiche = project / "actions" / f"{PAS}.yml"
    # A comment at the end of a line of the place too, where the new keys go.
    before = fiche.read_text(encoding="utf-8").replace(
        '    insee: "40088"\n', '    insee: "40088"  # code INSEE de Dax\n'
    )
    fiche.write_text(before, encoding="utf-8")
    workbook = fill(
        export(run_cli, project),
        {
            PAS: {
                "places[1].phone": "0558123456",
                "places[1].address": "12 rue de l'Exemple",
                "places[1].postcode": "40100",
            }
        },
    )
    others = {k: v for k, v in fingerprints(project / "actions").items() if k != fiche.name}

    result = import_(run_cli, project, workbook)

    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1] == "1 fiche mise à jour."
    after = fiche.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if "#" in line]
    assert len(comments) == 5 and all(c in after.splitlines() for c in comments)
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert sorted(added) == sorted(
        [
            f"updated: {__import__('datetime').date.today().isoformat()}",
            "    address: 12 rue de l'Exemple",
            '    postcode: "40100"',
            "    phone: 05 58 12 34 56",
        ]
    )
    # Nothing else moved: the old text, minus its `updated` line, in the same order.
    kept = [line for line in after.splitlines() if line not in added]
    assert kept == [line for line in before.splitlines() if not line.startswith("updated:")]
    action, problems = load_action(fiche)
    assert problems == [] and action is not None
    assert action.places[0].phone == "+33558123456"
    assert action.places[0].address == "12 rue de l'Exemple"
    assert {k: v for k, v in fingerprints(project / "actions").items() if k != fiche.name} == others


def test_a_bad_phone_is_refused_at_its_cell_and_nothing_is_written(
    project: Path, run_cli: RunCli
) -> None:
    workbook = export(run_cli, project)
    rows = rows_by_key(load_workbook(workbook)[PAS])
    fill(workbook, {PAS: {"places[1].phone": "05 58 12", "places[1].address": "1 rue X"}})
    before = fingerprints(project / "actions")

    result = import_(run_cli, project, workbook)

    assert result.code == 1 and result.out == ""
    assert result.err.splitlines() == [
        f"collecte.xlsx:{PAS}!C{rows['places[1].phone']}: {PHONE_ROW_LABEL} : « 05 58 12 » a 6 "
        "chiffres : un numéro français en a 10, en commençant par 0 (par exemple 05 58 12 34 56 "
        "ou +33 5 58 12 34 56) ; rien n'a été modifié"
    ]
    assert fingerprints(project / "actions") == before


def test_every_problem_at_once_each_at_its_cell(project: Path, run_cli: RunCli) -> None:
    workbook = export(run_cli, project)
    book = load_workbook(workbook)
    pas, sos = rows_by_key(book[PAS]), rows_by_key(book["sos-solidarite-fle"])
    fill(
        workbook,
        {
            PAS: {
                "places[1].opening_hours": "lundi matin",
                "practicalities.price": "Montant fixe",
                "practicalities.price.amount": "12,55",
                "practicalities.price.per": "Par mois",
                "practicalities.days=monday": "peut-être",
                "confirmed": "31/02/2026",
            },
            # A new place needs a name and a town.
            "sos-solidarite-fle": {"places[1].address": "3 rue de l'Exemple"},
        },
    )
    before = fingerprints(project / "actions")
    result = import_(run_cli, project, workbook)
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[-1] == "6 erreurs dans collecte.xlsx : rien n'a été modifié"
    cells = [re.match(r"collecte\.xlsx:([\w-]+!C\d+): ", line) for line in lines[:-1]]
    where = {cell.group(1) for cell in cells if cell}
    assert len(where) == len(cells)
    assert where == {
        f"{PAS}!C{pas['confirmed']}",
        f"{PAS}!C{pas['places[1].opening_hours']}",
        f"{PAS}!C{pas['practicalities.price.amount']}",
        f"{PAS}!C{pas['practicalities.days=monday']}",
        f"sos-solidarite-fle!C{sos['places[1].name']}",
        f"sos-solidarite-fle!C{sos['places[1].city']}",
    }
    text = "\n".join(lines)
    assert "« 31/02/2026 » n'est pas une date : écrivez JJ/MM/AAAA" in text
    assert "horaires illisibles" in text
    assert "Réfugiés.info prend un prix avec un chiffre après la virgule au plus" in text
    assert "« peut-être » : écrivez oui ou non" in text
    assert "Nouveau lieu : nom du lieu : champ obligatoire manquant" in text
    assert fingerprints(project / "actions") == before


def test_choices_prices_and_a_new_place(project: Path, run_cli: RunCli) -> None:
    workbook = fill(
        export(run_cli, project),
        {
            PAS: {
                "practicalities.price": "Gratuit",
                "practicalities.days=monday": "oui",
                "practicalities.days=thursday": "oui",
                "practicalities.commitment=not_relevant": "oui",
                "practicalities.conditions=not_relevant": "non",
                "practicalities.conditions=residence_permit": "oui",
                "practicalities.languages": "Français, anglais, ar",
                "practicalities.access.modes=telephoner": "oui",
                "confirmed": "30/11/2026",
            },
            "sos-solidarite-fle": {
                "places[1].name": "Groupe SOS Solidarités",
                "places[1].city": "Dax",
                "places[1].practical": "@accueil : sonnez =2",
                "practicalities.price": "Fourchette (de … à …)",
                "practicalities.price.amount": 5,
                "practicalities.price.max": "20",
                "practicalities.price.per": "Par mois",
                "practicalities.commitment.amount": "3",
                "practicalities.commitment.unit": "Mois",
            },
        },
    )
    result = import_(run_cli, project, workbook)
    assert (result.code, result.err) == (0, ""), result.err
    pas = (project / "actions" / f"{PAS}.yml").read_text(encoding="utf-8")
    for line in (
        "confirmed: 2026-11-30",
        "  price: {free: true}",
        "  commitment: not_relevant",
        "  days: [monday, thursday]",
        "  conditions: [residence_permit]",
        "    modes: [se-presenter, telephoner]",
        "  languages: [fr, en, ar]",
    ):
        assert line in pas.splitlines(), line
    sos = (project / "actions" / "sos-solidarite-fle.yml").read_text(encoding="utf-8")
    assert sos.endswith(
        "places:\n"
        "  - name: Groupe SOS Solidarités\n"
        "    city: Dax\n"
        "    practical: '@accueil : sonnez =2'\n"
    )
    assert "  price: {min: 5, max: 20, per: month}" in sos.splitlines()
    assert "  commitment: {amount: 3, unit: months}" in sos.splitlines()
    action, problems = load_action(project / "actions" / "sos-solidarite-fle.yml")
    assert problems == [] and action is not None
    assert action.places[0].practical == "@accueil : sonnez =2"


def test_erase_removes_a_fact(project: Path, run_cli: RunCli) -> None:
    workbook = fill(
        export(run_cli, project),
        {PAS: {"practicalities.access.modes=se-presenter": "non", "places[1].city": "effacer"}},
    )
    result = import_(run_cli, project, workbook)
    # A place needs its town: refused at the cell that erased it.
    assert result.code == 1
    assert (
        "Lieu 1 « Permanence d'accès aux soins, hôpital de Dax » : commune : champ " in result.err
    )
    fill(workbook, {PAS: {"places[1].city": None}})
    result = import_(run_cli, project, workbook)
    assert (result.code, result.err) == (0, "")
    text = (project / "actions" / f"{PAS}.yml").read_text(encoding="utf-8")
    assert "modes:" not in text and "    by: [usagers, professionnels]" in text.splitlines()


def test_an_empty_workbook_changes_nothing(project: Path, run_cli: RunCli) -> None:
    workbook = export(run_cli, project)
    before = fingerprints(project / "actions")
    result = import_(run_cli, project, workbook)
    assert (result.code, result.out) == (
        0,
        "Aucune réponse dans collecte.xlsx : rien n'a été modifié.\n",
    )
    assert fingerprints(project / "actions") == before


def test_a_fiche_changed_since_the_export_is_not_overwritten(
    project: Path, run_cli: RunCli
) -> None:
    workbook = fill(export(run_cli, project), {PAS: {"places[1].city": "Saint-Paul-lès-Dax"}})
    fiche = project / "actions" / f"{PAS}.yml"
    fiche.write_text(
        fiche.read_text("utf-8").replace("    city: Dax", "    city: Narrosse"), "utf-8"
    )
    before = fingerprints(project / "actions")
    result = import_(run_cli, project, workbook)
    assert result.code == 1
    assert "la fiche a changé depuis l'export (elle dit maintenant « Narrosse »)" in result.err
    assert fingerprints(project / "actions") == before


def test_a_workbook_saved_by_libreoffice_imports_the_same(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    filled = fill(
        export(run_cli, project),
        {PAS: {"places[1].phone": "05 58 12 34 56", "practicalities.days=monday": "oui"}},
    )
    resaved = tmp_path / "libreoffice"
    resaved.mkdir()
    soffice = shutil.which("soffice")
    assert soffice, "soffice is missing: run `bash tools/ensure-test-deps.sh` (or `make test`)"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(resaved),
            str(filled),
        ],
        capture_output=True,
        check=True,
    )
    shutil.copy(resaved / filled.name, project / "relu.xlsx")
    result = run_cli("collect", "import", "relu.xlsx", cwd=project)
    assert (result.code, result.err) == (0, ""), result.err
    text = (project / "actions" / f"{PAS}.yml").read_text(encoding="utf-8")
    assert "    phone: 05 58 12 34 56" in text.splitlines()
    assert "  days: [monday]" in text.splitlines()


# --- Hostile workbooks: one French line, exit 1, nothing written ---------------------------


def refused(run_cli: RunCli, project: Path, name: str) -> str:
    before = fingerprints(project / "actions")
    result = run_cli("collect", "import", name, cwd=project)
    assert result.code == 1 and result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].endswith("; rien n'a été modifié")
    assert fingerprints(project / "actions") == before
    return lines[0]


def test_a_formula_is_refused(project: Path, run_cli: RunCli) -> None:
    workbook = export(run_cli, project)
    book = load_workbook(workbook)
    row = rows_by_key(book[PAS])["places[1].phone"]
    book[PAS].cell(row, 3).value = '=HYPERLINK("http://exemple.test","0558123456")'
    book.save(workbook)
    line = refused(run_cli, project, "collecte.xlsx")
    assert line.startswith(f"collecte.xlsx:{PAS}!C{row}: formule refusée (=HYPERLINK(")
    assert "écrivez la valeur elle-même, sans « = » au début" in line


def test_a_50_megabyte_workbook_is_refused_before_it_is_opened(
    project: Path, run_cli: RunCli
) -> None:
    with (project / "gros.xlsx").open("wb") as file:
        file.truncate(50_000_000)
    line = refused(run_cli, project, "gros.xlsx")
    assert line.startswith("gros.xlsx: classeur trop gros (50,0 Mo ; 10 Mo au plus)")


def test_a_zip_bomb_is_refused_before_it_is_unpacked(project: Path, run_cli: RunCli) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 60_000_000)
    (project / "bombe.xlsx").write_bytes(out.getvalue())
    assert (project / "bombe.xlsx").stat().st_size < 1_000_000
    line = refused(run_cli, project, "bombe.xlsx")
    assert line.startswith("bombe.xlsx: classeur refusé : décompressé, il ferait 60,0 Mo")


def test_a_file_that_is_not_a_workbook_is_refused(project: Path, run_cli: RunCli) -> None:
    (project / "notes.xlsx").write_text("nom;téléphone\nPAS;05 58 12 34 56\n", encoding="utf-8")
    line = refused(run_cli, project, "notes.xlsx")
    assert line.startswith("notes.xlsx: ce n'est pas un classeur .xlsx")
    assert refused(run_cli, project, "absent.xlsx") == (
        "absent.xlsx: fichier introuvable ; rien n'a été modifié"
    )


def test_a_renamed_sheet_is_refused(project: Path, run_cli: RunCli) -> None:
    workbook = fill(export(run_cli, project), {PAS: {"places[1].phone": "0558123456"}})
    book = load_workbook(workbook)
    book[PAS].title = "Hôpital"
    book.save(workbook)
    assert refused(run_cli, project, "collecte.xlsx") == (
        "collecte.xlsx:Hôpital: feuille renommée : elle s'appelle « pas-hopital-dax » (la fiche "
        "« pas-hopital-dax ») ; rendez-lui son nom ; rien n'a été modifié"
    )


def test_an_unknown_sheet_is_refused(project: Path, run_cli: RunCli) -> None:
    workbook = export(run_cli, project)
    book = load_workbook(workbook)
    book.create_sheet("Feuil1")["A1"] = "mes notes"
    book.save(workbook)
    line = refused(run_cli, project, "collecte.xlsx")
    assert line.startswith("collecte.xlsx:Feuil1: feuille inconnue : ")


def test_a_fiche_deleted_since_the_export_is_refused(project: Path, run_cli: RunCli) -> None:
    workbook = fill(export(run_cli, project), {PAS: {"places[1].phone": "0558123456"}})
    (project / "actions" / f"{PAS}.yml").unlink()
    assert refused(run_cli, project, workbook.name) == (
        f"collecte.xlsx:{PAS}: la fiche « {PAS} » n'existe plus (supprimée ou renommée depuis "
        "l'export) : retirez cette feuille ou exportez un nouveau classeur ; rien n'a été modifié"
    )


def test_a_new_address_drops_the_coordinates_geocode_wrote(project: Path, run_cli: RunCli) -> None:
    fiche = project / "actions" / f"{PAS}.yml"
    text = fiche.read_text(encoding="utf-8").replace(
        "    coordinates: {lat: 43.7102, lng: -1.0536, precision: approximate}\n",
        "    address: 1 rue de l'Ancienne Adresse\n"
        "    coordinates: {lat: 43.7, lng: -1.05, precision: exact, source: ban}\n",
    )
    fiche.write_text(text, encoding="utf-8")
    workbook = fill(export(run_cli, project), {PAS: {"places[1].address": "12 rue de l'Exemple"}})
    result = import_(run_cli, project, workbook)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1] == (
        "Des adresses ont changé : lancez ctai-site geocode pour replacer ces lieux."
    )
    after = fiche.read_text(encoding="utf-8")
    assert "    address: 12 rue de l'Exemple" in after.splitlines()
    assert "coordinates" not in after


def test_a_fiche_text_that_looks_like_a_formula_stays_text_both_ways(
    project: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    fiche = project / "actions" / f"{PAS}.yml"
    hostile = "=1+1 : sonnez deux fois"
    fiche.write_text(
        fiche.read_text(encoding="utf-8").replace(
            '    insee: "40088"\n', f'    insee: "40088"\n    practical: "{hostile}"\n'
        ),
        encoding="utf-8",
    )
    workbook = export(run_cli, project)
    sheet = load_workbook(workbook)[PAS]
    cell = sheet.cell(rows_by_key(sheet)["places[1].practical"], 2)
    assert (cell.data_type, cell.value) == ("s", hostile)
    sheets = soffice_csv(workbook, tmp_path / "csv")
    rows = {row[5]: row for row in sheets[PAS] if len(row) == 6}
    assert rows["places[1].practical"][1] == hostile  # shown, not computed
    # Typed back as text, it goes into the fiche as text.
    fill(workbook, {PAS: {"places[1].practical": "+33 : l'indicatif, -2 étages, @accueil"}})
    result = import_(run_cli, project, workbook)
    assert (result.code, result.err) == (0, "")
    action, problems = load_action(fiche)
    assert problems == [] and action is not None
    assert action.places[0].practical == "+33 : l'indicatif, -2 étages, @accueil"

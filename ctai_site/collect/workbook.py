"""The workbook a carrier or a volunteer fills in on the phone: « Mode d'emploi » first (how
to fill it in, then one line per fiche), then one sheet per fiche, named by its id.

A fiche's sheet lists what is missing first (« À compléter »), then what the fiche already
says (« À vérifier »), then what it may say (« Facultatif »). Column C is the only one to
write in (and E, for notes the import ignores); the sheet is protected, without a password,
so that a label, a current value or a row key is not changed by mistake. Lists are drop-downs
(from a hidden « Listes » sheet). Every text goes in as text (`xlsx.set_text`): nothing a
fiche says is ever a formula. Same fiches, same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from ctai_site import xlsx
from ctai_site.collect.fields import ERASE, NO, YES, Field, Row
from ctai_site.collect.form import fiche_fields
from ctai_site.collect.sources import Fiche
from ctai_site.fiche import completeness, freshness

INSTRUCTIONS = "Mode d'emploi"
LISTS = "Listes"
ID_CELL = "B3"
HEADER_ROW = 6
FIRST_ROW = HEADER_ROW + 1
# (header, width); C is the answer, F the fiche key the import reads back.
COLUMNS = (
    ("Information", 46),
    ("Valeur actuelle", 34),
    ("Nouvelle valeur", 34),
    ("Aide", 52),
    ("Remarque (non importée)", 28),
    ("Champ de la fiche", 30),
)
LABEL, CURRENT, ANSWER, HELP, NOTE, KEY = "A", "B", "C", "D", "E", "F"
SECTIONS = {
    "confirm": "Confirmation",
    "todo": "À compléter : ce que la fiche ne dit pas encore",
    "check": "À vérifier : ce que la fiche dit déjà (écrivez seulement ce qui change)",
    "optional": "Facultatif",
}
MAX_TITLE = 31  # Excel's limit for a sheet name
_RESERVED = {INSTRUCTIONS.casefold(), LISTS.casefold()}  # sheet names ignore case

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_GREY = Font(color="777777", size=9)
_SECTION = PatternFill("solid", fgColor="D9E1F2")
_TODO = PatternFill("solid", fgColor="FFF2CC")
_ANSWER = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(wrap_text=True, vertical="top")
_OPEN = Protection(locked=False)


def sheet_title(action_id: str) -> str:
    """The sheet of a fiche: its id, or a shortened id with a fingerprint past 31 characters
    (the same id always gives the same name, so a renamed sheet is recognised)."""
    if len(action_id) <= MAX_TITLE and action_id.casefold() not in _RESERVED:
        return action_id
    return action_id[: MAX_TITLE - 5] + "-" + hashlib.sha1(action_id.encode()).hexdigest()[:4]


@dataclass(frozen=True)
class Line:
    """One row of a fiche's sheet: a section title (`row` None) or a field's row."""

    section: str
    row: Row | None = None
    current: str = ""
    todo: bool = False


def sheet_lines(fiche: Fiche) -> list[Line]:
    """What a fiche's sheet lists, section by section: confirmation, missing, filled,
    optional; a field's rows stay together."""
    todo = {m.field for m in completeness.missing(fiche.action)}
    groups: dict[str, list[Line]] = {key: [] for key in SECTIONS}
    for field in fiche_fields(fiche.data):
        current = field.current(_value(fiche, field))
        missing = field.todo_key in todo
        if field.path == ("confirmed",):
            section = "confirm"
        elif missing:
            section = "todo"
        elif any(current.values()):
            section = "check"
        else:
            section = "optional"
        groups[section] += [Line(section, row, current[row.key], missing) for row in field.rows()]
    out: list[Line] = []
    for section, lines in groups.items():
        if lines:
            out += [Line(section), *lines]
    return out


def _value(fiche: Fiche, field: Field) -> object:
    node: object = fiche.data
    for key in field.path:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            node = node.get(key) if isinstance(node, dict) else None
    return node


class _Lists:
    """The hidden sheet the drop-downs read their choices from, one column per list."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.columns: dict[tuple[str, ...], str] = {}

    def range(self, choices: tuple[str, ...]) -> str:
        if choices not in self.columns:
            column = len(self.columns) + 1
            for row, label in enumerate(choices, start=1):
                xlsx.set_text(self.sheet.cell(row, column), label)
            self.columns[choices] = self.sheet.cell(1, column).column_letter
        letter = self.columns[choices]
        return f"{LISTS}!${letter}$1:${letter}${len(choices)}"


def _validation(formula: str) -> DataValidation:
    return DataValidation(
        type="list",
        formula1=formula,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Valeur hors liste",
        error="Choisissez une valeur de la liste (ou laissez vide).",
    )


def _protect(sheet: Worksheet) -> None:
    """Locked but for the unlocked cells; no password. Columns and rows may still be resized."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _fiche_sheet(book: Workbook, fiche: Fiche, months: int, lists: _Lists) -> Worksheet:
    action = fiche.action
    sheet = book.create_sheet(sheet_title(action.id))
    xlsx.set_text(sheet["A1"], action.content.title)
    sheet["A1"].font = _TITLE
    since = (
        f"{action.confirmed:%d/%m/%Y}"
        if action.confirmed
        else f"jamais ; fiche mise à jour le {action.updated:%d/%m/%Y}"
    )
    due = freshness.due(action, months)
    for top, (label, value, extra) in enumerate(
        (
            ("Structure porteuse", action.carrier.name, ""),
            ("Fiche", action.id, fiche.file),
            ("Dernière confirmation", since, f"à confirmer avant le {due:%d/%m/%Y}"),
        ),
        start=2,
    ):
        xlsx.write_row(sheet, top, (label, value, extra))
        sheet.cell(top, 1).font = _BOLD
    missing = len(completeness.missing(action))
    sheet["A5"] = f"{missing} information{'s' if missing > 1 else ''} à compléter"
    xlsx.write_row(sheet, HEADER_ROW, (header for header, _ in COLUMNS))
    for column, (_, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(HEADER_ROW, column)
        cell.font = _BOLD
        sheet.column_dimensions[cell.column_letter].width = width
    validations: dict[str, DataValidation] = {}
    for number, line in enumerate(sheet_lines(fiche), start=FIRST_ROW):
        if line.row is None:
            xlsx.set_text(sheet.cell(number, 1), SECTIONS[line.section])
            for index in range(1, len(COLUMNS) + 1):
                sheet.cell(number, index).fill = _SECTION
            sheet.cell(number, 1).font = _BOLD
            continue
        row = line.row
        xlsx.write_row(sheet, number, (row.label, line.current, None, row.help, None, row.key))
        for letter in (LABEL, CURRENT, HELP):
            sheet[f"{letter}{number}"].alignment = _WRAP
        sheet[f"{KEY}{number}"].font = _GREY
        answer = sheet[f"{ANSWER}{number}"]
        answer.protection = _OPEN
        answer.fill = _TODO if line.todo else _ANSWER
        answer.alignment = _WRAP
        answer.number_format = "DD/MM/YYYY" if row.kind == "date" else "@"  # digits stay text
        sheet[f"{NOTE}{number}"].protection = _OPEN
        if row.kind in ("choice", "flag"):
            formula = f'"{YES},{NO}"' if row.kind == "flag" else lists.range(row.choices)
            if formula not in validations:
                validations[formula] = _validation(formula)
                sheet.add_data_validation(validations[formula])
            validations[formula].add(answer.coordinate)
    sheet.freeze_panes = f"A{FIRST_ROW}"
    _protect(sheet)
    return sheet


_HOW_TO = (
    "Une feuille par fiche, nommée par l'identifiant de la fiche. Dans chaque feuille, écrivez "
    "dans la colonne C (« Nouvelle valeur ») seulement ce qui manque ou ce qui change ; laissez "
    "vide ce qui est juste.",
    "En haut de chaque feuille : ce qui est « à compléter » (en jaune). Ensuite : ce que la fiche "
    "dit déjà, à vérifier avec la structure.",
    "Pour une liste (jours, conditions, niveaux de français…), une ligne par choix : oui ou non, "
    "dans la liste déroulante.",
    f"Pour retirer une information fausse, écrivez « {ERASE} ».",
    "Quand la structure a tout vérifié, écrivez la date sur la ligne « Informations confirmées "
    "par la structure le » (JJ/MM/AAAA).",
    "N'inventez rien : une information que la structure ne donne pas reste vide.",
    "La colonne E est pour vos remarques : elle n'est pas recopiée dans les fiches.",
    "Ne renommez pas les feuilles, n'ajoutez ni ligne ni colonne, n'écrivez pas de formule : le "
    "classeur serait refusé, sans rien modifier.",
    "Renvoyez le classeur au coordinateur. Il lance : ctai-site collect import FICHIER.xlsx ; "
    "chaque erreur est signalée à sa cellule (feuille!C12), et rien n'est écrit tant qu'il en "
    "reste une.",
)
INDEX_COLUMNS = (
    ("Feuille", 30),
    ("Fiche", 50),
    ("Structure porteuse", 34),
    ("À compléter", 12),
    ("Dernière confirmation", 20),
    ("À confirmer avant le", 20),
)


def _instructions(
    sheet: Worksheet, fiches: Sequence[Fiche], territory: str, months: int, day: dt.date
) -> None:
    sheet["A1"] = f"Informations pratiques des fiches — {territory}"
    sheet["A1"].font = _TITLE
    sheet["A2"] = (
        f"Classeur du {day:%d/%m/%Y}. Chaque fiche est à faire confirmer par sa structure tous "
        f"les {months} mois."
    )
    row = 4
    for text in _HOW_TO:
        sheet.cell(row, 1, text).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        sheet.row_dimensions[row].height = 30
        row += 1
    row += 1
    xlsx.write_row(sheet, row, (header for header, _ in INDEX_COLUMNS))
    for column, (_, width) in enumerate(INDEX_COLUMNS, start=1):
        sheet.cell(row, column).font = _BOLD
        sheet.column_dimensions[sheet.cell(row, column).column_letter].width = width
    for fiche in fiches:
        row += 1
        action = fiche.action
        title = sheet_title(action.id)
        xlsx.write_row(
            sheet,
            row,
            (
                title,
                action.content.title,
                action.carrier.name,
                len(completeness.missing(action)),
                f"{action.confirmed:%d/%m/%Y}" if action.confirmed else "jamais",
                f"{freshness.due(action, months):%d/%m/%Y}",
            ),
        )
        link = sheet.cell(row, 1)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{title}'!A1")
        link.font = Font(color="0563C1", underline="single")
    _protect(sheet)


def select(fiches: Iterable[Fiche], carrier: str | None = None) -> list[Fiche]:
    """The current fiches (not archived), by structure then id; with `carrier`, that
    structure's only (its name or its acronym, in any case). Raises `ValueError` (French) when
    no fiche is that structure's."""
    current = sorted(
        (f for f in fiches if f.action.status != "archived"),
        key=lambda f: (f.action.carrier.name.casefold(), f.action.id),
    )
    if carrier is None:
        return current
    wanted = carrier.casefold().strip()
    chosen = [
        f
        for f in current
        if wanted in (f.action.carrier.name.casefold(), (f.action.carrier.acronym or "").casefold())
    ]
    if not chosen:
        names = sorted({f.action.carrier.name for f in current}, key=str.casefold)
        raise ValueError(
            f"aucune fiche de la structure « {carrier} » : écrivez son nom comme dans les "
            f"fiches ({' ; '.join(names)})"
        )
    return chosen


def to_workbook(fiches: Sequence[Fiche], territory: str, months: int) -> bytes:
    """The workbook of `fiches` (in that order), dated by the latest of their dates."""
    day = max((f.action.last_change for f in fiches), default=dt.date(2000, 1, 1))
    book = Workbook()
    instructions = book.active
    assert instructions is not None
    instructions.title = INSTRUCTIONS
    lists_sheet = Workbook.create_sheet(book, LISTS)
    lists = _Lists(lists_sheet)
    for fiche in fiches:
        _fiche_sheet(book, fiche, months, lists)
    _instructions(instructions, fiches, territory, months, day)
    book.move_sheet(lists_sheet, offset=len(book.sheetnames))  # after the fiches
    lists_sheet.sheet_state = "hidden"
    _protect(lists_sheet)
    return xlsx.to_bytes(book, day)

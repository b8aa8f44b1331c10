"""The yearly report as a workbook for the State: a summary sheet, one sheet per axis (one row
per action), the results one per row, and what is missing from whom.

Totals are formulas (`=SUM(F5:F9)`, `='Axe 3'!F8`) so that a corrected amount updates them in
Excel or LibreOffice; the reliquat of a row is `=I5-J5`, written only when both amounts are
known. A fiche's text is never a formula (`xlsx.set_text`). Same catalogue, same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ctai_site import xlsx
from ctai_site.bilan.report import (
    Axis,
    Line,
    YearReport,
    result_fr,
    target_fr,
)
from ctai_site.fiche import vocab
from ctai_site.translation.l10n import date_fr
from ctai_site.xlsx import Formula

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_ROW = 4  # rows 1-2: title and deadline, so a printed sheet says what it is
FIRST_ROW = HEADER_ROW + 1
EUROS = '#,##0.00 "€"'
COUNT = "0"

# (header, width, number format or None for text)
AXIS_COLUMNS: tuple[tuple[str, int, str | None], ...] = (
    ("Action", 34, None),
    ("Fiche", 20, None),
    ("Structure porteuse", 24, None),
    ("Objectifs", 42, None),
    ("Résultats", 48, None),
    ("EPA", 7, COUNT),
    ("BPI", 7, COUNT),
    ("BPT", 7, COUNT),
    ("Montant accordé (€)", 14, EUROS),
    ("Montant dépensé (€)", 14, EUROS),
    ("Reliquat (€)", 14, EUROS),
    ("Commentaire", 42, None),
    ("À compléter", 30, None),
    ("Nombre à compléter", 11, COUNT),
)
# Columns of the axis sheets that add up, and where the summary sheet shows their totals.
SUMMED = ("F", "G", "H", "I", "J", "K", "N")
SUMMARY_COLUMNS: tuple[tuple[str, int, str | None], ...] = (
    ("Axe", 7, COUNT),
    ("Intitulé", 44, None),
    ("Actions", 9, COUNT),
    ("EPA", 7, COUNT),
    ("BPI", 7, COUNT),
    ("BPT", 7, COUNT),
    ("Montant accordé (€)", 14, EUROS),
    ("Montant dépensé (€)", 14, EUROS),
    ("Reliquat (€)", 14, EUROS),
    ("Nombre à compléter", 11, COUNT),
)
RESULT_COLUMNS: tuple[tuple[str, int, str | None], ...] = (
    ("Axe", 7, COUNT),
    ("Action", 34, None),
    ("Fiche", 20, None),
    ("Structure porteuse", 24, None),
    ("Indicateur", 48, None),
    ("Total", 9, COUNT),
    ("Unité", 14, None),
    ("EPA", 7, COUNT),
    ("BPI", 7, COUNT),
    ("BPT", 7, COUNT),
    ("Note", 48, None),
)
TODO_COLUMNS: tuple[tuple[str, int, str | None], ...] = (
    ("Structure porteuse", 30, None),
    ("Axe", 7, COUNT),
    ("Action", 34, None),
    ("Fiche", 20, None),
    ("À compléter", 40, None),
)


def _list(items: Sequence[str]) -> str | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else "\n".join(f"• {item}" for item in items)


def _axis_row(line: Line, row: int) -> list[Any]:
    report, funding = line.report, line.report.funding
    counts = line.by_public
    remainder = Formula(f"=I{row}-J{row}") if funding.remainder is not None else None
    return [
        line.action.content.title,
        line.action.id,
        line.action.carrier.name,
        _list([target_fr(t) for t in report.targets]),
        _list([result_fr(r) for r in report.results]),
        *(counts[p] for p in vocab.CONTRACT_PUBLICS),
        funding.granted,
        funding.spent,
        remainder,
        report.comment,
        _list(line.missing),
        len(line.missing),
    ]


def _sheet(
    book: Any, title: str, heading: str, note: str, columns: Sequence[tuple[str, int, str | None]]
) -> Worksheet:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title)
    xlsx.set_text(sheet.cell(1, 1), heading)
    sheet.cell(1, 1).font = Font(bold=True, size=13)
    xlsx.set_text(sheet.cell(2, 1), note)
    for i, (header, width, _) in enumerate(columns, start=1):
        cell = sheet.cell(HEADER_ROW, i)
        xlsx.set_text(cell, header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDDDDD")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return sheet


def _rows(
    sheet: Worksheet, rows: Sequence[Sequence[Any]], columns: Sequence[tuple[str, int, str | None]]
) -> None:
    from openpyxl.styles import Alignment

    for row, values in enumerate(rows, start=FIRST_ROW):
        xlsx.write_row(sheet, row, values)
        for i, (_, _, number_format) in enumerate(columns, start=1):
            cell = sheet.cell(row, i)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if number_format:
                cell.number_format = number_format


def _total_row(
    sheet: Worksheet,
    label_column: int,
    letters: Sequence[str],
    count: int,
    columns: Sequence[tuple[str, int, str | None]],
) -> None:
    """`Total` and `=SUM(...)` under the `count` data rows of the given columns."""
    from openpyxl.styles import Font
    from openpyxl.utils import column_index_from_string

    row = FIRST_ROW + count
    xlsx.set_text(sheet.cell(row, label_column), "Total")
    last = max(row - 1, FIRST_ROW)
    for letter in letters:
        cell = sheet[f"{letter}{row}"]
        cells = f"{letter}{FIRST_ROW}:{letter}{last}"
        # Empty when nothing is known: a total of 0 € would read as « nothing spent ».
        xlsx.set_value(cell, Formula(f'=IF(COUNT({cells})=0,"",SUM({cells}))'))
        cell.number_format = columns[column_index_from_string(letter) - 1][2] or "General"
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _axis_sheet_name(axis: Axis) -> str:
    return f"Axe {axis.number}"


def _axis_sheet(book: Any, report: YearReport, axis: Axis) -> None:
    sheet = _sheet(
        book,
        _axis_sheet_name(axis),
        f"Bilan {report.year} — {axis.title}",
        "Une ligne par action. Montants en euros ; reliquat = accordé − dépensé. "
        f"À remettre au plus tard le {date_fr(report.due)}.",
        AXIS_COLUMNS,
    )
    _rows(
        sheet, [_axis_row(line, FIRST_ROW + i) for i, line in enumerate(axis.lines)], AXIS_COLUMNS
    )
    _total_row(sheet, 1, SUMMED, len(axis.lines), AXIS_COLUMNS)


def _summary_sheet(book: Any, report: YearReport) -> None:
    """One row per axis, each figure a reference to the total row of the axis's sheet."""
    n, todo = len(report.lines), report.missing_count
    sheet = _sheet(
        book,
        "Synthèse",
        f"Bilan {report.year} du contrat territorial d'accueil et d'intégration",
        "Fiche-bilan annuelle, à remettre aux services de l'État au plus tard le "
        f"{date_fr(report.due)}. {n} action{'s' if n > 1 else ''}, "
        f"{todo} information{'s' if todo > 1 else ''} à compléter (feuille « À compléter »).",
        SUMMARY_COLUMNS,
    )
    if not report.axes:
        xlsx.set_text(
            sheet.cell(FIRST_ROW, 2),
            f"Aucune action du contrat pour {report.year} : rien à déclarer.",
        )
        return
    rows = []
    for axis in report.axes:
        total = f"'{_axis_sheet_name(axis)}'!{{}}{FIRST_ROW + len(axis.lines)}"
        rows.append(
            [axis.number, axis.name or None, len(axis.lines)]
            + [Formula("=" + total.format(letter)) for letter in SUMMED]
        )
    _rows(sheet, rows, SUMMARY_COLUMNS)
    _total_row(sheet, 2, ("C", "D", "E", "F", "G", "H", "I", "J"), len(rows), SUMMARY_COLUMNS)


def _results_sheet(book: Any, report: YearReport) -> None:
    sheet = _sheet(
        book,
        "Résultats",
        f"Bilan {report.year} — résultats, un par ligne",
        "Les publics se recoupent : les BPI et les BPT sont aussi des EPA (ne pas additionner).",
        RESULT_COLUMNS,
    )
    rows = []
    for line in report.lines:
        for result in line.report.results:
            counts = dict(result.by_public)
            rows.append(
                [
                    line.axis,
                    line.action.content.title,
                    line.action.id,
                    line.action.carrier.name,
                    result.indicator,
                    result.total,
                    result.unit,
                    *(counts.get(p) for p in vocab.CONTRACT_PUBLICS),
                    result.note,
                ]
            )
    _rows(sheet, rows, RESULT_COLUMNS)


def _todo_sheet(book: Any, report: YearReport) -> None:
    sheet = _sheet(
        book,
        "À compléter",
        f"Bilan {report.year} — à demander aux structures porteuses",
        f"Avant le {date_fr(report.due)}.",
        TODO_COLUMNS,
    )
    rows = [
        [todo.carrier, line.axis, line.action.content.title, line.action.id, item]
        for todo in report.todo()
        for line in todo.lines
        for item in line.missing
    ]
    _rows(sheet, rows, TODO_COLUMNS)


def to_xlsx(report: YearReport) -> bytes:
    """The workbook; dated by the fiches' last update, so the same fiches give the same bytes."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _summary_sheet(book, report)
    for axis in report.axes:
        _axis_sheet(book, report, axis)
    _results_sheet(book, report)
    _todo_sheet(book, report)
    book.active = 0
    day = max((line.action.updated for line in report.lines), default=dt.date(report.year, 1, 1))
    return xlsx.to_bytes(book, day)

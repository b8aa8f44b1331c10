"""Workbooks (openpyxl) that read the same in Excel and LibreOffice, and come out the same.

- Text stays text: openpyxl stores any string that starts with `=` as a formula, and a
  spreadsheet re-reads `+`, `-` or `@` at the start of an edited cell as one (OWASP « CSV
  injection »). A fiche's text is written as a string with Excel's quote prefix, never run.
- Same data, same bytes: the workbook's dates and the zip entries' dates are the data's, not
  the clock's, so an unchanged catalogue publishes an unchanged file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@")


def set_text(cell: Cell, value: str) -> None:
    """Write `value` as text, whatever it starts with."""
    cell.value = value
    if value.startswith(FORMULA_START):
        cell.data_type = "s"  # openpyxl made it a formula ("f") if it starts with "="
        cell.quotePrefix = True  # and Excel keeps it text when someone edits the cell


class Formula(str):
    """A formula this program wrote (`=SUM(E5:E9)`): the only strings written as formulas."""


def set_value(cell: Cell, value: Any) -> None:
    """A number, a `Formula`, or text (never a formula)."""
    if isinstance(value, Formula):
        cell.value = str(value)
    elif isinstance(value, str):
        set_text(cell, value)
    else:
        cell.value = value


def write_row(sheet: Worksheet, row: int, values: Iterable[Any]) -> None:
    """Values into row `row` (from 1), text kept as text."""
    for column, value in enumerate(values, start=1):
        set_value(sheet.cell(row, column), value)


def to_bytes(book: Workbook, day: dt.date) -> bytes:
    """The saved workbook, dated `day` inside and in its zip entries."""
    stamp = dt.datetime(day.year, day.month, day.day)
    book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return fixed_zip_dates(out.getvalue(), day)


def fixed_zip_dates(data: bytes, day: dt.date) -> bytes:
    """Same data, same bytes: the zip entries get `day`, and openpyxl's `modified` stamp (set
    when saving, whatever the properties say) becomes `day` too."""
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + f"{day.isoformat()}T00:00:00Z".encode(),
                    content,
                )
            target.writestr(fixed, content)
    return out.getvalue()

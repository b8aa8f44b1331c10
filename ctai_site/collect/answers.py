"""A filled workbook back into the fiches: every answer checked where it was written, the new
YAML checked by the normal loader, each problem one French line naming its cell
(`collecte.xlsx:pas-hopital!C12: …`), and nothing written while one remains.

A workbook comes from outside: it is measured before it is opened (its size on disk, then what
its zip would unpack to, against zip bombs), opened read-only without running anything, and
read within bounds (rows, cells). A formula is refused wherever it is: the import takes what a
person typed, never what a spreadsheet computed. A sheet this tool did not write, a renamed
sheet, a fiche deleted since the export, a fiche changed since the export under an answer:
each is one line, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from ctai_site.collect import workbook
from ctai_site.collect.fields import DELETE, KEEP, Answer, CellError, answer_text
from ctai_site.collect.form import fiche_fields as fields_of
from ctai_site.collect.sources import Fiche
from ctai_site.collect.yamledit import Document, checked, plain
from ctai_site.fiche.errors import Problem

MAX_BYTES = 10_000_000  # on disk: an exported workbook of 100 fiches is about 0.5 Mo
MAX_UNZIPPED = 50_000_000  # what its parts unpack to
MAX_PARTS = 2_000
MAX_ROWS = 1_000  # per sheet
MAX_CELLS = 200_000  # in the whole workbook
MAX_SHEETS = 500

_COLUMNS = tuple(header for header, _ in workbook.COLUMNS)
_ANSWER = column_index_from_string(workbook.ANSWER) - 1
_CURRENT = column_index_from_string(workbook.CURRENT) - 1
_KEY = column_index_from_string(workbook.KEY) - 1
_LOCATION_FIELDS = ("address", "postcode", "city")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",")


@dataclass(frozen=True, order=True)
class CellProblem:
    """One line a coordinator reads, in the workbook's order."""

    sheet: int
    row: int
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass
class Answered:
    """One fiche's answered rows: row key -> (row number, answer, current value shown)."""

    title: str
    sheet: int
    fiche: Fiche
    rows: dict[str, tuple[int, Answer, str]] = field(default_factory=dict)
    positions: dict[str, int] = field(default_factory=dict)  # every row key -> its row


@dataclass(frozen=True)
class Change:
    """A fiche's new text and what changed in it."""

    fiche: Fiche
    text: str
    changed: tuple[str, ...]  # French labels of the fields that changed
    moved: bool  # an address changed under coordinates `geocode` wrote: they were removed


class Reader:
    """Read one workbook against the fiches; `problems` holds every line, sorted."""

    def __init__(self, path: Path, display: str, fiches: Mapping[str, Fiche]) -> None:
        self.path = path
        self.display = display
        self.fiches = fiches
        self.problems: list[CellProblem] = []
        self.cells = 0

    def problem(self, sheet: int, row: int, text: str, where: str = "") -> None:
        self.problems.append(CellProblem(sheet, row, f"{self.display}{where}: {text}"))

    def at(self, title: str, row: int, column: str = workbook.ANSWER) -> str:
        return f":{title}!{column}{row}"

    # --- Opening --------------------------------------------------------------------------

    def _measured(self) -> bool:
        """Refuse what could cost too much before openpyxl sees it."""
        if not self.path.is_file():
            self.problem(0, 0, "fichier introuvable")
            return False
        size = self.path.stat().st_size
        if size > MAX_BYTES:
            self.problem(
                0,
                0,
                f"classeur trop gros ({_megabytes(size)} Mo ; {MAX_BYTES // 1_000_000} Mo au "
                "plus) : ce n'est pas un classeur de ctai-site collect export",
            )
            return False
        try:
            with zipfile.ZipFile(self.path) as archive:
                parts = archive.infolist()
        except (zipfile.BadZipFile, OSError):
            self.problem(
                0,
                0,
                "ce n'est pas un classeur .xlsx (ou il est protégé par un mot de passe) : "
                "enregistrez-le au format Excel .xlsx, sans mot de passe",
            )
            return False
        unzipped = sum(part.file_size for part in parts)
        if len(parts) > MAX_PARTS or unzipped > MAX_UNZIPPED:
            self.problem(
                0,
                0,
                f"classeur refusé : décompressé, il ferait {_megabytes(unzipped)} Mo en "
                f"{len(parts)} parties ({MAX_UNZIPPED // 1_000_000} Mo au plus) ; ce n'est "
                "pas un classeur de ctai-site collect export",
            )
            return False
        names = {part.filename for part in parts}
        if not {"[Content_Types].xml", "xl/workbook.xml"} <= names:
            self.problem(0, 0, "ce n'est pas un classeur .xlsx : enregistrez-le au format .xlsx")
            return False
        return True

    def read(self) -> list[Answered]:
        if not self._measured():
            return []
        try:
            with warnings.catch_warnings():  # openpyxl warns about what it does not read
                warnings.simplefilter("ignore")
                book = load_workbook(self.path, read_only=True, data_only=False, keep_links=False)
        except Exception:  # openpyxl raises many kinds on a broken file: each says « unreadable »
            self.problem(
                0, 0, "classeur illisible : ouvrez-le et enregistrez-le à nouveau en .xlsx"
            )
            return []
        try:
            return self._sheets(book)
        except Exception:  # a part openpyxl reads only now (read-only mode) is broken
            self.problem(
                0, 0, "classeur illisible : ouvrez-le et enregistrez-le à nouveau en .xlsx"
            )
            return []
        finally:
            book.close()

    def _sheets(self, book: Any) -> list[Answered]:
        if len(book.sheetnames) > MAX_SHEETS:
            self.problem(0, 0, f"{len(book.sheetnames)} feuilles : {MAX_SHEETS} au plus")
            return []
        out = []
        seen: dict[str, str] = {}
        for index, sheet in enumerate(book.worksheets, start=1):
            rows = self._rows(sheet, index)
            if rows is None or sheet.title in (workbook.INSTRUCTIONS, workbook.LISTS):
                continue
            answered = self._fiche_sheet(sheet.title, index, rows)
            if answered is None:
                continue
            action_id = answered.fiche.action.id
            if action_id in seen:
                self.problem(
                    index,
                    0,
                    f"la fiche « {action_id} » a déjà sa feuille « {seen[action_id]} » : "
                    "gardez-en une seule",
                    f":{sheet.title}",
                )
                continue
            seen[action_id] = sheet.title
            out.append(answered)
        return out

    def _rows(self, sheet: Any, index: int) -> list[tuple[Any, ...]] | None:
        """The sheet's cell values, every formula refused; None when the sheet is refused."""
        rows: list[tuple[Any, ...]] = []
        clean = True
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            if number > MAX_ROWS:
                self.problem(
                    index,
                    number,
                    f"plus de {MAX_ROWS} lignes : ce n'est pas une feuille de "
                    "ctai-site collect export",
                    f":{sheet.title}",
                )
                return None
            self.cells += len(cells)
            if self.cells > MAX_CELLS:
                self.problem(index, number, f"plus de {MAX_CELLS} cellules", f":{sheet.title}")
                return None
            for cell in cells:
                if getattr(cell, "data_type", None) == "f":
                    clean = False
                    self.problem(
                        index,
                        number,
                        f"formule refusée ({str(cell.value)[:40]}) : écrivez la valeur elle-même, "
                        "sans « = » au début",
                        f":{sheet.title}!{cell.column_letter}{number}",
                    )
            rows.append(tuple(getattr(cell, "value", None) for cell in cells))
        return rows if clean else None

    def _fiche_sheet(self, title: str, index: int, rows: list[tuple[Any, ...]]) -> Answered | None:
        def cell(row: int, column: int) -> Any:
            values = rows[row - 1] if row <= len(rows) else ()
            return values[column] if column < len(values) else None

        action_id = cell(3, 1)
        where = f":{title}"
        if not isinstance(action_id, str) or cell(3, 0) != "Fiche":
            self.problem(
                index,
                0,
                "feuille inconnue : ce classeur n'a que « Mode d'emploi » et une feuille par "
                "fiche ; retirez-la (ou exportez un nouveau classeur)",
                where,
            )
            return None
        expected = workbook.sheet_title(action_id)
        if title != expected:
            self.problem(
                index,
                0,
                f"feuille renommée : elle s'appelle « {expected} » (la fiche « {action_id} ») ; "
                "rendez-lui son nom",
                where,
            )
            return None
        fiche = self.fiches.get(action_id)
        if fiche is None:
            self.problem(
                index,
                0,
                f"la fiche « {action_id} » n'existe plus (supprimée ou renommée depuis "
                "l'export) : retirez cette feuille ou exportez un nouveau classeur",
                where,
            )
            return None
        header = tuple(cell(workbook.HEADER_ROW, c) for c in range(len(_COLUMNS)))
        if header != _COLUMNS:
            self.problem(
                index,
                workbook.HEADER_ROW,
                "colonnes modifiées : la ligne "
                f"{workbook.HEADER_ROW} doit rester « {' | '.join(_COLUMNS)} » ; exportez un "
                "nouveau classeur",
                where,
            )
            return None
        answered = Answered(title, index, fiche)
        for number in range(workbook.FIRST_ROW, len(rows) + 1):
            key, answer = cell(number, _KEY), cell(number, _ANSWER)
            if isinstance(key, str) and key:
                answered.positions.setdefault(key, number)
            if answer_text(answer) is None:
                continue
            if not isinstance(key, str) or not key:
                self.problem(
                    index,
                    number,
                    "réponse sur une ligne sans information : écrivez-la sur la ligne de "
                    "l'information, en colonne C",
                    self.at(title, number),
                )
                continue
            if key in answered.rows:
                self.problem(index, number, f"ligne en double ({key})", self.at(title, number, "F"))
                continue
            answered.rows[key] = (number, answer, answer_text(cell(number, _CURRENT)) or "")
        return answered


# --- From answers to fiches ---------------------------------------------------------------


def _value(data: Any, path: tuple[str | int, ...]) -> Any:
    node = data
    for key in path:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            node = node.get(key) if isinstance(node, dict) else None
    return node


def _spaced(text: str) -> str:
    return " ".join(text.split())


def _row_path(key: str) -> str:
    return key.partition("=")[0]


def _cell_for(problem: Problem, answered: Answered, keys: Mapping[str, str]) -> str | None:
    """The row key a loader problem belongs to: the row that writes that field, else an
    answered row inside it, else the answered row of the field that holds it."""
    target = problem.field
    answered_keys = [k for k in keys if k in answered.rows]
    exact = [k for k in keys if _row_path(k) == target]
    for candidates in (
        [k for k in exact if k in answered.rows],
        exact,
        [k for k in answered_keys if _row_path(k).startswith((target + ".", target + "["))],
        [k for k in answered_keys if target.startswith((_row_path(k) + ".", _row_path(k) + "["))],
    ):
        if candidates:
            return candidates[0]
    return None


def _changes(reader: Reader, answered: Answered, today: dt.date) -> Change | None:
    fiche = answered.fiche
    title, index = answered.title, answered.sheet
    fields = fields_of(fiche.data)
    labels = {row.key: row.label for f in fields for row in f.rows()}
    for key, (number, _, _) in answered.rows.items():
        if key not in labels:
            reader.problem(
                index,
                number,
                f"ligne inconnue ({key}) : la fiche a changé depuis l'export ; exportez un "
                "nouveau classeur",
                reader.at(title, number),
            )
    document = Document(fiche.text)
    changed: list[str] = []
    confirmed = False
    ok = True
    moved_places: set[int] = set()
    for item in fields:
        answers = {
            row.key: answered.rows[row.key][1] for row in item.rows() if row.key in answered.rows
        }
        if not answers:
            continue
        value = _value(fiche.data, item.path)
        current = item.current(value)
        for key in answers:
            number, _, shown = answered.rows[key]
            if _spaced(shown) != _spaced(current.get(key, "")):
                ok = False
                now = current.get(key) or "vide"
                reader.problem(
                    index,
                    number,
                    f"{labels[key]} : la fiche a changé depuis l'export (elle dit maintenant "
                    f"« {now} ») ; vérifiez, puis exportez un nouveau classeur",
                    reader.at(title, number),
                )
        try:
            new = item.new_value(value, answers)
        except CellError as error:
            ok = False
            number = answered.positions.get(error.key, 0)
            reader.problem(
                index, number, f"{labels[error.key]} : {error.message}", reader.at(title, number)
            )
            continue
        if new is KEEP or plain(None if new is DELETE else new) == plain(value):
            continue
        if new is DELETE:
            document.delete(item.path)
        else:
            document.set(item.path, new)
        if item.path == ("confirmed",):
            confirmed = True
        else:
            changed.append(item.label)
        if item.path[0] == "places" and item.path[-1] in _LOCATION_FIELDS:
            moved_places.add(int(item.path[1]))
    if not (changed or confirmed):
        return None
    if changed:
        document.set(("updated",), today)
    moved = False
    for place in sorted(moved_places):
        coordinates = document.get(("places", place, "coordinates"))
        if isinstance(coordinates, dict) and coordinates.get("source") == "ban":
            document.delete(("places", place, "coordinates"))  # the tool's: geocode redoes them
            moved = True
    result = checked(document, fiche.file, fiche.stem, today)
    for problem in result.problems:
        row_key = _cell_for(problem, answered, labels)
        if row_key is None:
            reader.problem(index, 0, str(problem), f":{title}")
            continue
        number = answered.positions.get(row_key, 0)
        where = reader.at(title, number) if number else f":{title}"
        reader.problem(index, number, f"{labels[row_key]} : {problem.message}", where)
    if result.problems or not ok:
        return None
    return Change(fiche, result.text, tuple(changed), moved)


def import_workbook(
    path: Path, display: str, fiches: Mapping[str, Fiche], today: dt.date
) -> tuple[list[Change], list[str]]:
    """The fiches' new texts, or every problem (then no change at all)."""
    reader = Reader(path, display, fiches)
    sheets = reader.read()
    changes = [c for c in (_changes(reader, a, today) for a in sheets) if c is not None]
    if reader.problems:
        return [], [str(p) for p in sorted(reader.problems)]
    return changes, []


def changed_lines(changes: list[Change]) -> Iterator[str]:
    """One line per changed fiche, for the coordinator."""
    for change in changes:
        what = ", ".join(change.changed) if change.changed else "confirmation"
        yield f"{change.fiche.file} : {what}"

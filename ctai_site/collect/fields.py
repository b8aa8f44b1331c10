"""The facts a person collects on the phone, as rows of a sheet: a French label, the value the
fiche holds now, the answer, a help text, a drop-down where the answer is one of a list.

A `Field` is one key of the fiche (`places[1].phone`, `practicalities.price`) and the rows it
takes: one for a text, one per choice for a list (« oui » / « non »: a spreadsheet's drop-down
picks one value, a list holds several), a few for a price or a duration. It shows the
current value as text and turns the answers back into the YAML value; what the answer means
for the fiche (a valid phone, hours that parse, a price in one form) is the normal loader's
to say, at the cell.

Row keys (the sheet's last column) say which fiche key a row writes: `places[1].phone`,
`practicalities.days=monday` (a choice of a list), `practicalities.days=not_relevant`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from babel import Locale

from ctai_site.fiche import hours, labels
from ctai_site.fiche.checks import normalise_phone
from ctai_site.fiche.model import OpeningRule
from ctai_site.fiche.reading import Path_, format_path
from ctai_site.translation.l10n import display_phone

Answer = str | int | float | dt.date | dt.datetime | None
YES, NO = "oui", "non"
ERASE = "effacer"
NOT_RELEVANT_LABEL = labels.EDITOR_NOT_RELEVANT  # « Ce n'est pas pertinent pour mon action »


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


KEEP, DELETE = _Keep(), _Delete()


class CellError(Exception):
    """An answer the row cannot take, said in French; `key` names the row."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    help: str = ""
    kind: str = "text"  # text, number, integer, date, choice, flag
    choices: tuple[str, ...] = ()  # the drop-down's labels (choice) ; flags: oui, non


# --- Reading answers ------------------------------------------------------------------------


def answer_text(value: Answer) -> str | None:
    """A cell's value as the text a person typed; None when empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def erased(value: Answer) -> bool:
    return (answer_text(value) or "").casefold() == ERASE


def number(key: str, value: Answer, *, whole: bool = False) -> int | float:
    """« 12,5 € », « 12.5 », 12.5 -> 12.5; whole numbers as int."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        number = value
    else:
        text = (answer_text(value) or "").replace("€", "").replace(",", ".")
        text = re.sub(r"[\s\u00a0\u202f]", "", text)
        try:
            number = float(text)
            if not math.isfinite(number):
                raise ValueError(text)
        except ValueError:
            raise CellError(
                key,
                f"« {answer_text(value)} » n'est pas un nombre : écrivez par exemple 12 ou 12,5",
            ) from None
    if number.is_integer():
        return int(number)
    if whole:
        raise CellError(key, f"« {answer_text(value)} » : écrivez un nombre entier")
    return number


def number_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    return str(value).replace(".", ",")


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


def _date(key: str, value: Answer) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = answer_text(value) or ""
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CellError(
        key, f"« {text} » n'est pas une date : écrivez JJ/MM/AAAA, par exemple 30/11/2026"
    )


def choice(key: str, value: Answer, options: Mapping[str, str]) -> str:
    """The code of the label (or code) a person picked."""
    text = (answer_text(value) or "").casefold()
    for code, label in options.items():
        if text in (label.casefold(), code.casefold()):
            return code
    listed = " ; ".join(options.values())
    raise CellError(key, f"« {answer_text(value)} » n'est pas dans la liste : choisissez {listed}")


def flag(key: str, value: Answer) -> bool:
    text = (answer_text(value) or "").casefold()
    if text in (YES, NO):
        return text == YES
    raise CellError(key, f"« {answer_text(value)} » : écrivez oui ou non (ou laissez vide)")


# --- Fields ---------------------------------------------------------------------------------


class Field:
    """One key of the fiche and the rows that write it."""

    def __init__(self, path: Path_, label: str) -> None:
        self.path = path
        self.label = label
        self.todo_key = format_path(path)  # as `completeness` names it

    @property
    def key(self) -> str:
        return format_path(self.path)

    def rows(self) -> list[Row]:
        raise NotImplementedError

    def current(self, value: Any) -> dict[str, str]:
        """Row key -> the value the fiche holds now, as the sheet shows it."""
        raise NotImplementedError

    def new_value(self, value: Any, answers: Mapping[str, Answer]) -> Any:
        """The new YAML value from the answered rows (`KEEP`, `DELETE` or a value); raises
        `CellError` for an answer that means nothing here."""
        raise NotImplementedError


class Single(Field):
    """A field written in one cell: a text, a date, a number."""

    kind = "text"

    def __init__(self, path: Path_, label: str, help: str) -> None:
        super().__init__(path, label)
        self.help = help

    def rows(self) -> list[Row]:
        return [Row(self.key, self.label, self.help, self.kind)]

    def show(self, value: Any) -> str:
        return "" if value is None else str(value)

    def current(self, value: Any) -> dict[str, str]:
        return {self.key: self.show(value)}

    def parse(self, answer: Answer) -> Any:
        """The YAML value of a non-empty answer."""
        raise NotImplementedError

    def new_value(self, value: Any, answers: Mapping[str, Answer]) -> Any:
        answer = answers.get(self.key)
        if answer_text(answer) is None:
            return KEEP
        return DELETE if erased(answer) else self.parse(answer)


class Text(Single):
    """A text: an address, a phone number, hours, a SIRET…"""

    def __init__(self, path: Path_, label: str, help: str, form: str = "text") -> None:
        super().__init__(path, label, help)
        self.form = form  # text, phone, postcode, siret, hours

    def show(self, value: Any) -> str:
        if isinstance(value, list):  # hours written as rules
            value = hours.to_osm(tuple(_rule(r) for r in value if isinstance(r, dict)))
        return super().show(value)

    def parse(self, answer: Answer) -> str:
        text = answer_text(answer) or ""
        if self.form == "phone":
            if isinstance(answer, int) and len(text) == 9:  # a number cell ate the leading 0
                text = "0" + text
            e164 = normalise_phone(text)
            return display_phone(e164) if e164 else text  # a wrong number: the loader says why
        if self.form in ("postcode", "siret"):
            digits = re.sub(r"[\s.\u00a0\u202f]", "", text)
            width = 5 if self.form == "postcode" else 14
            return digits.zfill(width) if isinstance(answer, int) else digits
        return re.sub(r"\s+", " ", text) if self.form != "hours" else text


def _rule(rule: Mapping[str, Any]) -> OpeningRule:
    return OpeningRule(
        tuple(rule.get("days", ())),
        str(rule.get("opens", "")),
        str(rule.get("closes", "")),
        tuple(rule.get("weeks_of_month", ())),
    )


class Date(Single):
    kind = "date"

    def show(self, value: Any) -> str:
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else super().show(value)

    def parse(self, answer: Answer) -> dt.date:
        return _date(self.key, answer)


class Integer(Single):
    kind = "integer"

    def show(self, value: Any) -> str:
        return number_text(value)

    def parse(self, answer: Answer) -> int | float:
        return number(self.key, answer, whole=True)


@cache
def _language_names() -> dict[str, str]:
    """French language name (without accents, lower case) -> ISO 639 code, from CLDR."""
    names = {
        _folded(name): code
        for code, name in Locale("fr").languages.items()
        if re.fullmatch(r"[a-z]{2,3}", code)
    }
    names["dari"] = "fa"  # docs/format.md: fa is Persian and Dari
    return names


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def language_name(code: str) -> str:
    return str(Locale("fr").languages.get(code, code))


class Languages(Single):
    """Languages spoken on site: names or ISO codes, separated by commas."""

    def __init__(self, path: Path_, label: str) -> None:
        super().__init__(
            path,
            label,
            "Noms ou codes, séparés par des virgules : français, anglais, arabe, dari… "
            "(ou fr, en, ar, fa). Seulement les langues vraiment parlées par l'équipe.",
        )

    def show(self, value: Any) -> str:
        codes = value if isinstance(value, list) else []
        return ", ".join(f"{language_name(c)} ({c})" for c in codes)

    def parse(self, answer: Answer) -> Any:
        codes: list[str] = []
        for part in re.split(r"[,;/]| et ", answer_text(answer) or ""):
            word = _folded(re.sub(r"\(.*?\)", "", part))  # « français (fr) » as exported
            if not word:
                continue
            code = word if re.fullmatch(r"[a-z]{2,3}", word) else _language_names().get(word)
            if code is None:
                raise CellError(
                    self.key,
                    f"« {part.strip()} » : langue inconnue ; écrivez son nom (arabe, dari, "
                    "pachto…) ou son code (ar, fa, ps…)",
                )
            if code not in codes:
                codes.append(code)
        return codes or DELETE

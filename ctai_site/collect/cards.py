"""The infocards a sheet asks in several rows: a list of choices (« oui » / « non » per
choice), a small mapping (an age, a duration) and the price, each with Réfugiés.info's answer
« Ce n'est pas pertinent pour mon action » where the editor has it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ctai_site.collect.fields import (
    DELETE,
    KEEP,
    NO,
    NOT_RELEVANT_LABEL,
    YES,
    Answer,
    CellError,
    Field,
    Row,
    answer_text,
    choice,
    erased,
    flag,
    number,
    number_text,
)
from ctai_site.fiche import labels
from ctai_site.fiche.reading import Path_
from ctai_site.fiche.schema import NOT_RELEVANT


def not_relevant_row(key: str, label: str) -> Row:
    """The row of Réfugiés.info's answer « Ce n'est pas pertinent pour mon action »."""
    return Row(
        key,
        f"{label} : {NOT_RELEVANT_LABEL.lower()}",
        "oui : la réponse de Réfugiés.info « Ce n'est pas pertinent pour mon action » ; "
        "seulement si c'est sûr",
        "flag",
        (YES, NO),
    )


class Choices(Field):
    """A list of codes from a vocabulary: one « oui / non » row per choice, and « Ce n'est pas
    pertinent pour mon action » for an infocard."""

    def __init__(
        self, path: Path_, label: str, options: Mapping[str, str], *, not_relevant: bool = False
    ) -> None:
        super().__init__(path, label)
        self.options = dict(options)
        self.not_relevant = not_relevant

    def _key(self, code: str) -> str:
        return f"{self.key}={code}"

    def rows(self) -> list[Row]:
        out = [
            Row(self._key(code), f"{self.label} : {text}", kind="flag", choices=(YES, NO))
            for code, text in self.options.items()
        ]
        if self.not_relevant:
            out.append(not_relevant_row(self._key(NOT_RELEVANT), self.label))
        return out

    def current(self, value: Any) -> dict[str, str]:
        chosen = value if isinstance(value, list) else []
        out = {self._key(code): YES if code in chosen else "" for code in self.options}
        if self.not_relevant:
            out[self._key(NOT_RELEVANT)] = YES if value == NOT_RELEVANT else ""
        return out

    def new_value(self, value: Any, answers: Mapping[str, Answer]) -> Any:
        flags = {
            code: flag(self._key(code), answers[self._key(code)])
            for code in [*self.options, NOT_RELEVANT]
            if answer_text(answers.get(self._key(code))) is not None
        }
        if not flags:
            return KEEP
        not_relevant = flags.pop(NOT_RELEVANT, None)
        if not_relevant:
            if any(flags.values()):
                raise CellError(
                    self._key(NOT_RELEVANT),
                    f"« {NOT_RELEVANT_LABEL} » et des choix à oui : gardez l'un ou l'autre",
                )
            return NOT_RELEVANT
        old = value if isinstance(value, list) else []
        chosen = {c for c in old if c in self.options}
        chosen |= {code for code, yes in flags.items() if yes}
        chosen -= {code for code, yes in flags.items() if not yes}
        result = [c for c in self.options if c in chosen] + [
            c for c in old if c not in self.options
        ]
        if result:
            return result
        if value == NOT_RELEVANT and not_relevant is None:
            return KEEP  # « non » to choices of a card answered « pas pertinent »: nothing to do
        return DELETE


@dataclass(frozen=True)
class Part:
    """One key of a small mapping (a duration's amount, an age's minimum)."""

    name: str
    label: str
    kind: str  # number, integer, choice
    help: str = ""
    options: Mapping[str, str] | None = None


class Parts(Field):
    """A small mapping written key by key (an age, a duration), or « not_relevant »."""

    def __init__(
        self, path: Path_, label: str, parts: Sequence[Part], *, not_relevant: bool = True
    ) -> None:
        super().__init__(path, label)
        self.parts = tuple(parts)
        self.not_relevant = not_relevant

    def _key(self, part: str) -> str:
        return f"{self.key}.{part}"

    def _nr_key(self) -> str:
        return f"{self.key}={NOT_RELEVANT}"

    def rows(self) -> list[Row]:
        out = [
            Row(
                self._key(p.name),
                f"{self.label} : {p.label}",
                p.help,
                "choice" if p.options else p.kind,
                tuple(p.options.values()) if p.options else (),
            )
            for p in self.parts
        ]
        if self.not_relevant:
            out.append(not_relevant_row(self._nr_key(), self.label))
        return out

    def _text(self, part: Part, value: Any) -> str:
        if part.options is not None:
            return part.options.get(str(value), "") if value is not None else ""
        return number_text(value)

    def current(self, value: Any) -> dict[str, str]:
        mapping = value if isinstance(value, dict) else {}
        out = {self._key(p.name): self._text(p, mapping.get(p.name)) for p in self.parts}
        if self.not_relevant:
            out[self._nr_key()] = YES if value == NOT_RELEVANT else ""
        return out

    def _parse(self, part: Part, answer: Answer) -> Any:
        key = self._key(part.name)
        if part.options is not None:
            return choice(key, answer, part.options)
        return number(key, answer, whole=part.kind == "integer")

    def new_value(self, value: Any, answers: Mapping[str, Answer]) -> Any:
        answered = {
            p.name: answers[self._key(p.name)]
            for p in self.parts
            if answer_text(answers.get(self._key(p.name))) is not None
        }
        nr = answers.get(self._nr_key()) if self.not_relevant else None
        if not answered and answer_text(nr) is None:
            return KEEP
        if answer_text(nr) is not None and flag(self._nr_key(), nr):
            if answered:
                raise CellError(
                    self._nr_key(),
                    f"« {NOT_RELEVANT_LABEL} » et des valeurs écrites : gardez l'un ou l'autre",
                )
            return NOT_RELEVANT
        mapping = dict(value) if isinstance(value, dict) else {}
        for part in self.parts:
            if part.name not in answered:
                continue
            if erased(answered[part.name]):
                mapping.pop(part.name, None)
            else:
                mapping[part.name] = self._parse(part, answered[part.name])
        return mapping or DELETE


_PRICE_FORMS = {
    "free": "Gratuit",
    "pay_what_you_can": "Montant libre",
    "amount": "Montant fixe",
    "range": "Fourchette (de … à …)",
    NOT_RELEVANT: NOT_RELEVANT_LABEL,
}


class Price(Field):
    """The price: its form (free, pay what you can, a fixed amount, a range), the amounts and
    what they are paid for."""

    def _key(self, part: str) -> str:
        return f"{self.key}.{part}" if part else self.key

    def rows(self) -> list[Row]:
        periods = tuple(labels.capitalised(t) for t in labels.PRICE_PERIODS.values())
        return [
            Row(
                self._key(""),
                f"{self.label} : forme",
                "Gratuit, montant libre, montant fixe ou fourchette",
                "choice",
                tuple(_PRICE_FORMS.values()),
            ),
            Row(
                self._key("amount"),
                f"{self.label} : montant en euros",
                "Le prix fixe, ou le bas de la fourchette ; un chiffre après la virgule au plus "
                "(12,5)",
                "number",
            ),
            Row(
                self._key("max"),
                f"{self.label} : montant maximum",
                "Fourchette seulement",
                "number",
            ),
            Row(
                self._key("per"), f"{self.label} : payé", "Par heure, par mois…", "choice", periods
            ),
        ]

    @staticmethod
    def _form(value: Any) -> str | None:
        if value == NOT_RELEVANT:
            return NOT_RELEVANT
        if not isinstance(value, dict):
            return None
        for key in ("free", "pay_what_you_can", "amount"):
            if value.get(key):
                return key
        return "range" if "min" in value or "max" in value else None

    def current(self, value: Any) -> dict[str, str]:
        price = value if isinstance(value, dict) else {}
        form = self._form(value)
        per = price.get("per")
        return {
            self._key(""): _PRICE_FORMS[form] if form else "",
            self._key("amount"): number_text(price.get("amount", price.get("min"))),
            self._key("max"): number_text(price.get("max")),
            self._key("per"): labels.capitalised(labels.PRICE_PERIODS[per])
            if per in labels.PRICE_PERIODS
            else "",
        }

    def new_value(self, value: Any, answers: Mapping[str, Answer]) -> Any:
        given = {
            part: answers[self._key(part)]
            for part in ("", "amount", "max", "per")
            if answer_text(answers.get(self._key(part))) is not None
        }
        if not given:
            return KEEP
        if "" in given and erased(given[""]):
            return DELETE
        old = value if isinstance(value, dict) else {}
        form = choice(self._key(""), given[""], _PRICE_FORMS) if "" in given else self._form(value)
        amount = old.get("amount", old.get("min"))
        if "amount" in given:
            amount = number(self._key("amount"), given["amount"])
        high = number(self._key("max"), given["max"]) if "max" in given else old.get("max")
        per = old.get("per")
        if "per" in given:
            periods = {k: labels.capitalised(t) for k, t in labels.PRICE_PERIODS.items()}
            per = choice(self._key("per"), given["per"], periods)
        if form is None:  # amounts without a form: a range when there is a maximum
            form = "range" if high is not None else "amount"
        if form in ("free", "pay_what_you_can"):
            return {form: True}
        if form == NOT_RELEVANT:
            return NOT_RELEVANT
        if amount is None:
            raise CellError(self._key("amount"), "écrivez le montant en euros")
        if per is None:
            raise CellError(
                self._key("per"), "choisissez ce que paie ce prix : par heure, par mois…"
            )
        if form == "amount":
            return {"amount": amount, "per": per}
        if high is None:
            raise CellError(self._key("max"), "une fourchette a un montant maximum")
        return {"min": amount, "max": high, "per": per}

"""The yearly report of the contract (the « fiche-bilan » of its article 8), made from the
fiches: per axis and action, the targets against the results, the beneficiaries by public,
the money granted, spent and left over, and what is still missing, from whom.

Pure: no I/O. `workbook.py` writes it for the State, `page.py` for the steering committee.
Nothing is guessed: what a fiche does not say is listed « à compléter ».
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from babel.numbers import format_currency, format_decimal

from ctai_site.fiche import vocab
from ctai_site.fiche.model import Action, Catalog, Contract, Report, Result, Target
from ctai_site.fiche.territory import Territory

LOCALE = "fr"
# The report is due on 1 June of the next year (article 8 of the CTAI model contract).
DUE_MONTH, DUE_DAY = 6, 1

# What a year's report may lack, as the coordinator asks the carrier for it.
MISSING_TARGETS = "objectifs de l'année"
MISSING_RESULTS = "résultats atteints"
MISSING_BY_PUBLIC = "bénéficiaires par public (EPA, BPI, BPT)"
MISSING_GRANTED = "montant accordé"
MISSING_SPENT = "montant dépensé"
MISSING_COMMENT = "bilan qualitatif (commentaire)"


def due_date(year: int) -> dt.date:
    return dt.date(year + 1, DUE_MONTH, DUE_DAY)


def year_warnings(year: int, territory: Territory | None, today: dt.date) -> list[str]:
    """What `ctai-site bilan YEAR` must say beside its figures, in French: a year the contract
    does not cover (or no contract at all), a deadline already passed."""
    from ctai_site.translation.l10n import date_fr

    contract = territory.contract if territory else None
    out = []
    if contract is None:
        out.append(
            "aucun contrat dans territory.yml : le bilan annuel est celui d'un contrat "
            "(décrivez-le sous « contract: », voir ctai-site aide nouveau-territoire)"
        )
    elif year not in contract.years:
        years = ", ".join(map(str, contract.years))
        out.append(
            f"{year} est hors du contrat (années : {years}) : aucune action n'y est financée"
        )
    if due_date(year) < today:
        out.append(f"la date de remise du bilan {year} ({date_fr(due_date(year))}) est passée")
    return out


def axis_names(territory: Territory) -> dict[int, str]:
    """The axes' names, in French, as the territory's contract gives them."""
    contract = territory.contract
    return {axis.number: axis.name for axis in contract.axes} if contract else {}


def funded(catalog: Catalog) -> tuple[tuple[Action, Contract], ...]:
    """The fiches the contract funds, with their contract (a town's other services have none)."""
    return tuple((a, a.contract) for a in catalog.actions if a.contract is not None)


def report_years(catalog: Catalog) -> tuple[int, ...]:
    """Every year a fiche reports on, and every year of the contract."""
    years = {r.year for _, c in funded(catalog) for r in c.reports}
    years |= {y for _, c in funded(catalog) for y in c.years}
    return tuple(sorted(years))


@dataclass(frozen=True)
class Line:
    """One action in one year's report."""

    action: Action
    report: Report  # empty when the fiche says nothing about the year
    missing: tuple[str, ...]

    @property
    def axis(self) -> int:
        return self.action.contract.axis if self.action.contract else 0

    @property
    def by_public(self) -> dict[str, int | None]:
        """EPA, BPI, BPT: the `by_public` of the year's results added up, or None where no
        result gives that public (the total alone stands)."""
        totals: dict[str, int] = {}
        for result in self.report.results:
            for public, count in result.by_public:
                totals[public] = totals.get(public, 0) + count
        return {public: totals.get(public) for public in vocab.CONTRACT_PUBLICS}


@dataclass(frozen=True)
class Totals:
    """Sums over lines; None where no line gives the figure (a total of 0 would read as
    « nobody » or « nothing spent »). The reliquat adds up the lines that have one."""

    by_public: dict[str, int | None]
    granted: Decimal | None
    spent: Decimal | None
    remainder: Decimal | None
    missing: int


def _sum(values: list[Any]) -> Any:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def totals(lines: tuple[Line, ...]) -> Totals:
    funding = [line.report.funding for line in lines]
    return Totals(
        {p: _sum([line.by_public[p] for line in lines]) for p in vocab.CONTRACT_PUBLICS},
        _sum([f.granted for f in funding]),
        _sum([f.spent for f in funding]),
        _sum([f.remainder for f in funding]),
        sum(len(line.missing) for line in lines),
    )


@dataclass(frozen=True)
class Axis:
    number: int
    name: str
    lines: tuple[Line, ...]

    @property
    def totals(self) -> Totals:
        return totals(self.lines)

    @property
    def title(self) -> str:
        return f"Axe {self.number} : {self.name}" if self.name else f"Axe {self.number}"


@dataclass(frozen=True)
class CarrierTodo:
    """What one carrier still owes the report."""

    carrier: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class YearReport:
    year: int
    axes: tuple[Axis, ...]

    @property
    def due(self) -> dt.date:
        return due_date(self.year)

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for axis in self.axes for line in axis.lines)

    @property
    def totals(self) -> Totals:
        return totals(self.lines)

    @property
    def missing_count(self) -> int:
        return sum(len(line.missing) for line in self.lines)

    def todo(self) -> tuple[CarrierTodo, ...]:
        """Lines with something missing, by carrier (in the report's order of first mention)."""
        by_carrier: dict[str, list[Line]] = {}
        for line in self.lines:
            if line.missing:
                by_carrier.setdefault(line.action.carrier.name, []).append(line)
        return tuple(CarrierTodo(name, tuple(lines)) for name, lines in by_carrier.items())


def missing(action: Action, report: Report) -> tuple[str, ...]:
    """What the report of `action` for the year lacks. A project (coordination between
    professionals) has no beneficiaries to count by public."""
    out = []
    if not report.targets:
        out.append(MISSING_TARGETS)
    if not report.results:
        out.append(MISSING_RESULTS)
    elif action.is_service and not any(r.by_public for r in report.results):
        out.append(MISSING_BY_PUBLIC)
    if report.funding.granted is None:
        out.append(MISSING_GRANTED)
    if report.funding.spent is None:
        out.append(MISSING_SPENT)
    if not report.comment:
        out.append(MISSING_COMMENT)
    return tuple(out)


def year_report(catalog: Catalog, year: int, axis_names: Mapping[int, str]) -> YearReport:
    """The report of `year`: every action funded that year or reporting on it, by axis.
    A year nobody wrote about gives lines that are all « à compléter », never an error."""
    axes: dict[int, list[Line]] = {}
    for action, contract in funded(catalog):
        report = contract.report(year)
        if report is None and year not in contract.years:
            continue
        report = report or Report(year)
        axes.setdefault(contract.axis, []).append(Line(action, report, missing(action, report)))
    return YearReport(
        year,
        tuple(
            Axis(
                number,
                axis_names.get(number, ""),
                tuple(sorted(lines, key=lambda x: (x.action.content.title.lower(), x.action.id))),
            )
            for number, lines in sorted(axes.items())
        ),
    )


# --- French wording (the workbook and the page say the same) -----------------------------------


def number_fr(value: int) -> str:
    return format_decimal(value, locale=LOCALE)


def euros_fr(value: Decimal) -> str:
    """« 12 000,50 € » (Babel, CLDR's French: narrow no-break spaces)."""
    return format_currency(value, "EUR", locale=LOCALE)


def _count(value: int, unit: str | None) -> str:
    return f"{number_fr(value)} {unit}" if unit else number_fr(value)


def target_fr(target: Target) -> str:
    """« Personnes accompagnées : 20 personnes (EPA, BPI) », or the objective's sentence."""
    if target.number is None:
        return target.text
    publics = f" ({', '.join(target.publics)})" if target.publics else ""
    return f"{target.text} : {_count(target.number, target.unit)}{publics}"


def result_fr(result: Result) -> str:
    """« Enfants accueillis : 18 enfants », with « dont EPA 20 » and the note when given."""
    text = f"{result.indicator} : {_count(result.total, result.unit)}"
    if result.by_public:
        text += ", dont " + ", ".join(f"{p} {number_fr(n)}" for p, n in result.by_public)
    if result.note:
        text += f" ({result.note})"
    return text

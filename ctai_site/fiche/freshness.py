"""Which fiches are due to be confirmed with their structure, and what to ask.

Practical facts go out of date without anyone editing the fiche: a permanence moves, a phone
number changes, hours shrink in summer. Watizat's volunteers call every structure every two
months; a territory sets its own rhythm (`freshness_months` in territory.yml, 6 by default).
A fiche says when its facts were last confirmed (`confirmed:`, or `updated:` until the first
confirmation); past the rhythm it is « à confirmer », with the facts it states that can change.
Nothing here is an error: a stale fiche is still valid and still published.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ctai_site.fiche.model import Action, Place

DEFAULT_MONTHS = 6


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by `months`, kept in its month's range (31 August + 6 months: 28 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def due(action: Action, months: int) -> dt.date:
    """The day the fiche's facts are to be confirmed again."""
    return add_months(action.confirmed_on, months)


def _place_facts(place: Place) -> list[str]:
    facts = [
        label
        for value, label in (
            (place.address, "adresse"),
            (place.opening_hours, "horaires"),
            (place.phone, "téléphone"),
            (place.email, "e-mail"),
        )
        if value
    ]
    return [f"lieu « {place.name} »" + (f" : {', '.join(facts)}" if facts else "")]


def to_confirm(action: Action) -> list[str]:
    """What to ask the structure, in French: the action still runs, then each fact the fiche
    states that can change (what it does not state yet is « à compléter », not here)."""
    out = ["l'action a toujours lieu"]
    for place in action.places:
        out += _place_facts(place)
    pr = action.practicalities
    out += [
        label
        for value, label in (
            (pr.price, "prix"),
            (pr.days, "jours de présence"),
            (pr.conditions, "conditions"),
            (pr.access.link, "lien d'inscription"),
            (action.carrier.website, "site de la structure"),
        )
        if value is not None
    ]
    return out


@dataclass(frozen=True)
class Due:
    """A fiche and when its facts are to be confirmed."""

    action: Action
    confirmed_on: dt.date
    due: dt.date

    def stale(self, today: dt.date) -> bool:
        return self.due <= today

    @property
    def to_confirm(self) -> list[str]:
        return to_confirm(self.action)


@dataclass(frozen=True)
class CarrierDue:
    """One structure's fiches, the most overdue first."""

    carrier: str
    fiches: tuple[Due, ...]


def schedule(actions: Iterable[Action], months: int) -> list[CarrierDue]:
    """Every current fiche (not archived) with its due date, grouped by structure (by name);
    structures in alphabetical order, each one's fiches the most overdue first."""
    by_carrier: dict[str, list[Due]] = {}
    for action in actions:
        if action.status == "archived":
            continue
        by_carrier.setdefault(action.carrier.name, []).append(
            Due(action, action.confirmed_on, due(action, months))
        )
    return [
        CarrierDue(name, tuple(sorted(fiches, key=lambda d: (d.due, d.action.id))))
        for name, fiches in sorted(by_carrier.items(), key=lambda item: item[0].casefold())
    ]


def stale(actions: Iterable[Action], months: int, today: dt.date) -> list[CarrierDue]:
    """The structures with fiches due on or before `today`, and only those fiches."""
    out = []
    for carrier in schedule(actions, months):
        late = tuple(d for d in carrier.fiches if d.stale(today))
        if late:
            out.append(CarrierDue(carrier.carrier, late))
    return out


def nothing_due(actions: Iterable[Action], months: int) -> str:
    """What to say when no fiche is due: how many were confirmed by their structure, how many
    never were (their clock starts at their last update), counted, never « toutes »."""
    current = [a for a in actions if a.status != "archived"]
    never = sum(1 for a in current if not a.confirmed)
    confirmed = len(current) - never
    parts = []
    if confirmed:
        s = "s" if confirmed > 1 else ""
        parts.append(
            f"{confirmed} fiche{s} confirmée{s} par {'leur' if s else 'sa'} structure depuis "
            f"moins de {months} mois"
        )
    if never:
        s = "s" if never > 1 else ""
        parts.append(
            f"{never} fiche{s} jamais confirmée{s}, mise{s} à jour depuis moins de {months} "
            "mois (à faire confirmer avant la date prévue)"
        )
    return (
        "Aucune fiche à confirmer maintenant" + (" : " + " ; ".join(parts) if parts else "") + "."
    )

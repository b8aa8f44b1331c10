"""Opening hours: the OpenStreetMap `opening_hours` syntax, both ways.

Only the part of the syntax a reception desk needs is accepted (weekdays, day ranges, the n-th
weekday of the month, time ranges, `off`, `PH off`); anything else is refused with a French
message rather than silently misread: a wrong opening hour sends a person to a closed door.
Reference: https://wiki.openstreetmap.org/wiki/Key:opening_hours/specification
"""

from __future__ import annotations

import re

from ctai_site.fiche import vocab
from ctai_site.fiche.model import OpeningRule

_DAY = {osm: day for osm, day in zip(vocab.OSM_DAYS, vocab.DAYS, strict=True)}
_OSM = {day: osm for osm, day in _DAY.items()}
_DAY_SPEC = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?(?:\[([^\]]*)\])?$")
_TIME_RANGE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$")


class HoursError(ValueError):
    """The text is not opening hours we can read (message in French)."""


def _days(spec: str) -> tuple[list[str], tuple[int, ...]]:
    days: list[str] = []
    weeks: tuple[int, ...] = ()
    for part in re.split(r",(?![^\[]*\])", spec):  # Mo[1,3],We: commas in [ ] are weeks
        m = _DAY_SPEC.match(part)
        if not m:
            raise HoursError(f"« {part} » n'est pas un jour (Mo, Tu, We, Th, Fr, Sa, Su)")
        first, last, nth = m.groups()
        i, j = vocab.OSM_DAYS.index(first), vocab.OSM_DAYS.index(last or first)
        if j < i:
            raise HoursError(f"« {part} » : la plage de jours est à l'envers")
        days.extend(vocab.DAYS[i : j + 1])
        if nth is not None:
            try:
                these = tuple(int(n) for n in nth.split(","))
            except ValueError:
                raise HoursError(f"« [{nth}] » n'est pas une liste de semaines du mois") from None
            if any(n not in (1, 2, 3, 4, 5, -1) for n in these):
                raise HoursError(f"« [{nth}] » : semaines du mois de 1 à 5 ou -1")
            if weeks and these != weeks:
                raise HoursError(
                    f"« {spec} » : les mêmes semaines pour tous les jours d'une règle, "
                    "ou une règle par semaine"
                )
            weeks = these
    return days, weeks


def _times(spec: str) -> list[tuple[str, str]]:
    ranges = []
    for part in spec.split(","):
        m = _TIME_RANGE.match(part)
        if not m:
            raise HoursError(f"« {part} » n'est pas une plage horaire HH:MM-HH:MM")
        opens, closes = f"{m[1]}:{m[2]}", f"{m[3]}:{m[4]}"
        if max(opens, closes) > "24:00":
            raise HoursError(f"« {part} » : une heure va de 00:00 à 24:00")
        if closes <= opens:
            raise HoursError(f"« {part} » : l'heure de fin est avant l'heure de début")
        ranges.append((opens, closes))
    return ranges


def _misread(rule: str, parts: list[str]) -> str | None:
    """Mistakes that look right to a person and not to OSM, each with its fix."""
    if parts[-1] in ("off", "closed") and re.search(r"\d:\d\d-\d", rule):
        try:
            _days(parts[0])
            days = parts[0]
        except HoursError:  # « 12:00-14:00 off »: no days at all
            days = "Mo-Fr"
        return (
            f"« {rule} » : « off » ferme des jours entiers (« Sa off » : fermé le samedi), pas "
            f"des heures ; une pause de midi s'écrit avec deux plages : "
            f"« {days} 09:00-12:00,14:00-17:00 »"
        )
    for m in re.finditer(r"([^\s,;]+)(\s*,\s*)([^\s,;]+)", rule):
        if m[2] != ",":  # « 09:00-12:00, 14:00-17:00 »: OSM reads the space as a new part
            where = "après" if m[2].endswith(" ") else "avant"
            return f"espace en trop {where} la virgule dans « {m[0]} » : écrivez « {m[1]},{m[3]} »"
    times = [p for p in parts[1:] if _TIME_RANGE.match(p.split(",")[-1])]
    if len(times) > 1:  # « Mo 09:00-12:00 14:00-17:00 »
        return (
            f"virgule manquante entre « {times[0]} » et « {times[1]} » : "
            f"écrivez « {times[0]},{times[1]} »"
        )
    return None


def closed_on_holidays(text: str) -> bool:
    """Whether the hours say the place is closed on public holidays (`PH off`)."""
    return any(rule.strip() in ("PH off", "PH closed") for rule in text.split(";"))


def parse_opening_hours(text: str) -> tuple[OpeningRule, ...]:
    """Parse OSM opening hours into rules; raise `HoursError` on anything we can't read."""
    rules: list[OpeningRule] = []
    if text.strip() == "24/7":
        return (OpeningRule(vocab.DAYS, "00:00", "24:00"),)
    for raw in text.split(";"):
        rule = raw.strip()
        if not rule:
            raise HoursError("règle vide (deux « ; » de suite ?)")
        if rule in ("PH off", "PH closed", "off"):
            continue
        parts = rule.split()
        misread = _misread(rule, parts)
        if misread:
            raise HoursError(misread)
        if len(parts) != 2:
            raise HoursError(
                f"« {rule} » : attendu « jours heures », par exemple « Mo-Fr 09:00-12:00 »"
            )
        days, weeks = _days(parts[0])
        if parts[1] in ("off", "closed"):  # « Sa off »: as in OSM, closes what came before
            if weeks:
                raise HoursError(
                    f"« {rule} » : fermeture d'une semaine du mois non prise en charge"
                )
            rules = [
                OpeningRule(
                    tuple(d for d in r.days if d not in days), r.opens, r.closes, r.weeks_of_month
                )
                for r in rules
                if set(r.days) - set(days)
            ]
            continue
        for earlier in rules:
            overlap = set(days) & set(earlier.days)
            if overlap and (
                not weeks or not earlier.weeks_of_month or earlier.weeks_of_month == weeks
            ):
                day = _OSM[next(d for d in vocab.DAYS if d in overlap)]
                raise HoursError(
                    f"« {day} » est dans deux règles : dans OpenStreetMap la seconde remplace la "
                    f"première ; mettez les heures d'un jour dans une seule règle "
                    f"(« {day} 09:00-12:00,14:00-17:00 »)"
                )
        for opens, closes in _times(parts[1]):
            rules.append(OpeningRule(tuple(days), opens, closes, weeks))
    if not rules:
        raise HoursError("aucune plage d'ouverture")
    return tuple(rules)


def _day_spec(days: tuple[str, ...], weeks: tuple[int, ...]) -> str:
    nth = f"[{','.join(str(w) for w in weeks)}]" if weeks else ""
    if nth:  # the n-th selector binds to a single weekday range: write each day
        return ",".join(_OSM[d] + nth for d in days)
    indexes = sorted(vocab.DAYS.index(d) for d in days)
    runs: list[list[int]] = []
    for i in indexes:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ",".join(
        vocab.OSM_DAYS[r[0]] + (f"-{vocab.OSM_DAYS[r[-1]]}" if len(r) > 2 else "")
        if len(r) != 2
        else f"{vocab.OSM_DAYS[r[0]]},{vocab.OSM_DAYS[r[1]]}"
        for r in runs
    )


def to_osm(rules: tuple[OpeningRule, ...]) -> str:
    """Write rules in OSM syntax, one rule per set of days with the same hours.

    Each day's hours go in one rule: in OSM a later rule naming a day replaces the earlier ones
    (`Mo-Fr 09:00-12:00; Mo 14:00-17:00` closes Monday morning)."""
    per_day: dict[tuple[str, tuple[int, ...]], set[str]] = {}
    for rule in rules:
        for day in rule.days:
            per_day.setdefault((day, rule.weeks_of_month), set()).add(f"{rule.opens}-{rule.closes}")
    same_hours: dict[tuple[tuple[int, ...], tuple[str, ...]], list[str]] = {}
    for (day, weeks), times in sorted(per_day.items(), key=lambda i: vocab.DAYS.index(i[0][0])):
        same_hours.setdefault((weeks, tuple(sorted(times))), []).append(day)
    return "; ".join(
        f"{_day_spec(tuple(days), weeks)} {','.join(times)}"
        for (weeks, times), days in same_hours.items()
    )

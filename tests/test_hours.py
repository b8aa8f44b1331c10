"""Opening hours, both ways: OpenStreetMap text <-> rules. A wrong hour sends someone to a
closed door, so anything ambiguous is refused with a French message."""

from __future__ import annotations

import pytest

from ctai_site.fiche.hours import HoursError, parse_opening_hours, to_osm
from ctai_site.fiche.model import OpeningRule

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
EVERY_DAY = (*WEEKDAYS, "saturday", "sunday")


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("Mo-Fr 09:00-12:00", [OpeningRule(WEEKDAYS, "09:00", "12:00")]),
        (
            "Mo-Fr 09:00-12:00,14:00-17:00",
            [OpeningRule(WEEKDAYS, "09:00", "12:00"), OpeningRule(WEEKDAYS, "14:00", "17:00")],
        ),
        (
            "Mo,We 09:00-12:00; Sa 10:00-12:00; PH off",
            [
                OpeningRule(("monday", "wednesday"), "09:00", "12:00"),
                OpeningRule(("saturday",), "10:00", "12:00"),
            ],
        ),
        (
            "Mo-We,Fr 09:00-12:00",
            [OpeningRule(("monday", "tuesday", "wednesday", "friday"), "09:00", "12:00")],
        ),
        ("Tu[-1] 14:00-16:00", [OpeningRule(("tuesday",), "14:00", "16:00", (-1,))]),
        ("Sa[1,3] 09:00-12:00", [OpeningRule(("saturday",), "09:00", "12:00", (1, 3))]),
        (
            "Mo[2],Th[2] 09:00-12:00",
            [OpeningRule(("monday", "thursday"), "09:00", "12:00", (2,))],
        ),
        (
            "Sa[1] 09:00-12:00; Sa[3] 14:00-16:00",  # different weeks: no rule replaces another
            [
                OpeningRule(("saturday",), "09:00", "12:00", (1,)),
                OpeningRule(("saturday",), "14:00", "16:00", (3,)),
            ],
        ),
        ("Mo-Su 18:00-24:00", [OpeningRule(EVERY_DAY, "18:00", "24:00")]),
        ("24/7", [OpeningRule(EVERY_DAY, "00:00", "24:00")]),
        ("  Mo-Fr   09:00-12:00 ", [OpeningRule(WEEKDAYS, "09:00", "12:00")]),
    ],
)
def test_parse(text: str, rules: list[OpeningRule]) -> None:
    assert parse_opening_hours(text) == tuple(rules)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lundi 09:00-12:00", "« lundi » n'est pas un jour (Mo, Tu, We, Th, Fr, Sa, Su)"),
        ("mo-fr 09:00-12:00", "« mo-fr » n'est pas un jour (Mo, Tu, We, Th, Fr, Sa, Su)"),
        ("Fr-Mo 09:00-12:00", "« Fr-Mo » : la plage de jours est à l'envers"),
        ("Mo-Fr 9:00-12:00", "« 9:00-12:00 » n'est pas une plage horaire HH:MM-HH:MM"),
        ("Mo-Fr 9h-12h", "« 9h-12h » n'est pas une plage horaire HH:MM-HH:MM"),
        ("Mo 12:00-09:00", "« 12:00-09:00 » : l'heure de fin est avant l'heure de début"),
        ("Mo 09:00-09:00", "« 09:00-09:00 » : l'heure de fin est avant l'heure de début"),
        ("Mo 09:00-25:00", "« 09:00-25:00 » n'est pas une plage horaire HH:MM-HH:MM"),
        ("Mo-Fr 09:00-12:00;", "règle vide (deux « ; » de suite ?)"),
        ("Mo-Fr", "« Mo-Fr » : attendu « jours heures », par exemple « Mo-Fr 09:00-12:00 »"),
        (
            "Mo-Fr 09:00-12:00 sur rendez-vous",
            "« Mo-Fr 09:00-12:00 sur rendez-vous » : attendu « jours heures », "
            "par exemple « Mo-Fr 09:00-12:00 »",
        ),
        ("Sa[6] 09:00-12:00", "« [6] » : semaines du mois de 1 à 5 ou -1"),
        ("Sa[1-3] 09:00-12:00", "« [1-3] » n'est pas une liste de semaines du mois"),
        (
            "Sa[1],Su[2] 09:00-12:00",
            "« Sa[1],Su[2] » : les mêmes semaines pour tous les jours d'une règle, "
            "ou une règle par semaine",
        ),
        # What looks right to a person: each message shows the text to write.
        (
            "Mo 09:00-12:00, 14:00-17:00",
            "espace en trop après la virgule dans « 09:00-12:00, 14:00-17:00 » : "
            "écrivez « 09:00-12:00,14:00-17:00 »",
        ),
        (
            "Mo-Fr 09:00-12:00 ,14:00-17:00",
            "espace en trop avant la virgule dans « 09:00-12:00 ,14:00-17:00 » : "
            "écrivez « 09:00-12:00,14:00-17:00 »",
        ),
        (
            "Mo, We 09:00-12:00",
            "espace en trop après la virgule dans « Mo, We » : écrivez « Mo,We »",
        ),
        (
            "Tu[1, 3] 14:00-16:00",
            "espace en trop après la virgule dans « Tu[1, 3] » : écrivez « Tu[1,3] »",
        ),
        (
            "Mo 09:00-12:00 14:00-17:00",
            "virgule manquante entre « 09:00-12:00 » et « 14:00-17:00 » : "
            "écrivez « 09:00-12:00,14:00-17:00 »",
        ),
        (
            "Mo-Fr 09:00-17:00; Mo-Fr 12:00-14:00 off",
            "« Mo-Fr 12:00-14:00 off » : « off » ferme des jours entiers (« Sa off » : fermé le "
            "samedi), pas des heures ; une pause de midi s'écrit avec deux plages : "
            "« Mo-Fr 09:00-12:00,14:00-17:00 »",
        ),
        (
            "Mo-Fr 09:00-17:00; 12:00-14:00 off",
            "« 12:00-14:00 off » : « off » ferme des jours entiers (« Sa off » : fermé le "
            "samedi), pas des heures ; une pause de midi s'écrit avec deux plages : "
            "« Mo-Fr 09:00-12:00,14:00-17:00 »",
        ),
        (
            "Tu 09:00-17:00,12:00-14:00 closed",
            "« Tu 09:00-17:00,12:00-14:00 closed » : « off » ferme des jours entiers (« Sa off » : "
            "fermé le samedi), pas des heures ; une pause de midi s'écrit avec deux plages : "
            "« Tu 09:00-12:00,14:00-17:00 »",
        ),
        ("off", "aucune plage d'ouverture"),
        ("PH off", "aucune plage d'ouverture"),
        (
            "Mo-Fr 09:00-17:00; We 09:00-12:00",  # in OSM, We would close at noon
            "« We » est dans deux règles : dans OpenStreetMap la seconde remplace la première ; "
            "mettez les heures d'un jour dans une seule règle (« We 09:00-12:00,14:00-17:00 »)",
        ),
        (
            "Mo 09:00-12:00; Mo[1] 14:00-16:00",
            "« Mo » est dans deux règles : dans OpenStreetMap la seconde remplace la première ; "
            "mettez les heures d'un jour dans une seule règle (« Mo 09:00-12:00,14:00-17:00 »)",
        ),
    ],
)
def test_refused_in_french(text: str, message: str) -> None:
    with pytest.raises(HoursError) as caught:
        parse_opening_hours(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("rules", "text"),
    [
        ([OpeningRule(WEEKDAYS, "09:00", "12:00")], "Mo-Fr 09:00-12:00"),
        ([OpeningRule(("monday", "tuesday"), "09:00", "12:00")], "Mo,Tu 09:00-12:00"),
        (
            [OpeningRule(("friday", "monday", "tuesday", "wednesday"), "09:00", "12:00")],
            "Mo-We,Fr 09:00-12:00",
        ),
        (  # hours of the same days merge, earliest first
            [OpeningRule(WEEKDAYS, "14:00", "17:00"), OpeningRule(WEEKDAYS, "09:00", "12:00")],
            "Mo-Fr 09:00-12:00,14:00-17:00",
        ),
        (  # a day with more hours gets its own rule: in OSM a later rule replaces an earlier one
            [
                OpeningRule(("monday", "tuesday"), "09:00", "12:00"),
                OpeningRule(("monday",), "14:00", "16:00"),
            ],
            "Mo 09:00-12:00,14:00-16:00; Tu 09:00-12:00",
        ),
        (
            [OpeningRule(("saturday",), "10:00", "12:00", (1, 3))],
            "Sa[1,3] 10:00-12:00",
        ),
        (  # the n-th selector binds to one weekday: each day is written
            [OpeningRule(("monday", "tuesday", "wednesday"), "09:00", "12:00", (-1,))],
            "Mo[-1],Tu[-1],We[-1] 09:00-12:00",
        ),
        (
            [
                OpeningRule(("saturday",), "09:00", "12:00", (1,)),
                OpeningRule(("saturday",), "14:00", "16:00", (3,)),
            ],
            "Sa[1] 09:00-12:00; Sa[3] 14:00-16:00",
        ),
    ],
)
def test_to_osm(rules: list[OpeningRule], text: str) -> None:
    assert to_osm(tuple(rules)) == text


@pytest.mark.parametrize(
    "rules",
    [
        [OpeningRule(WEEKDAYS, "09:00", "12:00"), OpeningRule(WEEKDAYS, "14:00", "17:00")],
        [
            OpeningRule(("tuesday", "thursday"), "09:00", "12:00"),
            OpeningRule(("saturday",), "10:00", "12:00", (1, 3)),
        ],
        [OpeningRule(("monday", "wednesday"), "08:30", "12:00", (2, 4))],
        [OpeningRule(EVERY_DAY, "00:00", "24:00")],
    ],
)
def test_round_trip_from_the_structured_form(rules: list[OpeningRule]) -> None:
    """The structured form of a fiche -> the OSM text of the exports -> the same rules."""
    assert parse_opening_hours(to_osm(tuple(rules))) == tuple(rules)


@pytest.mark.parametrize(
    "text",
    [
        "Mo-Fr 09:00-12:00,14:00-17:00",
        "Mo,We 09:00-12:00; Sa[1,3] 10:00-12:00",
        "Mo[-1],Tu[-1] 09:00-12:00",
        "Mo 09:00-12:00,14:00-16:00; Tu 09:00-12:00",
    ],
)
def test_round_trip_from_osm(text: str) -> None:
    assert to_osm(parse_opening_hours(text)) == text


def test_days_off_close_what_an_earlier_rule_opened() -> None:
    """OSM's « Sa off »: a later rule replaces the earlier ones for its days."""
    rules = parse_opening_hours("Mo-Sa 09:00-12:00; We off")
    assert [r.days for r in rules] == [("monday", "tuesday", "thursday", "friday", "saturday")]
    assert to_osm(rules) == "Mo,Tu,Th-Sa 09:00-12:00"
    assert parse_opening_hours("Mo-Fr 09:00-12:00; Sa,Su off") == parse_opening_hours(
        "Mo-Fr 09:00-12:00"
    )

"""« À compléter »: what a valid fiche still lacks to be published. Not errors: a to-do list,
and `validate` still exits with 0 (see data/fiches/good/)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FICHES

from ctai_site.fiche.completeness import Missing, missing
from ctai_site.fiche.loading import load_action
from ctai_site.fiche.model import Action

COMPLETE: dict[str, Any] = yaml.safe_load(
    (FICHES / "good" / "complete" / "atelier-francais.yml").read_text(encoding="utf-8")
)
INFOCARDS = (
    ("audience", "public_status"),
    ("audience", "french_level"),
    ("audience", "age"),
    ("audience", "specific_public"),
    ("practicalities", "price"),
    ("practicalities", "commitment"),
    ("practicalities", "frequency"),
    ("practicalities", "days"),
    ("practicalities", "conditions"),
    ("practicalities", "area"),
)


def _action(tmp_path: Path, data: dict[str, Any]) -> Action:
    fiche = tmp_path / "fiche.yml"
    fiche.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    action, problems = load_action(fiche, "fiche.yml")
    assert action is not None, [str(p) for p in problems]
    return action


def _without(*paths: str) -> dict[str, Any]:
    data = copy.deepcopy(COMPLETE)
    for path in paths:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        del node[last]
    return data


def _fields(action: Action) -> list[tuple[str, str]]:
    return [(m.target, m.field) for m in missing(action)]


def test_complete_fiche_lacks_nothing(tmp_path: Path) -> None:
    assert missing(_action(tmp_path, COMPLETE)) == []


@pytest.mark.parametrize(
    ("removed", "expected"),
    [
        (["content.brand"], [("refugies.info", "content.brand")]),
        (["carrier.siret"], [("data·inclusion", "carrier.siret")]),
        (["practicalities.languages"], [("data·inclusion", "practicalities.languages")]),
        (
            ["practicalities.access"],
            [
                ("data·inclusion", "practicalities.access.by"),
                ("data·inclusion", "practicalities.access.modes"),
            ],
        ),
        (
            ["places.0.phone", "places.0.email"],
            [
                ("data·inclusion", "places[1].phone"),
                ("data·inclusion", "places[1].email"),
            ],
        ),
        (["places.0.opening_hours"], [("data·inclusion", "places[1].opening_hours")]),
        (  # Réfugiés.info publishes without a map point: only data·inclusion misses it
            ["places.0.coordinates"],
            [("data·inclusion", "places[1].coordinates")],
        ),
        (
            ["places.0.address", "places.0.postcode"],
            [
                ("data·inclusion", "places[1].address"),
                ("data·inclusion", "places[1].postcode"),
            ],
        ),
        (["places"], [("data·inclusion", "places")]),
        (
            ["audience.french_level", "practicalities.days"],
            [
                ("refugies.info", "audience.french_level"),
                ("refugies.info", "practicalities.days"),
            ],
        ),
    ],
)
def test_what_is_missing(
    tmp_path: Path, removed: list[str], expected: list[tuple[str, str]]
) -> None:
    assert _fields(_action(tmp_path, _without(*removed))) == expected


def test_every_unanswered_infocard_is_listed_in_the_editor_order(tmp_path: Path) -> None:
    data = _without(*(f"{section}.{name}" for section, name in INFOCARDS))
    assert _fields(_action(tmp_path, data)) == [
        ("refugies.info", f"{section}.{name}") for section, name in INFOCARDS
    ]


# Réfugiés.info's editor has no « not relevant » answer for these two cards.
ALWAYS_ANSWERED = (("audience", "public_status"), ("practicalities", "area"))


def test_not_relevant_is_an_answer(tmp_path: Path) -> None:
    data = copy.deepcopy(COMPLETE)
    for section, name in INFOCARDS:
        if (section, name) not in ALWAYS_ANSWERED:
            data[section][name] = "not_relevant"
    assert missing(_action(tmp_path, data)) == []


def test_unanswered_cards_say_what_to_write(tmp_path: Path) -> None:
    data = _without(*(f"{section}.{name}" for section, name in INFOCARDS))
    labels = {m.field: m.label for m in missing(_action(tmp_path, data))}
    assert labels["audience.public_status"] == (
        "carte « Public » : non renseignée (au moins un statut : EPA, BPI, BPT, asile…)"
    )
    assert labels["practicalities.area"] == (
        "carte « C'est où ? » : non renseignée "
        "(departements, communes, national: true ou online: true)"
    )
    assert labels["audience.french_level"] == (
        "carte « Niveau de français » : non renseignée (ou « not_relevant »)"
    )


def test_why_and_how_of_a_complete_service_are_not_listed(tmp_path: Path) -> None:
    """A service with fewer than 3 « why » is an error, not a to-do: never both."""
    fields = [m.field for m in missing(_action(tmp_path, _without("content.brand")))]
    assert "content.why" not in fields
    assert "content.how" not in fields


def test_a_project_is_published_nowhere_else(tmp_path: Path) -> None:
    data = _without("carrier.siret", "places", "practicalities", "audience", "content.brand")
    data["kind"] = "project"
    assert missing(_action(tmp_path, data)) == []


def test_a_missing_item_reads_as_a_label_and_its_field() -> None:
    item = Missing("places[1].phone", "lieu « Centre social » : téléphone", "data·inclusion")
    assert str(item) == "lieu « Centre social » : téléphone (places[1].phone)"

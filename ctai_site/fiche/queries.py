"""Which actions and places go out to the public: questions every output asks of a catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ctai_site.fiche import vocab
from ctai_site.fiche.model import Action, Audience, Catalog, Place
from ctai_site.fiche.schema import NOT_RELEVANT


def answered(value: Any) -> Any:
    """The infocard's value, or None when it is unanswered or « non concerné »."""
    return None if value is None or value == NOT_RELEVANT else value


def public_services(catalog: Catalog) -> tuple[Action, ...]:
    """Services the public can go to now: kind `service`, status `active`."""
    return tuple(a for a in catalog.actions if a.is_service and a.status == "active")


def located_places(catalog: Catalog) -> Iterator[tuple[Action, int, Place]]:
    """(action, 1-based place number, place) for each place of an active service on a map."""
    for action in public_services(catalog):
        for number, place in enumerate(action.places, start=1):
            if place.coordinates is not None:
                yield action, number, place


def place_id(action: Action, number: int) -> str:
    return f"{action.id}--{number}"


def contract_publics(audience: Audience) -> tuple[str, ...]:
    """EPA / BPI / BPT as written; failing that, BPI or BPT read from Réfugiés.info statuses."""
    if audience.contract_publics:
        return tuple(p for p in vocab.CONTRACT_PUBLICS if p in audience.contract_publics)
    statuses = set(answered(audience.public_status) or ())
    return tuple(p for p in ("BPI", "BPT") if statuses & set(vocab.PUBLIC_SHORTCUTS[p]))

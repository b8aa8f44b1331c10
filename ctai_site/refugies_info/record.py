"""Réfugiés.info drafts: each service fiche in the platform's order, words and codes.

There is no API to write a fiche on Réfugiés.info (every write needs the site's own secret):
carriers type or paste into its editor, section by section. This module prepares that paste:
a French page per service with a copy button on every block (`draft_pages`), a JSON draft with
Réfugiés.info's own field names (`to_draft`, `write_draft_json`), and a checklist like the
editor's « Manquant » (`draft_checklist`). Projects for professionals get no draft: Réfugiés.info
lists only actions newcomers can go to.

Conventions of the JSON draft (field names and codes from refugies-info/karfur,
`packages/api-types/src/generics.ts` and `modules/dispositif.ts`):

- an absent key is « not written yet »; `null` in `metadatas` is the editor's « ne concerne pas
  mon action » (our `not_relevant`);
- `theme` and `secondaryThemes` hold the theme's French short name (« Santé », « Français »),
  the words of the editor's theme picker; the platform itself stores theme ids;
- `mainSponsor` is the carrier's name: the platform stores a structure id, chosen in the editor;
- `why` / `how` are keyed by UUIDv5 of `<id>:why:<n>`, stable from one build to the next (the
  platform keys them with random uuids);
- section texts are the HTML of `richtext.to_html` (what the editor keeps when pasted);
- price: free is `{"values": [0]}`; **assumption**: pay-what-you-can is `{"values": []}` (the
  type allows it; we found no statement of the platform's own convention);
- commitment and frequency without `details` are read as « exactly » (`amountDetails: exactly`).
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import phonenumbers

from ctai_site.fiche import labels, richtext, vocab
from ctai_site.fiche.model import (
    Action,
    Age,
    Area,
    Catalog,
    Duration,
    OpeningRule,
    Place,
    Price,
)
from ctai_site.fiche.schema import NOT_RELEVANT
from ctai_site.refugies_info.checklist import draft_checklist
from ctai_site.refugies_info.editor import DRAFTS_DIR, location_labels

# --- The JSON draft --------------------------------------------------------------------------


def number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _section_key(action: Action, name: str, index: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"ctai-site:{action.id}:{name}:{index}"))


def _age(age: Age) -> dict[str, Any]:
    if age.min is not None and age.max is not None:
        return {"type": "between", "ages": [age.min, age.max]}
    if age.min is not None:
        return {"type": "moreThan", "ages": [age.min]}
    return {"type": "lessThan", "ages": [age.max]}


def _price(price: Price) -> dict[str, Any]:
    if price.free:
        return {"values": [0]}
    if price.pay_what_you_can:
        values: list[int | float] = []
    elif price.amount is not None:
        values = [number(price.amount)]
    else:
        values = [number(v) for v in (price.min, price.max) if v is not None]
    out: dict[str, Any] = {"values": values}
    if price.per:
        out["details"] = price.per
    return out


def _commitment(duration: Duration) -> dict[str, Any]:
    hours = [number(duration.amount)]
    if duration.max is not None:
        hours.append(number(duration.max))
    return {
        "amountDetails": duration.details or "exactly",
        "hours": hours,
        "timeUnit": duration.unit,
    }


def _frequency(duration: Duration) -> dict[str, Any]:
    return {
        "amountDetails": duration.details or "exactly",
        "hours": number(duration.amount),
        "timeUnit": duration.unit,
        "frequencyUnit": duration.per,
    }


def _location(area: Area) -> list[str] | str | None:
    names, _ = location_labels(area)
    if names:
        return names
    return "online" if area.online else None


def _metadatas(action: Action) -> dict[str, Any]:
    """Réfugiés.info `Metadatas`: unanswered cards are left out, « not relevant » is null."""
    au, pr = action.audience, action.practicalities
    convert: dict[str, tuple[Any, Any]] = {
        "publicStatus": (au.public_status, list),
        "frenchLevel": (au.french_level, list),
        "age": (au.age, _age),
        "public": (au.specific_public, list),
        "price": (pr.price, _price),
        "commitment": (pr.commitment, _commitment),
        "frequency": (pr.frequency, _frequency),
        "timeSlots": (pr.days, list),
        "conditions": (pr.conditions, lambda cs: [vocab.CONDITIONS[c] for c in cs]),
        "location": (pr.area, _location),
    }
    out: dict[str, Any] = {}
    for key, (value, build) in convert.items():
        if value is None:
            continue
        if value == NOT_RELEVANT:
            out[key] = None
            continue
        built = build(value)
        if built is not None:
            out[key] = built
    return out


def _poi(place: Place) -> dict[str, Any] | None:
    """A point on the map (`Poi`): needs an address and coordinates."""
    if place.coordinates is None or place.address is None:
        return None
    poi: dict[str, Any] = {
        "title": place.name,
        "address": _full_address(place),
        "city": place.city,
        "lat": place.coordinates.lat,
        "lng": place.coordinates.lng,
    }
    description = _place_description(place)
    if description:
        poi["description"] = description
    if place.email:
        poi["email"] = place.email
    if place.phone:
        poi["phone"] = _national_phone(place.phone)
    return poi


def _full_address(place: Place) -> str:
    town = f"{place.postcode} {place.city}" if place.postcode else place.city
    return f"{place.address}, {town}"


def _national_phone(e164: str) -> str:
    number = phonenumbers.parse(e164, "FR")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def _hours_fr(rules: tuple[OpeningRule, ...]) -> str:
    parts = []
    for rule in rules:
        days = ", ".join(labels.DAYS[d] for d in rule.days)
        if rule.weeks_of_month:
            nth = " et ".join(
                "dernier" if w == -1 else ("1er" if w == 1 else f"{w}e")
                for w in rule.weeks_of_month
            )
            days += f" ({nth} du mois)"
        parts.append(f"{days} : {rule.opens}-{rule.closes}")
    return " ; ".join(parts)


def _place_description(place: Place) -> str:
    parts = []
    if place.opening_rules:
        parts.append(f"Horaires : {_hours_fr(place.opening_rules)}.")
    if place.practical:
        parts.append(place.practical)
    if place.accessibility:
        parts.append(place.accessibility)
    return " ".join(parts)


def require_service(action: Action) -> None:
    if not action.is_service:
        raise ValueError(
            f"« {action.id} » est un projet pour les professionnels : Réfugiés.info ne publie "
            "que des actions où les personnes peuvent aller, pas de brouillon"
        )


def to_draft(action: Action) -> dict[str, Any]:
    """The JSON draft of a service fiche: Réfugiés.info's fields, then what is missing."""
    require_service(action)
    content = action.content
    draft: dict[str, Any] = {"id": action.id, "typeContenu": "dispositif"}
    draft["titreInformatif"] = content.title
    if content.brand:
        draft["titreMarque"] = content.brand
    draft["abstract"] = content.summary
    draft["what"] = richtext.to_editor_html(content.what)
    for name, sections in (("why", content.why), ("how", content.how)):
        if sections:
            draft[name] = {
                _section_key(action, name, i): {
                    "title": section.title,
                    "text": richtext.to_editor_html(section.text),
                }
                for i, section in enumerate(sections, start=1)
            }
    draft["mainSponsor"] = action.carrier.name
    draft["theme"] = vocab.THEMES_BY_KEY[action.themes.main].short_fr
    draft["secondaryThemes"] = [vocab.THEMES_BY_KEY[t].short_fr for t in action.themes.secondary]
    draft["metadatas"] = _metadatas(action)
    points = [poi for poi in (_poi(p) for p in action.places) if poi]
    if points:
        draft["map"] = points
    checklist = draft_checklist(action)
    draft["missing"] = [{"field": i.field, "label": i.label} for i in checklist if i.blocking]
    draft["advice"] = [{"field": i.field, "label": i.label} for i in checklist if not i.blocking]
    return draft


def draft_json(action: Action) -> str:
    return json.dumps(to_draft(action), ensure_ascii=False, indent=2) + "\n"


def write_draft_json(catalog: Catalog, site_dir: Path) -> int:
    """Write `site_dir/refugies-info/<id>.json` for every service; return how many."""
    out = site_dir / DRAFTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    for action in catalog.services:
        (out / f"{action.id}.json").write_text(draft_json(action), encoding="utf-8")
    return len(catalog.services)

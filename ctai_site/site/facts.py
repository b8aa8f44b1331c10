"""The facts of an action in the reader's language: its infocards in plain words, its phone
as written in France, a link to the place on OpenStreetMap, and its schema.org JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import phonenumbers

from ctai_site import translation as i18n
from ctai_site.fiche import richtext, vocab
from ctai_site.fiche.model import Action, Audience, Place, Price
from ctai_site.fiche.schema import NOT_RELEVANT
from ctai_site.translation import l10n


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    key: str  # for CSS and tests: for_whom, french_level, price…
    items: tuple[str, ...] = ()  # alternatives shown as a list, never joined with « and »


def _card_value(value: Any, answered: Callable[[Any], str], any_label: str, s: l10n.Say) -> str:
    if value is None:
        return s("action.unknown")
    if value == NOT_RELEVANT:
        return any_label
    return answered(value)


def publics(audience: Audience) -> tuple[list[str], list[str]]:
    """The contract's publics a fiche names (EPA, BPI, BPT), and the other statuses it names
    that they do not cover (Réfugiés.info's codes)."""
    statuses = audience.public_status if isinstance(audience.public_status, tuple) else ()
    named = [p for p in vocab.CONTRACT_PUBLICS if p in audience.contract_publics]
    covered = {code for p in named for code in vocab.PUBLIC_SHORTCUTS[p]}
    return named, [code for code in statuses if code not in covered]


def for_whom(audience: Audience, lang: str, s: l10n.Say) -> tuple[str, ...]:
    """« Pour qui ? » in the contract's own words: EPA / BPI / BPT said plainly (« personnes
    arrivées en France depuis moins de 5 ans avec un titre de séjour »…), then any other status
    the fiche names. Réfugiés.info's codes, into which EPA expands, have no word for a newcomer
    with an ordinary residence permit: that expansion is for the draft only.

    Alternatives, one item each: joined with « and », a reader took EPA and BPI for two
    conditions to meet together (issue #22: « arrived less than 5 years ago and refugees »)."""
    statuses = audience.public_status
    if statuses is None or statuses == NOT_RELEVANT:
        return (_card_value(statuses, str, s("card.public.any"), s),)
    named, others = publics(audience)
    items = [s(f"public.contract.{p}") for p in named] + [s(f"public.{c}") for c in others]
    return tuple(text[:1].upper() + text[1:] for text in items)  # the phrases start lowercase


def cards(action: Action, lang: str, s: l10n.Say) -> list[Card]:
    """The infocards, in plain words: for whom, French level, price, days, conditions…"""
    au, pr = action.audience, action.practicalities

    def join(items: Iterable[str]) -> str:
        return l10n.join(items, lang)

    publics = for_whom(au, lang, s)
    out = [Card(s("action.for_whom"), " · ".join(publics), "public", publics)]
    if isinstance(au.specific_public, tuple):
        out.append(
            Card(
                s("action.specific_public"),
                join(s(f"specific.{c}") for c in au.specific_public),
                "specific",
            )
        )
    out.append(
        Card(
            s("action.french_level"),
            _card_value(
                au.french_level,
                lambda v: join(s(f"level.{c}") for c in v),
                s("card.french.any"),
                s,
            ),
            "french_level",
        )
    )

    def age(v: Any) -> str:
        if v.min is not None and v.max is not None:
            return s("age.between", min=v.min, max=v.max)
        return s("age.min", min=v.min) if v.min is not None else s("age.max", max=v.max)

    if au.age is not None:
        out.append(Card(s("action.age"), _card_value(au.age, age, s("card.age.any"), s), "age"))
    if action.is_service:  # a project is work between professionals: nobody pays to go
        price = _card_value(
            pr.price, lambda v: l10n.price(v, lang, s), s("card.price.not_relevant"), s
        )
        out.append(Card(s("action.price"), price, "price"))
    names = l10n.day_names(lang)
    if pr.days is not None:
        out.append(
            Card(
                s("action.days"),
                _card_value(pr.days, lambda v: join(names[d] for d in v), s("card.days.any"), s),
                "days",
            )
        )
    for key, value in (("commitment", pr.commitment), ("frequency", pr.frequency)):
        if value not in (None, NOT_RELEVANT):
            out.append(Card(s(f"action.{key}"), l10n.duration(value, lang, s), key))  # type: ignore[arg-type]
    out.append(
        Card(
            s("action.conditions"),
            _card_value(
                pr.conditions,
                lambda v: join(s(f"condition.{c}") for c in v),
                s("card.conditions.none"),
                s,
            ),
            "conditions",
        )
    )
    if pr.capacity is not None:
        out.append(Card(s("action.capacity"), l10n.number(pr.capacity, lang), "capacity"))
    return out


def is_free(action: Action) -> bool | None:
    price = action.practicalities.price
    return price.free if isinstance(price, Price) else None


def osm_link(place: Place) -> str | None:
    """A link that opens the place in OpenStreetMap (a link, never a resource the page loads)."""
    if place.coordinates is None:
        return None
    lat, lng = place.coordinates.lat, place.coordinates.lng
    zoom = 15 if place.coordinates.approximate else 18
    return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lng}#map={zoom}/{lat}/{lng}"


def json_ld(loc: i18n.LocalizedAction) -> str:
    """schema.org `Service` of an action, safe inside `<script>`."""
    action = loc.action
    carrier: dict[str, Any] = {"@type": "Organization", "name": action.carrier.name}
    if action.carrier.website:
        carrier["url"] = action.carrier.website
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": loc.text("content.title").value,
        "description": richtext.to_plain(loc.text("content.summary").value),
        "inLanguage": loc.text("content.title").lang,
        "provider": carrier,
        "serviceType": vocab.THEMES_BY_KEY[action.themes.main].name_fr,
        "dateModified": action.updated.isoformat(),
    }
    if action.content.brand:
        data["alternateName"] = loc.text("content.brand").value
    free = is_free(action)
    if free is not None:
        data["isAccessibleForFree"] = free
    locations = []
    for place in action.places:
        where: dict[str, Any] = {"@type": "Place", "name": place.name}
        address = {"@type": "PostalAddress", "addressLocality": place.city, "addressCountry": "FR"}
        if place.address:
            address["streetAddress"] = place.address
        if place.postcode:
            address["postalCode"] = place.postcode
        where["address"] = address
        if place.coordinates and not place.coordinates.approximate:
            where["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": place.coordinates.lat,
                "longitude": place.coordinates.lng,
            }
        if place.phone:
            where["telephone"] = place.phone
        if place.email:
            where["email"] = place.email
        if place.opening_rules:
            where["openingHoursSpecification"] = [
                {
                    "@type": "OpeningHoursSpecification",
                    "dayOfWeek": [f"https://schema.org/{d.capitalize()}" for d in rule.days],
                    "opens": rule.opens,
                    "closes": rule.closes,
                }
                for rule in place.opening_rules
                if not rule.weeks_of_month
            ]
        locations.append(where)
    if locations:
        data["availableChannel"] = [
            {"@type": "ServiceChannel", "serviceLocation": where} for where in locations
        ]
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # No `<`, `>` or `&` at all: nothing in the data can close the script or open a comment.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

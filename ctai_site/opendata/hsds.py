"""Open Referral HSDS 3.0: services, locations, schedules, with deterministic UUIDv5 ids."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from ctai_site.fiche import vocab
from ctai_site.fiche.model import Action, Catalog, Place
from ctai_site.fiche.queries import (
    answered,
    place_id,
)
from ctai_site.opendata.wording import (
    ActionUrl,
    Record,
    conditions_fr,
    description_fr,
    drop_empty,
    how_fr,
    http_url,
    language_names,
    price_fr,
    publics_fr,
    service_name,
    slugify,
)

# --- HSDS 3.0 --------------------------------------------------------------------------------

# The project's fixed namespace; each source (town) gets its own below it, so that two sites never
# share an id. Changing this string changes every published id: don't.
HSDS_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://ctai-site.invalid/hsds/3.0")
_RRULE_DAYS = {d: osm.upper() for d, osm in zip(vocab.DAYS, vocab.OSM_DAYS, strict=True)}
_HSDS_STATUS = {"active": "active", "paused": "temporarily closed", "archived": "inactive"}


def hsds_id(kind: str, local_id: str, source: str = "ctai-site") -> str:
    """A stable UUIDv5: the same fiche always gets the same ids, in every export."""
    namespace = uuid.uuid5(HSDS_NAMESPACE, source)
    return str(uuid.uuid5(namespace, f"{kind}:{local_id}"))


def _departement(place: Place) -> str | None:
    code = place.insee or place.postcode
    if not code:
        return None
    return code[:3] if code.startswith("97") else code[:2]


def _hsds_location(action: Action, number: int, place: Place, source: str) -> Record:
    key = place_id(action, number)
    location_id = hsds_id("location", key, source)
    exact = place.coordinates is not None and not place.coordinates.approximate
    location: Record = {
        "id": location_id,
        "location_type": "physical",
        "name": place.name,
        "transportation": place.practical,
        "latitude": place.coordinates.lat if exact and place.coordinates else None,
        "longitude": place.coordinates.lng if exact and place.coordinates else None,
    }
    if place.coordinates is not None and place.coordinates.approximate:
        location["description"] = (
            f"Position approximative ({place.coordinates.lat}, {place.coordinates.lng}) : "
            "l'adresse exacte n'est pas encore connue."
        )
    if place.address and place.postcode and _departement(place):
        location["addresses"] = [
            {
                "id": hsds_id("address", key, source),
                "location_id": location_id,
                "address_1": place.address,
                "city": place.city,
                "state_province": _departement(place),
                "postal_code": place.postcode,
                "country": "FR",
                "address_type": "physical",
            }
        ]
    if place.phone:
        location["phones"] = [
            {"id": hsds_id("phone", key, source), "location_id": location_id, "number": place.phone}
        ]
    if place.accessibility:
        location["accessibility"] = [
            {
                "id": hsds_id("accessibility", key, source),
                "location_id": location_id,
                "description": place.accessibility,
            }
        ]
    return drop_empty(location)


def _hsds_schedules(
    action: Action, number: int, place: Place, sal_id: str, service_id: str, source: str
) -> list[Record]:
    schedules = []
    for i, rule in enumerate(place.opening_rules, start=1):
        if rule.weeks_of_month:
            freq = "MONTHLY"
            byday = ",".join(
                f"{week}{_RRULE_DAYS[day]}" for day in rule.days for week in rule.weeks_of_month
            )
        else:
            freq, byday = "WEEKLY", ",".join(_RRULE_DAYS[day] for day in rule.days)
        schedules.append(
            {
                "id": hsds_id("schedule", f"{place_id(action, number)}--{i}", source),
                "service_id": service_id,
                "service_at_location_id": sal_id,
                "freq": freq,
                "byday": byday,
                "opens_at": rule.opens,
                "closes_at": rule.closes,
                "description": place.opening_hours,
            }
        )
    return schedules


def _hsds_service(action: Action, source: str, action_url: ActionUrl | None) -> Record:
    service_id = hsds_id("service", action.id, source)
    carrier = action.carrier
    organization_id = hsds_id("organization", slugify(carrier.name), source)
    pr = action.practicalities
    price = answered(pr.price)
    age = answered(action.audience.age)
    name = service_name(action)
    organization: Record = {
        "id": organization_id,
        "name": carrier.name,
        "alternate_name": carrier.acronym,
        "description": f"Structure porteuse de l'action « {name} » du contrat "
        "territorial d'accueil et d'intégration.",
        "website": http_url(carrier.website),
    }
    if carrier.siret:
        organization["organization_identifiers"] = [
            {
                "id": hsds_id("organization_identifier", slugify(carrier.name), source),
                "organization_id": organization_id,
                "identifier_type": "SIRET",
                "identifier": carrier.siret,
            }
        ]
    at_locations = []
    for number, place in enumerate(action.places, start=1):
        sal_id = hsds_id("service_at_location", place_id(action, number), source)
        location = _hsds_location(action, number, place, source)
        at_locations.append(
            drop_empty(
                {
                    "id": sal_id,
                    "service_id": service_id,
                    "location_id": location["id"],
                    "schedules": _hsds_schedules(action, number, place, sal_id, service_id, source),
                    "location": location,
                }
            )
        )
    languages = [
        {
            "id": hsds_id("language", f"{action.id}--{code}", source),
            "service_id": service_id,
            "name": name,
            "code": code,
        }
        for code, name in zip(pr.languages, language_names(pr.languages, "en"), strict=True)
    ]
    cost_options = []
    if price is not None and not price.free and (price.amount or price.min is not None):
        cost_options.append(
            drop_empty(
                {
                    "id": hsds_id("cost_option", action.id, source),
                    "service_id": service_id,
                    "currency": "EUR",
                    "amount": price.amount if price.amount is not None else price.min,
                    "amount_description": price_fr(price),
                }
            )
        )
    area = answered(pr.area)
    service_areas = []
    if area is not None and (
        area.description or area.communes or area.departements or area.national
    ):
        codes = ", ".join([*area.communes, *area.departements])
        service_areas.append(
            drop_empty(
                {
                    "id": hsds_id("service_area", action.id, source),
                    "service_id": service_id,
                    "name": area.description
                    or ("Toute la France" if area.national else f"Zone : {codes}"),
                    "description": f"Codes géographiques INSEE : {codes}" if codes else None,
                }
            )
        )
    first = action.places[0] if action.places else None
    service: Record = {
        "id": service_id,
        "organization_id": organization_id,
        "name": name,
        "alternate_name": action.content.title if name != action.content.title else None,
        "description": description_fr(action),
        "url": action_url(action) if action_url else http_url(pr.access.link),
        "email": first.email if first else None,
        "status": _HSDS_STATUS[action.status],
        "application_process": how_fr(action),
        "fees_description": price_fr(price) if price is not None else None,
        "eligibility_description": " ".join(
            t for t in (publics_fr(action.audience), conditions_fr(action)) if t
        ),
        "minimum_age": age.min if age is not None else None,
        "maximum_age": age.max if age is not None else None,
        "assured_date": action.confirmed_on.isoformat(),  # « last checked »: confirmed
        "organization": drop_empty(organization),
        "service_at_locations": at_locations,
        "languages": languages,
        "cost_options": cost_options,
        "service_areas": service_areas,
    }
    return drop_empty(service)


def to_hsds(
    catalog: Catalog, *, source: str = "ctai-site", action_url: ActionUrl | None = None
) -> list[Record]:
    """Open Referral HSDS 3.0: one compiled `service` per service fiche (any status)."""
    return [_hsds_service(a, source, action_url) for a in catalog.actions if a.is_service]


def hsds_objects(service: Record) -> Iterator[tuple[str, Record]]:
    """(schema name, object) for the service and every object nested in it."""
    yield "service", service
    if "organization" in service:
        yield "organization", service["organization"]
        for item in service["organization"].get("organization_identifiers", ()):
            yield "organization_identifier", item
    for name in ("languages", "cost_options", "service_areas"):
        for item in service.get(name, ()):
            yield name[:-1], item
    for sal in service.get("service_at_locations", ()):
        yield "service_at_location", sal
        for schedule in sal.get("schedules", ()):
            yield "schedule", schedule
        location = sal["location"]
        yield "location", location
        for name in ("addresses", "phones"):
            for item in location.get(name, ()):
                yield {"addresses": "address", "phones": "phone"}[name], item
        for item in location.get("accessibility", ()):
            yield "accessibility", item

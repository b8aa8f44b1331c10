"""Open data: the catalogue in national and international formats.

Pure functions build the records (`to_geojson`, `to_data_inclusion`, `to_hsds`, `to_csv`);
`write_exports` puts them on disk for the « Données ouvertes » page and `ctai-site export`.

Exports say only what the fiches say. A field the fiche leaves unanswered stays out of the record
(no « gratuit » by default, no guessed address), and nothing about a beneficiary is ever written:
the fiche format has no such field, and contract results are only counts. Coordinates marked
approximate stay out of data·inclusion and HSDS, which cannot say « approximate »: a pin in the
wrong street sends a person to the wrong door. The GeoJSON keeps them, with `precision`.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale

from ctai_site import labels, richtext, vocab
from ctai_site.files import write_if_changed
from ctai_site.model import Action, Audience, Carrier, Catalog, Duration, Place, Price
from ctai_site.schema import NOT_RELEVANT

Record = dict[str, Any]
ActionUrl = Callable[[Action], str]

DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 10_000
NAME_MIN, NAME_MAX = 3, 150
SOURCE_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Stable names of the files of the « Données ouvertes » page (and of `export --format all`).
FILES = {
    "geojson": "lieux.geojson",
    "data-inclusion-structures-json": "data-inclusion-structures.json",
    "data-inclusion-services-json": "data-inclusion-services.json",
    "data-inclusion-structures-csv": "data-inclusion-structures.csv",
    "data-inclusion-services-csv": "data-inclusion-services.csv",
    "data-inclusion-xlsx": "data-inclusion.xlsx",
    "hsds": "hsds-services.json",
    "csv": "services.csv",
}

# --- French wording of the infocards (what a professional reads in Dora) ---------------------
# The labels of the codes are in `labels`, shared with the Réfugiés.info drafts.

# Our specific publics -> data·inclusion `publics` codes (it has none for `gender`).
_SPECIFIC_PUBLICS_DI = {
    "family": "familles",
    "women": "femmes",
    "youths": "jeunes",
    "senior": "seniors",
}


def answered(value: Any) -> Any:
    """The infocard's value, or None when it is unanswered or « non concerné »."""
    return None if value is None or value == NOT_RELEVANT else value


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def price_fr(price: Price) -> str:
    """The price as a professional reads it: « 10 € par mois », « Gratuit »."""
    per = f" {labels.PRICE_PERIODS[price.per]}" if price.per else ""
    if price.free:
        return "Gratuit"
    if price.pay_what_you_can:
        return "Prix libre : chacun donne ce qu'il peut"
    if price.amount is not None:
        return f"{_number(price.amount)} €{per}"
    if price.min is not None and price.max is not None:
        return f"De {_number(price.min)} à {_number(price.max)} €{per}"
    return ""  # pragma: no cover - the loader refuses any other shape


def duration_fr(duration: Duration, per: dict[str, str] | None = None) -> str:
    details = labels.AMOUNT_DETAILS.get(duration.details or "exactly", "")
    amount = _number(duration.amount)
    if duration.max is not None:
        amount = f"{amount} et {_number(duration.max)}"
    text = " ".join(filter(None, (details, amount, labels.TIME_UNITS[duration.unit])))
    if duration.per and per:
        text += f" {per[duration.per]}"
    return text


def language_names(codes: Sequence[str], locale: str = "fr") -> list[str]:
    """Names of ISO 639 codes in `locale` (Babel/CLDR), the code itself when CLDR lacks it."""
    names = Locale.parse(locale).languages
    return [names.get(code, code) for code in codes]


def publics_fr(audience: Audience) -> str | None:
    """EPA / BPI / BPT detail, specific publics, age and the fiche's own words, in French."""
    parts: list[str] = []
    statuses = answered(audience.public_status) or ()
    covered: set[str] = set()
    named = []
    for public in audience.contract_publics:
        named.append(labels.CONTRACT_PUBLICS[public])
        covered.update(vocab.PUBLIC_SHORTCUTS[public])
    named += [labels.PUBLIC_STATUSES[code] for code in statuses if code not in covered]
    if named:
        parts.append("Publics : " + ", ".join(named) + ".")
    specific = answered(audience.specific_public) or ()
    if specific:
        parts.append(
            "Public spécifique : " + ", ".join(labels.SPECIFIC_PUBLICS[s] for s in specific) + "."
        )
    age = answered(audience.age)
    if age is not None:
        if age.min is not None and age.max is not None:
            parts.append(f"De {age.min} à {age.max} ans.")
        elif age.min is not None:
            parts.append(f"À partir de {age.min} ans.")
        elif age.max is not None:
            parts.append(f"Jusqu'à {age.max} ans.")
    if audience.precisions:
        parts.append(audience.precisions.strip())
    return " ".join(parts) or None


def conditions_fr(action: Action) -> str | None:
    parts: list[str] = []
    conditions = answered(action.practicalities.conditions) or ()
    if conditions:
        parts.append("Conditions : " + ", ".join(labels.CONDITIONS[c] for c in conditions) + ".")
    levels = answered(action.audience.french_level) or ()
    if levels:
        parts.append("Niveau de français : " + ", ".join(levels) + ".")
    if action.practicalities.conditions_text:
        parts.append(action.practicalities.conditions_text.strip())
    return " ".join(parts) or None


def rhythm_fr(action: Action) -> str | None:
    """Duration, frequency and days of presence: « Durée : 3 mois. Rythme : … »."""
    pr = action.practicalities
    parts = []
    commitment = answered(pr.commitment)
    if commitment is not None:
        parts.append(f"Durée : {duration_fr(commitment)}.")
    frequency = answered(pr.frequency)
    if frequency is not None:
        parts.append(f"Rythme : {duration_fr(frequency, labels.FREQUENCY_PERIODS)}.")
    days = answered(pr.days)
    if days:
        parts.append("Jours : " + ", ".join(labels.DAYS[d] for d in days) + ".")
    return " ".join(parts) or None


def _flat(text: str) -> str:
    return " ".join(richtext.to_plain(text).split())


def description_fr(action: Action) -> str:
    """What it is, why it helps, and the languages spoken: plain text for any catalogue."""
    content = action.content
    parts = [richtext.to_plain(content.what)]
    if content.why:
        parts.append(
            "Pourquoi c'est intéressant :\n"
            + "\n".join(f"- {s.title} : {_flat(s.text)}" for s in content.why)
        )
    rhythm = rhythm_fr(action)
    if rhythm:
        parts.append(rhythm)
    if action.practicalities.languages:
        names = language_names(action.practicalities.languages)
        parts.append(f"Langues parlées : {', '.join(names)}.")
    text = "\n\n".join(parts)
    if len(text) > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return text


def how_fr(action: Action) -> str | None:
    parts = [f"{s.title} : {_flat(s.text)}" for s in action.content.how]
    if action.practicalities.access.referral:
        parts.append(f"Pour les professionnels : {action.practicalities.access.referral.strip()}")
    return "\n".join(parts) or None


def service_name(action: Action) -> str:
    """The brand (name of the action) when it fits data·inclusion's 3-150 characters."""
    brand = action.content.brand
    if brand and brand.strip() in (action.carrier.name, action.carrier.acronym):
        brand = None  # the brand is only the structure's name: the title says what it is
    for candidate in (brand, action.content.title):
        if candidate and NAME_MIN <= len(candidate.strip()) <= NAME_MAX:
            name = candidate.strip()
            break
    else:
        name = (brand or action.content.title).strip()
        if len(name) > NAME_MAX:
            name = name[: NAME_MAX - 1].rstrip() + "…"
    return name.rstrip(".") if not name.endswith("etc.") else name


def slugify(text: str) -> str:
    """« Maison des Citoyens, ville de Dax » -> `maison-des-citoyens-ville-de-dax`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _http(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


# --- Which actions and places go out ---------------------------------------------------------


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


# --- GeoJSON (RFC 7946) ------------------------------------------------------------------------


def _drop_empty(record: Record) -> Record:
    return {k: v for k, v in record.items() if v is not None and v != [] and v != ""}


def place_address(place: Place) -> str:
    """« 12 rue X, 40100 Dax » (what the fiche gives of it)."""
    city = " ".join(p for p in (place.postcode, place.city) if p)
    return ", ".join(p for p in (place.address, city) if p)


def to_geojson(catalog: Catalog, *, action_url: ActionUrl | None = None) -> Record:
    """Every located place of an active service, as a Point [longitude, latitude]."""
    features = []
    for action, number, place in located_places(catalog):
        assert place.coordinates is not None
        price = answered(action.practicalities.price)
        properties = {
            "action_id": action.id,
            "place_number": number,
            "title": action.content.title,
            "brand": action.content.brand,
            "summary": action.content.summary,
            "carrier": action.carrier.name,
            "theme": action.themes.main,
            "themes": [action.themes.main, *action.themes.secondary],
            "thematiques": list(action.themes.thematiques),
            "types": list(action.themes.types),
            "publics": list(contract_publics(action.audience)),
            "public_status": list(answered(action.audience.public_status) or ()),
            "specific_public": list(answered(action.audience.specific_public) or ()),
            "place_name": place.name,
            "address": place.address,
            "postcode": place.postcode,
            "city": place.city,
            "insee": place.insee,
            "precision": place.coordinates.precision,
            "phone": place.phone,
            "email": place.email,
            "opening_hours": place.opening_hours,
            "languages": list(action.practicalities.languages),
            "price": price_fr(price) if price is not None else None,
            "updated": action.updated.isoformat(),
            "url": action_url(action) if action_url else None,
        }
        features.append(
            {
                "type": "Feature",
                "id": place_id(action, number),
                "geometry": {
                    "type": "Point",
                    "coordinates": [place.coordinates.lng, place.coordinates.lat],
                },
                "properties": _drop_empty(properties),
            }
        )
    return {"type": "FeatureCollection", "features": features}


# --- data·inclusion v1 ---------------------------------------------------------------------------


def structure_id(source: str, carrier: Carrier) -> str:
    return f"{source}--{slugify(carrier.name)}"


def _di_structures(actions: Sequence[Action], source: str) -> list[Record]:
    by_id: dict[str, Record] = {}
    for action in actions:
        carrier = action.carrier
        sid = structure_id(source, carrier)
        record = by_id.setdefault(
            sid,
            {"source": source, "id": sid, "nom": carrier.name.strip(), "date_maj": ""},
        )
        record["date_maj"] = max(record["date_maj"], action.updated.isoformat())
        if carrier.siret and "siret" not in record:
            record["siret"] = carrier.siret
        if _http(carrier.website) and "site_web" not in record:
            record["site_web"] = carrier.website
        if carrier.networks:
            networks = record.setdefault("reseaux_porteurs", [])
            networks += [n for n in carrier.networks if n not in networks]
    return list(by_id.values())


def _place_fields(place: Place) -> Record:
    exact = place.coordinates is not None and not place.coordinates.approximate
    return {
        "commune": place.city,
        "code_postal": place.postcode,
        "code_insee": place.insee,
        "adresse": place.address,
        "latitude": place.coordinates.lat if exact and place.coordinates else None,
        "longitude": place.coordinates.lng if exact and place.coordinates else None,
        "telephone": place.phone,
        "courriel": place.email,
        "horaires_accueil": place.opening_hours,
    }


def _di_service(action: Action, source: str, action_url: ActionUrl | None) -> Record:
    pr = action.practicalities
    au = action.audience
    publics: list[str] = []
    statuses = answered(au.public_status) or ()
    if any(code != "french" for code in statuses):
        publics.append("personnes-exilees")
    publics += [
        _SPECIFIC_PUBLICS_DI[s]
        for s in answered(au.specific_public) or ()
        if s in _SPECIFIC_PUBLICS_DI
    ]
    price = answered(pr.price)
    frais = frais_precisions = None
    if price is not None:
        free = price.free or (price.amount == 0 and not price.pay_what_you_can)
        frais = "gratuit" if free else "payant"
        frais_precisions = None if price.free else price_fr(price)
    area = answered(pr.area)
    zone = [*area.communes, *area.departements] if area is not None else []
    frequency = answered(pr.frequency)
    weekly_hours = (
        frequency.amount
        if frequency is not None
        and frequency.unit == "hours"
        and frequency.per == "week"
        and frequency.details in (None, "exactly")
        else None
    )
    commitment = answered(pr.commitment)
    weeks = (
        int(commitment.amount)
        if commitment is not None
        and commitment.unit == "weeks"
        and commitment.details in (None, "exactly")
        and commitment.amount >= 1
        and commitment.amount == int(commitment.amount)
        else None
    )
    record: Record = {
        "source": source,
        "structure_id": structure_id(source, action.carrier),
        "id": f"{source}--{action.id}",
        "nom": service_name(action),
        "description": description_fr(action),
        "lien_source": action_url(action) if action_url else None,
        "date_maj": action.updated.isoformat(),
        "type": action.themes.types[0] if action.themes.types else None,
        "thematiques": list(action.themes.thematiques),
        "frais": frais,
        "frais_precisions": frais_precisions,
        "publics": publics,
        "publics_precisions": publics_fr(au),
        "conditions_acces": conditions_fr(action),
        **(_place_fields(action.places[0]) if action.places else {}),
        "modes_accueil": list(pr.access.reception),
        "zone_eligibilite": zone,
        "lien_mobilisation": _http(pr.access.link),
        "modes_mobilisation": list(pr.access.modes),
        "mobilisable_par": list(pr.access.by),
        "mobilisation_precisions": how_fr(action),
        "volume_horaire_hebdomadaire": weekly_hours,
        "nombre_semaines": weeks,
    }
    return _drop_empty(record)


def to_data_inclusion(
    catalog: Catalog, source: str, *, action_url: ActionUrl | None = None
) -> tuple[list[Record], list[Record]]:
    """(structures, services) as data·inclusion v1 records; absent fields are left out."""
    if not SOURCE_PATTERN.match(source):
        raise ValueError(f"« {source} » n'est pas une source data·inclusion (minuscules, tirets)")
    actions = public_services(catalog)
    services = [_di_service(action, source, action_url) for action in actions]
    return _di_structures(actions, source), services


def data_inclusion_fields() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Column order of the official models (structures, services)."""
    from data_inclusion.schema.v1 import Service, Structure

    return tuple(Structure.model_fields), tuple(Service.model_fields)


def data_inclusion_problems(structures: list[Record], services: list[Record]) -> list[str]:
    """What the official pydantic models refuse (warnings included), in French."""
    import pydantic
    from data_inclusion.schema.v1 import Service, Structure

    problems = []
    context = {"ignore_warnings": False}
    for model, records in ((Structure, structures), (Service, services)):
        for record in records:
            try:
                model.model_validate(record, context=context)
            except pydantic.ValidationError as error:
                for e in error.errors():
                    where = ".".join(str(p) for p in e["loc"])
                    problems.append(f"{record.get('id')} : {where} : {e['msg']}")
    return problems


def quality_scores(services: list[Record]) -> list[tuple[str, float, dict[str, float | None]]]:
    """data·inclusion's own quality score of each service (0 to 1), with its criteria."""
    from data_inclusion.schema.v1 import Service
    from data_inclusion.schema.v1.score_qualite import score

    out = []
    for record in services:
        value, criteria = score(Service.model_validate(record))
        out.append((record["id"], value, dict(criteria)))
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return value


def records_csv(records: list[Record], fields: Sequence[str]) -> str:
    """CSV with the given header; lists comma-joined, as the official validator reads them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), lineterminator="\r\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell(v) for k, v in record.items()})
    return out.getvalue()


def data_inclusion_xlsx(structures: list[Record], services: list[Record]) -> bytes:
    """The workbook the official validator takes: sheets `Structures` and `Services`."""
    from openpyxl import Workbook

    structure_fields, service_fields = data_inclusion_fields()
    book = Workbook()
    first = book.active
    book.remove(first)
    for title, fields, records in (
        ("Structures", structure_fields, structures),
        ("Services", service_fields, services),
    ):
        sheet = book.create_sheet(title)
        sheet.append(list(fields))
        for record in records:
            sheet.append([_cell(record.get(field)) for field in fields])
    dates = [r["date_maj"] for r in services + structures]
    if dates:  # reproducible files: the workbook's dates are the data's, not the build's
        import datetime as dt

        stamp = dt.datetime.fromisoformat(max(dates))
        book.properties.created = book.properties.modified = stamp
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip_dates(out.getvalue(), max(dates) if dates else "2000-01-01")


def _fixed_zip_dates(data: bytes, day: str) -> bytes:
    """Same data, same bytes: the zip entries get the data's date, not the build's clock (so
    an unchanged catalogue publishes an unchanged file)."""
    stamp = (*(int(p) for p in day.split("-")), 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)  # type: ignore[arg-type]
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps `modified` when saving
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*",
                    rb"\g<1>" + f"{day}T00:00:00Z".encode(),
                    content,
                )
            target.writestr(fixed, content)
    return out.getvalue()


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
    return _drop_empty(location)


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
        "website": _http(carrier.website),
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
            _drop_empty(
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
            _drop_empty(
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
    if area is not None and (area.description or area.communes or area.departements):
        codes = ", ".join([*area.communes, *area.departements])
        service_areas.append(
            _drop_empty(
                {
                    "id": hsds_id("service_area", action.id, source),
                    "service_id": service_id,
                    "name": area.description or f"Zone : {codes}",
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
        "url": action_url(action) if action_url else _http(pr.access.link),
        "email": first.email if first else None,
        "status": _HSDS_STATUS[action.status],
        "application_process": how_fr(action),
        "fees_description": price_fr(price) if price is not None else None,
        "eligibility_description": " ".join(
            t for t in (publics_fr(action.audience), conditions_fr(action)) if t
        ),
        "minimum_age": age.min if age is not None else None,
        "maximum_age": age.max if age is not None else None,
        "assured_date": action.updated.isoformat(),
        "organization": _drop_empty(organization),
        "service_at_locations": at_locations,
        "languages": languages,
        "cost_options": cost_options,
        "service_areas": service_areas,
    }
    return _drop_empty(service)


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


# --- CSV for spreadsheets --------------------------------------------------------------------

SPREADSHEET_COLUMNS = (
    ("identifiant", "id"),
    ("statut", "status"),
    ("axe", "axis"),
    ("titre", "title"),
    ("nom de l'action", "brand"),
    ("résumé", "summary"),
    ("structure porteuse", "carrier"),
    ("thème", "theme"),
    ("publics du contrat", "publics"),
    ("précisions sur le public", "publics_text"),
    ("conditions", "conditions"),
    ("prix", "price"),
    ("durée et rythme", "rhythm"),
    ("langues parlées", "languages"),
    ("lieu", "place"),
    ("adresse", "address"),
    ("commune", "city"),
    ("code INSEE", "insee"),
    ("latitude", "lat"),
    ("longitude", "lng"),
    ("précision de la position", "precision"),
    ("téléphone", "phone"),
    ("courriel", "email"),
    ("horaires", "hours"),
    ("autres lieux", "more_places"),
    ("mise à jour", "updated"),
    ("page", "url"),
)


def spreadsheet_rows(
    catalog: Catalog, *, action_url: ActionUrl | None = None
) -> list[dict[str, Any]]:
    """One row per service fiche (any status), French headers; the first place in columns."""
    rows = []
    for action in catalog.services:
        price = answered(action.practicalities.price)
        first = action.places[0] if action.places else None
        coordinates = first.coordinates if first else None
        row = {
            "id": action.id,
            "status": action.status,
            "axis": action.contract.axis,
            "title": action.content.title,
            "brand": action.content.brand,
            "summary": action.content.summary,
            "carrier": action.carrier.name,
            "theme": vocab.THEMES_BY_KEY[action.themes.main].name_fr,
            "publics": ", ".join(contract_publics(action.audience)),
            "publics_text": publics_fr(action.audience),
            "conditions": conditions_fr(action),
            "price": price_fr(price) if price is not None else None,
            "rhythm": rhythm_fr(action),
            "languages": ", ".join(language_names(action.practicalities.languages)),
            "place": first.name if first else None,
            "address": first.address if first else None,
            "city": " ".join(p for p in (first.postcode, first.city) if p) if first else None,
            "insee": first.insee if first else None,
            "lat": coordinates.lat if coordinates else None,
            "lng": coordinates.lng if coordinates else None,
            "precision": {"exact": "exacte", "approximate": "approximative"}[coordinates.precision]
            if coordinates
            else None,
            "phone": first.phone if first else None,
            "email": first.email if first else None,
            "hours": first.opening_hours if first else None,
            "more_places": " | ".join(f"{p.name}, {place_address(p)}" for p in action.places[1:]),
            "updated": action.updated.isoformat(),
            "url": action_url(action) if action_url else None,
        }
        rows.append(row)
    return rows


def to_csv(catalog: Catalog, *, action_url: ActionUrl | None = None) -> str:
    """CSV for spreadsheets (`;` and a BOM, as French spreadsheet software expects)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for header, _ in SPREADSHEET_COLUMNS])
    for row in spreadsheet_rows(catalog, action_url=action_url):
        writer.writerow(["" if row[key] is None else row[key] for _, key in SPREADSHEET_COLUMNS])
    return out.getvalue()


# --- Files -----------------------------------------------------------------------------------


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@lru_cache(maxsize=4)  # mkdocs-static-i18n runs on_post_build once per language: build once
def export_files(
    catalog: Catalog, source: str, *, action_url: ActionUrl | None = None
) -> dict[str, str | bytes]:
    """File name -> content, for every format (the names in `FILES`). Don't mutate the result:
    it is cached."""
    structures, services = to_data_inclusion(catalog, source, action_url=action_url)
    structure_fields, service_fields = data_inclusion_fields()
    return {
        FILES["geojson"]: _json(to_geojson(catalog, action_url=action_url)),
        FILES["data-inclusion-structures-json"]: _json(structures),
        FILES["data-inclusion-services-json"]: _json(services),
        FILES["data-inclusion-structures-csv"]: records_csv(structures, structure_fields),
        FILES["data-inclusion-services-csv"]: records_csv(services, service_fields),
        FILES["data-inclusion-xlsx"]: data_inclusion_xlsx(structures, services),
        FILES["hsds"]: _json(to_hsds(catalog, source=source, action_url=action_url)),
        FILES["csv"]: to_csv(catalog, action_url=action_url),
    }


@lru_cache(maxsize=4)  # the same function for the same site, so `export_files` hits its cache
def site_action_url(site_url: str | None) -> ActionUrl | None:
    """Absolute URL of an action page (`<site_url>actions/<id>/`), when the site has one."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return lambda action: f"{base}actions/{action.id}/"


def write_exports(
    catalog: Catalog, out_dir: Path, source: str, *, action_url: ActionUrl | None = None
) -> list[Path]:
    """Write every export into `out_dir` under its stable name; return the paths."""
    paths = []
    for name, content in export_files(catalog, source, action_url=action_url).items():
        write_if_changed(out_dir / name, content)
        paths.append(out_dir / name)
    return paths


# --- Command line: `ctai-site export` ----------------------------------------------------------

FORMATS = (
    "geojson",
    "data-inclusion-json",
    "data-inclusion-csv",
    "data-inclusion-xlsx",
    "hsds",
    "csv",
    "all",
)
# Formats whose OUT is a folder (they write several files); the others write the file OUT.
_FORMAT_FILES = {
    "geojson": (FILES["geojson"],),
    "data-inclusion-json": (
        FILES["data-inclusion-structures-json"],
        FILES["data-inclusion-services-json"],
    ),
    "data-inclusion-csv": (
        FILES["data-inclusion-structures-csv"],
        FILES["data-inclusion-services-csv"],
    ),
    "data-inclusion-xlsx": (FILES["data-inclusion-xlsx"],),
    "hsds": (FILES["hsds"],),
    "csv": (FILES["csv"],),
    "all": tuple(FILES.values()),
}
DEFAULT_SOURCE = "ctai-site"


class _TolerantLoader(yaml.SafeLoader):
    """Safe loading of mkdocs.yml: tags such as `!!python/name:` or `!ENV` become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def source_from_mkdocs(config_file: Path) -> str | None:
    """The `source` option of the ctai-site plugin in mkdocs.yml, without importing MkDocs."""
    if not config_file.is_file():
        return None
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except yaml.YAMLError:
        return None
    plugins = config.get("plugins") if isinstance(config, dict) else None
    items = plugins.items() if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        items = [next(iter(p.items())) for p in plugins if isinstance(p, dict) and len(p) == 1]
    for name, options in items:
        if name == "ctai-site" and isinstance(options, dict):
            source = options.get("source")
            return source if isinstance(source, str) else None
    return None


def _number_fr(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def cmd_export(args: Any) -> int:
    """`ctai-site export --format FORMAT OUT`: write the files, print each quality score."""
    import sys

    from ctai_site.errors import FicheError
    from ctai_site.loading import load_catalog

    source = args.source or source_from_mkdocs(Path(args.config)) or DEFAULT_SOURCE
    if not SOURCE_PATTERN.match(source):
        print(f"« {source} » n'est pas une source (minuscules, chiffres, tirets)", file=sys.stderr)
        return 1
    try:
        catalog = load_catalog(Path(args.actions))
    except FicheError as error:
        print(error.report(), file=sys.stderr)
        return 1
    structures, services = to_data_inclusion(catalog, source)
    problems = data_inclusion_problems(structures, services)
    for problem in problems:
        print(f"data·inclusion : {problem}", file=sys.stderr)
    if problems and (args.format == "all" or args.format.startswith("data-inclusion")):
        print("export data·inclusion refusé : corrigez les fiches", file=sys.stderr)
        return 1

    files = export_files(catalog, source)
    out = Path(args.out)
    names = _FORMAT_FILES[args.format]
    if len(names) == 1 and args.format != "all":
        targets = {out: files[names[0]]}
    else:
        targets = {out / name: files[name] for name in names}
    for path, content in targets.items():
        write_if_changed(path, content)
        print(f"{path} écrit")

    if not problems:
        print(f"Score de qualité data·inclusion (source « {source} », de 0 à 1) :")
        scores = quality_scores(services)
        for service_id, value, criteria in scores:
            weak = [
                f"{name} {_number_fr(v)}" for name, v in criteria.items() if v is not None and v < 1
            ]
            hint = f" (à améliorer : {', '.join(weak)})" if weak else ""
            print(f"  {service_id} : {_number_fr(value)}{hint}")
        if scores:
            mean = sum(v for _, v, _ in scores) / len(scores)
            print(f"Moyenne : {_number_fr(mean)} sur {len(scores)} service(s)")
    return 0

"""data·inclusion v1: structures and services, the validator's XLSX, the official quality score."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from ctai_site import xlsx
from ctai_site.fiche.model import Action, Carrier, Catalog, Place
from ctai_site.fiche.queries import (
    answered,
    public_services,
)
from ctai_site.opendata.wording import (
    SOURCE_PATTERN,
    SPECIFIC_PUBLICS_DI,
    ActionUrl,
    Record,
    conditions_fr,
    description_fr,
    drop_empty,
    how_fr,
    http_url,
    price_fr,
    publics_fr,
    service_name,
    slugify,
)

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
        record["date_maj"] = max(record["date_maj"], action.last_change.isoformat())
        if carrier.siret and "siret" not in record:
            record["siret"] = carrier.siret
        if http_url(carrier.website) and "site_web" not in record:
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
        SPECIFIC_PUBLICS_DI[s]
        for s in answered(au.specific_public) or ()
        if s in SPECIFIC_PUBLICS_DI
    ]
    price = answered(pr.price)
    frais = frais_precisions = None
    if price is not None:
        free = price.free or (price.amount == 0 and not price.pay_what_you_can)
        frais = "gratuit" if free else "payant"
        frais_precisions = None if price.free else price_fr(price)
    area = answered(pr.area)
    zone = [*area.communes, *area.departements] if area is not None else []
    if area is not None and area.national:
        zone = ["france"]  # the schema's code for « the whole country »
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
        "date_maj": action.last_change.isoformat(),
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
        "lien_mobilisation": http_url(pr.access.link),
        "modes_mobilisation": list(pr.access.modes),
        "mobilisable_par": list(pr.access.by),
        "mobilisation_precisions": how_fr(action),
        "volume_horaire_hebdomadaire": weekly_hours,
        "nombre_semaines": weeks,
    }
    return drop_empty(record)


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
        xlsx.write_row(sheet, 1, fields)
        for row, record in enumerate(records, start=2):
            xlsx.write_row(sheet, row, [_cell(record.get(field)) for field in fields])
    dates = [r["date_maj"] for r in services + structures]
    # reproducible files: the workbook's dates are the data's, not the build's
    day = dt.date.fromisoformat(max(dates)) if dates else dt.date(2000, 1, 1)
    return xlsx.to_bytes(book, day)

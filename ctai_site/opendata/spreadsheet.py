"""One CSV row per service, in French, for a spreadsheet (semicolons, BOM for Excel)."""

from __future__ import annotations

import csv
import io
from typing import Any

from ctai_site.fiche import vocab
from ctai_site.fiche.model import Catalog
from ctai_site.fiche.queries import (
    answered,
    contract_publics,
)
from ctai_site.opendata.wording import (
    ActionUrl,
    conditions_fr,
    language_names,
    place_address,
    price_fr,
    publics_fr,
    rhythm_fr,
)

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
            "axis": action.contract.axis if action.contract else None,
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

"""GeoJSON (RFC 7946): every located place of an active service."""

from __future__ import annotations

from ctai_site.fiche.model import Catalog
from ctai_site.fiche.queries import (
    answered,
    contract_publics,
    located_places,
    place_id,
)
from ctai_site.opendata.wording import ActionUrl, Record, drop_empty, price_fr

# --- GeoJSON (RFC 7946) ------------------------------------------------------------------------


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
                "properties": drop_empty(properties),
            }
        )
    return {"type": "FeatureCollection", "features": features}

"""Places on the map from their address: the national address base (Base adresse nationale,
api-adresse.data.gouv.fr) gives the point, `geocode` writes it into the fiche with its
precision and `source: ban`.

Coordinates without `source` were written by a person and are never replaced (unless asked
for the approximate ones: `replace_approximate`); `source: ban` ones are the tool's and follow
the address. Only places with an `address` are looked up. Every answer is fetched before
anything is written: an unreachable BAN changes nothing.

The API (https://adresse.data.gouv.fr/outils/api-doc/adresse): `GET /search/?q=…&limit=1`
(`&citycode=INSEE` keeps the answer in the commune), a GeoJSON FeatureCollection whose first
feature has `geometry.coordinates` [lon, lat] and `properties.score` (0 to 1), `.type`
(housenumber, street, locality, municipality), `.label`, `.citycode`, `.postcode`.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ctai_site import __version__
from ctai_site.collect.sources import Fiche
from ctai_site.collect.yamledit import Document, checked
from ctai_site.fiche.errors import Problem

BAN_SEARCH = "https://api-adresse.data.gouv.fr/search/"
USER_AGENT = f"ctai-site/{__version__} (fiches CTAI ; geocode)"
TIMEOUT = 10  # seconds, per request
MAX_ANSWER = 1_000_000  # bytes: one feature is about 1 ko
EXACT_SCORE = 0.8  # a house number found this surely is the entrance
MIN_SCORE = 0.5  # below, the answer is likely another address: nothing is written
UNREACHABLE = "BAN injoignable : vérifiez la connexion, rien n'a été modifié"

Fetch = Callable[[str], bytes]


class BanError(Exception):
    """The BAN could not answer; the message is the French line to print."""


def fetch_url(url: str) -> bytes:
    """GET `url` with a timeout and our User-Agent (the API asks clients to name themselves)."""
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        body: bytes = response.read(MAX_ANSWER + 1)
    return body


def search_url(place: Mapping[str, Any]) -> str:
    """The BAN search for a place: its address, postcode and commune, limited to its commune
    when its INSEE code is known (else to its postcode)."""
    words = [str(place["address"]), str(place.get("postcode", "")), str(place.get("city", ""))]
    params = {"q": " ".join(w for w in words if w), "limit": "1"}
    if place.get("insee"):
        params["citycode"] = str(place["insee"])
    elif place.get("postcode"):
        params["postcode"] = str(place["postcode"])
    return f"{BAN_SEARCH}?{urllib.parse.urlencode(params)}"


@dataclass(frozen=True)
class Found:
    lat: float
    lng: float
    score: float
    type: str
    label: str
    postcode: str | None

    @property
    def precision(self) -> str:
        return (
            "exact" if self.type == "housenumber" and self.score >= EXACT_SCORE else "approximate"
        )

    def coordinates(self) -> dict[str, Any]:
        return {
            "lat": round(self.lat, 6),
            "lng": round(self.lng, 6),
            "precision": self.precision,
            "source": "ban",
        }


def read_answer(body: bytes) -> Found | None:
    """The first feature of a BAN answer, or None when it found nothing."""
    if len(body) > MAX_ANSWER:
        raise BanError("BAN : réponse trop longue, rien n'a été modifié")
    try:
        data = json.loads(body)
        features = data["features"]
        if not features:
            return None
        feature = features[0]
        lng, lat = (float(x) for x in feature["geometry"]["coordinates"][:2])
        props = feature["properties"]
        return Found(
            lat=lat,
            lng=lng,
            score=float(props.get("score", 0)),
            type=str(props.get("type", "")),
            label=str(props.get("label", "")),
            postcode=str(props["postcode"]) if props.get("postcode") else None,
        )
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        raise BanError("BAN : réponse illisible, rien n'a été modifié") from exc


def _ask(fetch: Fetch, url: str) -> Found | None:
    try:
        return read_answer(fetch(url))
    except urllib.error.HTTPError as exc:
        raise BanError(
            f"BAN : erreur HTTP {exc.code}, réessayez plus tard ; rien n'a été modifié"
        ) from exc
    except (OSError, http.client.HTTPException) as exc:  # URLError, timeouts, resets
        raise BanError(UNREACHABLE) from exc


def _score(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


@dataclass(frozen=True)
class Lookup:
    """A place to look up, or to leave alone (`kept`: why)."""

    fiche: Fiche
    index: int
    place: Mapping[str, Any]
    kept: str | None = None

    @property
    def where(self) -> str:
        return f"{self.fiche.file}: places[{self.index + 1}] « {self.place.get('name')} »"


def lookups(fiches: Mapping[str, Fiche], *, replace_approximate: bool = False) -> list[Lookup]:
    """Every place with an address, and whether its coordinates may be (re)written."""
    out = []
    for fiche in sorted(fiches.values(), key=lambda f: f.file):
        for index, place in enumerate(fiche.data.get("places") or ()):
            if not isinstance(place, dict) or not place.get("address"):
                continue
            coordinates = place.get("coordinates")
            written = coordinates if isinstance(coordinates, dict) else {}
            by_hand = bool(written) and written.get("source") != "ban"
            approximate = by_hand and written.get("precision") == "approximate"
            kept = None
            if by_hand and not (replace_approximate and approximate):
                hint = ", ou --replace-approximate" if approximate else ""
                kept = (
                    "coordonnées écrites à la main, gardées (pour que geocode les remplace : "
                    f"retirez-les{hint})"
                )
            out.append(Lookup(fiche, index, place, kept))
    return out


@dataclass(frozen=True)
class Result:
    texts: dict[str, str]  # fiche id -> new text
    lines: list[str]  # what happened to each place
    problems: list[Problem]  # the loader's, should a written point be refused
    placed: int


def geocode(
    fiches: Mapping[str, Fiche],
    fetch: Fetch,
    today: dt.date,
    *,
    replace_approximate: bool = False,
) -> Result:
    """Look up every place with an address; raises `BanError` (nothing written) when the BAN
    cannot answer."""
    todo = lookups(fiches, replace_approximate=replace_approximate)
    answers = {id(item): _ask(fetch, search_url(item.place)) for item in todo if item.kept is None}
    documents: dict[str, Document] = {}
    lines, placed = [], 0
    for item in todo:
        if item.kept is not None:
            lines.append(f"{item.where} : {item.kept}")
            continue
        found = answers[id(item)]
        if found is None:
            lines.append(f"{item.where} : adresse introuvable dans la BAN ; vérifiez-la")
            continue
        postcode = item.place.get("postcode")
        if found.score < MIN_SCORE or (postcode and found.postcode and found.postcode != postcode):
            lines.append(
                f"{item.where} : la BAN propose « {found.label} » (score {_score(found.score)}) "
                "sans certitude ; vérifiez l'adresse, rien n'est écrit pour ce lieu"
            )
            continue
        new = found.coordinates()
        if item.place.get("coordinates") == new:
            lines.append(f"{item.where} : déjà placé ({found.precision})")
            continue
        document = documents.setdefault(item.fiche.action.id, Document(item.fiche.text))
        document.set(("places", item.index, "coordinates"), new)
        placed += 1
        lines.append(
            f"{item.where} : {new['lat']}, {new['lng']} ({found.precision}, « {found.label} », "
            f"score {_score(found.score)})"
        )
    texts, problems = {}, []
    for action_id, document in documents.items():
        fiche = fiches[action_id]
        result = checked(document, fiche.file, fiche.stem, today)
        problems += result.problems
        texts[action_id] = result.text
    return Result(texts, lines, problems, placed)

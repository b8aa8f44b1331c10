"""Réfugiés.info drafts: each service fiche in the platform's order, words and codes.

There is no API to write a fiche on Réfugiés.info (every write needs the site's own secret):
carriers type or paste into its editor, section by section. This module prepares that paste:
a French page per service with a copy button on every block (`page.draft_pages`), the body of
the platform's own creation request (`to_draft`), our checklist beside it (`to_checklist`, like
the editor's « Manquant »), and the files for both (`draft_files`, `write_draft_json`). Projects
for professionals get no draft (Réfugiés.info lists only actions newcomers can go to), nor do
archived fiches.

The draft is exactly a `CreateDispositifRequest` body (refugies-info/karfur @ e5ef018,
packages/api-types/src/modules/dispositif.ts, last changed 3233a90ef): its API refuses any other
key (apps/server/tsoa.json: `"noImplicitAdditionalProperties": "throw-on-extras"`), so what is
ours (id, what is missing, advice) goes to `<id>.checklist.json`. Conventions, from karfur's
packages/api-types/src/generics.ts and apps/server/src/typegoose/Dispositif.ts:

- an absent key is « not written yet »; `null` in `metadatas` is the editor's « Ce n'est pas
  pertinent pour mon action » (our `not_relevant`); never for `publicStatus` and `location`,
  whose modals have no such answer (the fiche format refuses it for services);
- `theme` and `secondaryThemes` are theme ids (read as ObjectIds: `vocab.Theme.refugies_info_id`);
  the page the carrier copies from shows the names of the editor's theme picker;
- `mainSponsor` is the structure. One already on the platform (`carrier.refugies_info`) is
  sent as its id (`string`), which only the platform knows: the key is left out, and the page
  says to choose it in the editor under that name. Any other is a new structure, `{name, logo,
  link}` (`MainSponsor`), which the editor creates only with all three (ModalMainSponsor/
  functions.tsx lines 107-108, ModalMainSponsor.tsx line 69: else no structure, and no
  publication, dispositif.service.ts line 502): `link` is the carrier's website, or empty;
  `logo` stays an empty `Picture`, because its only valid content is what the platform's upload
  returns (Edition/LogoInput/LogoInput.tsx: `API.postImage`, POST /images, which needs the
  site's own key: apps/server/src/controllers/imageController.ts, `@Security({fromSite})`), a
  Cloudinary address: the fiches show a logo through next/image, which refuses any other host
  (apps/client/next.config.js `images.remotePatterns`). So the carrier's logo file ships next
  to the draft (`<id>-logo.<ext>`, `logo_files`), to upload in the editor, and the checklist
  names it (`structure.logo`); what is missing is in its `missing` list;
- `sponsors` (the editor's « Partenaires ») are the fiche's partners, `{name, link?}`;
- `why` / `how` are keyed by UUIDv5 of `<id>:why:<n>`, stable from one build to the next (the
  platform keys them with random uuids);
- section texts are the HTML of `richtext.to_editor_html` (what the editor keeps when pasted);
- price: free is `{"values": [0]}`, pay-what-you-can `{"values": []}` (typegoose `Price`:
  « 0 = free, empty = montant libre »);
- commitment and frequency without `details` are read as « exactly » (`amountDetails: exactly`);
- location: `"france"` (`area.national`), `"online"`, or the départements `"40 - Landes"`.
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
from ctai_site.refugies_info.editor import DRAFTS_DIR, NEVER_NULL, location_labels

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
    if area.national:
        return "france"
    names, _ = location_labels(area)
    if names:
        return names
    return "online" if area.online else None


def _metadatas(action: Action) -> dict[str, Any]:
    """Réfugiés.info `Metadatas`: unanswered cards are left out, « not relevant » is null
    (except where the editor has no such answer: those are left out, and listed as missing)."""
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
            if key not in NEVER_NULL:
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
        closed = " ; fermé les jours fériés" if place.closed_on_holidays else ""
        parts.append(f"Horaires : {_hours_fr(place.opening_rules)}{closed}.")
    if place.practical:
        parts.append(place.practical)
    if place.accessibility:
        parts.append(place.accessibility)
    return " ".join(parts)


def require_draft(action: Action) -> None:
    """Refuse, in French, a fiche that gets no draft: a project, or an archived action."""
    if not action.is_service:
        raise ValueError(
            f"« {action.id} » est un projet pour les professionnels : Réfugiés.info ne publie "
            "que des actions où les personnes peuvent aller, pas de brouillon"
        )
    if action.status == "archived":
        raise ValueError(
            f"« {action.id} » est archivée (status: archived) : pas de brouillon Réfugiés.info"
        )


def drafted(catalog: Catalog) -> tuple[Action, ...]:
    """The fiches that get a draft: services that are not archived."""
    return tuple(a for a in catalog.services if a.status != "archived")


def _main_sponsor(action: Action) -> dict[str, Any] | None:
    """A new structure (`MainSponsor`): nothing is invented, what we lack stays empty (the logo
    always: see the module's docstring). None for a structure already on the platform: the
    carrier chooses it in the editor."""
    if action.carrier.refugies_info:
        return None
    return {
        "name": action.carrier.name,
        "logo": {"imgId": None, "public_id": None, "secure_url": ""},
        "link": action.carrier.web_address or "",
    }


def logo_file(action: Action) -> str | None:
    """The name of the logo file shipped next to the draft (`<id>-logo.png`), for a structure
    to create whose fiche names one."""
    logo = action.carrier.logo
    if action.carrier.refugies_info or logo is None:
        return None
    return f"{action.id}-logo.{logo.extension}"


def structure(action: Action) -> dict[str, Any]:
    """What the editor's structure step needs, for the checklist: the name to choose, or the
    name, website and logo file of the structure to create (None where the fiche has none)."""
    carrier = action.carrier
    if carrier.refugies_info:
        return {"exists": True, "name": carrier.refugies_info}
    return {
        "exists": False,
        "name": carrier.name,
        "link": carrier.web_address,
        "logo": logo_file(action),
    }


def _sponsors(action: Action) -> list[dict[str, Any]]:
    """The partners (`Sponsor[]`, the editor's « Partenaires »)."""
    out = []
    for partner in action.partners:
        sponsor: dict[str, Any] = {"name": partner.name}
        if partner.website:
            sponsor["link"] = partner.website
        out.append(sponsor)
    return out


def to_draft(action: Action) -> dict[str, Any]:
    """The body of Réfugiés.info's `CreateDispositifRequest` for a service fiche: its keys
    only, in its order (`REFUGIES_INFO_KEYS`)."""
    require_draft(action)
    content = action.content
    draft: dict[str, Any] = {"typeContenu": "dispositif"}
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
    main_sponsor = _main_sponsor(action)
    if main_sponsor is not None:
        draft["mainSponsor"] = main_sponsor
    draft["theme"] = vocab.THEMES_BY_KEY[action.themes.main].refugies_info_id
    draft["secondaryThemes"] = [
        vocab.THEMES_BY_KEY[t].refugies_info_id for t in action.themes.secondary
    ]
    sponsors = _sponsors(action)
    if sponsors:
        draft["sponsors"] = sponsors
    draft["metadatas"] = _metadatas(action)
    points = [poi for poi in (_poi(p) for p in action.places) if poi]
    if points:
        draft["map"] = points
    return draft


def to_checklist(action: Action) -> dict[str, Any]:
    """What is ours, beside the request: the fiche's id, its structure (`structure`), what
    Réfugiés.info will refuse the fiche without (`missing`), and the editorial charter's advice
    (`advice`)."""
    require_draft(action)
    checklist = draft_checklist(action)
    return {
        "id": action.id,
        "structure": structure(action),
        "missing": [{"field": i.field, "label": i.label} for i in checklist if i.blocking],
        "advice": [{"field": i.field, "label": i.label} for i in checklist if not i.blocking],
    }


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def draft_json(action: Action) -> str:
    return _json(to_draft(action))


def checklist_json(action: Action) -> str:
    return _json(to_checklist(action))


def json_files(catalog: Catalog) -> dict[str, str]:
    """`refugies-info/<id>.json` (the request) and `refugies-info/<id>.checklist.json` (ours)
    for every drafted fiche."""
    files = {}
    for action in drafted(catalog):
        files[f"{DRAFTS_DIR}/{action.id}.json"] = draft_json(action)
        files[f"{DRAFTS_DIR}/{action.id}.checklist.json"] = checklist_json(action)
    return files


def logo_files(catalog: Catalog) -> dict[str, bytes]:
    """`refugies-info/<id>-logo.<ext>`: the logo of each structure to create, as the fiche
    names it (read by the loader), for the carrier to upload in the editor."""
    files = {}
    for action in drafted(catalog):
        name, logo = logo_file(action), action.carrier.logo
        if name and logo:
            files[f"{DRAFTS_DIR}/{name}"] = logo.data
    return files


def write_draft_json(catalog: Catalog, site_dir: Path) -> int:
    """Write both JSON files of every drafted fiche under `site_dir`; return how many fiches."""
    for rel, text in json_files(catalog).items():
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / rel).write_text(text, encoding="utf-8")
    return len(drafted(catalog))

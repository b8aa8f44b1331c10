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

import argparse
import html
import json
import re
import sys
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import phonenumbers
from jinja2 import Environment
from markupsafe import Markup, escape

from ctai_site import departements, labels, pages, richtext, vocab
from ctai_site.completeness import refugies_info_missing
from ctai_site.errors import FicheError
from ctai_site.loading import load_catalog
from ctai_site.model import (
    Action,
    Age,
    Area,
    Catalog,
    Duration,
    OpeningRule,
    Place,
    Price,
)
from ctai_site.schema import NOT_RELEVANT, SUMMARY_MAX

PACKAGE_DIR = Path(__file__).parent
ASSETS_DIR = PACKAGE_DIR / "assets"
DRAFTS_DIR = "refugies-info"  # pages (under the generated folder) and JSON (under site_dir)

# Keys of a draft that are Réfugiés.info's (`CreateDispositifRequest`), then our own additions.
REFUGIES_INFO_KEYS = (
    "typeContenu",
    "titreInformatif",
    "titreMarque",
    "abstract",
    "what",
    "why",
    "how",
    "mainSponsor",
    "theme",
    "secondaryThemes",
    "metadatas",
    "map",
)
EXTRA_KEYS = ("id", "missing", "advice")

# Fiche infocard -> `Metadatas` key, in the editor's order.
METADATA_KEYS: dict[str, str] = {
    "audience.public_status": "publicStatus",
    "audience.french_level": "frenchLevel",
    "audience.age": "age",
    "audience.specific_public": "public",
    "practicalities.price": "price",
    "practicalities.commitment": "commitment",
    "practicalities.frequency": "frequency",
    "practicalities.days": "timeSlots",
    "practicalities.conditions": "conditions",
    "practicalities.area": "location",
}
WHY_MIN = 3
HOW_MIN = 1
SENTENCE_MAX_WORDS = 15

# --- The editor's words ---------------------------------------------------------------------

INFOCARD_LABELS = {
    "publicStatus": "Public visé (statut)",
    "frenchLevel": "Niveau de français",
    "age": "Âge",
    "public": "Public spécifique",
    "price": "Prix",
    "commitment": "Durée d'engagement",
    "frequency": "Fréquence",
    "timeSlots": "Jours de présence",
    "conditions": "Conditions",
    "location": "Localisation",
}
NOT_RELEVANT_FR = "Ne concerne pas mon action"
# Infocards that list codes, with the labels of those codes: the editor's own words where
# `labels` has them (the carrier ticks the box that reads the same), capitalised as list items.
_LIST_LABELS: dict[str, dict[str, str]] = {
    "publicStatus": labels.EDITOR_PUBLIC_STATUSES,
    "frenchLevel": labels.FRENCH_LEVELS,
    "public": labels.EDITOR_SPECIFIC_PUBLICS,
    "conditions": labels.EDITOR_CONDITIONS,
}

# Acronyms newcomers meet (DOMAIN.md §7) and the words that explain them. An acronym counts as
# explained where it is followed by a parenthesis, or where one of these words stands close to
# its first use (« permanence d'accès aux soins (PAS) », « Le LAEP est un lieu d'accueil
# enfants-parents »).
GLOSSARY: dict[str, tuple[str, ...]] = {
    "EPA": ("primo-arrivant",),
    "BPI": ("protection internationale",),
    "BPT": ("protection temporaire",),
    "PAS": ("permanence d'accès aux soins",),
    "PASS": ("permanence d'accès aux soins",),
    "LAEP": ("lieu d'accueil enfants-parents", "lieu d'accueil enfant-parent"),
    "FLE": ("français langue étrangère",),
    "OFII": ("office français de l'immigration",),
    "CIR": ("contrat d'intégration républicaine",),
    "CADA": ("centre d'accueil de demandeurs d'asile", "centre d'accueil pour demandeurs d'asile"),
    "HUDA": ("hébergement d'urgence",),
    "IML": ("intermédiation locative",),
    "SIAO": ("service intégré d'accueil et d'orientation",),
    "CAF": ("caisse d'allocations familiales",),
    "CPAM": ("caisse primaire d'assurance maladie", "assurance maladie"),
    "AGIR": ("accompagnement global et individualisé",),
    "DDETSPP": ("direction départementale",),
    "CCAS": ("centre communal d'action sociale",),
}
_EXPLAINED_WITHIN = 160  # characters around the first use (about two sentences)

# First words that end like an infinitive but are not verbs.
_NOT_VERBS_WORDS = (
    "atelier ateliers autre autres cadre centre centres chambre contre dernier dossier "
    "entre foyer lettre libre livre loisir loisirs loyer maître membre métier notre "
    "offre ordre papier papiers plaisir premier quartier soir titre votre avenir espoir"
)
_NOT_VERBS = frozenset(_NOT_VERBS_WORDS.split())
_INFINITIVE_ENDINGS = ("er", "ir", "re")  # -oir ends in -ir
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_WORD = re.compile(r"\w", re.UNICODE)
_CONTACT = re.compile(
    r"\]\((?:https?://|mailto:|tel:)"  # a link
    r"|https?://\S+"  # a bare address
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"  # an e-mail
    r"|(?:\+33|0)\s?[1-9](?:[\s.-]?\d{2}){4}",  # a French phone number
)


# --- The checklist ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the « Manquant » checklist: blocking (refused) or advice (charter)."""

    field: str  # fiche path, e.g. `content.why`, `content.how[1].text`
    label: str  # what the carrier reads, in French
    blocking: bool

    @property
    def anchor(self) -> str:
        """Id of the page block (or group of blocks) this item is about."""
        key = _block_key(self.field)
        if key in ("why", "how", "map"):
            return f"ctai-draft-group-{key}"
        return f"ctai-draft-block-{key}"

    def __str__(self) -> str:
        return f"{self.label} ({self.field})"


def _block_key(field: str) -> str:
    m = re.match(r"content\.(why|how)\[(\d+)\]\.(title|text)$", field)
    if m:
        return f"{m[1]}-{m[2]}-{m[3]}"
    simple = {
        "content.title": "titreInformatif",
        "content.brand": "titreMarque",
        "content.summary": "abstract",
        "content.what": "what",
        "content.why": "why",
        "content.how": "how",
        "themes": "theme",
        "carrier": "mainSponsor",
        "places": "map",
    }
    if field in simple:
        return simple[field]
    if field in METADATA_KEYS:
        return METADATA_KEYS[field]
    return field.split("[")[0].split(".")[0]


def draft_checklist(action: Action) -> list[ChecklistItem]:
    """What Réfugiés.info will refuse (blocking), then what its editorial charter advises."""
    blocking = [ChecklistItem(m.field, m.label, True) for m in refugies_info_missing(action)]
    area = action.practicalities.area
    if isinstance(area, Area):
        known, unknown = _location_labels(area)
        for code in unknown:
            blocking.append(
                ChecklistItem(
                    "practicalities.area",
                    f"carte « localisation » : « {code} » n'est pas un département connu",
                    True,
                )
            )
        if not known and not unknown and not area.online:
            blocking.append(
                ChecklistItem(
                    "practicalities.area",
                    "carte « localisation » : indiquer au moins un département "
                    "(departements ou communes) ou online: true",
                    True,
                )
            )
    return blocking + _advice(action)


def _advice(action: Action) -> list[ChecklistItem]:
    content = action.content
    out: list[ChecklistItem] = []
    if not starts_with_infinitive(content.title):
        out.append(
            ChecklistItem(
                "content.title",
                f"titre informatif « {content.title} » : commencer par un verbe à l'infinitif "
                "(« Apprendre le français », « Se soigner »)",
                False,
            )
        )
    for field, text in _texts(action, titles=False):
        for sentence, words in long_sentences(text):
            out.append(
                ChecklistItem(
                    field,
                    f"phrase de {words} mots (environ {SENTENCE_MAX_WORDS} au plus) : "
                    f"« {_excerpt(sentence)} »",
                    False,
                )
            )
    for field, acronym in unexplained_acronyms(action):
        out.append(
            ChecklistItem(
                field,
                f"sigle « {acronym} » à expliquer à sa première apparition "
                f"(« {acronym} ({GLOSSARY[acronym][0]}) »)",
                False,
            )
        )
    if not has_contact(action):
        out.append(
            ChecklistItem(
                "content.how",
                "« Comment faire ? » : aucun contact (téléphone, e-mail ou lien) ; en ajouter un "
                "dans le texte ou dans un lieu",
                False,
            )
        )
    return out


def starts_with_infinitive(title: str) -> bool:
    """A heuristic: « Apprendre… », « Se soigner… », « S'inscrire… » start with a verb."""
    text = title.strip().lower().replace("’", "'")
    if text.startswith(("se ", "s'")):
        return True
    first = re.split(r"[\s,:;.!?()«»\"]+", text, maxsplit=1)[0]
    return len(first) > 3 and first.endswith(_INFINITIVE_ENDINGS) and first not in _NOT_VERBS


def long_sentences(text: str) -> list[tuple[str, int]]:
    """Sentences (and list items) of more than `SENTENCE_MAX_WORDS` words, with their count."""
    out = []
    for line in richtext.to_plain(text).splitlines():
        for sentence in _SENTENCE_END.split(line.removeprefix("- ").strip()):
            words = sum(1 for w in sentence.split() if _WORD.search(w))
            if words > SENTENCE_MAX_WORDS:
                out.append((sentence, words))
    return out


def _excerpt(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _texts(action: Action, *, titles: bool) -> list[tuple[str, str]]:
    """Every text of the fiche, in the order Réfugiés.info shows them, with its field path."""
    content = action.content
    out = []
    if titles:
        out.append(("content.title", content.title))
        if content.brand:
            out.append(("content.brand", content.brand))
    out += [("content.summary", content.summary), ("content.what", content.what)]
    for name, sections in (("why", content.why), ("how", content.how)):
        for i, section in enumerate(sections, start=1):
            if titles:
                out.append((f"content.{name}[{i}].title", section.title))
            out.append((f"content.{name}[{i}].text", section.text))
    return out


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("\u00a0", " ").lower()


def unexplained_acronyms(action: Action) -> list[tuple[str, str]]:
    """(field, acronym) for each glossary acronym whose first use is not explained."""
    seen: set[str] = set()
    out = []
    for field, raw in _texts(action, titles=True):
        text = richtext.to_plain(raw).replace("*", "")
        for m in re.finditer(r"(?<![\w-])([A-Z]{3,7})(?![\w-])", text):
            acronym = m[1]
            if acronym not in GLOSSARY or acronym in seen:
                continue
            seen.add(acronym)
            after = text[m.end() :]
            if after.lstrip(" \u00a0").startswith("("):
                continue
            around = _normalise(
                text[max(0, m.start() - _EXPLAINED_WITHIN) : m.end() + _EXPLAINED_WITHIN]
            )
            if any(_normalise(words) in around for words in GLOSSARY[acronym]):
                continue
            out.append((field, acronym))
    return out


def has_contact(action: Action) -> bool:
    """A phone, an e-mail or a link in a place, in « Comment faire ? » or as the sign-up link."""
    if action.practicalities.access.link:
        return True
    if any(place.phone or place.email for place in action.places):
        return True
    return any(_CONTACT.search(section.text) for section in action.content.how)


# --- The JSON draft --------------------------------------------------------------------------


def _num(value: float) -> int | float:
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
        values = [_num(price.amount)]
    else:
        values = [_num(v) for v in (price.min, price.max) if v is not None]
    out: dict[str, Any] = {"values": values}
    if price.per:
        out["details"] = price.per
    return out


def _commitment(duration: Duration) -> dict[str, Any]:
    hours = [_num(duration.amount)]
    if duration.max is not None:
        hours.append(_num(duration.max))
    return {
        "amountDetails": duration.details or "exactly",
        "hours": hours,
        "timeUnit": duration.unit,
    }


def _frequency(duration: Duration) -> dict[str, Any]:
    return {
        "amountDetails": duration.details or "exactly",
        "hours": _num(duration.amount),
        "timeUnit": duration.unit,
        "frequencyUnit": duration.per,
    }


def _location_labels(area: Area) -> tuple[list[str], list[str]]:
    """`"40 - Landes"` labels of the départements served (communes give theirs), and the
    codes that are no known département."""
    codes = list(area.departements) + [departements.of_commune(c) for c in area.communes]
    names: list[str] = []
    unknown: list[str] = []
    for code in dict.fromkeys(departements.normalise_code(c) for c in codes):
        if code in departements.DEPARTEMENTS:
            names.append(departements.label(code))
        else:
            unknown.append(code)
    return names, unknown


def _location(area: Area) -> list[str] | str | None:
    names, _ = _location_labels(area)
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


def _require_service(action: Action) -> None:
    if not action.is_service:
        raise ValueError(
            f"« {action.id} » est un projet pour les professionnels : Réfugiés.info ne publie "
            "que des actions où les personnes peuvent aller, pas de brouillon"
        )


def to_draft(action: Action) -> dict[str, Any]:
    """The JSON draft of a service fiche: Réfugiés.info's fields, then what is missing."""
    _require_service(action)
    content = action.content
    draft: dict[str, Any] = {"id": action.id, "typeContenu": "dispositif"}
    draft["titreInformatif"] = content.title
    if content.brand:
        draft["titreMarque"] = content.brand
    draft["abstract"] = content.summary
    draft["what"] = richtext.to_html(content.what)
    for name, sections in (("why", content.why), ("how", content.how)):
        if sections:
            draft[name] = {
                _section_key(action, name, i): {
                    "title": section.title,
                    "text": richtext.to_html(section.text),
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


# --- The page: blocks in the editor's order ----------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One thing to type or paste into the editor."""

    key: str  # stable: `titreInformatif`, `why-2-text`, `frenchLevel`, `map-1`
    label: str
    plain: str  # copied as text/plain; for a missing block, what to write
    html: Markup  # shown; copied as text/html when `rich`
    rich: bool = False
    state: str = "ok"  # ok | missing | null (« ne concerne pas mon action »)
    note: str = ""

    @property
    def target(self) -> str:
        return f"ctai-draft-{self.key}"

    @property
    def copyable(self) -> bool:
        return self.state != "missing"


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    help: str
    blocks: tuple[Block, ...]


def _text_block(key: str, label: str, text: str | None, todo: str, note: str = "") -> Block:
    if not text:
        return Block(key, label, todo, escape(todo), state="missing", note=note)
    return Block(key, label, text, escape(text), note=note)


def _rich_block(key: str, label: str, text: str) -> Block:
    return Block(key, label, richtext.to_plain(text), Markup(richtext.to_html(text)), rich=True)


def _fmt(value: float) -> str:
    return str(_num(value)).replace(".", ",")


def _infocard_text(key: str, value: Any) -> str:
    if key in _LIST_LABELS:
        return ", ".join(labels.capitalised(_LIST_LABELS[key][v]) for v in value)
    if key == "timeSlots":
        return ", ".join(labels.DAYS[v] for v in value)
    if key == "location":
        if value == "online":
            return "En ligne"
        return "Toute la France" if value == "france" else ", ".join(value)
    if key == "age":
        ages = value["ages"]
        return {
            "between": f"Entre {ages[0]} et {ages[-1]} ans",
            "moreThan": f"Plus de {ages[0]} ans",
            "lessThan": f"Moins de {ages[0]} ans",
        }[value["type"]]
    if key == "price":
        values = value["values"]
        per = labels.PRICE_PERIODS.get(value.get("details") or "", "")
        if values == [0]:
            return "Gratuit"
        if not values:
            return " ".join(("Prix libre", per)).strip()
        amount = " à ".join(f"{_fmt(v)} €" for v in values)
        return " ".join((("De " if len(values) > 1 else "") + amount, per)).strip()
    details = labels.AMOUNT_DETAILS[value["amountDetails"]]
    unit = labels.TIME_UNITS[value["timeUnit"]]
    if key == "commitment":
        amount = " et ".join(_fmt(h) for h in value["hours"])
        return " ".join(filter(None, (details, amount, unit)))
    # frequency
    per = labels.FREQUENCY_PERIODS[value["frequencyUnit"]]
    return " ".join(filter(None, (details, _fmt(value["hours"]), unit, per)))


def _infocard_codes(key: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _infocard_blocks(action: Action, metadatas: dict[str, Any]) -> tuple[Block, ...]:
    blocks = []
    checklist = {i.field: i for i in draft_checklist(action) if i.blocking}
    for field, key in METADATA_KEYS.items():
        label = INFOCARD_LABELS[key]
        if key not in metadatas:
            item = checklist.get(field)
            todo = item.label if item else "à compléter"
            blocks.append(Block(key, label, todo, escape(todo), state="missing"))
        elif metadatas[key] is None:
            blocks.append(Block(key, label, NOT_RELEVANT_FR, escape(NOT_RELEVANT_FR), state="null"))
        else:
            text = _infocard_text(key, metadatas[key])
            html = Markup('{} <code class="ctai-draft-code">{}</code>').format(
                text, _infocard_codes(key, metadatas[key])
            )
            blocks.append(Block(key, label, text, html))
    return tuple(blocks)


def _section_blocks(name: str, label: str, sections: tuple[Any, ...], minimum: int) -> list[Block]:
    blocks: list[Block] = []
    for i, section in enumerate(sections, start=1):
        blocks.append(_text_block(f"{name}-{i}-title", f"{label} {i} : titre", section.title, ""))
        blocks.append(_rich_block(f"{name}-{i}-text", f"{label} {i} : texte", section.text))
    for i in range(len(sections) + 1, minimum + 1):
        todo = f"{label} {i} à écrire (titre et texte)"
        blocks.append(
            Block(f"{name}-{i}-title", f"{label} {i}", todo, escape(todo), state="missing")
        )
    return blocks


def draft_groups(action: Action) -> tuple[Group, ...]:
    """The page's blocks, grouped as the editor asks for them."""
    _require_service(action)
    content = action.content
    draft = to_draft(action)
    summary_note = f"{len(content.summary)} / {SUMMARY_MAX} caractères"
    groups = [
        Group(
            "titles",
            "Titres",
            "Le titre informatif commence par un verbe à l'infinitif ; le titre marque s'affiche "
            "après « Avec ».",
            (
                _text_block("titreInformatif", "Titre informatif", content.title, ""),
                _text_block(
                    "titreMarque",
                    "Titre marque",
                    content.brand,
                    "titre marque à écrire : nom de l'action ou de la structure",
                ),
            ),
        ),
        Group(
            "abstract",
            "Résumé",
            f"Une phrase, {SUMMARY_MAX} caractères au plus.",
            (_text_block("abstract", "Résumé", content.summary, "", note=summary_note),),
        ),
        Group(
            "what",
            "« C'est quoi ? »",
            "Collez le texte mis en forme (listes, gras, liens, encadrés).",
            (_rich_block("what", "« C'est quoi ? »", content.what),),
        ),
        Group(
            "why",
            "« Pourquoi c'est intéressant ? »",
            f"Au moins {WHY_MIN} arguments : un titre et un texte chacun.",
            tuple(_section_blocks("why", "Argument", content.why, WHY_MIN)),
        ),
        Group(
            "how",
            "« Comment faire ? »",
            "Au moins une étape, avec un contact ou un moyen de s'inscrire.",
            tuple(_section_blocks("how", "Étape", content.how, HOW_MIN)),
        ),
        Group(
            "infocards",
            "Cartes d'information",
            "Chaque carte doit avoir une réponse ; « Ne concerne pas mon action » en est une.",
            _infocard_blocks(action, draft["metadatas"]),
        ),
        Group(
            "themes",
            "Thèmes",
            "Un thème principal et au plus 2 thèmes secondaires.",
            (
                _theme_block("theme", "Thème principal", (action.themes.main,)),
                _theme_block("secondaryThemes", "Thèmes secondaires", action.themes.secondary),
            ),
        ),
        Group(
            "mainSponsor",
            "Structure responsable",
            "La structure qui porte l'action (à choisir ou à créer dans l'éditeur).",
            (_text_block("mainSponsor", "Structure responsable", action.carrier.name, ""),),
        ),
        Group(
            "map",
            "Carte",
            "Au moins un lieu : cherchez l'adresse dans l'éditeur, puis vérifiez le point.",
            _map_blocks(action, draft.get("map", [])),
        ),
    ]
    return tuple(groups)


def _theme_block(key: str, label: str, themes: tuple[str, ...]) -> Block:
    if not themes:
        return Block(key, label, "Aucun", escape("Aucun"), state="null")
    names = [vocab.THEMES_BY_KEY[t] for t in themes]
    text = ", ".join(t.short_fr for t in names)
    html = Markup(", ").join(
        Markup('{} <span class="ctai-draft-code">({})</span>').format(t.short_fr, t.name_fr)
        for t in names
    )
    return Block(key, label, text, html)


def _map_blocks(action: Action, points: list[dict[str, Any]]) -> tuple[Block, ...]:
    if not points:
        todo = "un lieu avec adresse et coordonnées (places) : à compléter"
        return (Block("map-1", "Point 1", todo, escape(todo), state="missing"),)
    blocks = []
    for i, poi in enumerate(points, start=1):
        lines = [Markup("<strong>{}</strong>").format(poi["title"]), escape(poi["address"])]
        lines += [
            escape(f"{label} : {poi[k]}")
            for k, label in (("phone", "Téléphone"), ("email", "E-mail"), ("description", "Infos"))
            if k in poi
        ]
        lines.append(
            Markup('<code class="ctai-draft-code">{}, {}</code>').format(poi["lat"], poi["lng"])
        )
        blocks.append(
            Block(
                f"map-{i}",
                f"Point {i} : {poi['title']}",
                poi["address"],
                Markup("<br>").join(lines),
                note="le bouton copie l'adresse",
            )
        )
    return tuple(blocks)


# --- Rendering -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """The site's Jinja environment, with the two filters draft pages need."""
    env = pages.environment()
    env.filters["yaml_str"] = _front_matter_str
    env.filters["attr_lines"] = lambda text: Markup(str(escape(text)).replace("\n", "&#10;"))
    return env


@lru_cache(maxsize=1)
def _assets() -> tuple[Markup, Markup]:
    """Scripts that style the page and run its copy buttons, inlined so that the page works on
    any host with no wiring, and under mkdocs-static-i18n's `/<lang>/` fallback copies (where a
    relative link to a stylesheet would break). `<style>` is not allowed in `<body>` (the Nu
    HTML Checker refuses it): the first script puts the CSS into `<head>`."""
    css = (ASSETS_DIR / "drafts.css").read_text(encoding="utf-8")
    js = (ASSETS_DIR / "drafts.js").read_text(encoding="utf-8")
    style = (
        '(function () { if (document.getElementById("ctai-drafts-css")) { return; } '
        'var s = document.createElement("style"); s.id = "ctai-drafts-css"; '
        f"s.textContent = {_script_json(css)}; document.head.appendChild(s); }})();"
    )
    return Markup(style), Markup(_no_blank_lines(js))


def _script_json(text: str) -> str:
    """A JS string literal safe inside `<script>`: no `<`, so no `</script>`."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c")


def _no_blank_lines(text: str) -> str:
    # A blank line ends a raw HTML block in some Markdown parsers.
    return "\n".join(line for line in text.splitlines() if line.strip())


def _front_matter_str(text: str) -> Markup:
    """A front matter value: a JSON string is a valid YAML scalar; HTML-escaped because
    Material writes `page.title` into the page unescaped (as `pages.py` does for its titles)."""
    return Markup(json.dumps(html.escape(" ".join(text.split())), ensure_ascii=False))


def render_draft_page(action: Action) -> str:
    """The French page of one service's draft (Markdown with HTML blocks)."""
    checklist = draft_checklist(action)
    style, js = _assets()
    template = _environment().get_template("draft.md.j2")
    return template.render(
        action=action,
        groups=draft_groups(action),
        blocking=[i for i in checklist if i.blocking],
        advice=[i for i in checklist if not i.blocking],
        json_href=f"{action.id}.json",
        style=style,
        js=js,
    )


def readiness(action: Action) -> str:
    """« prête » or « 3 éléments manquants »."""
    n = sum(1 for i in draft_checklist(action) if i.blocking)
    if not n:
        return "prête à publier"
    return f"{n} élément{'s' if n > 1 else ''} manquant{'s' if n > 1 else ''}"


def render_drafts_index(catalog: Catalog) -> str:
    """The carriers' index: every service with its readiness, and the projects left out."""
    rows = []
    for action in sorted(catalog.services, key=lambda a: a.content.title.lower()):
        checklist = draft_checklist(action)
        rows.append(
            {
                "action": action,
                "blocking": sum(1 for i in checklist if i.blocking),
                "advice": sum(1 for i in checklist if not i.blocking),
                "readiness": readiness(action),
                "json_href": f"{action.id}.json",
            }
        )
    projects = [a for a in catalog.actions if not a.is_service]
    return _environment().get_template("drafts_index.md.j2").render(rows=rows, projects=projects)


def draft_pages(catalog: Catalog) -> dict[str, str]:
    """Relative path -> Markdown: `refugies-info/index.md` and one page per service, French
    only (no `.<lang>.md` variants). They link to `refugies-info/<id>.json` (`draft_files`)."""
    out = {f"{DRAFTS_DIR}/index.md": render_drafts_index(catalog)}
    for action in catalog.services:
        out[f"{DRAFTS_DIR}/{action.id}.md"] = render_draft_page(action)
    return out


def draft_files(catalog: Catalog) -> dict[str, str]:
    """The pages and, next to them, `refugies-info/<id>.json`: written into the docs folder,
    the JSON drafts are static files MkDocs copies to `site/refugies-info/`, and it resolves
    the Markdown links to them in every build (mkdocs-static-i18n's fallback copies of the
    French pages under `/<lang>/` included)."""
    files = draft_pages(catalog)
    for action in catalog.services:
        files[f"{DRAFTS_DIR}/{action.id}.json"] = draft_json(action)
    return files


def site_pages(site: pages.Site) -> dict[str, str]:
    """`pages.PAGE_PROVIDERS` entry, `"ctai_site.drafts:site_pages"`: pages and JSON drafts."""
    return draft_files(site.catalog)


def render_draft_text(action: Action) -> str:
    """The draft as readable French text, for the terminal."""
    checklist = draft_checklist(action)
    blocking = [i for i in checklist if i.blocking]
    advice = [i for i in checklist if not i.blocking]
    lines = [
        f"Brouillon Réfugiés.info : {action.id} ({action.source})",
        f"État : {readiness(action)}",
        "",
    ]
    if blocking:
        lines.append(f"Manquant, Réfugiés.info refusera la fiche ({len(blocking)}) :")
        lines += [f"  - {item}" for item in blocking]
        lines.append("")
    if advice:
        lines.append(f"Conseils de la charte éditoriale ({len(advice)}) :")
        lines += [f"  - {item}" for item in advice]
        lines.append("")
    for group in draft_groups(action):
        lines.append(f"== {group.title} ==")
        for block in group.blocks:
            head = f"-- {block.label}" + (f" ({block.note})" if block.note else "") + " --"
            if len(group.blocks) > 1 or block.label != group.title:
                lines.append(head)
            elif block.note:
                lines.append(f"({block.note})")
            if block.state == "missing":
                lines.append(f"[À COMPLÉTER] {block.plain}")
            else:
                lines.append(block.plain)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def cmd_draft(args: argparse.Namespace) -> int:
    """`ctai-site draft <id> [--json]`: print one service's draft."""
    try:
        catalog = load_catalog(Path(args.actions))
    except FicheError as error:
        print(error.report(), file=sys.stderr)
        return 1
    try:
        action = catalog.by_id(args.id)
    except KeyError:
        known = ", ".join(a.id for a in catalog.services) or "aucune"
        print(
            f"« {args.id} » : aucune fiche avec cet identifiant dans {args.actions} "
            f"(fiches de service : {known})",
            file=sys.stderr,
        )
        return 1
    try:
        _require_service(action)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    sys.stdout.write(draft_json(action) if args.json else render_draft_text(action))
    return 0

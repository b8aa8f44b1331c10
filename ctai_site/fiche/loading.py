"""Read fiches from disk, safely, into the model; every problem of every fiche at once.

Hostile files are refused before they cost anything: a size cap before reading, strict UTF-8,
no YAML aliases (the « billion laughs » needs them; fiches don't), no custom tags, a depth cap.
Parsing uses libyaml's composer when available (fast), our own walk builds the values so that
each field keeps its line number.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import phonenumbers
from email_validator import EmailNotValidError, validate_email

from ctai_site.fiche import hours, richtext, schema, vocab
from ctai_site.fiche.errors import FicheError, Problem
from ctai_site.fiche.model import Action, Catalog, Coordinates, OpeningRule, Place, build_action
from ctai_site.fiche.reading import FICHE_SUFFIXES, MAX_BYTES, Path_, format_path, read_yaml

# --- Schema validation, messages in French ---------------------------------------------------


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema.FICHE)


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """A compiled validator (Rust) that answers « valid? » 20x faster than the Python one.

    The Python validator only runs on fiches that fail, to explain each error in French."""
    return jsonschema_rs.validator_for(schema.FICHE)


_TYPES = {
    "string": "du texte",
    "integer": "un nombre entier",
    "number": "un nombre",
    "boolean": "true ou false",
    "array": "une liste",
    "object": "des champs (clé: valeur)",
}


def _type_name(value: Any) -> str:
    if value is None:
        return "rien"
    if isinstance(value, bool):
        return "true ou false"
    return {
        str: "du texte",
        int: "un nombre entier",
        float: "un nombre",
        list: "une liste",
        dict: "des champs",
    }.get(type(value), type(value).__name__)


def _json_type(value: Any) -> str | None:
    """The JSON Schema type of a YAML value (`_type_name` says it in French)."""
    for json_type, python_type in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, python_type):
            return json_type
    return None


def _show(value: Any) -> str:
    text = str(value)
    return f"« {text if len(text) <= 40 else text[:39] + '…'} »"


def _schema_problems(error: jsonschema.ValidationError) -> Iterator[tuple[Path_, str]]:
    path: Path_ = tuple(error.absolute_path)
    kind, sch, value = error.validator, error.schema, error.instance
    if kind == "additionalProperties":
        known = list(sch.get("properties", {}))
        for key in sorted(set(value) - set(known)):
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = (
                f" (vouliez-vous dire « {close[0]} » ?)"
                if close
                else f" (clés possibles : {', '.join(known)})"
            )
            yield path + (key,), f"clé inconnue{hint}"
    elif kind == "required":
        for key in sch["required"]:
            if key not in value:
                yield path + (key,), "champ obligatoire manquant"
    elif kind in ("enum", "const", "pattern"):
        yield path, f"{_show(value)} {sch.get('x-error', 'n’est pas une valeur acceptée')}"
    elif kind in ("type", "minimum", "maximum") and "x-hint" in sch:
        yield path, f"{_show(value)} : {sch['x-hint']}"
    elif kind == "type":
        expected = sch["type"]
        yield path, f"attendu {_TYPES.get(expected, expected)}, trouvé {_type_name(value)}"
    elif kind == "anyOf":
        # An infocard (value or « not_relevant ») or hours (text or rules): explain the branch
        # that has the value's type, else say what is expected.
        # (every error of that branch: a section may hold several mistakes)
        branch_errors = [
            branch
            for branch in error.context or ()
            if _json_type(value) == sch["anyOf"][branch.relative_schema_path[0]].get("type")
        ]
        for branch in branch_errors:
            yield from _schema_problems(branch)
        if branch_errors:
            return
        choices = [
            _TYPES.get(b["type"], b["type"]) if "type" in b else f"« {b['const']} »"
            for b in sch["anyOf"]
        ]
        yield path, f"{_show(value)} : attendu {' ou '.join(choices)}"
    elif kind == "maxLength":
        yield path, f"trop long : {len(value)} caractères, {sch['maxLength']} au plus"
    elif kind == "minLength":
        yield path, "texte vide"
    elif kind == "minItems":
        yield path, f"au moins {sch['minItems']} élément{'s' if sch['minItems'] > 1 else ''}"
    elif kind == "maxItems":
        yield path, f"au plus {sch['maxItems']} éléments"
    elif kind == "uniqueItems":
        yield path, "valeur en double dans la liste"
    elif kind in ("minimum", "maximum"):
        yield path, f"{_show(value)} hors limites ({kind} {sch[kind]})"
    else:  # pragma: no cover - every keyword used in schema.FICHE is handled above
        yield path, error.message


# --- Checks the schema can't express -----------------------------------------------------------


# Overseas départements dial like France (0590…, 0262…, 0692…) but have their own country codes:
# a landline or mobile number valid there is theirs (0596 60 00 00 is +596 596…, not +33 5 96…).
_OVERSEAS_REGIONS = ("RE", "YT", "GP", "MQ", "GF")
_GEOGRAPHIC = (
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def normalise_phone(raw: str) -> str | None:
    """A French or international number in E.164, or None if it is not a valid number."""
    for region in (*_OVERSEAS_REGIONS, "FR"):
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number) and (
            region == "FR" or phonenumbers.number_type(number) in _GEOGRAPHIC
        ):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def in_france(lat: float, lng: float) -> bool:
    return any(s <= lat <= n and w <= lng <= e for s, w, n, e in vocab.FRANCE_BOXES)


def _rich_text_fields(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    content = data.get("content", {})
    if isinstance(content.get("what"), str):
        yield ("content", "what"), content["what"]
    for section in ("why", "how"):
        for i, item in enumerate(content.get(section) or ()):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                yield ("content", section, i, "text"), item["text"]


def _check_dates(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    try:
        updated = dt.date.fromisoformat(data["updated"])
    except ValueError:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", data["updated"]):  # else the schema says it
            yield ("updated",), f"{_show(data['updated'])} n'est pas une date du calendrier"
        return
    if updated > today:
        yield ("updated",), f"{_show(data['updated'])} est dans le futur"


def _check_content(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    content = data["content"]
    if data.get("kind") == "service":
        why = content.get("why") or ()
        if len(why) < 3:
            yield (
                ("content", "why"),
                (f"{len(why)} argument(s) : Réfugiés.info en demande au moins 3 pour un service"),
            )
        if len(content.get("how") or ()) < 1:
            yield ("content", "how"), "au moins 1 étape « Comment faire ? » pour un service"
    for path, text in _rich_text_fields(data):
        for message in richtext.check(text):
            yield path, message


def _check_themes(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    themes = data["themes"]
    if themes["main"] in themes.get("secondary", ()):
        yield ("themes", "secondary"), f"« {themes['main']} » est déjà le thème principal"


# Réfugiés.info's editor has no « Ce n'est pas pertinent pour mon action » for these two cards
# (refugies-info/karfur @ e5ef018, Edition/Modals/ModalPublic/ModalPublic.tsx: the public step
# requires a status; ModalLocation.tsx: « Départements », « France entière » or « Ressource en
# ligne »), so a service must answer them; a project is never published there.
_NO_NOT_RELEVANT = {
    ("audience", "public_status"): (
        "Réfugiés.info n'a pas de réponse « Ce n'est pas pertinent » pour le public : "
        "écrivez les statuts accueillis (EPA, BPI, BPT, ou asile, refugie, subsidiaire, "
        "temporaire, apatride, french ; pour tout le monde, ces six codes)"
    ),
    ("practicalities", "area"): (
        "Réfugiés.info n'a pas de réponse « Ce n'est pas pertinent » pour « C'est où ? » : "
        "écrivez departements ou communes (la zone servie), national: true (toute la France) "
        "ou online: true (en ligne)"
    ),
}


def _check_not_relevant(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    if data.get("kind") != "service":
        return
    for (section, key), message in _NO_NOT_RELEVANT.items():
        if (data.get(section) or {}).get(key) == schema.NOT_RELEVANT:
            yield (section, key), f"« {schema.NOT_RELEVANT} » refusé pour un service : {message}"


def _check_audience(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    age = data["audience"]["age"]
    if isinstance(age, dict):
        if not age:
            yield ("audience", "age"), "indiquer min, max, ou les deux"
        elif "min" in age and "max" in age and age["min"] > age["max"]:
            yield ("audience", "age"), "min est plus grand que max"


def _check_practicalities(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    practicalities = data["practicalities"]
    price = practicalities.get("price")
    if isinstance(price, dict):
        yield from _check_price(price)
    area = practicalities.get("area")
    if isinstance(area, dict) and area.get("national") is True:
        others = [k for k in ("departements", "communes") if area.get(k)]
        others += ["online"] if area.get("online") is True else []
        if others:
            yield (
                ("practicalities", "area", "national"),
                f"national: true va seul (Réfugiés.info : « France entière ») : enlevez "
                f"{' et '.join(others)}, ou enlevez national",
            )
    commitment = practicalities.get("commitment")
    if isinstance(commitment, dict) and (commitment.get("details") == "between") != (
        "max" in commitment
    ):
        yield (
            ("practicalities", "commitment"),
            ("« details: between » va avec « max », et seulement lui"),
        )


def _check_places(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    for i, place in enumerate(data["places"]):
        yield from _check_place(place, ("places", i))


_CHECKS = (
    _check_dates,
    _check_content,
    _check_themes,
    _check_not_relevant,
    _check_audience,
    _check_practicalities,
    _check_places,
)


def _check(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    """Checks beyond the schema. Each runs on its own, so a badly typed section (already
    reported by the schema) does not hide the problems of the others."""
    for check in _CHECKS:
        try:
            yield from list(check(data, today))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue


def _check_price(price: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    path: Path_ = ("practicalities", "price")
    kinds = [k for k in ("free", "pay_what_you_can") if price.get(k)]
    amounts = [k for k in ("amount", "min", "max") if k in price]
    if len(kinds) + bool(amounts) != 1:
        yield (
            path,
            "choisir une seule forme : free: true, pay_what_you_can: true, amount, ou min et max",
        )
    elif amounts and "per" not in price:
        yield path + ("per",), "préciser per (once, hour, month…) avec un montant"
    elif amounts and amounts != ["amount"] and amounts != ["min", "max"]:
        yield path, "un montant (amount) ou une fourchette (min et max)"
    for key in amounts:
        value = price[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue  # the schema says it
        if round(value, 1) != value:
            # Réfugiés.info's price field takes one decimal at most (refugies-info/karfur @
            # e5ef018, Edition/Modals/ModalPrice/functions.ts `isPriceValue`).
            low, high = math.floor(value * 10) / 10, math.ceil(value * 10) / 10
            yield (
                path + (key,),
                f"{_show(value)} : Réfugiés.info prend un prix avec un chiffre après la virgule "
                f"au plus : écrivez {_decimal(low)} ou {_decimal(high)}",
            )
        elif value == 0 and key in ("amount", "min"):
            # ModalPrice.tsx: `!priceStart` blocks the form, so 0 is no paid amount.
            fix = (
                "free: true (gratuit) à la place"
                if key == "amount"
                else "min: 1 ou plus, ou pay_what_you_can: true (montant libre)"
            )
            yield path + (key,), f"« 0 » : Réfugiés.info ne prend pas 0 comme prix : écrivez {fix}"


def _decimal(value: float) -> str:
    """12.0 -> « 12 », 12.5 -> « 12.5 » (as the carrier writes it in YAML)."""
    return f"{value:.1f}".removesuffix(".0")


def _check_place(place: dict[str, Any], path: Path_) -> Iterator[tuple[Path_, str]]:
    if "phone" in place and normalise_phone(place["phone"]) is None:
        yield path + ("phone",), f"{_show(place['phone'])} n'est pas un numéro de téléphone valide"
    if "email" in place:
        try:
            validate_email(place["email"], check_deliverability=False)
        except EmailNotValidError:
            yield path + ("email",), f"{_show(place['email'])} n'est pas une adresse e-mail valide"
    coordinates = place.get("coordinates")
    if coordinates and not in_france(coordinates["lat"], coordinates["lng"]):
        yield (
            path + ("coordinates",),
            (
                f"({coordinates['lat']}, {coordinates['lng']}) est hors de "
                "France (latitude et longitude inversées ?)"
            ),
        )
    if isinstance(place.get("opening_hours"), str):
        try:
            hours.parse_opening_hours(place["opening_hours"])
        except hours.HoursError as exc:
            yield path + ("opening_hours",), f"horaires illisibles : {exc}"
    elif isinstance(place.get("opening_hours"), list):  # the rules form: same check as the text
        for j, rule in enumerate(place["opening_hours"]):
            opens, closes = (
                (rule.get(k) for k in ("opens", "closes")) if isinstance(rule, dict) else ("", "")
            )
            well_formed = all(
                isinstance(t, str) and re.fullmatch(schema.TIME["pattern"], t)  # else: schema
                for t in (opens, closes)
            )
            if well_formed and str(closes) <= str(opens):
                yield (
                    path + ("opening_hours", j, "closes"),
                    f"« {opens}-{closes} » : l'heure de fin est avant l'heure de début",
                )


# --- Files and catalogs -------------------------------------------------------------------------


def _read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")  # French decimal comma
        return None, [
            Problem(
                file,
                1,
                "",
                f"fichier trop gros ({megabytes} Mo ; {MAX_BYTES // 1024} Ko au plus pour une fiche)",
            )
        ]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                file,
                line,
                "",
                "le fichier n'est pas en UTF-8 (octet "
                f"0x{raw[exc.start]:02X}) : enregistrez-le en UTF-8",
            )
        ]


def _build_places(data: dict[str, Any]) -> tuple[Place, ...]:
    places = []
    for p in data.get("places", ()):
        raw_hours = p.get("opening_hours")
        rules: tuple[OpeningRule, ...] = ()
        osm = None
        if isinstance(raw_hours, str):
            osm, rules = raw_hours, hours.parse_opening_hours(raw_hours)
        elif raw_hours:
            rules = tuple(
                OpeningRule(
                    tuple(r["days"]), r["opens"], r["closes"], tuple(r.get("weeks_of_month", ()))
                )
                for r in raw_hours
            )
            osm = hours.to_osm(rules)
        c = p.get("coordinates")
        places.append(
            Place(
                name=p["name"],
                city=p["city"],
                address=p.get("address"),
                postcode=p.get("postcode"),
                insee=p.get("insee"),
                coordinates=Coordinates(float(c["lat"]), float(c["lng"]), c["precision"])
                if c
                else None,
                opening_hours=osm,
                opening_rules=rules,
                phone=normalise_phone(p["phone"]) if "phone" in p else None,
                email=p.get("email"),
                accessibility=p.get("accessibility"),
                practical=p.get("practical"),
            )
        )
    return tuple(places)


def load_action(
    path: Path, file: str | None = None, *, today: dt.date | None = None
) -> tuple[Action | None, list[Problem]]:
    """Load one fiche. Returns the action (None if it has problems) and its problems."""
    file = file or str(path)
    text, problems = _read_text(path, file)
    if text is None:
        return None, problems
    data, reader = read_yaml(text, file)
    if reader.problems or data is None:
        return None, reader.problems
    if not isinstance(data, dict):
        reader.problem((), "une fiche est une suite de champs « clé: valeur »")
        return None, reader.problems
    if not _fast_validator().is_valid(data):
        for error in _validator().iter_errors(data):
            for field_path, message in _schema_problems(error):
                reader.problem(field_path, message)
    for field_path, message in _check(data, today or dt.date.today()):
        reader.problem(field_path, message)
    action_id = data.get("id", path.stem)
    # a written id is checked by the schema; the file name stands in for a missing one
    if "id" not in data and not re.match(schema.FICHE["properties"]["id"]["pattern"], action_id):
        reader.problem(
            ("id",),
            f"« {action_id} » (nom du fichier) n'est pas un identifiant : "
            "minuscules, chiffres et tirets ; renommez le fichier ou ajoutez id:",
        )
    if reader.problems:
        return None, reader.problems
    lines = {format_path(k): v for k, v in reader.lines.items() if k}
    action = build_action(
        data,
        action_id=action_id,
        source=file,
        updated=dt.date.fromisoformat(data["updated"]),
        places=_build_places(data),
        lines=lines,
    )
    return action, []


def fiche_paths(root: Path) -> list[Path]:
    """The fiches under `root` (a folder) or `root` itself (a file), sorted."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in FICHE_SUFFIXES and p.is_file())


def load_catalog(
    root: Path, *, today: dt.date | None = None, display_root: Path | None = None
) -> Catalog:
    """Load every fiche under `root`; raise `FicheError` with all problems of all fiches."""
    if not root.exists():
        raise FicheError([Problem(str(root), 1, "", "dossier ou fichier introuvable")])
    paths = fiche_paths(root)
    if not paths:
        raise FicheError(
            [Problem(str(root), 1, "", "aucune fiche (.yml ou .yaml) dans ce dossier")]
        )
    actions: list[Action] = []
    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for path in paths:
        file = _display(path, display_root)
        action, found = load_action(path, file, today=today)
        problems.extend(found)
        if action is None:
            continue
        if action.id in first_file:
            problems.append(
                Problem(
                    file,
                    action.line_of("id"),
                    "id",
                    f"identifiant « {action.id} » déjà utilisé par {first_file[action.id]}",
                )
            )
            continue
        first_file[action.id] = file
        actions.append(action)
    if problems:
        raise FicheError(problems)
    return Catalog(tuple(actions))


def _display(path: Path, root: Path | None) -> str:
    """The path a carrier recognises: relative to the working directory when possible."""
    base = root or Path.cwd()
    try:
        return str(path.resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)

"""The schema's verdict on a fiche, in French: one message per problem, saying how to fix it
(a number to quote, a single value to write as a list, a key that looks like a known one)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from ctai_site.fiche import schema
from ctai_site.fiche.reading import Path_

if TYPE_CHECKING:  # jsonschema is imported only to explain an error (`validate` starts faster)
    import jsonschema


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """« vouliez-vous dire « precisions » ? » for a mistyped word, or "": the one suggestion
    every message makes (fiche keys, plugin options, command-line values, help topics)."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"vouliez-vous dire « {close[0]} » ?" if close else ""


def suggest(key: str, known: Iterable[str]) -> str:
    """« (vouliez-vous dire « precisions » ?) » after a fiche's unknown key, or nothing."""
    hint = did_you_mean(key, known)
    return f" ({hint})" if hint else ""


@lru_cache(maxsize=1)
def validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(schema.FICHE)


@lru_cache(maxsize=1)
def fast_validator() -> Any:
    """A compiled validator (Rust) that answers « valid? » 20x faster than the Python one.

    The Python validator only runs on fiches that fail, to explain each error in French."""
    return jsonschema_rs.validator_for(schema.FICHE)


Written = Mapping[Path_, str]  # numbers as the carrier wrote them (`_Reader.written`)

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


def show(value: Any) -> str:
    text = str(value)
    return f"« {text if len(text) <= 40 else text[:39] + '…'} »"


def _unquoted(path: Path_, sch: dict[str, Any], value: Any, written: Written) -> str | None:
    """A number where text is expected: quoting it is the fix, shown with the number as the
    carrier wrote it (YAML reads `insee: 01053` as 555 and `opens: 14:00` as 840)."""
    if sch.get("type") != "string" or _json_type(value) not in ("integer", "number"):
        return None
    text = written.get(path, str(value))
    if "pattern" in sch and not re.search(sch["pattern"], text):
        return f"{show(text)} {sch.get('x-error', 'n’est pas une valeur acceptée')}"
    key = path[-1] if path else None
    example = f'{key}: "{text}"' if isinstance(key, str) else f'"{text}"'
    return f"lu comme un nombre : écrivez-le entre guillemets : {example}"


def _as_list(path: Path_, sch: dict[str, Any], value: Any, written: Written) -> str | None:
    """`years: [2020]`: a single value where a list is expected, written as the list it
    belongs in, if it is a good item of that list."""
    if not path or not isinstance(path[-1], str):
        return None
    if _json_type(value) not in ("string", "integer", "number"):
        return None
    items = sch.get("items", {})
    item, shown = value, written.get(path, str(value))
    if items.get("type") == "string" and not isinstance(value, str):  # communes: 40088
        item, shown = shown, f'"{shown}"'
    import jsonschema

    if not jsonschema.Draft202012Validator(items).is_valid(item):
        return None
    return f"{path[-1]}: [{shown}]"


def _type_message(path: Path_, sch: dict[str, Any], value: Any, written: Written) -> str:
    """What is wrong with a value of the wrong type and, when it is known, how to fix it."""
    unquoted = _unquoted(path, sch, value, written)
    if unquoted:
        return unquoted
    listed = _as_list(path, sch, value, written) if sch["type"] == "array" else None
    if listed:
        return f"écrivez une liste : {listed}"
    return f"attendu {_TYPES.get(sch['type'], sch['type'])}, trouvé {_type_name(value)}"


def schema_problems(
    error: jsonschema.ValidationError, written: Written
) -> Iterator[tuple[Path_, str]]:
    """French messages for one schema error; `written` holds numbers as the carrier wrote them."""
    path: Path_ = tuple(error.absolute_path)
    kind, sch, value = error.validator, error.schema, error.instance
    if kind == "additionalProperties":
        known = list(sch.get("properties", {}))
        moved = sch.get("x-moved", {})
        for key in sorted(set(value) - set(known)):
            if key in moved:
                yield path + (key,), moved[key]
                continue
            hint = suggest(key, known) or f" (clés possibles : {', '.join(known)})"
            yield path + (key,), f"clé inconnue{hint}"
    elif kind == "required":
        for key in sch["required"]:
            if key not in value:
                yield path + (key,), "champ obligatoire manquant"
    elif kind in ("enum", "const", "pattern"):
        yield path, f"{show(value)} {sch.get('x-error', 'n’est pas une valeur acceptée')}"
    elif kind in ("type", "minimum", "maximum") and "x-hint" in sch:
        yield path, f"{show(value)} : {sch['x-hint']}"
    elif kind == "type" and "x-type-error" in sch and not isinstance(value, (dict, list)):
        yield path, f"{show(value)} {sch['x-type-error']}"
    elif kind == "type":
        yield path, _type_message(path, sch, value, written)
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
            yield from schema_problems(branch, written)
        if branch_errors:
            return
        choices = [
            _TYPES.get(b["type"], b["type"]) if "type" in b else f"« {b['const']} »"
            for b in sch["anyOf"]
        ]
        lists = (_as_list(path, b, value, written) for b in sch["anyOf"] if "items" in b)
        listed = next((example for example in lists if example), None)
        fix = f" ; écrivez une liste : {listed}" if listed else ""
        yield path, f"{show(value)} : attendu {' ou '.join(choices)}{fix}"
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
    elif kind in ("minimum", "maximum") and "x-error" in sch:
        yield path, f"{show(value)} {sch['x-error']}"
    elif kind in ("minimum", "maximum"):
        yield path, f"{show(value)} hors limites ({kind} {sch[kind]})"
    else:  # pragma: no cover - every keyword used in schema.FICHE is handled above
        yield path, error.message

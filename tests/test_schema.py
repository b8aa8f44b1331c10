"""The JSON Schema of a fiche: valid, French for the carrier's editor, and in step with the
loader's French messages. (`test_cli.py` checks that the committed `schema/fiche.schema.json`,
which VS Code reads, is what `ctai-site schema` prints.)"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import FICHES
from sites import CATALOGUE

from ctai_site.fiche import schema

# Keywords whose errors `loading._schema_problems` words in French, and keywords that only
# describe (they never fail). A new keyword in the schema must be added to one of them.
EXPLAINED = {
    "additionalProperties",
    "anyOf",
    "const",
    "enum",
    "maxItems",
    "maxLength",
    "maximum",
    "minItems",
    "minLength",
    "minimum",
    "pattern",
    "required",
    "type",
    "uniqueItems",
}
DESCRIPTIVE = {
    "$schema",
    "$id",
    "title",
    "description",
    "x-error",
    "x-type-error",
    "x-moved",
    "x-hint",
    "format",
    "items",
    "properties",
}


def _subschemas(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema inside the fiche schema, with a readable location."""
    if not isinstance(node, dict):
        return
    yield where or "(racine)", node
    for name, child in node.get("properties", {}).items():
        yield from _subschemas(child, f"{where}.{name}" if where else name)
    if "items" in node:
        yield from _subschemas(node["items"], f"{where}[]")
    for i, branch in enumerate(node.get("anyOf", ())):
        yield from _subschemas(branch, f"{where}<{i + 1}>")


SUBSCHEMAS = list(_subschemas(schema.FICHE))


def test_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema.FICHE)


def test_every_keyword_has_a_french_explanation() -> None:
    used = {key for _, sub in SUBSCHEMAS for key in sub}
    assert used <= EXPLAINED | DESCRIPTIVE, used - EXPLAINED - DESCRIPTIVE


def test_every_field_has_hover_help() -> None:
    undescribed = [
        where
        for where, sub in SUBSCHEMAS
        if not sub.get("description")
        and "const" not in sub  # the « not_relevant » branch of an infocard
        and not where.endswith(">")  # a branch of anyOf is described by its parent
    ]
    assert undescribed == []


def test_every_object_refuses_unknown_keys() -> None:
    open_objects = [
        where
        for where, sub in SUBSCHEMAS
        if sub.get("type") == "object" and sub.get("additionalProperties") is not False
    ]
    assert open_objects == []


def test_every_vocabulary_and_pattern_has_a_french_message() -> None:
    unexplained = [
        where
        for where, sub in SUBSCHEMAS
        if ("enum" in sub or "pattern" in sub) and not sub.get("x-error")
    ]
    assert unexplained == []


def _fiches() -> list[Path]:
    return sorted((CATALOGUE / "actions").glob("*.yml")) + sorted((FICHES / "good").rglob("*.yml"))


@pytest.mark.parametrize("path", _fiches(), ids=lambda p: p.name)
def test_valid_fiches_pass_the_raw_schema_as_an_editor_sees_it(path: Path) -> None:
    """What the loader accepts, VS Code's YAML extension (plain JSON Schema) accepts too."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["updated"] = str(data["updated"])  # YAML dates are text for the editor
    jsonschema.validate(data, schema.FICHE, cls=jsonschema.Draft202012Validator)


def test_summary_limit_is_refugies_info_s() -> None:
    assert schema.SUMMARY_MAX == 110
    assert schema.CONTENT["properties"]["summary"]["maxLength"] == 110


def test_data_inclusion_codes_are_the_official_package_s() -> None:
    """`vocab` reads a snapshot of data·inclusion's vocabularies (importing the package costs
    `validate` a tenth of a second): it must be what the installed package says."""
    from data_inclusion.schema import v1

    from ctai_site.fiche import vocab

    assert tuple(p.value for p in v1.PersonneMobilisatrice) == vocab.MOBILISERS
    assert tuple(m.value for m in v1.ModeMobilisation) == vocab.MOBILISATION_MODES
    assert tuple(t.value for t in v1.Thematique) == vocab.DI_THEMATIQUES
    assert tuple(t.value for t in v1.TypeService) == vocab.DI_TYPES
    assert tuple(r.value for r in v1.ReseauPorteur) == vocab.DI_NETWORKS
    tool = Path(__file__).resolve().parents[1] / "tools" / "data_inclusion_codes.py"
    printed = subprocess.run(
        [sys.executable, str(tool)], capture_output=True, text=True, check=True
    ).stdout
    snapshot = Path(vocab.__file__).with_name("data_inclusion_codes.py")
    assert printed == snapshot.read_text(encoding="utf-8"), "stale snapshot: run `make schema`"

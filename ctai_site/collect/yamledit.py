"""Change a fiche's YAML as a person would: comments, key order, quotes and layout kept
(ruamel.yaml's round trip), a new key placed where the format puts it (the schema's order), a
new small mapping or list written inline (`{free: true}`, `[monday, thursday]`) as
docs/format.md writes them.

The result is never trusted: `checked` runs the normal loader on the new text, so a value
`collect` or `geocode` writes passes exactly the checks a hand-written one does.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ctai_site.fiche import schema
from ctai_site.fiche.errors import Problem
from ctai_site.fiche.loading import parse_action
from ctai_site.fiche.model import Action
from ctai_site.fiche.reading import Path_

# (mapping, sequence, offset): the fiches' own (`why:` then `    - title:`) first, then other
# common layouts. The one that gives the file back unchanged is the file's.
_LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (4, 4, 0), (3, 3, 1))
_RESOLVER = yaml.resolver.Resolver()  # PyYAML's: how the loader will read a plain scalar


class Document:
    """One fiche's YAML, loaded for a round trip."""

    def __init__(self, text: str) -> None:
        self.original = text
        self._yaml = _yaml(_LAYOUTS[0])
        try:
            data = self._yaml.load(text)
        except YAMLError as exc:  # the loader read this text before: not expected
            raise ValueError(f"YAML illisible : {exc}") from exc
        if not isinstance(data, CommentedMap):
            raise ValueError("une fiche est une suite de champs « clé: valeur »")
        self.data: CommentedMap = data
        for layout in _LAYOUTS:  # the layout that writes the untouched file back as it was
            candidate = _yaml(layout)
            if _dump(candidate, data) == text:
                self._yaml = candidate
                break

    def text(self) -> str:
        return _dump(self._yaml, self.data)

    def get(self, path: Path_) -> Any:
        """The value at `path`, or None when it is absent."""
        node: Any = self.data
        for key in path:
            if isinstance(key, int):
                if not isinstance(node, list) or key >= len(node):
                    return None
            elif not isinstance(node, dict) or key not in node:
                return None
            node = node[key]
        return node

    def set(self, path: Path_, value: Any) -> None:
        """Write `value` at `path`, creating the mappings on the way in the schema's order.
        A mapping or a list already there is changed in place (its style and comments stay)."""
        parent = self._parent(path, create=True)
        key = path[-1]
        if isinstance(key, int):
            assert isinstance(parent, list)
            if key == len(parent):
                parent.append(_node(value, path))
            else:
                parent[key] = _merged(parent[key], value, path)
            return
        assert isinstance(parent, CommentedMap)
        if key in parent:
            parent[key] = _merged(parent[key], value, path)
        else:
            parent.insert(_position(parent, path), key, _node(value, path))

    def delete(self, path: Path_) -> None:
        """Remove the key at `path`, then the mappings it leaves empty."""
        parent = self._parent(path, create=False)
        if parent is None:
            return
        key = path[-1]
        if key in parent if isinstance(key, str) else key < len(parent):
            del parent[key]
        if len(path) > 1 and not parent and isinstance(path[-2], str):
            self.delete(path[:-1])

    def _parent(self, path: Path_, *, create: bool) -> Any:
        node: Any = self.data
        for depth, key in enumerate(path[:-1]):
            if isinstance(key, int):
                if not isinstance(node, list) or key > len(node):
                    return None
                if key == len(node):  # a new item (a new place)
                    if not create:
                        return None
                    node.append(CommentedMap())
                node = node[key]
                continue
            if not isinstance(node, CommentedMap):
                return None
            if key not in node:
                if not create:
                    return None
                child: Any = CommentedSeq() if isinstance(path[depth + 1], int) else CommentedMap()
                node.insert(_position(node, path[: depth + 1]), key, child)
            node = node[key]
        return node


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line a person wrote on one
    mapping, sequence, offset = layout
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _schema_at(path: Path_) -> dict[str, Any]:
    """The schema of the value at `path` (its object branch for an infocard)."""
    node: dict[str, Any] = schema.FICHE
    for key in path:
        for branch in node.get("anyOf", ()):
            if branch.get("type") in ("object", "array"):
                node = branch
                break
        node = node.get("items", {}) if isinstance(key, int) else node.get("properties", {})
        if not isinstance(key, int):
            node = node.get(key, {})
    for branch in node.get("anyOf", ()):
        if branch.get("type") in ("object", "array"):
            return dict(branch)
    return node


def _position(mapping: CommentedMap, path: Path_) -> int:
    """Where the new key `path[-1]` goes: after the keys the schema puts before it."""
    order = list(_schema_at(path[:-1]).get("properties", {}))
    key = path[-1]
    if key not in order:
        return len(mapping)
    before = set(order[: order.index(key)])
    position = 0
    for index, existing in enumerate(mapping):
        if existing in before:
            position = index + 1
    return position


def _flat(value: Any) -> bool:
    values = value.values() if isinstance(value, Mapping) else value
    return all(not isinstance(v, Mapping | list | tuple) for v in values)


def _node(value: Any, path: Path_) -> Any:
    """A new YAML node: small mappings and lists of words inline, the rest in blocks; keys in
    the schema's order."""
    if isinstance(value, Mapping):
        order = list(_schema_at(path).get("properties", {}))
        keys = sorted(value, key=lambda k: order.index(k) if k in order else len(order))
        out = CommentedMap()
        for key in keys:
            out[key] = _node(value[key], path + (key,))
        if _flat(value) and not isinstance(path[-1], int):  # a place stays a block
            out.fa.set_flow_style()
        return out
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_node(v, path + (i,)) for i, v in enumerate(value))
        if _flat(value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and _resolves_to_other_than_text(value):
        return DoubleQuotedScalarString(value)  # postcode: "40100", as the fiches write it
    return value


def _resolves_to_other_than_text(value: str) -> bool:
    """Whether YAML would read `value`, written plain, as a number, a date, a boolean…"""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag != "tag:yaml.org,2002:str")


def _merged(old: Any, new: Any, path: Path_) -> Any:
    """`new` in the place of `old`, keeping `old`'s node (style, comments) when both are
    mappings or both are lists."""
    if isinstance(old, CommentedMap) and isinstance(new, Mapping):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            if key in old:
                old[key] = _merged(old[key], value, path + (key,))
            else:
                old.insert(_position(old, path + (key,)), key, _node(value, path + (key,)))
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list | tuple):
        items = [_node(v, path + (i,)) for i, v in enumerate(new)]
        del old[:]
        old.extend(items)
        return old
    return _node(new, path)


def plain(value: Any) -> Any:
    """A round-trip value as plain Python (dates as the loader reads them: ISO text)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # ruamel's quoted-string types
    return value


@dataclass(frozen=True)
class Checked:
    """A fiche's new text and the loader's verdict on it."""

    text: str
    action: Action | None
    problems: list[Problem]


def checked(document: Document, file: str, stem: str, today: dt.date) -> Checked:
    """The document's text, read back by the normal loader."""
    text = document.text()
    action, problems = parse_action(text, file, stem=stem, today=today)
    return Checked(text, action, problems)

"""Writing translation files the way people write them: an edit touches only its own entries.

`edit_translation_file` changes some `fields:` entries (and `reviewed:`) of a file and leaves
every other byte alone: comments, quoting, line folding, the order of entries. Rewriting the
whole file with a YAML dumper would restyle files translators wrote by hand, and a PO
round-trip without edits must change no file. New entries go after the entry that precedes
them in the French order; a file this editor cannot follow (flow-style `fields: {...}`) is
written whole, in the skeleton's layout, keeping its leading comments.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# What a YAML scalar may hold unescaped (the YAML 1.1 printable set, minus its line breaks
# other than \n: NEL, LS and PS would be read as line breaks or folded).
_PRINTABLE = re.compile(
    "[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


@dataclass(frozen=True)
class FieldEdit:
    """What to write for one field: its French's fingerprint, that French, the translation."""

    source: str
    was: str | None
    text: str


def _escape(char: str) -> str:
    code = ord(char)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


def quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly `text`."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + _PRINTABLE.sub(lambda m: _escape(m.group()), body) + '"'


def _reads_back(rendered: str, text: str) -> bool:
    try:
        return bool(yaml.load(f"k: {rendered}\n", Loader=_Loader) == {"k": text})
    except yaml.YAMLError:
        return False


def yaml_text(text: str, indent: int) -> str:
    """The value of a `text:` or `was:` key indented by `indent`: a literal block (`|-`) for
    several lines, as translators write Markdown, double quotes otherwise; always read back
    as `text`."""
    if "\n" in text and not _PRINTABLE.search(text) and not text[:1].isspace():
        pad = " " * (indent + 2)
        block = "|-\n" + "\n".join(pad + line if line else "" for line in text.split("\n"))
        if _reads_back(block.replace("\n" + pad, "\n  "), text):
            return block
    return quoted(text)


def fingerprint_scalar(source: str, plain: bool) -> str:
    """A fingerprint as the file writes them: bare when YAML reads it back as text."""
    if plain and isinstance(yaml.load(source, Loader=_Loader), str):
        return source
    return f'"{source}"'  # 012345678901 would be read as a number


def render_entry(key: str, edit: FieldEdit, indent: int, step: int, plain_from: bool) -> list[str]:
    """The lines of one `fields:` entry."""
    pad, inner = " " * indent, " " * (indent + step)
    lines = [f"{pad}{key}:", f"{inner}from: {fingerprint_scalar(edit.source, plain_from)}"]
    if edit.was is not None:
        lines.append(f"{inner}was: {yaml_text(edit.was, indent + step)}")
    lines.append(f"{inner}text: {yaml_text(edit.text, indent + step)}")
    return [line + "\n" for line in lines]


def new_translation_file(
    header: Sequence[str], reviewed: bool, edits: Mapping[str, FieldEdit], order: Sequence[str]
) -> str:
    """A whole file: comment lines, `reviewed`, then the entries in the French order."""
    lines = [f"# {line}\n" if line else "#\n" for line in header]
    lines += [f"reviewed: {'true' if reviewed else 'false'}\n", "fields:\n"]
    for key in _ordered(edits, order):
        lines += render_entry(key, edits[key], 2, 2, plain_from=False)
    return "".join(lines)


def _ordered(keys: Mapping[str, Any], order: Sequence[str]) -> list[str]:
    rank = {k: i for i, k in enumerate(order)}
    return sorted(keys, key=lambda k: (rank.get(k, len(rank)), k))


def _end(node: yaml.Node, lines: Sequence[str]) -> int:
    """The line after the last line that holds `node`'s text (blank lines after it excluded)."""
    if isinstance(node, yaml.MappingNode) and not node.flow_style:
        return max(_end(n, lines) for pair in node.value for n in pair)
    mark = node.end_mark
    end = mark.line + (1 if mark.column else 0)
    while end > node.start_mark.line + 1 and not lines[end - 1].strip():
        end -= 1
    return end


def _entries(fields: yaml.MappingNode, lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Field key -> its lines [start, end)."""
    return {
        str(key.value): (key.start_mark.line, max(_end(key, lines), _end(value, lines)))
        for key, value in fields.value
    }


def _top(node: yaml.MappingNode, name: str) -> tuple[yaml.Node, yaml.Node] | None:
    return next(((k, v) for k, v in node.value if getattr(k, "value", None) == name), None)


def _plain_from(fields: yaml.MappingNode) -> bool:
    """Whether the file writes its fingerprints bare (the machine-written fiche files do)."""
    styles = [
        v.style
        for _, entry in fields.value
        if isinstance(entry, yaml.MappingNode)
        for k, v in entry.value
        if getattr(k, "value", None) == "from" and isinstance(v, yaml.ScalarNode)
    ]
    return bool(styles) and all(not style for style in styles)  # libyaml: '', PyYAML: None


def edit_translation_file(
    text: str,
    edits: Mapping[str, FieldEdit],
    order: Sequence[str],
    reviewed: bool | None = None,
) -> str:
    """`text` (a valid translation file) with `edits` written and `reviewed` set (None: kept).

    Only the edited entries' lines change; with no edit and the same `reviewed`, the result is
    `text` itself.
    """
    root = yaml.compose(text, Loader=_Loader)
    found = _top(root, "fields") if isinstance(root, yaml.MappingNode) else None
    if found is not None and not (
        isinstance(found[1], yaml.MappingNode) and not found[1].flow_style and found[1].value
    ):
        empty = isinstance(found[1], yaml.ScalarNode) and found[1].value in ("", "~", "null")
        if not (empty or (isinstance(found[1], yaml.MappingNode) and not found[1].value)):
            return _rewrite(text, edits, order, reviewed)
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    assert isinstance(root, yaml.MappingNode)
    replacements: list[tuple[int, int, list[str]]] = []

    if found is None or not isinstance(found[1], yaml.MappingNode) or not found[1].value:
        # No entry yet: `fields:` (or `fields: {}`) becomes a block with the new entries.
        new = ["fields:\n"]
        for key in _ordered(edits, order):
            new += render_entry(key, edits[key], 2, 2, plain_from=False)
        if found is None:
            replacements.append((len(lines), len(lines), new))
        else:
            replacements.append((found[0].start_mark.line, _end(found[1], lines), new))
    else:
        fields = found[1]
        spans = _entries(fields, lines)
        indent = fields.value[0][0].start_mark.column
        blocks = [v for _, v in fields.value if isinstance(v, yaml.MappingNode) and v.value]
        step = 2
        if blocks and not blocks[0].flow_style:
            step = max(blocks[0].value[0][0].start_mark.column - indent, 1)
        plain = _plain_from(fields)
        for key, edit in edits.items():
            if key in spans:
                start, end = spans[key]
                replacements.append((start, end, render_entry(key, edit, indent, step, plain)))
        # New entries: after the nearest earlier entry of the French order, else first.
        rank = {k: i for i, k in enumerate(order)}
        present = sorted((k for k in spans if k in rank), key=rank.__getitem__)
        inserts: dict[int, list[str]] = {}
        for key in _ordered({k: 0 for k in edits if k not in spans}, order):
            before = [k for k in present if rank[k] < rank.get(key, len(rank))]
            at = spans[before[-1]][1] if before else min(start for start, _ in spans.values())
            inserts.setdefault(at, []).extend(render_entry(key, edits[key], indent, step, plain))
        replacements += [(at, at, new) for at, new in inserts.items()]

    if reviewed is not None:
        flag = _top(root, "reviewed")
        value = "true" if reviewed else "false"
        if flag is None:
            if reviewed:
                at = found[0].start_mark.line if found else len(lines)
                replacements.append((at, at, [f"reviewed: {value}\n"]))
        elif flag[1].value != value and flag[1].start_mark.line == flag[1].end_mark.line:
            n = flag[1].start_mark.line
            line = lines[n]
            new_line = line[: flag[1].start_mark.column] + value + line[flag[1].end_mark.column :]
            replacements.append((n, n + 1, [new_line]))

    if not replacements:
        return text
    # From the bottom up, so that earlier line numbers stay right (stable: at one line, in
    # the order appended).
    for start, end, new in sorted(replacements, key=lambda r: r[0], reverse=True):
        lines[start:end] = new
    return "".join(lines)


def _rewrite(
    text: str, edits: Mapping[str, FieldEdit], order: Sequence[str], reviewed: bool | None
) -> str:
    """The whole file again, for layouts the line editor does not follow."""
    data = yaml.load(text, Loader=_Loader) or {}
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].strip())
    fields = {
        key: FieldEdit(str(value.get("from")), value.get("was"), str(value.get("text") or ""))
        for key, value in (data.get("fields") or {}).items()
    }
    fields.update(edits)
    keep = bool(data.get("reviewed", False)) if reviewed is None else reviewed
    return new_translation_file(header, keep, fields, order)

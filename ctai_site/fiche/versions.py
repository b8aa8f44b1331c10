"""The fiche format's versions, and how a fiche written for an earlier one is brought up to date.

A fiche says which version of the format it is written in (`format: 2`, the first key after
the schema comment). One without it is read by its shape: the keys of an earlier version tell
which. Each change of the format ships here as a function from version N to N + 1 that works on
the fiche as data: a plain mapping (`validate` reads an old fiche as if it were upgraded, so
every other problem is reported at once) or ruamel.yaml's round-trip mapping (`ctai-site
migrate` rewrites the file, comments, key order and layout kept). Each change it makes is said
as `(old path, new path, what)`, for one French line per change.

| version | since | what changed |
|---|---|---|
| 1 | 2026-11-26 | the first format: `contract.targets`, `contract.results`, `contract.funding` |
| 2 | 2026-11-30 | the three lists move into `contract.reports`, one entry per year |
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, MutableSequence
from dataclasses import dataclass
from typing import Any

CURRENT = 2
KEY = "format"
OLD_CONTRACT_KEYS = ("targets", "results", "funding")  # version 1


@dataclass(frozen=True)
class Change:
    """One change a migration made: where it was, where it went, in the file's words."""

    old: str  # the old path, `contract.results[0]`
    new: str  # the new one, `contract.reports[0].results[0]`
    line: int | None = None  # the old key's line in the file, when known


def version_of(data: MutableMapping[str, Any]) -> int:
    """The version a fiche is written for: its `format`, or what its keys say."""
    declared = data.get(KEY)
    if isinstance(declared, int) and not isinstance(declared, bool):
        return declared
    contract = data.get("contract")
    if isinstance(contract, MutableMapping) and any(k in contract for k in OLD_CONTRACT_KEYS):
        return 1
    return CURRENT


def upgrade(data: MutableMapping[str, Any], *, stamp: bool = True) -> list[Change]:
    """Bring `data` up to the current version, in place; the changes made. With `stamp`, the
    fiche says its version afterwards (`format: 2`)."""
    changes: list[Change] = []
    version = version_of(data)
    while version < CURRENT:
        changes += MIGRATIONS[version](data)
        version += 1
    if stamp and data.get(KEY) != CURRENT:
        before = data.get(KEY)
        _insert(data, KEY, CURRENT, 0)
        old = f"{KEY}: {before}" if before is not None else "(sans version)"
        changes.append(Change(old, f"{KEY}: {CURRENT}", _line(data, KEY)))
    return changes


def _v1_to_v2(data: MutableMapping[str, Any]) -> list[Change]:
    """`contract.targets`, `.results` and `.funding` (lists whose entries name their year) move
    into `contract.reports`, one entry per year, ordered by year:

    - a result goes to its year's `results`, without its `year`;
    - a target with a year goes to that year's `targets`; one without a year held for the
      whole contract: it goes to each of `contract.years`;
    - a funding goes to its year's `funding`, `amount_eur` becoming `granted` (the amount
      granted: the first format had no amount spent). A second funding of the same year, which
      the format no longer holds, is kept word for word in that year's `comment`.
    """
    contract = data.get("contract")
    if not isinstance(contract, MutableMapping):
        return []
    years = [y for y in contract.get("years") or [] if isinstance(y, int)]
    reports: dict[int, MutableMapping[str, Any]] = {}
    changes: list[Change] = []
    moved: list[tuple[int, str, int, Any, int | None]] = []  # (year, key, index, item, line)
    for key in OLD_CONTRACT_KEYS:
        items = contract.get(key)
        for index, item in enumerate(items if isinstance(items, MutableSequence) else []):
            if not isinstance(item, MutableMapping):
                continue
            year = item.get("year")
            line = _line(items, index)
            if isinstance(year, int) and not isinstance(year, bool):
                moved.append((year, key, index, item, line))
            elif key == "targets":
                moved += [(y, key, index, item, line) for y in years]
    position = min(
        (list(contract).index(k) for k in OLD_CONTRACT_KEYS if k in contract), default=len(contract)
    )
    new = _new_seq(contract)
    for year in sorted({m[0] for m in moved}):
        entry = _new_map(contract)
        entry["year"] = year
        reports[year] = entry
        new.append(entry)
    placed: set[tuple[str, int]] = set()  # the old items whose comments went along already
    for year, key, index, item, line in moved:
        entry = reports[year]
        at = f"contract.reports[{sorted(reports).index(year)}]"
        first = (key, index) not in placed
        placed.add((key, index))
        keys = list(item)
        if isinstance(item.get("year"), int) and keys[-1] == "year" and len(keys) > 1:
            _keep_comment(item, "year", item, keys[-2])  # a line before the next item: it stays
        elif isinstance(item.get("year"), int):  # said of the year: on the report's year
            _keep_comment(item, "year", entry, "year")
        if key == "funding":
            funding = _without(item, "year", rename={"amount_eur": "granted"})
            if "funding" not in entry:
                _place(entry, "funding", funding)
                new_path = f"{at}.funding"
            else:  # a second funding this year: its words kept in the year's comment
                comment = entry.get("comment")
                text = _funding_words(funding)
                _place(entry, "comment", f"{comment} {text}" if comment else text)
                new_path = f"{at}.comment"
            changes.append(Change(f"contract.funding[{index}]", new_path, line))
            continue
        target = entry.get(key)
        if target is None:
            target = _new_seq(contract)
            _place(entry, key, target)
        target.append(_without(item, "year") if isinstance(item.get("year"), int) else _copy(item))
        if first:  # the comment after the item (or before the next one) follows it
            _keep_item_comment(contract.get(key), index, target, len(target) - 1)
        new_path = f"{at}.{key}[{len(target) - 1}]"
        changes.append(Change(f"contract.{key}[{index}]", new_path, line))
    comments = _comment_of(contract, [k for k in OLD_CONTRACT_KEYS if k in contract])
    for key in OLD_CONTRACT_KEYS:
        if key in contract:
            del contract[key]
    if new:
        _insert(contract, "reports", new, position)
        _set_comment(contract, "reports", comments)
    return changes


MIGRATIONS: dict[int, Callable[[MutableMapping[str, Any]], list[Change]]] = {1: _v1_to_v2}

# Where a report entry's keys go (the schema's order).
_REPORT_ORDER = ("year", "targets", "results", "funding", "comment")


def _place(entry: MutableMapping[str, Any], key: str, value: Any) -> None:
    """Put `key` in a report entry at its place in the schema's order."""
    later = [k for k in _REPORT_ORDER[_REPORT_ORDER.index(key) + 1 :] if k in entry]
    position = list(entry).index(later[0]) if later else len(entry)
    _insert(entry, key, value, position)


def _insert(mapping: MutableMapping[str, Any], key: str, value: Any, position: int) -> None:
    """`mapping[key] = value` at `position` (ruamel's round-trip mappings keep the order)."""
    insert = getattr(mapping, "insert", None)
    if insert is not None and key not in mapping:
        insert(position, key, value)
    else:
        mapping[key] = value


def _new_map(like: Any) -> MutableMapping[str, Any]:
    """An empty mapping of the same kind as `like` (ruamel's, to be written in block style)."""
    made: MutableMapping[str, Any] = type(like)() if hasattr(like, "insert") else {}
    return made


def _new_seq(like: Any) -> MutableSequence[Any]:
    if hasattr(like, "insert") and hasattr(like, "ca"):
        from ruamel.yaml.comments import CommentedSeq

        return CommentedSeq()
    return []


def _without(
    item: MutableMapping[str, Any], key: str, *, rename: dict[str, str] | None = None
) -> MutableMapping[str, Any]:
    """`item` without `key` (and keys renamed), the same object when it can be (ruamel keeps
    its comments and style on it)."""
    rename = rename or {}
    if hasattr(item, "insert"):
        for old, new in rename.items():
            if old in item:
                position = list(item).index(old)
                value = item.pop(old)
                item.insert(position, new, value)
        item.pop(key, None)
        return item
    return {rename.get(k, k): v for k, v in item.items() if k != key}


def _copy(item: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """A copy of `item` (a target repeated in several years)."""
    if hasattr(item, "insert"):
        made = type(item)()
        for k, v in item.items():
            made[k] = v
        return made
    return dict(item)


def _funding_words(funding: MutableMapping[str, Any]) -> str:
    """A funding the format no longer holds, said in words: « Autre financement : … »."""
    words = str(funding.get("funder", "financeur non précisé"))
    if funding.get("granted") is not None:
        words += f", {funding['granted']} €"
    if funding.get("note"):
        words += f" ({str(funding['note']).rstrip('.')})"
    return f"Autre financement : {words}."


def _keep_comment(source: Any, key: str, target: Any, target_key: str) -> None:
    """The comment ruamel attached to `source[key]` (after its value, up to the next key or
    item), onto `target[target_key]` if it has none."""
    source_ca, target_ca = getattr(source, "ca", None), getattr(target, "ca", None)
    if source_ca is None or target_ca is None or key not in source_ca.items:
        return
    target_ca.items.setdefault(target_key, source_ca.items.pop(key))


def _keep_item_comment(source: Any, index: int, target: Any, target_index: int) -> None:
    """The comment after a list's item `index` (ruamel's), after the target list's item."""
    source_ca, target_ca = getattr(source, "ca", None), getattr(target, "ca", None)
    if source_ca is None or target_ca is None or index not in source_ca.items:
        return
    target_ca.items.setdefault(target_index, source_ca.items[index])


def _line(container: Any, key: str | int) -> int | None:
    """The line of a key or an item in the file, when ruamel read it (1-based)."""
    lc = getattr(container, "lc", None)
    try:
        if lc is None:
            return None
        return int((lc.item(key) if isinstance(key, int) else lc.key(key))[0]) + 1
    except (KeyError, TypeError, IndexError):
        return None


def _comment_of(mapping: Any, keys: list[str]) -> list[Any]:
    """The comments ruamel attached to `keys` of `mapping` (after each key's value)."""
    ca = getattr(mapping, "ca", None)
    return [ca.items[k] for k in keys if ca is not None and k in ca.items]


def _set_comment(mapping: Any, key: str, comments: list[Any]) -> None:
    ca = getattr(mapping, "ca", None)
    if ca is not None and comments:
        ca.items[key] = comments[-1]

"""Writing generated files only when their content changed.

An unchanged file keeps its modification time: `mkdocs serve` and other watchers see no edit,
and a rebuild that changes nothing writes nothing.
"""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, content: str | bytes) -> bool:
    """Write `content` (text as UTF-8) to `path` unless it already holds it; True if written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True

"""The fiches as `collect` and `geocode` read them: checked by the normal loader (every problem
at once), then each one's data as written (a phone as typed, hours as rules) and its file."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import display_path, fiche_paths, load_catalog
from ctai_site.fiche.model import Action
from ctai_site.fiche.reading import read_yaml
from ctai_site.fiche.territory import Territory


@dataclass(frozen=True)
class Fiche:
    path: Path
    action: Action
    text: str
    data: dict[str, Any]

    @property
    def file(self) -> str:
        """The path a carrier recognises (`actions/x.yml`)."""
        return self.action.source

    @property
    def stem(self) -> str:
        return self.path.stem


def load_fiches(root: Path, territory: Territory | None = None) -> dict[str, Fiche]:
    """Every fiche under `root` by id; raises `FicheError` with every problem of every fiche."""
    catalog = load_catalog(root, territory=territory)
    by_source = {action.source: action for action in catalog.actions}
    out = {}
    for path in fiche_paths(root):
        action = by_source[display_path(path, None)]
        text = path.read_text(encoding="utf-8")
        data, reader = read_yaml(text, action.source)
        if reader.problems:  # pragma: no cover - the catalogue was read the same way
            raise FicheError(reader.problems)
        out[action.id] = Fiche(path, action, text, data)
    return out


def write_all(texts: Iterable[tuple[Path, str]]) -> None:
    """Write each file through a temporary file in its folder: a fiche is never half written."""
    for path, text in texts:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
                file.write(text)
            os.chmod(temporary, stat.S_IMODE(path.stat().st_mode))  # mkstemp's is 0600
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

"""`ctai-site migrate`: a site's files brought up to the current formats, in place.

Fiches written for an earlier version of the format (`fiche.versions`) are rewritten through a
round trip (`yamledit.Document`: comments, key order, quotes and layout kept), and each one
stamped with its version. Translation files and `territory.yml` have had one format so far:
they are read, and left as they are. Nothing is written unless every file can be migrated:
a fiche that does not read, or whose meaning would change (the rewritten data must be the old
data upgraded, value for value), stops the whole migration with one French line per problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ctai_site.collect.yamledit import Document
from ctai_site.fiche import versions
from ctai_site.fiche.errors import Problem
from ctai_site.fiche.loading import fiche_paths, read_text
from ctai_site.fiche.reading import read_yaml
from ctai_site.files import write_if_changed


@dataclass
class Migrated:
    """One fiche: where it is, as shown, its new text and what changed (nothing: up to date)."""

    path: Path
    file: str
    text: str = ""
    changes: list[versions.Change] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One French line per change: `file:line: ancien → nouveau`."""
        return [f"{self.file}:{c.line or 1}: {c.old} → {c.new}" for c in self.changes]


def fiches_of(path: Path) -> list[Path]:
    """The fiches of a site (`PATH/actions/`), of a folder of fiches, or one fiche."""
    actions = path / "actions"
    return fiche_paths(actions if actions.is_dir() else path)


def migrate(
    paths: list[Path], display_root: Path | None = None
) -> tuple[list[Migrated], list[Problem]]:
    """Every fiche of `paths` brought up to date in memory: (fiches, problems)."""
    done, problems = [], []
    for path in paths:
        file = _shown(path, display_root)
        text, found = read_text(path, file)
        if text is None:
            problems += found
            continue
        data, reader = read_yaml(text, file)
        if reader.problems or not isinstance(data, dict):
            problems += reader.problems or [
                Problem(file, 1, "", "une fiche est une suite de champs « clé: valeur »")
            ]
            continue
        try:
            document = Document(text)
        except ValueError as error:
            problems.append(Problem(file, 1, "", str(error)))
            continue
        changes = versions.upgrade(document.data)
        if not changes:
            done.append(Migrated(path, file, text))
            continue
        new = document.text()
        expected: Any = yaml.safe_load(text)
        versions.upgrade(expected)
        if yaml.safe_load(new) != expected:
            said = "la fiche réécrite ne dirait plus la même chose : rien n'est écrit ; "
            said += "mettez-la à jour à la main (ctai-site aide format, section 5)"
            problems.append(Problem(file, 1, "", said))
            continue
        done.append(Migrated(path, file, new, changes))
    return done, problems


def write(migrated: list[Migrated]) -> int:
    """Write the fiches that changed; how many."""
    return sum(write_if_changed(m.path, m.text) for m in migrated if m.changes)


def _shown(path: Path, root: Path | None) -> str:
    if root is None:
        return str(path)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)

"""The notes of a release, checked: `python tools/release_notes.py v0.2.0`.

A release recipe (.github/workflows/release.yml, .gitlab-ci.yml) runs it on the tag it was
pushed for. It stops, with one French line, unless the tag is `v` + the package's version
(`ctai_site/__init__.py`, the one place the version is written) and CHANGELOG.md has a section
for that version with its date (`## 0.2.0 — 2026-12-07`); otherwise it prints that section, the
notes of the forge's release page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def version() -> str:
    found = re.search(
        r'^__version__ = "([^"]+)"', (ROOT / "ctai_site" / "__init__.py").read_text("utf-8"), re.M
    )
    assert found, "ctai_site/__init__.py: no __version__"
    return found[1]


def notes(tag: str, changelog: str) -> str:
    """The CHANGELOG section of `tag`'s version; ValueError (French) when it cannot be released."""
    current = version()
    if tag != f"v{current}":
        raise ValueError(
            f"l'étiquette {tag} ne correspond pas à la version du paquet ({current}) : "
            f"changez __version__ dans ctai_site/__init__.py, ou étiquetez v{current}"
        )
    sections = re.split(r"(?m)^## ", changelog)
    for section in sections[1:]:
        heading, _, body = section.partition("\n")
        if heading.split(" ", 1)[0] == current:
            if not re.search(r"\d{4}-\d{2}-\d{2}", heading):
                raise ValueError(
                    f"CHANGELOG.md : la section {current} n'est pas datée ({heading.strip()}) : "
                    f"écrivez « ## {current} — AAAA-MM-JJ » le jour de la publication"
                )
            return f"## {heading.strip()}\n{body.strip()}\n"
    raise ValueError(f"CHANGELOG.md : aucune section « ## {current} — AAAA-MM-JJ »")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("utilisation : python tools/release_notes.py vX.Y.Z", file=sys.stderr)
        return 1
    try:
        print(notes(argv[0], (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")), end="")
    except ValueError as error:
        print(f"release_notes : {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

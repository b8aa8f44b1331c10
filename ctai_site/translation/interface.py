"""Where the tool's own interface strings are: `translations/<lang>/_site.yml` of the ctai-site
repository, with its term base `translations/_terms.yml`. A wheel carries them as
`ctai_site/interface/` (pyproject.toml maps the folder); a checkout (editable install) reads them
in place. A site's own `translations/<lang>/_site.yml` may override any string; its
`translations/_territory_terms.yml` adds its own terms."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]  # ctai_site/


@cache
def interface_folder() -> Path:
    """The folder holding `<lang>/_site.yml` for the eight languages."""
    for folder in (PACKAGE / "interface", PACKAGE.parent / "translations"):
        if (folder / "fr" / "_site.yml").is_file():
            return folder
    raise FileNotFoundError(f"{PACKAGE}: interface strings not found (reinstall ctai-site)")

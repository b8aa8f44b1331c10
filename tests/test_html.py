"""The Nu HTML Checker (vnu-jar, on Java) finds no error in what our templates produce.

It runs once over a sample of built pages (each kind, in French and in Arabic). Errors that
come from Material for MkDocs itself are listed below, each with its name and the reason we keep
it; a known error that stops appearing fails the suite, so the list cannot rot.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from browser.sitepages import Page, SitePages

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SAMPLE = [
    (kind, lang)
    for kind in ("home", "theme", "action", "professionals", "contract", "map", "opendata")
    for lang in ("fr", "ar")
] + [("draft", "fr"), ("bilan", "fr"), ("followup", "fr")]


@dataclass(frozen=True)
class Known:
    name: str
    reason: str
    message: re.Pattern[str]
    extract: re.Pattern[str]  # the markup vnu quotes: proves the element is the theme's


KNOWN_THEME_ERRORS = (
    Known(
        "material-toggle-autocomplete",
        'Material\'s drawer and search toggles are checkboxes with autocomplete="off" '
        "(material/templates/base.html), so that Firefox does not restore them checked.",
        re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
        re.compile(r'class="md-toggle"'),
    ),
)


def _known(message: dict[str, Any]) -> Known | None:
    for known in KNOWN_THEME_ERRORS:
        if known.message.search(message.get("message", "")) and known.extract.search(
            message.get("extract", "")
        ):
            return known
    return None


@pytest.fixture(scope="session")
def vnu_report(built_site: Path) -> tuple[dict[tuple[str, str], Page], list[dict[str, Any]]]:
    """The sample pages found, and vnu's messages about them (one Java run for all)."""
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("java or vnu-jar missing: run `bash tools/ensure-test-deps.sh` (or make test)")
    pages = SitePages(built_site)
    sample = {}
    for kind, lang in SAMPLE:
        found = pages.of_kind(kind, lang)
        if found:
            sample[kind, lang] = found[0]
    files = sorted({str(p.file) for p in sample.values()})
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages: list[dict[str, Any]] = json.loads(result.stderr or '{"messages": []}')["messages"]
    return sample, messages


def _errors_of(page: Page, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    url = page.file.as_uri()
    return [m for m in messages if m.get("url") == url and m["type"] != "info"]


@pytest.mark.parametrize(("kind", "lang"), SAMPLE)
def test_no_html_error_in_our_markup(
    vnu_report: tuple[dict[tuple[str, str], Page], list[dict[str, Any]]], kind: str, lang: str
) -> None:
    sample, messages = vnu_report
    assert (kind, lang) in sample, f"page missing: {kind} ({lang})"
    page = sample[kind, lang]
    ours = [
        f"{page.url}:{m.get('lastLine')}: {m['message']}\n    {m.get('extract', '').strip()}"
        for m in _errors_of(page, messages)
        if _known(m) is None
    ]
    assert not ours, "\n".join(ours)


def test_known_theme_errors_still_occur(
    vnu_report: tuple[dict[tuple[str, str], Page], list[dict[str, Any]]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A known error that no longer shows (theme fixed, or upgraded) is removed from the list."""
    sample, messages = vnu_report
    seen = {k.name for m in messages if (k := _known(m)) is not None}
    assert seen == {k.name for k in KNOWN_THEME_ERRORS}
    counts = {k.name: sum(1 for m in messages if _known(m) is k) for k in KNOWN_THEME_ERRORS}
    with capsys.disabled():
        print(f"\nvnu: {len(sample)} pages checked; known theme errors: {counts}")

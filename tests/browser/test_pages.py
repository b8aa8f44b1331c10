"""Every kind of page loads in Chromium with no script error and no third-party request."""

from __future__ import annotations

import pytest

from browser.conftest import OpenTab
from browser.sitepages import SitePages

PAGES = [
    (kind, lang)
    for kind in ("home", "theme", "action", "professionals", "contract", "map", "opendata")
    for lang in ("fr", "ar")
] + [("draft", "fr"), ("status", "fr")]


@pytest.mark.parametrize(("kind", "lang"), PAGES)
def test_page_loads_clean(site_pages: SitePages, open_tab: OpenTab, kind: str, lang: str) -> None:
    """What a phone would fetch in vain or run into: nothing."""
    page = site_pages.first(kind, lang)
    tab = open_tab(page.url)
    tab.page.wait_for_load_state("networkidle")
    guard = tab.guard
    problems = (
        [f"script error: {e}" for e in guard.errors]
        + [f"third-party request: {u}" for u in guard.unexpected_requests()]
        + [f"not found: {u}" for u in guard.not_found]
        + [f"dialog: {d}" for d in guard.dialogs]
    )
    if not tab.page.locator("h1").first.is_visible():
        problems.append("no visible <h1>")
    assert not problems, f"{page.url}\n" + "\n".join(problems)

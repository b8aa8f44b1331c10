"""Languages as a reader meets them: the switch keeps the page, Arabic, Persian and Pashto read
from right to left with the navigation on the right."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator

from browser.conftest import OpenTab
from browser.sitepages import LANGUAGES, RTL, SitePages


@pytest.mark.parametrize("lang", LANGUAGES[1:])
def test_language_switch_keeps_the_page(
    site_pages: SitePages, open_tab: OpenTab, lang: str
) -> None:
    french = site_pages.first("action", "fr", prefer="pas-hopital-dax")
    target = site_pages.same_page(french, lang)
    assert target is not None, f"page missing: {french.rel} ({lang})"
    tab = open_tab(french.url)
    page = tab.page

    page.locator(".md-header .md-select button").click()  # the « translate » icon
    page.locator(f'.md-select__link[hreflang="{lang}"]').click()
    page.wait_for_url(f"**{target.url}")

    assert page.evaluate("document.documentElement.lang") == lang
    direction = "rtl" if lang in RTL else "ltr"
    assert page.locator("body").get_attribute("dir") == direction
    assert page.evaluate("getComputedStyle(document.querySelector('.md-content')).direction") == (
        direction
    )
    assert tab.guard.errors == []


def test_switch_back_to_french(site_pages: SitePages, open_tab: OpenTab) -> None:
    arabic = site_pages.first("action", "ar", prefer="pas-hopital-dax")
    tab = open_tab(arabic.url)
    tab.page.locator(".md-header .md-select button").click()
    tab.page.locator('.md-select__link[hreflang="fr"]').click()
    tab.page.wait_for_url(f"**/{arabic.rel}")
    assert tab.page.evaluate("location.pathname") == "/" + arabic.rel
    assert tab.page.evaluate("document.documentElement.lang") == "fr"


def _center_x(locator: Locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"] / 2


@pytest.mark.parametrize("lang", ["fr", "ar", "fa", "ps"])
def test_layout_follows_reading_direction(
    site_pages: SitePages, open_tab: OpenTab, lang: str
) -> None:
    """At desktop width, the logo and navigation sit where reading starts: left in French, right
    in Arabic; the table of contents on the other side; the title starts on the reading side."""
    action = site_pages.first("action", lang, prefer="pas-hopital-dax")
    tab = open_tab(action.url, viewport={"width": 1400, "height": 900})
    page = tab.page
    rtl = lang in RTL

    content = page.locator(".md-content").first
    assert page.evaluate("getComputedStyle(document.querySelector('.md-content')).direction") == (
        "rtl" if rtl else "ltr"
    )
    sides = {
        ".md-header .md-logo": "start",  # site name, link to home
        ".md-sidebar--primary": "start",  # site navigation
        ".md-sidebar--secondary": "end",  # table of contents
    }
    checked = 0
    for selector, side in sides.items():
        sidebar = page.locator(selector).first
        if not sidebar.count() or not sidebar.is_visible():
            continue
        on_right = _center_x(sidebar) > _center_x(content)
        assert on_right == ((side == "start") == rtl), f"{selector} on the wrong side"
        checked += 1

    # The title starts on the reading side of the content column.
    title = page.locator(".md-content h1").first.bounding_box()
    column = content.bounding_box()
    assert title is not None and column is not None
    if rtl:
        gap = column["x"] + column["width"] - (title["x"] + title["width"])
    else:
        gap = title["x"] - column["x"]
    assert gap < 60, f"title {gap:.0f}px from the reading side"
    assert checked, "no logo or sidebar visible to compare"


HOURS_JS = """([first, second]) => {
  const cell = [...document.querySelectorAll('.ctai-hours td')]
    .find(td => td.textContent.includes(first) && td.textContent.includes(second));
  if (!cell) return null;
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  const x = {};
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of [first, second]) {
      const at = node.data.indexOf(word);
      if (at < 0 || word in x) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + word.length);
      x[word] = range.getBoundingClientRect().left;
    }
  }
  return x;
}"""


@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_two_ranges_read_right_to_left_on_the_page(
    open_tab: OpenTab, guide_site_url: str, lang: str
) -> None:
    """The web page's order, which the printed guide must match (test_guide): the first range
    on the right of the second."""
    tab = open_tab(f"/{lang}/actions/atelier-francais/", base_url=guide_site_url)
    x = tab.page.evaluate(HOURS_JS, ["12:30", "17:00"])
    assert x is not None and len(x) == 2, f"{lang}: hours not found"
    assert x["12:30"] > x["17:00"], f"{lang}: {x}"

"""The professionals' table: one row per service, filtered in the browser as one types (accents
and case ignored); without JavaScript, no filter box and every row shows."""

from __future__ import annotations

import unicodedata

import pytest

from browser.conftest import OpenTab, Tab
from browser.sitepages import SitePages
from ctai_site.fiche import vocab
from ctai_site.fiche.model import Catalog

ROWS = "#ctai-pros tbody tr"


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
    ).lower()


def _visible_rows(tab: Tab) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = tab.page.locator(ROWS).evaluate_all(
        "rows => rows.filter(r => r.offsetParent !== null)"
        ".map(r => ({theme: r.dataset.theme, text: r.textContent}))"
    )
    return rows


def test_all_services_listed_without_javascript(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog
) -> None:
    page = site_pages.first("professionals", "fr")
    tab = open_tab(page.url, js=False)
    assert not tab.page.locator("[data-ctai-filter]").is_visible()
    assert len(_visible_rows(tab)) == len(catalog.services)


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_filter_by_theme_name(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog, lang: str
) -> None:
    page = site_pages.first("professionals", lang)
    tab = open_tab(page.url)
    box = tab.page.locator("[data-ctai-filter]")
    assert box.is_visible()
    all_rows = _visible_rows(tab)
    assert len(all_rows) == len(catalog.services)

    theme = "health"
    cell = tab.page.locator(f'{ROWS}[data-theme="{theme}"] td').nth(1)
    name = cell.inner_text().strip()  # the theme as the table shows it, in the page's language
    box.locator("input").fill(name)
    shown = _visible_rows(tab)
    expected = {a.id for a in catalog.services if a.themes.main == theme}
    assert expected and len(shown) >= len(expected)
    assert sum(1 for r in shown if r["theme"] == theme) == len(expected)
    assert all(_fold(name) in _fold(r["text"]) for r in shown)
    assert str(len(shown)) in box.locator("[data-template]").inner_text()


def test_filter_ignores_accents_and_case(site_pages: SitePages, open_tab: OpenTab) -> None:
    page = site_pages.first("professionals", "fr")
    tab = open_tab(page.url)
    field = tab.page.locator("[data-ctai-filter] input")
    field.fill(vocab.THEMES_BY_KEY["health"].name_fr)  # « Santé »
    with_accent = _visible_rows(tab)
    field.fill("SANTE")
    assert _visible_rows(tab) == with_accent
    field.fill("zzzz introuvable")
    assert _visible_rows(tab) == []
    assert "0" in tab.page.locator("[data-ctai-filter] [data-template]").inner_text()


OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const cut = [];
  for (const td of document.querySelectorAll('#ctai-pros tbody td')) {
    const box = td.getBoundingClientRect();
    if (box.left < -1 || box.right > width + 1 || td.scrollWidth > td.clientWidth + 1)
      cut.push(td.dataset.label + ': ' + td.textContent.trim().slice(0, 40));
  }
  return {page: document.documentElement.scrollWidth - width, cut};
}"""


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_table_reads_on_a_phone(site_pages: SitePages, open_tab: OpenTab, lang: str) -> None:
    """At 390 px each row is a card: every cell's content inside the screen, each under its
    column's name, no sideways scrolling; the publics' acronyms explained once, above."""
    page = site_pages.first("professionals", lang)
    tab = open_tab(page.url, viewport={"width": 390, "height": 844})
    found = tab.page.evaluate(OVERFLOW_JS)
    assert found["page"] <= 0 and found["cut"] == [], found
    labels = (
        tab.page.locator("#ctai-pros tbody tr")
        .first.locator("td")
        .evaluate_all("cells => cells.map(td => getComputedStyle(td, '::before').content)")
    )
    assert all(label not in ("none", "normal", '""') for label in labels), labels
    assert tab.page.locator("dl.ctai-legend dt").all_inner_texts() == ["EPA", "BPI", "BPT"]

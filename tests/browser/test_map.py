"""The map of places: a marker per located place, the list of places even when tiles fail or
JavaScript is off, and the only other host it asks is OpenStreetMap's tile server."""

from __future__ import annotations

import pytest

from browser.conftest import OpenTab
from browser.sitepages import SitePages
from ctai_site.fiche.model import Catalog
from ctai_site.fiche.queries import located_places, public_services


def _places(catalog: Catalog) -> int:
    return sum(len(action.places) for action in public_services(catalog))


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_one_marker_per_located_place(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog, lang: str
) -> None:
    page = site_pages.first("map", lang)
    tab = open_tab(page.url)
    tab.page.wait_for_selector("#ctai-map .ctai-marker")

    markers = tab.page.locator("#ctai-map .ctai-marker")
    assert markers.count() == len(list(located_places(catalog)))
    assert tab.page.locator("#ctai-map").is_visible()
    assert tab.guard.errors == []
    assert tab.guard.unexpected_requests() == []


def test_tiles_blocked_list_still_there(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog
) -> None:
    """No tile can load here (every request off 127.0.0.1 is aborted): the page says so and
    the list of places is still complete."""
    page = site_pages.first("map", "fr")
    tab = open_tab(page.url)
    tab.page.wait_for_selector("#ctai-map .ctai-marker")
    tab.page.wait_for_load_state("networkidle")

    assert tab.guard.third_party, "the map asked for no tile at all"
    assert all("tile.openstreetmap.org" in url for url in tab.guard.third_party)
    assert tab.page.locator("#ctai-places-list").is_visible()
    assert tab.page.locator("#ctai-places-list li[data-place]").count() == _places(catalog)
    tab.page.wait_for_selector("#ctai-map-offline", state="visible")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_places_list_without_javascript(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog, lang: str
) -> None:
    page = site_pages.first("map", lang)
    tab = open_tab(page.url, js=False)
    places = tab.page.locator("#ctai-places-list li[data-place]")
    assert tab.page.locator("#ctai-places-list").is_visible()
    assert places.count() == _places(catalog)
    assert places.first.is_visible()
    assert not tab.page.locator("#ctai-map").is_visible()  # an empty box would only confuse
    assert tab.guard.third_party == []


def test_theme_filter_keeps_matching_markers(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog
) -> None:
    page = site_pages.first("map", "fr")
    tab = open_tab(page.url)
    tab.page.wait_for_selector("#ctai-map .ctai-marker")
    select = tab.page.locator("#ctai-filter-theme")
    values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    assert values, "no theme to filter by"
    for theme in values:
        select.select_option(theme)
        expected = sum(
            1
            for action, _, _ in located_places(catalog)
            if theme in (action.themes.main, *action.themes.secondary)
        )
        tab.page.wait_for_function(
            "n => document.querySelectorAll('#ctai-map .ctai-marker').length === n", arg=expected
        )
    assert tab.guard.errors == []

"""The map of places: a marker per located place, the list of places even when tiles fail or
JavaScript is off, and no request to a tile server (another host) until the reader asks for the
background map; then the tiles come from the server the site configured, for the whole visit."""

from __future__ import annotations

import io

import pytest
from conftest import GuideSite
from PIL import Image
from playwright.sync_api import Route

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


def test_no_tile_until_asked_then_blocked_tiles_said(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog
) -> None:
    """Opening the map asks no other host. Once asked, no tile can load here (every request
    off 127.0.0.1 is aborted): the page says so and the list of places is still complete."""
    page = site_pages.first("map", "fr")
    tab = open_tab(page.url)
    tab.page.wait_for_selector("#ctai-map .ctai-marker")
    tab.page.wait_for_load_state("networkidle")
    assert tab.guard.third_party == []
    button = tab.page.get_by_role("button", name="Afficher le fond de carte")
    assert "tile.openstreetmap.org" in tab.page.locator("#ctai-map-consent").inner_text()

    button.click()
    tab.page.wait_for_selector("#ctai-map-offline", state="visible")
    assert tab.guard.third_party, "the map asked for no tile at all"
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in tab.guard.third_party)
    assert not button.is_visible()
    assert tab.page.locator("#ctai-places-list").is_visible()
    assert tab.page.locator("#ctai-places-list li[data-place]").count() == _places(catalog)


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 226, 220)).save(out, "PNG")
    return out.getvalue()


def test_tiles_from_the_configured_server_once_asked(
    guide_site: GuideSite, guide_site_url: str, open_tab: OpenTab
) -> None:
    """The guide's site names its own tile server (a made-up host, answered here): nothing goes
    to it before the reader presses the button (with the keyboard), every tile comes from it
    after, and the rest of the visit keeps the background without asking again."""
    tab = open_tab(base_url=guide_site_url)
    tiles: list[str] = []
    image = _png()

    def tile(route: Route) -> None:
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=image)

    prefix = guide_site.tiles.split("{z}", 1)[0]
    tab.context.route(prefix + "**", tile)  # after the guard's route: this one answers first
    tab.goto("/carte/")
    tab.page.wait_for_selector("#ctai-map .ctai-marker")
    tab.page.wait_for_load_state("networkidle")
    assert tiles == [] and tab.guard.third_party == []

    button = tab.page.get_by_role("button", name="Afficher le fond de carte")
    button.focus()
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_selector("#ctai-map img.leaflet-tile-loaded")
    assert tiles and all(url.startswith(prefix) for url in tiles)
    assert tab.guard.third_party == []
    assert "Tuiles d'essai" in tab.page.locator(".leaflet-control-attribution").inner_text()

    asked = len(tiles)
    tab.goto("/")
    tab.goto("/ar/carte/")
    tab.page.wait_for_selector("#ctai-map img.leaflet-tile-loaded")
    assert len(tiles) > asked
    assert not tab.page.locator("#ctai-map-consent").is_visible()
    assert tab.guard.third_party == [] and tab.guard.errors == []


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
    assert not tab.page.locator("#ctai-map-tiles").is_visible()  # nor a button that does nothing
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

"""The map page (pure render), its assets, and the « Données ouvertes » page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from sites import load_site

from ctai_site.fiche import vocab
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.model import Action, Catalog
from ctai_site.fiche.queries import located_places, public_services
from ctai_site.opendata.export import FILES
from ctai_site.site import maps, pages
from ctai_site.site import opendata_page as opendata

ROOT = Path(__file__).resolve().parents[1]
SITE = load_site()


def strings(lang: str) -> dict[str, str]:
    """The interface strings of `lang`, as the site passes them."""
    return SITE.string_values(lang)


FICHE = """\
kind: service
status: active
updated: 2026-01-10
contract: {{axis: 4, years: [2024]}}
carrier: {{name: Centre social}}
content:
  title: {title}
  summary: Un résumé.
  what: Ce que c'est, en quelques mots.
  why:
    - {{title: Un, text: Premier.}}
    - {{title: Deux, text: Deuxième.}}
    - {{title: Trois, text: Troisième.}}
  how:
    - {{title: Venir, text: Venez.}}
themes: {{main: {theme}, secondary: [{secondary}]}}
audience: {{public_status: [{status}], specific_public: [family]}}
places:
{places}
"""

EXACT = """\
  - name: Centre social du Sablar
    address: 1 rue de la Paix
    postcode: "40100"
    city: Dax
    coordinates: {lat: 43.7081, lng: -1.0512, precision: exact}
"""
APPROX = """\
  - name: Salle des fêtes
    city: Saint-Paul-lès-Dax
    coordinates: {lat: 43.7267, lng: -1.0517, precision: approximate}
"""
UNLOCATED = """\
  - name: Mairie annexe
    city: Candresse
"""
HOSTILE = "</script><script>alert(1)</script> & <b>gras</b>"


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    folder = tmp_path / "actions"
    folder.mkdir()
    fiches = {
        "sante": FICHE.format(
            title="Se soigner",
            theme="health",
            secondary="family",
            status="BPI",
            places=EXACT + APPROX,
        ),
        "papiers": FICHE.format(
            title=json.dumps(HOSTILE),
            theme="admin",
            secondary="",
            status="temporaire",
            places=APPROX + UNLOCATED,
        ),
        "pause": FICHE.format(
            title="En pause", theme="leisure", secondary="", status="EPA", places=EXACT
        ).replace("status: active", "status: paused"),
    }
    for name, text in fiches.items():
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return load_catalog(folder)


def map_json(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="ctai-map-data">(.*?)</script>', page)
    assert m, "no map data block"
    data: dict[str, Any] = json.loads(m[1])
    return data


class _Collector(HTMLParser):
    """Elements with their attributes, and the text of each `li`."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.items: dict[str, str] = {}
        self._item: str | None = None
        self.headings: list[str] = []
        self._h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if tag == "li" and found.get("data-place"):
            self._item = found["data-place"]
            self.items[self._item] = ""
        self._h3 = tag == "h3"

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._item = None
        self._h3 = False

    def handle_data(self, data: str) -> None:
        if self._item:
            self.items[self._item] += data
        if self._h3:
            self.headings.append(data)


def parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page.split("\n---\n", 1)[1])  # after the front matter
    return collector


def test_one_marker_datum_per_located_place(catalog: Catalog) -> None:
    page = maps.render_map_page(catalog, "fr", strings=strings("fr"))
    data = map_json(page)
    places = data["places"]
    # active services only; the unlocated place is in the list, not on the map
    assert [p["id"] for p in places] == ["papiers--1", "sante--1", "sante--2"]
    first = next(p for p in places if p["id"] == "sante--1")
    assert (first["lat"], first["lng"], first["approximate"]) == (43.7081, -1.0512, False)
    assert first["address"] == "1 rue de la Paix, 40100 Dax"
    assert first["url"] == "../actions/sante/"
    assert first["themes"] == ["health", "family"]
    assert first["publics"] == ["BPI", "family"]
    assert next(p for p in places if p["id"] == "sante--2")["approximate"] is True
    assert data["tiles"]["url"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "https://www.openstreetmap.org/copyright" in data["tiles"]["attribution"]
    assert data["strings"]["approximate"] == "position approximative"


def test_no_js_list_by_commune(catalog: Catalog) -> None:
    page = maps.render_map_page(catalog, "fr", strings=strings("fr"))
    html = parse(page)
    assert html.headings == ["Candresse", "Dax", "Saint-Paul-lès-Dax"]
    assert set(html.items) == {"papiers--1", "papiers--2", "sante--1", "sante--2"}
    assert "(position approximative)" in html.items["sante--2"]
    assert "(pas encore sur la carte)" in html.items["papiers--2"]
    assert "1 rue de la Paix, 40100 Dax" in html.items["sante--1"]
    links = [a["href"] for tag, a in html.elements if tag == "a"]
    assert "../actions/sante/" in links and "../actions/pause/" not in links
    lists = [a for tag, a in html.elements if tag == "section"]
    assert lists[0]["id"] == "ctai-places-list"
    # the map and its filters wait for the script: without it only the list shows
    hidden = {a.get("id") for tag, a in html.elements if "hidden" in a}
    assert {"ctai-map", "ctai-map-filters", "ctai-map-offline"} <= hidden
    assert "ctai-places-list" not in hidden


def test_data_block_cannot_close_the_script(catalog: Catalog) -> None:
    page = maps.render_map_page(catalog, "fr", strings=strings("fr"))
    block = re.search(r'id="ctai-map-data">(.*?)</script>', page)
    assert block is not None
    assert "<" not in block[1] and "&" not in block[1]
    titles = {p["title"] for p in map_json(page)["places"]}
    assert HOSTILE in titles  # intact once parsed
    assert "<script>alert" not in page  # escaped in the list too
    assert "&lt;/script&gt;" in page


def test_filters_offer_what_the_places_have(catalog: Catalog) -> None:
    html = parse(maps.render_map_page(catalog, "fr", strings=strings("fr")))
    options: dict[str, list[str]] = {}
    select = None
    for tag, attrs in html.elements:
        if tag == "select":
            select = attrs["id"]
        elif tag == "option" and select:
            options.setdefault(select, []).append(attrs["value"] or "")
    assert options["ctai-filter-theme"] == ["", "admin", "health", "family"]
    assert options["ctai-filter-public"] == ["", "BPI", "BPT", "family"]


def test_every_language_and_direction(catalog: Catalog) -> None:
    files = maps.map_pages(catalog, strings)
    assert list(files) == ["carte.md"] + [f"carte.{lang}.md" for lang in vocab.LANGUAGE_CODES[1:]]
    for lang in vocab.LANGUAGE_CODES:
        page = files[pages.localized_path("carte.md", lang)]
        direction = "rtl" if lang in ("ar", "fa", "ps") else "ltr"
        assert f'<div class="ctai-map-page" lang="{lang}" dir="{direction}">' in page
        assert 'id="ctai-map" class="ctai-map" dir="ltr"' in page  # Leaflet lays out in LTR
        assets = "../assets/ctai/" if lang == "fr" else "../../assets/ctai/"
        assert f'<script src="{assets}vendor/leaflet/leaflet.js"></script>' in page
        assert f'<link rel="stylesheet" href="{assets}map.css">' in page
        data = map_json(page)
        assert data["lang"] == lang and data["dir"] == direction
        assert len(data["places"]) == 3
        title = re.search(r'^title: "(.*)"$', page, re.M)
        assert title is not None
        assert json.loads(f'"{title[1]}"') == strings(lang)["map.title"]
    assert "موقع تقريبي" in files["carte.ar.md"]
    assert "приблизне розташування" in files["carte.uk.md"]


def test_strings_and_titles_from_the_site(catalog: Catalog) -> None:
    def title_for(action: Action, lang: str) -> tuple[str, str]:
        return (
            (f"عنوان {action.id}", "ar") if action.id == "sante" else (action.content.title, "fr")
        )

    page = maps.render_map_page(
        catalog, "ar", strings={**strings("ar"), "map.title": "الخريطة"}, title_for=title_for
    )
    assert "# الخريطة" in page
    data = map_json(page)
    by_id = {p["id"]: p for p in data["places"]}
    assert by_id["sante--1"]["title"] == "عنوان sante"
    assert by_id["papiers--1"]["titleLang"] == "fr"
    assert 'lang="fr" dir="auto"' in page  # French standing in for a translation is marked


def test_site_pages_use_the_site_strings_and_titles(catalog: Catalog) -> None:
    """The map and open data pages of a site: its interface strings, its translated titles."""
    site = pages.Site(catalog, SITE.translations, SITE.territory)
    map_pages = maps.site_pages(site)
    assert len(map_pages) == len(vocab.LANGUAGE_CODES)
    english = strings("en")
    assert f"# {english['map.title']}" in map_pages["carte.en.md"]
    assert f">{english['theme.health.name']}</option>" in map_pages["carte.en.md"]
    data_pages = opendata.site_pages(site)
    assert set(data_pages) == {
        pages.localized_path("donnees-ouvertes.md", lang) for lang in vocab.LANGUAGE_CODES
    }


def test_dax_map_pages() -> None:
    catalog = SITE.catalog
    located = list(located_places(catalog))
    for lang, page in maps.map_pages(catalog, strings).items():
        assert len(map_json(page)["places"]) == len(located), lang
        assert len(parse(page).items) == sum(len(a.places) for a in public_services(catalog))


# --- Assets: vendored Leaflet, nothing from another host -------------------------------------


def test_vendored_leaflet_is_the_pinned_version() -> None:
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    pinned = package["dependencies"]["leaflet"]
    assert pinned == "1.9.4"
    vendor = ROOT / "ctai_site" / "site" / "assets" / "vendor" / "leaflet"
    assert (vendor / "VERSION").read_text().strip() == pinned
    assert f"Leaflet {pinned}" in (vendor / "leaflet.js").read_text(encoding="utf-8")[:200]
    assert "BSD" in (vendor / "LICENSE").read_text(encoding="utf-8") or "Copyright" in (
        vendor / "LICENSE"
    ).read_text(encoding="utf-8")
    uris = {uri for uri, _ in maps.asset_files()}
    for name in (
        "leaflet.js",
        "leaflet.css",
        "LICENSE",
        "images/marker-icon.png",
        "images/layers.png",
    ):
        assert f"assets/ctai/vendor/leaflet/{name}" in uris
    assert {"assets/ctai/map.js", "assets/ctai/map.css"} <= uris
    assert "assets/ctai/ctai.css" not in uris  # the site's own assets are not the map's


def test_assets_request_no_other_host() -> None:
    assets = ROOT / "ctai_site" / "site" / "assets"
    for path in (assets / "map.js", assets / "map.css", assets / "vendor/leaflet/leaflet.css"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
        assert "sourceMappingURL" not in text, path
    assert "sourceMappingURL" not in (assets / "vendor/leaflet/leaflet.js").read_text(
        encoding="utf-8"
    )
    assert not re.search(r"https?://", (assets / "map.js").read_text(encoding="utf-8"))


def test_page_loads_nothing_from_another_host(catalog: Catalog) -> None:
    html = parse(maps.render_map_page(catalog, "fa", strings=strings("fa")))
    loaded = [
        a.get("src") or a.get("href")
        for tag, a in html.elements
        if (tag == "script" and a.get("src")) or tag == "link"
    ]
    assert loaded and all(url and not re.match(r"(https?:)?//", url) for url in loaded)


def test_write_map_assets(tmp_path: Path) -> None:
    target = maps.write_map_assets(tmp_path)
    assert (target / "vendor/leaflet/leaflet.js").is_file()
    assert (target / "vendor/leaflet/images/marker-icon.png").is_file()
    assert (target / "map.js").is_file()


# --- « Données ouvertes » -------------------------------------------------------------------


def test_opendata_pages(catalog: Catalog) -> None:
    pages = opendata.opendata_pages(catalog, strings, "ctai-test")
    assert len(pages) == len(vocab.LANGUAGE_CODES)
    fr = parse(pages["donnees-ouvertes.md"])
    links = [a["href"] for tag, a in fr.elements if tag == "a"]
    assert links == [f"../donnees/{FILES[key]}" for key, _, _ in opendata.ROWS]
    assert sorted({str(link) for link in links}) == sorted(
        f"../donnees/{name}" for name in FILES.values()
    )
    ar = pages["donnees-ouvertes.ar.md"]
    assert '<div class="ctai-opendata" lang="ar" dir="rtl">' in ar
    assert 'href="../../donnees/lieux.geojson"' in ar
    assert '<code dir="ltr">ctai-test</code>' in ar
    assert "الخدمات: 2 · الأماكن على الخريطة: 3" in ar
    assert "ctai-test" not in opendata.opendata_pages(catalog, strings)["donnees-ouvertes.md"]

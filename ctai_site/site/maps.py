"""The map of places: one page per language, which works without JavaScript and without tiles.

The page is Markdown with an HTML block: a list of every place by commune (always there, and
what a reader gets with JavaScript off), the map container, and the data the script needs as
JSON in `<script type="application/json" id="ctai-map-data">`. `assets/map.js` draws it with
the vendored Leaflet, markers on a plain background. The background map comes from a tile server
(`settings.Tiles`, OpenStreetMap unless mkdocs.yml names another), another host, which learns
who reads about these services: the page asks it only when the reader presses « Afficher le fond
de carte », and remembers the answer for the visit (sessionStorage).

Selectors for browser tests: `#ctai-map` (the map; `hidden` until the script runs),
`.ctai-marker` (one Leaflet marker icon per located place, with `data-place`),
`.ctai-marker--approx` and `path.ctai-approx-area` (approximate places), `#ctai-places-list`
with one `li.ctai-map-place[data-place]` per place, `#ctai-filter-theme`, `#ctai-filter-public`,
`#ctai-map-count`, `#ctai-map-offline` (shown when tiles fail), `#ctai-map-tiles` (the button
that loads the background; hidden without JavaScript and once pressed).
"""

from __future__ import annotations

import html
import json
import shutil
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ctai_site.site import pages
from ctai_site.site.settings import Tiles
from ctai_site.templating import script_json
from ctai_site.fiche import vocab
from ctai_site.fiche.queries import answered, contract_publics, place_id, public_services
from ctai_site.translation.l10n import direction
from ctai_site.fiche.model import Action, Catalog, Place

APPROXIMATE_RADIUS_M = 1500
ASSETS_DIR = "assets/ctai"  # inside site_dir
PAGE = "carte"

# (action, lang) -> the title in `lang`, or (title, language it is written in) when the
# translation is missing and the French is shown instead.
TitleFor = Callable[[Action, str], "str | tuple[str, str]"]
ActionHref = Callable[[Action], str]

@cache
def theme_icon(key: str) -> str | None:
    """The theme's Material icon as inline SVG (shipped with mkdocs-material), if installed."""
    name = vocab.THEMES_BY_KEY[key].icon  # e.g. material/medical-bag
    try:
        path = resources.files("material") / "templates" / ".icons" / f"{name}.svg"
        svg = path.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def _sort_key(text: str) -> str:
    """Commune order as a French reader expects (accents ignored)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


@dataclass(frozen=True)
class MapPlace:
    """One place as the map and the list show it, in one language."""

    id: str
    action: Action
    place: Place
    title: str
    title_lang: str
    href: str

    @property
    def address(self) -> str:
        city = " ".join(p for p in (self.place.postcode, self.place.city) if p)
        return ", ".join(p for p in (self.place.address, city) if p)

    @property
    def approximate(self) -> bool:
        return self.place.coordinates is not None and self.place.coordinates.approximate

    @property
    def located(self) -> bool:
        return self.place.coordinates is not None

    @property
    def themes(self) -> list[str]:
        return [self.action.themes.main, *self.action.themes.secondary]

    @property
    def publics(self) -> list[str]:
        specific = answered(self.action.audience.specific_public) or ()
        return [*contract_publics(self.action.audience), *specific]


def default_action_href(action: Action) -> str:
    """From the map page (`<dir>/map/`) to the action page (`<dir>/actions/<id>/`)."""
    return f"../actions/{action.id}/"


def map_places(
    catalog: Catalog,
    lang: str,
    *,
    title_for: TitleFor | None = None,
    action_href: ActionHref = default_action_href,
) -> list[MapPlace]:
    """Every place of every active service, in fiche order."""
    out = []
    for action in public_services(catalog):
        found = title_for(action, lang) if title_for else (action.content.title, "fr")
        title, title_lang = found if isinstance(found, tuple) else (found, lang)
        for number, place in enumerate(action.places, start=1):
            out.append(
                MapPlace(
                    place_id(action, number), action, place, title, title_lang, action_href(action)
                )
            )
    return out


def tiles_data(tiles: Tiles) -> dict[str, Any]:
    """The tile layer for Leaflet; the attribution as HTML (Leaflet inserts it as such), built
    here from escaped text so that mkdocs.yml cannot put markup into every map page."""
    text = html.escape(tiles.attribution, quote=False)
    if tiles.attribution_url:
        text = f'<a href="{html.escape(tiles.attribution_url)}" rel="noopener">{text}</a>'
    return {"url": tiles.url, "attribution": text, "maxZoom": tiles.max_zoom}


def map_data(
    places: list[MapPlace], strings: Mapping[str, str], lang: str, tiles: Tiles | None = None
) -> dict[str, Any]:
    """What `map.js` reads: the located places, theme icons, tiles and a few strings."""
    located = [p for p in places if p.located]
    themes = sorted({p.action.themes.main for p in located}, key=vocab.THEME_KEYS.index)
    return {
        "lang": lang,
        "dir": direction(lang),
        "tiles": tiles_data(tiles or Tiles()),
        "approximateRadius": APPROXIMATE_RADIUS_M,
        "strings": {
            "approximate": strings["map.approximate"],
            "see": strings["map.see"],
            "count": strings["map.count"],
            "none": strings["map.none"],
        },
        "icons": {key: theme_icon(key) for key in themes if theme_icon(key)},
        "places": [
            {
                "id": p.id,
                "action": p.action.id,
                "lat": p.place.coordinates.lat,
                "lng": p.place.coordinates.lng,
                "approximate": p.approximate,
                "title": p.title,
                "titleLang": p.title_lang,
                "name": p.place.name,
                "address": p.address,
                "url": p.href,
                "theme": p.action.themes.main,
                "themes": p.themes,
                "publics": p.publics,
            }
            for p in located
            if p.place.coordinates is not None
        ],
    }


def _communes(places: list[MapPlace]) -> list[tuple[str, list[MapPlace]]]:
    groups: dict[str, list[MapPlace]] = {}
    for place in places:
        groups.setdefault(place.place.city, []).append(place)
    return sorted(groups.items(), key=lambda item: _sort_key(item[0]))


def _filter_options(places: list[MapPlace], strings: Mapping[str, str]) -> dict[str, Any]:
    themes = {t for p in places for t in p.themes}
    publics = {x for p in places for x in p.publics}
    public_keys = [*vocab.CONTRACT_PUBLICS, *vocab.SPECIFIC_PUBLICS]
    return {
        "themes": [
            (key, strings[f"theme.{key}.name"]) for key in vocab.THEME_KEYS if key in themes
        ],
        "publics": [
            (key, strings[f"map.public.{key}"] if key.isupper() else strings[f"specific.{key}"])
            for key in public_keys
            if key in publics
        ],
    }


def render_map_page(
    catalog: Catalog,
    lang: str,
    *,
    strings: Mapping[str, str],
    title_for: TitleFor | None = None,
    action_href: ActionHref = default_action_href,
    assets: str = f"../{ASSETS_DIR}/",
    tiles: Tiles | None = None,
) -> str:
    """The map page in `lang` (Markdown with one HTML block); `assets` is the relative URL of
    the folder `write_map_assets` fills."""
    texts = strings
    tiles = tiles or Tiles()
    places = map_places(catalog, lang, title_for=title_for, action_href=action_href)
    return pages.render_template(
        "map.md.j2",
        s=texts,
        lang=lang,
        dir=direction(lang),
        assets=assets,
        communes=_communes(places),
        filters=_filter_options(places, texts),
        count=len(places),
        tiles_note=texts["map.tiles.note"].format(provider=tiles.host),
        data=script_json(map_data(places, texts, lang, tiles)),
    )


def map_pages(
    catalog: Catalog,
    strings_for_lang: Callable[[str], Mapping[str, str]],
    *,
    title_for: TitleFor | None = None,
    action_href: ActionHref = default_action_href,
    page: str = PAGE,
    depth: int = 1,
    tiles: Tiles | None = None,
    languages: tuple[str, ...] = vocab.LANGUAGE_CODES,
) -> dict[str, str]:
    """File name -> Markdown for the map page in every language (of `languages`)."""
    return {
        pages.localized_path(f"{page}.md", lang): render_map_page(
            catalog,
            lang,
            strings=strings_for_lang(lang),
            title_for=title_for,
            action_href=action_href,
            assets=f"{pages.to_root(lang, depth)}{ASSETS_DIR}/",
            tiles=tiles,
        )
        for lang in languages
    }


def asset_files() -> list[tuple[str, Path]]:
    """(URL path in the site, file) for map.js, map.css and the vendored Leaflet."""
    root = Path(__file__).parent / "assets"
    return [
        (f"{ASSETS_DIR}/{path.relative_to(root).as_posix()}", path)
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and (path.name in _MAP_ASSETS or path.relative_to(root).parts[0] == "vendor")
    ]


_MAP_ASSETS = ("map.js", "map.css")


def write_map_assets(site_dir: Path) -> Path:
    """Copy map.js, map.css and the vendored Leaflet into `site_dir/assets/ctai/` (for hosts
    without MkDocs' file list; the plugin adds `asset_files()` to MkDocs' files instead)."""
    for uri, path in asset_files():
        target = site_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return site_dir / ASSETS_DIR


# --- Adapter for the site (`pages.Site`) -------------------------------------------------------


def site_pages(site: pages.Site) -> dict[str, str]:
    """The map in every language, with titles from the translations (French, marked, where one
    is missing)."""

    def title_for(action: Action, lang: str) -> tuple[str, str]:
        text = site.localized(action, lang).text("content.title")
        return text.value, text.lang

    return map_pages(
        site.catalog,
        site.string_values,
        title_for=title_for,
        tiles=site.settings.tiles,
        languages=site.languages,
    )

"""What a site sets beyond its fiches: the map's tile provider, and the files its home page
offers (the printable guides). Plain values: the plugin fills them from mkdocs.yml and the guides
it made; pages and the map read them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# OpenStreetMap's volunteer servers: fine for a small site whose map asks before loading (the
# tile usage policy asks heavy users to run or pay for their own). docs/map.md has the others.
OSM_TILES_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = "© OpenStreetMap"
OSM_ATTRIBUTION_URL = "https://www.openstreetmap.org/copyright"
OSM_MAX_ZOOM = 19


@dataclass(frozen=True)
class Tiles:
    """A map background: an XYZ URL template ({z}, {x}, {y}), whom to credit, how close."""

    url: str = OSM_TILES_URL
    attribution: str = OSM_ATTRIBUTION
    attribution_url: str | None = OSM_ATTRIBUTION_URL
    max_zoom: int = OSM_MAX_ZOOM

    @property
    def host(self) -> str:
        """The host the reader's browser asks for tiles (named before they accept)."""
        return self.url.split("://", 1)[-1].split("/", 1)[0]


@dataclass(frozen=True)
class Download:
    """A file the home page links to, with its size: its path from the site's root."""

    path: str
    size: int


@dataclass(frozen=True)
class Settings:
    tiles: Tiles = field(default_factory=Tiles)
    guides: Mapping[str, Download] = field(default_factory=dict)  # language -> its guide
    analytics: str | None = None  # mkdocs.yml's `extra.analytics.provider`, if the site has one

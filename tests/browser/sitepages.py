"""Find the pages of a built site by kind and language, so every suite grows with the site.

A kind is recognised by its URL path (without the language prefix) or, for pages whose place in
the site may move, by a marker in the HTML that the templates promise to keep (`#ctai-map`,
`button.ctai-copy`). `SitePages.first()` fails the test when no such page is built: a missing page is a bug.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LANGUAGES = ("fr", "en", "ar", "fa", "ps", "ti", "ru", "uk")
RTL = frozenset({"ar", "fa", "ps"})

# URL paths (language prefix removed, no leading slash, ending in "/") -> kind.
_PATH_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("home", re.compile(r"^$")),
    ("action", re.compile(r"(^|/)actions/[a-z0-9-]+/$")),
    ("theme", re.compile(r"(^|/)(themes?|thematiques)/[a-z0-9-]+/$")),
    ("professionals", re.compile(r"(^|/)(professionnels|pros?)/$")),
    ("contract", re.compile(r"(^|/)(contrat|contract)/$")),
    ("map", re.compile(r"(^|/)(carte|map)/$")),
    ("opendata", re.compile(r"(^|/)(donnees-ouvertes|open-data|donnees)/$")),
    ("status", re.compile(r"(^|/)(traductions|translations|etat-des-traductions)/$")),
    ("bilan", re.compile(r"(^|/)bilan/\d{4}/$")),
    ("followup", re.compile(r"(^|/)suivi/$")),
)
# Markers in the HTML -> kind (a page can have several kinds).
_MARKER_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("map", re.compile(r'id="ctai-map"')),
    ("draft", re.compile(r'<button[^>]*class="[^"]*\bctai-copy\b')),
)


@dataclass(frozen=True)
class Page:
    lang: str
    url: str  # path on the server: "/ar/actions/pas-hopital-dax/"
    rel: str  # the same without the language prefix: "actions/pas-hopital-dax/"
    file: Path
    kinds: frozenset[str]

    def html(self) -> str:
        return self.file.read_text(encoding="utf-8")


def _url_of(rel_file: str) -> str:
    if rel_file == "index.html":
        return ""
    if rel_file.endswith("/index.html"):
        return rel_file.removesuffix("index.html")
    return rel_file


class SitePages:
    """Every HTML page of a built site, with its language and kinds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pages: list[Page] = []
        for file in sorted(root.rglob("*.html")):
            rel_file = file.relative_to(root).as_posix()
            if rel_file.endswith("404.html"):
                continue
            first, _, rest = rel_file.partition("/")
            lang, rel_file = (first, rest) if first in LANGUAGES[1:] and rest else ("fr", rel_file)
            rel = _url_of(rel_file)
            html = file.read_text(encoding="utf-8", errors="replace")
            kinds = {k for k, rx in _PATH_KINDS if rx.search(rel)}
            kinds |= {k for k, rx in _MARKER_KINDS if rx.search(html)}
            url = "/" + ("" if lang == "fr" else f"{lang}/") + rel
            self.pages.append(Page(lang, url, rel, file, frozenset(kinds)))

    def __iter__(self) -> Iterator[Page]:
        return iter(self.pages)

    def languages(self) -> list[str]:
        """Languages that have a home page, French first."""
        homes = {p.lang for p in self.pages if "home" in p.kinds}
        return [lang for lang in LANGUAGES if lang in homes]

    def of_kind(self, kind: str, lang: str | None = "fr") -> list[Page]:
        return [p for p in self.pages if kind in p.kinds and (lang is None or p.lang == lang)]

    def first(self, kind: str, lang: str = "fr", prefer: str = "") -> Page:
        """The page of that kind (the one whose path contains `prefer`, if any); a missing
        page fails the test."""
        found = self.of_kind(kind, lang)
        assert found, f"page missing: {kind} ({lang})"
        preferred = [p for p in found if prefer and prefer in p.rel]
        return (preferred or found)[0]

    def same_page(self, page: Page, lang: str) -> Page | None:
        """The translation of `page` into `lang`, if built."""
        for other in self.pages:
            if other.lang == lang and other.rel == page.rel:
                return other
        return None

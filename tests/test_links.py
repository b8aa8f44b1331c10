"""No broken internal link in the built site, in any language: every href and src that stays on
the site names a file that exists, and every #anchor an id on the target page."""

from __future__ import annotations

import functools
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

# Attributes that make the browser fetch or go somewhere.
LINK_ATTRIBUTES = {"href", "src", "poster", "data"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and tag != "meta":
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES and not (tag == "form" or value == ""):
                self.links.append((value, self.getpos()[0]))
            elif name == "srcset":
                self.links.extend((part.split()[0], self.getpos()[0]) for part in value.split(","))


@functools.cache
def _parse(file: Path) -> _Collector:
    collector = _Collector()
    collector.feed(file.read_text(encoding="utf-8"))
    return collector


def _target(root: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """The file a same-site URL points to (None if missing) and its fragment."""
    parts = urlsplit(url)
    base = "/" + page.relative_to(root).as_posix()
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base), path)) if path else base
    candidate = root / resolved.lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return (candidate if candidate.is_file() else None), unquote(parts.fragment)


def broken_links(root: Path) -> list[str]:
    problems = []
    for page in sorted(root.rglob("*.html")):
        rel = page.relative_to(root).as_posix()
        for url, line in _parse(page).links:
            scheme = urlsplit(url).scheme.lower()
            if scheme in SAFE_SCHEMES or url.startswith("//"):
                continue  # leaves the site (no network here to check it)
            if scheme:
                problems.append(f"{rel}:{line}: lien « {url} » : schéma {scheme}: interdit")
                continue
            target, fragment = _target(root, page, url)
            if target is None:
                problems.append(f"{rel}:{line}: lien « {url} » : page ou fichier introuvable")
            elif fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
                problems.append(f"{rel}:{line}: lien « {url} » : ancre introuvable")
    return problems


def test_no_broken_internal_link(built_site: Path) -> None:
    problems = broken_links(built_site)
    assert not problems, "\n".join(problems[:50])


def test_links_checked_in_every_language(built_site: Path) -> None:
    """The check above ran over every language the site is built in."""
    languages = {"fr"} | {
        p.name for p in built_site.iterdir() if p.is_dir() and (p / "index.html").is_file()
    } & {"en", "ar", "fa", "ps", "ti", "ru", "uk"}
    if languages == {"fr"}:
        pytest.fail("pages missing from the built site: translated sites (/en/, /ar/ …)")
    assert languages == {"fr", "en", "ar", "fa", "ps", "ti", "ru", "uk"}


def test_checker_finds_what_it_should(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="ici">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#ici">ok</a> <a href="/a/index.html">ok</a>'
        '<a href="https://example.org/">ok</a> <img src="b.png">'
        '<a href="a/#la">anchor</a> <a href="javascript:alert(1)">js</a>',
        encoding="utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html:1: lien « b.png » : page ou fichier introuvable",
        "index.html:1: lien « a/#la » : ancre introuvable",
        "index.html:1: lien « javascript:alert(1) » : schéma javascript: interdit",
    ]

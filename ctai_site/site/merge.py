"""One site from the languages built apart: what mkdocs-static-i18n's one-after-the-other build
writes, from folders built at the same time.

mkdocs-static-i18n 1.3.1 builds the languages one after the other into one `site_dir`
(`on_post_build` in mkdocs_static_i18n/plugin.py): each language's pages go into its own folder
(`/en/`...), and what every build writes at the root is overwritten by the next one. So the last
language's version of a root file wins (the theme's assets: the same in every language), and
`sitemap.xml` is the last build's, which lists the pages of every language built so far, in the
order they were built. `merge_parts` does the same with parts built into separate folders, given
in that order; the search index is merged by the plugin (it needs mkdocs-static-i18n's own
merge). A test builds the site both ways and compares every byte.

Except the error page: the site has one, `404.html` at the root, and it is French, the first
build's, in both ways (the plugin puts it back after mkdocs-static-i18n's builds). The last
build's would be Ukrainian, with the language links of the last page of the build before it:
Material reads `config.extra.alternate`, an attribute mkdocs-static-i18n sets on each page
(`reconfigure_page_context`) and resets in `on_config` as an item only.
"""

from __future__ import annotations

import gzip
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SITEMAP = "sitemap.xml"
SEARCH_INDEX = "search/search_index.json"  # written again from the merged entries
ERROR_PAGE = "404.html"  # the first build's stays


def merge_parts(site_dir: Path, parts: Sequence[Path]) -> None:
    """Move the files of `parts` (folders built after `site_dir`'s own language, in the
    languages' order) into `site_dir`: a later part's file replaces an earlier one, the sitemaps
    are joined. The parts are left empty."""
    sitemaps = [site_dir / SITEMAP] if (site_dir / SITEMAP).is_file() else []
    for part in parts:
        if (part / SITEMAP).is_file():
            sitemaps.append(part / SITEMAP)
        for entry in sorted(part.iterdir()):
            _move(entry, site_dir / entry.name, part)
    if len(sitemaps) > 1:
        texts = [path.read_text(encoding="utf-8") for path in sitemaps]
        mtime = gzip_mtime(sitemaps[-1].with_name(SITEMAP + ".gz"))
        write_sitemap(site_dir / SITEMAP, join_sitemaps(texts), mtime)


def _move(source: Path, target: Path, part: Path) -> None:
    rel = source.relative_to(part).as_posix()
    if rel in (SITEMAP, SITEMAP + ".gz", SEARCH_INDEX, ERROR_PAGE):
        return
    if source.is_dir() and not target.exists():
        os.replace(source, target)  # a language's folder: one rename
    elif source.is_dir():
        for entry in sorted(source.iterdir()):
            _move(entry, target / entry.name, part)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def join_sitemaps(texts: Sequence[str]) -> str:
    """The `<url>` entries of several sitemaps, in order, in the first one's envelope."""
    head, _, tail = _envelope(texts[0])
    return head + "".join(_envelope(text)[1] for text in texts) + tail


def _envelope(text: str) -> tuple[str, str, str]:
    """(up to `<urlset …>`, the entries, from the line break before `</urlset>`)."""
    start = text.index(">", text.index("<urlset")) + 1
    end = text.rindex("</urlset>")
    end -= text[end - 1] == "\n"
    return text[:start], text[start:end], text[end:]


def write_sitemap(path: Path, text: str, mtime: int) -> None:
    """`sitemap.xml` and its gzipped copy, as MkDocs writes them (`_build_theme_template` in
    mkdocs/commands/build.py: level 9, the file's name and the pages' date in the header)."""
    path.write_bytes(text.encode("utf-8"))
    gz_path = path.with_name(path.name + ".gz")
    with open(gz_path, "wb") as f, gzip.GzipFile(
        fileobj=f, filename=str(gz_path), mode="wb", mtime=mtime
    ) as gz:
        gz.write(text.encode("utf-8"))


def join_sitemaps_in(site_dir: Path, texts: Sequence[str]) -> None:
    """Write the sitemaps of the languages built one after the other into `site_dir` as one
    (each build's listed its own language only), dated as the last one."""
    path = site_dir / SITEMAP
    write_sitemap(path, join_sitemaps(texts), gzip_mtime(path.with_name(SITEMAP + ".gz")))


def gzip_mtime(path: Path) -> int:
    """The date MkDocs wrote in a gzip header (bytes 4 to 8, little-endian)."""
    return int.from_bytes(path.read_bytes()[4:8], "little")


def drop_search_duplicates(entries: list[dict[str, Any]], languages: Sequence[str]) -> None:
    """mkdocs-static-i18n's `reconfigure_search_duplicates` (mkdocs_static_i18n/reconfigure.py,
    1.3.1), the same entries dropped, in linear time instead of quadratic (7.5 s for the 32,000
    entries of 500 fiches in 8 languages): an entry of a language's folder goes when a French
    entry has its title and text and ends its location. Only French entries with such an entry
    go through mkdocs-static-i18n's own loop, which it repeats here as it runs, quirks included:
    it removes from the list it iterates (so the entry right after a removed one is not looked
    at) and removes by equality (the first equal entry)."""
    prefixes = tuple(f"{lang}/" for lang in languages)
    firsts = [e for e in entries if not e["location"].startswith(prefixes)]
    targets = [e for e in entries if e["location"].startswith(prefixes)]
    if entries[: len(firsts)] != firsts:  # French entries first, as the builds write them
        raise ValueError("search entries: French first")
    same: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for entry in targets:
        same.setdefault((entry["title"], entry["text"]), []).append(entry)
    for first in firsts:
        location = first["location"]
        candidates = same.get((first["title"], first["text"]), ())
        if not any(e["location"].endswith(location) for e in candidates):
            continue
        i = 0
        while i < len(targets):  # a list iterator over a list that shrinks under it
            entry = targets[i]
            i += 1
            if (
                entry["title"] == first["title"]
                and entry["location"].endswith(location)
                and entry["text"] == first["text"]
            ):
                entries.remove(entry)
                targets.remove(entry)


def remove_parts(parts: Sequence[Path]) -> None:
    for part in parts:
        shutil.rmtree(part, ignore_errors=True)

"""What Material for MkDocs and mkdocs-static-i18n leave in the built HTML, fixed after the build:
`dir` on `<html>`, search in the reader's language, no sitemap requests that 404.
Pure text in, text out: the plugin calls these on each page and on the search index."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import Any

from ctai_site.fiche import vocab
from ctai_site.translation import l10n

# Word separators for search, beyond spaces: Arabic comma, semicolon and question mark;
# Ethiopic word space and punctuation (Tigrinya).
_SEPARATORS = "".join(map(chr, (0x060C, 0x061B, 0x061F, *range(0x1361, 0x1368))))
SEARCH_SEPARATOR = rf"[\s\-{_SEPARATORS}]+"
LUNR_LANGUAGES = frozenset({"ar", "fr", "ru", "en"})  # lunr.js stemmers among our languages
ASSETS = Path(__file__).parent / "assets"
OVERRIDES = Path(__file__).parent / "overrides"  # theme partials: Material lacks ps and ti


def site_assets(*uris: str) -> list[tuple[str, Path]]:
    """(URL path in the site, file) of our stylesheet and script, named by their URL."""
    return [(uri, ASSETS / Path(uri).name) for uri in uris]


_HTML_TAG = re.compile(r"<html\b([^>]*)>")
_HEAD_ALTERNATE = re.compile(r'\n?[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
_SEARCH_LABEL = re.compile(r'class="md-search__input" name="query" aria-label="([^"]*)"')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def localize_html(output: str, lang: str) -> str:
    """Fix what Material and mkdocs-static-i18n leave: `dir` on `<html>` (Material sets it on
    `<body>` only), a name for the search dialog, no sitemap requests that 404, and, for a
    translated page, search in `/<lang>/search/search_index.json`: the reader's language."""

    def html_tag(m: re.Match[str]) -> str:
        attrs = m[1]
        if " dir=" not in attrs:
            attrs = f' dir="{l10n.direction(lang)}"' + attrs
        return f"<html{attrs}>"

    output = _HTML_TAG.sub(html_tag, output, count=1)
    # Material's search dialog has no accessible name (axe: aria-dialog-name): give it the
    # localized label Material puts on the search field.
    label = _SEARCH_LABEL.search(output)
    if label:
        output = output.replace(
            _SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{label[1]}">', 1
        )
    # Material fetches `sitemap.xml` next to every `<link rel="alternate" hreflang>` of the
    # head, to keep the reader on the same page when switching language; mkdocs-static-i18n
    # points those links at the page itself (`/ar/actions/x/sitemap.xml`: a 404 per language,
    # per page). Its language selector already links each page to its translations, and its
    # sitemap.xml lists them as hreflang alternates: the head links go.
    output = _HEAD_ALTERNATE.sub("", output)
    if lang == vocab.SOURCE_LANGUAGE:
        return output

    def search_base(m: re.Match[str]) -> str:
        data = json.loads(m[2])
        data["base"] = data["base"].rstrip("/") + f"/{lang}/"
        return m[1] + json.dumps(data, ensure_ascii=False) + m[3]

    return _CONFIG.sub(search_base, output, count=1)


def page_language(path: str) -> str | None:
    """The language of a page of the site from its URL path (`/ar/actions/x/` -> `ar`, `/` ->
    French), None for a file that is no page (a stylesheet, an image)."""
    if not path.endswith(("/", ".html")):
        return None
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in vocab.LANGUAGE_CODES else vocab.SOURCE_LANGUAGE


def write_search_indexes(
    site_dir: Path, config: Mapping[str, Any], docs: Sequence[Mapping[str, Any]]
) -> None:
    """One search index per language: `/<lang>/search/search_index.json`, locations relative
    to `/<lang>/`, and the root index for French; `docs` are every language's entries, as the
    search plugin wrote them (`config`: the French build's), duplicates already dropped."""
    index = site_dir / "search" / "search_index.json"
    by_lang: dict[str, list[dict[str, Any]]] = {code: [] for code in vocab.LANGUAGE_CODES}
    for doc in docs:
        first, _, rest = doc["location"].partition("/")
        if first in vocab.LANGUAGE_CODES and first != vocab.SOURCE_LANGUAGE:
            by_lang[first].append({**doc, "location": rest})
        else:
            by_lang[vocab.SOURCE_LANGUAGE].append(dict(doc))
    for lang, entries in by_lang.items():
        options = dict(config)
        options["lang"] = [lang if lang in LUNR_LANGUAGES else "en"]
        options["separator"] = SEARCH_SEPARATOR
        target = index if lang == vocab.SOURCE_LANGUAGE else site_dir / lang / "search" / index.name
        if lang != vocab.SOURCE_LANGUAGE and not entries:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"config": options, "docs": entries}, ensure_ascii=False)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)

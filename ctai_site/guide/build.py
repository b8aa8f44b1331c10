"""The guide in every language, rendered again only when what it shows changes.

A PDF's cache key is a hash of its HTML (every text, hour, URL and QR code it shows, and the
stylesheet) and of the engine's version: same key, same bytes, so a cached PDF is reused as it
is. `mkdocs build` and `make build` pay for WeasyPrint (about half a second per language) only
for the languages whose guide changed; `mkdocs serve` never calls this module (see plugin.py).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import segno

from ctai_site.fiche import vocab
from ctai_site.files import write_if_changed
from ctai_site.guide import document, pdf
from ctai_site.site.pages import Site
from ctai_site.workers import process_map

GUIDE_DIR = "guide"  # inside site_dir


def file_path(lang: str) -> str:
    """Where the guide in `lang` lives, from the site's root: `guide/guide-ar.pdf`."""
    return f"{GUIDE_DIR}/guide-{lang}.pdf"


def render_guide(
    site: Site,
    lang: str,
    *,
    site_url: str | None = None,
    templates: Path | None = None,
) -> bytes:
    """The guide in `lang` as PDF bytes (no cache)."""
    html = document.guide_html(site, lang, site_url=site_url, templates=templates)
    return pdf.render_pdf(html, document.font_families(lang), name=file_path(lang))


def render_guides(
    site: Site,
    *,
    cache: Path,
    site_url: str | None = None,
    templates: Path | None = None,
    languages: Iterable[str] = vocab.LANGUAGE_CODES,
    jobs: int = 1,
    inputs: str | None = None,
) -> dict[str, bytes]:
    """Language -> PDF bytes, from `cache` when the HTML is the same as last time. The cache
    keeps one file per language: `guide-<lang>-<key>.pdf`. With `jobs` > 1, the guides to
    render are rendered on that many cores (`workers.process_map`).

    `inputs`, a fingerprint of everything the guides are made from (the site's sources and
    this package's code, `driver.generate.fingerprint`), saves making the HTML when nothing
    changed: `guide-<lang>-<key>.inputs` names the key the same inputs gave last time (making
    a guide's HTML to know its key costs a tenth of a second per hundred fiches)."""
    out = {}
    todo: list[tuple[str, str, Path]] = []
    languages = list(languages)

    quick_engine = pdf.engine_id() if inputs is not None else ""
    for lang in languages:
        pointer = None
        if inputs is not None:  # the cheap way first: the inputs seen last time
            said = f"{quick_engine}\n{inputs}\n{site_url}\n{templates}\n{lang}"
            pointer = (
                cache / f"guide-{lang}-{hashlib.sha256(said.encode()).hexdigest()[:20]}.inputs"
            )
            known = cache / pointer.read_text(encoding="utf-8") if pointer.is_file() else None
            if known is not None and known.is_file():
                out[lang] = known.read_bytes()
                continue
        source = document.guide_source(site, lang, site_url=site_url, templates=templates)
        key = hashlib.sha256(f"{_engine()}\n{source}".encode()).hexdigest()[:20]
        cached = cache / f"guide-{lang}-{key}.pdf"
        if pointer is not None:
            for old in cache.glob(f"guide-{lang}-*.inputs"):
                old.unlink()
            write_if_changed(pointer, cached.name)
        if cached.is_file():
            out[lang] = cached.read_bytes()
        else:
            todo.append((lang, source, cached))

    rendered = process_map(_render, [(lang, source) for lang, source, _ in todo], jobs)
    for (lang, _, cached), data in zip(todo, rendered, strict=True):
        out[lang] = data
        for old in cache.glob(f"guide-{lang}-*.pdf"):
            old.unlink()
        write_if_changed(cached, data)
    return {lang: out[lang] for lang in languages}


@functools.cache
def _engine() -> str:
    """What, besides the HTML, a PDF's bytes depend on: the engine, Pango, the QR codes'."""
    return f"{pdf.engine_version()}, segno {segno.__version__}"


def _render(item: tuple[str, str]) -> bytes:
    """A guide's PDF from its source (`render_guides`: in a process of its own)."""
    lang, source = item
    html = document.with_qr_codes(source)
    return pdf.render_pdf(html, document.font_families(lang), name=file_path(lang))


def write_guides(guides: Mapping[str, bytes], site_dir: Path) -> list[Path]:
    """Write each guide at its place in the built site (only files whose bytes changed)."""
    paths = []
    for lang, data in guides.items():
        path = site_dir / file_path(lang)
        write_if_changed(path, data)
        paths.append(path)
    return paths

"""HTML to PDF with WeasyPrint, strictly: same HTML, same bytes; any problem is an error.

Why WeasyPrint: it lays text out with Pango and HarfBuzz, the shaping engine of browsers, so
Arabic, Persian and Pashto come out joined, with their ligatures, right to left (lists and table
cells too), and Tigrinya in Ge'ez with its syllables whole; fonts are embedded as subsets with a
ToUnicode map, so the text can be selected, searched and read aloud in logical order. The
pure-Python PDF libraries (ReportLab, fpdf2) need a separate shaper and bidi pass for Arabic
script and lay out no HTML; a headless browser would have to be installed and driven at build
time. WeasyPrint reads the HTML and CSS that `document.py` writes, with paged media (page
numbers in each script's digits, a table of contents with page numbers).

Three things it does silently, which this module turns into errors (`GuideError`):
- problems in the HTML or CSS are only logged (to the `weasyprint` logger, a NullHandler);
- a missing font is replaced by whatever fontconfig finds, without a word: the families the
  PDF ends up using are checked against the language's (`document.font_families`);
- it would fetch any URL the document names: nothing is fetched (`data:` URIs only).

Reproducible: no creation date (the HTML has no `dcterms.created`), no random document id, a
fixed base URL (a `file://` one would put the checkout's folder into the PDF), font subsets by
HarfBuzz (Debian's libharfbuzz-subset0; without it fontTools stamps each subset with the time).
"""

from __future__ import annotations

import logging
import os
import platform
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

BASE_URL = "https://guide.invalid/"  # never fetched: internal links resolve against it
SETUP_HINT = "installez-les avec : bash tools/ensure-build-deps.sh (ou make build)"
PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core"


class GuideError(Exception):
    """The guide cannot be made on this machine, or WeasyPrint found a problem."""


@cache
def _weasyprint() -> Any:
    """WeasyPrint, imported on first use (half a second, and it needs Pango)."""
    try:
        import weasyprint
    except ImportError as error:
        raise GuideError(f"guide PDF : WeasyPrint manque ({error}) ; lancez make venv") from None
    except OSError as error:  # cffi could not open libpango / libgobject
        raise GuideError(
            f"guide PDF : WeasyPrint ne trouve pas Pango ({error}) : il faut les paquets "
            f"Debian {PACKAGES} ; {SETUP_HINT}"
        ) from None
    return weasyprint


def engine_id() -> str:
    """What the PDFs depend on besides their HTML, found without loading the engine (a
    second's import): the versions of WeasyPrint, pydyf and segno as installed, and the Pango
    library files the system has (a new Pango is a new file name)."""
    versions = [f"{name} {_installed(name)}" for name in ("weasyprint", "segno", "pydyf")]
    multiarch = f"/usr/lib/{platform.machine()}-linux-gnu"  # Debian's
    folders = ("/usr/lib", "/usr/lib64", "/usr/local/lib", multiarch, "/opt/homebrew/lib")
    libraries = sorted(
        name
        for folder in folders
        if Path(folder).is_dir()
        for name in os.listdir(folder)
        if name.startswith("libpango-1.0")
    )
    return ", ".join(versions + libraries)


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "?"


def engine_version() -> str:
    """What, besides the HTML, the bytes of a PDF depend on (for the cache key)."""
    weasyprint = _weasyprint()
    from weasyprint.text.ffi import pango

    return f"weasyprint {weasyprint.__version__}, pango {pango.pango_version()}"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _collected() -> Iterator[_Collect]:
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def render_pdf(html: str, families: Iterable[str], *, name: str = "guide") -> bytes:
    """The PDF of `html`, set in `families` (the first one must be used, no other may be)."""
    weasyprint = _weasyprint()
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    with _collected() as problems:
        try:
            document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
        except FatalURLFetchingError as error:  # the guide is whole: nothing to fetch
            raise GuideError(f"{name} : rien ne doit être téléchargé ({error})") from None
        # PDF/UA-1: tagged (structure, reading order, language) for screen readers.
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1")
    if problems.messages:
        raise GuideError(f"{name} : WeasyPrint signale : " + " ; ".join(problems.messages))
    wanted = tuple(families)
    used = sorted({font.family for font in document.fonts.values()})
    strangers = [family for family in used if family not in wanted]
    if strangers or wanted[0] not in used:
        raise GuideError(
            f"{name} : polices {', '.join(wanted)} attendues, PDF écrit avec "
            f"{', '.join(used) or 'aucune'} : il faut le paquet Debian fonts-noto-core ; "
            f"{SETUP_HINT}"
        )
    return pdf

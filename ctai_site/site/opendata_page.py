"""The « Données ouvertes » page: what can be downloaded, in which format, in every language.

The files themselves are written by `exports.write_exports` into `<site>/donnees/` (once, at the
site root); every language's page links there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ctai_site.fiche import queries
from ctai_site.opendata import export
from ctai_site.site import pages
from ctai_site.fiche import vocab
from ctai_site.translation.l10n import direction
from ctai_site.fiche.model import Catalog

PAGE = "donnees-ouvertes"
DATA_DIR = "donnees"

# (key in FILES, format shown, key of the description string)
ROWS = (
    ("geojson", "GeoJSON", "opendata.geojson"),
    ("data-inclusion-xlsx", "XLSX", "opendata.di_xlsx"),
    ("data-inclusion-services-json", "JSON", "opendata.di_services"),
    ("data-inclusion-structures-json", "JSON", "opendata.di_structures"),
    ("data-inclusion-services-csv", "CSV", "opendata.di_services"),
    ("data-inclusion-structures-csv", "CSV", "opendata.di_structures"),
    ("hsds", "JSON", "opendata.hsds"),
    ("csv", "CSV", "opendata.csv"),
)

def render_opendata_page(
    catalog: Catalog,
    lang: str,
    source: str | None = None,
    *,
    strings: Mapping[str, str],
    data_url: str = f"../{DATA_DIR}/",
) -> str:
    """The page in `lang`; `data_url` is the relative URL of the folder of the files, `source`
    the data·inclusion source (not shown when None)."""
    texts = strings
    rows = [
        (export.FILES[key], data_url + export.FILES[key], fmt, texts[description])
        for key, fmt, description in ROWS
    ]
    return pages.render_template(
        "opendata.md.j2",
        s=texts,
        lang=lang,
        dir=direction(lang),
        rows=rows,
        source=source,
        services=len(queries.public_services(catalog)),
        places=sum(1 for _ in queries.located_places(catalog)),
    )


def opendata_pages(
    catalog: Catalog,
    strings_for_lang: Callable[[str], Mapping[str, str]],
    source: str | None = None,
    *,
    page: str = PAGE,
    depth: int = 1,
    languages: tuple[str, ...] = vocab.LANGUAGE_CODES,
) -> dict[str, str]:
    """File name -> Markdown for the « Données ouvertes » page in every language (of
    `languages`)."""
    return {
        pages.localized_path(f"{page}.md", lang): render_opendata_page(
            catalog,
            lang,
            source,
            strings=strings_for_lang(lang),
            data_url=f"{pages.to_root(lang, depth)}{DATA_DIR}/",
        )
        for lang in languages
    }


def site_pages(site: pages.Site) -> dict[str, str]:
    """The page in every language, with the site's interface strings."""
    return opendata_pages(site.catalog, site.string_values, languages=site.languages)

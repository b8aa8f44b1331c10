"""Every format at once, under stable file names: the « Données ouvertes » page and
`ctai-site export` write the same files."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from ctai_site.fiche.model import Catalog
from ctai_site.files import write_if_changed
from ctai_site.opendata.data_inclusion import (
    data_inclusion_fields,
    data_inclusion_xlsx,
    records_csv,
    to_data_inclusion,
)
from ctai_site.opendata.geojson import to_geojson
from ctai_site.opendata.hsds import to_hsds
from ctai_site.opendata.spreadsheet import to_csv
from ctai_site.opendata.wording import ActionUrl

# Stable names of the files of the « Données ouvertes » page (and of `export --format all`).
FILES = {
    "geojson": "lieux.geojson",
    "data-inclusion-structures-json": "data-inclusion-structures.json",
    "data-inclusion-services-json": "data-inclusion-services.json",
    "data-inclusion-structures-csv": "data-inclusion-structures.csv",
    "data-inclusion-services-csv": "data-inclusion-services.csv",
    "data-inclusion-xlsx": "data-inclusion.xlsx",
    "hsds": "hsds-services.json",
    "csv": "services.csv",
}


# --- Files -----------------------------------------------------------------------------------


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@lru_cache(maxsize=4)  # mkdocs-static-i18n runs on_post_build once per language: build once
def export_files(
    catalog: Catalog, source: str, *, action_url: ActionUrl | None = None
) -> dict[str, str | bytes]:
    """File name -> content, for every format (the names in `FILES`). Don't mutate the result:
    it is cached."""
    structures, services = to_data_inclusion(catalog, source, action_url=action_url)
    structure_fields, service_fields = data_inclusion_fields()
    return {
        FILES["geojson"]: _json(to_geojson(catalog, action_url=action_url)),
        FILES["data-inclusion-structures-json"]: _json(structures),
        FILES["data-inclusion-services-json"]: _json(services),
        FILES["data-inclusion-structures-csv"]: records_csv(structures, structure_fields),
        FILES["data-inclusion-services-csv"]: records_csv(services, service_fields),
        FILES["data-inclusion-xlsx"]: data_inclusion_xlsx(structures, services),
        FILES["hsds"]: _json(to_hsds(catalog, source=source, action_url=action_url)),
        FILES["csv"]: to_csv(catalog, action_url=action_url),
    }


@lru_cache(maxsize=4)  # the same function for the same site, so `export_files` hits its cache
def site_action_url(site_url: str | None) -> ActionUrl | None:
    """Absolute URL of an action page (`<site_url>actions/<id>/`), when the site has one."""
    if not site_url:
        return None
    base = site_url if site_url.endswith("/") else site_url + "/"
    return lambda action: f"{base}actions/{action.id}/"


def write_exports(
    catalog: Catalog, out_dir: Path, source: str, *, action_url: ActionUrl | None = None
) -> list[Path]:
    """Write every export into `out_dir` under its stable name; return the paths."""
    paths = []
    for name, content in export_files(catalog, source, action_url=action_url).items():
        write_if_changed(out_dir / name, content)
        paths.append(out_dir / name)
    return paths

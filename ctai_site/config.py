"""The site's settings, checked when they load: one French line per problem, naming the option.

MkDocs' own messages for plugin options are English and technical ("Expected type: <class
'str'>"); a coordinator editing mkdocs.yml gets ours instead. Nothing here imports MkDocs: the
plugin hands its options over, and the CLI reads mkdocs.yml the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ctai_site.fiche.messages import did_you_mean

PLUGIN = "ctai-site"
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "pymdownx.emoji")

# Option -> (expected type, how to say it, must be an existing folder)
OPTIONS: dict[str, tuple[type, str, bool]] = {
    "enabled": (bool, "true ou false", False),
    "actions": (str, "un chemin de dossier", True),
    "translations": (str, "un chemin de dossier", True),
    "generated_dir": (str, "un nom de dossier", False),
    "territory": (str, "le chemin du fichier du territoire (territory.yml)", False),
    "templates": (str, "un chemin de dossier", True),
    "guide": (bool, "true ou false", False),
    "tiles_url": (str, "une adresse https://… avec {z}, {x} et {y}", False),
    "tiles_attribution": (str, "le texte du crédit, par exemple © OpenStreetMap", False),
    "tiles_attribution_url": (str, "une adresse https://…", False),
    "tiles_max_zoom": (int, "un nombre entier de 1 à 22", False),
    "jobs": (int, "un nombre entier de processus, 1 ou plus", False),
    "coordination_dir": (str, "un chemin de dossier (à côté de mkdocs.yml)", False),
}


def plugin_options(
    options: Mapping[str, Any],
    resolved: Mapping[str, Any],
    root: Path,
    *,
    failed: Iterable[tuple[str, Any]] = (),
) -> list[tuple[str, str]]:
    """(option, French message) for every problem of the plugin's options in mkdocs.yml;
    `resolved` holds the values with defaults, `failed` the options MkDocs already refused."""
    problems: list[tuple[str, str]] = []
    for key in options:
        if key not in OPTIONS:
            hint = did_you_mean(key, OPTIONS)
            hint += " " if hint else ""
            problems.append(
                (key, f"option inconnue : {hint}options possibles : {', '.join(OPTIONS)}")
            )
    refused = {key for key, _ in failed}
    for key, (kind, expected, folder) in OPTIONS.items():
        value = options.get(key, resolved.get(key))
        if value is None:
            continue
        wrong_type = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if key in refused or wrong_type or (key == "jobs" and value < 1):
            problems.append((key, f"« {value} » ne convient pas : écrivez {expected}"))
        elif key == "territory" and not (root / str(value)).is_file():
            problems.append(
                (
                    key,
                    f"le fichier « {value} » n'existe pas à côté de mkdocs.yml : créez-le "
                    "(ctai-site init le fait, voir ctai-site aide nouveau-territoire) ou corrigez le chemin",
                )
            )
        elif folder and not (root / str(value)).is_dir():
            problems.append(
                (
                    key,
                    f"le dossier « {value} » n'existe pas à côté de mkdocs.yml : créez-le, ou "
                    "corrigez le chemin",
                )
            )
    problems += _tile_problems(options)
    return problems


def _tile_problems(options: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The map's tile server: an https XYZ template, a credit, a sensible zoom."""
    problems = []
    url = options.get("tiles_url")
    if isinstance(url, str):
        missing = [p for p in ("{z}", "{x}", "{y}") if p not in url]
        if not url.startswith("https://") or missing or any(c.isspace() for c in url):
            problems.append(
                (
                    "tiles_url",
                    f"« {url} » ne convient pas : une adresse https:// avec {{z}}, {{x}} et {{y}}"
                    + (f" (il manque {', '.join(missing)})" if missing else ""),
                )
            )
    link = options.get("tiles_attribution_url")
    if isinstance(link, str) and (
        not link.startswith("https://") or any(c.isspace() for c in link)
    ):
        problems.append(
            ("tiles_attribution_url", f"« {link} » ne convient pas : une adresse https://…")
        )
    credit = options.get("tiles_attribution")
    if isinstance(url, str) and credit is None:
        problems.append(
            ("tiles_attribution", "manque : nommez la source du fond de carte de tiles_url")
        )
    elif isinstance(credit, str) and not credit.strip():
        problems.append(
            ("tiles_attribution", "le crédit est vide : nommez la source du fond de carte")
        )
    zoom = options.get("tiles_max_zoom")
    if isinstance(zoom, int) and not isinstance(zoom, bool) and not 1 <= zoom <= 22:
        problems.append(
            ("tiles_max_zoom", f"« {zoom} » ne convient pas : un nombre entier de 1 à 22")
        )
    return problems


def missing_extensions(names: Iterable[str]) -> str:
    return f"{PLUGIN} : ajoutez à markdown_extensions de mkdocs.yml : " + ", ".join(names)


def page_clash(written: str, generated: str, dest: str) -> str:
    return (
        f"{PLUGIN} : {written} et {generated} donnent la même page ({dest}) : "
        "renommez ou supprimez la page écrite à la main"
    )


class _TolerantLoader(yaml.SafeLoader):
    """Safe loading of mkdocs.yml: tags such as `!!python/name:` or `!ENV` become None."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_yml(config_file: Path) -> dict[str, Any] | None:
    """mkdocs.yml as plain data (its tags as None), or None if it cannot be read."""
    if not config_file.is_file():
        return None
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader)
    except yaml.YAMLError:
        return None
    return config if isinstance(config, dict) else None


def site_url_from_mkdocs(config_file: Path) -> str | None:
    """`site_url` of mkdocs.yml (the printable guide's QR codes need it), if any."""
    url = (mkdocs_yml(config_file) or {}).get("site_url")
    return url if isinstance(url, str) and url.strip() else None


def plugin_options_in(config_file: Path) -> dict[str, Any] | None:
    """The options of the ctai-site plugin in mkdocs.yml, without importing MkDocs."""
    config = mkdocs_yml(config_file)
    if config is None:
        return None
    plugins = config.get("plugins") if isinstance(config, dict) else None
    items: Iterable[tuple[Any, Any]] = plugins.items() if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        items = [next(iter(p.items())) for p in plugins if isinstance(p, dict) and len(p) == 1]
    for name, options in items:
        if name == PLUGIN:
            return options if isinstance(options, dict) else {}
    return None

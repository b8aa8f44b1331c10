"""`ctai-site init`: a working site for a new territory, in an empty folder.

What it writes builds at once (`mkdocs build --strict`) and validates (`ctai-site validate`):
mkdocs.yml, territory.yml (the name and département given; the contract to describe), one
example fiche, a folder per language for the territory's translations, the JSON schemas an
editor uses to complete keys, and a short README for the coordinator. The interface itself is
in the package, in the eight languages: a new town translates its fiches, not the menus.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ctai_site import __version__
from ctai_site.fiche import departements, schema, versions, vocab
from ctai_site.fiche.territory import FILE as TERRITORY_FILE
from ctai_site.fiche.territory import TERRITORY, default_source
from ctai_site.files import write_if_changed
from ctai_site.translation import l10n
from ctai_site.translation.store import SITE
from ctai_site.translation.store import TERRITORY as TERRITORY_KEY

TRANSLATIONS_README = f"""\
# Traductions

Un dossier par langue. On y trouve :

- `<fiche>.yml` : la traduction d'une fiche (`ctai-site translations --skeleton ar <fiche>`
  prépare le fichier à compléter, avec le français en commentaire) ;
- `{TERRITORY_KEY}.yml` : la traduction des textes de `territory.yml` (le nom quand la langue
  l'écrit autrement, le contrat, ses axes, les sigles propres au territoire) ;
- `{SITE}.yml` (facultatif) : pour remplacer un texte de l'interface fournie par ctai-site ;
- `_territory_terms.yml` (facultatif, à la racine de ce dossier) : les termes propres au
  territoire (le nom de la ville, de ses services) et leur rendu dans chaque langue, en plus de
  la base de termes de ctai-site (même format que son `translations/_terms.yml`).

Chaque texte garde l'empreinte (`from`) du français qu'il traduit : quand le français change,
la traduction est signalée « périmée » et le français s'affiche, avec un avertissement, jusqu'à
ce qu'elle soit mise à jour. `ctai-site translations` donne l'état de chaque langue, puis
chaque texte traduit qui s'écarte de la base de termes.
"""


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ctai_site.project", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # YAML and Markdown, not HTML; values are quoted by `tojson`
    )
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def project_files(
    name: str, departement: str, *, today: dt.date | None = None, site_url: str | None = None
) -> dict[str, str]:
    """Relative path -> text of every file of a new site."""
    env = _environment()
    context: dict[str, Any] = {
        "name": name,
        "departement": departements.normalise_code(departement),
        "source": default_source(name),
        "site_url": site_url,
        "today": (today or dt.date.today()).isoformat(),
        "format": versions.CURRENT,
        "version": __version__,
        "wheel": wheel_name(),
        "languages": [
            {"code": code, "name": l10n.native_name(code)} for code in vocab.LANGUAGE_CODES
        ],
    }
    files = {
        "mkdocs.yml": env.get_template("mkdocs.yml.j2").render(context),
        TERRITORY_FILE: env.get_template("territory.yml.j2").render(context),
        "actions/exemple.yml": env.get_template("example.yml.j2").render(context),
        "README.md": env.get_template("README.md.j2").render(context),
        ".gitignore": env.get_template("gitignore").render(context),
        "site_src/.gitkeep": "",
        "schema/fiche.schema.json": json.dumps(schema.FICHE, ensure_ascii=False, indent=2) + "\n",
        "schema/territory.schema.json": json.dumps(TERRITORY, ensure_ascii=False, indent=2) + "\n",
        "translations/README.md": TRANSLATIONS_README,
        "requirements.txt": env.get_template("requirements.txt.j2").render(context),
    }
    for code in vocab.LANGUAGE_CODES:
        if code != vocab.SOURCE_LANGUAGE:
            files[f"translations/{code}/{TERRITORY_KEY}.yml"] = (
                f"# {l10n.native_name(code)} : textes de territory.yml traduits.\n"
                "reviewed: false\nfields: {}\n"
            )
    return files


def wheel_name(version: str = __version__) -> str:
    """The file of a release of ctai-site (`make dist`, the release page)."""
    return f"ctai_site-{version}-py3-none-any.whl"


def init_project(
    target: Path, name: str, departement: str, *, wheel: Path | None = None
) -> list[Path]:
    """Write a new site into `target` (absent or empty), and `wheel` (the release file of this
    version) into its `vendor/`, which its `requirements.txt` installs. Raises `ValueError`
    (French) for a folder that is not empty, an empty name or an unknown département."""
    problems = []
    if wheel is not None and (not wheel.is_file() or wheel.name != wheel_name()):
        problems.append(
            f"--wheel : « {wheel} » n'est pas le fichier de cette version de ctai-site "
            f"({wheel_name()}, ctai-site --version)"
        )
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        problems.append(f"{target} existe déjà et n'est pas vide : choisissez un nouveau dossier")
    if not name.strip():
        problems.append(
            "--territory : indiquez le nom du territoire, par exemple « Clermont-Ferrand »"
        )
    if departements.normalise_code(departement) not in departements.DEPARTEMENTS:
        problems.append(
            f"--departement : « {departement} » n'est pas un code de département "
            "(par exemple 63, 2A ou 974)"
        )
    if problems:
        raise ValueError("\n".join(problems))
    written = []
    for rel, text in project_files(name.strip(), departement).items():
        write_if_changed(target / rel, text)
        written.append(target / rel)
    if wheel is not None:
        write_if_changed(target / "vendor" / wheel.name, wheel.read_bytes())
        written.append(target / "vendor" / wheel.name)
    return written

"""`ctai-site` command line: `main(argv) -> int`, no traceback for a carrier's mistake."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ctai_site import translation as i18n
from ctai_site.config import DEFAULT_SOURCE, site_url_from_mkdocs, source_from_mkdocs
from ctai_site.fiche import completeness, schema, vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import load_catalog
from ctai_site.files import write_if_changed
from ctai_site.guide.build import render_guide
from ctai_site.guide.pdf import GuideError
from ctai_site.opendata.data_inclusion import (
    data_inclusion_problems,
    quality_scores,
    to_data_inclusion,
)
from ctai_site.opendata.export import FILES, export_files
from ctai_site.opendata.wording import SOURCE_PATTERN
from ctai_site.refugies_info.page import render_draft_text
from ctai_site.refugies_info.record import draft_json, require_service
from ctai_site.site import build
from ctai_site.translation.l10n import file_size

SCHEMA_HINT = "# yaml-language-server: $schema={schema}\n"

NEW_FICHE = """\
# Fiche action : chaque clé est décrite dans docs/format.md.
kind: service            # service (le public peut y aller) ou project (pour les professionnels)
status: active
updated: {today}
contract:
  axis: 4                # axe du contrat, de 1 à 6
  years: [2024, 2025, 2026]
carrier:
  name: {name}
content:
  title: Verbe à l'infinitif + ce que la personne fait
  brand: Nom de l'action
  summary: Une phrase de 110 caractères au plus.
  what: |
    Ce que c'est, en phrases courtes.
  why:
    - title: Premier argument
      text: Pourquoi c'est utile.
    - title: Deuxième argument
      text: Pourquoi c'est utile.
    - title: Troisième argument
      text: Pourquoi c'est utile.
  how:
    - title: Prendre contact
      text: Comment s'inscrire ou venir.
themes:
  main: admin
audience:
  public_status: [EPA]
"""


def _print_problems(error: FicheError) -> int:
    print(error.report(), file=sys.stderr)
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(Path(args.path))
    except FicheError as error:
        return _print_problems(error)
    todo_total = 0
    for action in catalog.actions:
        todo = completeness.missing(action)
        todo_total += len(todo)
        if todo:
            print(f"{action.source} : à compléter ({len(todo)})")
            for item in todo:
                print(f"  - [{item.target}] {item}")
        else:
            print(f"{action.source} : complète")
    n = len(catalog.actions)
    print(
        f"{n} fiche{'s' if n > 1 else ''} valide{'s' if n > 1 else ''}, "
        f"{todo_total} information{'s' if todo_total > 1 else ''} à compléter"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(schema.FICHE, ensure_ascii=False, indent=2))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.path)
    if target.exists():
        print(f"{target} existe déjà : choisissez un autre nom", file=sys.stderr)
        return 1
    # The editor resolves the hint from the fiche's own folder.
    schema_path = Path(os.path.relpath(Path(args.schema).resolve(), target.parent.resolve()))
    text = SCHEMA_HINT.format(schema=schema_path.as_posix()) + NEW_FICHE.format(
        today=dt.date.today().isoformat(), name=args.carrier
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"{target} créé ; complétez-le puis lancez : ctai-site validate {target}")
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    """Coverage per language, or (`--skeleton LANG ID`) a translation file to complete."""
    try:
        catalog = load_catalog(Path(args.actions))
        translations = i18n.load_translations(Path(args.translations))
    except FicheError as error:
        return _print_problems(error)
    if args.skeleton:
        lang, key = args.skeleton
        if lang not in i18n.TRANSLATED:
            print(f"langue « {lang} » inconnue : {', '.join(i18n.TRANSLATED)}", file=sys.stderr)
            return 1
        if key == i18n.SITE:
            source = dict(translations.site_source)
        else:
            try:
                source = i18n.translatable_fields(catalog.by_id(key))
            except KeyError:
                print(f"aucune fiche « {key} » dans {args.actions}", file=sys.stderr)
                return 1
        print(f"# {translations.path_of(lang, key)}")
        print(i18n.skeleton(source, translations.get(lang, key)), end="")
        return 0
    print(i18n.format_coverage(i18n.coverage(catalog, translations), translations, args.lang))
    return 0


FORMATS = (
    "geojson",
    "data-inclusion-json",
    "data-inclusion-csv",
    "data-inclusion-xlsx",
    "hsds",
    "csv",
    "all",
)
# Formats whose OUT is a folder (they write several files); the others write the file OUT.
FORMAT_FILES = {
    "geojson": (FILES["geojson"],),
    "data-inclusion-json": (
        FILES["data-inclusion-structures-json"],
        FILES["data-inclusion-services-json"],
    ),
    "data-inclusion-csv": (
        FILES["data-inclusion-structures-csv"],
        FILES["data-inclusion-services-csv"],
    ),
    "data-inclusion-xlsx": (FILES["data-inclusion-xlsx"],),
    "hsds": (FILES["hsds"],),
    "csv": (FILES["csv"],),
    "all": tuple(FILES.values()),
}


def _number_fr(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def cmd_export(args: argparse.Namespace) -> int:
    """`ctai-site export --format FORMAT OUT`: write the files, print each quality score."""
    source = args.source or source_from_mkdocs(Path(args.config)) or DEFAULT_SOURCE
    if not SOURCE_PATTERN.match(source):
        print(f"« {source} » n'est pas une source (minuscules, chiffres, tirets)", file=sys.stderr)
        return 1
    try:
        catalog = load_catalog(Path(args.actions))
    except FicheError as error:
        print(error.report(), file=sys.stderr)
        return 1
    structures, services = to_data_inclusion(catalog, source)
    problems = data_inclusion_problems(structures, services)
    for problem in problems:
        print(f"data·inclusion : {problem}", file=sys.stderr)
    if problems and (args.format == "all" or args.format.startswith("data-inclusion")):
        print("export data·inclusion refusé : corrigez les fiches", file=sys.stderr)
        return 1

    files = export_files(catalog, source)
    out = Path(args.out)
    names = FORMAT_FILES[args.format]
    if len(names) == 1 and args.format != "all":
        targets = {out: files[names[0]]}
    else:
        targets = {out / name: files[name] for name in names}
    for path, content in targets.items():
        write_if_changed(path, content)
        print(f"{path} écrit")

    if not problems:
        print(f"Score de qualité data·inclusion (source « {source} », de 0 à 1) :")
        scores = quality_scores(services)
        for service_id, value, criteria in scores:
            weak = [
                f"{name} {_number_fr(v)}" for name, v in criteria.items() if v is not None and v < 1
            ]
            hint = f" (à améliorer : {', '.join(weak)})" if weak else ""
            print(f"  {service_id} : {_number_fr(value)}{hint}")
        if scores:
            mean = sum(v for _, v, _ in scores) / len(scores)
            print(f"Moyenne : {_number_fr(mean)} sur {len(scores)} service(s)")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    """`ctai-site draft <id> [--json]`: print one service's draft."""
    try:
        catalog = load_catalog(Path(args.actions))
    except FicheError as error:
        print(error.report(), file=sys.stderr)
        return 1
    try:
        action = catalog.by_id(args.id)
    except KeyError:
        known = ", ".join(a.id for a in catalog.services) or "aucune"
        print(
            f"« {args.id} » : aucune fiche avec cet identifiant dans {args.actions} "
            f"(fiches de service : {known})",
            file=sys.stderr,
        )
        return 1
    try:
        require_service(action)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    sys.stdout.write(draft_json(action) if args.json else render_draft_text(action))
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    """`ctai-site pages OUT`: every generated page as Markdown, for any host."""
    sources = build.Sources(Path(args.actions), Path(args.translations))
    try:
        _, written = build.generate(sources, Path(args.out))
    except FicheError as error:
        return _print_problems(error)
    print(f"{written} page(s) écrite(s) dans {args.out}")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    """`ctai-site guide LANG OUT.pdf`: the printable guide in one language."""
    if args.lang not in vocab.LANGUAGE_CODES:
        known = ", ".join(vocab.LANGUAGE_CODES)
        print(f"langue « {args.lang} » inconnue : {known}", file=sys.stderr)
        return 1
    site_url = args.site_url or site_url_from_mkdocs(Path(args.config))
    try:
        catalog = load_catalog(Path(args.actions))
        translations = i18n.load_translations(Path(args.translations))
        data = render_guide(catalog, translations, args.lang, site_url=site_url)
    except FicheError as error:
        return _print_problems(error)
    except GuideError as error:
        print(error, file=sys.stderr)
        return 1
    write_if_changed(Path(args.out), data)
    where = f"adresses en {site_url}" if site_url else "sans site_url : chemins depuis la racine"
    print(f"{args.out} écrit ({file_size(len(data), 'fr')}, codes QR : {where})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctai-site",
        description="Fiches actions d'un contrat territorial d'accueil et d'intégration : "
        "vérification, site, brouillons Réfugiés.info et données ouvertes.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="vérifier les fiches et lister ce qui manque")
    p.add_argument("path", nargs="?", default="actions")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="afficher le schéma JSON des fiches")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("new", help="créer une fiche à compléter")
    p.add_argument("path", help="par exemple actions/mon-action.yml")
    p.add_argument("--carrier", default="Nom de la structure porteuse")
    p.add_argument(
        "--schema",
        default="schema/fiche.schema.json",
        help="chemin du schéma (depuis la racine du projet)",
    )
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "export",
        help="écrire les données ouvertes (GeoJSON, data·inclusion, HSDS, CSV) "
        "et afficher le score de qualité data·inclusion",
    )
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument(
        "out",
        help="fichier à écrire, ou dossier pour data-inclusion-json, data-inclusion-csv et all",
    )
    p.add_argument(
        "--source",
        help="source data·inclusion (par défaut : l'option source du plugin ctai-site "
        f"dans mkdocs.yml, sinon « {DEFAULT_SOURCE} »)",
    )
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml où lire la source")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("draft", help="afficher le brouillon Réfugiés.info d'une fiche de service")
    p.add_argument("id", help="identifiant de la fiche, par exemple pas-hopital-dax")
    p.add_argument("--json", action="store_true", help="brouillon JSON (champs de Réfugiés.info)")
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.set_defaults(func=cmd_draft)
    p = sub.add_parser(
        "translations",
        help="état des traductions par langue (relues, non relues, périmées, manquantes)",
    )
    p.add_argument("--lang", help="détailler une seule langue, par exemple ar")
    p.add_argument(
        "--skeleton",
        nargs=2,
        metavar=("LANGUE", "FICHE"),
        help="afficher le fichier de traduction à compléter (FICHE : identifiant ou _site)",
    )
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--translations", default="translations", help="dossier des traductions")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser(
        "pages", help="écrire toutes les pages du site en Markdown dans un dossier (sans MkDocs)"
    )
    p.add_argument("out", help="dossier où écrire les pages")
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--translations", default="translations", help="dossier des traductions")
    p.set_defaults(func=cmd_pages)

    p = sub.add_parser("guide", help="écrire le guide à imprimer d'une langue (PDF)")
    p.add_argument("lang", help="langue : " + ", ".join(vocab.LANGUAGE_CODES))
    p.add_argument("out", help="fichier PDF à écrire, par exemple guide-ar.pdf")
    p.add_argument(
        "--site-url",
        help="adresse du site pour les codes QR (par défaut : site_url de mkdocs.yml)",
    )
    p.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml où lire site_url")
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--translations", default="translations", help="dossier des traductions")
    p.set_defaults(func=cmd_guide)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`ctai-site` command line: `main(argv) -> int`, no traceback for a carrier's mistake."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ctai_site import completeness, drafts, exports, i18n, schema
from ctai_site.errors import FicheError
from ctai_site.loading import load_catalog

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
    p.add_argument("--format", required=True, choices=exports.FORMATS)
    p.add_argument(
        "out",
        help="fichier à écrire, ou dossier pour data-inclusion-json, data-inclusion-csv et all",
    )
    p.add_argument(
        "--source",
        help="source data·inclusion (par défaut : l'option source du plugin ctai-site "
        f"dans mkdocs.yml, sinon « {exports.DEFAULT_SOURCE} »)",
    )
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml où lire la source")
    p.set_defaults(func=exports.cmd_export)

    p = sub.add_parser("draft", help="afficher le brouillon Réfugiés.info d'une fiche de service")
    p.add_argument("id", help="identifiant de la fiche, par exemple pas-hopital-dax")
    p.add_argument("--json", action="store_true", help="brouillon JSON (champs de Réfugiés.info)")
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.set_defaults(func=drafts.cmd_draft)
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

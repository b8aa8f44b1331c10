"""`ctai-site` command line: `main(argv) -> int`, no traceback for a carrier's mistake."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ctai_site import completeness, schema
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
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(error.summary(), file=sys.stderr)
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
    schema_path = Path(args.schema)
    if not schema_path.is_absolute():  # the hint is resolved from the fiche's folder
        schema_path = Path(*[".."] * len(target.parent.parts)) / schema_path
    text = SCHEMA_HINT.format(schema=schema_path.as_posix()) + NEW_FICHE.format(
        today=dt.date.today().isoformat(), name=args.carrier
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"{target} créé ; complétez-le puis lancez : ctai-site validate {target}")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""`ctai-site` command line: `main(argv) -> int`, no traceback for a carrier's mistake.

Each command imports what it uses when it runs: `ctai-site validate`, which a carrier runs after
every edit, loads the fiche core only (no Jinja, Babel's locale data, openpyxl, WeasyPrint or
data·inclusion's pydantic models), which halves its start.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ctai_site.fiche import vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.territory import FILE as TERRITORY_FILE

if TYPE_CHECKING:
    from ctai_site.fiche.model import Catalog
    from ctai_site.fiche.territory import Territory

SCHEMA_HINT = "# yaml-language-server: $schema={schema}\n"
GUIDE = "docs/nouveau-territoire.md"


def _print_problems(error: FicheError) -> int:
    print(error.report(), file=sys.stderr)
    return 1


def _territory(args: argparse.Namespace, *, required: bool = True) -> Territory | None:
    """The territory file given by `--territory` (default `territory.yml` in the working
    folder). Without `required`, a missing default file means « not checked against it »."""
    from ctai_site.fiche.territory import load_territory

    path = Path(args.territory)
    if not required and args.territory == TERRITORY_FILE and not path.exists():
        return None
    return load_territory(path)


def _catalog(
    args: argparse.Namespace, folder: str, *, required: bool = True
) -> tuple[Catalog, Territory | None]:
    """The territory and the fiches, every problem of both at once; many fiches are read on
    every core (a command has no threads: `workers.forked_map` may fork)."""
    from ctai_site.fiche.loading import load_catalog
    from ctai_site.workers import cores

    problems = []
    territory = None
    try:
        territory = _territory(args, required=required)
    except FicheError as error:
        problems += error.problems
    try:
        catalog = load_catalog(Path(folder), territory=territory, jobs=cores())
    except FicheError as error:
        problems += error.problems
    if problems:
        raise FicheError(problems)
    return catalog, territory


def cmd_validate(args: argparse.Namespace) -> int:
    from ctai_site.fiche import completeness

    try:
        catalog, _ = _catalog(args, args.path, required=False)
    except FicheError as error:
        return _print_problems(error)
    todo_total = 0
    lines = []
    for action in catalog.actions:
        if action.status == "archived":
            lines.append(f"{action.source} : archivée (ni sur le site, ni dans les exports)")
            continue
        todo = completeness.missing(action)
        todo_total += len(todo)
        if todo:
            lines.append(f"{action.source} : à compléter ({len(todo)})")
            lines += [f"  - [{item.target}] {item}" for item in todo]
        else:
            lines.append(f"{action.source} : complète")
    n = len(catalog.actions)
    lines.append(
        f"{n} fiche{'s' if n > 1 else ''} valide{'s' if n > 1 else ''}, "
        f"{todo_total} information{'s' if todo_total > 1 else ''} à compléter"
    )
    print("\n".join(lines))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from ctai_site.fiche import schema

    print(json.dumps(schema.FICHE, ensure_ascii=False, indent=2))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    import datetime as dt

    from ctai_site.fiche import template

    target = Path(args.path)
    if target.exists():
        print(f"{target} existe déjà : choisissez un autre nom", file=sys.stderr)
        return 1
    try:
        territory = _territory(args, required=False)
    except FicheError as error:
        return _print_problems(error)
    contract = territory.contract if territory else None
    # The editor resolves the hint from the fiche's own folder.
    schema_path = Path(os.path.relpath(Path(args.schema).resolve(), target.parent.resolve()))
    text = SCHEMA_HINT.format(schema=schema_path.as_posix()) + template.new_fiche(
        dt.date.today().isoformat(),
        args.carrier,
        axes=contract.axis_numbers if contract else (),
        years=contract.years if contract else (),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"{target} créé ; complétez-le puis lancez : ctai-site validate {target}")
    return 0


def cmd_translations(args: argparse.Namespace) -> int:
    """Coverage per language, or (`--skeleton LANG ID`) a translation file to complete."""
    from ctai_site import translation as i18n
    from ctai_site.translation.interface import interface_folder

    try:
        catalog, territory = _catalog(args, args.actions)
        translations = i18n.load_translations(Path(args.translations), interface=interface_folder())
    except FicheError as error:
        return _print_problems(error)
    assert territory is not None
    if args.skeleton:
        lang, key = args.skeleton
        if lang not in i18n.TRANSLATED:
            print(f"langue « {lang} » inconnue : {', '.join(i18n.TRANSLATED)}", file=sys.stderr)
            return 1
        if key == i18n.SITE:
            source = dict(translations.site_source)
        elif key == i18n.TERRITORY:
            source = territory.texts()
        else:
            try:
                source = i18n.translatable_fields(catalog.by_id(key))
            except KeyError:
                print(f"aucune fiche « {key} » dans {args.actions}", file=sys.stderr)
                return 1
        print(f"# {translations.path_of(lang, key)}")
        print(i18n.skeleton(source, translations.get(lang, key)), end="")
        return 0
    report = i18n.coverage(catalog, translations, territory.texts())
    print(i18n.format_coverage(report, translations, args.lang))
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
# Formats whose OUT is a folder (they write several files); the others write the file OUT. The
# keys of `opendata.export.FILES`; "all" is every one of them.
FORMAT_FILES: dict[str, tuple[str, ...]] = {
    "geojson": ("geojson",),
    "data-inclusion-json": ("data-inclusion-structures-json", "data-inclusion-services-json"),
    "data-inclusion-csv": ("data-inclusion-structures-csv", "data-inclusion-services-csv"),
    "data-inclusion-xlsx": ("data-inclusion-xlsx",),
    "hsds": ("hsds",),
    "csv": ("csv",),
}


def _score(value: float) -> str:
    from ctai_site.translation import l10n

    return l10n.number(value, "fr", "0.00")


def cmd_export(args: argparse.Namespace) -> int:
    """`ctai-site export --format FORMAT OUT`: write the files, print each quality score."""
    from ctai_site.files import write_if_changed
    from ctai_site.opendata.data_inclusion import (
        data_inclusion_problems,
        quality_scores,
        to_data_inclusion,
    )
    from ctai_site.opendata.export import FILES, export_files
    from ctai_site.opendata.wording import SOURCE_PATTERN

    try:
        catalog, territory = _catalog(args, args.actions)
    except FicheError as error:
        return _print_problems(error)
    assert territory is not None
    source = args.source or territory.source
    if not SOURCE_PATTERN.match(source):
        print(f"« {source} » n'est pas une source (minuscules, chiffres, tirets)", file=sys.stderr)
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
    keys = tuple(FILES) if args.format == "all" else FORMAT_FILES[args.format]
    names = tuple(FILES[key] for key in keys)
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
                f"{name} {_score(v)}" for name, v in criteria.items() if v is not None and v < 1
            ]
            hint = f" (à améliorer : {', '.join(weak)})" if weak else ""
            print(f"  {service_id} : {_score(value)}{hint}")
        if scores:
            mean = sum(v for _, v, _ in scores) / len(scores)
            print(f"Moyenne : {_score(mean)} sur {len(scores)} service(s)")
    return 0


def cmd_draft(args: argparse.Namespace) -> int:
    """`ctai-site draft <id> [--json]`: print one service's draft."""
    from ctai_site.refugies_info.page import render_draft_text
    from ctai_site.refugies_info.record import draft_json, drafted, require_draft

    try:
        catalog, _ = _catalog(args, args.actions)
    except FicheError as error:
        return _print_problems(error)
    try:
        action = catalog.by_id(args.id)
    except KeyError:
        known = ", ".join(a.id for a in drafted(catalog)) or "aucune"
        print(
            f"« {args.id} » : aucune fiche avec cet identifiant dans {args.actions} "
            f"(fiches avec un brouillon : {known})",
            file=sys.stderr,
        )
        return 1
    try:
        require_draft(action)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    sys.stdout.write(draft_json(action) if args.json else render_draft_text(action))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """`ctai-site init DIR --territory NAME --departement CODE`: a new site, ready to build."""
    from ctai_site.project.scaffold import init_project

    target = Path(args.dir)
    try:
        written = init_project(target, args.territory, args.departement)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(written)} fichiers écrits dans {target}. Ensuite :")
    print(f"  cd {target}")
    print("  ctai-site validate        # la fiche d'exemple, puis les vôtres")
    print("  mkdocs serve              # le site sur http://127.0.0.1:8000")
    print(f"  (le guide « Nouveau territoire » explique la suite : {GUIDE})")
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    """`ctai-site pages OUT`: every generated page as Markdown, for any host."""
    from ctai_site.site import build

    sources = build.Sources(Path(args.actions), Path(args.translations), Path(args.territory))
    try:
        _, written = build.generate(sources, Path(args.out))
    except FicheError as error:
        return _print_problems(error)
    print(f"{written} page(s) écrite(s) dans {args.out}")
    return 0


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une année (2000 à 2100)")
    return int(text)


def cmd_bilan(args: argparse.Namespace) -> int:
    """`ctai-site bilan YEAR OUT.xlsx`: the yearly report as a workbook, and what is missing."""
    from ctai_site.bilan.report import axis_names, date_fr, year_report
    from ctai_site.bilan.workbook import to_xlsx
    from ctai_site.files import write_if_changed

    try:
        catalog, territory = _catalog(args, args.actions, required=False)
    except FicheError as error:
        return _print_problems(error)
    report = year_report(catalog, args.year, axis_names(territory) if territory else {})
    out = Path(args.out)
    write_if_changed(out, to_xlsx(report))
    n, todo = len(report.lines), report.missing_count
    print(
        f"{out} écrit : bilan {report.year}, {n} action{'s' if n > 1 else ''}, "
        f"{todo} information{'s' if todo > 1 else ''} à compléter ; "
        f"à remettre au plus tard le {date_fr(report.due)}"
    )
    for carrier in report.todo():
        print(f"  {carrier.carrier} :")
        for line in carrier.lines:
            print(f"    - {line.action.id} : {', '.join(line.missing)}")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    """`ctai-site guide LANG OUT.pdf`: the printable guide in one language."""
    from ctai_site.config import site_url_from_mkdocs
    from ctai_site.files import write_if_changed
    from ctai_site.guide.build import render_guide
    from ctai_site.guide.pdf import GuideError
    from ctai_site.site import build
    from ctai_site.translation.l10n import file_size

    if args.lang not in vocab.LANGUAGE_CODES:
        known = ", ".join(vocab.LANGUAGE_CODES)
        print(f"langue « {args.lang} » inconnue : {known}", file=sys.stderr)
        return 1
    sources = build.Sources(Path(args.actions), Path(args.translations), Path(args.territory))
    try:
        site = build.load_site(sources)
        site_url = (
            args.site_url or site.territory.site_url or site_url_from_mkdocs(Path(args.config))
        )
        data = render_guide(site, args.lang, site_url=site_url)
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
    p.add_argument(
        "--territory",
        default=TERRITORY_FILE,
        help="fichier du territoire (axes et années du contrat à vérifier)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="afficher le schéma JSON des fiches")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("new", help="créer une fiche à compléter")
    p.add_argument("path", help="par exemple actions/mon-action.yml")
    p.add_argument("--carrier", help="nom de la structure porteuse")
    p.add_argument(
        "--schema",
        default="schema/fiche.schema.json",
        help="chemin du schéma (depuis la racine du projet)",
    )
    p.add_argument(
        "--territory", default=TERRITORY_FILE, help="fichier du territoire (son contrat)"
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
        help=f"source data·inclusion (par défaut : celle de {TERRITORY_FILE})",
    )
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("draft", help="afficher le brouillon Réfugiés.info d'une fiche de service")
    p.add_argument("id", help="identifiant de la fiche (le nom du fichier sans .yml)")
    p.add_argument(
        "--json",
        action="store_true",
        help="brouillon JSON : le corps de la requête de création de Réfugiés.info",
    )
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
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
    p.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    p.add_argument("--translations", default="translations", help="dossier des traductions")
    p.set_defaults(func=cmd_translations)

    p = sub.add_parser("init", help="créer le site d'un nouveau territoire dans un dossier vide")
    p.add_argument("dir", help="dossier à créer, par exemple mon-territoire")
    p.add_argument("--territory", required=True, help="nom du territoire, par exemple « Vichy »")
    p.add_argument("--departement", required=True, help="code du département, par exemple 03")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "bilan",
        help="écrire le bilan annuel du contrat (fiche-bilan) en classeur XLSX "
        "et lister ce qui manque",
    )
    p.add_argument("year", type=_year, help="année du bilan, par exemple 2023")
    p.add_argument("out", help="fichier à écrire, par exemple bilan-2023.xlsx")
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    p.set_defaults(func=cmd_bilan)

    p = sub.add_parser(
        "pages", help="écrire toutes les pages du site en Markdown dans un dossier (sans MkDocs)"
    )
    p.add_argument("out", help="dossier où écrire les pages")
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    p.add_argument("--translations", default="translations", help="dossier des traductions")
    p.set_defaults(func=cmd_pages)

    p = sub.add_parser("guide", help="écrire le guide à imprimer d'une langue (PDF)")
    p.add_argument("lang", help="langue : " + ", ".join(vocab.LANGUAGE_CODES))
    p.add_argument("out", help="fichier PDF à écrire, par exemple guide-ar.pdf")
    p.add_argument(
        "--site-url",
        help="adresse du site pour les codes QR (par défaut : site_url de territory.yml)",
    )
    p.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml (son site_url, sinon)")
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--translations", default="translations", help="dossier des traductions")
    p.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    p.set_defaults(func=cmd_guide)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


def run() -> int:
    """The `ctai-site` command, in a process of its own. `validate` runs without the cyclic
    garbage collector: its objects (a YAML tree per fiche, then the catalogue) hold no cycles,
    and the collector's passes over them cost a seventh of `validate` on 1,000 fiches; the
    process ends right after. The other commands (a guide's PDF, exports) keep it."""
    if sys.argv[1:2] == ["validate"]:
        gc.disable()
    return main()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())

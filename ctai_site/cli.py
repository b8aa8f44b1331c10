"""`ctai-site` command line: `main(argv) -> int`, no traceback for a carrier's mistake.

Long on purpose: every command in one place, each a few lines that load, call the core and
print, its arguments in `build_parser` below, so that this file reads like `ctai-site --help`.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ctai_site import __version__
from ctai_site.fiche import completeness, freshness, schema, template, vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.messages import did_you_mean
from ctai_site.fiche.model import Action, Catalog
from ctai_site.fiche.territory import FILE as TERRITORY_FILE
from ctai_site.fiche.territory import TERRITORY as TERRITORY_SCHEMA
from ctai_site.fiche.territory import Territory, load_territory
from ctai_site.files import write_if_changed

if TYPE_CHECKING:
    from ctai_site.collect.sources import Fiche


SCHEMA_HINT = "# yaml-language-server: $schema={schema}\n"
GUIDE = "ctai-site aide nouveau-territoire"


def _print_problems(error: FicheError) -> int:
    print(error.report(), file=sys.stderr)
    return 1


def _territory(args: argparse.Namespace, *, required: bool = True) -> Territory | None:
    """The territory file given by `--territory` (default `territory.yml` in the working
    folder). Without `required`, a missing default file means « not checked against it »."""
    path = Path(args.territory)
    if not required and args.territory == TERRITORY_FILE and not path.exists():
        return None
    return load_territory(path)


def _catalog(
    args: argparse.Namespace, folder: str, *, required: bool = True
) -> tuple[Catalog, Territory | None]:
    """The territory and the fiches, every problem of both at once."""
    problems = []
    territory = None
    try:
        territory = _territory(args, required=required)
    except FicheError as error:
        problems += error.problems
    try:
        catalog = load_catalog(Path(folder), territory=territory)
    except FicheError as error:
        problems += error.problems
    if problems:
        raise FicheError(problems)
    return catalog, territory


def _since(action: Action) -> str:
    """« confirmée le 3 mars 2026 », or « jamais confirmée, mise à jour le … »."""
    from ctai_site.translation.l10n import date_fr

    if action.confirmed:
        return f"confirmée le {date_fr(action.confirmed)}"
    return f"jamais confirmée, mise à jour le {date_fr(action.updated)}"


def print_freshness(catalog: Catalog, months: int, today: dt.date) -> None:
    """The fiches due to be confirmed, structure by structure, with what to ask."""
    late = freshness.stale(catalog.actions, months, today)
    if not late:
        print(freshness.nothing_due(catalog.actions, months))
        return
    count = sum(len(c.fiches) for c in late)
    print(
        f"À confirmer avec les structures : {count} fiche{'s' if count > 1 else ''} sans "
        f"confirmation depuis {months} mois (réglage : freshness_months dans {TERRITORY_FILE}) :"
    )
    for carrier in late:
        print(f"  {carrier.carrier} :")
        for item in carrier.fiches:
            print(
                f"    - {item.action.source} : {_since(item.action)} ; "
                f"à confirmer : {' ; '.join(item.to_confirm)}"
            )
    print("  (une fois confirmée, écrivez la date dans la fiche : confirmed: AAAA-MM-JJ)")


def cmd_validate(args: argparse.Namespace) -> int:
    # Reads, checks, prints and ends: its objects have no cycles to reclaim before the end, and
    # the collector would walk the whole catalogue for nothing (35 ms of 420 on 1,000 fiches;
    # the same peak memory, 62 MB)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _validate(args)
    finally:
        if enabled:  # `main` called from another program (the tests)
            gc.enable()


def _validate(args: argparse.Namespace) -> int:
    try:
        catalog, territory = _catalog(args, args.path, required=False)
    except FicheError as error:
        return _print_problems(error)
    todo_total = 0
    for action in catalog.actions:
        if action.status == "archived":
            print(f"{action.source} : archivée (ni sur le site, ni dans les exports)")
            continue
        todo = completeness.missing(action)
        todo_total += len(todo)
        if todo:
            print(f"{action.source} : à compléter ({len(todo)})")
            for item in todo:
                print(f"  - [{item.target}] {item}")
        else:
            print(f"{action.source} : complète")
    months = territory.freshness_months if territory else freshness.DEFAULT_MONTHS
    print_freshness(catalog, months, dt.date.today())
    if territory is not None:
        from ctai_site.config import site_url_from_mkdocs
        from ctai_site.fiche.territory import publication_notes

        for line in publication_notes(territory, site_url_from_mkdocs(Path("mkdocs.yml"))):
            print(line)
    n = len(catalog.actions)
    print(
        f"{n} fiche{'s' if n > 1 else ''} valide{'s' if n > 1 else ''}, "
        f"{todo_total} information{'s' if todo_total > 1 else ''} à compléter"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    chosen = TERRITORY_SCHEMA if args.of == "territory" else schema.FICHE
    print(json.dumps(chosen, ensure_ascii=False, indent=2))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
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
        found = translations.get(lang, key)
        print(i18n.skeleton(source, found, translations.terms, lang), end="")
        return 0
    report = i18n.language_coverage(catalog, translations, territory.texts())
    terms = i18n.term_problems(catalog, translations, territory.texts(), args.lang)
    print(i18n.format_coverage(report, translations, args.lang, terms))
    return 0


def cmd_translations_export(args: argparse.Namespace) -> int:
    """`ctai-site translations export LANG FILE.po [--fiche ID]`: a PO file for translators."""
    from ctai_site import translation as i18n
    from ctai_site.translation import po
    from ctai_site.translation.interface import interface_folder

    if args.out != "-" and not args.out.endswith((".po", ".pot")):
        print(
            f"{args.out} : le fichier à écrire finit par .po (« - » : la sortie)", file=sys.stderr
        )
        return 1
    try:
        catalog, territory = _catalog(args, args.actions)
        translations = i18n.load_translations(Path(args.translations), interface=interface_folder())
        assert territory is not None
        exported = po.export_catalogue(
            catalog, translations, territory, args.lang, only=args.fiche, terms=translations.terms
        )
    except FicheError as error:
        return _print_problems(error)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    if args.out == "-":
        sys.stdout.buffer.write(exported.data)
    else:
        write_if_changed(Path(args.out), exported.data)
        print(exported.report(args.out))
    return 0


def cmd_translations_import(args: argparse.Namespace) -> int:
    """`ctai-site translations import FILE.po`: its translations into translations/, all of
    them or (any entry refused) none."""
    from ctai_site import translation as i18n
    from ctai_site.translation import po, po_import
    from ctai_site.translation.interface import interface_folder

    path = Path(args.po)
    if not path.is_file():
        print(f"{args.po} introuvable", file=sys.stderr)
        return 1
    problems, found, plan = [], None, None
    try:
        po_import.check_size(path.stat().st_size, args.po)  # before reading it
        found = po_import.read_po_file(path.read_bytes(), args.po)
    except FicheError as error:
        problems += error.problems
    try:
        catalog, territory = _catalog(args, args.actions)
        translations = i18n.load_translations(Path(args.translations), interface=interface_folder())
        if found is not None and territory is not None:
            parts = po.parts(catalog, translations, territory, archived=True)
            plan = po_import.plan_import(found, parts, translations, Path(args.translations))
    except FicheError as error:
        problems += error.problems
    if problems or plan is None:
        print("\n".join(str(p) for p in sorted(problems)), file=sys.stderr)
        n = len(problems)
        print(f"{n} erreur{'s' if n > 1 else ''} : rien n'a été importé", file=sys.stderr)
        return 1
    for change in plan.changes:
        write_if_changed(change.path, change.text)
    print(plan.report(args.po))
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


def _format_files(chosen: str) -> tuple[str, ...]:
    """The files a format writes: OUT is a folder when it writes several (imported here: the
    open data modules are not `validate`'s to load)."""
    from ctai_site.opendata.export import FILES

    if chosen == "all":
        return tuple(FILES.values())
    if chosen.startswith("data-inclusion-") and chosen != "data-inclusion-xlsx":
        kind = chosen.removeprefix("data-inclusion-")
        return (
            FILES[f"data-inclusion-structures-{kind}"],
            FILES[f"data-inclusion-services-{kind}"],
        )
    return (FILES[chosen],)


def _score(value: float) -> str:
    from ctai_site.translation import l10n

    return l10n.number(value, "fr", "0.00")


def cmd_export(args: argparse.Namespace) -> int:
    """`ctai-site export --format FORMAT OUT`: write the files, print each quality score."""
    from ctai_site.opendata.data_inclusion import (
        data_inclusion_problems,
        quality_scores,
        to_data_inclusion,
    )
    from ctai_site.opendata.export import export_files
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
    names = _format_files(args.format)
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
        wheel = Path(args.wheel) if args.wheel else None
        written = init_project(target, args.territory, args.departement, wheel=wheel)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"{len(written)} fichiers écrits dans {target}. Ensuite :")
    print(f"  cd {target}")
    print("  ctai-site validate        # la fiche d'exemple, puis les vôtres")
    print("  ctai-site serve           # le site sur http://127.0.0.1:8000")
    print(f"  (le guide « Nouveau territoire » explique la suite : {GUIDE})")
    return 0


def cmd_pages(args: argparse.Namespace) -> int:
    """`ctai-site pages OUT`: every generated page as Markdown, with the guides and the open
    data files they link to, for any host: what the plugin writes, the same way
    (`driver.generate`), with mkdocs.yml's options when there is one."""
    from ctai_site.driver.generate import GenerateError, generate, write_site_files
    from ctai_site.driver.project import Options, Project, ProjectError, read_project

    config = Path(args.config)
    try:
        project = read_project(config) if config.is_file() else None
    except ProjectError as error:
        print(error, file=sys.stderr)
        return 1
    if project is None:
        project = Project(Path.cwd(), Path.cwd() / "docs", Options())
    given = {k: getattr(args, k) for k in ("actions", "translations", "territory")}
    out = Path(args.out).resolve()
    options = dataclasses.replace(
        project.options, generated_dir=out.name, **{k: v for k, v in given.items() if v}
    )
    project = dataclasses.replace(project, options=options, docs_dir=out.parent)
    try:
        generated = generate(project, guides=True)
    except GenerateError as error:
        print(error, file=sys.stderr)
        return 1
    write_site_files(generated, out)
    print(f"{len(generated.written)} page(s) écrite(s) dans {args.out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """`ctai-site serve`: the live preview (`driver.serve`)."""
    from ctai_site.driver.project import ProjectError, read_project
    from ctai_site.driver.serve import serve

    config = Path(args.config)
    try:
        project = read_project(config)
    except ProjectError as error:
        print(error, file=sys.stderr)
        return 1
    address, _, port = args.dev_addr.rpartition(":")
    if not port.isdigit() or not address:
        print(f"--dev-addr {args.dev_addr} : écrivez adresse:port, par exemple 127.0.0.1:8000")
        return 1
    return serve(project, config.resolve(), address, int(port), args.engine)


def _year(text: str) -> int:
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise argparse.ArgumentTypeError(f"« {text} » n'est pas une année (2000 à 2100)")
    return int(text)


def cmd_bilan(args: argparse.Namespace) -> int:
    """`ctai-site bilan YEAR OUT.xlsx`: the yearly report as a workbook, and what is missing."""
    from ctai_site.bilan.report import axis_names, year_report, year_warnings
    from ctai_site.bilan.workbook import to_xlsx
    from ctai_site.translation.l10n import date_fr

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
    for warning in year_warnings(report.year, territory, dt.date.today()):
        print(f"Attention : {warning}.")
    for carrier in report.todo():
        print(f"  {carrier.carrier} :")
        for line in carrier.lines:
            print(f"    - {line.action.id} : {', '.join(line.missing)}")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    """`ctai-site guide LANG OUT.pdf`: the printable guide in one language."""
    from ctai_site.config import site_url_from_mkdocs
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


def _fiches(args: argparse.Namespace) -> tuple[dict[str, Fiche], Territory | None]:
    """The fiches by id as `collect` and `geocode` edit them, and the territory (optional)."""
    from ctai_site.collect.sources import load_fiches

    problems = []
    territory = None
    try:
        territory = _territory(args, required=False)
    except FicheError as error:
        problems += error.problems
    try:
        fiches = load_fiches(Path(args.actions), territory)
    except FicheError as error:
        problems += error.problems
    if problems:
        raise FicheError(problems)
    return fiches, territory


def cmd_collect_export(args: argparse.Namespace) -> int:
    """`ctai-site collect export FILE.xlsx [--carrier NAME]`: the workbook to fill in."""
    from ctai_site.collect import workbook as collect_workbook

    if not args.file.lower().endswith(".xlsx"):
        print(f"{args.file} : le classeur doit finir par .xlsx", file=sys.stderr)
        return 1
    try:
        fiches, territory = _fiches(args)
    except FicheError as error:
        return _print_problems(error)
    try:
        current = collect_workbook.select(fiches.values(), args.carrier)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    months = territory.freshness_months if territory else freshness.DEFAULT_MONTHS
    data = collect_workbook.to_workbook(current, territory.name if territory else "", months)
    write_if_changed(Path(args.file), data)
    n = len(current)
    todo = sum(len(completeness.missing(f.action)) for f in current)
    print(
        f"{args.file} écrit : {n} fiche{'s' if n > 1 else ''}, une feuille chacune, "
        f"{todo} information{'s' if todo > 1 else ''} à compléter."
    )
    print(f"Une fois rempli (colonne C) : ctai-site collect import {args.file}")
    return 0


def cmd_collect_import(args: argparse.Namespace) -> int:
    """`ctai-site collect import FILE.xlsx`: the answers into the fiches, or every problem."""
    from ctai_site.collect.answers import changed_lines, import_workbook
    from ctai_site.collect.sources import write_all

    try:
        fiches, _ = _fiches(args)
    except FicheError as error:
        return _print_problems(error)
    changes, problems = import_workbook(Path(args.file), args.file, fiches, dt.date.today())
    if len(problems) == 1:  # one line, as every refusal of a whole file
        print(f"{problems[0]} ; rien n'a été modifié", file=sys.stderr)
        return 1
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} erreurs dans {args.file} : rien n'a été modifié", file=sys.stderr)
        return 1
    if not changes:
        print(f"Aucune réponse dans {args.file} : rien n'a été modifié.")
        return 0
    write_all((change.fiche.path, change.text) for change in changes)
    for line in changed_lines(changes):
        print(line)
    n = len(changes)
    print(f"{n} fiche{'s' if n > 1 else ''} mise{'s' if n > 1 else ''} à jour.")
    if any(change.moved for change in changes):
        print("Des adresses ont changé : lancez ctai-site geocode pour replacer ces lieux.")
    return 0


def cmd_aide(args: argparse.Namespace) -> int:
    """`ctai-site aide [SUJET]`: the guides shipped with the installed tool."""
    from ctai_site.docs import DOCS, guide_path

    if args.sujet is None:
        print("Guides de ctai-site (ctai-site aide SUJET pour en lire un) :")
        for name, (_, what) in DOCS.items():
            print(f"  {name:<20} {what}")
        return 0
    path = guide_path(args.sujet)
    if path is None:
        hint = did_you_mean(args.sujet, DOCS)
        hint += " " if hint else ""
        print(
            f"aide {args.sujet} : sujet inconnu : {hint}sujets : {', '.join(DOCS)}", file=sys.stderr
        )
        return 1
    print(path.read_text(encoding="utf-8"), end="")
    print(f"\n(ce guide : {path})", file=sys.stderr)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """`ctai-site migrate [PATH] [--check]`: fiches of an earlier format brought up to date."""
    from ctai_site.collect import migrate
    from ctai_site.fiche.versions import CURRENT

    path = Path(args.path)
    if not path.exists():
        print(
            f"{path} : introuvable (le dossier du site, de ses fiches, ou une fiche)",
            file=sys.stderr,
        )
        return 1
    try:
        paths = migrate.fiches_of(path)
    except FicheError as error:
        return _print_problems(error)
    done, problems = migrate.migrate(paths, display_root=Path.cwd())
    if problems:
        return _print_problems(FicheError(problems))
    for fiche in done:
        for line in fiche.lines():
            print(line)
    todo = [f for f in done if f.changes]
    if args.check:
        if todo:
            print(f"{len(todo)} fiche(s) à mettre au format {CURRENT} : lancez ctai-site migrate")
            return 1
        print(f"{len(done)} fiche(s), toutes au format {CURRENT}")
        return 0
    migrate.write(done)
    print(f"{len(todo)} fiche(s) mise(s) au format {CURRENT}, {len(done) - len(todo)} déjà à jour")
    return 0


def cmd_geocode(args: argparse.Namespace) -> int:
    """`ctai-site geocode [ID]`: each place with an address on the map, from the BAN."""
    from ctai_site.collect import geocode as ban
    from ctai_site.collect.sources import write_all

    try:
        fiches, _ = _fiches(args)
    except FicheError as error:
        return _print_problems(error)
    if args.id:
        if args.id not in fiches:
            print(
                f"« {args.id} » : aucune fiche avec cet identifiant dans {args.actions}",
                file=sys.stderr,
            )
            return 1
        fiches = {args.id: fiches[args.id]}
    if not ban.lookups(fiches):
        print(
            "Aucun lieu n'a d'adresse (address) : rien à chercher dans la Base adresse "
            "nationale, rien n'a été modifié. Les adresses se collectent avec ctai-site collect."
        )
        return 0
    try:
        result = ban.geocode(
            fiches, ban.fetch_url, dt.date.today(), replace_approximate=args.replace_approximate
        )
    except ban.BanError as error:
        print(error, file=sys.stderr)
        return 1
    if result.problems:
        print(FicheError(result.problems), file=sys.stderr)
        print("coordonnées refusées : rien n'a été modifié", file=sys.stderr)
        return 1
    print("\n".join(result.lines))
    write_all((fiches[action_id].path, text) for action_id, text in result.texts.items())
    n = result.placed
    print(
        f"{n} lieu{'x' if n > 1 else ''} placé{'s' if n > 1 else ''} d'après la Base adresse "
        f"nationale, {len(result.texts)} fiche{'s' if len(result.texts) > 1 else ''} écrite"
        f"{'s' if len(result.texts) > 1 else ''}."
    )
    return 0


def _project_options(
    p: argparse.ArgumentParser, *, translations: bool = False, inherited: bool = False
) -> None:
    """--actions, --territory (and --translations). `inherited`: on a subcommand, where they
    default to the parent command's values (argparse lets a subcommand's defaults overwrite
    options given before it: https://github.com/python/cpython/issues/89398)."""
    options = [
        ("--actions", "actions", "dossier des fiches"),
        ("--territory", TERRITORY_FILE, "fichier du territoire"),
    ]
    if translations:
        options.append(("--translations", "translations", "dossier des traductions"))
    for flag, default, text in options:
        p.add_argument(flag, default=argparse.SUPPRESS if inherited else default, help=text)


# argparse's own words (CPython 3.11 to 3.13, Lib/argparse.py: `ArgumentParser.error` and the
# messages it is given), in French: a carrier who mistypes a command reads one line, as for any
# other mistake, not a usage block in English.
_ARGPARSE_MESSAGES = (
    (
        r"argument (?P<arg>[^:]+): invalid choice: '?(?P<value>[^' ]*)'? \(choose from (?P<all>.*)\)",
        "{arg} : « {value} » inconnu{guess} (possibles : {all})",
    ),
    (r"unrecognized arguments: (?P<value>.*)", "argument ou option inconnu : {value}"),
    (
        r"the following arguments are required: (?P<value>.*)",
        "il manque : {value}",
    ),
    (r"argument (?P<arg>[^:]+): expected one argument", "{arg} : une valeur est attendue après"),
    (
        r"argument (?P<arg>[^:]+): invalid (?P<type>\w+) value: '(?P<value>[^']*)'",
        "{arg} : « {value} » n'est pas {type}",
    ),
    (
        r"ambiguous option: (?P<value>\S+) could match (?P<all>.*)",
        "option ambiguë {value} : {all}",
    ),
    (r"argument (?P<arg>[^:]+): (?P<message>.*)", "{arg} : {message}"),
)
_TYPES = {"int": "un nombre entier", "float": "un nombre"}
_POSITIONALS = {  # the arguments' names in `build_parser`, as help and errors show them
    "dir": "dossier",
    "file": "fichier",
    "id": "identifiant",
    "lang": "langue",
    "out": "sortie",
    "path": "chemin",
    "po": "fichier_po",
    "year": "année",
}


class _Parser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` that speaks French: help headings, and errors in one line
    (exit 1) that say how to go on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "arguments"
        self._optionals.title = "options"
        self.add_argument("-h", "--help", action="help", help="afficher cette aide")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """A positional argument shows its French name (« il manque : fichier »)."""
        if len(args) == 1 and not args[0].startswith("-") and "choices" not in kwargs:
            kwargs.setdefault("metavar", _POSITIONALS.get(args[0], args[0]))
        return super().add_argument(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        text = f"erreur : {message}"
        for pattern, french in _ARGPARSE_MESSAGES:
            found = re.fullmatch(pattern, message)
            if found is None:
                continue
            values = {k: v.strip("'\"") for k, v in found.groupdict().items()}
            values["all"] = values.get("all", "").replace("'", "")
            values["type"] = _TYPES.get(values.get("type", ""), values.get("type", ""))
            guess = did_you_mean(values.get("value", ""), values["all"].split(", "))
            values["guess"] = f" : {guess}" if guess else ""
            text = french.format(**values)
            break
        self.exit(1, f"{self.prog} : {text} ({self.prog} --help pour l'aide)\n")


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "utilisation : " if prefix is None else prefix)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ctai-site",
        description="Fiches actions d'un contrat territorial d'accueil et d'intégration : "
        "vérification, site, brouillons Réfugiés.info et données ouvertes.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"ctai-site {__version__}",
        help="afficher la version",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="commande")

    p = sub.add_parser(
        "aide", help="lire un guide : le format des fiches, nouveau territoire, publier…"
    )
    p.add_argument(
        "sujet", nargs="?", help="format, nouveau-territoire, publier, carte, performance"
    )
    p.set_defaults(func=cmd_aide)

    p = sub.add_parser("validate", help="vérifier les fiches et lister ce qui manque")
    p.add_argument("path", nargs="?", default="actions")
    p.add_argument(
        "--territory",
        default=TERRITORY_FILE,
        help="fichier du territoire (axes et années du contrat à vérifier)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="afficher le schéma JSON des fiches (ou du territoire)")
    p.add_argument("of", nargs="?", choices=("fiche", "territory"), default="fiche")
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
        help="état des traductions par langue (relues, non relues, périmées, manquantes) ; "
        "fichiers PO pour les traducteurs (export, import)",
    )
    p.add_argument("--lang", help="détailler une seule langue, par exemple ar")
    p.add_argument(
        "--skeleton",
        nargs=2,
        metavar=("LANGUE", "FICHE"),
        help="afficher le fichier de traduction à compléter (FICHE : identifiant ou _site)",
    )
    _project_options(p, translations=True)
    p.set_defaults(func=cmd_translations)
    po_commands = p.add_subparsers(dest="po_command", metavar="{export,import}")
    e = po_commands.add_parser(
        "export",
        help="écrire le fichier PO d'une langue (Poedit, Weblate, Crowdin) : fiches, "
        "territoire et interface",
    )
    e.add_argument("lang", help="langue : " + ", ".join(vocab.LANGUAGE_CODES[1:]))
    e.add_argument(
        "out", help="fichier à écrire, par exemple traductions-ar.po (« - » : la sortie)"
    )
    e.add_argument("--fiche", help="une seule fiche (son identifiant), ou _territory, ou _site")
    _project_options(e, translations=True, inherited=True)
    e.set_defaults(func=cmd_translations_export)
    i = po_commands.add_parser(
        "import", help="reporter les traductions d'un fichier PO dans translations/"
    )
    i.add_argument("po", help="le fichier PO traduit")
    _project_options(i, translations=True, inherited=True)
    i.set_defaults(func=cmd_translations_import)

    p = sub.add_parser("init", help="créer le site d'un nouveau territoire dans un dossier vide")
    p.add_argument("dir", help="dossier à créer, par exemple mon-territoire")
    p.add_argument("--territory", required=True, help="nom du territoire, par exemple « Vichy »")
    p.add_argument("--departement", required=True, help="code du département, par exemple 03")
    p.add_argument(
        "--wheel",
        help="le fichier de cette version de ctai-site (.whl), copié dans vendor/ : "
        "requirements.txt l'installe",
    )
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
    p.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml (les options du site)")
    p.add_argument("--actions", help="dossier des fiches (par défaut : celui de mkdocs.yml)")
    p.add_argument("--territory", help="fichier du territoire (par défaut : celui de mkdocs.yml)")
    p.add_argument("--translations", help="dossier des traductions (par défaut : mkdocs.yml)")
    p.set_defaults(func=cmd_pages)

    p = sub.add_parser(
        "serve",
        help="construire le site et le servir en local ; une modification s'affiche dans la "
        "page lue en une seconde environ",
    )
    p.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml du site")
    p.add_argument(
        "--dev-addr", default="127.0.0.1:8000", help="adresse:port (défaut 127.0.0.1:8000)"
    )
    p.add_argument(
        "--engine",
        choices=("mkdocs", "properdocs"),
        default="mkdocs",
        help="le programme qui construit les pages (défaut : mkdocs)",
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser(
        "migrate",
        help="mettre les fiches écrites pour une version plus ancienne au format actuel "
        "(commentaires gardés)",
    )
    p.add_argument(
        "path",
        nargs="?",
        default=".",
        help="le site (défaut : ce dossier), ses fiches ou une fiche",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="dire seulement ce qui changerait (sortie 1 s'il y a lieu)",
    )
    p.set_defaults(func=cmd_migrate)

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

    p = sub.add_parser(
        "collect",
        help="classeur à remplir avec les structures (export), puis réponses dans les fiches "
        "(import)",
    )
    collect = p.add_subparsers(dest="collect_command", required=True, metavar="commande")
    q = collect.add_parser(
        "export", help="écrire le classeur : une feuille par fiche, ce qui manque en premier"
    )
    q.add_argument("file", help="classeur à écrire, par exemple collecte.xlsx")
    q.add_argument("--carrier", help="les fiches d'une seule structure (son nom ou son sigle)")
    q.add_argument("--actions", default="actions", help="dossier des fiches")
    q.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    q.set_defaults(func=cmd_collect_export)
    q = collect.add_parser(
        "import",
        help="recopier les réponses du classeur dans les fiches (rien n'est écrit s'il reste "
        "une erreur)",
    )
    q.add_argument("file", help="classeur rempli, par exemple collecte.xlsx")
    q.add_argument("--actions", default="actions", help="dossier des fiches")
    q.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    q.set_defaults(func=cmd_collect_import)

    p = sub.add_parser(
        "geocode",
        help="placer sur la carte chaque lieu qui a une adresse (Base adresse nationale)",
    )
    p.add_argument("id", nargs="?", help="une seule fiche (son identifiant)")
    p.add_argument(
        "--replace-approximate",
        action="store_true",
        help="remplacer aussi les coordonnées approximatives écrites à la main "
        "(jamais les exactes)",
    )
    p.add_argument("--actions", default="actions", help="dossier des fiches")
    p.add_argument("--territory", default=TERRITORY_FILE, help="fichier du territoire")
    p.set_defaults(func=cmd_geocode)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # A command reads a whole catalogue into objects that live until it ends: with the default
    # thresholds, the cyclic garbage collector walks them all again and again (60 ms of the
    # 450 of `validate` on 1,000 fiches). Collected less often, as mypy does (mypy/build.py,
    # 1.x: `gc.set_threshold(200 * 1000, 30, 30)`).
    thresholds = gc.get_threshold()
    gc.set_threshold(200_000, 30, 30)
    try:
        args = build_parser().parse_args(argv)
        result: int = args.func(args)
    finally:
        gc.set_threshold(*thresholds)  # `main` called from another program (the tests)
    return result


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

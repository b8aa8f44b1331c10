"""Read fiches from disk, safely, into the model; every problem of every fiche at once.

Hostile files are refused before they cost anything: a size cap before reading, strict UTF-8,
no YAML aliases (the « billion laughs » needs them; fiches don't), no custom tags, a depth cap.
Parsing uses libyaml's composer when available (fast), our own walk builds the values so that
each field keeps its line number.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctai_site.fiche import hours, schema, versions
from ctai_site.fiche.errors import FicheError, Problem
from ctai_site.fiche.logos import read_logo
from ctai_site.fiche.messages import fast_validator, schema_problems, validator
from ctai_site.fiche.model import Action, Catalog, Coordinates, OpeningRule, Place, build_action
from ctai_site.fiche.reading import FICHE_SUFFIXES, MAX_BYTES, Path_, read_yaml

if TYPE_CHECKING:
    from ctai_site.fiche.territory import Territory

from ctai_site.fiche.checks import check, normalise_phone

# --- Files and catalogs -------------------------------------------------------------------------


def read_text(path: Path, file: str) -> tuple[str | None, list[Problem]]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        megabytes = f"{size / 1_000_000:.1f}".replace(".", ",")  # French decimal comma
        return None, [
            Problem(
                file,
                1,
                "",
                f"fichier trop gros ({megabytes} Mo ; {MAX_BYTES // 1024} Ko au plus pour une fiche)",
            )
        ]
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [
            Problem(
                file,
                line,
                "",
                "le fichier n'est pas en UTF-8 (octet "
                f"0x{raw[exc.start]:02X}) : enregistrez-le en UTF-8",
            )
        ]


def _build_places(data: dict[str, Any]) -> tuple[Place, ...]:
    places = []
    for p in data.get("places", ()):
        raw_hours = p.get("opening_hours")
        rules: tuple[OpeningRule, ...] = ()
        osm = None
        if isinstance(raw_hours, str):
            osm, rules = raw_hours, hours.parse_opening_hours(raw_hours)
        elif raw_hours:
            rules = tuple(
                OpeningRule(
                    tuple(r["days"]), r["opens"], r["closes"], tuple(r.get("weeks_of_month", ()))
                )
                for r in raw_hours
            )
            osm = hours.to_osm(rules)
        c = p.get("coordinates")
        places.append(
            Place(
                name=p["name"],
                city=p["city"],
                address=p.get("address"),
                postcode=p.get("postcode"),
                insee=p.get("insee"),
                coordinates=Coordinates(
                    float(c["lat"]), float(c["lng"]), c["precision"], c.get("source")
                )
                if c
                else None,
                opening_hours=osm,
                opening_rules=rules,
                closed_on_holidays=bool(osm) and hours.closed_on_holidays(osm or ""),
                phone=normalise_phone(p["phone"]) if "phone" in p else None,
                email=p.get("email"),
                accessibility=p.get("accessibility"),
                practical=p.get("practical"),
            )
        )
    return tuple(places)


@dataclass(frozen=True)
class Checked:
    """A fiche read and checked, as plain data (cheap to pickle from a worker)."""

    file: str
    action_id: str
    data: dict[str, Any]
    lines: dict[Path_, int]
    logo: bytes | None = None  # the carrier's logo file, read from the fiche's folder


def load_action(
    path: Path, file: str | None = None, *, today: dt.date | None = None
) -> tuple[Action | None, list[Problem]]:
    """Load one fiche. Returns the action (None if it has problems) and its problems."""
    checked, problems = check_action(path, file, today=today)
    return (None, problems) if checked is None else (_build(checked), [])


def _build(checked: Checked) -> Action:
    data = checked.data
    return build_action(
        data,
        action_id=checked.action_id,
        source=checked.file,
        updated=dt.date.fromisoformat(data["updated"]),
        places=_build_places(data),
        lines=checked.lines,
        logo=checked.logo,
    )


def check_action(
    path: Path, file: str | None = None, *, today: dt.date | None = None
) -> tuple[Checked | None, list[Problem]]:
    """Read and check one fiche: its data (None if it has problems) and its problems."""
    file = file or str(path)
    text, problems = read_text(path, file)
    if text is None:
        return None, problems
    return _parse(text, file, stem=path.stem, today=today, folder=path.parent)


def parse_action(
    text: str,
    file: str,
    *,
    stem: str,
    today: dt.date | None = None,
    folder: Path | None = None,
) -> tuple[Action | None, list[Problem]]:
    """Check one fiche's text, as `load_action` checks its file (`stem`: the file name without
    .yml, the id when the fiche writes none; `folder`: where it lives, for the files it names,
    not read without it). What `collect` and `geocode` are about to write goes through here
    first."""
    checked, problems = _parse(text, file, stem=stem, today=today, folder=folder)
    return (None, problems) if checked is None else (_build(checked), [])


def _old_format(data: dict[str, Any]) -> list[tuple[Path_, str]]:
    """One line per key of an earlier format, saying what to run."""
    fix = "lancez « ctai-site migrate », qui réécrit la fiche au format actuel en gardant ses commentaires"
    contract = data.get("contract")
    old = [k for k in versions.OLD_CONTRACT_KEYS if isinstance(contract, dict) and k in contract]
    found: list[tuple[Path_, str]] = [
        (
            ("contract", key),
            f"clé du format 1 (remplacée par « reports », un bilan par année) : {fix}",
        )
        for key in old
    ]
    declared = data.get(versions.KEY)
    if not found and isinstance(declared, int):
        found.append(
            ((versions.KEY,), f"format {declared}, le format actuel est {versions.CURRENT} : {fix}")
        )
    return found


def _parse(
    text: str, file: str, *, stem: str, today: dt.date | None = None, folder: Path | None = None
) -> tuple[Checked | None, list[Problem]]:
    """A fiche's text read and checked, as plain data; with its `folder`, the logo file it
    names too."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        return None, [Problem(file, 1, "", f"fiche trop grosse ({MAX_BYTES // 1024} Ko au plus)")]
    data, reader = read_yaml(text, file)
    if reader.problems or data is None:
        return None, reader.problems
    if not isinstance(data, dict):
        reader.problem((), "une fiche est une suite de champs « clé: valeur »")
        return None, reader.problems
    if versions.version_of(data) < versions.CURRENT:  # read as upgraded: every other problem
        for field_path, message in _old_format(data):  # is said at once
            reader.problem(field_path, message)
        versions.upgrade(data, stamp=False)
    if not fast_validator().is_valid(data):
        for error in validator().iter_errors(data):
            for field_path, message in schema_problems(error, reader.written):
                reader.problem(field_path, message)
    for field_path, message in check(data, today or dt.date.today()):
        reader.problem(field_path, message)
    logo = None
    written = data.get("carrier", {}).get("logo") if isinstance(data.get("carrier"), dict) else None
    # a badly written path is the schema's to say; the file is read only for a good one
    if folder is not None and isinstance(written, str) and re.search(schema.LOGO_PATTERN, written):
        logo, refused = read_logo(folder, written)
        if refused:
            reader.problem(("carrier", "logo"), refused)
    action_id = data.get("id", stem)
    # a written id is checked by the schema; the file name stands in for a missing one
    if "id" not in data and not re.match(schema.FICHE["properties"]["id"]["pattern"], action_id):
        reader.problem(
            ("id",),
            f"« {action_id} » (nom du fichier) n'est pas un identifiant : "
            "minuscules, chiffres et tirets ; renommez le fichier ou ajoutez id:",
        )
    if reader.problems:
        return None, reader.problems
    lines = {k: v for k, v in reader.lines.items() if k}
    return Checked(file, action_id, data, lines, logo), []


def fiche_paths(root: Path) -> list[Path]:
    """The fiches under `root` (a folder) or `root` itself (a file), sorted."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*") if p.suffix in FICHE_SUFFIXES and p.is_file())


def load_catalog(
    root: Path,
    *,
    today: dt.date | None = None,
    display_root: Path | None = None,
    territory: Territory | None = None,
) -> Catalog:
    """Load every fiche under `root`; raise `FicheError` with all problems of all fiches.
    With a territory, each fiche's contract is checked against the territory's (its axes and
    years)."""
    if not root.exists():
        raise FicheError([Problem(str(root), 1, "", "dossier ou fichier introuvable")])
    paths = fiche_paths(root)
    if not paths:
        raise FicheError(
            [Problem(str(root), 1, "", "aucune fiche (.yml ou .yaml) dans ce dossier")]
        )
    day = today or dt.date.today()

    def load(path: Path) -> tuple[Action | None, str, list[Problem]]:
        file = display_path(path, display_root)
        fiche, found = check_action(path, file, today=day)
        return (None if fiche is None else _build(fiche)), file, found

    loaded = [load(path) for path in paths]
    actions: list[Action] = []
    problems: list[Problem] = []
    first_file: dict[str, str] = {}
    for action, file, found in loaded:
        problems.extend(found)
        if action is None:
            continue
        if action.id in first_file:
            problems.append(
                Problem(
                    file,
                    action.line_of("id"),
                    "id",
                    f"identifiant « {action.id} » déjà utilisé par {first_file[action.id]}",
                )
            )
            continue
        first_file[action.id] = file
        if territory is not None:
            problems.extend(_contract_problems(action, file, territory))
        actions.append(action)
    if problems:
        raise FicheError(problems)
    return Catalog(tuple(actions))


def _contract_problems(action: Action, file: str, territory: Territory) -> Iterator[Problem]:
    """The fiche's contract against the territory's: a known axis, years of the contract."""
    if action.contract is None:
        return
    contract = territory.contract
    if contract is None:
        yield Problem(
            file,
            action.line_of("contract"),
            "contract",
            f"{territory.file} ne décrit aucun contrat : retirez contract de la fiche, ou "
            f"décrivez le contrat dans {territory.file}",
        )
        return
    if action.contract.axis not in contract.axis_numbers:
        numbers = ", ".join(str(n) for n in contract.axis_numbers)
        yield Problem(
            file,
            action.line_of("contract.axis"),
            "contract.axis",
            f"l'axe {action.contract.axis} n'existe pas : les axes du contrat sont {numbers} "
            f"({territory.file})",
        )
    outside = [y for y in action.contract.years if y not in contract.years]
    if outside and action.status != "archived":  # an ended action may date from a past contract
        years = ", ".join(str(y) for y in contract.years)
        yield Problem(
            file,
            action.line_of("contract.years"),
            "contract.years",
            f"{', '.join(map(str, outside))} hors du contrat (années : {years}, {territory.file})",
        )


def display_path(path: Path, root: Path | None) -> str:
    """The path a carrier recognises: relative to the working directory when possible."""
    try:  # the root resolved once (a thousand fiches, one root)
        return str(path.resolve().relative_to(_resolve(root or Path.cwd())))
    except ValueError:
        return str(path)


_resolve = functools.lru_cache(maxsize=8)(Path.resolve)

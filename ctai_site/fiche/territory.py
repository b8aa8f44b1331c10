"""The territory of a site, in one file (`territory.yml`): its name, its département(s), its
contract (title, years, signatories, axes, the articles the texts cite), its glossary, its
data·inclusion source and the site's address.

Nothing in the package assumes a town: every page, draft and export that names the territory or
its contract reads it from here. The interface strings use `{territory}` for the name, so a new
town does not retranslate the interface; the territory's own texts (its name where a language
writes it differently, the axes, the glossary) are translated like a fiche, in
`translations/<lang>/_territory.yml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from ctai_site.fiche import departements
from ctai_site.fiche.errors import FicheError, Problem
from ctai_site.fiche.freshness import DEFAULT_MONTHS as DEFAULT_FRESHNESS_MONTHS
from ctai_site.fiche.loading import display_path, read_text
from ctai_site.fiche.messages import schema_problems
from ctai_site.fiche.reading import format_path, read_yaml
from ctai_site.fiche.schema import DATE, URL, YEAR, Schema, _list, _object, _text

if TYPE_CHECKING:  # jsonschema only explains errors: `validate` starts faster without it
    import jsonschema

FILE = "territory.yml"
SOURCE_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_ACRONYM = r"^[A-Z][A-Za-z0-9]{1,11}$"


def _entity(description: str) -> Schema:
    return _object(
        {
            "name": _text("Nom.", 200),
            "address": _text("Adresse postale complète.", 300),
            "phone": _text("Téléphone.", 30),
        },
        description,
        required=("name",),
    )


TERRITORY: Schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Territoire d'un site ctai-site",
    **_object(
        {
            "name": _text("Nom du territoire, tel que le français l'écrit : « Vichy ».", 120),
            "departements": _list(
                {
                    "type": "string",
                    "pattern": r"^(\d{2}|2[AB]|97[1-6])$",
                    "description": 'Code du département, entre guillemets : "40".',
                    "x-error": 'n\'est pas un code de département ("40", "2A", "974")',
                },
                "Départements du territoire.",
                minItems=1,
            ),
            "source": {
                "type": "string",
                "pattern": SOURCE_PATTERN,
                "description": "Source data·inclusion : identifiants exportés `<source>--<id>`.",
                "x-error": "n'est pas une source : minuscules, chiffres et tirets (ctai-ma-ville)",
            },
            "site_url": {**URL, "description": "Adresse publique du site, une fois publié."},
            "presentation": _text("Qui propose ces services : une ou deux phrases pour l'accueil."),
            "contract": _object(
                {
                    "title": _text("Titre du contrat, tel que le site l'affiche.", 200),
                    "acronym": {
                        "type": "string",
                        "pattern": _ACRONYM,
                        "description": "Sigle du contrat : CTAI, PTAI…",
                        "x-error": "n'est pas un sigle (lettres et chiffres, 2 à 12)",
                    },
                    "years": _list(YEAR, "Années du contrat.", minItems=1),
                    "signatories": _list(_text("Un signataire.", 200), "Signataires."),
                    "description": _text("Ce que fait le contrat, en deux ou trois phrases."),
                    "axes": {
                        "type": "array",
                        "minItems": 1,
                        "description": "Axes (ou priorités) du contrat, dans l'ordre.",
                        "items": _object(
                            {
                                "number": {
                                    "type": "integer",
                                    "minimum": 1,
                                    "description": "Numéro de l'axe.",
                                },
                                "name": _text("Intitulé de l'axe.", 200),
                            },
                            "Un axe.",
                            required=("number", "name"),
                        ),
                    },
                    "articles": _object(
                        {
                            key: {"type": "integer", "minimum": 1, "description": text}
                            for key, text in (
                                ("refugies_info", "Article qui demande la fiche Réfugiés.info."),
                                ("report", "Article qui demande le bilan annuel."),
                            )
                        },
                        "Numéros des articles que les pages citent.",
                    ),
                },
                "Le contrat qui finance les actions (facultatif : un site peut lister toute "
                "l'offre locale).",
                required=("title", "years", "axes"),
            ),
            "freshness_months": {
                "type": "integer",
                "minimum": 1,
                "maximum": 36,
                "description": "Tous les combien de mois faire confirmer chaque fiche par sa "
                "structure (adresse, horaires, téléphone…) ; 6 par défaut.",
                "x-hint": "un nombre entier de mois, de 1 à 36, par exemple 6",
            },
            "legal": _object(
                {
                    "publisher": _entity("L'éditeur du site (la commune, l'association…)."),
                    "director": _text(
                        "Directeur ou directrice de la publication : nom et fonction.", 200
                    ),
                    "host": _entity("L'hébergeur du site (l'entreprise qui le sert)."),
                    "contact": {
                        **URL,
                        "description": "Où écrire à l'éditeur (accessibilité, données "
                        "personnelles) : mailto:… ou https://… (un formulaire).",
                    },
                    "accessibility": _object(
                        {
                            "date": {
                                **DATE,
                                "description": "Date de la déclaration d'accessibilité.",
                            },
                            "audit": _object(
                                {
                                    "date": {**DATE, "description": "Date de l'audit RGAA."},
                                    "rate": {
                                        "type": "number",
                                        "minimum": 0,
                                        "maximum": 100,
                                        "description": "Taux de conformité au RGAA 4.1 (%).",
                                    },
                                    "auditor": _text("Qui a fait l'audit.", 200),
                                },
                                "Le dernier audit RGAA du site (sans audit, le site est « non "
                                "conforme »).",
                                required=("date", "rate", "auditor"),
                            ),
                        },
                        "La déclaration d'accessibilité (RGAA 4.1).",
                    ),
                },
                "Ce que la page « Mentions légales » et la déclaration d'accessibilité disent "
                "(« à compléter » tant que c'est absent).",
            ),
            "glossary": {
                "type": "object",
                "description": "Sigles expliqués aux lecteurs : « CAF: Caisse d'allocations… ».",
                "propertyNames": {"pattern": _ACRONYM},
                "additionalProperties": _text("Explication du sigle, en une phrase.", 300),
            },
        },
        "Le territoire du site.",
        required=("name", "departements"),
    ),
}


@dataclass(frozen=True)
class Axis:
    number: int
    name: str


@dataclass(frozen=True)
class Contract:
    title: str
    years: tuple[int, ...]
    axes: tuple[Axis, ...]
    acronym: str | None = None
    signatories: tuple[str, ...] = ()
    description: str | None = None
    articles: tuple[tuple[str, int], ...] = ()

    def article(self, key: str) -> int | None:
        return dict(self.articles).get(key)

    @property
    def axis_numbers(self) -> tuple[int, ...]:
        return tuple(a.number for a in self.axes)


@dataclass(frozen=True)
class Entity:
    """Who publishes or hosts the site, as the legal notice names them."""

    name: str
    address: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Audit:
    date: str
    rate: float
    auditor: str


@dataclass(frozen=True)
class Legal:
    """The facts of the pages a public body's site must have (`legal:` in territory.yml); what
    is missing is printed « à compléter » and listed by `missing`."""

    publisher: Entity | None = None
    director: str | None = None
    host: Entity | None = None
    contact: str | None = None
    statement_date: str | None = None
    audit: Audit | None = None

    def missing(self) -> list[str]:
        """What a published site's legal notice still lacks: the keys of territory.yml."""
        wanted = (
            (self.publisher, "legal.publisher"),
            (self.publisher is None or self.publisher.address, "legal.publisher.address"),
            (self.director, "legal.director"),
            (self.host, "legal.host"),
            (self.host is None or self.host.address, "legal.host.address"),
            (self.contact, "legal.contact"),
            (self.statement_date, "legal.accessibility.date"),
        )
        return [name for value, name in wanted if not value]


@dataclass(frozen=True)
class Territory:
    name: str
    departements: tuple[str, ...]
    source: str
    site_url: str | None = None
    presentation: str | None = None
    contract: Contract | None = None
    glossary: tuple[tuple[str, str], ...] = ()
    freshness_months: int = DEFAULT_FRESHNESS_MONTHS
    legal: Legal = field(default_factory=Legal)
    file: str = FILE
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)

    def texts(self) -> dict[str, str]:
        """Translatable French texts, by key (`translations/<lang>/_territory.yml`)."""
        out = {"name": self.name}
        if self.presentation:
            out["presentation"] = self.presentation
        if self.contract is not None:
            out["contract.title"] = self.contract.title
            if self.contract.description:
                out["contract.description"] = self.contract.description
            out.update({f"contract.axes.{a.number}": a.name for a in self.contract.axes})
        out.update({f"glossary.{acronym}": text for acronym, text in self.glossary})
        return out

    @property
    def departement_labels(self) -> tuple[str, ...]:
        """`"40 - Landes"`: how Réfugiés.info's editor lists them."""
        return tuple(departements.label(code) for code in self.departements)


def publication_notes(territory: Territory, site_url: str | None = None) -> list[str]:
    """What a site about to be published still lacks, one French line each: the legal notice's
    facts (the pages print « à compléter »), and its address (`site_url` of territory.yml or
    of mkdocs.yml): without it the guides print no QR code and there is no sitemap.xml."""
    out = []
    missing = territory.legal.missing()
    if missing:
        out.append(
            f"{territory.file}: legal: à compléter avant de publier le site (mentions légales, "
            f"accessibilité) : {', '.join(missing)}"
        )
    if not (site_url or territory.site_url):
        out.append(
            f"{territory.file}: site_url: absent : les guides à imprimer n'ont pas de code QR "
            "(sans l'adresse du site, un code n'ouvrirait rien) et le site n'a pas de "
            "sitemap.xml ; ajoutez « site_url: https://… » dès que l'adresse est connue"
        )
    return out


def default_source(name: str) -> str:
    """« Ville-Test » -> `ctai-ville-test`."""
    ascii_name = name.encode("ascii", "ignore").decode() if name.isascii() else name
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "site"
    return f"ctai-{slug}"


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    import jsonschema

    return jsonschema.Draft202012Validator(TERRITORY)


@lru_cache(maxsize=1)
def _fast_validator() -> Any:
    """Rust's « valid? » (as for fiches: `messages.fast_validator`); the Python validator only
    explains a territory that fails."""
    return jsonschema_rs.validator_for(TERRITORY)


def _build(data: dict[str, Any], file: str, lines: dict[str, int]) -> Territory:
    contract = None
    if "contract" in data:
        c = data["contract"]
        contract = Contract(
            title=c["title"],
            years=tuple(c["years"]),
            axes=tuple(Axis(a["number"], a["name"]) for a in c["axes"]),
            acronym=c.get("acronym"),
            signatories=tuple(c.get("signatories", ())),
            description=c.get("description"),
            articles=tuple(sorted(c.get("articles", {}).items())),
        )
    return Territory(
        name=data["name"],
        departements=tuple(departements.normalise_code(d) for d in data["departements"]),
        source=data.get("source") or default_source(data["name"]),
        site_url=data.get("site_url"),
        presentation=data.get("presentation"),
        contract=contract,
        glossary=tuple(data.get("glossary", {}).items()),
        freshness_months=data.get("freshness_months", DEFAULT_FRESHNESS_MONTHS),
        legal=_legal(data.get("legal", {})),
        file=file,
        lines=lines,
    )


def _legal(data: dict[str, Any]) -> Legal:
    def entity(value: dict[str, Any] | None) -> Entity | None:
        return Entity(value["name"], value.get("address"), value.get("phone")) if value else None

    accessibility = data.get("accessibility", {})
    audit = accessibility.get("audit")
    return Legal(
        publisher=entity(data.get("publisher")),
        director=data.get("director"),
        host=entity(data.get("host")),
        contact=data.get("contact"),
        statement_date=accessibility.get("date"),
        audit=Audit(audit["date"], float(audit["rate"]), audit["auditor"]) if audit else None,
    )


def load_territory(path: Path, *, display_root: Path | None = None) -> Territory:
    """Read and check `territory.yml`; raise `FicheError` with every problem, French, at its
    line."""
    file = display_path(path, display_root)
    if not path.is_file():
        raise FicheError(
            [
                Problem(
                    file,
                    1,
                    "",
                    "fichier du territoire introuvable : créez-le (ctai-site init le fait, "
                    "voir ctai-site aide nouveau-territoire)",
                )
            ]
        )
    text, problems = read_text(path, file)
    if text is None:
        raise FicheError(problems)
    data, reader = read_yaml(text, file)
    if reader.problems:
        raise FicheError(reader.problems)
    if not isinstance(data, dict):
        raise FicheError([Problem(file, 1, "", "attendu des champs « clé: valeur »")])
    if not _fast_validator().is_valid(data):
        for error in _validator().iter_errors(data):
            for field_path, message in schema_problems(error, reader.written):
                reader.problem(field_path, message)
    axes = [
        a.get("number") for a in data.get("contract", {}).get("axes", ()) if isinstance(a, dict)
    ]
    for i, number in enumerate(axes):
        if number in axes[:i]:
            reader.problem(("contract", "axes", i, "number"), f"axe {number} déjà défini")
    for i, code in enumerate(data.get("departements", ())):
        if (
            isinstance(code, str)
            and departements.normalise_code(code) not in departements.DEPARTEMENTS
        ):
            reader.problem(("departements", i), f"« {code} » n'est pas un département connu")
    if reader.problems:
        raise FicheError(reader.problems)
    lines = {format_path(k): v for k, v in reader.lines.items() if k}
    return _build(data, file, lines)

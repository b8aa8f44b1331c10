"""Closed vocabularies of the fiche format, with the codes of Réfugiés.info and data·inclusion.

Réfugiés.info codes come from refugies-info/karfur, `packages/api-types/src/generics.ts`
(`Metadatas`, `publicStatusType`, `conditionType`, ...). data·inclusion codes come from the
official `data-inclusion-schema` package, through a snapshot (`data_inclusion_codes.py`, written
by `make schema`; a test fails when the installed package says otherwise): importing the package
costs `ctai-site validate` a tenth of a second of pydantic models.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctai_site.fiche import data_inclusion_codes as di

# --- Languages (DOMAIN.md §3) -------------------------------------------------------------


@dataclass(frozen=True)
class Language:
    code: str
    rtl: bool


LANGUAGES: tuple[Language, ...] = (
    Language("fr", False),
    Language("en", False),
    Language("ar", True),
    Language("fa", True),
    Language("ps", True),
    Language("ti", False),
    Language("ru", False),
    Language("uk", False),
)
LANGUAGE_CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
SOURCE_LANGUAGE = "fr"
# Kinds of integration contract whose acronym the interface explains (glossary.CTAI): a site
# explains only its own contract's (territory.yml's `contract.acronym`), none without one.
CONTRACT_ACRONYMS = ("CTAI",)
RTL_LANGUAGES = frozenset(lang.code for lang in LANGUAGES if lang.rtl)

# --- Identity -------------------------------------------------------------------------------

KINDS = ("service", "project")
STATUSES = ("active", "paused", "archived")

# --- Contract -------------------------------------------------------------------------------

CONTRACT_PUBLICS = ("EPA", "BPI", "BPT")

# --- Themes: Réfugiés.info's ten, keyed by their English short name ---------------------------
#
# From refugies-info/karfur, branch dev @ e5ef018 (2024-10-24); the themes live in its database,
# so each fact comes from the file that sets or mirrors it:
# - `refugies_info_id`: the theme's ObjectId, migrations/1725277837812_ThemeAddImages.ts
#   (`imageNameMap`, last changed 07205ff5c), the ten themes of the 2024 redesign;
# - `name_fr`: the label the same migration writes next to each id (the comments of
#   `imageNameMap`, repeated in migrations/1724679986699_ThemesUpdateMainColor.ts, 3acaf1f75);
# - `short_fr`: `short.fr`, what the editor's theme picker shows (ThemeSelectButton.tsx reads
#   `theme.short.fr`): apps/mobile/src/jest/__fixtures__/themes.ts (07205ff5c), except « Formation »
#   and « Travail », renamed by migrations/1724681728662_ThemesUpdateShortNames.ts (3acaf1f75).
# Leisure: ...99615's short name lives in the platform's database only; karfur's code names the
# theme « Activités et culture » (the comments of ThemeAddImages, 07205ff5c, and of
# ThemesUpdateMainColor, 3acaf1f75: the latest migrations that touch the themes) and never
# « Loisir », which its fixtures give to other ids (apps/mobile/src/jest/__fixtures__/themes.ts:
# ...99614 « occuper mon temps libre », which the redesign dropped; apps/client/src/__fixtures__/
# activeThemes.ts: 6319f6b363ab2bbb162d7dff). So its `short_fr` is its name.


@dataclass(frozen=True)
class Theme:
    key: str
    name_fr: str
    short_fr: str
    refugies_info_id: str
    icon: str  # Material icon name, shipped with mkdocs-material (no CDN)
    thematiques: tuple[str, ...]  # data·inclusion default
    service_type: str  # data·inclusion default `type`


THEMES: tuple[Theme, ...] = (
    Theme(
        "admin",
        "Faire mes papiers",
        "Administratif",
        "63286a015d31b2c0cad9960b",
        "material/file-document-outline",
        (
            "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        ),
        "accompagnement",
    ),
    Theme(
        "french",
        "Apprendre le français",
        "Français",
        "63286a015d31b2c0cad9960a",
        "material/forum-outline",
        ("lecture-ecriture-calcul--maitriser-le-francais",),
        "formation",
    ),
    Theme(
        "housing",
        "Trouver un logement",
        "Logement",
        "63286a015d31b2c0cad9960c",
        "material/home-outline",
        ("logement-hebergement--sinformer-sur-les-demarches-liees-a-lacces-au-logement",),
        "information",
    ),
    Theme(
        "health",
        "Santé",
        "Santé",
        "63286a015d31b2c0cad9960f",
        "material/medical-bag",
        ("sante--acces-aux-soins",),
        "accompagnement",
    ),
    Theme(
        "training",
        "Apprendre un métier",
        "Formation",  # ThemesUpdateShortNames (was « Formation pro »)
        "63286a015d31b2c0cad99610",
        "material/school-outline",
        ("se-former--trouver-sa-formation",),
        "formation",
    ),
    Theme(
        "work",
        "Trouver un travail",
        "Travail",  # ThemesUpdateShortNames (was « Insertion pro »)
        "63286a015d31b2c0cad9960e",
        "material/briefcase-outline",
        ("trouver-un-emploi--repondre-a-des-offres-demploi",),
        "accompagnement",
    ),
    Theme(
        "mobility",
        "Transports",
        "Mobilité",
        "63286a015d31b2c0cad9960d",
        "material/car",
        ("mobilite--etre-accompagne-dans-son-parcours-mobilite",),
        "accompagnement",
    ),
    Theme(
        "family",
        "Famille",
        "Famille",
        "63450dd43e23cd7181ba0b26",
        "material/human-male-female-child",
        ("famille--soutien-a-la-parentalite-et-a-leducation",),
        "accompagnement",
    ),
    Theme(
        "studies",
        "Faire des études",
        "Études",
        "63286a015d31b2c0cad99611",
        "material/book-open-variant",
        ("se-former--trouver-sa-formation",),
        "information",
    ),
    Theme(
        "leisure",
        "Activités et culture",
        "Activités et culture",  # see « Leisure » above
        "63286a015d31b2c0cad99615",
        "material/palette-outline",
        ("remobilisation--activites-sportives-et-culturelles",),
        "atelier",
    ),
)
THEME_KEYS: tuple[str, ...] = tuple(t.key for t in THEMES)
THEMES_BY_KEY = {t.key: t for t in THEMES}

# --- Audience (Réfugiés.info infocards) ----------------------------------------------------------

PUBLIC_STATUSES = ("asile", "refugie", "subsidiaire", "temporaire", "apatride", "french")
# The contract's publics expanded to Réfugiés.info's codes. Asylum seekers (`asile`) are not EPA
# under the contract (preamble: « Ne sont pas des primo-arrivants : ... les demandeurs d'asile »).
PUBLIC_SHORTCUTS: dict[str, tuple[str, ...]] = {
    "BPI": ("refugie", "subsidiaire", "apatride"),
    "BPT": ("temporaire",),
    "EPA": ("refugie", "subsidiaire", "apatride", "temporaire"),
}
SPECIFIC_PUBLICS = ("family", "women", "youths", "senior", "gender")
FRENCH_LEVELS = ("alpha", "A1", "A2", "B1", "B2", "C1", "C2")

# --- Practicalities ---------------------------------------------------------------------------

# Our key -> Réfugiés.info `conditionType` code (the editor's seven conditions).
CONDITIONS: dict[str, str] = {
    "ofpra_birth_certificate": "acte naissance",
    "residence_permit": "titre sejour",
    "cir_signed": "cir",
    "bank_account": "bank account",
    "france_travail": "pole emploi",
    "driving_licence": "driver license",
    "high_school_level": "school",
}
PRICE_PERIODS = (
    "once",
    "eachTime",
    "hour",
    "day",
    "week",
    "month",
    "trimester",
    "semester",
    "year",
)
TIME_UNITS = (
    "sessions",
    "hours",
    "half-days",
    "days",
    "weeks",
    "months",
    "trimesters",
    "semesters",
    "years",
)
FREQUENCY_PERIODS = ("session", "day", "week", "month", "trimester", "semester", "year")
AMOUNT_DETAILS = ("minimum", "maximum", "approximately", "exactly", "between")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
OSM_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")

# Who may use the service (data·inclusion `mobilisable_par`) and how (`modes_mobilisation`).
MOBILISERS: tuple[str, ...] = di.MOBILISERS
MOBILISATION_MODES: tuple[str, ...] = di.MOBILISATION_MODES
RECEPTION_MODES = ("en-presentiel", "a-distance")

# --- data·inclusion vocabularies, straight from the official package ------------------------

DI_THEMATIQUES: tuple[str, ...] = di.THEMATIQUES
DI_TYPES: tuple[str, ...] = di.TYPES
DI_NETWORKS: tuple[str, ...] = di.NETWORKS

COORDINATE_PRECISIONS = ("exact", "approximate")
# Who wrote coordinates: `ban`, `ctai-site geocode` (Base adresse nationale); absent, a person.
COORDINATE_SOURCES = ("ban",)

# Metropolitan France and overseas départements, as (south, west, north, east) boxes.
FRANCE_BOXES: tuple[tuple[float, float, float, float], ...] = (
    (41.3, -5.3, 51.2, 9.7),  # metropolitan France and Corsica
    (15.8, -61.9, 16.6, -60.9),  # Guadeloupe
    (14.3, -61.3, 14.9, -60.8),  # Martinique
    (2.1, -54.7, 5.8, -51.6),  # Guyane
    (-21.4, 55.2, -20.8, 55.9),  # La Réunion
    (-13.1, 44.9, -12.6, 45.4),  # Mayotte
)

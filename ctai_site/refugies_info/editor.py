"""What Réfugiés.info's editor expects: the request's keys, its infocards and their words,
the limits and the acronyms its editorial charter wants explained."""

from __future__ import annotations

import re
from pathlib import Path

from ctai_site.fiche import departements, labels
from ctai_site.fiche.model import Area

PACKAGE_DIR = Path(__file__).parent
ASSETS_DIR = PACKAGE_DIR / "assets"
DRAFTS_DIR = "refugies-info"  # pages (under the generated folder) and JSON (under site_dir)

# The keys of Réfugiés.info's `CreateDispositifRequest`, in its order (refugies-info/karfur @
# e5ef018, packages/api-types/src/modules/dispositif.ts: `DispositifRequest` + `typeContenu`).
# Its API refuses any other key (apps/server/tsoa.json: "throw-on-extras").
REFUGIES_INFO_KEYS = (
    "typeContenu",
    "titreInformatif",
    "titreMarque",
    "abstract",
    "what",
    "why",
    "how",
    "next",
    "mainSponsor",
    "contact",
    "theme",
    "secondaryThemes",
    "sponsors",
    "administration",
    "metadatas",
    "map",
)
# Our own keys, in `<id>.checklist.json` beside the request.
CHECKLIST_KEYS = ("id", "structure", "missing", "advice")

# Fiche infocard -> `Metadatas` key, in the editor's order.
METADATA_KEYS: dict[str, str] = {
    "audience.public_status": "publicStatus",
    "audience.french_level": "frenchLevel",
    "audience.age": "age",
    "audience.specific_public": "public",
    "practicalities.price": "price",
    "practicalities.commitment": "commitment",
    "practicalities.frequency": "frequency",
    "practicalities.days": "timeSlots",
    "practicalities.conditions": "conditions",
    "practicalities.area": "location",
}
# Cards whose modal has no « Ce n'est pas pertinent pour mon action »: the public step requires
# a status (Modals/ModalPublic/ModalPublic.tsx), the location is "france", "online" or
# départements (Modals/ModalLocation/ModalLocation.tsx; generics.ts `locationType`).
NEVER_NULL = frozenset({"publicStatus", "location"})
WHY_MIN = 3
HOW_MIN = 1
# The statuses the public step's « Primo-arrivants » box ticks at once, and shows ticked only
# when all are: asylum seekers with the refugees (refugies-info/karfur @ e5ef018,
# Modals/ModalPublic/ModalPublic.tsx lines 163-176; functions.ts lines 17-37,
# `includeAllRefugees`, `addAllRefugeeTypes`). The contract's primo-arrivants are the others.
PRIMO_ARRIVANTS_BOX = ("asile", "refugie", "subsidiaire", "apatride", "temporaire")
SENTENCE_MAX_WORDS = 15

# --- The editor's words ---------------------------------------------------------------------

INFOCARD_LABELS = {key: labels.INFOCARDS[field] for field, key in METADATA_KEYS.items()}
NOT_RELEVANT_FR = labels.EDITOR_NOT_RELEVANT
# Infocards that list codes, with the labels of those codes: the editor's own words (the carrier
# ticks the box that reads the same; sources in `labels`).
LIST_LABELS: dict[str, dict[str, str]] = {
    "publicStatus": labels.EDITOR_PUBLIC_STATUSES,
    "frenchLevel": labels.EDITOR_FRENCH_LEVELS,
    "public": labels.EDITOR_SPECIFIC_PUBLICS,
    "conditions": labels.EDITOR_CONDITIONS,
}

# Acronyms newcomers meet (DOMAIN.md §7) and the words that explain them. An acronym counts as
# explained where it is followed by a parenthesis, or where one of these words stands close to
# its first use (« permanence d'accès aux soins (PAS) », « Le LAEP est un lieu d'accueil
# enfants-parents »).
GLOSSARY: dict[str, tuple[str, ...]] = {
    "EPA": ("primo-arrivant",),
    "BPI": ("protection internationale",),
    "BPT": ("protection temporaire",),
    "PAS": ("permanence d'accès aux soins",),
    "PASS": ("permanence d'accès aux soins",),
    "LAEP": ("lieu d'accueil enfants-parents", "lieu d'accueil enfant-parent"),
    "FLE": ("français langue étrangère",),
    "OFII": ("office français de l'immigration",),
    "CIR": ("contrat d'intégration républicaine",),
    "CADA": ("centre d'accueil de demandeurs d'asile", "centre d'accueil pour demandeurs d'asile"),
    "HUDA": ("hébergement d'urgence",),
    "IML": ("intermédiation locative",),
    "SIAO": ("service intégré d'accueil et d'orientation",),
    "CAF": ("caisse d'allocations familiales",),
    "CPAM": ("caisse primaire d'assurance maladie", "assurance maladie"),
    "AGIR": ("accompagnement global et individualisé",),
    "DDETSPP": ("direction départementale",),
    "CCAS": ("centre communal d'action sociale",),
}
EXPLAINED_WITHIN = 160  # characters around the first use (about two sentences)

# First words that end like an infinitive but are not verbs.
NOT_VERBS_WORDS = (
    "atelier ateliers autre autres cadre centre centres chambre contre dernier dossier "
    "entre foyer lettre libre livre loisir loisirs loyer maître membre métier notre "
    "offre ordre papier papiers plaisir premier quartier soir titre votre avenir espoir"
)
NOT_VERBS = frozenset(NOT_VERBS_WORDS.split())
INFINITIVE_ENDINGS = ("er", "ir", "re")  # -oir ends in -ir
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
WORD = re.compile(r"\w", re.UNICODE)
CONTACT_PATTERN = re.compile(
    r"\]\((?:https?://|mailto:|tel:)"  # a link
    r"|https?://\S+"  # a bare address
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"  # an e-mail
    r"|(?:\+33|0)\s?[1-9](?:[\s.-]?\d{2}){4}",  # a French phone number
)


def location_labels(area: Area) -> tuple[list[str], list[str]]:
    """`"40 - Landes"` labels of the départements served (communes give theirs), and the
    codes that are no known département."""
    codes = list(area.departements) + [departements.of_commune(c) for c in area.communes]
    names: list[str] = []
    unknown: list[str] = []
    for code in dict.fromkeys(departements.normalise_code(c) for c in codes):
        if code in departements.DEPARTEMENTS:
            names.append(departements.label(code))
        else:
            unknown.append(code)
    return names, unknown

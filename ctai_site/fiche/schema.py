"""The JSON Schema of a fiche: one description for the validator, `ctai-site schema` and VS Code.

Descriptions are in French: carriers read them as hover help in their editor. `x-error` is our
own annotation (JSON Schema ignores unknown keywords): the French message shown when a value
breaks a pattern or a vocabulary, e.g. « n'est pas un niveau connu ». `x-hint` is the message
for a number of the wrong type or out of bounds, saying how to fix it.

Long on purpose: it is the whole format, read top to bottom like `docs/format.md`; one part per
section of a fiche keeps each key next to its French help.
"""

from __future__ import annotations

from typing import Any

from ctai_site.fiche import versions, vocab

NOT_RELEVANT = "not_relevant"
SUMMARY_MAX = 110
TEXT_MAX = 10_000

Schema = dict[str, Any]


def _text(description: str, max_length: int = TEXT_MAX, **extra: Any) -> Schema:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": max_length,
        "description": description,
        **extra,
    }


def _enum(values: tuple[Any, ...] | list[Any], description: str, error: str) -> Schema:
    return {"enum": list(values), "description": description, "x-error": error}


def _list(items: Schema, description: str, **extra: Any) -> Schema:
    return {
        "type": "array",
        "items": items,
        "uniqueItems": True,
        "description": description,
        **extra,
    }


def _object(
    properties: dict[str, Schema], description: str, required: tuple[str, ...] = ()
) -> Schema:
    schema: Schema = {
        "type": "object",
        "description": description,
        "additionalProperties": False,
        "properties": properties,
    }
    if required:
        schema["required"] = list(required)
    return schema


def _or_not_relevant(schema: Schema, *, services: bool = True) -> Schema:
    """An infocard: answered, or explicitly « non concerné » (Réfugiés.info stores null).
    `services=False`: Réfugiés.info's editor has no such answer for this card, so only a
    project may say it (the loader refuses it for a service)."""
    when = (
        "si cette information ne concerne pas l'action"
        if services
        else "pour un projet seulement (Réfugiés.info n'a pas cette réponse pour un service)"
    )
    return {
        "description": schema["description"] + f" Mettre « {NOT_RELEVANT} » {when}.",
        "anyOf": [schema, {"const": NOT_RELEVANT}],
    }


URL = {
    "type": "string",
    "pattern": r"^(https?://[^\s/$.?#][^\s]*|mailto:[^\s]+|tel:\+?[0-9 .-]+)$",
    "x-error": "n'est pas un lien accepté (http://, https://, mailto: ou tel:)",
    "description": "Lien complet, commençant par https://, mailto: ou tel:.",
}
DATE = {
    "type": "string",
    "format": "date",
    "pattern": r"^\d{4}-\d{2}-\d{2}$",
    "x-error": "n'est pas une date AAAA-MM-JJ",
    "description": "Date au format AAAA-MM-JJ, par exemple 2024-10-17.",
}
YEAR = {
    "type": "integer",
    "minimum": 2000,
    "maximum": 2100,
    "description": "Année, par exemple 2024.",
}
COUNT = {"type": "integer", "minimum": 0, "description": "Nombre (entier) : personnes, heures…"}
TIME = {
    "type": "string",
    "pattern": r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$",
    "x-error": "n'est pas une heure HH:MM",
    "description": "Heure, par exemple 09:30.",
}

_CONTRACT_PUBLIC = _enum(
    vocab.CONTRACT_PUBLICS,
    "Public du contrat : EPA, BPI ou BPT.",
    "n'est pas un public du contrat (EPA, BPI, BPT)",
)


AMOUNT_TYPE_ERROR = (
    "n'est pas un montant : écrivez un nombre, par exemple 12000.50 "
    "(un point pour les centimes, sans espace ni €)"
)


# Money in euros: a number, cents after a point (12000.50). Never negative: an overspend shows
# in the computed reliquat (granted - spent), which is never typed.
def _euros(description: str) -> Schema:
    return {
        "type": "number",
        "minimum": 0,
        "description": description + " En euros, centimes après un point : 12000.50.",
        "x-error": "est négatif : écrivez un montant en euros, 0 ou plus (le reliquat est calculé)",
        "x-type-error": AMOUNT_TYPE_ERROR,
    }


_TARGET = {
    "description": "Un objectif : une phrase (objectif qualitatif), ou un nombre et son unité.",
    "anyOf": [
        _text("Objectif qualitatif, en une phrase."),
        _object(
            {
                "indicator": _text("Ce qui est compté, par exemple « Personnes accompagnées »."),
                "number": {**COUNT, "description": "Nombre visé (entier)."},
                "unit": _text("Unité : personnes, heures, réunions…", 50),
                "publics": _list(_CONTRACT_PUBLIC, "Publics visés."),
            },
            "Un objectif chiffré.",
            required=("indicator", "number"),
        ),
    ],
}

_RESULT = _object(
    {
        "indicator": _text("Ce qui est compté."),
        "total": {**COUNT, "description": "Nombre atteint (entier), tous publics."},
        "unit": _text("Unité : personnes, heures, réunions…", 50),
        "by_public": _object(
            {p: COUNT for p in vocab.CONTRACT_PUBLICS},
            "Dont, par public du contrat : EPA, BPI, BPT. Les BPI et les BPT sont aussi des "
            "EPA : ne les additionnez pas ; chaque nombre est au plus le total.",
        ),
        "note": _text("Précision sur ce chiffre."),
    },
    "Un résultat.",
    required=("indicator", "total"),
)

_FUNDING = _object(
    {
        "funder": _text("Financeur, par exemple « État (programme 104, CTAI) »."),
        "granted": _euros("Montant accordé pour l'année."),
        "spent": _euros("Montant effectivement dépensé dans l'année."),
        "note": _text("Ce que finance ce montant."),
    },
    "Financement de l'année ; le reliquat (accordé moins dépensé) est calculé.",
)

REPORT = _object(
    {
        "year": YEAR,
        "targets": {
            "type": "array",
            "items": _TARGET,
            "description": "Objectifs de l'année fixés par le contrat.",
        },
        "results": {
            "type": "array",
            "items": _RESULT,
            "description": "Résultats atteints dans l'année.",
        },
        "funding": _FUNDING,
        "comment": _text("Bilan qualitatif de l'année, en quelques phrases."),
    },
    "Le bilan d'une année (article 8 du contrat) : objectifs, résultats, montants, commentaire.",
    required=("year",),
)

_MOVED = (
    "clé remplacée par « reports » : objectifs, résultats et financements s'écrivent "
    "maintenant par année : lancez « ctai-site migrate » (ctai-site aide format, section 5)"
)

CONTRACT = _object(
    {
        "axis": {
            "type": "integer",
            "minimum": 1,
            "description": "Numéro de l'axe du contrat (les axes sont dans territory.yml).",
        },
        "years": _list(YEAR, "Années du contrat où l'action est financée.", minItems=1),
        "new_in": {**YEAR, "description": "Année où l'action est apparue comme nouvelle action."},
        "reports": {
            "type": "array",
            "items": REPORT,
            "description": "Bilans annuels, une entrée par année.",
        },
    },
    "Ce que dit le contrat de cette action.",
    required=("axis", "years"),
)
# Keys of the first format, named in the error so that an old fiche says what to do.
CONTRACT["x-moved"] = {key: _MOVED for key in ("targets", "results", "funding")}

# A structure's logo: the formats Réfugiés.info's editor names (refugies-info/karfur @ e5ef018,
# Edition/Modals/components/SponsorForm/SponsorForm.tsx line 46); `logos.read_logo` checks the
# file itself.
LOGO_PATTERN = r"\.([pP][nN][gG]|[jJ][pP][eE]?[gG]|[sS][vV][gG])$"

CARRIER = _object(
    {
        "name": _text("Nom de la structure qui porte l'action.", 150),
        "acronym": _text("Sigle, par exemple CCAS.", 30),
        "website": {
            **URL,
            "description": "Site internet de la structure, https://… ; Réfugiés.info "
            "l'exige pour créer une structure qui n'y est pas encore.",
        },
        "refugies_info": _text(
            "Nom exact de la structure sur Réfugiés.info, si elle y est déjà (cherchez-la "
            "dans l'annuaire du site) : le brouillon dit de la choisir sous ce nom. Sans ce "
            "nom, la structure est à créer : website et logo sont alors demandés.",
            150,
        ),
        "logo": {
            "type": "string",
            "minLength": 1,
            "maxLength": 255,
            "pattern": LOGO_PATTERN,
            "x-error": "n'est pas un logo que Réfugiés.info accepte : un fichier .png, .jpeg, "
            ".jpg ou .svg",
            "description": "Logo de la structure, pour la créer sur Réfugiés.info : un fichier "
            ".png, .jpeg ou .svg, écrit depuis le dossier de la fiche (logos/ma-structure.png "
            "pour actions/logos/ma-structure.png).",
        },
        "siret": {
            "type": "string",
            "pattern": r"^\d{14}$",
            "x-error": "n'est pas un SIRET (14 chiffres)",
            "description": "SIRET de la structure, 14 chiffres.",
        },
        "networks": _list(
            _enum(
                vocab.DI_NETWORKS,
                "Réseau porteur data·inclusion.",
                "n'est pas un réseau porteur data·inclusion connu",
            ),
            "Réseaux porteurs (data·inclusion `reseaux_porteurs`), par exemple ccas-cias.",
        ),
    },
    "Structure porteuse (structure responsable sur Réfugiés.info).",
    required=("name",),
)

PARTNERS = {
    "type": "array",
    "description": "Partenaires de l'action.",
    "items": _object(
        {
            "name": _text("Nom du partenaire.", 150),
            "role": _text("Son rôle dans l'action."),
            "website": URL,
        },
        "Un partenaire.",
        required=("name",),
    ),
}

_SECTION_ITEM = _object(
    {"title": _text("Titre court de l'élément.", 200), "text": _text("Texte (Markdown léger).")},
    "Un élément : un titre et un texte.",
    required=("title", "text"),
)

CONTENT = _object(
    {
        "title": _text(
            "Titre informatif : commence par un verbe à l'infinitif (« Apprendre le français »).",
            200,
        ),
        "brand": _text(
            "Titre marque : nom de l'action ou de la structure (affiché après « Avec »).", 200
        ),
        "summary": _text(f"Résumé en une phrase, {SUMMARY_MAX} caractères au plus.", SUMMARY_MAX),
        "what": _text("« C'est quoi ? » : quelques phrases simples (Markdown léger)."),
        "why": {
            "type": "array",
            "items": _SECTION_ITEM,
            "description": "« Pourquoi c'est intéressant ? » : au moins 3 arguments.",
        },
        "how": {
            "type": "array",
            "items": _SECTION_ITEM,
            "description": "« Comment faire ? » : au moins 1 étape, avec un contact.",
        },
    },
    "Textes de la fiche, en français simple.",
    required=("title", "summary", "what"),
)

THEMES = _object(
    {
        "main": _enum(
            vocab.THEME_KEYS,
            "Thème principal (Réfugiés.info).",
            "n'est pas un thème connu (" + ", ".join(vocab.THEME_KEYS) + ")",
        ),
        "secondary": _list(
            _enum(
                vocab.THEME_KEYS,
                "Thème secondaire.",
                "n'est pas un thème connu (" + ", ".join(vocab.THEME_KEYS) + ")",
            ),
            "Au plus 2 thèmes secondaires.",
            maxItems=2,
        ),
        "thematiques": _list(
            _enum(
                vocab.DI_THEMATIQUES,
                "Thématique data·inclusion.",
                "n'est pas une thématique data·inclusion connue",
            ),
            "Thématiques data·inclusion (par défaut, déduites du thème principal).",
        ),
        "types": _list(
            _enum(
                vocab.DI_TYPES,
                "Type de service data·inclusion.",
                "n'est pas un type de service data·inclusion (" + ", ".join(vocab.DI_TYPES) + ")",
            ),
            "Types data·inclusion (par défaut, déduit du thème principal).",
        ),
    },
    "Thèmes.",
    required=("main",),
)

_PUBLIC_STATUS = _enum(
    vocab.PUBLIC_STATUSES + tuple(vocab.PUBLIC_SHORTCUTS),
    "Statut : EPA, BPI, BPT, ou un code Réfugiés.info "
    "(asile, refugie, subsidiaire, temporaire, apatride, french).",
    "n'est pas un statut connu (EPA, BPI, BPT, asile, refugie, subsidiaire, "
    "temporaire, apatride, french)",
)
# Réfugiés.info's editor takes whole ages, at least 1 (refugies-info/karfur @ e5ef018,
# Edition/Modals/ModalPublic/ModalPublic.tsx: `parseInt`, and `validateAge` refuses 0).
_AGE_HINT = "un âge est un nombre entier de 1 à 120 (Réfugiés.info ne prend ni 0 ni décimale)"
AUDIENCE = _object(
    {
        "public_status": _or_not_relevant(
            _list(_PUBLIC_STATUS, "Statuts des personnes accueillies.", minItems=1),
            services=False,
        ),
        "specific_public": _or_not_relevant(
            _list(
                _enum(
                    vocab.SPECIFIC_PUBLICS,
                    "Public spécifique.",
                    "n'est pas un public spécifique connu ("
                    + ", ".join(vocab.SPECIFIC_PUBLICS)
                    + ")",
                ),
                "Publics spécifiques : family, women, youths, senior, gender.",
                minItems=1,
            )
        ),
        "french_level": _or_not_relevant(
            _list(
                _enum(
                    vocab.FRENCH_LEVELS,
                    "Niveau de français.",
                    "n'est pas un niveau connu (alpha, A1 … C2)",
                ),
                "Niveaux de français acceptés : alpha, A1, A2, B1, B2, C1, C2.",
                minItems=1,
            )
        ),
        "age": _or_not_relevant(
            _object(
                {
                    "min": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 120,
                        "description": "Âge minimum (entier, 1 au moins).",
                        "x-hint": f"{_AGE_HINT} ; sans âge minimum, enlevez min",
                    },
                    "max": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 120,
                        "description": "Âge maximum (entier, 1 au moins).",
                        "x-hint": f"{_AGE_HINT} ; sans âge maximum, enlevez max",
                    },
                },
                "Âge : min, max, ou les deux.",
            )
        ),
        "precisions": _text("Précisions sur le public, en une ou deux phrases."),
    },
    "Pour qui ? (cartes d'information de Réfugiés.info)",
)

_AMOUNT = {"type": "number", "minimum": 0, "description": "Montant ou durée."}
# Réfugiés.info's editor reads a total duration with `parseInt` (refugies-info/karfur @ e5ef018,
# Edition/Modals/ModalAvailability/functions.ts `getInputValues`): whole numbers only.
_WHOLE_DURATION = {
    "type": "integer",
    "minimum": 1,
    "description": "Durée : un nombre entier.",
    "x-hint": "une durée d'engagement est un nombre entier, 1 au moins (Réfugiés.info ne prend "
    "pas de décimale) : arrondissez, ou changez d'unité (6 weeks au lieu de 1.5 months)",
}
PRACTICALITIES = _object(
    {
        "conditions": _or_not_relevant(
            _list(
                _enum(
                    tuple(vocab.CONDITIONS),
                    "Condition Réfugiés.info.",
                    "n'est pas une condition Réfugiés.info (" + ", ".join(vocab.CONDITIONS) + ")",
                ),
                "Conditions parmi les 7 de Réfugiés.info.",
                minItems=1,
            )
        ),
        "conditions_text": _text("Autres conditions, en clair."),
        "price": _or_not_relevant(
            _object(
                {
                    "free": {"type": "boolean", "description": "true si c'est gratuit."},
                    "pay_what_you_can": {"type": "boolean", "description": "true si prix libre."},
                    "amount": {**_AMOUNT, "description": "Prix fixe en euros."},
                    "min": {**_AMOUNT, "description": "Prix minimum en euros."},
                    "max": {**_AMOUNT, "description": "Prix maximum en euros."},
                    "per": _enum(
                        vocab.PRICE_PERIODS,
                        "Prix par : " + ", ".join(vocab.PRICE_PERIODS) + ".",
                        "n'est pas une période de prix connue",
                    ),
                },
                "Prix : free: true, ou amount (ou min et max) avec per ; en euros, un chiffre "
                "après la virgule au plus (12.5).",
            )
        ),
        "commitment": _or_not_relevant(
            _object(
                {
                    "amount": _WHOLE_DURATION,
                    "max": {
                        **_WHOLE_DURATION,
                        "description": "Durée maximum (avec details: between), nombre entier.",
                    },
                    "unit": _enum(
                        vocab.TIME_UNITS,
                        "Unité.",
                        "n'est pas une unité de durée connue (" + ", ".join(vocab.TIME_UNITS) + ")",
                    ),
                    "details": _enum(
                        vocab.AMOUNT_DETAILS,
                        "minimum, maximum, approximately, exactly, between.",
                        "n'est pas une précision connue",
                    ),
                },
                "Durée d'engagement totale, par exemple 3 months.",
                required=("amount", "unit"),
            )
        ),
        "frequency": _or_not_relevant(
            _object(
                {
                    "amount": _AMOUNT,
                    "unit": _enum(
                        vocab.TIME_UNITS,
                        "Unité.",
                        "n'est pas une unité de durée connue (" + ", ".join(vocab.TIME_UNITS) + ")",
                    ),
                    "per": _enum(
                        vocab.FREQUENCY_PERIODS,
                        "Par : " + ", ".join(vocab.FREQUENCY_PERIODS) + ".",
                        "n'est pas une période connue",
                    ),
                    "details": _enum(
                        vocab.AMOUNT_DETAILS[:-1],
                        "minimum, maximum, approximately, exactly.",
                        "n'est pas une précision connue",
                    ),
                },
                "Fréquence, par exemple 2 sessions par month.",
                required=("amount", "unit", "per"),
            )
        ),
        "days": _or_not_relevant(
            _list(
                _enum(vocab.DAYS, "Jour.", "n'est pas un jour connu (monday … sunday)"),
                "Jours de présence.",
                minItems=1,
            )
        ),
        "access": _object(
            {
                "by": _list(
                    _enum(
                        vocab.MOBILISERS,
                        "usagers ou professionnels.",
                        "n'est pas une valeur connue (usagers, professionnels)",
                    ),
                    "Qui peut demander : la personne (usagers), un professionnel, ou les deux.",
                ),
                "modes": _list(
                    _enum(
                        vocab.MOBILISATION_MODES,
                        "Comment.",
                        "n'est pas un mode connu (" + ", ".join(vocab.MOBILISATION_MODES) + ")",
                    ),
                    "Comment : se-presenter, telephoner, envoyer-un-courriel, "
                    "utiliser-lien-mobilisation.",
                ),
                "reception": _list(
                    _enum(
                        vocab.RECEPTION_MODES,
                        "Accueil.",
                        "n'est pas un mode d'accueil connu (en-presentiel, a-distance)",
                    ),
                    "Accueil sur place (en-presentiel) ou à distance (a-distance).",
                ),
                "referral": _text("Pour les professionnels : comment orienter quelqu'un."),
                "link": URL,
            },
            "Qui peut y aller, et comment.",
        ),
        "languages": _list(
            {
                "type": "string",
                "pattern": r"^[a-z]{2,3}$",
                "x-error": "n'est pas un code de langue ISO 639 (fr, ar, uk…)",
                "description": "Code de langue, par exemple fr, ar, uk.",
            },
            "Langues parlées sur place (codes ISO 639).",
        ),
        "area": _or_not_relevant(
            _object(
                {
                    "departements": _list(
                        {
                            "type": "string",
                            "pattern": r"^(\d{2}|2[AB]|9[78]\d)$",
                            "x-error": "n'est pas un code de département (40, 2A, 974…)",
                            "description": "Code du département, par exemple 40.",
                        },
                        "Départements servis.",
                    ),
                    "communes": _list(
                        {
                            "type": "string",
                            "pattern": r"^(\d{5}|2[AB]\d{3})$",
                            "x-error": "n'est pas un code INSEE de commune (5 caractères)",
                            "description": "Code INSEE, par exemple 03310 pour Vichy.",
                        },
                        "Communes servies (codes INSEE).",
                    ),
                    "description": _text(
                        "Zone servie, en clair (par exemple « Vichy et les communes voisines »)."
                    ),
                    "online": {
                        "type": "boolean",
                        "description": "true si l'action se fait en ligne.",
                    },
                    "national": {
                        "type": "boolean",
                        "description": "true si l'action est ouverte dans toute la France "
                        "(« France entière » sur Réfugiés.info).",
                    },
                },
                "Zone servie (localisation sur Réfugiés.info, zone d'éligibilité data·inclusion) : "
                "departements ou communes, national: true, ou online: true.",
            ),
            services=False,
        ),
        "capacity": {**COUNT, "description": "Nombre de places, si connu."},
    },
    "Informations pratiques.",
)

_OPENING_RULE = _object(
    {
        "days": _list(
            _enum(vocab.DAYS, "Jour.", "n'est pas un jour connu (monday … sunday)"),
            "Jours.",
            minItems=1,
        ),
        "opens": TIME,
        "closes": TIME,
        "weeks_of_month": _list(
            {
                "enum": [1, 2, 3, 4, 5, -1],
                "x-error": "n'est pas une semaine du mois (1 à 5, ou -1 pour la dernière)",
                "description": "Semaine du mois (1 à 5, -1 = la dernière).",
            },
            "Semaines du mois, par exemple [1, 3] = 1re et 3e semaines.",
        ),
    },
    "Une règle d'ouverture.",
    required=("days", "opens", "closes"),
)

PLACE = _object(
    {
        "name": _text("Nom du lieu.", 150),
        "address": _text("Numéro et rue.", 200),
        "postcode": {
            "type": "string",
            "pattern": r"^\d{5}$",
            "x-error": "n'est pas un code postal",
            "description": "Code postal, 5 chiffres.",
        },
        "city": _text("Commune.", 100),
        "insee": {
            "type": "string",
            "pattern": r"^(\d{5}|2[AB]\d{3})$",
            "x-error": "n'est pas un code INSEE de commune (5 caractères)",
            "description": 'Code INSEE de la commune, entre guillemets ("03310" pour Vichy).',
        },
        "coordinates": _object(
            {
                "lat": {"type": "number", "description": "Latitude (WGS 84)."},
                "lng": {"type": "number", "description": "Longitude (WGS 84)."},
                "precision": _enum(
                    vocab.COORDINATE_PRECISIONS,
                    "exact (l'entrée du lieu) ou approximate (par exemple le centre de la "
                    "commune).",
                    "n'est pas une précision connue (exact, approximate)",
                ),
                "source": _enum(
                    vocab.COORDINATE_SOURCES,
                    "ban : écrites par ctai-site geocode d'après la Base adresse nationale, qui "
                    "les remplace quand l'adresse change. Sans source, une personne les a "
                    "écrites : geocode n'y touche jamais.",
                    "n'est pas une source connue (ban ; sans source, coordonnées écrites à la "
                    "main)",
                ),
            },
            "Coordonnées et leur précision.",
            required=("lat", "lng", "precision"),
        ),
        "opening_hours": {
            "description": "Horaires : syntaxe OpenStreetMap (« Mo-Fr 09:00-12:00 ») ou une liste de "
            "règles {days, opens, closes}.",
            "anyOf": [
                {"type": "string", "minLength": 1, "maxLength": 255},
                {"type": "array", "items": _OPENING_RULE, "minItems": 1},
            ],
        },
        "phone": {
            "type": "string",
            "minLength": 1,
            "maxLength": 30,
            "description": "Téléphone, par exemple 05 58 00 00 00.",
        },
        "email": {"type": "string", "minLength": 3, "maxLength": 254, "description": "Courriel."},
        "accessibility": _text("Accessibilité du lieu (fauteuil, ascenseur…)."),
        "practical": _text("Informations pratiques (bus, étage, sonnette…)."),
    },
    "Un lieu d'accueil.",
    required=("name", "city"),
)

FICHE: Schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://ctai-site.invalid/schema/fiche.json",
    "title": "Fiche action CTAI (ctai-site)",
    **_object(
        {
            "format": {
                "type": "integer",
                "minimum": 1,
                "maximum": versions.CURRENT,
                "x-error": f"n'est pas une version du format des fiches que cette version de "
                f"ctai-site connaît (1 à {versions.CURRENT}) : mettez ctai-site à jour "
                "(ctai-site aide nouveau-territoire, « Mettre à jour ctai-site »)",
                "description": f"Version du format de la fiche : {versions.CURRENT}. "
                "ctai-site migrate met à jour une fiche d'une version plus ancienne.",
            },
            "id": {
                "type": "string",
                "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
                "x-error": "n'est pas un identifiant (minuscules, chiffres et tirets)",
                "description": "Identifiant stable ; par défaut le nom du fichier.",
            },
            "kind": _enum(
                vocab.KINDS,
                "service (les personnes peuvent y aller) ou project "
                "(pour les professionnels seulement).",
                "n'est pas un type connu (service, project)",
            ),
            "status": _enum(
                vocab.STATUSES,
                "active, paused ou archived.",
                "n'est pas un statut connu (active, paused, archived)",
            ),
            "updated": {**DATE, "description": "Date de dernière mise à jour (AAAA-MM-JJ)."},
            "confirmed": {
                **DATE,
                "description": "Date où la structure a confirmé les informations pratiques "
                "(adresse, horaires, téléphone, prix…), AAAA-MM-JJ ; sans elle, updated compte.",
            },
            "contract": CONTRACT,
            "carrier": CARRIER,
            "partners": PARTNERS,
            "content": CONTENT,
            "themes": THEMES,
            "audience": AUDIENCE,
            "practicalities": PRACTICALITIES,
            "places": {"type": "array", "items": PLACE, "description": "Lieux d'accueil."},
        },
        "Une action du contrat territorial d'accueil et d'intégration.",
        required=("kind", "status", "updated", "carrier", "content", "themes"),
    ),
}

"""The fields of a fiche's sheet, in the order of the fiche format: the confirmation date, the
structure, each place, the infocards (services only), how to ask, the languages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ctai_site.collect.cards import Choices, Part, Parts, Price
from ctai_site.collect.fields import Date, Field, Integer, Languages, Text
from ctai_site.fiche import labels, vocab


def _options(codes: Sequence[str], words: Mapping[str, str]) -> dict[str, str]:
    return {code: labels.capitalised(words[code]) for code in codes}


_PLACE_TEXTS = (
    ("name", "nom du lieu", "Tel qu'on le lit à l'entrée", "text"),
    ("address", "adresse (numéro et rue)", "Par exemple 12 rue de la Paix", "text"),
    ("postcode", "code postal", "5 chiffres", "postcode"),
    ("city", "commune", "Le nom de la commune, en toutes lettres", "text"),
    (
        "phone",
        "téléphone",
        "Un seul numéro : 05 58 12 34 56 ou +33 5 58 12 34 56",
        "phone",
    ),
    ("email", "e-mail", "Par exemple accueil@exemple.fr", "text"),
    (
        "opening_hours",
        "horaires",
        "Syntaxe OpenStreetMap : Mo-Fr 09:00-12:00,14:00-17:00 ; Tu[1] 14:00-16:00 = le 1er "
        "mardi du mois ; jours Mo Tu We Th Fr Sa Su",
        "hours",
    ),
    ("accessibility", "accessibilité", "Fauteuil roulant, ascenseur…", "text"),
    ("practical", "infos pratiques", "Bus, étage, sonnette…", "text"),
)


def place_fields(index: int, name: str | None) -> list[Field]:
    """The rows of one place (`name` None: a new place, for a fiche that has none)."""
    where = f"Lieu {index + 1} « {name} »" if name else "Nouveau lieu"
    fields: list[Field] = []
    for key, label, help, form in _PLACE_TEXTS:
        field = Text(("places", index, key), f"{where} : {label}", help, form)
        if name is None:
            field.todo_key = "places"
        fields.append(field)
    return fields


def fiche_fields(data: Mapping[str, Any]) -> list[Field]:
    """Every field of a fiche's sheet, in the order of the fiche format."""
    service = data.get("kind") == "service"
    fields: list[Field] = [
        Date(
            ("confirmed",),
            "Informations confirmées par la structure le",
            "La date de l'appel ou du courriel où la structure a tout vérifié (JJ/MM/AAAA)",
        ),
        Text(("carrier", "siret"), "SIRET de la structure", "14 chiffres", "siret"),
        Text(("carrier", "website"), "Site de la structure", "Lien complet : https://…"),
    ]
    places = data.get("places") or []
    for index, place in enumerate(places):
        name = place.get("name") if isinstance(place, dict) else None
        fields += place_fields(index, str(name or index + 1))
    if not places:
        fields += place_fields(0, None)
    if service:
        fields += [
            Choices(
                ("audience", "french_level"),
                "Niveau de français demandé",
                _options(vocab.FRENCH_LEVELS, labels.FRENCH_LEVELS),
                not_relevant=True,
            ),
            Parts(
                ("audience", "age"),
                "Âge",
                (
                    Part("min", "âge minimum", "integer", "Nombre entier, 1 au moins"),
                    Part("max", "âge maximum", "integer", "Nombre entier"),
                ),
            ),
            Choices(
                ("audience", "specific_public"),
                "Public spécifique",
                dict(labels.EDITOR_SPECIFIC_PUBLICS),
                not_relevant=True,
            ),
            Price(("practicalities", "price"), "Prix"),
            Parts(
                ("practicalities", "commitment"),
                "Durée d'engagement",
                (
                    Part("amount", "durée", "integer", "Nombre entier : 3 (mois)"),
                    Part("max", "durée maximum", "integer", "Avec « entre » seulement"),
                    Part("unit", "unité", "choice", options=_units()),
                    Part("details", "précision", "choice", options=_details(True)),
                ),
            ),
            Parts(
                ("practicalities", "frequency"),
                "Fréquence",
                (
                    Part("amount", "nombre", "number", "2 (séances par semaine)"),
                    Part("unit", "unité", "choice", options=_units()),
                    Part("per", "par", "choice", options=_periods()),
                    Part("details", "précision", "choice", options=_details(False)),
                ),
            ),
            Choices(
                ("practicalities", "days"),
                "Jours de présence",
                _options(vocab.DAYS, labels.DAYS),
                not_relevant=True,
            ),
            Choices(
                ("practicalities", "conditions"),
                "Condition",
                _options(tuple(vocab.CONDITIONS), labels.CONDITIONS),
                not_relevant=True,
            ),
            Text(
                ("practicalities", "conditions_text"),
                "Autres conditions",
                "En clair, en une phrase",
            ),
        ]
    fields += [
        Choices(
            ("practicalities", "access", "by"),
            "Qui peut demander",
            _options(vocab.MOBILISERS, labels.ACCESS_BY),
        ),
        Choices(
            ("practicalities", "access", "modes"),
            "Comment demander",
            _options(vocab.MOBILISATION_MODES, labels.ACCESS_MODES),
        ),
        Choices(
            ("practicalities", "access", "reception"),
            "Accueil",
            _options(vocab.RECEPTION_MODES, labels.RECEPTION_MODES),
        ),
        Text(
            ("practicalities", "access", "link"),
            "Lien d'inscription ou d'orientation",
            "Lien complet : https://…",
        ),
        Languages(("practicalities", "languages"), "Langues parlées sur place"),
        Integer(("practicalities", "capacity"), "Nombre de places", "Nombre entier, si connu"),
    ]
    return fields


def _units() -> dict[str, str]:
    return {unit: labels.capitalised(labels.TIME_UNITS[unit]) for unit in vocab.TIME_UNITS}


def _periods() -> dict[str, str]:
    return {p: labels.capitalised(labels.FREQUENCY_PERIODS[p]) for p in vocab.FREQUENCY_PERIODS}


def _details(between: bool) -> dict[str, str]:
    words = dict(labels.EDITOR_AMOUNT_DETAILS)
    if not between:
        del words["between"]
    return words

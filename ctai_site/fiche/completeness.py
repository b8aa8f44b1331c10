"""What a valid fiche still lacks to be published (« à compléter »): not errors, a to-do list.

`refugies_info_missing` lists what Réfugiés.info refuses to publish without (its server's
`isDispositifComplete`: a map point is not among them, the drafts recommend one; and, for a
structure not yet on the platform, the website and logo its editor needs to create it);
`data_inclusion_missing` what data·inclusion's quality score and Dora users need. Both only
look at what the fiche says: nothing is guessed, nothing is filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

from ctai_site.fiche import labels
from ctai_site.fiche.model import Action
from ctai_site.fiche.schema import SUMMARY_MAX


@dataclass(frozen=True)
class Missing:
    field: str  # fiche path, e.g. `audience.french_level`
    label: str  # what the carrier reads, in French
    target: str  # "refugies.info" or "data·inclusion"

    def __str__(self) -> str:
        return f"{self.label} ({self.field})"


def refugies_info_missing(action: Action) -> list[Missing]:
    """What Réfugiés.info will refuse to publish without."""
    out: list[Missing] = []

    def miss(path: str, label: str) -> None:
        out.append(Missing(path, label, "refugies.info"))

    content = action.content
    if not content.brand:
        miss(
            "content.brand",
            f"titre marque, « {labels.EDITOR_PARTS['titreMarque']} » dans l'éditeur (nom de "
            "l'action ou de la structure)",
        )
    if len(content.summary) > SUMMARY_MAX:  # pragma: no cover - refused by the validator
        miss("content.summary", f"résumé de {SUMMARY_MAX} caractères au plus")
    if len(content.why) < 3:
        miss(
            "content.why",
            f"« Pourquoi c'est intéressant ? » : {3 - len(content.why)} "
            "argument(s) de plus (3 au moins)",
        )
    if not content.how:
        miss("content.how", "« Comment faire ? » : au moins une étape")
    for field, label in labels.INFOCARDS.items():
        section, name = field.split(".")
        if getattr(getattr(action, section), name) is None:
            answer = ANSWERS.get(field, "ou « not_relevant »")
            miss(f"{section}.{name}", f"carte « {label} » : non renseignée ({answer})")
    for path, label in _new_structure_missing(action):
        miss(path, label)
    return out


def _new_structure_missing(action: Action) -> list[tuple[str, str]]:
    """A structure not yet on Réfugiés.info is created in its editor, which asks for its name,
    website and logo, all three, before it creates one (refugies-info/karfur @ e5ef018,
    Edition/Modals/ModalMainSponsor/functions.tsx lines 107-108, ModalMainSponsor.tsx line 69);
    without a structure, a fiche is not published (apps/server/src/modules/dispositif/
    dispositif.service.ts line 502, `isDispositifComplete`)."""
    carrier = action.carrier
    if carrier.refugies_info:
        return []
    words = labels.EDITOR_STRUCTURE
    why = (
        f"l'éditeur l'exige pour « {words['create']} » ; si la structure est déjà sur "
        "Réfugiés.info, écrivez plutôt son nom exact dans carrier.refugies_info"
    )
    out = []
    if not carrier.website:
        out.append(("carrier.website", f"« {words['link']} » (https://…) : {why}"))
    elif not carrier.web_address:
        out.append(
            (
                "carrier.website",
                f"« {words['link']} » : « {carrier.website} » n'est pas l'adresse d'un site "
                f"(https://…) ; {why}",
            )
        )
    if carrier.logo is None:
        formats = words["formats"].partition(" : ")[2]
        out.append(("carrier.logo", f"« {words['logo']} » (fichier {formats}) : {why}"))
    return out


# What to write for the cards that have no « not relevant » answer on Réfugiés.info.
ANSWERS = {
    "audience.public_status": "au moins un statut : EPA, BPI, BPT, asile…",
    "practicalities.area": "departements, communes, national: true ou online: true",
}


def data_inclusion_missing(action: Action) -> list[Missing]:
    """What data·inclusion and its users (Dora, France Travail) expect."""
    out: list[Missing] = []

    def miss(path: str, label: str) -> None:
        out.append(Missing(path, label, "data·inclusion"))

    if not action.carrier.siret:
        miss("carrier.siret", "SIRET de la structure")
    access = action.practicalities.access
    if not access.by:
        miss("practicalities.access.by", "qui peut demander (usagers, professionnels)")
    if not access.modes:
        miss("practicalities.access.modes", "comment demander (se présenter, téléphoner…)")
    if not action.places:
        miss("places", "lieu d'accueil")
    for i, place in enumerate(action.places, start=1):
        where = f"places[{i}]"
        for attr, label in (
            ("address", "adresse"),
            ("postcode", "code postal"),
            ("phone", "téléphone"),
            ("email", "e-mail"),
            ("opening_hours", "horaires"),
        ):
            if getattr(place, attr) is None:
                miss(f"{where}.{attr}", f"lieu « {place.name} » : {label}")
        if place.coordinates is None:
            miss(f"{where}.coordinates", f"lieu « {place.name} » : coordonnées")
    if not action.practicalities.languages:
        miss("practicalities.languages", "langues parlées sur place")
    return out


def missing(action: Action) -> list[Missing]:
    """Everything still to complete. Projects for professionals are published nowhere else
    (no Réfugiés.info fiche, no data·inclusion service), so nothing is missing for them."""
    if not action.is_service:
        return []
    return refugies_info_missing(action) + data_inclusion_missing(action)

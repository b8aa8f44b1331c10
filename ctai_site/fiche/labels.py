"""French labels of the vocabularies, keyed by the codes of `vocab`: one wording per code.

Written in lower case, as they stand in a sentence (« Conditions : titre de séjour. »); an item
of a list on its own takes `capitalised`. Open data (`exports`) and the Réfugiés.info drafts
(`drafts`) read them here. Day names come from CLDR. The public site shows
its own interface strings instead, in every language (`translations/<lang>/_site.yml`).
"""

from __future__ import annotations

from babel.dates import get_day_names

from ctai_site.fiche import vocab

# Infocards (fiche field -> the question Réfugiés.info's editor asks), in the editor's order
# (DOMAIN.md §4): what `completeness` lists and what the draft page heads each block with.
INFOCARDS = {
    "audience.public_status": "public visé (statut)",
    "audience.french_level": "niveau de français",
    "audience.age": "âge",
    "audience.specific_public": "public spécifique",
    "practicalities.price": "prix",
    "practicalities.commitment": "durée d'engagement",
    "practicalities.frequency": "fréquence",
    "practicalities.days": "jours de présence",
    "practicalities.conditions": "conditions",
    "practicalities.area": "localisation",
}
CONTRACT_PUBLICS = {
    "EPA": "étrangers primo-arrivants (EPA)",
    "BPI": "bénéficiaires d'une protection internationale (BPI : réfugiés, protection "
    "subsidiaire, apatrides)",
    "BPT": "bénéficiaires d'une protection temporaire (BPT)",
}
PUBLIC_STATUSES = {
    "asile": "demandeurs d'asile",
    "refugie": "réfugiés",
    "subsidiaire": "bénéficiaires de la protection subsidiaire",
    "temporaire": "bénéficiaires d'une protection temporaire",
    "apatride": "apatrides",
    "french": "personnes de nationalité française",
}
SPECIFIC_PUBLICS = {
    "family": "familles",
    "women": "femmes",
    "youths": "jeunes",
    "senior": "personnes âgées",
    "gender": "public spécifique lié au genre",
}
FRENCH_LEVELS = {
    "alpha": "alpha (apprendre à lire et à écrire)",
    "A1": "A1 (débutant)",
    "A2": "A2 (élémentaire)",
    "B1": "B1 (intermédiaire)",
    "B2": "B2 (avancé)",
    "C1": "C1 (autonome)",
    "C2": "C2 (maîtrise)",
}
CONDITIONS = {  # by our key (`vocab.CONDITIONS` gives Réfugiés.info's code)
    "ofpra_birth_certificate": "acte de naissance délivré par l'OFPRA",
    "residence_permit": "titre de séjour",
    "cir_signed": "contrat d'intégration républicaine (CIR) signé et cours de l'OFII suivis",
    "bank_account": "compte bancaire",
    "france_travail": "inscription à France Travail",
    "driving_licence": "permis de conduire B",
    "high_school_level": "niveau fin de lycée",
}
# The words of Réfugiés.info's own editor, so that a carrier finds the box to tick (refugies-info/
# karfur, the « Faut-il remplir des conditions ? » / public modals of the fiche editor). Only the
# Réfugiés.info drafts use them; Pôle Emploi is now France Travail, hence the parenthesis.
EDITOR_PUBLIC_STATUSES = {
    "asile": "Demandeurs d'asile",
    "refugie": "Réfugiés statutaires",
    "subsidiaire": "Bénéficiaires de la protection subsidiaire",
    "temporaire": "Bénéficiaires de la protection temporaire",
    "apatride": "Apatrides",
    "french": "Citoyens français",
}
EDITOR_SPECIFIC_PUBLICS = {
    "family": "Familles et enfants",
    "women": "Femmes",
    "youths": "Jeunes (de 16 à 25 ans)",
    "senior": "Séniors",
    "gender": "Public spécifique lié au genre",
}
EDITOR_CONDITIONS = {  # by Réfugiés.info's code
    "acte naissance": "Avoir l’acte de naissance donné par l’OFPRA",
    "titre sejour": "Avoir son titre de séjour ou son récépissé",
    "cir": "Avoir signé le CIR et terminé les cours OFII",
    "bank account": "Avoir un compte bancaire",
    "pole emploi": "Être inscrit à Pôle Emploi (France Travail)",
    "driver license": "Avoir son permis B",
    "school": "Avoir le niveau de fin de lycée",
}
_PER_PERIOD = {  # the periods that prices and frequencies share
    "day": "par jour",
    "week": "par semaine",
    "month": "par mois",
    "trimester": "par trimestre",
    "semester": "par semestre",
    "year": "par an",
}
PRICE_PERIODS = {
    "once": "une seule fois",
    "eachTime": "à chaque fois",
    "hour": "par heure",
    **_PER_PERIOD,
}
TIME_UNITS = {
    "sessions": "séance(s)",
    "hours": "heure(s)",
    "half-days": "demi-journée(s)",
    "days": "jour(s)",
    "weeks": "semaine(s)",
    "months": "mois",
    "trimesters": "trimestre(s)",
    "semesters": "semestre(s)",
    "years": "an(s)",
}
FREQUENCY_PERIODS = {"session": "par séance", **_PER_PERIOD}
AMOUNT_DETAILS = {  # put before the amount; « exactly » says nothing
    "minimum": "au moins",
    "maximum": "au plus",
    "approximately": "environ",
    "exactly": "",
    "between": "entre",
}
# monday -> « lundi » (CLDR writes French day names in lower case)
_FRENCH_DAYS = get_day_names("wide", locale="fr")  # 0 is Monday
DAYS = {day: str(_FRENCH_DAYS[i]) for i, day in enumerate(vocab.DAYS)}


def capitalised(label: str) -> str:
    """« titre de séjour » -> « Titre de séjour » (the rest is left as written: « A1 », « CIR »)."""
    return label[:1].upper() + label[1:]

"""French labels of the vocabularies, keyed by the codes of `vocab`: one wording per code.

Written in lower case, as they stand in a sentence (« Conditions : titre de séjour. »); an item
of a list on its own takes `capitalised`. Open data (`exports`) and the Réfugiés.info drafts
(`drafts`) read them here. Day names come from CLDR. The public site shows
its own interface strings instead, in every language (`translations/<lang>/_site.yml`).

`INFOCARDS` and the `EDITOR_*` tables are Réfugiés.info's own words, written as its editor
writes them, so that a carrier finds the card, the box or the button that reads the same. Each
names its source in refugies-info/karfur, branch dev @ e5ef018 (2024-10-24): mostly
apps/client/src/locales/fr/common.json (last changed 5189324cb; the `Infocards` block starts at
line 292), and the editor's modals under apps/client/src/components/Pages/dispositif/Edition/
Modals/ (« Modals/ » below) for the words they hard-code.
"""

from __future__ import annotations

from babel.dates import get_day_names

from ctai_site.fiche import vocab

# Infocards (fiche field -> the card's title in Réfugiés.info's editor), in the editor's order
# (DOMAIN.md §4): what `completeness` lists and what the draft page heads each block with.
# common.json `Infocards.<key>`, lines 294-305.
INFOCARDS = {
    "audience.public_status": "Public",  # Infocards.publicStatus
    "audience.french_level": "Niveau de français",  # Infocards.frenchLevel
    "audience.age": "Âge",  # Infocards.age
    "audience.specific_public": "Public spécifique",  # Infocards.public
    "practicalities.price": "Prix",  # Infocards.price
    "practicalities.commitment": "Durée d'engagement",  # Infocards.commitment
    "practicalities.frequency": "Fréquence de participation",  # Infocards.frequency
    "practicalities.days": "Jours de présence",  # Infocards.weekDays
    "practicalities.conditions": "Conditions",  # Infocards.conditions
    "practicalities.area": "C'est où ?",  # Infocards.location
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
# Who may ask for the service and how (data·inclusion `mobilisable_par`, `modes_mobilisation`),
# and where people are received.
ACCESS_BY = {
    "usagers": "la personne elle-même",
    "professionnels": "un professionnel qui l'oriente",
}
ACCESS_MODES = {
    "se-presenter": "se présenter sur place",
    "telephoner": "téléphoner",
    "envoyer-un-courriel": "envoyer un courriel",
    "utiliser-lien-mobilisation": "remplir un formulaire en ligne",
}
RECEPTION_MODES = {
    "en-presentiel": "sur place",
    "a-distance": "à distance (téléphone, visio)",
}

# --- The words of Réfugiés.info's editor (the drafts only) ----------------------------------

# The parts of a fiche, as the editor names them (the keys are the request's).
EDITOR_PARTS = {
    "titreInformatif": "Titre informatif",  # Edition/TitleEdit/TitleEdit.tsx line 36
    "titreMarque": "Nom de votre action",  # TitleEdit.tsx line 61, after « Avec » (line 54)
    "abstract": "Résumé",  # common.json Dispositif.sectionAbstract, line 245
    "what": "C'est quoi\u00a0?",  # Dispositif.sectionWhat, line 241 (no-break space, as there)
    "why": "Pourquoi c'est intéressant\u00a0?",  # Dispositif.sectionWhy, line 242
    "how": "Comment faire ?",  # Dispositif.sectionHow, line 243
    "theme": "Thèmes",  # Edition/CustomNavbar/MissingSteps/data.ts
    "mainSponsor": "Structure",  # MissingSteps/data.ts
    # Edition/AccordionsEdit/functions.ts `getTexts`: a dispositif's « why » items are
    # « Argument N », its « how » items « Contact et modalités d’inscription ».
    "why-item": "Argument",
    "how-item": "Contact et modalités d’inscription",
}

# The editor's answer « not relevant » (hard-coded in Modals/ModalPublic/ModalPublic.tsx lines 220
# and 308, ModalPrice.tsx 187, ModalAvailability.tsx 187, 228 and 263, ModalConditions.tsx 57).
EDITOR_NOT_RELEVANT = "Ce n'est pas pertinent pour mon action"
EDITOR_PUBLIC_STATUSES = {  # common.json Infocards.<publicStatusType>, lines 307-312
    "asile": "Demandeurs d'asile",
    "refugie": "Réfugiés statutaires",
    "subsidiaire": "Bénéficiaires de la protection subsidiaire",
    "temporaire": "Bénéficiaires de la protection temporaire",
    "apatride": "Apatrides",
    "french": "Citoyens français",
}
EDITOR_SPECIFIC_PUBLICS = {  # common.json Infocards.<publicType>, lines 313-317
    "family": "Familles et enfants",
    "women": "Femmes",
    "youths": "Jeunes",
    "senior": "Séniors",
    "gender": "Minorités de genre",
}
# The box that ticks every refugee status at once, asylum seekers included
# (Modals/ModalPublic/ModalPublic.tsx line 164).
EDITOR_PRIMO_ARRIVANTS = "Primo-arrivants"
# The structure step (Modals/ModalMainSponsor/): its search (data.tsx line 142), the
# form that creates a structure (line 147) and that form's fields
# (Modals/components/SponsorForm/SponsorForm.tsx lines 22, 32, 42 and 46; the logo's button:
# Edition/LogoInput/LogoInput.tsx line 94).
EDITOR_STRUCTURE = {
    "search": "Cherchez si la structure existe déjà dans notre base",
    "create": "Créer une nouvelle structure",
    "name": "Nom de la structure",
    "link": "Site internet de la structure",
    "logo": "Logo de la structure",
    "upload": "Télécharger un logo",
    "formats": "Formats acceptés : .jpeg, .png, .svg",
}
# Modals/ModalPublic/data.tsx `frenchLevelOptions` (JSX: the part before « : » is in bold).
EDITOR_FRENCH_LEVELS = {
    "alpha": "Alphabétisation : en cours d'alphabétisation",
    "A1": "A1.1 et A1 : découverte du français",
    "A2": "A2 : communication de manière simple",
    "B1": "B1 : communication en français intermédiaire",
    "B2": "B2 : communication avec aisance",
    "C1": "C1 : communication avec grande aisance",
    "C2": "C2 : communication en français courant",
}
EDITOR_CONDITIONS = {  # by Réfugiés.info's code; common.json Infocards.<conditionType>, 318-324
    "acte naissance": "Avoir l’acte de naissance donné par l’OFPRA",
    "titre sejour": "Avoir son titre de séjour ou son récépissé",
    "cir": "Avoir signé le CIR et terminé les cours OFII",
    "bank account": "Avoir un compte bancaire",
    "pole emploi": "Être inscrit à France Travail",
    "driver license": "Avoir son permis B",
    "school": "Avoir le niveau de fin de lycée",
}
# Modals/ModalAvailability: dropdowns show `Infocards.<key>` capitalised (Edition/DropdownModals/
# DropdownModals.tsx line 44, with i18next plurals `_one` / `_other`).
EDITOR_AMOUNT_DETAILS = {  # common.json lines 327-331
    "minimum": "Minimum",
    "maximum": "Maximum",
    "approximately": "Environ",
    "exactly": "Exactement",
    "between": "Entre",
}
EDITOR_TIME_UNITS = {  # (one, other): common.json lines 342-359
    "sessions": ("séance", "séances"),
    "hours": ("heure", "heures"),
    "half-days": ("demi-journée", "demi-journées"),
    "days": ("jour", "jours"),
    "weeks": ("semaine", "semaines"),
    "months": ("mois", "mois"),
    "trimesters": ("trimestre", "trimestres"),
    "semesters": ("semestre", "semestres"),
    "years": ("année", "années"),
}
EDITOR_PERIODS = {  # frequency units and price details: common.json lines 332-341
    "once": "une seule fois",
    "eachTime": "à chaque fois",
    "session": "par séance",
    "hour": "par heure",
    "day": "par jour",
    "week": "par semaine",
    "month": "par mois",
    "trimester": "par trimestre",
    "semester": "par semestre",
    "year": "par an",
}
# Modals/ModalPrice/ModalPrice.tsx, the buttons (lines 83-125) and the unit (line 144).
EDITOR_PRICE = {
    "free": "Gratuit",
    "paid": "Payant",
    "amount": "Montant fixe",
    "range": "Fourchette",
    "pay_what_you_can": "Montant libre",
    "currency": "€",
}
# Modals/ModalPublic/data.tsx `ageOptions` (« ** » is the number typed).
EDITOR_AGES = {
    "moreThan": "Plus de {} ans",
    "between": "Entre {} et {} ans",
    "lessThan": "Moins de {} ans",
}
# Modals/ModalLocation/ModalLocation.tsx, the three buttons (lines 52, 61 and 70).
EDITOR_LOCATIONS = {
    "departements": "Départements",
    "france": "France entière",
    "online": "Ressource en ligne",
}
# The periods that prices and frequencies share, in the editor's words (one wording, not two).
_PER_PERIOD = {
    key: EDITOR_PERIODS[key] for key in ("day", "week", "month", "trimester", "semester", "year")
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
# monday -> « lundi » (CLDR writes French day names in lower case). Réfugiés.info's are the same
# (common.json Infocards.monday … sunday, lines 361-367; the editor capitalises them,
# Modals/ModalAvailability/ModalAvailability.tsx line 255).
_FRENCH_DAYS = get_day_names("wide", locale="fr")  # 0 is Monday
DAYS = {day: str(_FRENCH_DAYS[i]) for i, day in enumerate(vocab.DAYS)}


def capitalised(label: str) -> str:
    """« titre de séjour » -> « Titre de séjour » (the rest is left as written: « A1 », « CIR »)."""
    return label[:1].upper() + label[1:]

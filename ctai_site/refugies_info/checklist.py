"""The « Manquant » checklist of a draft: what Réfugiés.info refuses, and the advice (its
editorial charter, and what helps without being required, such as a point on the map)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ctai_site.fiche import richtext
from ctai_site.fiche.completeness import refugies_info_missing
from ctai_site.fiche.model import (
    Action,
    Area,
)
from ctai_site.refugies_info.editor import (
    CONTACT_PATTERN,
    EXPLAINED_WITHIN,
    GLOSSARY,
    INFINITIVE_ENDINGS,
    INFOCARD_LABELS,
    METADATA_KEYS,
    NOT_VERBS,
    SENTENCE_END,
    SENTENCE_MAX_WORDS,
    WORD,
    location_labels,
)

# --- The checklist ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the « Manquant » checklist: blocking (refused) or advice (recommended)."""

    field: str  # fiche path, e.g. `content.why`, `content.how[1].text`
    label: str  # what the carrier reads, in French
    blocking: bool

    @property
    def anchor(self) -> str:
        """Id of the page block (or group of blocks) this item is about."""
        key = _block_key(self.field)
        if key in ("why", "how", "map"):
            return f"ctai-draft-group-{key}"
        return f"ctai-draft-block-{key}"

    def __str__(self) -> str:
        return f"{self.label} ({self.field})"


def _block_key(field: str) -> str:
    m = re.match(r"content\.(why|how)\[(\d+)\]\.(title|text)$", field)
    if m:
        return f"{m[1]}-{m[2]}-{m[3]}"
    simple = {
        "content.title": "titreInformatif",
        "content.brand": "titreMarque",
        "content.summary": "abstract",
        "content.what": "what",
        "content.why": "why",
        "content.how": "how",
        "themes": "theme",
        "carrier": "mainSponsor",
        "carrier.website": "mainSponsor-link",
        "carrier.logo": "mainSponsor-logo",
        "places": "map",
    }
    if field in simple:
        return simple[field]
    if field in METADATA_KEYS:
        return METADATA_KEYS[field]
    return field.split("[")[0].split(".")[0]


def draft_checklist(action: Action) -> list[ChecklistItem]:
    """What Réfugiés.info will refuse (blocking), then what is advised."""
    blocking = [ChecklistItem(m.field, m.label, True) for m in refugies_info_missing(action)]
    area = action.practicalities.area
    if isinstance(area, Area):
        known, unknown = location_labels(area)
        for code in unknown:
            blocking.append(
                ChecklistItem(
                    "practicalities.area",
                    f"carte « {INFOCARD_LABELS['location']} » : « {code} » n'est pas un "
                    "département connu",
                    True,
                )
            )
        if not known and not unknown and not area.online and not area.national:
            blocking.append(
                ChecklistItem(
                    "practicalities.area",
                    f"carte « {INFOCARD_LABELS['location']} » : indiquer au moins un département "
                    "(departements ou communes), national: true ou online: true",
                    True,
                )
            )
    return blocking + _recommended(action) + _advice(action)


def _recommended(action: Action) -> list[ChecklistItem]:
    """Not required to publish, but what a reader or the editor will miss."""
    out = []
    if not any(p.coordinates and p.address for p in action.places):
        # Réfugiés.info's `isDispositifComplete` (refugies-info/karfur @ e5ef018,
        # apps/server/src/modules/dispositif/dispositif.service.ts) does not check the map.
        out.append(
            ChecklistItem(
                "places",
                "point sur la carte (conseillé, pas obligatoire pour publier) : un lieu avec "
                "adresse et coordonnées",
                False,
            )
        )
    return out


def _advice(action: Action) -> list[ChecklistItem]:
    content = action.content
    out: list[ChecklistItem] = []
    if not starts_with_infinitive(content.title):
        out.append(
            ChecklistItem(
                "content.title",
                f"titre informatif « {content.title} » : commencer par un verbe à l'infinitif "
                "(« Apprendre le français », « Se soigner »)",
                False,
            )
        )
    for field, text in _texts(action, titles=False):
        for sentence, words in long_sentences(text):
            out.append(
                ChecklistItem(
                    field,
                    f"phrase de {words} mots (environ {SENTENCE_MAX_WORDS} au plus) : "
                    f"« {_excerpt(sentence)} »",
                    False,
                )
            )
    for field, acronym in unexplained_acronyms(action):
        out.append(
            ChecklistItem(
                field,
                f"sigle « {acronym} » à expliquer à sa première apparition "
                f"(« {acronym} ({GLOSSARY[acronym][0]}) »)",
                False,
            )
        )
    if not has_contact(action):
        out.append(
            ChecklistItem(
                "content.how",
                "« Comment faire ? » : aucun contact (téléphone, e-mail ou lien) ; en ajouter un "
                "dans le texte ou dans un lieu",
                False,
            )
        )
    return out


def starts_with_infinitive(title: str) -> bool:
    """A heuristic: « Apprendre… », « Se soigner… », « S'inscrire… » start with a verb."""
    text = title.strip().lower().replace("’", "'")
    if text.startswith(("se ", "s'")):
        return True
    first = re.split(r"[\s,:;.!?()«»\"]+", text, maxsplit=1)[0]
    return len(first) > 3 and first.endswith(INFINITIVE_ENDINGS) and first not in NOT_VERBS


def long_sentences(text: str) -> list[tuple[str, int]]:
    """Sentences (and list items) of more than `SENTENCE_MAX_WORDS` words, with their count."""
    out = []
    for line in richtext.to_plain(text).splitlines():
        for sentence in SENTENCE_END.split(line.removeprefix("- ").strip()):
            words = sum(1 for w in sentence.split() if WORD.search(w))
            if words > SENTENCE_MAX_WORDS:
                out.append((sentence, words))
    return out


def _excerpt(sentence: str, words: int = 8) -> str:
    parts = sentence.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _texts(action: Action, *, titles: bool) -> list[tuple[str, str]]:
    """Every text of the fiche, in the order Réfugiés.info shows them, with its field path."""
    content = action.content
    out = []
    if titles:
        out.append(("content.title", content.title))
        if content.brand:
            out.append(("content.brand", content.brand))
    out += [("content.summary", content.summary), ("content.what", content.what)]
    for name, sections in (("why", content.why), ("how", content.how)):
        for i, section in enumerate(sections, start=1):
            if titles:
                out.append((f"content.{name}[{i}].title", section.title))
            out.append((f"content.{name}[{i}].text", section.text))
    return out


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("\u00a0", " ").lower()


def unexplained_acronyms(action: Action) -> list[tuple[str, str]]:
    """(field, acronym) for each glossary acronym whose first use is not explained."""
    seen: set[str] = set()
    out = []
    for field, raw in _texts(action, titles=True):
        text = richtext.to_plain(raw).replace("*", "")
        for m in re.finditer(r"(?<![\w-])([A-Z]{3,7})(?![\w-])", text):
            acronym = m[1]
            if acronym not in GLOSSARY or acronym in seen:
                continue
            seen.add(acronym)
            after = text[m.end() :]
            if after.lstrip(" \u00a0").startswith("("):
                continue
            around = _normalise(
                text[max(0, m.start() - EXPLAINED_WITHIN) : m.end() + EXPLAINED_WITHIN]
            )
            if any(_normalise(words) in around for words in GLOSSARY[acronym]):
                continue
            out.append((field, acronym))
    return out


def has_contact(action: Action) -> bool:
    """A phone, an e-mail or a link in a place, in « Comment faire ? » or as the sign-up link."""
    if action.practicalities.access.link:
        return True
    if any(place.phone or place.email for place in action.places):
        return True
    return any(CONTACT_PATTERN.search(section.text) for section in action.content.how)

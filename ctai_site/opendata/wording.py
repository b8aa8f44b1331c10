"""Shared by every export: records, the French wording of the infocards (what a professional
reads in Dora or a spreadsheet), names and ids."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from babel import Locale

from ctai_site.fiche import labels, richtext, vocab
from ctai_site.fiche.model import Action, Audience, Duration, Place, Price
from ctai_site.fiche.queries import (
    answered,
)
from ctai_site.translation import l10n

Record = dict[str, Any]
ActionUrl = Callable[[Action], str]

DESCRIPTION_MIN, DESCRIPTION_MAX = 5, 10_000
NAME_MIN, NAME_MAX = 3, 150
SOURCE_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


# --- French wording of the infocards (what a professional reads in Dora) ---------------------
# The labels of the codes are in `labels`, shared with the Réfugiés.info drafts.

# Our specific publics -> data·inclusion `publics` codes (it has none for `gender`).
SPECIFIC_PUBLICS_DI = {
    "family": "familles",
    "women": "femmes",
    "youths": "jeunes",
    "senior": "seniors",
}


def _fr(value: float) -> str:
    return l10n.number(value, "fr")


def price_fr(price: Price) -> str:
    """The price as a professional reads it: « 10 € par mois », « Gratuit »."""
    per = f" {labels.PRICE_PERIODS[price.per]}" if price.per else ""
    if price.free:
        return "Gratuit"
    if price.pay_what_you_can:
        return "Prix libre : chacun donne ce qu'il peut"
    if price.amount is not None:
        return f"{_fr(price.amount)} €{per}"
    if price.min is not None and price.max is not None:
        return f"De {_fr(price.min)} à {_fr(price.max)} €{per}"
    return ""  # pragma: no cover - the loader refuses any other shape


def duration_fr(duration: Duration, per: dict[str, str] | None = None) -> str:
    details = labels.AMOUNT_DETAILS.get(duration.details or "exactly", "")
    amount = _fr(duration.amount)
    if duration.max is not None:
        amount = f"{amount} et {_fr(duration.max)}"
    text = " ".join(filter(None, (details, amount, labels.TIME_UNITS[duration.unit])))
    if duration.per and per:
        text += f" {per[duration.per]}"
    return text


def language_names(codes: Sequence[str], locale: str = "fr") -> list[str]:
    """Names of ISO 639 codes in `locale` (Babel/CLDR), the code itself when CLDR lacks it."""
    names = Locale.parse(locale).languages
    return [names.get(code, code) for code in codes]


def publics_fr(audience: Audience) -> str | None:
    """EPA / BPI / BPT detail, specific publics, age and the fiche's own words, in French."""
    parts: list[str] = []
    statuses = answered(audience.public_status) or ()
    covered: set[str] = set()
    named = []
    for public in audience.contract_publics:
        named.append(labels.CONTRACT_PUBLICS[public])
        covered.update(vocab.PUBLIC_SHORTCUTS[public])
    named += [labels.PUBLIC_STATUSES[code] for code in statuses if code not in covered]
    if named:
        parts.append("Publics : " + ", ".join(named) + ".")
    specific = answered(audience.specific_public) or ()
    if specific:
        parts.append(
            "Public spécifique : " + ", ".join(labels.SPECIFIC_PUBLICS[s] for s in specific) + "."
        )
    age = answered(audience.age)
    if age is not None:
        if age.min is not None and age.max is not None:
            parts.append(f"De {age.min} à {age.max} ans.")
        elif age.min is not None:
            parts.append(f"À partir de {age.min} ans.")
        elif age.max is not None:
            parts.append(f"Jusqu'à {age.max} ans.")
    if audience.precisions:
        parts.append(audience.precisions.strip())
    return " ".join(parts) or None


def conditions_fr(action: Action) -> str | None:
    parts: list[str] = []
    conditions = answered(action.practicalities.conditions) or ()
    if conditions:
        parts.append("Conditions : " + ", ".join(labels.CONDITIONS[c] for c in conditions) + ".")
    levels = answered(action.audience.french_level) or ()
    if levels:
        parts.append("Niveau de français : " + ", ".join(levels) + ".")
    if action.practicalities.conditions_text:
        parts.append(action.practicalities.conditions_text.strip())
    return " ".join(parts) or None


def rhythm_fr(action: Action) -> str | None:
    """Duration, frequency and days of presence: « Durée : 3 mois. Rythme : … »."""
    pr = action.practicalities
    parts = []
    commitment = answered(pr.commitment)
    if commitment is not None:
        parts.append(f"Durée : {duration_fr(commitment)}.")
    frequency = answered(pr.frequency)
    if frequency is not None:
        parts.append(f"Rythme : {duration_fr(frequency, labels.FREQUENCY_PERIODS)}.")
    days = answered(pr.days)
    if days:
        parts.append("Jours : " + ", ".join(labels.DAYS[d] for d in days) + ".")
    return " ".join(parts) or None


def _flat(text: str) -> str:
    return " ".join(richtext.to_plain(text).split())


def description_fr(action: Action) -> str:
    """What it is, why it helps, and the languages spoken: plain text for any catalogue."""
    content = action.content
    parts = [richtext.to_plain(content.what)]
    if content.why:
        parts.append(
            "Pourquoi c'est intéressant :\n"
            + "\n".join(f"- {s.title} : {_flat(s.text)}" for s in content.why)
        )
    rhythm = rhythm_fr(action)
    if rhythm:
        parts.append(rhythm)
    if action.practicalities.languages:
        names = language_names(action.practicalities.languages)
        parts.append(f"Langues parlées : {', '.join(names)}.")
    text = "\n\n".join(parts)
    if len(text) > DESCRIPTION_MAX:
        text = text[: DESCRIPTION_MAX - 1].rstrip() + "…"
    return text


def how_fr(action: Action) -> str | None:
    parts = [f"{s.title} : {_flat(s.text)}" for s in action.content.how]
    if action.practicalities.access.referral:
        parts.append(f"Pour les professionnels : {action.practicalities.access.referral.strip()}")
    return "\n".join(parts) or None


def service_name(action: Action) -> str:
    """The brand (name of the action) when it fits data·inclusion's 3-150 characters."""
    brand = action.content.brand
    if brand and brand.strip() in (action.carrier.name, action.carrier.acronym):
        brand = None  # the brand is only the structure's name: the title says what it is
    for candidate in (brand, action.content.title):
        if candidate and NAME_MIN <= len(candidate.strip()) <= NAME_MAX:
            name = candidate.strip()
            break
    else:
        name = (brand or action.content.title).strip()
        if len(name) > NAME_MAX:
            name = name[: NAME_MAX - 1].rstrip() + "…"
    return name.rstrip(".") if not name.endswith("etc.") else name


def slugify(text: str) -> str:
    """« Maison des Citoyens, ville de Vichy » -> `maison-des-citoyens-ville-de-vichy`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def http_url(url: str | None) -> str | None:
    return url if url and url.startswith(("http://", "https://")) else None


def drop_empty(record: Record) -> Record:
    return {k: v for k, v in record.items() if v is not None and v != [] and v != ""}


def place_address(place: Place) -> str:
    """« 12 rue X, 03200 Vichy » (what the fiche gives of it)."""
    city = " ".join(p for p in (place.postcode, place.city) if p)
    return ", ".join(p for p in (place.address, city) if p)

"""Translations of fiche texts: which French texts exist, and the fingerprint that dates them.

A translation file is `translations/<lang>/<action-id>.yml`:

    reviewed: false          # true once a human translator has checked every field
    fields:
      content.title:
        from: 3f2a9c1b7d4e   # fingerprint of the French text it translates
        text: ...

When the French changes, its fingerprint changes and the translation is stale.
"""

from __future__ import annotations

import hashlib
import unicodedata

from ctai_site.model import Action

FINGERPRINT_LENGTH = 12


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a French text (whitespace and Unicode form ignored)."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def translatable_fields(action: Action) -> dict[str, str]:
    """Field path -> French text, for every text of a fiche that a reader sees."""
    content = action.content
    fields = {
        "content.title": content.title,
        "content.summary": content.summary,
        "content.what": content.what,
    }
    if content.brand:
        fields["content.brand"] = content.brand
    for name, sections in (("why", content.why), ("how", content.how)):
        for i, section in enumerate(sections, start=1):
            fields[f"content.{name}[{i}].title"] = section.title
            fields[f"content.{name}[{i}].text"] = section.text
    optional = {
        "audience.precisions": action.audience.precisions,
        "practicalities.conditions_text": action.practicalities.conditions_text,
        "practicalities.access.referral": action.practicalities.access.referral,
    }
    area = action.practicalities.area
    if area is not None and area != "not_relevant":
        optional["practicalities.area.description"] = area.description
    for i, place in enumerate(action.places, start=1):
        optional[f"places[{i}].accessibility"] = place.accessibility
        optional[f"places[{i}].practical"] = place.practical
    fields.update({k: v for k, v in optional.items() if v})
    return fields

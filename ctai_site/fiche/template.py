"""The fiche `ctai-site new` writes, and its placeholder texts, which `validate` refuses.

An untouched template is valid YAML with valid values: without this check it would publish
« Nom de l'action » on the site and in Réfugiés.info. The template is written from
`PLACEHOLDERS`, the same table the check reads, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ctai_site.fiche import versions
from ctai_site.fiche.reading import Path_, format_path
from ctai_site.fiche.schema import SUMMARY_MAX


@dataclass(frozen=True)
class Placeholder:
    """A text of the template: where it stands and what the carrier writes instead."""

    key: str  # its name in TEMPLATE
    field: str  # its field, list items written « [] »: content.why[].title
    text: str  # what `ctai-site new` writes
    instead: str  # what `ctai-site validate` asks for: « écrivez {instead} »


_ARGUMENT = "un argument en quelques mots (« Parler français au travail »)"
PLACEHOLDERS = (
    Placeholder(
        "carrier",
        "carrier.name",
        "Nom de la structure porteuse",
        "le nom de la structure qui porte l'action",
    ),
    Placeholder(
        "title",
        "content.title",
        "Verbe à l'infinitif + ce que la personne fait",
        "ce que la personne fait, en commençant par un verbe à l'infinitif "
        "(« Apprendre le français pour travailler »)",
    ),
    Placeholder(
        "brand",
        "content.brand",
        "Nom de l'action",
        "le nom de l'action ou, à défaut, de la structure",
    ),
    Placeholder(
        "summary",
        "content.summary",
        f"Une phrase de {SUMMARY_MAX} caractères au plus.",
        f"ce que propose l'action, en une phrase de {SUMMARY_MAX} caractères au plus",
    ),
    Placeholder(
        "what",
        "content.what",
        "Ce que c'est, en phrases courtes.",
        "ce qu'est l'action, en phrases courtes",
    ),
    Placeholder("why_1", "content.why[].title", "Premier argument", _ARGUMENT),
    Placeholder("why_2", "content.why[].title", "Deuxième argument", _ARGUMENT),
    Placeholder("why_3", "content.why[].title", "Troisième argument", _ARGUMENT),
    Placeholder(
        "why_text",
        "content.why[].text",
        "Pourquoi c'est utile.",
        "en une ou deux phrases pourquoi c'est utile à la personne",
    ),
    Placeholder(
        "how",
        "content.how[].title",
        "Prendre contact",
        "l'étape, en commençant par un verbe (« S'inscrire à l'accueil du centre social »)",
    ),
    Placeholder(
        "how_text",
        "content.how[].text",
        "Comment s'inscrire ou venir.",
        "comment s'inscrire ou venir : le lieu, les jours, qui contacter",
    ),
)

TEMPLATE = """\
# Fiche action : chaque clé est décrite dans le format des fiches (ctai-site aide format).
format: {format}                # version du format (ctai-site migrate met à jour une fiche ancienne)
kind: service            # service (le public peut y aller) ou project (pour les professionnels)
status: active
updated: {today}
{contract}carrier:
  name: {carrier}
content:
  title: {title}
  brand: {brand}
  summary: {summary}
  what: |
    {what}
  why:
    - title: {why_1}
      text: {why_text}
    - title: {why_2}
      text: {why_text}
    - title: {why_3}
      text: {why_text}
  how:
    - title: {how}
      text: {how_text}
themes:
  main: admin
audience:
  public_status: [EPA]
"""


def contract_block(axes: tuple[int, ...] = (), years: tuple[int, ...] = ()) -> str:
    """The `contract:` lines: the territory's first axis and its years when it has a contract
    (the carrier picks the right axis), else a comment saying when to add one."""
    if not axes:
        return "# contract:             # si le contrat du territoire finance l'action (territory.yml)\n"
    numbers = ", ".join(map(str, axes))
    return (
        "contract:\n"
        f"  axis: {axes[0]}                # axe du contrat : {numbers} (voir territory.yml)\n"
        f"  years: [{', '.join(map(str, years))}]\n"
    )


def new_fiche(
    today: str,
    carrier: str | None = None,
    *,
    axes: tuple[int, ...] = (),
    years: tuple[int, ...] = (),
) -> str:
    """The text of a new fiche: the template, dated, with the carrier's name if given and the
    territory's contract (`axes`, `years`) if it has one."""
    texts = {p.key: p.text for p in PLACEHOLDERS}
    if carrier:
        texts["carrier"] = carrier
    return TEMPLATE.format(
        today=today, contract=contract_block(axes, years), format=versions.CURRENT, **texts
    )


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


_BY_FIELD = {(p.field, _words(p.text)): p for p in PLACEHOLDERS}


# The first word of each placeholder: a text that starts otherwise is no placeholder, and is
# let through without normalising it (`validate` on 1,000 fiches checks 44,000 texts).
_FIRST_WORDS = frozenset(words.split(" ", 1)[0] for _, words in _BY_FIELD)


def _texts(value: dict[str, Any] | list[Any], path: Path_, out: list[tuple[Path_, str]]) -> None:
    """The texts inside `value` that may be placeholders, with their path, into `out`."""
    items: Any = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, str):
            first = item.split(None, 1)
            if first and first[0].casefold() in _FIRST_WORDS:
                out.append((path + (key,), item))
        elif isinstance(item, dict | list):
            _texts(item, path + (key,), out)


def leftovers(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    """One problem per field that still holds a text of the template."""
    texts: list[tuple[Path_, str]] = []
    _texts(data, (), texts)
    for path, text in texts:
        field = re.sub(r"\[\d+\]", "[]", format_path(path))
        placeholder = _BY_FIELD.get((field, _words(text)))
        if placeholder:
            yield path, f"texte du modèle à remplacer : écrivez {placeholder.instead}"

"""Gettext PO files for translators who work in Poedit, Weblate or Crowdin rather than in git.

One PO entry per French text:

    #. Fiche « Se soigner quand on vient d'arriver en France »
    #. résumé : 110 caractères au plus
    #: actions/pas-hopital.yml:9
    #, fuzzy
    #| msgid "Un médecin vous reçoit."
    msgctxt "pas-hopital:content.summary"
    msgid "Un médecin de l’hôpital vous reçoit pour vous soigner et vous orienter."
    msgstr "..."

`msgctxt` is the file (a fiche id, `_territory` or `_site`) and the field; `msgid` the French
now; `msgstr` the translation. The `reviewed` state of a file travels as gettext's `fuzzy` flag
(Poedit's « needs work »): a translation nobody has reviewed yet, or one made from an older
French, is fuzzy; a reviewed one is not; a missing one is empty. `po_import.py` reads it back.

A stale translation shows translators the French it was made from (`#| msgid`) when that
French is known: the `was:` of its entry in any language (import and skeleton write it), or
the French of another text with that fingerprint. Fingerprints alone cannot give it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import generate_po, normalize

from ctai_site import __version__
from ctai_site.fiche.messages import suggest
from ctai_site.fiche.model import Catalog as Fiches
from ctai_site.fiche.schema import SUMMARY_MAX
from ctai_site.fiche.territory import Territory
from ctai_site.translation.store import (
    PLACEHOLDER,
    RICH_FIELDS,
    SITE,
    TERRITORY,
    TRANSLATED,
    Translations,
    fingerprint,
    translatable_fields,
)

SEPARATOR = ":"  # msgctxt = "<file key>:<field>"; no key or field path holds one
PO_WIDTH = 76  # gettext's own line width


class TermBase(Protocol):
    """Key terms of a language (`translation.terms.TermBase` reads translations/_terms.yml):
    one line per term a French text uses, as `lang`'s translator should write it."""

    def hints(self, french: str, lang: str) -> list[str]: ...


@dataclass(frozen=True)
class Part:
    """The French texts of one translation file: a fiche, the territory's or the interface's."""

    key: str  # action id, TERRITORY or SITE
    heading: str  # what a translator reads first: « Fiche « title » »
    french: Mapping[str, str]  # field -> French
    references: Mapping[str, str] = field(default_factory=dict)  # field -> "file:line"
    names: Mapping[str, str] = field(default_factory=dict)  # places[N] -> the place's name


def language_name(lang: str) -> str:
    """The language's name in French: « arabe », « tigrigna »."""
    return Locale.parse(lang).get_display_name("fr") or lang


def context(key: str, name: str) -> str:
    return f"{key}{SEPARATOR}{name}"


def split_context(value: str) -> tuple[str, str]:
    key, _, name = value.partition(SEPARATOR)
    return key, name


def parts(
    fiches: Fiches,
    translations: Translations,
    territory: Territory,
    *,
    archived: bool = False,
) -> list[Part]:
    """Every translation file's French, in the order a translator goes through them: the
    fiches, then the territory, then the interface. Archived fiches only with `archived`
    (they are on no page, but a PO exported before they were archived still names them)."""
    out = []
    for action in fiches.actions:
        if action.status == "archived" and not archived:
            continue
        texts = translatable_fields(action)
        out.append(
            Part(
                action.id,
                f"Fiche « {action.content.title} »",
                texts,
                {k: f"{action.source}:{action.line_of(k)}" for k in texts},
                {f"places[{i}]": p.name for i, p in enumerate(action.places, start=1)},
            )
        )
    texts = territory.texts()
    axes = {
        f"contract.axes.{a.number}": f"contract.axes[{i}].name"
        for i, a in enumerate(territory.contract.axes if territory.contract else (), start=1)
    }
    lines = {k: territory.lines.get(axes.get(k, k)) for k in texts}
    out.append(
        Part(
            TERRITORY,
            f"Territoire « {territory.name} » (son nom, son contrat, son glossaire)",
            texts,
            {k: f"{territory.file}:{n}" for k, n in lines.items() if n},
        )
    )
    out.append(
        Part(SITE, "Interface du site (menus, étiquettes, messages)", translations.site_source)
    )
    return out


# --- What a translator reads above each text ---------------------------------------------------

_FICHE_FIELDS = {
    "content.title": "titre de la fiche",
    "content.brand": "nom du service, tel que le lieu l'affiche (souvent gardé en français)",
    "content.summary": f"résumé : {SUMMARY_MAX} caractères au plus, traduction comprise",
    "content.what": "« Ce que c'est »",
    "audience.precisions": "public : précisions",
    "practicalities.conditions_text": "conditions pour en bénéficier",
    "practicalities.access.referral": "qui oriente les personnes vers ce service",
    "practicalities.area.description": "zone couverte",
}
_SECTIONS = {"why": "« Pourquoi y aller », raison", "how": "« Comment faire », étape"}
_PLACE_FIELDS = {"accessibility": "accessibilité", "practical": "informations pratiques"}
_TERRITORY_FIELDS = {
    "name": "nom du territoire : gardez-le tel quel, sauf si votre langue l'écrit autrement",
    "presentation": "présentation des services (page d'accueil)",
    "contract.title": "titre du contrat",
    "contract.description": "ce que fait le contrat",
}
_VARIABLES = {
    "territory": "le nom du territoire",
    "n": "un nombre",
    "year": "une année",
    "date": "une date",
    "size": "une taille de fichier",
}
RICH_NOTE = (
    "Markdown léger : gardez **gras**, *italique*, les listes « - », « ### », les liens "
    "[texte](https://…) et le début « > Bon à savoir : » ou « > Important : » en français"
)


def describe(part: Part, name: str) -> str:
    """What the field is, in a few French words."""
    if part.key in (SITE, TERRITORY) and name.startswith("glossary."):
        return f"sigle « {name.split('.', 1)[1]} » expliqué au lecteur : gardez le sigle"
    if part.key == SITE:
        return f"texte de l'interface « {name} »"
    if part.key == TERRITORY:
        if name.startswith("contract.axes."):
            return f"intitulé de l'axe {name.rsplit('.', 1)[1]} du contrat"
        return _TERRITORY_FIELDS.get(name, name)
    if name in _FICHE_FIELDS:
        return _FICHE_FIELDS[name]
    head, _, leaf = name.partition("].")
    if head.startswith("content."):
        kind, number = head[len("content.") :].split("[")
        return f"{_SECTIONS[kind]} {number} : {'titre' if leaf == 'title' else 'texte'}"
    place = part.names.get(head + "]")
    where = f"lieu « {place} »" if place else head
    return f"{where} : {_PLACE_FIELDS.get(leaf, leaf)}"


def comments(
    part: Part, name: str, lang: str, *, note: str | None = None, terms: TermBase | None = None
) -> list[str]:
    """The translator comments (`#.`) of one entry."""
    french = part.french[name]
    out = [part.heading, describe(part, name)]
    if RICH_FIELDS.match(name):
        out.append(RICH_NOTE)
    variables = sorted(set(PLACEHOLDER.findall(french)))
    if variables:
        shown = ", ".join(
            f"{{{v}}} ({_VARIABLES[v]})" if v in _VARIABLES else f"{{{v}}}" for v in variables
        )
        out.append(f"à garder telles quelles : {shown}")
    if terms is not None:
        out += terms.hints(french, lang)
    if note:
        out.append(note)
    return out


# --- Export ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exported:
    data: bytes
    lang: str
    translated: int  # reviewed: to keep as is
    fuzzy: int  # to review: not reviewed yet, or made from an older French
    untranslated: int

    def report(self, out: str) -> str:
        """What `ctai-site translations export` prints."""
        n = self.translated + self.fuzzy + self.untranslated
        return (
            f"{out} écrit : {n} texte(s) en {language_name(self.lang)}, {self.translated} "
            f"relu(s), {self.fuzzy} à revoir (fuzzy), {self.untranslated} à traduire\n"
            f"Traduisez-le (Poedit, Weblate, Crowdin), puis : ctai-site translations import {out}"
        )


def known_french(translations: Translations, current: Iterable[Part]) -> dict[str, str]:
    """Fingerprint -> French, for every French text known: now, or recorded as `was`."""
    out = {}
    for translation in translations.files.values():
        for found in translation.fields.values():
            if found.was is not None:
                out[found.source] = found.was.strip()
    for part in current:
        out.update({fingerprint(text): text.strip() for text in part.french.values()})
    return out


def _catalog(lang: str, project: str, created: dt.datetime, header: str) -> Catalog:
    catalog = Catalog(
        locale=Locale.parse(lang),
        project=project,
        version=__version__,
        creation_date=created,
        revision_date=created,
        header_comment=header,
        fuzzy=False,
        charset="utf-8",
    )
    # Babel's defaults are placeholders (EMAIL@ADDRESS) that `msgfmt --check` warns about;
    # Poedit fills these in when a translator saves.
    catalog.msgid_bugs_address = ""
    catalog.last_translator = ""
    catalog.language_team = ""
    return catalog


def export_po(
    chosen: Sequence[Part],
    translations: Translations,
    lang: str,
    *,
    project: str,
    created: dt.datetime,
    terms: TermBase | None = None,
    every: Sequence[Part] = (),
) -> Exported:
    """The PO file of `lang` for the parts `chosen` (`every`: all parts, to find old French)."""
    name = language_name(lang)
    header = "\n".join(
        f"# {line}"
        for line in (
            f"{project} : traductions en {name} ({lang}), depuis le français.",
            "Traduisez chaque texte (msgstr). « fuzzy » (« à revoir ») : traduction",
            "pas encore relue, ou faite sur un ancien français (« #| msgid »).",
            "Enlevez la marque une fois la traduction relue.",
            "Puis : ctai-site translations import FICHIER.po",
        )
    )
    catalog = _catalog(lang, project, created, header)
    previous = known_french(translations, list(every) or chosen)
    counts = {"translated": 0, "fuzzy": 0, "untranslated": 0}
    before_of: dict[str, str] = {}  # context -> the French a stale translation was made from
    for part in chosen:
        translation = translations.get(lang, part.key)
        for key, french in part.french.items():
            found = translation.fields.get(key) if translation else None
            text = found.text.strip() if found else ""
            flags, note, before = [], None, ""
            if PLACEHOLDER.search(french):
                flags.append("python-brace-format")  # msgfmt --check and Poedit check them
            if not text:
                counts["untranslated"] += 1
            elif found is not None and found.source != fingerprint(french):
                flags.append("fuzzy")
                before = previous.get(found.source, "")
                if before:
                    before_of[context(part.key, key)] = before
                note = (
                    "le français a changé depuis cette traduction"
                    + ("" if before else " (l'ancien français n'est pas connu)")
                    + " : revoyez-la, puis enlevez « fuzzy »"
                )
                counts["fuzzy"] += 1
            elif translation is not None and not translation.reviewed:
                flags.append("fuzzy")
                note = "traduction pas encore relue : enlevez « fuzzy » une fois relue"
                counts["fuzzy"] += 1
            else:
                counts["translated"] += 1
            reference = part.references.get(key)
            file, _, line = reference.rpartition(":") if reference else ("", "", "")
            message = catalog.add(
                french.strip(),
                text,
                locations=[(file, int(line))] if reference else [],
                flags=flags,
                auto_comments=comments(part, key, lang, note=note, terms=terms),
                context=context(part.key, key),
            )
            # Babel flags « 62 % des critères » as printf-style (`Message.python_format`), and
            # msgfmt --check then refuses its translations: no text here is %-formatted.
            message.flags.discard("python-format")
    return Exported(_po_text(catalog, before_of).encode("utf-8"), lang, **counts)


def _po_text(catalog: Catalog, before_of: Mapping[str, str]) -> str:
    """The catalog as PO text, with each stale entry's `#| msgid` (the previous French).

    Babel writes `#| msgid` through its comment wrapper, which breaks a long one in the middle
    of its quotes (babel/messages/pofile.py, `generate_po`, `include_previous`; reading them
    is python-babel/babel#206): they are written here, as gettext writes them, just before
    the entry's msgctxt.
    """
    contexts = iter(m.context for m in catalog if m.id)
    lines = []
    for line in generate_po(catalog, width=PO_WIDTH):
        if line.startswith("msgctxt "):
            before = before_of.get(next(contexts) or "")
            if before:
                lines.append(f"#| msgid {normalize(before, prefix='#| ', width=0)}\n")
        lines.append(line)
    return "".join(lines)


def export_catalogue(
    fiches: Fiches,
    translations: Translations,
    territory: Territory,
    lang: str,
    *,
    only: str | None = None,
    terms: TermBase | None = None,
) -> Exported:
    """The PO file of `lang`: every fiche on the site, the territory and the interface, or
    the one file `only` (a fiche id, TERRITORY or SITE). Dated by the latest fiche, so that
    exporting twice writes the same bytes. `ValueError`: an unknown language or file."""
    if lang not in TRANSLATED:
        raise ValueError(f"langue « {lang} » inconnue : {', '.join(TRANSLATED)}")
    every = parts(fiches, translations, territory)
    chosen = [p for p in every if p.key == only] if only else every
    if not chosen:
        hint = suggest(only or "", [p.key for p in parts(fiches, translations, territory)])
        raise ValueError(f"« {only} » : ni une fiche du site, ni {TERRITORY}, ni {SITE}{hint}")
    latest = max((a.updated for a in fiches.actions), default=dt.date(2000, 1, 1))
    return export_po(
        chosen,
        translations,
        lang,
        project=f"ctai-site {territory.name}",
        created=dt.datetime.combine(latest, dt.time(), tzinfo=dt.UTC),
        terms=terms,
        every=every,
    )

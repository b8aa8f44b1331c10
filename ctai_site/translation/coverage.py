"""Coverage: which texts are translated, reviewed, stale or missing, per language; what the
coordinator reads (`ctai-site translations`, the status page) and what a translator fills in
(the skeleton of a translation file)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ctai_site.fiche.errors import Problem
from ctai_site.fiche.model import Catalog
from ctai_site.translation.store import (
    MISSING,
    REVIEWED,
    SITE,
    STALE,
    TERRITORY,
    TRANSLATED,
    UNREVIEWED,
    Text,
    Translation,
    Translations,
    fingerprint,
    localize,
    localize_territory,
    resolve,
    translatable_fields,
)
from ctai_site.translation.terms import FILE as TERMS_FILE
from ctai_site.translation.terms import TermBase
from ctai_site.translation.yamlfile import yaml_text


@dataclass(frozen=True)
class FicheCoverage:
    action_id: str
    state: str  # REVIEWED, UNREVIEWED, STALE (incomplete or out of date) or MISSING
    stale: tuple[str, ...] = ()  # field paths
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    lang: str
    fiches: tuple[FicheCoverage, ...]
    strings_state: str
    strings_stale: tuple[str, ...]
    strings_missing: tuple[str, ...]
    orphans: tuple[str, ...]  # translation files whose fiche is gone
    territory: FicheCoverage | None = None  # the territory's texts (name, axes, glossary)

    def count(self, state: str) -> int:
        return sum(1 for f in self.fiches if f.state == state)


def _state(texts: Mapping[str, Text]) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    stale = tuple(k for k, t in texts.items() if t.state == STALE)
    missing = tuple(k for k, t in texts.items() if t.state == MISSING)
    if len(missing) == len(texts):
        return MISSING, stale, missing
    if stale or missing:
        return STALE, stale, missing
    if any(t.state == UNREVIEWED for t in texts.values()):
        return UNREVIEWED, stale, missing
    return REVIEWED, stale, missing


def language_coverage(
    catalog: Catalog, translations: Translations, territory: Mapping[str, str] | None = None
) -> tuple[Coverage, ...]:
    """Per translated language: the state of every fiche, of the interface strings and of the
    territory's texts (`territory`: the French, by key)."""
    ids = {a.id for a in catalog.actions}
    out = []
    for lang in TRANSLATED:
        fiches = []
        for action in catalog.actions:
            state, stale, missing = _state(localize(action, lang, translations).texts)
            fiches.append(FicheCoverage(action.id, state, stale, missing))
        site = resolve(translations.site_source, translations.get(lang, SITE), lang)
        s_state, s_stale, s_missing = _state(site)
        orphans = tuple(
            sorted(
                k
                for (lg, k) in translations.files
                if lg == lang and k not in (SITE, TERRITORY) and k not in ids
            )
        )
        own = None
        if territory:
            texts = localize_territory(territory, lang, translations)
            own = FicheCoverage(TERRITORY, *_state(texts))
        out.append(Coverage(lang, tuple(fiches), s_state, s_stale, s_missing, orphans, own))
    return tuple(out)


def term_problems(
    catalog: Catalog,
    translations: Translations,
    territory: Mapping[str, str] | None = None,
    only: str | None = None,
) -> list[Problem]:
    """Each fresh translation that departs from the term base (`_terms.yml`): a term without
    its agreed rendering, with a rendering that misleads, or without the French the base keeps.
    Warnings, not errors: the site builds; stale and missing texts show the French anyway."""
    base = translations.terms
    if not base.terms:
        return []
    sources: list[tuple[str, Mapping[str, str]]] = [(SITE, translations.site_source)]
    if territory:
        sources.append((TERRITORY, territory))
    sources += [(a.id, translatable_fields(a)) for a in catalog.actions]
    out = []
    for lang in TRANSLATED:
        if only not in (None, lang):
            continue
        for key, source in sources:
            translation = translations.get(lang, key)
            if translation is None:
                continue
            for name, french in source.items():
                found = translation.fields.get(name)
                if found is None or not found.text.strip() or found.source != fingerprint(french):
                    continue
                for message in base.problems(french, found.text, lang):
                    out.append(Problem(translation.file, found.line, name, message))
    return sorted(out, key=lambda p: (p.file, p.line))  # a text's terms in reading order


def _terms_summary(translations: Translations, problems: Sequence[Problem]) -> list[str]:
    base = translations.terms
    files = ", ".join(base.files) or f"{translations.root}/{TERMS_FILE}"
    if not base.terms:
        return [f"Base de termes : aucune ({files} absent)"]
    head = f"Base de termes ({files} : {len(base)} termes) : "
    if not problems:
        return [head + "aucun écart, l'interface et les fiches disent les mêmes mots"]
    return [
        head + f"{len(problems)} écart(s) : corrigez la traduction (ou la base, si elle a tort)",
        *(f"  {p}" for p in problems),
    ]


_STATE_WORDS = {
    REVIEWED: "relue",
    UNREVIEWED: "non relue",
    STALE: "périmée",
    MISSING: "manquante",
}


def format_coverage(
    report: Iterable[Coverage],
    translations: Translations,
    only: str | None = None,
    terms: Sequence[Problem] | None = None,
) -> str:
    """The coverage table for `ctai-site translations`, then what to do, with file:line, then
    (`terms`: from `term_problems`) where a translation departs from the term base."""
    report = [c for c in report if only in (None, c.lang)]
    n = len(report[0].fiches) if report else 0
    lines = [
        f"Traductions : {n} fiche(s), source en français",
        "",
        f"{'langue':<8}{'relues':>8}{'non relues':>12}{'périmées':>10}{'manquantes':>12}  interface",
    ]
    for c in report:
        lines.append(
            f"{c.lang:<8}{c.count(REVIEWED):>8}{c.count(UNREVIEWED):>12}{c.count(STALE):>10}"
            f"{c.count(MISSING):>12}  {_STATE_WORDS[c.strings_state]}"
        )
    todo = []
    for c in report:
        entries = [(f.action_id, f.state, f.stale, f.missing) for f in c.fiches]
        entries.append((SITE, c.strings_state, c.strings_stale, c.strings_missing))
        if c.territory is not None:
            own = c.territory
            entries.append((TERRITORY, own.state, own.stale, own.missing))
        for key, state, stale, missing in entries:
            if state != STALE:
                continue
            translation = translations.get(c.lang, key)
            path = translations.path_of(c.lang, key)
            for name in stale:
                line = translation.fields[name].line if translation else 1
                todo.append(f"{path}:{line}: {name}: périmée (le français a changé)")
            if missing:
                todo.append(f"{path}: à traduire : {', '.join(missing)}")
        untranslated = [f.action_id for f in c.fiches if f.state == MISSING]
        if c.strings_state == MISSING:
            untranslated.insert(0, SITE)
        if untranslated:
            todo.append(f"{c.lang} : sans traduction : {', '.join(untranslated)}")
        for orphan in c.orphans:
            path = translations.path_of(c.lang, orphan)
            todo.append(f"{path}: aucune fiche ne porte cet identifiant")
    if todo:
        lines += [
            "",
            "À faire (ctai-site translations --skeleton LANGUE FICHE prépare le fichier) :",
        ]
        lines += [f"  {t}" for t in todo]
    if terms is not None:
        lines += ["", *_terms_summary(translations, terms)]
    return "\n".join(lines)


def skeleton(
    source: Mapping[str, str],
    translation: Translation | None,
    terms: TermBase | None = None,
    lang: str | None = None,
) -> str:
    """A translation file to complete: fresh texts kept, stale and missing ones to (re)do.

    Each text comes with the French it translates (`was`, which also lets a later PO export
    show translators what changed) and the terms of the term base it uses, as `lang` writes
    them; a stale translation is kept as a comment, so the translator updates it rather than
    starting over. A fresh text that departs from the term base is kept, with what to change in
    comments.
    """
    lines = [f"reviewed: {'true' if translation and translation.reviewed else 'false'}", "fields:"]
    fields = translation.fields if translation else {}
    base = terms if terms is not None and lang is not None else TermBase()
    for key, french in source.items():
        found = fields.get(key)
        new = fingerprint(french)
        lines.append(f"  {key}:")
        lines.append(f'    from: "{new}"')  # quoted: YAML reads 012345678901 as a number
        lines.append(f"    was: {yaml_text(french.strip(), 4)}")
        if found and found.text.strip() and found.source == new:
            lines.extend(
                f"    # à revoir : {p}" for p in base.problems(french, found.text, lang or "")
            )
            lines.append(f"    text: {yaml_text(found.text.strip(), 4)}")
            continue
        lines.extend(f"    # {hint}" for hint in base.hints(french, lang or ""))
        if found and found.text.strip():
            lines.extend(
                f"    # ancienne traduction : {line}" for line in found.text.strip().splitlines()
            )
        lines.append('    text: ""')
    return "\n".join(lines) + "\n"


def fallback_lines(
    catalog: Catalog, translations: Translations, territory: Mapping[str, str] | None = None
) -> list[str]:
    """Which translations are stale or missing, one French line each (the build logs them)."""
    lines = []
    for cov in language_coverage(catalog, translations, territory):
        for fiche in (f for f in cov.fiches if f.stale):
            lines.append(
                f"{translations.path_of(cov.lang, fiche.action_id)} : traduction périmée "
                f"({', '.join(fiche.stale)}), le français est affiché"
            )
        missing = [f.action_id for f in cov.fiches if f.state == MISSING]
        if missing:
            lines.append(
                f"{cov.lang} : {len(missing)} fiche(s) sans traduction, affichée(s) en français : "
                + ", ".join(missing)
            )
        if cov.strings_stale or cov.strings_missing:
            n = len(cov.strings_stale) + len(cov.strings_missing)
            lines.append(
                f"{translations.path_of(cov.lang, SITE)} : {n} texte(s) de l'interface en "
                "français (traduction manquante ou périmée)"
            )
        own = cov.territory
        if own is not None and (own.stale or own.missing):
            n = len(own.stale) + len(own.missing)
            lines.append(
                f"{translations.path_of(cov.lang, TERRITORY)} : {n} texte(s) du territoire en "
                "français (traduction manquante ou périmée)"
            )
        for orphan in cov.orphans:
            lines.append(
                f"{translations.path_of(cov.lang, orphan)} : aucune fiche ne porte cet identifiant"
            )
    return lines

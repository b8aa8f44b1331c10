"""Translations: which French texts exist, the fingerprint that dates them, and what a reader gets.

A fiche's translation is `translations/<lang>/<action-id>.yml`:

    reviewed: false          # true once a human translator has checked every field
    fields:
      content.title:
        from: 3f2a9c1b7d4e   # fingerprint of the French text it translates
        was: ...             # optional: that French itself (import and skeleton write it)
        text: ...

The site's own strings (menus, labels, glossary) use the same format in
`translations/<lang>/_site.yml` (a leading `_` is never an action id); their French source is
`translations/fr/_site.yml`, a plain `strings: {key: text}` table.

When the French changes, its fingerprint changes and the translation is *stale*. A stale or
missing text is shown in French, with a notice: never a silent out-of-date translation, and
never a blocked build (a new French fiche publishes before translators catch up). An empty
`text` counts as missing, so a skeleton can be committed half done.

The fingerprint is the source of truth; `was` only lets a stale translation show translators
the French it was made from (gettext's `#| msgid`, see `po.py`), which a fingerprint cannot
give back. A `was` whose fingerprint is not `from` is refused: it would show the wrong French.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ctai_site.fiche import richtext, vocab
from ctai_site.fiche.errors import FicheError, Problem
from ctai_site.fiche.messages import suggest
from ctai_site.fiche.model import Action
from ctai_site.fiche.reading import MAX_BYTES, read_yaml
from ctai_site.fiche.schema import SUMMARY_MAX
from ctai_site.translation.terms import FILE as TERMS_FILE
from ctai_site.translation.terms import TERRITORY_FILE as TERRITORY_TERMS_FILE
from ctai_site.translation.terms import TermBase, load_term_base

FINGERPRINT_LENGTH = 12
TRANSLATED = tuple(c for c in vocab.LANGUAGE_CODES if c != vocab.SOURCE_LANGUAGE)
SITE = "_site"  # the key of the interface strings' file in each language folder
TERRITORY = "_territory"  # the territory's own texts (name, axes, glossary), in each language
SUFFIX = ".yml"

# States of one text in the reader's language, best first.
SOURCE = "source"  # the French itself
REVIEWED = "reviewed"
UNREVIEWED = "unreviewed"  # machine or not yet checked: a discreet notice
STALE = "stale"  # translated from an older French: French shown, with a notice
MISSING = "missing"  # not translated yet: French shown, with a notice
FALLBACK_STATES = frozenset({STALE, MISSING})

_FINGERPRINT = re.compile(rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")
FIELD_PATH = re.compile(
    r"^(content\.(title|brand|summary|what)"
    r"|content\.(why|how)\[[1-9]\d*\]\.(title|text)"
    r"|audience\.precisions|practicalities\.conditions_text"
    r"|practicalities\.access\.referral|practicalities\.area\.description"
    r"|places\[[1-9]\d*\]\.(accessibility|practical))$"
)
TERRITORY_FIELD = re.compile(
    r"^(name|presentation|contract\.(title|description|axes\.\d+)|glossary\.[A-Z][A-Za-z0-9]{1,11})$"
)
RICH_FIELDS = re.compile(r"^content\.(what|(why|how)\[\d+\]\.text)$")
_STRING_KEY = re.compile(r"^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


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


# --- The model of translation files ----------------------------------------------------------


@dataclass(frozen=True)
class FieldTranslation:
    text: str  # "" = not translated yet
    source: str  # fingerprint of the French it was translated from
    line: int
    was: str | None = None  # that French, when the file records it (fingerprint(was) == source)


@dataclass(frozen=True)
class Translation:
    """One file: a fiche (or the site's strings) in one language."""

    lang: str
    key: str  # action id, or SITE
    file: str
    reviewed: bool
    fields: Mapping[str, FieldTranslation]


@dataclass(frozen=True)
class Text:
    """A text as a reader gets it: translated, or the French and the reason why."""

    value: str
    lang: str  # the language the value is written in
    state: str  # SOURCE, REVIEWED, UNREVIEWED, STALE or MISSING

    @property
    def fallback(self) -> bool:
        return self.state in FALLBACK_STATES


@dataclass(frozen=True)
class Translations:
    """Every translation file, and the French interface strings they translate."""

    site_source: Mapping[str, str]
    files: Mapping[tuple[str, str], Translation] = field(default_factory=dict)
    root: str = "translations"
    terms: TermBase = field(default_factory=TermBase)  # `_terms.yml`: see terms.py

    def get(self, lang: str, key: str) -> Translation | None:
        return self.files.get((lang, key))

    def path_of(self, lang: str, key: str) -> str:
        return f"{self.root}/{lang}/{key}{SUFFIX}"


def resolve(
    source: Mapping[str, str], translation: Translation | None, lang: str
) -> dict[str, Text]:
    """Each French text in `lang`: its fresh translation, or the French marked stale/missing."""
    if lang == vocab.SOURCE_LANGUAGE:
        return {k: Text(v, lang, SOURCE) for k, v in source.items()}
    out = {}
    fields = translation.fields if translation else {}
    fresh = REVIEWED if translation and translation.reviewed else UNREVIEWED
    for key, french in source.items():
        found = fields.get(key)
        if found is None or not found.text.strip():
            out[key] = Text(french, vocab.SOURCE_LANGUAGE, MISSING)
        elif found.source != fingerprint(french):
            out[key] = Text(french, vocab.SOURCE_LANGUAGE, STALE)
        else:
            out[key] = Text(found.text, lang, fresh)
    return out


@dataclass(frozen=True)
class LocalizedAction:
    """A fiche for a reader of `lang`: the model, plus each of its texts in that language."""

    action: Action
    lang: str
    texts: Mapping[str, Text]

    def text(self, path: str) -> Text:
        return self.texts[path]

    @property
    def has_fallback(self) -> bool:
        return any(t.fallback for t in self.texts.values())

    @property
    def unreviewed(self) -> bool:
        return any(t.state == UNREVIEWED for t in self.texts.values())


def localize(action: Action, lang: str, translations: Translations) -> LocalizedAction:
    texts = resolve(translatable_fields(action), translations.get(lang, action.id), lang)
    return LocalizedAction(action, lang, texts)


# --- Reading and checking translation files ------------------------------------------------


_Read = tuple[Any, list[Problem], dict[tuple[str | int, ...], int]]
# A file read earlier by this process, by (path, name shown, modification time, size): the live
# preview loads the translations after each save, and parsing their YAML is most of that time
# (three quarters for a site of 15 fiches in 8 languages); what is read is never modified.
_read_cache: dict[tuple[Path, str, int, int], _Read] = {}


def _read(path: Path, file: str) -> _Read:
    stat = path.stat()
    key = (path.resolve(), file, stat.st_mtime_ns, stat.st_size)
    if key not in _read_cache:
        if len(_read_cache) > 10_000:
            _read_cache.clear()
        _read_cache[key] = _read_file(path, file)
    return _read_cache[key]


def _read_file(path: Path, file: str) -> _Read:
    size = path.stat().st_size
    if size > MAX_BYTES:
        return None, [Problem(file, 1, "", f"fichier trop gros ({size // 1024} Ko)")], {}
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(file, 1, "", "le fichier n'est pas en UTF-8")], {}
    data, reader = read_yaml(text, file)
    if reader.problems:
        return None, reader.problems, reader.lines
    return data, [], reader.lines


def check_text(key: str, text: str, french: str | None) -> list[str]:
    """What is wrong with a translation `text` of field `key`, in French (nothing: []).

    `french`: the French it translates, when its `{variables}` must be kept (interface strings).
    The YAML loader and the PO import check the same rules.
    """
    messages = []
    if key == "content.summary" and len(text) > SUMMARY_MAX:
        messages.append(f"résumé trop long : {len(text)} caractères, {SUMMARY_MAX} au plus")
    if RICH_FIELDS.match(key):
        messages += richtext.check(text)
    if french is not None and text.strip():
        wanted = set(PLACEHOLDER.findall(french))
        found = set(PLACEHOLDER.findall(text))
        if wanted != found:
            names = ", ".join(f"{{{n}}}" for n in sorted(wanted)) or "aucune"
            messages.append(f"variables à garder telles quelles : {names}")
    return messages


def _check_field(
    key: str, value: Any, line: int, french: str | None, problem: Any
) -> FieldTranslation | None:
    if not isinstance(value, dict):
        problem(key, "attendu « from: » (empreinte) et « text: » (traduction)", line)
        return None
    for extra in sorted(set(value) - {"from", "was", "text"}):
        problem(f"{key}.{extra}", "clé inconnue (seulement « from », « was » et « text »)", line)
    source, text, was = value.get("from"), value.get("text"), value.get("was")
    ok = True
    if isinstance(source, int | float) and not isinstance(source, bool):
        problem(f"{key}.from", f"empreinte « {source} » : mettez-la entre guillemets", line)
        ok = False
    elif not isinstance(source, str) or not _FINGERPRINT.match(source):
        shown = "absente" if source is None else f"« {source} »"
        problem(
            f"{key}.from",
            f"empreinte {shown} invalide : {FINGERPRINT_LENGTH} caractères de 0-9 et a-f "
            "(recopiez celle donnée par « ctai-site translations --skeleton »)",
            line,
        )
        ok = False
    if was is not None and not isinstance(was, str):
        problem(f"{key}.was", "attendu le texte français traduit", line)
        was = None
    elif isinstance(was, str) and ok and fingerprint(was) != source:
        problem(
            f"{key}.was",
            "ce français n'a pas l'empreinte « from » : recopiez le français traduit, "
            "ou supprimez « was »",
            line,
        )
    if text is None:
        text = ""
    if not isinstance(text, str):
        problem(f"{key}.text", "attendu du texte", line)
        return None
    for message in check_text(key, text, french):
        problem(key, message, line)
    if not ok or not isinstance(source, str):
        return None
    return FieldTranslation(text, source, line, was if isinstance(was, str) else None)


def _check_translation(
    data: Any,
    lines: Mapping[tuple[str | int, ...], int],
    *,
    lang: str,
    key: str,
    file: str,
    known: Mapping[str, str] | None,
) -> tuple[Translation | None, list[Problem]]:
    """`known`: the French strings (for the site file); None for a fiche (paths by pattern)."""
    problems: list[Problem] = []

    def problem(where: str, message: str, line: int) -> None:
        problems.append(Problem(file, line, where, message))

    if not isinstance(data, dict):
        problem("", "attendu « reviewed: » et « fields: »", 1)
        return None, problems
    for extra in sorted(set(data) - {"reviewed", "fields"}):
        problem(extra, f"clé inconnue{suggest(extra, ('reviewed', 'fields'))}", lines[(extra,)])
    reviewed = data.get("reviewed", False)
    if not isinstance(reviewed, bool):
        problem("reviewed", "attendu true ou false", lines.get(("reviewed",), 1))
        reviewed = False
    raw = data.get("fields") or {}
    if not isinstance(raw, dict):
        problem("fields", "attendu des champs « chemin: {from, text} »", lines.get(("fields",), 1))
        raw = {}
    fields: dict[str, FieldTranslation] = {}
    for name, value in raw.items():
        line = lines.get(("fields", name), 1)
        if known is not None and name not in known:
            problem(name, f"texte inconnu de l'interface{suggest(name, known)}", line)
            continue
        pattern = TERRITORY_FIELD if key == TERRITORY else FIELD_PATH
        if known is None and not pattern.match(name):
            examples: tuple[str, ...] = (
                "content.title",
                "content.summary",
                "content.what",
                "content.why[1].text",
            )
            if key == TERRITORY:
                examples = (
                    "name",
                    "presentation",
                    "contract.title",
                    "contract.axes.1",
                    "glossary.CAF",
                )
            problem(name, f"champ inconnu{suggest(name, examples)}", line)
            continue
        checked = _check_field(name, value, line, known.get(name) if known else None, problem)
        if checked is not None:
            fields[name] = checked
    return Translation(lang, key, file, reviewed, fields), problems


def parse_translation(
    text: str, *, lang: str, key: str, file: str, known: Mapping[str, str] | None
) -> tuple[Translation | None, list[Problem]]:
    """One translation file's text, checked as `load_translations` checks it (what a writer
    verifies before it writes)."""
    data, reader = read_yaml(text, file)
    if reader.problems:
        return None, reader.problems
    return _check_translation(data, reader.lines, lang=lang, key=key, file=file, known=known)


def _check_site_source(
    data: Any, lines: Mapping[tuple[str | int, ...], int], file: str
) -> tuple[dict[str, str], list[Problem]]:
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("strings"), dict):
        return {}, [Problem(file, 1, "strings", "attendu « strings: » puis « clé: texte »")]
    for extra in sorted(set(data) - {"strings"}):
        problems.append(Problem(file, lines[(extra,)], extra, "clé inconnue (seulement strings)"))
    out: dict[str, str] = {}
    for key, text in data["strings"].items():
        line = lines.get(("strings", key), 1)
        if not _STRING_KEY.match(str(key)):
            problems.append(Problem(file, line, str(key), "clé invalide (mots séparés par « . »)"))
        elif not isinstance(text, str) or not text.strip():
            problems.append(Problem(file, line, key, "attendu un texte non vide"))
        else:
            out[key] = text
    return out, problems


def _display(path: Path, root: Path | None) -> str:
    try:
        return path.resolve().relative_to((root or Path.cwd()).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def load_translations(
    root: Path,
    *,
    display_root: Path | None = None,
    interface: Path | None = None,
) -> Translations:
    """Read every file under `translations/`; raise `FicheError` with every problem at once.

    `interface` is the folder of the tool's own interface strings (`<lang>/_site.yml`) and term
    base (`_terms.yml`); a site's `translations/<lang>/_site.yml` may override any string, key by
    key; its `_terms.yml` and `_territory_terms.yml` add terms or replace one. Translations of
    fiches that no longer exist are kept (and reported by `coverage`), so that renaming or
    removing a French fiche never blocks the build.
    """
    folders = [root] if interface is None or _same(interface, root) else [interface, root]
    shown_root = _display(root, display_root)
    problems: list[Problem] = []
    site_source: dict[str, str] = {}
    for folder in folders:
        source_file = folder / vocab.SOURCE_LANGUAGE / f"{SITE}{SUFFIX}"
        if not source_file.is_file():
            if folder is folders[0]:
                file = _display(source_file, display_root)
                raise FicheError([Problem(file, 1, "", "textes français du site introuvables")])
            continue
        file = _display(source_file, display_root)
        data, found, lines = _read(source_file, file)
        problems.extend(found)
        strings, found = _check_site_source(data, lines, file)
        problems.extend(found)
        site_source.update(strings)
    todo: list[tuple[str, Path, str]] = []  # (language, file, as shown): read in order
    for base in folders:
        own = base is folders[-1]  # the site's folder: fiches and territory; the tool's: _site
        if not base.is_dir():
            continue
        for folder in sorted(p for p in base.iterdir() if p.is_dir()):
            lang = folder.name
            for path in sorted(folder.glob(f"*{SUFFIX}")):
                file = _display(path, display_root)
                if lang not in vocab.LANGUAGE_CODES:
                    codes = ", ".join(vocab.LANGUAGE_CODES[1:])
                    problems.append(Problem(file, 1, "", f"langue « {lang} » inconnue ({codes})"))
                    break
                if lang == vocab.SOURCE_LANGUAGE:
                    if path.stem != SITE:
                        problems.append(
                            Problem(
                                file, 1, "", "le français est la langue source : rien à traduire"
                            )
                        )
                    continue
                if not own and path.stem != SITE:
                    continue
                todo.append((lang, path, file))

    def check(item: tuple[str, Path, str]) -> tuple[Translation | None, list[Problem]]:
        lang, path, file = item
        data, found, lines = _read(path, file)
        if found:
            return None, found
        known = site_source if path.stem == SITE else None
        return _check_translation(data, lines, lang=lang, key=path.stem, file=file, known=known)

    files: dict[tuple[str, str], Translation] = {}
    for translation, found in map(check, todo):
        problems.extend(found)
        if translation is None:
            continue
        earlier = files.get((translation.lang, translation.key))
        if earlier is not None:  # the site overrides the tool's strings, key by key
            translation = Translation(
                translation.lang,
                translation.key,
                translation.file,
                translation.reviewed,
                {**earlier.fields, **translation.fields},
            )
        files[(translation.lang, translation.key)] = translation
    term_files = [folder / TERMS_FILE for folder in folders] + [root / TERRITORY_TERMS_FILE]
    terms, found = load_term_base([(path, _display(path, display_root)) for path in term_files])
    problems.extend(found)
    if problems:
        raise FicheError(problems)
    return Translations(site_source, files, shown_root, terms)


def localize_territory(
    texts: Mapping[str, str], lang: str, translations: Translations
) -> dict[str, Text]:
    """The territory's texts in `lang`. Its name stays as French writes it unless a language
    writes it otherwise: that is no missing translation."""
    out = resolve(texts, translations.get(lang, TERRITORY), lang)
    if "name" in out and out["name"].state == MISSING:
        out["name"] = Text(texts["name"], lang, SOURCE)
    return out

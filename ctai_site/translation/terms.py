"""The term base: one agreed rendering per language for the words a newcomer must not misread.

`translations/_terms.yml` is the tool's, shipped with the interface strings: legal statuses, the
French administrative words people will hear, national acronyms and services, words with a
second meaning. A site's `translations/_territory_terms.yml` adds its own (its town's name, its
services' names) and may replace a term of the tool by its key; a site may also override the
tool's `_terms.yml` with its own, key by key. Each term says how each language writes it,
whether the French is kept in brackets, and which renderings mislead:

    terms:
      titre-de-sejour:
        fr: titre de séjour
        forms: ["titre* de séjour"]     # French that calls for the term; * = any letters
        note: La carte qui permet de vivre en France.
        en: {text: residence permit, also: [residence card], french: true}
      caf:
        fr: CAF
        keep: true                      # every language keeps « CAF » as it is

Matching is deliberately plain. A French form is a phrase, found on word boundaries, with case
only when it has a capital (« PAS » is not « pas »); where two terms overlap, the longer wins
(« permanence d'accès aux soins » is the PAS, not a « permanence »). A rendering is found
anywhere in the translation, case, Arabic vowel marks and Persian half-spaces ignored, so that
a stem (« refugee », or a Russian or Arabic root) covers inflected forms.

Pure: no file is read here except by `load_term_base`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ctai_site.fiche import vocab
from ctai_site.fiche.errors import Problem
from ctai_site.fiche.reading import MAX_BYTES, read_yaml

FILE = "_terms.yml"  # the tool's term base, shipped with the interface strings
TERRITORY_FILE = "_territory_terms.yml"  # a site's own terms: its town, its services
_LANGS = tuple(c for c in vocab.LANGUAGE_CODES if c != vocab.SOURCE_LANGUAGE)
_TERM_KEYS = {"fr", "forms", "note", "keep", *_LANGS}
_RENDERING_KEYS = {"text", "also", "french", "avoid", "note"}
_LANGUAGE_KEYS = {"variant", "review"}
_KEY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# What is ignored when a translation is searched: Arabic vowel marks and tatweel, direction
# marks, Markdown emphasis; a Persian half-space (ZWNJ) counts as a space.
_IGNORED = dict.fromkeys(
    [*range(0x064B, 0x0660), 0x0670, 0x0640, 0x200D, 0x200E, 0x200F, 0x061C, ord("*")]
)
_SPACE = {0x200C: " ", 0x00A0: " ", 0x202F: " ", 0x2019: "'"}


def _plain(text: str, *, form: bool = False) -> str:
    """The text as forms are matched in it: same letters, same case, no layout. In a form,
    `*` is kept: it stands for any letters."""
    table = {**_IGNORED, **_SPACE}
    if form:
        del table[ord("*")]
    return " ".join(unicodedata.normalize("NFC", text).translate(table).split())


def _folded(text: str, *, form: bool = False) -> str:
    return _plain(text, form=form).casefold().replace("\u0451", "\u0435")  # Russian yo as ye


def _pattern(form: str, *, bounded: bool) -> re.Pattern[str]:
    """A form as a regular expression: `*` = any letters, a space = any spaces."""
    parts = [re.escape(p) for p in form.split("*")]
    body = r"\w*".join(parts).replace(r"\ ", r"\s+")
    if not bounded:
        return re.compile(body)
    flags = 0 if any(c.isupper() for c in form) else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


@dataclass(frozen=True)
class Rendering:
    """How one language writes a term."""

    text: str | None = None  # the agreed rendering (None: only what to avoid)
    also: tuple[str, ...] = ()  # other forms that count (inflections, stems)
    french: bool = False  # the French is kept, in brackets after the rendering or as a name
    avoid: tuple[str, ...] = ()  # renderings that mislead
    note: str | None = None
    line: int = 1

    @cached_property
    def _found(self) -> tuple[re.Pattern[str], ...]:
        forms = ([self.text] if self.text else []) + list(self.also)
        return tuple(_pattern(_folded(f, form=True), bounded=False) for f in forms)

    @cached_property
    def _avoided(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((f, _pattern(_folded(f, form=True), bounded=False)) for f in self.avoid)

    def used_in(self, translated: str, *, folded: bool = False) -> bool:
        text = translated if folded else _folded(translated)
        return any(p.search(text) for p in self._found)

    def misleading_in(self, translated: str, *, folded: bool = False) -> list[str]:
        """The misleading forms found, as written (in lower case) in the translation."""
        text = translated if folded else _folded(translated)
        return [m[0] for _, p in self._avoided if (m := p.search(text))]


@dataclass(frozen=True)
class Term:
    key: str
    fr: str  # the French term as translators read it
    forms: tuple[str, ...]  # the French that calls for it
    renderings: Mapping[str, Rendering] = field(default_factory=dict)
    note: str | None = None
    keep: bool = False  # every language keeps the French as it is (an acronym, a name)
    file: str = ""
    line: int = 1

    @cached_property
    def patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(_pattern(_plain(f, form=True), bounded=True) for f in self.forms)

    def rendering(self, lang: str) -> Rendering | None:
        found = self.renderings.get(lang)
        if found is None and self.keep:
            return Rendering(french=True, line=self.line)
        return found

    def french_in(self, translated: str) -> bool:
        plain = _plain(translated)
        return any(p.search(plain) for p in self.patterns)

    def hint(self, lang: str) -> str | None:
        """One line for a translator (a skeleton's comment, a PO file's translator comment)."""
        r = self.rendering(lang)
        if r is None:
            return None
        if r.text:
            said = f"« {r.text} »" + (f" + « ({self.fr}) »" if r.french else "")
        elif r.french:
            said = f"garder « {self.fr} » tel quel"
        else:
            said = "au choix"
        out = f"terme « {self.fr} » : {said}"
        if r.avoid:
            out += " ; pas " + ", ".join(f"« {a} »" for a in r.avoid)
        notes = [n for n in (r.note, self.note) if n]
        return out + (f" ({notes[0]})" if notes else "")


@dataclass(frozen=True)
class LanguageNote:
    """What a language's translators and reviewers must know: the variant chosen, what a
    native reviewer should look at first."""

    variant: str | None = None
    review: str | None = None


@dataclass(frozen=True)
class TermBase:
    terms: tuple[Term, ...] = ()
    languages: Mapping[str, LanguageNote] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    # French text -> its terms: each text is searched once, not once per language
    _found: dict[str, tuple[Term, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.terms)

    def find(self, french: str) -> tuple[Term, ...]:
        """The terms a French text uses, in order of first use. Where two terms' French
        overlap, the longer match wins: « permanence d'accès aux soins » is the PAS."""
        if french not in self._found:
            self._found[french] = self._search(french)
        return self._found[french]

    def _search(self, french: str) -> tuple[Term, ...]:
        plain = _plain(french)
        found = []
        for term in self.terms:
            for pattern in term.patterns:
                found += [(m.start(), m.end(), term) for m in pattern.finditer(plain)]
        kept: list[tuple[int, int, Term]] = []
        for start, end, term in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
            if all(t is term or end <= s or start >= e for s, e, t in kept):
                kept.append((start, end, term))
        out: dict[str, Term] = {}
        for _, _, term in sorted(kept, key=lambda f: f[0]):
            out.setdefault(term.key, term)
        return tuple(out.values())

    def hints(self, french: str, lang: str) -> list[str]:
        """The terms of a French text, one line each, as `lang`'s translator should write
        them. What the PO export puts in its translator comments."""
        return [h for t in self.find(french) if (h := t.hint(lang))]

    def problems(self, french: str, translated: str, lang: str) -> list[str]:
        """How a translation departs from the term base, one French message each."""
        out: list[str] = []
        terms = self.find(french)
        if not terms:
            return out
        folded = _folded(translated)
        for term in terms:
            r = term.rendering(lang)
            if r is None:
                continue
            misleading = r.misleading_in(folded, folded=True)
            for form in misleading:
                fix = f" : écrivez « {r.text} »" if r.text else ""
                out.append(f"terme « {term.fr} » : « {form} » prête à confusion{fix}")
            if r.text and not misleading and not r.used_in(folded, folded=True):
                out.append(f"terme « {term.fr} » : écrivez « {r.text} » (base de termes)")
            if r.french and not term.french_in(translated):
                how = "tel quel" if term.keep or not r.text else "entre parenthèses"
                out.append(f"terme « {term.fr} » : gardez le français « {term.fr} » {how}")
        return out


# --- Reading -------------------------------------------------------------------------------


def _strings(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, str) and value.strip():
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(value)
    return None


def _rendering(value: Any, line: int, where: str, problem: Any) -> Rendering | None:
    if isinstance(value, str):
        value = {"text": value}
    if not isinstance(value, dict):
        problem(where, "attendu « text: » (et « also », « french », « avoid », « note »)", line)
        return None
    for extra in sorted(set(value) - _RENDERING_KEYS):
        problem(f"{where}.{extra}", "clé inconnue (text, also, french, avoid, note)", line)
    text = value.get("text")
    if text is not None and not (isinstance(text, str) and text.strip()):
        problem(f"{where}.text", "attendu un texte non vide", line)
        return None
    lists = {}
    for name in ("also", "avoid"):
        got = value.get(name)
        lists[name] = () if got is None else _strings(got)
        if lists[name] is None:
            problem(f"{where}.{name}", "attendu une liste de textes", line)
            return None
    french = value.get("french", False)
    if not isinstance(french, bool):
        problem(f"{where}.french", "attendu true ou false", line)
        return None
    note = value.get("note")
    if not text and not french and not lists["avoid"]:
        problem(where, "rien à vérifier : donnez « text », « french: true » ou « avoid »", line)
        return None
    return Rendering(text, lists["also"] or (), french, lists["avoid"] or (), note, line)


def _term(key: str, value: Any, lines: Mapping[Any, int], file: str, problem: Any) -> Term | None:
    line = lines.get(("terms", key), 1)
    if not _KEY.match(key):
        problem(key, "clé invalide (minuscules et tirets : titre-de-sejour)", line)
        return None
    if not isinstance(value, dict) or not isinstance(value.get("fr"), str):
        problem(key, "attendu « fr: » (le terme français) puis une ligne par langue", line)
        return None
    for extra in sorted(set(value) - _TERM_KEYS):
        where = lines.get(("terms", key, extra), line)
        problem(
            f"{key}.{extra}", f"clé inconnue (fr, forms, note, keep, {', '.join(_LANGS)})", where
        )
    forms = _strings(value.get("forms", value["fr"]))
    if forms is None:
        problem(f"{key}.forms", "attendu une liste de formes françaises", line)
        return None
    keep = value.get("keep", False)
    if not isinstance(keep, bool):
        problem(f"{key}.keep", "attendu true ou false", line)
        return None
    renderings = {}
    for lang in _LANGS:
        if lang in value:
            where = lines.get(("terms", key, lang), line)
            found = _rendering(value[lang], where, f"{key}.{lang}", problem)
            if found is not None:
                renderings[lang] = found
    if not renderings and not keep:
        if not any(lang in value for lang in _LANGS):  # else: said where a rendering is wrong
            problem(key, "aucune langue : ajoutez un rendu par langue, ou « keep: true »", line)
        return None
    note = value.get("note") if isinstance(value.get("note"), str) else None
    return Term(key, value["fr"], forms, renderings, note, keep, file, line)


def read_term_base(text: str, file: str) -> tuple[TermBase, list[Problem]]:
    """One term base file's text, checked; every problem at once, with its line."""
    problems: list[Problem] = []

    def problem(where: str, message: str, line: int) -> None:
        problems.append(Problem(file, line, where, message))

    data, reader = read_yaml(text, file)
    if reader.problems:
        return TermBase(), reader.problems
    lines = reader.lines
    if not isinstance(data, dict) or not isinstance(data.get("terms"), dict):
        problem("terms", "attendu « terms: » puis « clé: {fr: …, ar: …} »", 1)
        return TermBase(), problems
    for extra in sorted(set(data) - {"terms", "languages"}):
        problem(extra, "clé inconnue (terms, languages)", lines.get((extra,), 1))
    terms = []
    for key, value in data["terms"].items():
        found = _term(str(key), value, lines, file, problem)
        if found is not None:
            terms.append(found)
    notes = {}
    raw = data.get("languages") or {}
    for lang, value in raw.items() if isinstance(raw, dict) else ():
        line = lines.get(("languages", lang), 1)
        if lang not in _LANGS or not isinstance(value, dict) or set(value) - _LANGUAGE_KEYS:
            problem(
                f"languages.{lang}",
                f"attendu une langue ({', '.join(_LANGS)}) avec « variant » et « review »",
                line,
            )
            continue
        notes[lang] = LanguageNote(value.get("variant"), value.get("review"))
    return TermBase(tuple(terms), notes, (file,)), problems


def merge(bases: Iterable[TermBase]) -> TermBase:
    """The tool's term base, then a site's: a term of the same key replaces the tool's; what to
    review first adds up (the tool's interface, then the site's fiches)."""
    terms: dict[str, Term] = {}
    notes: dict[str, LanguageNote] = {}
    files: list[str] = []
    for base in bases:
        terms.update({t.key: t for t in base.terms})
        for lang, note in base.languages.items():
            old = notes.get(lang, LanguageNote())
            review = " ".join(r for r in (old.review, note.review) if r) or None
            notes[lang] = LanguageNote(note.variant or old.variant, review)
        files += base.files
    return TermBase(tuple(terms.values()), notes, tuple(files))


def load_term_base(paths: Sequence[tuple[Path, str]]) -> tuple[TermBase, list[Problem]]:
    """Read `(path, shown name)` in order (the tool's, then the site's); missing files are
    skipped: a site without a term base has nothing to check."""
    bases, problems = [], []
    for path, file in paths:
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_BYTES:
            problems.append(
                Problem(file, 1, "", f"fichier trop gros ({MAX_BYTES // 1024} Ko au plus)")
            )
            continue
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(file, 1, "", "le fichier n'est pas en UTF-8"))
            continue
        base, found = read_term_base(text, file)
        bases.append(base)
        problems += found
    return merge(bases), problems

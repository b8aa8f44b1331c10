"""Reading a PO file back: every entry checked, then the translation files it changes.

A PO file comes from outside (a translator's laptop, Weblate, Crowdin): it is read as hostile.
A size cap before reading, UTF-8 only, our own line-by-line syntax check (Babel's parser lets
a missing quote or a stray line through, and merges duplicates), then Babel reads the entries.
Every problem of every entry is reported at once, `FILE.po:LINE: context: message`, and
nothing is written unless every entry is right.

What an entry does (`po.py` writes them so), like msgfmt, which leaves fuzzy entries out:
- an empty `msgstr` changes nothing;
- a `msgstr` not marked fuzzy is a translation a person wrote or checked: written with the
  current French's fingerprint (and that French as `was`) if it differs from the file's, or
  confirmed for the new French if it is the file's stale translation;
- a fuzzy `msgstr` never changes a text (a draft, msgmerge's guess, a stale translation kept
  for reference); the same text as the file's stays, unreviewed.
A file is `reviewed: true` when every up-to-date text in it is not fuzzy in the PO (texts the
PO does not carry keep the file's state); with none up to date, it keeps its state.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser

from ctai_site.fiche import vocab
from ctai_site.fiche.errors import FicheError, Problem
from ctai_site.fiche.messages import suggest
from ctai_site.fiche.reading import MAX_BYTES
from ctai_site.translation.po import Part, language_name, split_context
from ctai_site.translation.scripts import script_problem
from ctai_site.translation.store import (
    SITE,
    SUFFIX,
    TERRITORY,
    TRANSLATED,
    Translation,
    Translations,
    check_text,
    fingerprint,
    parse_translation,
)
from ctai_site.translation.yamlfile import FieldEdit, edit_translation_file, new_translation_file

MAX_PO_BYTES = 16 * 1024 * 1024  # a whole catalogue of 500 fiches in one language is ~8 Mo
MAX_SHOWN = 20  # unreadable lines listed before giving up on a file

_STRING = r'"(?:[^"\\]|\\[\\"ntr])*"'
_LOOSE = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEYWORD = re.compile(rf"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)[ \t]+({_STRING})[ \t]*$")
_CONTINUATION = re.compile(rf"^{_STRING}[ \t]*$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_LANGUAGE = re.compile(r'^\s*"Language:')


@dataclass(frozen=True)
class PoEntry:
    line: int  # of its msgid
    context: str | None
    french: str
    text: str
    fuzzy: bool
    plural: bool = False


@dataclass(frozen=True)
class PoFile:
    file: str
    lang: str
    entries: tuple[PoEntry, ...]


# --- Reading ---------------------------------------------------------------------------------


def _syntax(lines: Sequence[str], file: str) -> list[Problem]:
    """Lines that are not PO, one problem each (at most MAX_SHOWN)."""
    problems: list[Problem] = []
    state, start, plural = "idle", 0, False

    def problem(line: int, message: str) -> None:
        if len(problems) == MAX_SHOWN:
            message = "et d'autres lignes illisibles : est-ce bien un fichier PO ?"
        problems.append(Problem(file, line, "", message))

    for n, raw in enumerate(lines, start=1):
        if len(problems) > MAX_SHOWN:
            break
        line = raw.strip()
        found = _KEYWORD.match(line)
        if state == "skip":  # after a broken line, until the next entry
            if (
                line
                and not line.startswith("#")
                and not (found and found[1] in ("msgctxt", "msgid"))
            ):
                continue
            state = "idle"
        if not line or line.startswith("#"):
            if state in ("ctx", "id", "plural"):
                problem(start, "entrée incomplète : msgstr manquant")
            state = "idle"
            continue
        char = _CONTROL.search(line)
        if char:
            problem(n, f"caractère de contrôle interdit (U+{ord(char.group()):04X}) : supprimez-le")
            state = "skip"
            continue
        if found:
            keyword = found[1]
            allowed = {
                "msgctxt": ("idle", "str"),
                "msgid": ("idle", "str", "ctx"),
                "msgid_plural": ("id",),
                "msgstr": ("id",),
            }.get(keyword, ("plural", "str") if plural else ())
            if state not in allowed:
                problem(n, f"« {keyword} » inattendu ici (une entrée : msgctxt, msgid, msgstr)")
                state = "skip"
                continue
            if keyword == "msgctxt" or (keyword == "msgid" and state != "ctx"):
                start, plural = n, False
            plural = plural or keyword == "msgid_plural"
            state = {"msgctxt": "ctx", "msgid": "id", "msgid_plural": "plural"}.get(keyword, "str")
            continue
        if _CONTINUATION.match(line):
            if state == "idle":
                problem(n, "texte entre guillemets hors d'une entrée")
                state = "skip"
            continue
        loose = _LOOSE.search(line)
        if loose and "\\" in loose.group():
            problem(n, 'échappement inconnu entre guillemets (seulement \\n, \\t, \\", \\\\)')
        else:
            problem(
                n,
                "ligne illisible : attendu msgctxt, msgid ou msgstr suivi d'un texte entre "
                "guillemets, un texte entre guillemets ou un commentaire « # »",
            )
        state = "skip"
    if state in ("ctx", "id", "plural") and len(problems) <= MAX_SHOWN:
        problem(start, "entrée incomplète : msgstr manquant (fichier coupé ?)")
    return problems


class _Entries(Catalog):
    """Babel's parser adds entries to a catalog, which merges duplicates and reads the header
    (raising on a strange Language): this one only keeps them, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Any] = []

    def __setitem__(self, id: Any, message: Any) -> None:
        self.found.append(message)


def _header(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon:
            out[name.strip().lower()] = value.strip()
    return out


def _language(header: Mapping[str, str], file: str, line: int) -> tuple[str, list[Problem]]:
    value = header.get("language", "")
    code = re.split(r"[_@.-]", value, maxsplit=1)[0].lower()
    known = ", ".join(TRANSLATED)
    if not value:
        message = f"en-tête « Language » absent : indiquez la langue traduite ({known})"
    elif code == vocab.SOURCE_LANGUAGE:
        message = "« Language: fr » : le français est la langue source, rien à importer"
    elif code not in TRANSLATED:
        message = f"langue « {_shown(value)} » inconnue : {known}"
    else:
        return code, []
    return code, [Problem(file, line, "Language", message)]


def check_size(size: int, file: str) -> None:
    """Refuse a file too big to be a PO file of ours before reading it."""
    if size > MAX_PO_BYTES:
        message = (
            f"fichier trop gros ({size // 2**20} Mo, {MAX_PO_BYTES // 2**20} Mo au plus) : "
            "exportez une fiche à la fois (--fiche)"
        )
        raise FicheError([Problem(file, 1, "", message)])


def read_po_file(data: bytes, file: str) -> PoFile:
    """The entries of a PO file; raise `FicheError` with every problem of its form."""
    check_size(len(data), file)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FicheError([Problem(file, line, "", "fichier binaire : ce n'est pas un fichier PO")])
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FicheError(
            [Problem(file, line, "", "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8")]
        ) from None
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    problems = _syntax(lines, file)
    if problems:
        raise FicheError(problems)
    catalog = _Entries()
    parser = PoFileParser(catalog, ignore_obsolete=True, abort_invalid=True)
    try:  # obsolete entries (#~) are kept by Poedit, ignored here: blank, lines keep numbers
        parser.parse(["" if line.lstrip().startswith("#~") else line for line in lines])
    except PoFileError as error:
        raise FicheError([Problem(file, error.lineno + 1, "", "entrée illisible")]) from None
    headers = [m for m in catalog.found if m.id == "" and m.context is None]
    header = _header(headers[0].string) if headers else {}
    language_line = next((n for n, line in enumerate(lines, 1) if _LANGUAGE.match(line)), 1)
    lang, problems = _language(header, file, language_line)
    charset = re.search(r"charset=([\w-]+)", header.get("content-type", ""))
    if charset and charset[1].lower() not in ("utf-8", "utf8"):
        problems.append(
            Problem(
                file, 1, "Content-Type", f"« charset={_shown(charset[1])} » : enregistrez en UTF-8"
            )
        )
    if not catalog.found:
        problems.append(Problem(file, 1, "", "aucune entrée : ce n'est pas un fichier PO"))
    if problems:
        raise FicheError(problems)
    entries = tuple(
        PoEntry(
            m.lineno,
            m.context,
            m.id if isinstance(m.id, str) else m.id[0],
            m.string if isinstance(m.string, str) else m.string[0],
            "fuzzy" in m.flags,
            plural=not isinstance(m.id, str),
        )
        for m in catalog.found
        if m not in headers
    )
    return PoFile(file, lang, entries)


# --- Planning the import ---------------------------------------------------------------------


def _shown(text: str, limit: int = 80) -> str:
    """Text from the PO file as an error line may show it: on one line, not too long."""
    text = "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text
    )
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class FileChange:
    path: Path  # where to write
    shown: str  # the path in messages
    text: str
    imported: int  # texts written
    reviewed: bool


@dataclass(frozen=True)
class ImportPlan:
    lang: str
    changes: tuple[FileChange, ...]
    unchanged: int  # entries that change nothing (the same translation)
    untranslated: int  # empty msgstr
    to_review: int  # fuzzy entries that would change a text: left as they were
    notes: tuple[str, ...] = ()  # files left unreviewed although the PO reviews some texts

    def report(self, file: str) -> str:
        """What `ctai-site translations import` prints."""
        lines = [
            f"{c.shown} : {c.imported} texte(s) importé(s), {'relue' if c.reviewed else 'non relue'}"
            for c in self.changes
        ]
        lines += self.notes
        lines.append(
            f"{file} ({self.lang}) : {len(self.changes)} fichier(s) écrit(s), {self.unchanged} "
            f"traduction(s) inchangée(s), {self.to_review} « fuzzy » non importée(s), "
            f"{self.untranslated} sans traduction"
        )
        return "\n".join(lines)


def _check_entry(entry: PoEntry, lang: str, name: str, part: Part, problem: Any) -> str | None:
    """The entry's translation once checked (None: refused, or nothing to import)."""
    french = part.french[name]
    if fingerprint(entry.french) != fingerprint(french):
        problem(
            "le français a changé depuis l'export (msgid n'est plus le français de la fiche) : "
            f"réexportez (ctai-site translations export {lang} FICHIER.po) et reportez-y la "
            "traduction"
        )
        return None
    text = entry.text.strip()
    if not text:
        return ""
    messages = check_text(name, text, french if part.key == SITE else None)
    control = _CONTROL.search(text)
    if control:
        messages.append(f"caractère de contrôle interdit (U+{ord(control.group()):04X})")
    wrong_script = script_problem(lang, text, language_name(lang))
    if wrong_script:
        messages.append(wrong_script)
    for message in messages:
        problem(message)
    return None if messages else text


def _reviewed(
    part: Part,
    current: Translation | None,
    edits: Mapping[str, FieldEdit],
    said: Mapping[str, bool],
) -> tuple[bool, int, int]:
    """`reviewed` after the import: every up-to-date text is reviewed (see the module's doc);
    then how many up-to-date texts the PO says are reviewed, out of how many."""
    old = current.reviewed if current else False
    states = []
    for name, french in part.french.items():
        found = current.fields.get(name) if current else None
        fresh = (
            found is not None and bool(found.text.strip()) and found.source == fingerprint(french)
        )
        if fresh or name in edits:
            states.append(said.get(name, old))
    reviewed = all(states) if states else old
    return reviewed, sum(said.get(n, False) for n in part.french), len(states)


def _file_header(lang: str, key: str) -> list[str]:
    what = {SITE: "l'interface du site", TERRITORY: "territory.yml"}.get(key, f"la fiche {key}")
    name = language_name(lang)
    return [f"{lang} : traduction en {name} de {what}, importée d'un fichier PO"]


def plan_import(
    po: PoFile, parts: Iterable[Part], translations: Translations, root: Path
) -> ImportPlan:
    """What importing `po` writes under `root` (the site's translations folder), nothing
    written; raise `FicheError` with every refused entry."""
    by_key = {p.key: p for p in parts}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    edits: dict[str, dict[str, FieldEdit]] = {}
    said: dict[str, dict[str, bool]] = {}  # file -> field -> not fuzzy in the PO
    longest: dict[str, tuple[int, int]] = {}  # file -> (length, line) of its longest text
    unchanged = untranslated = to_review = 0
    for entry in po.entries:

        def problem(message: str, entry: PoEntry = entry) -> None:
            problems.append(Problem(po.file, entry.line, _shown(entry.context or ""), message))

        if entry.plural:
            problem("pluriel (msgid_plural) inattendu : aucun texte du site n'en a")
            continue
        if entry.context is None:
            problem(
                "entrée sans msgctxt : ce fichier ne vient pas de « ctai-site translations export »"
            )
            continue
        if entry.context in seen:
            problem(f"entrée en double (déjà ligne {seen[entry.context]}) : gardez-en une")
            continue
        seen[entry.context] = entry.line
        key, name = split_context(entry.context)
        part = by_key.get(key)
        if part is None:
            problem(
                f"contexte inconnu : aucune fiche « {_shown(key)} »{suggest(key, by_key)} "
                "(fichier d'un autre site, ou fiche renommée ? réexportez)"
            )
            continue
        if name not in part.french:
            problem(f"texte inconnu de « {key} »{suggest(name, part.french)} : réexportez")
            continue
        text = _check_entry(entry, po.lang, name, part, problem)
        if text is None:
            continue
        if not text:
            untranslated += 1
            continue
        current = translations.get(po.lang, key)
        found = current.fields.get(name) if current else None
        new = fingerprint(part.french[name])
        if found is not None and found.text.strip() == text and found.source == new:
            said.setdefault(key, {})[name] = not entry.fuzzy
            unchanged += 1
            continue
        if entry.fuzzy:  # stale and still to review, or a draft (msgmerge's guess, a machine's)
            to_review += 1
            continue
        edits.setdefault(key, {})[name] = FieldEdit(new, part.french[name].strip(), text)
        longest[key] = max(longest.get(key, (0, 0)), (len(text), entry.line))
        said.setdefault(key, {})[name] = True
    if problems:
        raise FicheError(problems)
    changes, notes = [], []
    for key in [k for k in by_key if k in said]:
        part, current = by_key[key], translations.get(po.lang, key)
        reviewed, confirmed, fresh = _reviewed(part, current, edits.get(key, {}), said[key])
        if not reviewed and confirmed:  # `reviewed` is per file: say why it stays false
            notes.append(
                f"{translations.path_of(po.lang, key)} : {confirmed} texte(s) relu(s) sur "
                f"{fresh} ; reste « non relue » tant qu'un texte est « fuzzy »"
            )
        change = _change(po, part, translations, root, edits.get(key, {}), reviewed)
        if change is not None:
            changes.append(change)
            if len(change.text.encode("utf-8")) > MAX_BYTES:
                problems.append(
                    Problem(
                        po.file,
                        longest.get(key, (0, 1))[1],
                        "",
                        f"{change.shown} dépasserait {MAX_BYTES // 1024} Ko : traductions "
                        "trop longues",
                    )
                )
    if problems:
        raise FicheError(problems)
    return ImportPlan(po.lang, tuple(changes), unchanged, untranslated, to_review, tuple(notes))


def _change(
    po: PoFile,
    part: Part,
    translations: Translations,
    root: Path,
    edits: Mapping[str, FieldEdit],
    reviewed: bool,
) -> FileChange | None:
    """The new text of one translation file, if it changes; checked as the build reads it."""
    current = translations.get(po.lang, part.key)
    if not edits and current is not None and reviewed == current.reviewed:
        return None
    path = root / po.lang / f"{part.key}{SUFFIX}"
    shown = translations.path_of(po.lang, part.key)
    order = list(part.french)
    if path.is_file():
        old = path.read_text(encoding="utf-8")
        text = edit_translation_file(old, edits, order, reviewed)
    else:  # a new file; for the interface, a site's own override of the tool's strings
        text = new_translation_file(_file_header(po.lang, part.key), reviewed, edits, order)
    known = dict(part.french) if part.key == SITE else None
    written, problems = parse_translation(text, lang=po.lang, key=part.key, file=shown, known=known)
    ok = written is not None and not problems
    for name, edit in edits.items():
        found = written.fields.get(name) if written else None
        ok = ok and found is not None and (found.text, found.source) == (edit.text, edit.source)
    if not ok:  # the editor writes what it reads: this would be a bug, never a broken file
        raise FicheError(
            [Problem(po.file, 1, "", f"{shown} : écriture impossible sans l'abîmer (à signaler)")]
        )
    return FileChange(path, shown, text, len(edits), reviewed)

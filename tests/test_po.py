"""PO files for translators: `ctai-site translations export` and `import`, on a copy of the
fixture project. What a translator does in Poedit is done here with Babel (read, change a
msgstr or the fuzzy flag, write), as a tool would."""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po
from conftest import RunCli
from sites import load_site, make_project, mkdocs_build

from ctai_site import translation as i18n
from ctai_site.translation import po, yamlfile
from ctai_site.translation.interface import interface_folder

FICHE = "pas-hopital-dax"
SUMMARY = f"{FICHE}:content.summary"
SUMMARY_FR = "Un médecin de l'hôpital de Dax vous reçoit pour vous soigner et vous orienter."
NEW_AR = "طبيب من مستشفى Dax يستقبلك مجانًا ليعالجك"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.suffix != ".po"
    }


def export(run_cli: RunCli, project: Path, lang: str, *extra: str) -> Path:
    out = project / f"{lang}.po"
    result = run_cli("translations", "export", lang, out.name, *extra, cwd=project)
    assert result.code == 0, result.err
    return out


def edit_po(path: Path, changes: dict[str, tuple[str | None, bool]]) -> None:
    """Set the msgstr (None: keep it) and the fuzzy flag of entries, by context."""
    catalog = read_po(io.BytesIO(path.read_bytes()))
    found = set()
    for message in catalog:
        if message.context in changes:
            text, fuzzy = changes[message.context]
            found.add(message.context)
            if text is not None:
                message.string = text
            message.flags.discard("fuzzy")
            if fuzzy:
                message.flags.add("fuzzy")
    assert found == set(changes)
    out = io.BytesIO()
    write_po(out, catalog)
    path.write_bytes(out.getvalue())


def entries(path: Path) -> dict[str, Message]:
    return {m.context or "": m for m in read_po(io.BytesIO(path.read_bytes())) if m.id}


def msgfmt(path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "gettext's msgfmt missing: run `bash tools/ensure-test-deps.sh`"
    return subprocess.run(
        [msgfmt, "--check", *options, "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


# --- Round trip and what a reader then sees ------------------------------------------------------


@pytest.mark.parametrize("lang", i18n.TRANSLATED)
def test_export_then_import_without_edits_changes_nothing(run_cli: RunCli, project: Path, lang):
    before = snapshot(project)
    path = export(run_cli, project, lang)
    first = path.read_bytes()
    result = run_cli("translations", "import", path.name, cwd=project)
    assert result.code == 0, result.err
    assert f"{path.name} ({lang}) : 0 fichier(s) écrit(s)" in result.out
    assert snapshot(project) == before
    assert export(run_cli, project, lang).read_bytes() == first  # the same bytes again
    assert (msgfmt(path).returncode, msgfmt(path).stderr) == (0, "")
    checked = msgfmt(path, "--use-fuzzy")  # the fuzzy ones too: {variables} kept, no broken line
    assert (checked.returncode, checked.stderr) == (0, "")


def test_round_trip_with_reviewed_stale_and_missing_texts(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "en", "--fiche", FICHE)
    edit_po(path, {c: (None, False) for c in entries(path)})
    run_cli("translations", "import", path.name, cwd=project)  # reviewed: true
    change_french(project, "pour vous soigner", "gratuitement pour vous soigner")  # stale
    target = project / "translations/en" / f"{FICHE}.yml"
    text = target.read_text(encoding="utf-8")
    start = text.index("  content.brand:\n")
    target.write_text(text[:start] + text[text.index("  content.why[1].title:") :], "utf-8")
    before = snapshot(project)
    path = export(run_cli, project, "en", "--fiche", FICHE)
    found = entries(path)
    assert "fuzzy" in found[SUMMARY].flags and found[f"{FICHE}:content.brand"].string == ""
    assert "fuzzy" not in found[f"{FICHE}:content.title"].flags
    assert run_cli("translations", "import", path.name, cwd=project).code == 0
    assert snapshot(project) == before
    assert (msgfmt(path).returncode, msgfmt(path).stderr) == (0, "")


def test_options_may_come_before_the_subcommand(run_cli: RunCli, project: Path, tmp_path: Path):
    options = ["--actions", str(project / "actions"), "--territory", str(project / "territory.yml")]
    options += ["--translations", str(project / "translations")]
    out = tmp_path / "en.po"
    result = run_cli("translations", *options, "export", "en", str(out), cwd=tmp_path)
    assert result.code == 0, result.err
    result = run_cli("translations", "import", str(out), *options, cwd=tmp_path)
    assert result.code == 0, result.err


def interface_strings() -> int:
    """How many interface strings the tool has (translations/fr/_site.yml)."""
    french = yaml.safe_load((interface_folder() / "fr" / "_site.yml").read_text("utf-8"))
    return len(french["strings"])


def test_export_prints_what_is_left_to_do(run_cli: RunCli, project: Path):
    result = run_cli("translations", "export", "ar", "ar.po", cwd=project)
    n = interface_strings() + 185  # the fixture catalogue's 185 texts (its fiches, territory)
    assert result.out.splitlines() == [
        f"ar.po écrit : {n} texte(s) en arabe, 0 relu(s), {n} à revoir (fuzzy), 0 à traduire",
        "Traduisez-le (Poedit, Weblate, Crowdin), puis : ctai-site translations import ar.po",
    ]
    one = export(run_cli, project, "en", "--fiche", FICHE)
    assert {c.split(":")[0] for c in entries(one)} == {FICHE}


def test_an_entry_tells_the_translator_what_it_is(run_cli: RunCli, project: Path):
    text = export(run_cli, project, "ar").read_text(encoding="utf-8")
    block = text[text.index(f'msgctxt "{SUMMARY}"') - 400 : text.index(f'msgctxt "{SUMMARY}"')]
    assert "#. Fiche « Se soigner quand on vient d'arriver en France »" in block
    assert "#. résumé : 110 caractères au plus, traduction comprise" in block
    assert f"#: actions/{FICHE}.yml:46" in block
    assert "#, fuzzy" in block  # the fixture's translations are not reviewed yet
    site = text[text.index('msgctxt "_site:site.name"') - 300 :]
    assert "{territory} (le nom du territoire)" in site.split("msgctxt")[0]
    assert "#, fuzzy, python-brace-format" in site.split("msgctxt")[0]


def test_a_translated_entry_shows_on_the_built_page(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar")
    edit_po(path, {SUMMARY: (NEW_AR, False), "_site:home.title": ("ماذا تحتاج اليوم؟", False)})
    result = run_cli("translations", "import", path.name, cwd=project)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        f"translations/ar/{FICHE}.yml : 1 texte(s) importé(s), non relue",
        "translations/ar/_site.yml : 1 texte(s) importé(s), non relue",
        f"translations/ar/{FICHE}.yml : 1 texte(s) relu(s) sur 14 ; reste « non relue » tant "
        "qu'un texte est « fuzzy »",
        f"translations/ar/_site.yml : 1 texte(s) relu(s) sur {interface_strings()} ; reste "
        "« non relue » tant qu'un texte est « fuzzy »",
        f"ar.po (ar) : 2 fichier(s) écrit(s), {interface_strings() + 183} traduction(s) "
        "inchangée(s), 0 « fuzzy » non importée(s), 0 sans traduction",
    ]
    # The site's own override of the tool's interface string: that entry only.
    override = (project / "translations/ar/_site.yml").read_text(encoding="utf-8")
    assert "home.title:" in override and "site.name" not in override
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr[-3000:]
    page = (project / "site/ar/actions" / FICHE / "index.html").read_text(encoding="utf-8")
    assert NEW_AR in page
    home = (project / "site/ar/index.html").read_text(encoding="utf-8")
    assert "ماذا تحتاج اليوم؟" in home


def test_import_touches_only_the_entries_it_changes(run_cli: RunCli, project: Path):
    target = project / "translations/ar" / f"{FICHE}.yml"
    before = target.read_text(encoding="utf-8").splitlines()
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {SUMMARY: (NEW_AR, False)})
    assert run_cli("translations", "import", path.name, cwd=project).code == 0
    after = target.read_text(encoding="utf-8").splitlines()
    fp = i18n.fingerprint(SUMMARY_FR)
    at = before.index("  content.summary:")
    assert after[:at] == before[:at] and after[at + 4 :] == before[at + 3 :]
    assert after[at : at + 4] == [
        "  content.summary:",
        f"    from: {fp}",  # bare, as this file writes its fingerprints
        f'    was: "{SUMMARY_FR}"',
        f'    text: "{NEW_AR}"',
    ]


def test_a_changed_translation_still_fuzzy_is_not_imported(run_cli: RunCli, project: Path):
    """Fuzzy is a draft (a machine's, msgmerge's guess): like msgfmt, import leaves it out."""
    before = snapshot(project)
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {SUMMARY: (NEW_AR, True), f"{FICHE}:content.brand": ("", True)})
    result = run_cli("translations", "import", path.name, cwd=project)
    assert result.out == (
        "ar.po (ar) : 0 fichier(s) écrit(s), 12 traduction(s) inchangée(s), 1 « fuzzy » non "
        "importée(s), 1 sans traduction\n"
    )
    assert snapshot(project) == before


def test_unmarking_fuzzy_marks_the_file_reviewed_and_back(run_cli: RunCli, project: Path):
    target = project / "translations/en" / f"{FICHE}.yml"
    before = target.read_text(encoding="utf-8")
    path = export(run_cli, project, "en", "--fiche", FICHE)
    edit_po(path, {c: (None, False) for c in entries(path)})  # a reviewer went through them all
    result = run_cli("translations", "import", path.name, cwd=project)
    assert (
        result.out.splitlines()[0] == f"translations/en/{FICHE}.yml : 0 texte(s) importé(s), relue"
    )
    assert target.read_text(encoding="utf-8") == before.replace(
        "reviewed: false", "reviewed: true", 1
    )
    again = export(run_cli, project, "en", "--fiche", FICHE)
    assert not any("fuzzy" in m.flags for m in entries(again).values())
    assert msgfmt(again).returncode == 0
    edit_po(again, {SUMMARY: (None, True)})  # « needs work » again
    run_cli("translations", "import", again.name, cwd=project)
    assert target.read_text(encoding="utf-8") == before


# --- Stale translations --------------------------------------------------------------------------


def change_french(project: Path, old: str, new: str) -> None:
    fiche = project / "actions" / f"{FICHE}.yml"
    text = fiche.read_text(encoding="utf-8")
    assert old in text
    fiche.write_text(text.replace(old, new), encoding="utf-8")


def test_a_stale_translation_exports_fuzzy_with_the_previous_french(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {SUMMARY: (NEW_AR, False)})
    run_cli("translations", "import", path.name, cwd=project)  # records the French (was:)
    change_french(project, "pour vous soigner", "gratuitement pour vous soigner")
    stale = entries(export(run_cli, project, "ar", "--fiche", FICHE))[SUMMARY]
    text = (project / "ar.po").read_text(encoding="utf-8")
    assert "fuzzy" in stale.flags and stale.string == NEW_AR
    assert stale.id == SUMMARY_FR.replace("pour vous", "gratuitement pour vous")
    assert f'#, fuzzy\n#| msgid "{SUMMARY_FR}"\nmsgctxt "{SUMMARY}"' in text
    # Another language without `was` shows the same previous French, found through ar's.
    english = export(run_cli, project, "en", "--fiche", FICHE).read_text(encoding="utf-8")
    assert f'#| msgid "{SUMMARY_FR}"\nmsgctxt "{SUMMARY}"' in english
    assert msgfmt(project / "en.po", "--use-fuzzy").stderr == ""


def test_a_stale_translation_without_its_old_french_says_so(run_cli: RunCli, project: Path):
    change_french(project, "pour vous soigner", "gratuitement pour vous soigner")
    path = export(run_cli, project, "uk", "--fiche", FICHE)
    text = path.read_text(encoding="utf-8")
    block = text[: text.index(f'msgctxt "{SUMMARY}"')].rsplit("\n\n", 1)[1]
    assert (
        "le français a changé depuis cette traduction (l'ancien français n'est pas connu) : "
        "revoyez-la, puis enlevez « fuzzy »" in block.replace("\n#. ", " ")
    )
    assert "#| msgid" not in block and "#, fuzzy" in block
    # Imported untouched, it stays stale; unmarked, it is confirmed for the new French.
    before = snapshot(project)
    assert run_cli("translations", "import", path.name, cwd=project).code == 0
    assert snapshot(project) == before
    edit_po(path, {SUMMARY: (None, False)})
    result = run_cli("translations", "import", path.name, cwd=project)
    assert f"translations/uk/{FICHE}.yml : 1 texte(s) importé(s)" in result.out
    fresh = entries(export(run_cli, project, "uk", "--fiche", FICHE))[SUMMARY]
    assert "fuzzy" in fresh.flags  # still unreviewed: the rest of the file is not reviewed


# --- Hostile PO files ----------------------------------------------------------------------------


def refused(run_cli: RunCli, project: Path, po_file: Path) -> list[str]:
    """Import `po_file`: exit 1, French lines, no traceback, nothing written."""
    before = snapshot(project)
    result = run_cli("translations", "import", po_file.name, cwd=project)
    assert result.code == 1, result.out
    assert "Traceback" not in result.err and result.out == ""
    assert snapshot(project) == before
    lines = result.err.splitlines()
    assert lines[-1].endswith("rien n'a été importé"), lines
    return lines[:-1]


def replaced(path: Path, old: str, new: str, count: int = 1) -> Path:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_unknown_contexts_are_refused(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    replaced(path, f'msgctxt "{FICHE}:content.title"', 'msgctxt "pas-hopital:content.title"')
    replaced(path, f'msgctxt "{FICHE}:content.brand"', f'msgctxt "{FICHE}:content.brnad"')
    replaced(path, f'msgctxt "{FICHE}:content.what"', 'msgctxt "nimportequoi"')
    assert refused(run_cli, project, path) == [
        f"ar.po:{line_of(path, 'pas-hopital:content.title') + 1}: pas-hopital:content.title: "
        "contexte inconnu : aucune fiche « pas-hopital » (vouliez-vous dire « pas-hopital-dax » ?) "
        "(fichier d'un autre site, ou fiche renommée ? réexportez)",
        f"ar.po:{line_of(path, 'nimportequoi') + 1}: nimportequoi: contexte inconnu : aucune "
        "fiche « nimportequoi » (fichier d'un autre site, ou fiche renommée ? réexportez)",
        f"ar.po:{line_of(path, 'content.brnad') + 1}: {FICHE}:content.brnad: texte inconnu de "
        f"« {FICHE} » (vouliez-vous dire « content.brand » ?) : réexportez",
    ]


def test_a_msgid_that_is_no_longer_the_french_is_refused(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    change_french(project, "pour vous soigner", "gratuitement pour vous soigner")
    edit_po(path, {SUMMARY: (NEW_AR, False)})
    lines = refused(run_cli, project, path)
    assert lines == [
        f"ar.po:{line_of(path, SUMMARY) + 1}: {SUMMARY}: le français a changé depuis l'export "
        "(msgid n'est plus le français de la fiche) : réexportez (ctai-site translations export "
        "ar FICHIER.po) et reportez-y la traduction"
    ]


def test_broken_fingerprints_in_the_project_are_refused(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {SUMMARY: (NEW_AR, False)})
    replaced(project / "translations/ar" / f"{FICHE}.yml", "from: 9546db5d0209", "from: 95461")
    assert refused(run_cli, project, path) == [
        f"translations/ar/{FICHE}.yml:7: content.summary.from: empreinte « 95461 » : "
        "mettez-la entre guillemets",
    ]


def test_a_was_that_does_not_match_its_fingerprint_is_refused(run_cli: RunCli, project: Path):
    target = project / "translations/ar" / f"{FICHE}.yml"
    replaced(target, "    from: 9546db5d0209\n", '    from: 9546db5d0209\n    was: "Autre chose"\n')
    result = run_cli("translations", cwd=project)
    assert result.code == 1
    assert (
        f"translations/ar/{FICHE}.yml:7: content.summary.was: ce français n'a pas l'empreinte "
        "« from » : recopiez le français traduit, ou supprimez « was »" in result.err
    )


def test_a_50_mb_file_is_refused_unread(run_cli: RunCli, project: Path):
    path = project / "big.po"
    with path.open("wb") as f:
        f.truncate(50 * 2**20)  # sparse: nothing is read to refuse it
    assert refused(run_cli, project, path) == [
        "big.po:1: fichier trop gros (50 Mo, 16 Mo au plus) : exportez une fiche à la fois (--fiche)"
    ]


def test_binary_garbage_is_refused(run_cli: RunCli, project: Path):
    path = project / "garbage.po"
    path.write_bytes(random.Random(13).randbytes(4096))
    [line] = refused(run_cli, project, path)
    assert line.startswith("garbage.po:") and ("binaire" in line or "UTF-8" in line)
    path.write_bytes(b"\xff\xfeP\x00O\x00")  # UTF-16
    assert refused(run_cli, project, path) == [
        "garbage.po:1: fichier binaire : ce n'est pas un fichier PO"
    ]
    path.write_bytes('msgid "a"\nmsgstr "caf\xe9"\n'.encode("latin-1"))
    assert refused(run_cli, project, path) == [
        "garbage.po:2: le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8"
    ]


def test_text_that_is_not_po_is_refused_line_by_line(run_cli: RunCli, project: Path):
    path = project / "notes.po"
    path.write_text("reviewed: true\nfields:\n  content.title: x\n", encoding="utf-8")
    lines = refused(run_cli, project, path)
    assert lines[0].startswith("notes.po:1: ligne illisible : attendu msgctxt, msgid ou msgstr")
    path.write_text("du texte\n\n" * 100, encoding="utf-8")
    lines = refused(run_cli, project, path)
    assert len(lines) == 21 and lines[-1] == (
        "notes.po:41: et d'autres lignes illisibles : est-ce bien un fichier PO ?"
    )


def test_broken_entries_are_refused_all_at_once(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    title_line = line_of(path, f'msgctxt "{FICHE}:content.title"')
    replaced(path, f'msgctxt "{FICHE}:content.title"\n', f'msgctxt "{FICHE}:content.title\n')
    text = path.read_text(encoding="utf-8")
    brand = f'msgctxt "{FICHE}:content.brand"'
    brand_line = line_of(path, brand)
    start = text.index(brand)
    end = text.index("\n\n", start)
    path.write_text(
        text[:start] + text[start:end].split("msgstr")[0] + text[end:], encoding="utf-8"
    )
    assert refused(run_cli, project, path) == [
        f"ar.po:{title_line}: ligne illisible : attendu msgctxt, msgid ou msgstr suivi d'un "
        "texte entre guillemets, un texte entre guillemets ou un commentaire « # »",
        f"ar.po:{brand_line}: entrée incomplète : msgstr manquant",
    ]


def test_entries_breaking_the_rules_of_translations_are_refused(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar")
    edit_po(
        path,
        {
            SUMMARY: ("ط" * 111, False),
            f"{FICHE}:content.what": ("<b>مرحبا</b>", False),
            "_site:site.name": ("الاستقبال والاندماج", False),
            f"{FICHE}:content.title": ("Привет, это русский текст", False),
        },
    )
    ctx = entries(path)
    lines = refused(run_cli, project, path)
    assert lines == [
        f"ar.po:{ctx[f'{FICHE}:content.title'].lineno}: {FICHE}:content.title: texte en "
        "écriture cyrillique, pas en arabe : mauvais fichier, ou mauvaise langue (« Language ») "
        "dans l'en-tête ?",
        f"ar.po:{ctx[SUMMARY].lineno}: {SUMMARY}: résumé trop long : 111 caractères, 110 au plus",
        f"ar.po:{ctx[f'{FICHE}:content.what'].lineno}: {FICHE}:content.what: le HTML n'est pas "
        "accepté : écrivez en Markdown léger (gras, listes, liens)",
        f"ar.po:{ctx['_site:site.name'].lineno}: _site:site.name: variables à garder telles "
        "quelles : {territory}",
    ]


def test_duplicates_plurals_and_missing_contexts_are_refused(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "en", "--fiche", FICHE)
    text = path.read_text(encoding="utf-8")
    entry = text[text.index(f'msgctxt "{SUMMARY}"') :].split("\n\n")[0]
    path.write_text(
        text
        + "\n"
        + entry
        + '\n\nmsgid "Un"\nmsgid_plural "Des"\nmsgstr[0] "One"\nmsgstr[1] "Many"\n'
        + '\nmsgid "Sans contexte"\nmsgstr "No context"\n',
        encoding="utf-8",
    )
    lines = path.read_text(encoding="utf-8").splitlines()
    first, second = [n + 1 for n, line in enumerate(lines, 1) if line == f'msgctxt "{SUMMARY}"']
    assert refused(run_cli, project, path) == [
        f"en.po:{second}: {SUMMARY}: entrée en double (déjà ligne {first}) : gardez-en une",
        f"en.po:{line_of(path, 'msgid_plural') - 1}: pluriel (msgid_plural) inattendu : aucun "
        "texte du site n'en a",
        f"en.po:{line_of(path, 'Sans contexte')}: entrée sans msgctxt : ce fichier ne vient pas "
        "de « ctai-site translations export »",
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Language: ru", "texte en écriture arabe, pas en russe"),
        ("Language: uk", "texte en écriture arabe, pas en ukrainien"),
        ("Language: fr", "Language: « Language: fr » : le français est la langue source"),
        ("Language: de", "Language: langue « de » inconnue : en, ar, fa, ps, ti, ru, uk"),
        ("Language: ", "Language: en-tête « Language » absent"),
    ],
)
def test_mixed_up_languages_are_refused(run_cli: RunCli, project: Path, header, message):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {SUMMARY: (NEW_AR, False)})
    replaced(path, '"Language: ar\\n"', f'"{header}\\n"')
    lines = refused(run_cli, project, path)
    assert message in lines[0] and lines[0].startswith("ar.po:")


def test_english_in_a_file_said_arabic_is_refused(run_cli: RunCli, project: Path):
    english = export(run_cli, project, "en", "--fiche", FICHE)
    path = replaced(english, '"Language: en\\n"', '"Language: ar\\n"')
    edit_po(
        path, {SUMMARY: ("A doctor from the Dax hospital sees you to treat and guide you.", False)}
    )
    assert refused(run_cli, project, path)[0].endswith(
        "texte sans écriture arabe : est-ce bien de l'arabe ? (pas encore traduit : laissez la "
        "traduction vide)"
    )


def test_russian_and_ukrainian_are_told_apart(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "uk", "--fiche", FICHE)
    edit_po(path, {SUMMARY: ("Врач больницы Дакса примет вас: это ещё и объяснит", False)})
    assert refused(run_cli, project, path)[0].endswith(
        "lettres propres au russe : est-ce bien de l'ukrainien ?"
    )


def test_export_refuses_unknown_languages_and_fiches(run_cli: RunCli, project: Path):
    result = run_cli("translations", "export", "de", "de.po", cwd=project)
    assert (result.code, result.err) == (1, "langue « de » inconnue : en, ar, fa, ps, ti, ru, uk\n")
    result = run_cli("translations", "export", "ar", "ar.po", "--fiche", "pas-hopital", cwd=project)
    assert result.err == (
        "« pas-hopital » : ni une fiche du site, ni _territory, ni _site "
        "(vouliez-vous dire « pas-hopital-dax » ?)\n"
    )
    result = run_cli("translations", "export", "ar", "ar.yml", cwd=project)
    assert result.code == 1 and not (project / "ar.yml").exists()


# --- The API ---------------------------------------------------------------------------------------


class Terms:
    """A term base of one entry, as the coming one will answer."""

    def hints(self, french: str, lang: str) -> list[str]:
        if lang == "en" and "médecin" in french:
            return ["terme « médecin » : « doctor »"]
        return []


def test_a_term_base_adds_its_terms_to_the_comments():
    site = load_site()
    parts = [p for p in po.parts(site.catalog, site.translations, site.territory) if p.key == FICHE]
    exported = po.export_po(
        parts, site.translations, "en", project="x", created=dt.datetime(2026, 1, 1), terms=Terms()
    )
    text = exported.data.decode("utf-8")
    summary = text[: text.index(f'msgctxt "{SUMMARY}"')].rsplit("\n\n", 1)[1]
    assert "#. terme « médecin » : « doctor »" in summary


def test_the_term_base_of_the_site_reaches_the_po_comments(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    assert "#. terme « " in path.read_text(encoding="utf-8")


def test_the_interface_folder_is_never_written_from_a_project(run_cli: RunCli, project: Path):
    before = snapshot(interface_folder())
    path = export(run_cli, project, "fa", "--fiche", "_site")
    edit_po(path, {"_site:home.title": ("امروز به چه چیزی نیاز دارید؟", False)})
    assert run_cli("translations", "import", path.name, cwd=project).code == 0
    assert snapshot(interface_folder()) == before
    assert (project / "translations/fa/_site.yml").is_file()


def test_a_translation_too_long_for_its_file_is_refused(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {f"{FICHE}:content.what": ("نص طويل جدا. " * 30000, False)})
    assert refused(run_cli, project, path) == [
        f"ar.po:{entries(path)[f'{FICHE}:content.what'].lineno}: translations/ar/{FICHE}.yml "
        "dépasserait 256 Ko : traductions trop longues"
    ]


def test_control_characters_are_refused(run_cli: RunCli, project: Path):
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {f"{FICHE}:content.title": ("نص\u0007", False)})  # written as it is
    line = line_of(path, "\u0007")
    assert refused(run_cli, project, path) == [
        f"ar.po:{line}: caractère de contrôle interdit (U+0007) : supprimez-le"
    ]
    path = export(run_cli, project, "ar", "--fiche", FICHE)
    edit_po(path, {SUMMARY: ("نص\rنص", False)})  # written \r
    assert refused(run_cli, project, path) == [
        f"ar.po:{entries(path)[SUMMARY].lineno}: {SUMMARY}: caractère de contrôle interdit (U+000D)"
    ]


# --- The YAML writer -------------------------------------------------------------------------------

TRICKY = [
    "une ligne",
    'des "guillemets" et des \\ barres',
    "deux\nlignes",
    "  espaces au début\net une autre",
    "# pas un commentaire\n- pas une liste\nclé: pas une clé",
    "tabulation\tdedans\net fin  ",
    "séparateur de ligne\u2028Unicode",
    "marques\u200fde\u200edirection",
    "émoji 🙂 et \ufeff",
    "- tiret au début",
    "> Bon à savoir : un encadré\n\nun paragraphe",
    "fin par des lignes vides\n\n",
    "true",
    "012345678901",
]


@pytest.mark.parametrize("text", TRICKY)
def test_yaml_text_reads_back_exactly(text: str):
    rendered = yamlfile.yaml_text(text, 4)  # the value of a key indented by 4
    assert yaml.safe_load(f"k:\n  e:\n    v: {rendered}\n") == {"k": {"e": {"v": text}}}


def test_an_edit_without_changes_returns_the_file_byte_for_byte():
    for text in (
        "# x\nreviewed: false\nfields:\n  a: {from: '000000000000', text: x}\n",
        "fields:\n  a:\n    from: 000000000001\n    text: y",  # no final newline
    ):
        assert yamlfile.edit_translation_file(text, {}, ["a"], None) == text
        assert yamlfile.edit_translation_file(text, {}, ["a"], False) == text


def test_new_entries_go_in_the_french_order_and_keep_comments():
    text = (
        "# en-tête\n"
        "reviewed: true\n"
        "fields:\n"
        "  a:\n"
        "    from: aaaaaaaaaaaa\n"
        "    # fr: le français\n"
        "    text: |\n"
        "      deux\n"
        "      lignes\n"
        "\n"
        "  # une section\n"
        "  c:\n"
        "    from: cccccccccccc\n"
        "    text: z  # un commentaire\n"
    )
    edit = yamlfile.FieldEdit("111111111111", "Le b", "b")
    out = yamlfile.edit_translation_file(
        text,
        {"b": edit, "a": yamlfile.FieldEdit("bbbbbbbbbbbb", None, "A")},
        ["a", "b", "c"],
        False,
    )
    assert out == (
        "# en-tête\n"
        "reviewed: false\n"
        "fields:\n"
        "  a:\n"
        "    from: bbbbbbbbbbbb\n"
        '    text: "A"\n'
        "  b:\n"
        '    from: "111111111111"\n'  # bare, YAML would read a number
        '    was: "Le b"\n'
        '    text: "b"\n'
        "\n"
        "  # une section\n"
        "  c:\n"
        "    from: cccccccccccc\n"
        "    text: z  # un commentaire\n"
    )


@pytest.mark.parametrize(
    "text",
    ["fields:\n", "fields: {}\n", "reviewed: false\n", "", "fields: {a: {from: x, text: y}}\n"],
)
def test_files_without_block_entries_get_them(text: str):
    edit = yamlfile.FieldEdit("aaaaaaaaaaaa", "Le b", "b")
    out = yamlfile.edit_translation_file(text or "reviewed: false\n", {"b": edit}, ["a", "b"], True)
    data = yaml.safe_load(out)
    assert data["reviewed"] is True
    assert data["fields"]["b"] == {"from": "aaaaaaaaaaaa", "was": "Le b", "text": "b"}


def test_was_is_read_with_its_translation(tmp_path: Path):
    shutil.copytree(interface_folder() / "fr", tmp_path / "fr")
    fp = i18n.fingerprint(SUMMARY_FR)
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / f"{FICHE}.yml").write_text(
        f'fields:\n  content.summary:\n    from: "{fp}"\n    was: "{SUMMARY_FR}"\n    text: x\n',
        encoding="utf-8",
    )
    found = i18n.load_translations(tmp_path).get("en", FICHE)
    assert found is not None and found.fields["content.summary"].was == SUMMARY_FR

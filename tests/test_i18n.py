"""Translation files: the loader's French messages, staleness, coverage, the CLI."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
import yaml
from sites import CATALOGUE, load_site

from ctai_site import translation as i18n
from ctai_site.cli import main
from ctai_site.fiche import vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import load_action, load_catalog
from ctai_site.translation.interface import interface_folder

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "data" / "i18n" / "atelier-horaires.yml"


@pytest.fixture
def action():
    found, problems = load_action(FIXTURE)
    assert not problems
    return found


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A translations folder with the project's French strings and nothing translated."""
    root = tmp_path / "translations"
    (root / "fr").mkdir(parents=True)
    shutil.copy(interface_folder() / "fr" / "_site.yml", root / "fr" / "_site.yml")
    return root


def write(tree: Path, rel: str, text: str) -> Path:
    path = tree / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(tree: Path) -> list[str]:
    with pytest.raises(FicheError) as caught:
        i18n.load_translations(tree, display_root=tree.parent)
    return [str(p) for p in caught.value.problems]


def test_fingerprint_ignores_layout_not_words():
    assert i18n.fingerprint("Un  texte\n court") == i18n.fingerprint("Un texte court")
    assert i18n.fingerprint("Un texte court") != i18n.fingerprint("Un texte long")
    assert len(i18n.fingerprint("x")) == i18n.FINGERPRINT_LENGTH


def test_a_fresh_translation_is_used_and_marked_unreviewed(tree: Path, action):
    fp = i18n.fingerprint(action.content.title)
    write(
        tree,
        "ar/atelier-horaires.yml",
        f"fields:\n  content.title: {{from: {fp}, text: تعلم الفرنسية}}\n",
    )
    loc = i18n.localize(action, "ar", i18n.load_translations(tree))
    assert loc.text("content.title") == i18n.Text("تعلم الفرنسية", "ar", i18n.UNREVIEWED)
    summary = loc.text("content.summary")
    assert (summary.value, summary.lang, summary.state) == (
        action.content.summary,
        "fr",
        i18n.MISSING,
    )
    assert loc.has_fallback and loc.unreviewed


def test_a_changed_french_text_makes_its_translation_stale(tree: Path, action):
    write(
        tree,
        "en/atelier-horaires.yml",
        "reviewed: true\nfields:\n  content.title: {from: '000000000000', text: Old}\n",
    )
    text = i18n.localize(action, "en", i18n.load_translations(tree)).text("content.title")
    assert text == i18n.Text(action.content.title, "fr", i18n.STALE)


def test_reviewed_translations_are_reviewed(tree: Path, action):
    fields = "\n".join(
        f"  {k}: {{from: {i18n.fingerprint(v)}, text: x}}"
        for k, v in i18n.translatable_fields(action).items()
    )
    write(tree, "uk/atelier-horaires.yml", f"reviewed: true\nfields:\n{fields}\n")
    loc = i18n.localize(action, "uk", i18n.load_translations(tree))
    assert {t.state for t in loc.texts.values()} == {i18n.REVIEWED}
    assert not loc.has_fallback and not loc.unreviewed


def test_french_is_the_source(tree: Path, action):
    loc = i18n.localize(action, "fr", i18n.load_translations(tree))
    assert {t.state for t in loc.texts.values()} == {i18n.SOURCE}


def test_problems_name_file_line_and_field_in_french(tree: Path):
    write(
        tree,
        "ar/x.yml",
        """\
        reviewed: oui
        fields:
          content.titel:
            from: 3f2a9c1b7d4e
            text: عنوان
          content.summary:
            from: XYZ
            text: ملخص
          content.what:
            from: 3f2a9c1b7d4e
            text: <b>gras</b>
          content.why[1].text:
            from: 3f2a9c1b7d4e
            txt: oubli
        extra: 1
        """,
    )
    assert problems_of(tree) == [
        "translations/ar/x.yml:1: reviewed: attendu true ou false",
        "translations/ar/x.yml:3: content.titel: champ inconnu (vouliez-vous dire « content.title » ?)",
        "translations/ar/x.yml:6: content.summary.from: empreinte « XYZ » invalide : 12 caractères "
        "de 0-9 et a-f (recopiez celle donnée par « ctai-site translations --skeleton »)",
        "translations/ar/x.yml:9: content.what: le HTML n'est pas accepté : écrivez en Markdown "
        "léger (gras, listes, liens)",
        "translations/ar/x.yml:12: content.why[1].text.txt: clé inconnue (seulement « from », « was » et « text »)",
        "translations/ar/x.yml:15: extra: clé inconnue",
    ]


def test_a_translated_summary_keeps_the_editor_limit(tree: Path):
    write(
        tree, "en/x.yml", f"fields:\n  content.summary: {{from: 3f2a9c1b7d4e, text: {'a' * 111}}}\n"
    )
    assert problems_of(tree) == [
        "translations/en/x.yml:2: content.summary: résumé trop long : 111 caractères, 110 au plus"
    ]


def test_unknown_language_and_french_translation_are_refused(tree: Path):
    write(tree, "prs/x.yml", "fields: {}\n")
    write(tree, "fr/x.yml", "fields: {}\n")
    found = problems_of(tree)
    assert "translations/fr/x.yml:1: le français est la langue source : rien à traduire" in found
    assert any(p.startswith("translations/prs/x.yml:1: langue « prs » inconnue") for p in found)


def test_site_strings_keys_and_placeholders_are_checked(tree: Path):
    fp = i18n.fingerprint("Mis à jour le {date}")
    write(
        tree,
        "en/_site.yml",
        f"""\
        fields:
          action.updatd: {{from: "{fp}", text: Updated}}
          action.updated:
            from: "{fp}"
            text: Updated on {{day}}
        """,
    )
    assert problems_of(tree) == [
        "translations/en/_site.yml:2: action.updatd: texte inconnu de l'interface "
        "(vouliez-vous dire « action.updated » ?)",
        "translations/en/_site.yml:3: action.updated: variables à garder telles quelles : {date}",
    ]


def test_yaml_errors_keep_their_line(tree: Path):
    write(tree, "ru/x.yml", "fields:\n  content.title: {from: a, text: b\n")
    assert problems_of(tree)[0].startswith("translations/ru/x.yml:3: erreur de syntaxe YAML")


def test_an_empty_text_is_missing_not_an_error(tree: Path, action):
    fp = i18n.fingerprint(action.content.title)
    write(tree, "ti/atelier-horaires.yml", f'fields:\n  content.title: {{from: {fp}, text: ""}}\n')
    loc = i18n.localize(action, "ti", i18n.load_translations(tree))
    assert loc.text("content.title").state == i18n.MISSING


def test_skeleton_round_trip(tree: Path, action):
    source = i18n.translatable_fields(action)
    old = i18n.Translation(
        "ar",
        action.id,
        "x",
        False,
        {"content.title": i18n.FieldTranslation("قديم", "000000000000", 3)},
    )
    text = i18n.skeleton(source, old)
    assert "# ancienne traduction : قديم" in text
    assert f'was: "{action.content.summary}"' in text
    data = yaml.safe_load(text)
    assert set(data["fields"]) == set(source)
    assert all(f["from"] == i18n.fingerprint(source[k]) for k, f in data["fields"].items())
    # Filled in, every field is fresh.
    for field in data["fields"].values():
        field["text"] = "نص"
    write(tree, "ar/atelier-horaires.yml", yaml.safe_dump(data, allow_unicode=True))
    loc = i18n.localize(action, "ar", i18n.load_translations(tree))
    assert {t.state for t in loc.texts.values()} == {i18n.UNREVIEWED}


def test_coverage_counts_fiches_and_orphans(tree: Path, action):
    catalog = load_catalog(FIXTURE)
    write(tree, "en/gone.yml", "fields: {}\n")
    fp = i18n.fingerprint(action.content.title)
    write(tree, "ar/atelier-horaires.yml", f"fields:\n  content.title: {{from: {fp}, text: ع}}\n")
    report = {c.lang: c for c in i18n.language_coverage(catalog, i18n.load_translations(tree))}
    assert set(report) == set(vocab.LANGUAGE_CODES) - {"fr"}
    assert report["ar"].fiches[0].state == i18n.STALE  # begun, not finished
    assert report["en"].fiches[0].state == i18n.MISSING
    assert report["en"].orphans == ("gone",)


# --- The project's own translations --------------------------------------------------------------


def test_the_project_translations_load_and_cover_the_interface_in_every_language():
    site = load_site()
    for cov in i18n.language_coverage(site.catalog, site.translations, site.territory.texts()):
        assert cov.strings_state == i18n.UNREVIEWED, (
            cov.lang,
            cov.strings_missing,
            cov.strings_stale,
        )


def test_glossary_has_the_acronyms_newcomers_meet():
    translations = load_site().translations
    acronyms = {k.split(".", 1)[1] for k in translations.site_source if k.startswith("glossary.")}
    assert {"EPA", "BPI", "PAS", "LAEP", "FLE", "OFII", "CIR", "CADA", "HUDA", "IML"} <= acronyms


# --- CLI ---------------------------------------------------------------------------------------


def test_cli_translations_prints_coverage(capsys):
    code = main(
        [
            "translations",
            "--actions",
            str(CATALOGUE / "actions"),
            "--territory",
            str(CATALOGUE / "territory.yml"),
            "--translations",
            str(CATALOGUE / "translations"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    header = next(line for line in out.splitlines() if line.startswith("langue"))
    assert header.split()[1:5] == ["relues", "non", "relues", "périmées"]
    assert {line.split()[0] for line in out.splitlines()[3:10]} == set(i18n.TRANSLATED)


def test_cli_skeleton(capsys):
    code = main(
        [
            "translations",
            "--skeleton",
            "ps",
            "_site",
            "--actions",
            str(CATALOGUE / "actions"),
            "--territory",
            str(CATALOGUE / "territory.yml"),
            "--translations",
            str(CATALOGUE / "translations"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0].endswith("translations/ps/_site.yml")
    assert out.splitlines()[1] == "reviewed: false"
    assert '  home.title:\n    from: "' in out


def test_cli_reports_a_broken_translation(tmp_path: Path, capsys):
    shutil.copytree(interface_folder() / "fr", tmp_path / "fr")
    write(
        tmp_path,
        "ar/pas-hopital-dax.yml",
        "fields:\n  content.titre: {from: 3f2a9c1b7d4e, text: x}\n",
    )
    code = main(
        [
            "translations",
            "--actions",
            str(CATALOGUE / "actions"),
            "--territory",
            str(CATALOGUE / "territory.yml"),
            "--translations",
            str(tmp_path),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "ar/pas-hopital-dax.yml:2: content.titre: champ inconnu" in err

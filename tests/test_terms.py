"""The term base: one rendering per language for the words a newcomer must not misread, the
warning a translation that departs from it gets, and what translators see of it. The small term
base and its Arabic translation are in tests/data/terms/ (see its README)."""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import RunCli
from sites import CATALOGUE, load_site

from ctai_site import translation as i18n
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.model import Catalog
from ctai_site.site import pages
from ctai_site.translation.interface import interface_folder
from ctai_site.translation.terms import read_term_base

TERMS = Path(__file__).parent / "data" / "terms"
FILE = "translations/ar/pas-hopital-dax.yml"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """tests/data/terms/ as a project's translations folder, with the French interface."""
    root = tmp_path / "translations"
    shutil.copytree(TERMS, root, ignore=shutil.ignore_patterns("README.md"))
    (root / "fr").mkdir()
    shutil.copy(interface_folder() / "fr" / "_site.yml", root / "fr" / "_site.yml")
    return root


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(CATALOGUE / "actions")


def line_of(field: str) -> int:
    lines = (TERMS / "ar" / "pas-hopital-dax.yml").read_text("utf-8").splitlines()
    return lines.index(f"  {field}:") + 1


def base_of(text: str) -> i18n.TermBase:
    base, problems = read_term_base(text, "translations/_terms.yml")
    assert not problems, problems
    return base


# --- The check -----------------------------------------------------------------------------------


def test_a_translation_that_departs_from_the_term_base_gets_a_warning_line(
    tree: Path, catalog: Catalog
) -> None:
    translations = i18n.load_translations(tree, display_root=tree.parent)
    found = [str(p) for p in i18n.term_problems(catalog, translations)]
    brand, why = line_of("content.brand"), line_of("content.why[1].text")
    assert found == [
        f"{FILE}:{brand}: content.brand: terme « permanence d'accès aux soins » : « مداومة » "
        "prête à confusion : écrivez « خدمة الوصول إلى العلاج »",
        f"{FILE}:{why}: content.why[1].text: terme « hors de l'hôpital » : « في المدينة » prête "
        "à confusion : écrivez « خارج المستشفى »",
        f"{FILE}:{why}: content.why[1].text: terme « PAS » : gardez le français « PAS » tel quel",
    ]  # the summary (داكس) and why[2] (PAS) are right; the stale how[1].title is not checked


def test_the_cli_warns_and_exits_0(tree: Path, run_cli: RunCli) -> None:
    run = run_cli(
        "translations",
        "--actions",
        str(CATALOGUE / "actions"),
        "--territory",
        str(CATALOGUE / "territory.yml"),
        "--translations",
        "translations",
        cwd=tree.parent,
    )
    assert run.code == 0, run.err
    expected = (
        f"  {FILE}:{line_of('content.brand')}: content.brand: terme « permanence d'accès aux "
        "soins » : « مداومة » prête à confusion : écrivez « خدمة الوصول إلى العلاج »"
    )
    assert expected in run.out.splitlines()
    assert "Base de termes (" in run.out


def test_a_translation_that_follows_the_term_base_gets_no_warning(
    tree: Path, catalog: Catalog
) -> None:
    path = tree / "ar" / "pas-hopital-dax.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["fields"]["content.brand"]["text"] = "خدمة الوصول إلى العلاج (PAS) في مستشفى داكس"
    data["fields"]["content.why[1].text"]["text"] = (
        "الطبيب المعالج (médecin traitant) هو طبيب العائلة الذي يتابع حالتك. "
        "خارج المستشفى، من الصعب إيجاد طبيب. PAS تستقبلك."
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    translations = i18n.load_translations(tree, display_root=tree.parent)
    assert i18n.term_problems(catalog, translations) == []


def test_the_interface_agrees_with_the_term_base_in_every_language() -> None:
    """The tool's own strings (home page, glossary pop-ups, cards) say what the fiches say."""
    translations = i18n.load_translations(interface_folder())
    base = translations.terms
    assert len(base) >= 40
    wrong = []
    for lang in i18n.TRANSLATED:
        fields = translations.get(lang, i18n.SITE).fields  # type: ignore[union-attr]
        for key, french in translations.site_source.items():
            found = fields.get(key)
            if found and found.source == i18n.fingerprint(french):
                wrong += [f"{lang} {key}: {p}" for p in base.problems(french, found.text, lang)]
    assert not wrong, "\n".join(wrong)


# --- What a translator sees ------------------------------------------------------------------


def test_the_skeleton_shows_the_terms_of_each_text(tree: Path, catalog: Catalog) -> None:
    translations = i18n.load_translations(tree, display_root=tree.parent)
    source = i18n.translatable_fields(catalog.by_id("pas-hopital-dax"))
    text = i18n.skeleton(
        source, translations.get("ar", "pas-hopital-dax"), translations.terms, "ar"
    )
    lines = text.splitlines()
    # A text to translate: its French, then its terms and how Arabic writes them.
    what = lines.index("  content.what:")
    block = lines[what : lines.index("  content.brand:")]
    assert (
        "    # terme « permanence d'accès aux soins » : « خدمة الوصول إلى العلاج » ; pas « مداومة »"
        in block
    )
    assert "    # terme « Dax » : « داكس »" in block
    assert '    text: ""' in block
    # A translated text that departs from the base: kept, with what to change.
    brand = lines[lines.index("  content.brand:") : lines.index("  content.why[1].title:")]
    assert any(line.startswith("    # à revoir : terme « permanence d'accès") for line in brand)
    assert brand[-1].startswith("    text: ") and "مداومة" in brand[-1]
    # A text that follows it: nothing added.
    summary = lines[lines.index("  content.summary:") : lines.index("  content.what:")]
    assert not any("#" in line for line in summary)


def test_the_terms_of_a_french_text_for_a_po_file() -> None:
    base = base_of((TERMS / "_terms.yml").read_text("utf-8"))
    assert base.hints("Venez à la permanence de Dax.", "ar") == [
        "terme « permanence » : « جلسة استقبال » + « (permanence) » ; pas « مداومة » "
        "(un moment où un professionnel reçoit)",
        "terme « Dax » : « داكس »",
    ]
    assert base.hints("Venez à la permanence.", "ru") == []  # no Russian rendering here
    assert base.hints("Rien à voir.", "ar") == []


# --- How terms are found ---------------------------------------------------------------------


def test_forms_matching_case_stems_and_the_longer_term() -> None:
    base = base_of((TERMS / "_terms.yml").read_text("utf-8"))
    keys = [t.key for t in base.find("Je ne sais pas où est la PAS.")]
    assert keys == ["pas"]  # « pas » is not « PAS »
    keys = [t.key for t in base.find("La permanence d'accès aux soins et ses permanences.")]
    assert keys == ["pas-nom", "permanence"]  # the longer match wins, « permanences » counts
    # Arabic vowel marks and a stem: جَلَسات (plural, with marks) is جلسة استقبال's form
    said = "جَلَسات الاستقبال (permanence) مرتين في الشهر"
    assert base.problems("Une permanence deux fois par mois.", said, "ar") == []


def test_a_persian_half_space_is_a_space() -> None:
    base = base_of(
        "terms:\n  primo-arrivant:\n    fr: primo-arrivant\n    forms: ['primo-arrivant*']\n"
        "    fa: {text: تازه‌وارد}\n"
    )
    assert base.problems("Les primo-arrivants", "خارجی‌های تازه وارد", "fa") == []
    assert base.problems("Les primo-arrivants", "خارجی‌های جدید", "fa") == [
        "terme « primo-arrivant » : écrivez « تازه‌وارد » (base de termes)"
    ]


def test_a_broken_term_base_names_file_line_and_field(tree: Path) -> None:
    (tree / "_terms.yml").write_text(
        "terms:\n  permanence:\n    fr: permanence\n    ar: {text: جلسة, french: oui}\n"
        "  Mauvaise:\n    fr: x\n    en: {text: x}\n  vide:\n    fr: rien\n",
        "utf-8",
    )
    with pytest.raises(FicheError) as caught:
        i18n.load_translations(tree, display_root=tree.parent)
    assert [str(p) for p in caught.value.problems] == [
        "translations/_terms.yml:4: permanence.ar.french: attendu true ou false",
        "translations/_terms.yml:5: Mauvaise: clé invalide (minuscules et tirets : "
        "titre-de-sejour)",
        "translations/_terms.yml:8: vide: aucune langue : ajoutez un rendu par langue, "
        "ou « keep: true »",
    ]


# --- The status page -------------------------------------------------------------------------


def test_the_status_page_counts_departures_and_says_who_must_review(
    tree: Path, catalog: Catalog
) -> None:
    site = load_site()
    translations = i18n.load_translations(tree, display_root=tree.parent)
    page = pages.render_status_page(pages.Site(catalog, translations, site.territory))
    assert '<a href="#relecture-ar">relecture native à faire</a>' in page
    assert "Relire d'abord le nom de la PAS." in html.unescape(page)
    assert "relecture-en" not in page
    assert f"<code>{FILE}:{line_of('content.brand')}</code> <code>content.brand</code>" in page


def test_the_status_page_of_the_tool_names_the_languages_to_review() -> None:
    page = pages.render_status_page(load_site())
    for lang in ("fa", "ps", "ti"):
        assert f'<a href="#relecture-{lang}">relecture native à faire</a>' in page
    for lang in ("en", "ar", "ru", "uk"):
        assert f"#relecture-{lang}" not in page
    assert "Dari" in page  # the variant chosen for fa

"""The built Dax site, as readers get it: every page in eight languages, direction, no third
party, search per language; and a copy of the project where a French text changes."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.dates import get_day_names
from sites import load_site, mkdocs_build

from ctai_site import translation as i18n
from ctai_site.cli import main
from ctai_site.fiche import vocab

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "data" / "i18n" / "atelier-horaires.yml"
SITE = load_site()
CATALOG = SITE.catalog
TRANSLATIONS = SITE.translations
ACTIONS = [a.id for a in CATALOG.actions]
THEMES = sorted({a.themes.main for a in CATALOG.services if a.status != "archived"})


def page(site: Path, lang: str, rel: str) -> str:
    prefix = "" if lang == "fr" else f"{lang}/"
    return (site / prefix / rel / "index.html").read_text(encoding="utf-8")


def visible_text(doc: str) -> str:
    main = doc.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>")[0]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", main))


@pytest.mark.parametrize("lang", vocab.LANGUAGE_CODES)
def test_every_page_exists_in_every_language(built_site: Path, lang: str):
    rels = ["", "professionnels", "contrat"]
    rels += [f"themes/{t}" for t in THEMES] + [f"actions/{a}" for a in ACTIONS]
    for rel in rels:
        doc = page(built_site, lang, rel)
        assert (
            f'<html dir="{"rtl" if lang in vocab.RTL_LANGUAGES else "ltr"}" lang="{lang}"' in doc
        ), rel


def test_french_only_pages_are_built_once(built_site: Path):
    """The drafts, the yearly reports and the translation status are French: no copy of them
    in another language's folder (mkdocs-static-i18n's fallback would build one per language)."""
    assert (built_site / "traductions" / "index.html").is_file()
    assert (built_site / "refugies-info" / "index.html").is_file()
    for lang in vocab.LANGUAGE_CODES[1:]:
        for folder in ("traductions", "refugies-info", "bilan"):
            assert not (built_site / lang / folder).exists(), f"{lang}/{folder}"


@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_right_to_left_pages(built_site: Path, lang: str):
    doc = page(built_site, lang, "actions/pas-hopital-dax")
    assert f'<html dir="rtl" lang="{lang}"' in doc
    assert '<body dir="rtl"' in doc


def test_tigrinya_pages_are_in_their_own_script(built_site: Path):
    doc = page(built_site, "ti", "")
    assert '<html dir="ltr" lang="ti"' in doc
    title = TRANSLATIONS.get("ti", i18n.SITE).fields["home.title"]
    assert title.text in html.unescape(doc)
    assert re.search("[\u1200-\u137f]", title.text)  # Ethiopic


def test_arabic_action_page_shows_its_arabic_title(built_site: Path):
    translations = TRANSLATIONS
    title = translations.get("ar", "pas-hopital-dax").fields["content.title"].text
    doc = page(built_site, "ar", "actions/pas-hopital-dax")
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", doc, re.S)[1]
    assert html.unescape(re.sub(r"<[^>]+>", "", h1)).strip() == title
    assert f"<title>{html.escape(title, quote=False)}" in doc or f"<title>{title}" in doc


def test_language_switcher_goes_to_the_same_page(built_site: Path):
    doc = page(built_site, "ar", "actions/pas-hopital-dax")
    links = dict(
        (lang, href) for href, lang in re.findall(r'<a href="([^"]*)" hreflang="([a-z]+)"', doc)
    )
    assert links["fr"] == "../../../actions/pas-hopital-dax/"
    assert links["uk"] == "../../../uk/actions/pas-hopital-dax/"


def test_actions_stay_out_of_the_navigation(built_site: Path):
    doc = page(built_site, "fr", "")
    nav = re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', doc, re.S)[0]
    assert "actions/" not in nav
    assert "professionnels/" in nav and "contrat/" in nav


def test_no_third_party_request_when_a_page_loads(built_site: Path):
    resource = re.compile(r"<(?:link|script|img|iframe|source|video|audio)\b[^>]*>", re.I)
    url = re.compile(r'(?:href|src|srcset)="(?:https?:)?//', re.I)
    for path in built_site.rglob("*.html"):
        doc = path.read_text(encoding="utf-8")
        for tag in resource.findall(doc):
            if 'rel="alternate"' in tag or 'rel="canonical"' in tag:
                continue  # links to pages, not resources
            assert not url.search(tag), (path, tag)
        assert "fonts.googleapis" not in doc and "fonts.gstatic" not in doc


def test_search_answers_in_the_readers_language(built_site: Path):
    for lang in vocab.LANGUAGE_CODES:
        prefix = "" if lang == "fr" else f"{lang}/"
        index = json.loads((built_site / prefix / "search" / "search_index.json").read_text())
        locations = {d["location"].split("#")[0] for d in index["docs"]}
        assert "actions/pas-hopital-dax/" in locations, lang
        assert not any(loc.split("/")[0] in vocab.LANGUAGE_CODES for loc in locations), lang
    doc = page(built_site, "ar", "actions/pas-hopital-dax")
    config = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', doc, re.S)[1])
    assert config["base"] == "../../../ar/"
    arabic = json.loads((built_site / "ar" / "search" / "search_index.json").read_text())
    title = TRANSLATIONS.get("ar", "pas-hopital-dax")
    assert any(title.fields["content.title"].text in d["title"] for d in arabic["docs"])


def test_glossary_tooltips_in_the_readers_language(built_site: Path):
    strings = TRANSLATIONS.get("ru", i18n.SITE).fields
    doc = page(built_site, "ru", "actions/pas-hopital-dax")
    assert f'<abbr title="{html.escape(strings["glossary.PAS"].text)}">PAS</abbr>' in doc


def test_print_stylesheet_and_filter_script_are_served_locally(built_site: Path):
    doc = page(built_site, "en", "professionnels")
    assert re.search(r'<link rel="stylesheet" href="(\.\./)+assets/ctai/ctai\.css"', doc)
    assert re.search(r'<script src="(\.\./)+assets/ctai/ctai\.js"', doc)
    css = (built_site / "assets" / "ctai" / "ctai.css").read_text()
    assert "@media print" in css and "size: A4" in css


def test_material_has_pashto_and_tigrinya_strings(built_site: Path):
    assert 'placeholder="لټون"' in page(built_site, "ps", "")
    assert 'placeholder="ድለ"' in page(built_site, "ti", "")


# --- A copy of the project: the French changes, translations go stale ---------------------------


@pytest.fixture
def small_project(project_copy: Path) -> Path:
    """The project with two fiches: the Dax PAS and a fictional one with opening hours."""
    actions = project_copy / "actions"
    for fiche in actions.glob("*.yml"):
        if fiche.stem != "pas-hopital-dax":
            fiche.unlink()
    shutil.copy(FIXTURE, actions / FIXTURE.name)
    return project_copy


def test_a_changed_french_summary_makes_translations_stale(small_project: Path, tmp_path, capsys):
    fiche = small_project / "actions" / "pas-hopital-dax.yml"
    text = fiche.read_text(encoding="utf-8")
    old = re.search(r"^  summary: (.*)$", text, re.M)[1]
    fiche.write_text(
        text.replace(old, "Un médecin de l'hôpital vous reçoit, avec ou sans papiers.")
    )

    args = ["translations", "--actions", str(small_project / "actions")]
    args += ["--territory", str(small_project / "territory.yml")]
    assert main([*args, "--translations", str(small_project / "translations")]) == 0
    report = capsys.readouterr().out
    table = {line.split()[0]: line.split() for line in report.splitlines()[3:10]}
    assert all(int(table[lang][3]) >= 1 for lang in i18n.TRANSLATED)  # « périmées » column
    assert re.search(r"translations/ar/pas-hopital-dax\.yml:\d+: content\.summary: périmée", report)

    result = mkdocs_build(small_project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "traduction périmée (content.summary)" in result.stderr  # logged, not a failure
    site = tmp_path / "site"
    doc = page(site, "ar", "actions/pas-hopital-dax")
    notice = TRANSLATIONS.get("ar", i18n.SITE)
    assert html.escape(notice.fields["notice.fallback"].text, quote=False) in doc
    assert (
        '<p class="ctai-lead" lang="fr" dir="ltr">Un médecin de l&#x27;hôpital vous reçoit' in doc
    )
    # the fictional fiche has opening hours: Arabic day names from CLDR
    hours = page(site, "ar", "actions/atelier-horaires")
    assert get_day_names("wide", locale="ar")[1] in visible_text(hours)  # الثلاثاء
    assert "الخميس" in visible_text(hours)
    # French pages carry no notice
    assert "ctai-notice" not in page(site, "fr", "actions/pas-hopital-dax")


def test_html_fixes_for_material_and_static_i18n():
    from ctai_site.site.html import localize_html

    doc = (
        '<html lang="ps" class="no-js"><head>\n'
        '      <link rel="alternate" href="./" hreflang="ps">\n</head><body dir="rtl">'
        '<div class="md-search" data-md-component="search" role="dialog">'
        '<input type="text" class="md-search__input" name="query" aria-label="لټون">'
        '<script id="__config" type="application/json">{"base": "../..", "features": []}'
        "</script></body></html>"
    )
    out = localize_html(doc, "ps")
    assert out.startswith('<html dir="rtl" lang="ps" class="no-js">')
    assert 'rel="alternate"' not in out
    assert 'role="dialog" aria-label="لټون">' in out
    assert '"base": "../../ps/"' in out
    assert '"base": "../.."' in localize_html(doc.replace('lang="ps"', 'lang="fr"'), "fr")

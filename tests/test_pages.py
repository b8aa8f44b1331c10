"""Pages as pure functions: what a reader sees, in each language, without building a site.

The Markdown our templates write is turned into HTML here with the Markdown extensions of
mkdocs.yml, so that assertions read what a browser would get.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import markdown
import pytest
from babel.dates import get_day_names
from sites import load_site

from ctai_site import translation as i18n
from ctai_site.fiche import vocab
from ctai_site.fiche.loading import load_action
from ctai_site.fiche.model import Audience, Catalog
from ctai_site.site import build, facts, pages
from ctai_site.templating import md
from ctai_site.translation import l10n

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
FIXTURE = DATA / "i18n" / "atelier-horaires.yml"
HOSTILE = DATA / "hostile" / "fiche.yml"


def to_html(text: str) -> str:
    """Our Markdown as MkDocs renders it (front matter dropped)."""
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    return str(
        markdown.markdown(
            body,
            # MkDocs adds toc, tables and fenced_code to every site's extensions
            extensions=[
                "attr_list",
                "md_in_html",
                "pymdownx.emoji",
                "toc",
                "tables",
                "fenced_code",
            ],
            extension_configs={
                "pymdownx.emoji": {
                    "emoji_index": __import__("material.extensions.emoji").extensions.emoji.twemoji,
                    "emoji_generator": __import__(
                        "material.extensions.emoji"
                    ).extensions.emoji.to_svg,
                }
            },
        )
    )


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def front_matter(text: str) -> dict[str, str]:
    head = text.split("\n---\n", 1)[0].removeprefix("---\n")
    return dict(
        (k, json.loads(v))
        for k, v in (line.split(": ", 1) for line in head.splitlines())
        if v.startswith('"')
    )


@pytest.fixture(scope="module")
def dax_site() -> pages.Site:
    """The fixture catalogue (a frozen copy of Dax's), as the build loads it."""
    return load_site()


@pytest.fixture(scope="module")
def translations(dax_site: pages.Site) -> i18n.Translations:
    return dax_site.translations


@pytest.fixture(scope="module")
def fixture_site(dax_site: pages.Site) -> pages.Site:
    action, problems = load_action(FIXTURE)
    assert action is not None and not problems
    return pages.Site(Catalog((action,)), dax_site.translations, dax_site.territory)


# --- An action page ----------------------------------------------------------------------------


def test_opening_hours_use_cldr_day_names_in_arabic(fixture_site):
    action = fixture_site.catalog.actions[0]
    page = to_html(pages.render_action_page(fixture_site, action, "ar"))
    hours = re.search(r'<table class="ctai-hours">.*?</table>', page, re.S)[0]
    tuesday = get_day_names("wide", locale="ar")[1]
    assert tuesday == "الثلاثاء"
    assert text_of(hours).split()[0] == tuesday
    assert "09:00" in hours and "12:00" in hours
    assert "السبت" in hours  # saturday, first and third week of the month
    visible = page.split('<script type="application/ld+json">')[0]
    assert "Tuesday" not in visible and "mardi" not in visible


@pytest.mark.parametrize("lang", vocab.LANGUAGE_CODES)
def test_day_names_come_from_babel_in_every_language(lang):
    names = l10n.day_names(lang)
    assert names["monday"] == get_day_names("wide", locale=lang)[0]
    assert len(set(names.values())) == 7


def test_an_action_page_has_what_a_newcomer_needs(fixture_site):
    action = fixture_site.catalog.actions[0]
    page = to_html(pages.render_action_page(fixture_site, action, "en"))
    assert 'href="tel:+33558900000"' in page
    assert ">05 58 90 00 00<" in page
    assert 'href="mailto:contact@exemple.org"' in page
    assert "https://www.openstreetmap.org/?mlat=43.7102&amp;mlon=-1.0536" in page
    assert "Association Exemple" in page  # the carrier
    cards = text_of(re.search(r'<dl class="ctai-cards">.*?</dl>', page, re.S)[0])
    for word in ("Refugees", "from Ukraine", "A1", "Free", "Tuesday", "Residence permit"):
        assert word in cards
    assert "Arabic" in page  # a language spoken there, named in English by CLDR


def card_of(page: str, key: str) -> str:
    found = re.search(rf'<div class="ctai-card ctai-card--{key}"><dt>.*?</dt><dd>(.*?)</dd>', page)
    assert found, key
    return " ".join(text_of(found[1]).split())


def card_items(page: str, key: str) -> list[str]:
    found = re.search(rf'<div class="ctai-card ctai-card--{key}"><dt>.*?</dt><dd>(.*?)</dd>', page)
    assert found, key
    items = re.findall(r"<li>(.*?)</li>", found[1]) or [found[1]]
    return [" ".join(text_of(item).split()) for item in items]


def test_for_whom_says_who_in_the_contracts_own_words(dax_site):
    """EPA, BPI, BPT said plainly: a newcomer with an ordinary first residence permit reads
    « me », not Réfugiés.info's statuses (kept for the draft)."""
    action = dax_site.catalog.by_id("pas-hopital-dax")
    assert action.audience.contract_publics == ("EPA", "BPI", "BPT")
    fr = card_items(to_html(pages.render_action_page(dax_site, action, "fr")), "public")
    assert fr == [  # alternatives, one per line: joined with « et » they read as cumulative
        "Personnes arrivées en France depuis moins de 5 ans avec un titre de séjour",
        "Personnes réfugiées ou protégées",
        "Personnes venues d'Ukraine (protection temporaire)",
    ]
    ar = card_items(to_html(pages.render_action_page(dax_site, action, "ar")), "public")
    assert len(ar) == 3 and ar[0].startswith(
        "الأشخاص الذين وصلوا إلى فرنسا منذ أقل من 5 سنوات ولديهم تصريح الإقامة (titre de séjour)"
    )
    assert ar[1] == "اللاجئون أو الحاصلون على حماية أخرى" and "أوكرانيا" in ar[2]
    assert "عديمو الجنسية" not in " ".join(ar) and "Apatrides" not in " ".join(fr)
    for lang in ("fa", "ps"):  # no « و » / « او » between two publics: each is its own item
        items = card_items(to_html(pages.render_action_page(dax_site, action, lang)), "public")
        assert len(items) == 3, (lang, items)
    table = to_html(pages.render_professionals_page(dax_site, "fr"))
    row = re.search(r'<tr data-theme="health">.*?</tr>', table, re.S)[0]
    assert "<abbr" in row and " ".join(text_of(row).split()).count("EPA BPI BPT") == 1
    legend = re.search(r'<dl class="ctai-legend">.*?</dl>', table, re.S)[0]
    assert fr[0] in text_of(legend) and fr[0] not in text_of(row)  # said once, above


def test_for_whom_adds_the_statuses_the_contract_does_not_name(dax_site):
    say = dax_site.strings("fr")
    beyond = Audience(
        public_status=("asile", "refugie", "subsidiaire", "apatride"), contract_publics=("BPI",)
    )
    assert facts.for_whom(beyond, "fr", say) == (
        "Personnes réfugiées ou protégées",
        "Demandeurs d'asile",
    )
    codes_only = Audience(public_status=("refugie",))
    assert facts.for_whom(codes_only, "fr", say) == ("Réfugiés",)
    assert facts.for_whom(Audience(public_status="not_relevant"), "fr", say) == ("Tout public",)


def test_the_arabic_page_names_spoken_languages_in_arabic(fixture_site):
    page = pages.render_action_page(fixture_site, fixture_site.catalog.actions[0], "ar")
    assert "العربية" in page and "الفرنسية" in page


def test_json_ld_is_a_schema_org_service(fixture_site):
    action = fixture_site.catalog.actions[0]
    page = to_html(pages.render_action_page(fixture_site, action, "fr"))
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    data = json.loads(raw)
    assert data["@type"] == "Service"
    assert data["name"] == action.content.title
    assert data["isAccessibleForFree"] is True
    where = data["availableChannel"][0]["serviceLocation"]
    assert where["telephone"] == "+33558900000"
    assert where["address"]["postalCode"] == "40100"


def test_missing_translation_shows_french_with_a_notice_in_the_readers_language(fixture_site):
    action = fixture_site.catalog.actions[0]  # no translation exists for this fictional fiche
    page = pages.render_action_page(fixture_site, action, "uk")
    notice = fixture_site.strings("uk")("notice.fallback")
    assert notice.startswith("Частину цієї сторінки")
    assert html.escape(notice) in page
    assert f'# {action.content.title} {{ lang="fr" dir="ltr" }}' in page
    assert '<p class="ctai-lead" lang="fr" dir="ltr">' in page


def test_french_pages_carry_no_notice(fixture_site):
    page = pages.render_action_page(fixture_site, fixture_site.catalog.actions[0], "fr")
    assert "ctai-notice--fallback" not in page and "ctai-notice--unreviewed" not in page


def test_a_dax_action_in_arabic_uses_its_arabic_translation(dax_site, translations):
    action = dax_site.catalog.by_id("pas-hopital-dax")
    title = translations.get("ar", "pas-hopital-dax").fields["content.title"].text
    page = pages.render_action_page(dax_site, action, "ar")
    assert front_matter(page)["title"] == html.escape(title, quote=False)
    assert f"# {md(title)}\n" in page
    assert "ctai-notice--unreviewed" in page  # machine or unchecked: the discreet notice


def test_projects_say_they_are_not_open_to_the_public(dax_site):
    action = dax_site.catalog.by_id("ctai-pilotage")
    page = pages.render_action_page(dax_site, action, "en")
    assert "not a service open to the public" in page


# --- Hostile text stays inert ------------------------------------------------------------------


def test_hostile_fiche_renders_inert_in_every_page(translations):
    action, problems = load_action(HOSTILE)
    assert action is not None and not problems
    site = pages.Site(
        Catalog((action,)), translations, load_site().territory, languages=("fr", "ar")
    )
    for path, text in pages.site_pages(site).items():
        page = to_html(text)
        scripts = re.findall(r"<script\b[^>]*>", page)
        assert all('type="application/ld+json"' in s for s in scripts), path
        tags = set(re.findall(r"<([a-z][a-z0-9]*)\b", page))
        assert not tags & {"iframe", "img", "style", "object", "embed"}, path
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), path
        assert not any(
            h.lower().startswith("javascript:") for h in re.findall(r'href="([^"]*)"', page)
        ), path
        assert "ctai:" not in "".join(re.findall(r"<svg\b[^>]*>", page)), path
        for title in re.findall(r'^title: (".*")$', text, re.M):
            assert "<" not in json.loads(title), path  # titles reach <title> and the nav
        ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        if ld:
            assert "<" not in ld[1] and ">" not in ld[1]
            json.loads(ld[1])


def test_md_escapes_markdown_html_attributes_and_emoji():
    out = md("*a* _b_ [c](d) <e> & :material-bomb: { .x } # f\nnew")
    rendered = markdown.markdown(
        f"# {out}",
        extensions=["attr_list", "pymdownx.emoji"],
    )
    assert rendered == ("<h1>*a* _b_ [c](d) &lt;e&gt; &amp; :material-bomb: { .x } # f new</h1>")


def test_abbr_wraps_text_not_attributes():
    glossary = {"PAS": 'Permanence "santé"', "CADA": "Centre"}
    out = pages.add_abbr('<a href="/PAS" title="PAS">PAS et CADA</a> pas PASS', glossary)
    assert out == (
        '<a href="/PAS" title="PAS"><abbr title="Permanence &quot;santé&quot;">PAS</abbr> et '
        '<abbr title="Centre">CADA</abbr></a> pas PASS'
    )


# --- Index pages ---------------------------------------------------------------------------------


def test_home_has_a_tile_with_icon_per_theme_with_services(dax_site):
    page = to_html(pages.render_home_page(dax_site, "ar"))
    tiles = re.findall(
        r'<a class="ctai-tile" href="([^"]+)"><span class="twemoji[^"]*">(<svg)', page
    )
    assert [href for href, _ in tiles] == [f"themes/{t.key}.md" for t in dax_site.themes]
    assert "studies" not in {t.key for t in dax_site.themes}  # no Dax service: no empty tile
    assert dax_site.strings("ar")("home.title") in page


def test_theme_page_lists_title_summary_place_and_price(dax_site, translations):
    page = to_html(pages.render_theme_page(dax_site, "health", "en"))
    item = re.search(r'<article class="ctai-item">.*?</article>', page, re.S)[0]
    english = translations.get("en", "pas-hopital-dax").fields
    assert english["content.title"].text in html.unescape(item)
    assert english["content.summary"].text in html.unescape(item)
    assert 'href="../actions/pas-hopital-dax.md"' in item
    assert "Dax" in item
    assert "Ask for the price" in item  # the fiche does not say (never invented)


def test_professionals_table_has_every_service_and_a_filter(dax_site):
    page = to_html(pages.render_professionals_page(dax_site, "fr"))
    rows = re.findall(r'<tr data-theme="([a-z]+)">', page)
    assert len(rows) == len(dax_site.services)
    assert 'data-ctai-filter="ctai-pros"' in page and 'id="ctai-pros"' in page
    headers = text_of(re.search(r"<thead>.*?</thead>", page, re.S)[0]).split()
    assert headers[:2] == ["Service", "Besoin"]


def test_contract_page_flags_new_actions_and_explains_acronyms(dax_site):
    page = to_html(pages.render_contract_page(dax_site, "fa"))
    new = [a for a in dax_site.catalog.actions if a.contract.new_in]
    assert page.count('class="ctai-badge ctai-badge--new"') == len(new)
    assert page.count("<h2") >= 7  # six axes and the glossary
    glossary = re.search(r'<dl class="ctai-glossary">.*?</dl>', page, re.S)[0]
    assert "<dt" in glossary and "HUDA" in glossary
    assert dax_site.strings("fa")("glossary.HUDA") in html.unescape(glossary)


def test_every_page_in_every_language(dax_site):
    files = pages.site_pages(dax_site)
    for lang in vocab.LANGUAGE_CODES:

        def name(p: str, lang: str = lang) -> str:
            return pages.localized_path(p, lang)

        assert name("index.md") in files
        assert name("professionnels.md") in files and name("contrat.md") in files
        for theme in dax_site.themes:
            assert name(f"themes/{theme.key}.md") in files
        for action in dax_site.catalog.actions:
            assert name(f"actions/{action.id}.md") in files
    assert "traductions.md" in build.render_site(dax_site)  # French only: with the drafts


def test_write_site_files_writes_only_what_changed(tmp_path):
    out = tmp_path / "catalogue"
    assert build.write_site_files({"a.md": "A", "b/c.md": "C"}, out) == 2
    stamp = (out / "a.md").stat().st_mtime_ns
    assert build.write_site_files({"a.md": "A", "b/c.md": "C2"}, out) == 1
    assert (out / "a.md").stat().st_mtime_ns == stamp
    assert build.write_site_files({"a.md": "A"}, out) == 0
    assert not (out / "b" / "c.md").exists()  # a page that is gone is deleted


def test_templates_can_be_overridden_by_name(dax_site, tmp_path):
    shutil.copy(Path(pages.__file__).parent / "templates" / "home.md.j2", tmp_path / "home.md.j2")
    (tmp_path / "home.md.j2").write_text(
        (tmp_path / "home.md.j2").read_text(encoding="utf-8") + "\nPied de page local.\n",
        encoding="utf-8",
    )
    assert "Pied de page local." in pages.render_home_page(dax_site, "fr", tmp_path)


def test_one_language_at_a_time_renders_the_same_files(dax_site):
    """`serve` renders the reader's language first: the languages one by one are the site."""
    import dataclasses

    whole = build.render_site(dax_site)
    by_language: dict[str, build.Content] = {}
    for lang in vocab.LANGUAGE_CODES:
        one = build.render_site(dataclasses.replace(dax_site, languages=(lang,)))
        assert not set(one) & set(by_language), lang
        by_language.update(one)
    assert by_language == whole
    arabic = build.render_site(dataclasses.replace(dax_site, languages=("ar",)))
    assert all(".ar." in rel for rel in arabic), sorted(arabic)


def test_update_site_files_without_pruning_keeps_the_others(tmp_path):
    out = tmp_path / "catalogue"
    build.write_site_files({"a.md": "A", "a.ar.md": "B"}, out)
    assert build.update_site_files({"a.ar.md": "B2"}, out, prune=False) == (["a.ar.md"], [])
    assert (out / "a.md").read_text() == "A"
    assert build.update_site_files({"a.ar.md": "B2"}, out) == ([], ["a.md"])

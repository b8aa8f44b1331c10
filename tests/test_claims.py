"""Every general sentence the site prints is true for its catalogue, and a public body can
publish the site as is (issue #24).

tests/data/plain/ is a town without a contract: two services of three with no price, no fiche
ever confirmed, one place closed on public holidays (`PH off`), no `site_url`, no `legal:`.
Each claim is checked both ways where it can be: absent where the catalogue makes it false,
present where it is true.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
from pathlib import Path

import pytest
from sites import DATA, load_site, make_project, mkdocs_build

from ctai_site.fiche import vocab
from ctai_site.fiche.model import Price
from ctai_site.guide.document import guide_source
from ctai_site.site import coordination, pages
from ctai_site.site.build import SOURCE_ONLY

PLAIN = DATA / "plain"
SITE = load_site(PLAIN)
DAX = load_site()
URL = "https://ville-test.example.org/accueil/"
COORDINATION = coordination.built_folders(SOURCE_ONLY)


def _build(tmp: Path, *, site_url: str | None = None, option: str | None = None) -> Path:
    project = make_project(tmp / "project", PLAIN)
    if site_url:
        territory = project / "territory.yml"
        territory.write_text(territory.read_text() + f"site_url: {site_url}\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "  - ctai-site:\n", "  - ctai-site:\n      guide: false\n" + (option or ""), 1
    )
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The town's site, built without its address."""
    return _build(tmp_path_factory.mktemp("plain")) / "site"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The town's project, built with its address and `coordination_dir`."""
    return _build(
        tmp_path_factory.mktemp("published"),
        site_url=URL,
        option="      coordination_dir: equipe\n",
    )


def page(site: Path, lang: str, rel: str) -> str:
    prefix = "" if lang == "fr" else f"{lang}/"
    path = site / prefix / rel / "index.html"
    assert path.is_file(), f"{path}: the page is missing"
    return path.read_text(encoding="utf-8")


def text(doc: str) -> str:
    """The article's visible text."""
    main = doc.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>")[0]
    main = re.sub(r"<script.*?</script>", " ", main, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())


def public_pages(site: Path) -> list[Path]:
    """Every HTML page a reader may reach: not the coordination pages."""
    out = []
    for path in site.rglob("*.html"):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(tuple(f"{f}/" for f in COORDINATION)) and rel != "404.html":
            out.append(path)
    return out


# --- Prices -----------------------------------------------------------------------------------


def test_home_says_free_only_when_every_service_is():
    free = SITE.strings("fr")("home.all_free")
    assert free not in pages.render_home_page(SITE, "fr")  # two services give no price
    assert free not in pages.render_home_page(DAX, "fr")  # Dax's fiches give none
    priced = dataclasses.replace(
        SITE.catalog,
        actions=tuple(
            dataclasses.replace(
                a, practicalities=dataclasses.replace(a.practicalities, price=Price(free=True))
            )
            for a in SITE.catalog.actions
        ),
    )
    all_free = dataclasses.replace(SITE, catalog=priced, _cache={})
    for lang in ("fr", "ar"):
        assert all_free.strings(lang)("home.all_free") in pages.render_home_page(all_free, lang)


def test_no_page_says_free_unless_stated(plain: Path):
    for lang in ("fr", "ar", "ti"):
        words = text(page(plain, lang, ""))
        assert SITE.strings(lang)("home.all_free") not in words
    assert "gratuits sauf" not in text(page(plain, "fr", ""))


# --- The contract -----------------------------------------------------------------------------

# « le contrat d'intégration » is the newcomer's own (CIR, signed with the OFII): not the town's.
CONTRACT_WORDS = re.compile(
    r"(?i:\b(?:du|le|au|ce|un) contrat\b(?! d'intégration| signé avec l'OFII)|contrat territorial)|\bCTAI\b"
)


def test_no_public_page_mentions_a_contract_the_town_does_not_have(plain: Path):
    found = []
    for path in public_pages(plain):
        rel = path.relative_to(plain).as_posix()
        if rel.startswith(tuple(f"{lang}/" for lang in vocab.LANGUAGE_CODES[1:])):
            continue  # French is where the words are: other languages translate them
        for m in CONTRACT_WORDS.finditer(text(path.read_text(encoding="utf-8"))):
            found.append(f"{rel}: {m[0]}")
    assert not found, found
    assert "Les sigles" in page(plain, "fr", "contrat")


def test_no_contract_no_contract_in_the_drafts_and_reports(plain: Path):
    drafts = text(page(plain, "fr", "refugies-info"))
    assert not CONTRACT_WORDS.search(drafts), drafts[:300]
    assert "Réfugiés.info" in drafts
    assert not (plain / "bilan").exists()  # the yearly report is the contract's


def test_the_drafts_index_cites_the_contract_of_a_town_that_has_one(built_site: Path):
    article = DAX.territory.contract.article("refugies_info")
    assert f"L'article {article} du contrat demande à chaque structure qu'il finance" in text(
        page(built_site, "fr", "refugies-info")
    )


def test_professionals_table_claims_no_contract_for_every_row():
    assert "du contrat" not in SITE.strings("fr")("professionals.intro")
    for site in (SITE, DAX):
        assert "services du contrat" not in pages.render_professionals_page(site, "fr")


# --- Follow-up --------------------------------------------------------------------------------


def test_followup_counts_what_it_says_and_links_its_rows(plain: Path):
    doc = page(plain, "fr", "suivi")
    words = text(doc)
    assert "toutes les fiches ont été confirmées" not in words.lower()
    assert "3 fiches jamais confirmées" in words
    assert "](" not in words  # no raw Markdown link
    for action in SITE.catalog.actions:
        assert f'href="../actions/{action.id}/"' in doc, action.id


def test_validate_counts_what_it_says(run_cli):
    result = run_cli(
        "validate", str(PLAIN / "actions"), "--territory", str(PLAIN / "territory.yml")
    )
    assert "Toutes les fiches ont été confirmées" not in result.out
    assert "3 fiches jamais confirmées" in result.out


def test_bilan_says_a_year_outside_the_contract_and_a_passed_deadline(run_cli, tmp_path: Path):
    out = tmp_path / "bilan.xlsx"
    catalogue = DATA / "catalogue"
    result = run_cli(
        "bilan", "2019", str(out),
        "--actions", str(catalogue / "actions"),
        "--territory", str(catalogue / "territory.yml"),
    )  # fmt: skip
    assert "Attention : 2019 est hors du contrat (années : 2024, 2025, 2026)" in result.out
    assert "Attention : la date de remise du bilan 2019 (1er juin 2020) est passée." in result.out
    result = run_cli(
        "bilan", "2025", str(out),
        "--actions", str(PLAIN / "actions"), "--territory", str(PLAIN / "territory.yml"),
    )  # fmt: skip
    assert "Attention : aucun contrat dans territory.yml" in result.out
    result = run_cli(
        "bilan", "2099", str(out),
        "--actions", str(catalogue / "actions"),
        "--territory", str(catalogue / "territory.yml"),
    )  # fmt: skip
    assert "est passée" not in result.out


# --- Public holidays --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "ar", "ti", "uk"])
def test_closed_on_public_holidays_is_said_in_every_language(plain: Path, lang: str):
    strings = SITE.strings(lang)
    holidays, closed = strings("hours.holidays"), strings("hours.closed")
    if lang != "fr":
        assert holidays != SITE.strings("fr")("hours.holidays"), "not translated"
    for rel in ("actions/cours-francais", "professionnels"):
        words = text(page(plain, lang, rel))
        assert holidays in words and closed in words, rel
    guide = guide_source(SITE, lang)
    assert holidays in html.unescape(guide)
    # Not on a place that opens on holidays.
    assert holidays not in text(page(plain, lang, "actions/aide-papiers"))


# --- Search engines and the coordination pages ------------------------------------------------


def test_no_sitemap_without_an_address(plain: Path):
    assert not (plain / "sitemap.xml").exists()
    assert not (plain / "sitemap.xml.gz").exists()
    for path in plain.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "None./" not in path.read_text(encoding="utf-8"), path


def test_sitemap_lists_public_pages_only(published: Path):
    sitemap = (published / "site" / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert f"{URL}mentions-legales/" in locs and f"{URL}ar/accessibilite/" in locs
    assert all(loc.startswith(URL) for loc in locs)
    for folder in COORDINATION:
        assert not any(loc.startswith(URL + folder) for loc in locs), folder


def test_coordination_pages_are_noindex_and_unlinked(plain: Path):
    for rel in ("suivi", "coordination", "refugies-info", "traductions"):
        assert '<meta name="robots" content="noindex, nofollow">' in page(plain, "fr", rel), rel
    for path in public_pages(plain):
        doc = path.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"]+)"', doc):
            target = (path.parent / href).resolve()
            if plain.resolve() in target.parents:
                rel = target.relative_to(plain.resolve()).as_posix()
                assert not rel.startswith(tuple(COORDINATION)), f"{path}: {href}"
    coordination_page = page(plain, "fr", "coordination")
    for rel in ("suivi/", "refugies-info/", "traductions/"):
        assert f'href="../{rel}"' in coordination_page, rel


def test_coordination_dir_keeps_the_coordination_pages_off_the_public_site(published: Path):
    public, team = published / "site", published / "equipe"
    assert (public / "index.html").is_file()
    for folder in ("suivi", "refugies-info", "traductions", "coordination"):
        assert not (public / folder).exists(), folder
        assert (team / folder / "index.html").is_file(), folder
    assert (team / "actions" / "cours-francais" / "index.html").is_file()  # their links work


def test_leave_out_drops_coordination_entries_only():
    sitemap = (
        "<urlset>\n<url>\n <loc>https://x.org/suivi/</loc>\n</url>\n"
        "<url>\n <loc>https://x.org/actions/a/</loc>\n</url>\n"
        "<url>\n <loc>https://x.org/bilan/2024/</loc>\n</url>\n</urlset>\n"
    )
    kept = coordination.leave_out(sitemap, COORDINATION)
    assert re.findall(r"<loc>([^<]*)</loc>", kept) == ["https://x.org/actions/a/"]


# --- The pages a public body's site must have -------------------------------------------------

MANDATORY = ("mentions-legales", "accessibilite", "donnees-personnelles")


@pytest.mark.parametrize("lang", vocab.LANGUAGE_CODES)
def test_mandatory_pages_exist_in_every_language_and_every_footer_links_them(
    plain: Path, lang: str
):
    for rel in MANDATORY:
        assert f'lang="{lang}"' in page(plain, lang, rel)
    prefix = plain if lang == "fr" else plain / lang
    for path in prefix.rglob("index.html"):
        rel = path.relative_to(plain).as_posix()
        if lang == "fr" and rel.split("/")[0] in vocab.LANGUAGE_CODES:
            continue
        doc = path.read_text(encoding="utf-8")
        footer = doc.split('<nav class="ctai-footer', 1)
        assert len(footer) == 2, f"{rel}: no footer links"
        hrefs = re.findall(r'href="([^"]+)"', footer[1].split("</nav>", 1)[0])
        targets = {(path.parent / h / "index.html").resolve() for h in hrefs}
        assert targets == {(prefix / m / "index.html").resolve() for m in MANDATORY}, rel


def test_legal_pages_say_what_is_missing_and_never_invent_it(plain: Path):
    strings = SITE.strings("ar")
    legal = text(page(plain, "ar", "mentions-legales"))
    assert legal.count(strings("legal.missing")) >= 4  # publisher, director, host, contact
    a11y = text(page(plain, "fr", "accessibilite"))
    assert "non conforme" in a11y and "il n'a pas encore été audité" in a11y
    assert "Défenseur des droits" in a11y
    privacy = text(page(plain, "fr", "donnees-personnelles"))
    assert "ne recueille aucune donnée" in privacy
    assert "tile.openstreetmap.org" in privacy


def test_accessibility_level_follows_the_audit():
    from ctai_site.fiche.territory import Audit, Legal

    assert pages.accessibility_level(Legal()) == "none"
    assert pages.accessibility_level(Legal(audit=Audit("2026-01-05", 49.9, "X"))) == "none"
    assert pages.accessibility_level(Legal(audit=Audit("2026-01-05", 50, "X"))) == "partial"
    assert pages.accessibility_level(Legal(audit=Audit("2026-01-05", 100, "X"))) == "full"


def test_legal_pages_print_the_territory_facts(tmp_path: Path):
    catalogue = tmp_path / "town"
    shutil.copytree(PLAIN, catalogue)
    (catalogue / "territory.yml").write_text(
        'name: Ville-Test\ndepartements: ["40"]\nlegal:\n'
        "  publisher: {name: Mairie de Ville-Test, address: 1 place de la Mairie}\n"
        "  director: Jeanne Exemple, maire\n"
        "  host: {name: Hébergeur Exemple, address: 2 rue du Serveur}\n"
        "  contact: mailto:accueil@ville-test.example.org\n"
        "  accessibility:\n    date: 2026-11-30\n"
        "    audit: {date: 2026-11-15, rate: 62.5, auditor: Cabinet Exemple}\n",
        encoding="utf-8",
    )
    site = load_site(catalogue)
    legal = pages.render_legal_page(site, "fr", pages.LEGAL)
    for fact in ("Mairie de Ville-Test", "1 place de la Mairie", "Jeanne Exemple, maire",
                 "Hébergeur Exemple", "accueil@ville-test.example.org"):  # fmt: skip
        assert fact in legal, fact
    assert "à compléter" not in legal
    a11y = pages.render_legal_page(site, "fr", pages.ACCESSIBILITY)
    assert "partiellement conforme au RGAA 4.1" in a11y and "62,5 %" in a11y
    assert "30 novembre 2026" in a11y and "Cabinet Exemple" in a11y
    assert pages.footer(site, "ar")["items"][1]["title"].endswith(
        site.strings("ar")("a11y.level.partial")
    )

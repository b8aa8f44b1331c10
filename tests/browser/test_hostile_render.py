"""Hostile text reaches the browser as text: HTML, script, `javascript:` links and template
syntax written in every text field of a fiche and of its translations never run in Chromium.

A site is built (the real stack, `mkdocs build --strict`) from `tests/data/hostile/fiche.yml`
alone, with a translation into every language whose texts are attacks too. Every page of it is
opened in Chromium: no dialog, no script error, no element with an inline event handler, no
`javascript:` URL, no inline script carrying a payload; the title, summary and section titles
show the attack as the text the carrier typed. Then what draws from data after the page has
loaded is exercised: the map's markers (their tooltips) and popups, and the search results.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page
from sites import copy_project

from browser.conftest import OpenTab, Tab, serve
from browser.sitepages import LANGUAGES, SitePages
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.model import Action
from ctai_site.translation.store import RICH_FIELDS, fingerprint, translatable_fields

ROOT = Path(__file__).resolve().parents[2]
FICHE = ROOT / "tests" / "data" / "hostile" / "fiche.yml"
ACTION_ID = "hostile"

# Attacks for translated texts, tagged with the language and the field they were written in.
PLAIN = (
    "<script>alert('{t}')</script>",
    "<img src=x onerror=\"alert('{t}')\">",
    "\"><svg onload=alert('{t}')>",
    "[clic](javascript:alert('{t}'))",
    "{{{{ '{t}' ~ 7*7 }}}}",
    "</script><script>alert('{t}')</script>",
)
RICH = (  # rich text refuses HTML (test_hostile.py): what is left to try
    "&lt;script&gt;alert('{t}')&lt;/script&gt; 1 < 2",
    "[lien](https://example.org/?q=\"onmouseover=\"alert&#40;'{t}'&#41;)",
    "{{{{ '{t}' }}}} {{% raw %}}",
)

FIND_INJECTIONS = """() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
        for (const a of el.attributes) {
            if (a.name.startsWith('on')) found.push(`<${el.localName} ${a.name}="${a.value}">`);
            if (/^(href|src|action|formaction|xlink:href|data)$/.test(a.name)
                && /^\\s*(javascript|vbscript|data):/i.test(a.value)
                && !/^data:image\\//.test(a.value))
                found.push(`<${el.localName} ${a.name}="${a.value}">`);
        }
        if (el.localName === 'iframe') found.push('<iframe>');
        const executable = el.localName === 'script'
            && (!el.type || /javascript|module/.test(el.type));
        if ((executable || el.localName === 'style') && el.textContent.includes('ctai:'))
            found.push(`<${el.localName}> carrying a payload`);
    }
    if (getComputedStyle(document.body).display === 'none') found.push('body hidden by CSS');
    if (window.ctaiPwned !== undefined) found.push('window.ctaiPwned set');
    return found;
}"""


def hostile_translation(action: Action, lang: str) -> dict[str, object]:
    fields = {}
    for i, (path, french) in enumerate(sorted(translatable_fields(action).items())):
        vectors = RICH if RICH_FIELDS.match(path) else PLAIN
        vector = vectors[(i + LANGUAGES.index(lang)) % len(vectors)]
        fields[path] = {"from": fingerprint(french), "text": vector.format(t=f"ctai:{lang}:{path}")}
    return {"reviewed": False, "fields": fields}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(ROOT, tmp_path_factory.mktemp("hostile"))  # site strings, no fiche
    (project / "actions").mkdir(exist_ok=True)
    shutil.copy(FICHE, project / "actions" / f"{ACTION_ID}.yml")
    action = load_catalog(project / "actions").actions[0]
    for lang in LANGUAGES[1:]:
        folder = project / "translations" / lang
        folder.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(hostile_translation(action, lang), allow_unicode=True)
        (folder / f"{ACTION_ID}.yml").write_text(text, encoding="utf-8")

    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


@pytest.fixture(scope="module")
def hostile_url(hostile_site: Path) -> Iterator[str]:
    with serve(hostile_site) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_pages(hostile_site: Path) -> SitePages:
    return SitePages(hostile_site)


def _check(tab: Tab, url: str) -> list[str]:
    found: list[str] = tab.page.evaluate(FIND_INJECTIONS)
    return [f"{url}: {what}" for what in found + tab.guard.dialogs + tab.guard.errors]


def _visible_text(page: Page) -> str:
    return " ".join(page.locator("body").inner_text().split())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_inert(
    hostile_pages: SitePages, hostile_url: str, open_tab: OpenTab, lang: str
) -> None:
    pages = [p for p in hostile_pages if p.lang == lang]
    if not pages:
        pytest.fail(f"page missing from the built site: site in {lang}")
    tab = open_tab(base_url=hostile_url)
    problems = []
    for page in pages:
        tab.goto(page.url)
        problems += _check(tab, page.url)
        tab.guard.dialogs.clear()
        tab.guard.errors.clear()
    assert not problems, "\n".join(problems)


def test_french_action_page_shows_the_attack_as_text(
    hostile_pages: SitePages, hostile_url: str, open_tab: OpenTab
) -> None:
    action = load_catalog(FICHE).actions[0]
    page = hostile_pages.first("action", "fr", prefer=ACTION_ID)
    tab = open_tab(page.url, base_url=hostile_url)
    assert tab.page.locator("h1").first.inner_text().strip() == action.content.title
    text = _visible_text(tab.page)
    content = action.content
    for shown in (content.summary, content.brand or ""):
        assert " ".join(shown.split()) in text
    assert "&lt;script&gt;alert('ctai:content.what')&lt;/script&gt; et 1 < 2 > 0 & co." in text
    assert "{{ 'ctai:content.what.jinja' ~ 7*7 }} {% raw %}" in text


def test_arabic_action_page_shows_the_attack_as_text(
    hostile_pages: SitePages, hostile_url: str, open_tab: OpenTab
) -> None:
    action = load_catalog(FICHE).actions[0]
    page = hostile_pages.first("action", "ar", prefer=ACTION_ID)
    tab = open_tab(page.url, base_url=hostile_url)
    title = hostile_translation(action, "ar")["fields"]["content.title"]["text"]  # type: ignore[index]
    assert tab.page.locator("h1").first.inner_text().strip() == title


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_map_markers_and_popups_inert(
    hostile_pages: SitePages, hostile_url: str, open_tab: OpenTab, lang: str
) -> None:
    page = hostile_pages.first("map", lang)
    tab = open_tab(page.url, base_url=hostile_url)
    markers = tab.page.locator("#ctai-map .ctai-marker")
    markers.first.wait_for()
    for i in range(markers.count()):
        markers.nth(i).click(force=True)
        tab.page.locator(".leaflet-popup-content").first.wait_for()
    assert "ctai:places.name" in tab.page.locator(".leaflet-popup-content").first.inner_text()
    problems = _check(tab, page.url)
    assert not problems, "\n".join(problems)


def test_search_results_inert(
    hostile_pages: SitePages, hostile_url: str, open_tab: OpenTab
) -> None:
    page = hostile_pages.first("home", "fr")
    tab = open_tab(page.url, base_url=hostile_url)
    search = tab.page.locator("input.md-search__input")
    search.click()  # visible in the header at desktop width
    search.press_sequentially("Apprendre")  # in the hostile title; Material listens to keys
    tab.page.locator(".md-search-result__item").first.wait_for()
    assert (
        "<script>alert('ctai:content.title')</script>"
        in tab.page.locator(".md-search-result").inner_text()
    )
    problems = _check(tab, page.url + " (search)")
    assert not problems, "\n".join(problems)

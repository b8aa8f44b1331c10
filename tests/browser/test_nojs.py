"""With JavaScript off (old phones, data savers, blockers), an action page still says what
the action is: its title, summary, and the « C'est quoi ? », « Pourquoi ? », « Comment ? »."""

from __future__ import annotations

from browser.conftest import OpenTab
from browser.sitepages import SitePages
from ctai_site.fiche import richtext
from ctai_site.fiche.model import Catalog


def _first_words(rich: str) -> str:
    """The first words of a rich text as a reader sees them."""
    plain = richtext.to_plain(rich).splitlines()[0]
    return " ".join(plain.split()[:5])


def test_action_page_essentials_without_javascript(
    site_pages: SitePages, open_tab: OpenTab, catalog: Catalog
) -> None:
    checked = 0
    tab = open_tab(js=False)
    for page in site_pages.of_kind("action", "fr"):
        action = catalog.by_id(page.rel.rstrip("/").rsplit("/", 1)[-1])
        tab.goto(page.url)
        body = tab.page.locator("body")
        assert tab.page.locator("h1").first.inner_text().strip() == action.content.title
        visible = body.inner_text()  # only what is rendered (hidden text is left out)
        content = action.content
        expected = [richtext.to_plain(content.summary), _first_words(content.what)]
        expected += [s.title for s in content.why + content.how]
        missing = [
            text for text in expected if " ".join(text.split()) not in " ".join(visible.split())
        ]
        assert not missing, f"{page.url}: not visible without JavaScript: {missing}"
        checked += 1
    assert checked, "no action page found"

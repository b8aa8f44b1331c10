"""Réfugiés.info drafts: each « Copier » button puts its block in the clipboard, as plain text
for titles and infocards, and as HTML (with a plain text twin) for the rich sections; a
callout goes in Réfugiés.info's own form, the only one its editor keeps on paste."""

from __future__ import annotations

from typing import Any

from browser.conftest import OpenTab, Tab
from browser.sitepages import SitePages

READ_CLIPBOARD = """async () => {
    const out = {};
    for (const item of await navigator.clipboard.read()) {
        for (const type of item.types) out[type] = await (await item.getType(type)).text();
    }
    return out;
}"""


def _open_draft(site_pages: SitePages, open_tab: OpenTab) -> Tab:
    draft = site_pages.first("draft", "fr", prefer="pas-hopital-dax")
    tab = open_tab()
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=tab.base_url)
    tab.goto(draft.url)
    return tab


def _click_and_read(tab: Tab, button: Any) -> dict[str, str]:
    tab.page.evaluate("navigator.clipboard.writeText('')")
    button.click()
    tab.page.wait_for_function(
        "b => b.getAttribute('data-copy-state') !== null", arg=button.element_handle()
    )
    assert button.get_attribute("data-copy-state") == "copied", button.inner_text()
    clipboard: dict[str, str] = tab.page.evaluate(READ_CLIPBOARD)
    return clipboard


def test_copy_title_as_plain_text(site_pages: SitePages, open_tab: OpenTab) -> None:
    tab = _open_draft(site_pages, open_tab)
    page = tab.page
    title = page.locator("h1").inner_text().split(":", 1)[1].strip()
    buttons = page.locator('button.ctai-copy[data-copy-format="text"]')
    assert buttons.count() > 0

    copied = []
    for i in range(buttons.count()):
        button = buttons.nth(i)
        target = page.locator(f"#{button.get_attribute('data-copy-target')}")
        clipboard = _click_and_read(tab, button)
        assert clipboard.get("text/plain") == target.get_attribute("data-copy-plain")
        copied.append(clipboard["text/plain"])
    assert title in copied, "no button copies the title"
    assert page.locator(".ctai-copy-status").inner_text().startswith("Copié")
    assert tab.guard.errors == []


def test_copy_section_as_html(site_pages: SitePages, open_tab: OpenTab) -> None:
    tab = _open_draft(site_pages, open_tab)
    page = tab.page
    buttons = page.locator('button.ctai-copy[data-copy-format="html"]')
    assert buttons.count() > 0
    for i in range(buttons.count()):
        button = buttons.nth(i)
        target = page.locator(f"#{button.get_attribute('data-copy-target')}")
        clipboard = _click_and_read(tab, button)
        # Chromium wraps pasted HTML in <meta charset>; the block's markup must be inside.
        first_paragraph = target.locator("p, li, div.callout").first.inner_html()
        assert first_paragraph in clipboard.get("text/html", ""), clipboard
        assert clipboard.get("text/plain") == target.get_attribute("data-copy-plain")
        assert "<" not in clipboard["text/plain"]
    assert tab.guard.errors == []


def test_copied_callouts_are_in_refugies_info_form(
    site_pages: SitePages, open_tab: OpenTab
) -> None:
    """Réfugiés.info's editor reads a callout only from a div with data-callout (refugies-info/
    karfur @ e5ef018, CalloutNode.ts `importDOM`): the clipboard must carry that form."""
    tab = _open_draft(site_pages, open_tab)
    page = tab.page
    blocks = page.locator(".ctai-draft-block__value:has(div.callout[data-callout])")
    assert blocks.count() > 0, "no draft block with a callout: pas-hopital-dax has one"
    target = blocks.first
    button = page.locator(f'button.ctai-copy[data-copy-target="{target.get_attribute("id")}"]')
    clipboard = _click_and_read(tab, button)
    html = clipboard.get("text/html", "")
    assert 'class="callout callout--info" data-callout="info" data-title="Bon à savoir"' in html
    assert "ctai-callout" not in html
    assert "Bon à savoir : " in clipboard.get("text/plain", "")
    # The page shows the callout's title, as Réfugiés.info does, from data-title.
    title = page.evaluate(
        "el => getComputedStyle(el, '::before').content",
        target.locator("div.callout").first.element_handle(),
    )
    assert title == '"Bon à savoir"'
    assert tab.guard.errors == []

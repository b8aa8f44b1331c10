"""The yearly report, printed from Chromium as the steering committee prints it: A4 pages,
without the site's header, menus and search."""

from __future__ import annotations

import re

from browser.conftest import OpenTab
from browser.sitepages import SitePages

A4_POINTS = (595, 842)


def test_the_2023_report_prints_on_a4_without_the_site_chrome(
    site_pages: SitePages, open_tab: OpenTab
) -> None:
    reports = [p for p in site_pages.of_kind("bilan", "fr") if p.rel == "bilan/2023/"]
    assert reports, "no /bilan/2023/ page in the built site"
    tab = open_tab(reports[0].url)
    tab.page.emulate_media(media="print")
    assert tab.page.locator("h1").inner_text().startswith("Bilan 2023 du contrat")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        assert not tab.page.locator(chrome).first.is_visible(), chrome
    assert tab.page.locator("table.ctai-bilan--action").first.is_visible()
    pdf = tab.page.pdf(prefer_css_page_size=True)
    sizes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert sizes and {(round(float(w)), round(float(h))) for w, h in sizes} == {A4_POINTS}
    assert not tab.guard.not_found and not tab.guard.errors

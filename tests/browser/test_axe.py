"""axe-core in Chromium: no serious or critical accessibility violation on the pages a
newcomer and a professional use, in French and in Arabic. Minor and moderate ones are counted
and printed (they are worth reading, not blocking)."""

from __future__ import annotations

from collections import Counter

import pytest

from browser.conftest import OpenTab, run_axe
from browser.sitepages import SitePages

BLOCKING = {"serious", "critical"}
PAGES = [
    (kind, lang)
    for kind in ("home", "theme", "action", "map", "professionals")
    for lang in ("fr", "ar")
] + [("bilan", "fr"), ("followup", "fr")]  # French only: the yearly report, the follow-up


@pytest.mark.parametrize(("kind", "lang"), PAGES)
def test_no_serious_accessibility_violation(
    site_pages: SitePages,
    open_tab: OpenTab,
    capsys: pytest.CaptureFixture[str],
    kind: str,
    lang: str,
) -> None:
    page = site_pages.first(kind, lang, prefer="pas-hopital-dax")
    tab = open_tab(page.url)
    tab.page.wait_for_load_state("networkidle")
    result = run_axe(tab.page)

    violations = result["violations"]
    blocking = [
        f"{v['impact']}: {v['id']} ({v['help']}): "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
        if v["impact"] in BLOCKING
    ]
    counts = Counter(v["impact"] for v in violations for _ in v["nodes"])
    with capsys.disabled():
        rules = ", ".join(sorted(v["id"] for v in violations if v["impact"] not in BLOCKING))
        print(
            f"\naxe {page.url}: {counts.get('moderate', 0)} moderate, {counts.get('minor', 0)} "
            f"minor ({rules or 'none'}); {len(result['passes'])} rules pass"
        )
    assert not blocking, "\n".join(blocking)

"""The Réfugiés.info drafts in a built site (the small catalogue of tests/data/drafts/): French
only, once, at the root; never under /en/ … /uk/, nor in their search or in their sitemap
entries; archived fiches and projects get no draft."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from sites import ROOT, copy_project, mkdocs_build, with_site_url

from ctai_site.fiche import vocab
from ctai_site.fiche.loading import load_catalog
from ctai_site.refugies_info.record import to_checklist, to_draft

DRAFTS = Path(__file__).resolve().parent / "data" / "drafts"
DRAFTED = ("atelier-francais", "cours-en-ligne", "sortie-culturelle")
NOT_DRAFTED = ("ancien-atelier", "comite")
OTHER_LANGUAGES = [lang for lang in vocab.LANGUAGE_CODES if lang != vocab.SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = with_site_url(copy_project(ROOT, tmp_path_factory.mktemp("drafts") / "project"))
    for fiche in DRAFTS.glob("*.yml"):
        shutil.copy(fiche, project / "actions" / fiche.name)
    shutil.copytree(DRAFTS / "logos", project / "actions" / "logos")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


def test_the_drafts_are_built_once_in_french(site: Path) -> None:
    folder = site / "refugies-info"
    assert (folder / "index.html").is_file()
    catalog = load_catalog(DRAFTS)
    for action_id in DRAFTED:
        page = (folder / action_id / "index.html").read_text(encoding="utf-8")
        assert '<html dir="ltr" lang="fr"' in page
        assert 'button type="button" class="ctai-copy"' in page
        request = json.loads((folder / f"{action_id}.json").read_text(encoding="utf-8"))
        assert request == to_draft(catalog.by_id(action_id))
        checklist = (folder / f"{action_id}.checklist.json").read_text(encoding="utf-8")
        assert json.loads(checklist) == to_checklist(catalog.by_id(action_id))
    for action_id in NOT_DRAFTED:
        assert not (folder / action_id).exists()
        assert not (folder / f"{action_id}.json").exists()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="cours-en-ligne/"' in index and "Découvrir la ville" not in index


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_no_language_folder_holds_a_draft(site: Path, lang: str) -> None:
    assert (site / lang / "index.html").is_file()  # the language is built
    assert not (site / lang / "refugies-info").exists()
    assert not [p for p in (site / lang).rglob("*.json") if p.stem.split(".")[0] in DRAFTED]
    search = (site / lang / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "refugies-info" not in search


def test_the_structures_logo_ships_next_to_its_draft(site: Path) -> None:
    """The logo to upload in the editor, linked from the draft's page; none for a structure
    already on Réfugiés.info, nor for one whose fiche names no logo (listed as missing)."""
    folder = site / "refugies-info"
    logo = (DRAFTS / "logos" / "association-exemple.png").read_bytes()
    assert (folder / "atelier-francais-logo.png").read_bytes() == logo
    page = (folder / "atelier-francais" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../atelier-francais-logo.png">Logo de la structure</a>' in page
    assert sorted(p.name for p in folder.glob("*-logo.*")) == ["atelier-francais-logo.png"]
    missing = (folder / "sortie-culturelle" / "index.html").read_text(encoding="utf-8")
    assert 'href="#ctai-draft-block-mainSponsor-logo">« Logo de la structure »' in missing
    assert "la case « Primo-arrivants » coche aussi « Demandeurs d&#39;asile »" in missing
    assert not [p for p in site.rglob("*-logo.*") if p.parent != folder]  # French only


def test_the_sitemap_lists_no_draft(site: Path) -> None:
    """The drafts are the carriers' working pages, French only, not pages for search engines
    (mkdocs-static-i18n never sees them: its sitemap lists the pages it built)."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "actions/cours-en-ligne/" in sitemap  # the public page
    assert "refugies-info" not in sitemap


def test_a_drafts_language_menu_leads_to_each_languages_home(site: Path) -> None:
    page = (site / "refugies-info" / "atelier-francais" / "index.html").read_text("utf-8")
    links = dict(re.findall(r'href="([^"]*)" hreflang="([a-z]+)"', page))
    for lang in OTHER_LANGUAGES:
        assert f"/{lang}/" in links, lang  # not /<lang>/refugies-info/…, never built
    assert not [href for href in links if "refugies-info" in href]

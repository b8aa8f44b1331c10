"""The MkDocs plugin, driven directly: its option checks, its logs, what it writes and when."""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files
from sites import ROOT, copy_project, mkdocs_build

from ctai_site.plugin import CtaiSitePlugin

FIXTURE = Path(__file__).parent / "data" / "i18n" / "atelier-horaires.yml"

# (mkdocs.yml line to change, its replacement, the French line a coordinator reads)
OPTION = "      territory: territory.yml  # name, contract, glossary, data·inclusion source"
BAD_OPTIONS = [
    pytest.param(
        OPTION,
        "      territory: territoire.yml",
        "option 'territory': le fichier « territoire.yml » n'existe pas à côté de mkdocs.yml",
        id="territory",
    ),
    pytest.param(
        OPTION,
        OPTION + "\n      actons: actions",
        "option 'actons': option inconnue : vouliez-vous dire « actions » ?",
        id="unknown",
    ),
    pytest.param(
        OPTION,
        OPTION + "\n      actions: fiches",
        "option 'actions': le dossier « fiches » n'existe pas à côté de mkdocs.yml",
        id="missing-folder",
    ),
    pytest.param(
        OPTION,
        OPTION + "\n      enabled: peut-être",
        "option 'enabled': « peut-être » ne convient pas : écrivez true ou false",
        id="type",
    ),
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A site with the interface strings and one fiche (no translation of it)."""
    project = copy_project(ROOT, tmp_path / "project")
    shutil.copy(FIXTURE, project / "actions" / FIXTURE.name)
    return project


def configure(project: Path, old: str, new: str) -> None:
    mkdocs_yml = project / "mkdocs.yml"
    text = mkdocs_yml.read_text(encoding="utf-8")
    assert old in text
    mkdocs_yml.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("old", "new", "message"), BAD_OPTIONS)
def test_a_bad_option_is_one_french_line(project: Path, old: str, new: str, message: str) -> None:
    configure(project, old, new)
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if message in line]
    assert len(errors) == 1, result.stderr
    assert not (project / "site").exists()


def test_a_missing_actions_folder_is_one_french_line(project: Path) -> None:
    shutil.rmtree(project / "actions")
    result = mkdocs_build(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "option 'actions': le dossier « actions » n'existe pas" in result.stderr


def load(project: Path) -> tuple[MkDocsConfig, CtaiSitePlugin]:
    """The site's configuration and our plugin, as `mkdocs serve` starts them (no guides, no
    parts: the plugin's own work only)."""
    config = load_config(config_file=str(project / "mkdocs.yml"))
    plugin = config.plugins["ctai-site"]
    assert isinstance(plugin, CtaiSitePlugin)
    config.plugins.on_startup(command="serve", dirty=False)
    return config, plugin


def test_options_load_with_their_defaults(project: Path) -> None:
    _, plugin = load(project)
    assert plugin.config.territory == "territory.yml"
    assert plugin.config.actions == "actions"


def test_config_errors_are_reported_all_at_once(project: Path) -> None:
    configure(project, OPTION, "      territory: x.yml\n      actions: nulle-part")
    with pytest.raises(Abort):
        load(project)


def test_missing_markdown_extension_is_named(project: Path) -> None:
    config, _ = load(project)
    config["markdown_extensions"].remove("md_in_html")
    with pytest.raises(
        PluginError, match=r"ajoutez à markdown_extensions de mkdocs\.yml : md_in_html"
    ):
        config.plugins.on_config(config)


def test_pages_are_written_once_and_again_only_after_a_change(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config, _ = load(project)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.ctai_site.plugin")
    config.plugins.on_config(config)
    written = [r.getMessage() for r in caplog.records if "écrite(s)" in r.getMessage()]
    assert written and re.search(r"\d+ page\(s\) écrite\(s\) dans catalogue", written[0])
    home = project / "site_src" / "catalogue" / "index.md"
    stamp = home.stat().st_mtime_ns

    caplog.clear()
    config.plugins.on_config(config)  # the next build, nothing changed: nothing written
    assert not [r for r in caplog.records if "écrite(s)" in r.getMessage()]
    assert home.stat().st_mtime_ns == stamp

    fiche = project / "actions" / FIXTURE.name
    fiche.write_text(
        fiche.read_text(encoding="utf-8").replace("summary: ", "summary: Nouveau. ", 1),
        encoding="utf-8",
    )
    os.utime(fiche, ns=(stamp + 10**9, stamp + 10**9))
    config.plugins.on_config(config)
    assert [r for r in caplog.records if "écrite(s)" in r.getMessage()]
    page = project / "site_src" / "catalogue" / "actions" / "atelier-horaires.md"
    assert "Nouveau." in page.read_text(encoding="utf-8")
    assert home.stat().st_mtime_ns == stamp  # the home page did not change: not rewritten


def test_missing_translations_are_logged_at_info(
    project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config, _ = load(project)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.ctai_site.plugin")
    config.plugins.on_config(config)
    lines = [r for r in caplog.records if "sans traduction" in r.getMessage()]
    assert len(lines) == 7  # once per translated language, not once per page
    assert all(r.levelno == logging.INFO for r in lines)  # `--strict` must not fail on them
    assert (
        "ctai_site: ar : 1 fiche(s) sans traduction, affichée(s) en français : atelier-horaires"
        in [r.getMessage() for r in lines]
    )


def test_a_broken_fiche_stops_the_build_at_its_line(project: Path) -> None:
    fiche = project / "actions" / FIXTURE.name
    fiche.write_text(
        fiche.read_text(encoding="utf-8").replace("kind: service", "kind: servise"), "utf-8"
    )
    config, _ = load(project)
    with pytest.raises(PluginError, match=r"actions/atelier-horaires\.yml:\d+: kind"):
        config.plugins.on_config(config)


def test_a_hand_written_page_may_not_clash_with_a_generated_one(project: Path) -> None:
    config, _ = load(project)
    config.plugins.on_config(config)
    docs = str(project / "site_src")
    files = Files(
        [
            File("index.md", docs, "/tmp/out", True),
            File("catalogue/index.md", docs, "/tmp/out", True),
        ]
    )
    with pytest.raises(PluginError, match=r"index\.md et catalogue/index\.md donnent la même page"):
        config.plugins.on_files(files, config=config)


def test_generated_pages_are_mounted_at_the_site_root(project: Path) -> None:
    config, _ = load(project)
    config = config.plugins.on_config(config)
    docs = str(project / "site_src")
    files = Files(
        [
            File("catalogue/actions/atelier-horaires.md", docs, "/tmp/out", True),
            File("catalogue/refugies-info/atelier-horaires.md", docs, "/tmp/out", True),
            File("catalogue/refugies-info/atelier-horaires.json", docs, "/tmp/out", False),
            File("catalogue/traductions.md", docs, "/tmp/out", True),
        ]
    )
    mounted = config.plugins.on_files(files, config=config)  # the French build
    uris = {f.dest_uri for f in mounted}
    assert "actions/atelier-horaires/index.html" in uris
    assert "refugies-info/atelier-horaires/index.html" in uris  # French only: French build
    assert "refugies-info/atelier-horaires.json" in uris
    assert "traductions/index.html" in uris  # the coordinator's translation status
    assert "assets/ctai/ctai.css" in uris and "assets/ctai/map.js" in uris

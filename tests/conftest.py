"""Shared fixtures: the CLI run in-process as a carrier runs it, the fixture catalogue's site
built once, and the guide's small site (tests/data/guide/) built once, with a site_url and a fake
tile server."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sites import CATALOGUE, ROOT, copy_project, make_project, mkdocs_build

from ctai_site.cli import main

FICHES = Path(__file__).resolve().parent / "data" / "fiches"
__all__ = ["CATALOGUE", "FICHES", "ROOT", "Run", "RunCli"]


@dataclass(frozen=True)
class Run:
    """What a carrier sees after one `ctai-site` command."""

    code: int
    out: str
    err: str


RunCli = Callable[..., Run]


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> RunCli:
    """`run_cli("validate", ".", cwd=folder)`: `main(argv)` in-process, from `cwd`."""

    def run(*argv: str, cwd: Path | None = None) -> Run:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()  # forget what earlier steps printed
        code = main(list(argv))
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


@pytest.fixture
def minimal_service() -> str:
    """The text of a minimal valid service fiche, to vary in a test."""
    return (FICHES / "good" / "minimal" / "cours-de-francais.yml").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture catalogue's site as `make build` makes it, built once into a temporary folder."""
    project = make_project(tmp_path_factory.mktemp("project"))
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away site (mkdocs.yml, site_src, actions, translations, territory.yml) with the
    fixture catalogue."""
    return make_project(tmp_path / "project")


GUIDE_DATA = Path(__file__).resolve().parent / "data" / "guide"


@dataclass(frozen=True)
class GuideSite:
    """The site built from tests/data/guide/: where its project and its built pages are."""

    project: Path
    site: Path
    url: str  # its site_url: the QR codes lead there
    tiles: str  # its tile server's URL template (a host that does not exist)

    def page_url(self, lang: str, action_id: str) -> str:
        return self.url + ("" if lang == "fr" else f"{lang}/") + f"actions/{action_id}/"


def guide_project(dest: Path) -> Path:
    """A project with the guide's fiches and translations, the site's own strings, a site_url
    and a tile server of its own."""
    project = copy_project(ROOT, dest)
    shutil.copytree(GUIDE_DATA / "actions", project / "actions", dirs_exist_ok=True)
    shutil.copytree(GUIDE_DATA / "translations", project / "translations", dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = "  - ctai-site:\n"
    assert plugin in text, "mkdocs.yml: the ctai-site plugin moved"
    text = text.replace(
        plugin,
        plugin
        + f"      tiles_url: {GUIDE_TILES}\n"
        + "      tiles_attribution: Tuiles d'essai\n"
        + "      tiles_max_zoom: 17\n",
        1,
    )
    config.write_text(text, encoding="utf-8")
    territory = project / "territory.yml"  # the QR codes' address
    territory.write_text(
        territory.read_text(encoding="utf-8") + f"site_url: {GUIDE_URL}\n", encoding="utf-8"
    )
    return project


GUIDE_URL = "https://guide.example.org/dax/"
GUIDE_TILES = "https://tiles.example.test/plan/{z}/{x}/{y}.png"


@pytest.fixture(scope="session")
def guide_site(tmp_path_factory: pytest.TempPathFactory) -> GuideSite:
    """tests/data/guide/ built as `make build` builds a site: 8 PDFs, the map, the pages."""
    project = guide_project(tmp_path_factory.mktemp("guide-project"))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return GuideSite(project, project / "site", GUIDE_URL, GUIDE_TILES)

"""Shared fixtures: the CLI run in-process as a carrier runs it, and the fixture site built once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sites import CATALOGUE, ROOT, make_project, mkdocs_build

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

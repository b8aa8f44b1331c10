"""Shared fixtures: the CLI run in-process as a carrier runs it, and the Dax site built once."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from ctai_site.cli import main

ROOT = Path(__file__).resolve().parent.parent
FICHES = Path(__file__).resolve().parent / "data" / "fiches"


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
    """The Dax site as `make build` makes it, built into a temporary folder (once)."""
    out = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return out


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throw-away copy of the project (mkdocs.yml, site_src, actions, translations)."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, tmp_path / name)
    for name in ("site_src", "actions", "translations", "overrides", "schema"):
        if (ROOT / name).exists():
            shutil.copytree(
                ROOT / name,
                tmp_path / name,
                ignore=shutil.ignore_patterns("generated", "catalogue"),
            )
    return tmp_path

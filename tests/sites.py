"""Sites for tests: the fixture catalogue, a project made as `ctai-site init` makes one, and
`mkdocs build` as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from ctai_site.project.scaffold import project_files
from ctai_site.site import build, pages

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
CATALOGUE = DATA / "catalogue"  # a frozen copy of the Dax catalogue: see its README


def sources(catalogue: Path = CATALOGUE) -> build.Sources:
    return build.Sources(
        catalogue / "actions",
        catalogue / "translations",
        catalogue / "territory.yml",
        display_root=catalogue,
    )


def load_site(catalogue: Path = CATALOGUE) -> pages.Site:
    """A catalogue (a project's folder: actions/, translations/, territory.yml; the fixture one
    by default), checked, as the build loads it."""
    return build.load_site(sources(catalogue))


def make_project(dest: Path, catalogue: Path | None = CATALOGUE) -> Path:
    """A site as `ctai-site init` writes it, with the fiches, translations and territory of
    `catalogue` (None: init's own example fiche and territory)."""
    for rel, text in project_files("Dax", "40").items():
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if catalogue is not None:
        shutil.rmtree(dest / "actions")
        shutil.rmtree(dest / "translations")
        shutil.copytree(catalogue / "actions", dest / "actions")
        shutil.copytree(catalogue / "translations", dest / "translations")
        shutil.copy(catalogue / "territory.yml", dest / "territory.yml")
    return dest


def with_site_url(project: Path, url: str = "https://accueil.example.org/") -> Path:
    """The project with its public address in territory.yml (a sitemap is written only then)."""
    territory = project / "territory.yml"
    text = territory.read_text(encoding="utf-8")
    territory.write_text(f"{text.rstrip()}\nsite_url: {url}\n", encoding="utf-8")
    return project


def copy_project(root: Path, dest: Path) -> Path:
    """A project with the fixture territory and translations but no fiche."""
    make_project(dest)
    for fiche in (dest / "actions").glob("*.yml"):
        fiche.unlink()
    return dest


def mkdocs_build(
    project: Path,
    site_dir: Path | str = "site",
    *,
    host: str = "mkdocs",
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `project`, as `make build` runs it (or `properdocs build`)."""
    command = Path(sys.executable).with_name(host)
    return subprocess.run(
        [str(command), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},  # as the Makefile sets it
    )

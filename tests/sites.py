"""Building sites in tests: a project skeleton without fiches, and `mkdocs build` as a user runs it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("mkdocs.yml",)
PROJECT_DIRS = ("site_src", "overrides")


def copy_project(root: Path, dest: Path) -> Path:
    """mkdocs.yml and what it builds from, with the interface strings but no fiche."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        shutil.copy(root / name, dest / name)
    for name in PROJECT_DIRS:
        if (root / name).exists():
            shutil.copytree(root / name, dest / name, ignore=shutil.ignore_patterns("catalogue"))
    for file in (root / "translations").glob("*/_*.yml"):
        target = dest / "translations" / file.parent.name / file.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(file, target)
    (dest / "actions").mkdir(exist_ok=True)
    return dest


def mkdocs_build(project: Path, site_dir: Path | str = "site") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in `project`, as `make build` runs it."""
    mkdocs = Path(sys.executable).with_name("mkdocs")
    return subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )

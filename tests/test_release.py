"""Releases: one version, written once; the release's files build (`make dist`), the guides
inside; a tag that does not match the version, or a version without its dated CHANGELOG
section, stops the release recipe with one French line; the GitLab and GitHub recipes run only
on version tags and publish by trusted publishing."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
import release_notes
import yaml

from ctai_site import __version__

ROOT = Path(__file__).resolve().parents[1]


def test_the_version_is_semantic_and_released_in_the_changelog() -> None:
    assert __version__.count(".") == 2 and all(p.isdigit() for p in __version__.split("."))
    notes = release_notes.notes(f"v{__version__}", (ROOT / "CHANGELOG.md").read_text("utf-8"))
    assert notes.startswith(f"## {__version__} — 20")
    assert "migrate" in notes


def test_the_install_lines_name_this_version() -> None:
    """docs/nouveau-territoire.md installs the release's file: its name follows the version."""
    guide = (ROOT / "docs" / "nouveau-territoire.md").read_text(encoding="utf-8")
    wheel = f"ctai_site-{__version__}-py3-none-any.whl"
    assert f"pip install {wheel}" in guide and f"--wheel {wheel}" in guide
    assert "pip install ctai-site\n" not in guide  # not on PyPI yet: it would fail


def test_a_tag_or_a_changelog_that_does_not_match_is_one_french_line() -> None:
    changelog = f"# Changelog\n\n## {__version__} — unreleased\n\n- x\n"
    with pytest.raises(ValueError, match="ne correspond pas à la version du paquet"):
        release_notes.notes("v99.0.0", changelog)
    with pytest.raises(ValueError, match="n'est pas datée"):
        release_notes.notes(f"v{__version__}", changelog)
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "release_notes.py"), "v99.0.0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_the_recipes_publish_on_version_tags_only() -> None:
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    assert github[True] == {"push": {"tags": ["v*"]}}  # YAML reads `on:` as true
    steps = [s.get("run", "") for s in github["jobs"]["dist"]["steps"]]
    assert "make dist" in steps and any("release_notes.py" in s for s in steps)
    assert github["jobs"]["pypi"]["permissions"] == {"id-token": "write"}
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text("utf-8"))
    rule = gitlab[".on-version-tag"]["rules"][0]["if"]
    assert rule.startswith("$CI_COMMIT_TAG")
    jobs = {k: v for k, v in gitlab.items() if isinstance(v, dict) and "script" in v}
    assert set(jobs) == {"dist", "pypi", "release-page"}
    assert all(job["extends"] == ".on-version-tag" for job in jobs.values())
    assert gitlab["pypi"]["id_tokens"]["PYPI_ID_TOKEN"]["aud"] == "pypi"
    assert "make dist" in gitlab["dist"]["script"]


def test_dist_builds_the_wheel_and_the_source_with_the_guides(tmp_path: Path) -> None:
    """What `make dist` runs, into a temporary folder."""
    result = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONWARNINGS": "ignore", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    wheel = tmp_path / f"ctai_site-{__version__}-py3-none-any.whl"
    source = tmp_path / f"ctai_site-{__version__}.tar.gz"
    names = zipfile.ZipFile(wheel).namelist()
    for guide in ("format.md", "nouveau-territoire.md", "publier.md"):
        assert f"ctai_site/docs/guides/{guide}" in names
    with tarfile.open(source) as archive:
        assert f"ctai_site-{__version__}/docs/format.md" in archive.getnames()

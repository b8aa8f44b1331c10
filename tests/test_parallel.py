"""`mkdocs build` builds the languages on every core, each in one host process of its own: the
same site, byte for byte, as mkdocs-static-i18n's one-after-the-other build (search index and
sitemap included); a language that fails fails the build and leaves no temporary folder
behind."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sites import ROOT, make_project, mkdocs_build, with_site_url

OPTION = "  - ctai-site:\n"


def tree(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `folder`."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


HOOK = Path(__file__).parent / "data" / "hooks" / "pages_per_process.py"


def with_jobs(project: Path, jobs: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert OPTION in text, "mkdocs.yml: the ctai-site plugin moved"
    text = text.replace(OPTION, OPTION + f"      jobs: {jobs}\n", 1)
    assert "\nmarkdown_extensions:" in text
    text = text.replace("\nmarkdown_extensions:", f"\nhooks:\n  - {HOOK}\nmarkdown_extensions:", 1)
    config.write_text(text, "utf-8")


def pages_per_process(log: Path) -> dict[str, set[int]]:
    """Language -> the processes that wrote pages of it (the hook's lines)."""
    built: dict[str, set[int]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        pid, lang, pages = line.split()
        if int(pages):
            built.setdefault(lang, set()).add(int(pid))
    return built


@pytest.fixture(scope="module")
def one_process(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = with_site_url(make_project(tmp_path_factory.mktemp("sequential")))
    with_jobs(project, 1)
    log = project.parent / "pages.log"
    result = mkdocs_build(project, env={"PAGES_PER_PROCESS": str(log)})
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(set().union(*pages_per_process(log).values())) == 1
    return project / "site"


@pytest.mark.parametrize("jobs", [2, 3, 7])
def test_languages_built_apart_make_the_same_site(
    one_process: Path, tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = with_site_url(make_project(tmp_path / "project"))
    with_jobs(project, jobs)
    log = tmp_path / "pages.log"
    monkeypatch.setenv("PAGES_PER_PROCESS", str(log))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-3000:]
    processes = pages_per_process(log)
    assert sorted(processes) == sorted(["fr", "en", "ar", "fa", "ps", "ti", "ru", "uk"])
    assert all(len(pids) == 1 for pids in processes.values()), processes  # each built once
    assert len(set().union(*processes.values())) == jobs  # in `jobs` processes
    log.unlink()
    expected, built = tree(one_process), tree(project / "site")
    assert "sitemap.xml" in built and "uk/search/search_index.json" in built
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project"]  # no part left behind
    assert result.stderr.count("Documentation built in") == 1
    error_page = (project / "site" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in error_page  # French, as the site's root
    assert 'href="/en/" hreflang="en"' in error_page  # not another page's language links


def test_a_language_that_fails_fails_the_build(tmp_path: Path) -> None:
    """Built on two cores, a failure in another process's language fails the build, names
    the languages, leaves no part behind, and `make build` keeps the site it had."""
    project = make_project(tmp_path / "project")
    with_jobs(project, 2)
    previous = project / "site"
    (previous / "actions").mkdir(parents=True)
    (previous / "index.html").write_text("<html lang=fr>la version en ligne</html>\n", "utf-8")
    (previous / "actions" / "index.html").write_text("<p>les actions</p>\n", "utf-8")
    before = tree(previous)
    # A page of the Ukrainian site only, with a broken link: `--strict` stops its build.
    (project / "site_src" / "aide.uk.md").write_text("[x](nulle-part.md)\n", encoding="utf-8")
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(  # -o venv build-deps: this venv, already set up
        ["make", "-s", "-f", str(ROOT / "Makefile"), "build", "-o", "venv", "-o", "build-deps"]
        + [f"BIN={bin_dir}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "nulle-part.md" in result.stderr
    failed = re.search(r"la construction du site en ([a-z, ]+) a échoué", result.stderr)
    assert failed and failed[1].endswith("uk") and "fr" not in failed[1], result.stderr[-2000:]
    assert not [p for p in project.iterdir() if p.name.startswith(".ctai-")]
    assert tree(previous) == before


def test_parts_built_by_other_jobs_merge_into_the_same_site(
    one_process: Path, tmp_path: Path
) -> None:
    """A CI matrix (docs/performance.md): a job per group of languages, then one that builds
    French and merges them."""
    project = with_site_url(make_project(tmp_path / "project"))
    mkdocs = str(Path(sys.executable).with_name("mkdocs"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

    def build(site_dir: Path, **extra: str) -> None:
        result = subprocess.run(
            [mkdocs, "build", "--strict", "--site-dir", str(site_dir)],
            cwd=project,
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]

    parts = {"en,ar,fa": tmp_path / "en-ar-fa", "ps,ti,ru,uk": tmp_path / "ps-ti-ru-uk"}
    for languages, folder in parts.items():
        build(folder, CTAI_SITE_PART=languages)
        assert (folder / languages.split(",")[-1] / "index.html").is_file()
        assert not (folder / "index.html").exists()  # no French in a part
    build(project / "site", CTAI_SITE_PARTS=os.pathsep.join(map(str, reversed(parts.values()))))
    expected, built = tree(one_process), tree(project / "site")
    assert sorted(built) == sorted(expected)
    assert [p for p in expected if built[p] != expected[p]] == []


def test_search_duplicates_dropped_as_mkdocs_static_i18n_drops_them() -> None:
    """The same entries as its quadratic loop, its quirks included: the entry right after a
    removed one is not looked at, removal is by equality."""
    import copy
    import random

    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    from ctai_site.site.merge import drop_search_duplicates

    class Plugin:
        build_languages = ("fr", "en", "ar")

    french = {"location": "p/", "title": "A", "text": "x"}
    twice = [french, {**french, "location": "en/p/"}, {**french, "location": "ar/p/"}]
    drop_search_duplicates(twice, Plugin.build_languages)
    assert [e["location"] for e in twice] == ["p/", "ar/p/"]  # the second one is not looked at

    rng = random.Random(12)
    removed = 0
    for _ in range(200):
        pages = [f"p{i}/" for i in range(4)]
        firsts = [
            {
                "location": rng.choice(pages + [""]),
                "title": rng.choice("AB"),
                "text": rng.choice("xy"),
            }
            for _ in range(rng.randint(0, 6))
        ]
        others = [
            {
                "location": rng.choice(["en/", "ar/"]) + rng.choice(pages + ["", "q/p1/"]),
                "title": rng.choice("AB"),
                "text": rng.choice("xy"),
            }
            for _ in range(rng.randint(0, 12))
        ]
        expected, entries = copy.deepcopy(firsts + others), copy.deepcopy(firsts + others)
        ExtendedPlugin.reconfigure_search_duplicates(Plugin(), expected)
        drop_search_duplicates(entries, Plugin.build_languages)
        assert entries == expected
        removed += len(firsts + others) - len(entries)
    assert removed > 50

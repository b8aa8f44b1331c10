"""Hostile input on its way to a build: refused with a French `file:line` message, and never
at the cost of the site already online.

The cases are data under `tests/data/hostile/`: `fiche.yml` is a valid fiche with an attack in
every text field (how it renders is checked in Chromium, `tests/browser/test_hostile.py`);
`rejected.yml` lists the values the loader must refuse. The cases of the fiche format itself
(syntax, unknown keys, aliases, encodings, duplicates) are in `test_fiches.py`.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import load_catalog

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "data" / "hostile"
BIN = Path(sys.executable).parent
CASES: list[dict[str, Any]] = yaml.safe_load((HOSTILE / "rejected.yml").read_text("utf-8"))
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ERROR_LINE = re.compile(r"^actions/[\w.-]+\.yml:\d+: ", re.MULTILINE)

Key = str | int


def parse_field(field: str) -> list[Key]:
    """`content.why[2].text` -> ["content", "why", 1, "text"] (messages count from 1)."""
    path: list[Key] = []
    for part in field.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        path.append(name)
        path.extend(int(i) - 1 for i in indexes if i)
    return path


def set_field(data: Any, path: list[Key], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def line_of(text: str, path: list[Key]) -> int:
    """Line (from 1) where the value at `path` starts in a YAML text."""
    node = yaml.compose(text)
    for key in path:
        if isinstance(key, int):
            node = node.value[key]
        else:
            node = next(v for k, v in node.value if k.value == key)
    return int(node.start_mark.line) + 1


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['field']}={c['value'][:24]}")
def test_hostile_value_is_refused_in_french(tmp_path: Path, case: dict[str, Any]) -> None:
    data = yaml.safe_load((HOSTILE / "fiche.yml").read_text("utf-8"))
    path = parse_field(case["field"])
    set_field(data, path, case["value"])
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (tmp_path / "actions").mkdir()
    (tmp_path / "actions" / "hostile.yml").write_text(text, encoding="utf-8")

    with pytest.raises(FicheError) as raised:
        load_catalog(tmp_path / "actions", display_root=tmp_path)

    where = f"actions/hostile.yml:{line_of(text, path)}: {case['field']}: "
    messages = str(raised.value).splitlines()
    assert any(m.startswith(where) and case["message"] in m for m in messages), messages


def test_hostile_fiche_itself_is_valid() -> None:
    """The attacks of fiche.yml must reach the renderers (a refused fiche would prove nothing)."""
    catalog = load_catalog(HOSTILE / "fiche.yml", display_root=ROOT)
    assert catalog.actions[0].content.title.startswith("<script>")


# --- Through the real build --------------------------------------------------------------------


def tree_digest(folder: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file under `folder`."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def build(project: Path, how: str) -> subprocess.CompletedProcess[str]:
    """`make build` (temporary folder, then swap) or a plain `mkdocs build` into site/."""
    if how == "make build":
        # -o venv: use this venv instead of making one in the copy.
        command = ["make", "-s", "-f", str(ROOT / "Makefile"), "build", "-o", "venv", f"BIN={BIN}"]
    else:
        command = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", "site"]
    return subprocess.run(
        command, cwd=project, env=ENV, capture_output=True, text=True, check=False
    )


def test_failed_build_leaves_previous_site_byte_identical(project_copy: Path) -> None:
    """`make build` (temporary folder, then swap), and a plain `mkdocs build` straight into
    site/ (our plugin stops the build before MkDocs cleans the folder)."""
    for fiche in sorted((project_copy / "actions").glob("*.yml"))[1:]:
        fiche.unlink()  # one fiche is enough to have a site to lose, and builds 10x faster
    first = build(project_copy, "make build")
    assert first.returncode == 0, first.stderr[-3000:]
    before = tree_digest(project_copy / "site")
    assert "index.html" in before

    broken = (HOSTILE / "fiche.yml").read_text("utf-8").replace("  axis: 4", "  axis: quatre")
    (project_copy / "actions" / "casse.yml").write_text(broken, encoding="utf-8")
    for how in ("make build", "mkdocs build"):
        second = build(project_copy, how)
        assert second.returncode != 0, how
        output = second.stdout + second.stderr
        assert re.search(
            r"^actions/casse\.yml:\d+: contract\.axis: attendu un nombre entier, trouvé du texte",
            output,
            re.M,
        ), how
        assert "1 erreur dans 1 fiche" in output, how
        assert tree_digest(project_copy / "site") == before, how


def test_ten_megabyte_fiche_is_refused_quickly(project_copy: Path) -> None:
    """A 10 MB fiche (a paste gone wrong) stops the build at once with its French message."""
    fiche = (HOSTILE / "fiche.yml").read_text("utf-8")
    paragraph = "Un texte très long, collé par erreur depuis un autre document. " * 16 + "\n"
    filler = "".join(f"    {paragraph}\n" for _ in range(10_000_000 // len(paragraph)))
    huge = fiche.replace("  what: |\n", "  what: |\n" + filler, 1)
    (project_copy / "actions" / "enorme.yml").write_text(huge, encoding="utf-8")
    assert (project_copy / "actions" / "enorme.yml").stat().st_size > 10_000_000

    start = time.perf_counter()
    result = build(project_copy, "mkdocs build")
    elapsed = time.perf_counter() - start

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert re.search(r"^actions/enorme\.yml:1: fichier trop gros \(10,\d Mo", output, re.MULTILINE)
    assert ERROR_LINE.search(output)
    assert elapsed < 30, f"{elapsed:.1f} s"

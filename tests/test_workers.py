"""Work on every core without forking the calling process: a fork server's processes give the
same results, in the same order, as this one; the languages are shared between processes in
contiguous groups of about the same cost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import CATALOGUE

from ctai_site.driver.parts import plan
from ctai_site.workers import process_map


def square_and_pid(i: int) -> tuple[int, int]:
    return i * i, os.getpid()


def test_process_map_is_map_in_order_in_other_processes() -> None:
    items = list(range(40))
    results = process_map(square_and_pid, items, 3)
    assert [r for r, _ in results] == [i * i for i in items]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids and len(pids) > 1
    assert process_map(square_and_pid, [3], 3) == [(9, os.getpid())]  # one item: here


def test_validate_loads_the_fiche_core_only() -> None:
    """`ctai-site validate` after each edit: no MkDocs, templates, PDF, workbook or pydantic;
    nor our open data, translation files or phone formats (imported on first use)."""
    code = (
        "import sys\n"
        "from ctai_site.cli import main\n"
        "main(['validate', sys.argv[1]])\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('ctai_site.'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(CATALOGUE / "actions")],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(CATALOGUE),
    )
    loaded, ours = (set(line.split()) for line in result.stdout.splitlines()[-2:])
    heavy = {"mkdocs", "material", "mkdocs_static_i18n", "jinja2", "markdown", "weasyprint"}
    heavy |= {"openpyxl", "segno", "pydantic", "data_inclusion", "jsonschema", "phonenumbers"}
    assert loaded & heavy == set()
    assert {m for m in ours if m.startswith(("ctai_site.opendata", "ctai_site.site"))} == set()
    assert ours & {f"ctai_site.translation.{m}" for m in ("store", "coverage", "terms")} == set()


def test_plan_gives_each_process_about_as_many_pages() -> None:
    languages = ["fr", "en", "ar", "fa", "ps", "ti", "ru", "uk"]
    pages = dict(zip(languages, [230, 110, 110, 110, 110, 110, 110, 110], strict=True))
    assert plan(languages, pages, 2) == [tuple(languages[:3]), tuple(languages[3:])]
    assert plan(languages, pages, 3) == [
        ("fr", "en"),
        ("ar", "fa", "ps"),
        ("ti", "ru", "uk"),
    ]
    assert plan(languages, dict.fromkeys(languages, 1), 8) == [(x,) for x in languages]
    assert plan(languages, pages, 1) == [tuple(languages)]
    # A part's own first build costs: the first process takes one more language.
    assert plan(languages, pages, 2, overhead=110) == [tuple(languages[:4]), tuple(languages[4:])]

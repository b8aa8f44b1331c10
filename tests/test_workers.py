"""Work on every core: forked children give the same results, in the same order, as one
process; a child that fails has its share redone here, so its error is the parent's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CATALOGUE, FICHES

from ctai_site.fiche import loading
from ctai_site.fiche.errors import FicheError
from ctai_site.workers import forked_map


def test_forked_map_is_map_in_order() -> None:
    items = list(range(101))
    assert forked_map(lambda i: (i, os.getpid()), items, 3)[50][0] == 50
    assert [r for r, _ in forked_map(lambda i: (i * i, os.getpid()), items, 3)] == [
        i * i for i in items
    ]
    assert len({pid for _, pid in forked_map(lambda i: (i, os.getpid()), items, 3)}) == 3


def test_a_failing_child_s_share_is_redone_here() -> None:
    parent = os.getpid()

    def crash_in_child(i: int) -> int:
        if os.getpid() != parent:
            os._exit(3)  # a child that dies without a word
        return i

    assert forked_map(crash_in_child, list(range(10)), 2) == list(range(10))

    def fail_in_child(i: int) -> int:
        if i == 9:
            raise ValueError("neuf")
        return i

    with pytest.raises(ValueError, match="neuf"):  # raised by the parent, redoing the share
        forked_map(fail_in_child, list(range(10)), 2)


def test_fiches_read_on_two_cores_give_the_same_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "PARALLEL_FROM", 1)
    actions = CATALOGUE / "actions"
    assert loading.load_catalog(actions, jobs=2) == loading.load_catalog(actions, jobs=1)

    bad = FICHES / "bad"
    with pytest.raises(FicheError) as serial:
        loading.load_catalog(bad, display_root=FICHES, jobs=1)
    with pytest.raises(FicheError) as parallel:
        loading.load_catalog(bad, display_root=FICHES, jobs=2)
    assert str(parallel.value) == str(serial.value)


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


def test_shares_are_contiguous_and_even() -> None:
    from ctai_site.workers import shares

    languages = ["en", "ar", "fa", "ps", "ti", "ru", "uk"]
    assert shares(languages, 2) == [["en", "ar", "fa"], ["ps", "ti", "ru", "uk"]]
    assert shares(languages, 3) == [["en", "ar"], ["fa", "ps"], ["ti", "ru", "uk"]]
    assert shares(languages, 9) == [[lang] for lang in languages]
    assert shares(languages, 1) == [languages]


def test_weighted_shares_give_each_core_as_many_pages() -> None:
    from ctai_site.workers import weighted_shares

    languages = ["fr", "en", "ar", "fa", "ps", "ti", "ru", "uk"]
    pages = [230, 110, 110, 110, 110, 110, 110, 110]  # French has the drafts and reports
    assert weighted_shares(languages, pages, 2) == [languages[:3], languages[3:]]
    assert weighted_shares(languages, pages, 3) == [languages[:2], languages[2:5], languages[5:]]
    assert weighted_shares(languages, [1] * 8, 8) == [[lang] for lang in languages]
    assert weighted_shares(languages, pages, 1) == [languages]

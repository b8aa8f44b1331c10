"""Fiches as data: what `ctai-site validate` tells a carrier, line for line.

Each folder under `data/fiches/` is a case, validated as a carrier would: `ctai-site validate`
run from inside it. Its `expected.txt` holds exactly what the carrier reads:

    bad/<case>/    one or more fiches with mistakes; expected.txt is stderr (one line per
                   problem, sorted, then the count), and the command exits with 1
    good/<case>/   valid fiches; expected.txt is stdout (the « à compléter » report), exit 0

After changing a message on purpose, rewrite the expected files and read their diff:

    CTAI_UPDATE_EXPECTED=1 .venv/bin/pytest tests/test_fiches.py

Hostile files that are better made than committed (10 MB, non UTF-8 bytes) are written into
`tmp_path` by the tests below.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FICHES, RunCli
from sites import CATALOGUE

from ctai_site.fiche import reading
from ctai_site.fiche.checks import normalise_phone
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.loading import load_action, load_catalog
from ctai_site.fiche.model import OpeningRule, expand_public_status

UPDATE = bool(os.environ.get("CTAI_UPDATE_EXPECTED"))


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (FICHES / kind).iterdir() if p.is_dir())


def _assert_expected(case: Path, actual: str) -> None:
    expected = case / "expected.txt"
    if UPDATE:
        expected.write_text(actual, encoding="utf-8")
    assert actual.splitlines() == expected.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("case", _cases("bad"), ids=lambda p: p.name)
def test_bad_fiches_give_exact_french_lines(case: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", ".", cwd=case)
    assert result.code == 1
    assert result.out == ""
    _assert_expected(case, result.err)


@pytest.mark.parametrize("case", _cases("good"), ids=lambda p: p.name)
def test_good_fiches_list_what_is_left_to_complete(case: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", ".", cwd=case)
    assert result.err == ""
    assert result.code == 0
    _assert_expected(case, result.out)


def test_the_fixture_catalogue_is_valid_against_its_territory(run_cli: RunCli) -> None:
    result = run_cli("validate", "actions", cwd=CATALOGUE)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1].startswith("14 fiches valides")


def test_the_contract_of_a_fiche_is_checked_against_the_territory(
    run_cli: RunCli, tmp_path: Path, minimal_service: str
) -> None:
    shutil.copy(CATALOGUE / "territory.yml", tmp_path / "territory.yml")
    (tmp_path / "actions").mkdir()
    fiche = minimal_service.replace("axis: 2", "axis: 9").replace("years: [2024]", "years: [2030]")
    (tmp_path / "actions" / "x.yml").write_text(fiche, encoding="utf-8")
    result = run_cli("validate", cwd=tmp_path)
    assert result.code == 1
    lines = result.err.splitlines()
    assert (
        "actions/x.yml:6: contract.axis: l'axe 9 n'existe pas : les axes du contrat sont "
        in lines[0]
    )
    assert lines[0].endswith("1, 2, 3, 4, 5, 6 (territory.yml)")
    assert (
        "contract.years: 2030 hors du contrat (années : 2024, 2025, 2026, territory.yml)"
        in lines[1]
    )
    # without the territory file, the same fiche is checked for everything else
    (tmp_path / "territory.yml").unlink()
    assert run_cli("validate", cwd=tmp_path).code == 0


# --- Hostile files, made in the test -------------------------------------------------------


def _problems(root: Path, **kwargs: Any) -> list[str]:
    with pytest.raises(FicheError) as caught:
        load_catalog(root, display_root=root, **kwargs)
    return [str(p) for p in caught.value.problems]


def test_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gros.yml").write_bytes(b"kind: service\n" + b"#" * (10 * 1024 * 1024))

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "read_text", refuse)
    assert _problems(tmp_path) == [
        "gros.yml:1: fichier trop gros (10,5 Mo ; 256 Ko au plus pour une fiche)"
    ]


def test_size_limit_is_256_kb(tmp_path: Path, minimal_service: str) -> None:
    text = minimal_service.encode() + b"#" * (reading.MAX_BYTES - len(minimal_service.encode()))
    (tmp_path / "juste.yml").write_bytes(text)
    (tmp_path / "trop.yml").write_bytes(text + b"#")
    assert _problems(tmp_path) == [
        "trop.yml:1: fichier trop gros (0,3 Mo ; 256 Ko au plus pour une fiche)"
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param(
            "kind: service\nstatus: active\ncarrier: Café\n".encode("latin-1"),
            "fiche.yml:3: le fichier n'est pas en UTF-8 (octet 0xE9) : enregistrez-le en UTF-8",
            id="latin-1",
        ),
        pytest.param(
            "kind: service\n".encode("utf-16"),
            "fiche.yml:1: le fichier n'est pas en UTF-8 (octet 0xFF) : enregistrez-le en UTF-8",
            id="utf-16",
        ),
        pytest.param(
            b"kind: service\nstatus: act\x01ive\n",
            "fiche.yml:2: caractère de contrôle interdit (U+0001) : supprimez-le",
            id="control-character",
        ),
        pytest.param(
            b"kind: service\nstatus: active\n\x00\n",
            "fiche.yml:3: caractère de contrôle interdit (U+0000) : supprimez-le",
            id="nul-byte",
        ),
        pytest.param(
            b"kind: [" + b"[" * 100_000 + b"]" * 100_000 + b"]\n",
            "fiche.yml:1: imbrication trop profonde (plus de 20 niveaux)",
            id="100k-flow-levels",  # used to overflow libyaml's C stack: a segfault
        ),
        pytest.param(
            b"kind:\n" + b"- " * 100_000 + b"x\n",
            "fiche.yml:2: imbrication trop profonde (plus de 20 niveaux)",
            id="100k-block-levels",
        ),
    ],
)
def test_hostile_bytes_are_refused(tmp_path: Path, raw: bytes, expected: str) -> None:
    (tmp_path / "fiche.yml").write_bytes(raw)
    assert _problems(tmp_path) == [expected]


def test_windows_notepad_fiche_reads_fine(tmp_path: Path, minimal_service: str) -> None:
    """A byte-order mark and CRLF line ends change nothing, line numbers included."""
    text = minimal_service.replace("main: french", "main: francais")
    (tmp_path / "notepad.yml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    line = text.splitlines().index("  main: francais") + 1
    assert _problems(tmp_path)[0].startswith(f"notepad.yml:{line}: themes.main: « francais »")


def test_alias_bomb_is_refused_without_expanding_an_alias(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Billion laughs: 10^9 strings if expanded. The reader visits each written node once
    (~100 here) and refuses the file at its first alias, in one line."""
    visits = 0
    value = reading._Reader.value

    def counting(self: Any, node: yaml.Node, path: Any, depth: int = 0) -> Any:
        nonlocal visits
        visits += 1
        assert visits < 1000, "the loader is expanding aliases"
        return value(self, node, path, depth)

    monkeypatch.setattr(reading._Reader, "value", counting)
    problems = _problems(FICHES / "bad" / "alias-bomb")
    assert visits < 100
    assert problems == [
        "billion-laughs.yml:4: b[1]: les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur"
    ]


def test_future_date_is_relative_to_today(tmp_path: Path, minimal_service: str) -> None:
    (tmp_path / "fiche.yml").write_text(minimal_service, encoding="utf-8")
    assert load_catalog(tmp_path, today=dt.date(2024, 10, 17)).actions  # today is fine
    line = minimal_service.splitlines().index("updated: 2024-10-17") + 1
    assert _problems(tmp_path, today=dt.date(2024, 10, 16)) == [
        f"fiche.yml:{line}: updated: « 2024-10-17 » est dans le futur"
    ]


def test_problems_of_all_fiches_come_together_sorted(tmp_path: Path, minimal_service: str) -> None:
    (tmp_path / "b.yml").write_text(minimal_service.replace("axis: 2", "axis: zéro"), "utf-8")
    (tmp_path / "a.yml").write_text(minimal_service.replace("kind: service", "kind: x"), "utf-8")
    (tmp_path / "c.yml").write_text("kind: [service\n", "utf-8")
    assert [p.split(": ")[0] for p in _problems(tmp_path)] == ["a.yml:2", "b.yml:6", "c.yml:2"]


def test_every_wrong_type_is_reported_never_raised(tmp_path: Path) -> None:
    """Any field of a complete fiche set to a value of the wrong kind gives a problem naming
    that field (or a parent), never an exception."""
    source = FICHES / "good" / "complete" / "atelier-francais.yml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    wrongs: list[Any] = [None, ["liste"], {"cle": 1}]
    paths = _leaf_paths(data)
    for i, path in enumerate(paths):
        wrong = wrongs[i % len(wrongs)]
        fiche = tmp_path / "fiche.yml"
        fiche.write_text(yaml.safe_dump(_replaced(data, path, wrong)), encoding="utf-8")
        action, problems = load_action(fiche, "fiche.yml")
        field = reading.format_path(path)
        assert action is None, field
        assert any(field.startswith(p.field) for p in problems), (field, problems)
    assert len(paths) > 90


def _leaf_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _leaf_paths(value, (*path, key))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in _leaf_paths(value, (*path, i))]
    return [path]


def _replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replaced(data[path[0]], path[1:], value)
    return copy


# --- What a valid fiche becomes ------------------------------------------------------------


@pytest.fixture(scope="module")
def complete() -> Any:
    catalog = load_catalog(FICHES / "good" / "complete", display_root=FICHES / "good")
    return catalog.by_id("atelier-francais")


def test_phone_is_stored_in_e164(complete: Any) -> None:
    assert complete.places[0].phone == "+33558900000"


def test_contract_publics_become_refugies_info_codes(complete: Any) -> None:
    assert complete.audience.contract_publics == ("BPI", "BPT")
    assert complete.audience.public_status == ("refugie", "subsidiaire", "temporaire", "apatride")


def test_structured_hours_are_stored_as_osm_and_rules(complete: Any) -> None:
    place = complete.places[0]
    assert place.opening_hours == "Tu,Th 09:00-12:00; Sa[1,3] 10:00-12:00"
    assert place.opening_rules == (
        OpeningRule(("tuesday", "thursday"), "09:00", "12:00"),
        OpeningRule(("saturday",), "10:00", "12:00", (1, 3)),
    )


def test_fields_remember_their_line(complete: Any) -> None:
    text = (FICHES / "good" / "complete" / "atelier-francais.yml").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert complete.source == "complete/atelier-francais.yml"
    assert complete.line_of("places[1].phone") == lines.index("    phone: 05 58 90 00 00") + 1
    assert (
        complete.line_of("content.why[2].text")
        == lines.index("      text: Dix personnes au plus, pour parler souvent.") + 1
    )
    place = lines.index("  - name: Centre social", lines.index("places:"))
    assert complete.line_of("places[1].nothing.here") == place + 1


@pytest.mark.parametrize(
    ("written", "codes"),
    [
        (["EPA"], ("refugie", "subsidiaire", "temporaire", "apatride")),
        (["BPI"], ("refugie", "subsidiaire", "apatride")),
        (["BPT"], ("temporaire",)),
        (["asile", "EPA"], ("asile", "refugie", "subsidiaire", "temporaire", "apatride")),
        (["french", "BPT", "temporaire"], ("temporaire", "french")),
    ],
)
def test_public_shortcuts_expand_in_platform_order(
    written: list[str], codes: tuple[str, ...]
) -> None:
    assert expand_public_status(written) == codes


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("05 58 90 00 00", "+33558900000"),
        ("05.58.90.00.00", "+33558900000"),
        ("0558900000", "+33558900000"),
        ("+33 (0)5 58 90 00 00", "+33558900000"),
        ("0033 5 58 90 00 00", "+33558900000"),
        ("06 12 34 56 78", "+33612345678"),
        ("0800 00 00 00", "+33800000000"),  # toll-free: national, even overseas
        ("0262 21 00 00", "+262262210000"),  # La Réunion: own country code
        ("0692 12 34 56", "+262692123456"),
        ("0269 61 00 00", "+262269610000"),  # Mayotte
        ("0590 82 00 00", "+590590820000"),  # Guadeloupe
        ("0596 60 00 00", "+596596600000"),  # Martinique, not +33 5 96…
        ("0594 29 00 00", "+594594290000"),  # Guyane
        ("+44 20 7946 0958", "+442079460958"),
        ("05 58 90", None),
        ("+33 0 00 00 00 00", None),
        ("3939", None),  # short numbers are not reachable from abroad: write the long one
        ("appeler la mairie", None),
        ("", None),
    ],
)
def test_phone_numbers_normalise_to_e164(raw: str, e164: str | None) -> None:
    assert normalise_phone(raw) == e164

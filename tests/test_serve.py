"""`mkdocs serve` after an edit: the language being read shows the change first, the other
languages follow without a page going missing, and a removed fiche's page goes."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sites import ROOT, copy_project

FIXTURE = Path(__file__).parent / "data" / "i18n" / "atelier-horaires.yml"
TITLE = "title: Apprendre le français"


def get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what}: not within {timeout} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    project = copy_project(ROOT, tmp_path / "project")
    shutil.copy(FIXTURE, project / "actions" / FIXTURE.name)
    shutil.copy(FIXTURE, project / "actions" / "atelier-bis.yml")  # to remove
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("mkdocs")), "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: _up(port), "the first build")
        yield project, port
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "error happened during the rebuild" not in (tmp_path / "serve.log").read_text()


def _up(port: int) -> bool:
    try:
        return get(port, "/actions/atelier-horaires/")[0] == 200
    except OSError:
        return False


def test_an_edit_shows_in_the_language_read_then_in_every_language(
    served: tuple[Path, int],
) -> None:
    project, port = served
    assert get(port, "/ar/actions/atelier-horaires/")[0] == 200  # the reader reads Arabic
    fiche = project / "actions" / FIXTURE.name
    text = fiche.read_text(encoding="utf-8")
    assert TITLE in text
    fiche.write_text(text.replace(TITLE, TITLE + " au travail"), encoding="utf-8")

    missing = []

    def arabic_page_changed() -> bool:
        status, _ = get(port, "/en/")  # another language, meanwhile: never missing
        if status != 200:
            missing.append(status)
        return "Apprendre le français au travail" in get(port, "/ar/actions/atelier-horaires/")[1]

    wait_until(arabic_page_changed, "the page read")
    for lang in ("", "en/", "uk/"):

        def changed(lang: str = lang) -> bool:
            return "français au travail" in get(port, f"/{lang}actions/atelier-horaires/")[1]

        wait_until(changed, f"/{lang}")
    assert missing == []

    (project / "actions" / "atelier-bis.yml").unlink()
    wait_until(lambda: get(port, "/ar/actions/atelier-bis/")[0] == 404, "the removed page")
    assert get(port, "/actions/atelier-horaires/")[0] == 200

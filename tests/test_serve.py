"""The live preview (`ctai-site serve`): after a save, the language being read is built first,
only its pages whose Markdown changed; the other languages follow without a page going
missing; a removed fiche's page goes; a broken fiche is said in French and the last good pages
stay. And `mkdocs serve` still serves the site and rebuilds it."""

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
HOOK = Path(__file__).parent / "data" / "hooks" / "pages_per_process.py"
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _up(port: int, path: str) -> bool:
    try:
        return get(port, path)[0] == 200
    except OSError:
        return False


class Served:
    def __init__(self, project: Path, port: int, log: Path, pages: Path) -> None:
        self.project, self.port, self.log, self.pages = project, port, log, pages

    def builds(self) -> list[tuple[str, int]]:
        """(language, pages written) of each build since the last `forget`, in order."""
        if not self.pages.exists():
            return []
        lines = [line.split() for line in self.pages.read_text("utf-8").splitlines()]
        return [(lang, int(pages)) for _, lang, pages in lines]

    def forget(self) -> None:
        self.pages.unlink(missing_ok=True)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = copy_project(ROOT, tmp_path / "project")
    shutil.copy(FIXTURE, project / "actions" / FIXTURE.name)
    shutil.copy(FIXTURE, project / "actions" / "atelier-bis.yml")  # to remove
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("\nmarkdown_extensions:", f"\nhooks:\n  - {HOOK}\nmarkdown_extensions:", 1),
        encoding="utf-8",
    )
    port = free_port()
    log = tmp_path / "serve.log"
    pages = tmp_path / "pages.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("ctai-site")), "serve"]
            + ["--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**os.environ, "PAGES_PER_PROCESS": str(pages)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: _up(port, "/uk/actions/atelier-horaires/"), "the first build")
            time.sleep(1)  # the first build's last languages
            yield Served(project, port, log, pages)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_the_language_read_is_built_first_then_every_language(served: Served) -> None:
    port = served.port
    assert get(port, "/ar/actions/atelier-horaires/")[0] == 200  # the reader reads Arabic
    served.forget()
    fiche = served.project / "actions" / FIXTURE.name
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
    built = [(lang, pages) for lang, pages in served.builds() if pages]
    assert built[0][0] == "ar", built  # the reader's language first
    total = len(list((served.project / "site_src" / "catalogue").rglob("*.ar.md")))
    assert 0 < built[0][1] < total, (built, total)  # only the pages that changed
    assert {lang for lang, _ in built} == {"fr", "en", "ar", "fa", "ps", "ti", "ru", "uk"}


def test_a_removed_fiche_goes_and_a_broken_one_is_said(served: Served) -> None:
    port = served.port
    (served.project / "actions" / "atelier-bis.yml").unlink()
    wait_until(lambda: get(port, "/ar/actions/atelier-bis/")[0] == 404, "the removed page")
    wait_until(lambda: get(port, "/actions/atelier-bis/")[0] == 404, "the removed French page")
    assert get(port, "/actions/atelier-horaires/")[0] == 200

    fiche = served.project / "actions" / FIXTURE.name
    fiche.write_text(
        fiche.read_text(encoding="utf-8").replace("kind: service", "kind: servise"), "utf-8"
    )

    def said() -> bool:
        return "actions/atelier-horaires.yml:" in served.log.read_text(encoding="utf-8")

    wait_until(said, "the broken fiche's line")
    lines = served.log.read_text(encoding="utf-8").splitlines()
    assert [x for x in lines if x.startswith("actions/atelier-horaires.yml:") and ": kind:" in x]
    status, page = get(port, "/actions/atelier-horaires/")
    assert status == 200 and "Apprendre le français" in page  # the last good page


def test_mkdocs_serve_still_serves_and_rebuilds(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    shutil.copy(FIXTURE, project / "actions" / FIXTURE.name)
    port = free_port()
    with (tmp_path / "serve.log").open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("mkdocs")), "serve"]
            + ["--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(lambda: _up(port, "/ar/actions/atelier-horaires/"), "the first build")
            fiche = project / "actions" / FIXTURE.name
            text = fiche.read_text(encoding="utf-8")
            fiche.write_text(text.replace(TITLE, TITLE + " vite"), encoding="utf-8")

            def changed() -> bool:
                return "français vite" in get(port, "/ar/actions/atelier-horaires/")[1]

            wait_until(changed, "the rebuild")
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert "error happened during the rebuild" not in (tmp_path / "serve.log").read_text()

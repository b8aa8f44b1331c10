"""The live preview as a person sees it: `ctai-site serve` running, a real browser (Debian's
Chromium, through Playwright) holding a page open, and someone saving every few seconds.

For each save, the time from the file written to the new text in the page the browser shows
(the page reloads itself: nobody presses a key). A French reader edits the fiche's title; an
Arabic reader, the Arabic translation's (what a translator previewing the page does). Saves
come every `interval` seconds whether or not the previous one showed yet: a slow rebuild makes
the next one wait, as it would for the person typing.

    .venv/bin/python tools/bench_preview.py PROJECT [--edits 6] [--interval 3]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import chromium  # tools/

TITLE = re.compile(r"(?m)^(  title: ).*$")  # the fiche's content.title
AR_TITLE = re.compile(r"(?ms)^(  content\.title:\n    from: \S+\n    text: ).*?$")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serving(project: Path, port: int, engine: str = "mkdocs") -> Iterator[str]:
    """`ctai-site serve` in `project`, until its first build is served."""
    ctai = Path(sys.executable).with_name("ctai-site")
    log = (project / "serve.log").open("w")
    server = subprocess.Popen(
        [str(ctai), "serve", "--dev-addr", f"127.0.0.1:{port}", "--engine", engine],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "/", timeout=5).read()
                break
            if server.poll() is not None:
                raise RuntimeError((project / "serve.log").read_text())
            time.sleep(0.1)
        time.sleep(5)  # the other languages' first build, behind the first one
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def edit_times(
    project: Path, url: str, fiche: str, lang: str, edits: int, interval: float
) -> list[float]:
    """Seconds from each save to its text on the page the browser holds open."""
    from playwright.sync_api import sync_playwright

    if lang == "fr":
        source, pattern, path = project / "actions" / f"{fiche}.yml", TITLE, f"/actions/{fiche}/"
    else:
        source = project / "translations" / lang / f"{fiche}.yml"
        pattern, path = AR_TITLE, f"/{lang}/actions/{fiche}/"
    original = source.read_text(encoding="utf-8")
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium.CHROMIUM, args=chromium.FLAGS)
        page = browser.new_page()
        page.goto(url + path)
        for n in range(edits):
            time.sleep(interval)
            token = f"Z{n}X{int(time.time() * 1000) % 100000}"
            text = source.read_text(encoding="utf-8")
            changed, count = pattern.subn(rf"\g<1>Titre {token}", text, count=1)
            assert count == 1, f"{source}: no title to edit"
            start = time.monotonic()
            source.write_text(changed, encoding="utf-8")
            times.append(_wait_for_text(page, token, start))
        browser.close()
    source.write_text(original, encoding="utf-8")  # as it was: the next reader starts afresh
    time.sleep(interval * 2)
    return times


def _wait_for_text(page: object, token: str, start: float, timeout: float = 60) -> float:
    """Poll the page the browser shows (it reloads by itself) until `token` is in its text."""
    script = f"() => !!document.body && document.body.innerText.includes({token!r})"
    while time.monotonic() - start < timeout:
        with contextlib.suppress(Exception):  # the page is being replaced: ask again
            if page.evaluate(script):  # type: ignore[attr-defined]
                return time.monotonic() - start
        time.sleep(0.01)
    return float("inf")


def summary(times: list[float]) -> str:
    shown = ", ".join(f"{t:.2f} s" for t in times)
    return f"{shown} (median {statistics.median(times):.2f} s, worst {max(times):.2f} s)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("project", type=Path, help="a site's folder (a copy: its files are edited)")
    parser.add_argument("--fiche", default="pas-hopital-dax")
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--interval", type=float, default=3.0)
    parser.add_argument("--engine", default="mkdocs")
    args = parser.parse_args(argv)
    with serving(args.project, free_port(), args.engine) as url:
        for lang in ("fr", "ar"):
            times = edit_times(args.project, url, args.fiche, lang, args.edits, args.interval)
            print(f"{lang}: {summary(times)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

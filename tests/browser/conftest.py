"""Debian's Chromium, driven by Playwright, against the built site served on 127.0.0.1.

One site and one browser per session; a fresh browser context (cookies, storage, permissions)
per test. Every request that leaves 127.0.0.1 is aborted and recorded, so a test can say that a
page loads nothing from a third party: not even map tiles, which the map asks for only when the
reader presses its button (a test that presses it routes the tile server itself). The guide's
small site (tests/data/guide/, conftest.guide_site) is served too, at `guide_site_url`.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromium
import pytest
from conftest import GuideSite
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Dialog,
    Page,
    Response,
    Route,
    sync_playwright,
)
from sites import CATALOGUE

from browser.sitepages import SitePages
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.model import Catalog

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = chromium.FLAGS  # tools/chromium.py: what this machine's closed network needs
ALLOWED_THIRD_PARTY: tuple[str, ...] = ()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser dropped a connection (page closed mid-download): not our concern


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Guard:
    """What a page did that a user would not want: third-party requests, errors, dialogs."""

    third_party: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)  # same-site responses >= 400

    def route(self, route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host == "127.0.0.1":
            route.continue_()
            return
        self.third_party.append(route.request.url)
        route.abort("blockedbyclient")

    def response(self, response: Response) -> None:
        if response.status >= 400:
            self.not_found.append(f"{response.status} {response.url}")

    def dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def unexpected_requests(self) -> list[str]:
        return [
            url
            for url in self.third_party
            if not any(
                (urlsplit(url).hostname or "").endswith(allowed) for allowed in ALLOWED_THIRD_PARTY
            )
        ]


@dataclass
class Tab:
    """A page in its own context, with its guard."""

    page: Page
    context: BrowserContext
    guard: Guard
    base_url: str

    def goto(self, url: str) -> None:
        self.page.goto(self.base_url + url, wait_until="load")


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> SitePages:
    return SitePages(built_site)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The fixture catalogue the built site was made from."""
    return load_catalog(CATALOGUE / "actions", display_root=CATALOGUE)  # what built_site shows


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def guide_site_url(guide_site: GuideSite) -> Iterator[str]:
    with serve(guide_site.site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is missing: run `bash tools/ensure-test-deps.sh` (or `make test`)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


OpenTab = Callable[..., Tab]


@pytest.fixture
def open_tab(browser: Browser, site_url: str) -> Iterator[OpenTab]:
    """`open_tab(url, js=True, base_url=site_url, **context_options)` -> a loaded `Tab`."""
    contexts: list[BrowserContext] = []

    def open_(
        url: str | None = None, *, js: bool = True, base_url: str = site_url, **options: Any
    ) -> Tab:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(java_script_enabled=js, **options)
        contexts.append(context)
        guard = Guard()
        context.route("**/*", guard.route)
        page = context.new_page()
        page.on("pageerror", lambda error: guard.errors.append(str(error)))
        page.on("dialog", guard.dialog)
        page.on("response", guard.response)
        tab = Tab(page, context, guard, base_url)
        if url is not None:
            tab.goto(url)
        return tab

    yield open_
    for context in contexts:
        context.close()


def run_axe(page: Page) -> dict[str, Any]:
    """axe-core's results for the loaded page (WCAG 2.x A and AA rules, and best practices)."""
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate("async () => await axe.run(document)")
    return result

"""The live preview (`ctai-site serve`): a save shows on the page being read in about a second.

Each language of the site is built into a folder of its own (`.cache/serve/<lang>/`) by warm
host processes (`driver.worker`), and served from there: `/ar/…` from the Arabic folder, the
rest from the French one. After a save, the pages of the language being read (the one of the
page a browser asked for, or keeps open) are generated and built first, by the front worker,
and the browsers reading it reload; the other languages are built behind it by the other
workers, and their readers reload as each one is done. A newer save drops the builds still
waiting (a build under way ends first: it takes a few tenths of a second), so the next page
shown is always the newest one. A fiche that does not load leaves the pages as they were and
says why, one French line per problem.

Browsers reload through a small script added to each page served (a long poll,
`/__ctai__/reload`); without JavaScript, the page is simply reloaded by hand.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ctai_site.driver import parts as p
from ctai_site.driver.generate import (
    Generated,
    GenerateError,
    generate,
    load,
    prune,
    write_site_files,
)
from ctai_site.driver.project import Project
from ctai_site.site import build, html
from ctai_site.site.pages import Site
from ctai_site.workers import cores

RELOAD_PATH = "/__ctai__/reload"
POLL_SECONDS = 0.1
BEHIND_NICENESS = 15  # the workers behind the front one yield the processor to it
SETTLE_SECONDS = 0.02  # after a change is seen, before the sources are read
WAIT_SECONDS = 30  # a reload poll answers « nothing new » after this long
RELOAD_SCRIPT = """<script>
(function () {
  var lang = %(lang)s, seen = %(version)d;
  function poll() {
    fetch("%(path)s?lang=" + lang + "&seen=" + seen, {cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (d) { if (d.version > seen) { location.reload(); } else { poll(); } })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>"""


class Worker:
    """A warm host process (`driver.worker`) and its pipes: one build at a time."""

    def __init__(self, engine: str, cwd: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ctai_site.driver.worker", engine],
            cwd=cwd,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # Material's banner, once a build
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lock = threading.Lock()
        self.last: dict[str, Any] = {}

    def build(self, argv: Sequence[str], env: dict[str, str | None]) -> int:
        """Run one build; its exit code (1 if the worker died). `last` keeps what the worker
        said of it (its processor and wall times)."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        with self.lock:
            try:
                stdin.write(json.dumps({"argv": list(argv), "env": env}) + "\n")
                stdin.flush()
                answer = stdout.readline()
            except OSError:
                return 1
        if not answer:
            return 1
        self.last = json.loads(answer)
        if self.last.get("messages"):
            sys.stderr.write(self.last["messages"])
            sys.stderr.flush()
        return int(self.last["code"])

    def close(self) -> None:
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass
class Job:
    """A language to build, for the save numbered `change`."""

    lang: str
    change: int


class Preview:
    """The preview of one site: its folders, workers, the reader's language, each language's
    version (a build done), and the browsers waiting for one."""

    def __init__(self, project: Project, config_file: Path, engine: str = "mkdocs") -> None:
        self.project = project
        self.config_file = config_file
        self.engine = engine
        self.out = project.root / ".cache" / "serve"
        self.reader = project.default_language
        self.versions = dict.fromkeys(project.languages, 0)
        self.changed = threading.Condition()
        self.change = 0  # the number of the last save seen
        self.generated: Generated | None = None
        self.current: dict[str, Path] = {}  # language -> the folder serving it
        self.shown: dict[str, int] = {}  # language -> the save its folder shows
        self.builds = 0
        self.entries: dict[str, list[dict[str, Any]]] = {}  # language -> its search entries
        self.clean: set[str] = set()  # languages whose next build builds every page
        self.pending: dict[str, set[str]] = {lang: set() for lang in project.languages}
        self.known: set[str] = set()  # the generated files' names
        self.background: queue.Queue[Job | None] = queue.Queue()
        self.workers: list[Worker] = []
        self.log: IO[str] = sys.stderr

    # --- Building -----------------------------------------------------------------------------

    def folder(self, lang: str) -> Path | None:
        """The folder serving `lang` now (None before its first build)."""
        with self.changed:
            return self.current.get(lang)

    def build_language(self, worker: Worker, lang: str, change: int) -> bool:
        """Build `lang` for save number `change` into a new folder, then serve it from there
        (a page is never missing while it builds), with its search index in its own language,
        and tell the browsers reading it to reload. Once a language is built, only its pages
        whose Markdown changed since are built again (`parts.ONLY`: the others are left out
        of the host's build), over a copy of the folder served; after a page went, or a change
        of mkdocs.yml or of a hand-written page, all of them."""
        assert self.generated is not None
        with self.changed:
            self.builds += 1
            folder = self.out / f"{lang}-{self.builds}"
            previous = self.current.get(lang)
            entries = self.entries.get(lang, [])
            pending = set(self.pending[lang])
            whole = previous is None or lang in self.clean
            self.clean.discard(lang)
        if not whole and not pending:
            return True  # nothing of it changed
        built = folder.with_name(folder.name + ".new") if not whole else folder
        argv = ["build", "--config-file", str(self.config_file)]
        argv += ["--site-dir", str(built)]
        facts = {"site_url": None, "strings": self._strings()}
        env: dict[str, str | None] = {p.PART: lang, p.FACTS: json.dumps(facts), p.PARTS: None}
        env[p.ONLY] = None if whole else json.dumps(sorted(pending))
        part = p.Part((lang,), built)
        if worker.build(argv, env) != 0:
            shutil.rmtree(built, ignore_errors=True)
            part.manifest.unlink(missing_ok=True)
            with self.changed:
                self.clean.add(lang)  # its next build builds every page
            return False
        found = part.search().get(lang, [])
        part.manifest.unlink(missing_ok=True)
        if not whole and previous is not None:  # the pages built, over the folder served
            shutil.copytree(previous, folder, symlinks=True)
            _overlay(built, folder)
            shutil.rmtree(built, ignore_errors=True)
            pages = {entry["location"].partition("#")[0] for entry in found}
            found = [e for e in entries if e["location"].partition("#")[0] not in pages] + found
        config = _search_config(folder)
        if config is not None:
            html.write_search_indexes(folder, config, found)
        if lang == self.project.default_language:  # the open data page's files
            write_site_files(self.generated, folder)
        with self.changed:
            self.pending[lang] -= pending
            old = self.current.get(lang)
            if self.shown.get(lang, -1) > change:  # a newer save's build was quicker
                old = folder
            else:
                self.current[lang], self.shown[lang] = folder, change
                self.entries[lang] = found
                self.versions[lang] += 1
                self.changed.notify_all()
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return True

    def _strings(self) -> dict[str, tuple[str, str, dict[str, Any]]]:
        assert self.generated is not None
        return {lang: self.generated.strings(lang) for lang in self.project.languages}

    def regenerate(self, lang: str | None = None, site: Site | None = None) -> Site | None:
        """Write the site's pages (only those of `lang`, deleting nothing, when given); None,
        with every problem said, when the site does not load."""
        try:
            site = site or load(self.project)
            languages = [lang] if lang else None
            self.generated = generate(
                self.project, guides=False, languages=languages, site=site, notes=False
            )
            self._note_written(self.generated)
        except GenerateError as error:
            print(error, file=self.log)
            return None
        return site

    def _note_written(self, generated: Generated) -> None:
        """The pages each language must build again: those just written in its language,
        and the French pages it shows as they are (those with no translation of their own)."""
        names = set(generated.files) | set(self.known)
        self.known = names
        with self.changed:
            for rel in generated.written:
                for lang in languages_of(rel, names, self.project.languages):
                    self.pending[lang].add(rel)

    def on_change(self, front: Worker, newer: Callable[[], bool]) -> None:
        """A save: the reader's language generated and built now; then the others generated
        one by one, each queued for the workers behind as soon as it is written. `newer()`
        says a newer save came: the rest is left to it."""
        with self.changed:
            self.change += 1
            change, reader = self.change, self.reader
        self._drop_waiting()
        start = time.monotonic()
        site = self.regenerate(reader)
        if site is None:
            return
        self.build_language(front, reader, change)
        print(
            f"ctai-site serve : {reader} à jour en {time.monotonic() - start:.2f} s", file=self.log
        )
        files = dict(self.generated.files) if self.generated else {}
        others = [x for x in self.project.languages if x != reader]
        for lang in others:
            if newer() or self.regenerate(lang, site) is None or self.generated is None:
                return
            files.update(self.generated.files)
            self.background.put(Job(lang, change))
        if prune(self.project, files):  # a page went: every language built afresh
            with self.changed:
                self.clean.update(self.project.languages)
            for lang in [reader, *others]:
                self.background.put(Job(lang, change))

    def _drop_waiting(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.background.get_nowait()

    def background_loop(self, worker: Worker) -> None:
        while (job := self.background.get()) is not None:
            if job.change == self.change:  # a newer save: this one is outdated
                self.build_language(worker, job.lang, job.change)

    def first_build(self) -> bool:
        """Every page generated, every language built (the default one first)."""
        if self.regenerate() is None:
            return False
        front = self.workers[0]
        if not self.build_language(front, self.project.default_language, 0):
            return False
        for lang in self.project.languages[1:]:
            self.background.put(Job(lang, self.change))
        return True

    # --- Watching -------------------------------------------------------------------------------

    def watched(self) -> tuple[list[Path], list[Path]]:
        """What the pages depend on: the sources of the generated pages; the hand-written
        pages and mkdocs.yml (a change there builds every language afresh)."""
        docs = self.project.docs_dir
        hand_written = [d for d in docs.iterdir() if d.name != self.project.options.generated_dir]
        return self.project.sources().folders(), hand_written + [self.config_file]

    def watch_loop(self, stop: threading.Event) -> None:
        """Rebuild after each save: the file system tells (inotify, through watchdog), then
        the sources' signature says whether something they hold changed (an editor's swap
        file is not a change)."""
        front = self.workers[0]
        signatures = [build.signature(folders) for folders in self.watched()]
        event = threading.Event()
        observer = Observer()
        handler = _Wake(event)
        sources, hand_written = self.watched()
        folders = {path for path in sources + hand_written if path.is_dir()}
        for folder in sorted(folders):
            observer.schedule(handler, str(folder), recursive=True)
        for parent in sorted({path.parent for path in sources + hand_written} - folders):
            observer.schedule(handler, str(parent), recursive=False)  # a file's folder
        observer.start()

        def newer() -> bool:
            return event.is_set() and [build.signature(f) for f in self.watched()] != signatures

        try:
            while not stop.is_set():
                if not event.wait(POLL_SECONDS * 10):
                    continue
                time.sleep(SETTLE_SECONDS)  # an editor writes a file in several steps
                event.clear()
                now = [build.signature(folders) for folders in self.watched()]
                if now == signatures:
                    continue
                if now[1] != signatures[1]:
                    with self.changed:
                        self.clean.update(self.project.languages)
                signatures = now
                self.on_change(front, newer)
        finally:
            observer.stop()
            observer.join()

    # --- Serving --------------------------------------------------------------------------------

    def resolve(self, path: str) -> Path | None:
        """The file a URL path names: a language's pages in its folder, the rest in French
        (or in any language's folder: the theme's files are the same in each)."""
        parts = [x for x in unquote(path).split("/") if x]
        if any(x in ("..", ".") or "\\" in x for x in parts):
            return None
        lang = parts[0] if parts and parts[0] in self.versions else self.project.default_language
        with self.changed:
            candidates = [self.current.get(lang)] + [self.current.get(x) for x in self.versions]
        for folder in [c for c in candidates if c is not None]:
            target = folder.joinpath(*parts)
            if target.is_dir():
                target = target / "index.html"
            if target.is_file():
                return target
        return None

    def wait_for(self, lang: str, seen: int) -> int:
        """The version of `lang` once it is past `seen` (or after `WAIT_SECONDS`)."""
        with self.changed:
            if lang in self.versions:
                self.reader = lang
            self.changed.wait_for(lambda: self.versions.get(lang, 0) > seen, WAIT_SECONDS)
            return self.versions.get(lang, 0)

    def page(self, body: bytes, lang: str) -> bytes:
        """A served page with the reload script."""
        script = RELOAD_SCRIPT % {
            "lang": json.dumps(lang),
            "version": self.versions.get(lang, 0),
            "path": RELOAD_PATH,
        }
        text = body.decode("utf-8", "replace")
        at = text.rfind("</body>")
        text = text[:at] + script + text[at:] if at >= 0 else text + script
        return text.encode("utf-8")

    def handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        preview = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path == RELOAD_PATH:
                    query = parse_qs(url.query)
                    polled = query.get("lang", [""])[0]
                    seen_text = query.get("seen", ["0"])[0]
                    seen = int(seen_text) if seen_text.isdigit() else 0
                    version = preview.wait_for(polled, seen)
                    self._send(200, "application/json", b"", version=version)
                    return
                lang = html.page_language(url.path)
                if lang is not None:
                    with preview.changed:
                        preview.reader = lang
                target = preview.resolve(url.path)
                if target is None:
                    missing = preview.resolve("/404.html")
                    body = missing.read_bytes() if missing else b"404"
                    self._send(404, "text/html; charset=utf-8", body)
                    return
                if not url.path.endswith("/") and not url.path.endswith(target.name):
                    self.send_response(301)
                    self.send_header("Location", url.path + "/")
                    self.end_headers()
                    return
                body = target.read_bytes()
                kind = _content_type(target)
                if target.suffix == ".html":
                    body = preview.page(body, lang or preview.project.default_language)
                self._send(200, kind, body)

            def _send(self, status: int, kind: str, body: bytes, **answer: Any) -> None:
                if answer:
                    body = json.dumps(answer).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # one line per request would bury what matters

        return Handler

    @contextlib.contextmanager
    def running(self, jobs: int) -> Iterator[None]:
        """The workers (one front, the others behind), then stopped."""
        self.out.mkdir(parents=True, exist_ok=True)
        self.workers = [Worker(self.engine, self.project.root) for _ in range(max(2, jobs))]
        for worker in self.workers[1:]:  # behind: the front worker and the browser come first
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, worker.process.pid, BEHIND_NICENESS)
        threads = [
            threading.Thread(target=self.background_loop, args=(w,), daemon=True)
            for w in self.workers[1:]
        ]
        for thread in threads:
            thread.start()
        try:
            yield
        finally:
            self._drop_waiting()
            for _ in threads:
                self.background.put(None)
            for worker in self.workers:
                worker.close()


def languages_of(rel: str, names: set[str], languages: Sequence[str]) -> set[str]:
    """The languages whose build shows a generated page: its own (`x.ar.md`), or, for a
    French page (`x.md`), French and every language without its own translation of it."""
    if not rel.endswith(".md"):
        return set()  # not a page: a file every build copies
    own = build.language_of(rel)
    if own != languages[0]:
        return {own}
    stem = rel[: -len(".md")]
    return {lang for lang in languages if lang == own or f"{stem}.{lang}.md" not in names}


def _overlay(built: Path, folder: Path) -> None:
    """The files of a build of some pages (`built`) over a copy of the folder served: not its
    sitemap or search index, which list those pages only."""
    for path in sorted(built.rglob("*")):
        rel = path.relative_to(built)
        if path.is_dir() or rel.as_posix() in (
            "sitemap.xml",
            "sitemap.xml.gz",
            "search/search_index.json",
        ):
            continue
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser left a page (its reload poll dropped): nothing to say


class _Wake(FileSystemEventHandler):
    """Sets `event` on any change under a watched folder."""

    def __init__(self, event: threading.Event) -> None:
        self.event = event

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("opened", "closed_no_write"):
            self.event.set()


def _search_config(folder: Path) -> dict[str, Any] | None:
    index = folder / "search" / "search_index.json"
    if not index.is_file():
        return None
    data = json.loads(index.read_text(encoding="utf-8"))
    config = data.get("config")
    return dict(config) if isinstance(config, dict) else None


def _content_type(path: Path) -> str:
    kinds = {
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".png": "image/png",
        ".xml": "application/xml",
        ".pdf": "application/pdf",
        ".csv": "text/csv; charset=utf-8",
        ".geojson": "application/geo+json",
    }
    return kinds.get(path.suffix, "application/octet-stream")


def serve(project: Project, config_file: Path, address: str, port: int, engine: str) -> int:
    """Build the site, serve it at `address:port`, rebuild after each save, until Ctrl+C."""
    preview = Preview(project, config_file, engine)
    try:
        server = _Server((address, port), preview.handler())
    except OSError as error:
        print(
            f"ctai-site serve : impossible d'écouter sur {address}:{port} ({error.strerror}) : "
            "un autre aperçu tourne-t-il déjà ? Arrêtez-le, ou choisissez --dev-addr "
            f"{address}:{port + 1}",
            file=sys.stderr,
        )
        return 1
    shutil.rmtree(preview.out, ignore_errors=True)
    with server, preview.running(project.options.jobs or cores()):
        if not preview.first_build():
            return 1
        stop = threading.Event()
        watcher = threading.Thread(target=preview.watch_loop, args=(stop,), daemon=True)
        watcher.start()
        print(f"ctai-site serve : http://{address}:{port}/ (Ctrl+C pour arrêter)", file=sys.stderr)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
    return 0

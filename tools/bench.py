"""`make bench`: what the full stack costs next to plain MkDocs, and what a user waits for.

1. Synthetic catalogues in the real format (N fiches, French text of the length carriers write,
   a translation of every text in the seven other languages) are built with the full stack
   (`mkdocs build`: our plugin, mkdocs-static-i18n, Material, the languages on every core, each
   in a host process of its own), the printable guides from their cache, then once more with
   the eight guides rendered, and with `jobs: 1` (every language in one process: what the
   parallel build gains). The
   Markdown pages our plugin wrote are built again by plain MkDocs: with mkdocs-static-i18n
   (same mkdocs.yml without our plugin), and in one pass without it (`x.ar.md` moved to
   `ar/x.md`: each distinct page once, one process), the limit we measure against. For each N:
   median wall time of `--repeat` builds, the largest peak memory of a process (`wait4`'s
   ru_maxrss: the build process or one of its children), output size, ratios.
2. `ctai-site validate` on 1,000 fiches (fresh processes, as a carrier runs it), five times.
3. The live preview as a person sees it (`tools/bench_preview.py`): `ctai-site serve` on a copy
   of the Dax site, Chromium holding the page open, a save every 3 s, the time from each save to
   the new text in the page the browser shows (it reloads by itself); French (the fiche's
   title) and Arabic (its translation's), `--edits` saves each.
4. What a phone downloads on a first visit to an action page, gzipped: the HTML and every
   stylesheet, script and font it references (and, when Chromium is there, everything the page
   fetches before it goes idle).
5. The goals of issues #12 and #20, each met or not, and the load average before and after: the
   machine may be shared, and the times are wall times.

A dev tool: it imports nothing from MkDocs, and nothing in the package imports it.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.client
import http.server
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import bench_preview  # tools/: the live preview, a browser on the page
import yaml
from chromium import FLAGS as CHROMIUM_FLAGS

from ctai_site.fiche import vocab
from ctai_site.fiche.loading import load_catalog
from ctai_site.site.html import OVERRIDES
from ctai_site.translation.store import RICH_FIELDS, fingerprint, translatable_fields

PROJECT_FILES = ("mkdocs.yml", "territory.yml")
PROJECT_DIRS = ("site_src", "overrides", "schema")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
BIN = Path(sys.executable).parent

# --- Synthetic fiches ---------------------------------------------------------------------------

_TITLES = (
    ("Apprendre", "le français pour trouver un travail"),
    ("Se faire aider", "pour ses papiers et ses démarches en ligne"),
    ("Trouver", "un logement et apprendre à bien l'habiter"),
    ("Se soigner", "quand on vient d'arriver en France"),
    ("Faire garder", "son jeune enfant pendant les cours"),
    ("Préparer", "le code de la route avec une formatrice"),
    ("Rencontrer", "d'autres parents et jouer avec son enfant"),
    ("Découvrir", "les activités sportives et culturelles de la ville"),
    ("Comprendre", "ses droits et les règles de la vie en France"),
    ("Chercher", "une formation et un métier"),
)
_SENTENCES = (
    "Une personne de l'équipe vous reçoit et prend le temps de comprendre votre situation.",
    "Vous pouvez venir seul ou avec une personne de confiance qui parle français.",
    "L'accueil est gratuit et ouvert aux personnes arrivées en France depuis peu.",
    "Les ateliers ont lieu en petit groupe, avec des exercices de la vie de tous les jours.",
    "Un interprète peut être présent si vous le demandez quelques jours avant.",
    "L'équipe travaille avec la CAF, la CPAM, France Travail et les centres d'hébergement.",
    "Vous apprenez les mots utiles pour le travail, le logement et la santé.",
    "Si vous avez des enfants, des places de garde sont réservées pendant l'atelier.",
    "Le service est ouvert toute l'année, sauf pendant les vacances d'été.",
    "Apportez vos papiers d'identité et, si vous l'avez, votre titre de séjour.",
    "Un travailleur social peut aussi vous orienter vers ce service.",
    "Les informations que vous donnez restent confidentielles.",
)
_WHY = (
    "Être aidé près de chez soi",
    "Parler avec quelqu'un qui connaît les démarches",
    "Gagner du temps",
    "Rencontrer d'autres personnes",
    "Apprendre à son rythme",
    "Un service gratuit",
)
_HOW = ("Venir sur place", "Prendre rendez-vous", "Demander à son travailleur social")
_COMMUNES = (
    ("Dax", "40088", 43.7102, -1.0536),
    ("Saint-Paul-lès-Dax", "40279", 43.7256, -1.0519),
    ("Mont-de-Marsan", "40192", 43.8902, -0.4992),
    ("Tarnos", "40312", 43.5406, -1.4606),
    ("Narrosse", "40202", 43.7031, -1.0056),
)
# A few plain sentences per language: translations of the same length as the French.
_TRANSLATED: dict[str, list[str]] = yaml.safe_load(
    (Path(__file__).with_name("bench-sentences.yml")).read_text(encoding="utf-8")
)


def synthetic_fiche(i: int, rng: random.Random) -> dict[str, Any]:
    """A complete service fiche, as a carrier would write it (no invented phone or e-mail)."""
    verb, what = _TITLES[i % len(_TITLES)]
    theme = vocab.THEME_KEYS[i % len(vocab.THEME_KEYS)]
    city, insee, lat, lng = _COMMUNES[i % len(_COMMUNES)]

    def paragraph(n: int) -> str:
        return " ".join(rng.sample(_SENTENCES, n))

    return {
        "kind": "service",
        "status": "active",
        "updated": "2024-10-17",
        "contract": {"axis": 2 + i % 5, "years": [2024, 2025, 2026]},
        "carrier": {"name": f"Association d'accueil n° {i}", "networks": ["ccas-cias"]},
        "content": {
            "title": f"{verb} {what}",
            "brand": f"Atelier {i}",
            "summary": f"{verb} {what}, avec une équipe qui vous accompagne."[:110],
            "what": f"{paragraph(3)}\n\n{paragraph(2)}\n\n- {_SENTENCES[i % 12]}\n- {_SENTENCES[(i + 5) % 12]}\n",
            "why": [{"title": t, "text": paragraph(2)} for t in rng.sample(_WHY, 3)],
            "how": [
                {
                    "title": t,
                    "text": f"{paragraph(2)}\n\n> Bon à savoir : {_SENTENCES[(i + 3) % 12]}",
                }
                for t in rng.sample(_HOW, 2)
            ],
        },
        "themes": {"main": theme},
        "audience": {
            "public_status": ["EPA", "BPI", "BPT"],
            "french_level": "not_relevant",
            "age": "not_relevant",
            "specific_public": "not_relevant",
            "precisions": "Personnes étrangères arrivées en France depuis moins de cinq ans.",
        },
        "practicalities": {
            "conditions": "not_relevant",
            "price": {"free": True},
            "commitment": "not_relevant",
            "frequency": "not_relevant",
            "days": ["monday", "wednesday", "friday"],
            "access": {
                "by": ["usagers", "professionnels"],
                "modes": ["se-presenter"],
                "reception": ["en-presentiel"],
            },
            "area": {"departements": ["40"], "description": "Agglomération du Grand Dax."},
        },
        "places": [
            {
                "name": f"Maison des associations, salle {i % 7 + 1}",
                "city": city,
                "insee": insee,
                "coordinates": {
                    "lat": round(lat + rng.uniform(-0.01, 0.01), 5),
                    "lng": round(lng + rng.uniform(-0.01, 0.01), 5),
                    "precision": "approximate",
                },
                "opening_hours": "Mo,We 09:00-12:00; Fr 14:00-17:00",
            }
        ],
    }


def _translate(french: str, lang: str, rich: bool, rng: random.Random) -> str:
    pool = _TRANSLATED[lang]
    if not rich:
        return rng.choice(pool)[: max(len(french), 20)].strip()
    sentences = max(1, round(len(french) / 70))
    return " ".join(rng.choice(pool) for _ in range(sentences))


def write_catalog(folder: Path, n: int, *, translations: bool = True, seed: int = 1) -> None:
    """`folder/actions/*.yml` and, for every other language, `folder/translations/<lang>/`."""
    rng = random.Random(seed)
    actions = folder / "actions"
    shutil.rmtree(actions, ignore_errors=True)
    actions.mkdir(parents=True)
    for i in range(n):
        text = yaml.safe_dump(synthetic_fiche(i, rng), allow_unicode=True, sort_keys=False)
        (actions / f"bench-{i:04d}.yml").write_text(text, encoding="utf-8")
    if not translations:
        return
    catalog = load_catalog(actions, today=None)
    for lang in vocab.LANGUAGE_CODES:
        if lang == vocab.SOURCE_LANGUAGE:
            continue
        out = folder / "translations" / lang
        out.mkdir(parents=True, exist_ok=True)
        for action in catalog.actions:
            fields = {
                path: {
                    "from": fingerprint(french),
                    "text": _translate(french, lang, bool(RICH_FIELDS.match(path)), rng),
                }
                for path, french in translatable_fields(action).items()
            }
            body = {"reviewed": True, "fields": fields}
            (out / f"{action.id}.yml").write_text(
                yaml.safe_dump(body, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )


# --- Projects and measured runs -----------------------------------------------------------------


def copy_project(root: Path, dest: Path) -> Path:
    """mkdocs.yml and what it builds from, without generated pages, fiches or translations."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        shutil.copy(root / name, dest / name)
    for name in PROJECT_DIRS:
        if (root / name).exists():
            shutil.copytree(  # not the pages our plugin writes (`catalogue/`)
                root / name, dest / name, ignore=shutil.ignore_patterns("generated", "catalogue")
            )
    if (root / "translations").exists():  # the site's interface strings (`_site.yml`)
        for file in (root / "translations").glob("*/_*.yml"):
            target = dest / "translations" / file.parent.name / file.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, target)
    return dest


def without_our_plugin(mkdocs_yml: str, name: str = "ctai-site") -> str:
    """The same configuration with a plugin's entry (and its options) removed."""
    lines = mkdocs_yml.splitlines(keepends=True)
    out: list[str] = []
    skipping = None
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if skipping is not None:
            if line.strip() and indent <= skipping:
                skipping = None
            else:
                continue
        if re.match(rf"^\s*-\s*{re.escape(name)}\s*:?\s*$", line):
            skipping = indent
            continue
        out.append(line)
    result = "".join(out)
    if result == mkdocs_yml:
        raise ValueError(f"no `- {name}` plugin entry found in mkdocs.yml")
    return result


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    output_mb: float
    files: int


def folder_size(folder: Path) -> tuple[float, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6, len(files)


def measured(command: list[str], cwd: Path, expect: int = 0) -> tuple[float, float]:
    """Wall time (s) and peak resident memory (MB) of one child process; raises unless it
    exits with `expect`."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != expect:
        raise RuntimeError(f"{' '.join(command)} failed:\n{errors.decode()[-3000:]}")
    return seconds, usage.ru_maxrss / 1024  # Linux: kilobytes


def with_jobs(project: Path, jobs: int) -> None:
    """The plugin's `jobs` option set in the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    text = re.sub(
        r"(?m)^(  - ctai-site:\n)(      jobs: \d+\n)?", rf"\g<1>      jobs: {jobs}\n", text
    )
    assert f"jobs: {jobs}" in text
    config.write_text(text, "utf-8")


def mkdocs_build(project: Path, repeat: int, *, cold: bool = False) -> Run:
    """`mkdocs build`, `repeat` times: the median time, the largest peak memory of a process
    (`wait4` gives the largest of the process and its children: each language part). `cold`:
    the printable guides' cache emptied first (all eight rendered, as after an edit of a
    service); otherwise they come from it (the site's own work)."""
    runs = []
    for _ in range(repeat):
        if cold:
            shutil.rmtree(project / ".cache", ignore_errors=True)
        runs.append(measured([str(BIN / "mkdocs"), "build", "--site-dir", "site"], project))
    size, files = folder_size(project / "site")
    return Run(statistics.median(r[0] for r in runs), max(r[1] for r in runs), size, files)


@dataclass(frozen=True)
class Compared:
    ours: Run  # the printable guides from their cache
    one_job: Run  # the same, `jobs: 1`: every language in one process
    guides: Run  # the same, the eight guides rendered
    plain: Run  # our Markdown, MkDocs + Material + mkdocs-static-i18n, without our plugin
    one_pass: Run  # the same distinct pages, one plain MkDocs + Material pass
    pages: int  # HTML pages of our site
    distinct: int  # HTML pages of the one-pass site


def compare(root: Path, work: Path, n: int, repeat: int) -> Compared:
    """Build N synthetic fiches with the full stack, then the same Markdown with plain MkDocs:
    with mkdocs-static-i18n (which copies French pages without a translation into every
    language), and in one pass without it (each page once)."""
    ours = copy_project(root, work / f"ours-{n}")
    write_catalog(ours, n)
    before = {p.name for p in (ours / "site_src").iterdir()}
    guides = mkdocs_build(ours, 1, cold=True)
    full = mkdocs_build(ours, repeat)
    with_jobs(ours, 1)
    one_job = mkdocs_build(ours, repeat)
    (ours / "mkdocs.yml").write_text(
        re.sub(r"(?m)^      jobs: 1\n", "", (ours / "mkdocs.yml").read_text("utf-8")), "utf-8"
    )
    generated = [p.name for p in (ours / "site_src").iterdir() if p.name not in before]
    config = without_our_plugin((ours / "mkdocs.yml").read_text("utf-8"))
    config = re.sub(r"(?m)^strict:.*$", "strict: false", config)
    # Material lacks Pashto and Tigrinya: our plugin adds its partials, here a custom_dir does.
    config = re.sub(r"(?m)^(theme:\n  name: material\n)", r"\1  custom_dir: overrides\n", config)
    assert "custom_dir: overrides" in config
    for name in generated:
        config = config.replace(f"{name}/", "")

    # The plain project: our generated Markdown moved to the root of docs_dir (our plugin
    # mounts it there), the same mkdocs.yml without our plugin, and not strict (links to
    # files only our plugin writes, such as the JSON drafts, are left dangling).
    plain, one = work / f"plain-{n}", work / f"one-pass-{n}"
    for folder in (plain, one):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ours / "site_src", plain / "site_src")
    for name in generated:
        for item in list((plain / "site_src" / name).iterdir()):
            item.rename(plain / "site_src" / item.name)
        (plain / "site_src" / name).rmdir()
    (plain / "mkdocs.yml").write_text(config, encoding="utf-8")

    # The one-pass project: `x.ar.md` moved to `ar/x.md`, French where it was, no
    # mkdocs-static-i18n: every distinct page built once, by one process, in one pass.
    languages = "|".join(lang for lang in vocab.LANGUAGE_CODES if lang != vocab.SOURCE_LANGUAGE)
    for name in generated:
        for file in sorted((ours / "site_src" / name).rglob("*")):
            if not file.is_file():
                continue
            rel = file.relative_to(ours / "site_src" / name).as_posix()
            found = re.fullmatch(rf"(.*)\.({languages})\.md", rel)
            target = f"{found[2]}/{found[1]}.md" if found else rel
            (one / "site_src" / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(file, one / "site_src" / target)
    (one / "mkdocs.yml").write_text(without_our_plugin(config, "i18n"), encoding="utf-8")
    for project in (plain, one):
        for name in PROJECT_DIRS:
            if name != "site_src" and (ours / name).exists():
                shutil.copytree(ours / name, project / name)
        shutil.copytree(OVERRIDES, project / "overrides", dirs_exist_ok=True)
    plain_run, one_run = mkdocs_build(plain, repeat), mkdocs_build(one, repeat)
    return Compared(
        full,
        one_job,
        guides,
        plain_run,
        one_run,
        pages=sum(1 for _ in (ours / "site").rglob("*.html")),
        distinct=sum(1 for _ in (one / "site").rglob("*.html")),
    )


def validate_times(work: Path, n: int = 1000, repeat: int = 5) -> list[float]:
    """`ctai-site validate` on n fiches, `repeat` fresh processes (imports included)."""
    folder = work / f"validate-{n}"
    write_catalog(folder, n, translations=False)
    command = [sys.executable, "-m", "ctai_site", "validate", str(folder / "actions")]
    return [measured(command, folder)[0] for _ in range(repeat)]


def alias_bomb_time(work: Path) -> float:
    """`ctai-site validate` on a billion-laughs fiche (10^9 strings if aliases were expanded)."""
    folder = work / "alias-bomb"
    folder.mkdir(parents=True, exist_ok=True)
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    (folder / "bomb.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    seconds, _ = measured(
        [sys.executable, "-m", "ctai_site", "validate", "bomb.yml"], folder, expect=1
    )
    return seconds


# --- make serve: rebuild after an edit ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(port: int, path: str) -> str | None:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        connection.close()
    except OSError:
        return None
    return body if response.status == 200 else None


def _wait_for(port: int, path: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        body = _get(port, path)
        if body is not None and text in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{path} did not show {text!r} within {timeout} s")


def find_page(site: Path, title: str) -> str:
    """URL path of the French page whose <h1> is `title`."""
    languages = set(vocab.LANGUAGE_CODES) - {vocab.SOURCE_LANGUAGE}
    for file in sorted(site.rglob("index.html")):
        rel = file.relative_to(site)
        if rel.parts[0] in languages:
            continue
        if re.search(r"<h1[^>]*>\s*" + re.escape(title), file.read_text("utf-8")):
            return "/" + rel.parent.as_posix().strip(".") + "/" if rel.parent.parts else "/"
    raise LookupError(f"no page titled {title!r}")


INTERVAL = 3.0  # seconds between two saves (issue #20)


def preview_times(
    root: Path, work: Path, fiche: str, edits: int
) -> tuple[float, dict[str, list[float]]]:
    """Full build time of the real site, then the live preview's: for a French and an Arabic
    reader, the seconds from each save to its text in the page a real browser holds open."""
    project = copy_project(root, work / "serve")
    shutil.copytree(root / "actions", project / "actions")
    if (root / "translations").exists():
        shutil.copytree(root / "translations", project / "translations", dirs_exist_ok=True)
    build_seconds = mkdocs_build(project, 1).seconds
    times = {}
    with bench_preview.serving(project, _free_port()) as url:
        for lang in ("fr", "ar"):
            times[lang] = bench_preview.edit_times(project, url, fiche, lang, edits, INTERVAL)
    return build_seconds, times


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and a.get("href") and ("stylesheet" in rel or "preload" in rel):
            self.urls.append(a["href"] or "")
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+?\.(?:woff2?|ttf|otf))(?:[?#][^'\")]*)?['\"]?\s*\)")


def _local(site: Path, page_url: str, ref: str) -> Path | None:
    url = urljoin("http://site" + page_url, ref)
    parts = urlsplit(url)
    if parts.hostname != "site":
        return None
    file = site / parts.path.lstrip("/")
    return file if file.is_file() else None


def first_visit(site: Path, page_url: str) -> list[tuple[str, int, int]]:
    """(file, bytes, gzipped bytes) of the HTML and of what it references: CSS, JS, fonts."""
    html_file = site / page_url.lstrip("/") / "index.html"
    parser = _Assets()
    parser.feed(html_file.read_text("utf-8"))
    files = [html_file]
    for ref in parser.urls:
        file = _local(site, page_url, ref)
        if file is not None and file not in files:
            files.append(file)
    for css in [f for f in files if f.suffix == ".css"]:
        css_url = "/" + css.relative_to(site).as_posix()
        for ref in _CSS_URL.findall(css.read_text("utf-8", "replace")):
            font = _local(site, css_url, ref)
            if font is not None and font not in files:
                files.append(font)
    return [
        (f.relative_to(site).as_posix(), f.stat().st_size, len(gzip.compress(f.read_bytes(), 6)))
        for f in files
    ]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def browser_visit(site: Path, page_url: str) -> list[tuple[str, int, int]] | None:
    """What Chromium fetches until the page is idle (None without Chromium or Playwright)."""
    chromium = shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fetched: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium,
                args=CHROMIUM_FLAGS,
            )
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            page = context.new_page()
            page.on("request", lambda r: fetched.append(r.url))
            page.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if urlsplit(route.request.url).hostname == "127.0.0.1"
                    else route.abort()
                ),
            )
            page.goto(f"http://127.0.0.1:{server.server_address[1]}{page_url}")
            page.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    out = []
    for url in dict.fromkeys(fetched):
        parts = urlsplit(url)
        if parts.hostname != "127.0.0.1":
            out.append((url, 0, 0))
            continue
        file = site / parts.path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            data = file.read_bytes()
            out.append((file.relative_to(site).as_posix(), len(data), len(gzip.compress(data, 6))))
    return out


# --- Report -------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        found = re.search(r"Model name:\s*(.+)", lscpu)
        cpu = found[1].strip() if found else cpu
    memory = ""
    with contextlib.suppress(OSError):
        kb = int(re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}"
    )


def _versions() -> str:
    from importlib.metadata import version

    names = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n")
    return ", ".join(f"{n} {version(n)}" for n in names)


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


@contextlib.contextmanager
def workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="ctai-bench-") as tmp:
        yield Path(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tools/bench.py", description=__doc__)
    parser.add_argument(
        "--sizes", default="10,100,500", help="catalogue sizes (N fiches; empty: skip)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="builds per measure (median)")
    parser.add_argument("--edits", type=int, default=6, help="saves under serve, per language")
    parser.add_argument("--validate", type=int, default=1000, help="fiches for validate (0: skip)")
    parser.add_argument("--fiche", default="pas-hopital-dax", help="Dax fiche edited under serve")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--skip-serve", action="store_true")
    args = parser.parse_args(argv)
    root = Path.cwd()
    sizes = [int(s) for s in args.sizes.split(",") if s]

    print(f"Machine: {machine()}")
    print(f"Stack: {_versions()}")
    print(f"Load average at the start (1, 5, 15 min): {_load()}\n")
    goals: list[tuple[str, float, float, str]] = []  # (what, measured, limit, unit)
    with workdir(args.keep) as work:
        if sizes:
            print(f"## Full build vs plain MkDocs (8 languages; median of {args.repeat})\n")
            print(
                "| N fiches | pages (distinct) | ours | ours, jobs: 1 | plain + i18n "
                "| one-pass plain | ours / one-pass | jobs: 1 / one-pass | ours / plain + i18n "
                "| ours: peak memory per process | jobs: 1: peak | plain + i18n: peak "
                "| one-pass: peak | ours: output | ours, 8 guides rendered: time, peak |"
            )
            print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sizes:
            c = compare(root, work, n, args.repeat)
            ratio = c.ours.seconds / c.one_pass.seconds
            print(
                f"| {n} | {c.pages} ({c.distinct}) | {c.ours.seconds:.1f} s "
                f"| {c.one_job.seconds:.1f} s "
                f"| {c.plain.seconds:.1f} s | {c.one_pass.seconds:.1f} s | {ratio:.2f} "
                f"| {c.one_job.seconds / c.one_pass.seconds:.2f} "
                f"| {c.ours.seconds / c.plain.seconds:.2f} | {c.ours.peak_mb:.0f} MB "
                f"| {c.one_job.peak_mb:.0f} MB "
                f"| {c.plain.peak_mb:.0f} MB | {c.one_pass.peak_mb:.0f} MB "
                f"| {c.ours.output_mb:.1f} MB ({c.ours.files} files) "
                f"| {c.guides.seconds:.1f} s, {c.guides.peak_mb:.0f} MB |",
                flush=True,
            )
            if n >= 100:
                goals.append((f"full build at N = {n}, × the one-pass plain build", ratio, 1.2, ""))
            if n >= 500:
                goals.append((f"peak memory per process at N = {n}", c.ours.peak_mb, 600, " MB"))

        if args.validate:
            times = validate_times(work, args.validate)
            seconds = statistics.median(times)
            print(
                f"\n`ctai-site validate` on {args.validate} fiches: "
                + ", ".join(f"{t:.2f} s" for t in times)
                + f" (median {seconds:.2f} s)"
            )
            goals.append((f"`validate` on {args.validate} fiches", seconds, 0.5, " s"))

        print(f"A YAML alias bomb refused in: {alias_bomb_time(work):.2f} s (target < 2 s)")

        if not args.skip_serve:
            build, edits = preview_times(root, work, args.fiche, args.edits)
            print(f"\nDax site, full build: {build:.1f} s")
            print(f"\n## The live preview, a browser on the page, a save every {INTERVAL:g} s\n")
            for lang, times in edits.items():
                print(f"- `make serve`, {lang}: {bench_preview.summary(times)}")
                median, worst = statistics.median(times), max(times)
                goals.append((f"live preview, {lang}: median of {len(times)}", median, 1.0, " s"))
                goals.append((f"live preview, {lang}: worst of {len(times)}", worst, 1.5, " s"))
            site = work / "serve" / "site"
            title = yaml.safe_load((root / "actions" / f"{args.fiche}.yml").read_text("utf-8"))
            url = find_page(site, title["content"]["title"])
            print(f"\n## First visit to an action page ({url}), gzip level 6\n")
            print("| file | bytes | gzipped |\n|---|---:|---:|")
            listed = first_visit(site, url)
            for name, size, gz in listed:
                print(f"| {name} | {_kb(size)} | {_kb(gz)} |")
            total = sum(gz for _, _, gz in listed)
            print(f"| **total (HTML, CSS, JS, fonts)** | | **{_kb(total)}** (target ≤ 150 KB) |")
            fetched = browser_visit(site, url)
            if fetched is not None:
                extra = [f for f in fetched if f[0] not in {n for n, _, _ in listed}]
                gz_all = sum(gz for _, _, gz in fetched)
                print(
                    f"\nChromium (phone viewport) fetched {len(fetched)} files until idle: "
                    f"{_kb(gz_all)} gzipped; beyond the HTML's references: "
                    + (", ".join(f"{n} ({_kb(gz)})" for n, _, gz in extra) or "nothing")
                )
    print("\n## Goals\n")
    for what, value, limit, unit in goals:
        verdict = "met" if value <= limit else f"NOT met, by {value - limit:.2f}{unit}"
        print(f"- {what}: {value:.2f}{unit} (≤ {limit:g}{unit}): {verdict}")
    print(f"\nLoad average at the end (1, 5, 15 min): {_load()}")
    return 0


def _load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())

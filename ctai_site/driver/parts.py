"""Languages built apart: each part is a host process (`<host> build`, run as a command) that
builds some languages into a folder of its own, with its search entries in a manifest next to
it. The same mechanism serves one machine (a part per core, started by the build) and a CI
matrix (a job per part, `CTAI_SITE_PART`, merged by a last job, `CTAI_SITE_PARTS`).

A part is configured only through the host's command line and the environment: `--site-dir`,
`-f`, `--strict`, `--dirty`, and `CTAI_SITE_PART`, which the plugin reads to set
mkdocs-static-i18n's documented per-language `build` option. A part started by a build is
started first, so that its interpreter and the host load while the pages are generated; it then
reads one line of JSON on its standard input (`CTAI_SITE_PART=-`): its languages (and the
guides' sizes, which its home pages give); it writes their pages, then waits for a second line,
« go », sent once the French pages are written (the others fall back on them).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ctai_site.driver.output import warnings_of

PART = "CTAI_SITE_PART"  # `en,ar`: this build builds these languages only, a part
PARTS = "CTAI_SITE_PARTS"  # folders of parts built elsewhere, to merge (a CI job per part)
FROM_STDIN = "-"  # CTAI_SITE_PART=-: the languages and the generated pages' facts on stdin
FACTS = "CTAI_SITE_FACTS"  # the pages are generated: their facts (JSON), for a named part
ONLY = "CTAI_SITE_ONLY"  # the live preview: only these generated pages (JSON list) are built

SearchEntries = dict[str, list[dict[str, Any]]]  # language -> its search entries, in order


class PartError(ValueError):
    """Parts that cannot be used as given: one French line."""


@dataclass(frozen=True)
class Host:
    """How to run the host's command line: its module (`python -m mkdocs`, `python -m
    properdocs`), the site's mkdocs.yml, and the flags of the build that starts the parts."""

    module: str
    config_file: Path
    strict: bool = False
    dirty: bool = False

    def build_command(self, site_dir: Path) -> list[str]:
        command = [sys.executable, "-m", self.module, "build"]
        command += ["--config-file", str(self.config_file), "--site-dir", str(site_dir)]
        command += ["--strict"] if self.strict else []
        return command + (["--dirty"] if self.dirty else [])


@dataclass
class Part:
    """Languages built into `site_dir` by another process: started here (`process`), or by
    another CI job (`process` None)."""

    languages: tuple[str, ...]
    site_dir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def manifest(self) -> Path:
        """Its languages and search entries, next to its folder (JSON)."""
        return manifest_of(self.site_dir)

    @property
    def log(self) -> Path:
        """What its process printed, next to its folder."""
        return self.site_dir.with_name(self.site_dir.name + ".log")

    def read(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.manifest.read_text(encoding="utf-8"))
        return data

    def search(self) -> SearchEntries:
        return {lang: list(entries) for lang, entries in self.read()["search"].items()}


def manifest_of(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + ".json")


def write_manifest(site_dir: Path, languages: Sequence[str], search: SearchEntries) -> None:
    """What the merge needs from a part besides its files: its languages, its search entries
    (as the search plugin wrote them, language by language), and which process built it."""
    manifest_of(site_dir).write_text(
        json.dumps(
            {"languages": list(languages), "search": search, "pid": os.getpid()},
            ensure_ascii=False,
            default=str,
        ),
        encoding="utf-8",
    )


def plan(
    languages: Sequence[str], weights: Mapping[str, float], jobs: int, *, overhead: float = 0
) -> list[tuple[str, ...]]:
    """The languages in at most `jobs` contiguous groups, in their order, of about the same
    cost: a language costs its weight, and each group but the first (built by the calling
    process, which has the default language) `overhead` more (a part's own first build)."""
    jobs = max(1, min(jobs, len(languages)))
    costs = [float(weights.get(x, 1)) for x in languages]
    target = (sum(costs) + overhead * (jobs - 1)) / jobs
    groups: list[tuple[str, ...]] = []
    start, total = 0, 0.0
    for i, cost in enumerate(costs):
        limit = target * (len(groups) + 1) - overhead * len(groups)
        if i > start and len(groups) < jobs - 1 and total + cost / 2 > limit:
            groups.append(tuple(languages[start:i]))
            start = i
        total += cost
    groups.append(tuple(languages[start:]))
    return groups


def spawn(host: Host, root: Path) -> Part:
    """Start a host process that will build a part into a new folder under `root`, once told
    which languages (`Part.assign`)."""
    root.mkdir(parents=True, exist_ok=True)
    site_dir = Path(tempfile.mkdtemp(prefix=".ctai-part-", dir=root))
    env = {**os.environ, PART: FROM_STDIN}
    env.pop(PARTS, None)
    sys.stdout.flush()
    sys.stderr.flush()
    part = Part((), site_dir)
    with part.log.open("wb") as log:  # shown once it ends (`wait`): its warnings
        part.process = subprocess.Popen(
            host.build_command(site_dir), env=env, stdin=subprocess.PIPE, stderr=log, stdout=log
        )
    return part


def assign(part: Part, languages: Sequence[str], facts: Mapping[str, Any]) -> None:
    """Tell a spawned part its languages (and what it cannot know: the guides' sizes): it
    writes their pages, then waits for `go`."""
    part.languages = tuple(languages)
    _tell(part, {"languages": list(languages), **facts})


def go(part: Part) -> None:
    """Tell a part the French pages are written: it builds its languages."""
    _tell(part, {"go": True})
    assert part.process is not None and part.process.stdin is not None
    with contextlib.suppress(OSError):
        part.process.stdin.close()


def _tell(part: Part, message: Mapping[str, Any]) -> None:
    assert part.process is not None and part.process.stdin is not None
    try:
        part.process.stdin.write((json.dumps(message) + "\n").encode("utf-8"))
        part.process.stdin.flush()
    except OSError:  # it died: `wait` says so
        pass


def read_assignment(stream: Any) -> dict[str, Any]:
    """In a part: the line its build wrote (`assign`), or nothing if the build gave up."""
    line = stream.readline()
    data = json.loads(line) if line.strip() else {}
    return data if isinstance(data, dict) else {}


def wait(parts: Sequence[Part]) -> list[str]:
    """Wait for the parts started here, say their warnings (everything they printed when they
    failed); the languages of those that failed."""
    failed: list[str] = []
    for part in parts:
        code = part.process.wait() if part.process is not None else 0
        ok = code == 0 and part.manifest.is_file()
        if part.log.is_file():
            text = part.log.read_text(encoding="utf-8", errors="replace")
            sys.stderr.write(warnings_of(text) if ok else text)
            sys.stderr.flush()
        if not ok:
            failed += part.languages
    return failed


def stop(parts: Sequence[Part]) -> None:
    """Stop the parts started here (a build that failed) and remove their folders."""
    for part in parts:
        if part.process is not None and part.process.poll() is None:
            part.process.terminate()
            part.process.wait()
    remove(parts)


def remove(parts: Sequence[Part]) -> None:
    """Remove the folders and manifests of the parts started here (not those given)."""
    for part in parts:
        if part.process is not None:
            shutil.rmtree(part.site_dir, ignore_errors=True)
            part.manifest.unlink(missing_ok=True)
            part.log.unlink(missing_ok=True)


def wanted(
    languages: Sequence[str], environ: Mapping[str, str], asked: Sequence[str] | None = None
) -> tuple[str, ...] | None:
    """The languages `CTAI_SITE_PART` asks this build for (or those `asked` on stdin), in the
    site's order; None when it is not a part."""
    if not environ.get(PART):
        return None
    if asked is None:
        asked = [x for x in environ[PART].split(",") if x]
    unknown = [x for x in asked if x not in languages]
    if not asked or unknown:
        raise PartError(
            f"ctai-site : {PART}={','.join(asked)} : des langues de mkdocs.yml, séparées par des "
            f"virgules, parmi {', '.join(languages)}"
        )
    return tuple(x for x in languages if x in asked)


def given(languages: Sequence[str], environ: Mapping[str, str]) -> list[Part]:
    """The parts `CTAI_SITE_PARTS` names (folders built by other jobs), in the languages'
    order; they must be the last languages (this build builds the first ones)."""
    folders = [Path(p).resolve() for p in environ.get(PARTS, "").split(os.pathsep) if p]
    parts = []
    for folder in folders:
        try:
            found = json.loads(manifest_of(folder).read_text(encoding="utf-8"))["languages"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise PartError(
                f"ctai-site : {PARTS} : {folder} n'est pas une partie ({error})"
            ) from None
        if not found or any(x not in languages for x in found):
            raise PartError(f"ctai-site : {PARTS} : {folder} construit {found}, pas ces langues")
        parts.append(Part(tuple(found), folder))
    parts.sort(key=lambda p: languages.index(p.languages[0]))
    covered = [x for part in parts for x in part.languages]
    own = list(languages[: len(languages) - len(covered)])
    if parts and (own + covered != list(languages) or not own):
        raise PartError(
            f"ctai-site : {PARTS} : les parties ({', '.join(covered)}) doivent être les dernières "
            f"langues, dans l'ordre de mkdocs.yml ({', '.join(languages)})"
        )
    return parts

"""A warm host: one process that runs the host's command line (`mkdocs build …`) again and again.

Starting `mkdocs build` costs half a second before it reads a page (the interpreter, MkDocs,
Material, the Markdown extensions): more than the live preview may take for a whole edit. A
worker pays it once, then runs each build it is asked for in the same interpreter, through the
host's own command (its `console_scripts` entry point, called as the shell would call it): no
host function or attribute is used beyond its command line.

Protocol: one JSON object per line on standard input, `{"argv": [...], "env": {...}}` (`env`
values set for this build, `null` to unset); one line back on the original standard output,
`{"code": N, "cpu": seconds, "wall": seconds, "messages": text}`: what the build printed,
reduced to its warnings and errors (`output.warnings_of`; all of it when it failed).

    python -m ctai_site.driver.worker mkdocs
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from typing import IO, Any

from ctai_site.driver.output import warnings_of


def host_command(name: str) -> Any:
    """The host's command line, as its package declares it (`mkdocs`, `properdocs`)."""
    found = metadata.entry_points(group="console_scripts", name=name)
    for entry in found:
        return entry.load()
    raise SystemExit(f"ctai-site : la commande {name} n'est pas installée")


def run(command: Callable[..., Any], name: str, argv: Sequence[str]) -> int:
    """One run of the host's command, as `name argv…` in a shell: its exit code."""
    sys.argv = [name, *argv]  # plugins that read the command line (mkdocs-static-i18n: --dirty)
    try:
        command.main(args=list(argv), prog_name=name, standalone_mode=False)  # type: ignore[attr-defined]
    except SystemExit as error:  # the host's Abort, or click's exit
        if hasattr(error, "show"):
            error.show()
        code = error.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Exception as error:
        if hasattr(error, "show"):  # a click usage error: as the shell shows it
            error.show()
        else:
            traceback.print_exc()
        return 1
    return 0


def serve_jobs(name: str, jobs: IO[str], results: IO[str]) -> None:
    """Run the jobs read from `jobs` until it closes, one result line each on `results`."""
    command = host_command(name)
    for line in jobs:
        job = json.loads(line)
        for key, value in job.get("env", {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = str(value)
        before, start = time.process_time(), time.monotonic()
        with tempfile.TemporaryFile() as captured:
            with _output_to(captured):
                code = run(command, name, job["argv"])
            captured.seek(0)
            printed = captured.read().decode("utf-8", "replace")
        cpu, wall = time.process_time() - before, time.monotonic() - start
        messages = warnings_of(printed) if code == 0 else printed
        answer = {"code": code, "cpu": cpu, "wall": wall, "messages": messages}
        results.write(json.dumps(answer) + "\n")
        results.flush()


@contextlib.contextmanager
def _output_to(file: IO[bytes]) -> Iterator[None]:
    """What this process prints (both streams, at the file descriptor level) goes to `file`."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(2)
    os.dup2(file.fileno(), 2)
    os.dup2(file.fileno(), 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.dup2(saved, 1)
        os.close(saved)


def main() -> None:
    results = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # what the builds print: stderr
    serve_jobs(sys.argv[1], sys.stdin, results)


if __name__ == "__main__":
    main()

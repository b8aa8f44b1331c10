"""What a host process printed, reduced to what its reader needs: its warnings and errors.

A part or a live-preview build runs the host's command line without `--quiet` (which would also
silence the warnings that `--strict` counts, so a broken link would pass); its informational
lines repeat those of the build that started it. Its output goes to a file, then only its
records of level WARNING or above are shown (all of it when the process failed). A record is a
line starting with the level, as the host's command line prints it (`WARNING -  …`, colours
or not), followed by its indented continuation lines.
"""

from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_RECORD = re.compile(r"^(DEBUG|INFO|WARNING|ERROR|CRITICAL)\s*-  ")
_QUIET_LEVELS = ("DEBUG", "INFO")


def warnings_of(text: str) -> str:
    """The records of `text` at level WARNING or above, and any line that is not part of a
    record (a traceback, a message printed as is), in order."""
    kept: list[str] = []
    keep = True
    for line in text.splitlines():
        plain = _ANSI.sub("", line)
        record = _RECORD.match(plain)
        if record:
            keep = record[1] not in _QUIET_LEVELS
        elif not plain.startswith((" ", "\t")) and plain.strip():
            keep = True  # not a continuation of the record before
        if keep:
            kept.append(line)
    return "\n".join(kept) + ("\n" if kept else "")

"""An MkDocs hook for tests: after each language's build, one line `pid language pages` (the
pages that build wrote) appended to the file named by $PAGES_PER_PROCESS (if set)."""

from __future__ import annotations

import os
from typing import Any

_pages = 0


def on_pre_build(config: Any) -> None:
    global _pages
    _pages = 0


def on_post_page(output: str, page: Any, config: Any) -> str:
    global _pages
    _pages += 1
    return output


def on_post_build(config: Any) -> None:
    if "PAGES_PER_PROCESS" not in os.environ:
        return
    with open(os.environ["PAGES_PER_PROCESS"], "a", encoding="utf-8") as out:
        out.write(f"{os.getpid()} {config.theme['language']} {_pages}\n")

"""Work spread over the machine's cores, without forking the calling process.

A host (MkDocs, ProperDocs, their live-reload server) has threads; forking it copies one of them
and whatever locks the others held. So the parallel work here runs in fresh processes: the
languages of a site in host processes of their own (`ctai_site.driver`), and heavy independent
items (the printable guides) in a pool started by a fork server, a clean process that never ran
a host (`multiprocessing`'s `forkserver` context: each item and result is pickled, so the
function must be a module-level one and its arguments plain).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        return os.cpu_count() or 1


def process_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[func(item) for item in items]`, on up to `jobs` processes of a fork server when there
    is more than one item (here otherwise). `func` must be importable by name (module level)."""
    jobs = max(1, min(jobs, len(items)))
    if jobs == 1:
        return [func(item) for item in items]
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([func.__module__])
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        return list(pool.map(func, items))

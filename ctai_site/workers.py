"""Work spread over the machine's cores: a list of independent items, split between this
process and forked children, each child sending its results back pickled.

Forking shares what the parent already loaded (modules, the territory, compiled validators) at
no cost, which a fresh process would pay again (`validate` on 1,000 fiches starts in 0.1 s and
reads them in 0.4 s: halving the reading is worth a fork, not a new interpreter). Results must be
plain, cheap to pickle. Without `os.fork` (Windows), for few items or one core, it all runs here;
a child that fails has its share redone here, so a failure is never silent nor different.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS
        return os.cpu_count() or 1


def shares(items: Sequence[T], jobs: int) -> list[Sequence[T]]:
    """`items` cut into `jobs` contiguous shares (at most), as even as can be, in order."""
    jobs = max(1, min(jobs, len(items)))
    bounds = [len(items) * i // jobs for i in range(jobs + 1)]
    return [items[bounds[i] : bounds[i + 1]] for i in range(jobs)]


def weighted_shares(items: Sequence[T], weights: Sequence[float], jobs: int) -> list[Sequence[T]]:
    """`items` cut into `jobs` contiguous shares (at most) of about the same total weight:
    a share ends where the running total passes its boundary, mid-item counting."""
    jobs = max(1, min(jobs, len(items)))
    target = sum(weights) / jobs
    out: list[Sequence[T]] = []
    start, total = 0, 0.0
    for i, weight in enumerate(weights):
        if i > start and len(out) < jobs - 1 and total + weight / 2 > target * (len(out) + 1):
            out.append(items[start:i])
            start = i
        total += weight
    out.append(items[start:])
    return out


def forked_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> list[R]:
    """`[func(item) for item in items]`, the items cut into `jobs` contiguous shares; this
    process takes the first share, a forked child each of the others. Call it only from a
    process without threads (forking copies one thread)."""
    parts = shares(items, jobs)
    if len(parts) <= 1 or not hasattr(os, "fork"):
        return [func(item) for item in items]
    children = [_fork(func, share) for share in parts[1:]]
    results = [func(item) for item in parts[0]]
    for (pid, fd), share in zip(children, parts[1:], strict=True):
        with os.fdopen(fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0 and data:
            results += pickle.loads(data)
        else:  # the child died: do its share here, with the same errors it met
            results += [func(item) for item in share]
    return results


def _fork(func: Callable[[T], R], share: Sequence[T]) -> tuple[int, int]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without running the parent's cleanup
        code = 1
        try:
            os.close(read)
            data = pickle.dumps([func(item) for item in share], protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read

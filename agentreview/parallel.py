"""Independent per-file work spread over forked processes, when there is enough of it.

A review of many large files (a generated client, a new service) is CPU-bound on libcst's
parse and the engine's walk, one file at a time: worker processes use the other cores.
Workers are forked, so they start with everything the parent has loaded (libcst, the
catalogue, the review's context) and cost a few milliseconds each; only the task's index goes
to a worker and only its result comes back (pickled). Where `fork` is not available (Windows)
the caller runs the tasks itself.

`AGENTREVIEW_JOBS` caps the number of processes (`1`: never fork).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

JOBS_VARIABLE = "AGENTREVIEW_JOBS"

T = TypeVar("T")

# The task of the pool being run; a forked worker inherits it (it need not be picklable).
_task: Callable[[int], Any] | None = None


def usable_cores() -> int:
    """Cores this process may run on, capped by `AGENTREVIEW_JOBS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    cap = os.environ.get(JOBS_VARIABLE, "").strip()
    if cap.isdigit() and int(cap) > 0:
        cores = min(cores, int(cap))
    return max(cores, 1)


def run_in_processes(
    task: Callable[[int], T], order: Sequence[int], workers: int
) -> dict[int, T] | None:
    """`{i: task(i)}` for each index in `order`, computed by `workers` forked processes
    (handed out in that order, so put the largest first); None when processes cannot be
    started, and the caller should run the tasks itself. An exception in a task is raised
    here."""
    import multiprocessing  # not at module level: it costs more than many reviews

    global _task
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    _task = task
    try:
        try:
            pool = multiprocessing.get_context("fork").Pool(workers)
        except OSError:
            return None
        try:
            results = dict(zip(order, pool.imap(_run, order, chunksize=1), strict=True))
            pool.close()
        except BaseException:
            pool.terminate()
            raise
        finally:
            pool.join()
    finally:
        _task = None
    return results


def _run(index: int) -> Any:
    assert _task is not None, "a worker runs only inside run_in_processes"
    return _task(index)

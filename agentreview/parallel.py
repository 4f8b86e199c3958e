"""Independent per-file work spread over forked processes, when there is enough of it.

A review of many large files (a generated client, a new service) is CPU-bound on libcst's
parse and the engine's walk, one file at a time: worker processes use the other cores.
Workers are forked, so they start with everything the parent has loaded (libcst, the
catalogue, the review's context) and cost a few milliseconds each; only the task's index goes
to a worker and only its result comes back (pickled). Where `fork` is not available (Windows)
the caller runs the tasks itself, and when a worker dies (the OOM killer, a crash in native
code) the tasks it took down with it.

`AGENTREVIEW_JOBS` caps the number of processes (`1`: never fork).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

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
    """`{i: task(i)}` for the indices in `order`, computed by `workers` forked processes
    (handed out in that order, so put the largest first). When a worker dies (killed for
    memory, a crash in native code) every task not finished by then is missing from the
    result, and the caller runs those itself; None when processes cannot be started at all.
    An exception in a task is raised here."""
    # Not at module level: these cost more than many reviews.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _task
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    _task = task
    try:
        # An executor rather than `multiprocessing.Pool`: a pool replaces a dead worker and
        # waits forever for the result it took with it; an executor fails every pending task.
        try:
            executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        except OSError:
            return None  # no pipes left
        finished = False
        try:
            futures: list[tuple[int, Future[T]]] = []
            try:
                # Handed out first come, first served, one index at a time, in `order`.
                for index in order:
                    futures.append((index, executor.submit(_run, index)))
            except OSError:
                return None  # a fork failed (no memory, a process limit)
            except BrokenProcessPool:
                pass  # a worker died already: what was not submitted is the caller's
            results: dict[int, T] = {}
            for index, future in futures:
                try:
                    results[index] = future.result()
                except BrokenProcessPool:
                    continue  # a worker died: this one is the caller's to do
            finished = len(results) == len(order)
        finally:
            if not finished:
                # A task raised, a worker died or we were interrupted: nothing the workers
                # still do is wanted, and waiting for it could take as long as the review.
                _stop_workers(executor)
            executor.shutdown(wait=True, cancel_futures=True)
    finally:
        _task = None
    return results


def _stop_workers(executor: ProcessPoolExecutor) -> None:
    # `ProcessPoolExecutor.terminate_workers` arrived only in Python 3.14. A worker killed
    # here is noticed by the executor's manager thread, which then fails what is pending.
    for process in list((executor._processes or {}).values()):
        process.terminate()


def _run(index: int) -> Any:
    assert _task is not None, "a worker runs only inside run_in_processes"
    return _task(index)

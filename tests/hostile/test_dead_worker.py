"""A worker process that dies (the OOM killer, a crash in libcst's native parser) must not
hang the review nor end it: the caller does what the worker took with it, and the report
is the one a single process makes."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from agentreview import parallel, review
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import run_review
from tests.review.test_review_parallel import ROUTES

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)

# A dead worker is noticed at once; the bound only catches a hang, with room for a slow CI.
BOUND_SECONDS = 20


class Hung(Exception):
    pass


@contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block takes longer than `seconds`."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def dies_on(victim: int, death: Callable[[], None]) -> Callable[[int], int]:
    parent = os.getpid()

    def task(index: int) -> int:
        if index == victim and os.getpid() != parent:
            death()
        time.sleep(0.05)  # so that the other workers are busy when the victim dies
        return index * 10

    return task


def exit_at_once() -> None:
    os._exit(1)


def sigkill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def segfault() -> None:
    import ctypes
    import faulthandler

    faulthandler.disable()  # pytest's stack dump would only be noise here
    ctypes.string_at(0)  # what a crash in native code looks like to the pool


@pytest.mark.parametrize("death", [exit_at_once, sigkill, segfault])
def test_a_dead_worker_leaves_its_tasks_out_without_hanging(death: Callable[[], None]) -> None:
    task = dies_on(3, death)
    start = time.monotonic()
    with deadline(BOUND_SECONDS):
        done = parallel.run_in_processes(task, list(range(8)), 2)
    assert time.monotonic() - start < BOUND_SECONDS
    assert done is not None and 3 not in done
    assert all(done[index] == index * 10 for index in done)  # what finished is kept
    assert multiprocessing.active_children() == []  # no worker left behind
    assert parallel._task is None


def test_a_worker_dying_on_the_first_task_handed_out() -> None:
    with deadline(BOUND_SECONDS):
        done = parallel.run_in_processes(dies_on(7, sigkill), [7, 6, 5, 4], 3)
    assert done is not None and 7 not in done
    assert all(done[index] == index * 10 for index in done)


def test_every_result_comes_back_from_other_processes() -> None:
    parent = os.getpid()

    def task(index: int) -> tuple[int, int]:
        return index * index, os.getpid()

    with deadline(BOUND_SECONDS):
        done = parallel.run_in_processes(task, [4, 0, 3, 1, 2], 2)
    assert done is not None
    assert {index: square for index, (square, _pid) in done.items()} == {
        0: 0,
        1: 1,
        2: 4,
        3: 9,
        4: 16,
    }
    assert parent not in {pid for _square, pid in done.values()}
    assert multiprocessing.active_children() == []


def test_tasks_are_handed_out_in_order(tmp_path: Path) -> None:
    journal = tmp_path / "started"

    def task(index: int) -> int:
        with journal.open("a") as log:
            log.write(f"{index}\n")
        time.sleep(0.5)  # longer than a worker takes to start its first task
        return index

    with deadline(BOUND_SECONDS):
        assert parallel.run_in_processes(task, [9, 8, 1, 2, 3, 4], 2) is not None
    started = [int(line) for line in journal.read_text().split()]
    assert set(started[:2]) == {9, 8}
    assert sorted(started) == [1, 2, 3, 4, 8, 9]


def test_an_exception_in_a_task_is_raised_without_waiting_for_the_others() -> None:
    def task(index: int) -> int:
        if index == 0:
            raise LookupError("task 0 failed")
        time.sleep(60)
        return index

    start = time.monotonic()
    with deadline(BOUND_SECONDS), pytest.raises(LookupError, match="task 0 failed"):
        parallel.run_in_processes(task, [0, 1, 2], 2)
    assert time.monotonic() - start < BOUND_SECONDS
    assert multiprocessing.active_children() == []


def _patch(repo: GitRepo, files: int) -> bytes:
    repo.write("README.md", "x\n")
    repo.commit()
    for index in range(files):
        repo.write(f"app/module_{index}.py", ROUTES.format(name=f"item_{index}"))
    return repo.diff()


def test_a_review_whose_worker_dies_reports_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo(tmp_path / "repo")
    patch = _patch(repo, 6)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    alone = run_review(patch, tmp_path, repo=repo.root)

    parent = os.getpid()
    real_review_file = review.review_file

    def crashing_review_file(changed: Any, *args: Any) -> Any:
        if changed.path == "app/module_3.py" and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_review_file(changed, *args)

    returned: list[object] = []
    real_run = parallel.run_in_processes

    def recording(task: Callable[[int], Any], order: Sequence[int], workers: int) -> Any:
        done = real_run(task, order, workers)
        returned.append(done)
        return done

    monkeypatch.setattr(review, "review_file", crashing_review_file)
    monkeypatch.setattr(review, "run_in_processes", recording)
    monkeypatch.setattr(review, "PARALLEL_MIN_LINES", 1)
    monkeypatch.setattr(review, "usable_cores", lambda: 2)
    with deadline(BOUND_SECONDS):
        together = run_review(patch, tmp_path, repo=repo.root)
    # The pool did break, the file the worker died on was not among its results, and the
    # parent did what was missing.
    [done] = returned
    assert isinstance(done, dict) and len(done) < 6
    assert together == alone
    assert {f["path"] for f in together.findings} >= {"app/module_3.py"}
    assert multiprocessing.active_children() == []

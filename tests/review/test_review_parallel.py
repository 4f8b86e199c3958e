"""Many files are reviewed in forked worker processes, with the same report as one process;
small reviews stay in one process; and a patch without Python never loads libcst."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentreview import parallel, review
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import run_review

ROUTES = """import time

import requests
from fastapi import APIRouter, Depends

router = APIRouter()


@router.get("/items/{{item_id}}")
async def read_{name}(item_id: int, db=Depends(get_db)) -> dict[str, int]:
    time.sleep(0.1)
    requests.get("https://example.com", timeout=5)
    return {{"id": item_id}}
"""

FORK = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs fork"
)


def _patch(repo: GitRepo, files: int) -> bytes:
    repo.write("README.md", "x\n")
    repo.commit()
    for index in range(files):
        repo.write(f"app/module_{index}.py", ROUTES.format(name=f"item_{index}"))
    repo.write("requirements.txt", "fastapi==0.100.0\n")
    return repo.diff()


@FORK
def test_workers_report_what_one_process_reports(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch = _patch(repo, 6)
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    alone = run_review(patch, tmp_path, repo=repo.root)
    started: list[int] = []
    real = parallel.run_in_processes

    def counting(task, order, workers):  # type: ignore[no-untyped-def]
        started.append(workers)
        return real(task, order, workers)

    monkeypatch.setattr(review, "run_in_processes", counting)
    monkeypatch.setattr(review, "PARALLEL_MIN_LINES", 1)
    monkeypatch.setattr(review, "usable_cores", lambda: 2)
    together = run_review(patch, tmp_path, repo=repo.root)
    assert started == [2]
    assert together.document == alone.document
    assert {f["rule_id"] for f in together.findings} >= {"ASYNC001", "ASYNC002", "DEP001"}


def test_a_small_review_stays_in_one_process(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch = _patch(repo, 2)
    started: list[int] = []
    monkeypatch.setattr(review, "run_in_processes", lambda *args: started.append(1))
    monkeypatch.setattr(review, "usable_cores", lambda: 8)
    outcome = run_review(patch, tmp_path, repo=repo.root)
    assert started == []
    assert len(outcome.findings) >= 4


@FORK
def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def task(index: int) -> int:
        if index == 2:
            raise ValueError("worker failed")
        return index * 10

    assert parallel.run_in_processes(task, [0, 1, 3], 2) == {0: 0, 1: 10, 3: 30}
    with pytest.raises(ValueError, match="worker failed"):
        parallel.run_in_processes(task, [0, 1, 2, 3], 2)


def test_jobs_variable_caps_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    assert parallel.usable_cores() == 1
    monkeypatch.setenv(parallel.JOBS_VARIABLE, "not a number")
    assert parallel.usable_cores() >= 1
    assert parallel.run_in_processes(lambda index: index, [0, 1], 1) is None


def test_a_patch_without_python_never_imports_libcst(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("requirements.txt", "fastapi==0.110.0\n")
    repo.commit()
    repo.write("requirements.txt", "fastapi==0.100.0\npydantic<2\n")
    patch = tmp_path / "deps.patch"
    patch.write_bytes(repo.diff())
    probe = (
        "import sys\n"
        "from agentreview.cli import main\n"
        f"sys.argv = ['agentreview', 'review', {str(patch)!r}, '--repo', {str(repo.root)!r},"
        " '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('libcst' in sys.modules, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(Path(review.__file__).parents[1])},
    )
    assert result.stderr.strip().splitlines()[-1] == "False"
    assert {f["rule_id"] for f in json.loads(result.stdout)["findings"]} >= {"DEPS002"}


@FORK
def test_check_in_workers_reports_what_one_process_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for index in range(5):
        target = tmp_path / "project" / "app" / f"module_{index}.py"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(ROUTES.format(name=f"item_{index}"))

    def check(name: str) -> dict[str, object]:
        output = tmp_path / f"{name}.json"
        review.check_paths(
            [tmp_path / "project"],
            fmt="json",
            output=output,
            select=None,
            ignore=None,
            fail_on="never",
            config=None,
        )
        document: dict[str, object] = json.loads(output.read_text())
        return document

    monkeypatch.setenv(parallel.JOBS_VARIABLE, "1")
    alone = check("alone")
    started: list[int] = []
    real = parallel.run_in_processes

    def counting(task, order, workers):  # type: ignore[no-untyped-def]
        started.append(workers)
        return real(task, order, workers)

    monkeypatch.setattr(review, "run_in_processes", counting)
    monkeypatch.setattr(review, "PARALLEL_MIN_LINES", 1)
    monkeypatch.setattr(review, "usable_cores", lambda: 2)
    assert check("together") == alone
    assert started == [2]
    assert alone["findings"]

"""Diff mechanics through the real analysis engine (libcst), in both source modes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.diff.gitrepo import GitRepo
from tests.review.conftest import run_review

MODES = pytest.mark.parametrize("mode", ["full", "diff-only"])

SYNC_ROUTE = """import time

from fastapi import APIRouter

router = APIRouter()


@router.post("/jobs/{job_id}/retry")
def retry_job(job_id: int) -> dict[str, int]:
    time.sleep(0.5)
    return {"job_id": job_id}
"""


def options(mode: str, repo: GitRepo) -> dict[str, Any]:
    return {"repo": repo.root} if mode == "full" else {"diff_only": True}


@MODES
def test_def_turned_async_flags_the_existing_sleep(
    repo: GitRepo, tmp_path: Path, mode: str
) -> None:
    repo.write("app/jobs.py", SYNC_ROUTE)
    repo.commit()
    repo.write("app/jobs.py", SYNC_ROUTE.replace("def retry_job", "async def retry_job"))
    outcome = run_review(repo.diff(), tmp_path, **options(mode, repo))
    assert outcome.ids_and_lines() == [("ASYNC002", "app/jobs.py", 10)]
    assert "turned `def retry_job` into `async def retry_job`" in outcome.findings[0]["message"]


@MODES
def test_unchanged_async_route_with_sleep_in_context_is_silent(
    repo: GitRepo, tmp_path: Path, mode: str
) -> None:
    async_route = SYNC_ROUTE.replace("def retry_job", "async def retry_job")
    repo.write("app/jobs.py", async_route)
    repo.commit()
    repo.write("app/jobs.py", async_route.replace("return {", "job_id += 0\n    return {"))
    outcome = run_review(repo.diff(), tmp_path, **options(mode, repo))
    assert outcome.findings == []


def test_syntax_error_elsewhere_still_reports_what_the_hunk_shows(
    repo: GitRepo, tmp_path: Path
) -> None:
    repo.write("app/jobs.py", SYNC_ROUTE + "\n\nx = 1\n")
    repo.commit()
    broken = (
        SYNC_ROUTE
        + "\n\nx = (1\n\n\nasync def fetch(url: str) -> bytes:\n"
        + "    return requests.get(url).content\n"
    )
    repo.write("app/jobs.py", broken)
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert outcome.modes() == {"app/jobs.py": "diff-only"}
    assert any(note.startswith("app/jobs.py did not parse") for note in outcome.document["notes"])
    assert outcome.ids_and_lines() == [("ASYNC001", "app/jobs.py", 18)]

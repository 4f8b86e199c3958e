"""The shipped example patch through the real engine: the README's main command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agentreview.diff import parse_patch
from tests.review.conftest import run_review

ROOT = Path(__file__).resolve().parents[2]
PATCH = ROOT / "examples/add-user-endpoints.patch"
REPO = ROOT / "examples/repo"

# What the example is built to show; each is on a line the patch adds.
EXPECTED = {
    ("DEP001", "app/users/router.py", 45),  # `= Depends(...)` default
    ("ASYNC001", "app/users/router.py", 55),  # requests.get in async def
    ("DEPS002", "requirements.txt", 1),  # fastapi==0.111.0
    ("DEPS010", "requirements.txt", 4),  # python-jose added
    ("SEC001", "app/users/router.py", 7),  # from jose import ...
    ("TEST002", "tests/test_users.py", 20),  # AsyncClient(app=app)
}
# `payload.dict()` on `UserUpdate`, a v2 model that `app/users/schemas.py` (also changed)
# defines: evidence only when that file's whole text is known, i.e. not from the diff alone.
PYD004_DICT = ("PYD004", "app/users/router.py", 49)


@pytest.fixture(scope="module")
def added_lines() -> dict[str, frozenset[int]]:
    return {changed.path: changed.added_lines for changed in parse_patch(PATCH.read_bytes()).files}


def reported(document: dict[str, Any]) -> set[tuple[str, str, int]]:
    return {(f["rule_id"], f["path"], f["line"]) for f in document["findings"]}


def test_example_repo_is_the_post_change_tree_of_the_patch(tmp_path: Path) -> None:
    outcome = run_review(PATCH.read_bytes(), tmp_path, repo=REPO)
    assert outcome.modes() == {
        "app/users/router.py": "full",
        "app/users/schemas.py": "full",
        "requirements.txt": "full",
        "tests/test_users.py": "full",
    }
    assert outcome.document["notes"] == []


@pytest.mark.parametrize(
    "options", [{"repo": REPO}, {"diff_only": True}], ids=["full", "diff-only"]
)
def test_example_findings(
    tmp_path: Path, added_lines: dict[str, frozenset[int]], options: dict[str, Any]
) -> None:
    outcome = run_review(PATCH.read_bytes(), tmp_path, **options)
    found = reported(outcome.document)
    assert found >= EXPECTED
    assert (PYD004_DICT in found) is ("repo" in options)
    # Never a finding on an unchanged line: the context holds `limit: int = Query(...)`
    # (DEP001) and `Optional[str]` (LINT002), both already in the base.
    assert all(line in added_lines[path] for _rule, path, line in found)
    assert ("DEP001", "app/users/router.py", 29) not in found
    assert outcome.code == 1

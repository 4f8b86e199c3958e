"""`# noqa` and `# agentreview: ignore[...]` as the pipeline applies them."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentreview.findings import Finding
from agentreview.suppressions import Suppressions
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import FakeEngine, run_review


def finding(line: int, rule_id: str = "ASYNC002") -> Finding:
    return Finding(rule_id, "error", "a.py", line, 5, line, 18, "m", "f")


@pytest.mark.parametrize(
    ("comment", "suppressed"),
    [
        ("# noqa", True),
        ("# NOQA", True),
        ("# noqa: ASYNC002", True),
        ("# noqa:ASYNC002,E501", True),
        ("# noqa: ASYNC251", True),  # ruff's code for the same problem (catalogue overlaps)
        ("# noqa: E501", False),
        ("# noqa: ASYNC001", False),
        ("# noqa:", False),  # a colon with no code is not a blanket suppression
        ("# some note # noqa: ASYNC002", True),
        ("# agentreview: ignore[ASYNC002]", True),
        ("# agentreview: ignore[API001, ASYNC002]", True),
        ("# agentreview: ignore[ASYNC]", True),
        ("# agentreview: ignore[ASYNC001]", False),
        ("# agentreview: ignore", True),
        ("# type: ignore", False),
    ],
)
def test_comment_forms(comment: str, suppressed: bool) -> None:
    lines = [(1, "async def f():"), (2, f"    time.sleep(1)  {comment}")]
    assert Suppressions.from_hunks([lines]).suppresses(finding(2), ("ASYNC251",)) is suppressed


def test_noqa_inside_a_string_is_not_a_suppression() -> None:
    lines = [(1, "async def f():"), (2, "    time.sleep(len('# noqa'))")]
    assert not Suppressions.from_hunks([lines]).suppresses(finding(2))


def test_comment_on_the_statement_start_covers_its_later_lines() -> None:
    lines = [
        (10, "async def f():"),
        (11, "    result = call(  # noqa: ASYNC002"),
        (12, "        time.sleep(1),"),
        (13, "    )"),
        (14, "    time.sleep(2)"),
    ]
    suppressions = Suppressions.from_hunks([lines])
    assert suppressions.suppresses(finding(12))
    assert not suppressions.suppresses(finding(14))


def test_comment_on_another_line_does_not_count() -> None:
    lines = [(1, "# noqa"), (2, "time.sleep(1)")]
    assert not Suppressions.from_hunks([lines]).suppresses(finding(2))


def test_hunk_that_does_not_tokenize_falls_back_to_line_comments() -> None:
    lines = [(5, "    time.sleep(1)  # noqa: ASYNC002"), (6, "        )"), (7, "  x = '''")]
    assert Suppressions.from_hunks([lines]).suppresses(finding(5))


def test_pipeline_honours_suppressions_in_both_modes(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.commit()
    repo.write(
        "a.py",
        "async def f():\n"
        "    time.sleep(1)  # noqa: ASYNC251\n"
        "    time.sleep(2)\n"
        "    requests.get('u')  # agentreview: ignore[ASYNC001]\n"
        "    requests.get('v')  # noqa: ASYNC002\n",
    )
    for options in ({"repo": repo.root}, {"diff_only": True}):
        outcome = run_review(repo.diff(), tmp_path, **options)
        assert outcome.ids_and_lines() == [("ASYNC002", "a.py", 3), ("ASYNC001", "a.py", 5)]

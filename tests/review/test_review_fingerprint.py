"""Fingerprints survive unrelated moves and change when the finding's own text does."""

from __future__ import annotations

from pathlib import Path

from agentreview.findings import Finding
from agentreview.fingerprint import assign_fingerprints
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import FakeEngine, run_review

BASE = "import time\n\n\nasync def f():\n    return 1\n"
CHANGED = BASE.replace("    return 1\n", "    time.sleep(1)\n    return 1\n")


def review_of(repo: GitRepo, tmp_path: Path, before: str, after: str) -> list[dict[str, object]]:
    repo.write("app/a.py", before)
    repo.commit()
    repo.write("app/a.py", after)
    return run_review(repo.diff(), tmp_path, repo=repo.root).findings


def test_fingerprint_survives_lines_moving_above(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    (plain,) = review_of(repo, tmp_path, BASE, CHANGED)
    header = "# a module docstring would go here\nimport os\nimport sys\n"
    (moved,) = review_of(repo, tmp_path, header + BASE, header + CHANGED)
    assert moved["line"] == plain["line"] + 3
    assert moved["fingerprint"] == plain["fingerprint"]
    reindented_call = CHANGED.replace("time.sleep(1)", "time.sleep(2)")
    (edited,) = review_of(repo, tmp_path, BASE, reindented_call)
    assert edited["fingerprint"] != plain["fingerprint"]


def test_identical_findings_get_distinct_stable_fingerprints() -> None:
    lines = {
        1: "async def f():",
        2: "    time.sleep(1)",
        3: "    time.sleep(1)",
        4: "  time.sleep(1)",
    }
    findings = [Finding("ASYNC002", "error", "a.py", n, 5, n, 18, "m", "f") for n in (3, 2)]
    first = assign_fingerprints(findings, lambda n: lines.get(n, ""))
    assert [f.line for f in first] == [2, 3]
    assert first[0].fingerprint != first[1].fingerprint
    # whitespace is normalised: the same text at another indent is the same occurrence 0
    other = assign_fingerprints(
        [Finding("ASYNC002", "error", "a.py", 4, 3, 4, 16, "m", "f")], lines.get
    )
    assert other[0].fingerprint == first[0].fingerprint


def test_fingerprint_depends_on_rule_and_path() -> None:
    base = Finding("ASYNC002", "error", "a.py", 1, 1, 1, 5, "m", "f")
    others = [
        base,
        Finding("ASYNC001", "error", "a.py", 1, 1, 1, 5, "m", "f"),
        Finding("ASYNC002", "error", "b.py", 1, 1, 1, 5, "m", "f"),
    ]
    prints = {assign_fingerprints([f], lambda n: "x = 1")[0].fingerprint for f in others}
    assert len(prints) == 3

"""bench/soak.py on a tiny history: it replays every commit and counts what came out."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.diff.gitrepo import GitRepo
from tests.hostile.harness import PAYLOAD

SOAK = Path(__file__).resolve().parents[2] / "bench" / "soak.py"


@pytest.fixture(scope="module")
def soak() -> ModuleType:
    spec = importlib.util.spec_from_file_location("soak", SOAK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["soak"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def history(tmp_path: Path) -> GitRepo:
    repo = GitRepo(tmp_path / "repo")
    repo.write("app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
    repo.commit("first")
    repo.write("app/slow.py", PAYLOAD)
    repo.write("README.md", "hello\n")
    repo.commit("second: a blocking call")
    (repo.root / "app/slow.py").rename(repo.root / "app/still_slow.py")
    repo.commit("third: a rename")
    return repo


@pytest.mark.parametrize("diff_only", [False, True])
def test_soak_replays_each_commit_oldest_first(
    soak: ModuleType, history: GitRepo, diff_only: bool
) -> None:
    summary = soak.soak(history.root, diff_only=diff_only).as_dict()
    assert summary["commits"] == 3
    assert summary["failures"] == []
    assert summary["findings_by_rule"] == {"ASYNC002": 1}
    # first: main.py; second: slow.py and README.md; third: the rename
    assert summary["files"] == 4
    assert summary["files_by_mode"]["skipped"] == 2  # README.md, the rename without changes
    assert 0 < summary["seconds_median"] <= summary["seconds_worst"] <= summary["seconds_total"]


def test_max_commits_takes_the_newest(soak: ModuleType, history: GitRepo) -> None:
    summary = soak.soak(history.root, max_commits=2, diff_only=True).as_dict()
    assert summary["commits"] == 2 and summary["findings_by_rule"] == {"ASYNC002": 1}


def test_a_failure_is_reported_with_its_commit(soak: ModuleType, history: GitRepo) -> None:
    summary = soak.Summary("x")
    summary.add("abc123", b"not a diff", soak.review(b"not a diff", None))
    assert summary.commits == 1
    (failure,) = summary.failures
    assert failure["commit"] == "abc123" and failure["kind"] == "exit 2"
    assert failure["error"].startswith("agentreview: error: the patch holds no file changes")
    assert "failures:   1" in soak.describe(summary)


def test_the_command_line_prints_a_summary_and_fails_on_failures(
    soak: ModuleType,
    history: GitRepo,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AGENTREVIEW_JOBS", "1")  # what main() would set for good
    assert soak.main(["--repo", str(history.root), "--diff-only"]) == 0
    out = capsys.readouterr().out
    assert "commits:    3 " in out and "findings:   1 (ASYNC002 1)" in out


def test_synthetic_history_soaks_without_failures(soak: ModuleType, tmp_path: Path) -> None:
    repo = soak.synthetic_repo(tmp_path, 25, seed=3)
    summary = soak.soak(repo, diff_only=True).as_dict()
    assert summary["commits"] >= 25
    assert summary["failures"] == []
    assert summary["findings"] > 0

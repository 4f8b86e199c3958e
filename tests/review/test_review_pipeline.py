"""The pipeline with a fake engine: sources, what is reported, files[], notes, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentreview.errors import AgentreviewError
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import FakeEngine, run_review

ROUTER = """import time

import requests


async def slow():
    time.sleep(1)
    return 1
"""


def test_context_lines_holding_anti_patterns_are_not_reported(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/router.py", ROUTER + "\n\nasync def fetch():\n    return requests.get('u')\n")
    for options in ({"repo": repo.root}, {"diff_only": True}):
        outcome = run_review(repo.diff(), tmp_path, **options)
        assert outcome.ids_and_lines() == [("ASYNC001", "app/router.py", 12)]
        assert outcome.code == 1


def test_def_to_async_def_reports_the_existing_call_with_the_header_note(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    sync = ROUTER.replace("async def slow", "def slow")
    repo.write("app/router.py", sync)
    repo.commit()
    repo.write("app/router.py", ROUTER)
    for options in ({"repo": repo.root}, {"diff_only": True}):
        outcome = run_review(repo.diff(), tmp_path, **options)
        assert outcome.ids_and_lines() == [("ASYNC002", "app/router.py", 7)]
        assert "turned `def slow` into `async def slow`" in outcome.findings[0]["message"]


def test_whole_file_mode_when_the_repo_matches(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/router.py", ROUTER + "x = 1\n")
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert outcome.modes() == {"app/router.py": "full"}
    assert engine.modes() == {"app/router.py": "whole"}
    assert outcome.document["notes"] == []


def test_falls_back_to_diff_only_when_the_repo_file_differs(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/router.py", ROUTER + "data = requests.get('u')\n")
    patch = repo.diff()
    repo.write("app/router.py", "# edited after the patch was made\n" + ROUTER + "x = 1\n")
    outcome = run_review(patch, tmp_path, repo=repo.root)
    assert outcome.modes() == {"app/router.py": "diff-only"}
    assert engine.modes() == {"app/router.py": "hunks"}
    assert outcome.ids_and_lines() == [("ASYNC001", "app/router.py", 9)]
    notes = outcome.document["notes"]
    assert any(
        "app/router.py: reviewed from the diff only" in note and "differs" in note for note in notes
    )
    assert any("could not judge ASYNC006, PYD004" in note for note in notes)


def test_diff_only_reads_nothing_but_the_patch(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/router.py", ROUTER + "x = 1\n")
    monkeypatch.chdir(repo.root)  # the matching tree is right here, and still not read
    outcome = run_review(repo.diff(), tmp_path, diff_only=True)
    assert outcome.modes() == {"app/router.py": "diff-only"}
    assert engine.modes() == {"app/router.py": "hunks"}
    assert all(
        call.facts is not None and not call.facts.async_fixtures_auto for call in engine.calls
    )


def test_current_directory_is_the_default_tree(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/router.py", ROUTER + "x = 1\n")
    monkeypatch.chdir(repo.root)
    outcome = run_review(repo.diff(), tmp_path)
    assert outcome.modes() == {"app/router.py": "full"}


def test_syntax_error_gives_a_note_and_the_hunk_findings(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/router.py", ROUTER + "def broken(:\n    requests.get('u')\n")
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert [call.mode for call in engine.calls] == ["whole", "hunks"]
    assert outcome.ids_and_lines() == [("ASYNC001", "app/router.py", 10)]
    assert outcome.modes() == {"app/router.py": "diff-only"}
    assert any(
        note.startswith("app/router.py did not parse: line 9") for note in outcome.document["notes"]
    )


def test_deleted_binary_renamed_and_other_files_are_skipped_with_reasons(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.write("gone.py", "time.sleep(1)\n")
    repo.write("logo.png", b"\x89PNG\x00\x01")
    repo.write("moved.py", "".join(f"v{n} = {n}\n" for n in range(20)))
    repo.write("tool.py", "x = 1\n")
    repo.write("trimmed.py", "x = 1\ny = 2\n")
    repo.commit()
    (repo.root / "tool.py").chmod(0o755)
    repo.write("trimmed.py", "x = 1\n")
    (repo.root / "gone.py").unlink()
    repo.write("logo.png", b"\x89PNG\x00\x02")
    (repo.root / "moved.py").rename(repo.root / "renamed.py")
    repo.write("README.md", "requests.get(\n")
    repo.write("requirements.txt", "fastapi==0.110.0\n")
    outcome = run_review(repo.diff("-M"), tmp_path, repo=repo.root)
    assert outcome.reasons() == {
        "README.md": "not a Python or dependency file",
        "gone.py": "deleted",
        "logo.png": "binary file",
        "renamed.py": "renamed without changes",
        "requirements.txt": None,
        "tool.py": "file mode change only",
        "trimmed.py": "no added lines",
    }
    assert outcome.modes()["requirements.txt"] == "full"
    assert outcome.ids_and_lines() == [("DEPS002", "requirements.txt", 1)]
    assert [call.mode for call in engine.calls] == ["deps-whole"]


def test_paths_escaping_the_repo_fall_back_and_the_rest_is_reviewed(
    tmp_path: Path, engine: FakeEngine
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "evil.py").write_text("requests.get('u')\n")  # matches the patch exactly
    (root / "ok.py").write_text("requests.get('v')\n")
    patch = (
        b"--- a/../evil.py\n+++ b/../evil.py\n@@ -0,0 +1 @@\n+requests.get('u')\n"
        b"--- a/ok.py\n+++ b/ok.py\n@@ -0,0 +1 @@\n+requests.get('v')\n"
    )
    outcome = run_review(patch, tmp_path, repo=root)
    assert outcome.modes() == {"../evil.py": "diff-only", "ok.py": "full"}
    assert engine.modes() == {"../evil.py": "hunks", "ok.py": "whole"}
    assert any("../evil.py" in note and "`..`" in note for note in outcome.document["notes"])
    assert {f["path"] for f in outcome.findings} == {"../evil.py", "ok.py"}


def test_repo_facts_reach_the_engine(repo: GitRepo, tmp_path: Path, engine: FakeEngine) -> None:
    repo.write("pyproject.toml", '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n')
    repo.write("shop/__init__.py", "")
    repo.commit()
    repo.write("tests/test_x.py", "x = 1\n")
    run_review(repo.diff(), tmp_path, repo=repo.root)
    (call,) = engine.calls
    assert call.facts is not None
    assert call.facts.async_fixtures_auto
    assert {"shop", "tests"} <= call.facts.first_party


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 1), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on_thresholds_with_an_error(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine, fail_on: str, code: int
) -> None:
    repo.commit()
    repo.write("a.py", "async def f():\n    time.sleep(1)\n")
    assert run_review(repo.diff(), tmp_path, repo=repo.root, fail_on=fail_on).code == code


def test_fail_on_error_passes_a_warning(repo: GitRepo, tmp_path: Path, engine: FakeEngine) -> None:
    repo.commit()
    repo.write("a.py", "data = model.dict()\n")  # PYD004 is a warning
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root, fail_on="error")
    assert [f["severity"] for f in outcome.findings] == ["warning"]
    assert outcome.code == 0
    assert run_review(repo.diff(), tmp_path, repo=repo.root).code == 1


def test_no_findings_exit_zero(repo: GitRepo, tmp_path: Path, engine: FakeEngine) -> None:
    repo.commit()
    repo.write("a.py", "x = 1\n")
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert (outcome.code, outcome.findings) == (0, [])


def test_bad_options_are_errors(tmp_path: Path, engine: FakeEngine) -> None:
    with pytest.raises(AgentreviewError, match="--fail-on 'sometimes'"):
        run_review(b"", tmp_path, diff_only=True, fail_on="sometimes")
    with pytest.raises(AgentreviewError, match="unknown --format 'yaml'"):
        run_review(b"", tmp_path, diff_only=True, fmt="yaml")
    with pytest.raises(AgentreviewError, match="cannot be used together"):
        run_review(b"", tmp_path, diff_only=True, repo=tmp_path)
    with pytest.raises(AgentreviewError, match="not a directory"):
        run_review(b"", tmp_path, repo=tmp_path / "missing")


def test_unknown_rule_in_select_suggests_the_closest(tmp_path: Path, engine: FakeEngine) -> None:
    with pytest.raises(
        AgentreviewError,
        match=r"unknown rule ID or family 'ASYNC0001' in --select; did you mean .*ASYNC001",
    ):
        run_review(b"", tmp_path, diff_only=True, select="ASYNC0001")


def test_unreadable_patch_file(tmp_path: Path, engine: FakeEngine) -> None:
    from agentreview.review import review_patch

    with pytest.raises(AgentreviewError, match=r"cannot read the patch .*missing\.patch"):
        review_patch(
            str(tmp_path / "missing.patch"),
            repo=None,
            diff_only=True,
            fmt="json",
            output=None,
            select=None,
            ignore=None,
            fail_on=None,
            config=None,
        )


def test_a_new_file_is_reviewed_whole_from_the_patch(tmp_path: Path, engine: FakeEngine) -> None:
    # The patch carries every line of a created file, so no checkout is needed to see it whole.
    patch = b"--- /dev/null\n+++ b/app/new.py\n@@ -0,0 +1,2 @@\n+import time\n+time.sleep(1)\n"
    outcome = run_review(patch, tmp_path, diff_only=True)
    assert outcome.modes() == {"app/new.py": "full"}
    assert [call.mode for call in engine.calls] == ["whole"]

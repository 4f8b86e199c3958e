"""Odd but valid diffs give the findings a plain `git diff` would: end to end, through the CLI.

How each shape parses is tested in tests/diff/test_diff_parse.py; these tests check what the
reviewer reports for it (paths, line numbers, whole-file mode) against the same change as a
plain `git diff`, made by real git and real `diff`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.diff.gitrepo import GitRepo
from tests.hostile.harness import PAYLOAD, PAYLOAD_FINDING, check_contract, run_cli

BEFORE = "import time\n\n\ndef handler():\n    return 1\n"


def findings_of(patch: bytes, repo: Path | None = None) -> dict[str, Any]:
    options = ("--repo", str(repo)) if repo else ("--diff-only",)
    run = run_cli("review", "-", "--format", "json", *options, stdin=patch)
    document = check_contract(run)
    assert document is not None, run.err
    return document


def located(document: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    return [(f["path"], f["rule_id"], f["line"], f["column"]) for f in document["findings"]]


def modes(document: dict[str, Any]) -> dict[str, str]:
    return {entry["path"]: entry["mode"] for entry in document["files"]}


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


@pytest.mark.skipif(shutil.which("diff") is None, reason="needs diff(1)")
def test_diff_ru_of_two_trees_without_git_headers(tmp_path: Path) -> None:
    for tree, text in (("before", BEFORE), ("after", PAYLOAD)):
        (tmp_path / tree / "app").mkdir(parents=True)
        (tmp_path / tree / "app" / "x.py").write_text(text)
    (tmp_path / "after" / "app" / "new.py").write_text(PAYLOAD)
    patch = subprocess.run(
        ["diff", "-ruN", "before", "after"], cwd=tmp_path, capture_output=True, check=False
    ).stdout
    document = findings_of(patch, tmp_path / "after")
    assert modes(document) == {"app/x.py": "full", "app/new.py": "full"}
    assert sorted(located(document)) == [
        ("app/new.py", *PAYLOAD_FINDING),
        ("app/x.py", *PAYLOAD_FINDING),
    ]


def test_format_patch_series_gives_the_findings_of_the_direct_diff(repo: GitRepo) -> None:
    repo.write("app/x.py", BEFORE)
    repo.commit("base")
    repo.write("app/x.py", "# header\n" + BEFORE)
    repo.commit("one")
    repo.write("app/x.py", "# header\n" + PAYLOAD)
    repo.write("app/y.py", PAYLOAD)
    repo.commit("two")
    series = repo.git("format-patch", "--stdout", "HEAD~2")
    assert series.count(b"\nSubject: ") == 2
    direct = findings_of(repo.git("diff", "HEAD~2"), repo.root)
    from_series = findings_of(series, repo.root)
    assert located(from_series) == located(direct)
    assert ("app/x.py", "ASYNC002", 6, 5) in located(from_series)
    assert modes(from_series) == {"app/x.py": "full", "app/y.py": "full"}


def test_quoted_paths_with_spaces_and_non_ascii(repo: GitRepo) -> None:
    repo.write("app/my café.py", BEFORE)
    repo.commit()
    repo.write("app/my café.py", PAYLOAD)
    patch = repo.diff()
    assert b'"a/app/my caf\\303\\251.py"' in patch  # octal escapes, as git writes them
    document = findings_of(patch, repo.root)
    assert located(document) == [("app/my café.py", *PAYLOAD_FINDING)]
    assert modes(document) == {"app/my café.py": "full"}


def test_dev_null_sides_created_and_deleted_in_one_patch(repo: GitRepo) -> None:
    repo.write("old.py", PAYLOAD)
    repo.commit()
    (repo.root / "old.py").unlink()
    repo.write("new.py", PAYLOAD)
    document = findings_of(repo.diff("--no-renames"))  # no tree needed for either
    assert located(document) == [("new.py", *PAYLOAD_FINDING)]
    assert document["files"] == [
        {"path": "new.py", "mode": "full"},
        {"path": "old.py", "mode": "skipped", "reason": "deleted"},
    ]


def test_mode_only_change_is_skipped_and_mode_change_with_edit_is_reviewed(
    repo: GitRepo,
) -> None:
    repo.write("a.py", BEFORE)
    repo.write("b.py", BEFORE)
    repo.commit()
    (repo.root / "a.py").chmod(0o755)
    (repo.root / "b.py").chmod(0o755)
    repo.write("b.py", PAYLOAD)
    document = findings_of(repo.diff(), repo.root)
    assert document["files"][0] == {
        "path": "a.py",
        "mode": "skipped",
        "reason": "file mode change only",
    }
    assert located(document) == [("b.py", *PAYLOAD_FINDING)]


def test_renames_with_and_without_edits(repo: GitRepo) -> None:
    filler = "".join(f"value_{n} = {n}\n" for n in range(20))
    repo.write("app/same.py", filler + BEFORE)
    repo.write("app/old.py", filler + BEFORE)
    repo.commit()
    (repo.root / "app/same.py").rename(repo.root / "app/moved.py")
    (repo.root / "app/old.py").unlink()
    repo.write("app/new.py", filler + PAYLOAD)
    document = findings_of(repo.diff("-M"), repo.root)
    rule, line, column = PAYLOAD_FINDING
    assert located(document) == [("app/new.py", rule, line + 20, column)]
    entries = {entry["path"]: entry for entry in document["files"]}
    assert entries["app/moved.py"]["reason"] == "renamed without changes"
    assert entries["app/new.py"]["mode"] == "full"


def test_crlf_files_and_a_crlf_patch(repo: GitRepo) -> None:
    repo.write("a.py", BEFORE.replace("\n", "\r\n"))
    repo.commit()
    repo.write("a.py", PAYLOAD.replace("\n", "\r\n"))
    patch = repo.diff()
    assert b"\r\n+    time.sleep(1)\r\n" in patch
    for variant in (patch, patch.replace(b"\n", b"\r\n")):  # and the patch itself in CRLF
        document = findings_of(variant, repo.root)
        assert located(document) == [("a.py", *PAYLOAD_FINDING)]
        assert modes(document) == {"a.py": "full"}


def test_missing_final_newline_on_the_flagged_line(repo: GitRepo) -> None:
    repo.write("a.py", BEFORE.rstrip("\n"))
    repo.commit()
    repo.write("a.py", PAYLOAD.rstrip("\n"))
    patch = repo.diff()
    assert patch.count(b"\\ No newline at end of file") == 2
    document = findings_of(patch, repo.root)
    assert located(document) == [("a.py", *PAYLOAD_FINDING)]
    assert modes(document) == {"a.py": "full"}


def test_nul_bytes_in_the_code(repo: GitRepo) -> None:
    repo.write("a.py", BEFORE)
    repo.commit()
    repo.write("a.py", PAYLOAD.replace("import time", "import time  # \x00"))
    patch = repo.diff("--text")
    assert b"+import time  # \x00\n" in patch
    document = findings_of(patch, repo.root)
    assert located(document) == [("a.py", *PAYLOAD_FINDING)]
    assert modes(document) == {"a.py": "full"}


def test_non_utf8_text_is_replaced_noted_and_still_reviewed(repo: GitRepo) -> None:
    repo.write("a.py", BEFORE.encode())
    repo.commit()
    repo.write("a.py", PAYLOAD.replace("import time", "import time  # caf\xe9").encode("latin-1"))
    document = findings_of(repo.diff(), repo.root)
    assert located(document) == [("a.py", *PAYLOAD_FINDING)]
    assert any("not valid UTF-8" in note for note in document["notes"])


def test_utf16_and_bom_patches_read_like_utf8(repo: GitRepo) -> None:
    repo.write("a.py", BEFORE)
    repo.commit()
    repo.write("a.py", PAYLOAD)
    patch = repo.diff()
    expected = located(findings_of(patch, repo.root))
    assert expected == [("a.py", *PAYLOAD_FINDING)]
    # what Windows PowerShell's `git diff > x.patch` writes, and a UTF-8 byte-order mark
    for variant in (patch.decode().encode("utf-16"), b"\xef\xbb\xbf" + patch):
        assert located(findings_of(variant, repo.root)) == expected


# -- combined diffs of merge commits ---------------------------------------------------------


def evil_merge(repo: GitRepo) -> None:
    """A merge whose conflict resolution writes code neither side had."""
    repo.write("app.py", "import time\nx = 1\ny = 2\n")
    repo.write("side.py", "z = 1\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("app.py", "import time\nx = 10\ny = 2\n")
    repo.write("side.py", "import time\nasync def from_side():\n    time.sleep(1)\n")
    repo.commit("side")
    repo.git("checkout", "-q", "main")
    repo.write("app.py", "import time\nx = 100\ny = 2\n")
    repo.commit("main")
    subprocess.run(["git", "merge", "-q", "side"], cwd=repo.root, capture_output=True)
    repo.write("app.py", "import time\nasync def resolved():\n    time.sleep(1)\ny = 2\n")
    repo.commit("merge")


@pytest.mark.parametrize("style", ["--cc", "-c"])
def test_combined_diff_reviews_what_the_merge_itself_wrote(repo: GitRepo, style: str) -> None:
    evil_merge(repo)
    patch = repo.git("show", style, "--format=", "HEAD")
    assert patch.startswith(b"diff --cc app.py" if style == "--cc" else b"diff --combined ")
    document = findings_of(patch, repo.root)
    # the resolution's own lines are flagged; side.py's code came from a parent (and is
    # reviewed in that parent's commit), and `-c` lists it, `--cc` does not.
    assert located(document) == [("app.py", "ASYNC002", 3, 5)]
    assert modes(document)["app.py"] == "full"
    assert any("combined diff of a merge" in note for note in document["notes"])


def test_a_history_holding_a_merge_is_still_reviewed(repo: GitRepo) -> None:
    evil_merge(repo)
    repo.write("after.py", PAYLOAD)
    repo.commit("after the merge")
    log = repo.git("log", "-p", "--cc", "--format=commit %H%n%n    %s%n", "-2")
    assert b"diff --cc app.py" in log and b"diff --git a/after.py" in log
    document = findings_of(log)
    assert sorted(located(document)) == [
        ("after.py", *PAYLOAD_FINDING),
        ("app.py", "ASYNC002", 3, 5),
    ]


def test_combined_hunk_with_wrong_counts_is_refused_with_its_line() -> None:
    patch = (
        b"diff --cc app.py\nindex 1111111,2222222..3333333\n--- a/app.py\n+++ b/app.py\n"
        b"@@@ -1,1 -1,1 +1,1 @@@\n  x = 1\n++y = 2\n"
    )
    run = run_cli("review", "-", "--diff-only", stdin=patch)
    check_contract(run)
    assert run.code == 2
    assert run.err.startswith(
        "agentreview: error: patch line 7: this line follows a complete combined hunk "
    )

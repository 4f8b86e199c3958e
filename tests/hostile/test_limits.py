"""Time and memory stay bounded: size limits (`[tool.agentreview]` max-patch-bytes,
max-file-bytes, max-line-length), and inputs built to hit slow paths in parsing."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentreview.diff.limits import Limits
from tests.hostile.harness import (
    PAYLOAD,
    PAYLOAD_FINDING,
    check_contract,
    created,
    review,
    run_cli,
    write_tree,
)


def config(tmp_path: Path, **limits: int) -> Path:
    lines = "".join(f"{key.replace('_', '-')} = {value}\n" for key, value in limits.items())
    path = tmp_path / "limits.toml"
    path.write_text(f"[tool.agentreview]\n{lines}")
    return path


def test_defaults() -> None:
    assert Limits() == Limits(
        max_patch_bytes=50_000_000, max_file_bytes=2_000_000, max_line_length=10_000
    )


@pytest.mark.parametrize("value", ["0", "-1", '"100"', "true", "1.5", "[]"])
def test_a_limit_must_be_a_positive_whole_number(tmp_path: Path, value: str) -> None:
    (tmp_path / "c.toml").write_text(f"[tool.agentreview]\nmax-file-bytes = {value}\n")
    run = review(created("ok.py", PAYLOAD).encode(), "--config", str(tmp_path / "c.toml"))
    check_contract(run)
    assert run.code == 2
    assert "max-file-bytes must be a positive whole number" in run.err


def test_a_patch_over_max_patch_bytes_is_refused_in_one_line(tmp_path: Path) -> None:
    patch = created("ok.py", PAYLOAD).encode()
    limits = config(tmp_path, max_patch_bytes=len(patch) - 1)
    run = review(patch, "--config", str(limits))
    check_contract(run)
    assert run.code == 2 and "max-patch-bytes limit of " in run.err
    # exactly at the limit is fine
    at_limit = config(tmp_path, max_patch_bytes=len(patch))
    assert review(patch, "--config", str(at_limit)).code == 1


def test_an_endless_patch_is_not_read_past_the_limit(tmp_path: Path) -> None:
    """/dev/zero as the patch: only max-patch-bytes + 1 bytes are read, then exit 2."""
    limits = config(tmp_path, max_patch_bytes=1_000_000)
    run = run_cli("review", "/dev/zero", "--diff-only", "--config", str(limits))
    check_contract(run)
    assert run.code == 2 and "max-patch-bytes" in run.err


def test_a_checked_out_file_over_max_file_bytes_is_not_read(tmp_path: Path) -> None:
    filler = "".join(f"value_{n} = {n}\n" for n in range(2_000))
    write_tree(tmp_path, {"big.py": PAYLOAD + filler})
    patch = (
        "--- a/big.py\n+++ b/big.py\n@@ -3,0 +4,2 @@\n+async def handler():\n+    time.sleep(1)\n"
    )
    limits = config(tmp_path, max_file_bytes=10_000)
    document = check_contract(
        review(patch.encode(), "--repo", str(tmp_path), "--config", str(limits))
    )
    assert document is not None
    (entry,) = document["files"]
    assert entry["mode"] == "diff-only"
    assert "over the max-file-bytes limit of 10000; not read" in entry["reason"]
    assert any("max-file-bytes" in note for note in document["notes"])
    # what the hunk shows is still judged
    assert [(f["rule_id"], f["line"], f["column"]) for f in document["findings"]] == [
        PAYLOAD_FINDING
    ]


def test_a_change_over_max_file_bytes_is_skipped_and_the_rest_reviewed(tmp_path: Path) -> None:
    big = PAYLOAD + "".join(f"value_{n} = {n}\n" for n in range(2_000))
    limits = config(tmp_path, max_file_bytes=10_000)
    patch = created("big.py", big) + created("ok.py", PAYLOAD)
    document = check_contract(review(patch.encode(), "--config", str(limits)))
    assert document is not None
    skipped, reviewed = document["files"]
    assert skipped["mode"] == "skipped" and "max-file-bytes limit of 10000" in skipped["reason"]
    assert reviewed == {"path": "ok.py", "mode": "full"}
    assert [note for note in document["notes"] if note.startswith("big.py: skipped: ")]
    assert [f["path"] for f in document["findings"]] == ["ok.py"]


def test_a_long_line_outside_the_hunks_means_diff_only(tmp_path: Path) -> None:
    write_tree(tmp_path, {"a.py": PAYLOAD + "BLOB = '" + "x" * 300 + "'\n"})
    patch = "--- a/a.py\n+++ b/a.py\n@@ -3,0 +4,2 @@\n+async def handler():\n+    time.sleep(1)\n"
    limits = config(tmp_path, max_line_length=200)
    document = check_contract(
        review(patch.encode(), "--repo", str(tmp_path), "--config", str(limits))
    )
    assert document is not None
    (entry,) = document["files"]
    assert entry["mode"] == "diff-only"
    assert entry["reason"].startswith("line 6 is 309 characters long, over the max-line-length")
    assert len(document["findings"]) == 1


# -- inputs built to hit slow paths ------------------------------------------------------------
# Each was minutes (or worse) before the fix named in its id; now each stays under the bound.


def many_hunks(count: int, value: int) -> str:
    return "".join(
        f"@@ -{n * 10 + 1} +{n * 10 + 1} @@\n-v{n} = {value}\n+v{n} = {value + 1}\n"
        for n in range(count)
    )


SLOW_PATHS = {
    # unidiff's binary-file pattern backtracks quadratically on a line it cannot match
    "binary-line-regex": "diff --git a/x b/x\nBinary files " + "a and " * 20_000 + "\n",
    "binary-line-with-tab": "diff --git a/x b/x\nBinary files " + "a and " * 20_000 + "\t differ\n",
    # unidiff's URI-like `diff --git` pattern backtracks cubically
    "uri-like-git-header": "diff --git " + "://" * 3_000 + " " * 3_000 + "x\n",
    # splitting an unquoted `diff --git A B` line tried every space (quadratic)
    "git-header-spaces": "diff --git a/" + "x " * 100_000 + "b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n",
    # folding a format-patch series matched every hunk against every line (quadratic)
    "series-of-many-hunks": "".join(
        f"From {k} Mon Sep 17 00:00:00 2001\nSubject: {k}\n\n---\n"
        f"diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n{many_hunks(3_000, k)}-- \n2.4\n\n"
        for k in range(3)
    ),
    "thousands-of-files": "".join(created(f"p{n}.txt", "x\n") for n in range(5_000)),
    "huge-hunk": "--- a/a.py\n+++ b/a.py\n@@ -1,5000 +1,5001 @@\n"
    + "".join(f" v{n} = {n}\n" for n in range(5_000))
    + "+import time\n",
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(SLOW_PATHS))
def test_inputs_built_for_slow_paths_stay_within_the_time_bound(name: str) -> None:
    run = review(SLOW_PATHS[name].encode())
    check_contract(run)  # exit contract and the time bound

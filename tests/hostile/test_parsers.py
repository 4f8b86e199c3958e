"""Code that breaks parsers degrades to a diff-only review of that file, with a note.

A syntax error elsewhere in the file is covered by tests/review/test_review_real_engine.py
(`test_syntax_error_elsewhere_still_reports_what_the_hunk_shows`); here: nesting CPython
gives up on, mixed tabs, huge literals, and constructs deep enough to crash libcst's native
parser (run in a subprocess, since a crash there takes the process down).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.harness import PAYLOAD, PAYLOAD_FINDING, check_contract, created, review

DEEP_PARENTHESES = "x = " + "(" * 300 + "1" + ")" * 300 + "\n"
DEEP_BLOCKS = "".join(" " * depth + "if x:\n" for depth in range(101)) + " " * 101 + "pass\n"
MIXED_TABS = "import time\n\n\nasync def handler():\n    if 1:\n\ttime.sleep(1)\n"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (DEEP_PARENTHESES, "too many nested parentheses"),
        (DEEP_BLOCKS, "too many levels of indentation"),
        (MIXED_TABS, "tabs and spaces"),
    ],
    ids=["parentheses", "blocks", "mixed-tabs"],
)
def test_unparsable_code_is_reviewed_from_the_diff_with_a_note(text: str, reason: str) -> None:
    document = check_contract(
        review((created("bad.py", text) + created("ok.py", PAYLOAD)).encode())
    )
    assert document is not None
    assert document["files"][0] == {
        "path": "bad.py",
        "mode": "diff-only",
        "reason": "did not parse",
    }
    (note,) = [note for note in document["notes"] if note.startswith("bad.py did not parse: ")]
    assert reason in note
    assert [(f["path"], f["rule_id"], f["line"], f["column"]) for f in document["findings"]] == [
        ("ok.py", *PAYLOAD_FINDING)
    ]


def test_a_huge_literal_is_skipped_by_the_line_length_limit() -> None:
    literal = "BLOB = '" + "A" * 50_000 + "'\n"
    document = check_contract(
        review((created("blob.py", literal) + created("ok.py", PAYLOAD)).encode())
    )
    assert document is not None
    skipped = document["files"][0]
    assert skipped["mode"] == "skipped" and "max-line-length limit of 10000" in skipped["reason"]
    assert any(
        note.startswith("blob.py: skipped: line 1 is 50009 characters")
        for note in document["notes"]
    )
    assert [f["path"] for f in document["findings"]] == ["ok.py"]


def test_a_huge_literal_within_the_limits_is_reviewed_in_time(tmp_path: Path) -> None:
    literal = "TABLE = [\n" + "".join(f"    {n},\n" for n in range(8_000)) + "]\n"
    document = check_contract(
        review((created("table.py", literal) + created("ok.py", PAYLOAD)).encode())
    )
    assert document is not None
    assert document["files"][0] == {"path": "table.py", "mode": "full"}
    assert [f["path"] for f in document["findings"]] == ["ok.py"]


# libcst keeps `a and b and c` and dotted import names as nested nodes where CPython's own
# parser keeps them flat, so CPython accepts what overflows libcst's native stack.
LIBCST_CRASHERS = {
    "and-chain": "x = (a\n" + "    and a\n" * 12_000 + ")\n",
    "dotted-import": "import a \\\n" + "    .b \\\n" * 12_000 + "    .c\n",
}


@pytest.mark.parametrize("name", sorted(LIBCST_CRASHERS))
def test_code_deep_enough_to_crash_libcst_degrades_instead(tmp_path: Path, name: str) -> None:
    patch = tmp_path / "deep.diff"
    patch.write_text(created("deep.py", LIBCST_CRASHERS[name]) + created("ok.py", PAYLOAD))
    done = subprocess.run(
        [sys.executable, "-m", "agentreview.cli", "review", str(patch), "--diff-only", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        # One process: a crash in a forked worker is another matter (reported too).
        env={**os.environ, "AGENTREVIEW_JOBS": "1"},
    )  # fmt: skip
    assert done.returncode in (0, 1), f"exit {done.returncode}: {done.stderr[-300:]}"
    assert '"path": "ok.py"' in done.stdout

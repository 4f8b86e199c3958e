"""The diff writer: git's headers and hunks, accepted by `git apply` whatever the edit."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentreview.fixes.patch import quote_path, unified_diff

LINES = st.lists(st.sampled_from(["a\n", "b\n", "c\r\n", "import x\n", "\n", "  d\n"]), max_size=12)


def _text(lines: list[str], final_newline: bool) -> str:
    text = "".join(lines)
    return text if final_newline or not text else text.rstrip("\r\n") or "x"


def test_equal_texts_give_no_diff() -> None:
    assert unified_diff("a.py", "x\n", "x\n") == ""


def test_headers_and_ranges_as_git_writes_them() -> None:
    before = "".join(f"line {n}\n" for n in range(1, 11))
    after = before.replace("line 5\n", "line five\n").replace("line 1\n", "")
    assert unified_diff("app/x.py", before, after) == (
        "diff --git a/app/x.py b/app/x.py\n"
        "--- a/app/x.py\n"
        "+++ b/app/x.py\n"
        "@@ -1,8 +1,7 @@\n"
        "-line 1\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n"
    )


def test_paths_are_quoted_like_git() -> None:
    assert quote_path("a/plain.py") == "a/plain.py"
    assert quote_path('a/"q".py') == '"a/\\"q\\".py"'
    assert quote_path("a/tab\there.py") == '"a/tab\\there.py"'
    assert quote_path("a/\u00e9.py") == '"a/\\303\\251.py"'


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=LINES, after=LINES, before_eol=st.booleans(), after_eol=st.booleans())
def test_git_apply_accepts_every_diff(
    tmp_path: Path, before: list[str], after: list[str], before_eol: bool, after_eol: bool
) -> None:
    old, new = _text(before, before_eol), _text(after, after_eol)
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    target = folder / "f.py"
    target.write_bytes(old.encode())
    diff = unified_diff("f.py", old, new)
    if not diff:
        assert old == new
        return
    done = subprocess.run(
        ["git", "apply", "-"],
        cwd=folder,
        input=diff.encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, (diff, done.stderr)
    assert target.read_bytes() == new.encode()

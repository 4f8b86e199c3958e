"""Whatever the bytes, parsing ends in ChangedFiles or one AgentreviewError: never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from agentreview.diff import parse_patch
from agentreview.errors import AgentreviewError

EXAMPLE = (Path(__file__).resolve().parents[2] / "examples/add-user-endpoints.patch").read_bytes()
LINES = EXAMPLE.splitlines(keepends=True)
TRICKY = [
    b"@@ -1,2 +1,3 @@\n",
    b"--- a/x\n",
    b"+++ b/x\n",
    b'diff --git "a/x b/y\n',
    b"\\ No newline at end of file\n",
    b"Binary files a/x and b/x differ\n",
    b"GIT binary patch\n",
    b"rename from x\n",
    b"new file mode 100644\n",
    b"@@ -0,0 +0,0 @@\n",
    b"\xff\xfe\r\n",
]


@st.composite
def damaged_patches(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1)) if lines else 0
        action = draw(st.sampled_from(["drop", "copy", "cut", "insert", "truncate"]))
        if not lines:
            break
        if action == "drop":
            del lines[index]
        elif action == "copy":
            lines.insert(index, lines[draw(st.integers(0, len(lines) - 1))])
        elif action == "cut":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        elif action == "insert":
            lines.insert(index, draw(st.sampled_from(TRICKY)))
        else:
            lines = lines[:index]
    return b"".join(lines)


@settings(max_examples=300, deadline=None)
@given(damaged_patches())
def test_damaged_patches_parse_or_fail_cleanly(patch: bytes) -> None:
    try:
        parsed = parse_patch(patch)
    except AgentreviewError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return
    for changed in parsed.files:
        for hunk in changed.hunks:
            numbers = [number for number, _ in hunk.lines]
            assert (
                numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
            )
            assert hunk.added <= set(numbers)

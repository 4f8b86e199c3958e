"""Applying edits to a file: refusing edits that break it, line endings, rounds."""

from __future__ import annotations

from agentreview.findings import Finding
from agentreview.fixes.session import Edit, Round, apply_round, checker_for
from agentreview.review import ReviewContext
from tests.fixes.conftest import dedent, fix_text


def test_an_edit_that_would_not_compile_is_dropped_with_a_note(context: ReviewContext) -> None:
    # The class body runs on the loop, so ASYNC002 flags the call; but `await` is not allowed
    # in a class body, so its fix must be refused.
    before = dedent(
        """
        import asyncio
        import time


        async def outer() -> None:
            class Pause:
                time.sleep(1)
            time.sleep(2)
        """
    )
    result = fix_text(before, context)
    assert result.after == before.replace("    time.sleep(2)", "    await asyncio.sleep(2)")
    [note] = result.notes
    assert note.startswith("app/main.py:7: ASYNC002 fix dropped: it would break the file")
    assert "await" in note


def test_apply_round_keeps_the_good_edits_and_refuses_the_bad_one() -> None:
    text = "a = 1\nb = 2\nc = 3\n"
    finding = Finding("LINT004", "info", "x.py", 1, 1, 1, 2, "m", "f")
    good = Edit(1, 1, "a = 10\n", (), (finding,))
    bad = Edit(3, 3, "c = (\n", (), (finding,))
    outcome = apply_round(text, [good, bad], "x.py", checker_for("x.py", text))
    assert outcome.text == "a = 10\nb = 2\nc = 3\n"
    assert outcome.applied == [good]
    assert [edit for edit, _ in outcome.refused] == [bad]


def test_overlapping_edits_wait_for_the_next_round() -> None:
    text = "a = 1\nb = 2\n"
    finding = Finding("LINT004", "info", "x.py", 1, 1, 1, 2, "m", "f")
    first = Edit(1, 2, "a = 1\nb = 3\n", (), (finding,))
    second = Edit(2, 2, "b = 4\n", (), (finding,))
    outcome = apply_round(text, [second, first], "x.py", checker_for("x.py", text))
    assert (outcome.text, outcome.applied, outcome.refused) == ("a = 1\nb = 3\n", [first], [])


def test_crlf_file_stays_crlf_including_added_imports(context: ReviewContext) -> None:
    before = "import time\r\n\r\n\r\nasync def f() -> None:\r\n    time.sleep(1)\r\n"
    result = fix_text(before, context)
    assert result.after == (
        "import asyncio\r\n\r\n\r\nasync def f() -> None:\r\n    await asyncio.sleep(1)\r\n"
    )


def test_crlf_multi_line_rewrite_stays_crlf(context: ReviewContext) -> None:
    before = dedent(
        """
        from pydantic import BaseModel, validator


        class A(BaseModel):
            x: int

            @validator("x")
            def check(cls, value):
                return value
        """
    ).replace("\n", "\r\n")
    result = fix_text(before, context)
    assert result.fixed
    assert '@field_validator("x")\r\n    @classmethod\r\n' in result.after
    assert "\n" not in result.after.replace("\r\n", "")


def test_a_last_line_without_newline_keeps_having_none(context: ReviewContext) -> None:
    before = "import asyncio\nimport time\n\n\nasync def f() -> None:\n    time.sleep(1)"
    result = fix_text(before, context)
    assert result.after == before.replace("time.sleep(1)", "await asyncio.sleep(1)").replace(
        "import time\n", ""
    )


def test_form_feed_does_not_shift_the_edit(context: ReviewContext) -> None:
    # str.splitlines() breaks at a form feed where libcst does not: the edit must land on
    # the line the finding is on.
    before = "import asyncio\nimport time\n\x0c\nasync def f() -> None:\n    time.sleep(1)\n"
    result = fix_text(before, context)
    assert result.after == before.replace("time.sleep(1)", "await asyncio.sleep(1)").replace(
        "import time\n", ""
    )


def test_a_file_that_does_not_parse_is_left_alone_with_a_note(context: ReviewContext) -> None:
    before = "import time\nasync def f(:\n    time.sleep(1)\n"
    result = fix_text(before, context)
    assert result.after == before
    assert result.notes and "skipped" in result.notes[0]


def test_only_the_changes_lines_are_fixed(context: ReviewContext) -> None:
    """A finding on a line the change did not add stays as it is."""
    from agentreview.diff import ChangedFile, Hunk
    from agentreview.fixes.session import fix_file

    text = "from datetime import UTC, datetime\n\nA = datetime.utcnow()\nB = datetime.utcnow()\n"
    lines = tuple(enumerate(text.splitlines(), start=1))
    change = ChangedFile(
        path="app/main.py",
        old_path="app/main.py",
        status="modified",
        patch_line=1,
        hunks=(Hunk(lines=lines, added=frozenset({4})),),
    )
    result = fix_file(change, text, context)
    assert result.after == text.replace("B = datetime.utcnow()", "B = datetime.now(UTC)")


def test_lines_are_carried_through_edits_and_added_imports() -> None:
    finding = Finding("LINT004", "info", "x.py", 1, 1, 1, 2, "m", "f")
    grow = Edit(2, 2, "B1\nB2\n", (), (finding,))  # line 2 becomes two lines
    shrink = Edit(4, 5, "D\n", (), (finding,))  # lines 4-5 become one
    outcome = Round(
        text="import x\na\nB1\nB2\nc\nD\nf\n",
        applied=[grow, shrink],
        refused=[],
        edited="a\nB1\nB2\nc\nD\nf\n",
    )
    # 1 -> 2 (after the new import line); 2 -> the two lines it became; 3 -> 5; 5 -> 6; 6 -> 7.
    assert outcome.carry({1, 2, 3, 5, 6}) == {2, 3, 4, 5, 6, 7}
    assert outcome.carry({4}) == {6}

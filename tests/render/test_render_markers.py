"""Marker merge: hand-written text survives byte for byte, newline style is kept, a file
without markers gets the region appended, and re-rendering changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from render_helpers import Render

from agentreview.errors import AgentreviewError
from agentreview.render.markers import BEGIN, END, merge, newline_of

BODY = "# Generated\n\nSome rules.\n"

# Hand-written text: any characters, including CR, tabs and unicode, but never a marker line.
hand_written = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200
).filter(lambda text: BEGIN not in text and END not in text)


def test_new_file_is_the_region_alone() -> None:
    assert merge(None, BODY, path="AGENTS.md") == f"{BEGIN}\n# Generated\n\nSome rules.\n{END}\n"


def test_file_without_markers_gets_the_region_appended() -> None:
    existing = "# My project\n\nHand-written notes.\n"
    merged = merge(existing, BODY, path="AGENTS.md")
    assert merged.startswith(existing)
    assert merged == existing + f"\n{BEGIN}\n# Generated\n\nSome rules.\n{END}\n"


def test_missing_final_newline_is_added_only_after_the_old_text() -> None:
    merged = merge("no newline at end", BODY, path="AGENTS.md")
    assert merged.startswith("no newline at end\n\n" + BEGIN)


def test_only_the_region_is_replaced() -> None:
    before, after = "Intro  \n\ttabbed\n", "\nOutro without newline"
    existing = f"{before}{BEGIN}\nold generated text\n{END}{after}"
    merged = merge(existing, BODY, path="AGENTS.md")
    assert merged == f"{before}{BEGIN}\n# Generated\n\nSome rules.\n{END}{after}"


def test_crlf_files_stay_crlf() -> None:
    existing = f"Mine\r\n\r\n{BEGIN}\r\nold\r\n{END}\r\nAfter\r\n"
    merged = merge(existing, BODY, path="CLAUDE.md")
    assert merged == f"Mine\r\n\r\n{BEGIN}\r\n# Generated\r\n\r\nSome rules.\r\n{END}\r\nAfter\r\n"
    assert "\n" not in merged.replace("\r\n", "")


def test_crlf_file_without_markers_is_appended_in_crlf() -> None:
    merged = merge("Mine\r\n", BODY, path="CLAUDE.md")
    assert merged == f"Mine\r\n\r\n{BEGIN}\r\n# Generated\r\n\r\nSome rules.\r\n{END}\r\n"


def test_marker_quoted_inside_a_sentence_is_not_a_marker() -> None:
    existing = f"Our docs mention {END} and {BEGIN} inline.\n"
    merged = merge(existing, BODY, path="AGENTS.md")
    assert merged.startswith(existing)
    assert merge(merged, BODY, path="AGENTS.md") == merged


@pytest.mark.parametrize(
    "existing",
    [
        f"{BEGIN}\nno end\n",
        f"{END}\n{BEGIN}\n",
        f"{BEGIN}\n{END}\n{BEGIN}\n{END}\n",
    ],
)
def test_broken_markers_are_an_error_not_a_guess(existing: str) -> None:
    with pytest.raises(AgentreviewError, match=r"AGENTS\.md"):
        merge(existing, BODY, path="AGENTS.md")


def test_body_holding_a_marker_line_is_refused() -> None:
    with pytest.raises(AgentreviewError):
        merge(None, f"text\n{END}\nmore\n", path="AGENTS.md")


@given(before=hand_written, after=hand_written)
def test_text_outside_the_markers_survives_byte_for_byte(before: str, after: str) -> None:
    existing = f"{before}\n{BEGIN}\nold\n{END}\n{after}"
    merged = merge(existing, BODY, path="AGENTS.md")
    assert merged.startswith(before + "\n" + BEGIN)
    assert merged.endswith(END + "\n" + after)
    assert merge(merged, BODY, path="AGENTS.md") == merged


@given(text=hand_written)
def test_appending_keeps_the_old_text_and_is_idempotent(text: str) -> None:
    once = merge(text, BODY, path="AGENTS.md")
    assert once.startswith(text)
    assert merge(once, BODY, path="AGENTS.md") == once


def test_newline_of_prefers_the_majority() -> None:
    assert newline_of("a\r\nb\r\nc\n") == "\r\n"
    assert newline_of("a\nb\nc\r\n") == "\n"
    assert newline_of("") == "\n"


def test_render_keeps_hand_written_agents_md(render_fixture: Render, tmp_path: Path) -> None:
    hand = "# Team notes\r\n\r\nRun `make test` before pushing.\r\n"
    (tmp_path / "AGENTS.md").write_bytes(hand.encode())
    assert render_fixture(["agents-md"], tmp_path).code == 0
    first = (tmp_path / "AGENTS.md").read_bytes()
    assert first.startswith(hand.encode())
    assert b"\n" not in first.replace(b"\r\n", b"")
    # Edit the hand-written part after the region, re-render: both edits survive, region intact.
    edited = first + b"Appendix by hand.\r\n"
    (tmp_path / "AGENTS.md").write_bytes(edited)
    result = render_fixture(["agents-md"], tmp_path)
    assert result.stdout == "unchanged AGENTS.md\n"
    assert (tmp_path / "AGENTS.md").read_bytes() == edited
    assert render_fixture(["agents-md"], tmp_path, check=True).code == 0


def test_check_reports_a_stale_region_and_writes_nothing(
    render_fixture: Render, tmp_path: Path
) -> None:
    render_fixture(["claude-md"], tmp_path)
    path = tmp_path / "CLAUDE.md"
    stale = path.read_text().replace("LOOP001", "LOOP999", 1)
    path.write_text(stale)
    result = render_fixture(["claude-md"], tmp_path, check=True)
    assert result.code == 1
    assert "--- a/CLAUDE.md" in result.stdout and "+++ b/CLAUDE.md" in result.stdout
    assert "-" in result.stdout and "LOOP999" in result.stdout
    assert path.read_text() == stale


def test_check_on_missing_files_reports_them(render_fixture: Render, tmp_path: Path) -> None:
    result = render_fixture(["cursor"], tmp_path, check=True)
    assert result.code == 1
    assert "+++ b/.cursor/rules/fastapi-overview.mdc" in result.stdout
    assert not (tmp_path / ".cursor").exists()

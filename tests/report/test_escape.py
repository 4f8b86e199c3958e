"""The escaping helpers, checked against the consumers' own parsing."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentreview.report.escape import (
    md_code_span,
    md_fence,
    md_inline,
    md_link,
    md_text,
    one_line,
    workflow_data,
    workflow_property,
)
from tests.report.helpers import (
    GITHUB_LINKERS,
    ZERO_WIDTH,
    markdown_parser,
    parse_runner_line,
    rendered_text,
    runner_lines,
    walk,
)


def paragraph(markdown: str) -> list[str]:
    """Token types of `markdown` parsed as a document."""
    return [token.type for token in walk(markdown_parser().parse(markdown))]


def shown(markdown: str) -> str:
    tokens = walk(markdown_parser().parse(markdown))
    return "".join(rendered_text(t) for t in tokens if t.type == "inline").replace(ZERO_WIDTH, "")


# -- workflow commands -------------------------------------------------------------------------


@given(st.text())
def test_workflow_values_round_trip_and_stay_on_one_line(value: str) -> None:
    line = f"::error file={workflow_property(value)},title=T::{workflow_data(value)}"
    assert len(runner_lines(line)) == 1
    command = parse_runner_line(line)
    assert command is not None and command.name == "error"
    assert command.properties == {"file": value, "title": "T"} if value else {"title": "T"}
    assert command.data == value


def test_escape_order_keeps_literal_escapes_literal() -> None:
    assert workflow_data("%0A") == "%250A"
    assert workflow_property("a:b,c%") == "a%3Ab%2Cc%25"


# -- Markdown ----------------------------------------------------------------------------------


TEXT = st.text(alphabet=st.characters(exclude_characters="\x00"))


@given(TEXT)
def test_md_text_shows_exactly_its_input_on_one_line(value: str) -> None:
    markdown = "x " + md_text(value)
    types = paragraph(markdown)
    assert types.count("paragraph_open") <= 1
    assert set(types) <= {"paragraph_open", "inline", "text", "paragraph_close", "softbreak"}
    assert shown(markdown) == ("x " + one_line(value)).strip()


@given(TEXT)
def test_md_text_at_line_start_opens_no_block(value: str) -> None:
    types = paragraph(md_text(value))
    assert set(types) <= {"paragraph_open", "inline", "text", "paragraph_close"}


@given(st.text(alphabet=st.sampled_from("`a <>|\n")))
def test_md_code_span_holds_any_backticks(value: str) -> None:
    markdown = "x " + md_code_span(value) + " y"
    children = [t for t in walk(markdown_parser().parse(markdown)) if t.type == "code_inline"]
    expected = re.sub("\n+", " ", value)  # a run of line breaks becomes one space
    assert [child.content for child in children] == ([expected] if expected else [])


@pytest.mark.parametrize(
    "code",
    ["print(1)\n", "```\n", "````python\nx\n````\n", "  ```\n", "x = '`'\n", "", "no newline"],
)
def test_md_fence_holds_any_code(code: str) -> None:
    markdown = md_fence(code, "suggestion") + "after\n"
    tokens = walk(markdown_parser().parse(markdown))
    (fence,) = [t for t in tokens if t.type == "fence"]
    assert fence.info == "suggestion"
    expected = code if not code or code.endswith("\n") else code + "\n"
    assert fence.content == expected
    assert shown(markdown) == "after"


def test_md_inline_keeps_code_spans_and_escapes_the_rest() -> None:
    markdown = md_inline("`requests.get()` blocks <b>here</b> @me")
    tokens = walk(markdown_parser().parse(markdown))
    assert [t.content for t in tokens if t.type == "code_inline"] == ["requests.get()"]
    assert not [t for t in tokens if t.type == "html_inline"]
    assert shown(markdown) == "requests.get() blocks <b>here</b> @me"


def test_md_inline_with_unbalanced_backticks() -> None:
    assert shown(md_inline("a ` b `` c")) == "a ` b `` c"


def test_github_linkers_are_broken() -> None:
    text = "@user @org/team #12 owner/repo#3 GH-9 https://x.example www.x.example a@b.example"
    prose = md_text(text)
    rendered = "".join(t.content for t in walk(markdown_parser().parse(prose)) if t.type == "text")
    assert GITHUB_LINKERS.findall(rendered) == []
    assert rendered.replace(ZERO_WIDTH, "") == text


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://fastapi.tiangolo.com/async/", True),
        ("https://example.com/a_(b)", True),
        ("http://example.com/", False),
        ("https://x.example/a>b", False),
        ("https://x.example/a b", False),
        ("javascript:alert(1)", False),
        (None, False),
    ],
)
def test_md_link_accepts_only_plain_https(url: str | None, linked: bool) -> None:
    markdown = md_link("ID", url)
    hrefs = [
        t.attrGet("href") for t in walk(markdown_parser().parse(markdown)) if t.type == "link_open"
    ]
    assert hrefs == ([url] if linked else [])

"""Markdown and YAML helpers: fences, escaping, table cells, first sentences, scalars."""

from __future__ import annotations

import re

import jinja2
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from agentreview.errors import AgentreviewError
from agentreview.render.targets import SCOPE_GLOBS
from agentreview.render.templates import environment, tidy
from agentreview.render.text import (
    bare_globs,
    fence,
    first_sentence,
    markdown_text,
    table_cell,
    yaml_plain,
    yaml_quoted,
)

code_text = st.text(alphabet=st.sampled_from(list("`~ab\n x=()")), max_size=80)


@given(code=code_text)
def test_fence_is_longer_than_any_backtick_run_and_keeps_the_code(code: str) -> None:
    block = fence(code, "python")
    opening, _, rest = block.partition("\n")
    ticks = opening.removesuffix("python")
    assert set(ticks) == {"`"} and len(ticks) >= 3
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    assert len(ticks) > longest
    assert rest == (code if code.endswith("\n") else code + "\n") + ticks


def test_fence_of_a_snippet_with_four_backticks_uses_five() -> None:
    assert fence('X = """\n````\n"""\n', "python").startswith("`````python\n")


def test_markdown_text_stops_html_but_leaves_code_spans_alone() -> None:
    assert markdown_text("use <b>bold</b> and `a<b>` here") == r"use \<b>bold\</b> and `a<b>` here"
    assert markdown_text("x < 3 and <!-- note -->") == r"x < 3 and \<!-- note -->"
    assert markdown_text("# not a heading\n> not a quote") == "\\# not a heading\n\\> not a quote"


def test_table_cell_is_one_line_and_escapes_pipes_even_in_code() -> None:
    assert table_cell("`X | None` is\nfine") == r"`X \| None` is fine"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Do this. Then that.", "Do this."),
        ("Use `a.b()`. Then more.", "Use `a.b()`."),
        ("Await it, e.g. `await x`. Then more.", "Await it, e.g. `await x`."),
        ("One sentence only", "One sentence only"),
    ],
)
def test_first_sentence(text: str, first: str) -> None:
    assert first_sentence(text) == first


@given(value=st.text(max_size=60))
def test_yaml_scalars_read_back_unchanged(value: str) -> None:
    assert yaml.safe_load(f"key: {yaml_quoted(value)}\n") == {"key": value}
    assert yaml.safe_load(f"key: {yaml_plain(value)}\n") == {"key": value}


def test_yaml_plain_stays_bare_when_it_can() -> None:
    assert yaml_plain("FastAPI rules on Tests") == "FastAPI rules on Tests"
    assert yaml_plain("a: b") == '"a: b"'
    assert yaml_plain("true") == '"true"'


def test_every_scope_renders_as_bare_globs_that_yaml_reads_back() -> None:
    for globs in SCOPE_GLOBS.values():
        value = bare_globs(globs)
        assert not value.startswith(("*", '"', "'"))
        assert yaml.safe_load(f"globs: {value}\n") == {"globs": value}
    with pytest.raises(AgentreviewError):
        bare_globs(["**/*.py"])


def test_templates_fail_on_undefined_names() -> None:
    env = environment()
    assert env.undefined is jinja2.StrictUndefined
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ doc.missing }}").render(doc={})


def test_tidy_collapses_blank_lines_outside_fences_only() -> None:
    text = "a  \n\n\n\nb\n```\nx  \n\n\n\ny\n```\n\n\n"
    assert tidy(text) == "a\n\nb\n```\nx  \n\n\n\ny\n```\n"

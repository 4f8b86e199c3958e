"""`layout.py` sees the top-level statements libcst sees, and positions placed with its first
lines agree with libcst's whole-module PositionProvider for every node."""

from __future__ import annotations

import ast
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from agentreview.analysis.layout import physical_lines, top_level_layout
from agentreview.analysis.positions import Positions
from agentreview.analysis.traversal import iter_subtree

CASES = sorted((Path(__file__).parent / "cases").glob("*.py"))
SHAPES = {
    "semicolons": "import a; import b\nx = 1; y = (\n    2)\nz = 3\n",
    "decorator-below-its-at": "@(\n    decorate\n)\ndef f():\n    pass\n\n\n@g\nclass C: pass\n",
    "comments-between": "x = 1\n# about f\n\n  # indented comment\ndef f():\n    return x\n# end\n",
    "no-trailing-newline": "x = 1\n\n\n@d\nclass C:\n    y = (\n        2)",
    "header-comments": "#!/usr/bin/env python\n# coding: utf-8\n\n\nimport os\nz = 3\n",
    "strings-spanning-lines": 's = """\ndef not_code():\n"""\nt = 1\n',
    "compound-one-liners": "if x: y = 1\nelse: y = 2\nfor i in y: pass\nwhile False: break\n",
    "form-feed-in-string": 'x = "a\\x0cb"\ns = """line\nline"""\nt = 1\n',
}
SOURCES = [path.read_text() for path in CASES] + list(SHAPES.values())
IDS = [path.stem for path in CASES] + list(SHAPES)


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_the_layout_matches_libcst_statements(source: str) -> None:
    module = cst.parse_module(source)
    layout = top_level_layout(ast.parse(source), physical_lines(source))
    assert layout is not None
    assert len(layout) == len(module.body)
    lines = physical_lines(source)
    for group, statement in zip(layout, module.body, strict=True):
        first_code = module.code_for_node(statement).splitlines()[len(statement.leading_lines)]
        assert lines[group.first - 1].rstrip("\r\n") == first_code.rstrip("\r\n")
        assert group.first <= group.last


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_positions_from_first_lines_match_the_whole_module(source: str) -> None:
    module = cst.parse_module(source)
    layout = top_level_layout(ast.parse(source), physical_lines(source))
    assert layout is not None
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = Positions(module, [group.first for group in layout])
    checked = 0
    for index, statement in enumerate(module.body):
        positions.enter_statement(index)
        for node in iter_subtree(statement):
            assert positions(node) == expected[node], (index, type(node).__name__)
            checked += 1
    # A node of another statement is found in that statement's table.
    if len(module.body) > 1:
        positions.enter_statement(0)
        last = module.body[-1]
        assert positions(last) == expected[last]
    assert checked > 0


def test_physical_lines_break_where_the_tokenizer_does() -> None:
    assert physical_lines("a\r\nb\rc\x0cd\u2028e\nf") == ["a\r\n", "b\r", "c\x0cd\u2028e\n", "f"]
    assert physical_lines("") == []


def test_a_statement_that_does_not_start_in_column_zero_is_refused() -> None:
    # A form feed before a statement: CPython accepts it, the layout does not guess.
    source = "x = 1\n\x0cy = 2\n"
    assert top_level_layout(ast.parse(source), physical_lines(source)) is None

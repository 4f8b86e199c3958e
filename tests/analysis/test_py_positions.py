"""Per-statement positions agree with libcst's whole-module PositionProvider for every node."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from agentreview.analysis.positions import Positions
from agentreview.analysis.traversal import iter_subtree

CASES = sorted((Path(__file__).parent / "cases").glob("*.py"))
EXTRA = {
    "crlf": "import os\r\n\r\n# comment\r\ndef f():\r\n    return os.sep\r\n",
    "no-trailing-newline": "x = 1\n\n\n@d\nclass C:\n    y = (\n        2)",
    "header-comments": "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n\n\nimport a; import b\nz = 3\n",
    "form-feed-in-string": 'x = "a\\x0cb"\ns = """line\nline"""\nt = 1\n',
}


@pytest.mark.parametrize(
    "source",
    [path.read_text() for path in CASES] + list(EXTRA.values()),
    ids=[path.stem for path in CASES] + list(EXTRA),
)
def test_statement_positions_match_the_whole_module(source: str) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    positions = Positions(module)
    checked = 0
    for index, statement in enumerate(module.body):
        positions.enter_statement(index)
        for node in iter_subtree(statement):
            assert positions(node) == expected[node], (index, type(node).__name__)
            checked += 1
    assert checked > 0


def test_a_node_outside_the_current_statement_falls_back() -> None:
    module = cst.parse_module("a = 1\nb = 2\n")
    positions = Positions(module)
    positions.enter_statement(1)
    assert positions(module.body[0]).start.line == 1
    assert positions(module.body[1]).start.line == 2

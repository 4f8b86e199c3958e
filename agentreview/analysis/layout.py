"""Where each top-level statement sits, from CPython's `ast` (many times cheaper than libcst).

libcst's `Module.body` has one element per top-level statement, except that simple statements
sharing a line (`a = 1; b = 2`) form one `SimpleStatementLine`. `top_level_layout` groups the
`ast` statements the same way and gives each group its line range: `first` is the line of its
first token (a decorator's `@` for a decorated definition), `last` its last line. Comments and
blank lines before a statement are not part of the range (libcst keeps them in the
statement's `leading_lines`).

Used for two things: line offsets of top-level statements without regenerating code
(`positions.py`), and restricting analysis to the statements a change touches (`focus.py`).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

# Line breaks as the tokenizer sees them (str.splitlines also splits on form feeds and more).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

COMPOUND = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.With,
    ast.AsyncWith,
    ast.Try,
    ast.TryStar,
    ast.Match,
)


@dataclass(frozen=True, slots=True)
class TopLevel:
    """One element of libcst's `Module.body`, seen through `ast`."""

    first: int
    last: int
    nodes: tuple[ast.stmt, ...]


def top_level_layout(tree: ast.Module, lines: list[str]) -> list[TopLevel] | None:
    """The top-level statements of `tree` grouped as libcst groups them, or None when the
    source has a shape this cannot map with certainty (the caller then falls back to libcst).

    `lines` are the source's lines as `physical_lines` splits them.
    """
    groups: list[TopLevel] = []
    previous_last = 0
    for statement in tree.body:
        first = _first_line(statement, previous_last, lines)
        last = statement.end_lineno or statement.lineno
        if first is None:
            return None
        joined = (
            groups
            and not isinstance(statement, COMPOUND)
            and not isinstance(groups[-1].nodes[-1], COMPOUND)
            and first == groups[-1].last
        )
        if joined:
            group = groups[-1]
            groups[-1] = TopLevel(group.first, last, (*group.nodes, statement))
        else:
            if first <= previous_last:
                return None
            if not _starts_a_statement(lines, first):
                return None
            groups.append(TopLevel(first, last, (statement,)))
        previous_last = last
    return groups


def physical_lines(source: str) -> list[str]:
    """The source's lines, split where the tokenizer splits them (line breaks kept)."""
    return _LINE.findall(source)


def _first_line(statement: ast.stmt, previous_last: int, lines: list[str]) -> int | None:
    decorators = getattr(statement, "decorator_list", None)
    if not decorators:
        return statement.lineno
    # A decorator's expression may start below its `@` (`@(\n  name\n)`): the `@` is the first
    # line after the previous statement that starts with one.
    for number in range(previous_last + 1, decorators[0].lineno + 1):
        if lines[number - 1].startswith("@"):
            return number
    return None


def _starts_a_statement(lines: list[str], number: int) -> bool:
    """A top-level statement's first line starts with code in the first column."""
    if not 1 <= number <= len(lines):
        return False
    text = lines[number - 1]
    return bool(text) and not text[0].isspace() and text[0] != "#"

"""Small node builders the codemods share."""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
TIGHT_EQUAL = cst.AssignEqual(
    whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")
)


def expression(code: str) -> cst.BaseExpression:
    """A dotted name (`asyncio.sleep`, `httpx.ASGITransport`) as an expression node."""
    return cst.parse_expression(code)


def without(args: Sequence[cst.Arg], index: int) -> list[cst.Arg]:
    """`args` less the one at `index`; dropping the last hands its comma (or none) on."""
    rest = [*args[:index], *args[index + 1 :]]
    if index == len(args) - 1 and rest:
        rest[-1] = rest[-1].with_changes(comma=args[index].comma)
    return rest


def has_comment(node: cst.CSTNode) -> bool:
    """Whether any comment sits inside `node` (an edit that rebuilds it would lose it)."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Comment):
            return True
        stack.extend(current.children)
    return False

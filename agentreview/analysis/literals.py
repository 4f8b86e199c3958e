"""Reading literal values out of libcst nodes: strings, booleans, None, same-module constants.

Shared by the detectors that judge what a keyword argument holds (CORS origins, JWT keys,
config keys). Anything that is not a plain literal reads as "unknown" (None), never as a guess.
"""

from __future__ import annotations

import libcst as cst

from agentreview.analysis.engine import Context
from agentreview.analysis.resolver import BindingKind


def string_value(node: cst.CSTNode | None) -> str | None:
    """The value of a plain string literal (`"a"`, `'a' 'b'`, `b"a"` decoded), else None.

    f-strings with placeholders are not plain: their value is not known here.
    """
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace")
        return value
    if isinstance(node, cst.ConcatenatedString):
        left, right = string_value(node.left), string_value(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.FormattedString):
        texts = [part.value for part in node.parts if isinstance(part, cst.FormattedStringText)]
        if len(texts) == len(node.parts):
            return "".join(texts)
    return None


def is_constant(node: cst.CSTNode | None, name: str) -> bool:
    """Whether `node` is the literal `True`, `False` or `None` spelled `name`."""
    return isinstance(node, cst.Name) and node.value == name


def bound_value(name: cst.Name, ctx: Context) -> cst.BaseExpression | None:
    """The expression a name is bound to, when it is bound exactly once by a plain assignment
    in the scope that defines it (module or function); None for parameters, rebinding, imports.
    """
    found = ctx.resolver.lookup(name.value)
    if found is None:
        return None
    _, bindings = found
    if len(bindings) != 1 or bindings[0].kind is not BindingKind.VALUE:
        return None
    node = bindings[0].node
    return node if isinstance(node, cst.BaseExpression) else None


def literal_or_bound(node: cst.BaseExpression, ctx: Context) -> cst.BaseExpression:
    """`node` itself, or for a name bound once to an expression, that expression."""
    if isinstance(node, cst.Name):
        value = bound_value(node, ctx)
        if value is not None:
            return value
    return node


def one_line(ctx: Context, node: cst.CSTNode) -> bool:
    span = ctx.position(node)
    return span.start.line == span.end.line

"""A read-only walk over libcst trees, several times faster than `node.visit(visitor)`.

libcst's visitor machinery rebuilds every node on the way out (it is shared with
transformers) and visits every whitespace and punctuation node. Detectors only read, and
never care about formatting, so this walk follows the syntactic children only, in source
order, without rebuilding anything.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import TypeGuard

import libcst as cst

# Fields holding formatting (whitespace, brackets, commas, operators), never code.
_FORMATTING = frozenset(
    {
        "lpar",
        "rpar",
        "lbracket",
        "rbracket",
        "lbrace",
        "rbrace",
        "leading_lines",
        "lines_after_decorators",
        "trailing_whitespace",
        "header",
        "footer",
        "comma",
        "equal",
        "dot",
        "semicolon",
        "colon",
        "star",
        "asynchronous",
        "operator",
        "default_indent",
        "default_newline",
        "encoding",
        "has_trailing_newline",
        "start",
        "end",
        "prefix",
        "quote",
        "value_prefix",
    }
)
# Dataclass field order differs from source order for these.
_SOURCE_ORDER: dict[type[cst.CSTNode], tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "name", "type_parameters", "params", "returns", "body"),
    cst.ClassDef: ("decorators", "name", "type_parameters", "bases", "keywords", "body"),
}
_FIELDS: dict[type[cst.CSTNode], tuple[str, ...]] = {}


def child_fields(node_type: type[cst.CSTNode]) -> tuple[str, ...]:
    """The names of the fields of `node_type` that can hold code, in source order."""
    fields = _FIELDS.get(node_type)
    if fields is None:
        fields = _SOURCE_ORDER.get(node_type) or tuple(
            field.name
            for field in dataclasses.fields(node_type)
            if field.name not in _FORMATTING and not field.name.startswith("whitespace")
        )
        _FIELDS[node_type] = fields
    return fields


# Whether values of a type are CSTNodes, for the types met so far: hot loops read it inline
# (`KNOWN_NODE_TYPES.get(type(value))`, None for a type not met yet) to save a call.
KNOWN_NODE_TYPES: dict[type, bool] = {}


def is_node(value: object) -> TypeGuard[cst.CSTNode]:
    """`isinstance(value, cst.CSTNode)`, cached per type (CSTNode is an ABC: slow to check)."""
    value_type = type(value)
    known = KNOWN_NODE_TYPES.get(value_type)
    if known is None:
        known = KNOWN_NODE_TYPES[value_type] = isinstance(value, cst.CSTNode)
    return known


def iter_children(node: cst.CSTNode) -> Iterator[tuple[str, cst.CSTNode]]:
    """(field name, child) for each syntactic child of `node`, in source order."""
    for name in child_fields(type(node)):
        value = getattr(node, name, None)
        if type(value) is list or type(value) is tuple:
            for item in value:
                if is_node(item):
                    yield name, item
        elif is_node(value):
            yield name, value


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The syntactic children of `node`, in source order (`iter_children` without names,
    as a list: cheaper where every child is wanted)."""
    found: list[cst.CSTNode] = []
    fields = _FIELDS.get(type(node)) or child_fields(type(node))
    for name in fields:
        value = getattr(node, name, None)
        value_type = type(value)
        if value_type is list or value_type is tuple:
            for item in value:  # type: ignore[union-attr]
                known = KNOWN_NODE_TYPES.get(type(item))
                if known or (known is None and is_node(item)):
                    found.append(item)
        else:
            known = KNOWN_NODE_TYPES.get(value_type)
            if known or (known is None and is_node(value)):
                found.append(value)  # type: ignore[arg-type]
    return found


def iter_subtree(
    node: cst.CSTNode, *, stop_at: tuple[type[cst.CSTNode], ...] = ()
) -> Iterator[cst.CSTNode]:
    """`node` and its descendants, pre-order; does not descend into nodes of `stop_at` types
    (though it yields them)."""
    stack: list[cst.CSTNode] = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is not node and isinstance(current, stop_at):
            continue
        stack.extend(reversed(children(current)))

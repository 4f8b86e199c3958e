"""LINT002: `typing` aliases -> builtins and `|` unions (`Optional[X]` -> `X | None`).

The detector finds which nodes are uses of the aliases (that takes name resolution) and
passes them by identity; this rewrites them, bottom-up so nested uses compose. Not
mechanical: a string operand (`"Model" | None` fails at runtime), a starred element, a bare
`Optional`/`Union`, an alias without a builtin (`Type` has one, `Callable` does not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import libcst as cst

# The builtin that replaces each generic alias of `typing`.
BUILTIN_GENERICS = {
    "List": "list",
    "Dict": "dict",
    "Set": "set",
    "Tuple": "tuple",
    "FrozenSet": "frozenset",
    "Type": "type",
}
UNIONS = frozenset({"Optional", "Union"})
# Elements that can stand on either side of `|` without parentheses.
_UNION_OPERANDS = (
    cst.Name,
    cst.Attribute,
    cst.Subscript,
    cst.Call,
    cst.Ellipsis,
    cst.BinaryOperation,
)
_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


@dataclass(frozen=True, slots=True)
class TypingUse:
    node: cst.BaseExpression  # a Subscript (`List[int]`) or a bare Name/Attribute (`List`)
    alias: str  # the `typing` name: `List`, `Optional`...
    subscript: bool


def modernise(node: cst.BaseExpression, uses: Mapping[int, TypingUse]) -> cst.BaseExpression | None:
    """`node` with every use in `uses` (keyed by node identity) rewritten, or None when one
    of them cannot be."""
    transformer = _Modernise(uses)
    rewritten = node.visit(transformer)
    if transformer.unsafe or not isinstance(rewritten, cst.BaseExpression):
        return None
    return rewritten


class _Modernise(cst.CSTTransformer):
    def __init__(self, uses: Mapping[int, TypingUse]) -> None:
        super().__init__()
        self.uses = uses
        self.unsafe = False

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.BaseExpression:
        use = self.uses.get(id(original_node))
        if use is None:
            return updated_node
        elements: list[cst.BaseExpression] = []
        for element in updated_node.slice:
            if not isinstance(element.slice, cst.Index) or element.slice.star is not None:
                self.unsafe = True
                return updated_node
            elements.append(element.slice.value)
        if use.alias in UNIONS:
            return self._union(use.alias, elements, updated_node)
        builtin = BUILTIN_GENERICS.get(use.alias)
        if builtin is None:
            self.unsafe = True
            return updated_node
        return updated_node.with_changes(value=cst.Name(builtin))

    def _union(
        self, alias: str, elements: list[cst.BaseExpression], fallback: cst.Subscript
    ) -> cst.BaseExpression:
        if alias == "Optional":
            if len(elements) != 1:
                self.unsafe = True
                return fallback
            elements = [*elements, cst.Name("None")]
        if not elements or not all(_operand(element) for element in elements):
            self.unsafe = True
            return fallback
        result = elements[0]
        for element in elements[1:]:
            result = cst.BinaryOperation(left=result, operator=cst.BitOr(), right=element)
        return result

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._bare(original_node, updated_node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._bare(original_node, updated_node)

    def _bare(self, original: cst.CSTNode, updated: cst.BaseExpression) -> cst.BaseExpression:
        use = self.uses.get(id(original))
        if use is None or use.subscript:
            return updated
        builtin = BUILTIN_GENERICS.get(use.alias)
        if builtin is None:  # a bare `Optional`/`Union` means nothing on its own
            self.unsafe = True
            return updated
        return cst.Name(builtin)


def _operand(element: cst.BaseExpression) -> bool:
    if isinstance(element, _STRINGS):
        return False  # `"Model" | None` fails at runtime
    if isinstance(element, cst.BinaryOperation):
        return isinstance(element.operator, cst.BitOr)
    return isinstance(element, _UNION_OPERANDS)

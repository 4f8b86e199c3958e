"""PYD009: `class Status(str, Enum)` -> `class Status(StrEnum)`.

Not mechanical when members use `auto()` or the class defines `_generate_next_value_`:
`StrEnum` gives `auto()` the lower-cased member name, where the mixin gave a number string.
"""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import expression


def strenum_base(cls: cst.ClassDef, strenum: str) -> cst.BaseExpression | None:
    """The one base replacing `str, Enum`, spelled `strenum`; None when values would change."""
    if cls.keywords or _generates_values(cls.body):
        return None
    return expression(strenum)


def _generates_values(body: cst.CSTNode) -> bool:
    stack: list[cst.CSTNode] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name) and node.value in ("auto", "_generate_next_value_"):
            return True
        stack.extend(node.children)
    return False

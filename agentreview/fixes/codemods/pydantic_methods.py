"""PYD004: Pydantic v1 model methods -> their v2 names (`.dict()` -> `.model_dump()`).

Mechanical only when every keyword carries over with the same meaning; `from_orm(x)` becomes
`model_validate(x, from_attributes=True)`.
"""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import COMMA, TIGHT_EQUAL

V2_METHODS = {
    "dict": "model_dump",
    "json": "model_dump_json",
    "parse_obj": "model_validate",
    "parse_raw": "model_validate_json",
    "from_orm": "model_validate",
    "copy": "model_copy",
    "schema": "model_json_schema",
}
_DUMP_KEYWORDS = frozenset(
    {"include", "exclude", "by_alias", "exclude_unset", "exclude_defaults", "exclude_none"}
)
# Keyword arguments the v2 method accepts with the same meaning (any other: no edit).
KEPT_KEYWORDS = {
    "dict": _DUMP_KEYWORDS,
    "json": _DUMP_KEYWORDS | {"indent"},
    "copy": frozenset({"update", "deep"}),
    "schema": frozenset({"by_alias", "ref_template"}),
    "parse_obj": frozenset(),
    "parse_raw": frozenset(),
    "from_orm": frozenset(),
}
# Class methods that take exactly one positional argument, the data.
_ONE_ARGUMENT = frozenset({"parse_obj", "parse_raw", "from_orm"})


def v2_method_call(call: cst.Call) -> cst.Call | None:
    """`call` (`<receiver>.<v1 method>(...)`) calling the v2 method instead, or None."""
    func = call.func
    if not isinstance(func, cst.Attribute):
        return None
    method = func.attr.value
    new, kept = V2_METHODS.get(method), KEPT_KEYWORDS.get(method)
    if new is None or kept is None or any(arg.star for arg in call.args):
        return None
    positional = [arg for arg in call.args if arg.keyword is None]
    keywords = [arg.keyword.value for arg in call.args if arg.keyword is not None]
    if any(keyword not in kept for keyword in keywords):
        return None
    if method in _ONE_ARGUMENT:
        if len(positional) != 1 or keywords:
            return None
    elif positional:
        return None
    renamed = call.with_changes(func=func.with_changes(attr=cst.Name(new)))
    if method != "from_orm":
        return renamed
    data = positional[0].with_changes(comma=COMMA)
    flag = cst.Arg(keyword=cst.Name("from_attributes"), value=cst.Name("True"), equal=TIGHT_EQUAL)
    return renamed.with_changes(args=[data, flag])

"""DEP001: a FastAPI marker as a parameter's default -> `Annotated[T, Marker(...)]`.

`user: User = Depends(get_user)` becomes `user: Annotated[User, Depends(get_user)]`. A marker
that takes a default (`Query`, `Path`, `Body`, ...) hands a real one to the parameter:
`limit: int = Query(20, ge=1)` becomes `limit: Annotated[int, Query(ge=1)] = 20`; `...`
(required) is dropped. A parameter left without a default must not follow one that has a
default, so then there is no edit.
"""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import COMMA, expression, without


def annotated_parameter(
    params: cst.Parameters, param: cst.Param, annotated: str, marker_takes_default: bool
) -> cst.Param | None:
    """`param` (annotated, its default a marker call) rewritten, or None.

    `annotated` is how `typing.Annotated` is spelled where the function is.
    """
    marker = param.default
    if param.annotation is None or not isinstance(marker, cst.Call):
        return None
    if any(arg.star for arg in marker.args):
        return None
    args = list(marker.args)
    kept_default: cst.BaseExpression | None = None
    if marker_takes_default:
        index = _default_index(args)
        if index is not None:
            kept_default = args[index].value
            args = without(args, index)
        if isinstance(kept_default, cst.Ellipsis):
            kept_default = None
    if kept_default is None and _follows_a_default(params, param):
        return None
    new_marker = marker.with_changes(args=args)
    annotation = param.annotation.with_changes(
        annotation=_annotated(param.annotation.annotation, new_marker, annotated)
    )
    if kept_default is None:
        return param.with_changes(
            annotation=annotation, default=None, equal=cst.MaybeSentinel.DEFAULT
        )
    return param.with_changes(annotation=annotation, default=kept_default)


def _default_index(args: list[cst.Arg]) -> int | None:
    """Where the marker's default is: its first positional argument or `default=`."""
    if args and args[0].keyword is None:
        return 0
    for index, arg in enumerate(args):
        if arg.keyword is not None and arg.keyword.value == "default":
            return index
    return None


def _follows_a_default(params: cst.Parameters, param: cst.Param) -> bool:
    """Whether a positional parameter before `param` has a default."""
    positional = [*params.posonly_params, *params.params]
    if param not in positional:
        return False  # keyword-only: any order is legal
    return any(earlier.default is not None for earlier in positional[: positional.index(param)])


def _annotated(
    annotation: cst.BaseExpression, marker: cst.Call, annotated: str
) -> cst.BaseExpression:
    """`Annotated[annotation, marker]`, or the marker appended to an `Annotated[...]`."""
    element = cst.SubscriptElement(slice=cst.Index(value=marker))
    if (
        isinstance(annotation, cst.Subscript)
        and cst.Module(body=[]).code_for_node(annotation.value) == annotated
        and annotation.slice
    ):
        elements = list(annotation.slice)
        elements[-1] = elements[-1].with_changes(comma=COMMA)
        return annotation.with_changes(slice=[*elements, element])
    return cst.Subscript(
        value=expression(annotated),
        slice=[cst.SubscriptElement(slice=cst.Index(value=annotation), comma=COMMA), element],
    )

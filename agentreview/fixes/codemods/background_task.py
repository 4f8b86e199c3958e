"""API004: `tasks.add_task(f(a, b=c))` -> `tasks.add_task(f, a, b=c)`.

`add_task(func, *args, **kwargs)` calls `func(*args, **kwargs)` after the response, so the
call's arguments move up one level. Not mechanical when the call unpacks (`*xs`) or passes
a keyword `add_task` itself takes (`func=`).
"""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import COMMA

ADD_TASK_PARAMETERS = frozenset({"func"})


def deferred_call(add_task: cst.Call) -> cst.Call | None:
    """`add_task` with its one argument, a call, spread into the function and its arguments."""
    if len(add_task.args) != 1:
        return None
    outer = add_task.args[0]
    task = outer.value
    if outer.keyword is not None or outer.star or not isinstance(task, cst.Call):
        return None
    if any(arg.star for arg in task.args) or any(
        arg.keyword is not None and arg.keyword.value in ADD_TASK_PARAMETERS for arg in task.args
    ):
        return None
    if not task.args:
        return add_task.with_changes(args=[outer.with_changes(value=task.func)])
    args = [cst.Arg(value=task.func, comma=COMMA), *task.args]
    args[-1] = args[-1].with_changes(comma=outer.comma)
    return add_task.with_changes(args=args)

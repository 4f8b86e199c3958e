"""ASYNC002: `time.sleep(x)` as a statement in an `async def` -> `await asyncio.sleep(x)`."""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import expression


def await_asyncio_sleep(call: cst.Call, sleep: str) -> cst.Await:
    """`call` with its callee replaced by `sleep` (how `asyncio.sleep` is spelled), awaited.

    The arguments, their comments and layout are kept as written.
    """
    return cst.Await(expression=call.with_changes(func=expression(sleep)))

"""LINT004: `datetime.utcnow()` -> `datetime.now(UTC)` (aware, and not deprecated)."""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import expression


def aware_now(call: cst.Call, utc: str) -> cst.Call | None:
    """`call` (`<class>.utcnow()`) as `<class>.now(<utc>)`; `utc` spells `datetime.UTC`."""
    if call.args or not isinstance(call.func, cst.Attribute):
        return None
    return call.with_changes(
        func=call.func.with_changes(attr=cst.Name("now")), args=[cst.Arg(value=expression(utc))]
    )

"""TEST002: `AsyncClient(app=app)` -> `AsyncClient(transport=ASGITransport(app=app))`."""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import expression


def transport_argument(app_arg: cst.Arg, transport: str) -> cst.Arg:
    """The `app=` argument as `transport=<transport>(app=...)`; `transport` is how
    `httpx.ASGITransport` is spelled where the call is."""
    inner = cst.Arg(keyword=cst.Name("app"), value=app_arg.value, equal=app_arg.equal)
    return app_arg.with_changes(
        keyword=cst.Name("transport"), value=cst.Call(func=expression(transport), args=[inner])
    )

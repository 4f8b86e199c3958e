"""Test clients: TEST002 (`httpx.AsyncClient(app=...)`, removed in httpx 0.28).

A call to one of the rule's `calls` (`httpx.AsyncClient`, `httpx.Client`) with one of its
`keywords` (`app`) is reported at that keyword argument. For `AsyncClient` the suggestion wraps
the value in `ASGITransport`, written through the same module prefix as the call
(`httpx.AsyncClient(...)` -> `httpx.ASGITransport`) or imported from httpx (in fix mode the
import is added when the name is free).
"""

from __future__ import annotations

import libcst as cst

from agentreview.analysis.engine import Context, Detector
from agentreview.findings import Suggestion
from agentreview.fixes.codemods.httpx_transport import transport_argument
from agentreview.fixes.model import RequiredImport
from agentreview.fixes.offer import Spelling, replace_argument, spell

_ASGI_TRANSPORT = RequiredImport("httpx", "ASGITransport")


class AppKeywordClient(Detector):
    """TEST002: an httpx client built with `app=` instead of a transport."""

    rule_ids = ("TEST002",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        callee, app_args = ctx.listed_call_keywords("TEST002", node)
        if not app_args:
            return
        written = ctx.code(node.func).strip()
        is_async = callee.rsplit(".", 1)[-1] == "AsyncClient"
        for arg in app_args:
            if is_async:
                message = (
                    f"`{written}(app=...)` raises TypeError on httpx 0.28+, which removed "
                    "`app=`: pass `transport=ASGITransport(app=...)`"
                )
            else:
                message = (
                    f"`{written}(app=...)` raises TypeError on httpx 0.28+, which removed "
                    "`app=`: test a FastAPI app with `fastapi.testclient.TestClient(app)`"
                )
            suggestion = _transport_suggestion(node, arg, ctx) if is_async else None
            ctx.report("TEST002", arg, message, suggestion=suggestion)


def _transport_suggestion(call: cst.Call, arg: cst.Arg, ctx: Context) -> Suggestion | None:
    """`transport=ASGITransport(app=...)` (codemod `httpx_transport`)."""
    if any(other.keyword is not None and other.keyword.value == "transport" for other in call.args):
        return None
    transport = _transport_name(call, ctx)
    if transport is None:
        return None
    return replace_argument(ctx, arg, transport_argument(arg, transport.text), [transport.needs])


def _transport_name(call: cst.Call, ctx: Context) -> Spelling | None:
    """How `httpx.ASGITransport` can be written where the call is, or None."""
    prefix = call.func.value if isinstance(call.func, cst.Attribute) else None
    if isinstance(prefix, cst.Name) and ctx.imports_visibly(prefix.value, "httpx"):
        return Spelling(f"{prefix.value}.ASGITransport")
    return spell(ctx, _ASGI_TRANSPORT)


DETECTORS: tuple[type[Detector], ...] = (AppKeywordClient,)

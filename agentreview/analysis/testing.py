"""Tests: TEST003 (async fixtures under pytest-asyncio's strict mode)."""

from __future__ import annotations

import libcst as cst

from agentreview.analysis.engine import Context, Detector
from agentreview.findings import Suggestion


class AsyncFixtureInStrictMode(Detector):
    """TEST003: `@pytest.fixture` on an `async def` when async fixtures are not handled.

    Silent when the repository configures `asyncio_mode = "auto"` (`RepoFacts`) or the file
    uses anyio's pytest plugin (any mention of `anyio`: `pytestmark = pytest.mark.anyio`, an
    `anyio_backend` fixture), which runs async fixtures itself.
    """

    rule_ids = ("TEST003",)
    visits = (cst.FunctionDef,)
    whole_file_only = True  # whether the module uses anyio may be off-hunk

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.FunctionDef)
        if node.asynchronous is None or ctx.repo_facts.async_fixtures_auto:
            return
        for decorator in node.decorators:
            target = decorator.decorator
            marker = target.func if isinstance(target, cst.Call) else target
            if not ctx.listed("TEST003").matches(ctx.resolve(marker)):
                continue
            if self._uses_anyio(ctx):
                return
            ctx.report(
                "TEST003",
                decorator,
                f"async fixture `{node.name.value}` uses `@{ctx.code(marker).strip()}`: in "
                "pytest-asyncio's strict mode the test receives a coroutine, not its value",
                suggestion=self._suggestion(marker, ctx),
            )
            return

    def _uses_anyio(self, ctx: Context) -> bool:
        key = "testing.uses_anyio"
        if key not in ctx.shared:
            # The file's own text: `ctx.module` may hold only part of it (`focus.py`).
            ctx.shared[key] = any("anyio" in line for line in ctx.source_lines)
        return bool(ctx.shared[key])

    def _suggestion(self, marker: cst.BaseExpression, ctx: Context) -> Suggestion | None:
        if not ctx.imports_visibly("pytest_asyncio", "pytest_asyncio"):
            return None
        return ctx.replace_node(marker, "pytest_asyncio.fixture")


DETECTORS: tuple[type[Detector], ...] = (AsyncFixtureInStrictMode,)

"""Databases and migrations: DB002, DB003, DB006, DB007."""

from __future__ import annotations

import libcst as cst

from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.resolver import ScopeKind

# Alembic's revision-file format: a module defining both names is a migration script.
_REVISION_NAMES = ("revision", "down_revision")


class ModuleLevelSession(Detector):
    """DB002: a session created at module level (shared by every request and thread)."""

    rule_ids = ("DB002",)
    visits = (cst.Assign, cst.AnnAssign)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Assign | cst.AnnAssign)
        if ctx.scope.kind is not ScopeKind.MODULE or not isinstance(node.value, cst.Call):
            return
        call = node.value
        callee = ctx.resolve(call.func)
        if callee is None:
            if ctx.hunk_mode and "session" in ctx.code(call.func).lower():
                ctx.unjudged("DB002")  # what it is bound to is off-hunk
            return
        if ctx.listed("DB002").matches(callee):
            made = f"`{callee.rsplit('.', 1)[-1]}(...)`"
        elif callee.endswith("()") and ctx.listed("DB002", "names").matches(callee[:-2]):
            made = f"`{ctx.code(call.func).strip()}()` (a `{callee[:-2].rsplit('.', 1)[-1]}`)"
        else:
            return
        ctx.report(
            "DB002",
            call,
            f"module-level session {made} is shared by every request: open one per request "
            "in a yield dependency",
        )


class MetaDataWithoutNamingConvention(Detector):
    """DB003: `MetaData()` without a `naming_convention`."""

    rule_ids = ("DB003",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        callee = ctx.resolve(node.func)
        if not ctx.listed("DB003").matches(callee):
            ctx.unresolved_candidate("DB003", node.func, ctx.listed("DB003"))
            return
        keywords = set(ctx.match("DB003").keywords)
        if any(arg.star for arg in node.args):
            return  # `**options` may carry it
        if any(arg.keyword is not None and arg.keyword.value in keywords for arg in node.args):
            return
        if sum(1 for arg in node.args if arg.keyword is None) >= 3:
            return  # positional naming_convention (schema, quote_schema, naming_convention)
        ctx.report(
            "DB003",
            node,
            f"`{ctx.code(node.func).strip()}()` has no `naming_convention`: constraint names "
            "are left to the database and differ between environments",
        )


class EmptyDowngrade(Detector):
    """DB006: an Alembic revision whose `downgrade()` does nothing."""

    rule_ids = ("DB006",)
    visits = (cst.FunctionDef,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.FunctionDef)
        if node.name.value != "downgrade" or ctx.scope.kind is not ScopeKind.MODULE:
            return
        if not _does_nothing(node.body):
            return
        if not self._is_revision(ctx):
            if ctx.hunk_mode:
                ctx.unjudged("DB006")  # the revision identifiers may be off-hunk
            return
        ctx.report(
            "DB006",
            node.name,
            "`downgrade()` of this Alembic revision does nothing: the migration cannot be "
            "rolled back",
        )

    def _is_revision(self, ctx: Context) -> bool:
        if all(name in ctx.facts.bindings for name in _REVISION_NAMES):
            return True
        return any(ctx.facts.imports_from(module) for module in ctx.match("DB006").modules)


def _does_nothing(body: cst.BaseSuite) -> bool:
    statements: list[cst.CSTNode] = []
    if isinstance(body, cst.SimpleStatementSuite):
        statements.extend(body.body)
    elif isinstance(body, cst.IndentedBlock):
        for statement in body.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                return False
            statements.extend(statement.body)
    for small in statements:
        if isinstance(small, cst.Pass):
            continue
        if isinstance(small, cst.Expr) and isinstance(
            small.value, cst.SimpleString | cst.ConcatenatedString | cst.Ellipsis
        ):
            continue
        return False
    return True


class CreateAllAtStartup(Detector):
    """DB007: `metadata.create_all` in a lifespan or startup handler (schema from migrations)."""

    rule_ids = ("DB007",)
    visits = (cst.Attribute,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Attribute)
        if node.attr.value not in ctx.match("DB007").methods or not _is_metadata(node.value):
            return
        function = ctx.enclosing_function()
        if function is None:
            if ctx.fragment_nested:
                ctx.unjudged("DB007")
            return
        if ctx.fastapi.is_lifespan(function):
            where = f"the lifespan `{function.name.value}`"
        elif ctx.fastapi.is_startup_handler(function):
            where = f"the startup handler `{function.name.value}`"
        else:
            if ctx.hunk_mode:
                ctx.unjudged("DB007")  # how the function is registered may be off-hunk
            return
        ctx.report(
            "DB007",
            node,
            f"`{ctx.code(node).strip()}` in {where} builds the schema at startup: apply "
            "Alembic migrations instead",
        )


def _is_metadata(node: cst.BaseExpression) -> bool:
    """`Base.metadata`, `SQLModel.metadata` or a name `metadata`."""
    if isinstance(node, cst.Attribute):
        return node.attr.value == "metadata"
    return isinstance(node, cst.Name) and node.value == "metadata"


DETECTORS: tuple[type[Detector], ...] = (
    ModuleLevelSession,
    MetaDataWithoutNamingConvention,
    EmptyDowngrade,
    CreateAllAtStartup,
)

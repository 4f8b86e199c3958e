"""FastAPI routes and dependencies: DEP001, DEP004, DEP005, API001-API004, LINT003.

Routes, routers, dependencies and lifecycle functions come from `framework.py`
(`ctx.fastapi`); the names each rule cares about come from its `match` block.
"""

from __future__ import annotations

import libcst as cst
from libcst.metadata import CodePosition, CodeRange

from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.event_loop import blocking_call
from agentreview.analysis.framework import Route, keyword_argument
from agentreview.analysis.resolver import FILE_PREFIX, Scope, all_params
from agentreview.analysis.traversal import iter_subtree
from agentreview.findings import SeverityName, Suggestion
from agentreview.fixes.codemods.annotated import annotated_parameter
from agentreview.fixes.codemods.background_task import deferred_call
from agentreview.fixes.model import RequiredImport
from agentreview.fixes.offer import offer, replace_with_node, spell_any

_ANNOTATED_IMPORTS = (
    RequiredImport("typing", "Annotated"),
    RequiredImport("typing_extensions", "Annotated"),
)
_NO_DEFAULT_CALLS = frozenset({"fastapi.Depends", "fastapi.Security"})
_LIST_TYPES = frozenset(
    {"builtins.list", "typing.List", "typing.Sequence", "collections.abc.Sequence"}
)
_NOT_MODELS = ("builtins.", "typing.", "collections.", "fastapi.", "starlette.")


def _injected_by(param: cst.Param, ctx: Context) -> list[cst.Call]:
    """The `Depends(...)`/`Security(...)` calls that inject `param` (default or Annotated)."""
    found: list[cst.Call] = []
    if isinstance(param.default, cst.Call) and ctx.fastapi.is_depends_call(param.default):
        found.append(param.default)
    if param.annotation is not None:
        for item in ctx.resolver.annotation_metadata(param.annotation.annotation):
            if isinstance(item, cst.Call) and ctx.fastapi.is_depends_call(item):
                found.append(item)
    return found


# --- DEP001 -------------------------------------------------------------------------------


class ParameterDefaultMarker(Detector):
    """DEP001: `Depends(...)`, `Query(...)` and friends as a parameter's default value."""

    rule_ids = ("DEP001",)
    visits = (cst.FunctionDef,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.FunctionDef)
        listed = ctx.listed("DEP001")
        for param in all_params(node.params):
            default = param.default
            if not isinstance(default, cst.Call):
                continue
            callee = ctx.resolve(default.func)
            if not listed.matches(callee):
                ctx.unresolved_candidate("DEP001", default.func, listed)
                continue
            assert callee is not None
            marker = callee.rsplit(".", 1)[-1]
            ctx.report(
                "DEP001",
                param,
                f"parameter `{param.name.value}` of `{node.name.value}` declares `{marker}(...)` "
                f"as its default; put it in `Annotated[..., {marker}(...)]`",
                span=ctx.span_between(param.name, default),
                suggestion=self._suggestion(node, param, default, callee, ctx),
            )

    def _suggestion(
        self,
        function: cst.FunctionDef,
        param: cst.Param,
        default: cst.Call,
        callee: str,
        ctx: Context,
    ) -> Suggestion | None:
        """`Annotated[T, Marker(...)]` (codemod `annotated`), importing `Annotated` if need be."""
        annotated = spell_any(ctx, _ANNOTATED_IMPORTS)
        if param.annotation is None or annotated is None:
            return None
        new = annotated_parameter(
            function.params, param, annotated.text, callee not in _NO_DEFAULT_CALLS
        )
        if new is None:
            return None
        span = ctx.span_between(param.name, default)
        code = ctx.code(
            new.with_changes(
                comma=cst.MaybeSentinel.DEFAULT, whitespace_after_param=cst.SimpleWhitespace("")
            )
        )
        return offer(ctx, ctx.replace_span(span, code), [annotated.needs])


# --- DEP004 -------------------------------------------------------------------------------


class SyncDependency(Detector):
    """DEP004: a sync `def` dependency whose body visibly does no blocking work.

    "Visibly" is strict: every call in the body must be a builtin that does no I/O, a method
    on one of its own plain (not injected) parameters, an exception being raised, or a name
    from the rule's `safe` list. Decorated functions (`@lru_cache`) and generators are left
    alone: turning them into `async def` changes what they do.
    """

    rule_ids = ("DEP004",)
    visits = (cst.FunctionDef, cst.Call, cst.Raise, cst.With)
    leaves = (cst.FunctionDef,)
    whole_file_only = True

    def __init__(self) -> None:
        self.candidates: dict[int, set[str]] = {}  # function -> its plain parameter names
        self.impure: set[int] = set()
        self.raised: set[int] = set()

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.FunctionDef):
            if self._is_candidate(node, ctx):
                self.candidates[id(node)] = {
                    p.name.value for p in all_params(node.params) if not _injected_by(p, ctx)
                }
            return
        function = ctx.enclosing_function()
        if function is None or id(function) not in self.candidates:
            return
        if isinstance(node, cst.Raise):
            if isinstance(node.exc, cst.Call):
                self.raised.add(id(node.exc))
        else:
            # A `with` manages some resource: not provably free of I/O.
            impure = isinstance(node, cst.With) or (
                isinstance(node, cst.Call)
                and not self._is_harmless(node, self.candidates[id(function)], ctx)
            )
            if impure:
                self.impure.add(id(function))

    def leave(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.FunctionDef)
        key = id(node)
        if key not in self.candidates or key in self.impure:
            return
        ctx.report(
            "DEP004",
            node.name,
            f"dependency `{node.name.value}` is a sync `def` that does no blocking I/O: as "
            "`async def` it would run on the event loop instead of taking a threadpool slot",
        )

    def _is_candidate(self, node: cst.FunctionDef, ctx: Context) -> bool:
        return (
            node.asynchronous is None
            and not node.decorators
            and ctx.enclosing_function() is None
            and ctx.fastapi.is_dependency(node)
            and not ctx.fastapi.is_generator(node)
        )

    def _is_harmless(self, call: cst.Call, plain_params: set[str], ctx: Context) -> bool:
        if id(call) in self.raised:
            return True
        if blocking_call(call, ctx) is not None:
            return False
        path = ctx.resolve(call.func)
        if path is not None:
            origin = path.split("(", 1)[0]
            if origin.startswith("builtins.") and origin != "builtins.input":
                return True
            if ctx.safe("DEP004").matches(origin):
                return True
            if path.startswith(FILE_PREFIX):
                return False
        root: cst.BaseExpression = call.func
        while isinstance(root, cst.Attribute | cst.Subscript):
            root = root.value
        if isinstance(root, cst.BaseString | cst.Integer | cst.Float):
            return True
        return isinstance(root, cst.Name) and root is not call.func and root.value in plain_params


# --- DEP005 -------------------------------------------------------------------------------


class ResourceInBackgroundTask(Detector):
    """DEP005: a resource from a yield dependency handed to `BackgroundTasks.add_task`."""

    rule_ids = ("DEP005",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        func = node.func
        if (
            not isinstance(func, cst.Attribute)
            or func.attr.value not in ctx.match("DEP005").methods
        ):
            return
        function = ctx.enclosing_function()
        if function is None:
            return
        params = {p.name.value: p for p in all_params(function.params)}
        for arg in node.args[1:]:
            value = arg.value
            if not isinstance(value, cst.Name) or value.value not in params:
                continue
            found = ctx.resolver.lookup(value.value)
            if found is None or found[0].node is not function:
                continue  # rebound or shadowed: not the parameter any more
            provider = self._provider(params[value.value], ctx)
            if provider is None:
                if ctx.hunk_mode:
                    ctx.unjudged("DEP005")  # its dependency may be defined off-hunk
                continue
            ctx.report(
                "DEP005",
                value,
                f"`{value.value}` comes from the yield dependency {provider} and is passed to "
                f"`{ctx.code(func).strip()}()`: it is closed before the task runs",
            )

    def _provider(self, param: cst.Param, ctx: Context) -> str | None:
        """How the message names the yield dependency behind `param`, if it is one."""
        injections = _injected_by(param, ctx)
        for call in injections:
            target = ctx.fastapi.dependency_target(call)
            if target is not None and ctx.fastapi.is_generator(target):
                return f"`{target.name.value}`"
        if injections and param.annotation is not None:
            resource = ctx.annotation_type(param.annotation.annotation)
            if ctx.listed("DEP005", "names").matches(resource) and "Session" in (resource or ""):
                return f"behind `{ctx.code(injections[0]).strip()}` (a `{resource}`)"
        return None


# --- API001 -------------------------------------------------------------------------------


class SwallowedRouteError(Detector):
    """API001: a broad `except` in a route handler whose handler body does not raise."""

    rule_ids = ("API001",)
    visits = (cst.Try,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Try)
        route = ctx.route_for("API001")
        if route is None:
            return
        for handler in node.handlers:
            caught = self._broad(handler, ctx)
            if caught is None or _raises(handler.body):
                continue
            severity: SeverityName | None = (
                "info" if _returns_server_error(handler.body, ctx) else None
            )
            start = ctx.position(handler).start
            end = (
                ctx.position(handler.type).end
                if handler.type is not None
                else CodePosition(start.line, start.column + len("except"))
            )
            ctx.report(
                "API001",
                handler,
                f"`{caught}` in route `{route.function.name.value}` swallows every error: "
                "the client gets a success response for a failure",
                severity=severity,
                span=CodeRange(start, end),
            )

    def _broad(self, handler: cst.ExceptHandler, ctx: Context) -> str | None:
        if handler.type is None:
            return "except:"
        listed = ctx.listed("API001", "names")
        caught = handler.type
        elements = (
            [element.value for element in caught.elements]
            if isinstance(caught, cst.Tuple)
            else [caught]
        )
        for element in elements:
            path = ctx.resolve(element)
            if listed.matches(path):
                assert path is not None
                return f"except {path.removeprefix('builtins.')}"
        return None


def _raises(body: cst.BaseSuite) -> bool:
    """Whether the block raises, nested functions and classes excluded."""
    return any(
        isinstance(node, cst.Raise)
        for node in iter_subtree(body, stop_at=(cst.FunctionDef, cst.Lambda, cst.ClassDef))
    )


def _returns_server_error(body: cst.BaseSuite, ctx: Context) -> bool:
    """Whether the handler returns a `JSONResponse`-style response with a 5xx status."""
    for statement in getattr(body, "body", ()):
        small = statement.body if isinstance(statement, cst.SimpleStatementLine) else ()
        for item in small:
            if isinstance(item, cst.Return) and isinstance(item.value, cst.Call):
                status = keyword_argument(item.value, "status_code")
                if isinstance(status, cst.Integer) and status.evaluated_value >= 500:
                    return True
                if status is not None:
                    code = ctx.code(status)
                    if "HTTP_5" in code:
                        return True
    return False


# --- API002 -------------------------------------------------------------------------------


class ResponseModelInstance(Detector):
    """API002: a route returns an instance of its own response model (validated twice)."""

    rule_ids = ("API002",)
    visits = (cst.Return,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Return)
        route = ctx.route_for("API002")
        if route is None or node.value is None:
            return
        model, is_list = self._response_model(route.function, route, ctx)
        if model is None:
            return
        value = node.value
        if is_list and isinstance(value, cst.ListComp):
            value = value.elt
        elif is_list:
            return
        if not isinstance(value, cst.Call):
            return
        built = self._builds(value, model, ctx)
        if built is None:
            return
        ctx.report(
            "API002",
            value,
            f"route `{route.function.name.value}` returns `{built}` of its response model "
            f"`{ctx.code(model).strip()}`: FastAPI validates it again on the way out",
        )

    def _response_model(
        self, function: cst.FunctionDef, route: Route, ctx: Context
    ) -> tuple[cst.BaseExpression | None, bool]:
        declared: cst.BaseExpression | None
        if route.declares_response_model:
            declared = route.response_model
            if declared is None or (isinstance(declared, cst.Name) and declared.value == "None"):
                return None, False
        elif function.returns is not None:
            declared = function.returns.annotation
        else:
            return None, False
        is_list = False
        if isinstance(declared, cst.Subscript):
            head = ctx.resolver.resolve(declared.value, ctx.resolver.module_scope)
            first = declared.slice[0].slice if len(declared.slice) == 1 else None
            if head not in _LIST_TYPES or not isinstance(first, cst.Index):
                return None, False
            declared, is_list = first.value, True
        if not isinstance(declared, cst.Name | cst.Attribute):
            return None, False
        path = ctx.resolver.resolve(declared, ctx.resolver.module_scope)
        if path is not None and path.startswith(_NOT_MODELS):
            return None, False  # a builtin, a typing construct, a Response class
        return declared, is_list

    def _builds(self, call: cst.Call, model: cst.BaseExpression, ctx: Context) -> str | None:
        model_path = ctx.resolver.resolve(model, ctx.resolver.module_scope)
        model_code = ctx.code(model).strip()

        def same(expr: cst.BaseExpression) -> bool:
            path = ctx.resolve(expr)
            if model_path is not None and path is not None:
                return path == model_path
            return ctx.code(expr).strip() == model_code

        if same(call.func):
            return f"{model_code}(...)"
        func = call.func
        if (
            isinstance(func, cst.Attribute)
            and func.attr.value in ctx.match("API002").methods
            and same(func.value)
        ):
            return f"{model_code}.{func.attr.value}(...)"
        return None


# --- API003 -------------------------------------------------------------------------------


class DeprecatedEventHandlers(Detector):
    """API003: `on_event`, `add_event_handler`, `on_startup=`/`on_shutdown=` on FastAPI objects."""

    rule_ids = ("API003",)
    visits = (cst.FunctionDef, cst.Call)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        match = ctx.match("API003")
        if isinstance(node, cst.FunctionDef):
            for decorator in node.decorators:
                call = decorator.decorator
                if (
                    isinstance(call, cst.Call)
                    and isinstance(call.func, cst.Attribute)
                    and call.func.attr.value in match.methods
                    and call.func.attr.value != "add_event_handler"
                    and self._on_router(call.func.value, ctx)
                ):
                    ctx.report(
                        "API003",
                        decorator,
                        f"`@{ctx.code(call.func).strip()}(...)` on `{node.name.value}` is "
                        "deprecated: move startup/shutdown code into a lifespan",
                    )
            return
        assert isinstance(node, cst.Call)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "add_event_handler":
            if func.attr.value in match.methods and self._on_router(func.value, ctx, ctx.scope):
                ctx.report(
                    "API003",
                    node,
                    f"`{ctx.code(func).strip()}()` is deprecated: use a lifespan",
                )
            return
        constructor = ctx.resolve(func)
        if constructor not in match.constructors:
            ctx.unresolved_candidate("API003", func, ctx.listed("API003", "constructors"))
            return
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value in match.keywords:
                ctx.report(
                    "API003",
                    arg,
                    f"`{arg.keyword.value}=` of `{constructor.rsplit('.', 1)[-1]}(...)` is "
                    "deprecated: pass a `lifespan=` instead",
                    span=ctx.span_between(arg.keyword, arg.value),
                )

    def _on_router(
        self, receiver: cst.BaseExpression, ctx: Context, scope: Scope | None = None
    ) -> bool:
        if ctx.fastapi.is_router(receiver, scope):
            return True
        if ctx.hunk_mode and ctx.fastapi.router_unconfirmed(receiver):
            ctx.unjudged("API003")
        return False


# --- API004 -------------------------------------------------------------------------------


class CalledBackgroundTask(Detector):
    """API004: `add_task(f(...))` runs `f` now and schedules its return value."""

    rule_ids = ("API004",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        func = node.func
        match = ctx.match("API004")
        if not isinstance(func, cst.Attribute) or func.attr.value not in match.methods:
            return
        if not node.args or node.args[0].keyword is not None or node.args[0].star:
            return
        task = node.args[0].value
        if not isinstance(task, cst.Call) or ctx.safe("API004").matches(ctx.resolve(task.func)):
            return
        if not self._is_background_tasks(func.value, ctx):
            return
        ctx.report(
            "API004",
            task,
            f"`{ctx.code(func).strip()}({ctx.code(task.func).strip()}(...))` calls "
            f"`{ctx.code(task.func).strip()}` now, in the request, and schedules its result",
            suggestion=self._suggestion(node, ctx),
        )

    def _is_background_tasks(self, receiver: cst.BaseExpression, ctx: Context) -> bool:
        listed = ctx.listed("API004", "names")
        path = ctx.resolve(receiver)
        if path is not None:
            return path.endswith("()") and listed.matches(path[:-2])
        if any(listed.names.matches(target) for target in ctx.facts.imported_modules()):
            return True
        if ctx.hunk_mode:
            ctx.unjudged("API004")  # the parameter's annotation may be off-hunk
        return False

    def _suggestion(self, call: cst.Call, ctx: Context) -> Suggestion | None:
        """`add_task(f, a, b=c)` (codemod `background_task`)."""
        return replace_with_node(ctx, call, deferred_call(call))


# --- LINT003 ------------------------------------------------------------------------------


class PrintInRoute(Detector):
    """LINT003: `print(...)` in a route handler."""

    rule_ids = ("LINT003",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        callee = ctx.resolve(node.func)
        if not ctx.listed("LINT003").matches(callee):
            return
        route = ctx.route_for("LINT003")
        if route is None:
            return
        ctx.report(
            "LINT003",
            node,
            f"`print()` in route `{route.function.name.value}`: use a logger so the output "
            "is structured, levelled and goes where the logs go",
        )


DETECTORS: tuple[type[Detector], ...] = (
    ParameterDefaultMarker,
    SyncDependency,
    ResourceInBackgroundTask,
    SwallowedRouteError,
    ResponseModelInstance,
    DeprecatedEventHandlers,
    CalledBackgroundTask,
    PrintInRoute,
)

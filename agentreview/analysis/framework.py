"""What FastAPI makes of the functions in a file: routes, dependencies, lifespans, startup handlers.

These are facts about the framework's API rather than about any one rule, so they live here
and not in the catalogue:
- a *router* is a name bound to `fastapi.FastAPI(...)`/`fastapi.APIRouter(...)`, or, when the
  file imports fastapi, a name spelled `app`, `router` or `*_router` that is not bound to
  another library's object;
- a *route* is a function decorated with `<router>.get/post/.../api_route/websocket(...)`, or
  passed to `<router>.add_api_route(path, endpoint)`;
- a *dependency* is a module-level function passed to `Depends`/`Security` anywhere outside a
  function body (parameter defaults, `Annotated[...]` metadata, type aliases,
  `dependencies=[...]` lists);
- a *lifespan* is a function decorated with `@asynccontextmanager` or passed as `lifespan=`;
- a *startup handler* is decorated with `@<router>.on_event(...)`, listed in `on_startup=`/
  `on_shutdown=`, or passed to `<router>.add_event_handler(...)`.

Everything is computed on first use and memoised.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from agentreview.analysis.facts import ModuleFacts
from agentreview.analysis.resolver import FILE_PREFIX, LOCAL_PREFIX, Resolver, Scope
from agentreview.analysis.traversal import iter_subtree

ROUTER_TYPES = frozenset({"fastapi.FastAPI", "fastapi.APIRouter"})
ROUTE_METHODS = frozenset(
    {"get", "post", "put", "patch", "delete", "head", "options", "trace", "api_route", "websocket"}
)
ROUTE_REGISTRARS = frozenset({"add_api_route", "add_api_websocket_route"})
DEPENDS_CALLS = frozenset(
    {"fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security"}
)
ASYNC_CONTEXT_MANAGERS = frozenset({"contextlib.asynccontextmanager"})
EVENT_HANDLER_KEYWORDS = frozenset({"on_startup", "on_shutdown"})
_ROUTER_NAME = re.compile(r"^(app|router|\w+_router)$")


@dataclass(frozen=True, slots=True)
class Route:
    function: cst.FunctionDef
    method: str  # the decorator's method (`get`, `api_route`, ...) or `add_api_route`
    registration: cst.Call | None  # the decorator call or the `add_api_route` call
    response_model: cst.BaseExpression | None  # the `response_model=` value, if given

    @property
    def declares_response_model(self) -> bool:
        return self.registration is not None and any(
            arg.keyword is not None and arg.keyword.value == "response_model"
            for arg in self.registration.args
        )


class FastAPIModel:
    """Routes, dependencies and lifecycle functions of one file."""

    def __init__(self, facts: ModuleFacts, resolver: Resolver, first_party: frozenset[str]) -> None:
        self.facts = facts
        self.resolver = resolver
        self.first_party = first_party
        self.fastapi_imported = facts.imports_from("fastapi")
        self._routes: dict[int, Route | None] = {}
        self._generators: dict[int, bool] = {}
        self._module_level: _ModuleLevel | None = None

    # --- routers ---------------------------------------------------------------------------

    def is_router(self, node: cst.BaseExpression, scope: Scope | None = None) -> bool:
        """Whether `node` (a decorator's receiver) is a FastAPI app or router.

        Resolved in `scope` (default: the module scope, where decorators are evaluated).
        """
        path = self.resolver.resolve(node, scope or self.resolver.module_scope)
        if path is not None and path.endswith("()") and path[:-2] in ROUTER_TYPES:
            return True
        if not self.fastapi_imported or not isinstance(node, cst.Name):
            return False
        if not _ROUTER_NAME.match(node.value):
            return False
        return path is None or not self._is_foreign_object(path)

    def router_unconfirmed(self, node: cst.BaseExpression) -> bool:
        """A receiver spelled like a router with nothing visible to confirm it (diff-only)."""
        return (
            isinstance(node, cst.Name)
            and not self.fastapi_imported
            and bool(_ROUTER_NAME.match(node.value))
            and self.resolver.resolve(node, self.resolver.module_scope) is None
        )

    def looks_like_unconfirmed_route(self, function: cst.FunctionDef) -> bool:
        """Decorated like a route on a receiver that `router_unconfirmed` cannot confirm."""
        for decorator in function.decorators:
            call = decorator.decorator
            if (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and call.func.attr.value in ROUTE_METHODS
                and self.router_unconfirmed(call.func.value)
            ):
                return True
        return False

    def _is_foreign_object(self, path: str) -> bool:
        """A path built from another library's call (`typer.Typer()`, `celery.Celery()`)."""
        if "()" not in path or path.startswith((FILE_PREFIX, LOCAL_PREFIX, "fastapi.")):
            return False
        return path.split(".", 1)[0] not in self.first_party

    # --- routes ----------------------------------------------------------------------------

    def route_of(self, function: cst.FunctionDef) -> Route | None:
        key = id(function)
        if key not in self._routes:
            self._routes[key] = self._find_route(function)
        return self._routes[key]

    def _find_route(self, function: cst.FunctionDef) -> Route | None:
        for decorator in function.decorators:
            call = decorator.decorator
            if not isinstance(call, cst.Call) or not isinstance(call.func, cst.Attribute):
                continue
            method = call.func.attr.value
            if method in ROUTE_METHODS and self.is_router(call.func.value):
                return Route(function, method, call, keyword_argument(call, "response_model"))
        registration = self.module_level().endpoints.get(function.name.value)
        if registration is not None and self.facts.only_def(function.name.value) is function:
            return Route(
                function,
                "add_api_route",
                registration,
                keyword_argument(registration, "response_model"),
            )
        return None

    # --- dependencies and lifecycle --------------------------------------------------------

    def is_dependency(self, function: cst.FunctionDef) -> bool:
        name = function.name.value
        return name in self.module_level().dependencies and self.facts.only_def(name) is function

    def is_lifespan(self, function: cst.FunctionDef) -> bool:
        for decorator in function.decorators:
            target = decorator.decorator
            if isinstance(target, cst.Call):
                target = target.func
            path = self.resolver.resolve(target, self.resolver.module_scope)
            if path in ASYNC_CONTEXT_MANAGERS:
                return True
        name = function.name.value
        return name in self.module_level().lifespans and self.facts.only_def(name) is function

    def is_startup_handler(self, function: cst.FunctionDef) -> bool:
        for decorator in function.decorators:
            call = decorator.decorator
            if (
                isinstance(call, cst.Call)
                and isinstance(call.func, cst.Attribute)
                and call.func.attr.value == "on_event"
                and self.is_router(call.func.value)
            ):
                return True
        name = function.name.value
        return name in self.module_level().event_handlers and self.facts.only_def(name) is function

    def is_generator(self, function: cst.FunctionDef) -> bool:
        """Whether the function's own body yields (nested functions excluded)."""
        key = id(function)
        if key not in self._generators:
            self._generators[key] = any(
                isinstance(node, cst.Yield)
                for node in iter_subtree(
                    function.body, stop_at=(cst.FunctionDef, cst.Lambda, cst.ClassDef)
                )
            )
        return self._generators[key]

    def dependency_target(self, node: cst.BaseExpression) -> cst.FunctionDef | None:
        """For a `Depends(f)` call with `f` a module-level function of this file: that function."""
        if not isinstance(node, cst.Call) or not self.is_depends_call(node):
            return None
        target = _dependency_argument(node)
        if isinstance(target, cst.Name):
            return self.facts.only_def(target.value)
        return None

    def is_depends_call(self, node: cst.Call) -> bool:
        return self.resolver.resolve(node.func) in DEPENDS_CALLS

    def module_level(self) -> _ModuleLevel:
        if self._module_level is None:
            self._module_level = _ModuleLevel.collect(self)
        return self._module_level


@dataclass(slots=True)
class _ModuleLevel:
    """Names that module-level calls hand to FastAPI."""

    dependencies: set[str]
    lifespans: set[str]
    event_handlers: set[str]
    endpoints: dict[str, cst.Call]

    @classmethod
    def collect(cls, model: FastAPIModel) -> _ModuleLevel:
        found = cls(set(), set(), set(), {})
        scope = model.resolver.module_scope
        for call in model.facts.module_calls:
            callee = model.resolver.resolve(call.func, scope)
            if callee in DEPENDS_CALLS:
                target = _dependency_argument(call)
                if isinstance(target, cst.Name):
                    found.dependencies.add(target.value)
                continue
            for arg in call.args:
                if arg.keyword is None:
                    continue
                if arg.keyword.value == "lifespan" and isinstance(arg.value, cst.Name):
                    found.lifespans.add(arg.value.value)
                elif arg.keyword.value in EVENT_HANDLER_KEYWORDS and isinstance(
                    arg.value, cst.List | cst.Tuple
                ):
                    found.event_handlers.update(
                        element.value.value
                        for element in arg.value.elements
                        if isinstance(element.value, cst.Name)
                    )
            if not isinstance(call.func, cst.Attribute):
                continue
            method = call.func.attr.value
            if method in ROUTE_REGISTRARS and model.is_router(call.func.value):
                endpoint = positional_or_keyword(call, 1, "endpoint")
                if isinstance(endpoint, cst.Name):
                    found.endpoints[endpoint.value] = call
            elif method == "add_event_handler" and model.is_router(call.func.value):
                handler = positional_or_keyword(call, 1, "func")
                if isinstance(handler, cst.Name):
                    found.event_handlers.add(handler.value)
        return found


def keyword_argument(call: cst.Call, name: str) -> cst.BaseExpression | None:
    """The value of keyword argument `name` of `call`, or None."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def positional_or_keyword(call: cst.Call, index: int, keyword: str) -> cst.BaseExpression | None:
    """The `index`-th positional argument, else the `keyword` argument, else None."""
    positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
    if len(positional) > index:
        return positional[index].value
    return keyword_argument(call, keyword)


def _dependency_argument(call: cst.Call) -> cst.BaseExpression | None:
    return positional_or_keyword(call, 0, "dependency")

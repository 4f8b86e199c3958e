"""Name resolution without libcst's ScopeProvider: imports, bindings and Python's scoping rules.

An expression resolves to a *path*: a dotted string saying what it refers to, built from the
module's imports and the bindings in scope.

- `import requests as r; r.get` -> `requests.get`; `from time import sleep; sleep` -> `time.sleep`
- a call adds `()`: `requests.Session().get` -> `requests.Session().get`, and so does a name
  bound to a call (`s = requests.Session(); s.get` gives the same path)
- a parameter or variable annotated with a type is an instance of it: `db: Session` ->
  `sqlalchemy.orm.Session()` (`Annotated[T, ...]`, `Optional[T]`, `T | None` unwrap to `T`)
- a function or class defined at module level -> `<file>.name`; one nested in a function ->
  `<local>.name`: neither ever matches a catalogue fact
- an unbound name is a builtin (`open` -> `builtins.open`) unless the module star-imports
- anything else (a literal, a subscript, a name bound to several different things) -> None

Shadowing follows Python: a name assigned anywhere in a function is local to all of it
(parameters, assignments, `for`/`with`/`except` targets, nested `def`/`class`, imports,
walrus targets), `global`/`nonlocal` excepted; class bodies are invisible to their methods;
comprehension variables are local to the comprehension. A name with several bindings in one
scope resolves only when every binding resolves to the same path.

Function scopes are collected lazily (a statement-level walk, no expression walk unless the
source holds `:=`) and memoised, so a file pays only for the scopes a detector asks about.
The module scope's bindings come from the cheap first pass over top-level statements.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum

import libcst as cst

from agentreview.analysis.traversal import iter_children

BUILTIN_NAMES = frozenset(dir(builtins))
FILE_PREFIX = "<file>."  # paths of functions and classes defined at module level
LOCAL_PREFIX = "<local>."  # paths of functions and classes nested in a function
_PARAMETER = "parameter"  # `Binding.target` of an annotated parameter

_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})

# Public re-exports that libraries document under a shorter name: resolve to that name so
# that the catalogue lists one spelling.
CANONICAL_NAMES: dict[str, str] = {
    "fastapi.applications.FastAPI": "fastapi.FastAPI",
    "fastapi.routing.APIRouter": "fastapi.APIRouter",
    "fastapi.param_functions.Depends": "fastapi.Depends",
    "fastapi.param_functions.Security": "fastapi.Security",
    "fastapi.param_functions.Query": "fastapi.Query",
    "fastapi.param_functions.Path": "fastapi.Path",
    "fastapi.param_functions.Body": "fastapi.Body",
    "fastapi.param_functions.Header": "fastapi.Header",
    "fastapi.param_functions.Cookie": "fastapi.Cookie",
    "fastapi.param_functions.Form": "fastapi.Form",
    "fastapi.param_functions.File": "fastapi.File",
    "fastapi.background.BackgroundTasks": "fastapi.BackgroundTasks",
    "starlette.background.BackgroundTasks": "fastapi.BackgroundTasks",
    "sqlalchemy.orm.session.Session": "sqlalchemy.orm.Session",
    "sqlalchemy.orm.session.sessionmaker": "sqlalchemy.orm.sessionmaker",
    "sqlalchemy.sql.schema.MetaData": "sqlalchemy.MetaData",
    "sqlalchemy.schema.MetaData": "sqlalchemy.MetaData",
    "sqlalchemy.engine.create_engine": "sqlalchemy.create_engine",
    "sqlalchemy.ext.asyncio.session.AsyncSession": "sqlalchemy.ext.asyncio.AsyncSession",
    "sqlmodel.orm.session.Session": "sqlmodel.Session",
    "sqlmodel.ext.asyncio.session.AsyncSession": "sqlmodel.ext.asyncio.AsyncSession",
    "contextlib.asynccontextmanager": "contextlib.asynccontextmanager",
}


_CANONICAL_ROOTS = frozenset(name.split(".", 1)[0] for name in CANONICAL_NAMES)


def canonical(path: str) -> str:
    """`path` with a documented re-export prefix replaced by its public spelling."""
    if path.split(".", 1)[0] not in _CANONICAL_ROOTS:
        return path
    if path in CANONICAL_NAMES:
        return CANONICAL_NAMES[path]
    for long, short in CANONICAL_NAMES.items():
        if path.startswith((long + ".", long + "(")):
            return short + path[len(long) :]
    return path


class BindingKind(Enum):
    IMPORT = "import"  # `target` is the imported qualified name
    VALUE = "value"  # `node` is the assigned expression (or a `with` item's context manager)
    ANNOTATED = "annotated"  # `node` is a type annotation: the name holds an instance of it
    DEF = "def"  # `node` is a FunctionDef
    CLASS = "class"  # `node` is a ClassDef
    UNKNOWN = "unknown"  # bound to something we do not follow (loop target, tuple unpacking...)


@dataclass(frozen=True, slots=True, eq=False)
class Binding:
    kind: BindingKind
    target: str | None = None
    node: cst.CSTNode | None = None


class ScopeKind(Enum):
    MODULE = "module"
    FUNCTION = "function"
    LAMBDA = "lambda"
    CLASS = "class"
    COMPREHENSION = "comprehension"


Bindings = dict[str, list[Binding]]


@dataclass(eq=False)
class Scope:
    """One Python scope. Its bindings are collected on first use."""

    kind: ScopeKind
    node: cst.CSTNode
    parent: Scope | None
    _bindings: Bindings | None = field(default=None, repr=False)
    _not_local: frozenset[str] = field(default=frozenset(), repr=False)
    _memo: dict[str, str | None] = field(default_factory=dict, repr=False)

    @property
    def is_async_function(self) -> bool:
        return (
            self.kind is ScopeKind.FUNCTION
            and isinstance(self.node, cst.FunctionDef)
            and self.node.asynchronous is not None
        )

    @property
    def is_function_like(self) -> bool:
        """A scope whose body does not run where it is written (a `def` or a `lambda`)."""
        return self.kind in (ScopeKind.FUNCTION, ScopeKind.LAMBDA)


class BindingCollector:
    """Statement-level walk that records what each name in one scope is bound to."""

    def __init__(self, *, follow_walrus: bool) -> None:
        self.follow_walrus = follow_walrus
        self.bindings: Bindings = {}
        self.not_local: set[str] = set()
        self.star_import_modules: list[str] = []

    def add(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)

    def statements(self, body: Iterable[cst.BaseStatement | cst.BaseSmallStatement]) -> None:
        for statement in body:
            self.statement(statement)

    def block(self, block: cst.BaseSuite) -> None:
        if isinstance(block, cst.IndentedBlock | cst.SimpleStatementSuite):
            self.statements(block.body)

    def statement(self, node: cst.CSTNode) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            self.statements(node.body)
        elif isinstance(node, cst.Assign):
            for assign_target in node.targets:
                self.target(assign_target.target, node.value)
            self.walrus(node.value)
        elif isinstance(node, cst.AnnAssign):
            if isinstance(node.target, cst.Name):
                annotation = node.annotation.annotation
                if _is_type_alias_annotation(annotation) and node.value is not None:
                    self.add(node.target.value, Binding(BindingKind.VALUE, node=node.value))
                else:
                    self.add(node.target.value, Binding(BindingKind.ANNOTATED, node=annotation))
            if node.value is not None:
                self.walrus(node.value)
        elif isinstance(node, cst.AugAssign):
            self.target(node.target, None)
            self.walrus(node.value)
        elif isinstance(node, cst.Import):
            for alias in node.names:
                dotted = _dotted(alias.name)
                if dotted is None:
                    continue
                if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                    self.add(alias.asname.name.value, Binding(BindingKind.IMPORT, target=dotted))
                else:
                    root = dotted.split(".", 1)[0]
                    self.add(root, Binding(BindingKind.IMPORT, target=root))
        elif isinstance(node, cst.ImportFrom):
            self.import_from(node)
        elif isinstance(node, cst.Global | cst.Nonlocal):
            self.not_local.update(item.name.value for item in node.names)
        elif isinstance(node, cst.TypeAlias):
            self.add(node.name.value, Binding(BindingKind.VALUE, node=node.value))
        elif isinstance(node, cst.FunctionDef):
            self.add(node.name.value, Binding(BindingKind.DEF, node=node))
        elif isinstance(node, cst.ClassDef):
            self.add(node.name.value, Binding(BindingKind.CLASS, node=node))
        elif isinstance(node, cst.If):
            self.walrus(node.test)
            self.block(node.body)
            if node.orelse is not None:
                self.statement(node.orelse)
        elif isinstance(node, cst.Else | cst.Finally):
            self.block(node.body)
        elif isinstance(node, cst.While):
            self.walrus(node.test)
            self.block(node.body)
            if node.orelse is not None:
                self.statement(node.orelse)
        elif isinstance(node, cst.For):
            self.target(node.target, None)
            self.walrus(node.iter)
            self.block(node.body)
            if node.orelse is not None:
                self.statement(node.orelse)
        elif isinstance(node, cst.With):
            for item in node.items:
                self.walrus(item.item)
                if item.asname is not None:
                    self.target(item.asname.name, item.item)
            self.block(node.body)
        elif isinstance(node, cst.Try | cst.TryStar):
            self.block(node.body)
            for handler in node.handlers:
                if handler.name is not None:
                    self.target(handler.name.name, None)
                self.block(handler.body)
            if node.orelse is not None:
                self.statement(node.orelse)
            if node.finalbody is not None:
                self.statement(node.finalbody)
        elif isinstance(node, cst.Match):
            for case in node.cases:
                for name in _pattern_captures(case.pattern):
                    self.add(name, Binding(BindingKind.UNKNOWN))
                self.block(case.body)
        elif isinstance(node, cst.Expr | cst.Return | cst.Raise | cst.Assert | cst.Del):
            for _, child in iter_children(node):
                self.walrus(child)

    def import_from(self, node: cst.ImportFrom) -> None:
        module = _dotted(node.module) if node.module is not None else ""
        if module is None:
            return
        prefix = "." * len(node.relative) + module
        if isinstance(node.names, cst.ImportStar):
            self.star_import_modules.append(prefix)
            return
        for alias in node.names:
            name = _dotted(alias.name)
            if name is None:
                continue
            full = f"{prefix}.{name}" if prefix and not prefix.endswith(".") else prefix + name
            bound = name
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                bound = alias.asname.name.value
            self.add(bound, Binding(BindingKind.IMPORT, target=full))

    def target(self, node: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(node, cst.Name):
            if value is None:
                self.add(node.value, Binding(BindingKind.UNKNOWN))
            else:
                self.add(node.value, Binding(BindingKind.VALUE, node=value))
        elif isinstance(node, cst.Tuple | cst.List):
            for element in node.elements:
                self.target(element.value, None)
        elif isinstance(node, cst.StarredElement):
            self.target(node.value, None)

    def walrus(self, expression: cst.CSTNode) -> None:
        if not self.follow_walrus:
            return
        for named in _walrus_targets(expression):
            self.add(named, Binding(BindingKind.UNKNOWN))

    def parameters(self, params: cst.Parameters, *, annotated: bool) -> None:
        for param in _all_params(params):
            if annotated and param.annotation is not None:
                binding = Binding(
                    BindingKind.ANNOTATED, target=_PARAMETER, node=param.annotation.annotation
                )
            else:
                binding = Binding(BindingKind.UNKNOWN)
            self.add(param.name.value, binding)

    def comprehension(self, node: cst.CSTNode) -> None:
        for_in = getattr(node, "for_in", None)
        while isinstance(for_in, cst.CompFor):
            self.target(for_in.target, None)
            for_in = for_in.inner_for_in


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


def all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    """Every parameter of a signature, in order."""
    return _all_params(params)


def _walrus_targets(expression: cst.CSTNode) -> Iterator[str]:
    stack: list[cst.CSTNode] = [expression]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.NamedExpr) and isinstance(node.target, cst.Name):
            yield node.target.value
        if isinstance(node, cst.Lambda):
            continue  # its own scope
        stack.extend(child for _, child in iter_children(node))


def _pattern_captures(pattern: cst.CSTNode) -> Iterator[str]:
    stack: list[cst.CSTNode] = [pattern]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.MatchAs | cst.MatchStar) and isinstance(node.name, cst.Name):
            yield node.name.value
        if isinstance(node, cst.MatchMapping) and isinstance(node.rest, cst.Name):
            yield node.rest.value
        stack.extend(child for _, child in iter_children(node))


def _is_type_alias_annotation(annotation: cst.BaseExpression) -> bool:
    dotted = _dotted(annotation)
    return dotted is not None and dotted.rsplit(".", 1)[-1] == "TypeAlias"


def _dotted(node: cst.CSTNode | None) -> str | None:
    """`a.b.c` for a Name/Attribute chain, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def dotted_name(node: cst.CSTNode | None) -> str | None:
    """The source spelling of a Name/Attribute chain (`a.b.c`), or None for anything else."""
    return _dotted(node)


def absolute_module(path: str) -> list[str]:
    """The module's dotted parts from its file path (`app/api/users.py` -> app, api, users)."""
    cleaned = path.replace("\\", "/").lstrip("./")
    if not cleaned.endswith(".py"):
        return []
    parts = [part for part in cleaned[:-3].split("/") if part]
    if not all(part.isidentifier() for part in parts):
        return []
    return parts[:-1] if parts and parts[-1] == "__init__" else parts


def _absolute_import(relative: str, module_parts: Sequence[str], is_package: bool) -> str:
    """`..db.get_db` in `app/api/users.py` -> `app.db.get_db`; unchanged if it cannot say."""
    level = len(relative) - len(relative.lstrip("."))
    rest = relative[level:]
    package = list(module_parts if is_package else module_parts[:-1])
    if not module_parts or level - 1 > len(package):
        return relative
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, rest] if rest else base) if base else relative


class Resolver:
    """Resolves expressions to paths in the scope the single pass is currently in.

    The engine pushes and pops scopes as it walks; detectors call `resolve`, `resolve_callee`
    and `annotation_type` on nodes of the current scope.
    """

    def __init__(
        self,
        module: cst.Module,
        module_bindings: Bindings,
        *,
        path: str,
        star_imports: bool,
        follow_walrus: bool,
        assumed_modules: frozenset[str] = frozenset(),
    ) -> None:
        self.module_scope = Scope(ScopeKind.MODULE, module, None, module_bindings)
        self.current: Scope = self.module_scope
        self._star_imports = star_imports
        self._follow_walrus = follow_walrus
        # Diff-only mode: a root name with no visible binding that is one of these is taken
        # to be the module of that name (`time.sleep` when `import time` is off-hunk).
        self._assumed_modules = assumed_modules
        self._module_parts = absolute_module(path)
        self._is_package = path.replace("\\", "/").endswith("__init__.py")
        self._in_progress: set[tuple[int, str]] = set()
        self._scopes: dict[int, Scope] = {}

    # --- scope stack (driven by the engine) -------------------------------------------------

    def push(self, kind: ScopeKind, node: cst.CSTNode) -> Scope:
        scope = self._scopes.get(id(node))
        if scope is None or scope.parent is not self.current:
            scope = Scope(kind, node, self.current)
            self._scopes[id(node)] = scope
        self.current = scope
        return scope

    def pop(self) -> None:
        if self.current.parent is not None:
            self.current = self.current.parent

    def enclosing_function(self) -> Scope | None:
        """The innermost `def`/`lambda` scope, or None at module level (class bodies skipped)."""
        scope: Scope | None = self.current
        while scope is not None:
            if scope.is_function_like:
                return scope
            scope = scope.parent
        return None

    # --- bindings ------------------------------------------------------------------------

    def bindings_of(self, scope: Scope) -> Bindings:
        if scope._bindings is None:
            collector = BindingCollector(follow_walrus=self._follow_walrus)
            node = scope.node
            if isinstance(node, cst.FunctionDef):
                collector.parameters(node.params, annotated=True)
                collector.block(node.body)
            elif isinstance(node, cst.Lambda):
                collector.parameters(node.params, annotated=False)
                collector.walrus(node.body)
            elif isinstance(node, cst.ClassDef):
                collector.block(node.body)
            elif scope.kind is ScopeKind.COMPREHENSION:
                collector.comprehension(node)
            # A walrus in a comprehension binds in the enclosing function: drop it here.
            scope._bindings = collector.bindings
            scope._not_local = frozenset(collector.not_local)
        return scope._bindings

    def _scope_defining(self, name: str, start: Scope) -> Scope | None:
        scope: Scope | None = start
        first = True
        while scope is not None:
            if scope.kind is ScopeKind.MODULE:
                return scope if name in self.bindings_of(scope) else None
            skip_class = scope.kind is ScopeKind.CLASS and not first
            if not skip_class:
                bindings = self.bindings_of(scope)
                if name in bindings and name not in scope._not_local:
                    return scope
            first = False
            scope = scope.parent
        return None

    def lookup(self, name: str, start: Scope | None = None) -> tuple[Scope, list[Binding]] | None:
        """The scope binding `name` as seen from `start` (default: current) and its bindings."""
        scope = self._scope_defining(name, start or self.current)
        if scope is None:
            return None
        return scope, self.bindings_of(scope)[name]

    def resolve_name(self, name: str, start: Scope | None = None) -> str | None:
        scope = self._scope_defining(name, start or self.current)
        if scope is None:
            if name in self._assumed_modules:
                return name
            if name in BUILTIN_NAMES and not self._star_imports:
                return f"builtins.{name}"
            return None
        if name in scope._memo:
            return scope._memo[name]
        key = (id(scope), name)
        if key in self._in_progress:
            return None
        self._in_progress.add(key)
        try:
            paths = {
                self._binding_path(binding, name, scope)
                for binding in self.bindings_of(scope)[name]
            }
        finally:
            self._in_progress.discard(key)
        result = paths.pop() if len(paths) == 1 else None
        scope._memo[name] = result
        return result

    def _binding_path(self, binding: Binding, name: str, scope: Scope) -> str | None:
        if binding.kind is BindingKind.IMPORT and binding.target is not None:
            target = binding.target
            if target.startswith("."):
                target = _absolute_import(target, self._module_parts, self._is_package)
            return canonical(target)
        if binding.kind is BindingKind.VALUE and isinstance(binding.node, cst.BaseExpression):
            return self.resolve(binding.node, scope)
        if binding.kind is BindingKind.ANNOTATED and isinstance(binding.node, cst.BaseExpression):
            # A parameter's annotation is evaluated where the `def` is, not inside it.
            where = scope.parent if binding.target == _PARAMETER and scope.parent else scope
            type_path = self.annotation_type(binding.node, where)
            return None if type_path is None else type_path + "()"
        if binding.kind in (BindingKind.DEF, BindingKind.CLASS):
            prefix = FILE_PREFIX if scope.kind is ScopeKind.MODULE else LOCAL_PREFIX
            return prefix + name
        return None

    # --- expressions -----------------------------------------------------------------------

    def resolve(self, node: cst.CSTNode, scope: Scope | None = None) -> str | None:
        """The path of `node` as seen from `scope` (default: the current scope)."""
        if isinstance(node, cst.Name):
            return self.resolve_name(node.value, scope)
        if isinstance(node, cst.Attribute):
            base = self.resolve(node.value, scope)
            return None if base is None else canonical(f"{base}.{node.attr.value}")
        if isinstance(node, cst.Call):
            callee = self.resolve(node.func, scope)
            return None if callee is None else callee + "()"
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            # `base / "name"` keeps the type of `base` for path-like objects.
            left = self.resolve(node.left, scope)
            return left if left is not None and "()" in left else None
        if isinstance(node, cst.Await):
            return None
        return None

    def resolve_callee(self, call: cst.Call) -> str | None:
        return self.resolve(call.func)

    def annotation_type(self, node: cst.BaseExpression, scope: Scope | None = None) -> str | None:
        """The type an annotation names, unwrapping Annotated/Optional/`| None`/type aliases."""
        return self._annotation_type(node, scope, depth=0)

    def _annotation_type(
        self, node: cst.BaseExpression, scope: Scope | None, depth: int
    ) -> str | None:
        if depth > 8:
            return None
        if isinstance(node, cst.Subscript):
            head = self.resolve(node.value, scope)
            if head in _ANNOTATED or head in _OPTIONAL:
                first = node.slice[0].slice if node.slice else None
                if isinstance(first, cst.Index):
                    return self._annotation_type(first.value, scope, depth + 1)
            return None
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            left_none = _is_none(node.left)
            right_none = _is_none(node.right)
            if right_none and not left_none:
                return self._annotation_type(node.left, scope, depth + 1)
            if left_none and not right_none:
                return self._annotation_type(node.right, scope, depth + 1)
            return None
        if isinstance(node, cst.Name):
            found = self.lookup(node.value, scope)
            if found is not None:
                alias = _single_alias_value(found[1])
                if alias is not None:
                    return self._annotation_type(alias, found[0], depth + 1)
        return self.resolve(node, scope)

    def annotation_metadata(
        self, node: cst.BaseExpression, scope: Scope | None = None
    ) -> list[cst.BaseExpression]:
        """The metadata of `Annotated[T, m1, m2]` (through a type alias), else []."""
        for _ in range(8):
            if isinstance(node, cst.Subscript):
                if self.resolve(node.value, scope) in _ANNOTATED:
                    return [
                        element.slice.value
                        for element in node.slice[1:]
                        if isinstance(element.slice, cst.Index)
                    ]
                return []
            if isinstance(node, cst.Name):
                found = self.lookup(node.value, scope)
                alias = None if found is None else _single_alias_value(found[1])
                if alias is None or found is None:
                    return []
                node, scope = alias, found[0]
                continue
            return []
        return []


def _single_alias_value(bindings: list[Binding]) -> cst.BaseExpression | None:
    """The value of a name bound once to a subscript (a type alias such as `Annotated[...]`)."""
    if len(bindings) != 1:
        return None
    binding = bindings[0]
    if binding.kind is BindingKind.VALUE and isinstance(binding.node, cst.Subscript):
        return binding.node
    return None


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"

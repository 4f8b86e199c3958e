"""Pydantic v2 models defined across the change: a cheap `ast` pre-scan before analysis.

PYD004 flags `.dict()` only with evidence that the receiver is a v2 model. Within a file the
engine finds the model class itself; this module finds the models that the *other* changed
files define, so that `payload: UserUpdate` imported from `app/users/schemas.py` counts when
that file is part of the change and its whole text is known (reviewed whole from the
repository, or created by the patch). The result goes into `RepoFacts`.

What counts as a v2 model is what `analysis/pydantic_models.py` judges within a file, with
PYD004's `names` and `safe` names: a module-level class (the only module-level binding of
its name) whose bases resolve, through imports and through classes of the scanned files, to
a listed name (`pydantic.BaseModel`, `sqlmodel.SQLModel`, ...). A base in `safe`
(`pydantic.v1.*`), directly or through a v1 parent, makes a v1 model, which is never
reported. Bases that do not resolve add nothing; a cycle of bases resolves to nothing.

Names: a file's module comes from its path (`app/users/schemas.py` -> `app.users.schemas`;
an `__init__.py` names its package; `src/shop/x.py` is both `src.shop.x` and `shop.x`).
Imports resolve as Python resolves them: absolute, relative (`from .schemas import X`),
aliased (`import pydantic as pd`), and through a scanned module that re-exports a class
(`from app.users import UserUpdate` when `app/users/__init__.py` imports it).

Cost: `ast` parses about ten times faster than libcst, and a file with no class statement at
column 0 (other than an `__init__.py`, which may re-export) is not parsed at all. With fewer
than two Python files there is nothing to learn: a file's own models are found in the file.
"""

from __future__ import annotations

import ast
import re
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from agentreview.findings import RepoFacts

if TYPE_CHECKING:
    from agentreview.catalogue.compiled import Catalogue

SETTINGS_ROOT = "pydantic_settings.BaseSettings"
_RULE_ID = "PYD004"
_PYTHON_SUFFIXES = (".py", ".pyi")
_COLUMN_ZERO_CLASS = re.compile(r"^class\s", re.MULTILINE)
_MAX_REEXPORT_HOPS = 8
_BLOCKS = (ast.If, ast.Try, ast.TryStar, ast.With, ast.AsyncWith, ast.For, ast.AsyncFor, ast.While)

# A changed file's path and how to read its whole post-change text (None: not known).
Source = tuple[str, Callable[[], str | None]]


# --- what to look for ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Patterns:
    """Qualified names as a rule's `match` block lists them (a trailing `*`: any rest)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, patterns: Iterable[str]) -> _Patterns:
        listed = list(patterns)
        return cls(
            frozenset(pattern for pattern in listed if not pattern.endswith("*")),
            tuple(pattern[:-1] for pattern in listed if pattern.endswith("*")),
        )

    def matches(self, path: str) -> bool:
        return path in self.exact or any(
            path.startswith(prefix) and len(path) > len(prefix) for prefix in self.prefixes
        )


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """Which bases make a v2 model, which a v1 model, and which method names matter."""

    roots: _Patterns
    v1: _Patterns
    methods: frozenset[str]

    @classmethod
    def of(
        cls, names: Iterable[str], safe: Iterable[str], methods: Iterable[str] = ()
    ) -> ModelSpec:
        return cls(_Patterns.of(names), _Patterns.of(safe), frozenset(methods))

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue) -> ModelSpec | None:
        """PYD004's `names`, `safe` and `methods`; None when the catalogue lists no names."""
        try:
            match = catalogue.rule(_RULE_ID).match
        except KeyError:
            return None
        if match is None or not match.names:
            return None
        return cls.of(match.names, match.safe, match.methods)


@dataclass(frozen=True, slots=True)
class ModelFacts:
    models: frozenset[str] = frozenset()  # v2 models by module-qualified name
    settings: frozenset[str] = frozenset()  # those derived from pydantic_settings.BaseSettings
    methods: frozenset[str] = frozenset()  # `Model.method`: a listed method it defines itself


def with_changed_models(
    facts: RepoFacts, catalogue: Catalogue, sources: Sequence[Source]
) -> RepoFacts:
    """`facts` plus the v2 models the changed Python files among `sources` define."""
    python = [(path, read) for path, read in sources if path.endswith(_PYTHON_SUFFIXES)]
    spec = ModelSpec.from_catalogue(catalogue)
    if spec is None or len(python) < 2:
        return facts
    found = scan_models(((path, read()) for path, read in python), spec)
    return replace(
        facts,
        pydantic_models=found.models,
        pydantic_settings_models=found.settings,
        pydantic_model_methods=found.methods,
    )


def scan_models(sources: Iterable[tuple[str, str | None]], spec: ModelSpec) -> ModelFacts:
    """The v2 models that the (path, whole text) `sources` define; None texts are skipped."""
    modules = [
        module
        for path, text in sources
        if text is not None
        for module in [_scan_module(path, text, spec)]
        if module is not None
    ]
    return _Classifier(modules, spec).facts()


# --- one file ----------------------------------------------------------------------------------


class _Kind(Enum):
    V2 = "v2"
    V1 = "v1"


@dataclass(slots=True, eq=False)
class _Class:
    module: _Module
    name: str
    base_names: list[tuple[str, ...] | None]  # each base's dotted spelling (None: not a name)
    methods: frozenset[str]  # listed method names its body defines
    bases: list[str | _Class] = field(default_factory=list)  # resolved: a path or a class
    kind: _Kind | None = None
    settings: bool = False


@dataclass(slots=True, eq=False)
class _Module:
    parts: tuple[str, ...]  # from the path, for relative imports (`src`, `shop`, `router`)
    is_package: bool
    names: tuple[str, ...]  # the dotted names it is imported by (`src.shop.x`, `shop.x`)
    imports: dict[str, str] = field(default_factory=dict)  # name -> what it imports (only binding)
    classes: dict[str, _Class] = field(default_factory=dict)  # name -> class (only binding)


def module_names(path: str) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    """(module parts, is a package, dotted names) for a file path; no names if it has none.

    `app/users/schemas.py` -> app.users.schemas; `app/users/__init__.py` -> app.users;
    `src/shop/x.py` -> src.shop.x and shop.x.
    """
    pure = PurePosixPath(path.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or pure.suffix not in _PYTHON_SUFFIXES:
        return (), False, ()
    parts = [*pure.parts[:-1], pure.stem]
    if not parts or not all(part.isidentifier() for part in parts):
        return (), False, ()
    is_package = parts[-1] == "__init__"
    module = tuple(parts[:-1] if is_package else parts)
    if not module:
        return (), False, ()
    names = [".".join(module)]
    if module[0] == "src" and len(module) > 1:
        names.append(".".join(module[1:]))
    return module, is_package, tuple(names)


def _scan_module(path: str, text: str, spec: ModelSpec) -> _Module | None:
    parts, is_package, names = module_names(path)
    if not names or not (is_package or _COLUMN_ZERO_CLASS.search(text)):
        return None
    tree = _parse(text)
    if tree is None:
        return None
    module = _Module(parts, is_package, names)
    bindings: dict[str, list[tuple[str, object]]] = {}
    for name, kind, value in _module_bindings(tree, module, walrus=":=" in text):
        bindings.setdefault(name, []).append((kind, value))
    for name, found in bindings.items():
        if len(found) != 1:
            continue  # bound several times: which one a use means is not known
        kind, value = found[0]
        if kind == "import" and isinstance(value, str):
            module.imports[name] = value
        elif kind == "class" and isinstance(value, ast.ClassDef):
            module.classes[name] = _Class(
                module,
                name,
                [_dotted(_unparameterised(base)) for base in value.bases],
                _defined_names(value) & spec.methods,
            )
    return module


def _parse(text: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences and the like
            return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # this file adds nothing; the others are still scanned


def _module_bindings(
    tree: ast.Module, module: _Module, *, walrus: bool
) -> Iterator[tuple[str, str, object]]:
    """(name, kind, value) for each module-level binding, also inside top-level blocks.

    kind is `import` (value: the imported qualified name, or None when it cannot be told),
    `class` (value: the ClassDef) or `other`.
    """
    stack: list[ast.stmt] = list(reversed(tree.body))
    while stack:
        statement = stack.pop()
        if isinstance(statement, ast.ClassDef):
            yield statement.name, "class", statement
        elif isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            yield statement.name, "other", None
        elif isinstance(statement, ast.Import):
            for alias in statement.names:
                if alias.asname is not None:
                    yield alias.asname, "import", alias.name
                else:
                    head = alias.name.split(".", 1)[0]
                    yield head, "import", head
        elif isinstance(statement, ast.ImportFrom):
            yield from _import_from(statement, module)
        else:
            for name in _assigned_names(statement, walrus=walrus):
                yield name, "other", None
            stack.extend(reversed(_nested_statements(statement)))


def _import_from(statement: ast.ImportFrom, module: _Module) -> Iterator[tuple[str, str, object]]:
    source = _absolute_module(statement.level, statement.module, module)
    for alias in statement.names:
        if alias.name == "*":
            continue  # a star import binds names that cannot be listed: they stay unresolved
        target = None if source is None else f"{source}.{alias.name}"
        yield alias.asname or alias.name, "import", target


def _absolute_module(level: int, name: str | None, module: _Module) -> str | None:
    """The module a `from` import names (`..db` in `app/api/users.py` -> `app.db`)."""
    if level == 0:
        return name
    package = module.parts if module.is_package else module.parts[:-1]
    if level - 1 >= len(package):
        return None  # beyond the top of the tree as the path shows it
    base = package[: len(package) - (level - 1)]
    return ".".join([*base, name] if name else base)


def _nested_statements(statement: ast.stmt) -> list[ast.stmt]:
    """The statements of a top-level block (`if`, `try`, `with`, `for`, `while`, `match`)."""
    if isinstance(statement, ast.Match):
        return [inner for case in statement.cases for inner in case.body]
    if not isinstance(statement, _BLOCKS):
        return []
    nested: list[ast.stmt] = [*statement.body]
    if isinstance(statement, ast.If | ast.For | ast.AsyncFor | ast.While | ast.Try | ast.TryStar):
        nested.extend(statement.orelse)
    if isinstance(statement, ast.Try | ast.TryStar):
        for handler in statement.handlers:
            nested.extend(handler.body)
        nested.extend(statement.finalbody)
    return nested


def _assigned_names(statement: ast.stmt, *, walrus: bool) -> Iterator[str]:
    """Names a non-import, non-def statement binds (loop and `with` targets included)."""
    targets: list[ast.expr] = []
    if isinstance(statement, ast.Assign):
        targets.extend(statement.targets)
    elif isinstance(statement, ast.AnnAssign | ast.AugAssign | ast.For | ast.AsyncFor):
        targets.append(statement.target)
    elif isinstance(statement, ast.With | ast.AsyncWith):
        targets.extend(item.optional_vars for item in statement.items if item.optional_vars)
    elif isinstance(statement, ast.Try | ast.TryStar):
        yield from (handler.name for handler in statement.handlers if handler.name)
    elif isinstance(statement, ast.Match):
        for case in statement.cases:
            for node in ast.walk(case.pattern):
                if isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
                    yield node.name
                elif isinstance(node, ast.MatchMapping) and node.rest:
                    yield node.rest
    while targets:
        target = targets.pop()
        if isinstance(target, ast.Name):
            yield target.id
        elif isinstance(target, ast.Tuple | ast.List):
            targets.extend(target.elts)
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
        # `obj.attr = ...` and `items[key] = ...` bind no name
    if walrus and not isinstance(statement, _BLOCKS):
        for node in ast.walk(statement):
            if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                yield node.target.id


def _defined_names(cls: ast.ClassDef) -> frozenset[str]:
    """Names the class body defines directly (methods, nested classes, attributes)."""
    names: set[str] = set()
    for statement in cls.body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(statement.name)
        elif isinstance(statement, ast.Assign):
            names.update(t.id for t in statement.targets if isinstance(t, ast.Name))
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            names.add(statement.target.id)
    return frozenset(names)


def _unparameterised(base: ast.expr) -> ast.expr:
    """`RootModel[int]` -> `RootModel`: a parameterised base is its class."""
    return base.value if isinstance(base, ast.Subscript) else base


def _dotted(node: ast.expr) -> tuple[str, ...] | None:
    """`a.b.C` -> (a, b, C); None for anything but a Name/Attribute chain."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return tuple(reversed(parts))


# --- across files --------------------------------------------------------------------------


class _Classifier:
    """Resolves every class's bases across the scanned modules and judges them in order."""

    def __init__(self, modules: list[_Module], spec: ModelSpec) -> None:
        self.spec = spec
        self.modules = modules
        self.by_name: dict[str, _Module] = {}
        self.classes: dict[str, _Class] = {}
        for module in modules:
            for module_name in module.names:
                self.by_name.setdefault(module_name, module)
                for class_name, cls in module.classes.items():
                    self.classes.setdefault(f"{module_name}.{class_name}", cls)

    def facts(self) -> ModelFacts:
        every = [cls for module in self.modules for cls in module.classes.values()]
        for cls in every:
            cls.bases = [
                resolved
                for spelling in cls.base_names
                if spelling is not None
                for resolved in [self._base(cls.module, spelling)]
                if resolved is not None
            ]
        self._judge_in_base_order(every)
        models: set[str] = set()
        settings: set[str] = set()
        methods: set[str] = set()
        for name, cls in self._every_name():
            if cls.kind is not _Kind.V2:
                continue
            models.add(name)
            if cls.settings:
                settings.add(name)
            methods.update(f"{name}.{method}" for method in cls.methods)
        return ModelFacts(frozenset(models), frozenset(settings), frozenset(methods))

    def _base(self, module: _Module, spelling: tuple[str, ...]) -> str | _Class | None:
        """What a base spelled `spelling` in `module` is: a scanned class, a path, or None."""
        head, rest = spelling[0], spelling[1:]
        if head in module.classes:
            return module.classes[head] if not rest else None
        if head not in module.imports:
            return None
        return self._follow(".".join([module.imports[head], *rest]))

    def _follow(self, path: str) -> str | _Class:
        """A scanned class, through re-exports of scanned modules; else the path itself."""
        for _ in range(_MAX_REEXPORT_HOPS):
            if path in self.classes:
                return self.classes[path]
            module_name, _, name = path.rpartition(".")
            module = self.by_name.get(module_name)
            if module is None or name not in module.imports:
                return path
            path = module.imports[name]
        return path

    def _judge_in_base_order(self, classes: list[_Class]) -> None:
        """Judge each class after its scanned bases; a class on a cycle stays unknown."""
        waiting = {id(cls): sum(isinstance(b, _Class) for b in cls.bases) for cls in classes}
        subclasses: dict[int, list[_Class]] = {}
        for cls in classes:
            for base in cls.bases:
                if isinstance(base, _Class):
                    subclasses.setdefault(id(base), []).append(cls)
        ready = deque(cls for cls in classes if waiting[id(cls)] == 0)
        while ready:
            cls = ready.popleft()
            self._judge(cls)
            for subclass in subclasses.get(id(cls), []):
                waiting[id(subclass)] -= 1
                if waiting[id(subclass)] == 0:
                    ready.append(subclass)

    def _judge(self, cls: _Class) -> None:
        v1 = v2 = settings = False
        methods = set(cls.methods)
        for base in cls.bases:
            if isinstance(base, _Class):
                v1 = v1 or base.kind is _Kind.V1
                v2 = v2 or base.kind is _Kind.V2
                settings = settings or base.settings
                methods |= base.methods
            elif self.spec.v1.matches(base):
                v1 = True
            elif self.spec.roots.matches(base):
                v2 = True
                settings = settings or base == SETTINGS_ROOT
        cls.kind = _Kind.V1 if v1 else _Kind.V2 if v2 else None
        cls.settings = settings and not v1
        cls.methods = frozenset(methods)

    def _every_name(self) -> Iterator[tuple[str, _Class]]:
        """Each class under each name it can be imported by, re-exports included."""
        yield from self.classes.items()
        for module in self.modules:
            for name, target in module.imports.items():
                found = self._follow(target)
                if isinstance(found, _Class):
                    for module_name in module.names:
                        yield f"{module_name}.{name}", found

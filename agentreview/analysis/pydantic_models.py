"""Pydantic v2: PYD002-PYD006 (constraints with a None default, v1 leftovers, removed names).

What counts as a v2 model: a class whose bases resolve, transitively through classes defined
at module level in the same file, to one of the rule's `names` (`pydantic.BaseModel`,
`sqlmodel.SQLModel`, `pydantic_settings.BaseSettings`, ...), or to a v2 model that another
changed file defines (`RepoFacts.pydantic_models`, from the pre-scan in `model_facts.py`). A
class with any base in the rule's `safe` names (`pydantic.v1.*`) is a v1 model and is never
reported; a class whose bases do not resolve is unknown, and unknown means silent.

Where each rule looks:
- PYD002: `x: T = Field(...)` (a listed `calls` name) with `default=None` (keyword or first
  positional) and a constraint keyword (the other `keywords`), where `T` visibly does not admit
  None (`X | None`, `Optional`, `Union[..., None]`, `Any` and the `safe` names do).
- PYD003 / PYD005 config keys: keywords of the config builders (PYD003 `calls`, PYD005
  `constructors`: `ConfigDict`, `SettingsConfigDict`), keys of a `model_config = {...}` dict in
  a class that is not a v1 model, assignments in a nested `class Config` of a v2 model.
- PYD005 `class Config`: the nested class itself (reported on its `class Config` header; a
  `json_encoders` inside it is a separate PYD003 finding on that assignment), and `@validator`/
  `@root_validator` (PYD005 `calls`) used as decorators.
- PYD004: a listed method called on a receiver known to be a v2 model of this file or of
  another changed file (imported): an instance (`Model(...)`, `Model.model_validate(...)`, a
  parameter or variable annotated with the class, `self` in one of its methods) or, for class
  methods, the class itself. Never on a class that defines the method itself.
- PYD006: `from pydantic import BaseSettings` (not inside a `try` that catches ImportError: a
  compatibility shim), `pydantic.BaseSettings` attribute uses, and the `regex=` keyword of the
  listed calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

import libcst as cst
from libcst.metadata import CodeRange

from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.framework import positional_or_keyword
from agentreview.analysis.literals import bound_value, is_constant, string_value
from agentreview.analysis.resolver import FILE_PREFIX, Scope, ScopeKind, dotted_name
from agentreview.findings import Suggestion
from agentreview.fixes.codemods.pydantic_config import (
    RENAMED_CONFIG_KEYS,
    field_validator_decorators,
    model_config_assignment,
    renamed_key,
)
from agentreview.fixes.codemods.pydantic_methods import V2_METHODS, v2_method_call
from agentreview.fixes.codemods.pydantic_names import (
    SETTINGS_MODULE,
    import_without,
    pattern_keyword,
    settings_attribute,
    settings_import,
)
from agentreview.fixes.model import RequiredImport
from agentreview.fixes.offer import (
    Spelling,
    offer,
    replace_argument,
    replace_with_node,
    spell,
    usable,
)
from agentreview.model_facts import SETTINGS_ROOT

_INFO_KEY = "pydantic.model_info"

_SETTINGS_ROOT = SETTINGS_ROOT
_CONFIG_DICT = RequiredImport("pydantic", "ConfigDict")
_SETTINGS_CONFIG_DICT = RequiredImport("pydantic_settings", "SettingsConfigDict")
_FIELD_VALIDATOR = RequiredImport("pydantic", "field_validator")
_SETTINGS_MODULE = RequiredImport("pydantic_settings")

# PYD004: class methods (callable on the class object), and the class methods that return
# an instance (so `Model.model_validate(x).dict()` is on a model). The v2 names are the
# codemod's `V2_METHODS`.
_CLASS_METHODS = frozenset({"parse_obj", "parse_raw", "from_orm", "schema"})
_INSTANCE_FACTORIES = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "model_construct",
        "parse_obj",
        "parse_raw",
        "parse_file",
        "from_orm",
        "construct",
    }
)
_FILE_PATH = re.compile(r"^(?P<name>\w+)(?:(?P<call>\(\))|\.(?P<factory>\w+)\(\))?$")
_IMPORT_ERRORS = frozenset({"builtins.ImportError", "builtins.ModuleNotFoundError"})


class ModelKind(Enum):
    V2 = "v2"
    V1 = "v1"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    kind: ModelKind | None  # None: not known to be a pydantic model
    # The listed base classes reached (`pydantic.BaseModel`, ...); a model of another changed
    # file adds its own name, or `pydantic_settings.BaseSettings` when it is a settings class.
    roots: frozenset[str]

    @property
    def is_v2(self) -> bool:
        return self.kind is ModelKind.V2

    @property
    def is_settings(self) -> bool:
        return _SETTINGS_ROOT in self.roots


_UNKNOWN = ModelInfo(None, frozenset())


def model_info(cls: cst.ClassDef, scope: Scope, ctx: Context, rule_id: str) -> ModelInfo:
    """What `cls` (defined in `scope`) is, judged by `rule_id`'s `names` and `safe` names."""
    memo: dict[tuple[str, int], ModelInfo] = ctx.shared.setdefault(_INFO_KEY, {})
    key = (rule_id, id(cls))
    if key not in memo:
        memo[key] = _UNKNOWN  # a cycle of in-file bases resolves to unknown
        memo[key] = _info_from_bases(cls, scope, ctx, rule_id)
    return memo[key]


def _info_from_bases(cls: cst.ClassDef, scope: Scope, ctx: Context, rule_id: str) -> ModelInfo:
    listed = ctx.listed(rule_id, "names")
    roots: set[str] = set()
    v1 = False
    for base in _bases(cls):
        path = ctx.resolver.resolve(base, scope)
        if path is None:
            continue
        if listed.safe.matches(path):
            v1 = True
        elif listed.names.matches(path):
            roots.add(path)
        elif path.startswith(FILE_PREFIX):
            parent = ctx.facts.only_class(path[len(FILE_PREFIX) :])
            if parent is not None:
                info = model_info(parent, ctx.resolver.module_scope, ctx, rule_id)
                v1 = v1 or info.kind is ModelKind.V1
                roots.update(info.roots)
        elif path in ctx.repo_facts.pydantic_models:
            settings = path in ctx.repo_facts.pydantic_settings_models
            roots.add(_SETTINGS_ROOT if settings else path)
    if v1:
        return ModelInfo(ModelKind.V1, frozenset(roots))
    return ModelInfo(ModelKind.V2 if roots else None, frozenset(roots))


def _bases(cls: cst.ClassDef) -> list[cst.BaseExpression]:
    """The positional bases, a parameterised one by its class (`RootModel[int]` -> `RootModel`)."""
    return [
        arg.value.value if isinstance(arg.value, cst.Subscript) else arg.value
        for arg in cls.bases
        if arg.keyword is None and not arg.star
    ]


def has_unresolved_base(cls: cst.ClassDef, scope: Scope, ctx: Context) -> bool:
    """Whether a base of `cls` is a name this fragment cannot resolve (diff-only mode)."""
    return any(
        isinstance(base, cst.Name | cst.Attribute) and ctx.resolver.resolve(base, scope) is None
        for base in _bases(cls)
    )


def enclosing_class(ctx: Context) -> tuple[cst.ClassDef, Scope] | None:
    """The class whose body holds the current node directly, and the scope defining it."""
    scope = ctx.scope
    if (
        scope.kind is ScopeKind.CLASS
        and isinstance(scope.node, cst.ClassDef)
        and scope.parent is not None
    ):
        return scope.node, scope.parent
    return None


def defines_attribute(cls: cst.ClassDef, name: str, ctx: Context, depth: int = 0) -> bool:
    """Whether `cls` or one of its in-file bases defines `name` in its body.

    A base that is a model of another changed file is known to define only the PYD004 method
    names the pre-scan recorded; for any other name it may, and True is the cautious answer.
    """
    if depth > 8:
        return True
    for statement in _body_statements(cls):
        if isinstance(statement, cst.FunctionDef | cst.ClassDef) and statement.name.value == name:
            return True
        if isinstance(statement, cst.Assign) and any(
            isinstance(target.target, cst.Name) and target.target.value == name
            for target in statement.targets
        ):
            return True
        if (
            isinstance(statement, cst.AnnAssign)
            and isinstance(statement.target, cst.Name)
            and statement.target.value == name
        ):
            return True
    for base in _bases(cls):
        path = ctx.resolver.resolve(base, ctx.resolver.module_scope)
        if path is not None and path.startswith(FILE_PREFIX):
            parent = ctx.facts.only_class(path[len(FILE_PREFIX) :])
            if parent is not None and defines_attribute(parent, name, ctx, depth + 1):
                return True
        elif path is not None and _changed_file_model_defines(path, name, ctx):
            return True
    return False


def _changed_file_model_defines(model: str, name: str, ctx: Context) -> bool:
    """Whether `model`, a v2 model of another changed file, may define `name` itself."""
    facts = ctx.repo_facts
    if model not in facts.pydantic_models:
        return False
    if name in ctx.match("PYD004").methods:
        return f"{model}.{name}" in facts.pydantic_model_methods
    return True


def _body_statements(cls: cst.ClassDef) -> list[cst.CSTNode]:
    """The class body's statements, small statements unpacked."""
    statements: list[cst.CSTNode] = []
    body = cls.body
    lines = body.body if isinstance(body, cst.IndentedBlock) else [body]
    for line in lines:
        if isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            statements.extend(line.body)
        else:
            statements.append(line)
    return statements


# --- PYD002 -------------------------------------------------------------------------------


class ConstraintWithNoneDefault(Detector):
    """PYD002: `Field(ge=18, default=None)` on a field whose type does not admit None."""

    rule_ids = ("PYD002",)
    visits = (cst.AnnAssign,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.AnnAssign)
        call = node.value
        if not isinstance(call, cst.Call):
            return
        listed = ctx.listed("PYD002")
        callee = ctx.resolve(call.func)
        if not listed.matches(callee):
            ctx.unresolved_candidate("PYD002", call.func, listed)
            return
        if not is_constant(positional_or_keyword(call, 0, "default"), "None"):
            return
        wanted = set(ctx.match("PYD002").keywords) - {"default"}
        constraints = [
            arg.keyword.value
            for arg in call.args
            if arg.keyword is not None and arg.keyword.value in wanted
        ]
        annotation = node.annotation.annotation
        if not constraints or _admits_none(annotation, ctx, 0) is not False:
            return
        field = ctx.code(node.target).strip()
        written = " ".join(ctx.code(annotation).split())
        listing = ", ".join(f"`{name}`" for name in constraints)
        ctx.report(
            "PYD002",
            call,
            f"field `{field}: {written}` defaults to None next to {listing}: Pydantic does "
            f"not validate defaults, so an omitted value becomes None although `{written}` "
            "does not admit it",
        )


def _admits_none(node: cst.BaseExpression, ctx: Context, depth: int) -> bool | None:
    """Whether the annotation admits None: True, False, or None when it cannot tell."""
    if depth > 8:
        return None
    if is_constant(node, "None"):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return _any_admits([node.left, node.right], ctx, depth)
    if isinstance(node, cst.Subscript):
        return _subscript_admits_none(node, ctx, depth)
    if isinstance(node, cst.Name | cst.Attribute):
        path = ctx.resolve(node)
        if path is None:
            aliased = bound_value(node, ctx) if isinstance(node, cst.Name) else None
            return None if aliased is None else _admits_none(aliased, ctx, depth + 1)
        if ctx.listed("PYD002", "calls").safe.matches(path):
            return True
        if path.endswith("()"):
            return None  # a TypeVar, NewType or other runtime-built type
        if path.startswith(FILE_PREFIX):
            return False if ctx.facts.only_class(path[len(FILE_PREFIX) :]) else None
        return False
    return None


def _any_admits(nodes: list[cst.BaseExpression], ctx: Context, depth: int) -> bool | None:
    results = [_admits_none(item, ctx, depth + 1) for item in nodes]
    if any(result is True for result in results):
        return True
    return False if all(result is False for result in results) else None


def _subscript_admits_none(node: cst.Subscript, ctx: Context, depth: int) -> bool | None:
    head = ctx.resolve(node.value)
    if head is None:
        return None
    elements = [
        element.slice.value for element in node.slice if isinstance(element.slice, cst.Index)
    ]
    last = head.rsplit(".", 1)[-1]
    typing_module = head.startswith(("typing.", "typing_extensions."))
    if typing_module and last == "Optional":
        return True
    if typing_module and last == "Union":
        return _any_admits(elements, ctx, depth)
    if typing_module and last == "Annotated":
        return _admits_none(elements[0], ctx, depth + 1) if elements else None
    if typing_module and last == "Literal":
        return any(is_constant(element, "None") for element in elements)
    if ctx.listed("PYD002", "calls").safe.matches(head) or head.endswith("()"):
        return None
    return False  # a parameterised class (`list[int]`, `dict[str, X]`) is never None


# --- PYD003 / PYD005: config ----------------------------------------------------------------


def _renamed_key_suggestion(key_node: cst.CSTNode, key: str, ctx: Context) -> Suggestion | None:
    """The key under its v2 name (codemod `pydantic_config`)."""
    return replace_with_node(ctx, key_node, renamed_key(key_node))


def _config_key_message(key: str, where: str) -> str:
    new = RENAMED_CONFIG_KEYS.get(key)
    instead = f": use `{new}`" if new else ""
    return f"`{key}` in {where} is a Pydantic v1 config key that v2 ignores{instead}"


def _json_encoders_message(where: str) -> str:
    return (
        f"`json_encoders` in {where} is deprecated since Pydantic 2.0: use "
        "`@field_serializer` or `Annotated[..., PlainSerializer(...)]`"
    )


class ConfigBuilderKeys(Detector):
    """PYD003/PYD005: `json_encoders` and renamed v1 keys in `ConfigDict(...)`-style calls."""

    rule_ids = ("PYD003", "PYD005")
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        callee = ctx.resolve(node.func)
        if callee is None:
            self._unjudged(node, ctx)
            return
        builder = f"`{ctx.code(node.func).strip()}(...)`"
        if ctx.listed("PYD003").matches(callee):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value in ctx.match("PYD003").keywords:
                    ctx.report("PYD003", arg, _json_encoders_message(builder))
        if ctx.listed("PYD005", "constructors").matches(callee):
            for arg in node.args:
                if arg.keyword is not None and arg.keyword.value in ctx.match("PYD005").keywords:
                    key = arg.keyword.value
                    ctx.report(
                        "PYD005",
                        arg,
                        _config_key_message(key, builder),
                        suggestion=_renamed_key_suggestion(arg.keyword, key, ctx),
                    )

    def _unjudged(self, node: cst.Call, ctx: Context) -> None:
        """Diff-only: a config builder whose import is off-hunk, with a key that matters."""
        keywords = {arg.keyword.value for arg in node.args if arg.keyword is not None}
        if keywords & set(ctx.match("PYD003").keywords):
            ctx.unresolved_candidate("PYD003", node.func, ctx.listed("PYD003"))
        if keywords & set(ctx.match("PYD005").keywords):
            ctx.unresolved_candidate("PYD005", node.func, ctx.listed("PYD005", "constructors"))


class ModelConfigDict(Detector):
    """PYD003/PYD005: keys of a `model_config = {...}` dict literal in a (non-v1) class body."""

    rule_ids = ("PYD003", "PYD005")
    visits = (cst.Assign, cst.AnnAssign)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Assign | cst.AnnAssign)
        targets = (
            [target.target for target in node.targets]
            if isinstance(node, cst.Assign)
            else [node.target]
        )
        if not any(isinstance(t, cst.Name) and t.value == "model_config" for t in targets):
            return
        if not isinstance(node.value, cst.Dict):
            return
        found = enclosing_class(ctx)
        if found is None:
            return
        cls, scope = found
        if model_info(cls, scope, ctx, "PYD005").kind is ModelKind.V1:
            return
        where = f"the `model_config` of `{cls.name.value}`"
        for element in node.value.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = string_value(element.key)
            if key in ctx.match("PYD003").keywords:
                ctx.report("PYD003", element, _json_encoders_message(where))
            elif key is not None and key in ctx.match("PYD005").keywords:
                ctx.report(
                    "PYD005",
                    element,
                    _config_key_message(key, where),
                    suggestion=_renamed_key_suggestion(element.key, key, ctx),
                )


class NestedConfigClass(Detector):
    """PYD005 (and PYD003 for `json_encoders`): a v1 `class Config:` inside a v2 model."""

    rule_ids = ("PYD003", "PYD005")
    visits = (cst.ClassDef,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.ClassDef)
        if node.name.value != "Config":
            return
        found = enclosing_class(ctx)
        if found is None:
            if ctx.fragment_nested and ctx.scope.kind is ScopeKind.MODULE:
                ctx.unjudged("PYD005")  # its model's header is outside the hunk
                ctx.unjudged("PYD003")
            return
        model, scope = found
        info = model_info(model, scope, ctx, "PYD005")
        if not info.is_v2:
            if info.kind is None and ctx.hunk_mode and has_unresolved_base(model, scope, ctx):
                ctx.unjudged("PYD005")
                ctx.unjudged("PYD003")
            return
        name = model.name.value
        header = CodeRange(ctx.position(node).start, ctx.position(node.name).end)
        builder = "SettingsConfigDict" if info.is_settings else "ConfigDict"
        ctx.report(
            "PYD005",
            node,
            f"`class Config` in `{name}` is Pydantic v1 configuration: use "
            f"`model_config = {builder}(...)`",
            span=header,
            suggestion=self._rewrite(node, model, info, ctx),
        )
        where = f"`class Config` of `{name}`"
        for statement in _body_statements(node):
            key = _assigned_name(statement)
            if key is None:
                continue
            if (
                key in ctx.match("PYD003").keywords
                and model_info(model, scope, ctx, "PYD003").is_v2
            ):
                ctx.report("PYD003", statement, _json_encoders_message(where))
            elif key in ctx.match("PYD005").keywords:
                assert isinstance(statement, cst.Assign | cst.AnnAssign)
                target = (
                    statement.targets[0].target
                    if isinstance(statement, cst.Assign)
                    else statement.target
                )
                ctx.report(
                    "PYD005",
                    statement,
                    _config_key_message(key, where),
                    suggestion=_renamed_key_suggestion(target, key, ctx),
                )

    def _rewrite(
        self, config: cst.ClassDef, model: cst.ClassDef, info: ModelInfo, ctx: Context
    ) -> Suggestion | None:
        """`model_config = ConfigDict(...)` for the whole class (codemod `pydantic_config`);
        a plain dict when `ConfigDict` is neither imported nor, in fix mode, importable."""
        if defines_attribute(model, "model_config", ctx):
            return None
        builder = spell(ctx, _SETTINGS_CONFIG_DICT if info.is_settings else _CONFIG_DICT)
        if not usable(ctx, builder):
            builder = None
        assignment = model_config_assignment(
            config, settings=info.is_settings, builder=None if builder is None else builder.text
        )
        if assignment is None:
            return None
        span = ctx.position(config)
        indent = ctx.source_lines[span.start.line - 1][: span.start.column]
        if indent.strip():
            return None
        text = f"{indent}{ctx.code(assignment)}{ctx.module.default_newline}"
        edit = ctx.replace_lines(span.start.line, span.end.line, text)
        return offer(ctx, edit, [None if builder is None else builder.needs])


def _assigned_name(statement: cst.CSTNode) -> str | None:
    if isinstance(statement, cst.Assign) and len(statement.targets) == 1:
        target = statement.targets[0].target
        return target.value if isinstance(target, cst.Name) else None
    if isinstance(statement, cst.AnnAssign) and isinstance(statement.target, cst.Name):
        return statement.target.value
    return None


class ConfigKeyOffHunk(Detector):
    """Diff-only: `orm_mode = True` (or `json_encoders = ...`) added to a class body whose
    header is outside the hunk: whether it is a v2 model's `class Config` cannot be told."""

    rule_ids = ("PYD003", "PYD005")
    visits = (cst.Assign, cst.AnnAssign)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if not ctx.fragment_nested or ctx.scope.kind is not ScopeKind.MODULE:
            return
        key = _assigned_name(node)
        for rule_id in self.rule_ids:
            if key is not None and key in ctx.match(rule_id).keywords:
                ctx.unjudged(rule_id)


class V1Validators(Detector):
    """PYD005: `@validator` / `@root_validator` decorators."""

    rule_ids = ("PYD005",)
    visits = (cst.FunctionDef, cst.Decorator)

    def __init__(self) -> None:
        self.decorated: dict[int, cst.FunctionDef] = {}  # decorator -> its function

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.FunctionDef):
            self.decorated.update((id(decorator), node) for decorator in node.decorators)
            return
        assert isinstance(node, cst.Decorator)
        target = node.decorator
        func = target.func if isinstance(target, cst.Call) else target
        listed = ctx.listed("PYD005")
        path = ctx.resolve(func)
        if not listed.matches(path):
            ctx.unresolved_candidate("PYD005", func, listed)
            return
        assert path is not None
        name = path.rsplit(".", 1)[-1]
        replacement = "@model_validator" if name == "root_validator" else "@field_validator"
        ctx.report(
            "PYD005",
            node,
            f"`@{ctx.code(func).strip()}` is a Pydantic v1 validator: use `{replacement}`"
            + (" on a `@classmethod`" if name == "validator" else ""),
            suggestion=self._suggestion(node, func, name, ctx),
        )

    def _suggestion(
        self, node: cst.Decorator, func: cst.BaseExpression, name: str, ctx: Context
    ) -> Suggestion | None:
        """`@field_validator(...)` and `@classmethod` (codemod `pydantic_config`)."""
        function = self.decorated.get(id(node))
        if name != "validator" or function is None:
            return None
        if ctx.resolver.resolve_name("classmethod") != "builtins.classmethod":
            return None
        validator: Spelling | None
        if isinstance(func, cst.Attribute) and ctx.resolve(func.value) == "pydantic":
            validator = Spelling(f"{ctx.code(func.value).strip()}.field_validator")
        else:
            validator = spell(ctx, _FIELD_VALIDATOR)
        decorators = (
            None
            if validator is None
            else field_validator_decorators(function, node, validator.text)
        )
        span = ctx.position(node)
        indent = ctx.source_lines[span.start.line - 1][: span.start.column]
        if validator is None or decorators is None or indent.strip():
            return None
        code = (ctx.module.default_newline + indent).join(
            "@" + ctx.code(decorator.decorator) for decorator in decorators
        )
        return offer(ctx, ctx.replace_span(span, code), [validator.needs])


# --- PYD004 -------------------------------------------------------------------------------


class V1ModelMethods(Detector):
    """PYD004: `.dict()`, `.json()`, `parse_obj()`... on a receiver known to be a v2 model."""

    rule_ids = ("PYD004",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        method = func.attr.value
        if method not in ctx.match("PYD004").methods:
            return
        found = _model_receiver(func.value, method, ctx)
        if found is None:
            return
        model, on_class = found
        new = V2_METHODS.get(method)
        what = "the class" if on_class else "an instance of"
        instead = f": use `.{new}()`" if new else ""
        if method == "from_orm":
            instead = ": use `.model_validate(obj, from_attributes=True)`"
        ctx.report(
            "PYD004",
            node,
            f"`.{method}()` on {what} `{model}` (a Pydantic v2 model) is the "
            f"deprecated v1 API{instead}",
            span=CodeRange(ctx.position(func.attr).start, ctx.position(node).end),
            suggestion=_v2_method_suggestion(node, ctx),
        )


def _model_receiver(
    receiver: cst.BaseExpression, method: str, ctx: Context
) -> tuple[str, bool] | None:
    """The name of the v2 model class `receiver` is an instance of (False) or is itself (True),
    when that class does not define `method` itself."""
    path = ctx.resolve(receiver)
    if path is None:
        found = _self_or_cls(receiver, ctx)
        if found is None:
            _unjudged_off_hunk(receiver, ctx)
            return None
        enclosing, on_class = found
        if on_class and method not in _CLASS_METHODS:
            return None
        return (
            None if defines_attribute(enclosing, method, ctx) else (enclosing.name.value, on_class)
        )
    if not path.startswith(FILE_PREFIX):
        return _changed_file_model(path, method, ctx)
    parsed = _FILE_PATH.match(path[len(FILE_PREFIX) :])
    if parsed is None:
        return None
    factory = parsed.group("factory")
    on_class = parsed.group("call") is None and factory is None
    if factory is not None and factory not in _INSTANCE_FACTORIES:
        return None
    if on_class and method not in _CLASS_METHODS:
        return None
    model = ctx.facts.only_class(parsed.group("name"))
    if model is None:
        return None
    if not model_info(model, ctx.resolver.module_scope, ctx, "PYD004").is_v2:
        return None
    if defines_attribute(model, method, ctx):
        return None
    return model.name.value, on_class


def _changed_file_model(path: str, method: str, ctx: Context) -> tuple[str, bool] | None:
    """Like `_model_receiver` for a model that another changed file defines: `path` is
    `app.schemas.User` (the class), `app.schemas.User()` or `app.schemas.User.parse_obj()`."""
    models = ctx.repo_facts.pydantic_models
    if not models:
        return None
    on_class = not path.endswith("()")
    model = path if on_class else path[:-2]
    if not on_class and model not in models:
        owner, _, factory = model.rpartition(".")
        if factory not in _INSTANCE_FACTORIES:
            return None
        model = owner
    if model not in models or (on_class and method not in _CLASS_METHODS):
        return None
    if f"{model}.{method}" in ctx.repo_facts.pydantic_model_methods:
        return None  # the model defines the method itself
    return model.rsplit(".", 1)[-1], on_class


def _self_or_cls(receiver: cst.BaseExpression, ctx: Context) -> tuple[cst.ClassDef, bool] | None:
    """`self` (or `cls` in a classmethod) in a method of a v2 model class."""
    if not isinstance(receiver, cst.Name):
        return None
    scope = ctx.resolver.enclosing_function()
    if scope is None or not isinstance(scope.node, cst.FunctionDef):
        return None
    function = scope.node
    parent = scope.parent
    if parent is None or parent.kind is not ScopeKind.CLASS or parent.parent is None:
        return None
    if not isinstance(parent.node, cst.ClassDef):
        return None
    params = [*function.params.posonly_params, *function.params.params]
    if not params or params[0].name.value != receiver.value:
        return None
    found = ctx.resolver.lookup(receiver.value)
    if found is None or found[0] is not scope or len(found[1]) != 1:
        return None  # rebound in the body
    decorators = {dotted_name(d.decorator) for d in function.decorators}
    if "staticmethod" in decorators:
        return None
    on_class = "classmethod" in decorators
    if not model_info(parent.node, parent.parent, ctx, "PYD004").is_v2:
        return None
    return parent.node, on_class


def _unjudged_off_hunk(receiver: cst.BaseExpression, ctx: Context) -> None:
    """Diff-only: the receiver's type is named, but its class is not in the hunks."""
    if not ctx.hunk_mode:
        return
    if isinstance(receiver, cst.Call):
        receiver = receiver.func
    if isinstance(receiver, cst.Attribute):
        receiver = receiver.value  # `Model.model_validate(...)`
    if not isinstance(receiver, cst.Name):
        return
    found = ctx.resolver.lookup(receiver.value)
    if found is None:
        if receiver.value[:1].isupper() or ctx.fragment_nested:
            ctx.unjudged("PYD004")
        return
    for binding in found[1]:
        node = binding.node
        if isinstance(node, cst.Call):
            node = node.func
        if isinstance(node, cst.Name | cst.Attribute) and ctx.resolve(node) is None:
            ctx.unjudged("PYD004")
            return


def _v2_method_suggestion(call: cst.Call, ctx: Context) -> Suggestion | None:
    """The v2 method (codemod `pydantic_methods`)."""
    return replace_with_node(ctx, call, v2_method_call(call))


# --- PYD006 -------------------------------------------------------------------------------


class RemovedNames(Detector):
    """PYD006: `from pydantic import BaseSettings`, `pydantic.BaseSettings`, `regex=`."""

    rule_ids = ("PYD006",)
    visits = (cst.Try, cst.ImportFrom, cst.Attribute, cst.Call)
    leaves = (cst.Try,)

    def __init__(self) -> None:
        self.shims: list[bool] = []  # for each enclosing `try`: does it catch ImportError?

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.Try):
            self.shims.append(_catches_import_error(node, ctx))
        elif isinstance(node, cst.ImportFrom):
            self._import(node, ctx)
        elif isinstance(node, cst.Attribute):
            listed = ctx.listed("PYD006", "names")
            if node.attr.value not in listed.names.last_components():
                return
            path = ctx.resolve(node)
            if listed.matches(path):
                ctx.report(
                    "PYD006",
                    node,
                    f"`{ctx.code(node).strip()}` was removed in Pydantic v2: import "
                    "`BaseSettings` from `pydantic_settings`",
                    suggestion=self._attribute_suggestion(node, ctx),
                )
        elif isinstance(node, cst.Call):
            self._regex(node, ctx)

    def leave(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.Try) and self.shims:
            self.shims.pop()

    def _import(self, node: cst.ImportFrom, ctx: Context) -> None:
        if node.relative or node.module is None or isinstance(node.names, cst.ImportStar):
            return
        module = dotted_name(node.module)
        listed = ctx.listed("PYD006", "names")
        for alias in node.names:
            name = dotted_name(alias.name)
            if module is None or name is None or not listed.matches(f"{module}.{name}"):
                continue
            if any(self.shims):
                return  # `try: from pydantic_settings import ... except ImportError: ...`
            ctx.report(
                "PYD006",
                alias,
                f"`from {module} import {name}` fails on Pydantic v2 (`PydanticImportError`): "
                f"import it from `pydantic_settings`",
                suggestion=self._import_suggestion(node, alias, ctx),
            )

    def _import_suggestion(
        self, node: cst.ImportFrom, alias: cst.ImportAlias, ctx: Context
    ) -> Suggestion | None:
        """The import from `pydantic_settings` (codemod `pydantic_names`): in place when it is
        the statement's only name, else a new import (fix mode) and the name taken out."""
        in_place = settings_import(node)
        if in_place is not None:
            return replace_with_node(ctx, node, in_place)
        name = dotted_name(alias.name)
        if name is None or not isinstance(alias.name, cst.Name):
            return None
        needed = RequiredImport(SETTINGS_MODULE, name, _alias_name(alias))
        return replace_with_node(ctx, node, import_without(node, alias), [needed])

    def _attribute_suggestion(self, node: cst.Attribute, ctx: Context) -> Suggestion | None:
        """`pydantic_settings.BaseSettings` (codemod `pydantic_names`)."""
        module = spell(ctx, _SETTINGS_MODULE)
        if module is None:
            return None
        return replace_with_node(ctx, node, settings_attribute(node, module.text), [module.needs])

    def _regex(self, node: cst.Call, ctx: Context) -> None:
        callee, regex_args = ctx.listed_call_keywords("PYD006", node)
        for arg in regex_args:
            assert arg.keyword is not None
            written = ctx.code(node.func).strip()
            if callee.startswith("sqlmodel."):
                message = (
                    f"`{written}(regex=...)` is not enforced on Pydantic v2: put the pattern "
                    "in the annotation, `Annotated[str, StringConstraints(pattern=...)]`"
                )
                suggestion = None
            else:
                message = (
                    f"`{written}(regex=...)` fails on Pydantic v2 (`regex` was removed): "
                    "write `pattern=`"
                )
                suggestion = replace_argument(ctx, arg, pattern_keyword(arg))
            ctx.report("PYD006", arg, message, suggestion=suggestion)


def _alias_name(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _catches_import_error(node: cst.Try, ctx: Context) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        types = (
            [element.value for element in handler.type.elements]
            if isinstance(handler.type, cst.Tuple)
            else [handler.type]
        )
        if any(ctx.resolve(kind) in _IMPORT_ERRORS for kind in types):
            return True
    return False


DETECTORS: tuple[type[Detector], ...] = (
    ConstraintWithNoneDefault,
    ConfigBuilderKeys,
    ModelConfigDict,
    NestedConfigClass,
    ConfigKeyOffHunk,
    V1Validators,
    V1ModelMethods,
    RemovedNames,
)

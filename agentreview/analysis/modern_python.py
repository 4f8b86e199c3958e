"""Modern Python and framework spellings: LINT002, LINT004, PYD009, API006.

- LINT002: a `typing` alias among the rule's `names` (`Optional`, `Union`, `List`...) used
  as a subscript head anywhere, or bare as an annotation or a subscript element; one finding
  per use, however it was imported (`import typing as t`, `from typing import List`). Each
  statement is judged once, from its header (a `def`'s decorators, parameters and return
  annotation; a simple statement line whole), so that all uses on one line share one
  suggestion that rewrites every one of them.
- LINT004: a call to one of the rule's `calls` (`datetime.datetime.utcnow`).
- PYD009: a class whose bases are exactly the rule's `names`, in order (`str`, `Enum`).
- API006: an import or a use of one of the rule's `names`; one finding per line.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange

from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.literals import one_line
from agentreview.analysis.matching import Listed
from agentreview.analysis.resolver import BindingKind, dotted_name
from agentreview.analysis.traversal import iter_children
from agentreview.findings import Suggestion

# --- LINT002 --------------------------------------------------------------------------------

# The builtin that replaces each generic alias of `typing`.
BUILTIN_GENERICS = {
    "List": "list",
    "Dict": "dict",
    "Set": "set",
    "Tuple": "tuple",
    "FrozenSet": "frozenset",
    "Type": "type",
}
_UNIONS = frozenset({"Optional", "Union"})
# Elements that can stand on either side of `|` without parentheses.
_UNION_OPERANDS = (
    cst.Name,
    cst.Attribute,
    cst.Subscript,
    cst.Call,
    cst.Ellipsis,
    cst.BinaryOperation,
)
_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


@dataclass(frozen=True, slots=True)
class TypingUse:
    node: cst.BaseExpression  # a Subscript (`List[int]`) or a bare Name/Attribute (`List`)
    alias: str  # the `typing` name: `List`, `Optional`...
    subscript: bool


class _UseFinder:
    """Finds the listed `typing` aliases used in one statement header.

    A read-only recursive walk (`traversal.iter_children`): a bare alias counts only in a
    type position (an annotation, a subscript element, an operand of `|` in either).
    """

    def __init__(self, ctx: Context, listed: Listed, spellings: frozenset[str]) -> None:
        self.ctx = ctx
        self.listed = listed
        self.spellings = spellings  # the only names that can resolve to a listed alias
        self.uses: list[TypingUse] = []

    def alias_of(self, node: cst.BaseExpression) -> str | None:
        last = node.value if isinstance(node, cst.Name) else None
        if isinstance(node, cst.Attribute):
            last = node.attr.value
        if last is None or last not in self.spellings:
            return None
        path = self.ctx.resolve(node)
        if not self.listed.matches(path):
            if isinstance(node, cst.Name):
                self.ctx.unresolved_candidate("LINT002", node, self.listed)
            return None
        assert path is not None
        return path.rsplit(".", 1)[-1]

    def find(self, node: cst.CSTNode, type_position: bool = False) -> None:
        if isinstance(node, cst.Annotation):
            self.find(node.annotation, True)
        elif isinstance(node, cst.Subscript):
            alias = self.alias_of(node.value)
            if alias is not None:
                self.uses.append(TypingUse(node, alias, subscript=True))
            else:
                self.find(node.value)
            for element in node.slice:
                if isinstance(element.slice, cst.Index):
                    self.find(element.slice.value, True)
                else:
                    self.find(element.slice)
        elif isinstance(node, cst.Name | cst.Attribute):
            if type_position:
                alias = self.alias_of(node)
                if alias is not None:
                    self.uses.append(TypingUse(node, alias, subscript=False))
                    return
            if isinstance(node, cst.Attribute):
                self.find(node.value)  # never the `attr` Name on its own
        elif (
            type_position
            and isinstance(node, cst.BinaryOperation)
            and isinstance(node.operator, cst.BitOr)
        ):
            self.find(node.left, True)
            self.find(node.right, True)
        else:
            for _, child in iter_children(node):
                self.find(child)


class _Modernise(cst.CSTTransformer):
    """Rewrites the listed uses (by node identity) to builtins and `|` unions."""

    def __init__(self, uses: dict[int, TypingUse]) -> None:
        super().__init__()
        self.uses = uses
        self.unsafe = False

    def leave_Subscript(
        self, original_node: cst.Subscript, updated_node: cst.Subscript
    ) -> cst.BaseExpression:
        use = self.uses.get(id(original_node))
        if use is None:
            return updated_node
        elements: list[cst.BaseExpression] = []
        for element in updated_node.slice:
            if not isinstance(element.slice, cst.Index) or element.slice.star is not None:
                self.unsafe = True
                return updated_node
            elements.append(element.slice.value)
        if use.alias in _UNIONS:
            return self._union(use.alias, elements, updated_node)
        builtin = BUILTIN_GENERICS.get(use.alias)
        if builtin is None:
            self.unsafe = True
            return updated_node
        return updated_node.with_changes(value=cst.Name(builtin))

    def _union(
        self, alias: str, elements: list[cst.BaseExpression], fallback: cst.Subscript
    ) -> cst.BaseExpression:
        if alias == "Optional":
            if len(elements) != 1:
                self.unsafe = True
                return fallback
            elements = [*elements, cst.Name("None")]
        if not elements or not all(self._operand(element) for element in elements):
            self.unsafe = True
            return fallback
        result = elements[0]
        for element in elements[1:]:
            result = cst.BinaryOperation(left=result, operator=cst.BitOr(), right=element)
        return result

    @staticmethod
    def _operand(element: cst.BaseExpression) -> bool:
        if isinstance(element, _STRINGS):
            return False  # `"Model" | None` fails at runtime
        if isinstance(element, cst.BinaryOperation):
            return isinstance(element.operator, cst.BitOr)
        return isinstance(element, _UNION_OPERANDS)

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self._bare(original_node, updated_node)

    def leave_Attribute(
        self, original_node: cst.Attribute, updated_node: cst.Attribute
    ) -> cst.BaseExpression:
        return self._bare(original_node, updated_node)

    def _bare(self, original: cst.CSTNode, updated: cst.BaseExpression) -> cst.BaseExpression:
        use = self.uses.get(id(original))
        if use is None or use.subscript:
            return updated
        builtin = BUILTIN_GENERICS.get(use.alias)
        if builtin is None:  # a bare `Optional`/`Union` means nothing on its own
            self.unsafe = True
            return updated
        return cst.Name(builtin)


def _header_parts(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The parts of a statement that run where it is written (not a compound body)."""
    if isinstance(node, cst.SimpleStatementLine | cst.SimpleStatementSuite):
        return list(node.body)
    if isinstance(node, cst.FunctionDef):
        parts: list[cst.CSTNode] = [*node.decorators, node.params]
        if node.returns is not None:
            parts.append(node.returns)
        return parts
    if isinstance(node, cst.ClassDef):
        return [*node.decorators, *node.bases, *node.keywords]
    if isinstance(node, cst.If | cst.While):
        return [node.test]
    if isinstance(node, cst.For):
        return [node.target, node.iter]
    if isinstance(node, cst.With):
        return list(node.items)
    return []


class OldTypingAliases(Detector):
    """LINT002: `Optional[...]`, `Union[...]`, `List[...]`... from `typing`."""

    rule_ids = ("LINT002",)
    visits = (
        cst.SimpleStatementLine,
        cst.SimpleStatementSuite,
        cst.FunctionDef,
        cst.ClassDef,
        cst.If,
        cst.While,
        cst.For,
        cst.With,
    )

    def __init__(self) -> None:
        self.spellings: frozenset[str] | None = None

    def _spellings(self, listed: Listed, ctx: Context) -> frozenset[str]:
        """The alias names themselves and the module-level names imported as one of them."""
        if self.spellings is None:
            self.spellings = listed.names.last_components() | _module_names_bound_to(listed, ctx)
        return self.spellings

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        listed = ctx.listed("LINT002", "names")
        finder = _UseFinder(ctx, listed, self._spellings(listed, ctx))
        for part in _header_parts(node):
            finder.find(part)
        if not finder.uses:
            return
        suggestions = _line_suggestions(finder.uses, ctx)
        by_id = {id(use.node): use for use in finder.uses}
        for use in finder.uses:
            written = " ".join(ctx.code(use.node).split())
            modern = _modern_spelling(use, by_id, ctx)
            ctx.report(
                "LINT002",
                use.node,
                f"`{written}` uses `typing.{use.alias}`: write `{modern}`",
                suggestion=suggestions.get(id(use.node)),
            )


def _modern_spelling(use: TypingUse, uses: dict[int, TypingUse], ctx: Context) -> str:
    """How the message spells the replacement: the exact rewrite when it is short."""
    if one_line(ctx, use.node) and len(ctx.code(use.node)) <= 60:
        rewritten = _rewrite(use.node, uses)
        if rewritten is not None:
            return rewritten
    if use.alias == "Optional":
        return "X | None"
    if use.alias == "Union":
        return "A | B"
    builtin = BUILTIN_GENERICS.get(use.alias, "the builtin or `collections.abc` type")
    return builtin + ("[...]" if use.subscript and use.alias in BUILTIN_GENERICS else "")


def _rewrite(node: cst.BaseExpression, uses: dict[int, TypingUse]) -> str | None:
    transformer = _Modernise(uses)
    rewritten = node.visit(transformer)
    if transformer.unsafe or not isinstance(rewritten, cst.BaseExpression):
        return None
    return cst.Module(body=[]).code_for_node(rewritten)


def _builtins_visible(uses: list[TypingUse], ctx: Context) -> bool:
    """The builtins the rewrite names are not shadowed here."""
    needed = {BUILTIN_GENERICS[use.alias] for use in uses if use.alias in BUILTIN_GENERICS}
    return all(ctx.resolver.resolve_name(name) == f"builtins.{name}" for name in needed)


def _line_suggestions(uses: list[TypingUse], ctx: Context) -> dict[int, Suggestion | None]:
    """One suggestion per group of overlapping lines, shared by every use on them."""
    by_id = {id(use.node): use for use in uses}
    spans = {id(use.node): ctx.position(use.node) for use in uses}
    outermost = [
        use
        for use in uses
        if not any(
            _inside(spans[id(use.node)], spans[id(other.node)])
            for other in uses
            if other is not use
        )
    ]
    outermost.sort(
        key=lambda use: (spans[id(use.node)].start.line, spans[id(use.node)].start.column)
    )
    groups: list[list[TypingUse]] = []
    for use in outermost:
        span = spans[id(use.node)]
        if groups and spans[id(groups[-1][-1].node)].end.line >= span.start.line:
            groups[-1].append(use)
        else:
            groups.append([use])
    result: dict[int, Suggestion | None] = {}
    safe_builtins = _builtins_visible(uses, ctx)
    for group in groups:
        suggestion = _group_suggestion(group, by_id, spans, ctx) if safe_builtins else None
        first = spans[id(group[0].node)]
        last = max(spans[id(use.node)].end.line for use in group)
        for use in uses:
            span = spans[id(use.node)]
            if first.start.line <= span.start.line and span.end.line <= last:
                result[id(use.node)] = suggestion
    return result


def _inside(inner: CodeRange, outer: CodeRange) -> bool:
    starts_after = (inner.start.line, inner.start.column) >= (outer.start.line, outer.start.column)
    ends_before = (inner.end.line, inner.end.column) <= (outer.end.line, outer.end.column)
    return starts_after and ends_before


def _group_suggestion(
    group: list[TypingUse],
    by_id: dict[int, TypingUse],
    spans: dict[int, CodeRange],
    ctx: Context,
) -> Suggestion | None:
    first_line = spans[id(group[0].node)].start.line
    last_line = max(spans[id(use.node)].end.line for use in group)
    if last_line > len(ctx.source_lines):
        return None
    lines = list(ctx.source_lines[first_line - 1 : last_line])
    for use in reversed(group):
        rewritten = _rewrite(use.node, by_id)
        if rewritten is None:
            return None
        span = spans[id(use.node)]
        start = _offset(lines, span.start.line - first_line, span.start.column)
        end = _offset(lines, span.end.line - first_line, span.end.column)
        text = "".join(lines)
        text = text[:start] + rewritten + text[end:]
        lines = text.splitlines(keepends=True)
    return ctx.replace_lines(first_line, last_line, "".join(lines))


def _offset(lines: list[str], index: int, column: int) -> int:
    return sum(len(line) for line in lines[:index]) + column


# --- LINT004 --------------------------------------------------------------------------------


class NaiveUtcNow(Detector):
    """LINT004: `datetime.utcnow()`, deprecated and naive."""

    rule_ids = ("LINT004",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        listed = ctx.listed("LINT004")
        callee = ctx.resolve(node.func)
        if not listed.matches(callee) and not self._class_off_hunk(node, callee, ctx):
            return
        written = ctx.code(node.func).strip()
        utc = self._utc(node, ctx)
        prefix = written.rsplit(".", 1)[0] if "." in written else written
        ctx.report(
            "LINT004",
            node,
            f"`{written}()` is deprecated since Python 3.12 and returns a naive datetime: "
            f"use `{prefix}.now({utc or 'UTC'})`",
            suggestion=self._suggestion(node, prefix, utc, ctx),
        )

    def _class_off_hunk(self, call: cst.Call, callee: str | None, ctx: Context) -> bool:
        """Diff-only: `datetime.utcnow()` with the `datetime` import off-hunk.

        The `datetime` module has no `utcnow`, so the name can only be the class.
        """
        if not ctx.hunk_mode or callee is None or not isinstance(call.func, cst.Attribute):
            return False
        head = call.func.value
        if not isinstance(head, cst.Name) or ctx.resolver.lookup(head.value) is not None:
            return False
        module, _, method = callee.rpartition(".")
        return any(name == f"{module}.{module}.{method}" for name in ctx.match("LINT004").calls)

    def _utc(self, call: cst.Call, ctx: Context) -> str | None:
        """How `datetime.UTC` can be written here, or None."""
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute):
            module = func.value.value
            if ctx.resolve(module) == "datetime" and dotted_name(module) is not None:
                return f"{ctx.code(module).strip()}.UTC"
        if ctx.imports_visibly("UTC", "datetime.UTC"):
            return "UTC"
        if ctx.imports_visibly("timezone", "datetime.timezone"):
            return "timezone.utc"
        return None

    def _suggestion(
        self, call: cst.Call, prefix: str, utc: str | None, ctx: Context
    ) -> Suggestion | None:
        if utc is None or call.args or not one_line(ctx, call):
            return None
        return ctx.replace_node(call, f"{prefix}.now({utc})")


# --- PYD009 ---------------------------------------------------------------------------------


class StrEnumMixin(Detector):
    """PYD009: `class X(str, Enum)` where `enum.StrEnum` says the same."""

    rule_ids = ("PYD009",)
    visits = (cst.ClassDef,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.ClassDef)
        wanted = ctx.match("PYD009").names
        bases = [arg for arg in node.bases if arg.keyword is None and not arg.star]
        if len(bases) != len(wanted) or len(node.bases) != len(bases):
            return
        paths = [ctx.resolve(arg.value) for arg in bases]
        if list(wanted) != paths:
            for arg in bases:
                ctx.unresolved_candidate("PYD009", arg.value, ctx.listed("PYD009", "names"))
            return
        written = ", ".join(ctx.code(arg.value).strip() for arg in bases)
        ctx.report(
            "PYD009",
            node,
            f"`class {node.name.value}({written})`: use `enum.StrEnum` (Python 3.11+), which "
            "formats as its value in f-strings and `str()`",
            span=CodeRange(ctx.position(node).start, ctx.position(node.name).end),
            suggestion=self._suggestion(node, bases, ctx),
        )

    def _suggestion(
        self, node: cst.ClassDef, bases: list[cst.Arg], ctx: Context
    ) -> Suggestion | None:
        span = CodeRange(ctx.position(bases[0]).start, ctx.position(bases[-1]).end)
        if span.start.line != span.end.line or node.keywords or _uses_auto(node, ctx):
            return None
        enum_base = bases[-1].value
        if isinstance(enum_base, cst.Attribute) and ctx.resolve(enum_base.value) == "enum":
            replacement = f"{ctx.code(enum_base.value).strip()}.StrEnum"
        elif ctx.imports_visibly("StrEnum", "enum.StrEnum"):
            replacement = "StrEnum"
        else:
            return None
        return ctx.replace_span(span, replacement)


def _uses_auto(node: cst.ClassDef, ctx: Context) -> bool:
    """`auto()` values and `_generate_next_value_` change meaning under `StrEnum`."""
    code = ctx.code(node.body)
    return "auto" in code or "_generate_next_value_" in code


# --- API006 ---------------------------------------------------------------------------------


class DeprecatedJsonResponses(Detector):
    """API006: importing or using `ORJSONResponse` / `UJSONResponse`."""

    rule_ids = ("API006",)
    visits = (
        cst.ImportFrom,
        cst.Attribute,
        cst.Name,
        cst.Arg,
        cst.Param,
        cst.FunctionDef,
        cst.ClassDef,
    )

    def __init__(self) -> None:
        self.lines: set[int] = set()  # lines already reported
        self.skip: set[int] = set()  # Names that are not uses (attributes, import aliases)
        self.bound: set[str] | None = None  # names imports bind to a listed class

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        listed = ctx.listed("API006", "names")
        if self.bound is None:
            self.bound = set(_module_names_bound_to(listed, ctx))
        if isinstance(node, cst.ImportFrom):
            self._import(node, listed, ctx)
        elif isinstance(node, cst.Arg):
            if node.keyword is not None:
                self.skip.add(id(node.keyword))
        elif isinstance(node, cst.Param | cst.FunctionDef | cst.ClassDef):
            self.skip.add(id(node.name))  # a definition, not a use
        elif isinstance(node, cst.Attribute):
            self.skip.add(id(node.attr))
            if node.attr.value not in listed.names.last_components():
                return
            path = ctx.resolve(node)
            if listed.matches(path):
                self._report(node, path, ctx)
        elif isinstance(node, cst.Name) and id(node) not in self.skip:
            if node.value not in self.bound:
                ctx.unresolved_candidate("API006", node, listed)
                return
            if not _imported_name(node, ctx):
                ctx.unresolved_candidate("API006", node, listed)
                return  # a name bound by assignment: its value is the use
            path = ctx.resolve(node)
            if listed.matches(path):
                self._report(node, path, ctx)

    def _import(self, node: cst.ImportFrom, listed: Listed, ctx: Context) -> None:
        if isinstance(node.names, cst.ImportStar) or node.relative or node.module is None:
            return
        module = dotted_name(node.module)
        for alias in node.names:
            self.skip.update(id(name) for name in _names_in(alias))
            name = dotted_name(alias.name)
            if module is not None and name is not None and listed.matches(f"{module}.{name}"):
                self._report(alias.name, f"{module}.{name}", ctx, imported=True)
                assert self.bound is not None
                self.bound.add(_bound_name(alias))

    def _report(
        self, node: cst.CSTNode, path: str | None, ctx: Context, *, imported: bool = False
    ) -> None:
        line = ctx.position(node).start.line
        if line in self.lines:
            return
        self.lines.add(line)
        name = (path or "").rsplit(".", 1)[-1]
        verb = "imports" if imported else "uses"
        ctx.report(
            "API006",
            node,
            f"this line {verb} `{name}`, deprecated on current FastAPI: declare a response "
            "model (or return type) and let FastAPI serialise the data",
        )


def _module_names_bound_to(listed: Listed, ctx: Context) -> frozenset[str]:
    """Module-level names whose import binds one of the listed classes."""
    return frozenset(
        name
        for name, bindings in ctx.facts.bindings.items()
        if any(
            binding.kind is BindingKind.IMPORT and listed.matches(binding.target)
            for binding in bindings
        )
    )


def _bound_name(alias: cst.ImportAlias) -> str:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return dotted_name(alias.name) or ""


def _imported_name(node: cst.Name, ctx: Context) -> bool:
    found = ctx.resolver.lookup(node.value)
    return found is not None and all(binding.kind is BindingKind.IMPORT for binding in found[1])


def _names_in(alias: cst.ImportAlias) -> list[cst.Name]:
    names: list[cst.Name] = []
    node: cst.BaseExpression = alias.name
    while isinstance(node, cst.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, cst.Name):
        names.append(node)
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        names.append(alias.asname.name)
    return names


DETECTORS: tuple[type[Detector], ...] = (
    OldTypingAliases,
    NaiveUtcNow,
    StrEnumMixin,
    DeprecatedJsonResponses,
)

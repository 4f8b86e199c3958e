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

from typing import cast

import libcst as cst
from libcst.metadata import CodeRange

from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.literals import one_line
from agentreview.analysis.matching import Listed
from agentreview.analysis.resolver import BindingKind, dotted_name
from agentreview.analysis.traversal import iter_children
from agentreview.findings import Suggestion
from agentreview.fixes.codemods.strenum import strenum_base
from agentreview.fixes.codemods.typing_aliases import BUILTIN_GENERICS, TypingUse, modernise
from agentreview.fixes.codemods.utcnow import aware_now
from agentreview.fixes.model import RequiredImport
from agentreview.fixes.offer import Spelling, offer, replace_with_node, spell

# The imports the LINT004 and PYD009 fixes may add.
_UTC = RequiredImport("datetime", "UTC")
_STRENUM = RequiredImport("enum", "StrEnum")

# --- LINT002 --------------------------------------------------------------------------------


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
    # Statements whose header is judged. A statement is judged only if a name spelled like
    # an alias was met while it was the innermost one open (a use needs such a name, and a
    # header's names are met before any nested statement opens), so most statements cost a
    # push and a pop instead of a second walk of their header.
    headers = (
        cst.SimpleStatementLine,
        cst.SimpleStatementSuite,
        cst.FunctionDef,
        cst.ClassDef,
        cst.If,
        cst.While,
        cst.For,
        cst.With,
    )
    visits = (*headers, cst.Name)
    leaves = headers

    def __init__(self) -> None:
        self.spellings: frozenset[str] | None = None
        self.candidates: list[bool] = []  # per open statement: met a name like an alias

    def _spellings(self, listed: Listed, ctx: Context) -> frozenset[str]:
        """The alias names themselves and the module-level names imported as one of them."""
        if self.spellings is None:
            self.spellings = listed.names.last_components() | _module_names_bound_to(listed, ctx)
        return self.spellings

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if type(node) is not cst.Name:
            self.candidates.append(False)
            return
        if self.candidates and not self.candidates[-1]:
            spellings = self.spellings
            if spellings is None:
                spellings = self._spellings(ctx.listed("LINT002", "names"), ctx)
            if node.value in spellings:
                self.candidates[-1] = True

    def leave(self, node: cst.CSTNode, ctx: Context) -> None:
        # The scope is the statement's own again (a body's scope closes before its leave).
        if self.candidates.pop():
            self._judge(node, ctx)

    def _judge(self, node: cst.CSTNode, ctx: Context) -> None:
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
    """The code of `node` with the uses rewritten (codemod `typing_aliases`)."""
    rewritten = modernise(node, uses)
    return None if rewritten is None else cst.Module(body=[]).code_for_node(rewritten)


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
            f"use `{prefix}.now({utc.text if utc else 'UTC'})`",
            suggestion=self._suggestion(node, utc, ctx),
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

    def _utc(self, call: cst.Call, ctx: Context) -> Spelling | None:
        """How `datetime.UTC` can be written here (or imported), or None."""
        func = call.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Attribute):
            module = func.value.value
            if ctx.resolve(module) == "datetime" and dotted_name(module) is not None:
                return Spelling(f"{ctx.code(module).strip()}.UTC")
        if ctx.imports_visibly("timezone", "datetime.timezone") and not ctx.imports_visibly(
            "UTC", "datetime.UTC"
        ):
            return Spelling("timezone.utc")
        return spell(ctx, _UTC)

    def _suggestion(self, call: cst.Call, utc: Spelling | None, ctx: Context) -> Suggestion | None:
        """`<class>.now(UTC)` (codemod `utcnow`)."""
        if utc is None or not one_line(ctx, call):
            return None
        return replace_with_node(ctx, call, aware_now(call, utc.text), [utc.needs])


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
        """The one base `StrEnum` (codemod `strenum`), importing it if need be."""
        span = CodeRange(ctx.position(bases[0]).start, ctx.position(bases[-1]).end)
        if span.start.line != span.end.line:
            return None
        enum_base = bases[-1].value
        strenum: Spelling | None
        if isinstance(enum_base, cst.Attribute) and ctx.resolve(enum_base.value) == "enum":
            strenum = Spelling(f"{ctx.code(enum_base.value).strip()}.StrEnum")
        else:
            strenum = spell(ctx, _STRENUM)
        base = None if strenum is None else strenum_base(node, strenum.text)
        if strenum is None or base is None:
            return None
        return offer(ctx, ctx.replace_span(span, ctx.code(base)), [strenum.needs])


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
        # Called for every name and attribute of the file: dispatch on the exact type (the
        # engine hands over exactly the `visits` types) rather than a chain of isinstance.
        kind = type(node)
        if kind is cst.Name:
            if id(node) not in self.skip:
                self._name(cast(cst.Name, node), ctx)
        elif kind is cst.Attribute:
            self._attribute(cast(cst.Attribute, node), ctx)
        elif kind is cst.Arg:
            keyword = cast(cst.Arg, node).keyword
            if keyword is not None:
                self.skip.add(id(keyword))
        elif kind is cst.ImportFrom:
            self._import(cast(cst.ImportFrom, node), ctx.listed("API006", "names"), ctx)
        else:  # a Param, FunctionDef or ClassDef: its name is a definition, not a use
            self.skip.add(id(cast(cst.Param | cst.FunctionDef | cst.ClassDef, node).name))

    def _bound(self, ctx: Context) -> set[str]:
        if self.bound is None:
            self.bound = set(_module_names_bound_to(ctx.listed("API006", "names"), ctx))
        return self.bound

    def _attribute(self, node: cst.Attribute, ctx: Context) -> None:
        self.skip.add(id(node.attr))
        listed = ctx.listed("API006", "names")
        if node.attr.value not in listed.names.last_components():
            return
        path = ctx.resolve(node)
        if listed.matches(path):
            self._report(node, path, ctx)

    def _name(self, node: cst.Name, ctx: Context) -> None:
        if node.value not in self._bound(ctx):
            if ctx.hunk_mode:
                ctx.unresolved_candidate("API006", node, ctx.listed("API006", "names"))
            return
        listed = ctx.listed("API006", "names")
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
                self._bound(ctx).add(_bound_name(alias))

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

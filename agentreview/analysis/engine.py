"""The single-pass engine: one parse, one walk, every detector fed the nodes it asked for.

How a file is analysed
----------------------
1. libcst parses the file once (`python.py`). Positions come from `PositionProvider`, the
   only metadata, computed lazily per top-level statement (`positions.py`). No
   ScopeProvider and no QualifiedNameProvider: names are resolved by `resolver.py`.
2. A cheap first pass over the top-level statements (`facts.py`) records the module's
   imports, bindings, defs and classes, and every call written outside function bodies
   (from which `framework.py` learns routers, routes, dependencies and lifespans).
3. One walk over the tree (`_Pass`, using `traversal.py`: syntactic children only, source
   order, no node rebuilding). It keeps the scope stack (module, class, function, lambda,
   comprehension) in the `Resolver` and hands each node to the detectors registered for its
   type, on the way in (`visit`) and on the way out (`leave`).

How to add a detector
---------------------
Write a small class in a family module (`event_loop.py`, `fastapi.py`, `database.py`,
`testing.py`, or a new one), one concern each, and add the family's `DETECTORS` tuple to
`registry.py`::

    class PrintInRoute(Detector):
        rule_ids = ("LINT003",)          # the rules it may report; skipped if none is enabled
        visits = (cst.Call,)             # node types handed to `visit` (exact types)

        def visit(self, node: cst.CSTNode, ctx: Context) -> None:
            assert isinstance(node, cst.Call)
            route = ctx.route_for("LINT003")
            if route and ctx.listed("LINT003").matches(ctx.resolve(node.func)):
                ctx.report("LINT003", node, f"`print()` in route `{route.function.name.value}`")

- Detectors are instantiated once per file, so they may keep per-file state, keyed by node
  identity (`id(function)`). `leaves` lists the node types handed to `leave`, which runs
  after the node's children (a FunctionDef's `leave` runs once its body has been walked).
- Never re-walk the file. To look inside the node you were given (a handler body, a
  function body), use `traversal.iter_subtree(node, stop_at=...)`, not `node.visit(...)`.
- Facts belong in the rule's `match:` block (rules/*.yaml), not in code: qualified names in
  `calls`/`constructors`/`names`, method names in `methods`, keywords, `safe` names.

What a detector gets from `Context`
-----------------------------------
- The rule's data: `ctx.match(ID)` (the `match:` block), `ctx.listed(ID, field)` (a field's
  qualified names minus `safe`, with `.matches(path)`), `ctx.safe(ID)`, `ctx.rule(ID)`.
- Names: `ctx.resolve(expr)` -> a path such as `requests.get`, `requests.Session().get`,
  `pathlib.Path()`, `<file>.helper`, or None (see `resolver.py` for the path grammar). Call
  it for nodes of the current scope only (it is memoised per node); `ctx.annotation_type`
  unwraps `Annotated`/`Optional`/aliases; `ctx.resolver.lookup(name)` gives raw bindings,
  `ctx.resolver.annotation_metadata(expr)` the `Annotated[...]` extras.
- Where we are: `ctx.event_loop_function()` (the `async def` whose body runs this node on the
  event loop, None inside a nested `def`/`lambda`), `ctx.enclosing_function()`,
  `ctx.current_route()`/`ctx.route_for(ID)`, `ctx.fastapi` (routers, routes, dependencies,
  lifespans, startup handlers, generators: `framework.py`), `ctx.facts` (module-level
  facts), `ctx.repo_facts`, `ctx.shared` (facts one detector computes for others, e.g.
  `event_loop.blocking_call`).
- Reporting: `ctx.report(rule_id, node, message, severity=..., suggestion=...,
  async_header=function, span=...)`. Severity defaults to the rule's. `ctx.replace_node` /
  `ctx.replace_span` build a whole-line `Suggestion`; `ctx.code(node)` is a node's source;
  `ctx.imports_visibly(name, path)` says whether an import a suggestion relies on exists.
- Diff-only mode (`ctx.hunk_mode`, see `hunks.py`): the file is a fragment. Call
  `ctx.unjudged(ID)` (or `ctx.unresolved_candidate`, `ctx.route_for`) when a candidate needs
  context the hunks do not show. A detector whose rules need the whole file sets
  `whole_file_only = True`: it does not run on fragments and its rules are listed unjudged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import libcst as cst
from libcst.metadata import CodeRange

from agentreview.analysis.facts import ModuleFacts, collect_module_facts
from agentreview.analysis.framework import FastAPIModel, Route
from agentreview.analysis.matching import Listed, NamePatterns
from agentreview.analysis.positions import Positions
from agentreview.analysis.resolver import Resolver, Scope, ScopeKind
from agentreview.analysis.traversal import KNOWN_NODE_TYPES, child_fields, is_node
from agentreview.catalogue.compiled import Catalogue, Match, Rule
from agentreview.findings import Finding, RepoFacts, SeverityName, Suggestion

_LOWER: dict[SeverityName, SeverityName] = {"error": "warning", "warning": "info", "info": "info"}
_EMPTY_MATCH = Match()


def lower_severity(severity: SeverityName) -> SeverityName:
    """One level less severe (info stays info)."""
    return _LOWER[severity]


class Detector:
    """One concern of one or more rules. Subclass, set the class attributes, override hooks."""

    rule_ids: ClassVar[tuple[str, ...]] = ()
    visits: ClassVar[tuple[type[cst.CSTNode], ...]] = ()
    leaves: ClassVar[tuple[type[cst.CSTNode], ...]] = ()
    whole_file_only: ClassVar[bool] = False  # its rules cannot be judged from diff hunks

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        """Called for each node of a type in `visits`, before its children."""

    def leave(self, node: cst.CSTNode, ctx: Context) -> None:
        """Called for each node of a type in `leaves`, after its children."""


@dataclass(frozen=True, slots=True)
class LineMap:
    """Diff-only mode: where the lines of a reassembled fragment come from.

    `lines[i]` is the post-change line number of fragment line i+1 (None for a line the
    reassembly added); `indent` was removed from every fragment line and is put back in
    suggestions; `nested` says the fragment's top level sat inside a block of the file.
    """

    lines: Sequence[int | None]
    indent: str
    nested: bool


@dataclass(slots=True)
class FileAnalysis:
    findings: list[Finding] = field(default_factory=list)
    unjudged: set[str] = field(default_factory=set)


class Context:
    """What a detector sees of the file being analysed. See the module docstring."""

    def __init__(
        self,
        *,
        path: str,
        module: cst.Module,
        source_lines: Sequence[str],
        positions: Callable[[cst.CSTNode], CodeRange],
        catalogue: Catalogue,
        enabled: frozenset[str],
        facts: ModuleFacts,
        resolver: Resolver,
        repo_facts: RepoFacts,
        line_map: LineMap | None,
        fix_mode: bool = False,
    ) -> None:
        self.path = path
        self.module = module
        self.source_lines = source_lines
        self._positions = positions
        self.catalogue = catalogue
        self.enabled_rules = enabled
        self.facts = facts
        self.resolver = resolver
        self.repo_facts = repo_facts
        self.line_map = line_map
        # `agentreview fix`: keep edits that need an import as `Fix`es (see agentreview.fixes).
        self.fix_mode = fix_mode
        self.fastapi = FastAPIModel(facts, resolver, repo_facts.first_party)
        self.result = FileAnalysis()
        self._rules: dict[str, Rule] = {}
        self._listed: dict[tuple[str, str], Listed] = {}
        self._reported: set[tuple[str, int, int, int, int]] = set()
        self._resolved: dict[int, str | None] = {}  # a node sits in one scope: id is enough
        # Facts one detector computes and another reuses (keyed by a name the family owns),
        # e.g. the blocking-call classification that both ASYNC and DEP004 need.
        self.shared: dict[str, Any] = {}

    # --- diff-only mode --------------------------------------------------------------------

    @property
    def hunk_mode(self) -> bool:
        return self.line_map is not None

    @property
    def fragment_nested(self) -> bool:
        """Diff-only: the fragment's top-level code sat inside some block of the real file."""
        return self.line_map is not None and self.line_map.nested

    def unjudged(self, rule_id: str) -> None:
        if rule_id in self.enabled_rules:
            self.result.unjudged.add(rule_id)

    # --- rules -----------------------------------------------------------------------------

    def enabled(self, rule_id: str) -> bool:
        return rule_id in self.enabled_rules

    def rule(self, rule_id: str) -> Rule:
        if rule_id not in self._rules:
            self._rules[rule_id] = self.catalogue.rule(rule_id)
        return self._rules[rule_id]

    def match(self, rule_id: str) -> Match:
        try:
            return self.rule(rule_id).match or _EMPTY_MATCH
        except KeyError:
            return _EMPTY_MATCH

    def safe(self, rule_id: str) -> NamePatterns:
        """The rule's `safe` names as patterns."""
        return self.listed(rule_id).safe

    def listed(self, rule_id: str, fact: str = "calls") -> Listed:
        """The qualified names in `match.<fact>` of the rule, minus its `safe` names."""
        key = (rule_id, fact)
        if key not in self._listed:
            match = self.match(rule_id)
            self._listed[key] = Listed.of(getattr(match, fact), match.safe)
        return self._listed[key]

    # --- names and scopes ------------------------------------------------------------------

    def resolve(self, node: cst.CSTNode) -> str | None:
        """The path of `node` in the current scope (memoised: several detectors ask)."""
        key = id(node)
        if key in self._resolved:
            return self._resolved[key]
        path = self._resolved[key] = self.resolver.resolve(node)
        return path

    def annotation_type(self, node: cst.BaseExpression) -> str | None:
        return self.resolver.annotation_type(node)

    @property
    def scope(self) -> Scope:
        return self.resolver.current

    def enclosing_function(self) -> cst.FunctionDef | None:
        """The innermost `def`/`async def` whose body holds the node (None in a lambda)."""
        scope = self.resolver.enclosing_function()
        if scope is not None and isinstance(scope.node, cst.FunctionDef):
            return scope.node
        return None

    def event_loop_function(self) -> cst.FunctionDef | None:
        """The `async def` whose body runs the current node on the event loop, or None.

        Class bodies and comprehensions run inline; a nested `def` or `lambda` does not run
        where it is written, so its body is not on the loop.
        """
        scope = self.resolver.enclosing_function()
        if (
            scope is not None
            and scope.is_async_function
            and isinstance(scope.node, cst.FunctionDef)
        ):
            return scope.node
        return None

    def current_route(self) -> Route | None:
        """The route whose own body holds the current node (not a nested function's)."""
        function = self.enclosing_function()
        return None if function is None else self.fastapi.route_of(function)

    def route_for(self, rule_id: str) -> Route | None:
        """`current_route()`; in diff-only mode, marks `rule_id` unjudged when the hunks
        show something decorated like a route but not what its receiver is, or show code
        whose enclosing function is off-hunk."""
        route = self.current_route()
        if route is None and self.hunk_mode:
            function = self.enclosing_function()
            off_hunk = function is None and self.fragment_nested
            if off_hunk or (
                function is not None and self.fastapi.looks_like_unconfirmed_route(function)
            ):
                self.unjudged(rule_id)
        return route

    def unresolved_candidate(self, rule_id: str, node: cst.BaseExpression, listed: Listed) -> None:
        """Diff-only: a bare name that does not resolve but is spelled like a listed name
        (`sleep` for `time.sleep`): its import is off-hunk, so mark the rule unjudged."""
        if not self.hunk_mode or not isinstance(node, cst.Name) or self.resolve(node) is not None:
            return
        if node.value in listed.names.last_components():
            self.unjudged(rule_id)

    def listed_call_keywords(self, rule_id: str, call: cst.Call) -> tuple[str, list[cst.Arg]]:
        """The callee's path and the call's keyword arguments named in `match.keywords`, when
        the callee is one of the rule's `calls`; else `("", [])` (an unresolved look-alike
        marks the rule unjudged in diff-only mode)."""
        keywords = self.match(rule_id).keywords
        args = [arg for arg in call.args if arg.keyword and arg.keyword.value in keywords]
        if not args:
            return "", []
        listed = self.listed(rule_id)
        callee = self.resolve(call.func)
        if callee is None or not listed.matches(callee):
            self.unresolved_candidate(rule_id, call.func, listed)
            return "", []
        return callee, args

    def imports_visibly(self, name: str, path: str) -> bool:
        """Whether `name` is bound (not merely assumed) and resolves to `path` here."""
        return self.resolver.lookup(name) is not None and self.resolver.resolve_name(name) == path

    # --- source and positions --------------------------------------------------------------

    def position(self, node: cst.CSTNode) -> CodeRange:
        return self._positions(node)

    def code(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    def span_between(self, first: cst.CSTNode, last: cst.CSTNode) -> CodeRange:
        """From the start of `first` to the end of `last`."""
        return CodeRange(self.position(first).start, self.position(last).end)

    def header_line(self, function: cst.FunctionDef) -> int | None:
        """The (post-change) line of the `def`/`async def` keyword line of `function`."""
        return self._real_line(self.position(function.name).start.line)

    def _real_line(self, line: int) -> int | None:
        if self.line_map is None:
            return line
        index = line - 1
        if 0 <= index < len(self.line_map.lines):
            return self.line_map.lines[index]
        return None

    def replace_node(self, node: cst.CSTNode, new_code: str) -> Suggestion | None:
        """A suggestion replacing `node`'s source with `new_code`, keeping the rest of its lines."""
        return self.replace_span(self.position(node), new_code)

    def replace_span(self, span: CodeRange, new_code: str) -> Suggestion | None:
        """A suggestion replacing the source in `span` with `new_code` (whole lines)."""
        first, last = span.start.line, span.end.line
        if first < 1 or last > len(self.source_lines):
            return None
        before = self.source_lines[first - 1][: span.start.column]
        after_line = self.source_lines[last - 1]
        after = after_line[span.end.column :]
        text = before + new_code + after
        if not text.endswith("\n"):
            text += "\n"
        return self.replace_lines(first, last, text)

    def replace_lines(self, first: int, last: int, text: str) -> Suggestion | None:
        """A suggestion replacing fragment lines first..last (1-based) with `text`."""
        start, end = self._real_line(first), self._real_line(last)
        if start is None or end is None or end - start != last - first:
            return None
        if self.line_map is not None and self.line_map.indent:
            indent = self.line_map.indent
            text = "".join(
                indent + line if line.strip() else line for line in text.splitlines(keepends=True)
            )
        return Suggestion(start_line=start, end_line=end, replacement=text)

    # --- reporting -------------------------------------------------------------------------

    def report(
        self,
        rule_id: str,
        node: cst.CSTNode,
        message: str,
        *,
        severity: SeverityName | None = None,
        suggestion: Suggestion | None = None,
        async_header: cst.FunctionDef | None = None,
        span: CodeRange | None = None,
    ) -> None:
        """Report a finding at `node` (or at `span`, e.g. one keyword of a multi-line node)."""
        if rule_id not in self.enabled_rules:
            return
        rule = self.rule(rule_id)
        span = span or self.position(node)
        line, end_line = self._real_line(span.start.line), self._real_line(span.end.line)
        if line is None or end_line is None:
            return
        offset = len(self.line_map.indent) if self.line_map is not None else 0
        column = span.start.column + 1 + offset
        end_column = span.end.column + 1 + offset
        key = (rule_id, line, column, end_line, end_column)
        if key in self._reported:
            return
        self._reported.add(key)
        self.result.findings.append(
            Finding(
                rule_id=rule_id,
                severity=severity or rule.severity.value,
                path=self.path,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                message=message,
                fix=rule.fix,
                suggestion=suggestion,
                async_header_line=None if async_header is None else self.header_line(async_header),
            )
        )


class _Pass:
    """The one walk: keeps the scope stack and dispatches nodes to detectors.

    It walks syntactic children only (`traversal.py`), without libcst's visitor machinery,
    which rebuilds every node and visits every whitespace node. What a node type needs (its
    detectors' bound hooks, its child fields, the scope it opens) is worked out once per type
    and kept in a `_Plan`: the walk is the hottest loop of the analysis.
    """

    def __init__(self, ctx: Context, detectors: Sequence[Detector]) -> None:
        self.ctx = ctx
        self.resolver = ctx.resolver
        self.detectors = detectors
        self.plans: dict[type[cst.CSTNode], _Plan] = {}

    def plan(self, node_type: type[cst.CSTNode]) -> _Plan:
        plan = self.plans.get(node_type)
        if plan is None:
            plan = self.plans[node_type] = _Plan(
                enter=tuple(d.visit for d in self.detectors if node_type in d.visits),
                leave=tuple(d.leave for d in self.detectors if node_type in d.leaves),
                fields=child_fields(node_type),
                body_scope=_BODY_SCOPES.get(node_type),
                comprehension=node_type in _COMPREHENSIONS,
            )
        return plan

    def walk(self, node: cst.CSTNode) -> None:
        plan = self.plans.get(type(node)) or self.plan(type(node))
        ctx = self.ctx
        if plan.comprehension:
            self.resolver.push(ScopeKind.COMPREHENSION, node)
        for visit in plan.enter:
            visit(node, ctx)
        body_scope = plan.body_scope
        walk = self.walk
        for name in plan.fields:
            value = getattr(node, name, None)
            opens_scope = body_scope is not None and name == "body"
            if opens_scope:
                assert body_scope is not None
                self.resolver.push(body_scope, node)
            value_type = type(value)
            if value_type is list or value_type is tuple:
                for item in value:  # type: ignore[union-attr]
                    known = KNOWN_NODE_TYPES.get(type(item))
                    if known or (known is None and is_node(item)):
                        walk(item)
            else:
                known = KNOWN_NODE_TYPES.get(value_type)
                if known or (known is None and is_node(value)):
                    walk(value)  # type: ignore[arg-type]
            if opens_scope:
                self.resolver.pop()
        for leave in plan.leave:
            leave(node, ctx)
        if plan.comprehension:
            self.resolver.pop()


@dataclass(frozen=True, slots=True)
class _Plan:
    """What the walk does at nodes of one type."""

    enter: tuple[Callable[[cst.CSTNode, Context], None], ...]
    leave: tuple[Callable[[cst.CSTNode, Context], None], ...]
    fields: tuple[str, ...]
    body_scope: ScopeKind | None
    comprehension: bool


_COMPREHENSIONS: frozenset[type[cst.CSTNode]] = frozenset(
    {cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp}
)
# Nodes whose `body` opens a scope (their decorators, defaults and annotations do not).
_BODY_SCOPES: dict[type[cst.CSTNode], ScopeKind] = {
    cst.FunctionDef: ScopeKind.FUNCTION,
    cst.Lambda: ScopeKind.LAMBDA,
    cst.ClassDef: ScopeKind.CLASS,
}


@dataclass(frozen=True, slots=True)
class EngineInput:
    module: cst.Module
    source: str
    path: str
    catalogue: Catalogue
    rule_ids: Collection[str]
    repo_facts: RepoFacts
    line_map: LineMap | None = None
    assumed_modules: frozenset[str] = frozenset()
    # Indices into `module.body` of the top-level statements to walk (None: all of them).
    # Module-level facts always cover the whole file, so a caller may restrict the walk to
    # the statements a diff touches.
    statements: frozenset[int] | None = None
    # Keep the edits that need an import (agentreview.fixes); a review drops them.
    fix_mode: bool = False
    # The line of the first token of each of `module.body` (see `layout.py`), if known: saves
    # regenerating code to place findings.
    first_lines: Sequence[int] | None = None


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def source_lines(source: str) -> list[str]:
    """The lines as libcst numbers them (ending in `\n`, `\r\n` or `\r`), with their endings.

    Not `str.splitlines`, which also breaks at form feeds and U+2028 and would shift every
    later line against the positions suggestions are built from.
    """
    return _LINE.findall(source)


def run(job: EngineInput, detector_types: Sequence[type[Detector]]) -> FileAnalysis:
    """Analyse one parsed module with the detectors whose rules are enabled.

    May raise RecursionError on pathologically deep trees; the callers turn it into a
    parse error.
    """
    enabled = frozenset(job.rule_ids)
    active = [kind() for kind in detector_types if enabled.intersection(kind.rule_ids)]
    if job.line_map is not None:
        skipped = [detector for detector in active if detector.whole_file_only]
        active = [detector for detector in active if not detector.whole_file_only]
    else:
        skipped = []
    facts = collect_module_facts(job.module, job.source)
    resolver = Resolver(
        job.module,
        facts.bindings,
        path=job.path,
        star_imports=bool(facts.star_imports),
        follow_walrus=facts.follow_walrus,
        assumed_modules=job.assumed_modules,
    )
    positions = Positions(job.module, job.first_lines)
    ctx = Context(
        path=job.path,
        module=job.module,
        source_lines=source_lines(job.source),
        positions=positions,
        catalogue=job.catalogue,
        enabled=enabled,
        facts=facts,
        resolver=resolver,
        repo_facts=job.repo_facts,
        line_map=job.line_map,
        fix_mode=job.fix_mode,
    )
    for detector in skipped:
        for rule_id in detector.rule_ids:
            ctx.unjudged(rule_id)
    if active:
        walker = _Pass(ctx, active)
        for index, statement in enumerate(job.module.body):
            if job.statements is None or index in job.statements:
                positions.enter_statement(index)
                walker.walk(statement)
    ctx.result.findings.sort(key=Finding.sort_key)
    return ctx.result

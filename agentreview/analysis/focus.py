"""Analysis that costs what the change costs: parse and walk only what the changed lines need.

A review reports findings on changed lines only, and every such finding sits in a top-level
statement the change touches. So instead of the whole file, libcst parses a *focused* module:

- the touched statements (the ones the engine walks);
- every top-level statement that is not a `def` or a `class`: imports, assignments, calls,
  `if`/`try` blocks. They carry the module's bindings and the calls the framework model reads
  (`FastAPI(lifespan=...)`, `add_api_route(...)`), and they are small;
- every `def`/`class` whose name the statements kept so far refer to, transitively: the
  model class behind an annotation and its bases, the dependency behind `Depends(f)` (with
  its body: whether it yields matters), a helper a route calls;
- every statement that mentions the name of a touched `def`/`class`: what makes a function
  a dependency, a lifespan, a startup handler or an `add_api_route` endpoint is written
  where it is used, not where it is defined.

Every other `def`/`class` is replaced by a stub of the same kind and name, in its place:
what a module-level name is bound to is a fact about the whole file (whether `list` is
shadowed, whether the `asyncio` a fix would use is free). Whole-file facts that are not about
names (`:=` anywhere in the file, a mention of `anyio`) are read from the full source, which
the engine still gets.

libcst parses the kept statements only, concatenated rather than padded with blank lines, so
the parse grows with what the change needs, not with the file; the stubs are built as nodes
(`def name(): ...`, as libcst would parse it) and put in their places afterwards, which costs
a third of parsing them. The engine places findings with each statement's real first line
(see `positions.py`). libcst's `default_indent` (how
a block with no explicit indent is printed) comes from the first indented block of the file,
which may not be kept, so an `if True:` block with the file's first indentation goes first
(never walked, binds nothing).

The statement split comes from CPython's `ast` (`layout.py`), many times cheaper than libcst.
`tests/analysis/test_py_focus.py` checks that findings on changed lines are the same as a
whole-file analysis gives, over every case file and catalogue snippet.
"""

from __future__ import annotations

import ast
import bisect
import io
import itertools
import re
import tokenize
from collections.abc import Collection
from dataclasses import dataclass

import libcst as cst

from agentreview.analysis.layout import COMPOUND, TopLevel

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_INDENT_PROBE = "if True:\n{indent}pass\n"


@dataclass(frozen=True, slots=True)
class Focus:
    source: str  # what libcst parses: the kept statements
    first_lines: list[int]  # per statement of the focused module: its first line in the file
    walk: frozenset[int]  # indices of the statements the change touches
    statements: int  # how many top-level statements the focused module holds
    kept_lines: int  # how many lines of the file `source` holds
    stubs: tuple[tuple[int, ast.stmt], ...] = ()  # (index in the module, definition left out)

    def module(self, parsed: cst.Module) -> cst.Module | None:
        """The focused module: `parsed` (libcst's module of `source`) with the stubs in their
        places; None if libcst did not see the statements `ast` saw."""
        if len(parsed.body) != self.statements - len(self.stubs):
            return None
        if not self.stubs:
            return parsed
        body: list[cst.BaseStatement] = []
        kept = iter(parsed.body)
        stubs = iter(self.stubs)
        next_stub = next(stubs, None)
        for index in range(self.statements):
            if next_stub is not None and next_stub[0] == index:
                body.append(_stub(next_stub[1]))
                next_stub = next(stubs, None)
            else:
                body.append(next(kept))
        return parsed.with_changes(body=body)


def focus(
    source: str,
    lines: list[str],
    layout: list[TopLevel],
    changed: Collection[int],
) -> Focus | None:
    """The focused module for a change to `changed` lines, or None when the whole file is
    needed (every statement is kept) or the file has a shape this does not handle."""
    if "\r" in source:
        # libcst prints a node's newlines with the module's default newline: with mixed
        # line endings the focused module's default could differ from the file's.
        return None
    touched = _touched(layout, changed)
    if len(touched) == len(layout):
        return None  # a new file, or a change all over it
    kept = set(touched)
    kept.update(i for i, group in enumerate(layout) if not _is_definition(group))
    defined = {name for index in touched for name in _module_level_definitions(layout[index])}
    kept.update(_mentioning(source, lines, layout, defined))
    _close_over_references(layout, kept)
    if len(kept) == len(layout):
        return None
    indent = _default_indent(lines, layout)
    if indent is False:
        return None
    parts: list[str] = []
    first_lines: list[int] = []
    walk: set[int] = set()
    stubs: list[tuple[int, ast.stmt]] = []
    if indent is not None:
        parts.append(_INDENT_PROBE.format(indent=indent))
        first_lines.append(0)
    kept_lines = 0
    for index, group in enumerate(layout):
        if index not in kept:
            stubs.append((len(first_lines), group.nodes[0]))
            first_lines.append(group.first)
            continue
        if index in touched:
            walk.add(len(first_lines))
        text = "".join(lines[group.first - 1 : group.last])
        if not text.endswith("\n"):
            text += "\n"
        parts.append(text)
        first_lines.append(group.first)
        kept_lines += group.last - group.first + 1
    return Focus(
        "".join(parts), first_lines, frozenset(walk), len(first_lines), kept_lines, tuple(stubs)
    )


def _stub(node: ast.stmt) -> cst.BaseCompoundStatement:
    """A definition that binds the same name the same way (a function, async or not, or a
    class), in its place among the kept statements: whether a name is bound at module level,
    and by what, is a fact about the whole file (is `list` shadowed? is the `asyncio` a fix
    would use taken?). The nodes libcst parses `def name(): ...` and `class Name: ...` into."""
    body = cst.SimpleStatementSuite(body=[cst.Expr(cst.Ellipsis())])
    if isinstance(node, ast.ClassDef):
        return cst.ClassDef(name=cst.Name(node.name), body=body)
    assert isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    asynchronous = cst.Asynchronous() if isinstance(node, ast.AsyncFunctionDef) else None
    return cst.FunctionDef(
        name=cst.Name(node.name), params=cst.Parameters(), body=body, asynchronous=asynchronous
    )


def _touched(layout: list[TopLevel], changed: Collection[int]) -> set[int]:
    firsts = [group.first for group in layout]
    touched: set[int] = set()
    for line in changed:
        index = bisect.bisect_right(firsts, line) - 1
        if index >= 0 and layout[index].first <= line <= layout[index].last:
            touched.add(index)
    return touched


def _is_definition(group: TopLevel) -> bool:
    return len(group.nodes) == 1 and isinstance(group.nodes[0], _DEFINITIONS)


def _defined_name(group: TopLevel) -> str | None:
    node = group.nodes[0]
    return node.name if _is_definition(group) and isinstance(node, _DEFINITIONS) else None


def _module_level_definitions(group: TopLevel) -> set[str]:
    """The names the group's `def`s and `class`es bind at module level: its own, or those in
    its `if`/`try`/`with`/... blocks (not those inside a function or class body)."""
    names: set[str] = set()
    pending: list[ast.stmt] = list(group.nodes)
    while pending:
        node = pending.pop()
        if isinstance(node, _DEFINITIONS):
            names.add(node.name)
            continue
        for field in ("body", "orelse", "finalbody", "handlers", "cases"):
            for child in getattr(node, field, ()):
                if isinstance(child, ast.stmt):
                    pending.append(child)
                else:  # an except handler or a match case: its own body
                    pending.extend(getattr(child, "body", ()))
    return names


def _mentioning(source: str, lines: list[str], layout: list[TopLevel], names: set[str]) -> set[int]:
    """The statements whose text mentions one of `names` as a word."""
    if not names:
        return set()
    pattern = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, names))) + r")\b")
    starts = list(itertools.accumulate((len(text) for text in lines), initial=0))
    firsts = [group.first for group in layout]
    found: set[int] = set()
    for match in pattern.finditer(source):
        number = bisect.bisect_right(starts, match.start())
        index = bisect.bisect_right(firsts, number) - 1
        if index >= 0 and number <= layout[index].last:
            found.add(index)
    return found


def _close_over_references(layout: list[TopLevel], kept: set[int]) -> None:
    """Add every `def`/`class` a kept statement refers to by name, transitively."""
    definitions: dict[str, list[int]] = {}
    for index, group in enumerate(layout):
        name = _defined_name(group)
        if name is not None:
            definitions.setdefault(name, []).append(index)
    if not definitions:
        return
    pending = list(kept)
    seen_names: set[str] = set()
    while pending:
        group = layout[pending.pop()]
        for name in _referenced_names(group) - seen_names:
            seen_names.add(name)
            for index in definitions.get(name, ()):
                if index not in kept:
                    kept.add(index)
                    pending.append(index)


def _referenced_names(group: TopLevel) -> set[str]:
    return {
        node.id
        for statement in group.nodes
        for node in ast.walk(statement)
        if type(node) is ast.Name
    }


def _default_indent(lines: list[str], layout: list[TopLevel]) -> str | bool | None:
    """The indentation of the file's first indented block (libcst's `default_indent`), None
    when no block is indented, False when it cannot be told."""
    for group in layout:
        if len(group.nodes) > 1 or not isinstance(group.nodes[0], COMPOUND):
            continue
        text = "".join(lines[group.first - 1 : group.last])
        try:
            for token in tokenize.generate_tokens(io.StringIO(text).readline):
                if token.type == tokenize.INDENT:
                    indent = token.string
                    return indent if indent and not indent.strip(" \t") else False
        except (tokenize.TokenError, SyntaxError):
            return False
    return None

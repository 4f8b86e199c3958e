"""Node positions, computed for one top-level statement at a time and only when asked.

libcst's `PositionProvider` regenerates the code of the whole module while tracking
positions; on a large file that costs more than the rest of the analysis. Findings sit in a
few statements, so positions are computed per top-level statement: the statement alone is
run through the provider and its lines are shifted by the number of lines before it. That
number comes from the line of the statement's first token when the caller knows it (from
`ast`, see `layout.py`), else from the plain code of the preceding statements (which costs a
code generation of everything above). A node outside the statement being walked is looked up
in the other statements' tables when first lines are known (the module may then be a focused
one, `focus.py`, whose own line numbers are not the file's), else in the whole-module
provider's.

The per-statement tables come from `_PositionState`, a code generation state that records
what `PositionProvider`'s state records (the tests compare the two node by node) at a
fraction of the cost: tables keyed by node id (a CSTNode's hash is a Python-level call), no
generator-based context manager per node, no regular expression per token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from types import TracebackType

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

_NEWLINE = re.compile(r"\r\n?|\n")


class Positions:
    def __init__(self, module: cst.Module, first_lines: Sequence[int] | None = None) -> None:
        """`first_lines[i]`, when given, is the line of the first token of `module.body[i]`."""
        self._module = module
        if first_lines is not None and len(first_lines) != len(module.body):
            first_lines = None
        self._first_lines = first_lines
        self._statement: int | None = None
        self._tables: dict[int, tuple[Mapping[int, CodeRange], int]] = {}
        self._lines_before: list[int] = []
        self._whole: Mapping[cst.CSTNode, CodeRange] | None = None

    def enter_statement(self, index: int) -> None:
        """The walk is now inside `module.body[index]`."""
        self._statement = index

    def __call__(self, node: cst.CSTNode) -> CodeRange:
        if self._statement is not None:
            found = self._in_statement(self._statement, node)
            if found is not None:
                return found
        if self._first_lines is not None:
            # The module may be a focused one (`focus.py`) whose lines are not the file's:
            # only the per-statement tables place nodes on the file's lines.
            for index in range(len(self._module.body)):
                if index != self._statement:
                    found = self._in_statement(index, node)
                    if found is not None:
                        return found
        return self._whole_module()[node]

    def _in_statement(self, index: int, node: cst.CSTNode) -> CodeRange | None:
        table, offset = self._table(index)
        found = table.get(id(node))
        if found is None or not offset:
            return found
        return CodeRange(
            CodePosition(found.start.line + offset, found.start.column),
            CodePosition(found.end.line + offset, found.end.column),
        )

    def _table(self, index: int) -> tuple[Mapping[int, CodeRange], int]:
        cached = self._tables.get(index)
        if cached is None:
            alone = self._module.with_changes(body=[self._module.body[index]], header=[], footer=[])
            table = _positions_of(alone)
            cached = self._tables[index] = (table, self._line_offset(index))
        return cached

    def _line_offset(self, index: int) -> int:
        """How many lines of the file come before `module.body[index]`."""
        if self._first_lines is not None:
            statement = self._module.body[index]
            return self._first_lines[index] - 1 - len(statement.leading_lines)
        if not self._lines_before:
            header = "".join(self._module.code_for_node(line) for line in self._module.header)
            self._lines_before.append(len(_NEWLINE.findall(header)))
        while len(self._lines_before) <= index:
            previous = self._module.body[len(self._lines_before) - 1]
            lines = len(_NEWLINE.findall(self._module.code_for_node(previous)))
            self._lines_before.append(self._lines_before[-1] + lines)
        return self._lines_before[index]

    def _whole_module(self) -> Mapping[cst.CSTNode, CodeRange]:
        if self._whole is None:
            wrapper = MetadataWrapper(self._module, unsafe_skip_copy=True)
            self._whole = wrapper.resolve(PositionProvider)
        return self._whole


def _positions_of(module: cst.Module) -> Mapping[int, CodeRange]:
    """`PositionProvider`'s table for `module`, keyed by node id (the module itself left out:
    it is a temporary whose id may be reused)."""
    state = _PositionState(module.default_indent, module.default_newline)
    try:
        module._codegen(state)
    except AttributeError:  # a libcst whose code generation needs more of its own state
        table = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        return {id(node): found for node, found in table.items() if node is not module}
    return state.ranges


class _PositionState(CodegenState):
    """libcst's `PositionProvidingCodegenState`, recording into `ranges` by node id."""

    __slots__ = ("column", "line", "ranges", "starts")

    def __init__(self, default_indent: str, default_newline: str) -> None:
        super().__init__(default_indent=default_indent, default_newline=default_newline)
        self.line = 1  # one-based
        self.column = 0  # zero-based
        self.ranges: dict[int, CodeRange] = {}
        self.starts: list[tuple[int, int]] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            segments = _NEWLINE.split(value)
            self.line += len(segments) - 1
            self.column = len(segments[-1])
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        line, column = self.starts.pop()
        key = id(node)
        if key not in self.ranges and type(node) is not cst.Module:
            self.ranges[key] = CodeRange(
                CodePosition(line, column), CodePosition(self.line, self.column)
            )

    def record_syntactic_position(  # type: ignore[override]
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> _SyntacticPosition:
        return _SyntacticPosition(self, node, start_node, end_node)


class _SyntacticPosition:
    """The position of a node without its surrounding whitespace, hoisted from children."""

    __slots__ = ("column", "end_node", "line", "node", "start_node", "state")

    def __init__(
        self,
        state: _PositionState,
        node: cst.CSTNode,
        start_node: cst.CSTNode | None,
        end_node: cst.CSTNode | None,
    ) -> None:
        self.state = state
        self.node = node
        self.start_node = start_node
        self.end_node = end_node
        self.line = state.line
        self.column = state.column

    def __enter__(self) -> None:
        self.line, self.column = self.state.line, self.state.column

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        state = self.state
        if self.start_node is not None:
            start = state.ranges[id(self.start_node)].start
        else:
            start = CodePosition(self.line, self.column)
        if self.end_node is not None:
            end = state.ranges[id(self.end_node)].end
        else:
            end = CodePosition(state.line, state.column)
        state.ranges[id(self.node)] = CodeRange(start, end)

"""Node positions, computed for one top-level statement at a time and only when asked.

libcst's `PositionProvider` regenerates the code of the whole module while tracking
positions; on a large file that costs more than the rest of the analysis. Findings sit in a
few statements, so positions are computed per top-level statement: the statement alone is
run through the provider and its lines are shifted by the number of lines before it (from
the plain code of the preceding statements). A node outside the statement being walked
falls back to the whole-module provider.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

_NEWLINE = re.compile(r"\r\n?|\n")


class Positions:
    def __init__(self, module: cst.Module) -> None:
        self._module = module
        self._statement: int | None = None
        self._tables: dict[int, tuple[Mapping[cst.CSTNode, CodeRange], int]] = {}
        self._lines_before: list[int] = []
        self._whole: Mapping[cst.CSTNode, CodeRange] | None = None

    def enter_statement(self, index: int) -> None:
        """The walk is now inside `module.body[index]`."""
        self._statement = index

    def __call__(self, node: cst.CSTNode) -> CodeRange:
        if self._statement is not None:
            table, offset = self._table(self._statement)
            found = table.get(node)
            if found is not None:
                if not offset:
                    return found
                return CodeRange(
                    CodePosition(found.start.line + offset, found.start.column),
                    CodePosition(found.end.line + offset, found.end.column),
                )
        return self._whole_module()[node]

    def _table(self, index: int) -> tuple[Mapping[cst.CSTNode, CodeRange], int]:
        cached = self._tables.get(index)
        if cached is None:
            alone = self._module.with_changes(body=[self._module.body[index]], header=[], footer=[])
            table = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)
            cached = self._tables[index] = (table, self._line_offset(index))
        return cached

    def _line_offset(self, index: int) -> int:
        """How many lines of the file come before `module.body[index]`."""
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

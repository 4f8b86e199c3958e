"""What a patch says about one file: where it lives after the change and which lines changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FileStatus = Literal["added", "deleted", "modified", "renamed", "copied"]

SYMLINK_MODE = "120000"
SUBMODULE_MODE = "160000"


@dataclass(frozen=True, slots=True)
class RemovedLine:
    """A line the change removed; `position` is the post-change line it sat in front of."""

    position: int
    text: str


@dataclass(frozen=True, slots=True)
class Hunk:
    """One hunk seen from the post-change side.

    `lines` is the post-image: every context and added line as (post-change line number,
    text without the newline), in order and consecutive.
    """

    lines: tuple[tuple[int, str], ...]
    added: frozenset[int]
    removed: tuple[RemovedLine, ...] = ()
    # The pre-image range from the `@@ -start,length` header (git's convention: with length
    # 0, start is the line before the hunk). Zero for hunks merged across a patch series.
    old_start: int = 0
    old_length: int = 0

    @property
    def first_line(self) -> int:
        return self.lines[0][0] if self.lines else 0

    @property
    def last_line(self) -> int:
        return self.lines[-1][0] if self.lines else 0

    @property
    def next_line(self) -> int:
        """The post-change number of the first line after the hunk."""
        if self.lines:
            return self.last_line + 1
        return self.removed[0].position if self.removed else 1

    def in_diff_order(self) -> list[tuple[str, int | None, str]]:
        """The hunk's lines as the diff lists them: (`-`/`+`/` `, post line or None, text)."""
        by_position: dict[int, list[RemovedLine]] = {}
        for removed in self.removed:
            by_position.setdefault(removed.position, []).append(removed)
        rows: list[tuple[str, int | None, str]] = []
        for number, text in self.lines:
            rows.extend(("-", None, removed.text) for removed in by_position.pop(number, []))
            rows.append(("+" if number in self.added else " ", number, text))
        for position in sorted(by_position):
            rows.extend(("-", None, removed.text) for removed in by_position[position])
        return rows

    def holds_position(self, line: int) -> bool:
        """True when `line` is in the post-image or right after it (where trailing removals sit)."""
        return bool(self.lines) and self.first_line <= line <= self.last_line + 1


@dataclass(frozen=True, slots=True)
class ChangedFile:
    path: str  # post-change path relative to the root, prefixes stripped (the old path if deleted)
    old_path: str | None  # None for an added file
    status: FileStatus
    patch_line: int  # 1-based line of the patch where this file's diff starts
    hunks: tuple[Hunk, ...] = ()
    binary: bool = False
    mode: str | None = None  # git mode after the change: 100644, 100755, 120000 symlink, ...
    mode_changed: bool = False

    @property
    def added_lines(self) -> frozenset[int]:
        return frozenset().union(*(hunk.added for hunk in self.hunks))

    @property
    def post_image(self) -> list[list[tuple[int, str]]]:
        """Each hunk's post-image lines: the shape the diff-only analysers take."""
        return [list(hunk.lines) for hunk in self.hunks if hunk.lines]

    def known_lines(self) -> dict[int, str]:
        """Every post-change line the patch shows, by line number."""
        return {number: text for hunk in self.hunks for number, text in hunk.lines}

    def hunk_at(self, line: int) -> Hunk | None:
        for hunk in self.hunks:
            if hunk.holds_position(line):
                return hunk
        return None

    @property
    def is_symlink(self) -> bool:
        return self.mode == SYMLINK_MODE

    @property
    def is_submodule(self) -> bool:
        return self.mode == SUBMODULE_MODE


@dataclass(frozen=True, slots=True)
class ParsedPatch:
    files: list[ChangedFile]
    notes: list[str]

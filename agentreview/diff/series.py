"""A `git format-patch` series may change one file several times: fold those into one change.

Each later patch's hunks are relative to the file as the earlier patches left it, so the
earlier patches' lines are carried through the later patch's line mapping: a line the later
patch removes disappears, the others shift. What remains is one `ChangedFile` per final
path whose added lines are the series' added lines, in final line numbers.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import replace

from agentreview.diff.model import ChangedFile, FileStatus, Hunk, RemovedLine


def combine_series(files: list[ChangedFile]) -> list[ChangedFile]:
    combined: list[ChangedFile | None] = []
    index_by_path: dict[str, int] = {}
    for changed in files:
        source = changed.old_path if changed.status == "renamed" else changed.path
        earlier = index_by_path.get(source or "")
        if changed.status in ("added", "copied") or earlier is None:
            replaced = index_by_path.get(changed.path)
            if replaced is not None:  # a re-created path: the new content is what counts
                combined[replaced] = None
            index_by_path[changed.path] = len(combined)
            combined.append(changed)
            continue
        before = combined[earlier]
        assert before is not None
        merged = _compose(before, changed)
        combined[earlier] = merged
        del index_by_path[before.path]
        index_by_path[merged.path] = earlier
    return [changed for changed in combined if changed is not None]


def _compose(first: ChangedFile, second: ChangedFile) -> ChangedFile:
    if second.status == "deleted":
        if first.status == "added":  # created and deleted within the series
            return replace(second, hunks=(), old_path=None)
        return replace(second, old_path=first.old_path, hunks=())
    status: FileStatus = first.status if first.status != "modified" else second.status
    return ChangedFile(
        path=second.path,
        old_path=first.old_path,
        status=status,
        patch_line=first.patch_line,
        hunks=_compose_hunks(first.hunks, second.hunks),
        binary=first.binary or second.binary,
        mode=second.mode or first.mode,
        mode_changed=first.mode_changed or second.mode_changed,
    )


def _compose_hunks(first: Sequence[Hunk], second: Sequence[Hunk]) -> tuple[Hunk, ...]:
    through_second = line_mapping(second)
    known: dict[int, str] = {}
    added: set[int] = set()
    removed: list[RemovedLine] = []
    for hunk in first:
        for number, text in hunk.lines:
            moved = through_second(number)
            if moved is not None:
                known[moved] = text
                if number in hunk.added:
                    added.add(moved)
        for line in hunk.removed:
            position = through_second(line.position)
            if position is not None:
                removed.append(RemovedLine(position, line.text))
    for hunk in second:
        known.update(hunk.lines)
        added |= hunk.added
        removed.extend(hunk.removed)
    return _hunks_from_runs(known, added, removed)


def line_mapping(hunks: Sequence[Hunk]) -> Callable[[int], int | None]:
    """Map a pre-image line number through `hunks` to its post-image number (None: removed)."""
    inside: dict[int, int | None] = {}
    resumes: list[tuple[int, int]] = []  # (first old line after a hunk, new minus old there)
    for hunk in hunks:
        old_number = hunk.old_start if hunk.old_length else hunk.old_start + 1
        for kind, number, _text in hunk.in_diff_order():
            if kind == "+":
                continue
            inside[old_number] = number
            old_number += 1
        resumes.append((old_number, hunk.next_line - old_number))
    resumes.sort()
    starts = [start for start, _ in resumes]

    def mapped(old: int) -> int | None:
        if old in inside:
            return inside[old]
        index = bisect.bisect_right(starts, old) - 1
        return old if index < 0 else old + resumes[index][1]

    return mapped


def _hunks_from_runs(
    known: dict[int, str], added: set[int], removed: list[RemovedLine]
) -> tuple[Hunk, ...]:
    runs: list[list[tuple[int, str]]] = []
    for number in sorted(known):
        if runs and runs[-1][-1][0] == number - 1:
            runs[-1].append((number, known[number]))
        else:
            runs.append([(number, known[number])])
    # Each run takes its slice of the sorted added lines and removals: a file changed in
    # thousands of places stays linear.
    added_sorted = sorted(added)
    removed_sorted = sorted(removed, key=lambda line: line.position)
    positions = [line.position for line in removed_sorted]
    hunks: list[Hunk] = []
    for run in runs:
        first, last = run[0][0], run[-1][0]
        hunks.append(
            Hunk(
                lines=tuple(run),
                added=frozenset(
                    added_sorted[
                        bisect.bisect_left(added_sorted, first) : bisect.bisect_right(
                            added_sorted, last
                        )
                    ]
                ),
                removed=tuple(
                    removed_sorted[
                        bisect.bisect_left(positions, first) : bisect.bisect_right(
                            positions, last + 1
                        )
                    ]
                ),
            )
        )
    return tuple(hunks)

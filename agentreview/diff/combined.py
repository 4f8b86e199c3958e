"""Combined diffs of merge commits (`diff --cc`, `diff --combined`), which unidiff cannot read.

A combined hunk compares the merge result with each of its N parents at once:

```
@@@ -1,3 -1,3 +1,4 @@@      N + 1 `@`, one `-a,b` range per parent, then the result's
  import time                 N prefix columns per line, column k for parent k:
- x = 100                     `-` in a column: in that parent, not in the result
 -x = 10                      (a line with any `-` is not in the result at all)
++async def f():              `+` in a column: in the result, not in that parent
  y = 2                       ` ` on a result line: in that parent too
```

The result's lines are the post-change file. A line counts as added only when it is new
against every parent (`+` in each column): that is what the merge itself wrote (a conflict
resolution, an "evil merge"); lines that came from one side were written, and are
reviewed, in that side's own commits. Removed lines are kept when the first parent had
them, so `def` -> `async def` against the mainline is still seen.

`split_combined` takes these sections out of the patch (replacing each of their lines with a
placeholder, so patch line numbers stay true for the rest) and returns them as
`ChangedFile`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agentreview.diff.model import ChangedFile, FileStatus, Hunk, RemovedLine
from agentreview.diff.paths import normalise, unquote_git_path
from agentreview.diff.shown import quoted, shown
from agentreview.errors import AgentreviewError

_SECTION_START = ("diff --cc ", "diff --combined ")
# What git writes between `diff --cc PATH` and the first hunk.
_INFO = (
    "index ",
    "mode ",
    "new file mode ",
    "deleted file mode ",
    "--- ",
    "+++ ",
    "Binary files ",
    "similarity index ",
)
_RANGE = re.compile(r"(\d+)(?:,(\d+))?\Z")
# Stands in for a combined line in what unidiff reads: free text to it, outside any hunk.
PLACEHOLDER = "~ (a line of a combined diff)\n"


@dataclass(slots=True)
class CombinedSplit:
    fed: list[str]  # the patch's lines, combined sections replaced by PLACEHOLDER
    files: list[ChangedFile] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def split_combined(lines: list[str]) -> CombinedSplit:
    """Take every combined section out of `lines` (each line ends in exactly one `\\n`)."""
    if not any(line.startswith(_SECTION_START) for line in lines):
        return CombinedSplit(lines)
    split = CombinedSplit(list(lines))
    index = 0
    while index < len(lines):
        if _starts_section(lines, index):
            end, changed = _read_section(lines, index)
            split.fed[index:end] = [PLACEHOLDER] * (end - index)
            split.files.append(changed)
            split.notes.append(
                f"patch line {index + 1}: {shown(changed.path)} is a combined diff of a merge: "
                "only the lines new against every parent were reviewed as added"
            )
            index = end
        else:
            index += 1
    return split


def _starts_section(lines: list[str], index: int) -> bool:
    """A `diff --cc` line followed by git's header lines (not one quoted in a message)."""
    if not lines[index].startswith(_SECTION_START):
        return False
    following = lines[index + 1] if index + 1 < len(lines) else ""
    return following.startswith(("index ", "mode ", "new file mode ", "deleted file mode "))


def _read_section(lines: list[str], start: int) -> tuple[int, ChangedFile]:
    header = lines[start].rstrip("\n")
    path = normalise(unquote_git_path(header.split(" ", 2)[2]))
    index = start + 1
    info: list[str] = []
    while index < len(lines) and lines[index].startswith(_INFO):
        info.append(lines[index].rstrip("\n"))
        index += 1
    hunks: list[Hunk] = []
    while index < len(lines) and lines[index].startswith("@@@"):
        index, hunk = _read_hunk(lines, index)
        hunks.append(hunk)
        while index < len(lines) and lines[index].startswith("\\"):
            index += 1  # `\ No newline at end of file`
    if index < len(lines) and hunks and _looks_like_hunk_body(lines[index]):
        raise AgentreviewError(
            f"patch line {index + 1}: this line follows a complete combined hunk that does not "
            "count it: the hunk header's line counts are wrong"
        )
    status: FileStatus = "modified"
    if any(line.startswith("new file mode ") for line in info):
        status = "added"
    elif any(line.startswith("deleted file mode ") for line in info):
        status = "deleted"
    return index, ChangedFile(
        path=path,
        old_path=None if status == "added" else path,
        status=status,
        patch_line=start + 1,
        hunks=tuple(hunks),
        binary=any(line.startswith("Binary files ") for line in info),
        mode=_mode(info),
        mode_changed=any(line.startswith("mode ") for line in info),
    )


def _looks_like_hunk_body(line: str) -> bool:
    if line.startswith(("+++ ", "--- ")) or line in ("-- \n", "---\n"):
        return False
    return line.startswith(("+", "-", " ")) and line.strip() != ""


def _mode(info: list[str]) -> str | None:
    """The result's mode: `new file mode M`, `mode A,B..M`, or `index A,B..C M`."""
    for line in info:
        words = line.split()
        if line.startswith("new file mode ") and len(words) == 4:
            return words[3]
        if line.startswith("mode ") and len(words) == 2 and ".." in words[1]:
            return words[1].rsplit("..", 1)[1]
        if line.startswith("index ") and len(words) == 3:
            return words[2]
    return None


@dataclass(slots=True)
class _HunkHeader:
    parents: list[int]  # each parent's line count
    parent_start: int  # the first parent's start line
    start: int  # the result's start line
    length: int  # the result's line count
    text: str


def _parse_header(line: str, number: int) -> _HunkHeader:
    """`@@@ -a,b -c,d +e,f @@@ section`: N + 1 `@`s, N parent ranges, the result's range."""
    words = line.rstrip("\n").split(" ")
    ats = words[0]
    parents = len(ats) - 1
    ranges = words[1 : parents + 2]
    valid = (
        parents >= 2
        and set(ats) == {"@"}
        and len(words) >= parents + 3
        and words[parents + 2] == ats
        and all(word.startswith("-") and _RANGE.match(word[1:]) for word in ranges[:-1])
        and ranges[-1].startswith("+")
        and _RANGE.match(ranges[-1][1:]) is not None
    )
    if not valid:
        raise AgentreviewError(
            f"patch line {number}: not a combined hunk header: {quoted(line.rstrip())}"
        )
    counts = [_range(word[1:]) for word in ranges]
    return _HunkHeader(
        parents=[length for _, length in counts[:-1]],
        parent_start=counts[0][0],
        start=counts[-1][0],
        length=counts[-1][1],
        text=" ".join(words[: parents + 3]),
    )


def _range(text: str) -> tuple[int, int]:
    found = _RANGE.match(text)
    assert found is not None  # checked by the caller
    return int(found[1]), int(found[2]) if found[2] is not None else 1


def _read_hunk(lines: list[str], start: int) -> tuple[int, Hunk]:
    header = _parse_header(lines[start], start + 1)
    width = len(header.parents)
    in_parent = [0] * width
    in_result = 0
    number = header.start if header.length else header.start + 1
    post: list[tuple[int, str]] = []
    added: set[int] = set()
    removed: list[RemovedLine] = []
    index = start + 1
    while in_parent != header.parents or in_result != header.length:
        if index >= len(lines):
            raise AgentreviewError(
                f"patch line {start + 1}: the combined hunk `{header.text}` is cut short: the "
                f"patch ends at line {len(lines)} before all the lines its header counts "
                "(truncated patch?)"
            )
        body = lines[index].rstrip("\n")
        if body.startswith("\\"):
            index += 1
            continue
        columns, text = (body[:width], body[width:]) if body else (" " * width, "")
        if (
            len(columns) < width
            or not set(columns) <= {" ", "+", "-"}
            or ("+" in columns and "-" in columns)
        ):
            raise AgentreviewError(
                f"patch line {index + 1}: expected another line of the combined hunk "
                f"`{header.text}` (from patch line {start + 1}), found "
                f"{quoted(body, 60)}: the hunk is shorter than its header says"
            )
        if "-" in columns:
            for column, mark in enumerate(columns):
                in_parent[column] += mark == "-"
            if columns[0] == "-":
                removed.append(RemovedLine(position=number, text=text))
        else:
            for column, mark in enumerate(columns):
                in_parent[column] += mark == " "
            in_result += 1
            post.append((number, text))
            if set(columns) == {"+"}:
                added.add(number)
            number += 1
        if in_result > header.length or any(
            seen > expected for seen, expected in zip(in_parent, header.parents, strict=True)
        ):
            raise AgentreviewError(
                f"patch line {index + 1}: the combined hunk `{header.text}` (patch line "
                f"{start + 1}) has more lines than its header says"
            )
        index += 1
    return index, Hunk(
        lines=tuple(post),
        added=frozenset(added),
        removed=tuple(removed),
        old_start=header.parent_start,
        old_length=header.parents[0],
    )

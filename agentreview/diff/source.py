"""The post-change text of a changed file, read from the checked-out tree only when it matches.

A tree that is not the patch's post-change state (another branch, uncommitted edits, the
wrong folder) would put findings on the wrong lines. So the file is used only when every
line the patch shows after the change is there, at the same number; otherwise the file is
reviewed from the hunks alone, and the reason goes into the notes.
"""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path

from agentreview.diff.limits import Limits
from agentreview.diff.model import ChangedFile
from agentreview.diff.paths import escape_reason


@dataclass(frozen=True, slots=True)
class PostChangeSource:
    text: str | None  # None when the file cannot be used; `reason` says why
    reason: str | None = None
    undecodable: bool = False  # bytes that are not UTF-8 were replaced


def split_source_lines(text: str) -> list[str]:
    """Lines as a diff counts them: split on `\\n` only, without line endings."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def decode_source(data: bytes) -> tuple[str, bool]:
    """UTF-8 text, and whether undecodable bytes had to be replaced."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace"), True


def resolve_inside(root: Path, relative: str) -> tuple[Path | None, str | None]:
    """The file `relative` names below `root`, or why it must not be read.

    Refuses `..`, absolute paths, and symlinks (anywhere on the way) that lead out of root.
    """
    reason = escape_reason(relative)
    if reason is not None:
        return None, f"{reason}; not read"
    root_resolved = root.resolve()
    candidate = (root / relative).resolve()
    if not candidate.is_relative_to(root_resolved):
        return None, "a symlink leads outside the repository; not read"
    return candidate, None


def read_at_most(path: Path, max_bytes: int) -> bytes | None:
    """The file's bytes, or None when it holds more than `max_bytes` (never read past them)."""
    with path.open("rb") as file:
        data = file.read(max_bytes + 1)
    return None if len(data) > max_bytes else data


def new_file_text(changed: ChangedFile) -> str | None:
    """The whole text of a file the patch creates: its one hunk is the entire file.

    A new file needs no checkout: reviewing it from the patch is a whole-file review.
    """
    if changed.status != "added" or changed.binary or len(changed.hunks) != 1:
        return None
    if escape_reason(changed.path) is not None:
        return None  # a path outside the repository is never treated as a whole file
    hunk = changed.hunks[0]
    if hunk.first_line != 1 or len(hunk.added) != len(hunk.lines):
        return None
    return "".join(f"{text}\n" for _, text in hunk.lines)


def read_post_change(
    changed: ChangedFile, root: Path, limits: Limits | None = None
) -> PostChangeSource:
    limits = limits or Limits()
    path, refused = resolve_inside(root, changed.path)
    if path is None:
        return PostChangeSource(None, refused)
    try:
        info = path.stat()
    except FileNotFoundError:
        return PostChangeSource(None, f"not found in {root}")
    except OSError as exc:
        return PostChangeSource(None, f"cannot be read: {exc.strerror}")
    if not stat.S_ISREG(info.st_mode):
        return PostChangeSource(None, "not a regular file in the repository")
    too_big = limits.file_too_big(info.st_size)
    if too_big is not None:
        return PostChangeSource(None, f"{too_big}; not read")
    try:
        data = read_at_most(path, limits.max_file_bytes)
    except OSError as exc:
        return PostChangeSource(None, f"cannot be read: {exc.strerror}")
    if data is None:
        return PostChangeSource(
            None, f"grew over the max-file-bytes limit of {limits.max_file_bytes} while read"
        )
    text, undecodable = decode_source(data)
    too_long = limits.line_too_long(enumerate(split_source_lines(text), start=1))
    if too_long is not None:
        return PostChangeSource(None, f"{too_long}; the whole file was not used")
    mismatch = _mismatch(changed, split_source_lines(text))
    if mismatch is not None:
        return PostChangeSource(None, f"the file in {root} does not match the patch ({mismatch})")
    return PostChangeSource(text, None, undecodable)


def _mismatch(changed: ChangedFile, lines: list[str]) -> str | None:
    for hunk in changed.hunks:
        for number, expected in hunk.lines:
            if number > len(lines):
                return f"it has {len(lines)} lines, the patch shows line {number}"
            # A carriage return left at the end is the line ending of a CRLF file in a patch
            # that was itself converted to CRLF: not a difference.
            if lines[number - 1].rstrip("\r") != expected.rstrip("\r"):
                return f"line {number} differs"
    if changed.status == "added":
        shown = max((hunk.last_line for hunk in changed.hunks), default=0)
        if len(lines) != shown:
            return f"it has {len(lines)} lines, the new file in the patch has {shown}"
    return None

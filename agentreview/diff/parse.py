"""Turn the bytes of a patch into `ChangedFile`s, with unidiff doing the hunk arithmetic.

What unidiff leaves to us, and this module does:
- reading: the patch arrives as bytes and is split on `\\n` only, with one `\\r` dropped
  from each line end, so CRLF patches and stray carriage returns never break hunk counts;
  bytes that are not UTF-8 are replaced (and said so in a note);
- names: git's quoted paths (octal escapes), a/ b/ prefixes, `rename from` / `copy from`
  lines, and `diff -ru` trees;
- errors: every parse failure names the patch line, and lines beyond a hunk's count
  (which unidiff would quietly drop) are refused;
- hostile input: no line reaches one of unidiff's regexes that backtrack for long on it
  (`_fed_line`), quoted patch text in messages is escaped (`shown`), and combined diffs
  of merges, which unidiff cannot read, are read by `combined.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

from unidiff import constants as unidiff_constants
from unidiff.constants import RE_DIFF_GIT_HEADER
from unidiff.errors import UnidiffParseError
from unidiff.patch import Hunk as UnidiffHunk
from unidiff.patch import PatchedFile, PatchSet

from agentreview.diff.combined import split_combined
from agentreview.diff.model import ChangedFile, FileStatus, Hunk, ParsedPatch, RemovedLine
from agentreview.diff.paths import (
    DEV_NULL,
    normalise,
    split_git_header,
    strip_git_prefixes,
    strip_plain_prefixes,
    unquote_git_path,
)
from agentreview.diff.series import combine_series
from agentreview.diff.shown import quoted, shown
from agentreview.errors import AgentreviewError

_GIT_HEADER = "diff --git "
_LINE_TYPES_IN_HUNK = ("+", "-", " ")
_BINARY_LINE_ENDS = (" differ\n", " has changed\n")
# Stands in for a line unidiff would not match anyway but would take long to try.
_INERT = "~ (a line no diff format gives meaning to)\n"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def parse_patch(data: bytes) -> ParsedPatch:
    """Parse a unified diff (git or plain, one patch or a `format-patch` series)."""
    lines, notes = decode_patch_lines(data)
    _refuse_unsupported(lines)
    combined = split_combined(lines)
    patch_set = _run_unidiff(combined.fed, lines)
    _check_hunk_boundaries(patch_set, combined.fed)
    files = [_changed_file(patched) for patched in patch_set]
    if combined.files:
        files = sorted([*files, *combined.files], key=lambda changed: changed.patch_line)
        notes.extend(combined.notes)
    if not files and any(line.strip() for line in lines):
        raise AgentreviewError(
            "the patch holds no file changes: expected a unified diff "
            "(`diff --git`, or `---`/`+++` lines followed by `@@` hunks)"
        )
    return ParsedPatch(files=combine_series(files), notes=notes)


def decode_patch_lines(data: bytes) -> tuple[list[str], list[str]]:
    """Split on `\\n` only and decode each line; every returned line ends in exactly one `\\n`.

    A byte-order mark is dropped; a patch in UTF-16 (what Windows PowerShell's `>` writes)
    is read as such.
    """
    notes: list[str] = []
    if data.startswith(_UTF16_BOMS):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: read as bytes, replacing what does not decode
        else:
            notes.append("the patch is in UTF-16 (a PowerShell redirect?); it was read as such")
    data = data.removeprefix(b"\xef\xbb\xbf")
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    lines: list[str] = []
    first_bad: int | None = None
    for number, raw in enumerate(raw_lines, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "replace")
            first_bad = first_bad or number
        lines.append(text + "\n")
    if first_bad is not None:
        notes.append(
            f"the patch is not valid UTF-8 (first at patch line {first_bad}); "
            "undecodable bytes were replaced with U+FFFD"
        )
    return lines, notes


def _refuse_unsupported(lines: list[str]) -> None:
    for number, line in enumerate(lines, start=1):
        if line.startswith("\x1b["):
            raise AgentreviewError(
                f"patch line {number}: the patch holds terminal colour codes; "
                "write it with `git diff --no-color`"
            )
        if line.startswith("diff --git ") and "://" in line and not RE_DIFF_GIT_HEADER.match(line):
            # unidiff would try its URI-like header pattern, which backtracks cubically.
            raise AgentreviewError(
                f"patch line {number}: a `diff --git` line whose paths hold `://` is not one "
                f"git writes: {quoted(line.rstrip(), 60)}"
            )


def _fed_line(line: str) -> str:
    """The line as unidiff gets it: lines its binary-file pattern would match only after
    backtracking quadratically are ones it cannot match at all, so they go in inert."""
    if line.startswith("Binary file") and ("\t" in line or not line.endswith(_BINARY_LINE_ENDS)):
        return _INERT
    return line


class _LineFeed:
    """Feeds lines to unidiff and remembers where it was, to name the line of a parse error.

    `lines` are what the patch says (for messages), `fed` what unidiff reads (`_fed_line`,
    combined sections replaced); both have the same length.
    """

    def __init__(self, fed: list[str], lines: list[str]) -> None:
        self.fed = fed
        self.lines = lines
        self.position = 0
        self.hunk_header_line = 0

    def __iter__(self) -> Iterator[str]:
        for number, line in enumerate(self.fed, start=1):
            self.position = number
            if line.startswith("@@ "):
                self.hunk_header_line = number
            yield _fed_line(line)


def _run_unidiff(fed: list[str], lines: list[str]) -> PatchSet:
    feed = _LineFeed(fed, lines)
    try:
        return PatchSet(feed)
    except UnidiffParseError as exc:
        raise AgentreviewError(_describe_parse_error(str(exc), feed)) from None
    except (ValueError, IndexError) as exc:  # defensive: unidiff on input it did not foresee
        raise AgentreviewError(
            f"patch line {feed.position}: cannot parse the patch: {shown(str(exc))}"
        ) from None


def _describe_parse_error(message: str, feed: _LineFeed) -> str:
    header_number = feed.hunk_header_line
    header = feed.lines[header_number - 1] if header_number else ""
    header = shown(header[: header.find(" @@") + 3] if " @@" in header else header.strip(), 60)
    if message.startswith("Hunk is shorter"):
        return (
            f"patch line {header_number}: the hunk `{header}` is cut short: the patch ends "
            f"at line {len(feed.lines)} before all the lines its header counts (truncated patch?)"
        )
    offending = feed.lines[feed.position - 1].rstrip("\n") if feed.position else ""
    if message.startswith("Hunk diff line expected"):
        return (
            f"patch line {feed.position}: expected another line of the hunk `{header}` "
            f"(from patch line {header_number}), found {quoted(offending, 60)}: the hunk is "
            "shorter than its header says"
        )
    if message.startswith("Hunk is longer"):
        return (
            f"patch line {feed.position}: the hunk `{header}` (patch line {header_number}) "
            "has more lines than its header says"
        )
    # unidiff's other messages end with the offending line: `Target without source: +++ x`.
    kind, colon, found = message.strip().partition(": ")
    detail = f"{kind}: {quoted(found, 60)}" if colon else shown(kind)
    return f"patch line {feed.position}: {detail}"


def _check_hunk_boundaries(patch_set: PatchSet, lines: list[str]) -> None:
    """Refuse hunks whose header miscounts: unidiff would misread them without a word.

    - A `+`/`-`/` ` line right after a complete hunk: the header undercounts, and unidiff
      would drop the line as free text.
    - A `--- ` line followed by a `+++ ` line inside a hunk: the header overcounts (or the
      patch lost lines), and the next file's header was read as a removed and an added line.
    """
    for patched in patch_set:
        for hunk in patched:
            numbers = [line.diff_line_no for line in hunk if line.diff_line_no is not None]
            if not numbers:
                continue
            header = (
                f"@@ -{hunk.source_start},{hunk.source_length} "
                f"+{hunk.target_start},{hunk.target_length} @@"
            )
            for number in numbers:
                if (
                    lines[number - 1].startswith("--- ")
                    and number < len(lines)
                    and lines[number].startswith("+++ ")
                ):
                    raise AgentreviewError(
                        f"patch line {number}: the hunk `{header}` runs into what looks "
                        "like the next file's ---/+++ header: the hunk holds fewer lines "
                        "than its header says (truncated or hand-edited patch?)"
                    )
            following = max(numbers)  # 0-based index of the line after the hunk
            while following < len(lines) and lines[following].startswith("\\"):
                following += 1
            if following < len(lines) and _looks_like_hunk_body(lines[following]):
                raise AgentreviewError(
                    f"patch line {following + 1}: this line follows a complete hunk "
                    f"(`{header}`) that does not count it: the hunk header's line counts "
                    "are wrong"
                )


def _looks_like_hunk_body(line: str) -> bool:
    if line.startswith(("+++ ", "--- ")) or line in ("-- \n", "---\n"):
        return False
    return line.startswith(_LINE_TYPES_IN_HUNK) and line.strip() != ""


def _changed_file(patched: PatchedFile) -> ChangedFile:
    info = [str(line) for line in (patched.patch_info or [])]
    old, new, status = _git_names(patched, info) if _is_git(info) else _plain_names(patched)
    path = new if new is not None else old
    if path is None:  # both sides /dev/null: nothing a reviewer could read
        raise AgentreviewError(
            f"patch line {patched.diff_line_no}: a file diff with /dev/null on both sides"
        )
    hunks = tuple(_hunk(hunk) for hunk in patched)
    return ChangedFile(
        path=normalise(path),
        old_path=normalise(old) if old is not None else None,
        status=status,
        patch_line=_first_patch_line(patched),
        hunks=hunks,
        binary=bool(patched.is_binary_file),
        mode=_git_mode(info),
        mode_changed=any(line.startswith("old mode ") for line in info),
    )


def _first_patch_line(patched: PatchedFile) -> int:
    line: int | None = getattr(patched, "diff_line_no", None)  # unidiff >= 1.0
    if line is None:
        numbers = [row.diff_line_no for hunk in patched for row in hunk if row.diff_line_no]
        line = min(numbers) if numbers else 0
    return line


def _git_mode(info: list[str]) -> str | None:
    """The file's git mode after the change (before it, for a deleted file)."""
    mode: str | None = None
    for line in info:
        words = line.split()
        if line.startswith(("new file mode ", "new mode ", "deleted file mode ")):
            mode = words[-1]
        elif line.startswith("index ") and len(words) == 3 and mode is None:
            mode = words[2]
    return mode


def _is_git(info: list[str]) -> bool:
    return bool(info) and info[0].startswith(_GIT_HEADER)


def _git_names(patched: PatchedFile, info: list[str]) -> tuple[str | None, str | None, FileStatus]:
    header = split_git_header(info[0][len(_GIT_HEADER) :])
    if header is None:
        header = (unquote_git_path(patched.source_file), unquote_git_path(patched.target_file))
    old, new = strip_git_prefixes(*header)
    status: FileStatus = "modified"
    for line in info[1:]:
        key, _, value = line.rstrip("\n").partition(" from ")
        if key in ("rename", "copy") and value:
            old = unquote_git_path(value)
            status = "renamed" if key == "rename" else "copied"
        key, _, value = line.rstrip("\n").partition(" to ")
        if key in ("rename", "copy") and value:
            new = unquote_git_path(value)
    if any(line.startswith("new file mode ") for line in info):
        return None, new, "added"
    if any(line.startswith("deleted file mode ") for line in info):
        return old, None, "deleted"
    return old, new, status


def _plain_names(patched: PatchedFile) -> tuple[str | None, str | None, FileStatus]:
    old = None if patched.source_file == DEV_NULL else unquote_git_path(patched.source_file)
    new = None if patched.target_file == DEV_NULL else unquote_git_path(patched.target_file)
    old, new = strip_plain_prefixes(old, new)
    # `diff -N` writes a dated header instead of /dev/null; the empty hunk side tells.
    if new is None or patched.is_removed_file:
        return old or new, None, "deleted"
    if old is None or patched.is_added_file:
        return None, new, "added"
    # `diff -u x.py.orig x.py` edits x.py: a plain diff has no renames.
    return old, new, "modified"


def _hunk(hunk: UnidiffHunk) -> Hunk:
    """Post-image lines, added line numbers and removed lines (each placed before a post line)."""
    # With no post-image lines, the hunk's start names the line *before* it.
    next_target: int = hunk.target_start + (1 if hunk.target_length == 0 else 0)
    post: list[tuple[int, str]] = []
    added: set[int] = set()
    removed: list[RemovedLine] = []
    for line in hunk:
        text = line.value.rstrip("\n")
        if line.line_type == unidiff_constants.LINE_TYPE_REMOVED:
            removed.append(RemovedLine(position=next_target, text=text))
        elif line.line_type in (
            unidiff_constants.LINE_TYPE_ADDED,
            unidiff_constants.LINE_TYPE_CONTEXT,
        ):
            number = line.target_line_no
            if number is None:  # unidiff numbers every post-image line; keep mypy sure of it
                continue
            post.append((number, text))
            if line.line_type == unidiff_constants.LINE_TYPE_ADDED:
                added.add(number)
            next_target = number + 1
    return Hunk(
        lines=tuple(post),
        added=frozenset(added),
        removed=tuple(removed),
        old_start=hunk.source_start,
        old_length=hunk.source_length,
    )

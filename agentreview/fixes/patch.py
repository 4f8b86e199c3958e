"""The unified diff `agentreview fix` prints: git's format, so `git apply` takes it as is.

- `diff --git a/P b/P`, `--- a/P`, `+++ b/P` headers with the path relative to the root,
  quoted the way git quotes (C-style, octal bytes) when it holds control characters, quotes,
  backslashes or non-ASCII; a tab after a `---`/`+++` name with a space, as git writes it.
- Three lines of context; a last line without a newline gets git's
  `\\ No newline at end of file` marker.
- Line endings are content: a CRLF file's lines keep their `\\r`.
"""

from __future__ import annotations

import difflib
import re

CONTEXT = 3
_LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
_C_ESCAPES = {
    0x07: "\\a",
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0B: "\\v",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}
NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(path: str, before: str, after: str) -> str:
    """The diff turning `before` into `after` for the file at `path` ("" when they are equal)."""
    if before == after:
        return ""
    old, new = _LINE.findall(before), _LINE.findall(after)
    out = [
        f"diff --git {quote_path('a/' + path)} {quote_path('b/' + path)}\n",
        f"--- {_header_name('a/' + path)}\n",
        f"+++ {_header_name('b/' + path)}\n",
    ]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT):
        first, last = group[0], group[-1]
        old_range = _range(first[1], last[2])
        new_range = _range(first[3], last[4])
        out.append(f"@@ -{old_range} +{new_range} @@\n")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                out.extend(_lines(" ", old[i1:i2]))
                continue
            out.extend(_lines("-", old[i1:i2]))
            out.extend(_lines("+", new[j1:j2]))
    return "".join(out)


def _range(start: int, stop: int) -> str:
    """`start,length` in git's convention (1-based; an empty range names the line before)."""
    length = stop - start
    first = start + 1
    if length == 1:
        return str(first)
    if length == 0:
        first -= 1
    return f"{first},{length}"


def _lines(prefix: str, lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(prefix + line)
        else:
            out.append(prefix + line + "\n" + NO_NEWLINE)
    return out


def quote_path(name: str) -> str:
    """`name` as git writes it in a header: bare, or C-quoted when it must be."""
    data = name.encode("utf-8", "surrogateescape")
    if not any(byte < 0x20 or byte >= 0x7F or byte in (0x22, 0x5C) for byte in data):
        return name
    quoted = "".join(
        _C_ESCAPES.get(byte) or (chr(byte) if 0x20 <= byte < 0x7F else f"\\{byte:03o}")
        for byte in data
    )
    return f'"{quoted}"'


def _header_name(name: str) -> str:
    quoted = quote_path(name)
    return quoted + "\t" if " " in quoted and not quoted.startswith('"') else quoted

"""Which findings the change introduced: the ones whose span touches an added line.

Context lines are never reported, with one exception: when the change turns `def f` into
`async def f`, a blocking call already in the body is a new problem although its own line
did not change. Such findings carry `async_header_line`; they count when that header was
added and the same hunk removed the plain `def` of the same name.
"""

from __future__ import annotations

import re
from dataclasses import replace

from agentreview.diff.model import ChangedFile
from agentreview.findings import Finding

_ASYNC_HEADER = re.compile(r"^(?P<indent>\s*)async\s+def\s+(?P<name>\w+)")
_PLAIN_HEADER = re.compile(r"^(?P<indent>\s*)def\s+(?P<name>\w+)")


def introduced(finding: Finding, changed: ChangedFile, added: frozenset[int]) -> Finding | None:
    """The finding as reported (message extended for `def` -> `async def`), or None."""
    if any(line in added for line in range(finding.line, finding.end_line + 1)):
        return finding
    header = finding.async_header_line
    if header is None or header not in added:
        return None
    name = became_async(changed, header)
    if name is None:
        return None
    return replace(
        finding,
        message=f"{finding.message} (this change turned `def {name}` into `async def {name}`)",
    )


def became_async(changed: ChangedFile, header_line: int) -> str | None:
    """The function's name when `header_line` is an added `async def` that replaced a `def`."""
    hunk = changed.hunk_at(header_line)
    if hunk is None:
        return None
    header_text = dict(hunk.lines).get(header_line, "")
    added_header = _ASYNC_HEADER.match(header_text)
    if added_header is None:
        return None
    for removed in hunk.removed:
        old = _PLAIN_HEADER.match(removed.text)
        if (
            old is not None
            and old["name"] == added_header["name"]
            and old["indent"] == added_header["indent"]
        ):
            return old["name"]
    return None

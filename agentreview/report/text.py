"""The human report: findings grouped by file, each with its fix, then a one-line summary.

```
app/users/router.py:14:16 ASYNC001 `requests.get` blocks the event loop ...
    fix: Use `httpx.AsyncClient` ...
    suggested change (line 14):
        response = await client.get(url)
```
"""

from __future__ import annotations

import textwrap
from itertools import groupby

from agentreview.diff.shown import inert_line
from agentreview.findings import Finding
from agentreview.report import Report

_WIDTH = 100
_INDENT = "    "

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOUR = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}


def render(report: Report, *, color: bool) -> str:
    paint = _Paint(color)
    blocks: list[str] = []
    for _path, findings in groupby(report.findings, key=lambda finding: finding.path):
        blocks.append("".join(_finding(finding, paint) for finding in findings))
    tail = "".join(f"{paint('note:', _DIM)} {inert_line(note)}\n" for note in report.notes)
    tail += summary(report) + "\n"
    return "\n".join([*blocks, tail])


def summary(report: Report) -> str:
    files = report.files_reviewed
    in_files = f"in {files} file{'s' if files != 1 else ''}"
    if not report.findings:
        return f"No findings {in_files}."
    counts = {level: 0 for level in ("error", "warning", "info")}
    for finding in report.findings:
        counts[finding.severity] += 1
    total = len(report.findings)
    return (
        f"{total} finding{'s' if total != 1 else ''} "
        f"({_count(counts['error'], 'error')}, {_count(counts['warning'], 'warning')}, "
        f"{_count(counts['info'], 'info')}) {in_files}"
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' if number != 1 else ''}"


def _finding(finding: Finding, paint: _Paint) -> str:
    location = paint(f"{inert_line(finding.path)}:{finding.line}:{finding.column}", _BOLD)
    rule = paint(finding.rule_id, _SEVERITY_COLOUR[finding.severity])
    lines = [f"{location} {rule} {inert_line(finding.message)}\n"]
    fix = textwrap.fill(
        finding.fix,
        width=_WIDTH,
        initial_indent=f"{_INDENT}fix: ",
        subsequent_indent=_INDENT + "     ",
    )
    lines.append(paint(fix, _DIM) + "\n")
    if finding.suggestion is not None:
        start, end = finding.suggestion.start_line, finding.suggestion.end_line
        where = f"line {start}" if start == end else f"lines {start}-{end}"
        lines.append(f"{_INDENT}suggested change ({where}):\n")
        # Split on newlines only: str.splitlines() would also break at U+2028 or U+0085,
        # starting a line a CI runner could read as a command.
        code = finding.suggestion.replacement.removesuffix("\n").split("\n")
        lines.extend(f"{_INDENT * 2}{inert_line(line.removesuffix(chr(13)))}\n" for line in code)
    return "".join(lines)


class _Paint:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.enabled else text

"""`--format github`: GitHub Actions workflow commands, one annotation per finding.

```
::error file=app/users/router.py,line=55,endLine=55,col=16,endColumn=74,title=ASYNC001::...
```

- Severity: error -> `error`, warning -> `warning`, info -> `notice`.
- GitHub shows at most 10 annotations of each type per step, so the most severe come first,
  at most 10 per type are emitted, and when any are left over a final `::notice` counts
  them by severity (it takes one of the ten notice slots). The left-over findings are still
  listed in the log, as plain lines.
- `col`/`endColumn` only for one-line findings: GitHub ignores columns across lines.
- Injection: every value from the diff is escaped as the runner unescapes it (escape.py), so
  nothing can end a line or a command. Plain log lines start with `agentreview:` (never
  `::`) and have the legacy `##[` command prefix broken, because the runner looks for that
  one anywhere in a line. With that, `::stop-commands::` is not needed.
"""

from __future__ import annotations

from agentreview.findings import Finding
from agentreview.report import Report
from agentreview.report.common import (
    SEVERITIES,
    TOOL_NAME,
    most_severe_first,
    plural,
    severity_counts,
)
from agentreview.report.escape import workflow_data, workflow_property
from agentreview.report.text import summary

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
ANNOTATIONS_PER_TYPE = 10


def render(report: Report, *, color: bool) -> str:
    del color  # the runner reads these lines; no escape sequences
    shown, left_over = split_by_quota(report.findings)
    lines = [annotation(finding) for finding in shown]
    if left_over:
        lines.append(left_over_notice(left_over))
        lines.extend(log_line(_plain_finding(finding)) for finding in left_over)
    lines.extend(log_line(f"note: {note}") for note in report.notes)
    lines.append(log_line(summary(report)))
    return "\n".join(lines) + "\n"


def split_by_quota(findings: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """(annotated, left over): most severe first, at most 10 per annotation type.

    When anything is left over, the summary notice needs a notice slot of its own.
    """
    counts = severity_counts(findings)
    overflow = any(count > ANNOTATIONS_PER_TYPE for count in counts.values())
    quota = dict.fromkeys(SEVERITIES, ANNOTATIONS_PER_TYPE)
    if overflow:
        quota["info"] -= 1
    shown: list[Finding] = []
    left_over: list[Finding] = []
    for finding in most_severe_first(findings):
        if quota[finding.severity] > 0:
            quota[finding.severity] -= 1
            shown.append(finding)
        else:
            left_over.append(finding)
    return shown, left_over


def annotation(finding: Finding) -> str:
    properties = [
        ("file", finding.path),
        ("line", str(finding.line)),
        ("endLine", str(finding.end_line)),
    ]
    if finding.line == finding.end_line:
        properties += [("col", str(finding.column)), ("endColumn", str(finding.end_column))]
    properties.append(("title", finding.rule_id))
    joined = ",".join(f"{name}={workflow_property(value)}" for name, value in properties)
    message = f"{finding.message}\nFix: {finding.fix}" if finding.fix else finding.message
    return f"::{COMMAND[finding.severity]} {joined}::{workflow_data(message)}"


def left_over_notice(left_over: list[Finding]) -> str:
    counts = severity_counts(left_over)
    by_severity = ", ".join(plural(counts[severity], severity) for severity in SEVERITIES)
    message = (
        f"{plural(len(left_over), 'more finding')} not annotated ({by_severity}): "
        f"GitHub shows {ANNOTATIONS_PER_TYPE} annotations per type per step. "
        "The step's log lists them all."
    )
    return f"::notice title={TOOL_NAME}::{workflow_data(message)}"


def log_line(text: str) -> str:
    """A plain log line the runner cannot read as a command."""
    return f"{TOOL_NAME}: " + workflow_data(text).replace("##[", "#%23[")


def _plain_finding(finding: Finding) -> str:
    return (
        f"{finding.path}:{finding.line}:{finding.column}: {finding.severity} "
        f"{finding.rule_id} {finding.message}"
    )

"""`--format gitlab`: a GitLab Code Quality report (`artifacts:reports:codequality`).

A JSON array of issues with the fields GitLab requires: `description`, `check_name` (the rule
ID), `fingerprint`, `severity` and `location.path` with `location.lines.begin` (plus
`end`). GitLab compares the merge request's report with the target branch's by
fingerprint, and keeps one issue per fingerprint: the finding's fingerprint leaves line
numbers out (moved code is not "new") and counts repeats of the same text, so it is unique.

Severity: error -> `critical`, warning -> `major`, info -> `info` (GitLab also has `minor`
and `blocker`, which agentreview's three levels do not need).
"""

from __future__ import annotations

import json
from typing import Any

from agentreview.findings import Finding
from agentreview.report import Report
from agentreview.report.common import stable_fingerprint

SEVERITY = {"error": "critical", "warning": "major", "info": "info"}
# Code Climate categories (GitLab ignores them; other Code Climate readers require one).
CATEGORY = {"SEC": "Security", "ASYNC": "Performance", "DEPS": "Compatibility"}


def render(report: Report, *, color: bool) -> str:
    del color  # JSON is never coloured
    issues = [issue(finding) for finding in report.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def issue(finding: Finding) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": finding.rule_id,
        "description": f"{finding.rule_id}: {finding.message}",
        "categories": [CATEGORY.get(finding.rule_id.rstrip("0123456789"), "Bug Risk")],
        "fingerprint": stable_fingerprint(finding),
        "severity": SEVERITY[finding.severity],
        "location": {
            "path": finding.path,
            "lines": {"begin": finding.line, "end": finding.end_line},
        },
    }

"""`--format gitlab`: GitLab Code Quality (the fields GitLab documents as required)."""

from __future__ import annotations

import json
from typing import Any

from agentreview.report import Report, render
from tests.report.helpers import build_report

REQUIRED = {"description", "check_name", "fingerprint", "severity", "location"}
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def issues(report: Report) -> list[dict[str, Any]]:
    document: list[dict[str, Any]] = json.loads(render(report, "gitlab"))
    return document


def test_every_issue_has_what_gitlab_requires(report: Report, evil: Report) -> None:
    for each in (report, evil):
        found = issues(each)
        assert len(found) == len(each.findings)
        for issue, finding in zip(found, each.findings, strict=True):
            assert issue.keys() >= REQUIRED
            assert all(
                isinstance(issue[key], str) and issue[key] for key in REQUIRED - {"location"}
            )
            assert issue["severity"] in GITLAB_SEVERITIES
            assert issue["check_name"] == finding.rule_id
            assert issue["location"]["path"] == finding.path
            assert issue["location"]["lines"]["begin"] == finding.line
            assert finding.message in issue["description"]


def test_fingerprints_are_unique_and_the_findings_own(report: Report) -> None:
    fingerprints = [issue["fingerprint"] for issue in issues(report)]
    assert fingerprints == [finding.fingerprint for finding in report.findings]
    assert len(set(fingerprints)) == len(fingerprints)


def test_severity_mapping(report: Report) -> None:
    mapping = {
        (finding.severity, issue["severity"])
        for finding, issue in zip(report.findings, issues(report), strict=True)
    }
    assert mapping == {("error", "critical"), ("warning", "major"), ("info", "info")}


def test_empty_report_is_an_empty_array() -> None:
    assert issues(build_report([], [], catalogue=None)) == []

"""`--format rdjson` / `rdjsonl`: reviewdog's schemas, byte columns, postable suggestions."""

from __future__ import annotations

import json
from typing import Any

import pytest

from agentreview.findings import Suggestion
from agentreview.report import Report, render
from tests.report.helpers import (
    Line,
    build_report,
    rdf_validator,
    schema_errors,
)


def rdjson(report: Report) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render(report, "rdjson"))
    return document


def rdjsonl(report: Report) -> list[dict[str, Any]]:
    return [json.loads(line) for line in render(report, "rdjsonl").splitlines()]


def by_code(report: Report) -> dict[str, dict[str, Any]]:
    return {d["code"]["value"]: d for d in rdjson(report)["diagnostics"]}


def test_rdjson_and_rdjsonl_are_valid_against_reviewdogs_schemas(
    report: Report, evil: Report
) -> None:
    result_validator = rdf_validator("DiagnosticResult")
    diagnostic_validator = rdf_validator("Diagnostic")
    for each in (report, evil, build_report([], [], catalogue=None)):
        document = rdjson(each)
        assert schema_errors(result_validator, document) == []
        lines = render(each, "rdjsonl").splitlines()
        assert len(lines) == len(each.findings)
        for line in lines:
            assert schema_errors(diagnostic_validator, json.loads(line)) == []
        assert [json.loads(line) for line in lines] == document["diagnostics"]


def test_the_validators_reject_what_reviewdog_rejects() -> None:
    """The schema checks can fail: a wrong severity and a string line are refused."""
    bad = {"diagnostics": [{"severity": "FATAL", "location": {"range": {"start": {"line": "1"}}}}]}
    assert len(schema_errors(rdf_validator("DiagnosticResult"), bad)) == 2


def test_diagnostic_fields(report: Report) -> None:
    document = rdjson(report)
    assert document["source"]["name"] == "agentreview"
    diagnostics = by_code(report)
    assert set(diagnostics) == {finding.rule_id for finding in report.findings}
    for finding in report.findings:
        diagnostic = diagnostics[finding.rule_id]
        assert diagnostic["severity"] == finding.severity.upper()
        assert diagnostic["location"]["path"] == finding.path
        assert diagnostic["message"].startswith(finding.message)
        assert diagnostic["source"]["name"] == "agentreview"
    assert diagnostics["ASYNC001"]["code"]["url"].startswith("https://")
    assert "url" not in diagnostics["ACME001"]["code"]  # not in the catalogue: no link


def test_columns_are_utf8_bytes_and_end_is_exclusive(report: Report) -> None:
    diagnostic = by_code(report)["ASYNC001"]
    text = report.line_text[("app/users/router.py", 14)].encode("utf-8")
    span = diagnostic["location"]["range"]
    start, end = span["start"]["column"], span["end"]["column"]
    assert text[start - 1 : end - 1] == b"requests.get(url, timeout=5)"
    finding = next(f for f in report.findings if f.rule_id == "ASYNC001")
    assert start > finding.column  # the line has multi-byte characters before the call


def test_without_line_text_the_range_is_line_wise() -> None:
    line = Line("a.py", 3, "é = time.sleep(1)")
    finding = line.finding("ASYNC002", "error", "time.sleep(1)", "m")
    report = build_report([finding], [], catalogue=None)
    (diagnostic,) = rdjson(report)["diagnostics"]
    assert diagnostic["location"]["range"] == {"start": {"line": 3}, "end": {"line": 3}}


# -- suggestions as reviewdog posts them -------------------------------------------------------


def github_comment_range(diagnostic: dict[str, Any], suggestion_in_diff: bool) -> tuple[int, int]:
    """reviewdog's githubCommentLineRange (service/github/github.go)."""
    suggestions = diagnostic.get("suggestions", [])
    source = suggestions[0]["range"] if suggestion_in_diff and suggestions else None
    source = source or diagnostic["location"]["range"]
    start = source["start"]["line"]
    return start, source.get("end", {}).get("line") or start


def posted_suggestion(diagnostic: dict[str, Any], suggestion_in_diff: bool) -> str:
    """reviewdog's buildSingleSuggestion for line-wise suggestions: the fenced block, or
    the error it posts instead."""
    (suggestion,) = diagnostic["suggestions"]
    start = suggestion["range"]["start"]
    end = suggestion["range"].get("end", {})
    lines = (start["line"], end.get("line") or start["line"])
    if lines != github_comment_range(diagnostic, suggestion_in_diff):
        return "error: GitHub comment range and suggestion line range must be same"
    assert "column" not in start and "column" not in end, "line-wise suggestion expected"
    text = suggestion["text"]
    return "```suggestion\n" + (text + "\n" if text else "") + "```"


@pytest.mark.parametrize("suggestion_in_diff", [True, False])
def test_suggestions_are_postable_whole_line_blocks(
    report: Report, suggestion_in_diff: bool
) -> None:
    diagnostics = by_code(report)
    suggested = [f for f in report.findings if f.suggestion is not None]
    assert {f.rule_id for f in suggested} <= set(diagnostics)
    for finding in suggested:
        assert finding.suggestion is not None
        block = posted_suggestion(diagnostics[finding.rule_id], suggestion_in_diff)
        assert block == "```suggestion\n" + finding.suggestion.replacement + "```"


def test_a_wider_suggestion_widens_the_diagnostic_to_its_lines(report: Report) -> None:
    diagnostic = by_code(report)["DEP001"]
    assert diagnostic["location"]["range"] == {"start": {"line": 20}, "end": {"line": 23}}
    assert diagnostic["suggestions"][0]["range"] == diagnostic["location"]["range"]


def test_same_lines_keep_the_precise_columns(report: Report) -> None:
    diagnostic = by_code(report)["DEPS002"]
    assert diagnostic["location"]["range"] == {
        "start": {"line": 1, "column": 1},
        "end": {"line": 1, "column": 17},
    }
    assert diagnostic["suggestions"] == [
        {"range": {"start": {"line": 1}, "end": {"line": 1}}, "text": "fastapi==0.115.0"}
    ]


@pytest.mark.parametrize(
    ("suggestion", "kept"),
    [
        (Suggestion(2, 2, ""), True),  # delete the line: reviewdog posts an empty block
        (Suggestion(2, 2, "\n"), False),  # one empty line: reviewdog would read a deletion
        (Suggestion(3, 3, "y = 2\n"), False),  # does not cover the finding's line
        (Suggestion(2, 2, "x = '''\n  ```\n'''\n"), False),  # would close reviewdog's fence
        (Suggestion(2, 2, "x = '''\n```\n'''\n"), True),  # reviewdog lengthens its fence
    ],
)
def test_suggestions_reviewdog_cannot_post_are_left_out(suggestion: Suggestion, kept: bool) -> None:
    line = Line("a.py", 2, "x = 1")
    finding = line.finding("LINT003", "info", "x = 1", "m", suggestion=suggestion)
    (diagnostic,) = rdjson(build_report([finding], [line], catalogue=None))["diagnostics"]
    assert ("suggestions" in diagnostic) is kept
    if not kept:
        assert diagnostic["location"]["range"]["start"] == {"line": 2, "column": 1}


def test_rdjsonl_keeps_one_diagnostic_per_line_whatever_the_message(evil: Report) -> None:
    lines = render(evil, "rdjsonl").split("\n")
    assert lines[-1] == ""
    assert len(lines[:-1]) == len(evil.findings)
    decoded = [json.loads(line) for line in lines[:-1]]
    assert {d["location"]["path"] for d in decoded} == {f.path for f in evil.findings}
    assert all(
        d["message"].startswith(f.message) for d, f in zip(decoded, evil.findings, strict=True)
    )

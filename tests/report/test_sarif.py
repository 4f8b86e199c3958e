"""`--format sarif`: the SARIF 2.1.0 schema, GitHub code scanning's rules, fixes, URIs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from agentreview.catalogue.compiled import Catalogue
from agentreview.report import Report, render
from tests.report.helpers import (
    Line,
    build_report,
    code_scanning_problems,
    injection_report,
    sarif_validator,
    schema_errors,
)


def sarif(report: Report) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render(report, "sarif"))
    return document


def run_of(report: Report) -> dict[str, Any]:
    run: dict[str, Any] = sarif(report)["runs"][0]
    return run


def test_realistic_report_is_valid_sarif_and_meets_code_scanning_rules(report: Report) -> None:
    document = sarif(report)
    assert schema_errors(sarif_validator(), document) == []
    assert code_scanning_problems(document) == []
    assert len(document["runs"][0]["results"]) == len(report.findings)


def test_empty_and_hostile_reports_are_valid(catalogue: Catalogue) -> None:
    for report in (build_report([], [], catalogue=None), injection_report(catalogue)):
        document = sarif(report)
        assert schema_errors(sarif_validator(), document) == []
        assert code_scanning_problems(document) == []


def test_driver_lists_exactly_the_rules_with_results(report: Report) -> None:
    driver = run_of(report)["tool"]["driver"]
    assert {"name", "version", "informationUri"} <= driver.keys()
    assert [rule["id"] for rule in driver["rules"]] == sorted(
        {finding.rule_id for finding in report.findings}
    )
    for result in run_of(report)["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_rules_carry_the_catalogue_text(report: Report, catalogue: Catalogue) -> None:
    rules = {rule["id"]: rule for rule in run_of(report)["tool"]["driver"]["rules"]}
    source = catalogue.rule("ASYNC001")
    rule = rules["ASYNC001"]
    assert rule["shortDescription"]["text"] == source.title
    assert rule["fullDescription"]["text"] == source.summary
    assert rule["helpUri"] == source.references[0]
    assert rule["defaultConfiguration"]["level"] == "error"
    markdown = rule["help"]["markdown"]
    assert " ".join(source.why.split()) in markdown
    assert " ".join(source.fix.split()) in markdown
    for snippet in [*source.do, *source.dont]:
        assert snippet in markdown and snippet in rule["help"]["text"]
    assert rule["name"] == "blocking-http-call-in-async-def"
    assert rules["PYD009"]["defaultConfiguration"]["level"] == "note"


def test_security_rules_are_tagged_for_code_scanning(report: Report) -> None:
    rules = {rule["id"]: rule for rule in run_of(report)["tool"]["driver"]["rules"]}
    security = rules["SEC001"]["properties"]
    assert "security" in security["tags"]
    assert 4.0 <= float(security["security-severity"]) < 7.0  # a warning: medium
    assert "security-severity" not in rules["ASYNC001"]["properties"]
    assert "security" not in rules["ASYNC001"]["properties"]["tags"]


def test_rule_missing_from_the_catalogue_still_has_every_required_text(report: Report) -> None:
    rules = {rule["id"]: rule for rule in run_of(report)["tool"]["driver"]["rules"]}
    acme = rules["ACME001"]
    assert acme["shortDescription"]["text"] == "ACME001"
    assert acme["help"]["text"] == "fix for ACME001"


def test_results_keep_levels_regions_and_columns_in_code_points(report: Report) -> None:
    run = run_of(report)
    assert run["columnKind"] == "unicodeCodePoints"
    results = {result["ruleId"]: result for result in run["results"]}
    for finding in report.findings:
        result = results[finding.rule_id]
        assert (
            result["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[finding.severity]
        )
        assert result["message"]["text"] == finding.message
        (location,) = result["locations"]
        region = location["physicalLocation"]["region"]
        assert (
            region["startLine"],
            region["startColumn"],
            region["endLine"],
            region["endColumn"],
        ) == (finding.line, finding.column, finding.end_line, finding.end_column)
    # the call after non-ASCII text: code points, so slicing the str gives the call
    line = report.line_text[("app/users/router.py", 14)]
    region = results["ASYNC001"]["locations"][0]["physicalLocation"]["region"]
    assert (
        line[region["startColumn"] - 1 : region["endColumn"] - 1] == "requests.get(url, timeout=5)"
    )


def test_line_hash_is_the_fingerprint(report: Report) -> None:
    results = run_of(report)["results"]
    hashes = [result["partialFingerprints"]["primaryLocationLineHash"] for result in results]
    assert hashes == [finding.fingerprint for finding in report.findings]
    assert len(set(hashes)) == len(hashes)


def test_a_finding_without_a_fingerprint_still_gets_one() -> None:
    line = Line("a.py", 1, "time.sleep(1)")
    finding = line.finding("ASYNC002", "error", "time.sleep(1)", "blocks")
    report = build_report([finding], [line], catalogue=None, fingerprints=False)
    (result,) = run_of(report)["results"]
    assert result["partialFingerprints"]["primaryLocationLineHash"]


# -- fixes -------------------------------------------------------------------------------------


def apply_fix(text: str, fix: dict[str, Any]) -> str:
    """Apply a SARIF fix's replacements to `text` (columns in code points)."""
    (change,) = fix["artifactChanges"]
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(line: int, column: int) -> int:
        return starts[line - 1] + column - 1

    for replacement in sorted(
        change["replacements"], key=lambda r: r["deletedRegion"]["startLine"], reverse=True
    ):
        region = replacement["deletedRegion"]
        start = offset(region["startLine"], region["startColumn"])
        end = offset(region["endLine"], region["endColumn"])
        inserted = replacement.get("insertedContent", {}).get("text", "")
        text = text[:start] + inserted + text[end:]
    return text


def test_fixes_replace_the_suggestion_lines(report: Report) -> None:
    results = {result["ruleId"]: result for result in run_of(report)["results"]}
    before = "".join(f"line {n}\n" for n in range(1, 20)) + (
        "async def update_user(\n"
        "    user_id: int,\n"
        "    current_user_id: int = Depends(get_current_user_id),\n"
        ") -> User:\n"
        "    return user\n"
    )
    after = apply_fix(before, results["DEP001"]["fixes"][0])
    suggestion = next(f for f in report.findings if f.rule_id == "DEP001").suggestion
    assert suggestion is not None
    assert after == before.replace(
        "async def update_user(\n    user_id: int,\n"
        "    current_user_id: int = Depends(get_current_user_id),\n) -> User:\n",
        suggestion.replacement,
    )
    assert "fixes" not in results["SEC001"]
    change = results["DEP001"]["fixes"][0]["artifactChanges"][0]
    assert change["artifactLocation"]["uri"] == "app/users/router.py"


def test_fix_of_the_last_line_and_a_deletion() -> None:
    from agentreview.findings import Suggestion

    line = Line("a.py", 2, "import os")
    keep = Line("a.py", 1, "x = 1")
    deletion = line.finding("LINT001", "info", "os", "unused", suggestion=Suggestion(2, 2, ""))
    report = build_report([deletion], [keep, line], catalogue=None)
    (result,) = run_of(report)["results"]
    assert "insertedContent" not in result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert apply_fix("x = 1\nimport os\n", result["fixes"][0]) == "x = 1\n"


# -- paths -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "app/users/router.py",
        "odd dir/50% done#1?.py",
        "c:colon/first.py",
        "ünïcode/ßpath.py",
        "evil `dir`/a,b:c %0A\n::error::pwned.py",
    ],
)
def test_uris_are_relative_and_decode_back_to_the_path(path: str) -> None:
    line = Line(path, 1, "time.sleep(1)")
    report = build_report(
        [line.finding("ASYNC002", "error", "time.sleep(1)", "m")], [line], catalogue=None
    )
    location = run_of(report)["results"][0]["locations"][0]["physicalLocation"]
    uri = location["artifactLocation"]["uri"]
    parts = urlsplit(uri)
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", "")
    assert unquote(uri) == path
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert uri.isascii() and " " not in uri and "\n" not in uri


def test_notes_become_tool_notifications(report: Report) -> None:
    (invocation,) = run_of(report)["invocations"]
    assert invocation["executionSuccessful"] is True
    assert [n["message"]["text"] for n in invocation["toolExecutionNotifications"]] == report.notes


def test_sarif_file_written_with_output(report: Report, tmp_path: Path) -> None:
    from agentreview.report import write_report

    target = tmp_path / "out.sarif"
    write_report(report, "sarif", target)
    assert json.loads(target.read_text(encoding="utf-8")) == sarif(report)

"""`--format github`: workflow commands, read back with a port of the Actions runner's parser."""

from __future__ import annotations

from collections import Counter

import pytest

from agentreview.findings import Finding
from agentreview.report import Report, render
from tests.report.helpers import (
    build_report,
    many_findings,
    parse_runner_line,
    runner_lines,
)

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """Every line the runner would treat as a command: (name, properties, data)."""
    parsed = [parse_runner_line(line) for line in runner_lines(output)]
    return [(c.name, c.properties, c.data) for c in parsed if c is not None]


def annotations_of(output: str) -> list[tuple[str, dict[str, str], str]]:
    return [c for c in commands(output) if c[0] in ("error", "warning", "notice")]


def test_one_annotation_per_finding_with_its_location_and_rule(report: Report) -> None:
    output = render(report, "github")
    found = annotations_of(output)
    assert len(found) == len(report.findings)
    expected = {(f.path, str(f.line), f.rule_id): (COMMAND[f.severity], f) for f in report.findings}
    for name, properties, data in found:
        command, finding = expected[(properties["file"], properties["line"], properties["title"])]
        assert name == command
        assert properties["endLine"] == str(finding.end_line)
        if finding.line == finding.end_line:
            assert (properties["col"], properties["endColumn"]) == (
                str(finding.column),
                str(finding.end_column),
            )
        assert data == f"{finding.message}\nFix: {finding.fix}"


def test_columns_only_on_one_line_findings(report: Report) -> None:
    multi = next(f for f in report.findings if f.line != f.end_line)
    (properties,) = [
        p
        for _, p, _ in annotations_of(render(report, "github"))
        if p["line"] == str(multi.line) and p["title"] == multi.rule_id
    ]
    assert "col" not in properties and "endColumn" not in properties
    assert properties["endLine"] == str(multi.end_line)


def test_most_severe_first(report: Report) -> None:
    names = [name for name, _, _ in annotations_of(render(report, "github"))]
    ranks = [{"error": 3, "warning": 2, "notice": 1}[name] for name in names]
    assert ranks == sorted(ranks, reverse=True)


def test_every_line_is_a_command_or_inert(report: Report) -> None:
    for line in runner_lines(render(report, "github").rstrip("\n")):
        parsed = parse_runner_line(line)
        if parsed is None:
            assert line.startswith("agentreview: ")
        else:
            assert parsed.name in ("error", "warning", "notice")


# -- injection ---------------------------------------------------------------------------------


def test_hostile_paths_messages_and_notes_cannot_forge_commands(evil: Report) -> None:
    output = render(evil, "github")
    found = commands(output)
    # exactly one annotation per finding, nothing else (no add-mask, set-output, forged error)
    assert [name for name, _, _ in found] == ["error", "notice"]
    (finding_error, finding_info) = sorted(evil.findings, key=lambda f: -f.rank)
    for (_, properties, data), finding in zip(found, (finding_error, finding_info), strict=True):
        # the runner reads back exactly what we meant, including the newline in the path
        assert properties["file"] == finding.path
        assert properties["title"] == finding.rule_id
        assert data == f"{finding.message}\nFix: {finding.fix}"
    assert set(found[0][1]) == {"file", "line", "endLine", "col", "endColumn", "title"}


@pytest.mark.parametrize(
    "value",
    [
        "\n::error::pwned",
        "%0A::error::pwned",
        "a\r::add-mask::x",
        "::",
        "a,b=c:d",
        "##[set-output name=x]y",
        "%25%0D%3A%2C",
        "\u2028::error::x",
    ],
)
def test_each_escape_round_trips_through_the_runner(value: str) -> None:
    finding = Finding("ASYNC002", "error", value, 1, 1, 1, 2, value, value)
    output = render(build_report([finding], [], catalogue=None), "github")
    ((name, properties, data),) = commands(output)
    assert name == "error"
    assert properties["file"] == value and properties["title"] == "ASYNC002"
    assert data == f"{value}\nFix: {value}"


def test_plain_lines_cannot_start_a_command() -> None:
    note = "::error::x\n##[add-mask]secret\n  ::warning::y"
    report = build_report([], [], catalogue=None, notes=[note])
    output = render(report, "github")
    assert commands(output) == []
    assert "##[" not in output


# -- GitHub's 10 annotations per type per step -------------------------------------------------


def quota_report(errors: int, warnings: int, infos: int) -> Report:
    findings = [
        *many_findings(errors, "error", path="a.py"),
        *many_findings(warnings, "warning", path="b.py"),
        *many_findings(infos, "info", path="c.py"),
    ]
    return build_report(findings, [], catalogue=None)


def test_at_most_ten_per_type_then_a_notice_counting_the_rest() -> None:
    output = render(quota_report(25, 12, 11), "github")
    found = annotations_of(output)
    counts = Counter(name for name, _, _ in found)
    assert counts == {"error": 10, "warning": 10, "notice": 10}
    *annotations, summary = found
    assert summary[0] == "notice" and "file" not in summary[1]
    assert "19 more findings" in summary[2]
    assert "15 errors, 2 warnings, 2 infos" in summary[2]
    # the most severe (and, within a severity, the first by position) are the ones shown
    assert [int(p["line"]) for n, p, _ in annotations if n == "error"] == list(range(1, 11))
    # the left-over findings are still in the log, as inert lines
    listed = [line for line in output.splitlines() if line.startswith("agentreview: a.py:")]
    assert len(listed) == 15


def test_ten_of_a_type_fit_without_a_summary() -> None:
    found = annotations_of(render(quota_report(10, 10, 10), "github"))
    assert Counter(name for name, _, _ in found) == {"error": 10, "warning": 10, "notice": 10}
    assert all("file" in properties for _, properties, _ in found)


def test_the_summary_takes_a_notice_slot() -> None:
    found = annotations_of(render(quota_report(11, 0, 10), "github"))
    counts = Counter(name for name, _, _ in found)
    assert counts == {"error": 10, "notice": 10}
    assert "1 error, 0 warnings, 1 info" in found[-1][2]


def test_summary_line_closes_the_log(report: Report) -> None:
    last = render(report, "github").rstrip("\n").splitlines()[-1]
    assert last == "agentreview: 9 findings (3 errors, 4 warnings, 2 infos) in 6 files"

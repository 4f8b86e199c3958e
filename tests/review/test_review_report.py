"""The JSON contract (shared/spec/cli.md) and the text report."""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest

from agentreview import __version__
from agentreview.findings import Finding, Suggestion
from agentreview.report import FileEntry, Report, render, write_report
from agentreview.report.text import summary
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import FakeEngine, run_review

_POSITION = {"type": "integer", "minimum": 1}
REPORT_SCHEMA = {
    "type": "object",
    "required": ["version", "tool", "findings", "files", "notes"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": 1},
        "tool": {
            "type": "object",
            "required": ["name", "version"],
            "properties": {"name": {"const": "agentreview"}, "version": {"type": "string"}},
        },
        "findings": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": [
                    "rule_id",
                    "severity",
                    "path",
                    "line",
                    "column",
                    "end_line",
                    "end_column",
                    "message",
                    "fix",
                    "suggestion",
                    "fingerprint",
                ],
                "properties": {
                    "rule_id": {"type": "string", "pattern": "^[A-Z]+[0-9]{3}$"},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "path": {"type": "string", "not": {"pattern": "^[ab]/"}},
                    "line": _POSITION,
                    "column": _POSITION,
                    "end_line": _POSITION,
                    "end_column": _POSITION,
                    "message": {"type": "string", "minLength": 1},
                    "fix": {"type": "string", "minLength": 1},
                    "suggestion": {
                        "oneOf": [
                            {"type": "null"},
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["start_line", "end_line", "replacement"],
                                "properties": {
                                    "start_line": _POSITION,
                                    "end_line": _POSITION,
                                    "replacement": {"type": "string"},
                                },
                            },
                        ]
                    },
                    "fingerprint": {"type": "string", "minLength": 8},
                },
            },
        },
        "files": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "mode"],
                "properties": {
                    "path": {"type": "string"},
                    "mode": {"enum": ["full", "diff-only", "skipped"]},
                    "reason": {"type": "string"},
                },
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}},
    },
}


def sample_report() -> Report:
    sleep = Finding(
        "ASYNC002",
        "error",
        "app/b.py",
        7,
        5,
        7,
        18,
        "`time.sleep()` blocks",
        "Use asyncio.sleep.",
        suggestion=Suggestion(7, 7, "    await asyncio.sleep(1)\n"),
        fingerprint="0123456789abcdef",
    )
    dict_call = Finding(
        "PYD004",
        "warning",
        "app/a.py",
        3,
        9,
        3,
        20,
        "`.dict()`",
        "Use model_dump().",
        fingerprint="fedcba9876543210",
    )
    return Report(
        findings=sorted([sleep, dict_call], key=Finding.sort_key),
        files=[
            FileEntry("app/a.py", "full"),
            FileEntry("app/b.py", "diff-only", "--diff-only"),
            FileEntry("x.png", "skipped", "binary file"),
        ],
        notes=["app/b.py: from the diff alone, could not judge ASYNC006"],
    )


def test_json_document_matches_the_contract() -> None:
    document = json.loads(render(sample_report(), "json"))
    jsonschema.validate(document, REPORT_SCHEMA)
    assert document["tool"] == {"name": "agentreview", "version": __version__}
    assert [f["path"] for f in document["findings"]] == ["app/a.py", "app/b.py"]
    assert document["findings"][1]["suggestion"] == {
        "start_line": 7,
        "end_line": 7,
        "replacement": "    await asyncio.sleep(1)\n",
    }
    assert document["findings"][0]["suggestion"] is None
    assert document["files"] == [
        {"path": "app/a.py", "mode": "full"},
        {"path": "app/b.py", "mode": "diff-only", "reason": "--diff-only"},
        {"path": "x.png", "mode": "skipped", "reason": "binary file"},
    ]


def test_pipeline_json_is_valid_and_sorted(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.commit()
    repo.write("z.py", "async def f():\n    requests.get('u'); time.sleep(1)\n")
    repo.write("a.py", "async def f():\n    time.sleep(1)\n    requests.get('u')\n")
    repo.write("notes.txt", "hello\n")
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    jsonschema.validate(outcome.document, REPORT_SCHEMA)
    keys = [(f["path"], f["line"], f["column"], f["rule_id"]) for f in outcome.findings]
    assert keys == sorted(keys)
    assert [k[0] for k in keys] == ["a.py", "a.py", "z.py", "z.py"]


def test_text_report_layout() -> None:
    text = render(sample_report(), "text", color=False)
    lines = text.splitlines()
    assert lines[0] == "app/a.py:3:9 PYD004 `.dict()`"
    assert lines[1] == "    fix: Use model_dump()."
    assert lines[2] == ""  # files are separated by a blank line
    assert lines[3] == "app/b.py:7:5 ASYNC002 `time.sleep()` blocks"
    assert lines[4] == "    fix: Use asyncio.sleep."
    assert lines[5] == "    suggested change (line 7):"
    assert lines[6] == "            await asyncio.sleep(1)"
    assert "note: app/b.py: from the diff alone, could not judge ASYNC006" in lines
    assert lines[-1] == "2 findings (1 error, 1 warning, 0 infos) in 2 files"
    assert "\x1b[" not in text


def test_summary_wording() -> None:
    empty = Report(
        findings=[],
        files=[FileEntry("a.py", "full"), FileEntry("b.png", "skipped", "binary file")],
        notes=[],
    )
    assert summary(empty) == "No findings in 1 file."
    one = Report(
        findings=[sample_report().findings[0]], files=[FileEntry("a.py", "full")], notes=[]
    )
    assert summary(one) == "1 finding (0 errors, 1 warning, 0 infos) in 1 file"


def test_long_fix_text_wraps_under_the_finding() -> None:
    long_fix = " ".join(["word"] * 60)
    report = Report(
        findings=[Finding("API001", "error", "a.py", 1, 1, 1, 2, "m", long_fix)],
        files=[FileEntry("a.py", "full")],
        notes=[],
    )
    fix_lines = render(report, "text").splitlines()[1:-2]
    assert len(fix_lines) > 1
    assert all(line.startswith("    ") and len(line) <= 100 for line in fix_lines)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("tty", "no_color", "coloured"), [(True, None, True), (True, "1", False), (False, None, False)]
)
def test_colour_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch, tty: bool, no_color: str | None, coloured: bool
) -> None:
    stream = _Terminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    write_report(sample_report(), "text", None)
    assert ("\x1b[" in stream.getvalue()) is coloured
    plain = re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue())
    assert plain == render(sample_report(), "text", color=False)


def test_output_file_is_never_coloured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "stdout", _Terminal())
    target = tmp_path / "report.txt"
    write_report(sample_report(), "text", target)
    assert target.read_text() == render(sample_report(), "text", color=False)

"""`--format json`: the machine-readable contract of shared/spec/cli.md (version 1)."""

from __future__ import annotations

import json
from typing import Any

from agentreview import __version__
from agentreview.findings import Finding
from agentreview.report import FileEntry, Report

SCHEMA_VERSION = 1


def render(report: Report, *, color: bool) -> str:
    del color  # JSON is never coloured
    return json.dumps(as_document(report), indent=2, ensure_ascii=False) + "\n"


def as_document(report: Report) -> dict[str, Any]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "agentreview", "version": __version__},
        "findings": [_finding(finding) for finding in report.findings],
        "files": [_file(entry) for entry in report.files],
        "notes": list(report.notes),
    }


def _finding(finding: Finding) -> dict[str, Any]:
    suggestion = finding.suggestion
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "message": finding.message,
        "fix": finding.fix,
        "suggestion": None
        if suggestion is None
        else {
            "start_line": suggestion.start_line,
            "end_line": suggestion.end_line,
            "replacement": suggestion.replacement,
        },
        "fingerprint": finding.fingerprint,
    }


def _file(entry: FileEntry) -> dict[str, Any]:
    document: dict[str, Any] = {"path": entry.path, "mode": entry.mode}
    if entry.reason is not None:
        document["reason"] = entry.reason
    return document

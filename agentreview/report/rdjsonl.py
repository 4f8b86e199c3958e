"""`--format rdjsonl`: reviewdog's line form, one `Diagnostic` per line (see rdjson.py)."""

from __future__ import annotations

from agentreview.report import Report
from agentreview.report.rdjson import render_lines


def render(report: Report, *, color: bool) -> str:
    del color  # JSON is never coloured
    return render_lines(report)

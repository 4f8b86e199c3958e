"""`--format rdjson` (one `DiagnosticResult`) and `rdjsonl` (one `Diagnostic` per line): reviewdog.

```sh
agentreview review change.patch --format rdjson | reviewdog -f=rdjson -reporter=github-pr-review
```

- Positions are 1-based; columns are UTF-8 **bytes**, counted on the post-change line text the
  pipeline hands over (`Report.line_text`); `end` is exclusive. Without the text of both
  lines the columns are left out, which reviewdog reads as whole lines (never a wrong
  column).
- A suggestion is line-wise: `start`/`end` carry lines only and `text` is the replacement
  without its final newline, which reviewdog posts as a ```` ```suggestion ```` block.
  reviewdog (service/github/github.go) rejects a suggestion whose line range differs from
  the comment's, and takes the comment's range from the first suggestion only when all its
  lines are in the diff. So when the suggestion spans more lines than the finding, the
  diagnostic's range becomes the suggestion's lines (line-wise); a suggestion that does not
  cover the finding's lines is left out.
- A replacement of exactly one empty line cannot be said line-wise (reviewdog writes `""`
  as a deletion), and a replacement with a line of 1-3 spaces then backticks would close
  reviewdog's fence early (it only counts backticks at column 0): both are left out.
- `message` is the finding's message, a blank line, then the rule's fix.
"""

from __future__ import annotations

import json
import re
from typing import Any

from agentreview.findings import Finding
from agentreview.report import Report
from agentreview.report.common import PROJECT_URL, TOOL_NAME, rule_url, rules_by_id

SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
SOURCE = {"name": TOOL_NAME, "url": PROJECT_URL}

_INDENTED_FENCE = re.compile(r"^ {1,3}```", re.MULTILINE)


def render(report: Report, *, color: bool) -> str:
    del color  # JSON is never coloured
    document = {"source": SOURCE, "diagnostics": diagnostics(report)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_lines(report: Report) -> str:
    """rdjsonl: one compact JSON object per line (JSON escapes keep newlines out)."""
    return "".join(
        json.dumps(diagnostic, ensure_ascii=False) + "\n" for diagnostic in diagnostics(report)
    )


def diagnostics(report: Report) -> list[dict[str, Any]]:
    rules = rules_by_id(report)
    return [
        diagnostic(finding, report, rule_url(rules.get(finding.rule_id)))
        for finding in report.findings
    ]


def diagnostic(finding: Finding, report: Report, url: str | None) -> dict[str, Any]:
    code: dict[str, str] = {"value": finding.rule_id}
    if url is not None:
        code["url"] = url
    result: dict[str, Any] = {
        "message": f"{finding.message}\n\nFix: {finding.fix}" if finding.fix else finding.message,
        "location": {"path": finding.path, "range": _range(finding, report)},
        "severity": SEVERITY[finding.severity],
        "source": SOURCE,
        "code": code,
    }
    suggestion = _suggestion(finding)
    if suggestion is not None:
        text, start, end = suggestion
        lines = {"start": {"line": start}, "end": {"line": end}}
        if (start, end) != (finding.line, finding.end_line):
            result["location"]["range"] = lines
        result["suggestions"] = [{"range": lines, "text": text}]
    return result


def byte_column(line_text: str, column: int) -> int:
    """A 1-based code-point column as a 1-based UTF-8 byte column on `line_text`."""
    return 1 + len(line_text[: column - 1].encode("utf-8", "surrogatepass"))


def _range(finding: Finding, report: Report) -> dict[str, Any]:
    start_text = report.line_text.get((finding.path, finding.line))
    end_text = report.line_text.get((finding.path, finding.end_line))
    if start_text is None or end_text is None:
        return {"start": {"line": finding.line}, "end": {"line": finding.end_line}}
    return {
        "start": {"line": finding.line, "column": byte_column(start_text, finding.column)},
        "end": {"line": finding.end_line, "column": byte_column(end_text, finding.end_column)},
    }


def _suggestion(finding: Finding) -> tuple[str, int, int] | None:
    """(text, start line, end line) of a suggestion reviewdog can post, or None."""
    suggestion = finding.suggestion
    if suggestion is None:
        return None
    covers = suggestion.start_line <= finding.line and finding.end_line <= suggestion.end_line
    replacement = suggestion.replacement
    text = replacement[:-1] if replacement.endswith("\n") else replacement
    if not covers or (replacement and not text) or _INDENTED_FENCE.search(text):
        return None
    return text, suggestion.start_line, suggestion.end_line

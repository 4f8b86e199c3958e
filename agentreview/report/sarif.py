"""`--format sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`).

Decisions:
- `tool.driver.rules` holds the rules that have results, not every enabled rule: the report
  does not carry the selection, and code scanning closes an alert when a later analysis of
  the same category no longer reports it, whatever the rules list says.
- Columns are Unicode code points (`columnKind`), as the reviewer counts them; `endColumn`
  is exclusive, as in SARIF.
- `partialFingerprints.primaryLocationLineHash` is the finding's fingerprint, which leaves
  line numbers out: inserting lines above a finding does not open a new alert.
- A suggestion becomes a `fix` that deletes its whole lines (from column 1 of the first to
  column 1 of the line after the last, newline included) and inserts the replacement.
- Help comes from the catalogue: `help.text` and `help.markdown` carry why, fix, do and
  don't; `helpUri` is the rule's first reference. SEC rules get the `security` tag and a
  `security-severity` so code scanning files them as security alerts.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from agentreview import __version__
from agentreview.findings import Finding
from agentreview.report import Report
from agentreview.report.common import PROJECT_URL, TOOL_NAME, rule_url, rules_by_id
from agentreview.report.common import stable_fingerprint as fingerprint_of
from agentreview.report.escape import md_fence

if TYPE_CHECKING:
    from agentreview.catalogue.compiled import Rule

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"

LEVEL = {"error": "error", "warning": "warning", "info": "note"}
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
# GitHub buckets security-severity: >= 9.0 critical, 7.0-8.9 high, 4.0-6.9 medium, < 4 low.
SECURITY_SEVERITY = {"error": "8.0", "warning": "5.5", "info": "2.0"}
SECURITY_CATEGORY = "SEC"

DESCRIPTION_LIMIT = 1024  # GitHub: shortDescription and fullDescription
NAME_LIMIT = 255
TAG_LIMIT = 10  # GitHub keeps 10 tags per rule (20 accepted)

_SNIPPET_LANGUAGE = {"python": "python", "toml": "toml", "requirements": "text"}


def render(report: Report, *, color: bool) -> str:
    del color  # SARIF is never coloured
    return json.dumps(as_document(report), indent=2, ensure_ascii=False) + "\n"


def as_document(report: Report) -> dict[str, Any]:
    known = rules_by_id(report)
    rule_ids = sorted({finding.rule_id for finding in report.findings})
    index = {rule_id: position for position, rule_id in enumerate(rule_ids)}
    examples = {finding.rule_id: finding for finding in report.findings}
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": PROJECT_URL,
                "rules": [
                    _rule(rule_id, known.get(rule_id), examples[rule_id]) for rule_id in rule_ids
                ],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": [_result(finding, index[finding.rule_id]) for finding in report.findings],
    }
    if report.notes:
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": note}} for note in report.notes
                ],
            }
        ]
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


# -- rules -------------------------------------------------------------------------------------


def _rule(rule_id: str, rule: Rule | None, example: Finding) -> dict[str, Any]:
    if rule is None:
        return _unknown_rule(rule_id, example)
    descriptor: dict[str, Any] = {
        "id": rule.id,
        "name": _slug(rule.title)[:NAME_LIMIT] or rule.id,
        "shortDescription": {"text": _limit(rule.title)},
        "fullDescription": {"text": _limit(rule.summary)},
        "help": {"text": _help_text(rule), "markdown": _help_markdown(rule)},
        "defaultConfiguration": {"level": LEVEL[rule.severity.value]},
        "properties": _rule_properties(rule),
    }
    url = rule_url(rule)
    if url is not None:
        descriptor["helpUri"] = url
    return descriptor


def _unknown_rule(rule_id: str, example: Finding) -> dict[str, Any]:
    """A rule the report's catalogue does not describe: what the finding says about it."""
    text = example.fix.strip() or rule_id
    return {
        "id": rule_id,
        "name": rule_id,
        "shortDescription": {"text": rule_id},
        "fullDescription": {"text": _limit(text)},
        "help": {"text": text},
        "defaultConfiguration": {"level": LEVEL[example.severity]},
    }


def _rule_properties(rule: Rule) -> dict[str, Any]:
    severity = rule.severity.value
    tags = [rule.category.lower(), *rule.tags]
    properties: dict[str, Any] = {
        "precision": "high",  # the reviewer stays silent when unsure (detect: yes or part)
        "problem.severity": PROBLEM_SEVERITY[severity],
    }
    if rule.category == SECURITY_CATEGORY:
        tags.insert(0, "security")
        properties["security-severity"] = SECURITY_SEVERITY[severity]
    properties["tags"] = list(dict.fromkeys(tags))[:TAG_LIMIT]
    return properties


def _help_text(rule: Rule) -> str:
    parts = [
        f"{rule.id}: {rule.title}",
        f"Why: {_flat(rule.why)}",
        f"Fix: {_flat(rule.fix)}",
        *(f"Do:\n{snippet}" for snippet in rule.do),
        *(f"Don't:\n{snippet}" for snippet in rule.dont),
        "References:\n" + "\n".join(rule.references),
    ]
    return "\n\n".join(part.rstrip("\n") for part in parts)


def _help_markdown(rule: Rule) -> str:
    language = _SNIPPET_LANGUAGE.get(rule.lang.value, "")
    parts = [
        f"**Why.** {_flat(rule.why)}",
        f"**Fix.** {_flat(rule.fix)}",
        *(f"**Do**\n\n{md_fence(snippet, language)}" for snippet in rule.do),
        *(f"**Don't**\n\n{md_fence(snippet, language)}" for snippet in rule.dont),
        "**References**\n\n" + "\n".join(f"- <{url}>" for url in rule.references),
    ]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


# -- results -----------------------------------------------------------------------------------


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message or finding.rule_id},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": artifact_location(finding.path),
                    "region": {
                        "startLine": finding.line,
                        "startColumn": finding.column,
                        "endLine": finding.end_line,
                        "endColumn": finding.end_column,
                    },
                }
            }
        ],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint_of(finding)},
    }
    if finding.suggestion is not None:
        result["fixes"] = [_fix(finding)]
    return result


def _fix(finding: Finding) -> dict[str, Any]:
    assert finding.suggestion is not None
    suggestion = finding.suggestion
    replacement: dict[str, Any] = {
        "deletedRegion": {
            "startLine": suggestion.start_line,
            "startColumn": 1,
            "endLine": suggestion.end_line + 1,
            "endColumn": 1,
        }
    }
    if suggestion.replacement:
        replacement["insertedContent"] = {"text": suggestion.replacement}
    lines = (
        f"line {suggestion.start_line}"
        if suggestion.start_line == suggestion.end_line
        else f"lines {suggestion.start_line}-{suggestion.end_line}"
    )
    return {
        "description": {"text": f"Replace {lines} ({finding.rule_id})"},
        "artifactChanges": [
            {"artifactLocation": artifact_location(finding.path), "replacements": [replacement]}
        ],
    }


def artifact_location(path: str) -> dict[str, str]:
    """A repository-relative path as a URI reference under %SRCROOT%.

    Percent-encoding keeps spaces, `%`, `#`, `?` and a `:` in the first segment (which would
    read as a URI scheme) from changing what the URI names.
    """
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


# -- text helpers ------------------------------------------------------------------------------


def _flat(text: str) -> str:
    return " ".join(text.split())


def _limit(text: str) -> str:
    flat = _flat(text)
    return flat if len(flat) <= DESCRIPTION_LIMIT else flat[: DESCRIPTION_LIMIT - 1] + "…"


def _slug(title: str) -> str:
    """`Blocking HTTP call in \\`async def\\`` -> `blocking-http-call-in-async-def`."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")

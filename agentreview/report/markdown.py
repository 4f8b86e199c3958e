"""`--format markdown`: one pull-request comment.

A hidden marker (`<!-- agentreview -->`) on the first line lets a sticky-comment action find
and update the comment. Then a summary (counts by severity and by rule), then each finding,
most severe first: the rule ID linked to its reference, where it is, the rule's summary (the
why, in one line), the message, and a ```` ```suggestion ```` block when there is one.

Everything that comes from the diff is inert (escape.py): paths and quoted code sit in code
spans fenced longer than any backtick run inside; prose is backslash-escaped with mentions,
issue references and autolinks broken; suggested code sits in fences longer than any
backtick run inside, at the start of a line and outside lists and quotes.

GitHub refuses comments over 65,536 characters. The comment stays under a budget that
leaves room for what sticky-comment actions add: findings that do not fit are dropped from
the end (a suggestion too long to fit is dropped first) and a closing line says how many.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from agentreview.findings import SEVERITY_RANK, Finding
from agentreview.report import Report
from agentreview.report.common import (
    SEVERITIES,
    most_severe_first,
    plural,
    rule_url,
    rules_by_id,
    severity_counts,
)
from agentreview.report.escape import (
    md_code_span,
    md_fence,
    md_inline,
    md_link,
    md_table_cell,
    md_text,
)
from agentreview.report.text import summary

if TYPE_CHECKING:
    from agentreview.catalogue.compiled import Rule

MARKER = "<!-- agentreview -->"
COMMENT_LIMIT = 65_536  # GitHub's maximum comment body, in characters
BUDGET = COMMENT_LIMIT - 1_536  # room for the markers and headers sticky-comment actions add
MESSAGE_LIMIT = 1_000  # characters of a finding's message shown
RULE_ROWS_SHARE = 4  # the rule table takes at most a quarter of the budget


def render(report: Report, *, color: bool) -> str:
    del color  # Markdown is never coloured
    rules = rules_by_id(report)
    head = _head(report, rules)
    if not report.findings:
        return head + _notes(report.notes)
    parts = [head, "### Findings\n"]
    used = sum(map(len, parts))
    reserve = len(_left_out_line(len(report.findings), len(report.notes)))
    shown = 0
    for with_suggestion, without in _finding_blocks(report.findings, rules):
        block = with_suggestion if used + len(with_suggestion) + reserve <= BUDGET else without
        if used + len(block) + reserve > BUDGET:
            break
        parts.append(block)
        used += len(block)
        shown += 1
    notes = _notes(report.notes)
    notes_left_out = 0
    if used + len(notes) + reserve > BUDGET:
        notes, notes_left_out = "", len(report.notes)
    parts.append(notes)
    parts.append(_left_out_line(len(report.findings) - shown, notes_left_out))
    parts.append(_footer())
    return "\n".join(part for part in parts if part)


# -- head: marker, summary, counts -------------------------------------------------------------


def _head(report: Report, rules: dict[str, Rule]) -> str:
    lines = [MARKER, "## agentreview", "", md_text(summary(report)), ""]
    if report.findings:
        lines += _severity_table(report.findings)
        lines += _rule_table(report.findings, rules)
    return "\n".join(lines) + "\n"


def _severity_table(findings: list[Finding]) -> list[str]:
    counts = severity_counts(findings)
    rows = [f"| {severity} | {counts[severity]} |" for severity in SEVERITIES]
    return ["| Severity | Findings |", "| :-- | --: |", *rows, ""]


def _rule_table(findings: list[Finding], rules: dict[str, Rule]) -> list[str]:
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule_id, []).append(finding)

    def worst(rule_id: str) -> str:
        return max((f.severity for f in by_rule[rule_id]), key=SEVERITY_RANK.__getitem__)

    order = sorted(by_rule, key=lambda rid: (-SEVERITY_RANK[worst(rid)], -len(by_rule[rid]), rid))
    lines = ["| Rule | Severity | Findings | What it flags |", "| :-- | :-- | --: | :-- |"]
    size = 0
    for position, rule_id in enumerate(order):
        rule = rules.get(rule_id)
        title = md_inline(rule.title, in_table=True) if rule is not None else ""
        link = md_link(md_text(rule_id, in_table=True), rule_url(rule))
        cells = (link, worst(rule_id), str(len(by_rule[rule_id])), title)
        row = "| " + " | ".join(md_table_cell(cell) for cell in cells) + " |"
        size += len(row)
        if size > BUDGET // RULE_ROWS_SHARE:
            lines.append(f"| … | | | {plural(len(order) - position, 'more rule')} |")
            break
        lines.append(row)
    return [*lines, ""]


# -- findings ----------------------------------------------------------------------------------


def _finding_blocks(findings: list[Finding], rules: dict[str, Rule]) -> Iterator[tuple[str, str]]:
    """(block, block without its suggestion) for each finding, most severe first."""
    for finding in most_severe_first(findings):
        rule = rules.get(finding.rule_id)
        body = _finding_body(finding, rule)
        if finding.suggestion is None:
            yield body, body
            continue
        suggestion = finding.suggestion
        where = _lines_phrase(suggestion.start_line, suggestion.end_line)
        with_code = (
            f"{body}\nSuggested change ({where}):\n\n"
            f"{md_fence(suggestion.replacement, 'suggestion')}"
        )
        yield with_code, f"{body}\nA suggested change ({where}) is too long for this comment.\n"


def _finding_body(finding: Finding, rule: Rule | None) -> str:
    link = md_link(md_text(finding.rule_id), rule_url(rule))
    where = f"{md_code_span(finding.path)} {_lines_phrase(finding.line, finding.end_line)}"
    lines = [f"#### {finding.severity}: {link} in {where}", ""]
    if rule is not None:
        lines += [f"> **{md_inline(rule.title)}.** {md_inline(rule.summary)}", ""]
    message = finding.message
    if len(message) > MESSAGE_LIMIT:
        message = message[: MESSAGE_LIMIT - 1] + "…"
    lines += [md_inline(message), ""]
    return "\n".join(lines)


def _lines_phrase(first: int, last: int) -> str:
    return f"line {first}" if first == last else f"lines {first}-{last}"


# -- the end -----------------------------------------------------------------------------------


def _notes(notes: list[str]) -> str:
    if not notes:
        return ""
    return "### Notes\n\n" + "".join(f"- {md_inline(note)}\n" for note in notes)


def _left_out_line(findings: int, notes: int) -> str:
    left_out = []
    if findings:
        left_out.append(plural(findings, "more finding"))
    if notes:
        left_out.append(plural(notes, "note"))
    if not left_out:
        return ""
    return (
        f"**{' and '.join(left_out)} not shown**: a comment holds at most "
        f"{COMMENT_LIMIT:,} characters. Run agentreview with `--format text` for the full report.\n"
    )


def _footer() -> str:
    return "Run `agentreview rules show RULE` for a rule's why, fix and examples.\n"

"""`--format markdown`: the PR comment, parsed back with a CommonMark + GFM-tables parser."""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from markdown_it.token import Token

from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, Suggestion
from agentreview.report import Report, render
from tests.report.helpers import (
    GITHUB_LINKERS,
    ZERO_WIDTH,
    Line,
    build_report,
    many_findings,
    markdown_parser,
    rendered_text,
    walk,
)

GITHUB_COMMENT_LIMIT = 65_536
MARKER = "<!-- agentreview -->"


def tokens_of(markdown: str) -> list[Token]:
    return walk(markdown_parser().parse(markdown))


def fences(markdown: str) -> list[tuple[str, str]]:
    return [(t.info, t.content) for t in tokens_of(markdown) if t.type == "fence"]


def table_rows(markdown: str) -> list[list[str]]:
    """Each table row's cells as rendered text (header rows included)."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    for token in tokens_of(markdown):
        if token.type == "tr_open":
            current = []
        elif token.type == "inline" and current is not None:
            current.append(rendered_text(token))
        elif token.type == "tr_close" and current is not None:
            rows.append(current)
            current = None
    return rows


def shown_text(markdown: str) -> str:
    """All text the comment shows outside code blocks, zero-width spaces removed."""
    texts = [rendered_text(t) for t in tokens_of(markdown) if t.type == "inline"]
    return "\n".join(texts).replace(ZERO_WIDTH, "")


def prose_text(markdown: str) -> str:
    """Text outside code (where GitHub links mentions, references and URLs)."""
    return "\n".join(
        child.content
        for token in tokens_of(markdown)
        if token.type == "inline"
        for child in token.children or []
        if child.type == "text"
    )


# -- structure ---------------------------------------------------------------------------------


def test_comment_starts_with_the_marker_and_a_summary(report: Report) -> None:
    markdown = render(report, "markdown")
    assert markdown.splitlines()[0] == MARKER
    assert "9 findings (3 errors, 4 warnings, 2 infos) in 6 files" in shown_text(markdown)


def test_summary_tables_count_by_severity_and_by_rule(report: Report, catalogue: Catalogue) -> None:
    rows = table_rows(render(report, "markdown"))
    severity_rows = {row[0]: row[1] for row in rows if len(row) == 2}
    assert severity_rows == {"Severity": "Findings", "error": "3", "warning": "4", "info": "2"}
    rule_rows = {row[0]: row for row in rows if len(row) == 4 and row[0] != "Rule"}
    assert set(rule_rows) == {finding.rule_id for finding in report.findings}
    for rule_id, row in rule_rows.items():
        findings = [f for f in report.findings if f.rule_id == rule_id]
        assert row[2] == str(len(findings))
        if rule_id != "ACME001":
            assert row[3] == catalogue.rule(rule_id).title.replace("`", "")


def test_each_finding_links_its_rule_and_says_why(report: Report, catalogue: Catalogue) -> None:
    markdown = render(report, "markdown")
    headings = [
        rendered_text(inline)
        for opening, inline in pairwise(tokens_of(markdown))
        if opening.type == "heading_open" and opening.tag == "h4"
    ]
    assert len(headings) == len(report.findings)
    # most severe first
    severities = [heading.split(":")[0] for heading in headings]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    links = {t.attrGet("href") for t in tokens_of(markdown) if t.type == "link_open"}
    for finding in report.findings:
        if finding.rule_id == "ACME001":
            continue
        rule = catalogue.rule(finding.rule_id)
        assert rule.references[0] in links
        assert " ".join(rule.summary.replace("`", "").split()) in shown_text(markdown).replace(
            "`", ""
        )
    text = shown_text(markdown)
    for finding in report.findings:
        assert f"{finding.path} line" in text or f"{finding.path} lines" in text
        assert finding.message.replace("`", "") in text.replace("`", "")


def test_suggestions_are_suggestion_blocks_with_the_replacement(report: Report) -> None:
    blocks = fences(render(report, "markdown"))
    expected = [
        ("suggestion", f.suggestion.replacement)
        for f in sorted(report.findings, key=lambda f: (-f.rank, f.sort_key()))
        if f.suggestion is not None
    ]
    assert blocks == expected


def test_no_findings() -> None:
    report = build_report([], [Line("a.py", 1, "x = 1")], catalogue=None)
    markdown = render(report, "markdown")
    assert markdown.splitlines()[0] == MARKER
    assert "No findings in 1 file" in shown_text(markdown)
    assert table_rows(markdown) == [] and fences(markdown) == []


# -- inert content -----------------------------------------------------------------------------


def test_nothing_from_the_diff_renders_as_markup(evil: Report, catalogue: Catalogue) -> None:
    markdown = render(evil, "markdown")
    tokens = tokens_of(markdown)
    html = [t.content.strip() for t in tokens if t.type in ("html_block", "html_inline")]
    assert html == [MARKER]
    assert [t for t in tokens if t.type in ("image", "em_open", "s_open")] == []
    catalogue_urls = {url for rule in catalogue.rules for url in rule.references}
    hrefs = {t.attrGet("href") for t in tokens if t.type == "link_open"}
    assert hrefs <= catalogue_urls
    # the only bold is the rule title in each finding's summary line
    assert len([t for t in tokens if t.type == "strong_open"]) == len(evil.findings)
    headings = [(t.tag, rendered_text(n)) for t, n in pairwise(tokens) if t.type == "heading_open"]
    assert [tag for tag, _ in headings] == ["h2", "h3", "h4", "h4", "h3"]
    assert [text for tag, text in headings if tag != "h4"] == ["agentreview", "Findings", "Notes"]
    # one list (the notes), with one item per note
    assert len([t for t in tokens if t.type == "list_item_open"]) == len(evil.notes)


def test_hostile_text_reads_back_unchanged(evil: Report) -> None:
    markdown = render(evil, "markdown")
    text = shown_text(markdown)
    flat_message = " ".join(evil.findings[0].message.split())
    assert flat_message.replace("`", "") in text.replace("`", "")
    assert " ".join(evil.findings[0].path.split()) in text
    assert " ".join(evil.notes[0].split()) in text


def test_github_linkers_are_broken_in_prose(evil: Report) -> None:
    prose = prose_text(render(evil, "markdown"))
    assert "octocat" in prose and "evil.example" in prose
    assert GITHUB_LINKERS.findall(prose) == []


def test_hostile_suggested_code_stays_in_its_fence(evil: Report) -> None:
    markdown = render(evil, "markdown")
    suggestion = evil.findings[0].suggestion
    assert suggestion is not None
    assert fences(markdown) == [("suggestion", suggestion.replacement)]


def test_tables_keep_their_shape_with_pipes_in_rule_titles(catalogue: Catalogue) -> None:
    rules = [
        replace(rule, title="a | b `c | d` \\| e") if rule.id == "ASYNC002" else rule
        for rule in catalogue.rules
    ]
    odd = replace(catalogue, rules=tuple(rules))
    line = Line("a.py", 1, "time.sleep(1)")
    report = build_report(
        [line.finding("ASYNC002", "error", "time.sleep(1)", "m", catalogue=catalogue)],
        [line],
        catalogue=odd,
    )
    rows = table_rows(render(report, "markdown"))
    rule_rows = [row for row in rows if len(row) == 4]
    assert rule_rows[1][0] == "ASYNC002"
    assert rule_rows[1][3] == "a | b c | d \\| e"
    assert all(len(row) in (2, 4) for row in rows)


# -- size --------------------------------------------------------------------------------------


def huge_report() -> Report:
    findings = [
        replace(
            finding,
            message="`requests.get()` blocks the event loop " + "and more " * 60,
            suggestion=Suggestion(finding.line, finding.line, "x = await client.get(url)\n" * 5),
        )
        for finding in many_findings(3000, "warning")
    ]
    findings += many_findings(40, "error", path="z.py")
    return build_report(findings, [], catalogue=None, notes=["a note"] * 50)


def test_a_huge_report_stays_under_githubs_limit_and_says_what_is_left_out() -> None:
    report = huge_report()
    markdown = render(report, "markdown")
    assert len(markdown) <= GITHUB_COMMENT_LIMIT
    assert len(markdown) > GITHUB_COMMENT_LIMIT // 2  # it fills the space it has
    shown = len([t for t in tokens_of(markdown) if t.type == "heading_open" and t.tag == "h4"])
    missing = len(report.findings) - shown
    match = re.search(r"(\d+) more findings? (and \d+ notes? )?not shown", shown_text(markdown))
    assert match is not None and int(match.group(1)) == missing
    # the errors come first, so all 40 are shown
    assert shown_text(markdown).count("error: ASYNC002") == 40


def test_a_suggestion_too_long_to_fit_is_dropped_but_the_finding_stays() -> None:
    line = Line("a.py", 1, "time.sleep(1)")
    finding = line.finding(
        "ASYNC002", "error", "time.sleep(1)", "m", suggestion=Suggestion(1, 1, "x = 1\n" * 20_000)
    )
    markdown = render(build_report([finding], [line], catalogue=None), "markdown")
    assert len(markdown) <= GITHUB_COMMENT_LIMIT
    assert fences(markdown) == []
    assert "too long for this comment" in shown_text(markdown)
    assert "not shown" not in shown_text(markdown)


def test_long_messages_are_cut() -> None:
    line = Line("a.py", 1, "time.sleep(1)")
    finding: Finding = line.finding("ASYNC002", "error", "time.sleep(1)", "word " * 5000)
    markdown = render(build_report([finding], [line], catalogue=None), "markdown")
    assert len(markdown) < 5_000
    assert "…" in markdown

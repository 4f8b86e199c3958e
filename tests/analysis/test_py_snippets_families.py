"""The catalogue's snippets for the pydantic, security, import, client and modern-Python
families: every `dont` triggers exactly its rule, every `do` nothing, with all rules enabled,
as whole files and as new-file hunks; and every suggestion, applied, removes its finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.catalogue.compiled import load_compiled_catalogue
from agentreview.catalogue.enums import SnippetLanguage
from agentreview.findings import Finding, RepoFacts

FAMILY_RULES = [
    "PYD002",
    "PYD003",
    "PYD004",
    "PYD005",
    "PYD006",
    "PYD009",
    "SEC001",
    "SEC002",
    "SEC003",
    "TEST001",
    "TEST002",
    "DB001",
    "STRUCT002",
    "API006",
    "LINT002",
    "LINT004",
]
PATH = "app/module.py"


def _snippets(kind: str) -> list[tuple[str, int, str]]:
    catalogue = load_compiled_catalogue()
    return [
        (rule.id, index, code)
        for rule in catalogue.rules
        if rule.id in FAMILY_RULES and rule.lang is SnippetLanguage.python
        for index, code in enumerate(getattr(rule, kind))
    ]


DONTS = _snippets("dont")
DOS = _snippets("do")
DONT_IDS = [f"{rule_id}-dont{index}" for rule_id, index, _ in DONTS]
DO_IDS = [f"{rule_id}-do{index}" for rule_id, index, _ in DOS]


def _hunk(code: str) -> list[tuple[int, str]]:
    return list(enumerate(code.splitlines(), start=1))


def _apply(code: str, finding: Finding) -> str:
    assert finding.suggestion is not None
    lines = code.splitlines(keepends=True)
    start, end = finding.suggestion.start_line, finding.suggestion.end_line
    return "".join([*lines[: start - 1], finding.suggestion.replacement, *lines[end:]])


def test_every_family_rule_has_snippets() -> None:
    assert {rule_id for rule_id, _, _ in DONTS} == set(FAMILY_RULES)
    assert {rule_id for rule_id, _, _ in DOS} == set(FAMILY_RULES)


@pytest.mark.parametrize(("rule_id", "index", "code"), DONTS, ids=DONT_IDS)
def test_dont_triggers_exactly_its_rule(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python(code, PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None
    assert {finding.rule_id for finding in result.findings} == {rule_id}
    for finding in result.findings:
        assert finding.fix == catalogue.rule(rule_id).fix
        assert 1 <= finding.line <= finding.end_line <= len(code.splitlines())


@pytest.mark.parametrize(("rule_id", "index", "code"), DOS, ids=DO_IDS)
def test_do_triggers_nothing(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python(code, PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert [(f.rule_id, f.line, f.message) for f in result.findings] == []


@pytest.mark.parametrize(("rule_id", "index", "code"), DONTS, ids=DONT_IDS)
def test_dont_as_new_file_hunk(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    whole = analyse_python(code, PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    result = analyse_python_hunks(
        [_hunk(code)], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert {finding.rule_id for finding in result.findings} == {rule_id}
    # The whole file is in the hunk: the same findings, at the same places.
    assert [(f.line, f.column, f.message) for f in result.findings] == [
        (f.line, f.column, f.message) for f in whole.findings
    ]


@pytest.mark.parametrize(("rule_id", "index", "code"), DOS, ids=DO_IDS)
def test_do_as_new_file_hunk(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python_hunks(
        [_hunk(code)], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert [(f.rule_id, f.line) for f in result.findings] == []


@pytest.mark.parametrize(("rule_id", "index", "code"), DONTS, ids=DONT_IDS)
def test_each_suggestion_removes_its_finding(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    findings = analyse_python(code, PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()).findings
    suggested = [finding for finding in findings if finding.suggestion is not None]
    if not suggested:
        pytest.skip("no mechanical fix is safe for this snippet")
    for finding in suggested:
        fixed = _apply(code, finding)
        after = analyse_python(fixed, PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
        assert after.parse_error is None, fixed
        remaining = [f for f in after.findings if f.rule_id == rule_id]
        assert len(remaining) < len([f for f in findings if f.rule_id == rule_id]), fixed


# --- the annotated case files of these families, as new-file hunks ---------------------------

CASES = Path(__file__).parent / "cases"
FAMILY_CASES = sorted(
    path for path in CASES.glob("*.py") if path.stem.split("_", 1)[0].upper() in FAMILY_RULES
)
_CASE_PATH = re.compile(r"^#\s*case-path:\s*(\S+)", re.MULTILINE)


def test_every_family_rule_has_a_case_file() -> None:
    assert {path.stem.split("_", 1)[0].upper() for path in FAMILY_CASES} == set(FAMILY_RULES)


@pytest.mark.parametrize("case", FAMILY_CASES, ids=[path.stem for path in FAMILY_CASES])
def test_case_file_as_new_file_hunk_matches_the_whole_file(case, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    source = case.read_text()
    found = _CASE_PATH.search(source)
    path = found.group(1) if found else f"app/{case.name}"
    whole = analyse_python(source, path, catalogue, all_rule_ids, repo_facts=RepoFacts())
    hunks = analyse_python_hunks(
        [_hunk(source)], path, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    family = set(FAMILY_RULES)
    assert [(f.rule_id, f.line, f.column) for f in hunks.findings if f.rule_id in family] == [
        (f.rule_id, f.line, f.column) for f in whole.findings if f.rule_id in family
    ]

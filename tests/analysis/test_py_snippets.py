"""Every `dont` snippet of a rule in the engine's scope triggers exactly that rule; every `do`
snippet triggers nothing. Run with every rule enabled, as whole files and as new-file hunks."""

from __future__ import annotations

import pytest

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.catalogue.compiled import load_compiled_catalogue
from agentreview.catalogue.enums import SnippetLanguage
from agentreview.findings import RepoFacts

ENGINE_RULES = [
    "ASYNC001",
    "ASYNC002",
    "ASYNC003",
    "ASYNC004",
    "ASYNC005",
    "ASYNC006",
    "ASYNC007",
    "ASYNC008",
    "DEP001",
    "DEP004",
    "DEP005",
    "API001",
    "API002",
    "API003",
    "API004",
    "LINT003",
    "DB002",
    "DB003",
    "DB006",
    "DB007",
    "TEST003",
]


def _snippets(kind: str) -> list[tuple[str, int, str]]:
    catalogue = load_compiled_catalogue()
    found = []
    for rule in catalogue.rules:
        if rule.id in ENGINE_RULES and rule.lang is SnippetLanguage.python:
            found.extend((rule.id, index, code) for index, code in enumerate(getattr(rule, kind)))
    return found


DONTS = _snippets("dont")
DOS = _snippets("do")


def test_every_engine_rule_has_snippets() -> None:
    assert {rule_id for rule_id, _, _ in DONTS} == set(ENGINE_RULES)
    assert {rule_id for rule_id, _, _ in DOS} == set(ENGINE_RULES)


def _hunk(code: str) -> list[tuple[int, str]]:
    return list(enumerate(code.splitlines(), start=1))


@pytest.mark.parametrize(
    ("rule_id", "index", "code"), DONTS, ids=[f"{r}-dont{i}" for r, i, _ in DONTS]
)
def test_dont_triggers_exactly_its_rule(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python(code, "app/module.py", catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None
    assert {finding.rule_id for finding in result.findings} == {rule_id}
    for finding in result.findings:
        assert finding.message and finding.fix == catalogue.rule(rule_id).fix
        assert 1 <= finding.line <= finding.end_line <= len(code.splitlines())


@pytest.mark.parametrize(("rule_id", "index", "code"), DOS, ids=[f"{r}-do{i}" for r, i, _ in DOS])
def test_do_triggers_nothing(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python(code, "app/module.py", catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None
    assert [(f.rule_id, f.line, f.message) for f in result.findings] == []


@pytest.mark.parametrize(
    ("rule_id", "index", "code"), DONTS, ids=[f"{r}-dont{i}" for r, i, _ in DONTS]
)
def test_dont_as_new_file_hunk(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python_hunks(
        [_hunk(code)], "app/module.py", catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    found = {finding.rule_id for finding in result.findings}
    assert found <= {rule_id}
    assert rule_id in found or rule_id in result.unjudged


@pytest.mark.parametrize(("rule_id", "index", "code"), DOS, ids=[f"{r}-do{i}" for r, i, _ in DOS])
def test_do_as_new_file_hunk(rule_id, index, code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python_hunks(
        [_hunk(code)], "app/module.py", catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert [(f.rule_id, f.line) for f in result.findings] == []

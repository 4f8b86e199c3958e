"""The annotated case files under `cases/`, in the style of semgrep's rule tests.

A line ending in `# expect: RULE[, RULE]` must get a finding of each rule starting on it; a
line marked `# ok: RULE` documents a trap that must stay silent. For the rules a file
mentions, no finding may appear anywhere except on `expect` lines. All rules are enabled, so
the files also check that rules do not steal each other's calls.

Header comments configure a case: `# case-path: tests/conftest.py` (the path the file is
analysed as), `# case-repo-facts: async_fixtures_auto`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from agentreview.analysis import analyse_python
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import RepoFacts

CASES = Path(__file__).parent / "cases"
_ANNOTATION = re.compile(r"#\s*(expect|ok):\s*([A-Z]+[0-9]{3}(?:\s*,\s*[A-Z]+[0-9]{3})*)")
_PATH = re.compile(r"^#\s*case-path:\s*(\S+)", re.MULTILINE)
_FACTS = re.compile(r"^#\s*case-repo-facts:\s*(.+)$", re.MULTILINE)


def _annotations(source: str) -> tuple[dict[int, set[str]], set[str]]:
    expected: dict[int, set[str]] = defaultdict(set)
    mentioned: set[str] = set()
    for number, line in enumerate(source.splitlines(), start=1):
        for kind, ids in _ANNOTATION.findall(line):
            rule_ids = {rule_id.strip() for rule_id in ids.split(",")}
            mentioned |= rule_ids
            if kind == "expect":
                expected[number] |= rule_ids
    return expected, mentioned


def _repo_facts(source: str) -> RepoFacts:
    match = _FACTS.search(source)
    flags = set(match.group(1).split()) if match else set()
    return RepoFacts(async_fixtures_auto="async_fixtures_auto" in flags)


CASE_FILES = sorted(CASES.glob("*.py"))


def test_there_are_cases() -> None:
    assert len(CASE_FILES) >= 20


@pytest.mark.parametrize("case", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_case_file(case: Path, catalogue: Catalogue, all_rule_ids: frozenset[str]) -> None:
    source = case.read_text()
    expected, mentioned = _annotations(source)
    assert mentioned, f"{case.name} has no annotations"
    assert mentioned <= all_rule_ids, f"unknown rule IDs in {case.name}"
    path_match = _PATH.search(source)
    path = path_match.group(1) if path_match else f"app/{case.name}"

    result = analyse_python(source, path, catalogue, all_rule_ids, repo_facts=_repo_facts(source))

    assert result.parse_error is None
    found: dict[int, set[str]] = defaultdict(set)
    for finding in result.findings:
        if finding.rule_id in mentioned:
            found[finding.line].add(finding.rule_id)
    missing = {
        line: sorted(rules - found[line]) for line, rules in expected.items() if rules - found[line]
    }
    unexpected = {
        line: sorted(rules - expected.get(line, set()))
        for line, rules in found.items()
        if rules - expected.get(line, set())
    }
    assert not missing, f"{case.name}: expected findings missing (line: rules): {missing}"
    assert not unexpected, f"{case.name}: unexpected findings (line: rules): {unexpected}"

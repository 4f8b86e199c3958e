"""The shipped catalogue against the spec: every ID, its severity and detect level, complete entries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from agentreview.catalogue.loader import load_catalogue
from agentreview.catalogue.schema import Catalogue, Detect, snippet_problem

SPEC_TABLE = Path(__file__).with_name("spec_rules.tsv")
SHARED_SPEC = Path(__file__).resolve().parents[3] / "shared" / "spec" / "rules.md"


def _spec_rows() -> list[tuple[str, str, str]]:
    rows = []
    for line in SPEC_TABLE.read_text().splitlines():
        if line and not line.startswith("#"):
            rule_id, severity, detect = line.split("\t")
            rows.append((rule_id, severity, detect))
    return rows


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


def test_catalogue_holds_exactly_the_spec_ids(catalogue: Catalogue) -> None:
    expected = [row[0] for row in _spec_rows()]
    assert sorted(rule.id for rule in catalogue.rules) == sorted(expected)


@pytest.mark.parametrize(("rule_id", "severity", "detect"), _spec_rows())
def test_severity_and_detect_follow_the_spec(
    catalogue: Catalogue, rule_id: str, severity: str, detect: str
) -> None:
    rule = catalogue.rule(rule_id)
    assert (rule.severity.value, rule.detect.value) == (severity, detect)


@pytest.mark.skipif(not SHARED_SPEC.is_file(), reason="shared/spec is not beside this checkout")
def test_transcribed_table_matches_the_spec_document() -> None:
    spec_ids = re.findall(r"^\| ([A-Z]+[0-9]{3}) \|", SHARED_SPEC.read_text(), flags=re.M)
    assert spec_ids == [row[0] for row in _spec_rows()]


def test_every_snippet_parses(catalogue: Catalogue) -> None:
    problems = [
        f"{rule.id} {kind}[{i}]: {problem}"
        for rule in catalogue.rules
        for kind in ("do", "dont")
        for i, code in enumerate(getattr(rule, kind))
        if (problem := snippet_problem(code, rule.lang))
    ]
    assert problems == []


def test_detectable_rules_show_the_anti_pattern_and_its_fix(catalogue: Catalogue) -> None:
    for rule in catalogue.rules:
        if rule.detect is not Detect.no:
            assert rule.dont and rule.do, rule.id
            assert not set(rule.do) & set(rule.dont), f"{rule.id}: a snippet is both do and dont"


def test_every_category_has_rules_and_a_scope(catalogue: Catalogue) -> None:
    for category in catalogue.categories:
        assert catalogue.rules_in(category.id), category.id
        assert category.scope, category.id


def test_matrix_rows_point_at_deps_rules(catalogue: Catalogue) -> None:
    packages = {row.package for row in catalogue.matrix}
    assert {"python", "fastapi", "pydantic", "sqlalchemy", "httpx", "pyjwt"} <= packages
    for row in catalogue.matrix:
        assert catalogue.rule(row.rule).category == "DEPS"


def test_references_are_https_and_unique_per_rule(catalogue: Catalogue) -> None:
    for rule in catalogue.rules:
        assert len(set(rule.references)) == len(rule.references), rule.id

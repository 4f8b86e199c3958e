"""Validation reports every problem as `FILE: RULE_ID: field: what is wrong`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from agentreview.catalogue.loader import load_catalogue, validate_files
from agentreview.errors import CatalogueError

CATEGORY = """\
category:
  id: ACME
  title: House rules
  description: Rules of one team.
  scope: [python]
"""

GOOD_RULE = """\
  - id: ACME001
    title: No sleeping on the job
    category: ACME
    severity: warning
    detect: "no"
    summary: Do not sleep.
    why: Sleeping blocks.
    fix: Do not sleep.
    do: ["x = 1"]
    dont: ["import time\\ntime.sleep(1)"]
    references: [https://example.com/acme]
    tags: [sleep]
"""


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body))
    return path


def _problems(*files: Path) -> list[str]:
    return validate_files(list(files))[1]


def test_a_valid_file_has_no_problems(tmp_path: Path) -> None:
    path = _write(tmp_path, "acme.yaml", CATEGORY + "rules:\n" + GOOD_RULE)
    catalogue, problems = validate_files([path])
    assert problems == []
    assert [rule.id for rule in catalogue.rules] == ["ACME001"]
    assert catalogue.rule("ACME001").do == ["x = 1\n"]


def test_missing_field_names_file_rule_and_field(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "acme.yaml",
        CATEGORY + "rules:\n" + GOOD_RULE.replace("    why: Sleeping blocks.\n", ""),
    )
    assert _problems(path) == [f"{path}: ACME001: why: required field is missing"]


@pytest.mark.parametrize(
    ("old", "new", "field", "fragment"),
    [
        ("severity: warning", "severity: fatal", "severity", "'fatal'"),
        ('detect: "no"', "detect: maybe", "detect", "'maybe'"),
        ("id: ACME001", "id: acme-1", "id", "pattern"),
        ('do: ["x = 1"]', 'do: ["def broken(:"]', "rule", "do[0] does not parse as python"),
        (
            "references: [https://example.com/acme]",
            "references: [ftp://x]",
            "references.0",
            "pattern",
        ),
        ("tags: [sleep]", "tags: [sleep]\n    colour: red", "colour", "unknown field"),
        ("summary: Do not sleep.", "summary: ''", "summary", "at least 1 character"),
    ],
)
def test_each_kind_of_bad_field_is_reported(
    tmp_path: Path, old: str, new: str, field: str, fragment: str
) -> None:
    rule_id = "acme-1" if field == "id" else "ACME001"
    path = _write(tmp_path, "acme.yaml", CATEGORY + "rules:\n" + GOOD_RULE.replace(old, new))
    problems = _problems(path)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{path}: {rule_id}: {field}: ")
    assert fragment in problems[0]


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    broken = GOOD_RULE.replace("severity: warning", "severity: loud").replace(
        "    fix: Do not sleep.\n", ""
    )
    path = _write(tmp_path, "acme.yaml", CATEGORY + "rules:\n" + broken)
    fields = sorted(problem.split(": ")[2] for problem in _problems(path))
    assert fields == ["fix", "severity"]


def test_id_must_belong_to_its_category(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "acme.yaml",
        CATEGORY + "rules:\n" + GOOD_RULE.replace("id: ACME001", "id: ZZZ001"),
    )
    [problem] = _problems(path)
    assert problem.startswith(f"{path}: ZZZ001: rule: id 'ZZZ001' must be the category 'ACME'")


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.yaml", CATEGORY + "rules:\n" + GOOD_RULE)
    other_category = CATEGORY.replace("id: ACME", "id: OTHER")
    second = _write(tmp_path, "b.yaml", other_category + "rules:\n" + GOOD_RULE)
    assert _problems(first, second) == [
        f"{second}: ACME001: id: duplicate rule ID (also in {first})"
    ]


def test_unknown_category(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace("id: ACME001", "id: BETA001").replace(
        "category: ACME", "category: BETA"
    )
    path = _write(tmp_path, "acme.yaml", CATEGORY + "rules:\n" + rule)
    [problem] = _problems(path)
    assert problem.startswith(f"{path}: BETA001: category: unknown category 'BETA'")


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "acme.yaml", CATEGORY + "rules:\n  - id: [unclosed\n")
    [problem] = _problems(path)
    assert problem.startswith(f"{path}: -: yaml: line ")


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    path = _write(tmp_path, "acme.yaml", "- just\n- a list\n")
    assert _problems(path) == [f"{path}: -: file: expected a mapping with `category` and `rules`"]


def test_matrix_row_must_name_a_known_rule(tmp_path: Path) -> None:
    body = (
        CATEGORY
        + "rules:\n"
        + GOOD_RULE
        + "matrix:\n  - {package: fastapi, minimum: '0.115', rule: ACME999, note: n}\n"
    )
    path = _write(tmp_path, "acme.yaml", body)
    assert _problems(path) == [f"{path}: ACME999: matrix: row for 'fastapi' names an unknown rule"]


def test_toml_and_requirements_snippets_are_parsed_as_such(tmp_path: Path) -> None:
    rule = GOOD_RULE.replace('do: ["x = 1"]', 'do: ["fastapi>=0.115\\n"]').replace(
        'dont: ["import time\\ntime.sleep(1)"]', 'dont: ["fastapi >= = 1"]'
    )
    rule += "    lang: requirements\n"
    path = _write(tmp_path, "acme.yaml", CATEGORY + "rules:\n" + rule)
    [problem] = _problems(path)
    assert "dont[0] does not parse as requirements" in problem


def test_load_catalogue_raises_with_every_problem(tmp_path: Path) -> None:
    _write(
        tmp_path,
        "acme.yaml",
        CATEGORY + "rules:\n" + GOOD_RULE.replace("severity: warning", "severity: x"),
    )
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(extra_dirs=[tmp_path])
    assert len(caught.value.problems) == 1
    assert "severity" in str(caught.value)


def test_extra_dirs_extend_the_builtin_catalogue(tmp_path: Path) -> None:
    _write(tmp_path, "acme.yaml", CATEGORY + "rules:\n" + GOOD_RULE)
    catalogue = load_catalogue(extra_dirs=[tmp_path])
    assert catalogue.rule("ACME001").category == "ACME"
    assert catalogue.rule("ASYNC002").severity.value == "error"
    # A project's own categories come after the built-in ones.
    assert catalogue.categories[-1].id == "ACME"

"""The dependency-file checker against the compatibility matrix (DEPS rules)."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from packaging.version import Version

from agentreview.analysis.deps import (
    DependencyResult,
    analyse_dependency_file,
    is_dependency_file,
    poetry_constraint,
)
from agentreview.catalogue.compiled import Catalogue, MatrixEntry, Rule, load_compiled_catalogue
from agentreview.catalogue.enums import SnippetLanguage
from agentreview.findings import Finding

CASES = Path(__file__).with_name("deps_cases")
Hunk = Sequence[tuple[int, str]]


def _deps_rules(catalogue: Catalogue) -> list[Rule]:
    return [rule for rule in catalogue.rules if rule.category == "DEPS"]


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_compiled_catalogue()


@pytest.fixture(scope="module")
def deps_ids(catalogue: Catalogue) -> frozenset[str]:
    return frozenset(rule.id for rule in _deps_rules(catalogue))


def analyse(
    catalogue: Catalogue,
    text: str | None,
    path: str = "requirements.txt",
    *,
    rule_ids: Collection[str] | None = None,
    hunks: Sequence[Hunk] = (),
) -> DependencyResult:
    enabled = rule_ids if rule_ids is not None else {r.id for r in _deps_rules(catalogue)}
    return analyse_dependency_file(path, text, hunks, catalogue, enabled)


def found(result: DependencyResult) -> list[tuple[int, str, str]]:
    return [(f.line, f.rule_id, f.severity) for f in result.findings]


def whole_file_hunk(text: str) -> list[tuple[int, str]]:
    """The post-image of a diff that adds `text` as a new file."""
    return [(number, line) for number, line in enumerate(text.splitlines(), start=1)]


# --- which files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("requirements.txt", True),
        ("requirements-dev.txt", True),
        ("services/api/requirements_test.txt", True),
        ("requirements/base.txt", True),
        ("deploy/requirements/prod.txt", True),
        ("pyproject.toml", True),
        ("backend/pyproject.toml", True),
        ("requirements.in", False),
        ("docs/requirements.md", False),
        ("dev-requirements.txt", False),
        ("notes.txt", False),
        ("pyproject.toml.bak", False),
        ("setup.cfg", False),
    ],
)
def test_is_dependency_file(path: str, expected: bool) -> None:
    assert is_dependency_file(path) is expected


# --- annotated case files (semgrep style) --------------------------------------------------

_EXPECT = re.compile(r"#\s*expect(-next)?:\s*(DEPS\d{3})\s+(error|warning|info)")


def expectations(text: str) -> list[tuple[int, str, str]]:
    expected = []
    for number, line in enumerate(text.splitlines(), start=1):
        for match in _EXPECT.finditer(line):
            target = number + 1 if match.group(1) else number
            expected.append((target, match.group(2), match.group(3)))
    return sorted(expected)


@pytest.mark.parametrize(
    ("case", "path"),
    [
        ("requirements-tricky.txt", "requirements/dev.txt"),
        ("pyproject-tricky.toml", "pyproject.toml"),
    ],
)
def test_annotated_cases_fire_exactly_where_marked(
    catalogue: Catalogue, case: str, path: str
) -> None:
    text = (CASES / case).read_text()
    result = analyse(catalogue, text, path)
    assert sorted(found(result)) == expectations(text)
    assert result.notes == []


# --- requirement lines, one at a time -------------------------------------------------------

LINE_CASES: list[tuple[str, set[tuple[str, str]]]] = [
    ("fastapi==0.110.0", {("DEPS002", "error")}),
    ("fastapi>=0.100,<0.111", {("DEPS002", "error")}),
    ("fastapi>=0.100", {("DEPS002", "info")}),
    ("fastapi>=0.115", set()),
    ("fastapi>0.115", set()),
    ("fastapi<=0.114.2", {("DEPS002", "error")}),
    ("fastapi!=0.115.*", set()),  # no lower bound: says nothing about old releases
    ("fastapi>=0.115,<0.115.1,!=0.115.0", set()),  # 0.115.0.1 would still be allowed
    ("fastapi==0.115.0rc1", {("DEPS002", "error")}),
    ("pydantic==1.10.13", {("DEPS003", "error")}),
    ("pydantic>=2.5,<2.7", {("DEPS003", "warning")}),
    ("pydantic~=2.6.0", {("DEPS003", "warning")}),
    ("pydantic~=2.6", {("DEPS003", "info")}),
    ("pydantic>=2.7", set()),
    ("pydantic_settings~=2.3.0", {("DEPS004", "warning")}),
    ("sqlalchemy<2", {("DEPS005", "error")}),
    ("sqlalchemy>=2.0.0b1", set()),  # only 2.0's own pre-releases lie below the floor
    ("sqlalchemy>=1.4.0b1", {("DEPS005", "info")}),
    ("alembic<1.13", {("DEPS006", "warning")}),
    ("HTTPX==0.26.*", {("DEPS007", "warning")}),
    ("pyjwt<2.9", {("DEPS008", "warning")}),
    ("PyJWT[crypto]==2.9.0", set()),
    ("ruff<0.6", {("DEPS009", "info")}),
    ("ruff>=0.6", set()),
    ("autoflake", {("DEPS009", "info")}),
    ("python-jose", {("DEPS010", "warning")}),
    ("async-asgi-testclient>=1.4", {("DEPS011", "error")}),
    ("databases", {("DEPS012", "warning")}),
    ("jwt", {("DEPS013", "warning")}),
    ("pyjwt", set()),
    ("uvicorn[standard]==0.20.0", set()),
    ("fastapi-users==12.0.0", set()),
]


@pytest.mark.parametrize(("line", "expected"), LINE_CASES)
def test_requirement_line(catalogue: Catalogue, line: str, expected: set[tuple[str, str]]) -> None:
    result = analyse(catalogue, line + "\n")
    assert {(f.rule_id, f.severity) for f in result.findings} == expected
    assert result.notes == []


def test_message_names_the_package_spec_and_minimum(catalogue: Catalogue) -> None:
    [finding] = analyse(catalogue, "fastapi==0.110.0\n").findings
    assert finding.message.startswith(
        "fastapi==0.110.0 excludes 0.115, the minimum this catalogue assumes"
    )
    assert finding.fix == catalogue.rule("DEPS002").fix
    assert finding.fingerprint == ""


def test_pyjwt_messages_mention_the_cve(catalogue: Catalogue) -> None:
    for line in ("PyJWT==2.8.0", "pyjwt>=2.4,<2.9"):
        [finding] = analyse(catalogue, line + "\n").findings
        assert "CVE-2026-32597" in finding.message
        assert "2.12" in finding.message


def test_span_covers_the_requirement_without_comment_or_options(catalogue: Catalogue) -> None:
    text = "uvicorn>=0.30\n  pydantic<2 ; python_version < '3.12'   # legacy\n"
    [finding] = analyse(catalogue, text).findings
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (2, 3, 2, 39)
    assert text.splitlines()[1][2:38] == "pydantic<2 ; python_version < '3.12'"


def test_backslash_continuation_joins_lines_and_spans_them(catalogue: Catalogue) -> None:
    text = "pydantic \\\n    ==1.10.13 \\\n    --hash=sha256:" + "a" * 64 + "\nfastapi>=0.115\n"
    [finding] = analyse(catalogue, text).findings
    assert (finding.rule_id, finding.line, finding.end_line) == ("DEPS003", 1, 2)
    assert finding.suggestion is None


def test_options_urls_and_comments_are_skipped(catalogue: Catalogue) -> None:
    text = "\n".join(
        [
            "-r base.txt",
            "--requirement jwt.txt",
            "-c constraints.txt",
            "-e ./python-jose",
            "--extra-index-url https://example.com/simple",
            "git+https://github.com/encode/databases.git#egg=databases",
            "file:///wheels/jwt-1.3.1-py3-none-any.whl",
            "# jwt==1.3.1",
            "   ",
            "",
        ]
    )
    result = analyse(catalogue, text)
    assert result.findings == []
    assert result.notes == []


@pytest.mark.parametrize(
    "line", ["foo bar baz", "${FASTAPI_SPEC}", "fastapi==0.110.0#pinned", "pydantic>=>2", "[extra]"]
)
def test_malformed_lines_are_skipped_with_a_note(catalogue: Catalogue, line: str) -> None:
    text = f"fastapi==0.110.0\n{line}\njwt\n"
    result = analyse(catalogue, text)
    assert found(result) == [(1, "DEPS002", "error"), (3, "DEPS013", "warning")]
    assert len(result.notes) == 1
    assert result.notes[0].startswith("requirements.txt:2: skipped")


# --- suggestions -----------------------------------------------------------------------------

SUGGESTION_CASES: list[tuple[str, str | None]] = [
    ("fastapi==0.110.0  # pinned", "fastapi==0.115.0  # pinned\n"),
    ("fastapi[standard]>=0.100", "fastapi[standard]>=0.115\n"),
    ("fastapi~=0.110.0", "fastapi~=0.115.0\n"),
    ("pydantic==2.5.3 ; python_version >= '3.11'", "pydantic==2.7.0 ; python_version >= '3.11'\n"),
    ("ruff>=0.5", "ruff>=0.6\n"),
    ("fastapi>=0.100,<0.111", None),  # raising the floor alone would exclude everything
    ("pydantic==1.10.13", None),  # 1.x to 2.x is a migration, not an edit
    ("sqlalchemy<2", None),
    ("fastapi==0.110.*", None),
]


@pytest.mark.parametrize(("line", "replacement"), SUGGESTION_CASES)
def test_suggestion_raises_a_single_bound(
    catalogue: Catalogue, line: str, replacement: str | None
) -> None:
    [finding] = analyse(catalogue, line + "\n").findings
    if replacement is None:
        assert finding.suggestion is None
        return
    assert finding.suggestion is not None
    assert (finding.suggestion.start_line, finding.suggestion.end_line) == (1, 1)
    assert finding.suggestion.replacement == replacement
    assert analyse(catalogue, replacement).findings == []  # the fix passes the check


def test_toml_suggestions_keep_the_rest_of_the_line(catalogue: Catalogue) -> None:
    text = (
        '[project]\nname = "x"\nrequires-python = ">=3.10"  # floor\n'
        'dependencies = ["fastapi==0.110.0", "httpx>=0.27"]\n'
        '[tool.poetry.dependencies]\npydantic = { version = "^2.5", extras = ["email"] }\n'
        '[tool.ruff]\ntarget-version = "py310"\n'
    )
    result = analyse(catalogue, text, "pyproject.toml")
    replacements = {f.rule_id: f.suggestion.replacement for f in result.findings if f.suggestion}
    assert replacements == {
        "DEPS001": 'target-version = "py311"\n',
        "DEPS002": 'dependencies = ["fastapi==0.115.0", "httpx>=0.27"]\n',
        "DEPS003": 'pydantic = { version = "^2.7", extras = ["email"] }\n',
    }
    [requires] = [f for f in result.findings if f.line == 3]
    assert requires.suggestion is not None
    assert requires.suggestion.replacement == 'requires-python = ">=3.11"  # floor\n'


def test_hash_pinned_requirement_gets_no_suggestion(catalogue: Catalogue) -> None:
    text = "fastapi==0.110.0 --hash=sha256:" + "b" * 64 + "\n"
    [finding] = analyse(catalogue, text).findings
    assert finding.rule_id == "DEPS002"
    assert finding.suggestion is None


# --- pyproject.toml --------------------------------------------------------------------------


def test_pyproject_columns_point_at_the_string(catalogue: Catalogue) -> None:
    text = (
        "[project]\n"
        'name = "orders"\n'
        "dependencies = [\n"
        '    "uvicorn>=0.30", "fastapi==0.110.0",\n'
        "    'jwt', # a \"quoted\" comment\n"
        "]\n"
    )
    result = analyse(catalogue, text, "pyproject.toml")
    spans = [(f.rule_id, f.line, f.column, f.end_line, f.end_column) for f in result.findings]
    assert spans == [("DEPS002", 4, 22, 4, 40), ("DEPS013", 5, 5, 5, 10)]
    line = text.splitlines()[3]
    assert line[21:39] == '"fastapi==0.110.0"'


def test_poetry_finding_spans_the_key_and_its_value(catalogue: Catalogue) -> None:
    text = '[tool.poetry.dependencies]\npython = "^3.11"\n  fastapi   =   "^0.110"  # old\n'
    [finding] = analyse(catalogue, text, "pyproject.toml").findings
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (3, 3, 3, 25)
    assert "fastapi" in finding.message and "^0.110" in finding.message


def test_multiline_and_escaped_strings(catalogue: Catalogue) -> None:
    text = (
        "[project]\n"
        'description = """A service that\n'
        'lists "fastapi==0.110.0" in prose"""\n'
        'dependencies = ["py\\u006Aw\\u0074==2.8.0"]\n'
    )
    [finding] = analyse(catalogue, text, "pyproject.toml").findings
    assert (finding.rule_id, finding.line) == ("DEPS008", 4)
    assert finding.suggestion is None  # escapes: the text in the file is not the value


def test_dotted_keys_and_other_tables(catalogue: Catalogue) -> None:
    text = (
        'project.name = "orders"\n'
        'project.requires-python = ">=3.9"\n'
        'project.dependencies = ["httpx<0.27"]\n'
        '[tool.black]\ntarget-version = ["py39"]\n'
        '[tool.hatch.envs.default]\ndependencies = ["black", "jwt"]\n'
        '[build-system]\nrequires = ["hatchling", "isort"]\n'
    )
    result = analyse(catalogue, text, "pyproject.toml")
    assert found(result) == [(2, "DEPS001", "warning"), (3, "DEPS007", "warning")]


def test_requires_python_without_a_lower_bound_and_excluding_floor(catalogue: Catalogue) -> None:
    for spec, expected in [
        (">=3.11", []),
        (">=3.12,<4", []),
        ("~=3.11", []),
        ("<4", ["allows Python below 3.11"]),
        ("==3.10.*", ["excludes Python 3.11"]),
        (">=3.8,!=3.11.*,<3.12", ["excludes Python 3.11"]),
    ]:
        text = f'[project]\nname = "x"\nrequires-python = "{spec}"\n'
        messages = [f.message for f in analyse(catalogue, text, "pyproject.toml").findings]
        assert len(messages) == len(expected), spec
        for message, phrase in zip(messages, expected, strict=True):
            assert phrase in message


@pytest.mark.parametrize("target", ["py38", "py39", "py310"])
def test_ruff_target_version_below_311(catalogue: Catalogue, target: str) -> None:
    text = f'[tool.ruff]\ntarget-version = "{target}"\n'
    assert found(analyse(catalogue, text, "pyproject.toml")) == [(2, "DEPS001", "warning")]


@pytest.mark.parametrize("target", ["py311", "py312", "py313"])
def test_ruff_target_version_at_or_above_311(catalogue: Catalogue, target: str) -> None:
    text = f'[tool.ruff]\ntarget-version = "{target}"\n'
    assert analyse(catalogue, text, "pyproject.toml").findings == []


def test_invalid_toml_gives_a_note_and_falls_back_to_the_hunks(catalogue: Catalogue) -> None:
    text = '[project\nname = "x"\n\n[tool.poetry.dependencies]\nfastapi = "^0.110"\n'
    hunk = [(4, "[tool.poetry.dependencies]"), (5, 'fastapi = "^0.110"')]
    result = analyse(catalogue, text, "pyproject.toml", hunks=[hunk])
    assert found(result) == [(5, "DEPS002", "error")]
    assert len(result.notes) == 1 and "not valid TOML" in result.notes[0]


def test_invalid_pep508_string_in_pyproject_is_a_note(catalogue: Catalogue) -> None:
    text = '[project]\nname = "x"\ndependencies = ["fastapi >>= 1", "jwt"]\n'
    result = analyse(catalogue, text, "pyproject.toml")
    assert found(result) == [(3, "DEPS013", "warning")]
    assert len(result.notes) == 1 and "pyproject.toml:3: skipped `fastapi >>= 1`" in result.notes[0]


# --- Poetry constraints ----------------------------------------------------------------------

POETRY_CASES: list[tuple[str, list[str], list[str]]] = [
    ("^0.110", ["0.110", "0.110.9"], ["0.109", "0.111", "0.115"]),
    ("^1.2.3", ["1.2.3", "1.9"], ["1.2.2", "2.0"]),
    ("^0.2.3", ["0.2.3", "0.2.9"], ["0.3.0"]),
    ("^0.0.3", ["0.0.3"], ["0.0.4"]),
    ("^0", ["0.9"], ["1.0"]),
    ("~1.2", ["1.2", "1.2.9"], ["1.3"]),
    ("~1", ["1.0", "1.9"], ["2.0"]),
    ("~=1.2", ["1.9"], ["2.0"]),
    ("1.2.3", ["1.2.3"], ["1.2.4"]),
    ("=1.2.3", ["1.2.3"], ["1.2.4"]),
    ("1.2.*", ["1.2.7"], ["1.3"]),
    ("*", ["0.1", "99"], []),
    (">=1.2,<2.0", ["1.5"], ["2.0", "1.1"]),
    (">= 1.2 < 2.0", ["1.5"], ["2.0"]),
    ("^1.0 || ^3.0", ["1.5", "3.1"], ["2.0", "4.0"]),
]


@pytest.mark.parametrize(("text", "inside", "outside"), POETRY_CASES)
def test_poetry_constraint(text: str, inside: list[str], outside: list[str]) -> None:
    constraint = poetry_constraint(text)
    assert constraint is not None
    for version in inside:
        assert constraint.admits(Version(version)), version
    for version in outside:
        assert not constraint.admits(Version(version)), version


@pytest.mark.parametrize("text", ["", "^", "banana", "^1.0 ||", ">=1.0,,<", "^x.y"])
def test_malformed_poetry_constraint(text: str) -> None:
    assert poetry_constraint(text) is None


def test_malformed_poetry_value_is_silent(catalogue: Catalogue) -> None:
    text = '[tool.poetry.dependencies]\nfastapi = "newest please"\njwt = "*"\n'
    assert found(analyse(catalogue, text, "pyproject.toml")) == [(3, "DEPS013", "warning")]


# --- diff-only mode --------------------------------------------------------------------------


def test_requirements_hunks_are_judged_line_by_line(catalogue: Catalogue) -> None:
    hunks = [
        [(3, "fastapi==0.110.0 \\"), (4, "    --hash=sha256:" + "c" * 64)],
        [(10, "jwt"), (11, "pydantic>=2.7")],
        [(20, "pydantic \\")],  # the continuation's next line is not in the diff
    ]
    result = analyse(catalogue, None, "requirements.txt", hunks=hunks)
    assert found(result) == [(3, "DEPS002", "error"), (10, "DEPS013", "warning")]


def test_hunk_gap_ends_a_continuation(catalogue: Catalogue) -> None:
    hunks = [[(3, "pydantic \\"), (9, "jwt")]]
    result = analyse(catalogue, None, "requirements.txt", hunks=hunks)
    assert found(result) == [(9, "DEPS013", "warning")]


def test_pyproject_hunk_without_a_header_is_not_judged(catalogue: Catalogue) -> None:
    hunk = [
        (12, '    "httpx>=0.27",'),
        (13, '    "fastapi==0.110.0",'),
        (14, "]"),
        (15, 'requires-python = ">=3.10"'),
        (16, 'readme = "README.md"'),
    ]
    result = analyse(catalogue, None, "pyproject.toml", hunks=[hunk])
    assert result.findings == []
    assert len(result.notes) == 1
    assert "lines 12, 13, 15 not judged" in result.notes[0]  # not line 16: readme is no dependency


def test_pyproject_hunk_uses_the_headers_it_shows(catalogue: Catalogue) -> None:
    hunk = [
        (30, '    "httpx>=0.27",'),
        (31, "]"),
        (32, ""),
        (33, "[tool.poetry.group.dev.dependencies]"),
        (34, 'black = "^24.8"'),
        (35, "[tool.ruff]"),
        (36, 'target-version = "py310"'),
    ]
    result = analyse(catalogue, None, "pyproject.toml", hunks=[hunk])
    assert found(result) == [(34, "DEPS009", "info"), (36, "DEPS001", "warning")]
    assert len(result.notes) == 1 and "line 30 not judged" in result.notes[0]


def test_pyproject_hunk_at_line_one_knows_the_root_table(catalogue: Catalogue) -> None:
    hunk = [(1, 'project.requires-python = ">=3.10"'), (2, 'project.dependencies = ["jwt"]')]
    result = analyse(catalogue, None, "pyproject.toml", hunks=[hunk])
    assert found(result) == [(1, "DEPS001", "warning"), (2, "DEPS013", "warning")]


def test_pyproject_hunk_ending_inside_an_array(catalogue: Catalogue) -> None:
    hunk = [(5, "[project]"), (6, "dependencies = ["), (7, '    "fastapi==0.110.0",')]
    result = analyse(catalogue, None, "pyproject.toml", hunks=[hunk])
    assert found(result) == [(7, "DEPS002", "error")]


def test_hunk_lines_may_keep_their_line_endings(catalogue: Catalogue) -> None:
    hunk = [(1, "[tool.poetry.dependencies]\r\n"), (2, 'fastapi = "^0.110"\n')]
    result = analyse(catalogue, None, "pyproject.toml", hunks=[hunk])
    [finding] = result.findings
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == 'fastapi = "^0.115"\n'


# --- the catalogue drives the checker --------------------------------------------------------


def test_only_enabled_rules_are_reported(catalogue: Catalogue) -> None:
    text = "fastapi==0.110.0\njwt\npydantic<2\n"
    assert found(analyse(catalogue, text, rule_ids={"DEPS013"})) == [(2, "DEPS013", "warning")]
    assert analyse(catalogue, text, rule_ids=set()).findings == []
    assert analyse(catalogue, text, rule_ids={"ASYNC002"}).findings == []


def test_floors_and_packages_come_from_the_catalogue(catalogue: Catalogue) -> None:
    raised = [
        replace(row, minimum="0.120") if row.package == "fastapi" else row
        for row in catalogue.matrix
    ]
    base = catalogue.rule("DEPS012")
    assert base.match is not None
    extra = replace(base, id="DEPS099", match=replace(base.match, packages=("requests",)))
    changed = replace(catalogue, matrix=tuple(raised), rules=(*catalogue.rules, extra))
    text = "fastapi==0.115.4\nrequests>=2.32\n"
    result = analyse(changed, text, rule_ids={"DEPS002", "DEPS099"})
    assert found(result) == [(1, "DEPS002", "error"), (2, "DEPS099", "warning")]
    assert "excludes 0.120" in result.findings[0].message


def test_several_rows_for_one_rule_report_the_strictest(catalogue: Catalogue) -> None:
    security_floor = MatrixEntry(
        package="pyjwt", minimum="2.12", rule="DEPS008", note="the crit fix"
    )
    changed = replace(catalogue, matrix=(*catalogue.matrix, security_floor))
    [finding] = analyse(changed, "pyjwt==2.10.0\n").findings
    assert "excludes 2.12" in finding.message
    assert analyse(catalogue, "pyjwt==2.10.0\n").findings == []


def test_matrix_rows_and_match_packages_agree(catalogue: Catalogue) -> None:
    for row in catalogue.matrix:
        rule = catalogue.rule(row.rule)
        if row.package != "python":
            assert rule.match is not None and row.package in rule.match.packages, row


# --- the catalogue's own snippets are test data ------------------------------------------------


def _snippet_cases(kind: str) -> list[tuple[str, int]]:
    catalogue = load_compiled_catalogue()
    return [
        (rule.id, index)
        for rule in _deps_rules(catalogue)
        for index in range(len(getattr(rule, kind)))
    ]


def _snippet_path(rule: Rule) -> str:
    return "pyproject.toml" if rule.lang is SnippetLanguage.toml else "requirements.txt"


def _all_rule_ids(catalogue: Catalogue) -> set[str]:
    return {rule.id for rule in catalogue.rules}


@pytest.mark.parametrize(("rule_id", "index"), _snippet_cases("dont"))
@pytest.mark.parametrize("mode", ["full", "diff-only"])
def test_dont_snippet_triggers_exactly_its_rule(
    catalogue: Catalogue, rule_id: str, index: int, mode: str
) -> None:
    rule = catalogue.rule(rule_id)
    snippet = rule.dont[index]
    text, hunks = (snippet, []) if mode == "full" else (None, [whole_file_hunk(snippet)])
    result = analyse(
        catalogue, text, _snippet_path(rule), rule_ids=_all_rule_ids(catalogue), hunks=hunks
    )
    assert {f.rule_id for f in result.findings} == {rule_id}
    assert result.notes == []


@pytest.mark.parametrize(("rule_id", "index"), _snippet_cases("do"))
@pytest.mark.parametrize("mode", ["full", "diff-only"])
def test_do_snippet_triggers_nothing(
    catalogue: Catalogue, rule_id: str, index: int, mode: str
) -> None:
    rule = catalogue.rule(rule_id)
    snippet = rule.do[index]
    text, hunks = (snippet, []) if mode == "full" else (None, [whole_file_hunk(snippet)])
    result = analyse(
        catalogue, text, _snippet_path(rule), rule_ids=_all_rule_ids(catalogue), hunks=hunks
    )
    assert result.findings == []
    assert result.notes == []


def test_every_deps_rule_has_a_language_for_dependency_files(catalogue: Catalogue) -> None:
    for rule in _deps_rules(catalogue):
        assert rule.lang in (SnippetLanguage.toml, SnippetLanguage.requirements), rule.id


# --- robustness ------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("[]{}=,.\"'#\\ \n\t^~<>!*;@:/-_") + list("abcfjptyz0123456789"))
_FRAGMENTS = st.sampled_from(
    [
        "[project]\n",
        "[tool.poetry.dependencies]\n",
        "dependencies = [",
        '"fastapi==0.110.0",',
        "]\n",
        '"""',
        "'''",
        'python = "^3.9"\n',
        "{ version = ",
        "}",
        "\\\n",
        "--hash=sha256:ab ",
        "jwt ; ",
        "\n",
    ]
)
_NOISE = st.lists(st.one_of(_FRAGMENTS, st.text(_ALPHABET, max_size=8)), max_size=30).map("".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_NOISE, path=st.sampled_from(["requirements.txt", "pyproject.toml"]))
def test_arbitrary_input_never_crashes(catalogue: Catalogue, text: str, path: str) -> None:
    full = analyse(catalogue, text, path)
    start = 1 + len(text) % 5
    hunk = [(start + i, line) for i, line in enumerate(text.split("\n"))]
    partial = analyse(catalogue, None, path, hunks=[hunk])
    for finding in [*full.findings, *partial.findings]:
        assert isinstance(finding, Finding)
        assert finding.line >= 1 and finding.column >= 1
        assert (finding.end_line, finding.end_column) >= (finding.line, finding.column)

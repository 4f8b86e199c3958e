"""LINT002, LINT004, PYD009 and API006: messages, spans, suggestions, diff-only behaviour."""

from __future__ import annotations

import textwrap

import pytest

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts

PATH = "app/service.py"


def analyse(code: str, catalogue: Catalogue, rule_ids: frozenset[str]) -> list[Finding]:
    source = textwrap.dedent(code)
    result = analyse_python(source, PATH, catalogue, rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None
    return result.findings


def spanned(code: str, finding: Finding) -> str:
    line = textwrap.dedent(code).splitlines()[finding.line - 1]
    return line[finding.column - 1 : finding.end_column - 1]


def only(findings: list[Finding], rule_id: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule_id == rule_id]


# --- LINT002 --------------------------------------------------------------------------------


def test_lint002_one_finding_per_use_sharing_one_line_suggestion(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from typing import Dict, List, Optional

        def group(ids: List[int], label: Optional[str]) -> Dict[str, List[int]]:
            return {}
    """
    findings = analyse(code, catalogue, all_rule_ids)
    assert [spanned(code, f) for f in findings] == [
        "List[int]",
        "Optional[str]",
        "Dict[str, List[int]]",
        "List[int]",
    ]
    assert {f.severity for f in findings} == {"info"}
    expected = "def group(ids: list[int], label: str | None) -> dict[str, list[int]]:\n"
    for finding in findings:
        assert finding.suggestion is not None
        assert (finding.suggestion.start_line, finding.suggestion.replacement) == (4, expected)
    assert (
        findings[2].message
        == "`Dict[str, List[int]]` uses `typing.Dict`: write `dict[str, list[int]]`"
    )


def test_lint002_resolves_module_aliases(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import typing as t

        value: t.Union[int, str, None] = None
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (
        finding.message == "`t.Union[int, str, None]` uses `typing.Union`: write `int | str | None`"
    )
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == "value: int | str | None = None\n"


@pytest.mark.parametrize(
    "code",
    [
        'from typing import Optional\nvalue: Optional["Model"] = None\n',  # `"Model" | None` fails
        "from typing import List\nlist = None\nvalue: List[int] = []\n",  # `list` is shadowed
        "from typing import Optional\nvalue: Optional = None\n",  # a bare Optional has no rewrite
    ],
)
def test_lint002_no_suggestion_when_the_rewrite_is_unsafe(code, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    [finding] = only(analyse(code, catalogue, all_rule_ids), "LINT002")
    assert finding.suggestion is None


def test_lint002_multi_line_annotation(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from typing import Dict, List

        Index = Dict[
            str,
            List[int],
        ]
    """
    findings = analyse(code, catalogue, all_rule_ids)
    assert [(f.line, f.end_line) for f in findings] == [(4, 7), (6, 6)]
    for finding in findings:
        assert finding.suggestion is not None
        assert (finding.suggestion.start_line, finding.suggestion.end_line) == (4, 7)
        assert finding.suggestion.replacement == "Index = dict[\n    str,\n    list[int],\n]\n"


def test_lint002_diff_only_with_the_typing_import_off_hunk_is_unjudged(
    catalogue, all_rule_ids
) -> None:  # type: ignore[no-untyped-def]
    hunk = [(30, "def f(x: Optional[int]) -> None:"), (31, "    pass")]
    result = analyse_python_hunks([hunk], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert only(result.findings, "LINT002") == []
    assert "LINT002" in result.unjudged


# --- LINT004 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("imports", "call", "replacement"),
    [
        ("from datetime import UTC, datetime", "datetime.utcnow()", "datetime.now(UTC)"),
        (
            "from datetime import datetime, timezone",
            "datetime.utcnow()",
            "datetime.now(timezone.utc)",
        ),
        ("import datetime as dt", "dt.datetime.utcnow()", "dt.datetime.now(dt.UTC)"),
        ("from datetime import datetime", "datetime.utcnow()", None),
    ],
)
def test_lint004_suggestion(imports, call, replacement, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = f"{imports}\nstamp = {call}\n"
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("LINT004", "info")
    assert spanned(code, finding) == call
    assert finding.message.startswith(f"`{call[:-2]}()` is deprecated since Python 3.12")
    if replacement is None:
        assert finding.suggestion is None
    else:
        assert finding.suggestion is not None
        assert finding.suggestion.replacement == f"stamp = {replacement}\n"


def test_lint004_diff_only_with_the_import_off_hunk(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunk = [(8, "    token.created_at = datetime.utcnow()")]
    result = analyse_python_hunks([hunk], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    [finding] = result.findings
    assert (finding.rule_id, finding.line, finding.column) == ("LINT004", 8, 24)
    assert finding.suggestion is None  # whether `UTC` is importable is not visible


# --- PYD009 ---------------------------------------------------------------------------------


def test_pyd009_span_and_suggestion(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from enum import Enum, StrEnum

        class OrderStatus(str, Enum):
            PAID = "paid"
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("PYD009", "info")
    assert spanned(code, finding) == "class OrderStatus"
    assert finding.message.startswith("`class OrderStatus(str, Enum)`: use `enum.StrEnum`")
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == "class OrderStatus(StrEnum):\n"


def test_pyd009_no_suggestion_when_auto_changes_meaning(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from enum import Enum, StrEnum, auto

        class OrderStatus(str, Enum):
            PAID = auto()
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert finding.suggestion is None


def test_pyd009_diff_only_with_enum_import_off_hunk_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunk = [(5, "class Role(str, Enum):"), (6, '    ADMIN = "admin"')]
    result = analyse_python_hunks([hunk], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.findings == []
    assert "PYD009" in result.unjudged


# --- API006 ---------------------------------------------------------------------------------


def test_api006_one_finding_per_line(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from fastapi import FastAPI
        from fastapi.responses import ORJSONResponse, UJSONResponse

        app = FastAPI(default_response_class=ORJSONResponse)
        classes = (ORJSONResponse, UJSONResponse)
    """
    findings = analyse(code, catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in findings] == [("API006", 3), ("API006", 5), ("API006", 6)]
    assert spanned(code, findings[0]) == "ORJSONResponse"
    assert findings[0].message.startswith("this line imports `ORJSONResponse`, deprecated")
    assert findings[1].message.startswith("this line uses `ORJSONResponse`, deprecated")
    assert {f.severity for f in findings} == {"info"}


def test_api006_diff_only_use_with_import_off_hunk_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunk = [(9, "app = FastAPI(default_response_class=ORJSONResponse)")]
    result = analyse_python_hunks([hunk], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.findings == []
    assert "API006" in result.unjudged

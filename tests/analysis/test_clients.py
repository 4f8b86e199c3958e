"""TEST002: `httpx.AsyncClient(app=...)` / `httpx.Client(app=...)`."""

from __future__ import annotations

import textwrap

import pytest

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts

PATH = "tests/conftest.py"


def analyse(code: str, catalogue: Catalogue, rule_ids: frozenset[str]) -> list[Finding]:
    source = textwrap.dedent(code)
    result = analyse_python(source, PATH, catalogue, rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None
    return result.findings


def test_span_severity_and_message(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = "import httpx\nfrom src.main import app\nclient = httpx.AsyncClient(app=app)\n"
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("TEST002", "error")
    assert (finding.line, finding.column, finding.end_column) == (3, 28, 35)
    assert finding.message == (
        "`httpx.AsyncClient(app=...)` raises TypeError on httpx 0.28+, which removed `app=`: "
        "pass `transport=ASGITransport(app=...)`"
    )


@pytest.mark.parametrize(
    ("imports", "call", "replacement"),
    [
        (
            "from httpx import ASGITransport, AsyncClient",
            'AsyncClient(app=app, base_url="http://test")',
            'client = AsyncClient(transport=ASGITransport(app=app), base_url="http://test")\n',
        ),
        (
            "import httpx as hx",
            "hx.AsyncClient(app=app)",
            "client = hx.AsyncClient(transport=hx.ASGITransport(app=app))\n",
        ),
        ("from httpx import AsyncClient", "AsyncClient(app=app)", None),
        (
            "from httpx import ASGITransport, AsyncClient",
            "AsyncClient(app=app, transport=ASGITransport(app=app))",
            None,
        ),
        ("from httpx import ASGITransport, Client", "Client(app=app)", None),
    ],
)
def test_suggestion_wraps_the_app_in_a_transport(
    imports, call, replacement, catalogue, all_rule_ids
) -> None:  # type: ignore[no-untyped-def]
    code = f"{imports}\nfrom src.main import app\nclient = {call}\n"
    [finding] = analyse(code, catalogue, all_rule_ids)
    if replacement is None:
        assert finding.suggestion is None
    else:
        assert finding.suggestion is not None
        assert (finding.suggestion.start_line, finding.suggestion.end_line) == (3, 3)
        assert finding.suggestion.replacement == replacement


def test_other_clients_taking_app_are_silent(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from asgi_lifespan import LifespanManager
        from fastapi.testclient import TestClient
        from src.main import app

        client = TestClient(app=app)
        manager = LifespanManager(app=app)
    """
    assert analyse(code, catalogue, all_rule_ids) == []


def test_diff_only_with_the_import_off_hunk_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunk = [(12, "    async with AsyncClient(app=app) as client:"), (13, "        yield client")]
    result = analyse_python_hunks([hunk], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.findings == []
    assert "TEST002" in result.unjudged

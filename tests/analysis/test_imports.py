"""SEC001, TEST001, DB001 (imports of replaced libraries) and STRUCT002 (cross-domain imports)."""

from __future__ import annotations

import textwrap

import pytest

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.analysis.imports import file_domain, is_test_path
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts


def analyse(
    code: str,
    catalogue: Catalogue,
    rule_ids: frozenset[str],
    path: str = "app/main.py",
    facts: RepoFacts | None = None,
) -> list[Finding]:
    source = textwrap.dedent(code)
    result = analyse_python(source, path, catalogue, rule_ids, repo_facts=facts or RepoFacts())
    assert result.parse_error is None
    return result.findings


def spanned(code: str, finding: Finding) -> str:
    line = textwrap.dedent(code).splitlines()[finding.line - 1]
    return line[finding.column - 1 : finding.end_column - 1]


# --- listed modules -----------------------------------------------------------------------


def test_listed_module_span_severity_and_message(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = "from async_asgi_testclient import TestClient\nimport databases as db\n"
    first, second = analyse(code, catalogue, all_rule_ids)
    assert (first.rule_id, first.severity) == ("TEST001", "error")
    assert spanned(code, first) == "async_asgi_testclient"
    assert first.message.startswith(
        "`from async_asgi_testclient import TestClient` imports `async_asgi_testclient`; "
    )
    assert (second.rule_id, second.severity) == ("DB001", "warning")
    assert spanned(code, second) == "databases as db"


def test_first_party_databases_package_is_not_encode_databases(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = "import databases\nfrom databases.session import get_db\n"
    local = RepoFacts(first_party=frozenset({"databases"}))
    assert analyse(code, catalogue, all_rule_ids, facts=local) == []
    assert len(analyse(code, catalogue, all_rule_ids)) == 2


@pytest.mark.parametrize(
    ("line", "replacement"),
    [
        ("from jose import jwt", "import jwt\n"),
        ("from jose import jwt as token_lib", "import jwt as token_lib\n"),
        (
            "from jose.exceptions import ExpiredSignatureError",
            "from jwt import ExpiredSignatureError\n",
        ),
        ("from jose import JWTError, jwt", None),
        ("from jose import JWTError", None),
        ("import jose", None),
    ],
)
def test_sec001_rewrites_only_unambiguous_imports(
    line, replacement, catalogue, all_rule_ids
) -> None:  # type: ignore[no-untyped-def]
    [finding] = analyse(line + "\n", catalogue, all_rule_ids)
    assert finding.rule_id == "SEC001"
    if replacement is None:
        assert finding.suggestion is None
    else:
        assert finding.suggestion is not None
        assert (finding.suggestion.start_line, finding.suggestion.replacement) == (1, replacement)


def test_listed_imports_are_judged_from_hunks(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunk = [(7, "    from jose import jwt"), (8, "    return jwt")]
    result = analyse_python_hunks(
        [hunk], "app/auth.py", catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    [finding] = result.findings
    assert (finding.rule_id, finding.line, finding.column) == ("SEC001", 7, 10)
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == "    import jwt\n"


# --- STRUCT002 --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "domain"),
    [
        ("src/posts/service.py", "posts"),
        ("src/posts/api/v1/router.py", "posts"),
        ("backend/src/auth/models.py", "auth"),
        ("src/main.py", None),
        ("app/posts/service.py", None),
        ("src.py", None),
    ],
)
def test_file_domain(path, domain) -> None:  # type: ignore[no-untyped-def]
    assert file_domain(path, "src") == domain


def test_is_test_path() -> None:
    assert is_test_path("tests/posts/test_service.py")
    assert is_test_path("src/posts/test_service.py")
    assert is_test_path("conftest.py")
    assert not is_test_path("src/posts/service.py")
    assert not is_test_path("src/contest/router.py")


def test_struct002_severities_and_messages(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from src.auth import *
        from src.auth.service.tokens import issue
    """
    star, deep = analyse(code, catalogue, all_rule_ids, path="src/posts/service.py")
    assert (star.rule_id, star.severity) == ("STRUCT002", "warning")
    assert spanned(code, star) == "from src.auth import *"
    assert "`from src.auth import service as auth_service`" in star.message
    assert (deep.rule_id, deep.severity) == ("STRUCT002", "info")
    assert spanned(code, deep) == "src.auth.service.tokens"
    assert "past its module `src.auth.service`" in deep.message


def test_struct002_own_domain_and_relative_imports(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from src.posts.models.post import Post
        from .models.post import Post as Same
        from ..auth.service.tokens import issue
        from ... import anything
    """
    [finding] = analyse(code, catalogue, all_rule_ids, path="src/posts/service.py")
    assert (finding.line, finding.severity) == (4, "info")
    assert "`src.auth.service.tokens`" in finding.message

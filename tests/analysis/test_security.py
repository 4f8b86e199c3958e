"""SEC002 and SEC003: severities, spans, messages and the diff-only behaviour."""

from __future__ import annotations

import textwrap

import pytest

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts

CORS = """
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    app = FastAPI()
"""


def analyse(
    code: str, catalogue: Catalogue, rule_ids: frozenset[str], path: str = "app/main.py"
) -> list[Finding]:
    source = textwrap.dedent(code)
    result = analyse_python(source, path, catalogue, rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None
    return result.findings


def spanned(code: str, finding: Finding) -> str:
    line = textwrap.dedent(code).splitlines()[finding.line - 1]
    return line[finding.column - 1 : finding.end_column - 1]


# --- SEC002 -------------------------------------------------------------------------------


def test_sec002_wildcard_is_a_warning_at_the_keyword(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = (
        CORS + '    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"])\n'
    )
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("SEC002", "warning")
    assert spanned(code, finding) == 'allow_origins=["*"]'
    assert finding.message.startswith(
        '`CORSMiddleware` allows every origin (`allow_origins` contains "*")'
    )


def test_sec002_with_credentials_is_an_error(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = CORS + (
        '    ORIGINS = ("https://shop.example.com", "*")\n'
        "    app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_credentials=True)\n"
    )
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert finding.severity == "error"
    assert "`allow_origins=ORIGINS` contains" in finding.message
    assert "`allow_credentials=True`" in finding.message


def test_sec002_credentials_from_settings_stay_a_warning(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = CORS + (
        "    from src.config import settings\n"
        '    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=settings.cookies)\n'
    )
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert finding.severity == "warning"


def test_sec002_development_branches_and_tests_drop_to_info(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    guarded = CORS + (
        "    from src.config import settings\n"
        '    if settings.environment == "local":\n'
        '        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)\n'
    )
    assert [f.severity for f in analyse(guarded, catalogue, all_rule_ids)] == ["info"]
    plain = CORS + '    app.add_middleware(CORSMiddleware, allow_origins=["*"])\n'
    in_tests = analyse(plain, catalogue, all_rule_ids, path="tests/conftest.py")
    assert [f.severity for f in in_tests] == ["info"]


@pytest.mark.parametrize(
    "condition", ["settings.enable_cors", 'settings.environment == "production"']
)
def test_sec002_other_conditions_keep_the_severity(condition, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = CORS + (
        "    from src.config import settings\n"
        f"    if {condition}:\n"
        '        app.add_middleware(CORSMiddleware, allow_origins=["*"])\n'
    )
    assert [f.severity for f in analyse(code, catalogue, all_rule_ids)] == ["warning"]


def test_sec002_origin_regex(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = CORS + (
        '    app.add_middleware(CORSMiddleware, allow_origin_regex="^.*$")\n'
        '    app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://[a-z]+\\.shop\\.example\\.com")\n'
        '    app.add_middleware(CORSMiddleware, allow_origin_regex="[")\n'
    )
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.line, finding.severity) == (6, "warning")
    assert spanned(code, finding) == 'allow_origin_regex="^.*$"'


def test_sec002_diff_only_with_the_import_off_hunk_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunk = [(20, 'app.add_middleware(CORSMiddleware, allow_origins=["*"])')]
    result = analyse_python_hunks(
        [hunk], "app/main.py", catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert result.findings == []
    assert "SEC002" in result.unjudged


def test_sec002_diff_only_with_the_import_in_another_hunk(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    imports = [(2, "from fastapi.middleware.cors import CORSMiddleware")]
    setup = [(20, 'app.add_middleware(CORSMiddleware, allow_origins=["*"])')]
    result = analyse_python_hunks(
        [imports, setup], "app/main.py", catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    [finding] = result.findings
    assert (finding.rule_id, finding.line, finding.column) == ("SEC002", 20, 36)


# --- SEC003 -------------------------------------------------------------------------------


def test_sec003_literal_key_never_echoes_the_secret(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import jwt

        def issue(claims: dict) -> str:
            return jwt.encode(claims, "s3cr3t-value", algorithm="HS256")
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("SEC003", "error")
    assert spanned(code, finding) == '"s3cr3t-value"'
    assert "s3cr3t" not in finding.message
    assert finding.message.startswith("the key of `jwt.encode(...)` is a string literal")


def test_sec003_constant_key_names_the_constant(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import jwt

        SECRET_KEY = "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"

        def read(token: str) -> dict:
            return jwt.decode(token, key=SECRET_KEY, algorithms=["HS256"])
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert spanned(code, finding) == "key=SECRET_KEY"
    assert "`SECRET_KEY`, bound to a string literal" in finding.message
    assert "09d25e" not in finding.message


def test_sec003_disabled_verification_is_one_finding(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import jwt

        def peek(token: str) -> dict:
            return jwt.decode(token, "", options={"verify_signature": False})
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert spanned(code, finding) == 'options={"verify_signature": False}'
    assert "accepts any token" in finding.message


def test_sec003_missing_algorithms_points_at_the_function(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import jwt as pyjwt
        from src.config import settings

        def read(token: str) -> dict:
            return pyjwt.decode(token, settings.secret)
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert spanned(code, finding) == "pyjwt.decode"
    assert finding.message.startswith("`pyjwt.decode(...)` without `algorithms=`")


def test_sec003_ignores_other_jwt_libraries_and_public_keys(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import jwt
        from authlib.jose import jwt as authlib_jwt

        PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\\nMIIB\\n-----END PUBLIC KEY-----"

        def read(token: str) -> dict:
            authlib_jwt.decode(token, "secret")
            return jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])
    """
    assert analyse(code, catalogue, all_rule_ids) == []

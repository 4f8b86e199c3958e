"""PYD003-PYD005 with models that another changed file defines (`RepoFacts.pydantic_models`)."""

from __future__ import annotations

import textwrap

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts

PATH = "app/users/router.py"
FACTS = RepoFacts(
    pydantic_models=frozenset(
        {"app.users.schemas.UserUpdate", "app.users.schemas.Custom", "app.config.Settings"}
    ),
    pydantic_settings_models=frozenset({"app.config.Settings"}),
    pydantic_model_methods=frozenset({"app.users.schemas.Custom.dict"}),
)


def analyse(
    code: str, catalogue: Catalogue, rule_ids: frozenset[str], facts: RepoFacts = FACTS
) -> list[Finding]:
    result = analyse_python(textwrap.dedent(code), PATH, catalogue, rule_ids, repo_facts=facts)
    assert result.parse_error is None
    return result.findings


def pyd004_lines(findings: list[Finding]) -> list[int]:
    return [finding.line for finding in findings if finding.rule_id == "PYD004"]


ROUTE = """
    from app.users.schemas import UserUpdate

    async def update(payload: UserUpdate) -> dict:
        return payload.dict(exclude_unset=True)
"""


def test_an_imported_model_of_the_change_is_evidence(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    [finding] = analyse(ROUTE, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.line) == ("PYD004", 5)
    assert finding.message == (
        "`.dict()` on an instance of `UserUpdate` (a Pydantic v2 model) is the deprecated v1 "
        "API: use `.model_dump()`"
    )
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == ("    return payload.model_dump(exclude_unset=True)\n")


def test_without_the_fact_the_same_code_is_silent(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    assert analyse(ROUTE, catalogue, all_rule_ids, RepoFacts()) == []


def test_every_spelling_of_the_receiver(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import app.users.schemas
        from app.users import schemas as s
        from app.users.schemas import UserUpdate as Update

        def f(data: dict, raw: str, maybe: Update | None) -> None:
            Update(bio="x").json()
            Update.parse_obj(data)
            s.UserUpdate.parse_raw(raw)
            Update.model_validate(data).copy()
            app.users.schemas.UserUpdate.schema()
            maybe.dict()
            made = Update.model_construct()
            made.dict()
    """
    assert pyd004_lines(analyse(code, catalogue, all_rule_ids)) == [7, 8, 9, 10, 11, 12, 14]


def test_the_same_limits_as_for_a_model_of_the_file(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from app.users.schemas import Custom, UserUpdate
        from app.users.other import Unknown
        from app.users import schemas

        def f(custom: Custom, unknown: Unknown, request) -> None:
            UserUpdate.dict()            # `dict` needs an instance
            UserUpdate.model_dump_json().json()  # not a model instance
            schemas.dict()               # a module, not a model
            custom.dict()                # Custom defines `dict` itself
            unknown.dict()               # not a model the change defines
            request.GET.dict()
            custom.json()                # but Custom inherits `json`
    """
    assert pyd004_lines(analyse(code, catalogue, all_rule_ids)) == [13]


def test_relative_import_resolves_to_the_same_model(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from .schemas import UserUpdate

        def f(payload: UserUpdate) -> dict:
            return payload.dict()
    """
    assert pyd004_lines(analyse(code, catalogue, all_rule_ids)) == [5]


def test_a_local_subclass_of_a_changed_model(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from app.users.schemas import Custom, UserUpdate

        class AdminUpdate(UserUpdate):
            role: str

            class Config:
                orm_mode = True

        class CustomChild(Custom):
            pass

        def f(admin: AdminUpdate, child: CustomChild) -> None:
            admin.dict()
            child.dict()
    """
    findings = analyse(code, catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in findings] == [
        ("PYD005", 7),
        ("PYD005", 8),
        ("PYD004", 14),
    ]
    assert "`model_config = ConfigDict(...)`" in findings[0].message
    # Whether the parent, in another file, sets `model_config` is not known: no rewrite.
    assert findings[0].suggestion is None


def test_a_local_subclass_of_changed_settings(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from app.config import Settings

        class AuthSettings(Settings):
            class Config:
                env_prefix = "AUTH_"
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert finding.rule_id == "PYD005"
    assert "`model_config = SettingsConfigDict(...)`" in finding.message


def test_diff_only_with_the_import_in_the_hunk(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    lines = list(enumerate(textwrap.dedent(ROUTE).splitlines(), start=10))
    result = analyse_python_hunks([lines], PATH, catalogue, all_rule_ids, repo_facts=FACTS)
    assert [(f.rule_id, f.line) for f in result.findings] == [("PYD004", 14)]

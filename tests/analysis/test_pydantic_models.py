"""PYD002-PYD006: messages, spans, severities, suggestions and the diff-only behaviour."""

from __future__ import annotations

import textwrap

import pytest

from agentreview.analysis import analyse_python, analyse_python_hunks
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts

PATH = "app/schemas.py"


def analyse(code: str, catalogue: Catalogue, rule_ids: frozenset[str]) -> list[Finding]:
    source = textwrap.dedent(code)
    result = analyse_python(source, PATH, catalogue, rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None
    return result.findings


def spanned(code: str, finding: Finding) -> str:
    """The source text a single-line finding covers."""
    line = textwrap.dedent(code).splitlines()[finding.line - 1]
    assert finding.line == finding.end_line
    return line[finding.column - 1 : finding.end_column - 1]


def hunk(code: str, first_line: int = 1) -> list[tuple[int, str]]:
    return list(enumerate(textwrap.dedent(code).splitlines(), start=first_line))


# --- PYD002 -------------------------------------------------------------------------------


def test_pyd002_names_the_field_type_and_constraints(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic import BaseModel, Field

        class PostCreate(BaseModel):
            slug: str = Field(None, max_length=64, pattern=r"^[a-z-]+$")
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity, finding.suggestion) == ("PYD002", "warning", None)
    assert spanned(code, finding) == 'Field(None, max_length=64, pattern=r"^[a-z-]+$")'
    assert "`slug: str`" in finding.message
    assert "`max_length`, `pattern`" in finding.message


def test_pyd002_follows_type_aliases_both_ways(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic import BaseModel, Field

        Nullable = int | None
        Plain = int

        class Query(BaseModel):
            a: Nullable = Field(None, ge=1)
            b: Plain = Field(None, ge=1)
    """
    assert [f.line for f in analyse(code, catalogue, all_rule_ids)] == [9]


def test_pyd002_diff_only_with_field_import_off_hunk_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        class Query(BaseModel):
            limit: int = Field(None, le=100)
    """
    result = analyse_python_hunks(
        [hunk(code, 10)], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert result.findings == []
    assert "PYD002" in result.unjudged


# --- PYD003 -------------------------------------------------------------------------------


def test_pyd003_points_at_the_keyword(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from decimal import Decimal
        from pydantic import BaseModel, ConfigDict

        class Order(BaseModel):
            model_config = ConfigDict(frozen=True, json_encoders={Decimal: float})
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("PYD003", "warning")
    assert spanned(code, finding) == "json_encoders={Decimal: float}"
    assert "`ConfigDict(...)`" in finding.message


def test_pyd003_in_class_config_is_reported_beside_pyd005(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from decimal import Decimal
        from pydantic import BaseModel

        class Order(BaseModel):
            class Config:
                json_encoders = {Decimal: float}
    """
    findings = analyse(code, catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in findings] == [("PYD005", 6), ("PYD003", 7)]
    assert spanned(code, findings[0]) == "class Config"
    assert "`Order`" in findings[1].message


# --- PYD004 -------------------------------------------------------------------------------

MODELS = """
    from pydantic import BaseModel

    class User(BaseModel):
        name: str

"""


def test_pyd004_span_message_and_suggestion(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = MODELS + "    def show(user: User) -> dict:\n        return user.dict(by_alias=True)\n"
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("PYD004", "warning")
    assert spanned(code, finding) == "dict(by_alias=True)"
    assert finding.message == (
        "`.dict()` on an instance of `User` (a Pydantic v2 model) is the deprecated v1 API: "
        "use `.model_dump()`"
    )
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == "    return user.model_dump(by_alias=True)\n"


def test_pyd004_suggestions_per_method(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    calls = {
        "User.parse_obj(data)": "User.model_validate(data)",
        "User.parse_raw(raw)": "User.model_validate_json(raw)",
        "User.from_orm(row)": "User.model_validate(row, from_attributes=True)",
        "User.schema()": "User.model_json_schema()",
        'User(name="a").json(indent=2)': 'User(name="a").model_dump_json(indent=2)',
        "User(name='a').copy(update={'name': 'b'})": "User(name='a').model_copy(update={'name': 'b'})",
    }
    for call, expected in calls.items():
        code = MODELS + f"    value = {call}\n"
        [finding] = analyse(code, catalogue, all_rule_ids)
        assert finding.suggestion is not None, call
        assert finding.suggestion.replacement == f"value = {expected}\n"


def test_pyd004_no_suggestion_when_the_arguments_do_not_carry_over(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    for call in (
        'User(name="a").json(sort_keys=True)',
        'User(name="a").copy(include={"name"})',
        'User.parse_raw(raw, content_type="json")',
        "User.from_orm(row, extra)",
    ):
        code = MODELS + f"    value = {call}\n"
        [finding] = analyse(code, catalogue, all_rule_ids)
        assert finding.rule_id == "PYD004"
        assert finding.suggestion is None, call


def test_pyd004_silent_without_evidence_of_a_v2_model(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic.v1 import BaseModel as V1
        from src.schemas import UserCreate

        class Old(V1):
            name: str

        class Custom:
            def dict(self) -> dict:
                return {}

        def f(old: Old, payload: UserCreate, custom: Custom, request) -> None:
            old.dict()
            payload.dict()
            custom.dict()
            request.GET.dict()
    """
    assert analyse(code, catalogue, all_rule_ids) == []


def test_pyd004_diff_only_with_the_model_off_hunk_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        async def create(payload: UserCreate) -> dict:
            return payload.dict()
    """
    result = analyse_python_hunks(
        [hunk(code, 30)], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert [f.rule_id for f in result.findings] == []
    assert "PYD004" in result.unjudged


def test_pyd004_diff_only_with_the_model_in_the_hunk(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = MODELS + "    def show(user: User) -> dict:\n        return user.dict()\n"
    result = analyse_python_hunks(
        [hunk(code, 40)], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    [finding] = result.findings
    assert (finding.rule_id, finding.line) == ("PYD004", 40 + 7)
    assert finding.suggestion is not None and finding.suggestion.start_line == 47


# --- PYD005 -------------------------------------------------------------------------------


def test_pyd005_class_config_rewrite_with_config_dict(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic import BaseModel, ConfigDict

        class UserRead(BaseModel):
            id: int

            class Config:
                orm_mode = True
                extra = "forbid"
    """
    findings = analyse(code, catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in findings] == [("PYD005", 7), ("PYD005", 8)]
    header, key = findings
    assert header.message == (
        "`class Config` in `UserRead` is Pydantic v1 configuration: use "
        "`model_config = ConfigDict(...)`"
    )
    assert header.suggestion is not None
    assert (header.suggestion.start_line, header.suggestion.end_line) == (7, 9)
    assert header.suggestion.replacement == (
        '    model_config = ConfigDict(from_attributes=True, extra="forbid")\n'
    )
    assert key.suggestion is not None
    assert key.suggestion.replacement == "        from_attributes = True\n"
    assert "use `from_attributes`" in key.message


def test_pyd005_class_config_rewrite_for_settings(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic_settings import BaseSettings, SettingsConfigDict

        class AuthSettings(BaseSettings):
            class Config:
                env_prefix = "AUTH_"
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert "`model_config = SettingsConfigDict(...)`" in finding.message
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == (
        '    model_config = SettingsConfigDict(env_prefix="AUTH_")\n'
    )


def test_pyd005_class_config_rewrite_falls_back_to_a_dict(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic import BaseModel

        class UserRead(BaseModel):
            class Config:
                frozen = True
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == '    model_config = {"frozen": True}\n'


NO_EXACT_REWRITE = {
    "a comment would be lost": """
        class UserRead(BaseModel):
            class Config:
                # keep the API stable
                frozen = True
    """,
    "a key removed in v2 has no mechanical meaning": """
        class UserRead(BaseModel):
            class Config:
                allow_mutation = False
    """,
    "a multi-line value": """
        class UserRead(BaseModel):
            class Config:
                schema_extra = {
                    "examples": [],
                }
    """,
    "model_config is already set": """
        class UserRead(BaseModel):
            model_config = ConfigDict(frozen=True)

            class Config:
                extra = "forbid"
    """,
}


@pytest.mark.parametrize("reason", list(NO_EXACT_REWRITE))
def test_pyd005_no_rewrite_when_it_cannot_be_exact(reason, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = "from pydantic import BaseModel, ConfigDict\n" + textwrap.dedent(
        NO_EXACT_REWRITE[reason]
    )
    findings = analyse(code, catalogue, all_rule_ids)
    header = next(f for f in findings if f.message.startswith("`class Config`"))
    assert header.suggestion is None


def test_pyd005_validators(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic import BaseModel, validator

        class UserCreate(BaseModel):
            name: str

            @validator("name")
            def lower(cls, value: str) -> str:
                return value.lower()
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert spanned(code, finding) == '@validator("name")'
    assert finding.message == (
        "`@validator` is a Pydantic v1 validator: use `@field_validator` on a `@classmethod`"
    )


def test_pyd005_diff_only_config_without_its_model_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        class Config:
            orm_mode = True
    """
    indented = [(number, "    " + text) for number, text in hunk(code, 12)]
    result = analyse_python_hunks([indented], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.findings == []
    assert "PYD005" in result.unjudged


# --- PYD006 -------------------------------------------------------------------------------


def test_pyd006_import_suggestion_only_for_a_single_name(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    single = "from pydantic import BaseSettings as Base\n"
    [finding] = analyse(single, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("PYD006", "error")
    assert spanned(single, finding) == "BaseSettings as Base"
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == "from pydantic_settings import BaseSettings as Base\n"
    several = "from pydantic import BaseSettings, Field\n"
    [finding] = analyse(several, catalogue, all_rule_ids)
    assert finding.suggestion is None


def test_pyd006_compatibility_shim_is_silent(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        try:
            from pydantic_settings import BaseSettings
        except ModuleNotFoundError:
            from pydantic import BaseSettings
    """
    assert analyse(code, catalogue, all_rule_ids) == []


def test_pyd006_regex_keyword(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import sqlmodel
        from pydantic import BaseModel, Field

        class Tag(BaseModel):
            slug: str = Field(max_length=9, regex="^[a-z]+$")
            code: str = sqlmodel.Field(regex="^[A-Z]+$")
    """
    pydantic_field, sqlmodel_field = analyse(code, catalogue, all_rule_ids)
    assert spanned(code, pydantic_field) == 'regex="^[a-z]+$"'
    assert pydantic_field.suggestion is not None
    assert pydantic_field.suggestion.replacement == (
        '    slug: str = Field(max_length=9, pattern="^[a-z]+$")\n'
    )
    assert "not enforced" in sqlmodel_field.message
    assert sqlmodel_field.suggestion is None


def test_pyd004_parameterised_base(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from pydantic import RootModel

        class Ids(RootModel[list[int]]):
            pass

        payload = Ids([1, 2]).json()
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.line) == ("PYD004", 7)


def test_diff_only_config_builder_and_regex_off_hunk_are_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        class Order(BaseModel):
            model_config = ConfigDict(json_encoders={Decimal: float}, orm_mode=True)
            code: str = Field(regex="^[A-Z]+$")
    """
    result = analyse_python_hunks(
        [hunk(code, 3)], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert result.findings == []
    assert {"PYD003", "PYD005", "PYD006"} <= set(result.unjudged)


def test_diff_only_renamed_key_added_to_a_class_off_hunk_is_unjudged(
    catalogue, all_rule_ids
) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python_hunks(
        [[(21, "        orm_mode = True")]], PATH, catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert result.findings == []
    assert "PYD005" in result.unjudged

"""Each fix on small whole files: the exact result, formatting and comments kept, imports
added once, and idempotence (fixing the result again changes nothing)."""

from __future__ import annotations

import pytest

from agentreview.review import ReviewContext
from tests.fixes.conftest import dedent, fix_text

# (before, after): `after` is None where no fix is mechanical (the file must not change).
CASES: dict[str, tuple[str, str | None]] = {
    "ASYNC002 sleep, asyncio imported once for two calls": (
        """
        import time


        async def wait() -> None:
            time.sleep(0.5)  # back off
            time.sleep( 2 )
        """,
        """
        import asyncio


        async def wait() -> None:
            await asyncio.sleep(0.5)  # back off
            await asyncio.sleep( 2 )
        """,
    ),
    "ASYNC002 with asyncio already imported and an imported sleep": (
        """
        import asyncio
        from time import sleep


        async def wait() -> None:
            sleep(1)
        """,
        """
        import asyncio


        async def wait() -> None:
            await asyncio.sleep(1)
        """,
    ),
    "ASYNC002 not a statement: no fix": (
        """
        import time


        async def wait() -> float:
            return time.sleep(1)
        """,
        None,
    ),
    "SEC001 jose import": (
        """
        from jose import jwt  # tokens


        def make(claims: dict, key: str) -> str:
            return jwt.encode(claims, key, algorithm="HS256")
        """,
        """
        import jwt  # tokens


        def make(claims: dict, key: str) -> str:
            return jwt.encode(claims, key, algorithm="HS256")
        """,
    ),
    "SEC001 jose-only name used: no fix": (
        """
        from jose import jwt


        def peek(token: str) -> dict:
            return jwt.get_unverified_claims(token)
        """,
        None,
    ),
    "SEC001 jose-only keyword used: no fix": (
        """
        from jose import jwt


        def make(claims: dict, key: str) -> str:
            return jwt.encode(claims=claims, key=key)
        """,
        None,
    ),
    "DEP001 Annotated imported in the standard-library section": (
        """
        from fastapi import Depends, FastAPI, Query

        app = FastAPI()


        @app.get("/items")
        async def items(
            user: User = Depends(get_user),  # who asks
            q: str | None = Query(None, max_length=50),
        ) -> list[str]:
            return []
        """,
        """
        from typing import Annotated

        from fastapi import Depends, FastAPI, Query

        app = FastAPI()


        @app.get("/items")
        async def items(
            user: Annotated[User, Depends(get_user)],  # who asks
            q: Annotated[str | None, Query(max_length=50)] = None,
        ) -> list[str]:
            return []
        """,
    ),
    "DEP001 joins an existing typing import": (
        """
        from typing import Any

        from fastapi import Depends


        async def route(db: Any = Depends(get_db, use_cache=False)) -> None:
            pass
        """,
        """
        from typing import Annotated, Any

        from fastapi import Depends


        async def route(db: Annotated[Any, Depends(get_db, use_cache=False)]) -> None:
            pass
        """,
    ),
    "DEP001 a required parameter may not follow a default: no fix": (
        """
        from typing import Annotated

        from fastapi import Depends


        async def route(page: int = 1, user: User = Depends(get_user)) -> None:
            pass
        """,
        None,
    ),
    "DEP001 and LINT002 on one line, fixed over two rounds": (
        """
        from typing import Optional

        from fastapi import Query


        async def route(q: Optional[str] = Query(None)) -> None:
            pass
        """,
        """
        from typing import Annotated

        from fastapi import Query


        async def route(q: Annotated[str | None, Query()] = None) -> None:
            pass
        """,
    ),
    "PYD005 class Config to model_config with ConfigDict imported": (
        """
        from pydantic import BaseModel


        class UserRead(BaseModel):
            id: int  # primary key

            class Config:
                orm_mode = True
                allow_population_by_field_name = True
        """,
        """
        from pydantic import BaseModel, ConfigDict


        class UserRead(BaseModel):
            id: int  # primary key

            model_config = ConfigDict(from_attributes=True, populate_by_name=True)
        """,
    ),
    "PYD005 settings Config to SettingsConfigDict": (
        """
        from pydantic_settings import BaseSettings


        class Settings(BaseSettings):
            class Config:
                env_prefix = "APP_"
        """,
        """
        from pydantic_settings import BaseSettings, SettingsConfigDict


        class Settings(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="APP_")
        """,
    ),
    "PYD005 a comment keeps class Config; its keys are renamed": (
        """
        from pydantic import BaseModel


        class UserRead(BaseModel):
            class Config:
                # the ORM hands us rows
                orm_mode = True
        """,
        """
        from pydantic import BaseModel


        class UserRead(BaseModel):
            class Config:
                # the ORM hands us rows
                from_attributes = True
        """,
    ),
    "PYD005 renamed keys in ConfigDict and a model_config dict": (
        """
        from pydantic import BaseModel, ConfigDict


        class A(BaseModel):
            model_config = ConfigDict(orm_mode=True, frozen=True)


        class B(BaseModel):
            model_config = {"schema_extra": {"examples": []}}
        """,
        """
        from pydantic import BaseModel, ConfigDict


        class A(BaseModel):
            model_config = ConfigDict(from_attributes=True, frozen=True)


        class B(BaseModel):
            model_config = {"json_schema_extra": {"examples": []}}
        """,
    ),
    "PYD005 validator to field_validator on a classmethod": (
        """
        from pydantic import BaseModel, validator


        class Signup(BaseModel):
            email: str

            @validator("email", pre=True, allow_reuse=True)
            def lower(cls, value):  # normalise
                return value.lower()
        """,
        """
        from pydantic import BaseModel, field_validator


        class Signup(BaseModel):
            email: str

            @field_validator("email", mode="before")
            @classmethod
            def lower(cls, value):  # normalise
                return value.lower()
        """,
    ),
    "PYD005 a validator reading other fields: no fix": (
        """
        from pydantic import BaseModel, validator


        class Signup(BaseModel):
            password: str
            repeat: str

            @validator("repeat")
            def same(cls, value, values):
                return value
        """,
        None,
    ),
    "PYD004 v1 methods on a v2 model": (
        """
        from pydantic import BaseModel


        class User(BaseModel):
            name: str


        def dump(user: User, payload: str, row: object) -> dict:
            data = user.dict(exclude_none=True)  # for the API
            parsed = User.parse_raw(payload)
            loaded = User.from_orm(row)
            return {"a": data, "b": parsed.json(), "c": loaded.copy()}
        """,
        """
        from pydantic import BaseModel


        class User(BaseModel):
            name: str


        def dump(user: User, payload: str, row: object) -> dict:
            data = user.model_dump(exclude_none=True)  # for the API
            parsed = User.model_validate_json(payload)
            loaded = User.model_validate(row, from_attributes=True)
            return {"a": data, "b": parsed.model_dump_json(), "c": loaded.model_copy()}
        """,
    ),
    "PYD006 BaseSettings leaves a multi-name import; regex becomes pattern": (
        """
        from pydantic import BaseModel, BaseSettings, Field


        class Settings(BaseSettings):
            code: str = Field(regex=r"^[A-Z]+$")  # upper case only
        """,
        """
        from pydantic import BaseModel, Field
        from pydantic_settings import BaseSettings


        class Settings(BaseSettings):
            code: str = Field(pattern=r"^[A-Z]+$")  # upper case only
        """,
    ),
    "PYD006 a one-name import is rewritten in place": (
        """
        from pydantic import BaseSettings as Base


        class Settings(Base):
            debug: bool = False
        """,
        """
        from pydantic_settings import BaseSettings as Base


        class Settings(Base):
            debug: bool = False
        """,
    ),
    "PYD006 pydantic.BaseSettings gets the pydantic_settings module": (
        """
        import pydantic


        class Settings(pydantic.BaseSettings):
            debug: bool = False
        """,
        """
        import pydantic_settings


        class Settings(pydantic_settings.BaseSettings):
            debug: bool = False
        """,
    ),
    "TEST002 ASGITransport joins the httpx import": (
        """
        from httpx import AsyncClient

        from app.main import app


        async def client():
            async with AsyncClient(app=app, base_url="http://test") as c:  # test client
                yield c
        """,
        """
        from httpx import ASGITransport, AsyncClient

        from app.main import app


        async def client():
            async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as c:  # test client
                yield c
        """,
    ),
    "TEST002 through the httpx module": (
        """
        import httpx


        def make(app):
            return httpx.AsyncClient(app=app)
        """,
        """
        import httpx


        def make(app):
            return httpx.AsyncClient(transport=httpx.ASGITransport(app=app))
        """,
    ),
    "LINT002 every alias on the line": (
        """
        from typing import Dict, List, Optional, Union


        def f(a: Optional[int], b: Union[int, str] = 0) -> Dict[str, List[int]]:  # typed
            return {}
        """,
        """
        def f(a: int | None, b: int | str = 0) -> dict[str, list[int]]:  # typed
            return {}
        """,
    ),
    "LINT002 a string operand cannot take part in |: no fix": (
        """
        from typing import Optional


        def f(a: Optional["Model"]) -> None:
            pass
        """,
        None,
    ),
    "LINT004 UTC imported": (
        """
        from datetime import datetime


        def stamp() -> datetime:
            return datetime.utcnow()  # now
        """,
        """
        from datetime import UTC, datetime


        def stamp() -> datetime:
            return datetime.now(UTC)  # now
        """,
    ),
    "LINT004 through the datetime module": (
        """
        import datetime

        STARTED = datetime.datetime.utcnow()
        """,
        """
        import datetime

        STARTED = datetime.datetime.now(datetime.UTC)
        """,
    ),
    "PYD009 StrEnum imported": (
        """
        from enum import Enum


        class Status(str, Enum):  # wire values
            ACTIVE = "active"
        """,
        """
        from enum import StrEnum


        class Status(StrEnum):  # wire values
            ACTIVE = "active"
        """,
    ),
    "PYD009 auto() would change the values: no fix": (
        """
        from enum import Enum, auto


        class Status(str, Enum):
            ACTIVE = auto()
        """,
        None,
    ),
    "API004 the call's arguments move into add_task": (
        """
        from fastapi import BackgroundTasks, FastAPI

        app = FastAPI()


        @app.post("/signup")
        async def signup(tasks: BackgroundTasks) -> None:
            tasks.add_task(send_welcome(user_id=1))  # after the response
            tasks.add_task(refresh())
        """,
        """
        from fastapi import BackgroundTasks, FastAPI

        app = FastAPI()


        @app.post("/signup")
        async def signup(tasks: BackgroundTasks) -> None:
            tasks.add_task(send_welcome, user_id=1)  # after the response
            tasks.add_task(refresh)
        """,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_fix(name: str, context: ReviewContext) -> None:
    before, after = (None if code is None else dedent(code) for code in CASES[name])
    assert before is not None
    result = fix_text(before, context)
    assert result.after == (before if after is None else after)
    assert bool(result.fixed) == (after is not None)


@pytest.mark.parametrize("name", [name for name, (_, after) in CASES.items() if after])
def test_fixing_twice_changes_nothing(name: str, context: ReviewContext) -> None:
    once = fix_text(dedent(CASES[name][0]), context).after
    twice = fix_text(once, context)
    assert twice.after == once
    assert twice.fixed == []


@pytest.mark.parametrize("name", [name for name, (_, after) in CASES.items() if after])
def test_a_fix_removes_its_findings(name: str, context: ReviewContext) -> None:
    """The fixed findings are gone when the result is reviewed again, and none is new."""
    before = dedent(CASES[name][0])
    result = fix_text(before, context)
    remaining = _finding_keys(result.after, context)
    original = _finding_keys(before, context)
    fixed = {(finding.rule_id, finding.message) for finding in result.fixed}
    assert not fixed & remaining
    assert remaining <= original


def _finding_keys(text: str, context: ReviewContext) -> set[tuple[str, str]]:
    from agentreview.analysis import analyse_python

    rule_ids = context.selection.rules_for("app/main.py")
    result = analyse_python(
        text, "app/main.py", context.catalogue, rule_ids, repo_facts=context.facts
    )
    assert result.parse_error is None
    return {(finding.rule_id, finding.message) for finding in result.findings}


def test_the_v2_config_keys_are_pydantics_own() -> None:
    from pydantic import ConfigDict

    from agentreview.fixes.codemods.pydantic_config import RENAMED_CONFIG_KEYS, V2_CONFIG_KEYS

    known = ConfigDict.__optional_keys__ | ConfigDict.__required_keys__
    assert known >= V2_CONFIG_KEYS, sorted(V2_CONFIG_KEYS - known)
    assert set(RENAMED_CONFIG_KEYS.values()) <= V2_CONFIG_KEYS
    assert not set(RENAMED_CONFIG_KEYS) & V2_CONFIG_KEYS

# PYD002: a constraint next to default=None on a type that does not admit None.
import dataclasses
from typing import Annotated, Any, Optional, Union

import pydantic
import sqlmodel
from pydantic import BaseModel, Field
from pydantic import Field as F
from pydantic.v1 import Field as V1Field

MaybeInt = int | None
Count = int


class Signup(BaseModel):
    age: int = Field(ge=18, default=None)  # expect: PYD002
    slug: str = Field(None, max_length=64)  # expect: PYD002
    score: float = F(None, gt=0)  # expect: PYD002
    name: str = pydantic.Field(default=None, min_length=1)  # expect: PYD002
    tags: list[str] = Field(None, max_length=5)  # expect: PYD002
    count: Count = Field(None, ge=0)  # expect: PYD002
    limit: Annotated[int, "doc"] = Field(None, le=100)  # expect: PYD002
    code: str = Field(  # expect: PYD002
        default=None,  # ok: PYD002 (reported where the call starts)
        pattern=r"^[A-Z]+$",
    )  # ok: PYD002
    nickname: str | None = Field(None, max_length=32)  # ok: PYD002
    bio: Optional[str] = Field(default=None, max_length=500)  # ok: PYD002
    rank: Union[int, None] = Field(None, ge=1)  # ok: PYD002
    extra: Any = Field(None, max_length=3)  # ok: PYD002
    level: MaybeInt = Field(None, ge=1)  # ok: PYD002
    weight: None | float = Field(None, gt=0)  # ok: PYD002
    boxed: Annotated[int | None, "doc"] = Field(None, ge=0)  # ok: PYD002
    note: str = Field(None)  # ok: PYD002
    city: str = Field(default="x", min_length=1)  # ok: PYD002
    later: "Later" = Field(None, ge=1)  # ok: PYD002
    legacy: int = V1Field(None, ge=1)  # ok: PYD002


class Product(sqlmodel.SQLModel):
    stock: int = sqlmodel.Field(default=None, ge=0)  # expect: PYD002
    id: int | None = sqlmodel.Field(default=None, primary_key=True)  # ok: PYD002


@dataclasses.dataclass
class NotPydantic:
    age: int = dataclasses.field(default=None)  # ok: PYD002


class Later(BaseModel):
    value: int

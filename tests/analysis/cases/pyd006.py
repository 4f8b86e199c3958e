# PYD006: names removed in Pydantic v2.
import pydantic
import sqlmodel
from pydantic import BaseModel, Field, constr
from pydantic import BaseSettings  # expect: PYD006
from pydantic import BaseSettings as Settings, Field as PField  # expect: PYD006
from pydantic.v1 import BaseSettings as V1Settings  # ok: PYD006
from pydantic_settings import BaseSettings as NewSettings  # ok: PYD006

try:
    from pydantic_settings import BaseSettings as Compat  # ok: PYD006
except ImportError:
    from pydantic import BaseSettings as Compat  # ok: PYD006


class AppSettings(pydantic.BaseSettings):  # expect: PYD006
    url: str


class Form(BaseModel):
    code: str = Field(regex=r"^[A-Z]+$")  # expect: PYD006
    zip: constr(regex=r"^\d{5}$")  # expect: PYD006
    tag: str = sqlmodel.Field(max_length=5, regex=r"^[a-z]+$")  # expect: PYD006
    slug: str = Field(pattern=r"^[a-z-]+$")  # ok: PYD006
    other: str = PField(
        min_length=1,
        regex=r"^x",  # expect: PYD006
    )


def search(regex: str) -> None:
    pass


search(regex=r"x")  # ok: PYD006

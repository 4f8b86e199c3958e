# PYD005: v1 validators, `class Config` in v2 models and renamed config keys.
import pydantic
from pydantic import BaseModel, ConfigDict, root_validator, validator
from pydantic.v1 import BaseModel as V1BaseModel
from pydantic.v1 import validator as v1_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class User(BaseModel):
    name: str

    @validator("name")  # expect: PYD005
    def lower(cls, value: str) -> str:
        return value.lower()

    @pydantic.root_validator(pre=True)  # expect: PYD005
    def check(cls, values):
        return values

    @root_validator  # expect: PYD005
    def bare(cls, values):
        return values

    class Config:  # expect: PYD005
        orm_mode = True  # expect: PYD005
        allow_population_by_field_name = True  # expect: PYD005
        extra = "forbid"  # ok: PYD005


class Settings(BaseSettings):
    class Config:  # expect: PYD005
        env_prefix = "APP_"


class Read(BaseModel):
    model_config = ConfigDict(orm_mode=True)  # expect: PYD005


class Read2(BaseModel):
    model_config = {"schema_extra": {"examples": []}}  # expect: PYD005


class SettingsNew(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="X_", orm_mode=True)  # expect: PYD005


class Modern(BaseModel):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)  # ok: PYD005


class OldModel(V1BaseModel):
    name: str

    @v1_validator("name")  # ok: PYD005
    def lower(cls, value: str) -> str:
        return value

    class Config:  # ok: PYD005
        orm_mode = True  # ok: PYD005


class Plain:
    class Config:  # ok: PYD005
        orm_mode = True  # ok: PYD005


def validator_like(func):
    return func


@validator_like  # ok: PYD005
def something():
    pass


legacy_options = {"orm_mode": True}  # ok: PYD005

# PYD003: json_encoders in v2 config; PYD005 for the v1 `class Config` around it.
import json
from decimal import Decimal

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, ConfigDict
from pydantic.v1 import BaseModel as V1Model
from pydantic_settings import BaseSettings, SettingsConfigDict


class Order(BaseModel):
    model_config = ConfigDict(json_encoders={Decimal: float})  # expect: PYD003


class Post(BaseModel):
    model_config = {"json_encoders": {Decimal: str}}  # expect: PYD003


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", json_encoders={Decimal: str})  # expect: PYD003


class Multi(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        json_encoders={Decimal: float},  # expect: PYD003
    )


class Legacy(BaseModel):
    id: int

    class Config:  # expect: PYD005
        json_encoders = {Decimal: float}  # expect: PYD003


class Base(BaseModel):
    pass


class Child(Base):
    class Config:  # expect: PYD005
        json_encoders = {Decimal: float}  # expect: PYD003


class OldStyle(V1Model):
    class Config:  # ok: PYD005
        json_encoders = {Decimal: float}  # ok: PYD003


class OldStyleDict(V1Model):
    model_config = {"json_encoders": {}}  # ok: PYD003


class NotAModel:
    class Config:  # ok: PYD005
        json_encoders = {Decimal: float}  # ok: PYD003


class Encoder(json.JSONEncoder):
    json_encoders = {Decimal: float}  # ok: PYD003


SETTINGS = {"json_encoders": {}}  # ok: PYD003
payload = jsonable_encoder(Order(), custom_encoder={Decimal: float})  # ok: PYD003
options = dict(json_encoders={Decimal: float})  # ok: PYD003

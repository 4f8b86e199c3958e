# MetaData without a naming convention.
import sqlalchemy as sa
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

CONVENTION = {"pk": "%(table_name)s_pkey"}

metadata = MetaData()  # expect: DB003
other = sa.MetaData(schema="app")  # expect: DB003
named = MetaData(naming_convention=CONVENTION)  # ok: DB003
options = {"naming_convention": CONVENTION}
spread = MetaData(**options)  # ok: DB003


class Base(DeclarativeBase):
    metadata = MetaData()  # expect: DB003


class Named(DeclarativeBase):
    metadata = MetaData(naming_convention=CONVENTION)  # ok: DB003

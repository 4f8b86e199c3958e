# Module-level sessions.
from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, sessionmaker

engine = create_engine("sqlite://")
SessionLocal = sessionmaker(bind=engine)  # ok: DB002
async_engine = create_async_engine("sqlite+aiosqlite://")
factory = async_sessionmaker(async_engine)  # ok: DB002

db = SessionLocal()  # expect: DB002
session = Session(engine)  # expect: DB002
async_session: AsyncSession = factory()  # expect: DB002


def get_db():
    local = SessionLocal()  # ok: DB002
    try:
        yield local
    finally:
        local.close()


class Repository:
    shared = Session(engine)  # ok: DB002

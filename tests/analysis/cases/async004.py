# Sync DB drivers and sync ORM sessions on the event loop.
import sqlite3
from typing import Annotated

import psycopg2
import sqlalchemy
from fastapi import Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.database import get_async_session, get_db

app = FastAPI()
SessionDep = Annotated[Session, Depends(get_db)]


async def connect() -> None:
    psycopg2.connect("dbname=app")  # expect: ASYNC004
    sqlite3.connect("app.db")  # expect: ASYNC004
    sqlalchemy.create_engine("sqlite://")  # expect: ASYNC004


@app.post("/logout")
async def logout(db: Session = Depends(get_db)) -> None:  # ok: ASYNC004
    db.query(object).first()  # expect: ASYNC004
    db.commit()  # expect: ASYNC004


@app.get("/chat")
async def chat(db: SessionDep) -> None:  # expect: ASYNC004
    await assistant_chat(db=db)


@app.get("/async")
async def uses_async_session(db: Annotated[AsyncSession, Depends(get_async_session)]) -> None:  # ok: ASYNC004
    db.add(object())  # ok: ASYNC004
    await db.commit()  # ok: ASYNC004


@app.get("/sync")
def sync_route(db: Session = Depends(get_db)) -> None:  # ok: ASYNC004
    db.query(object).all()  # ok: ASYNC004


async def with_block(engine: object) -> None:
    with Session(engine) as session:
        session.execute("select 1")  # expect: ASYNC004


async def assistant_chat(db: object) -> None:
    pass

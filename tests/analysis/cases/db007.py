# create_all at application startup.
from contextlib import asynccontextmanager

from fastapi import FastAPI
from sqlmodel import SQLModel

from app.database import Base, engine, metadata


@asynccontextmanager
async def lifespan(app: FastAPI):
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)  # expect: DB007
    yield


async def on_start() -> None:
    SQLModel.metadata.create_all(engine)  # expect: DB007


app = FastAPI(lifespan=lifespan, on_startup=[on_start])


@app.on_event("startup")
def legacy_startup() -> None:
    metadata.create_all(engine)  # expect: DB007


def create_tables_script() -> None:
    Base.metadata.create_all(engine)  # ok: DB007


async def other_startup(cache: object) -> None:
    cache.create_all()  # ok: DB007

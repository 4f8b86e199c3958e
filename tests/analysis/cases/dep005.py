# Resources from yield dependencies handed to background tasks.
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import BackgroundTasks, Depends, FastAPI
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from app.database import SessionFactory, SessionLocal, get_imported_session

app = FastAPI()


async def get_db() -> AsyncIterator[AsyncSession]:
    async with SessionFactory() as session:
        yield session


def get_sync_db() -> Iterator[Session]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def get_settings() -> dict[str, str]:
    return {}


DbSession = Annotated[AsyncSession, Depends(get_db)]


async def audit(*args: object, **kwargs: object) -> None: ...


@app.post("/orders/{order_id}")
async def cancel(
    order_id: int,
    db: DbSession,
    sync_db: Session = Depends(get_sync_db),
    imported: Annotated[AsyncSession, Depends(get_imported_session)] = None,
    settings: Annotated[dict[str, str], Depends(get_settings)] = None,
    tasks: BackgroundTasks = None,
) -> None:
    tasks.add_task(audit, db, order_id)  # expect: DEP005
    tasks.add_task(audit, session=sync_db)  # expect: DEP005
    tasks.add_task(audit, imported)  # expect: DEP005
    tasks.add_task(audit, settings)  # ok: DEP005
    tasks.add_task(audit, order_id)  # ok: DEP005

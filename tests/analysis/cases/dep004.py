# Sync dependencies that do no blocking work.
from datetime import UTC, datetime
from functools import lru_cache
from typing import Annotated

import jwt
import requests
from fastapi import Depends, FastAPI, Header, HTTPException, Query
from sqlalchemy.orm import Session

from app.database import SessionLocal, get_db
from app.users import crud

app = FastAPI()


def pagination(page: int = 1, size: int = 20) -> dict[str, int]:  # expect: DEP004
    return {"offset": (page - 1) * size, "limit": min(size, 100)}


def tenant(x_tenant: Annotated[str, Header()]) -> str:  # expect: DEP004
    if not x_tenant.isalnum():
        raise HTTPException(status_code=400, detail="bad tenant")
    return x_tenant.lower()


def decoded_token(token: Annotated[str, Header()]) -> dict[str, object]:  # expect: DEP004
    claims = jwt.decode(token, "key-from-settings", algorithms=["HS256"])
    if claims.get("exp", 0) < datetime.now(UTC).timestamp():
        raise HTTPException(status_code=401, detail="expired")
    return claims


def remote_check(token: str) -> None:  # ok: DEP004
    requests.post("https://auth.example.com", data={"token": token}, timeout=5)


def current_user(db: Annotated[Session, Depends(get_db)]) -> object:  # ok: DEP004
    return db.query(object).first()


def user_via_crud(db=Depends(get_db)) -> object:  # ok: DEP004
    return crud.get_user(db, 1)


def session_generator():  # ok: DEP004
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


@lru_cache
def settings() -> dict[str, str]:  # ok: DEP004
    return {"env": "dev"}


async def already_async(q: str = Query("")) -> str:  # ok: DEP004
    return q


def not_a_dependency(page: int = 1) -> int:  # ok: DEP004
    return page


def reads_file() -> str:  # ok: DEP004
    with open("/etc/hostname") as handle:
        return handle.read()


@app.get("/items")
async def items(
    paging: Annotated[dict[str, int], Depends(pagination)],
    tenant_id: Annotated[str, Depends(tenant)],
    _check: Annotated[None, Depends(remote_check)],
    user: Annotated[object, Depends(current_user)],
    other: Annotated[object, Depends(user_via_crud)],
    db: Annotated[Session, Depends(session_generator)],
    conf: Annotated[dict[str, str], Depends(settings)],
    q: Annotated[str, Depends(already_async)],
    host: Annotated[str, Depends(reads_file)],
    claims: Annotated[dict[str, object], Depends(decoded_token)],
) -> None:
    pass

# Dependency and parameter markers as default values.
from typing import Annotated

import fastapi
from fastapi import Body, Depends, FastAPI, Header, Query, Security
from fastapi import Path as PathParam

from app.auth import get_current_user, require_scope

app = FastAPI(dependencies=[Depends(require_scope)])  # ok: DEP001
CurrentUser = Annotated[dict, Depends(get_current_user)]  # ok: DEP001


@app.get("/items/{item_id}")
async def read_item(
    item_id: int = PathParam(ge=1),  # expect: DEP001
    q: str | None = Query(None, max_length=50),  # expect: DEP001
    user: dict = Depends(get_current_user),  # expect: DEP001
    token: str = Security(require_scope, scopes=["items"]),  # expect: DEP001
    agent: str = Header(default="x"),  # expect: DEP001
    payload: dict = fastapi.Body(...),  # expect: DEP001
) -> None:
    pass


@app.get("/annotated")
async def annotated(
    user: CurrentUser,  # ok: DEP001
    limit: Annotated[int, Query(ge=1)] = 10,  # ok: DEP001
    body: Annotated[dict, Body()] = None,  # ok: DEP001
) -> None:
    pass


def Depends_lookalike(x: object = None) -> object:
    return x


def not_fastapi(value: object = Depends_lookalike()) -> None:  # ok: DEP001
    pass

# Returning an instance of the response model.
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

router = APIRouter()


class UserRead(BaseModel):
    id: int


class AdminRead(UserRead):
    level: int


@router.get("/users/{user_id}")
async def by_annotation(user_id: int) -> UserRead:
    return UserRead(id=user_id)  # expect: API002


@router.get("/users/{user_id}/v", response_model=UserRead)
async def by_keyword(user_id: int):
    return UserRead.model_validate({"id": user_id})  # expect: API002


@router.get("/users", response_model=list[UserRead])
async def listing() -> list[dict[str, int]]:
    return [UserRead(id=i) for i in range(3)]  # expect: API002


@router.get("/users/{user_id}/raw", response_model=UserRead)
async def returns_dict(user_id: int) -> dict[str, int]:
    return {"id": user_id}  # ok: API002


@router.get("/users/{user_id}/sub", response_model=UserRead)
async def subclass(user_id: int):
    return AdminRead(id=user_id, level=1)  # ok: API002


@router.get("/users/{user_id}/none", response_model=None)
async def no_model(user_id: int) -> UserRead:
    return UserRead(id=user_id)  # ok: API002


@router.get("/users/{user_id}/construct")
async def construct(user_id: int) -> UserRead:
    return UserRead.model_construct(id=user_id)  # ok: API002


@router.get("/users/{user_id}/response")
async def response(user_id: int) -> JSONResponse:
    return JSONResponse({"id": user_id})  # ok: API002


def helper(user_id: int) -> UserRead:
    return UserRead(id=user_id)  # ok: API002


@router.get("/ids")
async def builtin_elements() -> list[int]:
    return [int(x) for x in "123"]  # ok: API002


@router.get("/count")
async def builtin_model() -> int:
    return int("3")  # ok: API002

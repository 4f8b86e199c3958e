import os
from typing import Annotated

import httpx
import requests
from fastapi import APIRouter, Depends, Header, HTTPException, Query
from jose import JWTError, jwt

from app.users import service
from app.users.schemas import UserRead, UserUpdate

AVATAR_SERVICE_URL = os.environ.get("AVATAR_SERVICE_URL", "https://avatars.example.com")
SOCIAL_SERVICE_URL = os.environ.get("SOCIAL_SERVICE_URL", "https://social.example.com")
JWT_SECRET = os.environ.get("JWT_SECRET", "")

router = APIRouter(prefix="/users", tags=["users"])


async def get_current_user_id(authorization: Annotated[str, Header()]) -> int:
    token = authorization.removeprefix("Bearer ")
    try:
        claims = jwt.decode(token, JWT_SECRET, algorithms=["HS256"])
    except JWTError:
        raise HTTPException(status_code=401, detail="Invalid token") from None
    return int(claims["sub"])


@router.get("/", response_model=list[UserRead])
async def list_users(limit: int = Query(20, le=100)) -> list[dict[str, object]]:
    return await service.list_users(limit=limit)


@router.get("/{user_id}", response_model=UserRead)
async def read_user(user_id: int) -> dict[str, object]:
    user = await service.get_user(user_id)
    if user is None:
        raise HTTPException(status_code=404, detail="User not found")
    return user


@router.patch("/{user_id}", response_model=UserRead)
async def update_user(
    user_id: int,
    payload: UserUpdate,
    current_user_id: int = Depends(get_current_user_id),
) -> dict[str, object]:
    if current_user_id != user_id:
        raise HTTPException(status_code=403, detail="Not your profile")
    changes = payload.dict(exclude_unset=True)
    return await service.update_user(user_id, changes)


@router.get("/{user_id}/avatar")
async def read_avatar(user_id: int) -> dict[str, str]:
    response = requests.get(f"{AVATAR_SERVICE_URL}/{user_id}", timeout=5)
    response.raise_for_status()
    return {"url": response.json()["url"]}


@router.get("/{user_id}/followers")
async def read_followers(
    user_id: int, current_user_id: Annotated[int, Depends(get_current_user_id)]
) -> list[int]:
    async with httpx.AsyncClient(timeout=5) as client:
        response = await client.get(f"{SOCIAL_SERVICE_URL}/users/{user_id}/followers")
    response.raise_for_status()
    return [int(follower) for follower in response.json()]

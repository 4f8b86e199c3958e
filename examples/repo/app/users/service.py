"""A stand-in for the users table: enough state for the routes and tests to run."""

from typing import Any

_USERS: dict[int, dict[str, Any]] = {
    1: {"id": 1, "email": "ada@example.com", "display_name": "Ada", "bio": None},
}


async def list_users(limit: int) -> list[dict[str, Any]]:
    return list(_USERS.values())[:limit]


async def get_user(user_id: int) -> dict[str, Any] | None:
    return _USERS.get(user_id)


async def update_user(user_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    user = _USERS[user_id]
    user.update(changes)
    return user

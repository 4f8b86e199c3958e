from fastapi.testclient import TestClient
from httpx import AsyncClient

from app.main import app

client = TestClient(app)


def test_list_users_returns_the_seeded_user() -> None:
    response = client.get("/users/")
    assert response.status_code == 200
    assert response.json()[0]["email"] == "ada@example.com"


def test_read_unknown_user_is_404() -> None:
    assert client.get("/users/999").status_code == 404


async def test_update_requires_a_token() -> None:
    async with AsyncClient(app=app, base_url="http://test") as async_client:
        response = await async_client.patch("/users/1", json={"bio": "Hello"})
    assert response.status_code == 422

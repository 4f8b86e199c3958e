# case-path: tests/conftest.py
# TEST002: httpx clients built with app=.
import httpx
import httpx as hx
from fastapi.testclient import TestClient
from httpx import ASGITransport, AsyncClient, Client

from src.main import app

client = AsyncClient(app=app, base_url="http://test")  # expect: TEST002
sync = Client(app=app)  # expect: TEST002
other = hx.AsyncClient(app=app)  # expect: TEST002
module = httpx.AsyncClient(  # ok: TEST002 (reported at the keyword)
    base_url="http://test",
    app=app,  # expect: TEST002
)
fine = AsyncClient(transport=ASGITransport(app=app))  # ok: TEST002
asgi = ASGITransport(app=app)  # ok: TEST002
starlette_client = TestClient(app=app)  # ok: TEST002


class FakeClient:
    def __init__(self, app: object) -> None:
        self.app = app


fake = FakeClient(app=app)  # ok: TEST002

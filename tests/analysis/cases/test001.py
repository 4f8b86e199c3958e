# case-path: tests/test_api.py
# TEST001: async_asgi_testclient imports.
import async_asgi_testclient  # expect: TEST001
from async_asgi_testclient import TestClient  # expect: TEST001
from async_asgi_testclient.response import Response  # expect: TEST001
from fastapi.testclient import TestClient as SyncClient  # ok: TEST001
from httpx import ASGITransport, AsyncClient  # ok: TEST001
import asgi_testclient_helpers  # ok: TEST001

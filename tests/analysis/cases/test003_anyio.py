import pytest

pytestmark = pytest.mark.anyio


@pytest.fixture  # ok: TEST003
async def client() -> object:
    return object()

# Async fixtures in pytest-asyncio's strict mode.
import pytest
import pytest_asyncio


@pytest.fixture  # expect: TEST003
async def client() -> object:
    return object()


@pytest.fixture(scope="module")  # expect: TEST003
async def database() -> object:
    yield object()


@pytest_asyncio.fixture  # ok: TEST003
async def good_client() -> object:
    return object()


@pytest.fixture  # ok: TEST003
def sync_fixture() -> int:
    return 1

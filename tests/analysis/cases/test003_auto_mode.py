# case-repo-facts: async_fixtures_auto
import pytest


@pytest.fixture  # ok: TEST003
async def client() -> object:
    return object()

"""Shared fixtures. Every test run gets its own catalogue cache folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep the tests' catalogue cache out of the developer's ~/.cache."""
    mp = pytest.MonkeyPatch()
    mp.setenv("AGENTREVIEW_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    mp.delenv("NO_COLOR", raising=False)
    # A bug raises its traceback in tests, in-process and in subprocesses alike.
    mp.setenv("AGENTREVIEW_DEBUG", "1")
    yield
    mp.undo()


@pytest.fixture
def repo_root() -> Path:
    return Path(__file__).resolve().parent.parent

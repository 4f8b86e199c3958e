"""Fixtures for the renderer tests: the awkward fixture catalogue, the real one, a runner."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# The helper modules beside this file (render_helpers, render_validators) are imported by
# name from the tests; pytest does not put this folder on sys.path by itself.
sys.path.insert(0, str(Path(__file__).parent))

from render_helpers import Render, Result, load_fixture_catalogue, render_with

from agentreview.catalogue.loader import load_catalogue
from agentreview.catalogue.schema import Catalogue


@pytest.fixture(scope="session")
def fixture_catalogue() -> Catalogue:
    return load_fixture_catalogue()


@pytest.fixture(scope="session")
def real_catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def render_fixture(fixture_catalogue: Catalogue) -> Render:
    def render(targets: list[str], out: Path, **options: object) -> Result:
        return render_with(fixture_catalogue, targets, out, **options)

    return render

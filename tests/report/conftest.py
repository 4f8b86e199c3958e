"""Fixtures for the PR-bot format tests (helpers.py has the builders and validators)."""

from __future__ import annotations

import pytest

from agentreview.catalogue.compiled import Catalogue, load_compiled_catalogue
from agentreview.report import Report
from tests.report.helpers import injection_report, realistic_report


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_compiled_catalogue()


@pytest.fixture
def report(catalogue: Catalogue) -> Report:
    return realistic_report(catalogue)


@pytest.fixture
def evil(catalogue: Catalogue) -> Report:
    return injection_report(catalogue)

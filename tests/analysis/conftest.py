"""Fixtures for the Python analysis tests: the real catalogue, loaded once."""

from __future__ import annotations

import pytest

from agentreview.catalogue.compiled import Catalogue, load_compiled_catalogue


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_compiled_catalogue()


@pytest.fixture(scope="session")
def all_rule_ids(catalogue: Catalogue) -> frozenset[str]:
    return frozenset(rule.id for rule in catalogue.rules)

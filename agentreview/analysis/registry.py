"""Every detector the engine runs, family by family. A new family adds its tuple here."""

from __future__ import annotations

from agentreview.analysis import (
    clients,
    database,
    event_loop,
    fastapi,
    imports,
    modern_python,
    pydantic_models,
    security,
    testing,
)
from agentreview.analysis.engine import Detector

DETECTORS: tuple[type[Detector], ...] = (
    *event_loop.DETECTORS,
    *fastapi.DETECTORS,
    *database.DETECTORS,
    *testing.DETECTORS,
    *pydantic_models.DETECTORS,
    *security.DETECTORS,
    *imports.DETECTORS,
    *clients.DETECTORS,
    *modern_python.DETECTORS,
)

"""Helpers for the renderer tests: the fixture catalogue and an in-process runner."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agentreview.catalogue.loader import validate_files
from agentreview.catalogue.locate import rule_files
from agentreview.catalogue.schema import Catalogue
from agentreview.render.api import run

FIXTURE_RULES = Path(__file__).parent / "fixtures" / "rules"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


Render = Callable[..., Result]


def load_fixture_catalogue() -> Catalogue:
    catalogue, problems = validate_files(rule_files([FIXTURE_RULES]))
    assert not problems, problems
    return catalogue


def render_with(catalogue: Catalogue, targets: list[str], out: Path, **options: object) -> Result:
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(
        catalogue,
        targets,
        out=out,
        check_only=bool(options.pop("check", False)),
        stdout=stdout,
        stderr=stderr,
        **options,  # type: ignore[arg-type]
    )
    return Result(code, stdout.getvalue(), stderr.getvalue())

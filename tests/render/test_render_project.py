"""The project's own AGENTS.md is rendered from its catalogue; CI fails when it is stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentreview.render import render_targets


def test_project_agents_md_is_current(repo_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = render_targets(
        ["agents-md"], out=repo_root, check=True, select=None, ignore=None, min_severity=None
    )
    diff = capsys.readouterr().out
    assert code == 0, (
        f"AGENTS.md is stale; run `uv run agentreview render agents-md`:\n{diff[:4000]}"
    )

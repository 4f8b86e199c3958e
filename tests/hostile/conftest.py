"""Fixtures for the hostile-input tests: a repository with a sentinel file just outside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.harness import PAYLOAD, write_tree


@dataclass(frozen=True)
class Sandbox:
    """`repo` is what --repo names; `secret` lies outside it, reachable by `..`, by its
    absolute path, by the symlink `repo/link.py` and through the folder symlink
    `repo/linked/`. Its text is PAYLOAD: read whole, it would give the ASYNC002 finding
    that a hunk showing only its `time.sleep` line cannot give on its own."""

    repo: Path
    secret: Path

    @property
    def ways_out(self) -> list[str]:
        return ["../outside/secret.py", str(self.secret), "link.py", "linked/secret.py"]


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    write_tree(outside, {"secret.py": PAYLOAD})
    write_tree(repo, {"inside.py": PAYLOAD, "pyproject.toml": "[project]\nname = 'x'\n"})
    (repo / "link.py").symlink_to("../outside/secret.py")
    (repo / "linked").symlink_to("../outside", target_is_directory=True)
    return Sandbox(repo, outside / "secret.py")

"""Helpers for the fix tests: fix a whole file in memory, run the CLI in-process."""

from __future__ import annotations

import io
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from agentreview import review
from agentreview.cli import main
from agentreview.config import ProjectConfig
from agentreview.diff.source import split_source_lines
from agentreview.findings import RepoFacts
from agentreview.fixes.session import FileFix, fix_file
from agentreview.review import ReviewContext, whole_file_change
from tests.diff.gitrepo import GitRepo


@pytest.fixture(scope="session")
def context() -> ReviewContext:
    """Every rule, default configuration, no repository facts."""
    return review.review_context(
        ProjectConfig(), select=None, ignore=None, fail_on=None, facts=RepoFacts()
    )


def fix_text(text: str, context: ReviewContext, path: str = "app/main.py") -> FileFix:
    """Fix `text` as `check --fix` fixes a whole file (every line counts as changed)."""
    return fix_file(whole_file_change(path, split_source_lines(text)), text, context)


def dedent(code: str) -> str:
    return textwrap.dedent(code).lstrip("\n")


@dataclass
class Run:
    code: int
    out: bytes
    err: str


def run_cli(
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
    *argv: str,
    stdin: bytes = b"",
) -> Run:
    """`agentreview ARGV...` in-process: exit code, stdout bytes, stderr text."""
    monkeypatch.setattr(sys, "argv", ["agentreview", *argv])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exited:
        main()
    captured = capsysbinary.readouterr()
    return Run(int(exited.value.code or 0), captured.out, captured.err.decode("utf-8"))


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")

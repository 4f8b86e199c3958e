"""The benchmark still runs: tiny inputs, one run, no timing assertions (`bench/bench.py`)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import synthetic  # noqa: E402  (a sibling script of the benchmark, not a package)


@pytest.mark.parametrize("lines", [30, 50, 400, 1500])
def test_synthetic_modules_parse_and_have_about_the_size_asked(lines: int) -> None:
    source = synthetic.fastapi_module(lines, seed=lines)
    ast.parse(source)
    assert synthetic.PLAIN_LINE in source
    assert abs(source.count("\n") - lines) <= max(12, lines // 10)
    assert synthetic.fastapi_module(lines, seed=lines) == source  # deterministic


def test_one_line_change_changes_one_line() -> None:
    source = synthetic.fastapi_module(300, seed=1)
    changed = synthetic.change_one_line(source)
    ast.parse(changed)
    differing = [
        (a, b) for a, b in zip(source.splitlines(), changed.splitlines(), strict=True) if a != b
    ]
    assert differing == [(synthetic.PLAIN_LINE.rstrip("\n"), synthetic.CHANGED_LINE.rstrip("\n"))]


def test_new_route_is_python() -> None:
    ast.parse(synthetic.fastapi_module(100, seed=2) + synthetic.new_route(2, 1))


def test_the_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(BENCH / "bench.py"),
            "--runs",
            "1",
            "--small-lines",
            "30",
            "--big-lines",
            "150",
            "--pr-files",
            "2",
            "--pr-file-lines",
            "80",
            "--large-files",
            "2",
            "--large-file-lines",
            "80",
            "--no-semgrep",
            "--keep",
            str(tmp_path / "inputs"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    table = result.stdout
    for label in (
        "rules show ASYNC001",
        "1-line change in a",
        "PR diff: 2 files",
        "new files: 2 files",
        "peak RSS",
        "same inputs through ruff",
    ):
        assert label in table, f"{label!r} missing from:\n{table}"
    assert "semgrep: not installed" in table
    assert (tmp_path / "inputs" / "pull-request.patch").read_text().startswith("diff --git")

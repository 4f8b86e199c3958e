"""The command line around the pipeline: exit codes, stdin, one-line errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from agentreview.cli import main
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import FakeEngine


def run_main(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: bytes = b"") -> int:
    monkeypatch.setattr(sys, "argv", ["agentreview", *argv])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0)


def test_bare_patch_argument_reviews_it(
    repo: GitRepo,
    tmp_path: Path,
    engine: FakeEngine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo.commit()
    repo.write("a.py", "async def f():\n    time.sleep(1)\n")
    patch = tmp_path / "p.diff"
    patch.write_bytes(repo.diff())
    code = run_main(monkeypatch, str(patch), "--repo", str(repo.root))
    out = capsys.readouterr().out
    assert code == 1
    assert out.startswith("a.py:2:5 ASYNC002 ")
    assert out.rstrip().endswith("1 finding (1 error, 0 warnings, 0 infos) in 1 file")


def test_patch_from_stdin(
    repo: GitRepo,
    engine: FakeEngine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo.write("a.py", "x = 0\n")
    repo.commit()
    repo.write("a.py", "x = 1\n")
    code = run_main(
        monkeypatch, "review", "-", "--diff-only", "--format", "json", stdin=repo.diff()
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert document["files"] == [{"path": "a.py", "mode": "diff-only", "reason": "--diff-only"}]


def test_truncated_patch_exits_2_with_one_line_naming_the_patch_line(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    repo.write("a.py", "".join(f"v{n} = {n}\n" for n in range(30)))
    repo.commit()
    repo.write("a.py", "".join(f"v{n} = {n}\n" for n in range(30)).replace("v9 = 9", "v9 = 'nine'"))
    lines = repo.diff().splitlines(keepends=True)
    header = next(n for n, line in enumerate(lines, start=1) if line.startswith(b"@@"))
    patch = tmp_path / "cut.diff"
    patch.write_bytes(b"".join(lines[: header + 3]))
    code = run_main(monkeypatch, str(patch), "--diff-only")
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith(f"agentreview: error: patch line {header}: the hunk ")
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_check_command(
    tmp_path: Path,
    engine: FakeEngine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "a.py").write_text("async def f():\n    time.sleep(1)\n")
    monkeypatch.chdir(tmp_path)
    assert run_main(monkeypatch, "check", ".", "--fail-on", "never") == 0
    assert capsys.readouterr().out.startswith("a.py:2:5 ASYNC002 ")

"""`agentreview fix` and `check --fix` end to end, with patches made by real git and the fix
diffs checked and applied by real git."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.diff.gitrepo import GitRepo
from tests.fixes.conftest import Run, dedent, run_cli

BASE = dedent(
    """
    \"\"\"Users.\"\"\"
    from fastapi import FastAPI

    app = FastAPI()
    """
)
CHANGED = dedent(
    """
    \"\"\"Users.\"\"\"
    import time
    from datetime import datetime
    from enum import Enum
    from typing import Optional

    import requests
    from fastapi import BackgroundTasks, Depends, FastAPI
    from pydantic import BaseModel

    app = FastAPI()


    class Role(str, Enum):
        ADMIN = "admin"


    class User(BaseModel):
        name: str
        nick: Optional[str] = None  # shown when set

        class Config:
            orm_mode = True


    def current_user() -> User:
        return User(name="x")


    @app.get("/me")
    async def me(user: User = Depends(current_user), tasks: BackgroundTasks = None):
        time.sleep(1)
        requests.get("https://example.com")
        tasks.add_task(audit(user.name, at=datetime.utcnow()))
        return user.dict()


    def audit(name: str, at: datetime) -> None:
        pass
    """
)
FIXED_RULES = {"ASYNC002", "PYD009", "LINT002", "PYD005", "DEP001", "API004", "LINT004", "PYD004"}


def _review(monkeypatch, capsysbinary, repo: GitRepo, patch: Path) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    patch.write_bytes(repo.diff("HEAD"))
    run = run_cli(
        monkeypatch,
        capsysbinary,
        "review",
        str(patch),
        "--repo",
        str(repo.root),
        "--format",
        "json",
    )
    findings: list[dict[str, object]] = json.loads(run.out)["findings"]
    return findings


def _git_apply(repo: GitRepo, diff: bytes, *options: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["git", "apply", *options], cwd=repo.root, input=diff, capture_output=True, check=False
    )


def _changed_repo(repo: GitRepo, path: str = "app/users.py", text: str = CHANGED) -> None:
    repo.write(path, BASE)
    repo.commit("base")
    repo.write(path, text)


def test_fix_diff_applies_and_the_fixed_findings_are_gone(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    _changed_repo(repo)
    patch = tmp_path / "change.diff"
    before = _review(monkeypatch, capsysbinary, repo, patch)
    assert {finding["rule_id"] for finding in before} >= FIXED_RULES

    run = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(repo.root))
    assert run.code == 0
    assert run.out.startswith(b"diff --git a/app/users.py b/app/users.py\n--- a/app/users.py\n")
    assert "agentreview: fixes for" in run.err
    check = _git_apply(repo, run.out, "--check")
    assert check.returncode == 0, check.stderr
    assert _git_apply(repo, run.out).returncode == 0

    after = _review(monkeypatch, capsysbinary, repo, patch)
    remaining = {(finding["rule_id"], finding["message"]) for finding in after}
    assert remaining <= {(finding["rule_id"], finding["message"]) for finding in before}
    assert {rule_id for rule_id, _ in remaining} == {"ASYNC001"}  # nothing mechanical for it
    text = (repo.root / "app/users.py").read_text()
    assert "import asyncio\n" in text
    assert "import time" not in text  # its only use was fixed away
    assert "    nick: str | None = None  # shown when set\n" in text
    assert (
        "async def me(user: Annotated[User, Depends(current_user)], tasks: BackgroundTasks = None):"
        in text
    )

    again = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(repo.root))
    assert (again.code, again.out) == (0, b"")
    assert "nothing to fix" in again.err


def test_write_applies_the_same_fixes_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    printed, written = GitRepo(tmp_path / "printed"), GitRepo(tmp_path / "written")
    for repo in (printed, written):
        _changed_repo(repo)
    patch = tmp_path / "change.diff"
    patch.write_bytes(printed.diff("HEAD"))
    diff = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(printed.root))
    assert _git_apply(printed, diff.out).returncode == 0

    run = run_cli(
        monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(written.root), "--write"
    )
    assert (run.code, run.out) == (0, b"")
    assert "agentreview: fixed" in run.err
    assert (written.root / "app/users.py").read_bytes() == (
        printed.root / "app/users.py"
    ).read_bytes()


def test_patch_from_stdin(
    repo: GitRepo, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    _changed_repo(repo)
    monkeypatch.chdir(repo.root)
    run = run_cli(monkeypatch, capsysbinary, "fix", "-", stdin=repo.diff("HEAD"))
    assert run.code == 0
    assert _git_apply(repo, run.out, "--check").returncode == 0


def test_nothing_to_fix(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    _changed_repo(repo, text=BASE + "\n\ndef ok() -> int:\n    return 1\n")
    patch = tmp_path / "change.diff"
    patch.write_bytes(repo.diff("HEAD"))
    run = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(repo.root))
    assert (run.code, run.out) == (0, b"")
    assert run.err == "agentreview: nothing to fix\n"


def test_a_file_not_available_whole_is_skipped_with_a_note(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    _changed_repo(repo)
    repo.write("app/new.py", "import asyncio\nimport time\n\n\nasync def f():\n    time.sleep(1)\n")
    patch = tmp_path / "change.diff"
    patch.write_bytes(repo.diff("HEAD"))
    repo.write("app/users.py", CHANGED.replace('"""Users."""', '"""Edited since."""'))
    run = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(repo.root))
    assert run.code == 0
    assert "agentreview: note: app/users.py: skipped, not available whole: the file in " in run.err
    assert "does not match the patch (line 1 differs)" in run.err
    # The new file is whole in the patch itself, so it is fixed.
    assert run.out.startswith(b"diff --git a/app/new.py b/app/new.py\n")
    assert b"app/users.py" not in run.out


def test_a_symlink_leading_out_of_the_repository_is_neither_read_nor_written(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    _changed_repo(repo)
    patch = tmp_path / "change.diff"
    patch.write_bytes(repo.diff("HEAD"))
    outside = tmp_path / "outside.py"
    outside.write_text(CHANGED)
    (repo.root / "app/users.py").unlink()
    (repo.root / "app/users.py").symlink_to(outside)
    run = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(repo.root), "--write")
    assert run.code == 0
    assert "app/users.py: skipped, not available whole: a symlink leads outside" in run.err
    assert outside.read_text() == CHANGED


def test_crlf_file_diff_applies_and_the_file_stays_crlf(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    crlf = CHANGED.replace("\n", "\r\n")
    _changed_repo(repo, text=crlf)
    patch = tmp_path / "change.diff"
    patch.write_bytes(repo.diff("HEAD"))
    run = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(repo.root))
    assert run.code == 0 and b"+import asyncio\r\n" in run.out
    applied = _git_apply(repo, run.out)
    assert applied.returncode == 0, applied.stderr
    data = (repo.root / "app/users.py").read_bytes()
    assert b"await asyncio.sleep(1)\r\n" in data
    assert data.count(b"\n") == data.count(b"\r\n")


def test_unusual_paths_and_a_missing_final_newline(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    code = "import asyncio\nimport time\n\n\nasync def f():\n    time.sleep(1)"
    repo.write("pkg/caf\u00e9 module.py", "")
    repo.write("pkg/plain name.py", "")
    repo.commit("base")
    repo.write("pkg/caf\u00e9 module.py", code)
    repo.write("pkg/plain name.py", code + "\n")
    patch = tmp_path / "change.diff"
    patch.write_bytes(repo.diff("HEAD"))
    run = run_cli(monkeypatch, capsysbinary, "fix", str(patch), "--repo", str(repo.root))
    assert run.code == 0
    assert (
        b'diff --git "a/pkg/caf\\303\\251 module.py" "b/pkg/caf\\303\\251 module.py"\n' in run.out
    )
    assert b"--- a/pkg/plain name.py\t\n+++ b/pkg/plain name.py\t\n" in run.out
    assert b"\\ No newline at end of file\n" in run.out
    applied = _git_apply(repo, run.out)
    assert applied.returncode == 0, applied.stderr
    fixed = code.replace("time.sleep(1)", "await asyncio.sleep(1)").replace("import time\n", "")
    assert (repo.root / "pkg/caf\u00e9 module.py").read_text() == fixed
    assert (repo.root / "pkg/plain name.py").read_text() == fixed + "\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fix", "missing.diff"], "agentreview: error: cannot read the patch missing.diff"),
        (["fix", "-", "--select", "NOPE999"], "agentreview: error: "),
        (["fix", "-", "--repo", "no/such/dir"], "agentreview: error: --repo no/such/dir"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    argv: list[str],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    monkeypatch.chdir(tmp_path)
    run: Run = run_cli(monkeypatch, capsysbinary, *argv)
    assert run.code == 2
    assert run.err.startswith(message)
    assert run.err.count("\n") == 1


def test_check_fix_fixes_whole_files_then_reports_what_remains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    source = tmp_path / "app" / "users.py"
    source.parent.mkdir()
    source.write_text(CHANGED)
    untouched = tmp_path / "app" / "clean.py"
    untouched.write_text("def ok() -> int:\n    return 1\n")
    run = run_cli(
        monkeypatch, capsysbinary, "check", str(tmp_path / "app"), "--fix", "--format", "json"
    )
    findings = json.loads(run.out)["findings"]
    assert {finding["rule_id"] for finding in findings} == {"ASYNC001"}
    assert run.code == 1  # ASYNC001 is an error and remains
    assert "agentreview: fixed" in run.err
    text = source.read_text()
    assert "await asyncio.sleep(1)" in text and "class Role(StrEnum):" in text
    assert untouched.read_text() == "def ok() -> int:\n    return 1\n"

    again = run_cli(monkeypatch, capsysbinary, "check", str(tmp_path / "app"), "--fix")
    assert "nothing to fix" in again.err
    assert source.read_text() == text


def test_check_without_fix_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    source = tmp_path / "users.py"
    source.write_text(CHANGED)
    run = run_cli(monkeypatch, capsysbinary, "check", str(source))
    assert run.code == 1
    assert source.read_text() == CHANGED


def test_fix_honours_the_size_limits_review_does(
    repo: GitRepo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    _changed_repo(repo)
    patch = tmp_path / "change.diff"
    patch.write_bytes(repo.diff("HEAD"))
    limits = tmp_path / "limits.toml"
    limits.write_text(f"[tool.agentreview]\nmax-patch-bytes = {patch.stat().st_size - 1}\n")
    argv = ["fix", str(patch), "--repo", str(repo.root), "--config", str(limits)]
    run = run_cli(monkeypatch, capsysbinary, *argv)
    assert (run.code, run.out) == (2, b"")
    assert "max-patch-bytes limit of " in run.err and run.err.count("\n") == 1

    limits.write_text("[tool.agentreview]\nmax-file-bytes = 200\n")
    run = run_cli(monkeypatch, capsysbinary, *argv)
    assert (run.code, run.out) == (0, b"")
    assert "app/users.py: skipped, not available whole: " in run.err
    assert "max-file-bytes limit of 200" in run.err


def test_check_fix_leaves_a_file_over_max_file_bytes_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.agentreview]\nmax-file-bytes = 200\n")
    source = tmp_path / "users.py"
    source.write_text(CHANGED)
    run = run_cli(monkeypatch, capsysbinary, "check", str(source), "--fix")
    assert source.read_text() == CHANGED
    assert "users.py: skipped: over the max-file-bytes limit of 200" in run.err

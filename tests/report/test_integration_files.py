"""`action.yml` and `.pre-commit-hooks.yaml`: their shape, and their shell run for real.

The action's review step and the hooks' entries run against a throwaway git repository,
with `agentreview` standing for this checkout (a small wrapper script on PATH).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.diff.gitrepo import GitRepo
from tests.report.helpers import sarif_validator, schema_errors

ROOT = Path(__file__).resolve().parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))

BASE = (
    "from fastapi import APIRouter\n"
    "\n"
    "router = APIRouter()\n"
    "\n"
    "\n"
    '@router.get("/a")\n'
    "async def read_a() -> dict[str, str]:\n"
    "    return {}\n"
)
CHANGED = "import requests\n" + BASE.replace(
    "    return {}\n", '    requests.get("https://x.example", timeout=5)\n    return {}\n'
)


@pytest.fixture
def wrapper_bin(tmp_path: Path) -> Path:
    """A folder holding an `agentreview` that runs this checkout's CLI."""
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "agentreview"
    script.write_text(
        f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -c "
        "'import sys; from agentreview.cli import main; sys.argv[0] = \"agentreview\"; main()' "
        '"$@"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return folder


def environment(wrapper_bin: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = f"{wrapper_bin}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


# -- action.yml --------------------------------------------------------------------------------


def steps() -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = ACTION["runs"]["steps"]
    return found


def test_action_is_composite_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"format", "fail-on", "select", "ignore", "base", "version"} <= set(ACTION["inputs"])
    assert ACTION["inputs"]["format"]["default"] in ("sarif", "github", "markdown", "rdjson")
    for step in steps():
        if "run" in step:
            assert step["shell"] == "bash"
            # inputs reach scripts through env only: no expression is pasted into shell code
            assert "${{" not in step["run"]
        else:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"])


def test_action_reports_each_format_its_own_way() -> None:
    uses = {step.get("uses", "").split("@")[0]: step for step in steps()}
    assert "format == 'sarif'" in uses["github/codeql-action/upload-sarif"]["if"]
    assert "format == 'markdown'" in uses["marocchino/sticky-pull-request-comment"]["if"]
    assert "format == 'rdjson'" in uses["reviewdog/action-setup"]["if"]
    last = steps()[-1]
    assert "always()" in last["if"] and last["run"] == 'exit "$CODE"'


def review_step() -> dict[str, Any]:
    (step,) = [step for step in steps() if step.get("id") == "review"]
    return step


def run_review_step(
    repo: GitRepo, tmp_path: Path, wrapper_bin: Path, **env: str
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    outputs = tmp_path / "github_output"
    outputs.write_text("", encoding="utf-8")
    runner_temp = tmp_path / "runner_temp"
    runner_temp.mkdir(exist_ok=True)
    variables = {
        "AGENTREVIEW": str(wrapper_bin / "agentreview"),
        "FORMAT": "sarif",
        "FAIL_ON": "",
        "SELECT": "",
        "IGNORE": "",
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_OUTPUT": str(outputs),
        **env,
    }
    done = subprocess.run(
        ["bash", "-c", review_step()["run"]],
        cwd=repo.root,
        env=environment(wrapper_bin, **variables),
        capture_output=True,
        text=True,
        check=False,
    )
    written = dict(
        line.split("=", 1) for line in outputs.read_text(encoding="utf-8").splitlines() if line
    )
    return done, written


def two_commits(tmp_path: Path) -> tuple[GitRepo, str]:
    repo = GitRepo(tmp_path / "repo")
    repo.write("app/routes.py", BASE)
    repo.commit("base")
    base = repo.git("rev-parse", "HEAD").decode().strip()
    repo.write("app/routes.py", CHANGED)
    repo.commit("change")
    return repo, base


def test_review_step_diffs_against_the_base_and_reports(tmp_path: Path, wrapper_bin: Path) -> None:
    repo, base = two_commits(tmp_path)
    done, outputs = run_review_step(repo, tmp_path, wrapper_bin, BASE=base)
    assert done.returncode == 0, done.stderr  # a verdict: the last step fails the job
    assert outputs["exit-code"] == "1"
    document = json.loads(Path(outputs["report"]).read_text(encoding="utf-8"))
    assert schema_errors(sarif_validator(), document) == []
    results = document["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == ["ASYNC001"]


def test_review_step_passes_fail_on_and_select(tmp_path: Path, wrapper_bin: Path) -> None:
    repo, base = two_commits(tmp_path)
    _, outputs = run_review_step(
        repo, tmp_path, wrapper_bin, BASE=base, FAIL_ON="never", FORMAT="github"
    )
    assert outputs["exit-code"] == "0"
    assert "::error file=app/routes.py" in Path(outputs["report"]).read_text(encoding="utf-8")
    _, outputs = run_review_step(repo, tmp_path, wrapper_bin, BASE=base, SELECT="SEC")
    assert outputs["exit-code"] == "0"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"FORMAT": "yaml"}, "format input"),
        ({"BASE": "0" * 40}, "no commit to compare with"),
        ({"BASE": ""}, "no commit to compare with"),
        ({"SELECT": "NOPE999"}, "NOPE999"),
    ],
)
def test_review_step_stops_on_bad_input(
    tmp_path: Path, wrapper_bin: Path, env: dict[str, str], message: str
) -> None:
    repo, base = two_commits(tmp_path)
    done, _ = run_review_step(repo, tmp_path, wrapper_bin, **{"BASE": base, **env})
    assert done.returncode == 2
    assert message in done.stderr


# -- .pre-commit-hooks.yaml --------------------------------------------------------------------


def hook(hook_id: str) -> dict[str, Any]:
    (found,) = [entry for entry in HOOKS if entry["id"] == hook_id]
    return found


def test_hooks_have_what_pre_commit_requires() -> None:
    for entry in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(entry)
        assert entry["language"] == "python"  # installs this package into the hook's venv
    assert hook("agentreview")["pass_filenames"] is False
    assert hook("agentreview-check")["pass_filenames"] is True


@pytest.mark.parametrize("hook_id", ["agentreview", "agentreview-check"])
@pytest.mark.parametrize(
    ("path", "matches"),
    [
        ("app/main.py", True),
        ("stubs/x.pyi", True),
        ("pyproject.toml", True),
        ("requirements.txt", True),
        ("requirements-dev.txt", True),
        ("requirements/base.txt", True),
        ("README.md", False),
        ("app/py.typed", False),
        ("notes/requirements.md", False),
    ],
)
def test_hooks_run_for_python_and_dependency_files(hook_id: str, path: str, matches: bool) -> None:
    assert bool(re.search(hook(hook_id)["files"], path)) is matches


def run_hook(
    hook_id: str, repo: GitRepo, wrapper_bin: Path, *filenames: str
) -> subprocess.CompletedProcess[str]:
    entry = hook(hook_id)
    argv = [*shlex.split(entry["entry"]), *entry.get("args", []), "--fail-on", "error"]
    if entry["pass_filenames"]:
        argv += filenames
    return subprocess.run(
        argv,
        cwd=repo.root,
        env=environment(wrapper_bin),
        capture_output=True,
        text=True,
        check=False,
    )


def test_staged_changes_hook_reviews_the_staged_diff_with_args(
    tmp_path: Path, wrapper_bin: Path
) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("app/routes.py", BASE)
    repo.commit()
    repo.write("app/routes.py", CHANGED)
    repo.git("add", "app/routes.py")
    done = run_hook("agentreview", repo, wrapper_bin)
    assert done.returncode == 1, done.stderr
    assert "app/routes.py:9:5 ASYNC001" in done.stdout
    # args reach agentreview (`"$@"` after `--`)
    entry = hook("agentreview")
    argv = [*shlex.split(entry["entry"]), "--fail-on", "never"]
    passed = subprocess.run(
        argv,
        cwd=repo.root,
        env=environment(wrapper_bin),
        capture_output=True,
        text=True,
        check=False,
    )
    assert passed.returncode == 0, passed.stderr


def test_staged_files_hook_checks_whole_files(tmp_path: Path, wrapper_bin: Path) -> None:
    repo = GitRepo(tmp_path / "repo")
    repo.write("app/routes.py", CHANGED)
    repo.git("add", "app/routes.py")
    done = run_hook("agentreview-check", repo, wrapper_bin, "app/routes.py")
    assert done.returncode == 1, done.stderr
    assert "app/routes.py:9:5 ASYNC001" in done.stdout

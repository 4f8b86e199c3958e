"""`agentreview check PATH...`: whole files, every line new."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from agentreview.errors import AgentreviewError
from agentreview.review import check_paths
from agentreview.walk import collect_files
from tests.review.conftest import FakeEngine

SLEEPY = "async def f():\n    time.sleep(1)\n"


def run_check(paths: list[Path], tmp_path: Path, **options: Any) -> tuple[int, dict[str, Any]]:
    output = tmp_path / "check.json"
    arguments: dict[str, Any] = {
        "fmt": "json",
        "output": output,
        "select": None,
        "ignore": None,
        "fail_on": None,
        "config": None,
    }
    arguments.update(options)
    code = check_paths(paths, **arguments)
    return code, json.loads(output.read_text())


def make_project(root: Path) -> None:
    files = {
        "pyproject.toml": '[tool.agentreview]\nexclude = ["generated"]\n',
        "app/__init__.py": "",
        "app/router.py": SLEEPY,
        "app/generated/stub.py": SLEEPY,
        "requirements.txt": "fastapi==0.100.0\n",
        "README.md": "time.sleep(\n",
        ".venv/lib/site.py": SLEEPY,
        "node_modules/x/y.py": SLEEPY,
        "app/__pycache__/router.py": SLEEPY,
        ".git/hooks/h.py": SLEEPY,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_check_walks_folders_and_skips_tool_and_excluded_dirs(
    tmp_path: Path, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    make_project(project)
    monkeypatch.chdir(tmp_path)
    code, document = run_check([project], tmp_path)
    assert code == 1
    assert [(f["rule_id"], f["path"], f["line"]) for f in document["findings"]] == [
        ("ASYNC002", "app/router.py", 2),
        ("DEPS002", "requirements.txt", 1),
    ]
    # Folders yield only files the reviewer has rules for (the fake engine does not count
    # pyproject.toml as a dependency file); README.md and the skipped folders do not appear.
    assert {entry["path"]: entry["mode"] for entry in document["files"]} == {
        "app/__init__.py": "skipped",  # empty: nothing to review
        "app/router.py": "full",
        "requirements.txt": "full",
    }


def test_explicit_files_are_reviewed_or_skipped_with_a_reason(
    tmp_path: Path, engine: FakeEngine
) -> None:
    project = tmp_path / "project"
    make_project(project)
    code, document = run_check(
        [project / "README.md", project / "app/generated/stub.py", project / "app/router.py"],
        tmp_path,
    )
    assert {entry["path"]: entry.get("reason") for entry in document["files"]} == {
        "README.md": "not a Python or dependency file",
        "app/generated/stub.py": "excluded by [tool.agentreview] exclude",
        "app/router.py": None,
    }
    assert [f["path"] for f in document["findings"]] == ["app/router.py"]
    assert code == 1


def test_check_syntax_error_falls_back_to_fragments(tmp_path: Path, engine: FakeEngine) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    broken = tmp_path / "broken.py"
    broken.write_text("def f(:\n    requests.get('u')\n")
    _code, document = run_check([broken], tmp_path)
    assert [call.mode for call in engine.calls] == ["whole", "hunks"]
    assert [f["rule_id"] for f in document["findings"]] == ["ASYNC001"]
    assert any(note.startswith("broken.py did not parse") for note in document["notes"])


def test_missing_path_is_an_error(tmp_path: Path, engine: FakeEngine) -> None:
    with pytest.raises(AgentreviewError, match="no-such-dir: no such file or directory"):
        run_check([tmp_path / "no-such-dir"], tmp_path)


def test_special_files_in_folders_are_not_opened(tmp_path: Path, engine: FakeEngine) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    os.mkfifo(tmp_path / "pipe.py")  # reading it would block the run
    (tmp_path / "dangling.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "real.py").write_text(SLEEPY)
    _code, document = run_check([tmp_path], tmp_path)
    assert [entry["path"] for entry in document["files"]] == ["real.py"]


def test_check_does_not_follow_a_symlink_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("import time\n\n\nasync def f() -> None:\n    time.sleep(1)\n")
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / ".git").mkdir()
    (project / "app" / "ok.py").write_text("x = 1\n")
    (project / "app" / "leak.py").symlink_to(outside)
    found = [
        name
        for _, name, _ in collect_files(
            [project / "app"], project.resolve(), wanted=lambda _: True, excluded=lambda _: False
        )
    ]
    assert found == ["app/ok.py"]

"""Golden files: every target rendered from the fixture catalogue, byte for byte.

Regenerate after an intended change with `UPDATE_GOLDEN=1 uv run pytest tests/render`, and
read the diff before committing it. Golden files are stored flat with a `.golden` suffix
(`.cursor/rules/x.mdc` -> `dot.cursor__rules__x.mdc.golden`) so that no agent working in
this repository mistakes them for its own instructions.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from render_helpers import Render

from agentreview.render.targets import TARGETS

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def golden_name(path: str) -> str:
    flat = path.replace("/", "__")
    return ("dot" + flat if flat.startswith(".") else flat) + ".golden"


def rendered(out: Path) -> dict[str, bytes]:
    return {
        golden_name(path.relative_to(out).as_posix()): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("target", list(TARGETS))
def test_matches_golden_files(target: str, render_fixture: Render, tmp_path: Path) -> None:
    result = render_fixture([target], tmp_path)
    assert result.code == 0, result.stderr
    actual = rendered(tmp_path)
    folder = GOLDEN / target
    if UPDATE:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.golden"):
            if stale.name not in actual:
                stale.unlink()
        for name, content in actual.items():
            (folder / name).write_bytes(content)
    expected = {path.name: path.read_bytes() for path in sorted(folder.glob("*.golden"))}
    assert expected, f"no golden files for {target}; run with UPDATE_GOLDEN=1"
    assert sorted(actual) == sorted(expected)
    for name, content in expected.items():
        assert actual[name].decode() == content.decode(), (
            f"{target}: {name} differs from its golden file"
        )


@pytest.mark.parametrize("target", list(TARGETS))
def test_rendering_twice_is_byte_identical_and_then_current(
    target: str, render_fixture: Render, tmp_path: Path
) -> None:
    first = render_fixture([target], tmp_path / "one")
    second = render_fixture([target], tmp_path / "two")
    assert first.code == second.code == 0
    assert rendered(tmp_path / "one") == rendered(tmp_path / "two")
    again = render_fixture([target], tmp_path / "one")
    assert again.stdout.splitlines() == [
        f"unchanged {line.split(' ', 1)[1]}" for line in first.stdout.splitlines()
    ]
    assert rendered(tmp_path / "one") == rendered(tmp_path / "two")
    check = render_fixture([target], tmp_path / "one", check=True)
    assert (check.code, check.stdout) == (0, "")

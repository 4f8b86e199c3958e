"""RepoFacts from the repository's layout and pytest configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentreview.repo_facts import detect_repo_facts, first_party_from_paths


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[tool.pytest.ini_options]\nasyncio_mode = "auto"\n'),
        ("pytest.ini", "[pytest]\nasyncio_mode = auto\n"),
        ("setup.cfg", "[tool:pytest]\nasyncio_mode = auto\n"),
        ("tox.ini", "[pytest]\nasyncio_mode=auto\n"),
        (
            "conftest.py",
            "import pytest\n\n@pytest.fixture\ndef anyio_backend():\n    return 'asyncio'\n",
        ),
        ("tests/conftest.py", "import pytest\n\npytestmark = pytest.mark.anyio\n"),
    ],
)
def test_async_fixtures_auto(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text)
    assert detect_repo_facts(tmp_path).async_fixtures_auto


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", '[tool.pytest.ini_options]\nasyncio_mode = "strict"\n'),
        ("pyproject.toml", "not toml at all ["),
        ("pytest.ini", "[pytest]\naddopts = -q\n"),
        ("setup.cfg", "[pytest]\nasyncio_mode = auto\n"),  # setup.cfg's section is [tool:pytest]
    ],
)
def test_async_fixtures_not_auto(tmp_path: Path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    assert not detect_repo_facts(tmp_path).async_fixtures_auto


def test_first_party_from_the_layout(tmp_path: Path) -> None:
    for package in ("app", "src/shop", "docs_only"):
        (tmp_path / package).mkdir(parents=True)
    (tmp_path / "app/__init__.py").write_text("")
    (tmp_path / "src/shop/__init__.py").write_text("")
    facts = detect_repo_facts(tmp_path)
    assert facts.first_party == {"app", "shop"}


def test_first_party_from_patch_paths_and_defaults_without_a_tree() -> None:
    names = first_party_from_paths(
        [
            "app/db.py",
            "src/billing/api.py",
            "databases.py",
            "README.md",
            "../x/y.py",
            "my-tool/x.py",
        ]
    )
    assert names == {"app", "billing", "databases"}
    facts = detect_repo_facts(None, ["app/db.py"])
    assert facts.first_party == {"app"} and not facts.async_fixtures_auto

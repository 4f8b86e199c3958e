"""What the repository's layout and test configuration say, for rules that depend on them.

Only a handful of small files at known places are read: no walk of the tree.
"""

from __future__ import annotations

import configparser
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from agentreview.diff.source import read_at_most, resolve_inside
from agentreview.findings import RepoFacts

# Where pytest reads its ini options: (file, section).
_INI_FILES = (("pytest.ini", "pytest"), ("tox.ini", "pytest"), ("setup.cfg", "tool:pytest"))
_CONFTESTS = ("conftest.py", "tests/conftest.py", "test/conftest.py")
# The anyio pytest plugin runs async fixtures of tests marked anyio, given a backend.
_ANYIO_USE = re.compile(r"\banyio_backend\b|pytest\.mark\.anyio\b")
# Configuration files are small; a bigger one (or /dev/zero behind a symlink) is not read.
_MAX_CONFIG_BYTES = 1_000_000


def _read_small(root: Path, name: str) -> str | None:
    """A regular file inside the tree, if it is small and UTF-8; never through a symlink out."""
    path, _refused = resolve_inside(root, name)
    if path is None or not path.is_file():
        return None
    try:
        data = read_at_most(path, _MAX_CONFIG_BYTES)
        return None if data is None else data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def detect_repo_facts(root: Path | None, changed_paths: Iterable[str] = ()) -> RepoFacts:
    """Facts from the tree at `root` (None: from the patch's paths only)."""
    first_party = set(first_party_from_paths(changed_paths))
    if root is None:
        return RepoFacts(first_party=frozenset(first_party))
    first_party |= _first_party_packages(root)
    return RepoFacts(
        async_fixtures_auto=_asyncio_auto_mode(root) or _uses_anyio_plugin(root),
        first_party=frozenset(first_party),
    )


def first_party_from_paths(paths: Iterable[str]) -> set[str]:
    """Top-level module names the patch's own Python files show exist in the repository.

    `app/db.py` proves a local `app`; `src/shop/x.py` a local `shop`; `databases.py` at the
    root a local `databases` module.
    """
    names: set[str] = set()
    for path in paths:
        parts = PurePosixPath(path).parts
        if not parts or parts[0] in ("..", "/") or not path.endswith((".py", ".pyi")):
            continue
        if parts[0] == "src" and len(parts) > 2:
            parts = parts[1:]
        top = parts[0] if len(parts) > 1 else PurePosixPath(parts[0]).stem
        if top.isidentifier():
            names.add(top)
    return names


def _first_party_packages(root: Path) -> set[str]:
    names: set[str] = set()
    for base in (root, root / "src"):
        try:
            children = list(base.iterdir())
        except OSError:
            continue
        names |= {
            child.name
            for child in children
            if child.name.isidentifier() and (child / "__init__.py").is_file()
        }
    return names


def _asyncio_auto_mode(root: Path) -> bool:
    try:
        document = tomllib.loads(_read_small(root, "pyproject.toml") or "")
    except tomllib.TOMLDecodeError:
        document = {}
    ini_options: object = document
    for key in ("tool", "pytest", "ini_options"):
        ini_options = ini_options.get(key, {}) if isinstance(ini_options, dict) else {}
    if isinstance(ini_options, dict) and ini_options.get("asyncio_mode") == "auto":
        return True
    for name, section in _INI_FILES:
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_string(_read_small(root, name) or "")
        except configparser.Error:
            continue
        if parser.get(section, "asyncio_mode", fallback="").strip() == "auto":
            return True
    return False


def _uses_anyio_plugin(root: Path) -> bool:
    for name in _CONFTESTS:
        text = _read_small(root, name)
        if text is not None and _ANYIO_USE.search(text):
            return True
    return False

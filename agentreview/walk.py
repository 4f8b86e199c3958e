"""The files `agentreview check PATH...` reviews, and the project root they belong to."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from agentreview.errors import AgentreviewError

# Folders that never hold the project's own code.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "node_modules",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
    }
)
_ROOT_MARKERS = ("pyproject.toml", ".git")


def find_root(paths: Sequence[Path]) -> Path:
    """The nearest folder at or above the first path holding a pyproject.toml or .git."""
    start = paths[0].resolve() if paths else Path.cwd()
    if not start.is_dir():
        start = start.parent
    for folder in (start, *start.parents):
        if any((folder / marker).exists() for marker in _ROOT_MARKERS):
            return folder
    return Path.cwd().resolve()


def relative_name(path: Path, root: Path) -> str:
    """`path` relative to `root` in posix form, or the absolute path when it lies elsewhere."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(root).as_posix()
    except ValueError:
        return resolved.as_posix()


def collect_files(
    paths: Sequence[Path],
    root: Path,
    *,
    wanted: Callable[[str], bool],
    excluded: Callable[[str], bool],
) -> Iterator[tuple[Path, str, bool]]:
    """(file, name relative to root, named explicitly) for each file to look at, sorted per folder.

    Explicitly named files are always yielded (the caller says why it skips one); files found
    in folders only when `wanted(name)` and not `excluded(name)`; excluded folders are not
    entered.
    """
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise AgentreviewError(f"{path}: no such file or directory")
        if path.is_file():
            if path.resolve() not in seen:
                seen.add(path.resolve())
                yield path, relative_name(path, root), True
            continue
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(
                name
                for name in dirs
                if name not in SKIPPED_DIRS
                and not excluded(relative_name(Path(folder) / name, root))
            )
            for name in sorted(files):
                file = Path(folder) / name
                relative = relative_name(file, root)
                if not wanted(relative) or excluded(relative) or not file.is_file():
                    continue  # is_file: a FIFO or a dangling link is nothing to review
                if file.is_symlink() and not file.resolve().is_relative_to(root.resolve()):
                    continue  # a link found in a folder never leads the review out of the tree
                if file.resolve() in seen:
                    continue
                seen.add(file.resolve())
                yield file, relative, False

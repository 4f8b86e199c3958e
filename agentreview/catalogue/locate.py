"""Where the catalogue's files are: the built-in folders and the ones a project configures.

Standard library only: the query commands call this on every start.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `name` (`rules` or `renderers`) shipped with agentreview.

    An installed wheel carries it as `agentreview/_data/NAME`; a checkout (or an editable
    install) keeps it at the top of the repository.
    """
    installed = _PACKAGE_DIR / "_data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / name


def find_pyproject(start: Path) -> Path | None:
    """The nearest `pyproject.toml` at or above `start`, stopping at a repository root."""
    current = start.resolve()
    for folder in (current, *current.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def configured_rule_dirs(pyproject: Path | None) -> list[Path]:
    """Extra catalogue folders from `[tool.agentreview] rules-dirs`, relative to that file."""
    if pyproject is None:
        return []
    try:
        text = pyproject.read_text(encoding="utf-8")
        if "agentreview" not in text:
            return []  # the common case, without paying for tomllib's import
        import tomllib

        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError):
        # tomllib.TOMLDecodeError is a ValueError.
        # A broken pyproject is the review pipeline's to report; the catalogue stays usable.
        return []
    table = data.get("tool", {}).get("agentreview", {})
    dirs = table.get("rules-dirs", []) if isinstance(table, dict) else []
    if not isinstance(dirs, list):
        return []
    return [pyproject.parent / str(entry) for entry in dirs]


def rule_files(dirs: list[Path]) -> list[Path]:
    """Every `*.yaml` / `*.yml` file in `dirs` (a file given directly counts too), in a stable order."""
    files: list[Path] = []
    for entry in dirs:
        if entry.is_file():
            files.append(entry)
        elif entry.is_dir():
            files.extend(sorted(p for p in entry.iterdir() if p.suffix in {".yaml", ".yml"}))
    return files

"""A compiled cache of the validated catalogue, for the query commands and the reviewer.

Agents call `agentreview rules show` and the reviewer in loops. Importing pydantic and PyYAML
costs more than Python and typer together, so both read the catalogue as JSON that was
validated once. The cache key covers agentreview's version and every rule file's path, size and
modification time: editing, adding or removing a rule file invalidates it.

Set AGENTREVIEW_NO_CACHE=1 to bypass it; AGENTREVIEW_CACHE_DIR moves it.

The built-in catalogue also ships compiled (`rules/compiled.json`), so that a PR bot on a
fresh runner, whose cache is always empty, does not validate it on every run either. That
file names the SHA-256 of the rule files it was compiled from and is used only when they
still match byte for byte; regenerate it with `uv run python -m agentreview.catalogue.cache`
(a test fails while it is stale).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from agentreview import __version__
from agentreview.catalogue.locate import (
    configured_rule_dirs,
    data_dir,
    find_pyproject,
    rule_files,
)

CatalogueData = dict[str, Any]  # Catalogue.model_dump(mode="json"): categories, rules, matrix


def cache_dir() -> Path:
    override = os.environ.get("AGENTREVIEW_CACHE_DIR")
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "agentreview"


def catalogue_files(start: Path | None = None) -> list[Path]:
    """The built-in rule files plus those configured for the project around `start` (cwd)."""
    pyproject = find_pyproject(start or Path.cwd())
    return rule_files([data_dir("rules"), *configured_rule_dirs(pyproject)])


def _key(files: list[Path]) -> str:
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        stat = path.stat()
        digest.update(f"\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


SHIPPED_NAME = "compiled.json"


def shipped_path() -> Path:
    return data_dir("rules") / SHIPPED_NAME


def content_key(files: list[Path]) -> str:
    """SHA-256 over the rule files' names and bytes (not their paths or times, which differ
    between a checkout and an installed wheel)."""
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(f"\0{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _shipped(files: list[Path]) -> CatalogueData | None:
    """The shipped compiled catalogue, when `files` are exactly the built-in rule files it
    was compiled from."""
    if files != rule_files([data_dir("rules")]):
        return None
    try:
        shipped = json.loads(shipped_path().read_bytes())
        if shipped["sha256"] == content_key(files):
            data: CatalogueData = shipped["catalogue"]
            return data
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, damaged or not a mapping: validate as usual
    return None


def write_shipped() -> Path:
    """Compile the built-in rule files into `rules/compiled.json` (validating them first)."""
    from agentreview.catalogue.loader import validate_files
    from agentreview.errors import CatalogueError

    files = rule_files([data_dir("rules")])
    catalogue, problems = validate_files(files)
    if problems:
        raise CatalogueError(problems)
    shipped = {
        "generated": "by `uv run python -m agentreview.catalogue.cache`; do not edit",
        "sha256": content_key(files),
        "catalogue": catalogue.model_dump(mode="json"),
    }
    path = shipped_path()
    path.write_text(json.dumps(shipped, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_catalogue_data(start: Path | None = None) -> CatalogueData:
    """The catalogue configured for the project around `start` (cwd), as plain data."""
    return catalogue_data(catalogue_files(start))


def catalogue_data(files: list[Path], *, fresh: bool = False) -> CatalogueData:
    """The validated catalogue of `files` as plain data, from the cache when it is current
    (`fresh`: validate the files again and rewrite the cache).

    Raises CatalogueError (exit 2) when the rule files do not validate.
    """
    use_cache = os.environ.get("AGENTREVIEW_NO_CACHE", "") in {"", "0"}
    shipped = _shipped(files) if use_cache and not fresh else None
    if shipped is not None:
        return shipped
    cache_file = cache_dir() / f"catalogue-{_key(files)}.json" if use_cache else None
    if cache_file is not None and not fresh:
        try:
            data: CatalogueData = json.loads(cache_file.read_bytes())
            return data
        except (OSError, ValueError):
            pass  # missing or damaged: rebuild below

    from agentreview.catalogue.loader import validate_files
    from agentreview.errors import CatalogueError

    catalogue, problems = validate_files(files)
    if problems:
        raise CatalogueError(problems)
    data = catalogue.model_dump(mode="json")
    if cache_file is not None:
        _write(cache_file, data)
    return data


def _write(cache_file: Path, data: CatalogueData) -> None:
    """Write atomically and drop stale entries; a read-only home just means no cache."""
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_file.parent, prefix=".catalogue-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, separators=(",", ":"))
        os.replace(tmp, cache_file)
        for stale in cache_file.parent.glob("catalogue-*.json"):
            if stale != cache_file:
                stale.unlink(missing_ok=True)
    except OSError:
        pass


if __name__ == "__main__":
    print(f"wrote {write_shipped()}")

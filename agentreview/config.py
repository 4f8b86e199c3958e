"""`[tool.agentreview]` in a pyproject.toml: what a repository asks of the reviewer.

```toml
[tool.agentreview]
select = ["ASYNC", "DEP001"]          # rule IDs or families; default: every rule
ignore = ["LINT002"]
exclude = ["migrations/", "scripts/*.py"]
fail-on = "error"                      # error | warning (default) | info | never
rules-dirs = ["ci/agentreview-rules"]  # extra catalogue folders, relative to this file

[tool.agentreview.per-file-ignores]
"tests/*" = ["SEC003"]

[tool.agentreview.severity]
API002 = "warning"
```

This module only reads and checks the shapes; rule IDs are checked against the catalogue
by `selection.py`, which also applies the command-line options on top.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from agentreview.errors import AgentreviewError

FAIL_ON_VALUES = ("error", "warning", "info", "never")
SEVERITY_VALUES = ("error", "warning", "info")

_KEYS = ("select", "ignore", "per-file-ignores", "exclude", "severity", "fail-on", "rules-dirs")


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    source: Path | None = None  # the file the table came from
    select: tuple[str, ...] | None = None  # None: not set (every rule)
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str | None = None
    rules_dirs: tuple[Path, ...] = ()

    def origin(self, key: str) -> str:
        """Where a setting came from, for error messages."""
        return f"{self.source}: [tool.agentreview] {key}"


def load_config(path: Path | None, *, explicit: bool) -> ProjectConfig:
    """Read `[tool.agentreview]` from `path`.

    A missing default pyproject.toml means no configuration; a missing `--config` file is an
    error, since the user asked for it.
    """
    if path is None:
        return ProjectConfig()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise AgentreviewError(f"--config {path}: no such file") from None
        return ProjectConfig()
    except (OSError, UnicodeDecodeError) as exc:
        raise AgentreviewError(f"{path}: cannot be read: {exc}") from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AgentreviewError(f"{path}: not valid TOML: {exc}") from None
    tool = document.get("tool", {})
    table = tool.get("agentreview") if isinstance(tool, dict) else None
    if table is None:
        return ProjectConfig(source=path)
    if not isinstance(table, dict):
        raise AgentreviewError(f"{path}: [tool.agentreview] must be a table")
    return _parse_table(path, table)


def _parse_table(path: Path, table: dict[str, Any]) -> ProjectConfig:
    where = f"{path}: [tool.agentreview]"
    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(_KEYS)})"
            raise AgentreviewError(f"{where}: unknown key {key!r}{hint}")
    select = table.get("select")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise AgentreviewError(f"{where} per-file-ignores must be a table of glob = [IDs]")
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise AgentreviewError(f'{where} severity must be a table of ID = "error|warning|info"')
    for rule_id, level in severity.items():
        if level not in SEVERITY_VALUES:
            raise AgentreviewError(
                f"{where} severity: {rule_id} = {level!r}; use one of {', '.join(SEVERITY_VALUES)}"
            )
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON_VALUES:
        raise AgentreviewError(
            f"{where} fail-on = {fail_on!r}; use one of {', '.join(FAIL_ON_VALUES)}"
        )
    return ProjectConfig(
        source=path,
        select=None if select is None else _string_list(select, f"{where} select"),
        ignore=_string_list(table.get("ignore", []), f"{where} ignore"),
        per_file_ignores=tuple(
            (glob, _string_list(ids, f"{where} per-file-ignores {glob!r}"))
            for glob, ids in per_file.items()
        ),
        exclude=_string_list(table.get("exclude", []), f"{where} exclude"),
        severity={str(rule_id): str(level) for rule_id, level in severity.items()},
        fail_on=fail_on,
        rules_dirs=tuple(
            path.parent / folder
            for folder in _string_list(table.get("rules-dirs", []), f"{where} rules-dirs")
        ),
    )


def _string_list(value: object, where: str) -> tuple[str, ...]:
    """A list of strings; a single comma-separated string is accepted too."""
    if isinstance(value, str):
        return split_comma_list(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value if item.strip())
    raise AgentreviewError(f"{where} must be a list of strings")


def split_comma_list(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def glob_matches(path: str, pattern: str) -> bool:
    """Whether the repository-relative `path` matches `pattern`.

    A pattern without `/` matches any path component (`tests`, `test_*.py`); one with `/`
    is anchored at the root (`app/legacy/*`) unless it starts with `**/`. A pattern that
    names a folder covers everything below it. `*` crosses `/`, as in fnmatch.
    """
    pattern = pattern.strip().removeprefix("./").rstrip("/")
    if not pattern:
        return False
    parts = path.split("/")
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in parts)
    floating = pattern.startswith("**/")
    body = pattern[3:] if floating else pattern
    starts = range(len(parts)) if floating else range(1)
    return any(
        fnmatchcase("/".join(parts[start:end]), body)
        for start in starts
        for end in range(start + 1, len(parts) + 1)
    )

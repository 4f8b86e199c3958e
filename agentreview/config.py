"""`[tool.agentreview]` in a pyproject.toml: what a repository asks of the reviewer.

```toml
[tool.agentreview]
select = ["ASYNC", "DEP001"]          # rule IDs or families; default: every rule
ignore = ["LINT002"]
exclude = ["migrations/", "scripts/*.py"]
fail-on = "error"                      # error | warning (default) | info | never
rules-dirs = ["ci/agentreview-rules"]  # extra catalogue folders, relative to this file
max-patch-bytes = 50_000_000           # limits that bound time and memory (diff/limits.py)
max-file-bytes = 2_000_000
max-line-length = 10_000

[tool.agentreview.per-file-ignores]
"tests/*" = ["SEC003"]

[tool.agentreview.severity]
API002 = "warning"
```

This module only reads and checks the shapes; rule IDs are checked against the catalogue
by `selection.py`, which also applies the command-line options on top.

The pyproject.toml found in the reviewed tree comes with the change under review, so it is
read like the rest of that tree: only as a regular file inside it, of bounded size, and its
`rules-dirs` must stay inside it too. A file named with `--config` is the user's choice.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from agentreview.diff.limits import Limits
from agentreview.diff.shown import shown
from agentreview.diff.source import read_at_most, resolve_inside
from agentreview.errors import AgentreviewError

FAIL_ON_VALUES = ("error", "warning", "info", "never")
SEVERITY_VALUES = ("error", "warning", "info")

_KEYS = (
    "select",
    "ignore",
    "per-file-ignores",
    "exclude",
    "severity",
    "fail-on",
    "rules-dirs",
    "max-patch-bytes",
    "max-file-bytes",
    "max-line-length",
)
_LIMIT_KEYS = {
    "max-patch-bytes": "max_patch_bytes",
    "max-file-bytes": "max_file_bytes",
    "max-line-length": "max_line_length",
}
_MAX_CONFIG_BYTES = 5_000_000


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
    limits: Limits = field(default_factory=Limits)

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
        text = _read_config(path, explicit=explicit)
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
    return _parse_table(path, table, explicit=explicit)


def _read_config(path: Path, *, explicit: bool) -> str:
    """The file's text; a tree's own pyproject.toml only when it is a regular file inside it."""
    if not explicit:
        inside, refused = resolve_inside(path.parent, path.name)
        if inside is None:
            raise AgentreviewError(f"{path}: {refused}")
        if not inside.exists():
            raise FileNotFoundError(path)
        path = inside
    if path.exists() and not path.is_file():
        raise AgentreviewError(f"{path}: not a regular file; not read")
    data = read_at_most(path, _MAX_CONFIG_BYTES)
    if data is None:
        raise AgentreviewError(f"{path}: over {_MAX_CONFIG_BYTES} bytes; not read")
    return data.decode("utf-8")


def _parse_table(path: Path, table: dict[str, Any], *, explicit: bool) -> ProjectConfig:
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
                f"{where} severity: {shown(str(rule_id))} = {level!r}; "
                f"use one of {', '.join(SEVERITY_VALUES)}"
            )
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON_VALUES:
        raise AgentreviewError(
            f"{where} fail-on = {fail_on!r}; use one of {', '.join(FAIL_ON_VALUES)}"
        )
    return ProjectConfig(
        source=path,
        limits=Limits(
            **{
                attribute: _positive_int(table[key], f"{where} {key}")
                for key, attribute in _LIMIT_KEYS.items()
                if key in table
            }
        ),
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
            _rules_dir(path.parent, folder, f"{where} rules-dirs", explicit=explicit)
            for folder in _string_list(table.get("rules-dirs", []), f"{where} rules-dirs")
        ),
    )


def _rules_dir(base: Path, folder: str, where: str, *, explicit: bool) -> Path:
    """A rules folder; from the reviewed tree's own file, only one inside that tree."""
    if not explicit:
        inside, refused = resolve_inside(base, folder)
        if inside is None:
            raise AgentreviewError(
                f"{where}: {folder!r}: {refused} (rules-dirs must stay inside the repository "
                "unless the file is given with --config)"
            )
    return base / folder


def _positive_int(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AgentreviewError(f"{where} must be a positive whole number, not {value!r}")
    return value


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

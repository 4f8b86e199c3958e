"""Load `rules/*.yaml`, validate it against the schema, and report every problem.

Each problem is one line, `FILE: RULE_ID: field: what is wrong`, so that someone adding a
rule file sees all of its mistakes at once rather than one traceback at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from agentreview.catalogue.locate import data_dir, rule_files
from agentreview.catalogue.schema import Catalogue, Category, MatrixEntry, Rule, RuleFile
from agentreview.errors import CatalogueError

NO_RULE = "-"  # stands for the rule ID in problems that belong to no single rule

try:  # libyaml's loader is several times faster; fall back to the pure-Python one
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


def builtin_rule_dirs() -> list[Path]:
    return [data_dir("rules")]


def load_catalogue(extra_dirs: Sequence[Path] = ()) -> Catalogue:
    """The built-in catalogue plus `extra_dirs`, validated; raises CatalogueError listing every problem."""
    catalogue, problems = validate_files(rule_files([*builtin_rule_dirs(), *extra_dirs]))
    if problems:
        raise CatalogueError(problems)
    return catalogue


def validate_files(files: Sequence[Path]) -> tuple[Catalogue, list[str]]:
    """Validate `files` as one catalogue. Returns what loaded and the problems found."""
    problems: list[str] = []
    loaded: list[tuple[Path, RuleFile]] = []
    for path in files:
        rule_file = _load_file(path, problems)
        if rule_file is not None:
            loaded.append((path, rule_file))

    categories: dict[str, Category] = {}
    rules: dict[str, tuple[Path, Rule]] = {}
    matrix: list[MatrixEntry] = []
    for path, rule_file in loaded:
        category = rule_file.category
        if category.id in categories:
            problems.append(
                f"{path}: {NO_RULE}: category.id: category {category.id!r} is declared twice"
            )
        categories.setdefault(category.id, category)
        for rule in rule_file.rules:
            if rule.id in rules:
                other = rules[rule.id][0]
                problems.append(f"{path}: {rule.id}: id: duplicate rule ID (also in {other})")
                continue
            rules[rule.id] = (path, rule)
        matrix.extend(rule_file.matrix)

    for rule_id, (path, rule) in rules.items():
        if rule.category not in categories:
            known = ", ".join(sorted(categories)) or "none"
            problems.append(
                f"{path}: {rule_id}: category: unknown category {rule.category!r} (known: {known})"
            )
    for path, rule_file in loaded:
        for entry in rule_file.matrix:
            if entry.rule not in rules:
                problems.append(
                    f"{path}: {entry.rule}: matrix: row for {entry.package!r} names an unknown rule"
                )

    order = {c.id: (c.order, c.id) for c in categories.values()}
    ordered_rules = sorted(
        (rule for _, rule in rules.values()),
        key=lambda r: (order.get(r.category, (1_000, r.category)), r.id),
    )
    catalogue = Catalogue(
        categories=sorted(categories.values(), key=lambda c: order[c.id]),
        rules=ordered_rules,
        matrix=matrix,
    )
    return catalogue, problems


def _load_file(path: Path, problems: list[str]) -> RuleFile | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: {NO_RULE}: file: cannot be read: {exc}")
        return None
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        problems.append(f"{path}: {NO_RULE}: yaml: {where}{problem}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path}: {NO_RULE}: file: expected a mapping with `category` and `rules`")
        return None
    try:
        return RuleFile.model_validate(data)
    except ValidationError as exc:
        problems.extend(_describe(path, data, exc))
        return None


def _describe(path: Path, data: dict[str, Any], exc: ValidationError) -> list[str]:
    """Turn pydantic's errors into `FILE: RULE_ID: field: message` lines."""
    lines: list[str] = []
    raw_rules = data.get("rules")
    for error in exc.errors(include_url=False):
        loc = list(error["loc"])
        rule_id = NO_RULE
        if len(loc) >= 2 and loc[0] == "rules" and isinstance(loc[1], int):
            index = loc[1]
            raw = (
                raw_rules[index] if isinstance(raw_rules, list) and index < len(raw_rules) else None
            )
            rule_id = (
                str(raw.get("id", f"rules[{index}]"))
                if isinstance(raw, dict)
                else f"rules[{index}]"
            )
            loc = loc[2:]
        field = ".".join(str(part) for part in loc) or "rule"
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "missing":
            message = "required field is missing"
        elif error["type"] == "extra_forbidden":
            message = "unknown field"
        elif error["type"] == "enum":
            message = f"{message} (got {error['input']!r})"
        lines.append(f"{path}: {rule_id}: {field}: {message}")
    return lines

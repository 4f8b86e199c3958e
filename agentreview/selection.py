"""Which rules run on which file, at which severity, and what fails the run.

Selectors are rule IDs (`ASYNC001`), families (`ASYNC`, `DEPS`), a family with the first
digits of its numbers (`ASYNC00`), or `ALL`. `DEP` selects the DEP family only, never
`DEPS`. Command-line options win over the configuration: `--select` replaces the
configured selection (ignores included), `--ignore` removes rules, `--fail-on` replaces
`fail-on`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from agentreview.config import FAIL_ON_VALUES, ProjectConfig, glob_matches, split_comma_list
from agentreview.errors import AgentreviewError
from agentreview.findings import SEVERITY_RANK, SeverityName

ALL = "ALL"
DEFAULT_FAIL_ON = "warning"


@dataclass(frozen=True, slots=True)
class KnownRule:
    id: str
    category: str


class RuleUniverse:
    """The rule IDs and families the catalogue knows, for expanding selectors."""

    def __init__(self, rules: Iterable[KnownRule]) -> None:
        self.rules = tuple(rules)
        self.categories = frozenset(rule.category for rule in self.rules)

    def expand(self, selectors: Iterable[str], origin: str) -> frozenset[str]:
        chosen: set[str] = set()
        for selector in selectors:
            chosen |= self._expand_one(selector.strip().upper(), origin)
        return frozenset(chosen)

    def _expand_one(self, selector: str, origin: str) -> frozenset[str]:
        if selector == ALL:
            return frozenset(rule.id for rule in self.rules)
        matched = frozenset(
            rule.id
            for rule in self.rules
            if selector == rule.category
            or (
                rule.id.startswith(selector)
                and selector.startswith(rule.category)
                and selector[len(rule.category) :].isdigit()
            )
        )
        if not matched:
            raise AgentreviewError(
                f"unknown rule ID or family {selector!r} in {origin}{self._hint(selector)}"
            )
        return matched

    def _hint(self, selector: str) -> str:
        candidates = sorted(self.categories) + [rule.id for rule in self.rules]
        close = difflib.get_close_matches(selector, candidates, n=3, cutoff=0.5)
        if close:
            return f"; did you mean {', '.join(close)}?"
        return " (`agentreview rules list` shows the rule IDs)"


@dataclass(frozen=True, slots=True)
class Selection:
    selected: frozenset[str]
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...]
    exclude: tuple[str, ...]
    severity: dict[str, SeverityName]
    fail_on: str

    def rules_for(self, path: str) -> frozenset[str]:
        ignored: set[str] = set()
        for pattern, rule_ids in self.per_file_ignores:
            if glob_matches(path, pattern):
                ignored |= rule_ids
        return self.selected - ignored

    def is_excluded(self, path: str) -> bool:
        return any(glob_matches(path, pattern) for pattern in self.exclude)

    def severity_of(self, rule_id: str, default: SeverityName) -> SeverityName:
        return self.severity.get(rule_id, default)

    def fails(self, severity: str) -> bool:
        if self.fail_on == "never":
            return False
        return SEVERITY_RANK[severity] >= SEVERITY_RANK[self.fail_on]


def check_fail_on(value: str | None) -> None:
    if value is not None and value not in FAIL_ON_VALUES:
        raise AgentreviewError(f"--fail-on {value!r}: use one of {', '.join(FAIL_ON_VALUES)}")


def build_selection(
    universe: RuleUniverse,
    config: ProjectConfig,
    *,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
) -> Selection:
    check_fail_on(fail_on)
    # Layers, as in ruff: the configuration's select/ignore, then the command line's. A
    # `--select` starts the set afresh (so it can re-enable what the config ignores);
    # `--ignore` removes from whatever the layers below left.
    selected = (
        universe.expand(config.select, config.origin("select"))
        if config.select is not None
        else frozenset(rule.id for rule in universe.rules)
    )
    selected -= universe.expand(config.ignore, config.origin("ignore"))
    if select is not None:
        selected = universe.expand(split_comma_list(select), "--select")
    if ignore is not None:
        selected -= universe.expand(split_comma_list(ignore), "--ignore")
    severity: dict[str, SeverityName] = {}
    for selector, level in config.severity.items():
        for rule_id in universe.expand([selector], config.origin("severity")):
            severity[rule_id] = _severity_name(level)
    return Selection(
        selected=selected,
        per_file_ignores=tuple(
            (pattern, universe.expand(ids, config.origin(f"per-file-ignores {pattern!r}")))
            for pattern, ids in config.per_file_ignores
        ),
        exclude=config.exclude,
        severity=severity,
        fail_on=fail_on or config.fail_on or DEFAULT_FAIL_ON,
    )


def _severity_name(level: str) -> SeverityName:
    if level == "error":
        return "error"
    if level == "warning":
        return "warning"
    return "info"

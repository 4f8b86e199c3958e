"""Fitting a target's documented limits by priority, and saying what moved.

Start with every rule in full. While a file breaks a limit, take the next step that
shrinks that file, in this order:

1. drop why and code from rules, least important first (severity, then detectability);
2. drop the "instead" column of the anti-pattern table;
3. drop category descriptions, legends and explanations (lean prose);
4. cut rules to ID and summary (they stay in the quick reference), least important first;
5. list the anti-pattern IDs by severity instead of a table;
6. drop the notes of the compatibility matrix;
7. write the remaining tables as one-line lists (terse).

Where the target links reference files (the Claude skill), the full text of every shortened
rule goes there. If a file still does not fit, rendering stops with an error: nothing is
ever cut silently.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from agentreview.catalogue.schema import Catalogue, Rule
from agentreview.errors import AgentreviewError
from agentreview.render.engine import RenderedFile
from agentreview.render.targets import NO_LIMITS, Limits, Target
from agentreview.render.views import Level, PackState, TableLevel, priority

# Renders a target's files for a packing state: those the filter accepts, or all with None.
Render = Callable[[PackState, Callable[[str, Limits], bool] | None], list[RenderedFile]]


@dataclass(frozen=True)
class Step:
    paths: frozenset[str]  # the files it shrinks
    apply: Callable[[PackState], PackState]


@dataclass(frozen=True)
class Packed:
    files: list[RenderedFile]
    state: PackState
    report: list[str]


def pack(catalogue: Catalogue, target: Target, render: Render) -> Packed:
    state = PackState(levels={rule.id: Level.FULL for rule in catalogue.rules})
    remaining = _steps(catalogue, target)

    def limited(path: str, limits: Limits) -> bool:
        return limits != NO_LIMITS or target.total_chars is not None

    files = render(state, limited)
    while problems := violations(files, target):
        over = {path for path, _ in problems}
        candidates = [step for step in remaining if "*" in over or step.paths & over]
        if not candidates:
            raise AgentreviewError(_unfit_message(target, problems))
        # Taking one candidate at a time would apply them in this order until the set of
        # files over a limit changes; bisection finds that point in a few renders.
        files_over = partial(_files_over, render, target, over)
        taken = _steps_until_change(state, candidates, over, files_over)
        for step in candidates[:taken]:
            remaining.remove(step)
            state = step.apply(state)
        files = render(state, limited)
    return Packed(files=render(state, None), state=state, report=report(catalogue, target, state))


def _files_over(render: Render, target: Target, over: set[str], trial: PackState) -> set[str]:
    """The files over a limit at `trial`. Steps only shrink files, so only the files that
    were over (`over`) need measuring."""

    def measured(path: str, limits: Limits) -> bool:
        return "*" in over or path in over

    return {path for path, _ in violations(render(trial, measured), target)}


def _steps_until_change(
    state: PackState,
    candidates: list[Step],
    over: set[str],
    files_over: Callable[[PackState], set[str]],
) -> int:
    """The fewest leading candidates after which the set of files over a limit differs from
    `over` (all of them when it never does). Shrinking a file never grows it back, so the
    answer can be bisected."""

    def changed(count: int) -> bool:
        shrunk = state
        for step in candidates[:count]:
            shrunk = step.apply(shrunk)
        return files_over(shrunk) != over

    low, high = 1, len(candidates)
    if not changed(high):
        return high
    while low < high:
        middle = (low + high) // 2
        if changed(middle):
            high = middle
        else:
            low = middle + 1
    return low


def violations(files: list[RenderedFile], target: Target) -> list[tuple[str, str]]:
    """(path, what is wrong) for each broken limit; `*` for the target's total."""
    found = [(file.path, problem) for file in files for problem in file.limits.problems(file.text)]
    if target.total_chars is not None:
        total = sum(len(file.text) for file in files)
        if total > target.total_chars:
            found.append(
                (
                    "*",
                    f"{total:,} characters in all, over the {target.total_chars:,}-character limit",
                )
            )
    return found


def _steps(catalogue: Catalogue, target: Target) -> list[Step]:
    order = {rule.id: index for index, rule in enumerate(catalogue.rules)}
    least_first = sorted(catalogue.rules, key=lambda rule: priority(rule, order[rule.id]))

    def home(rule: Rule) -> frozenset[str]:
        path = target.category_file(rule.category.lower()) if target.split else target.main_path
        return frozenset({path})

    def to_level(rule_id: str, level: Level) -> Callable[[PackState], PackState]:
        return lambda state: dataclasses.replace(state, levels={**state.levels, rule_id: level})

    def table(level: TableLevel) -> Callable[[PackState], PackState]:
        return lambda state: dataclasses.replace(state, table=level)

    main = frozenset({target.main_path})
    # Lean and terse apply to every file at once; any file over its limit may trigger them.
    everywhere = main.union(*(home(rule) for rule in catalogue.rules))
    return [
        *(Step(home(rule), to_level(rule.id, Level.BRIEF)) for rule in least_first),
        Step(main, table(TableLevel.NO_FIX)),
        Step(everywhere, lambda state: dataclasses.replace(state, lean=True)),
        *(Step(home(rule), to_level(rule.id, Level.LINE)) for rule in least_first),
        Step(main, table(TableLevel.IDS)),
        Step(main, lambda state: dataclasses.replace(state, matrix_notes=False)),
        Step(everywhere, lambda state: dataclasses.replace(state, terse=True)),
    ]


def _unfit_message(target: Target, problems: list[tuple[str, str]]) -> str:
    path, problem = problems[0]
    where = f"{target.name} output" if path == "*" else path
    return (
        f"{where} is {problem} even with every rule cut to its ID and summary; "
        "render fewer rules with --select, --ignore or --min-severity"
    )


def report(catalogue: Catalogue, target: Target, state: PackState) -> list[str]:
    """One line per file that lost something, naming what and where it went."""
    lines: list[str] = []
    by_file: dict[str, list[Rule]] = {}
    for rule in catalogue.rules:
        if state.level(rule.id) is not Level.FULL:
            file = target.category_file(rule.category.lower()) if target.split else target.main_path
            by_file.setdefault(file, []).append(rule)
    for file, rules in by_file.items():
        limit = _limits_phrase(target, file)
        brief = [rule for rule in rules if state.level(rule.id) is Level.BRIEF]
        line_only = [rule for rule in rules if state.level(rule.id) is Level.LINE]
        if target.reference_path is not None:
            # Named relative to the main file, as its links name them.
            folder = posixpath.dirname(target.main_path)
            homes = sorted(
                {
                    posixpath.relpath(target.reference_file(r.category.lower()), folder)
                    for r in rules
                }
            )
            lines.append(
                f"{file}: to fit {limit}: full text of {_count(rules)} moved to "
                f"{', '.join(homes)}"
                + (
                    f" ({len(line_only)} of them kept here as ID and summary only)"
                    if line_only
                    else ""
                )
            )
            continue
        parts = []
        if brief:
            parts.append(f"why and code of {_count(brief)} dropped")
        if line_only:
            parts.append(f"{_count(line_only)} kept as ID and summary only")
        lines.append(
            f"{file}: to fit {limit}: {'; '.join(parts)} "
            "(`agentreview rules show ID` prints them in full)"
        )
    if state.table is not TableLevel.FULL:
        form = (
            "without its Instead column"
            if state.table is TableLevel.NO_FIX
            else "as IDs by severity"
        )
        lines.append(f"{target.main_path}: anti-pattern table {form}")
    if not state.matrix_notes:
        lines.append(f"{target.main_path}: compatibility matrix without its notes")
    if state.lean:
        lines.append("all files: category descriptions, legends and explanations dropped")
    if state.terse:
        lines.append("all files: tables written as one-line lists, without the category index")
    return lines


def _limits_phrase(target: Target, file: str) -> str:
    limits = target.main_limits if file == target.main_path else target.category_limits
    phrases = [limits.describe()] if limits.describe() else []
    if target.total_chars is not None:
        phrases.append(f"{target.total_chars:,} characters in all")
    return " and ".join(phrases) or "the limits"


def _count(rules: list[Rule]) -> str:
    """`12 rules (2 warning, 10 info)`."""
    severities = Counter(rule.severity.value for rule in rules)
    detail = ", ".join(
        f"{severities[s]} {s}" for s in ("error", "warning", "info") if severities[s]
    )
    noun = "rule" if len(rules) == 1 else "rules"
    return f"{len(rules)} {noun} ({detail})"

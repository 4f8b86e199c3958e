"""Fixing one file: review it as the review pipeline does, apply its findings' edits, repeat.

A round:
1. `review_file` gives the change's findings (introduced, selected, not suppressed): the
   same findings `agentreview review` reports. For a Python file the engine runs once more
   in fix mode for the edits that need an import (matched to the findings by their span).
2. The edits that do not overlap are applied, in the file's own line endings; if the result
   does not parse (or no longer compiles, when the file did), each edit is tried on its own
   and the ones that break the file are dropped with a note.
3. The imports the applied edits need are added once (`imports.py`).
When no edit is left, the imports the fixes left unused are removed (`orphans.py`).
Overlapping edits wait: the next round re-reviews the new text, with the change's lines
(and the lines of the findings just seen) carried over, until no edit is left.
"""

from __future__ import annotations

import tomllib
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from agentreview.analysis.engine import source_lines
from agentreview.analysis.python import analyse_python, parse_module
from agentreview.diff import ChangedFile, Hunk, PostChangeSource
from agentreview.diff.source import split_source_lines
from agentreview.findings import Finding, Suggestion
from agentreview.fixes.imports import add_imports
from agentreview.fixes.model import RequiredImport, imports_of
from agentreview.fixes.orphans import remove_orphaned_imports
from agentreview.review import ReviewContext, file_kind, review_file

MAX_ROUNDS = 10
Checker = Callable[[str], str | None]  # the text -> why it is broken, or None


@dataclass(frozen=True, slots=True)
class Edit:
    """Whole lines start..end (1-based, inclusive) become `text`; shared by its findings."""

    start: int
    end: int
    text: str
    imports: tuple[RequiredImport, ...]
    findings: tuple[Finding, ...]

    @property
    def identity(self) -> tuple[str, str]:
        return (self.findings[0].rule_id, self.text)


@dataclass(slots=True)
class FileFix:
    path: str
    before: str
    after: str
    fixed: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.before != self.after


def fix_file(change: ChangedFile, text: str, context: ReviewContext) -> FileFix:
    """The file's text with the fixes of the change's findings applied."""
    result = FileFix(change.path, text, text)
    outcome = review_file(change, _given(text), context)
    if outcome.entry.mode == "diff-only":
        reason = outcome.entry.reason or "not available whole"
        result.notes.append(f"{change.path}: skipped, no fixes: {reason}")
        return result
    if outcome.entry.mode != "full":
        return result
    check = checker_for(change.path, text)
    findings, added = outcome.findings, set(change.added_lines)
    dropped: set[tuple[str, str]] = set()
    for _ in range(MAX_ROUNDS):
        edits = [
            edit
            for edit in edits_for(findings, result.after, change.path, context)
            if edit.identity not in dropped
        ]
        if not edits:
            break
        round_ = apply_round(result.after, edits, change.path, check)
        for edit, problem in round_.refused:
            dropped.add(edit.identity)
            finding = edit.findings[0]
            result.notes.append(
                f"{change.path}:{finding.line}: {finding.rule_id} fix dropped: "
                f"it would break the file ({problem})"
            )
        new_text = round_.text
        if not round_.applied or new_text == result.after:
            break
        result.fixed.extend(finding for edit in round_.applied for finding in edit.findings)
        seen = {line for f in findings for line in range(f.line, f.end_line + 1)}
        added = round_.carry(added | seen)
        result.after = new_text
        again = review_file(_as_change(change.path, new_text, added), _given(new_text), context)
        findings = again.findings
    if result.changed and file_kind(change.path) == "python":
        pruned = remove_orphaned_imports(text, result.after)
        if pruned != result.after and check(pruned) is None:
            result.after = pruned
    return result


# --- the edits of a round ---------------------------------------------------------------------


def edits_for(
    findings: Sequence[Finding], text: str, path: str, context: ReviewContext
) -> list[Edit]:
    """The edit of each finding that has one, findings sharing an edit grouped."""
    if not findings:
        return []
    suggestions: dict[tuple[str, int, int, int, int], Suggestion | None]
    if file_kind(path) == "python":
        rule_ids = context.selection.rules_for(path)
        # The whole file, not only the findings' statements: some fixes judge uses anywhere
        # in the module (SEC001 refuses when a jose-only name is used).
        run = analyse_python(
            text, path, context.catalogue, rule_ids, repo_facts=context.facts, fix_mode=True
        )
        suggestions = {_key(finding): finding.suggestion for finding in run.findings}
    else:
        suggestions = {_key(finding): finding.suggestion for finding in findings}
    grouped: dict[tuple[int, int, str, tuple[RequiredImport, ...]], list[Finding]] = {}
    for finding in findings:
        suggestion = suggestions.get(_key(finding))
        if suggestion is None:
            continue
        key = (
            suggestion.start_line,
            suggestion.end_line,
            suggestion.replacement,
            imports_of(suggestion),
        )
        grouped.setdefault(key, []).append(finding)
    return [
        Edit(start, end, replacement, imports, tuple(group))
        for (start, end, replacement, imports), group in grouped.items()
    ]


def _key(finding: Finding) -> tuple[str, int, int, int, int]:
    return (finding.rule_id, finding.line, finding.column, finding.end_line, finding.end_column)


# --- applying a round -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Round:
    text: str  # the file after the round
    applied: list[Edit]  # in file order
    refused: list[tuple[Edit, str]]  # with the reason
    edited: str  # the file after the edits, before the imports were added

    def carry(self, numbers: set[int]) -> set[int]:
        """The lines of the new text that stand for `numbers` of the old one: a line an edit
        rewrote stands for all the lines the edit wrote; other lines move with the edits."""
        return _through_change(
            _through_edits(numbers, self.applied),
            source_lines(self.edited),
            source_lines(self.text),
        )


def apply_round(text: str, edits: Iterable[Edit], path: str, check: Checker) -> Round:
    """The edits that do not overlap, applied; those that break the file refused."""
    lines = source_lines(text)
    chosen = _non_overlapping(edits, len(lines))
    candidate = _splice(lines, chosen)
    refused: list[tuple[Edit, str]] = []
    if check(candidate) is None:
        applied = list(chosen)
    else:
        applied, current = [], lines
        for edit in sorted(chosen, key=lambda edit: edit.start, reverse=True):
            attempt = _splice(current, [edit])
            problem = check(attempt)
            if problem is None:
                applied.append(edit)
                current = source_lines(attempt)
            else:
                refused.append((edit, problem))
        candidate = "".join(current)
    applied.sort(key=lambda edit: edit.start)
    imports = {wanted for edit in applied for wanted in edit.imports}
    if not imports:
        return Round(candidate, applied, refused, candidate)
    module, _ = parse_module(candidate)
    with_imports = None if module is None else add_imports(module, imports).code
    problem = "the imports did not fit" if with_imports is None else check(with_imports)
    if with_imports is not None and problem is None:
        return Round(with_imports, applied, refused, candidate)
    # Without their imports those edits would leave names undefined: keep the rest.
    refused.extend((edit, problem or "") for edit in applied if edit.imports)
    rest = [edit for edit in applied if not edit.imports]
    text_without = _splice(lines, rest)
    if check(text_without) is not None:
        return Round(text, [], refused, text)
    return Round(text_without, rest, refused, text_without)


def _non_overlapping(edits: Iterable[Edit], line_count: int) -> list[Edit]:
    chosen: list[Edit] = []
    last = 0
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
        if edit.start > last and 1 <= edit.start <= edit.end <= line_count:
            chosen.append(edit)
            last = edit.end
    return chosen


def _splice(lines: Sequence[str], edits: Iterable[Edit]) -> str:
    """`lines` with each edit's range replaced (edits must not overlap)."""
    newline = _newline(lines)
    out = list(lines)
    for edit in sorted(edits, key=lambda edit: edit.start, reverse=True):
        replacement = [_with_ending(line, newline) for line in source_lines(edit.text)]
        if edit.end == len(lines) and not _ending(lines[-1]) and replacement:
            replacement[-1] = replacement[-1].rstrip("\r\n")  # the file had no final newline
        out[edit.start - 1 : edit.end] = replacement
    return "".join(out)


def _ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return line[-1] if line.endswith(("\n", "\r")) else ""


def _newline(lines: Sequence[str]) -> str:
    """The file's line ending: that of its first line (libcst's own rule)."""
    return next((_ending(line) for line in lines if _ending(line)), "\n")


def _with_ending(line: str, newline: str) -> str:
    return line.rstrip("\r\n") + newline


# --- checks -----------------------------------------------------------------------------------


def checker_for(path: str, original: str) -> Checker:
    """What a fixed text must still be: Python that parses, and compiles if it did;
    a pyproject.toml that is TOML; other files are taken as they are."""
    if path.endswith((".py", ".pyi")):
        compiles = _python_problem(original, compiles=True) is None
        return lambda text: _python_problem(text, compiles=compiles)
    if path.rsplit("/", 1)[-1] == "pyproject.toml":
        valid = _toml_problem(original) is None
        return lambda text: _toml_problem(text) if valid else None
    return lambda _text: None


def _python_problem(text: str, *, compiles: bool) -> str | None:
    module, error = parse_module(text)
    if module is None:
        return error or "does not parse"
    if not compiles:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<fixed>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"line {exc.lineno}: {exc.msg}"
    except (ValueError, RecursionError, MemoryError) as exc:
        return " ".join(str(exc).split()) or type(exc).__name__
    return None


def _toml_problem(text: str) -> str | None:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return str(exc)
    return None


# --- line bookkeeping -------------------------------------------------------------------------


def _through_edits(numbers: set[int], edits: Sequence[Edit]) -> set[int]:
    """`numbers` after the (non-overlapping, sorted) edits replaced their lines."""
    mapped: set[int] = set()
    shift, index = 0, 0
    for number in sorted(numbers):
        while index < len(edits) and edits[index].end < number:
            passed = edits[index]
            shift += _written(passed) - (passed.end - passed.start + 1)
            index += 1
        current = edits[index] if index < len(edits) else None
        if current is not None and current.start <= number:
            first = current.start + shift
            mapped.update(range(first, first + _written(current)))
        else:
            mapped.add(number + shift)
    return mapped


def _written(edit: Edit) -> int:
    return len(source_lines(edit.text))


def _through_change(numbers: set[int], old: Sequence[str], new: Sequence[str]) -> set[int]:
    """`numbers` across a change confined to one stretch (the imports): lines before and
    after it keep their text; a number inside it stands for the whole new stretch."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[len(old) - 1 - suffix] == new[len(new) - 1 - suffix]
    ):
        suffix += 1
    growth = len(new) - len(old)
    mapped: set[int] = set()
    for number in numbers:
        if number <= prefix:
            mapped.add(number)
        elif number > len(old) - suffix:
            mapped.add(number + growth)
        else:
            mapped.update(range(prefix + 1, len(new) - suffix + 1))
    return mapped


def _as_change(path: str, text: str, added: set[int]) -> ChangedFile:
    """The fixed file as a change whose added lines are `added`."""
    numbered = tuple(enumerate(split_source_lines(text), start=1))
    hunk = Hunk(lines=numbered, added=frozenset(added & {number for number, _ in numbered}))
    return ChangedFile(path=path, old_path=path, status="modified", patch_line=0, hunks=(hunk,))


def _given(text: str) -> Callable[[ChangedFile], PostChangeSource]:
    return lambda _changed: PostChangeSource(text)

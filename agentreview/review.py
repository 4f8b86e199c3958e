"""The review pipeline: a patch (or files) in, a report and an exit code out.

```
patch bytes -> ChangedFiles -> per file: skip? -> source (whole file if it matches, else
hunks) -> analysers -> severity overrides -> introduced? -> suppressed? -> fingerprints
-> Report -> reporter
```

Analysers are imported only when a file needs them, so a patch with no Python in it never
loads libcst.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from agentreview.collector import fewer_collections
from agentreview.config import ProjectConfig, load_config
from agentreview.diff import ChangedFile, Hunk, PostChangeSource, introduced, parse_patch
from agentreview.diff.limits import Limits
from agentreview.diff.paths import unsafe_to_show
from agentreview.diff.source import (
    decode_source,
    new_file_text,
    read_at_most,
    read_post_change,
    split_source_lines,
)
from agentreview.errors import AgentreviewError
from agentreview.findings import Finding, RepoFacts
from agentreview.fingerprint import assign_fingerprints
from agentreview.model_facts import Source, with_changed_models
from agentreview.parallel import run_in_processes, usable_cores
from agentreview.repo_facts import detect_repo_facts
from agentreview.report import FileEntry, Report, check_format, write_report
from agentreview.selection import KnownRule, RuleUniverse, Selection, build_selection, check_fail_on
from agentreview.suppressions import Suppressions
from agentreview.walk import collect_files, find_root

if TYPE_CHECKING:
    from agentreview.catalogue.compiled import Catalogue

PYTHON_SUFFIXES = (".py", ".pyi")
PostImage = Sequence[Sequence[tuple[int, str]]]


# -- the analysers' results, as this pipeline uses them --------------------------------------


class PythonFileResult(Protocol):
    @property
    def findings(self) -> Sequence[Finding]: ...

    @property
    def parse_error(self) -> str | None: ...


class HunkFileResult(Protocol):
    @property
    def findings(self) -> Sequence[Finding]: ...

    @property
    def unjudged(self) -> Sequence[str]: ...


class DependencyFileResult(Protocol):
    @property
    def findings(self) -> Sequence[Finding]: ...

    @property
    def notes(self) -> Sequence[str]: ...


def analyse_python_file(
    source: str,
    path: str,
    catalogue: Catalogue,
    rule_ids: Collection[str],
    facts: RepoFacts,
    *,
    changed_lines: Collection[int] | None = None,
) -> PythonFileResult:
    """With `changed_lines`, only the findings on those lines are complete (and the analysis
    costs what they need, not what the file holds)."""
    from agentreview.analysis import analyse_python

    return analyse_python(
        source, path, catalogue, rule_ids, repo_facts=facts, changed_lines=changed_lines
    )


def analyse_python_fragments(
    hunks: PostImage, path: str, catalogue: Catalogue, rule_ids: Collection[str], facts: RepoFacts
) -> HunkFileResult:
    from agentreview.analysis import analyse_python_hunks

    return analyse_python_hunks(hunks, path, catalogue, rule_ids, repo_facts=facts)


def is_dependency_path(path: str) -> bool:
    from agentreview.analysis.deps import is_dependency_file

    return is_dependency_file(path)


def analyse_dependencies(
    path: str, text: str | None, hunks: PostImage, catalogue: Catalogue, rule_ids: Collection[str]
) -> DependencyFileResult:
    from agentreview.analysis.deps import analyse_dependency_file

    return analyse_dependency_file(path, text, hunks, catalogue, rule_ids)


# -- entry points ------------------------------------------------------------------------------


@fewer_collections
def review_patch(
    patch: str,
    *,
    repo: Path | None,
    diff_only: bool,
    fmt: str,
    output: Path | None,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    config: Path | None,
) -> int:
    """Review a unified diff (a file, or `-` for stdin); returns the exit code."""
    check_format(fmt)
    check_fail_on(fail_on)
    if repo is not None and diff_only:
        raise AgentreviewError("--repo and --diff-only cannot be used together")
    if repo is not None and not repo.is_dir():
        raise AgentreviewError(f"--repo {repo}: not a directory")
    root = None if diff_only else (repo if repo is not None else Path.cwd())
    project = project_config(config, root)
    parsed = parse_patch(read_patch(patch, project.limits))
    context = review_context(
        project,
        select=select,
        ignore=ignore,
        fail_on=fail_on,
        facts=detect_repo_facts(root, (changed.path for changed in parsed.files)),
    )
    load = post_change_loader(root, project.limits)
    context = add_changed_models(
        context,
        [
            (changed.path, partial(_loaded_text, load, changed))
            for changed in parsed.files
            if changed.status != "deleted" and not changed.binary
        ],
    )
    outcomes = review_files(parsed.files, load, context)
    return _finish(outcomes, parsed.notes, context, fmt, output)


@fewer_collections
def check_paths(
    paths: list[Path],
    *,
    fmt: str,
    output: Path | None,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    config: Path | None,
) -> int:
    """Review whole files and folders, every line counting as new; returns the exit code."""
    check_format(fmt)
    check_fail_on(fail_on)
    root = find_root(paths)
    project = project_config(config, root)
    context = review_context(
        project, select=select, ignore=ignore, fail_on=fail_on, facts=detect_repo_facts(root)
    )
    files = list(
        collect_files(
            paths,
            root,
            wanted=lambda name: file_kind(name) is not None,
            excluded=context.selection.is_excluded,
        )
    )
    context = add_changed_models(
        context,
        [(name, partial(whole_text, file, context.limits)) for file, name, _explicit in files],
    )

    def one(index: int) -> FileOutcome:
        file, name, _explicit = files[index]
        if file_kind(name) is None or context.selection.is_excluded(name):
            # skipped for its name alone: no need to read it
            source = PostChangeSource("")
        else:
            source = read_whole(file, context.limits)
        if source.text is None:
            return FileOutcome(FileEntry(name, "skipped", source.reason))
        change = whole_file_change(name, split_source_lines(source.text))
        return review_file(change, _given(source), context)

    weights = [_python_size(file, name) for file, name, _explicit in files]
    outcomes = _map_files(one, weights)
    return _finish(outcomes, [], context, fmt, output)


# -- many files --------------------------------------------------------------------------------

# Below this many lines of Python to analyse (added lines, plus a little per file for the
# parts a change also needs), one process reviews everything: forking workers and loading
# libcst before the fork would cost more than the second core saves.
PARALLEL_MIN_LINES = 600
_LINES_PER_FILE = 50
_BYTES_PER_LINE = 40


def review_files(
    files: Sequence[ChangedFile],
    load: Callable[[ChangedFile], PostChangeSource],
    context: ReviewContext,
) -> list[FileOutcome]:
    """`review_file` for each file, in order; on several cores when there is enough Python."""

    def one(index: int) -> FileOutcome:
        return review_file(files[index], load, context)

    return _map_files(one, [_python_lines(changed) for changed in files])


def _map_files(task: Callable[[int], FileOutcome], weights: list[int]) -> list[FileOutcome]:
    """`task(i)` for each file i, in order: in worker processes, largest first, when the
    files' `weights` (lines of Python to analyse) add up to enough work for several cores."""
    workers = min(usable_cores(), sum(1 for weight in weights if weight))
    if workers > 1 and sum(weights) >= PARALLEL_MIN_LINES:
        _load_python_analysis()  # once, before the fork: the workers inherit it
        order = sorted(range(len(weights)), key=lambda index: -weights[index])
        done = run_in_processes(task, order, workers)
        if done is not None:
            # Whatever a dead worker took with it is done here.
            return [done[index] if index in done else task(index) for index in range(len(weights))]
    return [task(index) for index in range(len(weights))]


def _python_lines(changed: ChangedFile) -> int:
    if not changed.path.endswith(PYTHON_SUFFIXES) or changed.status == "deleted":
        return 0
    return len(changed.added_lines) + _LINES_PER_FILE


def _python_size(file: Path, name: str) -> int:
    """About how many lines a Python file holds, from its size (it is not read yet)."""
    if not name.endswith(PYTHON_SUFFIXES):
        return 0
    try:
        return file.stat().st_size // _BYTES_PER_LINE + _LINES_PER_FILE
    except OSError:
        return 0


def _load_python_analysis() -> None:
    from agentreview.analysis import python, registry

    del python, registry


# -- one file ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReviewContext:
    catalogue: Catalogue
    selection: Selection
    facts: RepoFacts
    overlaps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)


@dataclass(slots=True)
class FileOutcome:
    entry: FileEntry
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    line_text: dict[int, str] = field(default_factory=dict)  # see Report.line_text


def file_kind(path: str) -> str | None:
    """`python`, `dependency`, or None for files the reviewer has no rules for."""
    if path.endswith(PYTHON_SUFFIXES):
        return "python"
    if is_dependency_path(path):
        return "dependency"
    return None


def review_file(
    changed: ChangedFile,
    load: Callable[[ChangedFile], PostChangeSource],
    context: ReviewContext,
) -> FileOutcome:
    kind = file_kind(changed.path)
    reason = _skip_reason(changed, kind, context)
    if reason is not None:
        return FileOutcome(FileEntry(changed.path, "skipped", reason))
    hazard = _limit_or_hazard(changed, context.limits)
    if hazard is not None:
        return FileOutcome(FileEntry(changed.path, "skipped", hazard[0]), notes=[hazard[1]])
    rule_ids = context.selection.rules_for(changed.path)
    if not rule_ids:
        return FileOutcome(FileEntry(changed.path, "skipped", "every rule is ignored for it"))
    source = load(changed)
    outcome = FileOutcome(FileEntry(changed.path, "full"))
    if source.text is None:
        outcome.entry = FileEntry(changed.path, "diff-only", source.reason)
        if source.reason and source.reason != "--diff-only":
            outcome.notes.append(f"{changed.path}: reviewed from the diff only: {source.reason}")
    if source.undecodable:
        outcome.notes.append(
            f"{changed.path}: not valid UTF-8; undecodable bytes were replaced with U+FFFD"
        )
    if kind == "python":
        findings, lines = _analyse_python(changed, source.text, rule_ids, context, outcome)
    else:
        result = analyse_dependencies(
            changed.path, source.text, changed.post_image, context.catalogue, rule_ids
        )
        findings, lines = list(result.findings), _line_lookup(changed, source.text)
        outcome.notes.extend(result.notes)
    outcome.findings = _report_worthy(
        findings, changed, rule_ids, lines, context, whole=outcome.entry.mode == "full"
    )
    outcome.line_text = _end_lines_text(outcome.findings, lines)
    return outcome


def _skip_reason(changed: ChangedFile, kind: str | None, context: ReviewContext) -> str | None:
    if changed.status == "deleted":
        return "deleted"
    if changed.binary:
        return "binary file"
    if changed.is_symlink:
        return "symlink"
    if changed.is_submodule:
        return "submodule"
    if kind is None:
        return "not a Python or dependency file"
    if context.selection.is_excluded(changed.path):
        return "excluded by [tool.agentreview] exclude"
    if not changed.added_lines:
        if not changed.hunks and changed.status == "added":
            return "empty file"
        if changed.status in ("renamed", "copied"):
            return f"{changed.status} without changes"
        if changed.mode_changed and not changed.hunks:
            return "file mode change only"
        return "no added lines"
    return None


def _limit_or_hazard(changed: ChangedFile, limits: Limits) -> tuple[str, str] | None:
    """(reason, note) when the file is too big to analyse or its path unsafe to print."""
    unsafe = unsafe_to_show(changed.path)
    if unsafe is not None:
        return unsafe, f"{unsafe}: not reviewed"
    too_big = limits.change_too_big(changed)
    if too_big is not None:
        return too_big, f"{changed.path}: skipped: {too_big}"
    return None


def _analyse_python(
    changed: ChangedFile,
    text: str | None,
    rule_ids: frozenset[str],
    context: ReviewContext,
    outcome: FileOutcome,
) -> tuple[list[Finding], dict[int, str]]:
    if text is not None:
        # Only findings on added lines are reported (`introduced`): analyse what they need.
        result = analyse_python_file(
            text,
            changed.path,
            context.catalogue,
            rule_ids,
            context.facts,
            changed_lines=changed.added_lines,
        )
        if result.parse_error is None:
            return list(result.findings), _line_lookup(changed, text)
        outcome.entry = FileEntry(changed.path, "diff-only", "did not parse")
        outcome.notes.append(
            f"{changed.path} did not parse: {result.parse_error}; "
            "only what the changed lines show on their own was checked"
        )
    fragments = analyse_python_fragments(
        changed.post_image, changed.path, context.catalogue, rule_ids, context.facts
    )
    unjudged = sorted(set(fragments.unjudged) & rule_ids)
    if unjudged:
        outcome.notes.append(
            f"{changed.path}: from the diff alone, could not judge {', '.join(unjudged)}"
        )
    return list(fragments.findings), _line_lookup(changed, None)


def _end_lines_text(findings: list[Finding], lines: dict[int, str]) -> dict[int, str]:
    """The text of the lines where findings and their suggestions start and end."""
    wanted: set[int] = set()
    for finding in findings:
        wanted.update((finding.line, finding.end_line))
        if finding.suggestion is not None:
            wanted.update((finding.suggestion.start_line, finding.suggestion.end_line))
    return {number: lines[number] for number in sorted(wanted) if number in lines}


def _line_lookup(changed: ChangedFile, text: str | None) -> dict[int, str]:
    if text is None:
        return changed.known_lines()
    return dict(enumerate(split_source_lines(text), start=1))


def _report_worthy(
    findings: list[Finding],
    changed: ChangedFile,
    rule_ids: frozenset[str],
    lines: dict[int, str],
    context: ReviewContext,
    *,
    whole: bool,
) -> list[Finding]:
    """Overrides, then what the change introduced, minus suppressions, with fingerprints."""
    if not findings:
        return []
    added = changed.added_lines
    suppressions = _suppressions([sorted(lines.items())] if whole else changed.post_image)
    kept: list[Finding] = []
    for finding in findings:
        if finding.rule_id not in rule_ids:
            continue
        finding = replace(
            finding,
            path=changed.path,
            severity=context.selection.severity_of(finding.rule_id, finding.severity),
        )
        reported = introduced(finding, changed, added)
        if reported is None or suppressions.suppresses(
            reported, context.overlaps.get(reported.rule_id, ())
        ):
            continue
        kept.append(reported)
    return assign_fingerprints(kept, lambda number: lines.get(number, ""))


def _suppressions(hunks: list[list[tuple[int, str]]]) -> Suppressions:
    """The suppression comments of `hunks`. Tokenizing a large file costs more than analysing
    a change to it, so lines are first searched for the comments' marker words: without
    one, there is nothing to find."""
    if not any(_may_suppress(text) for hunk in hunks for _, text in hunk):
        return Suppressions({}, {})
    return Suppressions.from_hunks(hunks)


def _may_suppress(text: str) -> bool:
    return "#" in text and ("agentreview" in text or "noqa" in text.lower())


# -- shared steps (also those of `fix` and `check --fix`, which must see the same findings) ----


def project_config(config: Path | None, root: Path | None) -> ProjectConfig:
    """`[tool.agentreview]` of `--config`, else of the reviewed tree's `pyproject.toml`."""
    if config is not None:
        return load_config(config, explicit=True)
    return load_config(root / "pyproject.toml" if root is not None else None, explicit=False)


def review_context(
    project: ProjectConfig,
    *,
    select: str | None,
    ignore: str | None,
    fail_on: str | None,
    facts: RepoFacts,
) -> ReviewContext:
    from agentreview.catalogue.compiled import load_compiled_catalogue

    catalogue = load_compiled_catalogue(project.rules_dirs)
    universe = RuleUniverse(KnownRule(rule.id, rule.category) for rule in catalogue.rules)
    selection = build_selection(universe, project, select=select, ignore=ignore, fail_on=fail_on)
    return ReviewContext(
        catalogue=catalogue,
        selection=selection,
        facts=facts,
        overlaps={rule.id: tuple(rule.overlaps) for rule in catalogue.rules},
        limits=project.limits,
    )


def post_change_loader(
    root: Path | None, limits: Limits, *, from_patch: bool = True
) -> Callable[[ChangedFile], PostChangeSource]:
    """How a changed file's post-change text is found: a file the patch creates is whole in
    the patch (unless not `from_patch`: `fix --write` must edit what is on disk); any other
    is read from `root` when it matches the patch (`None`: diff-only review)."""

    def load(changed: ChangedFile) -> PostChangeSource:
        too_big = limits.change_too_big(changed)
        if too_big is not None:
            return PostChangeSource(None, too_big)
        created = new_file_text(changed) if from_patch else None
        if created is not None:
            return PostChangeSource(created)
        if root is None:
            return PostChangeSource(None, "--diff-only")
        return read_post_change(changed, root, limits)

    return load


def add_changed_models(context: ReviewContext, sources: list[Source]) -> ReviewContext:
    """Adds the Pydantic models the change's own files define (read before any analysis)."""
    facts = with_changed_models(context.facts, context.catalogue, sources)
    return context if facts is context.facts else replace(context, facts=facts)


def _loaded_text(
    load: Callable[[ChangedFile], PostChangeSource], changed: ChangedFile
) -> str | None:
    return load(changed).text


def whole_text(file: Path, limits: Limits | None = None) -> str | None:
    return read_whole(file, limits).text


def _finish(
    outcomes: list[FileOutcome],
    notes: list[str],
    context: ReviewContext,
    fmt: str,
    output: Path | None,
) -> int:
    findings = sorted(
        (finding for outcome in outcomes for finding in outcome.findings), key=Finding.sort_key
    )
    report = Report(
        findings=findings,
        files=[outcome.entry for outcome in outcomes],
        notes=[*notes, *(note for outcome in outcomes for note in outcome.notes)],
        catalogue=context.catalogue,
        line_text={
            (outcome.entry.path, number): text
            for outcome in outcomes
            for number, text in outcome.line_text.items()
        },
    )
    write_report(report, fmt, output)
    return 1 if any(context.selection.fails(finding.severity) for finding in findings) else 0


def read_patch(patch: str, limits: Limits | None = None) -> bytes:
    """The patch's bytes, never reading more than one past max-patch-bytes."""
    limits = limits or Limits()
    try:
        if patch == "-":
            data = sys.stdin.buffer.read(limits.max_patch_bytes + 1)
        else:
            with Path(patch).open("rb") as file:
                data = file.read(limits.max_patch_bytes + 1)
    except OSError as exc:
        raise AgentreviewError(f"cannot read the patch {patch}: {exc.strerror}") from None
    too_big = limits.patch_too_big(len(data))
    if too_big is not None:
        raise AgentreviewError(too_big)
    return data


def _given(source: PostChangeSource) -> Callable[[ChangedFile], PostChangeSource]:
    return lambda _changed: source


def read_whole(file: Path, limits: Limits | None = None) -> PostChangeSource:
    limits = limits or Limits()
    try:
        data = read_at_most(file, limits.max_file_bytes)
    except OSError as exc:
        return PostChangeSource(None, f"cannot be read: {exc.strerror}")
    if data is None:
        return PostChangeSource(
            None, f"over the max-file-bytes limit of {limits.max_file_bytes}; not read"
        )
    text, undecodable = decode_source(data)
    return PostChangeSource(text, None, undecodable)


def whole_file_change(path: str, lines: list[str]) -> ChangedFile:
    """A file as if the change had added it: every line counts as new (`check`)."""
    numbered = tuple(enumerate(lines, start=1))
    hunk = Hunk(lines=numbered, added=frozenset(number for number, _ in numbered))
    return ChangedFile(
        path=path, old_path=None, status="added", patch_line=0, hunks=(hunk,) if lines else ()
    )

"""`agentreview fix PATCH` and `agentreview check --fix PATH...`.

Both set up exactly as `review` and `check` do (configuration, rule selection, repository
facts, the models of the change's other files), so the findings fixed are the findings those
commands report. Fixing needs a file's whole text: a file the patch creates is whole in the
patch; any other is read from the repository and used only when it matches the patch
(the pipeline's `read_post_change`, which also refuses paths that leave the repository).
A file that is not available whole is skipped with a note on stderr.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from agentreview import review
from agentreview.console import say
from agentreview.diff import ChangedFile, PostChangeSource, parse_patch
from agentreview.diff.source import resolve_inside, split_source_lines
from agentreview.errors import AgentreviewError
from agentreview.fixes.patch import unified_diff
from agentreview.fixes.session import FileFix, fix_file
from agentreview.repo_facts import detect_repo_facts
from agentreview.review import file_kind, whole_file_change
from agentreview.walk import collect_files, find_root


def fix_patch(
    patch: str,
    *,
    repo: Path | None,
    write: bool,
    select: str | None,
    ignore: str | None,
    config: Path | None,
) -> int:
    """Print the fixes of the patch's findings as one unified diff, or apply them (`write`).

    Returns 0 when fixes were produced and when there is nothing to fix; 2 when `write` could
    not write a file (bad input raises AgentreviewError, which the CLI turns into 2).
    """
    if repo is not None and not repo.is_dir():
        raise AgentreviewError(f"--repo {repo}: not a directory")
    root = repo if repo is not None else Path.cwd()
    project = review.project_config(config, root)
    parsed = parse_patch(review.read_patch(patch, project.limits))
    context = review.review_context(
        project,
        select=select,
        ignore=ignore,
        fail_on=None,
        facts=detect_repo_facts(root, [changed.path for changed in parsed.files]),
    )
    # Written back in place, the file must be the one on disk; printed as a diff, a file the
    # patch creates is whole in the patch itself.
    load = review.post_change_loader(root, project.limits, from_patch=not write)
    wanted = [changed for changed in parsed.files if _fixable(changed)]
    context = review.add_changed_models(
        context, [(changed.path, partial(_text_of, load, changed)) for changed in wanted]
    )
    notes = list(parsed.notes)
    results: list[FileFix] = []
    for changed in wanted:
        source = load(changed)
        if source.text is None:
            notes.append(f"{changed.path}: skipped, not available whole: {source.reason}")
        elif source.undecodable:
            notes.append(f"{changed.path}: skipped: not valid UTF-8, it cannot be rewritten")
        else:
            result = fix_file(changed, source.text, context)
            notes.extend(result.notes)
            results.append(result)
    fixed = [result for result in results if result.changed]
    if not write:
        _emit("".join(unified_diff(result.path, result.before, result.after) for result in fixed))
        _tell(notes, fixed, written=False)
        return 0
    written, failed = [], []
    for result in fixed:
        problem = _write_inside(root, result)
        if problem is None:
            written.append(result)
        else:
            failed.append(problem)
    _tell(notes, written, written=True)
    for problem in failed:
        say(f"agentreview: error: {problem}")
    return 2 if failed else 0


def fix_paths(
    paths: list[Path], *, select: str | None, ignore: str | None, config: Path | None
) -> None:
    """Apply the fixes to whole files in place (`check --fix`); notes go to stderr."""
    root = find_root(paths)
    context = review.review_context(
        review.project_config(config, root),
        select=select,
        ignore=ignore,
        fail_on=None,
        facts=detect_repo_facts(root),
    )
    files = [
        (file, name)
        for file, name, _explicit in collect_files(
            paths,
            root,
            wanted=lambda name: file_kind(name) is not None,
            excluded=context.selection.is_excluded,
        )
        if file_kind(name) is not None and not context.selection.is_excluded(name)
    ]
    context = review.add_changed_models(
        context, [(name, partial(review.whole_text, file, context.limits)) for file, name in files]
    )
    notes: list[str] = []
    fixed: list[FileFix] = []
    for file, name in files:
        source = review.read_whole(file, context.limits)
        if source.text is None:
            notes.append(f"{name}: skipped: {source.reason}")
            continue
        if source.undecodable:
            notes.append(f"{name}: skipped: not valid UTF-8, it cannot be rewritten")
            continue
        text = source.text
        result = fix_file(whole_file_change(name, split_source_lines(text)), text, context)
        notes.extend(result.notes)
        if not result.changed:
            continue
        problem = _write_inside(root, result)
        if problem is None:
            fixed.append(result)
        else:
            notes.append(problem)
    _tell(notes, fixed, written=True)


def _fixable(changed: ChangedFile) -> bool:
    return (
        file_kind(changed.path) is not None
        and changed.status != "deleted"
        and not changed.binary
        and bool(changed.added_lines)
    )


def _text_of(load: Callable[[ChangedFile], PostChangeSource], changed: ChangedFile) -> str | None:
    return load(changed).text


# --- output -----------------------------------------------------------------------------------


def _write_inside(root: Path, result: FileFix) -> str | None:
    """Write the fixed text over the file it was read from, never outside `root`; the
    problem when it was not written."""
    target, refused = resolve_inside(root, result.path)
    if target is None:
        return f"{result.path}: not written: {refused}"
    try:
        current: str | None = target.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        current = None
    if current != result.before:
        return f"{result.path}: not written: it changed while being fixed"
    try:
        target.write_bytes(result.after.encode("utf-8"))
    except OSError as exc:
        return f"{result.path}: not written: {exc.strerror}"
    return None


def _emit(text: str) -> None:
    """The diff, byte for byte (a CRLF file's `\\r` must survive any stdout encoding)."""
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        stream.write(text.encode("utf-8", "surrogateescape"))
        stream.flush()


def _tell(notes: list[str], fixed: list[FileFix], *, written: bool) -> None:
    for note in notes:
        say(f"agentreview: note: {note}")
    count = sum(len(result.fixed) for result in fixed)
    if not fixed:
        say("agentreview: nothing to fix")
        return
    findings = f"{count} finding{'s' if count != 1 else ''}"
    files = f"{len(fixed)} file{'s' if len(fixed) != 1 else ''}"
    verb = "fixed" if written else "fixes for"
    say(f"agentreview: {verb} {findings} in {files}")

"""Whole-file analysis of one Python file: parse once, run the engine, never raise."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection
from dataclasses import dataclass, field

import libcst as cst

from agentreview.analysis.engine import EngineInput, run
from agentreview.analysis.focus import Focus, focus
from agentreview.analysis.layout import physical_lines, top_level_layout
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts


@dataclass(frozen=True, slots=True)
class PythonResult:
    findings: list[Finding] = field(default_factory=list)
    parse_error: str | None = None  # one line, naming the line, when the file did not parse


# CPython's own parser reports nesting it cannot handle as these errors; libcst's native
# parser would instead overflow its stack (a segfault no `except` can catch).
_TOO_DEEP = ("too many nested", "too many levels", "too complex", "stack overflow")


def parse_module(source: str) -> tuple[cst.Module | None, str | None]:
    """The parsed module, or None and a one-line reason naming the line."""
    tree, too_deep = _parse_ast(source)
    if too_deep is not None:
        return None, too_deep
    return _parse_cst(source, tree)


def _parse_cst(source: str, tree: ast.Module | None = None) -> tuple[cst.Module | None, str | None]:
    """libcst's module of `source` (whose CPython tree is `tree`, if the caller has it), or
    None and a one-line reason; never hands libcst what would crash it."""
    hazard = _libcst_hazard(source, tree)
    if hazard is not None:
        return None, hazard
    try:
        return cst.parse_module(source), None
    except cst.ParserSyntaxError as exc:
        message = " ".join(exc.message.split())
        return None, f"line {exc.raw_line}: {message}"
    except RecursionError:
        return None, "line 1: nested too deeply to parse"
    except Exception as exc:  # libcst's native parser can fail in other ways on odd input
        return None, f"line 1: cannot parse ({type(exc).__name__}: {' '.join(str(exc).split())})"


def _parse_ast(source: str) -> tuple[ast.Module | None, str | None]:
    """CPython's tree of the source (None if it does not parse), and a parse error when
    CPython gives up on the nesting, which libcst's native parser would not survive.

    Other syntax errors are left to libcst, which also parses syntax newer than the running
    interpreter.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        message = " ".join(str(exc.msg).split())
        if any(marker in message for marker in _TOO_DEEP):
            return None, f"line {exc.lineno or 1}: {message}"
    except (RecursionError, MemoryError):
        return None, "line 1: nested too deeply to parse"
    except ValueError as exc:  # e.g. null bytes
        return None, f"line 1: {' '.join(str(exc).split())}"
    else:
        return tree, None
    return None, None


# CPython keeps `a and b and c` and dotted import names flat, but libcst nests them, and its
# native parser overflows its stack (the process dies) long before CPython minds. Well
# below the crash (about 6,000), far above anything written by hand.
_MAX_CHAIN = 1_000


# What the source must hold for `_too_long_for_libcst` to find anything: that many `and`/`or`
# keywords (a keyword is never preceded by a letter or followed by a word character), or
# that many dots between two characters that cannot sit inside a dotted name. Walking the
# whole tree costs about half as much as `ast.parse` itself; this costs almost nothing.
_BOOLEAN_OPERATOR = re.compile(r"(?<![^\W\d])(?:and|or)(?!\w)")
# A dotted name with more dots than the limit is a run of at least twice as many characters
# none of which is punctuation that cannot sit inside a dotted name.
_DOTTED_RUN = re.compile(r"[^()\[\]{},:;=+\-*/%<>!&|^~@'\"#`$?]{" + str(2 * _MAX_CHAIN + 1) + ",}")


def _libcst_hazard(source: str, tree: ast.Module | None) -> str | None:
    """Why libcst must not parse `source`, if it must not. Only the text libcst is handed
    is checked: a focused module (see `focus.py`) leaves out what it does not need."""
    if not _may_be_too_long(source):
        return None
    if tree is None:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return "line 1: cannot be checked for what would crash the parser"
    return _too_long_for_libcst(tree)


def _may_be_too_long(source: str) -> bool:
    if len(_BOOLEAN_OPERATOR.findall(source)) >= _MAX_CHAIN:
        return True
    if source.count(".") <= _MAX_CHAIN:
        return False
    return any(run.group().count(".") > _MAX_CHAIN for run in _DOTTED_RUN.finditer(source))


def _too_long_for_libcst(tree: ast.Module) -> str | None:
    for node in ast.walk(tree):
        if isinstance(node, ast.BoolOp) and len(node.values) > _MAX_CHAIN:
            return f"line {node.lineno}: a boolean expression too long to parse safely"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names]
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            if any(name.count(".") > _MAX_CHAIN for name in names):
                return f"line {node.lineno}: a dotted name too long to parse safely"
    return None


def analyse_python(
    source: str,
    path: str,
    catalogue: Catalogue,
    rule_ids: Collection[str],
    *,
    repo_facts: RepoFacts,
    fix_mode: bool = False,
    changed_lines: Collection[int] | None = None,
) -> PythonResult:
    """Findings of the enabled `rule_ids` in the file (the caller keeps those it wants).

    `fix_mode` keeps the suggestions that need an import, as `agentreview.fixes.model.Fix`.
    With `changed_lines`, only the findings on those lines are complete (see `focus.py`):
    libcst parses and the engine walks only what they can depend on. Without, the whole file.
    """
    from agentreview.analysis.registry import DETECTORS

    tree, error = _parse_ast(source)
    if error is not None:
        return PythonResult([], error)
    lines = physical_lines(source)
    layout = None if tree is None else top_level_layout(tree, lines)
    job: EngineInput | None = None
    if changed_lines is not None and layout is not None:
        focused = focus(source, lines, layout, changed_lines)
        if focused is not None and not focused.walk:
            return PythonResult([], None)  # the change touches no statement (comments only)
        if focused is not None:
            job = _focused_job(focused, source, path, catalogue, rule_ids, repo_facts, fix_mode)
    if job is None:
        module, error = _parse_cst(source, tree)
        if module is None:
            return PythonResult([], error)
        job = EngineInput(
            module,
            source,
            path,
            catalogue,
            rule_ids,
            repo_facts,
            first_lines=None if layout is None else [statement.first for statement in layout],
            fix_mode=fix_mode,
        )
    try:
        analysis = run(job, DETECTORS)
    except RecursionError:
        return PythonResult([], "line 1: nested too deeply to analyse")
    except Exception as exc:  # a detector bug must not take the whole review down
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return PythonResult([], f"internal error while analysing the file ({detail})")
    return PythonResult(analysis.findings, None)


def _focused_job(
    focused: Focus,
    source: str,
    path: str,
    catalogue: Catalogue,
    rule_ids: Collection[str],
    repo_facts: RepoFacts,
    fix_mode: bool,
) -> EngineInput | None:
    """The engine's input for a focused module, or None (analyse the whole file) if libcst
    does not see the statements `ast` saw."""
    parsed, _ = _parse_cst(focused.source)
    module = None if parsed is None else focused.module(parsed)
    if module is None:
        return None
    return EngineInput(
        module,
        source,  # the full text: suggestions quote the file's lines, facts read it whole
        path,
        catalogue,
        rule_ids,
        repo_facts,
        statements=focused.walk,
        first_lines=focused.first_lines,
        fix_mode=fix_mode,
    )

"""Whole-file analysis of one Python file: parse once, run the engine, never raise."""

from __future__ import annotations

import ast
from collections.abc import Collection
from dataclasses import dataclass, field

import libcst as cst

from agentreview.analysis.engine import EngineInput, run
from agentreview.catalogue.schema import Catalogue
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
    too_deep = _too_deep_for_libcst(source)
    if too_deep is not None:
        return None, too_deep
    try:
        return cst.parse_module(source), None
    except cst.ParserSyntaxError as exc:
        message = " ".join(exc.message.split())
        return None, f"line {exc.raw_line}: {message}"
    except RecursionError:
        return None, "line 1: nested too deeply to parse"
    except Exception as exc:  # libcst's native parser can fail in other ways on odd input
        return None, f"line 1: cannot parse ({type(exc).__name__}: {' '.join(str(exc).split())})"


def _too_deep_for_libcst(source: str) -> str | None:
    """A parse error when CPython itself gives up on the nesting, else None.

    Other syntax errors are left to libcst, which also parses syntax newer than the running
    interpreter.
    """
    try:
        ast.parse(source)
    except SyntaxError as exc:
        message = " ".join(str(exc.msg).split())
        if any(marker in message for marker in _TOO_DEEP):
            return f"line {exc.lineno or 1}: {message}"
    except (RecursionError, MemoryError):
        return "line 1: nested too deeply to parse"
    except ValueError as exc:  # e.g. null bytes
        return f"line 1: {' '.join(str(exc).split())}"
    return None


def analyse_python(
    source: str,
    path: str,
    catalogue: Catalogue,
    rule_ids: Collection[str],
    *,
    repo_facts: RepoFacts,
) -> PythonResult:
    """All findings of the enabled `rule_ids` in the whole file (the caller keeps those it wants)."""
    from agentreview.analysis.registry import DETECTORS

    module, error = parse_module(source)
    if module is None:
        return PythonResult([], error)
    job = EngineInput(module, source, path, catalogue, rule_ids, repo_facts)
    try:
        analysis = run(job, DETECTORS)
    except RecursionError:
        return PythonResult([], "line 1: nested too deeply to analyse")
    except Exception as exc:  # a detector bug must not take the whole review down
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return PythonResult([], f"internal error while analysing the file ({detail})")
    return PythonResult(analysis.findings, None)

"""Diff-only analysis: judge what the hunks themselves show, and say what they cannot.

Each hunk's post-image lines are reassembled into fragments libcst can parse:
1. the whole hunk, dedented by its smallest indentation;
2. failing that, the hunk cut into runs that each start at that smallest indentation (plus
   the more deeply indented lines before the first of them);
3. failing that, each line on its own.
A fragment that ends on a block header (`async def f():`, a decorator) gets a `pass` body.
A fragment that still does not parse is tried without its first lines, then its last ones.
Parse attempts are budgeted per hunk, so a hunk that is not Python at all stays cheap.

Every fragment is analysed by the same engine, with the module-level import lines of all
hunks prepended (so `import requests` in one hunk resolves `requests.get` in another) and a
`LineMap` that carries findings back to post-change lines. Event-loop rules judge calls only
inside an `async def` whose header is in the fragment; a dotted call on a module that no
visible line imports (`time.sleep` when `import time` is off-hunk) is taken to be that module.

`unjudged` lists the enabled rules that need the whole file: those of `whole_file_only`
detectors, and those for which a candidate was seen without the context to decide it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field

import libcst as cst

from agentreview.analysis.engine import EngineInput, LineMap, run
from agentreview.analysis.python import parse_module
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts

HunkLines = Sequence[tuple[int, str]]

_MAX_TRIMS = 6  # lines dropped from either end of a fragment before falling back
_IMPORT = re.compile(r"^(import\s+\w|from\s+[\w.]+\s+import\s)")
_CONTINUATION = re.compile(r"^(\)|\]|\}|else\b|elif\b|except\b|finally\b|case\b)")


@dataclass(frozen=True, slots=True)
class HunkResult:
    findings: list[Finding] = field(default_factory=list)
    unjudged: list[str] = field(default_factory=list)  # rule IDs the hunks could not decide


@dataclass(frozen=True, slots=True)
class _Fragment:
    lines: list[tuple[int | None, str]]  # (post-change line or None if added, dedented text)
    indent: str


@dataclass(frozen=True, slots=True)
class _Parsed:
    fragment: _Fragment
    source: str
    module: cst.Module


def analyse_python_hunks(
    hunks: Sequence[HunkLines],
    path: str,
    catalogue: Catalogue,
    rule_ids: Collection[str],
    *,
    repo_facts: RepoFacts,
) -> HunkResult:
    """Findings of the enabled rules that the hunks' own lines are enough to judge."""
    from agentreview.analysis.registry import DETECTORS

    enabled = frozenset(rule_ids)
    unjudged = {
        rule_id
        for detector in DETECTORS
        if detector.whole_file_only
        for rule_id in detector.rule_ids
        if rule_id in enabled
    }
    prelude = _import_prelude(hunks)
    assumed = _assumed_modules(catalogue, enabled)
    findings: dict[tuple[str, int, int], Finding] = {}
    for hunk in hunks:
        lines = [(number, text.rstrip("\r\n")) for number, text in hunk]
        for parsed in _parsed_pieces(lines, prelude):
            fragment = parsed.fragment
            line_map = LineMap(
                lines=[None] * len(prelude) + [number for number, _ in fragment.lines],
                indent=fragment.indent,
                nested=bool(fragment.indent),
            )
            job = EngineInput(
                parsed.module,
                parsed.source,
                path,
                catalogue,
                enabled,
                repo_facts,
                line_map,
                assumed,
            )
            try:
                analysis = run(job, DETECTORS)
            except Exception:  # RecursionError, or a detector bug: judge the other fragments
                continue
            unjudged.update(analysis.unjudged)
            for finding in analysis.findings:
                findings.setdefault((finding.rule_id, finding.line, finding.column), finding)
    ordered = sorted(findings.values(), key=Finding.sort_key)
    return HunkResult(ordered, sorted(unjudged))


def _import_prelude(hunks: Sequence[HunkLines]) -> list[str]:
    """Module-level, one-line import statements of every hunk."""
    seen: dict[str, None] = {}
    for hunk in hunks:
        for _, text in hunk:
            line = text.rstrip("\r\n")
            if _IMPORT.match(line) and "(" not in line and not line.rstrip().endswith("\\"):
                seen.setdefault(line.rstrip() + "\n", None)
    return list(seen)


def _assumed_modules(catalogue: Catalogue, enabled: frozenset[str]) -> frozenset[str]:
    """Root modules named by the enabled rules' facts (`requests`, `time`, `subprocess`...)."""
    roots: set[str] = set()
    for rule in catalogue.rules:
        if rule.id not in enabled or rule.match is None:
            continue
        for name in (*rule.match.calls, *rule.match.constructors):
            root = name.split(".", 1)[0]
            if root != "builtins" and root.islower():
                roots.add(root)
    return frozenset(roots)


class _Attempts:
    """A budget of parse attempts per hunk, so a hunk of non-Python stays cheap."""

    def __init__(self, lines: int) -> None:
        self.left = max(100, 3 * lines)

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _parsed_pieces(lines: list[tuple[int, str]], prelude: list[str]) -> Iterator[_Parsed]:
    """Every piece of the hunk that parses, largest first (see the module docstring)."""
    attempts = _Attempts(len(lines))
    whole = _try(lines, prelude, attempts)
    if whole is not None:
        yield whole
        return
    for run_lines in _runs(lines):
        parsed = _try_trimmed(run_lines, prelude, attempts)
        if parsed is not None:
            yield parsed
            continue
        for single in run_lines:
            one = _try([single], prelude, attempts)
            if one is not None:
                yield one


def _runs(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """The hunk cut at lines of its smallest indentation that start a new statement."""
    base = _base_indent(lines)
    runs: list[list[tuple[int, str]]] = [[]]
    for number, text in lines:
        stripped = text.strip()
        starts_statement = (
            stripped
            and _indent_of(text) == len(base)
            and not _CONTINUATION.match(stripped)
            and not stripped.startswith("#")
        )
        if starts_statement and runs[-1] and not _ends_with_decorator(runs[-1]):
            runs.append([])
        runs[-1].append((number, text))
    return [run for run in runs if run]


def _ends_with_decorator(run: list[tuple[int, str]]) -> bool:
    for _, text in reversed(run):
        if text.strip():
            return text.strip().startswith("@")
    return False


def _try_trimmed(
    lines: list[tuple[int, str]], prelude: list[str], attempts: _Attempts
) -> _Parsed | None:
    for head in range(min(_MAX_TRIMS, len(lines))):
        for tail in range(min(_MAX_TRIMS, len(lines) - head)):
            piece = lines[head : len(lines) - tail]
            if not any(text.strip() for _, text in piece):
                continue
            parsed = _try(piece, prelude, attempts)
            if parsed is not None:
                return parsed
    return None


def _try(lines: list[tuple[int, str]], prelude: list[str], attempts: _Attempts) -> _Parsed | None:
    if not any(text.strip() for _, text in lines) or not attempts.spend():
        return None
    fragment = _fragment(lines)
    if fragment is None:
        return None
    body = "".join(text + "\n" for _, text in fragment.lines)
    source = "".join(prelude) + body
    module, _ = parse_module(source)
    if module is None:
        return None
    return _Parsed(fragment, source, module)


def _fragment(lines: list[tuple[int, str]]) -> _Fragment | None:
    base = _base_indent(lines)
    dedented: list[tuple[int | None, str]] = []
    for number, text in lines:
        if not text.strip():
            dedented.append((number, ""))
        elif text.startswith(base):
            dedented.append((number, text[len(base) :]))
        else:
            return None  # mixed tabs and spaces: no common prefix
    _close_open_block(dedented)
    return _Fragment(dedented, base)


def _close_open_block(lines: list[tuple[int | None, str]]) -> None:
    """Give a trailing block header or decorator a body so the fragment parses."""
    last = next((text for _, text in reversed(lines) if text.strip()), None)
    if last is None:
        return
    stripped = last.strip()
    indent = last[: _indent_of(last)]
    if stripped.startswith("@"):
        lines.append((None, f"{indent}def _agentreview_hunk_end(): pass"))
    elif stripped.endswith(":") and not stripped.startswith("#"):
        lines.append((None, f"{indent}    pass"))


def _base_indent(lines: Sequence[tuple[int, str]]) -> str:
    indents = [text[: _indent_of(text)] for _, text in lines if text.strip()]
    if not indents:
        return ""
    shortest = min(indents, key=len)
    return shortest if all(indent.startswith(shortest) for indent in indents) else ""


def _indent_of(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))

"""Suppression comments: `# noqa`, `# noqa: CODES`, `# agentreview: ignore[IDS]`.

- A bare `# noqa` suppresses every finding on its line, as in ruff and flake8.
- `# noqa: ID` names an agentreview rule, or a ruff / flake8-async code the rule lists in
  `overlaps` (so `# noqa: ASYNC251` written for ruff also quiets the `time.sleep` rule).
- `# agentreview: ignore[ID, ...]` names agentreview rules or families; without the
  brackets it suppresses everything on the line.

The comment counts on the finding's first line, or on the first line of the statement that
holds it (a call spread over several lines is suppressed where the statement starts).
Comments are found with `tokenize`, so `"# noqa"` inside a string is not a suppression;
hunks that do not tokenize on their own fall back to a per-line search.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from agentreview.findings import Finding

_NOQA = re.compile(
    r"#\s*noqa\b(?P<colon>\s*:\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*)?)?", re.IGNORECASE
)
_AGENTREVIEW = re.compile(r"#\s*agentreview\s*:\s*ignore\b(?:\[(?P<ids>[^\]]*)\])?")
_CODE_SEPARATOR = re.compile(r"[\s,]+")

_EVERYTHING = None  # a suppression without codes


@dataclass(frozen=True, slots=True)
class _LineSuppression:
    noqa: frozenset[str] | None  # None: bare noqa
    has_noqa: bool
    ignore: frozenset[str] | None  # None: bare agentreview: ignore
    has_ignore: bool


class Suppressions:
    """The suppression comments of one file, by line, and where each statement starts."""

    def __init__(self, comments: Mapping[int, str], statement_start: Mapping[int, int]) -> None:
        self._by_line = {
            line: parsed for line, text in comments.items() if (parsed := _parse(text)) is not None
        }
        self._statement_start = statement_start

    @classmethod
    def from_hunks(cls, hunks: Iterable[Sequence[tuple[int, str]]]) -> Suppressions:
        comments: dict[int, str] = {}
        starts: dict[int, int] = {}
        for hunk in hunks:
            if not hunk:
                continue
            found = _tokenize(hunk)
            if found is None:
                found = _scan_lines(hunk)
            comments.update(found[0])
            starts.update(found[1])
        return cls(comments, starts)

    def suppresses(self, finding: Finding, overlaps: Collection[str] = ()) -> bool:
        lines = {finding.line, self._statement_start.get(finding.line, finding.line)}
        return any(
            self._line_suppresses(self._by_line[line], finding.rule_id, overlaps)
            for line in lines
            if line in self._by_line
        )

    @staticmethod
    def _line_suppresses(found: _LineSuppression, rule_id: str, overlaps: Collection[str]) -> bool:
        if found.has_noqa and (
            found.noqa is _EVERYTHING
            or rule_id in found.noqa
            or any(code in found.noqa for code in overlaps)
        ):
            return True
        if found.has_ignore:
            if found.ignore is _EVERYTHING:
                return True
            family = rule_id.rstrip("0123456789")
            return rule_id in found.ignore or family in found.ignore
        return False


def _parse(comment: str) -> _LineSuppression | None:
    noqa = _NOQA.search(comment)
    ignore = _AGENTREVIEW.search(comment)
    if noqa is None and ignore is None:
        return None
    noqa_codes: frozenset[str] | None = frozenset()
    if noqa is not None:
        if noqa["colon"] is None:
            noqa_codes = _EVERYTHING
        elif noqa["codes"]:
            noqa_codes = frozenset(_CODE_SEPARATOR.split(noqa["codes"].upper()))
        # A noqa colon with no valid code after it suppresses nothing: better a visible
        # finding than a silently broad suppression.
    ignore_ids: frozenset[str] | None = frozenset()
    if ignore is not None:
        ids = ignore["ids"]
        ignore_ids = (
            _EVERYTHING
            if ids is None
            else frozenset(part.upper() for part in _CODE_SEPARATOR.split(ids) if part)
        )
    return _LineSuppression(
        noqa=noqa_codes, has_noqa=noqa is not None, ignore=ignore_ids, has_ignore=ignore is not None
    )


def _tokenize(hunk: Sequence[tuple[int, str]]) -> tuple[dict[int, str], dict[int, int]] | None:
    """Comments and statement starts of consecutive lines, or None if they do not tokenize."""
    offset = hunk[0][0] - 1
    source = "".join(text + "\n" for _, text in hunk)
    comments: dict[int, str] = {}
    starts: dict[int, int] = {}
    statement_first: int | None = None
    skip = (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            row = token.start[0] + offset
            if token.type == tokenize.COMMENT:
                comments[row] = token.string
            if token.type in skip or token.type == tokenize.ENDMARKER:
                continue
            if statement_first is None:
                statement_first = row
            if token.type == tokenize.NEWLINE:
                for line in range(statement_first, token.end[0] + offset + 1):
                    starts[line] = statement_first
                statement_first = None
    except (tokenize.TokenError, SyntaxError):
        return None
    return comments, starts


def _scan_lines(hunk: Sequence[tuple[int, str]]) -> tuple[dict[int, str], dict[int, int]]:
    comments = {number: text[text.index("#") :] for number, text in hunk if "#" in text}
    return comments, {}

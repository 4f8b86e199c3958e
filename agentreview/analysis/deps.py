"""Dependency files against the compatibility matrix (the DEPS rules).

Reads `requirements*.txt`, `requirements/*.txt` and `pyproject.toml`, finds every declared
dependency and judges it with PEP 440 / PEP 503 semantics (`packaging`). The facts come from
the catalogue: a matrix row gives a package's version floor, and a package named in a rule's
`match.packages` without a matrix row is one whose mere addition the rule flags. This module
knows the file formats and version arithmetic, nothing about particular packages.
"""

from __future__ import annotations

import contextlib
import re
import tomllib
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from packaging.requirements import InvalidRequirement, Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from agentreview.findings import Finding, SeverityName, Suggestion

if TYPE_CHECKING:
    from agentreview.catalogue.compiled import Catalogue, Rule

Lines = Sequence[tuple[int, str]]  # (1-based line number, text without line ending)

PYTHON = "python"  # the matrix row for the interpreter uses this name


def is_dependency_file(path: str) -> bool:
    """`requirements*.txt`, any `.txt` in a `requirements/` folder, or `pyproject.toml`."""
    parts = PurePosixPath(path.replace("\\", "/"))
    name = parts.name
    if name == "pyproject.toml":
        return True
    if not name.endswith(".txt"):
        return False
    return name.startswith("requirements") or parts.parent.name == "requirements"


@dataclass(frozen=True, slots=True)
class DependencyResult:
    findings: list[Finding]
    notes: list[str]


def analyse_dependency_file(
    path: str,
    text: str | None,
    hunks: Sequence[Sequence[tuple[int, str]]],
    catalogue: Catalogue,
    rule_ids: Collection[str],
) -> DependencyResult:
    """Findings for the DEPS rules in `rule_ids` on one dependency file.

    With `text` (the whole post-change file) every declaration in it is judged; the caller
    keeps those on added lines. Without it, only the post-image lines of `hunks` are read,
    and `notes` says what they did not show enough of to judge.
    """
    facts = _Facts.from_catalogue(catalogue, rule_ids)
    notes: list[str] = []
    if facts.empty:
        return DependencyResult([], notes)
    if PurePosixPath(path.replace("\\", "/")).name == "pyproject.toml":
        declarations = _pyproject_declarations(path, text, hunks, facts, notes)
    else:
        declarations = _requirements_declarations(path, text, hunks, notes)
    findings = [
        finding for declaration in declarations for finding in facts.judge(declaration, path)
    ]
    findings.sort(key=Finding.sort_key)
    return DependencyResult(findings, notes)


# --- Allowed versions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Constraint:
    """The versions a declaration allows: those of any one alternative (Poetry's `||`)."""

    alternatives: tuple[SpecifierSet, ...]

    def admits(self, version: Version) -> bool:
        return any(spec.contains(version, prereleases=True) for spec in self.alternatives)

    def has_lower_bound(self) -> bool:
        return all(
            any(spec.operator in _LOWER_BOUND_OPERATORS for spec in alternative)
            for alternative in self.alternatives
        )

    def named_releases(self) -> Iterator[tuple[int, ...]]:
        for alternative in self.alternatives:
            for spec in alternative:
                try:
                    yield Version(spec.version.removesuffix(".*")).release
                except InvalidVersion:
                    continue

    def reaches(self, minimum: Version) -> bool:
        """Whether some release at or above `minimum` is allowed."""
        return any(self.admits(v) for v in _probes(self, minimum) if v >= minimum)

    def admits_below(self, minimum: Version) -> bool:
        return any(self.admits(v) for v in _probes(self, minimum) if v < minimum)


_LOWER_BOUND_OPERATORS = frozenset({">=", ">", "~=", "==", "==="})
_FAR_FUTURE = (10**6,)


def _probes(constraint: Constraint, minimum: Version) -> list[Version]:
    """Versions that land inside every interval the constraint can allow.

    The allowed set is a union of intervals whose ends are versions named in the
    specifiers (or the minimum), minus exclusions, so each such version and its immediate
    neighbours at every position stand for all the releases in between.
    """
    anchors = {minimum.release, (0,), _FAR_FUTURE, *constraint.named_releases()}
    releases: set[tuple[int, ...]] = set()
    for anchor in anchors:
        releases.update(_neighbours(anchor))
    return sorted(Version(".".join(map(str, release))) for release in releases if release)


def _neighbours(release: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    yield release
    yield (*release, 1)
    for index, part in enumerate(release):
        yield (*release[:index], part + 1)
        if part > 0:
            yield (*release[:index], part - 1)
            yield (*release[:index], part - 1, 999)


class Verdict(Enum):
    EXCLUDES = "excludes"  # no allowed release reaches the minimum
    EXCLUDES_IN_SERIES = "excludes in series"  # ... but some reach the minimum's major series
    ALLOWS_OLDER = "allows older"  # the minimum is allowed, and so are releases below it


def judge_package(constraint: Constraint, minimum: Version) -> Verdict | None:
    """A library's floor: flag a spec that keeps it below; an old lower bound is minor."""
    if not constraint.reaches(minimum):
        series = Version(str(minimum.release[0]))
        if minimum.release[0] > 0 and constraint.reaches(series):
            return Verdict.EXCLUDES_IN_SERIES
        return Verdict.EXCLUDES
    if constraint.has_lower_bound() and constraint.admits_below(minimum):
        return Verdict.ALLOWS_OLDER
    return None


def judge_python(constraint: Constraint, minimum: Version) -> Verdict | None:
    """The interpreter's floor: `requires-python` declares support, so its lower bound counts."""
    if not constraint.reaches(minimum):
        return Verdict.EXCLUDES
    if constraint.admits_below(minimum):
        return Verdict.ALLOWS_OLDER
    return None


# --- Poetry constraints -------------------------------------------------------------------

_POETRY_TERM = re.compile(
    r"(?P<op>\^|~=|~|===|==|!=|>=|<=|>|<|=)?\s*(?P<version>\*|[0-9][0-9A-Za-z.*+!_-]*)"
)
_POETRY_SEPARATOR = re.compile(r"[\s,]*")


@dataclass(frozen=True, slots=True)
class _Term:
    operator: str  # as written: "^", "~", "" (exact), ">=", ...
    version: str
    start: int  # offset of `version` in the constraint text
    end: int


def _poetry_terms(text: str) -> list[list[_Term]] | None:
    """Poetry's constraint syntax split into alternatives of terms, or None when malformed."""
    alternatives: list[list[_Term]] = []
    offset = 0
    for part in text.split("||"):
        terms: list[_Term] = []
        position = _POETRY_SEPARATOR.match(part).end()  # type: ignore[union-attr]
        while position < len(part):
            match = _POETRY_TERM.match(part, position)
            if match is None:
                return None
            terms.append(
                _Term(
                    match.group("op") or "",
                    match.group("version"),
                    offset + match.start("version"),
                    offset + match.end("version"),
                )
            )
            position = _POETRY_SEPARATOR.match(part, match.end()).end()  # type: ignore[union-attr]
        if not terms:
            return None
        alternatives.append(terms)
        offset += len(part) + 2
    return alternatives


def poetry_constraint(text: str) -> Constraint | None:
    """PEP 440 form of a Poetry constraint (`^0.110` is `>=0.110,<0.111`), or None if malformed."""
    alternatives = _poetry_terms(text)
    if alternatives is None:
        return None
    sets: list[SpecifierSet] = []
    for terms in alternatives:
        specifiers: list[str] = []
        for term in terms:
            converted = _pep440_terms(term)
            if converted is None:
                return None
            specifiers.extend(converted)
        try:
            sets.append(SpecifierSet(",".join(specifiers)))
        except InvalidSpecifier:
            return None
    return Constraint(tuple(sets))


def _pep440_terms(term: _Term) -> list[str] | None:
    if term.version == "*":
        return [] if term.operator in ("", "=", "==") else None
    if term.operator in ("^", "~"):
        try:
            release = Version(term.version).release
        except InvalidVersion:
            return None
        upper = _caret_upper(release) if term.operator == "^" else _tilde_upper(release)
        return [f">={term.version}", "<" + ".".join(map(str, upper))]
    if term.operator in ("", "="):
        return [f"=={term.version}"]
    return [f"{term.operator}{term.version}"]


def _caret_upper(release: tuple[int, ...]) -> tuple[int, ...]:
    """`^1.2.3` < 2.0.0, `^0.2.3` < 0.3.0, `^0.0.3` < 0.0.4, `^0.0` < 0.1, `^0` < 1."""
    index = next((i for i, part in enumerate(release) if part != 0), len(release) - 1)
    return (*release[:index], release[index] + 1)


def _tilde_upper(release: tuple[int, ...]) -> tuple[int, ...]:
    """`~1.2.3` < 1.3.0, `~1.2` < 1.3, `~1` < 2."""
    if len(release) == 1:
        return (release[0] + 1,)
    return (release[0], release[1] + 1)


# --- Declarations -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    column: int  # 1-based
    end_line: int
    end_column: int  # 1-based, one past the last character


@dataclass(frozen=True, slots=True)
class Bound:
    """Where the version of a declaration's only lower bound is written, for a mechanical raise."""

    line: int
    line_text: str
    start: int  # offset of the version text in line_text
    end: int
    current: Version
    render: Callable[[Version], str]  # the text that writes a given version in this place
    rebuild: Callable[[str], Constraint | None]  # the constraint with the version text replaced


@dataclass(frozen=True, slots=True)
class Declaration:
    """One dependency as a file declares it."""

    package: str  # PEP 503 name, or PYTHON for the interpreter
    display: str  # how the file writes it, for messages
    span: Span
    constraint: Constraint | None  # None: nothing to judge the version by (URL, git, path)
    announces: bool = True  # the package is added here (False for Poetry's `version` key)
    bound: Bound | None = None


def _padded(version: Version, length: int) -> str:
    release = version.release + (0,) * (length - len(version.release))
    return ".".join(map(str, release))


def _pep440_bound(
    line: int,
    line_text: str,
    offset: int,
    text: str,
    specifier: SpecifierSet,
    parse: Callable[[str], Constraint | None],
) -> Bound | None:
    """The Bound of the single `==`/`>=`/`~=` specifier of a spec written at `offset` in the line."""
    raisable = [
        s for s in specifier if s.operator in ("==", ">=", "~=") and not s.version.endswith(".*")
    ]
    if len(raisable) != 1:
        return None
    return _make_bound(
        line, line_text, offset, text, raisable[0].operator, raisable[0].version, parse
    )


def _make_bound(
    line: int,
    line_text: str,
    offset: int,
    text: str,
    operator: str,
    version: str,
    parse: Callable[[str], Constraint | None],
) -> Bound | None:
    """A Bound for `version` after `operator` in `text`, which is written at `offset` in the line.

    None unless that place is unique, so the edit cannot land on the wrong number.
    """
    if line_text[offset : offset + len(text)] != text:
        return None
    before = re.escape(operator) + r"\s*" if operator else r"(?<![\w.=<>~^!*])"
    found = list(re.finditer(before + "(" + re.escape(version) + r")(?![\w.*+])", text))
    if len(found) != 1:
        return None
    try:
        current = Version(version)
    except InvalidVersion:
        return None
    start, end = found[0].start(1), found[0].end(1)

    def rebuild(new: str) -> Constraint | None:
        return parse(text[:start] + new + text[end:])

    def render(target: Version) -> str:
        return _padded(target, len(current.release))

    return Bound(line, line_text, offset + start, offset + end, current, render, rebuild)


def _requirement_constraint(text: str) -> Constraint | None:
    try:
        requirement = Requirement(text)
    except InvalidRequirement:
        return None
    return _constraint_of(requirement)


def _constraint_of(requirement: Requirement) -> Constraint | None:
    if requirement.url or any(spec.operator == "===" for spec in requirement.specifier):
        return None
    return Constraint((requirement.specifier,))


def _specifier_constraint(text: str) -> Constraint | None:
    try:
        specifier = SpecifierSet(text)
    except InvalidSpecifier:
        return None
    if any(spec.operator == "===" for spec in specifier):
        return None
    return Constraint((specifier,))


def _requirement_display(requirement: Requirement, text: str) -> str:
    if requirement.url:
        return requirement.name
    return text.split(";", 1)[0].strip()


# --- requirements*.txt --------------------------------------------------------------------

# pip's own rules: a comment starts at `#` at the start of a line or after whitespace; the
# first whitespace-separated token starting with `-` begins the per-requirement options.
_COMMENT = re.compile(r"(^|\s+)#.*$")
_OPTIONS = re.compile(r"(?:^|\s)-")
_URL_OR_PATH = re.compile(
    r"^(?:[A-Za-z][A-Za-z0-9+.-]*://|[A-Za-z][A-Za-z0-9.-]*\+|file:|[A-Za-z]:[\\/]|[.~/\\])"
)


@dataclass(frozen=True, slots=True)
class _LogicalLine:
    """Physical lines joined by trailing backslashes, as pip joins them."""

    pieces: tuple[tuple[int, str, int], ...]  # (line number, raw text, offset in `joined`)
    joined: str

    def position(self, offset: int) -> tuple[int, int, str]:
        """(line number, 0-based column, raw text) of an offset in `joined`."""
        for number, raw, start in reversed(self.pieces):
            if offset >= start:
                return number, offset - start, raw
        number, raw, _ = self.pieces[0]
        return number, 0, raw


def _logical_lines(lines: Lines) -> Iterator[_LogicalLine]:
    pieces: list[tuple[int, str, int]] = []
    joined = ""
    for number, raw in lines:
        if pieces and number != pieces[-1][0] + 1:  # a hunk gap ends a continuation
            yield _LogicalLine(tuple(pieces), joined)
            pieces, joined = [], ""
        continues = raw.endswith("\\") and not _COMMENT.match(raw)
        pieces.append((number, raw, len(joined)))
        joined += raw.removesuffix("\\") if continues else raw
        if not continues:
            yield _LogicalLine(tuple(pieces), joined)
            pieces, joined = [], ""
    if pieces:
        yield _LogicalLine(tuple(pieces), joined)


def _requirements_declarations(
    path: str, text: str | None, hunks: Sequence[Sequence[tuple[int, str]]], notes: list[str]
) -> list[Declaration]:
    sources = [_numbered(text)] if text is not None else [_clean(hunk) for hunk in hunks]
    declarations: list[Declaration] = []
    for lines in sources:
        for logical in _logical_lines(lines):
            declaration = _requirement_declaration(path, logical, notes)
            if declaration is not None:
                declarations.append(declaration)
    return declarations


def _requirement_declaration(
    path: str, logical: _LogicalLine, notes: list[str]
) -> Declaration | None:
    content = _COMMENT.sub("", logical.joined)
    options = _OPTIONS.search(content)
    stripped = content[: options.start()] if options else content
    requirement_text = stripped.strip()
    if not requirement_text or _URL_OR_PATH.match(requirement_text):
        return None  # blank, comment, option (-r, -c, -e, --hash, ...), or a URL / path
    start_offset = len(stripped) - len(stripped.lstrip())
    end_offset = start_offset + len(requirement_text)
    line, column, raw = logical.position(start_offset)
    try:
        requirement = Requirement(requirement_text)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "unparseable"
        notes.append(
            f"{path}:{line}: skipped `{requirement_text}`, not a valid requirement ({reason})"
        )
        return None
    end_line, end_column, _ = logical.position(end_offset - 1)
    constraint = _constraint_of(requirement)
    bound = None
    # A hash-pinned or multi-line requirement is not edited: a new version needs new hashes.
    single_line = len(logical.pieces) == 1 and not raw.endswith("\\")
    if constraint is not None and single_line and options is None:
        bound = _pep440_bound(
            line, raw, column, requirement_text, requirement.specifier, _requirement_constraint
        )
    return Declaration(
        package=canonicalize_name(requirement.name),
        display=_requirement_display(requirement, requirement_text),
        span=Span(line, column + 1, end_line, end_column + 2),
        constraint=constraint,
        bound=bound,
    )


def _clean(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    return [(number, text.removesuffix("\n").removesuffix("\r")) for number, text in lines]


def _numbered(text: str) -> list[tuple[int, str]]:
    return [
        (number, raw.removesuffix("\r")) for number, raw in enumerate(text.split("\n"), start=1)
    ]


# --- pyproject.toml: a scanner that keeps positions ---------------------------------------
#
# tomllib validates the file but forgets where values are, and a hunk is not a valid TOML
# document anyway. This scanner reads the part of TOML that dependency declarations use
# (tables, keys, strings, arrays, inline tables), remembers every string's position and the
# key path that holds it, and recovers at the next line from anything else.

_BARE = re.compile(r"[A-Za-z0-9_\-+:.]+")
_BASIC_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_LITERAL_STRING = re.compile(r"'([^']*)'")
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_SIMPLE_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


def _unescape(body: str) -> str:
    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "uU":
            return chr(int(code[1:], 16))
        return _SIMPLE_ESCAPES.get(code, match.group(0))

    return _ESCAPE.sub(replace, body)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "str", "bare", "nl", "bad", or one of "[]{}=,"
    text: str  # the decoded value of a string; the raw text otherwise
    line: int
    column: int  # 0-based
    end_line: int
    end_column: int  # 0-based, exclusive
    single_line: bool = True  # a one-line string whose raw text is its value (no escapes)


def _toml_tokens(lines: Lines) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(lines):
        number, text = lines[index]
        column = 0
        while column < len(text):
            char = text[column]
            if char in " \t":
                column += 1
            elif char == "#":
                break
            elif text.startswith(('"""', "'''"), column):
                token, index, column = _multiline_string(lines, index, column)
                tokens.append(token)
                number, text = lines[index]
            elif char in "\"'":
                pattern = _BASIC_STRING if char == '"' else _LITERAL_STRING
                match = pattern.match(text, column)
                if match is None:
                    tokens.append(_Token("bad", text[column:], number, column, number, len(text)))
                    break
                body = match.group(1)
                value = _unescape(body) if char == '"' else body
                tokens.append(
                    _Token("str", value, number, column, number, match.end(), value == body)
                )
                column = match.end()
            elif char in "[]{}=,":
                tokens.append(_Token(char, char, number, column, number, column + 1))
                column += 1
            elif (match := _BARE.match(text, column)) is not None:
                tokens.append(_Token("bare", match.group(0), number, column, number, match.end()))
                column = match.end()
            else:
                tokens.append(_Token("bad", char, number, column, number, column + 1))
                column += 1
        tokens.append(_Token("nl", "", number, len(text), number, len(text)))
        index += 1
    return tokens


def _multiline_string(lines: Lines, index: int, column: int) -> tuple[_Token, int, int]:
    """A `\"\"\"` or `'''` string from lines[index] at column; returns it and where it ends."""
    number, text = lines[index]
    delimiter = text[column : column + 3]
    start_line, start_column = number, column
    body: list[str] = []
    position = column + 3
    while True:
        close = text.find(delimiter, position)
        if close >= 0:
            body.append(text[position:close])
            end = close + 3
            while end < len(text) and text[end] == delimiter[0]:  # up to two quotes may precede
                end += 1
            token = _Token(
                "str",
                "\n".join(body).removeprefix("\n"),
                start_line,
                start_column,
                number,
                end,
                False,
            )
            return token, index, end
        body.append(text[position:])
        if index + 1 >= len(lines) or lines[index + 1][0] != number + 1:
            token = _Token("bad", "", start_line, start_column, number, len(text))
            return token, index, len(text)
        index += 1
        number, text = lines[index]
        position = 0


@dataclass(frozen=True, slots=True)
class _TomlString:
    path: tuple[str, ...]  # the full key path whose value holds the string
    token: _Token
    pair_start: tuple[int, int] | None  # the key's position when the string is that key's value


@dataclass(frozen=True, slots=True)
class _TomlKey:
    path: tuple[str, ...]  # full key path of a `key = value` pair or a table header
    span: Span


@dataclass(slots=True)
class _TomlScan:
    strings: list[_TomlString] = field(default_factory=list)
    keys: list[_TomlKey] = field(default_factory=list)
    # Seen where no table header was visible: (line, key path or string value).
    unplaced: list[tuple[int, tuple[str, ...] | None, str | None]] = field(default_factory=list)


class _ScanError(Exception):
    pass


class _TomlScanner:
    """Statements of a TOML text, with the table they sit in (None: not known from the text)."""

    def __init__(self, tokens: list[_Token], table: tuple[str, ...] | None) -> None:
        self.tokens = tokens
        self.position = 0
        self.table = table
        self.scan = _TomlScan()
        self.seen: set[int] = set()  # indices of the string tokens already recorded

    def run(self) -> _TomlScan:
        while self.position < len(self.tokens):
            token = self.tokens[self.position]
            start = self.position
            try:
                if token.kind == "nl":
                    self.position += 1
                elif token.kind == "[":
                    self._header()
                elif token.kind in ("bare", "str"):
                    self._pair(self.table, top_level=True)
                else:
                    raise _ScanError
            except _ScanError:
                self._recover(start)
        return self.scan

    def _peek(self) -> _Token:
        if self.position >= len(self.tokens):
            raise _ScanError
        return self.tokens[self.position]

    def _take(self, kind: str) -> _Token:
        token = self._peek()
        if token.kind != kind:
            raise _ScanError
        self.position += 1
        return token

    def _skip_newlines(self) -> None:
        while self.position < len(self.tokens) and self.tokens[self.position].kind == "nl":
            self.position += 1

    def _recover(self, start: int) -> None:
        """Skip to the end of the line; strings skipped on the way are unplaced."""
        if self.tokens[start].kind == "[":
            self.table = None  # a header we could not read: what follows is in an unknown table
        self.position = max(self.position, start + 1)
        while self.position < len(self.tokens) and self.tokens[self.position].kind != "nl":
            self.position += 1
        for index in range(start, self.position):
            token = self.tokens[index]
            if token.kind == "str" and index not in self.seen:
                self.scan.unplaced.append((token.line, None, token.text))

    def _header(self) -> None:
        opening = self._take("[")
        array = self._peek().kind == "[" and self._peek().column == opening.end_column
        if array:
            self.position += 1
        self.table = None
        path = self._key_path()
        closing = self._take("]")
        if array:
            closing = self._take("]")
        if self.position < len(self.tokens) and self._peek().kind != "nl":
            raise _ScanError
        self.table = path
        span = Span(opening.line, opening.column + 1, closing.line, closing.end_column + 1)
        self.scan.keys.append(_TomlKey(path, span))

    def _key_path(self) -> tuple[str, ...]:
        parts: list[str] = []
        while self._peek().kind in ("bare", "str"):
            token = self.tokens[self.position]
            self.position += 1
            if token.kind == "str":
                parts.append(token.text)
            else:
                parts.extend(part for part in token.text.split(".") if part)
        if not parts:
            raise _ScanError
        return tuple(parts)

    def _pair(self, table: tuple[str, ...] | None, *, top_level: bool) -> None:
        key_token = self._peek()
        keys = self._key_path()
        self._take("=")
        path = None if table is None else (*table, *keys)
        end = self._value(path, (key_token.line, key_token.column))
        if path is None:
            self.scan.unplaced.append((key_token.line, keys, None))
        else:
            span = Span(key_token.line, key_token.column + 1, end[0], end[1] + 1)
            self.scan.keys.append(_TomlKey(path, span))
        if top_level and self.position < len(self.tokens) and self._peek().kind != "nl":
            raise _ScanError

    def _value(
        self, path: tuple[str, ...] | None, pair_start: tuple[int, int] | None
    ) -> tuple[int, int]:
        """Consume one value; returns its end (line, 0-based exclusive column)."""
        token = self._peek()
        if token.kind == "str":
            self.seen.add(self.position)
            self.position += 1
            if path is None:
                self.scan.unplaced.append((token.line, None, token.text))
            else:
                self.scan.strings.append(_TomlString(path, token, pair_start))
            return token.end_line, token.end_column
        if token.kind == "bare":  # numbers, booleans, dates (which may hold a space)
            while self.position < len(self.tokens) and self.tokens[self.position].kind == "bare":
                token = self.tokens[self.position]
                self.position += 1
            return token.end_line, token.end_column
        if token.kind == "[":
            return self._array(path)
        if token.kind == "{":
            return self._inline_table(path)
        raise _ScanError

    def _array(self, path: tuple[str, ...] | None) -> tuple[int, int]:
        self._take("[")
        while True:
            self._skip_newlines()
            if self._peek().kind == "]":
                closing = self._take("]")
                return closing.end_line, closing.end_column
            self._value(path, None)
            self._skip_newlines()
            if self._peek().kind == ",":
                self.position += 1
            elif self._peek().kind != "]":
                raise _ScanError

    def _inline_table(self, path: tuple[str, ...] | None) -> tuple[int, int]:
        self._take("{")
        while True:
            self._skip_newlines()
            if self._peek().kind == "}":
                closing = self._take("}")
                return closing.end_line, closing.end_column
            self._pair(path, top_level=False)
            self._skip_newlines()
            if self._peek().kind == ",":
                self.position += 1
            elif self._peek().kind != "}":
                raise _ScanError


# --- pyproject.toml: where dependencies live ----------------------------------------------

_POETRY_TABLES = (("tool", "poetry", "dependencies"), ("tool", "poetry", "dev-dependencies"))


def _holds_pep508(path: tuple[str, ...]) -> bool:
    """Arrays of PEP 508 strings: [project] dependencies, optional-dependencies, groups, uv, pdm."""
    return (
        path == ("project", "dependencies")
        or (len(path) == 3 and path[:2] == ("project", "optional-dependencies"))
        or (len(path) == 2 and path[0] == "dependency-groups")
        or path == ("tool", "uv", "dev-dependencies")
        or (len(path) == 4 and path[:3] == ("tool", "pdm", "dev-dependencies"))
    )


def _poetry_entry(path: tuple[str, ...]) -> tuple[str, tuple[str, ...]] | None:
    """(dependency name, the key path below it) for paths inside a Poetry dependency table."""
    if len(path) >= 4 and path[:3] in _POETRY_TABLES:
        return path[3], path[4:]
    if len(path) >= 6 and path[:3] == ("tool", "poetry", "group") and path[4] == "dependencies":
        return path[5], path[6:]
    return None


def _pyproject_declarations(
    path: str,
    text: str | None,
    hunks: Sequence[Sequence[tuple[int, str]]],
    facts: _Facts,
    notes: list[str],
) -> list[Declaration]:
    if text is not None:
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            notes.append(
                f"{path}: not valid TOML ({exc}); only the lines the diff shows were judged"
            )
        else:
            return _toml_declarations(path, _numbered(text), (), facts, notes)
    declarations: list[Declaration] = []
    for hunk in hunks:
        lines = _clean(hunk)
        if lines:
            # Only a hunk that starts at the top of the file knows its table without a header.
            table: tuple[str, ...] | None = () if lines[0][0] == 1 else None
            declarations.extend(_toml_declarations(path, lines, table, facts, notes))
    return declarations


def _toml_declarations(
    path: str, lines: Lines, table: tuple[str, ...] | None, facts: _Facts, notes: list[str]
) -> list[Declaration]:
    scan = _TomlScanner(_toml_tokens(lines), table).run()
    line_texts = dict(lines)
    declarations: list[Declaration] = []
    for string in scan.strings:
        declaration = _string_declaration(
            path, string, line_texts.get(string.token.line, ""), notes
        )
        if declaration is not None:
            declarations.append(declaration)
    for key in scan.keys:
        entry = _poetry_entry(key.path)
        if entry is not None and not entry[1] and canonicalize_name(entry[0]) != PYTHON:
            # The Poetry key itself adds the package, whatever its value (version, git, path).
            span = key.span
            single = span.line == span.end_line and span.line in line_texts
            written = line_texts[span.line][span.column - 1 : span.end_column - 1] if single else ""
            display = written or f"{entry[0]} (a Poetry dependency)"
            declarations.append(Declaration(canonicalize_name(entry[0]), display, key.span, None))
    unjudged = sorted({line for line, keys, value in scan.unplaced if facts.concerns(keys, value)})
    if unjudged:
        plural = "s" if len(unjudged) > 1 else ""
        notes.append(
            f"{path}: line{plural} {', '.join(map(str, unjudged))} not judged: the diff shows no "
            "table header above them, so the table they belong to is unknown"
        )
    return declarations


def _string_declaration(
    path: str, string: _TomlString, line_text: str, notes: list[str]
) -> Declaration | None:
    value = string.token.text
    key_path = string.path
    if _holds_pep508(key_path):
        return _pep508_declaration(path, string, line_text, notes)
    if key_path == ("project", "requires-python"):
        display = f'requires-python = "{value}"'
        return _constrained(string, line_text, PYTHON, display, _specifier_constraint)
    if key_path == ("tool", "ruff", "target-version"):
        return _ruff_target_declaration(string, line_text)
    entry = _poetry_entry(key_path)
    if entry is not None and entry[1] in ((), ("version",)):
        name = canonicalize_name(entry[0])
        where = "=" if not entry[1] else "version ="
        display = f'{entry[0]} {where} "{value}"'
        return _constrained(string, line_text, name, display, poetry_constraint)
    return None


def _span_of(string: _TomlString) -> Span:
    token = string.token
    start_line, start_column = string.pair_start or (token.line, token.column)
    return Span(start_line, start_column + 1, token.end_line, token.end_column + 1)


def _pep508_declaration(
    path: str, string: _TomlString, line_text: str, notes: list[str]
) -> Declaration | None:
    token = string.token
    value = token.text
    stripped = value.strip()
    if not stripped or _URL_OR_PATH.match(stripped):
        return None
    try:
        requirement = Requirement(stripped)
    except InvalidRequirement as exc:
        reason = str(exc).splitlines()[0] if str(exc) else "unparseable"
        notes.append(
            f"{path}:{token.line}: skipped `{stripped}`, not a valid requirement ({reason})"
        )
        return None
    constraint = _constraint_of(requirement)
    bound = None
    if constraint is not None and _written_verbatim(token, line_text):
        bound = _pep440_bound(
            token.line,
            line_text,
            token.column + 1,
            value,
            requirement.specifier,
            _requirement_constraint,
        )
    return Declaration(
        package=canonicalize_name(requirement.name),
        display=_requirement_display(requirement, stripped),
        span=_span_of(string),
        constraint=constraint,
        bound=bound,
    )


def _written_verbatim(token: _Token, line_text: str) -> bool:
    """A one-line string whose characters in the line are exactly its value (no escapes)."""
    start = token.column + 1
    return token.single_line and line_text[start : start + len(token.text)] == token.text


def _constrained(
    string: _TomlString,
    line_text: str,
    package: str,
    display: str,
    parse: Callable[[str], Constraint | None],
) -> Declaration | None:
    """A version-only declaration: `requires-python`, or a Poetry constraint string."""
    token = string.token
    constraint = parse(token.text)
    if constraint is None:
        return None
    bound = None
    if _written_verbatim(token, line_text):
        bound = _constraint_bound(token, line_text, parse)
    return Declaration(package, display, _span_of(string), constraint, announces=False, bound=bound)


def _constraint_bound(
    token: _Token, line_text: str, parse: Callable[[str], Constraint | None]
) -> Bound | None:
    """The Bound of the one lower bound in a Poetry or PEP 440 constraint string."""
    value = token.text
    if parse is poetry_constraint:
        alternatives = _poetry_terms(value)
        if alternatives is None or len(alternatives) != 1:
            return None
        raisable = [
            t for t in alternatives[0] if t.operator in ("^", "~", "", "=", "==", ">=", "~=")
        ]
        if len(raisable) != 1 or "*" in raisable[0].version:
            return None
        operator, version = raisable[0].operator, raisable[0].version
        return _make_bound(token.line, line_text, token.column + 1, value, operator, version, parse)
    try:
        specifier = SpecifierSet(value)
    except InvalidSpecifier:
        return None
    return _pep440_bound(token.line, line_text, token.column + 1, value, specifier, parse)


_RUFF_TARGET = re.compile(r"py(\d)(\d+)")


def _ruff_target_declaration(string: _TomlString, line_text: str) -> Declaration | None:
    token = string.token
    match = _RUFF_TARGET.fullmatch(token.text)
    if match is None:
        return None
    version = Version(f"{match.group(1)}.{match.group(2)}")
    display = f'ruff target-version = "{token.text}" (Python {version})'
    constraint = Constraint((SpecifierSet(f">={version}"),))
    bound = None
    if _written_verbatim(token, line_text):
        start = token.column + 1 + match.start(1)
        end = token.column + 1 + match.end(2)
        bound = Bound(
            token.line,
            line_text,
            start,
            end,
            version,
            render=lambda target: "".join(map(str, target.release[:2])),
            rebuild=lambda new: _specifier_constraint(f">={new[0]}.{new[1:]}"),
        )
    return Declaration(PYTHON, display, _span_of(string), constraint, announces=False, bound=bound)


# --- Judging declarations against the catalogue -------------------------------------------


@dataclass(frozen=True, slots=True)
class _Floor:
    minimum: Version
    written: str  # the minimum as the matrix writes it
    note: str
    rule: Rule


@dataclass(frozen=True, slots=True)
class _Facts:
    """What the enabled rules of the catalogue say about dependencies."""

    floors: dict[str, list[_Floor]]  # package -> matrix rows
    python: list[_Floor]
    unwanted: dict[str, list[Rule]]  # package -> rules that flag adding it

    @classmethod
    def from_catalogue(cls, catalogue: Catalogue, rule_ids: Collection[str]) -> _Facts:
        enabled = {rule.id: rule for rule in catalogue.rules if rule.id in rule_ids}
        floors: dict[str, list[_Floor]] = {}
        python: list[_Floor] = []
        with_rows: set[tuple[str, str]] = set()
        for row in catalogue.matrix:
            name = canonicalize_name(row.package)
            with_rows.add((name, row.rule))
            rule = enabled.get(row.rule)
            if rule is None:
                continue
            floor = _Floor(Version(row.minimum), row.minimum, row.note, rule)
            if name == PYTHON:
                python.append(floor)
            else:
                floors.setdefault(name, []).append(floor)
        unwanted: dict[str, list[Rule]] = {}
        for rule in enabled.values():
            for package in rule.match.packages if rule.match else ():
                name = canonicalize_name(package)
                if (name, rule.id) not in with_rows:
                    unwanted.setdefault(name, []).append(rule)
        return cls(floors, python, unwanted)

    @property
    def empty(self) -> bool:
        return not (self.floors or self.python or self.unwanted)

    def concerns(self, keys: tuple[str, ...] | None, value: str | None) -> bool:
        """Whether an unplaced key or string could have been a declaration we judge."""
        names: set[str] = set()
        if keys:
            names.add(keys[-1])
            names.add(keys[0])
        if value is not None:
            with contextlib.suppress(InvalidRequirement):
                names.add(Requirement(value).name)
        known = {*self.floors, *self.unwanted}
        if self.python:
            known.update({PYTHON, "requires-python", "target-version"})
        return any(canonicalize_name(name) in known or name in known for name in names)

    def judge(self, declaration: Declaration, path: str) -> list[Finding]:
        python = declaration.package == PYTHON
        findings: list[Finding] = []
        if declaration.constraint is not None:
            findings.extend(
                self._floor_findings(declaration, declaration.constraint, path, python=python)
            )
        if declaration.announces:
            for rule in self.unwanted.get(declaration.package, []):
                message = f"{declaration.display} adds {declaration.package}: {rule.summary}"
                findings.append(
                    _finding(rule, rule.severity.value, declaration.span, path, message, None)
                )
        return findings

    def _floor_findings(
        self, declaration: Declaration, constraint: Constraint, path: str, *, python: bool
    ) -> Iterator[Finding]:
        floors = self.python if python else self.floors.get(declaration.package, [])
        judge = judge_python if python else judge_package
        worst: dict[str, tuple[tuple[int, Version], Verdict, _Floor]] = {}
        for floor in floors:  # several rows of one rule: report the most severe, then the highest
            verdict = judge(constraint, floor.minimum)
            if verdict is None:
                continue
            key = (_rank(_severity(verdict, floor, python=python)), floor.minimum)
            if floor.rule.id not in worst or key > worst[floor.rule.id][0]:
                worst[floor.rule.id] = (key, verdict, floor)
        for _, verdict, floor in worst.values():
            subject = "Python " if python else ""
            if verdict is Verdict.ALLOWS_OLDER:
                what = f"allows {subject or 'releases '}below {floor.written}"
            else:
                what = f"excludes {subject}{floor.written}"
            message = (
                f"{declaration.display} {what}, the minimum this catalogue assumes: {floor.note}"
            )
            severity = _severity(verdict, floor, python=python)
            suggestion = _raise_bound(declaration, floor)
            yield _finding(floor.rule, severity, declaration.span, path, message, suggestion)


def _severity(verdict: Verdict, floor: _Floor, *, python: bool) -> SeverityName:
    """The rule's severity, except: an old lower bound on a library that still allows the
    minimum is info, and a spec inside the minimum's major series drops an error to a warning."""
    rule_severity: SeverityName = floor.rule.severity.value
    if verdict is Verdict.ALLOWS_OLDER and not python:
        return "info"
    if verdict is Verdict.EXCLUDES_IN_SERIES and rule_severity == "error":
        return "warning"
    return rule_severity


def _rank(severity: SeverityName) -> int:
    return {"error": 3, "warning": 2, "info": 1}[severity]


def _raise_bound(declaration: Declaration, floor: _Floor) -> Suggestion | None:
    """The declaration's line with its lower bound raised to the minimum, when that is mechanical.

    Only within the minimum's major series (1.x to 2.x of a library is a migration, not an
    edit) and only when the raised declaration then passes.
    """
    bound = declaration.bound
    if bound is None or bound.current.release[:1] != floor.minimum.release[:1]:
        return None
    if bound.current >= floor.minimum:
        return None
    new_text = bound.render(floor.minimum)
    raised = bound.rebuild(new_text)
    judge = judge_python if declaration.package == PYTHON else judge_package
    if raised is None or judge(raised, floor.minimum) is not None:
        return None
    replacement = bound.line_text[: bound.start] + new_text + bound.line_text[bound.end :] + "\n"
    return Suggestion(bound.line, bound.line, replacement)


def _finding(
    rule: Rule,
    severity: SeverityName,
    span: Span,
    path: str,
    message: str,
    suggestion: Suggestion | None,
) -> Finding:
    return Finding(
        rule_id=rule.id,
        severity=severity,
        path=path,
        line=span.line,
        column=span.column,
        end_line=span.end_line,
        end_column=span.end_column,
        message=message,
        fix=rule.fix,
        suggestion=suggestion,
    )

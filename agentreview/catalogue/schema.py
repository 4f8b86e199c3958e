"""The catalogue's schema: pydantic v2 models for `rules/*.yaml`.

These models are the single definition of what a rule is. Loading validates every file
against them. The query commands and the reviewer read the JSON they dump (see `cache.py`,
and `compiled.py` for the reviewer's plain-dataclass view of it), so that neither pays for
importing pydantic on every run.
"""

from __future__ import annotations

import ast
import re
import tomllib
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from agentreview.catalogue.enums import Detect, Scope, Severity, SnippetLanguage

RULE_ID_PATTERN = r"^[A-Z]{2,10}[0-9]{3}$"
CATEGORY_ID_PATTERN = r"^[A-Z]{2,10}$"

NonEmptyText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
OneLine = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=r"^[^\n]+$")
]
Url = Annotated[str, StringConstraints(pattern=r"^https://[^\s]+$")]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Match(BaseModel):
    """Facts a detector needs, kept as data so detectors stay generic.

    Qualified names are dotted import paths (`requests.get`, `sqlalchemy.orm.Session`);
    a trailing `.*` matches any attribute of a module (`requests.*`).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    calls: tuple[str, ...] = ()  # callables whose call is the anti-pattern
    constructors: tuple[str, ...] = ()  # a name bound to the result of one of these is tracked
    methods: tuple[str, ...] = ()  # method names that matter on tracked names or receivers
    modules: tuple[str, ...] = ()  # importing these (or their submodules) is the anti-pattern
    names: tuple[str, ...] = ()  # other qualified names: classes, annotations, attributes
    keywords: tuple[str, ...] = ()  # keyword arguments that matter
    packages: tuple[str, ...] = ()  # distribution names (PEP 503), for dependency files
    safe: tuple[str, ...] = ()  # qualified names that look alike but are never flagged


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=RULE_ID_PATTERN)]
    title: NonEmptyText
    category: Annotated[str, StringConstraints(pattern=CATEGORY_ID_PATTERN)]
    severity: Severity
    detect: Detect
    summary: OneLine
    why: NonEmptyText
    fix: NonEmptyText
    do: Annotated[list[NonEmptyText], Field(min_length=1)]
    dont: Annotated[list[NonEmptyText], Field(min_length=1)]
    references: Annotated[list[Url], Field(min_length=1)]
    tags: list[Tag] = []
    # Codes of ruff / flake8-async rules that flag the same thing; a noqa comment naming
    # one of them suppresses our finding too.
    overlaps: list[Annotated[str, StringConstraints(pattern=r"^[A-Z]+[0-9]+$")]] = []
    lang: SnippetLanguage = SnippetLanguage.python
    match: Match | None = None

    @field_validator("do", "dont")
    @classmethod
    def _strip_trailing_blank_lines(cls, snippets: list[str]) -> list[str]:
        return [s.rstrip() + "\n" for s in snippets]

    @model_validator(mode="after")
    def _check_consistency(self) -> Self:
        if not self.id.startswith(self.category) or not self.id[len(self.category) :].isdigit():
            raise ValueError(
                f"id {self.id!r} must be the category {self.category!r} followed by three digits"
            )
        for field in ("do", "dont"):
            for index, snippet in enumerate(getattr(self, field)):
                problem = snippet_problem(snippet, self.lang)
                if problem:
                    raise ValueError(
                        f"{field}[{index}] does not parse as {self.lang.value}: {problem}"
                    )
        return self


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=CATEGORY_ID_PATTERN)]
    title: NonEmptyText
    description: NonEmptyText
    scope: list[Scope] = Field(min_length=1)
    # Where the category sits in rendered files and listings (lower first).
    order: int = 100


class MatrixEntry(BaseModel):
    """One row of the compatibility matrix: the lowest version the catalogue assumes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # PEP 503 normalised name, or "python" for the interpreter itself.
    package: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    minimum: Annotated[str, StringConstraints(pattern=r"^[0-9]+(\.[0-9]+)*$")]
    rule: Annotated[str, StringConstraints(pattern=RULE_ID_PATTERN)]
    note: NonEmptyText


class RuleFile(BaseModel):
    """The shape of one `rules/*.yaml` file: one category and its rules (and, optionally, matrix rows)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: Category
    rules: list[Rule] = Field(min_length=1)
    matrix: list[MatrixEntry] = []


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: list[Category]
    rules: list[Rule]
    matrix: list[MatrixEntry]

    def rule(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def category(self, category_id: str) -> Category:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def rules_in(self, category_id: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.category == category_id]


_REQUIREMENT_OPTION = re.compile(r"^\s*(-[a-zA-Z]|--[a-z-]+)")


def snippet_problem(code: str, lang: SnippetLanguage) -> str | None:
    """Why `code` is not valid `lang`, or None when it parses."""
    if lang is SnippetLanguage.python:
        try:
            ast.parse(code)
        except SyntaxError as exc:
            return f"line {exc.lineno}: {exc.msg}"
        return None
    if lang is SnippetLanguage.toml:
        try:
            tomllib.loads(code)
        except tomllib.TOMLDecodeError as exc:
            return str(exc)
        return None
    from packaging.requirements import InvalidRequirement, Requirement

    # pip's syntax: `\` joins lines, `#` starts a comment, per-requirement options
    # (`--hash=...`) follow the requirement, and option lines (`-r`, `-e`, ...) are skipped.
    logical: list[tuple[int, str]] = []
    pending = ""
    for number, raw in enumerate(code.splitlines(), start=1):
        text = raw.split(" #", 1)[0] if not raw.lstrip().startswith("#") else ""
        if text.rstrip().endswith("\\"):
            pending += text.rstrip()[:-1] + " "
            continue
        logical.append((number, pending + text))
        pending = ""
    for number, text in logical:
        line = text.split(" --", 1)[0].strip()
        if not line or _REQUIREMENT_OPTION.match(line):
            continue
        try:
            Requirement(line)
        except InvalidRequirement as exc:
            return f"line {number}: {str(exc).splitlines()[0]}"
    return None

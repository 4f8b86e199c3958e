"""The reviewer's catalogue: frozen dataclasses built from the validated JSON cache.

Importing pydantic and building the schema's models costs more than importing libcst, and a
review needs the catalogue only to read it. So the reviewer (detectors, reports, fixes) uses
these plain classes, built from the JSON that `cache.py` keeps of the validated catalogue:
the rule files are validated against `schema.py` whenever they change, never on a warm run.

The classes mirror the schema's models field for field (`tests/catalogue/test_compiled.py`
fails when the two drift apart); the schema stays the one definition of what a rule is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentreview.catalogue.enums import Detect, Scope, Severity, SnippetLanguage


@dataclass(frozen=True, slots=True)
class Match:
    """See `schema.Match`: the facts a detector needs, as qualified names."""

    calls: tuple[str, ...] = ()
    constructors: tuple[str, ...] = ()
    methods: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    packages: tuple[str, ...] = ()
    safe: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    title: str
    category: str
    severity: Severity
    detect: Detect
    summary: str
    why: str
    fix: str
    do: tuple[str, ...]
    dont: tuple[str, ...]
    references: tuple[str, ...]
    tags: tuple[str, ...] = ()
    overlaps: tuple[str, ...] = ()
    lang: SnippetLanguage = SnippetLanguage.python
    match: Match | None = None


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    title: str
    description: str
    scope: tuple[Scope, ...]
    order: int = 100


@dataclass(frozen=True, slots=True)
class MatrixEntry:
    package: str
    minimum: str
    rule: str
    note: str


@dataclass(frozen=True, slots=True)
class Catalogue:
    categories: tuple[Category, ...]
    rules: tuple[Rule, ...]
    matrix: tuple[MatrixEntry, ...]

    def rule(self, rule_id: str) -> Rule:
        found = next((rule for rule in self.rules if rule.id == rule_id), None)
        if found is None:
            raise KeyError(rule_id)
        return found


def from_data(data: Mapping[str, Any]) -> Catalogue:
    """The catalogue from `schema.Catalogue.model_dump(mode="json")`, which was validated."""
    return Catalogue(
        categories=tuple(
            Category(
                id=raw["id"],
                title=raw["title"],
                description=raw["description"],
                scope=tuple(Scope(scope) for scope in raw["scope"]),
                order=raw["order"],
            )
            for raw in data["categories"]
        ),
        rules=tuple(_rule(raw) for raw in data["rules"]),
        matrix=tuple(MatrixEntry(**raw) for raw in data["matrix"]),
    )


def _rule(raw: Mapping[str, Any]) -> Rule:
    match = raw.get("match")
    return Rule(
        id=raw["id"],
        title=raw["title"],
        category=raw["category"],
        severity=Severity(raw["severity"]),
        detect=Detect(raw["detect"]),
        summary=raw["summary"],
        why=raw["why"],
        fix=raw["fix"],
        do=tuple(raw["do"]),
        dont=tuple(raw["dont"]),
        references=tuple(raw["references"]),
        tags=tuple(raw["tags"]),
        overlaps=tuple(raw["overlaps"]),
        lang=SnippetLanguage(raw["lang"]),
        match=None
        if match is None
        else Match(**{key: tuple(value) for key, value in match.items()}),
    )


def load_compiled_catalogue(extra_dirs: Sequence[Path] = ()) -> Catalogue:
    """The built-in catalogue plus `extra_dirs`, validated when the files changed since the
    last run and read from the cache otherwise. Raises CatalogueError listing every problem."""
    from agentreview.catalogue.cache import catalogue_data
    from agentreview.catalogue.locate import data_dir, rule_files

    files = rule_files([data_dir("rules"), *extra_dirs])
    try:
        return from_data(catalogue_data(files))
    except (KeyError, TypeError, ValueError):
        # A cache entry that is valid JSON but not the catalogue's shape (edited by hand, or
        # written by a build with the same version string): validate the files again.
        return from_data(catalogue_data(files, fresh=True))

"""A fake analysis engine for pipeline tests, and helpers to run a review and read its JSON.

The fake flags a few fixed snippets (see `FakeEngine.NEEDLES`) so these tests exercise the
pipeline (sources, filtering, suppressions, config, output) independently of the real
detectors, and it records how it was called (whole file or hunks, with which rules).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest

from agentreview import review
from agentreview.catalogue.compiled import Catalogue, load_compiled_catalogue
from agentreview.findings import Finding, RepoFacts
from tests.diff.gitrepo import GitRepo

_ASYNC_DEF = re.compile(r"^(\s*)async\s+def\s")


@dataclass
class Call:
    mode: str  # "whole", "hunks" or "deps"
    path: str
    rule_ids: frozenset[str]
    facts: RepoFacts | None = None


@dataclass
class FakeResult:
    findings: list[Finding]
    parse_error: str | None = None
    unjudged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class FakeEngine:
    NEEDLES: ClassVar[dict[str, str]] = {
        "time.sleep(": "ASYNC002",
        "requests.get(": "ASYNC001",
        ".dict()": "PYD004",
    }
    DEPENDENCY_NEEDLE = "fastapi==0.1"

    def __init__(self) -> None:
        self.calls: list[Call] = []

    def scan(
        self, lines: Sequence[tuple[int, str]], path: str, catalogue: Catalogue
    ) -> list[Finding]:
        found: list[Finding] = []
        headers: list[tuple[int, int]] = []  # (line, indent) of async defs seen so far
        for number, text in lines:
            header = _ASYNC_DEF.match(text)
            if header:
                headers.append((number, len(header.group(1))))
            for needle, rule_id in self.NEEDLES.items():
                column = text.find(needle)
                if column < 0:
                    continue
                indent = len(text) - len(text.lstrip())
                enclosing = [line for line, depth in headers if depth < indent]
                rule = catalogue.rule(rule_id)
                found.append(
                    Finding(
                        rule_id=rule_id,
                        severity=rule.severity.value,
                        path=path,
                        line=number,
                        column=column + 1,
                        end_line=number,
                        end_column=column + 1 + len(needle),
                        message=f"fake {rule_id}: `{needle}`",
                        fix=rule.fix,
                        async_header_line=enclosing[-1] if enclosing else None,
                    )
                )
        return found

    def whole(
        self,
        source: str,
        path: str,
        catalogue: Catalogue,
        rule_ids: Collection[str],
        facts: RepoFacts,
        *,
        changed_lines: Collection[int] | None = None,
    ) -> FakeResult:
        self.calls.append(Call("whole", path, frozenset(rule_ids), facts))
        try:
            ast.parse(source)
        except SyntaxError as exc:
            return FakeResult([], parse_error=f"line {exc.lineno}: {exc.msg}")
        return FakeResult(self.scan(list(enumerate(source.splitlines(), 1)), path, catalogue))

    def hunks(
        self,
        hunks: Sequence[Sequence[tuple[int, str]]],
        path: str,
        catalogue: Catalogue,
        rule_ids: Collection[str],
        facts: RepoFacts,
    ) -> FakeResult:
        self.calls.append(Call("hunks", path, frozenset(rule_ids), facts))
        found = [finding for hunk in hunks for finding in self.scan(hunk, path, catalogue)]
        return FakeResult(found, unjudged=["PYD004", "ASYNC006"])

    def is_dependency(self, path: str) -> bool:
        return Path(path).name.startswith("requirements")

    def deps(
        self,
        path: str,
        text: str | None,
        hunks: Sequence[Sequence[tuple[int, str]]],
        catalogue: Catalogue,
        rule_ids: Collection[str],
    ) -> FakeResult:
        self.calls.append(Call("deps" if text is None else "deps-whole", path, frozenset(rule_ids)))
        lines = (
            list(enumerate(text.splitlines(), 1))
            if text is not None
            else [row for hunk in hunks for row in hunk]
        )
        rule = catalogue.rule("DEPS002")
        return FakeResult(
            [
                Finding(
                    "DEPS002",
                    rule.severity.value,
                    path,
                    n,
                    1,
                    n,
                    len(t) + 1,
                    "old fastapi",
                    rule.fix,
                )
                for n, t in lines
                if t.startswith(self.DEPENDENCY_NEEDLE)
            ]
        )

    def modes(self) -> dict[str, str]:
        return {call.path: call.mode for call in self.calls}


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_compiled_catalogue()


@pytest.fixture
def engine(monkeypatch: pytest.MonkeyPatch, catalogue: Catalogue) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr(review, "analyse_python_file", fake.whole)
    monkeypatch.setattr(review, "analyse_python_fragments", fake.hunks)
    monkeypatch.setattr(review, "is_dependency_path", fake.is_dependency)
    monkeypatch.setattr(review, "analyse_dependencies", fake.deps)
    monkeypatch.setattr(
        "agentreview.catalogue.compiled.load_compiled_catalogue", lambda extra_dirs=(): catalogue
    )
    return fake


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    return GitRepo(tmp_path / "repo")


@dataclass
class Outcome:
    code: int
    document: dict[str, Any]

    @property
    def findings(self) -> list[dict[str, Any]]:
        findings: list[dict[str, Any]] = self.document["findings"]
        return findings

    def ids_and_lines(self) -> list[tuple[str, str, int]]:
        return [(f["rule_id"], f["path"], f["line"]) for f in self.findings]

    def modes(self) -> dict[str, str]:
        return {entry["path"]: entry["mode"] for entry in self.document["files"]}

    def reasons(self) -> dict[str, str | None]:
        return {entry["path"]: entry.get("reason") for entry in self.document["files"]}


def run_review(patch: bytes, tmp_path: Path, **options: Any) -> Outcome:
    """`review_patch` with JSON written to a file; options default as on the command line."""
    patch_file = tmp_path / "change.patch"
    patch_file.write_bytes(patch)
    output = tmp_path / "report.json"
    arguments: dict[str, Any] = {
        "repo": None,
        "diff_only": False,
        "fmt": "json",
        "output": output,
        "select": None,
        "ignore": None,
        "fail_on": None,
        "config": None,
    }
    arguments.update(options)
    code = review.review_patch(str(patch_file), **arguments)
    return Outcome(code, json.loads(output.read_text(encoding="utf-8")))

"""The catalogue's own snippets are the reviewer's test data, end to end through the CLI.

For every rule the reviewer flags (detect yes or part), each `dont` snippet must trigger
exactly that rule and each `do` snippet nothing, with every rule enabled:
- as a whole file (`agentreview check FILE`), and
- as a new file in a diff (`agentreview review PATCH --diff-only`).
Python snippets become a module at a path that suits their category (a test module for
TEST rules; the path a snippet names in its first comment line when it names one, as
migration and `src/<domain>/` snippets do); requirements and TOML snippets become
`requirements.txt` / `pyproject.toml`.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from agentreview.catalogue.compiled import Rule, load_compiled_catalogue
from agentreview.catalogue.enums import Detect, Scope, SnippetLanguage
from agentreview.cli import main

CATALOGUE = load_compiled_catalogue()
_PATH_COMMENT = re.compile(r"^#\s*((?:[\w.-]+/)*[\w.-]+\.(?:py|txt|toml))\s*$")


SCOPES = {category.id: category.scope for category in CATALOGUE.categories}


def snippet_path(rule: Rule, code: str) -> str:
    first = code.splitlines()[0] if code.strip() else ""
    named = _PATH_COMMENT.match(first)
    if named:
        return named.group(1)
    if rule.lang is SnippetLanguage.requirements:
        return "requirements.txt"
    if rule.lang is SnippetLanguage.toml:
        return "pyproject.toml"
    if Scope.tests in SCOPES.get(rule.category, ()):
        return "tests/test_snippet.py"
    return "app/snippet.py"


def _cases(kind: str) -> list[tuple[str, int]]:
    return [
        (rule.id, index)
        for rule in CATALOGUE.rules
        if rule.detect is not Detect.no
        for index in range(len(getattr(rule, kind)))
    ]


def new_file_patch(path: str, code: str) -> str:
    lines = code.splitlines()
    body = "".join(f"+{line}\n" for line in lines)
    return (
        f"diff --git a/{path} b/{path}\nnew file mode 100644\nindex 0000000..1111111\n"
        f"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    old_argv = sys.argv
    sys.argv = ["agentreview", *args, "--format", "json", "--fail-on", "never"]
    try:
        main()
    except SystemExit as exc:
        assert exc.code == 0, capsys.readouterr().err
    finally:
        sys.argv = old_argv
    report: dict[str, object] = json.loads(capsys.readouterr().out)
    return report


def rule_ids(report: dict[str, object]) -> list[str]:
    findings = report["findings"]
    assert isinstance(findings, list)
    return sorted({finding["rule_id"] for finding in findings})


def review_both_ways(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rule: Rule, code: str
) -> tuple[dict[str, object], dict[str, object]]:
    path = snippet_path(rule, code)
    project = tmp_path / "project"
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(code, encoding="utf-8")
    (project / ".git").mkdir()  # marks the project root for `check`
    whole = run_json(capsys, "check", str(target))
    patch = tmp_path / "snippet.patch"
    patch.write_text(new_file_patch(path, code), encoding="utf-8")
    diff = run_json(capsys, "review", str(patch), "--diff-only")
    return whole, diff


@pytest.mark.parametrize(("rule_id", "index"), _cases("dont"), ids=lambda v: str(v))
def test_dont_snippet_triggers_exactly_its_rule(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rule_id: str, index: int
) -> None:
    rule = CATALOGUE.rule(rule_id)
    whole, diff = review_both_ways(capsys, tmp_path, rule, rule.dont[index])
    assert rule_ids(whole) == [rule_id], whole["findings"]
    assert rule_ids(diff) == [rule_id], (diff["findings"], diff["notes"])


@pytest.mark.parametrize(("rule_id", "index"), _cases("do"), ids=lambda v: str(v))
def test_do_snippet_triggers_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, rule_id: str, index: int
) -> None:
    rule = CATALOGUE.rule(rule_id)
    whole, diff = review_both_ways(capsys, tmp_path, rule, rule.do[index])
    assert whole["findings"] == []
    assert diff["findings"] == []


def test_every_detectable_rule_has_snippet_cases() -> None:
    detectable = {rule.id for rule in CATALOGUE.rules if rule.detect is not Detect.no}
    assert {rule_id for rule_id, _ in _cases("dont")} == detectable
    assert {rule_id for rule_id, _ in _cases("do")} == detectable

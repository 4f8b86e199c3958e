"""Shared test helpers for the PR-bot formats: reports built from findings, independent
validators (schemas, GitHub's rules, the Actions runner's parser, a Markdown parser).

The validators restate the consumers' rules from /work/shared/research/reviewer-peers.md and
the consumers' sources (actions/runner, reviewdog) instead of importing the reporters'
constants, so a wrong constant in a reporter is caught.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from markdown_it import MarkdownIt
from markdown_it.token import Token
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, Suggestion
from agentreview.fingerprint import assign_fingerprints
from agentreview.report import FileEntry, Report

SCHEMAS = Path(__file__).parent / "schemas"
RDF = SCHEMAS / "rdf"
RDF_BASE = "https://reviewdog.test/rdf/"


# -- building reports --------------------------------------------------------------------------


@dataclass
class Line:
    """One post-change line, to place findings on by the text they flag."""

    path: str
    number: int
    text: str

    def finding(
        self,
        rule_id: str,
        severity: str,
        needle: str,
        message: str,
        *,
        catalogue: Catalogue | None = None,
        end: Line | None = None,
        end_needle: str | None = None,
        suggestion: Suggestion | None = None,
    ) -> Finding:
        column = self.text.index(needle) + 1
        last = end or self
        if end_needle is None:
            end_column = column + len(needle)
        else:
            end_column = last.text.index(end_needle) + len(end_needle) + 1
        fix = catalogue.rule(rule_id).fix if catalogue is not None else f"fix for {rule_id}"
        return Finding(
            rule_id=rule_id,
            severity=severity,  # type: ignore[arg-type]
            path=self.path,
            line=self.number,
            column=column,
            end_line=last.number,
            end_column=end_column,
            message=message,
            fix=fix,
            suggestion=suggestion,
        )


def build_report(
    findings: list[Finding],
    lines: list[Line],
    *,
    catalogue: Catalogue | None,
    notes: list[str] | None = None,
    fingerprints: bool = True,
) -> Report:
    """A report as the pipeline makes it: sorted findings, fingerprints, line text."""
    text = {(line.path, line.number): line.text for line in lines}
    if fingerprints:
        by_path: dict[str, list[Finding]] = {}
        for finding in findings:
            by_path.setdefault(finding.path, []).append(finding)
        findings = [
            printed
            for path, group in by_path.items()
            for printed in assign_fingerprints(
                group,
                lambda number, path=path: text.get((path, number), ""),  # type: ignore[misc]
            )
        ]
    ordered = sorted(findings, key=Finding.sort_key)
    paths = sorted({finding.path for finding in ordered} | {line.path for line in lines})
    return Report(
        findings=ordered,
        files=[FileEntry(path, "full") for path in paths],
        notes=list(notes or []),
        catalogue=catalogue,
        line_text=text,
    )


def realistic_report(catalogue: Catalogue) -> Report:
    """Several rules, files and severities; non-ASCII text before a finding; a multi-line
    finding whose suggestion spans more lines; a SEC rule; a rule the catalogue lacks."""
    router = "app/users/router.py"
    lines = [
        Line(router, 3, "from jose import JWTError, jwt"),
        Line(
            router,
            14,
            '    greeting = "Grüß dich, Zoë 🚀"; response = requests.get(url, timeout=5)',
        ),
        Line(router, 20, "async def update_user("),
        Line(router, 21, "    user_id: int,"),
        Line(router, 22, "    current_user_id: int = Depends(get_current_user_id),"),
        Line(router, 23, ") -> User:"),
        Line("app/models.py", 5, "class Role(str, Enum):"),
        Line("app/models.py", 9, "    nickname: Optional[str] = None"),
        Line("requirements.txt", 1, "fastapi==0.111.0"),
        Line(
            "tests/test_users.py",
            8,
            "    async with AsyncClient(app=app, base_url='http://test') as c:",
        ),
        Line("app/legacy.py", 2, "import acme_internal"),
        Line("app/main.py", 10, "app.add_middleware("),
        Line("app/main.py", 13, ")"),
    ]
    by_key = {(line.path, line.number): line for line in lines}

    def at(path: str, number: int) -> Line:
        return by_key[(path, number)]

    findings = [
        at(router, 3).finding(
            "SEC001",
            "warning",
            "jose",
            "`from jose import JWTError, jwt` imports `jose`; `python-jose` is unmaintained",
            catalogue=catalogue,
        ),
        at(router, 14).finding(
            "ASYNC001",
            "error",
            "requests.get(url, timeout=5)",
            "`requests.get()` blocks the event loop inside `async def read_user`",
            catalogue=catalogue,
            suggestion=Suggestion(
                14,
                14,
                '    greeting = "Grüß dich, Zoë 🚀"; response = await client.get(url, timeout=5)\n',
            ),
        ),
        at(router, 22).finding(
            "DEP001",
            "warning",
            "current_user_id",
            "parameter `current_user_id` of `update_user` declares `Depends(...)` as its default",
            catalogue=catalogue,
            suggestion=Suggestion(
                20,
                23,
                "async def update_user(\n"
                "    user_id: int,\n"
                "    current_user_id: Annotated[int, Depends(get_current_user_id)],\n"
                ") -> User:\n",
            ),
        ),
        at("app/models.py", 5).finding(
            "PYD009",
            "info",
            "Role(str, Enum)",
            "`Role(str, Enum)`: use `enum.StrEnum`",
            catalogue=catalogue,
            suggestion=Suggestion(5, 5, "class Role(StrEnum):\n"),
        ),
        at("app/models.py", 9).finding(
            "LINT002",
            "info",
            "Optional[str]",
            "`Optional[str]`: write `str | None`",
            catalogue=catalogue,
        ),
        at("requirements.txt", 1).finding(
            "DEPS002",
            "error",
            "fastapi==0.111.0",
            "fastapi==0.111.0 excludes 0.115, the minimum this catalogue assumes",
            catalogue=catalogue,
            suggestion=Suggestion(1, 1, "fastapi==0.115.0\n"),
        ),
        at("tests/test_users.py", 8).finding(
            "TEST002",
            "error",
            "app=app",
            "`AsyncClient(app=...)` raises TypeError on httpx 0.28+",
            catalogue=catalogue,
        ),
        at("app/legacy.py", 2).finding(
            "ACME001", "warning", "acme_internal", "`acme_internal` is retired: use `acme`"
        ),
        at("app/main.py", 10).finding(
            "SEC002",
            "warning",
            "app.add_middleware(",
            '`CORSMiddleware` with `allow_origins=["*"]`',
            catalogue=catalogue,
            end=at("app/main.py", 13),
            end_needle=")",
        ),
    ]
    notes = ["app/schemas.py: reviewed from the diff only: file not found under --repo"]
    return build_report(findings, lines, catalogue=catalogue, notes=notes)


def injection_report(catalogue: Catalogue | None) -> Report:
    """Paths, messages, notes and suggested code that try to break out of every format."""
    path = "evil `dir`/a,b:c %0A\n::error::pwned ##[add-mask]x <img src=x>.py"
    code = "x = 1  # ``` </details> <script>alert(1)</script>\n" + "```` \n   ```\n@octocat #1\n"
    message = (
        "pwned%0A::error file=x::forged\r\n::add-mask::secret ##[set-output name=a]b "
        "</details><img src=x onerror=alert(1)> [click](https://evil.example) "
        "![img](https://evil.example/i.png) @octocat #12 GH-34 https://evil.example "
        "www.evil.example user@evil.example <!-- --> | cell | *bold* _it_ ~~s~~ $x$ :tada: "
        "`code with ``` and </details>` & &amp; \\` trailing"
    )
    lines = [Line(path, 1, "x = 1"), Line(path, 2, "y = 2")]
    findings = [
        lines[0].finding(
            "ASYNC001",
            "error",
            "x = 1",
            message,
            catalogue=catalogue,
            suggestion=Suggestion(1, 1, code),
        ),
        lines[1].finding("LINT002", "info", "y", message, catalogue=catalogue),
    ]
    notes = ["note\n::error::from a note ##[add-mask]x </details> @octocat"]
    return build_report(findings, lines, catalogue=catalogue, notes=notes)


def many_findings(count: int, severity: str, *, path: str = "app/many.py") -> list[Finding]:
    base = Finding("ASYNC002", "error", path, 1, 5, 1, 18, "`time.sleep` blocks", "fix")
    return [
        replace(base, severity=severity, line=number, end_line=number)  # type: ignore[arg-type]
        for number in range(1, count + 1)
    ]


# -- schemas -----------------------------------------------------------------------------------


def sarif_validator() -> Draft4Validator:
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return Draft4Validator(schema)


def _rdf_registry() -> Registry:
    resources = [
        (
            RDF_BASE + path.name,
            Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), DRAFT4),
        )
        for path in sorted(RDF.glob("*.json"))
    ]
    return Registry().with_resources(resources)


def rdf_validator(name: str) -> Draft4Validator:
    """A validator for reviewdog's `name` schema (`DiagnosticResult`, `Diagnostic`), with
    every rdf schema registered so `$ref`s between files resolve."""
    registry = _rdf_registry()
    return Draft4Validator({"$ref": RDF_BASE + f"{name}.json"}, registry=registry)


def schema_errors(validator: Draft4Validator, document: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(document)
    ]


# -- GitHub code scanning ----------------------------------------------------------------------

LEVELS = {"note", "warning", "error"}
PRECISIONS = {"very-high", "high", "medium", "low"}


def code_scanning_problems(document: dict[str, Any]) -> list[str]:
    """GitHub's SARIF requirements (sarif-support.md, sarif-limits.md), restated."""
    problems: list[str] = []

    def need(condition: bool, what: str) -> None:
        if not condition:
            problems.append(what)

    def text_of(holder: dict[str, Any], key: str, limit: int | None = None) -> None:
        value = holder.get(key, {}).get("text")
        need(isinstance(value, str) and value != "", f"{key}.text missing or empty")
        if limit is not None and isinstance(value, str):
            need(len(value) <= limit, f"{key}.text over {limit}")

    need("$schema" in document, "$schema")
    need(document.get("version") == "2.1.0", "version")
    runs = document.get("runs", [])
    need(1 <= len(runs) <= 20, "1-20 runs")
    for run in runs:
        driver = run["tool"]["driver"]
        need(bool(driver.get("name")), "driver.name")
        rules = driver.get("rules", [])
        need(len(rules) <= 25_000, "rules per run")
        for rule in rules:
            need(bool(rule.get("id")), "rule.id")
            need(len(rule.get("name", "")) <= 255, "rule.name over 255")
            text_of(rule, "shortDescription", 1024)
            text_of(rule, "fullDescription", 1024)
            text_of(rule, "help")
            level = rule.get("defaultConfiguration", {}).get("level", "warning")
            need(level in LEVELS, f"rule level {level}")
            properties = rule.get("properties", {})
            need(len(properties.get("tags", [])) <= 20, "tags over 20")
            if "precision" in properties:
                need(properties["precision"] in PRECISIONS, "precision")
            if "security-severity" in properties:
                need(0.1 <= float(properties["security-severity"]) <= 10, "security-severity")
        results = run.get("results", [])
        need(len(results) <= 25_000, "results per run")
        for result in results:
            text_of(result, "message")
            need(result.get("level", "warning") in LEVELS, "result level")
            locations = result.get("locations", [])
            need(1 <= len(locations) <= 10, "1-10 locations")
            physical = locations[0]["physicalLocation"] if locations else {}
            need(bool(physical.get("artifactLocation", {}).get("uri")), "artifactLocation.uri")
            region = physical.get("region", {})
            for key in ("startLine", "startColumn", "endLine", "endColumn"):
                need(isinstance(region.get(key), int) and region[key] >= 1, f"region.{key}")
            line_hash = result.get("partialFingerprints", {}).get("primaryLocationLineHash")
            need(bool(line_hash), "partialFingerprints.primaryLocationLineHash")
            if "ruleIndex" in result:
                need(rules[result["ruleIndex"]]["id"] == result["ruleId"], "ruleIndex")
    need(not _empty_strings(document), f"empty strings at {_empty_strings(document)}")
    return problems


def _empty_strings(value: Any, where: str = "") -> list[str]:
    if value == "":
        return [where]
    if isinstance(value, dict):
        return [
            found for key, item in value.items() for found in _empty_strings(item, f"{where}/{key}")
        ]
    if isinstance(value, list):
        return [
            found
            for index, item in enumerate(value)
            for found in _empty_strings(item, f"{where}/{index}")
        ]
    return []


# -- the GitHub Actions runner -----------------------------------------------------------------
# A port of actions/runner src/Runner.Common/ActionCommand.cs (TryParseV2, then the legacy
# TryParse that finds `##[` anywhere in a line), applied line by line as the runner reads
# stdout (split on LF, CR and CRLF).

RUNNER_COMMANDS = {
    "error", "warning", "notice", "debug", "add-mask", "add-matcher", "remove-matcher",
    "set-output", "set-env", "add-path", "save-state", "group", "endgroup", "echo",
    "stop-commands",
}  # fmt: skip


@dataclass
class RunnerCommand:
    name: str
    properties: dict[str, str]
    data: str


def runner_lines(output: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", output)


def parse_runner_line(line: str) -> RunnerCommand | None:
    return _parse_v2(line) or _parse_legacy(line)


def _parse_v2(line: str) -> RunnerCommand | None:
    message = line.lstrip()
    if not message.startswith("::"):
        return None
    end = message.find("::", 2)
    if end < 0:
        return None
    info = message[2:end]
    name, _, rest = info.partition(" ")
    if name not in RUNNER_COMMANDS:
        return None
    properties: dict[str, str] = {}
    for pair in filter(None, rest.strip().split(",")):
        key, sep, value = pair.partition("=")
        if sep and key and value:
            properties[key] = _unescape(
                value, ("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")
            )
    data = _unescape(message[end + 2 :], ("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
    return RunnerCommand(name, properties, data)


def _parse_legacy(line: str) -> RunnerCommand | None:
    start = line.find("##[")
    if start < 0:
        return None
    close = line.find("]", start)
    if close < 0:
        return None
    info = line[start + 3 : close]
    name = info.partition(" ")[0]
    if name not in RUNNER_COMMANDS:
        return None
    return RunnerCommand(name, {}, line[close + 1 :])


def _unescape(text: str, *pairs: tuple[str, str]) -> str:
    for escaped, plain in pairs:
        text = text.replace(escaped, plain)
    return text


# -- Markdown ----------------------------------------------------------------------------------


def markdown_parser() -> MarkdownIt:
    """CommonMark plus GFM tables and strikethrough: what GitHub parses before its filters."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def walk(tokens: list[Token]) -> list[Token]:
    flat: list[Token] = []
    for token in tokens:
        flat.append(token)
        if token.children:
            flat.extend(walk(token.children))
    return flat


def rendered_text(token: Token) -> str:
    """What an inline token shows as text: text and code spans, escapes and entities resolved."""
    return "".join(
        child.content for child in token.children or [] if child.type in ("text", "code_inline")
    )


ZERO_WIDTH = "\u200b"
# What GitHub turns into links or notifications in text (not in code).
GITHUB_LINKERS = re.compile(
    r"@[A-Za-z0-9]|#[0-9]|\bGH-[0-9]|://|\bwww\.|[A-Za-z0-9]@[A-Za-z0-9]", re.IGNORECASE
)

"""Every format through the real command line and pipeline, on the shipped example change.

Golden outputs live in `tests/report/golden/`. Regenerate them after an intended change with
`UPDATE_GOLDEN=1 uv run pytest tests/report`, and read the diff before committing it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agentreview.cli import main
from tests.diff.gitrepo import GitRepo
from tests.report.helpers import (
    code_scanning_problems,
    markdown_parser,
    parse_runner_line,
    rdf_validator,
    runner_lines,
    sarif_validator,
    schema_errors,
    walk,
)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_PATCH = ROOT / "examples" / "add-user-endpoints.patch"
EXAMPLE_REPO = ROOT / "examples" / "repo"
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

FORMATS = ("sarif", "github", "markdown", "rdjson", "rdjsonl", "gitlab")
SUFFIX = {
    "sarif": "sarif.json",
    "github": "github.txt",
    "markdown": "md",
    "rdjson": "rdjson.json",
    "rdjsonl": "rdjsonl",
    "gitlab": "gitlab.json",
}


def run_cli(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: bytes = b"") -> int:
    monkeypatch.setattr(sys, "argv", ["agentreview", *argv])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0)


def review_example(fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> tuple[int, str]:
    output = tmp_path / f"report.{SUFFIX[fmt]}"
    code = run_cli(
        monkeypatch,
        str(EXAMPLE_PATCH),
        "--repo",
        str(EXAMPLE_REPO),
        "--format",
        fmt,
        "--output",
        str(output),
    )
    return code, output.read_text(encoding="utf-8")


def check_valid(fmt: str, text: str) -> None:
    """Each format's own validator (schema, consumer's parser)."""
    if fmt == "sarif":
        document = json.loads(text)
        assert schema_errors(sarif_validator(), document) == []
        assert code_scanning_problems(document) == []
    elif fmt == "rdjson":
        assert schema_errors(rdf_validator("DiagnosticResult"), json.loads(text)) == []
    elif fmt == "rdjsonl":
        validator = rdf_validator("Diagnostic")
        for line in text.splitlines():
            assert schema_errors(validator, json.loads(line)) == []
    elif fmt == "gitlab":
        for issue in json.loads(text):
            assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(
                issue
            )
    elif fmt == "github":
        for line in runner_lines(text.rstrip("\n")):
            parsed = parse_runner_line(line)
            assert parsed is None or parsed.name in ("error", "warning", "notice")
    elif fmt == "markdown":
        tokens = walk(markdown_parser().parse(text))
        assert [t.content.strip() for t in tokens if t.type.startswith("html")] == [
            "<!-- agentreview -->"
        ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_example_review_in_every_format_is_valid_and_matches_its_golden_file(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, text = review_example(fmt, monkeypatch, tmp_path)
    assert code == 1  # the example has errors; --fail-on defaults to warning
    check_valid(fmt, text)
    golden = GOLDEN / f"add-user-endpoints.{SUFFIX[fmt]}"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file for {fmt}; run with UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8"), f"{fmt} output differs from {golden.name}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_reports_every_finding_of_the_example(
    fmt: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, text = review_example(fmt, monkeypatch, tmp_path)
    json_output = tmp_path / "report.json"
    run_cli(
        monkeypatch,
        str(EXAMPLE_PATCH),
        "--repo",
        str(EXAMPLE_REPO),
        "--format",
        "json",
        "--output",
        str(json_output),
    )
    findings = json.loads(json_output.read_text(encoding="utf-8"))["findings"]
    assert findings
    for finding in findings:
        assert finding["rule_id"] in text
        assert finding["path"] in text


def test_diff_only_review_from_stdin_in_rdjson_has_byte_columns_from_the_patch(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run_cli(
        monkeypatch,
        "review",
        "-",
        "--diff-only",
        "--format",
        "rdjson",
        stdin=EXAMPLE_PATCH.read_bytes(),
    )
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert document["diagnostics"]
    for diagnostic in document["diagnostics"]:
        assert "column" in diagnostic["location"]["range"]["start"]


# -- SARIF fingerprints through the real pipeline ----------------------------------------------

BASE = (
    "import requests\n"
    "from fastapi import APIRouter\n"
    "\n"
    "router = APIRouter()\n"
    "\n"
    "\n"
    '@router.get("/a")\n'
    "async def read_a() -> dict[str, str]:\n"
    "    return {}\n"
)
CHANGE = BASE.replace(
    "    return {}\n", '    requests.get("https://x.example", timeout=5)\n    return {}\n'
)


def sarif_results(
    repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, before: str, after: str
) -> list[dict[str, Any]]:
    repo.write("app/routes.py", before)
    repo.commit()
    repo.write("app/routes.py", after)
    patch = tmp_path / "change.patch"
    patch.write_bytes(repo.diff())
    output = tmp_path / "out.sarif"
    run_cli(
        monkeypatch,
        str(patch),
        "--repo",
        str(repo.root),
        "--format",
        "sarif",
        "--output",
        str(output),
    )
    results: list[dict[str, Any]] = json.loads(output.read_text(encoding="utf-8"))["runs"][0][
        "results"
    ]
    return results


def test_line_hash_survives_unrelated_lines_moving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (plain,) = sarif_results(GitRepo(tmp_path / "one"), tmp_path, monkeypatch, BASE, CHANGE)
    header = '"""Routes."""\n\nimport logging\nimport os\n'
    (moved,) = sarif_results(
        GitRepo(tmp_path / "two"), tmp_path, monkeypatch, header + BASE, header + CHANGE
    )
    region = lambda result: result["locations"][0]["physicalLocation"]["region"]  # noqa: E731
    assert plain["ruleId"] == moved["ruleId"] == "ASYNC001"
    assert region(moved)["startLine"] == region(plain)["startLine"] + 4
    assert (
        moved["partialFingerprints"]["primaryLocationLineHash"]
        == plain["partialFingerprints"]["primaryLocationLineHash"]
    )
    edited = CHANGE.replace("timeout=5", "timeout=9")
    (other,) = sarif_results(GitRepo(tmp_path / "three"), tmp_path, monkeypatch, BASE, edited)
    assert (
        other["partialFingerprints"]["primaryLocationLineHash"]
        != plain["partialFingerprints"]["primaryLocationLineHash"]
    )


# -- imports -----------------------------------------------------------------------------------


def test_reporters_load_only_when_chosen_and_import_nothing_heavy() -> None:
    script = (
        "import sys\n"
        "from agentreview.report import Report, render\n"
        "report = Report(findings=[], files=[], notes=[])\n"
        "render(report, 'text')\n"
        "assert not [m for m in sys.modules if m.startswith('agentreview.report.') and m != 'agentreview.report.text'], sorted(sys.modules)\n"
        "for fmt in ('sarif', 'github', 'markdown', 'rdjson', 'rdjsonl', 'gitlab'):\n"
        "    render(report, fmt)\n"
        "heavy = [m for m in ('libcst', 'jinja2', 'pydantic', 'typer', 'yaml') if m in sys.modules]\n"
        "assert heavy == [], heavy\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)

"""Nothing from the diff (paths, code, quoted messages, notes) can forge a GitHub workflow
command, break SARIF or JSON, or render HTML or links in Markdown: end to end, from a patch.

The reporters' escaping is unit-tested on hand-built reports in tests/report/; this runs a
real hostile patch through the pipeline into every format and reads each back the way its
consumer would (the runner's command parser, a SARIF schema, a CommonMark parser).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from agentreview.catalogue.compiled import load_compiled_catalogue
from tests.hostile.harness import check_contract, created, review
from tests.report.helpers import (
    markdown_parser,
    parse_runner_line,
    runner_lines,
    sarif_validator,
    schema_errors,
    walk,
)

HOSTILE_PATH = "app/<b>x</b> [l](https:evil) @octocat #1 %0A a,b:c ##[add-mask]p.py"
HOSTILE_CODE = (
    "from pydantic import BaseModel\n"
    "import time\n"
    "\n"
    "\n"
    "class M(BaseModel):\n"
    "    a: int\n"
    "\n"
    "\n"
    "async def f(m: M):\n"
    "    time.sleep(1)  # </details> ``` <script>x</script> ::error::FORGED ##[add-mask]FORGED\n"
    "    return m.dict()  # [x](https://evil.example) @octocat #1 <img src=x> "
    "\u2028::warning::FORGED \x85::notice::FORGED %0A::error::FORGED\n"
)
PATCH = created(HOSTILE_PATH, HOSTILE_CODE).encode()
# PYD004 on the `.dict()` line suggests that line rewritten: the hostile comment comes along.
SUGGESTED = HOSTILE_CODE.split("\n")[-2].replace(".dict()", ".model_dump()") + "\n"


def run(fmt: str) -> str:
    done = review(PATCH, fmt=fmt)
    check_contract(done, fmt)
    assert done.code == 1, done.err
    return done.out


def test_json_carries_the_hostile_text_exactly() -> None:
    document = json.loads(run("json"))
    assert [(f["path"], f["rule_id"]) for f in document["findings"]] == [
        (HOSTILE_PATH, "ASYNC002"),
        (HOSTILE_PATH, "PYD004"),
    ]
    assert document["findings"][1]["suggestion"]["replacement"] == SUGGESTED


def test_sarif_is_valid_and_carries_the_hostile_text_exactly() -> None:
    document = json.loads(run("sarif"))
    assert schema_errors(sarif_validator(), document) == []
    results = document["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert len(uris) == 1 and "%3Cb%3E" in uris.pop()  # the path, percent-encoded as a URI
    assert SUGGESTED.rstrip("\n") in json.dumps(document, ensure_ascii=False).replace("\\n", "\n")


@pytest.mark.parametrize("fmt", ["rdjson", "gitlab"])
def test_other_json_formats_parse(fmt: str) -> None:
    document: Any = json.loads(run(fmt))
    assert HOSTILE_PATH in json.dumps(document, ensure_ascii=False)


def test_rdjsonl_is_one_json_document_per_line() -> None:
    lines = run("rdjsonl").rstrip("\n").split("\n")  # reviewdog splits on LF only
    assert len(lines) == 2
    for line in lines:
        assert json.loads(line)["location"]["path"] == HOSTILE_PATH


def test_github_lines_are_our_annotations_or_inert() -> None:
    output = run("github")
    commands = []
    for line in runner_lines(output.rstrip("\n")):  # as the runner splits: LF, CR, CRLF
        parsed = parse_runner_line(line)
        if parsed is None:
            assert line.startswith("agentreview: ")
        else:
            commands.append(parsed)
    assert [command.name for command in commands] == ["error", "warning"]
    for command in commands:
        assert command.properties["file"] == HOSTILE_PATH  # read back exactly, not cut short


def test_markdown_renders_no_html_images_or_foreign_links() -> None:
    markdown = run("markdown")
    tokens = walk(markdown_parser().parse(markdown))
    html = [t.content.strip() for t in tokens if t.type in ("html_block", "html_inline")]
    assert html == ["<!-- agentreview -->"]
    assert [t for t in tokens if t.type == "image"] == []
    references = {url for rule in load_compiled_catalogue().rules for url in rule.references}
    assert {t.attrGet("href") for t in tokens if t.type == "link_open"} <= references
    fences = [(t.info, t.content) for t in tokens if t.type == "fence"]
    assert fences == [("suggestion", SUGGESTED)]


def test_text_report_forges_no_workflow_command() -> None:
    output = run("text")
    assert [line for line in runner_lines(output) if parse_runner_line(line)] == []

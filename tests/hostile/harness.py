"""Hostile input through the real command line: run `agentreview.cli.main` in-process and
check the contract of shared/spec/cli.md on whatever comes out.

- exit 0 or 1: the report is valid (JSON with the contract's keys, SARIF that parses);
- exit 2: nothing on stdout, exactly one printable line on stderr, no traceback;
- any exit: within the time bound.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentreview.cli import main

# Per input, measured; generous so that a slow CI machine does not flake, tight enough to
# catch a regex that backtracks or a quadratic loop on the inputs these tests build.
TIME_BOUND_SECONDS = 5.0

FINDING_KEYS = {
    "rule_id",
    "severity",
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "message",
    "fix",
    "suggestion",
    "fingerprint",
}

# A change the reviewer flags from the hunk alone: ASYNC002 at line 5, column 5.
PAYLOAD = "import time\n\n\nasync def handler():\n    time.sleep(1)\n"
PAYLOAD_FINDING = ("ASYNC002", 5, 5)


@dataclass(frozen=True)
class CliRun:
    code: int
    out: str
    err: str
    seconds: float


def run_cli(*argv: str, stdin: bytes = b"") -> CliRun:
    """`agentreview ARGV...` in this process, with `stdin` as its standard input."""
    saved = sys.argv, sys.stdin
    out, err = io.StringIO(), io.StringIO()
    sys.argv = ["agentreview", *argv]
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    code = 0
    start = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exited:
        code = exited.code if isinstance(exited.code, int) else 1
    finally:
        sys.argv, sys.stdin = saved
    return CliRun(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def review(patch: bytes, *options: str, fmt: str = "json") -> CliRun:
    """Review `patch` from stdin (`--diff-only` unless `options` name a tree)."""
    if "--repo" not in options and "--diff-only" not in options:
        options = (*options, "--diff-only")
    return run_cli("review", "-", "--format", fmt, *options, stdin=patch)


def check_contract(run: CliRun, fmt: str = "json") -> dict[str, Any] | None:
    """Assert the exit-code contract; the parsed report for json and sarif, None on exit 2."""
    assert run.code in (0, 1, 2), run
    assert "Traceback" not in run.err
    assert run.seconds < TIME_BOUND_SECONDS, f"took {run.seconds:.1f}s"
    if run.code == 2:
        assert run.out == ""
        assert run.err.startswith("agentreview: error: ")
        assert run.err.endswith("\n") and run.err.count("\n") == 1, run.err
        # One line for any reader: no \r, \x1b, \x85, \u2028 or bidi override in it either.
        assert run.err[:-1].isprintable(), run.err
        return None
    if fmt == "json":
        document: dict[str, Any] = json.loads(run.out)
        assert {"version", "tool", "findings", "files", "notes"} <= set(document)
        for finding in document["findings"]:
            assert set(finding) >= FINDING_KEYS
            assert finding["severity"] in ("error", "warning", "info")
            assert finding["line"] >= 1 and finding["column"] >= 1
        for entry in document["files"]:
            assert entry["mode"] in ("full", "diff-only", "skipped")
        return document
    if fmt == "sarif":
        sarif: dict[str, Any] = json.loads(run.out)
        assert sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1
        return sarif
    return None


def created(path: str, text: str, *, token: str | None = None) -> str:
    """A git diff creating `path` with `text`; `token` is the path as the header writes it
    (quoted, say) when that differs from `path`."""
    lines = text.split("\n")  # not splitlines(): \x85, \u2028 and \r are code here
    if lines[-1] == "":
        lines.pop()
    body = "".join(f"+{line}\n" for line in lines)
    a, b = (f'"a/{token}"', f'"b/{token}"') if token else (f"a/{path}", f"b/{path}")
    return (
        f"diff --git {a} {b}\nnew file mode 100644\nindex 0000000..1111111\n"
        f"--- /dev/null\n+++ {b}\n@@ -0,0 +1,{len(lines)} @@\n{body}"
    )


def write_tree(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        target.write_bytes(content)

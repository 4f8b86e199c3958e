"""A wrong invocation (missing argument, unknown option or command, bad value) ends in exit 2
and one line on stderr, as bad input does, not in click's usage block; help, version and
the bare commands still print what they did."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agentreview import __version__
from agentreview.catalogue import query
from agentreview.errors import AgentreviewError
from tests.hostile.harness import CliRun, run_cli

ROOT = Path(__file__).resolve().parents[2]


def assert_one_error_line(run: CliRun, *expected: str) -> str:
    assert run.code == 2, run
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    line = lines[0]
    assert run.err == line + "\n"
    assert line.startswith("agentreview: error: "), line
    assert line.isprintable(), line
    assert "Traceback" not in line and "Usage:" not in line
    for text in expected:
        assert text in line, line
    return line


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["review"], ["Missing argument 'patch'", "(try 'agentreview review --help')"]),
        (["check"], ["Missing argument 'paths'", "(try 'agentreview check --help')"]),
        (["fix"], ["Missing argument 'patch'"]),
        (["render"], ["Missing argument 'targets'"]),
        (["rules", "show"], ["Missing argument 'ID'", "(try 'agentreview rules show --help')"]),
        (["rules", "search"], ["Missing argument 'text'"]),
        (
            ["review", "x.patch", "--bogus"],
            ["No such option: --bogus", "(try 'agentreview review --help')"],
        ),
        (["x.patch", "--bogus"], ["No such option: --bogus"]),
        (["--bogus"], ["No such option: --bogus", "(try 'agentreview --help')"]),
        (["rules", "list", "--bogus"], ["No such option: --bogus"]),
        (["rules", "show", "ASYNC001", "extra"], ["unexpected extra argument"]),
        (["rules", "bogus"], ["No such command 'bogus'", "(try 'agentreview rules --help')"]),
        (["rules", "shwo"], ["No such command 'shwo'", "Did you mean 'show'?"]),
        (["review", "x.patch", "--format"], ["Option '--format' requires an argument"]),
        (["review", "x.patch", "--diff-only=yes"], ["'--diff-only' does not take a value"]),
        (["rules", "list", "--category"], ["Option '--category' requires an argument"]),
        (["review", "-", "--format", "nope"], ["unknown --format 'nope'"]),
        (["review", "-", "--fail-on", "nope"], ["--fail-on"]),
    ],
)
def test_a_wrong_invocation_is_one_line_and_exit_2(argv: list[str], expected: list[str]) -> None:
    assert_one_error_line(run_cli(*argv), *expected)


def test_what_the_invocation_holds_cannot_break_the_line() -> None:
    line = assert_one_error_line(run_cli("rules", "a\nb\x1b[31mc"), "No such command")
    assert "a\\nb\\x1b[31mc" in line


def test_an_error_message_on_several_lines_is_shown_on_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AgentreviewError("first\nsecond\r\x07")

    monkeypatch.setattr(query, "show_rule", fail)
    line = assert_one_error_line(run_cli("rules", "show", "ASYNC001"))
    assert line == "agentreview: error: first\\nsecond\\r\\x07"


def test_ctrl_c_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(query, "show_rule", interrupted)
    run = run_cli("rules", "show", "ASYNC001")
    assert (run.code, run.out, run.err) == (130, "", "agentreview: interrupted\n")


def test_a_bug_is_one_line_that_says_so_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nagain")

    monkeypatch.setattr(query, "show_rule", broken)
    monkeypatch.delenv("AGENTREVIEW_DEBUG", raising=False)
    run = run_cli("rules", "show", "ASYNC001")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "agentreview: internal error: RuntimeError: boom again (a bug in agentreview; "
        "please report it; AGENTREVIEW_DEBUG=1 shows the traceback)\n"
    )
    monkeypatch.setenv("AGENTREVIEW_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        run_cli("rules", "show", "ASYNC001")


@pytest.mark.parametrize("argv", [["--help"], ["review", "--help"], ["rules", "show", "--help"]])
def test_help_still_works(argv: list[str]) -> None:
    run = run_cli(*argv)
    assert run.code == 0, run
    assert run.out.startswith("Usage: agentreview")
    assert "--help" in run.out
    assert run.err == ""


def test_version_still_works() -> None:
    run = run_cli("--version")
    assert (run.code, run.out, run.err) == (0, f"agentreview {__version__}\n", "")


@pytest.mark.parametrize(
    ("argv", "usage", "listed"),
    [
        ([], "Usage: agentreview [OPTIONS] COMMAND", "review"),
        (["rules"], "Usage: agentreview rules [OPTIONS] COMMAND", "show"),
    ],
)
def test_a_bare_command_prints_its_help(argv: list[str], usage: str, listed: str) -> None:
    run = run_cli(*argv)
    assert run.code == 2  # as before: nothing was asked for
    assert run.err.startswith(usage)
    assert "Commands:" in run.err and listed in run.err
    assert "error" not in run.err.lower()


def test_commands_keep_their_exit_codes() -> None:
    assert run_cli("rules", "show", "ASYNC001").code == 0
    assert run_cli("rules", "show", "NOPE999").code == 2


def test_a_real_process_prints_one_line_too() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "agentreview.cli", "review", "x.patch", "--bogus"],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr == (
        b"agentreview: error: No such option: --bogus (try 'agentreview review --help')\n"
    )

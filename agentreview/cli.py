"""The command line. Commands only parse options and call into the package.

Start-up matters: agents call `rules show` in loops, so this module imports nothing heavy at
module level. Each command imports what it needs (libcst for reviews, jinja2 for renders).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from agentreview import __version__
from agentreview.console import flush_stdout, say, tolerate_any_encoding
from agentreview.errors import AgentreviewError

app = typer.Typer(
    name="agentreview",
    help="FastAPI best practices for coding agents, and a diff reviewer that enforces them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(
    help="Query the rule catalogue.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(rules_app, name="rules")

JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]

# Review options shared by `review` and `check` (see shared/spec/cli.md).
FormatOption = Annotated[
    str,
    typer.Option(
        "--format", help="text | json | sarif | github | markdown | rdjson | rdjsonl | gitlab"
    ),
]
OutputOption = Annotated[
    Path | None, typer.Option("--output", help="Write the report to FILE instead of stdout.")
]
SelectOption = Annotated[
    str | None, typer.Option("--select", help="Comma list of rule IDs or prefixes (ASYNC, DEPS).")
]
IgnoreOption = Annotated[
    str | None, typer.Option("--ignore", help="Comma list of rule IDs or prefixes.")
]
FailOnOption = Annotated[
    str | None, typer.Option("--fail-on", help="error | warning (default) | info | never")
]
ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", help="A pyproject.toml whose [tool.agentreview] table to use."),
]


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"agentreview {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version_callback, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """FastAPI best practices for coding agents, and a diff reviewer that enforces them."""


@app.command("review")
def review_command(
    patch: Annotated[str, typer.Argument(help="A unified diff file, or - for stdin.")],
    repo: Annotated[
        Path | None, typer.Option("--repo", help="The checked-out head to read whole files from.")
    ] = None,
    diff_only: Annotated[
        bool, typer.Option("--diff-only", help="Read nothing but the patch.")
    ] = False,
    fmt: FormatOption = "text",
    output: OutputOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    config: ConfigOption = None,
) -> None:
    """Review a unified diff: report the anti-patterns the change introduces."""
    from agentreview.review import review_patch

    raise typer.Exit(
        review_patch(
            patch,
            repo=repo,
            diff_only=diff_only,
            fmt=fmt,
            output=output,
            select=select,
            ignore=ignore,
            fail_on=fail_on,
            config=config,
        )
    )


@app.command("check")
def check_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to review whole.")],
    fmt: FormatOption = "text",
    output: OutputOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    fail_on: FailOnOption = None,
    config: ConfigOption = None,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="First apply the mechanical fixes in place (notes on stderr), "
            "then report what remains.",
        ),
    ] = False,
) -> None:
    """Review whole files or folders (no diff)."""
    from agentreview.review import check_paths

    if fix:
        from agentreview.fixes.command import fix_paths

        fix_paths(paths, select=select, ignore=ignore, config=config)
    raise typer.Exit(
        check_paths(
            paths,
            fmt=fmt,
            output=output,
            select=select,
            ignore=ignore,
            fail_on=fail_on,
            config=config,
        )
    )


@app.command("fix")
def fix_command(
    patch: Annotated[str, typer.Argument(help="A unified diff file, or - for stdin.")],
    repo: Annotated[
        Path | None,
        typer.Option("--repo", help="The checked-out head the fixes apply to (default: here)."),
    ] = None,
    write: Annotated[
        bool, typer.Option("--write", help="Apply the fixes in place instead of printing them.")
    ] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    config: ConfigOption = None,
) -> None:
    """Fix the change's findings: print one unified diff (`git apply` takes it), or apply it.

    Only files available whole are fixed (created by the patch, or matching it in --repo);
    others are skipped with a note on stderr. Notes and a summary go to stderr, the diff to
    stdout. Exit 0 when fixes were produced and when there is nothing to fix; 2 on bad input
    or when --write could not write a file.
    """
    from agentreview.fixes.command import fix_patch

    raise typer.Exit(
        fix_patch(patch, repo=repo, write=write, select=select, ignore=ignore, config=config)
    )


@app.command("render")
def render_command(
    targets: Annotated[list[str], typer.Argument(help="Targets to render (see `targets`).")],
    out: Annotated[Path, typer.Option("--out", help="Write the targets' paths under DIR.")] = Path(
        "."
    ),
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 with a diff when output is stale."),
    ] = False,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    min_severity: Annotated[
        str | None, typer.Option("--min-severity", help="error | warning | info")
    ] = None,
) -> None:
    """Render the catalogue into the instruction files coding agents read."""
    from agentreview.render import render_targets

    raise typer.Exit(
        render_targets(
            targets, out=out, check=check, select=select, ignore=ignore, min_severity=min_severity
        )
    )


@app.command("targets")
def targets_command() -> None:
    """The render targets and where each writes."""
    from agentreview.render import list_targets

    raise typer.Exit(list_targets())


@rules_app.command("list")
def rules_list(
    category: Annotated[str | None, typer.Option("--category", help="Only this category.")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="Only this severity.")] = None,
    detectable: Annotated[
        bool, typer.Option("--detectable", help="Only rules the reviewer flags.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List the rules."""
    from agentreview.catalogue import query

    query.list_rules(category=category, severity=severity, detectable=detectable, as_json=as_json)


@rules_app.command("show")
def rules_show(
    rule_id: Annotated[str, typer.Argument(metavar="ID", help="A rule ID, e.g. ASYNC001.")],
    as_json: JsonOption = False,
) -> None:
    """Show one rule: why, fix, do and don't."""
    from agentreview.catalogue import query

    query.show_rule(rule_id, as_json=as_json)


@rules_app.command("search")
def rules_search(
    text: Annotated[str, typer.Argument(help="Words to look for.")],
    as_json: JsonOption = False,
) -> None:
    """Search the rules: ID, then title, tags, then text."""
    from agentreview.catalogue import query

    query.search_rules(text, as_json=as_json)


@rules_app.command("matrix")
def rules_matrix(as_json: JsonOption = False) -> None:
    """The compatibility matrix: the minimum versions the catalogue assumes."""
    from agentreview.catalogue import query

    query.show_matrix(as_json=as_json)


@rules_app.command("validate")
def rules_validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Rule files or folders (default: the configured catalogue)."),
    ] = None,
) -> None:
    """Validate rule files; print one `FILE: RULE_ID: field: what is wrong` line per problem."""
    from agentreview.catalogue import query

    raise typer.Exit(query.validate(paths or []))


_COMMANDS = {"review", "check", "fix", "render", "targets", "rules"}


DEBUG_VARIABLE = "AGENTREVIEW_DEBUG"


def main() -> None:
    """Entry point. `agentreview PATCH` is short for `agentreview review PATCH`.

    Whatever goes wrong with the invocation or the input ends in one line on stderr and exit
    2 (shared/spec/cli.md), never in a traceback or click's usage block.
    """
    argv = sys.argv[1:]
    if argv and argv[0] not in _COMMANDS and (argv[0] == "-" or not argv[0].startswith("-")):
        argv = ["review", *argv]
    tolerate_any_encoding()
    try:
        code = _invoke(argv)
    except AgentreviewError as exc:
        _error(str(exc))
        code = exc.exit_code
    except KeyboardInterrupt:
        say("agentreview: interrupted")
        code = 130
    except Exception as exc:
        # A bug, not bad input. A PR bot's log gets one line that says so (a traceback
        # there reads as the reviewer choking on the diff); AGENTREVIEW_DEBUG=1 shows it.
        # The fuzz tests hold every exit 2 to `agentreview: error:`, so none is hidden there.
        if os.environ.get(DEBUG_VARIABLE):
            raise
        detail = " ".join(str(exc).split())
        say(
            f"agentreview: internal error: {type(exc).__name__}"
            f"{': ' + detail[:200] if detail else ''} (a bug in agentreview; please report it; "
            f"{DEBUG_VARIABLE}=1 shows the traceback)"
        )
        code = 2
    flush_stdout()
    sys.exit(code)


def _invoke(argv: list[str]) -> int:
    """Run the command; its exit code. Click's own exits and errors come back here instead
    of ending the process (`standalone_mode=False`), so that they keep to the contract."""
    # typer 0.26 to 0.28 (the versions allowed) vendor click there.
    from typer._click.exceptions import ClickException, NoArgsIsHelpError

    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="agentreview", standalone_mode=False)
    except NoArgsIsHelpError as exc:
        exc.show()  # `agentreview`, `agentreview rules`: the help, as before
        return exc.exit_code
    except ClickException as exc:
        # A usage error (missing argument, unknown option or command, bad value): click
        # would print the usage, a hint and the error on several lines.
        message = exc.format_message().removesuffix(".")
        context = getattr(exc, "ctx", None)
        if context is not None:
            message += f" (try '{context.command_path} --help')"
        _error(message)
        return exc.exit_code
    except typer.Abort:
        say("agentreview: interrupted")
        return 130
    # Without standalone mode click returns what `typer.Exit` carried (`--help` and
    # `--version` included), and a command that ends normally returns None.
    if result == 130:
        say("agentreview: interrupted")  # click turns Ctrl-C into Exit(130)
    return result if isinstance(result, int) else 0


def _error(message: str) -> None:
    say(f"agentreview: error: {message}")


if __name__ == "__main__":
    main()

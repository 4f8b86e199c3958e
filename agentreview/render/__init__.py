"""Render the rule catalogue into the instruction files coding agents read.

`agentreview.cli` imports this package only inside the `render` and `targets` commands;
jinja2 is imported further down, on the rendering path itself.
"""

from __future__ import annotations

from pathlib import Path


def render_targets(
    targets: list[str],
    *,
    out: Path,
    check: bool,
    select: str | None,
    ignore: str | None,
    min_severity: str | None,
) -> int:
    """`agentreview render TARGET... [--out DIR] [--check]`; returns the exit code."""
    from agentreview.catalogue.loader import load_catalogue
    from agentreview.catalogue.locate import configured_rule_dirs, find_pyproject
    from agentreview.render.api import resolve_targets, run

    resolve_targets(targets)  # a misspelt target fails before the catalogue loads
    catalogue = load_catalogue(configured_rule_dirs(find_pyproject(Path.cwd())))
    return run(
        catalogue,
        targets,
        out=out,
        check_only=check,
        select=select,
        ignore=ignore,
        min_severity=min_severity,
    )


def list_targets() -> int:
    """`agentreview targets`: each target, the paths it writes and the limits it keeps."""
    from agentreview.render.targets import describe_targets

    for line in describe_targets():
        print(line)
    return 0

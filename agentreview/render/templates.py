"""The Jinja2 environment for `renderers/`: strict, deterministic, Markdown-aware filters."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import jinja2

from agentreview.catalogue.locate import data_dir
from agentreview.render import text

_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})")


def renderers_dir() -> Path:
    """The templates: shipped as `agentreview/_data/renderers`, or `renderers/` in a checkout."""
    return data_dir("renderers")


@cache
def environment(folder: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder or renderers_dir())),
        # A missing name is a template bug, never an empty string in someone's AGENTS.md.
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown and YAML, not HTML; the filters below do the escaping
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=text.markdown_text,
        cell=text.table_cell,
        fence=text.fence,
        yaml_quoted=text.yaml_quoted,
        yaml_plain=text.yaml_plain,
        bare_globs=text.bare_globs,
        flow_list=text.yaml_flow_list,
    )
    return env


def tidy(rendered: str) -> str:
    """Collapse the blank lines templates leave behind, outside code fences only.

    Code keeps every byte; prose loses trailing spaces and runs of blank lines, and the
    file ends with exactly one newline.
    """
    lines: list[str] = []
    fence: str | None = None
    for line in rendered.split("\n"):
        if fence is not None:
            lines.append(line)
            if (
                line.startswith(fence[0])
                and line.strip() == fence[0] * len(line.strip())
                and len(line.strip()) >= len(fence)
            ):
                fence = None
            continue
        line = line.rstrip()
        opening = _FENCE_LINE.match(line)
        if opening:
            fence = opening.group(1)
        if not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"

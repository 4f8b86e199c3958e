"""Reports: the review's outcome, and one module per output format.

A format is a module in this package with `render(report, *, color) -> str`, registered in
`FORMATS`. Reporters take the findings as they are (severities, paths and fingerprints are
settled by the pipeline) and only lay them out.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, cast

from agentreview.console import write_stdout
from agentreview.errors import AgentreviewError
from agentreview.findings import Finding

if TYPE_CHECKING:
    from agentreview.catalogue.compiled import Catalogue

FileMode = Literal["full", "diff-only", "skipped"]

FORMATS: dict[str, str] = {
    "text": "agentreview.report.text",
    "json": "agentreview.report.json",
    "sarif": "agentreview.report.sarif",
    "github": "agentreview.report.github",
    "markdown": "agentreview.report.markdown",
    "rdjson": "agentreview.report.rdjson",
    "rdjsonl": "agentreview.report.rdjsonl",
    "gitlab": "agentreview.report.gitlab",
}
# Named by the command line's contract, written in a later release.
PLANNED_FORMATS: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FileEntry:
    path: str
    mode: FileMode
    reason: str | None = None  # why the file was skipped or read from the diff only


@dataclass(frozen=True, slots=True)
class Report:
    findings: list[Finding]  # sorted by path, line, column, rule
    files: list[FileEntry]
    notes: list[str]
    catalogue: Catalogue | None = field(default=None, compare=False)
    # The post-change text (no line ending) of the lines where findings and suggestions start
    # and end, by (path, line): formats that count columns in UTF-8 bytes (rdjson) need it.
    line_text: dict[tuple[str, int], str] = field(default_factory=dict, compare=False)

    @property
    def files_reviewed(self) -> int:
        return sum(1 for entry in self.files if entry.mode != "skipped")


class Renderer(Protocol):
    def __call__(self, report: Report, *, color: bool) -> str: ...


def check_format(fmt: str) -> None:
    """Refuse an unknown or not-yet-written format before any work is done."""
    if fmt in FORMATS:
        return
    if fmt in PLANNED_FORMATS:
        raise AgentreviewError(f"format {fmt} is not available yet (use text or json)")
    known = ", ".join([*FORMATS, *PLANNED_FORMATS])
    raise AgentreviewError(f"unknown --format {fmt!r}; formats: {known}")


def render(report: Report, fmt: str, *, color: bool = False) -> str:
    check_format(fmt)
    module = importlib.import_module(FORMATS[fmt])
    return cast(Renderer, module.render)(report, color=color)


def write_report(report: Report, fmt: str, output: Path | None) -> None:
    """Write to `output`, or to stdout (in colour only on a terminal, and not under NO_COLOR).

    Nothing about stdout makes this fail: the machine formats go out as UTF-8, what they are
    defined in, whatever the locale; the text format shows what the terminal's encoding
    cannot as backslash escapes; and a reader that stops early (`| head`) ends the writing,
    not the review.
    """
    if output is not None:
        text = render(report, fmt, color=False)
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise AgentreviewError(f"--output {output}: cannot write: {exc.strerror}") from None
        return
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    write_stdout(render(report, fmt, color=color), utf8=fmt != "text")

"""Escaping for the formats that are read by something that interprets text.

Everything a diff controls (paths, messages quoting code, suggested code, notes) must stay
inert where it lands:

- GitHub workflow commands: the runner parses every stdout line, so a value must not be
  able to end the line or the command (`workflow_data`, `workflow_property`).
- GitHub-flavoured Markdown: text must not open HTML, links, images, tables or blocks, nor
  trigger GitHub's mentions, issue references and autolinks (`md_text`, `md_inline`,
  `md_code_span`, `md_fence`, `md_table_cell`).
"""

from __future__ import annotations

import re

# -- GitHub workflow commands ------------------------------------------------------------------
# The runner's own escape tables (actions/runner ActionCommand.cs): `%` first, so that the
# escapes themselves survive; properties also lose `:` (ends the properties) and `,`
# (separates them).


def workflow_data(text: str) -> str:
    """A command's message: `%`, CR and LF percent-encoded, so it stays on one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A command's property value (`file=`, `title=`): data escapes plus `:` and `,`."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


# -- Markdown ----------------------------------------------------------------------------------

# Characters that start Markdown syntax somewhere (emphasis, links, images, HTML, entities,
# headings, lists, quotes, tables, setext underlines, strikethrough, math, emoji shortcodes).
# All are ASCII punctuation, so a backslash makes each one literal (CommonMark 2.4).
_MD_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>&~=:$@")
# GitHub links `@user`, `@org/team`, `#12`, `owner/repo#12`, `GH-12`, `https://...`, `www.`
# and e-mail addresses in text, whatever the escapes: a zero-width space after `@`, `#`,
# `GH-`, `www` and before the `//` of a URL breaks each link and reads the same.
_ZERO_WIDTH = "&#8203;"
_WWW = re.compile(r"(www)(?=\\\.)", re.IGNORECASE)
_GH_REFERENCE = re.compile(r"\b(gh\\-)(?=[0-9])", re.IGNORECASE)
# Line breaks of any kind: a Markdown line is where blocks start, so inline text has none.
_LINE_BREAKS = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_BACKTICK_RUN = re.compile(r"`+")


def one_line(text: str) -> str:
    """`text` with every line break and run of whitespace turned into one space."""
    return " ".join(_LINE_BREAKS.sub(" ", text).split())


def md_text(text: str, *, in_table: bool = False) -> str:
    """Prose shown as-is: on one line, no Markdown syntax, no mentions, links or references.

    In a table cell `|` is left for `md_table_cell`, which escapes every pipe of the cell.
    """
    return _escape_prose(one_line(text), in_table=in_table)


def _escape_prose(flat: str, *, in_table: bool) -> str:
    pieces: list[str] = []
    for position, char in enumerate(flat):
        if char in _MD_SPECIAL and not (in_table and char == "|"):
            pieces.append("\\" + char)
        else:
            pieces.append(char)
        if char in "@#" or (char == ":" and flat.startswith("/", position + 1)):
            pieces.append(_ZERO_WIDTH)
    escaped = "".join(pieces)
    escaped = _WWW.sub(rf"\1{_ZERO_WIDTH}", escaped)
    return _GH_REFERENCE.sub(rf"\1{_ZERO_WIDTH}", escaped)


def md_code_span(code: str) -> str:
    """Inline code that nothing inside can close: the fence is longer than any backtick run.

    CommonMark strips one space on each side of code that has a space on both sides (and is
    not all spaces); padding such code, and code that starts or ends with a backtick (which
    would otherwise join the fence), keeps it reading unchanged.
    """
    flat = _LINE_BREAKS.sub(" ", code)
    if not flat:
        return ""
    fence = "`" * (_longest_backtick_run(flat) + 1)
    padded = "`" in (flat[0], flat[-1]) or (flat[0] == flat[-1] == " " and flat.strip(" "))
    pad = " " if padded else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def md_inline(text: str, *, in_table: bool = False) -> str:
    """Text that quotes code in backticks (messages, rule summaries), made inert.

    Code spans are found as CommonMark finds them (a backtick run closed by a run of the
    same length) and re-fenced; the prose between them goes through `md_text`. Backticks
    from a diff can at worst move the border between code and prose: both sides are inert.
    """
    flat = one_line(text)
    pieces: list[str] = []
    position = 0
    prose_start = 0
    while True:
        opening = _BACKTICK_RUN.search(flat, position)
        if opening is None:
            break
        closing = _closing_run(flat, opening)
        if closing is None:
            position = opening.end()
            continue
        pieces.append(_escape_prose(flat[prose_start : opening.start()], in_table=in_table))
        pieces.append(md_code_span(flat[opening.end() : closing.start()].strip(" ")))
        position = prose_start = closing.end()
    pieces.append(_escape_prose(flat[prose_start:], in_table=in_table))
    return "".join(pieces)


def md_table_cell(markdown: str) -> str:
    """Inline Markdown made safe for a GFM table cell: every `|` escaped, code spans included.

    GFM splits cells before it parses inlines and turns `\\|` back into `|`, so this works
    inside code spans too. Build the cell with `md_inline(..., in_table=True)`.
    """
    return markdown.replace("|", "\\|")


def md_fence(code: str, info: str = "") -> str:
    """A fenced code block holding `code` literally, ending in a newline.

    The fence is longer than any backtick run in the code (at least three), so no line of
    the code can close it. Use it at the start of a line, outside lists and quotes.
    """
    lines = code.replace("\r\n", "\n").replace("\r", "\n")
    if lines and not lines.endswith("\n"):
        lines += "\n"
    fence = "`" * max(3, _longest_backtick_run(lines) + 1)
    return f"{fence}{info}\n{lines}{fence}\n"


def md_link(label: str, url: str | None) -> str:
    """`[label](<url>)` when the URL is a plain https URL, else the label alone.

    `label` must already be Markdown (escaped). The URL comes from the catalogue, which
    a repository can extend; anything that could end the link is refused.
    """
    if url is None or not _SAFE_URL.fullmatch(url):
        return label
    return f"[{label}](<{url}>)"


_SAFE_URL = re.compile(r"https://[^\s<>\\`\"'|]+")


def _longest_backtick_run(text: str) -> int:
    return max((len(run) for run in _BACKTICK_RUN.findall(text)), default=0)


def _closing_run(text: str, opening: re.Match[str]) -> re.Match[str] | None:
    width = len(opening.group())
    for candidate in _BACKTICK_RUN.finditer(text, opening.end()):
        if len(candidate.group()) == width:
            return candidate
    return None

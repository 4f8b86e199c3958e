"""Text helpers the templates use as filters: Markdown that stays Markdown, YAML that parses.

Catalogue text is written by people and holds backticks, `<`, `>` and `|`. These helpers
make sure such text cannot open an HTML tag, break a table, close a code fence early or
turn frontmatter into invalid YAML.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache

import yaml

from agentreview.errors import AgentreviewError

_BACKTICK_RUN = re.compile(r"`+")
# `<` that could open an HTML tag, a comment or an autolink in CommonMark.
_TAG_OPENER = re.compile(r"<(?=[A-Za-z/!?])")
# Line starts that would turn prose into a heading, a quote or a code fence.
_BLOCK_START = re.compile(r"^(\s{0,3})(#|>|```|~~~)", re.MULTILINE)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "cf.")


def code_spans(text: str) -> Iterator[tuple[bool, str]]:
    """Split `text` into (is_code, piece) by CommonMark code spans: a run of N backticks up
    to the next run of exactly N backticks. An unmatched run is plain text."""
    position = 0
    plain_start = 0
    while (opening := _BACKTICK_RUN.search(text, position)) is not None:
        width = len(opening.group())
        closing = _BACKTICK_RUN.search(text, opening.end())
        while closing is not None and len(closing.group()) != width:
            closing = _BACKTICK_RUN.search(text, closing.end())
        if closing is None:
            position = opening.end()
            continue
        if opening.start() > plain_start:
            yield False, text[plain_start : opening.start()]
        yield True, text[opening.start() : closing.end()]
        plain_start = position = closing.end()
    if plain_start < len(text):
        yield False, text[plain_start:]


@cache
def markdown_text(text: str) -> str:
    """Prose for a Markdown body: `<` cannot start HTML, a line cannot start a block."""
    pieces = []
    for is_code, piece in code_spans(text.strip()):
        pieces.append(piece if is_code else _TAG_OPENER.sub(r"\\<", piece))
    return _BLOCK_START.sub(r"\1\\\2", "".join(pieces))


@cache
def table_cell(text: str) -> str:
    """Prose for one table cell: one line, `|` escaped (GFM wants `\\|` inside code spans too)."""
    return " ".join(markdown_text(text).split()).replace("|", "\\|")


@cache
def first_sentence(text: str) -> str:
    """The first sentence of `text`, for table columns; the full text is rendered elsewhere."""
    flat = " ".join(text.split())
    offset = 0
    for is_code, piece in code_spans(flat):
        if not is_code:
            for match in re.finditer(r"[.!?](?=\s+[A-Z`(\"])", piece):
                end = offset + match.end()
                if not flat[:end].endswith(_ABBREVIATIONS):
                    return flat[:end]
        offset += len(piece)
    return flat


@cache
def fence(code: str, language: str) -> str:
    """A fenced code block whose fence is longer than any backtick run inside `code`."""
    longest = max((len(run) for run in _BACKTICK_RUN.findall(code)), default=0)
    ticks = "`" * max(3, longest + 1)
    body = code if code.endswith("\n") else code + "\n"
    return f"{ticks}{language}\n{body}{ticks}"


# Characters a YAML reader refuses or folds inside a quoted scalar: those outside its
# printable set, and the line breaks NEL, LS and PS.
_YAML_UNPRINTABLE = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def yaml_quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes, plus `\\uXXXX` for what YAML won't read raw."""
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def is_plain_scalar(value: str) -> bool:
    """Whether `value` written bare after `key: ` reads back as exactly this string."""
    if not value or "\n" in value or value != value.strip():
        return False
    try:
        loaded = yaml.safe_load(f"key: {value}\n")
    except yaml.YAMLError:
        return False
    return isinstance(loaded, dict) and loaded.get("key") == value


def yaml_plain(value: str) -> str:
    """`value` bare when YAML reads it back unchanged, else double-quoted."""
    return value if is_plain_scalar(value) else yaml_quoted(value)


def bare_globs(globs: Iterable[str]) -> str:
    """Globs as one bare comma-joined scalar, the only `globs` form Cursor and Windsurf match.

    A quoted value keeps its quotes in their readers, so quoting is not a way out; the value
    must therefore be valid YAML as it stands (see SCOPE_GLOBS)."""
    value = ", ".join(globs)
    if not is_plain_scalar(value):
        raise AgentreviewError(f"globs {value!r} cannot be written as a bare YAML scalar")
    return value


def yaml_flow_list(values: Iterable[str]) -> str:
    """A YAML flow sequence of double-quoted strings."""
    return "[" + ", ".join(yaml_quoted(value) for value in values) + "]"


def sanitize_description(text: str) -> str:
    """One line of plain words for frontmatter descriptions: no code marks, no `: `, no `<>`."""
    words = " ".join(text.replace("`", "").replace("<", "").replace(">", "").split())
    return words.replace(": ", " - ").replace(" #", " ")

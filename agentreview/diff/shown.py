"""Text from a patch, made safe to quote in a one-line message.

Error lines go to stderr, which CI runners scan line by line for commands (GitHub reads
`::error::...` after any `\\r` or `\\n`, and its legacy `##[command]` anywhere in a line),
and notes go into every report format. So what a patch wrote is quoted with its control
characters, line and paragraph separators and invisible format characters (bidi overrides
among them) escaped, `##[` broken, and cut to a length.
"""

from __future__ import annotations


def shown(text: str, limit: int = 80) -> str:
    """`text` on one printable line: `\\r` -> `\\\\r`, `\\x1b` -> `\\\\x1b`, ...; cut at `limit`."""
    cut = len(text) > limit
    text = text[:limit]
    if not text.isprintable():
        text = "".join(char if char.isprintable() else _escape(char) for char in text)
    text = text.replace("##[", "#\\x23[")
    return text + "..." if cut else text


def inert_line(text: str) -> str:
    """One line of code or prose from a patch, printed whole: tabs kept, every other
    non-printable character escaped and `##[` broken, so it can neither start a new line
    nor be read as a CI command."""
    if not text.isprintable():
        text = "".join(c if c.isprintable() or c == "\t" else _escape(c) for c in text)
    return text.replace("##[", "#\\x23[")


def quoted(text: str, limit: int = 80) -> str:
    """`shown(text)` in single quotes, as repr() would show plain text."""
    return f"'{shown(text, limit)}'"


def _escape(char: str) -> str:
    # repr() escapes exactly the characters str.isprintable() rejects; drop its quotes.
    return repr(char)[1:-1]

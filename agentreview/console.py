"""Writing to the terminal whatever its encoding, and whoever reads it.

A review's output quotes paths and code from the diff, and CI runners may have an ASCII or
Latin-1 locale and pipe stdout into `head`. None of that may end a command with a traceback
(shared/spec/cli.md): machine formats go out as UTF-8 bytes, what they are defined in;
text shows what the stream cannot encode as backslash escapes; a reader that went away
ends the writing, not the command. Standard library only: every command starts here.
"""

from __future__ import annotations

import io
import os
import sys


def say(line: str) -> None:
    """One line on stderr: characters that would break the line (a newline in a path, an
    escape sequence) are shown escaped, and what the stream cannot encode too."""
    if not line.isprintable():
        line = "".join(map(_printable, line))
    stream = sys.stderr
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(line.encode(encoding, "backslashreplace").decode(encoding) + "\n")
    stream.flush()


def _printable(char: str) -> str:
    if char.isprintable():
        return char
    if "\udc80" <= char <= "\udcff":  # a byte of a name that did not decode (surrogateescape)
        return f"\\x{ord(char) - 0xDC00:02x}"
    return char.encode("unicode_escape").decode("ascii")


def tolerate_any_encoding() -> None:
    """Under an ASCII or Latin-1 locale, text the terminal cannot show is escaped instead of
    ending the command with UnicodeEncodeError (messages and notes quote paths and code)."""
    for stream in (sys.stdout, sys.stderr):
        # surrogateescape (the C locale's) escapes only undecodable bytes, not, say, an é.
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
            stream.reconfigure(errors="backslashreplace")


def write_stdout(text: str, *, utf8: bool) -> None:
    """`text` on stdout: as UTF-8 bytes whatever the locale (`utf8`, for JSON, SARIF and the
    other machine formats), else in the stream's encoding with escapes for what it lacks.

    Escaped rather than replaced with `?`, so that nothing is lost. In JSON only a lone
    surrogate can need it, and `\\udcXX` is a valid JSON escape (`\\xXX` would not be).
    """
    stream = sys.stdout
    binary = getattr(stream, "buffer", None) if utf8 else None
    try:
        if binary is not None:
            stream.flush()
            binary.write(text.encode("utf-8", "backslashreplace"))
            binary.flush()
        else:
            encoding = getattr(stream, "encoding", None) or "utf-8"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
            stream.flush()
    except BrokenPipeError:
        discard_stdout()


def flush_stdout() -> None:
    """Flush now, while a reader that went away (`agentreview x.patch | head -1`) can still
    be handled: the interpreter's own flush at exit would print a traceback-like warning."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        discard_stdout()


def discard_stdout() -> None:
    """The reader went away: later writes and flushes, down to the interpreter's own at
    exit, go nowhere instead of failing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass

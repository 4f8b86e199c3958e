"""Paths as patches write them: git's C-style quoting, a/ b/ prefixes, and paths we refuse to read."""

from __future__ import annotations

from pathlib import PurePosixPath

from agentreview.diff.shown import quoted

DEV_NULL = "/dev/null"

# Prefixes git puts before paths: a/ b/ by default, the mnemonic ones (diff.mnemonicPrefix:
# c/ i/ o/ w/) and 1/ 2/ from `git diff --no-index`.
_GIT_PREFIX_LETTERS = frozenset("abciow12")

_C_ESCAPES = {
    "a": 0x07,
    "b": 0x08,
    "t": 0x09,
    "n": 0x0A,
    "v": 0x0B,
    "f": 0x0C,
    "r": 0x0D,
    '"': 0x22,
    "\\": 0x5C,
}


def unquote_git_path(token: str) -> str:
    """Decode a path git wrote in C-style quotes (`"caf\\303\\251.py"`); other tokens pass through.

    Octal escapes are bytes of the UTF-8 name, so the decoding works on bytes.
    """
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        return token
    body = token[1:-1]
    out = bytearray()
    index = 0
    while index < len(body):
        char = body[index]
        if char != "\\" or index + 1 == len(body):
            out += char.encode("utf-8", "surrogateescape")
            index += 1
            continue
        following = body[index + 1]
        octal = body[index + 1 : index + 4]
        if len(octal) == 3 and all(c in "01234567" for c in octal):
            out.append(int(octal, 8) & 0xFF)
            index += 4
        elif following in _C_ESCAPES:
            out.append(_C_ESCAPES[following])
            index += 2
        else:  # not an escape git writes; keep it as it stands
            out += ("\\" + following).encode("utf-8", "surrogateescape")
            index += 2
    return out.decode("utf-8", "replace")


def split_git_header(rest: str) -> tuple[str, str] | None:
    """The two paths of a `diff --git A B` line (`rest` is what follows `diff --git `).

    Unquoted paths may hold spaces, so the line is ambiguous on its own; git always writes
    the same name twice unless the file was renamed or copied (and then the `rename from`
    / `copy from` lines give the names), so the split that yields equal names wins.
    """
    rest = rest.rstrip("\n")
    if rest.startswith('"'):
        end = _closing_quote(rest, 0)
        if end is None or rest[end + 1 : end + 2] != " ":
            return None
        return unquote_git_path(rest[: end + 1]), unquote_git_path(rest[end + 2 :])
    if rest.endswith('"'):
        start = rest.find(' "')
        if start == -1:
            return None
        return rest[:start], unquote_git_path(rest[start + 1 :])
    for index in _equal_length_splits(rest):
        if _strip_one_component(rest[:index]) == _strip_one_component(rest[index + 1 :]):
            return rest[:index], rest[index + 1 :]
    return None


def _equal_length_splits(rest: str) -> list[int]:
    """The spaces, left to right, where both sides are as long once a component is stripped.

    Only those can split `rest` into equal names; finding them from precomputed slash
    positions keeps a hostile line of many spaces linear (comparing every split is not).
    """
    first_slash = rest.find("/")
    next_slash = [-1] * (len(rest) + 1)  # the first `/` at or after each index
    for index in range(len(rest) - 1, -1, -1):
        next_slash[index] = index if rest[index] == "/" else next_slash[index + 1]
    splits: list[int] = []
    for index, char in enumerate(rest):
        if char != " ":
            continue
        old_length = index - first_slash - 1 if 0 <= first_slash < index else index
        slash = next_slash[index + 1]
        new_length = len(rest) - slash - 1 if slash != -1 else len(rest) - index - 1
        if old_length == new_length:
            splits.append(index)
    return splits


def _closing_quote(text: str, start: int) -> int | None:
    index = start + 1
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == '"':
            return index
        index += 1
    return None


def _strip_one_component(path: str) -> str:
    return path.split("/", 1)[1] if "/" in path else path


def has_git_prefix(path: str) -> bool:
    return len(path) > 2 and path[1] == "/" and path[0] in _GIT_PREFIX_LETTERS


def strip_git_prefixes(old: str | None, new: str | None) -> tuple[str | None, str | None]:
    """Drop git's a/ b/ prefixes, but only when the paths carry them (`--no-prefix` diffs do not)."""
    present = [path for path in (old, new) if path is not None]
    if present and all(has_git_prefix(path) for path in present):
        return (old[2:] if old else None), (new[2:] if new else None)
    return old, new


def strip_plain_prefixes(old: str | None, new: str | None) -> tuple[str | None, str | None]:
    """Paths of a non-git diff (`diff -u`, `diff -ru OLD NEW`), as `patch -p1` would take them.

    `diff -ru before after` names `before/app/x.py` and `after/app/x.py`: the first
    component differs and is the tree's name, so it goes. `diff -u app/x.py.orig app/x.py`
    names the file itself in the same folder, so both stay.
    """
    if old is not None and new is not None:
        old_parts, new_parts = old.split("/", 1), new.split("/", 1)
        if len(old_parts) == 2 and len(new_parts) == 2 and old_parts[0] != new_parts[0]:
            return old_parts[1], new_parts[1]
        return old, new
    return strip_git_prefixes(old, new)


def normalise(path: str) -> str:
    """`./app//x.py` -> `app/x.py`; `..` and absolute paths are kept so they can be refused."""
    return str(PurePosixPath(path))


def escape_reason(path: str) -> str | None:
    """Why `path` must not be read below a repository root, or None when it stays inside."""
    if not path or "\x00" in path:
        return "the path is empty or holds a NUL byte"
    pure = PurePosixPath(path)
    if pure.is_absolute():
        return "the path is absolute"
    if ".." in pure.parts:
        return "the path climbs out with `..`"
    return None


def unsafe_to_show(path: str) -> str | None:
    """Why `path` must not be reviewed, or None: control or invisible characters in a name.

    Git can store such names (it quotes them in patches), but a name holding `\\n`, `\\r`,
    `\\x1b` or a bidi override would carry them into every report line that names the
    file: forged CI commands, terminal escapes, a different-looking path.
    """
    if path.isprintable():
        return None
    return f"the path {quoted(path)} holds control or invisible characters"

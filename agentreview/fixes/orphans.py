"""Removing the imports that the applied fixes left unused.

`time.sleep(1)` fixed to `await asyncio.sleep(1)` can leave `import time` with no use; left in,
the fix trades our finding for ruff's F401. Only what the fixes orphaned goes, and only when
that is certain:
- a name bound by a top-level `import` / `from ... import` statement, not `__future__`, not `*`;
- the name was used in the file before the fixes (as a name in the code: an import that was
  already unused is the author's business, not ours);
- after the fixes it appears nowhere, not as a name and not as a word inside any string (so
  `__all__`, string annotations and doctests keep theirs);
- the statement carries no comment (which would go with it) and is not a re-export
  (`import x as x`, `from m import x as x`).
Everything else stays, and the text is otherwise untouched: libcst regenerates only the
import statements it edits.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

import libcst as cst

from agentreview.analysis.python import parse_module
from agentreview.fixes.codemods._nodes import has_comment

_WORD = re.compile(r"[^\W\d]\w*")


def remove_orphaned_imports(before: str, after: str) -> str:
    """`after` without the top-level imports its fixes (from `before`) left unused."""
    used_before = _names(before, in_strings=False)
    still_there = _names(after, in_strings=True)
    if used_before is None or still_there is None:
        return after
    orphaned = used_before - still_there
    if not orphaned:
        return after
    module, _ = parse_module(after)  # the guarded parse: libcst never sees what crashes it
    if module is None:
        return after
    body: list[cst.BaseStatement] = []
    changed = False
    for statement in module.body:
        kept = _without(statement, orphaned)
        changed = changed or kept is not statement
        if kept is not None:
            body.append(kept)
    if not changed:
        return after
    if body and module.body and body[0] is not module.body[0] and not module.header:
        # The file's first statement went: what followed it must not start the file with
        # the blank lines that separated the two.
        body[0] = _without_leading_blank_lines(body[0])
    return module.with_changes(body=body).code


def _without_leading_blank_lines(statement: cst.BaseStatement) -> cst.BaseStatement:
    if not isinstance(statement, cst.SimpleStatementLine | cst.BaseCompoundStatement):
        return statement
    lines = list(statement.leading_lines)
    while lines and lines[0].comment is None:
        lines.pop(0)
    return statement.with_changes(leading_lines=lines)


def _names(text: str, *, in_strings: bool) -> set[str] | None:
    """Every name used in the code, and with `in_strings` every word in a string constant."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    words: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            words.add(node.id)
        elif in_strings and isinstance(node, ast.Constant) and isinstance(node.value, str):
            words.update(_WORD.findall(node.value))
    return words


def _without(statement: cst.BaseStatement, orphaned: set[str]) -> cst.BaseStatement | None:
    """The statement without its orphaned imports; None when nothing of it is left."""
    if not isinstance(statement, cst.SimpleStatementLine) or has_comment(statement):
        return statement
    if not all(isinstance(item, cst.Import | cst.ImportFrom) for item in statement.body):
        return statement
    items: list[cst.BaseSmallStatement] = []
    for item in statement.body:
        assert isinstance(item, cst.Import | cst.ImportFrom)
        kept = _kept_names(item, orphaned)
        if kept is None:
            items.append(item)
        elif kept:
            items.append(item.with_changes(names=kept))
    if len(items) == len(statement.body) and all(
        new is old for new, old in zip(items, statement.body, strict=True)
    ):
        return statement
    if not items:
        return None
    last = items[-1]
    original_last = statement.body[-1]
    # `import a; import b` with `b` gone: the semicolon goes too.
    items[-1] = last.with_changes(semicolon=original_last.semicolon)
    return statement.with_changes(body=items)


def _kept_names(
    item: cst.Import | cst.ImportFrom, orphaned: set[str]
) -> Sequence[cst.ImportAlias] | None:
    """The aliases to keep, or None when the statement stays as it is."""
    names = item.names
    if isinstance(names, cst.ImportStar) or (isinstance(item, cst.ImportFrom) and _is_future(item)):
        return None
    kept = [alias for alias in names if not _orphaned(alias, orphaned)]
    if len(kept) == len(names):
        return None
    if kept:
        # The last name keeps the punctuation the original last name had: `from m import a, b`
        # with `b` gone must not end in a comma outside parentheses.
        kept[-1] = kept[-1].with_changes(comma=names[-1].comma)
    return kept


def _orphaned(alias: cst.ImportAlias, orphaned: set[str]) -> bool:
    if alias.asname is not None:
        bound = alias.asname.name
        if not isinstance(bound, cst.Name):
            return False
        if _dotted(alias.name) == bound.value:
            return False  # `import x as x`: an explicit re-export
        return bound.value in orphaned
    return _dotted(alias.name).split(".", 1)[0] in orphaned


def _dotted(node: cst.Attribute | cst.Name) -> str:
    if isinstance(node, cst.Name):
        return node.value
    assert isinstance(node.value, cst.Attribute | cst.Name)
    return f"{_dotted(node.value)}.{node.attr.value}"


def _is_future(item: cst.ImportFrom) -> bool:
    return (
        not item.relative
        and isinstance(item.module, cst.Name)
        and item.module.value == "__future__"
    )

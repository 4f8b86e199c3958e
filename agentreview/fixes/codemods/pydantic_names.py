"""PYD006: names Pydantic v2 removed.

- `Field(regex=...)` / `constr(regex=...)` -> `pattern=`.
- `from pydantic import BaseSettings` -> `from pydantic_settings import BaseSettings`: in
  place when it is the statement's only name; otherwise the name leaves the `pydantic`
  import and the fix adds the `pydantic_settings` one.
- `pydantic.BaseSettings` -> `pydantic_settings.BaseSettings`.
"""

from __future__ import annotations

import libcst as cst

from agentreview.fixes.codemods._nodes import expression, has_comment

SETTINGS_MODULE = "pydantic_settings"


def pattern_keyword(arg: cst.Arg) -> cst.Arg:
    """`regex=...` as `pattern=...` (same value, same layout)."""
    return arg.with_changes(keyword=cst.Name("pattern"))


def settings_import(statement: cst.ImportFrom) -> cst.ImportFrom | None:
    """A one-name `from pydantic import X` importing X from `pydantic_settings` instead."""
    if isinstance(statement.names, cst.ImportStar) or len(statement.names) != 1:
        return None
    return statement.with_changes(module=cst.Name(SETTINGS_MODULE))


def import_without(statement: cst.ImportFrom, alias: cst.ImportAlias) -> cst.ImportFrom | None:
    """The statement less `alias` (None when it is the only name, or a comment goes with it)."""
    if isinstance(statement.names, cst.ImportStar) or has_comment(alias):
        return None
    names = list(statement.names)
    if len(names) < 2 or alias not in names:
        return None
    index = names.index(alias)
    rest = [*names[:index], *names[index + 1 :]]
    if index == len(names) - 1:
        rest[-1] = rest[-1].with_changes(comma=alias.comma)
    return statement.with_changes(names=rest)


def settings_attribute(node: cst.Attribute, settings_module: str) -> cst.Attribute:
    """`pydantic.BaseSettings` as `<settings_module>.BaseSettings`."""
    return node.with_changes(value=expression(settings_module))

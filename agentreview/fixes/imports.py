"""Adding the imports fixes need, once, in the module's import block.

- An import the module already makes at top level is not added again.
- `from M import name` joins an existing top-level `from M import ...` statement (in sorted
  position when its names are sorted), unless that would lose or repeat a comment or make
  a one-line statement longer than `MAX_LINE`.
- Otherwise a new statement goes into the leading import block (the docstring, imports, and
  `try`/`if` blocks holding only imports), in its section (the standard library or the rest)
  and in isort's order there when the section is sorted; with no import block, at the top.
  `ruff check --fix` (isort's `I` rules) has the last word on order.

Nothing else in the module changes: libcst regenerates only the statements it touches, in
the module's own line endings.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import libcst as cst

from agentreview.fixes.codemods._nodes import COMMA, has_comment
from agentreview.fixes.model import RequiredImport

MAX_LINE = 99


def add_imports(module: cst.Module, wanted: Iterable[RequiredImport]) -> cst.Module:
    """`module` with every import in `wanted` present at top level."""
    body: list[cst.BaseStatement] = list(module.body)
    for required in sorted(set(wanted)):
        if _already_imported(body, required) or _merge_into_existing(module, body, required):
            continue
        _insert(body, _statement(required), _section(required.module))
    return module.with_changes(body=body)


def _statement(required: RequiredImport) -> cst.SimpleStatementLine:
    statement = cst.parse_statement(required.statement())
    assert isinstance(statement, cst.SimpleStatementLine)
    return statement


# --- what is there already --------------------------------------------------------------------


def _import_statements(
    line: cst.BaseStatement,
) -> list[cst.Import | cst.ImportFrom]:
    if not isinstance(line, cst.SimpleStatementLine):
        return []
    return [item for item in line.body if isinstance(item, cst.Import | cst.ImportFrom)]


def _is_import_line(line: cst.BaseStatement) -> bool:
    return (
        isinstance(line, cst.SimpleStatementLine)
        and bool(line.body)
        and len(_import_statements(line)) == len(line.body)
    )


def _dotted(node: cst.BaseExpression) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _already_imported(body: Sequence[cst.BaseStatement], required: RequiredImport) -> bool:
    """Whether a top-level import already binds the same name to the same thing."""
    for line in body:
        for statement in _import_statements(line):
            if _binds(statement, required):
                return True
    return False


def _binds(statement: cst.Import | cst.ImportFrom, required: RequiredImport) -> bool:
    if isinstance(statement, cst.Import):
        return required.name is None and any(
            _dotted(alias.name) == required.module
            and (_alias_of(alias) or required.module.split(".", 1)[0]) == required.bound_name
            for alias in statement.names
        )
    if (
        required.name is None
        or statement.relative
        or statement.module is None
        or isinstance(statement.names, cst.ImportStar)
        or _dotted(statement.module) != required.module
    ):
        return False
    return any(
        _dotted(alias.name) == required.name
        and (_alias_of(alias) or required.name) == required.bound_name
        for alias in statement.names
    )


def _alias_of(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


# --- joining an existing `from M import ...` --------------------------------------------------


def _merge_into_existing(
    module: cst.Module, body: list[cst.BaseStatement], required: RequiredImport
) -> bool | None:
    """Adds the name to a `from <module> import ...` line of `body`; None when none fits."""
    if required.name is None:
        return None
    for index, line in enumerate(body):
        if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
            continue
        statement = line.body[0]
        if (
            not isinstance(statement, cst.ImportFrom)
            or statement.relative
            or statement.module is None
            or _dotted(statement.module) != required.module
            or isinstance(statement.names, cst.ImportStar)
        ):
            continue
        merged = _with_name(statement, required)
        if merged is None:
            continue
        new_line = line.with_changes(body=[merged])
        code = module.code_for_node(new_line)
        if statement.lpar is None and len(code.rstrip("\r\n").split("\n")[-1]) > MAX_LINE:
            continue
        body[index] = new_line
        return True
    return None


def _with_name(statement: cst.ImportFrom, required: RequiredImport) -> cst.ImportFrom | None:
    assert required.name is not None and not isinstance(statement.names, cst.ImportStar)
    names = list(statement.names)
    if len(names) < 2 and statement.lpar is not None:
        return None  # a parenthesised one-name import: its layout is not a pattern to copy
    separator = names[0].comma if len(names) > 1 else COMMA
    if not isinstance(separator, cst.Comma) or has_comment(separator):
        return None
    asname = None if required.alias is None else cst.AsName(name=cst.Name(required.alias))
    new = cst.ImportAlias(name=cst.Name(required.name), asname=asname)
    keys = [_sort_key(_dotted(alias.name)) for alias in names]
    position = len(names)
    if keys == sorted(keys):
        position = sum(1 for key in keys if key <= _sort_key(required.name))
    if position == len(names):
        last = names[-1]
        names[-1] = last.with_changes(comma=separator)
        names.append(new.with_changes(comma=last.comma))
    else:
        names.insert(position, new.with_changes(comma=separator))
    return statement.with_changes(names=names)


def _sort_key(name: str) -> tuple[int, str]:
    """isort's order by type: CONSTANTS, then Classes, then functions and variables."""
    if name.isupper() and len(name) > 1:
        return (0, name)
    if name[:1].isupper():
        return (1, name)
    return (2, name)


# --- where a new statement goes --------------------------------------------------------------

_FUTURE, _STDLIB, _OTHER = 0, 1, 2


def _section(module: str) -> int:
    """isort's sections, coarsely: `__future__`, the standard library, everything else."""
    root = module.split(".", 1)[0]
    if root == "__future__":
        return _FUTURE
    return _STDLIB if root in sys.stdlib_module_names else _OTHER


def _line_section(line: cst.BaseStatement) -> int:
    sections: set[int] = set()
    for statement in _import_statements(line):
        if isinstance(statement, cst.Import):
            sections.update(_section(_dotted(alias.name)) for alias in statement.names)
        elif statement.relative or statement.module is None:
            sections.add(_OTHER)
        else:
            sections.add(_section(_dotted(statement.module)))
    return max(sections, default=_OTHER)


def _order_key(line: cst.BaseStatement) -> tuple[int, str]:
    """Within a section, `import x` lines before `from x import y` lines, then by module."""
    statement = _import_statements(line)[0]
    if isinstance(statement, cst.Import):
        return (0, _dotted(statement.names[0].name).lower())
    module = "" if statement.module is None else _dotted(statement.module)
    return (1, "." * len(statement.relative) + module.lower())


def _insert(body: list[cst.BaseStatement], new: cst.SimpleStatementLine, section: int) -> None:
    """Puts `new` among the leading block's imports of its section, in order, or starts the
    section after the sections before it (a blank line apart)."""
    block = _leading_imports(body)
    same = [index for index in block if _line_section(body[index]) == section]
    key = _order_key(new)
    if same:
        after = [index for index in same if _order_key(body[index]) <= key]
        if after:
            body.insert(after[-1] + 1, new)
            return
        first = same[0]
        _take_leading_lines(body, first, new)
        return
    before = [index for index in block if _line_section(body[index]) < section]
    if before:
        body.insert(before[-1] + 1, new.with_changes(leading_lines=[cst.EmptyLine()]))
        return
    if block:
        _take_leading_lines(body, block[0], new)
        displaced = body[block[0] + 1]
        if isinstance(displaced, cst.SimpleStatementLine) and not displaced.leading_lines:
            body[block[0] + 1] = displaced.with_changes(leading_lines=[cst.EmptyLine()])
        return
    at = 1 if body and _is_docstring(body[0]) else 0
    if at:
        new = new.with_changes(leading_lines=[cst.EmptyLine()])
    following = body[at] if at < len(body) else None
    if isinstance(following, cst.SimpleStatementLine | cst.BaseCompoundStatement) and not (
        _blank_before(following)
    ):
        body[at] = following.with_changes(leading_lines=[cst.EmptyLine(), *following.leading_lines])
    body.insert(at, new)


def _take_leading_lines(
    body: list[cst.BaseStatement], index: int, new: cst.SimpleStatementLine
) -> None:
    """Inserts `new` before `body[index]`, which hands it its leading lines."""
    current = body[index]
    assert isinstance(current, cst.SimpleStatementLine)
    body[index] = current.with_changes(leading_lines=[])
    body.insert(index, new.with_changes(leading_lines=current.leading_lines))


def _leading_imports(body: Sequence[cst.BaseStatement]) -> list[int]:
    """The indices of the import lines of the leading block (the docstring, imports, and
    `try`/`if` blocks of imports, up to the first other statement)."""
    found: list[int] = []
    for index, line in enumerate(body):
        if index == 0 and _is_docstring(line):
            continue
        if _is_import_line(line):
            found.append(index)
        elif not _holds_only_imports(line):
            break
    return found


def _is_docstring(line: cst.BaseStatement) -> bool:
    return (
        isinstance(line, cst.SimpleStatementLine)
        and len(line.body) == 1
        and isinstance(line.body[0], cst.Expr)
        and isinstance(line.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def _holds_only_imports(line: cst.BaseStatement) -> bool:
    """A `try:`/`if ...:` block of imports (a compatibility shim, `TYPE_CHECKING`)."""
    if not isinstance(line, cst.Try | cst.If):
        return False
    stack: list[cst.CSTNode] = [line]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            if not all(
                isinstance(item, cst.Import | cst.ImportFrom | cst.Pass) for item in node.body
            ):
                return False
            continue
        if isinstance(node, cst.FunctionDef | cst.ClassDef | cst.For | cst.While | cst.With):
            return False
        stack.extend(node.children)
    return True


def _blank_before(line: cst.SimpleStatementLine | cst.BaseCompoundStatement) -> bool:
    return bool(line.leading_lines) and line.leading_lines[0].comment is None

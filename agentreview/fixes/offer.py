"""The detectors' side of a fix: how a name can be written where the finding is, and the
suggestion (or, in fix mode, the `Fix`) that carries a codemod's result.

Detectors know what names resolve to; the codemods do not. So a detector asks `spell` how
to write the name an edit introduces (`asyncio`, `Annotated`), hands the spelling to the
codemod, and passes the result through `offer`, which keeps an edit that needs an import
only when the engine runs in fix mode.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from agentreview.findings import Suggestion
from agentreview.fixes.model import Fix, RequiredImport

if TYPE_CHECKING:
    from agentreview.analysis.engine import Context


@dataclass(frozen=True, slots=True)
class Spelling:
    """How code at the current node writes a name, and the import that must come with it."""

    text: str
    needs: RequiredImport | None = None


def spell(ctx: Context, wanted: RequiredImport) -> Spelling | None:
    """The bound name of `wanted` when it is visibly imported here, or free to import; None
    when the name means something else here (or a `*` import may bind it)."""
    name = wanted.bound_name
    if ctx.imports_visibly(name, wanted.target):
        return Spelling(name)
    if ctx.hunk_mode or ctx.facts.star_imports or ctx.resolver.lookup(name) is not None:
        return None
    return Spelling(name, wanted)


def spell_any(ctx: Context, choices: Iterable[RequiredImport]) -> Spelling | None:
    """The first choice already imported here, else the first one that can be imported."""
    found = [spelling for wanted in choices if (spelling := spell(ctx, wanted)) is not None]
    visible = [spelling for spelling in found if spelling.needs is None]
    return next(iter(visible or found), None)


def usable(ctx: Context, spelling: Spelling | None) -> bool:
    """Whether an edit using `spelling` can be offered in this run."""
    return spelling is not None and (spelling.needs is None or ctx.fix_mode)


def offer(
    ctx: Context, edit: Suggestion | None, needs: Iterable[RequiredImport | None] = ()
) -> Suggestion | None:
    """`edit` as the finding's suggestion: as is when it needs no import; as a `Fix` naming
    its imports in fix mode; None in a review, where the import could not come with it."""
    imports = tuple(sorted({wanted for wanted in needs if wanted is not None}))
    if edit is None or not imports:
        return edit
    if not ctx.fix_mode:
        return None
    return Fix(edit.start_line, edit.end_line, edit.replacement, imports)


def replace_with_node(
    ctx: Context,
    node: cst.CSTNode,
    new: cst.CSTNode | None,
    needs: Iterable[RequiredImport | None] = (),
) -> Suggestion | None:
    """The suggestion replacing `node` by the codemod's `new` node (None: no fix)."""
    if new is None:
        return None
    return offer(ctx, ctx.replace_node(node, ctx.code(new)), needs)


def replace_argument(
    ctx: Context, arg: cst.Arg, new: cst.Arg, needs: Iterable[RequiredImport | None] = ()
) -> Suggestion | None:
    """The suggestion replacing the argument `arg` by `new` (its comma stays where it was)."""
    bare = new.with_changes(
        comma=cst.MaybeSentinel.DEFAULT, whitespace_after_arg=cst.SimpleWhitespace("")
    )
    return offer(ctx, ctx.replace_node(arg, ctx.code(bare)), needs)

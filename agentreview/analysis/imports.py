"""Rules about what a module imports: SEC001, TEST001, DB001 (listed libraries) and STRUCT002.

These rules need nothing but the import statement, so they judge diff hunks as well as whole
files.

SEC001/TEST001/DB001: `import x`, `import x.sub`, `from x import y`, `from x.sub import y` where
`x` is one of the rule's `modules`. Relative imports are the repository's own code, and so is
a top-level package the repository itself holds (`RepoFacts.first_party`: a local
`databases/` package is not encode/databases).

STRUCT002: the importing file's domain comes from its path (`src/<domain>/...`); the rule's
`modules` name the source root (`src`). `from src.<domain> import *` from outside that domain
is a warning; an import path deeper than `src.<domain>.<module>` from outside that domain is
info (test files excepted: they may reach into what they test). Relative imports are made
absolute from the file's path.
"""

from __future__ import annotations

from pathlib import PurePosixPath

import libcst as cst

from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.resolver import absolute_module, dotted_name
from agentreview.findings import Suggestion
from agentreview.fixes.codemods.jose import pyjwt_import
from agentreview.fixes.offer import replace_with_node

LISTED_MODULE_RULES = ("SEC001", "TEST001", "DB001")


def _listed_root(module: str, roots: tuple[str, ...]) -> str | None:
    for root in roots:
        if module == root or module.startswith(root + "."):
            return root
    return None


class ListedModuleImport(Detector):
    """SEC001/TEST001/DB001: importing a library the catalogue replaces."""

    rule_ids = LISTED_MODULE_RULES
    visits = (cst.Import, cst.ImportFrom)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.Import):
            for alias in node.names:
                module = dotted_name(alias.name)
                if module is not None:
                    self._check(module, alias, _written(node, ctx), ctx, None)
        elif isinstance(node, cst.ImportFrom):
            if node.relative or node.module is None:
                return
            module = dotted_name(node.module)
            if module is not None:
                self._check(module, node.module, _written(node, ctx), ctx, node)

    def _check(
        self,
        module: str,
        where: cst.CSTNode,
        written: str,
        ctx: Context,
        statement: cst.ImportFrom | None,
    ) -> None:
        if module.split(".", 1)[0] in ctx.repo_facts.first_party:
            return
        for rule_id in LISTED_MODULE_RULES:
            root = _listed_root(module, ctx.match(rule_id).modules)
            if root is None:
                continue
            suggestion = None
            if rule_id == "SEC001" and statement is not None:
                suggestion = _pyjwt_import(statement, module, ctx)
            ctx.report(
                rule_id,
                where,
                f"`{written}` imports `{root}`; {ctx.rule(rule_id).title}",
                suggestion=suggestion,
            )


def _written(statement: cst.Import | cst.ImportFrom, ctx: Context) -> str:
    """The import as the message quotes it: the statement itself when it is short."""
    code = " ".join(ctx.code(statement).split())
    if len(code) <= 70:
        return code
    if isinstance(statement, cst.ImportFrom) and statement.module is not None:
        return f"from {dotted_name(statement.module)} import ..."
    return code[:67] + "..."


def _pyjwt_import(statement: cst.ImportFrom, module: str, ctx: Context) -> Suggestion | None:
    """The PyJWT import (codemod `jose`), unless the file uses what only jose has."""
    new = pyjwt_import(statement, module, "".join(ctx.source_lines))
    return replace_with_node(ctx, statement, new)


# --- STRUCT002 --------------------------------------------------------------------------------


def file_domain(path: str, root: str) -> str | None:
    """The domain a file belongs to: `posts` for `src/posts/service.py` (root `src`)."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if root not in parts[:-1]:
        return None
    index = len(parts) - 1 - parts[::-1].index(root)
    below = parts[index + 1 :]
    return below[0] if len(below) >= 2 else None


def is_test_path(path: str) -> bool:
    """`tests/...`, `test_*.py`, `*_test.py` and `conftest.py`."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if not parts:
        return False
    name = parts[-1]
    in_tests = any(part in ("tests", "test") for part in parts[:-1])
    return in_tests or name.startswith(("test_", "conftest")) or name.endswith("_test.py")


def _absolute(module: str, level: int, path: str) -> str | None:
    """`..auth` in `src/posts/service.py` -> `src.auth`; None when the path cannot say."""
    parts = absolute_module(path)
    if not parts:
        return None
    is_package = path.replace("\\", "/").endswith("__init__.py")
    package = parts if is_package else parts[:-1]
    if level - 1 > len(package):
        return None
    base = package[: len(package) - (level - 1)]
    joined = [*base, module] if module else base
    return ".".join(joined) if joined else None


class CrossDomainImport(Detector):
    """STRUCT002: star imports from another domain, and paths deep inside another domain."""

    rule_ids = ("STRUCT002",)
    visits = (cst.Import, cst.ImportFrom)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        for root in ctx.match("STRUCT002").modules:
            domain = file_domain(ctx.path, root)
            if isinstance(node, cst.ImportFrom):
                self._import_from(node, root, domain, ctx)
            elif isinstance(node, cst.Import):
                for alias in node.names:
                    module = dotted_name(alias.name)
                    if module is not None:
                        self._deep(alias, module.split("."), root, domain, ctx)

    def _import_from(
        self, node: cst.ImportFrom, root: str, domain: str | None, ctx: Context
    ) -> None:
        module = dotted_name(node.module) if node.module is not None else ""
        if module is None:
            return
        if node.relative:
            absolute = _absolute(module, len(node.relative), ctx.path)
            if absolute is None:
                return
            module = absolute
        parts = module.split(".")
        if len(parts) < 2 or parts[0] != root:
            return
        target = parts[1]
        if target == domain:
            return
        if isinstance(node.names, cst.ImportStar):
            ctx.report(
                "STRUCT002",
                node,
                f"`from {module} import *` pulls every public name of the `{target}` domain "
                f"into this module: import the module instead "
                f"(`from {root}.{target} import service as {target}_service`)",
            )
        else:
            self._deep(node.module if node.module is not None else node, parts, root, domain, ctx)

    def _deep(
        self, where: cst.CSTNode, parts: list[str], root: str, domain: str | None, ctx: Context
    ) -> None:
        if len(parts) <= 3 or parts[0] != root or parts[1] == domain:
            return
        if is_test_path(ctx.path):
            return  # tests may reach into the code they test
        module = ".".join(parts)
        ctx.report(
            "STRUCT002",
            where,
            f"`{module}` reaches inside the `{parts[1]}` domain past its module "
            f"`{'.'.join(parts[:3])}`: import from that module instead",
            severity="info",
        )


DETECTORS: tuple[type[Detector], ...] = (ListedModuleImport, CrossDomainImport)

"""SEC001: python-jose imports -> PyJWT, where PyJWT has the same name with the same use.

`from jose import jwt` becomes `import jwt` only when the file uses nothing of `jose.jwt`
that PyJWT lacks: attributes outside `SHARED_JWT_API`, or the keywords only jose's
`encode`/`decode` take (`claims=`, `token=`, `access_token=`).
"""

from __future__ import annotations

import ast

import libcst as cst

# (jose module, imported name) -> (PyJWT module, name or None for the module itself).
PYJWT_EQUIVALENTS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("jose", "jwt"): ("jwt", None),
    ("jose", "ExpiredSignatureError"): ("jwt", "ExpiredSignatureError"),
    ("jose.exceptions", "ExpiredSignatureError"): ("jwt", "ExpiredSignatureError"),
}
# What `jose.jwt` and PyJWT's `jwt` module both have, meaning the same.
SHARED_JWT_API = frozenset({"encode", "decode", "get_unverified_header", "ExpiredSignatureError"})
JOSE_ONLY_KEYWORDS = frozenset({"claims", "token", "access_token"})


def pyjwt_import(
    statement: cst.ImportFrom, module: str, source: str
) -> cst.Import | cst.ImportFrom | None:
    """The PyJWT import for a one-name jose import, or None.

    `source` is the whole file, to check that a `jose.jwt` module is used only through what
    PyJWT also has (the whole text: the engine may have parsed only part of the file).
    """
    if isinstance(statement.names, cst.ImportStar) or len(statement.names) != 1:
        return None
    alias = statement.names[0]
    if not isinstance(alias.name, cst.Name):
        return None
    equivalent = PYJWT_EQUIVALENTS.get((module, alias.name.value))
    if equivalent is None:
        return None
    new_module, new_name = equivalent
    bound = alias.asname.name if alias.asname is not None else alias.name
    if new_name is None:
        if not isinstance(bound, cst.Name) or _jose_only_use(source, bound.value):
            return None
        plain = alias.with_changes(name=cst.Name(new_module), comma=cst.MaybeSentinel.DEFAULT)
        return cst.Import(names=[plain])
    return statement.with_changes(
        module=cst.Name(new_module),
        names=[alias.with_changes(name=cst.Name(new_name))],
    )


def _jose_only_use(source: str, module_name: str) -> bool:
    """Whether `module_name.X` is used with an X, or a call keyword, that only jose has
    (True when the file does not parse: nothing can be told)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _is_name(node.value, module_name):
            if node.attr not in SHARED_JWT_API:
                return True
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and _is_name(node.func.value, module_name)
            and any(keyword.arg in JOSE_ONLY_KEYWORDS for keyword in node.keywords)
        ):
            return True
    return False


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name

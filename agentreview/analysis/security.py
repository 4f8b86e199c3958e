"""Security: SEC002 (CORS with wildcard origins), SEC003 (hard-coded JWT keys, no verification).

SEC002 looks at the calls that set up Starlette's CORS middleware: `<app>.add_middleware(C,
...)` (a `methods` name), `Middleware(C, ...)` (a `calls` name) or `C(app, ...)`, where `C`
resolves to one of the rule's `names`. Only literal values are judged (a list, tuple or set
literal, or a same-module name bound once to one); values from settings or the environment
are left alone. Under an `if` whose test names a development setting (`DEBUG`, "local",
"dev", and no "prod") or in a test file the finding drops to info: it is a development
setting by construction.

SEC003 looks at `jwt.encode`/`jwt.decode` (PyJWT's module, the rule's `calls`): a key
(second argument or `key=`) that is a string literal or a name bound once to one, an
`options` dict that turns `verify_signature` off, and a `decode` without `algorithms=`.
"""

from __future__ import annotations

import re

import libcst as cst

from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.framework import keyword_argument, positional_or_keyword
from agentreview.analysis.imports import is_test_path
from agentreview.analysis.literals import is_constant, literal_or_bound, string_value
from agentreview.findings import SeverityName

# Origins no deployment lists: a regex that accepts them accepts any website.
_PROBE_ORIGINS = ("https://attacker.invalid", "http://attacker.invalid")
# An `if` whose test names a development setting (and no production one) guards a
# development-only configuration.
_DEV_CONDITION = re.compile(
    r"(?<![a-z])(debug|local|localhost|dev|develop|development|testing)(?![a-z])", re.IGNORECASE
)
_PROD_CONDITION = re.compile(r"(?<![a-z])(prod|production|live)(?![a-z])", re.IGNORECASE)
# Literal keys that are public by nature: verifying with them is fine.
_PUBLIC_KEY_MARKERS = ("PUBLIC KEY", "CERTIFICATE", "ssh-rsa", "ssh-ed25519", "ecdsa-sha2")


class WildcardCors(Detector):
    """SEC002: CORS middleware that allows every origin."""

    rule_ids = ("SEC002",)
    visits = (cst.Call, cst.If)
    leaves = (cst.If,)

    def __init__(self) -> None:
        self.conditions: list[cst.BaseExpression] = []  # the tests of the enclosing `if`s

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.If):
            self.conditions.append(node.test)
            return
        assert isinstance(node, cst.Call)
        middleware = self._cors_middleware(node, ctx)
        if middleware is None:
            return
        lowered = is_test_path(ctx.path) or any(
            _is_development_condition(ctx.code(test)) for test in self.conditions
        )
        self._origins(node, middleware, lowered, ctx)
        self._origin_regex(node, middleware, lowered, ctx)

    def leave(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.If) and self.conditions:
            self.conditions.pop()

    def _cors_middleware(self, call: cst.Call, ctx: Context) -> str | None:
        """The written name of the CORS class this call configures, or None."""
        classes = ctx.listed("SEC002", "names")
        if classes.matches(ctx.resolve(call.func)):
            return ctx.code(call.func).strip()
        is_setup = (
            isinstance(call.func, cst.Attribute)
            and call.func.attr.value in ctx.match("SEC002").methods
        ) or ctx.listed("SEC002").matches(ctx.resolve(call.func))
        first = positional_or_keyword(call, 0, "middleware_class")
        if not is_setup or first is None:
            return None
        if classes.matches(ctx.resolve(first)):
            return ctx.code(first).strip()
        ctx.unresolved_candidate("SEC002", first, classes)
        return None

    def _origins(self, call: cst.Call, middleware: str, lowered: bool, ctx: Context) -> None:
        written = keyword_argument(call, "allow_origins")
        if written is None:
            return
        value = literal_or_bound(written, ctx)
        if not isinstance(value, cst.List | cst.Tuple | cst.Set):
            return
        if not any(string_value(element.value) == "*" for element in value.elements):
            return
        origins = (
            "`allow_origins`"
            if value is written
            else f"`allow_origins={ctx.code(written).strip()}`"
        )
        credentials = is_constant(keyword_argument(call, "allow_credentials"), "True")
        severity: SeverityName = "error" if credentials else "warning"
        if credentials:
            message = (
                f'`{middleware}` allows every origin ({origins} contains "*") '
                "with `allow_credentials=True`: Starlette then echoes the caller's origin, so "
                "any website can send the user's cookies and read the responses"
            )
        else:
            message = (
                f'`{middleware}` allows every origin ({origins} contains "*"): '
                "any website can read the API's responses from a visitor's browser"
            )
        if lowered:
            severity = "info"
        ctx.report("SEC002", _keyword(call, "allow_origins"), message, severity=severity)

    def _origin_regex(self, call: cst.Call, middleware: str, lowered: bool, ctx: Context) -> None:
        written = keyword_argument(call, "allow_origin_regex")
        if written is None:
            return
        pattern = string_value(literal_or_bound(written, ctx))
        if pattern is None or not _matches_any_origin(pattern):
            return
        ctx.report(
            "SEC002",
            _keyword(call, "allow_origin_regex"),
            f"`{middleware}` has an `allow_origin_regex` that matches any website's origin",
            severity="info" if lowered else "warning",
        )


def _is_development_condition(test: str) -> bool:
    return bool(_DEV_CONDITION.search(test)) and not _PROD_CONDITION.search(test)


def _matches_any_origin(pattern: str) -> bool:
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError):
        return False
    return any(compiled.fullmatch(origin) for origin in _PROBE_ORIGINS)


def _keyword(call: cst.Call, keyword: str) -> cst.Arg:
    return next(
        arg for arg in call.args if arg.keyword is not None and arg.keyword.value == keyword
    )


class JwtKeyAndVerification(Detector):
    """SEC003: a hard-coded JWT key, disabled signature checks, or `decode` without algorithms."""

    rule_ids = ("SEC003",)
    visits = (cst.Call,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Call)
        listed = ctx.listed("SEC003")
        callee = ctx.resolve(node.func)
        if not listed.matches(callee):
            return
        assert callee is not None
        written = ctx.code(node.func).strip()
        unverified = self._verification_disabled(node, written, ctx)
        if not unverified:
            self._literal_key(node, written, ctx)
        if callee.rsplit(".", 1)[-1] == "decode" and not unverified:
            self._missing_algorithms(node, written, ctx)

    def _literal_key(self, call: cst.Call, written: str, ctx: Context) -> None:
        key = positional_or_keyword(call, 1, "key")
        if key is None:
            return
        secret = string_value(literal_or_bound(key, ctx))
        if secret is None or any(marker in secret for marker in _PUBLIC_KEY_MARKERS):
            return
        what = (
            "a string literal"
            if string_value(key) is not None
            else (f"`{ctx.code(key).strip()}`, bound to a string literal")
        )
        ctx.report(
            "SEC003",
            _argument_node(call, key),
            f"the key of `{written}(...)` is {what}: the secret is in the source and its "
            "history; load it from settings",
        )

    def _verification_disabled(self, call: cst.Call, written: str, ctx: Context) -> bool:
        options = keyword_argument(call, "options")
        if options is None:
            return False
        value = literal_or_bound(options, ctx)
        flag: cst.BaseExpression | None = None
        if isinstance(value, cst.Dict):
            for element in value.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == (
                    "verify_signature"
                ):
                    flag = element.value
        elif isinstance(value, cst.Call) and ctx.resolve(value.func) == "builtins.dict":
            flag = keyword_argument(value, "verify_signature")
        if not is_constant(flag, "False"):
            return False
        ctx.report(
            "SEC003",
            _argument_node(call, options),
            f'`{written}(...)` with `"verify_signature": False` accepts any token, forged or '
            "not: every claim in it is attacker-controlled",
        )
        return True

    def _missing_algorithms(self, call: cst.Call, written: str, ctx: Context) -> None:
        if any(arg.star for arg in call.args):
            return  # `**kwargs` may carry it
        algorithms = positional_or_keyword(call, 2, "algorithms")
        if algorithms is not None and not is_constant(algorithms, "None"):
            return
        ctx.report(
            "SEC003",
            call.func,
            f"`{written}(...)` without `algorithms=`: pin the accepted algorithms "
            '(`algorithms=["HS256"]`) instead of trusting the token\'s own `alg` header',
        )


def _argument_node(call: cst.Call, value: cst.BaseExpression) -> cst.CSTNode:
    """The `Arg` holding `value` (its keyword included), or the value itself."""
    return next((arg for arg in call.args if arg.value is value), value)


DETECTORS: tuple[type[Detector], ...] = (WildcardCors, JwtKeyAndVerification)

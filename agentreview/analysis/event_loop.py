"""ASYNC001-ASYNC008: blocking work on the event loop, and discarded tasks.

Every call is classified once (`blocking_call`), from the rules' `match` data, in rule order;
the first rule that claims a call owns it:
- `calls`: the callee resolves to a listed name (`requests.get`, `time.sleep`, `builtins.open`);
- `constructors` + `methods`: a method on an instance of a listed constructor. ASYNC001 claims
  only the chained form (`requests.Session().get(...)`); ASYNC006/ASYNC007 claim instances
  bound to a name in the file (`s = requests.Session(); s.get(...)`); ASYNC003 claims any path
  object (`Path(p).read_text()`, `base = Path(...); (base / "x").open()`, `p: Path`);
- ASYNC004 `names`: a method on a value of a sync ORM session type (a parameter
  `db: Session`, a `with Session(engine) as session` target).

`EventLoopCalls` reports a classified call when it runs on the loop (lexically in an
`async def`, not in a nested `def`/`lambda`), one level less severe in a lifespan. An awaited
call is never blocking. A bare reference (`run_in_threadpool(requests.get, url)`) is not a
call, so it never reaches the classifier.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from agentreview.analysis.engine import Context, Detector, lower_severity
from agentreview.analysis.resolver import all_params
from agentreview.findings import SeverityName, Suggestion
from agentreview.fixes.codemods.sleep import await_asyncio_sleep
from agentreview.fixes.model import RequiredImport
from agentreview.fixes.offer import replace_with_node, spell

BLOCKING_RULES = (
    "ASYNC001",
    "ASYNC002",
    "ASYNC003",
    "ASYNC004",
    "ASYNC005",
    "ASYNC006",
    "ASYNC007",
)
_SHARED_KEY = "event_loop.blocking"
_AWAITED_KEY = "event_loop.awaited"
_USED_SESSIONS_KEY = "event_loop.used_sessions"
_ASYNCIO = RequiredImport("asyncio")


@dataclass(frozen=True, slots=True)
class BlockingCall:
    rule_id: str
    what: str  # how the message names the call, e.g. "`requests.get()`"
    receiver: str | None = None  # the receiver's name when the call is a method on a bound name


def blocking_call(call: cst.Call, ctx: Context) -> BlockingCall | None:
    """Which ASYNC rule (if any) owns `call`, wherever it is. Memoised per call node."""
    cache: dict[int, BlockingCall | None] = ctx.shared.setdefault(_SHARED_KEY, {})
    key = id(call)
    if key not in cache:
        cache[key] = None if _is_awaited(call, ctx) else _classify(call, ctx)
    return cache[key]


def _is_awaited(call: cst.Call, ctx: Context) -> bool:
    awaited: set[int] = ctx.shared.get(_AWAITED_KEY, set())
    return id(call) in awaited


def _classify(call: cst.Call, ctx: Context) -> BlockingCall | None:
    callee = ctx.resolve(call.func)
    for rule_id in BLOCKING_RULES:
        listed = ctx.listed(rule_id, "calls")
        if listed.matches(callee):
            return BlockingCall(rule_id, f"`{_display(callee, call, ctx)}()`")
    if not isinstance(call.func, cst.Attribute):
        return None
    method = call.func.attr.value
    receiver = call.func.value
    receiver_path = ctx.resolve(receiver)
    if receiver_path is None:
        return None
    return (
        _chained_client(call, method, receiver, receiver_path, ctx)
        or _path_io(method, receiver, receiver_path, ctx)
        or _sync_session(method, receiver, receiver_path, ctx)
        or _bound_client(method, receiver, receiver_path, ctx)
    )


def _display(path: str | None, call: cst.Call, ctx: Context) -> str:
    if path is not None and not path.startswith("builtins."):
        return path
    return ctx.code(call.func)


def _instance_of(receiver_path: str, ctx: Context, rule_id: str) -> str | None:
    """The listed constructor whose instance `receiver_path` is (`requests.Session()`)."""
    if not receiver_path.endswith("()"):
        return None
    constructor = receiver_path[:-2]
    match = ctx.match(rule_id)
    if constructor in match.constructors and not ctx.listed(rule_id, "constructors").safe.matches(
        constructor
    ):
        return constructor
    return None


def _method_listed(method: str, ctx: Context, rule_id: str) -> bool:
    methods = ctx.match(rule_id).methods
    return not methods or method in methods


def _chained_client(
    call: cst.Call, method: str, receiver: cst.BaseExpression, receiver_path: str, ctx: Context
) -> BlockingCall | None:
    """ASYNC001: a request method called on a client built in the same expression."""
    if not isinstance(receiver, cst.Call):
        return None
    constructor = _instance_of(receiver_path, ctx, "ASYNC001")
    if constructor is None or not _method_listed(method, ctx, "ASYNC001"):
        return None
    return BlockingCall("ASYNC001", f"`{constructor}().{method}()`")


def _path_io(
    method: str, receiver: cst.BaseExpression, receiver_path: str, ctx: Context
) -> BlockingCall | None:
    """ASYNC003: a file method on a path object, however it was built or bound."""
    match = ctx.match("ASYNC003")
    if method not in match.methods:
        return None
    for constructor in match.constructors:
        if (
            receiver_path.startswith((constructor + "(", constructor + "."))
            and "()" in receiver_path
        ):
            if ctx.listed("ASYNC003", "constructors").safe.matches(constructor):
                return None
            return BlockingCall(
                "ASYNC003", f"`{ctx.code(receiver)}.{method}()` on a `{constructor}`"
            )
    return None


def _sync_session(
    method: str, receiver: cst.BaseExpression, receiver_path: str, ctx: Context
) -> BlockingCall | None:
    """ASYNC004: a method on a sync ORM session (never `AsyncSession`)."""
    if not receiver_path.endswith("()"):
        return None
    session_type = receiver_path[:-2]
    if not ctx.listed("ASYNC004", "names").matches(session_type):
        return None
    name = receiver.value if isinstance(receiver, cst.Name) else None
    return BlockingCall(
        "ASYNC004", f"`{ctx.code(receiver)}.{method}()` on a sync `{session_type}`", receiver=name
    )


def _bound_client(
    method: str, receiver: cst.BaseExpression, receiver_path: str, ctx: Context
) -> BlockingCall | None:
    """ASYNC006/ASYNC007: a method on a sync client or hasher bound to a name in the file.

    A method listed in `safe` as `<constructor>().<method>` does no I/O
    (`boto3.client().generate_presigned_url` signs locally) and is never flagged.
    """
    for rule_id in ("ASYNC006", "ASYNC007"):
        constructor = _instance_of(receiver_path, ctx, rule_id)
        if constructor is None or not _method_listed(method, ctx, rule_id):
            continue
        if ctx.safe(rule_id).matches(f"{constructor}().{method}"):
            return None
        if isinstance(receiver, cst.Call) and (
            _instance_of(receiver_path, ctx, "ASYNC001") or blocking_call(receiver, ctx)
        ):
            return None  # the chained form belongs to ASYNC001, or its constructor is reported
        return BlockingCall(rule_id, f"`{ctx.code(receiver)}.{method}()` on a sync `{constructor}`")
    return None


class AwaitedCalls(Detector):
    """Remembers which calls are awaited: an awaited call is not a blocking call."""

    rule_ids = BLOCKING_RULES
    visits = (cst.Await,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Await)
        if isinstance(node.expression, cst.Call):
            ctx.shared.setdefault(_AWAITED_KEY, set()).add(id(node.expression))


class EventLoopCalls(Detector):
    """ASYNC001-007: a blocking call that runs on the event loop."""

    rule_ids = BLOCKING_RULES
    visits = (cst.Call, cst.Expr)

    def __init__(self) -> None:
        self.statement_calls: set[int] = set()

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        if isinstance(node, cst.Expr):
            if isinstance(node.value, cst.Call):
                self.statement_calls.add(id(node.value))
            return
        assert isinstance(node, cst.Call)
        found = blocking_call(node, ctx)
        if found is None:
            if ctx.hunk_mode and ctx.event_loop_function() is not None:
                self._unjudged_candidate(node, ctx)
            return
        function = ctx.event_loop_function()
        if function is None:
            if ctx.fragment_nested and ctx.enclosing_function() is None:
                ctx.unjudged(found.rule_id)  # the enclosing def is outside the hunk
            return
        if found.receiver is not None:
            ctx.shared.setdefault(_USED_SESSIONS_KEY, set()).add((id(function), found.receiver))
        severity: SeverityName = ctx.rule(found.rule_id).severity.value
        where = f"`async def {function.name.value}`"
        if ctx.fastapi.is_lifespan(function):
            severity = lower_severity(severity)
            where = f"the lifespan `{function.name.value}` (one level lower: no traffic yet)"
        ctx.report(
            found.rule_id,
            node,
            f"{found.what} blocks the event loop inside {where}",
            severity=severity,
            suggestion=self._suggestion(node, found, ctx),
            async_header=function,
        )

    def _unjudged_candidate(self, call: cst.Call, ctx: Context) -> None:
        """Diff-only: an unresolved call on the loop that a binding off-hunk could make
        blocking (`sleep(1)` with its import elsewhere, `client.get()` with `client` bound
        elsewhere)."""
        for rule_id in BLOCKING_RULES:
            ctx.unresolved_candidate(rule_id, call.func, ctx.listed(rule_id, "calls"))
        func = call.func
        receiver = func.value if isinstance(func, cst.Attribute) else None
        if isinstance(receiver, cst.Name) and ctx.resolver.lookup(receiver.value) is None:
            ctx.unjudged("ASYNC006")
            if isinstance(func, cst.Attribute) and func.attr.value in ctx.match("ASYNC007").methods:
                ctx.unjudged("ASYNC007")

    def _suggestion(self, call: cst.Call, found: BlockingCall, ctx: Context) -> Suggestion | None:
        """`await asyncio.sleep(...)` for a `time.sleep(...)` statement (codemod `sleep`)."""
        if found.rule_id != "ASYNC002" or id(call) not in self.statement_calls:
            return None
        asyncio = spell(ctx, _ASYNCIO)
        if asyncio is None:
            return None
        new = await_asyncio_sleep(call, f"{asyncio.text}.sleep")
        return replace_with_node(ctx, call, new, [asyncio.needs])


class SyncSessionParameters(Detector):
    """ASYNC004 (warning): an `async def` takes a sync ORM session it never visibly uses.

    Method calls on the session are reported (as errors) by `EventLoopCalls`; a parameter
    whose use is not visible (passed on to another function) is reported once, here.
    """

    rule_ids = ("ASYNC004",)
    leaves = (cst.FunctionDef,)

    def leave(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.FunctionDef)
        if node.asynchronous is None:
            return
        used: set[tuple[int, str]] = ctx.shared.get(_USED_SESSIONS_KEY, set())
        listed = ctx.listed("ASYNC004", "names")
        for param in all_params(node.params):
            if param.annotation is None or (id(node), param.name.value) in used:
                continue
            session_type = ctx.annotation_type(param.annotation.annotation)
            if not listed.matches(session_type):
                continue
            severity: SeverityName = "warning"
            if ctx.fastapi.is_lifespan(node):
                severity = lower_severity(severity)
            ctx.report(
                "ASYNC004",
                param,
                f"`async def {node.name.value}` takes a sync `{session_type}` "
                f"(`{param.name.value}`): every query on it blocks the event loop",
                severity=severity,
                async_header=node,
            )


class DiscardedTask(Detector):
    """ASYNC008: `asyncio.create_task(...)` as a bare statement, its task never kept."""

    rule_ids = ("ASYNC008",)
    visits = (cst.Expr,)

    def visit(self, node: cst.CSTNode, ctx: Context) -> None:
        assert isinstance(node, cst.Expr)
        call = node.value
        if not isinstance(call, cst.Call):
            return
        callee = ctx.resolve(call.func)
        if not ctx.listed("ASYNC008").matches(callee):
            ctx.unresolved_candidate("ASYNC008", call.func, ctx.listed("ASYNC008"))
            return
        ctx.report(
            "ASYNC008",
            call,
            f"the task from `{callee}()` is discarded: the event loop keeps only a weak "
            "reference, so it can be garbage-collected before it finishes",
        )


DETECTORS: tuple[type[Detector], ...] = (
    AwaitedCalls,
    EventLoopCalls,
    SyncSessionParameters,
    DiscardedTask,
)

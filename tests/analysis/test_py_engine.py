"""The engine's contract: spans, severities, suggestions, rule selection, never raising."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentreview.analysis import analyse_python
from agentreview.analysis.engine import Context, Detector
from agentreview.analysis.registry import DETECTORS
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import Finding, RepoFacts


def analyse(
    code: str, catalogue: Catalogue, rule_ids: frozenset[str], **facts: bool
) -> list[Finding]:
    result = analyse_python(
        textwrap.dedent(code), "app/main.py", catalogue, rule_ids, repo_facts=RepoFacts(**facts)
    )
    assert result.parse_error is None
    return result.findings


def test_span_message_fix_and_header(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import requests
        from fastapi import APIRouter

        router = APIRouter()


        @router.get("/users/{user_id}")
        async def fetch_user(user_id: int) -> dict:
            return requests.get(f"https://api.example.com/{user_id}").json()
    """
    [finding] = analyse(code, catalogue, all_rule_ids)
    assert (finding.rule_id, finding.severity) == ("ASYNC001", "error")
    # 1-based columns; end_column is exclusive (one past the call's closing parenthesis).
    line = textwrap.dedent(code).splitlines()[finding.line - 1]
    assert line[finding.column - 1 : finding.end_column - 1] == (
        'requests.get(f"https://api.example.com/{user_id}")'
    )
    assert finding.message == "`requests.get()` blocks the event loop inside `async def fetch_user`"
    assert finding.fix == catalogue.rule("ASYNC001").fix
    assert finding.async_header_line == 9  # the `async def` line, not the decorator's
    assert finding.fingerprint == ""


def test_only_enabled_rules(catalogue) -> None:  # type: ignore[no-untyped-def]
    code = """
        import time, requests
        async def f():
            time.sleep(1)
            requests.get("u")
    """
    assert [f.rule_id for f in analyse(code, catalogue, frozenset({"ASYNC002"}))] == ["ASYNC002"]
    assert analyse(code, catalogue, frozenset()) == []


def test_disabled_rule_does_not_hand_its_call_to_another(catalogue) -> None:  # type: ignore[no-untyped-def]
    code = """
        import requests
        async def f():
            requests.Session().get("u")
    """
    assert analyse(code, catalogue, frozenset({"ASYNC006"})) == []


def test_lifespan_lowers_severity_one_level(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        import time
        from contextlib import asynccontextmanager
        from fastapi import FastAPI

        @asynccontextmanager
        async def lifespan(app: FastAPI):
            time.sleep(1)
            yield

        async def startup_hook(app):
            time.sleep(1)

        app = FastAPI(lifespan=lifespan)
    """
    findings = analyse(code, catalogue, all_rule_ids)
    assert [(f.rule_id, f.line, f.severity) for f in findings] == [
        ("ASYNC002", 8, "warning"),
        ("ASYNC002", 12, "error"),
    ]
    assert "lifespan" in findings[0].message


def test_session_parameter_is_a_warning_when_unused_and_calls_are_errors(
    catalogue, all_rule_ids
) -> None:  # type: ignore[no-untyped-def]
    code = """
        from fastapi import Depends
        from sqlalchemy.orm import Session

        async def passes_it_on(db: Session = Depends(get_db)):
            await other(db=db)

        async def queries(db: Session):
            return db.scalars(select(User)).all()
    """
    findings = analyse(code, catalogue, frozenset({"ASYNC004"}))
    assert [(f.line, f.severity) for f in findings] == [(5, "warning"), (9, "error")]
    assert "`db.scalars()` on a sync `sqlalchemy.orm.Session`" in findings[1].message


@pytest.mark.parametrize(
    ("code", "replacement"),
    [
        (
            "import asyncio, time\nasync def f():\n    time.sleep(2)\n",
            "    await asyncio.sleep(2)\n",
        ),
        (
            "import asyncio\nfrom time import sleep\nasync def f():\n    sleep(x)  # wait\n",
            "    await asyncio.sleep(x)  # wait\n",
        ),
        ("import time\nasync def f():\n    time.sleep(2)\n", None),  # asyncio not imported
        ("import asyncio, time\nasync def f():\n    x = time.sleep(2)\n", None),  # not a statement
    ],
)
def test_sleep_suggestion(code, replacement, catalogue) -> None:  # type: ignore[no-untyped-def]
    [finding] = analyse(code, catalogue, frozenset({"ASYNC002"}))
    if replacement is None:
        assert finding.suggestion is None
    else:
        assert finding.suggestion is not None
        assert finding.suggestion.start_line == finding.suggestion.end_line == finding.line
        assert finding.suggestion.replacement == replacement


@pytest.mark.parametrize(
    ("signature", "replacement"),
    [
        ("user: User = Depends(get_user)", "user: Annotated[User, Depends(get_user)]"),
        ("limit: int = Query(20, ge=1)", "limit: Annotated[int, Query(ge=1)] = 20"),
        ("q: str = Query(default='', max_length=5)", "q: Annotated[str, Query(max_length=5)] = ''"),
        ("item_id: int = Path(..., ge=1)", "item_id: Annotated[int, Path(ge=1)]"),
        ("page: int = 1, user: User = Depends(get_user)", None),  # would follow a default
        ("user=Depends(get_user)", None),  # no annotation to wrap
    ],
)
def test_annotated_suggestion(signature, replacement, catalogue) -> None:  # type: ignore[no-untyped-def]
    code = (
        "from typing import Annotated\n"
        "from fastapi import Depends, Path, Query\n"
        f"async def route({signature}) -> None:\n"
        "    pass\n"
    )
    [finding] = analyse(code, catalogue, frozenset({"DEP001"}))
    if replacement is None:
        assert finding.suggestion is None
    else:
        assert finding.suggestion is not None
        assert finding.suggestion.replacement == f"async def route({replacement}) -> None:\n"


def test_annotated_suggestion_needs_the_import(catalogue) -> None:  # type: ignore[no-untyped-def]
    code = (
        "from fastapi import Depends\nasync def route(user: User = Depends(get_user)):\n    pass\n"
    )
    [finding] = analyse(code, catalogue, frozenset({"DEP001"}))
    assert finding.suggestion is None


def test_add_task_suggestion(catalogue) -> None:  # type: ignore[no-untyped-def]
    code = """
        from fastapi import BackgroundTasks
        async def route(tasks: BackgroundTasks):
            tasks.add_task(send_email(user.email, subject="hi"))
    """
    [finding] = analyse(code, catalogue, frozenset({"API004"}))
    assert finding.suggestion is not None
    assert (
        finding.suggestion.replacement
        == '    tasks.add_task(send_email, user.email, subject="hi")\n'
    )


def test_async_fixture_suggestion_and_repo_facts(catalogue) -> None:  # type: ignore[no-untyped-def]
    code = """
        import pytest
        import pytest_asyncio

        @pytest.fixture(scope="session")
        async def client():
            return 1
    """
    [finding] = analyse(code, catalogue, frozenset({"TEST003"}))
    assert finding.suggestion is not None
    assert finding.suggestion.replacement == '@pytest_asyncio.fixture(scope="session")\n'
    assert analyse(code, catalogue, frozenset({"TEST003"}), async_fixtures_auto=True) == []


@pytest.mark.parametrize(
    "source",
    [
        "def f(:\n    pass\n",
        "x = (\n",
        "async def f():\n\tif x:\n        pass\n",
        "\x00",
        "print 'python 2'\n",
    ],
)
def test_parse_errors_are_one_line_with_a_line_number(source, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python(source, "app/x.py", catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.findings == []
    assert result.parse_error is not None
    assert result.parse_error.startswith("line ")
    assert "\n" not in result.parse_error


@pytest.mark.parametrize(
    "source",
    [
        "x = " + "(" * 500 + "1" + ")" * 500 + "\n",
        "x = " + "[" * 3000 + "]" * 3000 + "\n",
        "".join("    " * depth + f"async def f{depth}():\n" for depth in range(120))
        + "    " * 120
        + "time.sleep(1)\n",
        "x = '" + "a" * 2_000_000 + "'\n",
        "x = " + " + ".join(["1"] * 5000) + "\n",
        "async def f():\r\n\ttime.sleep(1)\r\n",
        "\ufeffimport time\n",
        "",
    ],
    ids=[
        "parens",
        "brackets",
        "deep-defs",
        "huge-literal",
        "long-chain",
        "crlf-tabs",
        "bom",
        "empty",
    ],
)
def test_pathological_input_never_raises(source, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = analyse_python(source, "app/x.py", catalogue, all_rule_ids, repo_facts=RepoFacts())
    assert result.parse_error is None or result.parse_error.startswith("line ")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "import time",
                "from time import sleep",
                "async def f(x=Depends(g)):",
                "def g():",
                "    time.sleep(1)",
                "    sleep(1)",
                "        requests.get(u)",
                "    return x",
                "@app.get('/')",
                "class C:",
                "    try:",
                "    except Exception:",
                "        pass",
                "lambda: time.sleep(1)",
                "    yield",
                "(",
                ")",
                "    x = [y for y in z]",
                "\tasync def h():",
                "    global sleep",
                "    nonlocal z",
            ]
        ),
        max_size=25,
    )
)
def test_fuzzed_fragments_never_raise(lines: list[str], catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    source = "\n".join(lines) + "\n"
    analyse_python(source, "app/x.py", catalogue, all_rule_ids, repo_facts=RepoFacts())


def test_detectors_declare_rules_of_the_catalogue(catalogue) -> None:  # type: ignore[no-untyped-def]
    known = {rule.id for rule in catalogue.rules}
    for detector in DETECTORS:
        assert detector.rule_ids, detector.__name__
        assert set(detector.rule_ids) <= known, detector.__name__
        assert detector.visits or detector.leaves, detector.__name__


def test_a_detector_is_extension_only(catalogue) -> None:  # type: ignore[no-untyped-def]
    """The documented extension path: subclass, declare node types, report through ctx."""
    import libcst as cst

    from agentreview.analysis.engine import EngineInput, run

    class PrintAnywhere(Detector):
        rule_ids = ("LINT003",)
        visits = (cst.Call,)

        def visit(self, node: cst.CSTNode, ctx: Context) -> None:
            assert isinstance(node, cst.Call)
            if ctx.listed("LINT003").matches(ctx.resolve(node.func)):
                ctx.report("LINT003", node, "print")

    source = "def f():\n    print(1)\nprint = 2\n"
    module = cst.parse_module(source)
    job = EngineInput(module, source, "x.py", catalogue, frozenset({"LINT003"}), RepoFacts())
    assert [f.line for f in run(job, [PrintAnywhere]).findings] == []  # `print` is rebound
    source = "def f():\n    print(1)\n"
    job = EngineInput(
        cst.parse_module(source), source, "x.py", catalogue, frozenset({"LINT003"}), RepoFacts()
    )
    assert [f.line for f in run(job, [PrintAnywhere]).findings] == [2]


def test_walk_can_be_restricted_to_some_top_level_statements(catalogue) -> None:  # type: ignore[no-untyped-def]
    import libcst as cst

    from agentreview.analysis.engine import EngineInput, run

    source = "import time\nasync def a():\n    time.sleep(1)\nasync def b():\n    time.sleep(2)\n"
    module = cst.parse_module(source)
    rules = frozenset({"ASYNC002"})
    whole = run(EngineInput(module, source, "x.py", catalogue, rules, RepoFacts()), DETECTORS)
    assert [f.line for f in whole.findings] == [3, 5]
    only_b = EngineInput(
        module, source, "x.py", catalogue, rules, RepoFacts(), statements=frozenset({2})
    )
    # `time` still resolves: the import is a module-level fact, collected for the whole file.
    assert [f.line for f in run(only_b, DETECTORS).findings] == [5]


def test_broad_except_returning_a_server_error_is_info(catalogue) -> None:  # type: ignore[no-untyped-def]
    code = """
        from fastapi import FastAPI
        from fastapi.responses import JSONResponse
        app = FastAPI()

        @app.get("/")
        async def route():
            try:
                return await work()
            except Exception:
                return JSONResponse(status_code=503, content={})

        @app.get("/other")
        async def other():
            try:
                return await work()
            except Exception as exc:
                return {"error": str(exc)}
    """
    findings = analyse(code, catalogue, frozenset({"API001"}))
    assert [(f.line, f.severity, f.column, f.end_column) for f in findings] == [
        (10, "info", 5, 21),
        (17, "error", 5, 21),
    ]


def test_traversal_follows_source_order_and_skips_formatting() -> None:
    import libcst as cst

    from agentreview.analysis.traversal import iter_subtree

    module = cst.parse_module("@d\ndef f(a=1) -> int:\n    return (a + 2)  # c\n")
    names = [type(node).__name__ for node in iter_subtree(module)]
    assert names.index("Decorator") < names.index("Parameters") < names.index("Return")
    assert not {"SimpleWhitespace", "Comment", "LeftParen", "Newline", "Add"} & set(names)
    shallow = [type(n).__name__ for n in iter_subtree(module.body[0], stop_at=(cst.FunctionDef,))]
    assert "Return" in shallow  # the root itself is always entered


_CASE_LINES = [
    line
    for path in sorted((Path(__file__).parent / "cases").glob("*.py"))
    for line in path.read_text().splitlines()
]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(st.integers(min_value=0, max_value=len(_CASE_LINES) - 1), max_size=40),
    shift=st.sampled_from(["", "    ", "\t"]),
)
def test_mangled_case_files_never_raise(picks, shift, catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    """Random line selections of the case files: half-statements, orphan bodies, stray dedents."""
    from agentreview.analysis import analyse_python_hunks

    lines = [shift + _CASE_LINES[index] for index in picks]
    result = analyse_python(
        "\n".join(lines) + "\n", "app/x.py", catalogue, all_rule_ids, repo_facts=RepoFacts()
    )
    assert result.parse_error is None or not result.parse_error.startswith("internal error")
    hunks = [list(enumerate(lines, start=1)), list(enumerate(lines[::-1], start=100))]
    analyse_python_hunks(hunks, "app/x.py", catalogue, all_rule_ids, repo_facts=RepoFacts())

"""Diff-only analysis: what the hunks show is judged; what they cannot show is `unjudged`."""

from __future__ import annotations

import textwrap

from agentreview.analysis import analyse_python_hunks
from agentreview.catalogue.compiled import Catalogue
from agentreview.findings import RepoFacts


def hunk(first_line: int, text: str) -> list[tuple[int, str]]:
    lines = textwrap.dedent(text).strip("\n").splitlines()
    return [(first_line + offset, line) for offset, line in enumerate(lines)]


def review(hunks: list[list[tuple[int, str]]], catalogue: Catalogue, rule_ids: frozenset[str]):  # type: ignore[no-untyped-def]
    return analyse_python_hunks(hunks, "app/routes.py", catalogue, rule_ids, repo_facts=RepoFacts())


def test_event_loop_rule_with_visible_async_header(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    body = """
        import time
        import asyncio
    """
    route = """
        async def fetch(user_id: int) -> None:
            time.sleep(1)
            return None
    """
    result = review([hunk(1, body), hunk(30, route)], catalogue, all_rule_ids)
    assert [(f.rule_id, f.line, f.column, f.async_header_line) for f in result.findings] == [
        ("ASYNC002", 31, 5, 30)
    ]
    # `import asyncio` is visible, so the one-line rewrite is offered.
    suggestion = result.findings[0].suggestion
    assert suggestion is not None
    assert (suggestion.start_line, suggestion.replacement) == (31, "    await asyncio.sleep(1)\n")


def test_indented_hunk_keeps_columns_and_indentation(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    method = [
        (10, "    async def fetch(self) -> None:"),
        (11, '        requests.get("https://example.com")'),
    ]
    result = review([method], catalogue, all_rule_ids)
    assert [(f.rule_id, f.line, f.column) for f in result.findings] == [("ASYNC001", 11, 9)]


def test_body_without_its_header_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    body = [
        (50, '        subprocess.run(["ls"])'),
        (51, "        value = 1"),
        (52, "    return value"),
    ]
    result = review([body], catalogue, all_rule_ids)
    assert result.findings == []
    assert "ASYNC005" in result.unjudged


def test_sync_def_is_not_the_event_loop(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = review([hunk(5, "def f():\n    time.sleep(1)\n")], catalogue, all_rule_ids)
    assert result.findings == []
    assert "ASYNC002" not in result.unjudged


def test_bare_name_with_import_off_hunk_is_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = review([hunk(5, "async def f():\n    sleep(1)\n")], catalogue, all_rule_ids)
    assert result.findings == []
    assert "ASYNC002" in result.unjudged


def test_visible_from_import_resolves_a_bare_name(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunks = [hunk(1, "from time import sleep"), hunk(5, "async def f():\n    sleep(1)\n")]
    result = review(hunks, catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in result.findings] == [("ASYNC002", 6)]


def test_decorator_and_keywords(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from fastapi import APIRouter, Depends, FastAPI
        app = FastAPI(on_startup=[warm_up])

        @app.on_event("shutdown")
        async def close() -> None:
            asyncio.create_task(flush())
    """
    result = review([hunk(1, code)], catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in result.findings] == [
        ("API003", 2),
        ("API003", 4),
        ("ASYNC008", 6),
    ]


def test_unconfirmed_router_is_unjudged_not_guessed(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        @app.on_event("startup")
        async def start() -> None:
            print("starting")
    """
    result = review([hunk(20, code)], catalogue, all_rule_ids)
    assert result.findings == []
    assert "API003" in result.unjudged


def test_hunk_cut_mid_statement_still_judges_the_rest(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = [
        (40, "        timeout=5,"),
        (41, "    )"),
        (42, "async def later() -> None:"),
        (43, "    time.sleep(2)"),
    ]
    result = review([code], catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in result.findings] == [("ASYNC002", 43)]


def test_hunk_ending_in_a_header_gets_a_body(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    code = """
        from fastapi import Depends
        def route(user = Depends(get_user)):
    """
    result = review([hunk(1, code)], catalogue, all_rule_ids)
    assert [(f.rule_id, f.line) for f in result.findings] == [("DEP001", 2)]


def test_whole_file_rules_are_listed_unjudged(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    result = review([hunk(1, "x = 1")], catalogue, all_rule_ids)
    assert "DEP004" in result.unjudged
    narrow = review([hunk(1, "x = 1")], catalogue, frozenset({"ASYNC002"}))
    assert narrow.unjudged == []


def test_only_enabled_rules_are_reported(catalogue) -> None:  # type: ignore[no-untyped-def]
    code = "async def f():\n    time.sleep(1)\n    requests.get('u')\n"
    result = review([hunk(1, code)], catalogue, frozenset({"ASYNC001"}))
    assert [f.rule_id for f in result.findings] == ["ASYNC001"]


def test_garbage_never_raises(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    hunks = [
        hunk(1, "def broken(:\n    pass"),
        hunk(9, '"""unterminated'),
        hunk(20, "\tasync def f():\n\t\ttime.sleep(1)\n  mixed = 1"),
        [],
        [(99, "")],
    ]
    result = review(hunks, catalogue, all_rule_ids)
    assert all(f.rule_id == "ASYNC002" for f in result.findings)


def test_client_bound_off_hunk_is_unjudged_but_a_parameter_is_not(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    off_hunk = review(
        [hunk(5, "async def f():\n    s3.put_object(Bucket='b')\n")], catalogue, all_rule_ids
    )
    assert off_hunk.findings == []
    assert "ASYNC006" in off_hunk.unjudged
    parameter = review(
        [hunk(5, "async def f(s3):\n    s3.put_object(Bucket='b')\n")], catalogue, all_rule_ids
    )
    assert "ASYNC006" not in parameter.unjudged
    visible = review(
        [
            hunk(
                1,
                "import boto3\ns3 = boto3.client('s3')\nasync def f():\n    s3.put_object(Bucket='b')\n",
            )
        ],
        catalogue,
        all_rule_ids,
    )
    assert [(f.rule_id, f.line) for f in visible.findings] == [("ASYNC006", 4)]


def test_a_large_hunk_of_non_python_stays_cheap(catalogue, all_rule_ids) -> None:  # type: ignore[no-untyped-def]
    import time

    lines = [(number, f"print 'python {number}' ,,") for number in range(1, 1501)]
    started = time.perf_counter()
    result = review([lines], catalogue, all_rule_ids)
    assert result.findings == []
    assert time.perf_counter() - started < 30

"""The name resolver: imports and aliases, shadowing, conflicting bindings, Python scoping."""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from agentreview.analysis.facts import collect_module_facts
from agentreview.analysis.resolver import Resolver, ScopeKind


class _Probe(cst.CSTVisitor):
    """Walks like the engine and resolves the argument of every `probe(...)` call."""

    def __init__(self, resolver: Resolver) -> None:
        super().__init__()
        self.resolver = resolver
        self.results: list[str | None] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.ListComp | cst.GeneratorExp | cst.SetComp | cst.DictComp):
            self.resolver.push(ScopeKind.COMPREHENSION, node)
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Name)
            and node.func.value == "probe"
        ):
            self.results.append(self.resolver.resolve(node.args[0].value))
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if isinstance(original_node, cst.ListComp | cst.GeneratorExp | cst.SetComp | cst.DictComp):
            self.resolver.pop()

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        kinds = {
            cst.FunctionDef: ScopeKind.FUNCTION,
            cst.Lambda: ScopeKind.LAMBDA,
            cst.ClassDef: ScopeKind.CLASS,
        }
        if attribute == "body" and type(node) in kinds:
            self.resolver.push(kinds[type(node)], node)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        if attribute == "body" and isinstance(
            original_node, cst.FunctionDef | cst.Lambda | cst.ClassDef
        ):
            self.resolver.pop()


def resolve_probes(code: str, path: str = "app/api/users.py") -> list[str | None]:
    source = textwrap.dedent(code)
    module = cst.parse_module(source)
    facts = collect_module_facts(module, source)
    resolver = Resolver(
        module,
        facts.bindings,
        path=path,
        star_imports=bool(facts.star_imports),
        follow_walrus=facts.follow_walrus,
    )
    probe = _Probe(resolver)
    module.visit(probe)
    return probe.results


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("import requests as r\nprobe(r.get)", "requests.get"),
        ("from time import sleep\nprobe(sleep)", "time.sleep"),
        ("from time import sleep as nap\nprobe(nap)", "time.sleep"),
        ("import urllib.request\nprobe(urllib.request.urlopen)", "urllib.request.urlopen"),
        ("import os.path as osp\nprobe(osp.join)", "os.path.join"),
        ("probe(open)", "builtins.open"),
        ("import requests\nprobe(requests.Session().get)", "requests.Session().get"),
        ("import requests\ns = requests.Session()\nprobe(s.get)", "requests.Session().get"),
        (
            "from pathlib import Path\nbase = Path('.')\nprobe((base / 'x').open)",
            "pathlib.Path().open",
        ),
        ("from fastapi.routing import APIRouter\nprobe(APIRouter)", "fastapi.APIRouter"),
        ("def helper(): ...\nprobe(helper)", "<file>.helper"),
        ("probe(undefined_name)", None),
        ("probe(1 + 2)", None),
    ],
)
def test_module_level_names(code: str, expected: str | None) -> None:
    assert resolve_probes(code) == [expected]


def test_relative_imports_resolve_against_the_file_path() -> None:
    code = """
        from . import service
        from ..db import get_db
        from .models import User as U
        probe(service.run)
        probe(get_db)
        probe(U)
    """
    assert resolve_probes(code, path="app/api/users.py") == [
        "app.api.service.run",
        "app.db.get_db",
        "app.api.models.User",
    ]


def test_relative_import_in_a_package_init() -> None:
    assert resolve_probes("from .db import engine\nprobe(engine)", path="app/__init__.py") == [
        "app.db.engine"
    ]


def test_module_rebinding_to_another_name_follows_the_value() -> None:
    code = """
        import asyncio
        import time
        pause = time.sleep
        sleep = asyncio.sleep
        probe(pause)
        probe(sleep)
    """
    assert resolve_probes(code) == ["time.sleep", "asyncio.sleep"]


def test_conflicting_module_bindings_do_not_resolve() -> None:
    code = """
        try:
            import ujson as json
        except ImportError:
            import json
        import requests
        requests = None
        probe(json.loads)
        probe(requests.get)
    """
    assert resolve_probes(code) == [None, None]


def test_agreeing_bindings_resolve() -> None:
    code = """
        import sys
        if sys.version_info >= (3, 11):
            from time import sleep
        else:
            from time import sleep
        probe(sleep)
    """
    assert resolve_probes(code) == ["time.sleep"]


def test_parameters_and_locals_shadow_module_names() -> None:
    code = """
        import requests
        from time import sleep
        import asyncio

        async def by_parameter(requests):
            probe(requests.get)

        async def by_assignment():
            probe(requests.get)
            requests = FakeClient()

        async def by_local_alias():
            sleep = asyncio.sleep
            probe(sleep)

        async def by_for_target(items):
            for requests in items:
                probe(requests.get)

        async def by_with_target():
            with make() as requests:
                probe(requests.get)

        async def by_except_target():
            try:
                pass
            except Exception as requests:
                probe(requests.get)

        async def by_nested_def():
            def sleep(): ...
            probe(sleep)

        async def by_local_import():
            from asyncio import sleep
            probe(sleep)

        async def not_shadowed():
            probe(requests.get)
    """
    assert resolve_probes(code) == [
        None,
        None,
        "asyncio.sleep",
        None,
        None,
        None,
        "<local>.sleep",
        "asyncio.sleep",
        "requests.get",
    ]


def test_function_local_conflicting_bindings_do_not_resolve() -> None:
    code = """
        import asyncio
        import time

        async def f(flag):
            if flag:
                nap = time.sleep
            else:
                nap = asyncio.sleep
            probe(nap)

        async def g():
            nap = time.sleep
            nap = time.sleep
            probe(nap)
    """
    assert resolve_probes(code) == [None, "time.sleep"]


def test_global_declaration_reads_the_module_binding() -> None:
    code = """
        from time import sleep

        def f():
            global sleep
            probe(sleep)

        def g():
            sleep = 1

            def inner():
                nonlocal sleep
                probe(sleep)
    """
    assert resolve_probes(code) == ["time.sleep", None]


def test_annotations_give_instances() -> None:
    code = """
        from typing import Annotated, Optional
        from pathlib import Path
        from fastapi import Depends
        from sqlalchemy.orm import Session

        SessionDep = Annotated[Session, Depends(get_db)]

        async def f(p: Path, db: SessionDep, maybe: Optional[Path], other: Path | None, raw):
            probe(p.read_text)
            probe(db.query)
            probe(maybe)
            probe(other)
            probe(raw)
    """
    assert resolve_probes(code) == [
        "pathlib.Path().read_text",
        "sqlalchemy.orm.Session().query",
        "pathlib.Path()",
        "pathlib.Path()",
        None,
    ]


def test_class_bodies_are_invisible_to_methods() -> None:
    code = """
        import requests

        class FakeRequests: ...

        class Client:
            requests = FakeRequests()
            probe(requests.get)

            def fetch(self):
                probe(requests.get)
    """
    assert resolve_probes(code) == ["<file>.FakeRequests().get", "requests.get"]


def test_comprehension_variables_are_local_to_the_comprehension() -> None:
    code = """
        import requests

        async def f(urls):
            [probe(requests) for requests in urls]
            probe(requests.get)
    """
    assert resolve_probes(code) == [None, "requests.get"]


def test_lambda_parameters_shadow() -> None:
    code = """
        import requests
        handler = lambda requests: probe(requests.get)
        other = lambda: probe(requests.get)
    """
    assert resolve_probes(code) == [None, "requests.get"]


def test_walrus_binds_in_the_enclosing_function() -> None:
    code = """
        import asyncio
        from time import sleep

        async def f():
            if (sleep := asyncio.sleep):
                probe(sleep)
    """
    assert resolve_probes(code) == [None]


def test_star_import_disables_builtin_fallback() -> None:
    assert resolve_probes("from os import *\nprobe(open)") == [None]


def test_self_referential_bindings_terminate() -> None:
    code = """
        a = b
        b = a
        probe(a)

        def f():
            x = x.y
            probe(x)
    """
    assert resolve_probes(code) == [None, None]

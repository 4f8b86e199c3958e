"""Focused analysis (`focus.py`) reports, on the changed lines, exactly what a whole-file
analysis reports there: same rules, positions, messages, severities and suggestions.

Differential: every case file under `cases/` and every Python snippet of the catalogue, with
every single-line change, runs of consecutive lines, and pairs of distant lines. Then the
whole-file facts the rules need, each in a file large enough that focusing leaves most of it
out: a dependency defined far from its route, a model class far from its use, a lifespan
registered far below, a function that is a dependency because a route says so.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator
from pathlib import Path

import libcst as cst
import pytest

from agentreview.analysis import analyse_python
from agentreview.analysis.focus import focus
from agentreview.analysis.layout import physical_lines, top_level_layout
from agentreview.catalogue.compiled import Catalogue, load_compiled_catalogue
from agentreview.catalogue.enums import SnippetLanguage
from agentreview.findings import Finding, RepoFacts

CASES = Path(__file__).parent / "cases"
_PATH = re.compile(r"^#\s*case-path:\s*(\S+)", re.MULTILINE)
_FACTS = re.compile(r"^#\s*case-repo-facts:\s*(.+)$", re.MULTILINE)


def _case(path: Path) -> tuple[str, str, RepoFacts]:
    source = path.read_text()
    named = _PATH.search(source)
    flags = _FACTS.search(source)
    facts = RepoFacts(
        async_fixtures_auto=bool(flags and "async_fixtures_auto" in flags.group(1).split())
    )
    return source, named.group(1) if named else f"app/{path.name}", facts


def _snippets() -> list[tuple[str, str]]:
    catalogue = load_compiled_catalogue()
    return [
        (f"{rule.id}-{kind}{index}", code)
        for rule in catalogue.rules
        if rule.lang is SnippetLanguage.python
        for kind in ("dont", "do")
        for index, code in enumerate(getattr(rule, kind))
    ]


def _changes(source: str) -> Iterator[frozenset[int]]:
    """Every single line; runs of three lines; the first and last line together."""
    count = len(source.splitlines())
    for line in range(1, count + 1):
        yield frozenset({line})
    for start in range(1, count + 1, 3):
        yield frozenset(range(start, min(start + 3, count + 1)))
    if count > 2:
        yield frozenset({1, count})
        yield frozenset({count // 3, 2 * count // 3})


def _on(findings: list[Finding], changed: Collection[int]) -> list[Finding]:
    """What the review pipeline may report for a change to `changed` (`introduced`)."""
    return sorted(
        (
            finding
            for finding in findings
            if any(line in changed for line in range(finding.line, finding.end_line + 1))
            or finding.async_header_line in changed
        ),
        key=lambda f: (f.line, f.column, f.rule_id, f.end_line, f.end_column, f.message),
    )


def _focuses(source: str, changed: Collection[int]) -> bool:
    lines = physical_lines(source)
    layout = top_level_layout(ast.parse(source), lines)
    return layout is not None and focus(source, lines, layout, changed) is not None


def _compare(
    source: str, path: str, facts: RepoFacts, catalogue: Catalogue, rule_ids: frozenset[str]
) -> tuple[int, int]:
    """Asserts equal findings for every change; returns (changes, changes that focused)."""
    whole = analyse_python(source, path, catalogue, rule_ids, repo_facts=facts)
    assert whole.parse_error is None
    checked = focused = 0
    for changed in _changes(source):
        part = analyse_python(
            source, path, catalogue, rule_ids, repo_facts=facts, changed_lines=changed
        )
        assert part.parse_error is None
        assert _on(part.findings, changed) == _on(whole.findings, changed), sorted(changed)
        checked += 1
        focused += _focuses(source, changed)
    return checked, focused


CASE_FILES = sorted(CASES.glob("*.py"))


@pytest.mark.parametrize("case", CASE_FILES, ids=[path.stem for path in CASE_FILES])
def test_case_file_focused_equals_whole(
    case: Path, catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    source, path, facts = _case(case)
    checked, _ = _compare(source, path, facts, catalogue, all_rule_ids)
    assert checked >= len(source.splitlines())


SNIPPETS = _snippets()


def test_there_are_snippets() -> None:
    assert len(SNIPPETS) >= 50


@pytest.mark.parametrize(("name", "code"), SNIPPETS, ids=[name for name, _ in SNIPPETS])
def test_snippet_focused_equals_whole(
    name: str, code: str, catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    del name
    _compare(code, "app/module.py", RepoFacts(), catalogue, all_rule_ids)


def test_most_case_changes_are_focused() -> None:
    checked = focused = 0
    for case in CASE_FILES:
        source = case.read_text()
        for changed in _changes(source):
            checked += 1
            focused += _focuses(source, changed)
    assert focused > checked // 2, (focused, checked)


# --- whole-file facts, far from the changed line -------------------------------------------

_FILLER = "\n\n".join(
    f"def helper_{index}(values: list[int]) -> int:\n"
    f"    total = sum(value * {index} for value in values)\n"
    f"    return total if total > {index} else -total\n"
    for index in range(40)
)


def _far_apart(*parts: str) -> str:
    return "\n\n".join(part.strip("\n") + "\n" for part in (*parts[:1], _FILLER, *parts[1:]))


def _line_of(source: str, text: str) -> int:
    return next(n for n, line in enumerate(source.splitlines(), 1) if text in line)


def _findings_on_line(
    source: str, line: int, catalogue: Catalogue, rule_ids: frozenset[str]
) -> tuple[list[Finding], list[Finding]]:
    changed = frozenset({line})
    lines = physical_lines(source)
    layout = top_level_layout(ast.parse(source), lines)
    assert layout is not None
    focused = focus(source, lines, layout, changed)
    assert focused is not None and focused.kept_lines < len(lines) // 2, "nothing left out"
    whole = analyse_python(source, "app/routes.py", catalogue, rule_ids, repo_facts=RepoFacts())
    part = analyse_python(
        source, "app/routes.py", catalogue, rule_ids, repo_facts=RepoFacts(), changed_lines=changed
    )
    return _on(part.findings, changed), _on(whole.findings, changed)


def _rules(found: list[Finding]) -> list[str]:
    return [finding.rule_id for finding in found]


def test_a_yield_dependency_defined_far_from_the_route(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    source = _far_apart(
        """
from typing import Annotated

from fastapi import BackgroundTasks, Depends, FastAPI
from sqlalchemy.orm import Session

from app.database import SessionLocal

app = FastAPI()


def get_db():
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()
""",
        """
def audit(db: Session, user_id: int) -> None:
    db.add(user_id)


@app.post("/users/{user_id}")
async def touch(
    user_id: int, tasks: BackgroundTasks, db: Annotated[Session, Depends(get_db)]
) -> None:
    tasks.add_task(audit, db, user_id)
""",
    )
    found, expected = _findings_on_line(
        source, _line_of(source, "tasks.add_task"), catalogue, all_rule_ids
    )
    assert found == expected
    assert "DEP005" in _rules(found)


def test_a_model_class_defined_far_from_its_use(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    source = _far_apart(
        """
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Base(BaseModel):
    name: str


class UserUpdate(Base):
    email: str | None = None
""",
        """
@app.patch("/users/{user_id}")
async def update(user_id: int, payload: UserUpdate) -> dict[str, object]:
    return payload.dict(exclude_unset=True)
""",
    )
    found, expected = _findings_on_line(
        source, _line_of(source, "payload.dict("), catalogue, all_rule_ids
    )
    assert found == expected
    assert "PYD004" in _rules(found)


def test_create_all_in_a_lifespan_registered_far_below(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    source = _far_apart(
        """
from fastapi import FastAPI

from app.database import Base, engine


async def lifespan(app: FastAPI):
    Base.metadata.create_all(engine)
    yield
""",
        """
app = FastAPI(lifespan=lifespan)
""",
    )
    found, expected = _findings_on_line(
        source, _line_of(source, "create_all"), catalogue, all_rule_ids
    )
    assert found == expected
    assert "DB007" in _rules(found)


def test_a_function_is_a_dependency_because_a_route_far_below_says_so(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    source = _far_apart(
        """
from fastapi import Depends, FastAPI

app = FastAPI()


def pagination(page: int = 1, size: int = 20) -> dict[str, int]:
    return {"offset": (page - 1) * size, "limit": size}
""",
        """
@app.get("/items")
async def items(page: dict[str, int] = Depends(pagination)) -> dict[str, int]:
    return page
""",
    )
    found, expected = _findings_on_line(
        source, _line_of(source, "def pagination"), catalogue, all_rule_ids
    )
    assert found == expected
    assert "DEP004" in _rules(found)


def test_a_change_to_comments_only_analyses_nothing(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    source = _far_apart("import time\n\n# a note\n", "async def f():\n    time.sleep(1)\n")
    result = analyse_python(
        source,
        "app/x.py",
        catalogue,
        all_rule_ids,
        repo_facts=RepoFacts(),
        changed_lines={_line_of(source, "# a note")},
    )
    assert result.parse_error is None and result.findings == []


def test_the_focused_module_keeps_the_file_indentation(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    # The first indented block (two spaces) is left out; the changed route uses four.
    source = _far_apart(
        "import time\nfrom typing import Optional\n\n\ndef first(x):\n  return x\n",
        "async def route(item: Optional[int] = None):\n    if item:\n"
        "        time.sleep(1)  \n    return item\n",
    )
    for text in ("time.sleep", "Optional[int]"):
        found, expected = _findings_on_line(source, _line_of(source, text), catalogue, all_rule_ids)
        assert found == expected and found


def test_a_builtin_shadowed_far_away_still_counts(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    # LINT002's rewrite names `list`: a module-level `def list` elsewhere changes the
    # suggestion, though the changed line never mentions it.
    source = _far_apart(
        "from typing import List\n\n\ndef list(*items):\n    return [*items]\n",
        "def grand_sum(values: List[int]) -> int:\n    return sum(values)\n",
    )
    found, expected = _findings_on_line(
        source, _line_of(source, "def grand_sum"), catalogue, all_rule_ids
    )
    assert found == expected
    assert _rules(found) == ["LINT002"]
    plain = source.replace("def list(*items):\n    return [*items]\n", "")
    unshadowed, _ = _findings_on_line(
        plain, _line_of(plain, "def grand_sum"), catalogue, all_rule_ids
    )
    assert [f.suggestion is None for f in unshadowed] != [f.suggestion is None for f in found]


def test_a_dependency_defined_in_a_block_is_judged_with_its_users(
    catalogue: Catalogue, all_rule_ids: frozenset[str]
) -> None:
    source = _far_apart(
        """
from fastapi import Depends, FastAPI

app = FastAPI()

try:
    import orjson
except ImportError:
    orjson = None

    def pagination(page: int = 1) -> dict[str, int]:
        return {"offset": page}
""",
        """
@app.get("/items")
async def items(page: dict[str, int] = Depends(pagination)) -> dict[str, int]:
    return page
""",
    )
    found, expected = _findings_on_line(
        source, _line_of(source, "def pagination"), catalogue, all_rule_ids
    )
    assert found == expected


@pytest.mark.parametrize(
    "head",
    [
        "def first(x):\n\treturn x\n",  # a tab
        "def first(x):\n  return x\n",  # two spaces, the rest of the file four
        "if x: y = 1\nelse:\n   y = 2\n",  # the first block is an `else`, three spaces
        "x = 1\n",  # no block before the changed one
    ],
    ids=["tab", "two-spaces", "else-block", "none-before"],
)
def test_the_focused_module_indents_as_the_file_does(head: str) -> None:
    source = _far_apart(head, "async def late(item):\n    if item:\n        return item\n")
    lines = physical_lines(source)
    layout = top_level_layout(ast.parse(source), lines)
    assert layout is not None
    focused = focus(source, lines, layout, {_line_of(source, "return item")})
    assert focused is not None
    assert (
        cst.parse_module(focused.source).default_indent == cst.parse_module(source).default_indent
    )

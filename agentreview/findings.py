"""What the reviewer reports: one `Finding` per problem, in the shape of the JSON contract.

Plain dataclasses on purpose: reporters and the CLI use them without importing pydantic
or libcst.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SeverityName = Literal["error", "warning", "info"]

SEVERITY_RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A mechanical fix: replace whole post-change lines start_line..end_line (1-based, inclusive).

    `replacement` is the new text of those lines, each ending in a newline.
    """

    start_line: int
    end_line: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: SeverityName
    path: str  # post-change path relative to the repository root
    line: int  # 1-based, in the post-change file
    column: int  # 1-based
    end_line: int
    end_column: int
    message: str  # specific to the code: names the call, the class, the package
    fix: str  # the catalogue's fix text
    suggestion: Suggestion | None = None
    fingerprint: str = ""  # filled in by the review pipeline
    # The line of the enclosing `async def` header when the finding depends on being on the
    # event loop (ASYNC rules). A diff that turns `def` into `async def` introduces such a
    # finding even though the call's own line is unchanged. Not part of the JSON output.
    async_header_line: int | None = None

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self.severity]

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.rule_id)


@dataclass(frozen=True, slots=True)
class RepoFacts:
    """What the review pipeline learnt about the repository, for rules that depend on it."""

    # pytest-asyncio's `asyncio_mode = "auto"` (or anyio's plugin) is configured, so a plain
    # `@pytest.fixture` on an `async def` is fine (TEST003).
    async_fixtures_auto: bool = False
    # Top-level module names that belong to the repository itself (a local `databases`
    # package is not encode/databases, DB001).
    first_party: frozenset[str] = frozenset()
    # Pydantic v2 models that the change's own Python files define (files whose whole text is
    # known), by module-qualified name (`app.users.schemas.UserUpdate`; a `src/` layout adds
    # the name without `src.` too), so that a model imported from another changed file is
    # evidence for PYD003-PYD005 (see `model_facts.py`).
    pydantic_models: frozenset[str] = frozenset()
    # Those of them derived from `pydantic_settings.BaseSettings`.
    pydantic_settings_models: frozenset[str] = frozenset()
    # `Model.method` for each PYD004 method name such a model defines itself (or inherits from
    # a class of the change): calling it is not the deprecated v1 API.
    pydantic_model_methods: frozenset[str] = frozenset()

"""The render targets: which files each writes, with which template, under which limits.

This manifest is the only place that knows about individual agents. The rendering path
(`engine.py`) reads it and treats every target alike; the templates in `renderers/` hold
each format's frontmatter.

Limits come from /work/shared/research/render-targets.md (§2, §3). Where a vendor documents
no limit, none is enforced: packing only ever happens to respect a documented number.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from agentreview.catalogue.enums import Scope

SKILL_NAME = "fastapi-best-practices"

# Which files a category's scope concerns. Each list starts with a pattern that does not
# begin with `*`: Cursor and Windsurf read `globs` as a bare comma-joined string (a quoted
# value keeps its quotes and matches nothing), and a bare value starting with `*` is a YAML
# alias, so strict YAML readers would reject the whole frontmatter. `app/**/*.py` and
# `src/**/*.py` are subsets of `**/*.py`: they change nothing about what matches.
SCOPE_GLOBS: dict[Scope, tuple[str, ...]] = {
    Scope.python: ("app/**/*.py", "src/**/*.py", "**/*.py"),
    Scope.tests: ("tests/**/*.py", "**/test_*.py", "**/*_test.py", "**/conftest.py"),
    Scope.migrations: (
        "alembic/**/*.py",
        "migrations/**/*.py",
        "**/alembic/**/*.py",
        "**/migrations/**/*.py",
    ),
    Scope.dependencies: (
        "pyproject.toml",
        "requirements*.txt",
        "requirements/*.txt",
        "**/pyproject.toml",
        "**/requirements*.txt",
    ),
}

SCOPE_NAMES: dict[Scope, str] = {
    Scope.python: "Python sources",
    Scope.tests: "tests",
    Scope.migrations: "Alembic migrations",
    Scope.dependencies: "dependency files",
}


@dataclass(frozen=True)
class Limits:
    """What one file may hold. `None` means the vendor documents no limit."""

    max_bytes: int | None = None  # UTF-8 bytes
    max_chars: int | None = None
    max_lines: int | None = None  # the file must have at most this many lines
    source: str = ""  # where the number comes from, for messages and `agentreview targets`

    def problems(self, text: str) -> list[str]:
        """What in `text` breaks these limits, one phrase each."""
        found: list[str] = []
        if self.max_bytes is not None and (size := len(text.encode("utf-8"))) > self.max_bytes:
            found.append(f"{size:,} bytes, over the {self.max_bytes:,}-byte limit")
        if self.max_chars is not None and len(text) > self.max_chars:
            found.append(f"{len(text):,} characters, over the {self.max_chars:,}-character limit")
        if self.max_lines is not None and (lines := count_lines(text)) > self.max_lines:
            found.append(f"{lines:,} lines, over the {self.max_lines:,}-line limit")
        return found

    def describe(self) -> str:
        parts = []
        if self.max_bytes is not None:
            parts.append(
                f"{self.max_bytes // 1024} KiB"
                if self.max_bytes % 1024 == 0
                else f"{self.max_bytes:,} bytes"
            )
        if self.max_chars is not None:
            parts.append(f"{self.max_chars:,} characters")
        if self.max_lines is not None:
            parts.append(f"{self.max_lines} lines")
        return ", ".join(parts)


NO_LIMITS = Limits()


def count_lines(text: str) -> int:
    return len(text.splitlines())


@dataclass(frozen=True)
class Target:
    """One agent's files.

    A target writes a main file and, when `category_path` is set, one file per category
    (`{slug}` is the category ID in lowercase). `reference_path` is where detail that does
    not fit the main file moves to, for formats that link such files.
    """

    name: str
    agent: str  # who reads it, for `agentreview targets`
    template: str
    main_path: str
    merge_main: bool  # the main file may hold hand-written text: render between markers
    category_path: str | None = None
    reference_path: str | None = None
    main_limits: Limits = NO_LIMITS
    category_limits: Limits = NO_LIMITS
    total_chars: int | None = None  # over every file the target writes
    total_source: str = ""
    notes: tuple[str, ...] = field(default=())

    @property
    def split(self) -> bool:
        return self.category_path is not None

    def category_file(self, slug: str) -> str:
        assert self.category_path is not None
        return self.category_path.format(slug=slug)

    def reference_file(self, slug: str) -> str:
        assert self.reference_path is not None
        return self.reference_path.format(slug=slug)

    def owned_patterns(self) -> list[str]:
        """Globs (relative to the output folder) of the generated files this target may leave
        behind when categories go away; only files carrying the generated header are removed."""
        return [p.format(slug="*") for p in (self.category_path, self.reference_path) if p]


_CODEX = "Codex truncates the AGENTS.md chain at 32 KiB (openai/codex docs/agents_md.md)"
_SKILL = "Agent Skills spec: a SKILL.md body under 500 lines and 5,000 tokens"
_WINDSURF_FILE = "Windsurf truncates a rule file at 6,000 characters (docs.windsurf.com, memories)"
_WINDSURF_TOTAL = "Windsurf reads at most 12,000 characters of rules in total"

TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target(
            name="agents-md",
            agent="Codex, Jules, Amp, Zed, Aider and other AGENTS.md readers",
            template="agents-md.md.j2",
            main_path="AGENTS.md",
            merge_main=True,
            main_limits=Limits(max_bytes=32 * 1024, source=_CODEX),
        ),
        Target(
            name="claude-md",
            agent="Claude Code",
            template="claude-md.md.j2",
            main_path="CLAUDE.md",
            merge_main=True,
            main_limits=Limits(
                max_lines=200, source="Claude Code memory docs: keep CLAUDE.md under 200 lines"
            ),
        ),
        Target(
            name="claude-skill",
            agent="Claude Code (Agent Skills)",
            template="claude-skill.md.j2",
            main_path=f".claude/skills/{SKILL_NAME}/SKILL.md",
            merge_main=False,
            reference_path=f".claude/skills/{SKILL_NAME}/references/{{slug}}.md",
            # "Under 500 lines", so at most 499; "under 5,000 tokens", counted as 4 characters a
            # token (no tokenizer is shipped), so at most 20,000 characters.
            main_limits=Limits(max_lines=499, max_chars=20_000, source=_SKILL),
            notes=(
                "name <= 64 lowercase-hyphen characters, equal to its folder; description <= 1,024 characters, no < or >",
            ),
        ),
        Target(
            name="cursor",
            agent="Cursor",
            template="cursor.mdc.j2",
            main_path=".cursor/rules/fastapi-overview.mdc",
            merge_main=False,
            category_path=".cursor/rules/fastapi-{slug}.mdc",
            # No official cap; "under 500 lines" is the guidance Cursor users cite.
            main_limits=Limits(max_lines=499, source="Cursor guidance: a rule under 500 lines"),
            category_limits=Limits(max_lines=499, source="Cursor guidance: a rule under 500 lines"),
            notes=("globs: bare comma-joined string; no globs when alwaysApply is true",),
        ),
        Target(
            name="copilot",
            agent="GitHub Copilot",
            template="copilot.md.j2",
            main_path=".github/copilot-instructions.md",
            merge_main=True,
            category_path=".github/instructions/fastapi-{slug}.instructions.md",
            notes=("applyTo per category; the 4,000-character review cap was lifted in 2026",),
        ),
        Target(
            name="windsurf",
            agent="Windsurf (Devin Desktop)",
            template="windsurf.md.j2",
            main_path=".windsurf/rules/fastapi-overview.md",
            merge_main=False,
            category_path=".windsurf/rules/fastapi-{slug}.md",
            main_limits=Limits(max_chars=6_000, source=_WINDSURF_FILE),
            category_limits=Limits(max_chars=6_000, source=_WINDSURF_FILE),
            total_chars=12_000,
            total_source=_WINDSURF_TOTAL,
        ),
        Target(
            name="cline",
            agent="Cline",
            template="cline.md.j2",
            main_path=".clinerules/fastapi-overview.md",
            merge_main=False,
            category_path=".clinerules/fastapi-{slug}.md",
            notes=("category files carry `paths` so they load only for matching files",),
        ),
        Target(
            name="kiro",
            agent="Kiro",
            template="kiro.md.j2",
            main_path=".kiro/steering/fastapi-overview.md",
            merge_main=False,
            category_path=".kiro/steering/fastapi-{slug}.md",
            notes=("overview `inclusion: always`; categories `inclusion: fileMatch`",),
        ),
        Target(
            name="gemini",
            agent="Gemini CLI",
            template="gemini.md.j2",
            main_path="GEMINI.md",
            merge_main=True,
        ),
        Target(
            name="junie",
            agent="JetBrains Junie",
            template="junie.md.j2",
            main_path=".junie/guidelines.md",
            merge_main=True,
            notes=("Junie reads .junie/AGENTS.md or AGENTS.md first when they exist",),
        ),
    )
}


def describe_targets() -> list[str]:
    """Two lines per target: its name and paths; who reads it and the limits it keeps."""
    lines = []
    width = max(len(name) for name in TARGETS) + 2
    for target in TARGETS.values():
        paths = [target.main_path]
        if target.category_path:
            paths.append(target.category_file("<category>"))
        if target.reference_path:
            paths.append(target.reference_file("<category>") + " (detail that does not fit)")
        limits = [
            f"{label}{limits.describe()}"
            for label, limits in (
                ("", target.main_limits),
                ("per category file ", target.category_limits),
            )
            if limits.describe()
        ]
        if target.total_chars is not None:
            limits.append(f"{target.total_chars:,} characters in all")
        limit_text = "limits: " + ", ".join(limits) if limits else "no documented limit"
        lines.append(f"{target.name:<{width}}{', '.join(paths)}")
        lines.append(" " * width + "; ".join([target.agent, limit_text, *target.notes]))
    return lines

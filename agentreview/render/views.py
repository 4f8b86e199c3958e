"""What the templates see: the catalogue arranged for one target at one packing state.

Templates only lay text out. Which rules are shown at which detail, in which order, and
where moved detail lives is decided here, so every target follows the same logic.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from enum import IntEnum

from agentreview.catalogue.enums import Detect, Scope
from agentreview.catalogue.schema import Catalogue, Category, MatrixEntry, Rule
from agentreview.render.targets import SCOPE_GLOBS, SCOPE_NAMES, SKILL_NAME, Target
from agentreview.render.text import first_sentence, sanitize_description


class Level(IntEnum):
    """How much of a rule a file holds. Every level keeps the ID and the summary."""

    LINE = 0  # ID and summary, in the quick reference only
    BRIEF = 1  # a section with the summary and the fix
    FULL = 2  # plus why, do/don't code and references


class TableLevel(IntEnum):
    """How much of the anti-pattern table a file holds."""

    FULL = 2  # severity, ID, what to look for, what to do instead
    NO_FIX = 1  # without the "instead" column
    IDS = 0  # the IDs by severity, one line each


DETECT_RANK = {Detect.yes: 3, Detect.part: 2, Detect.no: 1}
DETECT_LABEL = {
    Detect.yes: "flagged by agentreview",
    Detect.part: "flagged by agentreview in clear cases",
    Detect.no: "guidance, not flagged",
}
FENCE_LANGUAGE = {"python": "python", "toml": "toml", "requirements": "text"}


def priority(rule: Rule, index: int) -> tuple[int, int, int]:
    """Higher keeps its detail longer: severity, then detectability, then catalogue order."""
    return (rule.severity.rank, DETECT_RANK[rule.detect], -index)


@dataclass(frozen=True)
class PackState:
    """The packing decisions for one target: each rule's level and the shared tables' form."""

    levels: dict[str, Level]
    table: TableLevel = TableLevel.FULL
    matrix_notes: bool = True
    lean: bool = False  # no category descriptions, legends or second paragraphs
    terse: bool = False  # tables written as one-line lists

    def level(self, rule_id: str) -> Level:
        return self.levels[rule_id]


@dataclass(frozen=True)
class RuleView:
    id: str
    title: str
    category: str
    severity: str
    detect: str
    detect_label: str
    summary: str
    why: str
    fix: str
    fix_first: str
    do: list[str]
    dont: list[str]
    language: str
    references: list[str]
    level: Level

    @property
    def sectioned(self) -> bool:
        """Whether the rule gets its own section (else it is in the quick reference only)."""
        return self.level >= Level.BRIEF

    @property
    def full(self) -> bool:
        return self.level is Level.FULL


@dataclass(frozen=True)
class CategoryView:
    id: str
    title: str
    description: str
    slug: str
    scopes: list[str]
    applies_to: str
    globs: list[str]
    rules: list[RuleView]
    path: str | None  # its own file, for targets that split by category
    link: str | None  # that file relative to the main file
    reference_link: str | None  # where rules shortened here are in full, relative to the main file

    @property
    def sectioned(self) -> list[RuleView]:
        return [rule for rule in self.rules if rule.sectioned]

    @property
    def shortened(self) -> list[RuleView]:
        return [rule for rule in self.rules if not rule.full]

    @property
    def id_range(self) -> str:
        first, last = self.rules[0].id, self.rules[-1].id
        return first if first == last else f"{first} to {last}"

    @property
    def blurb(self) -> str:
        """A one-line description for frontmatter: plain words, no `: `, `<` or `>`."""
        title = sanitize_description(self.title)
        return f"FastAPI rules on {title} ({self.id_range}) for {self.applies_to}"


@dataclass(frozen=True)
class MatrixRow:
    package: str
    minimum: str
    rule: str
    note: str


@dataclass(frozen=True)
class SeverityGroup:
    severity: str
    rules: list[RuleView]


@dataclass(frozen=True)
class Document:
    """Everything one target's template needs."""

    target: str
    command: str
    categories: list[CategoryView]
    rules: list[RuleView]
    antipatterns: list[RuleView]  # rules with a concrete anti-pattern, most important first
    antipatterns_by_severity: list[SeverityGroup]
    guidance: list[RuleView]  # rules agentreview never flags
    table: TableLevel
    matrix: list[MatrixRow]
    matrix_notes: bool
    lean: bool
    terse: bool
    shortened: bool  # some rule is not in full in this target
    references: bool  # shortened rules are in full in linked reference files
    skill_name: str
    skill_description: str

    @property
    def example_id(self) -> str:
        return _example_id(self.antipatterns, self.rules)


def _example_id(antipatterns: list[RuleView], rules: list[RuleView]) -> str:
    """The rule the text uses as its example: the most important one agentreview flags."""
    return antipatterns[0].id if antipatterns else rules[0].id


def build_document(catalogue: Catalogue, target: Target, state: PackState) -> Document:
    rules_by_category: dict[str, list[RuleView]] = {}
    all_rules: list[RuleView] = []
    for rule in catalogue.rules:
        view = _rule_view(rule, state.level(rule.id))
        rules_by_category.setdefault(rule.category, []).append(view)
        all_rules.append(view)
    categories = [
        _category_view(category, rules_by_category[category.id], target)
        for category in catalogue.categories
        if category.id in rules_by_category
    ]
    order = {rule.id: index for index, rule in enumerate(catalogue.rules)}
    ranked = sorted(
        (view for view in all_rules if view.detect != Detect.no.value),
        key=lambda view: priority(catalogue.rule(view.id), order[view.id]),
        reverse=True,
    )
    groups = [
        SeverityGroup(severity, [view for view in ranked if view.severity == severity])
        for severity in ("error", "warning", "info")
    ]
    shortened = any(not view.full for view in all_rules)
    return Document(
        target=target.name,
        command=f"agentreview render {target.name}",
        categories=categories,
        rules=all_rules,
        antipatterns=ranked,
        antipatterns_by_severity=[group for group in groups if group.rules],
        guidance=[view for view in all_rules if view.detect == Detect.no.value],
        table=state.table,
        matrix=[_matrix_row(entry) for entry in catalogue.matrix],
        matrix_notes=state.matrix_notes,
        lean=state.lean,
        terse=state.terse,
        shortened=shortened,
        references=shortened and target.reference_path is not None,
        skill_name=SKILL_NAME,
        skill_description=skill_description(catalogue.categories, _example_id(ranked, all_rules)),
    )


def skill_description(categories: list[Category], example_id: str) -> str:
    """The skill's `description`: what it covers and when to load it. At most 1,024
    characters and no `<` or `>` (Agent Skills spec; anthropics/skills quick_validate)."""
    use = (
        "Use when writing, changing or reviewing FastAPI code, or when an agentreview finding "
        f"cites a rule ID such as {example_id}."
    )
    topics = "; ".join(sanitize_description(category.title) for category in categories)
    described = f"FastAPI best practices with stable rule IDs ({topics}). {use}"
    return (
        described
        if len(described) <= 1024
        else f"FastAPI best practices with stable rule IDs. {use}"
    )


def _rule_view(rule: Rule, level: Level) -> RuleView:
    return RuleView(
        id=rule.id,
        title=rule.title,
        category=rule.category,
        severity=rule.severity.value,
        detect=rule.detect.value,
        detect_label=DETECT_LABEL[rule.detect],
        summary=rule.summary,
        why=rule.why,
        fix=rule.fix,
        fix_first=first_sentence(rule.fix),
        do=list(rule.do),
        dont=list(rule.dont),
        language=FENCE_LANGUAGE[rule.lang.value],
        references=list(rule.references),
        level=level,
    )


def _category_view(category: Category, rules: list[RuleView], target: Target) -> CategoryView:
    slug = category.id.lower()
    globs: list[str] = []
    for scope in category.scope:
        globs.extend(glob for glob in SCOPE_GLOBS[scope] if glob not in globs)
    path = target.category_file(slug) if target.split else None
    shortened = any(not rule.full for rule in rules)
    reference = target.reference_file(slug) if target.reference_path and shortened else None
    return CategoryView(
        id=category.id,
        title=category.title,
        description=category.description,
        slug=slug,
        scopes=[scope.value for scope in category.scope],
        applies_to=_applies_to(category.scope),
        globs=globs,
        rules=rules,
        path=path,
        link=_relative(path, target.main_path),
        reference_link=_relative(reference, target.main_path),
    )


def _applies_to(scopes: list[Scope]) -> str:
    return ", ".join(SCOPE_NAMES[scope] for scope in scopes)


def _relative(path: str | None, main_path: str) -> str | None:
    if path is None:
        return None
    return posixpath.relpath(path, posixpath.dirname(main_path) or ".")


def _matrix_row(entry: MatrixEntry) -> MatrixRow:
    return MatrixRow(package=entry.package, minimum=entry.minimum, rule=entry.rule, note=entry.note)

"""One rendering path for every target: catalogue + packing state -> the files to write."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from agentreview.catalogue.schema import Catalogue
from agentreview.errors import AgentreviewError
from agentreview.render import markers
from agentreview.render.targets import NO_LIMITS, Limits, Target
from agentreview.render.templates import environment, tidy
from agentreview.render.views import (
    CategoryView,
    Document,
    Level,
    PackState,
    RuleView,
    build_document,
)


@dataclass(frozen=True)
class FileContext:
    """The file a template call renders."""

    kind: str  # "main", "category" or "reference"
    path: str
    category: CategoryView | None
    rules: list[RuleView]  # what the file sets out in sections


@dataclass(frozen=True)
class RenderedFile:
    path: str  # relative to the output folder, with `/`
    text: str  # the whole file as it should be on disk
    kind: str
    limits: Limits


class ExistingFiles:
    """The files already under the output folder, read once per render."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._seen: dict[str, str | None] = {}

    def read(self, relative: str) -> str | None:
        if relative not in self._seen:
            self._seen[relative] = self._load(self.out / relative, relative)
        return self._seen[relative]

    @staticmethod
    def _load(path: Path, relative: str) -> str | None:
        if not path.exists():
            return None
        if not path.is_file():
            raise AgentreviewError(f"{relative} exists and is not a file")
        try:
            # newline="" keeps CRLF as it is: merges must not change bytes outside the region.
            with path.open(encoding="utf-8", newline="") as handle:
                return handle.read()
        except UnicodeDecodeError:
            raise AgentreviewError(
                f"{relative} is not UTF-8 text; agentreview will not rewrite it"
            ) from None
        except OSError as exc:
            raise AgentreviewError(f"{relative}: cannot be read: {exc.strerror}") from None


def all_full(catalogue: Catalogue) -> PackState:
    return PackState(levels={rule.id: Level.FULL for rule in catalogue.rules})


def render_files(
    catalogue: Catalogue,
    target: Target,
    state: PackState,
    include: Callable[[str, Limits], bool] | None = None,
    *,
    existing: ExistingFiles,
    templates: Path | None = None,
) -> list[RenderedFile]:
    """The files `target` writes for `state` (those `include` accepts), merged with what is
    on disk. Packing measures only some files; writing needs them all."""
    document = build_document(catalogue, target, state)
    template = environment(templates).get_template(target.template)
    rendered: list[RenderedFile] = []
    for context, limits in _file_plan(document, target):
        if include is not None and not include(context.path, limits):
            continue
        body = tidy(template.render(doc=document, file=context))
        if target.merge_main and context.kind == "main":
            text = markers.merge(existing.read(context.path), body, path=context.path)
        else:
            text = markers.generated_text(existing.read(context.path), body, path=context.path)
        rendered.append(
            RenderedFile(path=context.path, text=text, kind=context.kind, limits=limits)
        )
    return rendered


def _file_plan(document: Document, target: Target) -> list[tuple[FileContext, Limits]]:
    main_rules = [] if target.split else [rule for rule in document.rules if rule.sectioned]
    plan = [(FileContext("main", target.main_path, None, main_rules), target.main_limits)]
    for category in document.categories:
        if category.path is not None:
            context = FileContext("category", category.path, category, category.sectioned)
            plan.append((context, target.category_limits))
    if target.reference_path is not None:
        for category in document.categories:
            if category.shortened:
                full = [dataclasses.replace(rule, level=Level.FULL) for rule in category.shortened]
                path = target.reference_file(category.slug)
                plan.append((FileContext("reference", path, category, full), NO_LIMITS))
    paths = [context.path for context, _ in plan]
    if len(set(paths)) != len(paths):
        raise AgentreviewError(f"{target.name}: two categories render to the same file; rename one")
    return plan

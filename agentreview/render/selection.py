"""`--select`, `--ignore` and `--min-severity`: which rules a render covers."""

from __future__ import annotations

from agentreview.catalogue.enums import Severity
from agentreview.catalogue.schema import Catalogue, Rule
from agentreview.errors import AgentreviewError


def narrow(
    catalogue: Catalogue,
    *,
    select: str | None = None,
    ignore: str | None = None,
    min_severity: str | None = None,
) -> Catalogue:
    """The catalogue restricted to the chosen rules; categories left empty are dropped.

    Each comma-separated entry is a category (`ASYNC`), a rule ID (`ASYNC001`) or a prefix
    of rule IDs (`ASYNC00`). A category name wins over a prefix, so `DEP` never means DEPS.
    The matrix stays whole: it states what the catalogue assumes, whichever rules render.
    """
    rules = list(catalogue.rules)
    if select is not None:
        chosen = _resolve(catalogue, select, "--select")
        rules = [rule for rule in rules if rule.id in chosen]
    if ignore is not None:
        dropped = _resolve(catalogue, ignore, "--ignore")
        rules = [rule for rule in rules if rule.id not in dropped]
    if min_severity is not None:
        threshold = _severity(min_severity)
        rules = [rule for rule in rules if rule.severity.rank >= threshold.rank]
    if not rules:
        raise AgentreviewError(
            "nothing to render: the --select/--ignore/--min-severity options leave no rule"
        )
    used = {rule.category for rule in rules}
    categories = [category for category in catalogue.categories if category.id in used]
    return catalogue.model_copy(update={"rules": rules, "categories": categories})


def _resolve(catalogue: Catalogue, option: str, flag: str) -> set[str]:
    entries = [entry.strip().upper() for entry in option.split(",") if entry.strip()]
    if not entries:
        raise AgentreviewError(f"{flag} needs at least one rule ID or category")
    category_ids = {category.id for category in catalogue.categories}
    found: set[str] = set()
    for entry in entries:
        matched = _matching(catalogue.rules, entry, entry in category_ids)
        if not matched:
            known = ", ".join(sorted(category_ids))
            raise AgentreviewError(
                f"{flag}: {entry!r} is neither a rule ID nor a category (categories: {known})"
            )
        found.update(matched)
    return found


def _matching(rules: list[Rule], entry: str, is_category: bool) -> set[str]:
    if is_category:
        return {rule.id for rule in rules if rule.category == entry}
    return {rule.id for rule in rules if rule.id.startswith(entry)}


def _severity(value: str) -> Severity:
    try:
        return Severity(value.strip().lower())
    except ValueError:
        raise AgentreviewError(
            f"--min-severity: {value!r} is not a severity (error, warning or info)"
        ) from None

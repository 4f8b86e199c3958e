"""`agentreview rules list|show|search|matrix|validate`: the catalogue for agents and humans.

Reads the cached catalogue data (plain JSON): no pydantic, libcst or jinja2 on this path.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agentreview.catalogue.cache import CatalogueData, load_catalogue_data
from agentreview.console import write_stdout
from agentreview.errors import AgentreviewError

RuleData = dict[str, Any]

SEVERITIES = ("error", "warning", "info")
_TEXT_FIELDS = ("summary", "why", "fix")


# --- output helpers -------------------------------------------------------------------------


def _styled() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _bold(text: str) -> str:
    return f"\033[1m{text}\033[0m" if _styled() else text


def _dim(text: str) -> str:
    return f"\033[2m{text}\033[0m" if _styled() else text


def _emit_json(value: object) -> None:
    write_stdout(json.dumps(value, indent=2, ensure_ascii=False) + "\n", utf8=True)


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else "" for line in text.rstrip("\n").splitlines())


def _prose(text: str, prefix: str = "    ") -> str:
    """Wrap rule text to the terminal (at most 100 columns), paragraph by paragraph, indented."""
    import shutil
    import textwrap

    width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return "\n\n".join(
        textwrap.fill(
            p,
            width=width,
            initial_indent=prefix,
            subsequent_indent=prefix,
            break_on_hyphens=False,
            break_long_words=False,
        )
        for p in paragraphs
    )


# --- lookups --------------------------------------------------------------------------------


def _rules(data: CatalogueData) -> list[RuleData]:
    rules: list[RuleData] = data["rules"]
    return rules


def closest_ids(wanted: str, ids: Iterable[str], limit: int = 3) -> list[str]:
    """IDs that look like `wanted`: same family first, then by string similarity."""
    import difflib

    pool = list(ids)
    wanted = wanted.upper()
    matches = difflib.get_close_matches(wanted, pool, n=limit, cutoff=0.5)
    if not matches:
        family = wanted.rstrip("0123456789")
        matches = [rule_id for rule_id in pool if family and rule_id.startswith(family)][:limit]
    return matches


def find_rule(data: CatalogueData, rule_id: str) -> RuleData:
    wanted = rule_id.strip().upper()
    for rule in _rules(data):
        if rule["id"] == wanted:
            return rule
    suggestions = closest_ids(wanted, (r["id"] for r in _rules(data)))
    hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise AgentreviewError(f"unknown rule ID {rule_id!r}{hint}")


# --- commands -------------------------------------------------------------------------------


def list_rules(
    *, category: str | None, severity: str | None, detectable: bool, as_json: bool
) -> None:
    data = load_catalogue_data()
    rules = _rules(data)
    if category is not None:
        known = [c["id"] for c in data["categories"]]
        wanted = category.strip().upper()
        if wanted not in known:
            raise AgentreviewError(f"unknown category {category!r}; categories: {', '.join(known)}")
        rules = [r for r in rules if r["category"] == wanted]
    if severity is not None:
        if severity not in SEVERITIES:
            raise AgentreviewError(
                f"unknown severity {severity!r}; use one of {', '.join(SEVERITIES)}"
            )
        rules = [r for r in rules if r["severity"] == severity]
    if detectable:
        rules = [r for r in rules if r["detect"] != "no"]
    if as_json:
        _emit_json(rules)
        return
    _print_table(rules)


def _print_table(rules: list[RuleData]) -> None:
    if not rules:
        print("No rules match.")
        return
    width = max(len(r["id"]) for r in rules)
    for rule in rules:
        detect = {"yes": "flagged", "part": "partly", "no": "guide"}[rule["detect"]]
        print(
            f"{_bold(rule['id'].ljust(width))}  {rule['severity']:<7}  {detect:<7}  {rule['summary']}"
        )
    print(_dim(f"{len(rules)} rules. `agentreview rules show ID` for why, fix and examples."))


def show_rule(rule_id: str, *, as_json: bool) -> None:
    data = load_catalogue_data()
    rule = find_rule(data, rule_id)
    if as_json:
        _emit_json(rule)
        return
    titles = {c["id"]: c["title"] for c in data["categories"]}
    facts = [
        f"category {rule['category']} ({titles.get(rule['category'], '?')})",
        f"severity {rule['severity']}",
        f"detect {rule['detect']}",
    ]
    if rule["overlaps"]:
        facts.append(f"overlaps {', '.join(rule['overlaps'])}")
    out = [f"{_bold(rule['id'])}  {rule['title']}", _dim(" · ".join(facts)), "", rule["summary"]]
    out += ["", _bold("Why"), _prose(rule["why"]), "", _bold("Fix"), _prose(rule["fix"])]
    for heading, snippets in (("Don't", rule["dont"]), ("Do", rule["do"])):
        for snippet in snippets:
            out += ["", _bold(heading), _indent(snippet)]
    out += ["", _bold("References"), *(f"    {url}" for url in rule["references"])]
    print("\n".join(out))


def rank_rules(rules: list[RuleData], text: str) -> list[tuple[int, RuleData]]:
    """Rules matching every word of `text`, best first: a match in the ID ranks above one in
    the title, then the tags, then the prose and code. Ties keep catalogue order."""
    words = text.lower().split()
    if not words:
        return []
    ranked: list[tuple[int, int, RuleData]] = []
    for position, rule in enumerate(rules):
        fields = (
            rule["id"].lower(),
            rule["title"].lower(),
            " ".join(rule["tags"]).lower(),
            "\n".join([*(rule[f] for f in _TEXT_FIELDS), *rule["do"], *rule["dont"]]).lower(),
        )
        tier = next(
            (i for i, field in enumerate(fields) if all(word in field for word in words)), None
        )
        if tier is None and all(any(word in field for field in fields) for word in words):
            tier = len(fields)  # every word is there, just not in one field
        if tier is not None:
            ranked.append((tier, position, rule))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [(tier, rule) for tier, _, rule in ranked]


_TIER_NAMES = ("id", "title", "tags", "text", "mixed")


def search_rules(text: str, *, as_json: bool) -> None:
    data = load_catalogue_data()
    ranked = rank_rules(_rules(data), text)
    if as_json:
        _emit_json([{**rule, "matched_in": _TIER_NAMES[tier]} for tier, rule in ranked])
        return
    if not ranked:
        print(f"No rule mentions {text!r}.")
        return
    _print_table([rule for _, rule in ranked])


def show_matrix(*, as_json: bool) -> None:
    data = load_catalogue_data()
    rows: list[dict[str, str]] = data["matrix"]
    if as_json:
        _emit_json(rows)
        return
    width = max((len(row["package"]) for row in rows), default=7)
    print(_bold(f"{'package'.ljust(width)}  minimum  rule      note"))
    for row in rows:
        print(
            f"{row['package'].ljust(width)}  {row['minimum']:<7}  {row['rule']:<8}  {row['note']}"
        )


def validate(paths: list[Path]) -> int:
    """Validate rule files; with no paths, the configured catalogue. Exit 0 when clean, 1 otherwise.

    Files given explicitly are validated together with the built-in catalogue, so that a
    duplicate ID or an unknown category is caught in the context the rules will live in.
    """
    from agentreview.catalogue.cache import catalogue_files
    from agentreview.catalogue.loader import builtin_rule_dirs, validate_files
    from agentreview.catalogue.locate import rule_files

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise AgentreviewError(f"no such file or folder: {', '.join(missing)}")
    if paths:
        builtin = rule_files(builtin_rule_dirs())
        given = [p for p in rule_files(paths) if p.resolve() not in {b.resolve() for b in builtin}]
        files = [*builtin, *given]
    else:
        files = catalogue_files()
    catalogue, problems = validate_files(files)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found.", file=sys.stderr)
        return 1
    print(f"{len(catalogue.rules)} rules in {len(files)} files: valid.")
    return 0

"""What the PR-bot formats share: the rules behind findings, links, severity order, counts.

Reporters never re-derive severities, paths or fingerprints (the pipeline settled them);
they only look up the catalogue's words for a rule and order what they show.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from agentreview.findings import SEVERITY_RANK, Finding
from agentreview.report import Report

if TYPE_CHECKING:
    from agentreview.catalogue.compiled import Rule

TOOL_NAME = "agentreview"
# Where the tool is described. The project has no documentation site yet; the package index
# page is the stable address an installed agentreview comes from.
PROJECT_URL = "https://pypi.org/project/agentreview/"
SEVERITIES = ("error", "warning", "info")  # most severe first


def rules_by_id(report: Report) -> dict[str, Rule]:
    """The catalogue's rules for the findings' rule IDs (empty without a catalogue)."""
    if report.catalogue is None:
        return {}
    wanted = {finding.rule_id for finding in report.findings}
    return {rule.id: rule for rule in report.catalogue.rules if rule.id in wanted}


def rule_url(rule: Rule | None) -> str | None:
    """The link for a rule: its first reference, the page the rule's advice rests on.

    One place to change when the project publishes per-rule pages.
    """
    if rule is None or not rule.references:
        return None
    return rule.references[0]


def most_severe_first(findings: Iterable[Finding]) -> list[Finding]:
    """Errors, then warnings, then infos; report order (path, line, column) within each."""
    return sorted(
        findings, key=lambda finding: (-SEVERITY_RANK[finding.severity], *finding.sort_key())
    )


def severity_counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts: Counter[str] = Counter(finding.severity for finding in findings)
    return {severity: counts[severity] for severity in SEVERITIES}


def plural(number: int, word: str, plural_word: str | None = None) -> str:
    return f"{number} {word if number == 1 else (plural_word or word + 's')}"


def counts_phrase(findings: Sequence[Finding]) -> str:
    """`3 errors, 1 warning, 0 infos`: every severity named, zeros included."""
    counts = severity_counts(findings)
    return ", ".join(plural(counts[severity], severity) for severity in SEVERITIES)


def stable_fingerprint(finding: Finding) -> str:
    """The pipeline's fingerprint; for a finding built elsewhere (no fingerprint), a hash of
    what identifies it, so formats that require one always have one."""
    if finding.fingerprint:
        return finding.fingerprint
    key = "\x00".join(
        (finding.rule_id, finding.path, str(finding.line), str(finding.column), finding.message)
    )
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]

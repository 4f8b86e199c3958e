"""Fingerprints that follow a finding when unrelated lines above it move.

The hash covers the rule, the path, the finding's lines with whitespace collapsed, and the
finding's rank among findings of the same rule on identical text in that file (pysemgrep's
`ci_unique_key` idea). Line numbers are left out on purpose: a PR bot that deduplicates its
comments by fingerprint must not repost everything below an inserted import. Editing the
flagged lines themselves, or moving the file, gives a new fingerprint.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace

from agentreview.findings import Finding


def normalised_text(finding: Finding, line_text: Callable[[int], str]) -> str:
    return "\n".join(
        " ".join(line_text(number).split()) for number in range(finding.line, finding.end_line + 1)
    )


def assign_fingerprints(
    findings: Sequence[Finding], line_text: Callable[[int], str]
) -> list[Finding]:
    """`findings` of one file with `fingerprint` filled in, in position order."""
    seen: dict[tuple[str, str, str], int] = {}
    result: list[Finding] = []
    for finding in sorted(findings, key=Finding.sort_key):
        text = normalised_text(finding, line_text)
        key = (finding.rule_id, finding.path, text)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        digest = hashlib.sha256(
            "\x00".join((*key, str(occurrence))).encode("utf-8", "surrogatepass")
        ).hexdigest()
        result.append(replace(finding, fingerprint=digest[:16]))
    return result

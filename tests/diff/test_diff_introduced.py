"""What counts as introduced: spans touching added lines, and `def` -> `async def`."""

from __future__ import annotations

from agentreview.diff import ChangedFile, introduced, parse_patch
from agentreview.diff.series import line_mapping
from agentreview.findings import Finding
from tests.diff.gitrepo import GitRepo

BEFORE = "import time\n\n\ndef handler():\n    time.sleep(1)\n    return 1\n"


def finding(line: int, end_line: int | None = None, header: int | None = None) -> Finding:
    return Finding(
        rule_id="ASYNC002",
        severity="error",
        path="app/main.py",
        line=line,
        column=5,
        end_line=end_line or line,
        end_column=18,
        message="`time.sleep()` blocks the event loop",
        fix="await asyncio.sleep",
        async_header_line=header,
    )


def change(repo: GitRepo, before: str, after: str) -> ChangedFile:
    repo.write("app/main.py", before)
    repo.commit()
    repo.write("app/main.py", after)
    (changed,) = parse_patch(repo.diff()).files
    return changed


def test_finding_on_added_line_is_kept_and_on_context_line_dropped(repo: GitRepo) -> None:
    changed = change(repo, BEFORE, BEFORE + "x = 1\n")
    assert changed.added_lines == {7}
    assert introduced(finding(7), changed, changed.added_lines) is not None
    assert introduced(finding(5), changed, changed.added_lines) is None


def test_multi_line_span_counts_when_any_line_is_added(repo: GitRepo) -> None:
    changed = change(
        repo, BEFORE, BEFORE.replace("    return 1\n", "    return (\n        1\n    )\n")
    )
    assert 7 in changed.added_lines and 5 not in changed.added_lines
    assert introduced(finding(5, end_line=7), changed, changed.added_lines) is not None
    assert introduced(finding(5, end_line=5), changed, changed.added_lines) is None


def test_def_turned_async_reports_the_unchanged_call_and_says_why(repo: GitRepo) -> None:
    changed = change(repo, BEFORE, BEFORE.replace("def handler", "async def handler"))
    assert changed.added_lines == {4}
    reported = introduced(finding(5, header=4), changed, changed.added_lines)
    assert reported is not None
    assert reported.line == 5
    assert "turned `def handler` into `async def handler`" in reported.message


def test_new_async_def_with_a_different_name_is_not_a_conversion(repo: GitRepo) -> None:
    changed = change(repo, BEFORE, BEFORE.replace("def handler", "async def other"))
    assert introduced(finding(5, header=4), changed, changed.added_lines) is None


def test_unchanged_async_header_does_not_revive_context_findings(repo: GitRepo) -> None:
    async_before = BEFORE.replace("def handler", "async def handler")
    changed = change(repo, async_before, async_before + "x = 1\n")
    assert introduced(finding(5, header=4), changed, changed.added_lines) is None


def test_line_mapping_through_a_hunk(repo: GitRepo) -> None:
    before = "".join(f"v{n} = {n}\n" for n in range(1, 11))
    after = before.replace("v3 = 3\n", "").replace("v6 = 6\n", "v6 = 6\nnew = 0\n")
    changed = change(repo, before, after)
    mapped = line_mapping(changed.hunks)
    assert mapped(1) == 1
    assert mapped(3) is None  # removed
    assert mapped(4) == 3
    assert mapped(7) == 7  # one removed above, one added above
    assert mapped(10) == 10

"""Paths that lead out of --repo are never followed or read; the rest is still reviewed.

The escape checks themselves are unit-tested in tests/diff/test_diff_source.py and the
fallback in tests/review/test_review_pipeline.py; here the whole command runs against a
sentinel outside the repository whose text would produce a finding if it were read.
"""

from __future__ import annotations

import os

import pytest

from tests.hostile.conftest import Sandbox
from tests.hostile.harness import (
    PAYLOAD,
    PAYLOAD_FINDING,
    check_contract,
    created,
    run_cli,
    write_tree,
)


def sleep_line_only(path: str) -> str:
    """A hunk adding PAYLOAD's `time.sleep` line: judged whole only if the file is read."""
    return f"--- a/{path}\n+++ b/{path}\n@@ -4,0 +5 @@\n+    time.sleep(1)\n"


def review_in(sandbox: Sandbox, patch: str, *options: str) -> dict[str, object]:
    run = run_cli(
        "review", "-", "--repo", str(sandbox.repo), "--format", "json", *options,
        stdin=patch.encode(),
    )  # fmt: skip
    document = check_contract(run)
    assert document is not None, run.err
    return document


def test_the_sentinel_gives_its_finding_when_read_inside_the_repository(sandbox: Sandbox) -> None:
    # The control: the same hunk on a file inside the repository is read whole and flagged.
    document = review_in(sandbox, sleep_line_only("inside.py"))
    assert document["files"] == [{"path": "inside.py", "mode": "full"}]
    findings = document["findings"]
    assert isinstance(findings, list)
    assert [(f["rule_id"], f["line"], f["column"]) for f in findings] == [PAYLOAD_FINDING]


def test_no_way_out_of_the_repository_is_followed_and_the_rest_is_reviewed(
    sandbox: Sandbox,
) -> None:
    patch = "".join(sleep_line_only(path) for path in [*sandbox.ways_out, "inside.py"])
    document = review_in(sandbox, patch)
    files = document["files"]
    assert isinstance(files, list)
    by_path = {entry["path"]: entry for entry in files}
    assert by_path["inside.py"]["mode"] == "full"
    for way_out in sandbox.ways_out:
        assert by_path[way_out]["mode"] == "diff-only"
        assert by_path[way_out]["reason"].endswith("; not read")
    findings = document["findings"]
    assert isinstance(findings, list)
    assert [f["path"] for f in findings] == ["inside.py"]
    notes = document["notes"]
    assert isinstance(notes, list)
    for way_out in sandbox.ways_out:
        assert any(note.startswith(f"{way_out}: reviewed from the diff only: ") for note in notes)


def test_a_symlink_in_the_patch_is_not_reviewed_as_code(sandbox: Sandbox) -> None:
    patch = (
        "diff --git a/evil.py b/evil.py\nnew file mode 120000\nindex 0000000..1111111\n"
        "--- /dev/null\n+++ b/evil.py\n@@ -0,0 +1 @@\n+../outside/secret.py\n"
        "\\ No newline at end of file\n"
    )
    document = review_in(sandbox, patch)
    assert document["files"] == [{"path": "evil.py", "mode": "skipped", "reason": "symlink"}]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("a symlink leading outside", lambda repo: (repo / "pyproject.toml").symlink_to("../outside/secret.py")),
        ("a fifo", lambda repo: os.mkfifo(repo / "pyproject.toml")),
    ],
)  # fmt: skip
def test_the_trees_own_pyproject_is_read_only_as_a_regular_file_inside_it(
    sandbox: Sandbox, name: str, make: object
) -> None:
    (sandbox.repo / "pyproject.toml").unlink()
    assert callable(make)
    make(sandbox.repo)
    run = run_cli(
        "review", "-", "--repo", str(sandbox.repo), stdin=sleep_line_only("inside.py").encode()
    )
    check_contract(run)
    assert run.code == 2
    assert "pyproject.toml" in run.err and "not read" in run.err


@pytest.mark.parametrize("folder", ["../outside", "/", "linked"])
def test_rules_dirs_from_the_tree_stay_inside_it(sandbox: Sandbox, folder: str) -> None:
    write_tree(sandbox.repo, {"pyproject.toml": f"[tool.agentreview]\nrules-dirs = [{folder!r}]\n"})
    run = run_cli(
        "review", "-", "--repo", str(sandbox.repo), stdin=sleep_line_only("inside.py").encode()
    )
    check_contract(run)
    assert run.code == 2
    assert "rules-dirs" in run.err and "--config" in run.err


def test_rules_dirs_inside_the_tree_are_still_allowed(sandbox: Sandbox) -> None:
    write_tree(
        sandbox.repo,
        {
            "pyproject.toml": '[tool.agentreview]\nrules-dirs = ["ci/rules"]\n',
            "ci/rules/.keep": "",
        },
    )
    document = review_in(sandbox, sleep_line_only("inside.py"))
    findings = document["findings"]
    assert isinstance(findings, list) and len(findings) == 1


@pytest.mark.parametrize(
    "escaped_name",
    [
        "app/x\\n::error::forged.py",
        "app/x\\r::warning::forged.py",
        "app/\\033]0;title\\007x.py",
        "app/\\342\\200\\256yp.txt.py",  # U+202E, right-to-left override
        "app/\\342\\200\\250::notice::x.py",  # U+2028, line separator
    ],
)
def test_paths_with_control_or_invisible_characters_are_skipped_and_shown_escaped(
    escaped_name: str,
) -> None:
    # and a file after it, which is still reviewed
    patch = created("", PAYLOAD, token=escaped_name) + created("ok.py", PAYLOAD)
    document = check_contract(
        run_cli("review", "-", "--diff-only", "--format", "json", stdin=patch.encode())
    )
    assert document is not None
    skipped, reviewed = document["files"]
    assert skipped["mode"] == "skipped" and "control or invisible" in skipped["reason"]
    assert reviewed == {"path": "ok.py", "mode": "full"}
    assert [f["path"] for f in document["findings"]] == ["ok.py"]
    assert all(note.isprintable() for note in document["notes"])
    # The text report, which CI logs show as is, carries nothing of the name unescaped.
    text = run_cli("review", "-", "--diff-only", stdin=patch.encode())
    assert text.code == 1
    assert all(line.isprintable() for line in text.out.splitlines())
    assert not any(line.lstrip().startswith("::") for line in text.out.splitlines())

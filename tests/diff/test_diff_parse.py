"""Patch parsing on diffs that real git (and diff -u) wrote."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from agentreview.diff import ChangedFile, parse_patch
from agentreview.errors import AgentreviewError
from tests.diff.gitrepo import GitRepo

NUMBERED = "".join(f"line_{n} = {n}\n" for n in range(1, 41))


def only(files: list[ChangedFile]) -> ChangedFile:
    assert len(files) == 1, files
    return files[0]


def test_modified_file_added_lines_post_image_and_removed_lines(repo: GitRepo) -> None:
    repo.write("app/main.py", "a = 1\nb = 2\nc = 3\n")
    repo.commit()
    repo.write("app/main.py", "a = 1\nb = 20\nnew = 4\nc = 3\n")
    changed = only(parse_patch(repo.diff()).files)
    assert (changed.path, changed.old_path, changed.status) == (
        "app/main.py",
        "app/main.py",
        "modified",
    )
    assert changed.added_lines == {2, 3}
    assert changed.post_image == [[(1, "a = 1"), (2, "b = 20"), (3, "new = 4"), (4, "c = 3")]]
    assert [(r.position, r.text) for r in changed.hunks[0].removed] == [(2, "b = 2")]


def test_two_hunks_keep_their_own_line_numbers(repo: GitRepo) -> None:
    repo.write("big.py", NUMBERED)
    repo.commit()
    lines = NUMBERED.splitlines(keepends=True)
    lines.insert(2, "top = 0\n")  # post-change line 3
    lines[35] = "line_35 = 'changed'\n"  # post-change line 36 (one line was inserted above)
    repo.write("big.py", "".join(lines))
    changed = only(parse_patch(repo.diff()).files)
    assert len(changed.hunks) == 2
    assert changed.added_lines == {3, 36}
    assert dict(changed.hunks[1].lines)[36] == "line_35 = 'changed'"
    assert dict(changed.hunks[1].lines)[37] == "line_36 = 36"


def test_rename_without_edits(repo: GitRepo) -> None:
    repo.write("old_name.py", NUMBERED)
    repo.commit()
    (repo.root / "old_name.py").rename(repo.root / "pkg_new.py")
    changed = only(parse_patch(repo.diff("-M")).files)
    assert (changed.path, changed.old_path, changed.status) == (
        "pkg_new.py",
        "old_name.py",
        "renamed",
    )
    assert changed.hunks == ()
    assert changed.added_lines == frozenset()


def test_rename_with_edits_reports_new_path_and_new_lines(repo: GitRepo) -> None:
    repo.write("app/old.py", NUMBERED)
    repo.commit()
    (repo.root / "app/old.py").unlink()
    repo.write("app/new.py", NUMBERED.replace("line_20 = 20", "line_20 = 'twenty'"))
    changed = only(parse_patch(repo.diff("-M")).files)
    assert (changed.path, changed.old_path, changed.status) == (
        "app/new.py",
        "app/old.py",
        "renamed",
    )
    assert changed.added_lines == {20}


def test_without_rename_detection_a_move_is_a_delete_and_an_add(repo: GitRepo) -> None:
    repo.write("a.py", NUMBERED)
    repo.commit()
    (repo.root / "a.py").rename(repo.root / "b.py")
    files = parse_patch(repo.diff("--no-renames")).files
    assert {(f.path, f.status) for f in files} == {("a.py", "deleted"), ("b.py", "added")}
    added = next(f for f in files if f.status == "added")
    assert added.old_path is None
    assert added.added_lines == frozenset(range(1, 41))


def test_copy(repo: GitRepo) -> None:
    repo.write("base.py", NUMBERED)
    repo.commit()
    repo.write("copy.py", NUMBERED + "extra = 1\n")
    files = parse_patch(repo.diff("-C", "--find-copies-harder")).files
    changed = only(files)
    assert (changed.path, changed.old_path, changed.status) == ("copy.py", "base.py", "copied")
    assert changed.added_lines == {41}


def test_new_and_deleted_files(repo: GitRepo) -> None:
    repo.write("gone.py", "x = 1\n")
    repo.commit()
    (repo.root / "gone.py").unlink()
    repo.write("fresh.py", "y = 2\nz = 3\n")
    files = {f.path: f for f in parse_patch(repo.diff()).files}
    assert files["gone.py"].status == "deleted"
    assert files["gone.py"].added_lines == frozenset()
    assert files["fresh.py"].status == "added"
    assert files["fresh.py"].added_lines == {1, 2}


def test_empty_new_file_has_no_hunks(repo: GitRepo) -> None:
    repo.commit()
    repo.write("pkg/__init__.py", "")
    changed = only(parse_patch(repo.diff()).files)
    assert (changed.path, changed.status, changed.hunks) == ("pkg/__init__.py", "added", ())


@pytest.mark.parametrize("binary_flag", [(), ("--binary",)])
def test_binary_files(repo: GitRepo, binary_flag: tuple[str, ...]) -> None:
    repo.write("logo.png", b"\x89PNG\x00\x01")
    repo.commit()
    repo.write("logo.png", b"\x89PNG\x00\x02")
    repo.write("icon.png", b"\x00\xff\x00")
    repo.write("after.py", "x = 1\n")
    files = {f.path: f for f in parse_patch(repo.diff(*binary_flag)).files}
    assert files["logo.png"].binary and files["logo.png"].status == "modified"
    assert files["icon.png"].binary and files["icon.png"].status == "added"
    assert not files["after.py"].binary and files["after.py"].added_lines == {1}


def test_mode_only_change(repo: GitRepo) -> None:
    repo.write("run.py", "print('hi')\n")
    repo.commit()
    (repo.root / "run.py").chmod(0o755)
    changed = only(parse_patch(repo.diff()).files)
    assert changed.mode_changed and changed.mode == "100755"
    assert changed.hunks == ()


def test_symlink_mode_is_recorded(repo: GitRepo) -> None:
    repo.write("real.py", "x = 1\n")
    repo.commit()
    (repo.root / "link.py").symlink_to("real.py")
    changed = only(parse_patch(repo.diff()).files)
    assert changed.path == "link.py" and changed.is_symlink


def test_quoted_paths_with_spaces_non_ascii_and_quotes(repo: GitRepo) -> None:
    names = ["my module.py", "café/naïve.py", 'say "hi".py']
    for name in names:
        repo.write(name, "x = 1\n")
    repo.commit()
    for name in names:
        repo.write(name, "x = 1\ny = 2\n")
    patch = repo.diff()
    assert b'"a/caf\\303\\251/na\\303\\257ve.py"' in patch  # git wrote octal escapes
    files = parse_patch(patch).files
    assert sorted(f.path for f in files) == sorted(names)
    assert all(f.added_lines == {2} for f in files)


def test_rename_between_quoted_paths(repo: GitRepo) -> None:
    repo.write("plain.py", NUMBERED)
    repo.commit()
    (repo.root / "plain.py").rename(repo.root / "été.py")
    changed = only(parse_patch(repo.diff("-M")).files)
    assert (changed.old_path, changed.path) == ("plain.py", "été.py")


def test_crlf_file_content(repo: GitRepo) -> None:
    repo.write("win.py", b"a = 1\r\nb = 2\r\n")
    repo.commit()
    repo.write("win.py", b"a = 1\r\nb = 3\r\nc = 4\r\n")
    patch = repo.diff()
    assert b"+b = 3\r\n" in patch
    changed = only(parse_patch(patch).files)
    assert changed.post_image == [[(1, "a = 1"), (2, "b = 3"), (3, "c = 4")]]
    assert changed.added_lines == {2, 3}


def test_whole_patch_in_crlf_parses_like_lf(repo: GitRepo) -> None:
    repo.write("m.py", NUMBERED)
    repo.commit()
    repo.write("m.py", NUMBERED.replace("line_5 = 5", "line_5 = 'five'"))
    patch = repo.diff()
    lf = parse_patch(patch).files
    crlf = parse_patch(patch.replace(b"\n", b"\r\n")).files
    assert lf == crlf


def test_stray_carriage_return_inside_a_line_does_not_split_it(repo: GitRepo) -> None:
    repo.write("s.py", "a = 1\n")
    repo.commit()
    repo.write("s.py", "a = 1\nb = 'x\ry'\nc = 3\n")
    changed = only(parse_patch(repo.diff()).files)
    assert changed.added_lines == {2, 3}
    assert dict(changed.hunks[0].lines)[2] == "b = 'x\ry'"


def test_no_newline_at_end_of_file(repo: GitRepo) -> None:
    repo.write("n.py", "a = 1\nb = 2")
    repo.commit()
    repo.write("n.py", "a = 1\nb = 3\nc = 4")
    patch = repo.diff()
    assert b"\\ No newline at end of file" in patch
    changed = only(parse_patch(patch).files)
    assert changed.added_lines == {2, 3}
    assert changed.post_image == [[(1, "a = 1"), (2, "b = 3"), (3, "c = 4")]]


def test_git_show_output_with_commit_header(repo: GitRepo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit("first")
    repo.write("a.py", "x = 1\ny = 2\n")
    repo.commit("second\n\n    indented body line\n")
    changed = only(parse_patch(repo.git("show", "HEAD")).files)
    assert (changed.path, changed.added_lines) == ("a.py", {2})


def test_no_prefix_diff(repo: GitRepo) -> None:
    repo.write("pkg/a.py", "x = 1\n")
    repo.commit()
    repo.write("pkg/a.py", "x = 2\n")
    changed = only(parse_patch(repo.diff("--no-prefix")).files)
    assert changed.path == "pkg/a.py"


def _diff_u(*args: str, cwd: Path) -> bytes:
    # diff exits 1 when the inputs differ
    return subprocess.run(["diff", *args], cwd=cwd, capture_output=True).stdout


@pytest.mark.skipif(shutil.which("diff") is None, reason="needs diff(1)")
def test_plain_diff_u_of_one_file(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app/main.py.orig").write_text("a = 1\n")
    (tmp_path / "app/main.py").write_text("a = 1\nb = 2\n")
    patch = _diff_u("-u", "app/main.py.orig", "app/main.py", cwd=tmp_path)
    changed = only(parse_patch(patch).files)
    assert (changed.path, changed.status, changed.added_lines) == ("app/main.py", "modified", {2})


@pytest.mark.skipif(shutil.which("diff") is None, reason="needs diff(1)")
def test_plain_diff_ru_of_two_trees_with_a_new_file(tmp_path: Path) -> None:
    for tree in ("before", "after"):
        (tmp_path / tree / "app").mkdir(parents=True)
        (tmp_path / tree / "app/router.py").write_text("a = 1\n")
    (tmp_path / "after/app/router.py").write_text("a = 1\nb = 2\n")
    (tmp_path / "after/app/extra.py").write_text("c = 3\n")
    patch = _diff_u("-ruN", "before", "after", cwd=tmp_path)
    files = {f.path: f for f in parse_patch(patch).files}
    assert set(files) == {"app/router.py", "app/extra.py"}
    assert files["app/router.py"].added_lines == {2}
    assert files["app/extra.py"].status == "added"
    assert files["app/extra.py"].added_lines == {1}


def test_format_patch_series_touching_different_files(repo: GitRepo) -> None:
    repo.write("a.py", "a = 1\n")
    repo.write("b.py", "b = 1\n")
    repo.commit("base")
    repo.write("a.py", "a = 1\na2 = 2\n")
    repo.commit("one")
    repo.write("b.py", "b = 1\nb2 = 2\n")
    repo.commit("two")
    series = repo.git("format-patch", "--stdout", "HEAD~2")
    assert series.count(b"Subject: [PATCH") == 2
    files = {f.path: f.added_lines for f in parse_patch(series).files}
    assert files == {"a.py": {2}, "b.py": {2}}


def test_format_patch_series_changing_one_file_twice_equals_the_direct_diff(
    repo: GitRepo,
) -> None:
    repo.write("m.py", NUMBERED)
    repo.commit("base")
    first = NUMBERED.splitlines(keepends=True)
    first[0:0] = ["import os\n", "import sys\n"]  # shifts everything down by two
    first[21] = "line_20 = 'first'\n"
    repo.write("m.py", "".join(first))
    repo.commit("one")
    second = list(first)
    second[1] = "import json\n"  # rewrites a line the first patch added
    del second[10]  # removes an unchanged line
    second.append("tail = 1\n")
    repo.write("m.py", "".join(second))
    repo.commit("two")
    series = repo.git("format-patch", "--stdout", "HEAD~2")
    direct = repo.git("diff", "HEAD~2", "HEAD")
    combined = only(parse_patch(series).files)
    expected = only(parse_patch(direct).files)
    assert combined.added_lines == expected.added_lines
    final_lines = dict(enumerate("".join(second).splitlines(), start=1))
    assert all(final_lines[n] == text for n, text in combined.known_lines().items())


def test_truncated_hunk_names_the_hunk_header_line(repo: GitRepo) -> None:
    repo.write("a.py", NUMBERED)
    repo.commit()
    repo.write("a.py", NUMBERED.replace("line_10 = 10", "line_10 = 'ten'"))
    lines = repo.diff().splitlines(keepends=True)
    header = next(n for n, line in enumerate(lines, start=1) if line.startswith(b"@@"))
    truncated = b"".join(lines[: header + 2])
    with pytest.raises(AgentreviewError, match=rf"^patch line {header}: the hunk `@@ .*cut short"):
        parse_patch(truncated)


def test_hunk_cut_short_by_the_next_git_file_names_that_line() -> None:
    patch = (
        b"diff --git a/x.py b/x.py\n--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n"
        b"diff --git a/y.py b/y.py\n--- a/y.py\n+++ b/y.py\n@@ -1 +1 @@\n-y\n+z\n"
    )
    with pytest.raises(AgentreviewError, match=r"^patch line 8: expected another line of the hunk"):
        parse_patch(patch)


def test_hunk_running_into_the_next_plain_file_header_is_refused() -> None:
    # Without `diff --git` lines, the next file's `---`/`+++` read as a removed and an added
    # line that complete the short hunk; the header pair gives it away.
    patch = (
        b"--- a/x.py\n+++ b/x.py\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n"
        b"--- a/y.py\n+++ b/y.py\n@@ -1 +1 @@\n-y\n+z\n"
    )
    with pytest.raises(AgentreviewError, match=r"^patch line 7: the hunk .* runs into"):
        parse_patch(patch)


def test_lines_beyond_the_hunk_count_are_refused() -> None:
    patch = b"--- a/x.py\n+++ b/x.py\n@@ -1 +1 @@\n-a\n+b\n+c\n"
    with pytest.raises(AgentreviewError, match=r"^patch line 6: .*does not count it"):
        parse_patch(patch)


def test_text_that_is_not_a_diff_is_refused() -> None:
    with pytest.raises(AgentreviewError, match="holds no file changes"):
        parse_patch(b"import os\nprint(os.getcwd())\n")


def test_empty_patch_is_an_empty_review() -> None:
    parsed = parse_patch(b"")
    assert parsed.files == [] and parsed.notes == []


def test_truncated_combined_merge_diff_names_its_hunk() -> None:
    # Combined diffs are read (tests/hostile/test_odd_diffs.py); a cut one is still refused.
    patch = b"diff --cc a.py\nindex 1,2..3\n--- a/a.py\n+++ b/a.py\n@@@ -1,1 -1,1 +1,1 @@@\n"
    with pytest.raises(
        AgentreviewError, match=r"^patch line 5: the combined hunk `@@@ -1,1 -1,1 \+1,1 @@@` is cut"
    ):
        parse_patch(patch)


def test_coloured_git_output_is_refused_with_a_hint(repo: GitRepo) -> None:
    repo.write("a.py", "x = 1\n")
    repo.commit()
    repo.write("a.py", "x = 2\n")
    coloured = repo.diff("--color=always")
    with pytest.raises(AgentreviewError, match=r"^patch line 1: .*colour codes.*--no-color"):
        parse_patch(coloured)


def test_non_utf8_bytes_are_replaced_and_noted(repo: GitRepo) -> None:
    repo.write("latin.py", b"name = 'x'\n")
    repo.commit()
    repo.write("latin.py", b"name = 'caf\xe9'\n")
    parsed = parse_patch(repo.diff())
    changed = only(parsed.files)
    assert changed.post_image == [[(1, "name = 'caf\ufffd'")]]
    assert len(parsed.notes) == 1 and "not valid UTF-8" in parsed.notes[0]
    assert "patch line" in parsed.notes[0]


def test_paths_that_leave_the_tree_are_kept_as_written_for_the_source_stage() -> None:
    patch = b"--- a/../evil.py\n+++ b/../evil.py\n@@ -0,0 +1 @@\n+x = 1\n"
    changed = only(parse_patch(patch).files)
    assert changed.path == "../evil.py"

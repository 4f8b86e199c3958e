"""Reading the post-change file: only when it matches the patch, never outside the root."""

from __future__ import annotations

from pathlib import Path

from agentreview.diff import ChangedFile, parse_patch, read_post_change
from tests.diff.gitrepo import GitRepo

SOURCE = "import time\n\n\nasync def handler():\n    time.sleep(1)\n    return 1\n"


def change_of(repo: GitRepo, before: str, after: str, path: str = "app/main.py") -> ChangedFile:
    repo.write(path, before)
    repo.commit()
    repo.write(path, after)
    (changed,) = parse_patch(repo.diff()).files
    return changed


def test_matching_file_is_read_whole(repo: GitRepo) -> None:
    changed = change_of(repo, SOURCE, SOURCE + "\nextra = 1\n")
    source = read_post_change(changed, repo.root)
    assert source.text == SOURCE + "\nextra = 1\n"
    assert source.reason is None


def test_file_that_differs_on_a_context_line_is_not_used(repo: GitRepo) -> None:
    changed = change_of(repo, SOURCE, SOURCE + "\nextra = 1\n")
    repo.write("app/main.py", (SOURCE + "\nextra = 1\n").replace("return 1", "return 2"))
    source = read_post_change(changed, repo.root)
    assert source.text is None
    assert source.reason is not None and "line 6 differs" in source.reason


def test_file_too_short_for_the_patch_is_not_used(repo: GitRepo) -> None:
    changed = change_of(repo, SOURCE, SOURCE + "\nextra = 1\n")
    repo.write("app/main.py", "import time\n")
    source = read_post_change(changed, repo.root)
    assert source.text is None and source.reason is not None and "has 1 lines" in source.reason


def test_added_file_with_extra_lines_on_disk_is_not_used(repo: GitRepo) -> None:
    repo.commit()
    repo.write("new.py", "a = 1\n")
    (changed,) = parse_patch(repo.diff()).files
    repo.write("new.py", "a = 1\nb = 2\n")
    source = read_post_change(changed, repo.root)
    assert source.text is None and source.reason is not None and "new file" in source.reason


def test_missing_file(repo: GitRepo, tmp_path: Path) -> None:
    changed = change_of(repo, SOURCE, SOURCE + "x = 1\n")
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    source = read_post_change(changed, empty)
    assert source.text is None and source.reason is not None and "not found" in source.reason


def test_crlf_file_on_disk_matches_its_patch(repo: GitRepo) -> None:
    changed = change_of(repo, "a = 1\r\n", "a = 1\r\nb = 2\r\n", path="w.py")
    source = read_post_change(changed, repo.root)
    assert source.text == "a = 1\r\nb = 2\r\n"


def _patch_for(path: str) -> ChangedFile:
    patch = f"--- a/{path}\n+++ b/{path}\n@@ -0,0 +1 @@\n+secret = 1\n".encode()
    (changed,) = parse_patch(patch).files
    return changed


def test_paths_climbing_out_or_absolute_are_never_read(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (tmp_path / "outside.py").write_text("secret = 1\n")  # would match if it were read
    climbing = read_post_change(_patch_for("../outside.py"), root)
    assert climbing.text is None and climbing.reason is not None and "`..`" in climbing.reason
    absolute = _patch_for(str(tmp_path / "outside.py"))
    assert absolute.path.startswith("/")
    refused = read_post_change(absolute, root)
    assert refused.text is None and refused.reason is not None and "absolute" in refused.reason


def test_symlinks_leading_outside_the_root_are_never_followed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.py").write_text("secret = 1\n")  # would match if it were read
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "direct.py").symlink_to(outside / "x.py")
    for path in ("linked/x.py", "direct.py"):
        source = read_post_change(_patch_for(path), root)
        assert source.text is None
        assert source.reason is not None and "outside the repository" in source.reason


def test_symlink_inside_the_root_is_fine(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "real").mkdir(parents=True)
    (root / "real/x.py").write_text("secret = 1\n")
    (root / "alias").symlink_to(root / "real", target_is_directory=True)
    assert read_post_change(_patch_for("alias/x.py"), root).text == "secret = 1\n"


def test_non_utf8_file_is_decoded_with_replacement(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "l.py").write_bytes(b"name = 'caf\xe9'\n")
    patch = b"--- a/l.py\n+++ b/l.py\n@@ -0,0 +1 @@\n+name = 'caf\xe9'\n"
    (changed,) = parse_patch(patch).files
    source = read_post_change(changed, root)
    assert source.text == "name = 'caf\ufffd'\n" and source.undecodable

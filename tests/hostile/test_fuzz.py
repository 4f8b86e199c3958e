"""Property-based: whatever the bytes, the command keeps its contract, in time, and never
reads outside the repository.

tests/diff/test_diff_robustness.py fuzzes the parser alone on the example patch; these run
the real entry point (`agentreview.cli.main`, patch on stdin) on mutated diffs of every
shape (git, plain, series, rename, combined, binary, quoted), on random bytes, and on
generated diffs aimed at the ways out of a repository.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hostile.conftest import Sandbox
from tests.hostile.harness import PAYLOAD, check_contract, created, review, run_cli, write_tree

MODIFIED = (
    "diff --git a/app/x.py b/app/x.py\nindex 1111111..2222222 100644\n--- a/app/x.py\n"
    "+++ b/app/x.py\n@@ -1,4 +1,5 @@\n import time\n \n \n-def handler():\n+async def handler():\n"
    "+    time.sleep(1)\n@@ -10,2 +11,3 @@ def other():\n     return 1\n+# noqa: ASYNC002\n"
    " x = 2\n\\ No newline at end of file\n"
)
CREATED_AND_DELETED = created("app/new.py", PAYLOAD) + (
    "diff --git a/old.py b/old.py\ndeleted file mode 100644\nindex 3333333..0000000\n"
    "--- a/old.py\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-x = 1\n-y = 2\n"
)
RENAMED = (
    "diff --git a/a b.py b/c d.py\nsimilarity index 90%\nrename from a b.py\nrename to c d.py\n"
    "index 1111111..2222222 100644\n--- a/a b.py\n+++ b/c d.py\n@@ -4,0 +5 @@\n"
    "+    time.sleep(1)\n"
    'diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"\nold mode 100644\nnew mode 100755\n'
)
PLAIN = (
    "--- app/x.py.orig\t2024-01-01 00:00:00.000000000 +0000\n"
    "+++ app/x.py\t2024-01-02 00:00:00.000000000 +0000\n@@ -1,3 +1,5 @@\n import time\n"
    "+async def f():\n+    time.sleep(1)\n \n \n"
)
SERIES = "".join(
    f"From 000000000000000000000000000000000000000{n} Mon Sep 17 00:00:00 2001\n"
    f"From: Dev <dev@example.com>\nSubject: [PATCH {n}/2] change {n}\n\n---\n"
    f" app/x.py | 1 +\n\n{created(f'app/p{n}.py', PAYLOAD)}-- \n2.43.0\n\n"
    for n in (1, 2)
)
COMBINED = (
    "diff --cc app.py\nindex 1111111,2222222..3333333\n--- a/app.py\n+++ b/app.py\n"
    "@@@ -1,3 -1,3 +1,4 @@@\n  import time\n- x = 100\n -x = 10\n++async def f():\n"
    "++    time.sleep(1)\n  y = 2\n"
)
BINARY = (
    "diff --git a/logo.png b/logo.png\nindex 1111111..2222222 100644\n"
    "Binary files a/logo.png and b/logo.png differ\n"
    "diff --git a/blob.bin b/blob.bin\nnew file mode 100644\nindex 0000000..1111111\n"
    "GIT binary patch\nliteral 3\nKcmZ?wJ^%m!00030\n\nliteral 0\nHcmV?d00001\n\n"
)
BASES = [
    text.encode() for text in (MODIFIED, CREATED_AND_DELETED, RENAMED, PLAIN, SERIES, COMBINED)
] + [BINARY.encode()]

INJECTED = [
    b"\r",
    b"\r\n",
    b"\x00",
    b"\x1b[31m",
    b"\x1b]0;x\x07",
    "\u2028".encode(),
    "\x85".encode(),
    "\u202e".encode(),
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",  # a cut UTF-8 sequence
    b"\n::error::FORGED\n",
    b"##[add-mask]FORGED",
]
TRICKY_LINES = [
    b"@@ -1,2 +1,3 @@\n",
    b"@@@ -1,1 -1,1 +1,1 @@@\n",
    b"@@ -0,0 +0,0 @@\n",
    b"@@ -99999999999999999999 +1 @@\n",
    b"--- a/x.py\n",
    b"+++ b/x.py\n",
    b"--- /dev/null\n",
    b'diff --git "a/x b/y\n',
    b"diff --git a/x.py b/x.py\n",
    b"diff --cc x.py\n",
    b"index 1,2..3\n",
    b"new file mode 100644\n",
    b"deleted file mode 120000\n",
    b"rename from ../../etc/passwd\n",
    b"\\ No newline at end of file\n",
    b"Binary files a/x and b/x differ\n",
    b"GIT binary patch\n",
    b"-- \n",
    b"\n",
]
HUNK_HEADER = re.compile(rb"^@@ -\d+(,\d+)? \+\d+(,\d+)? @@", re.MULTILINE)


@st.composite
def mutated_patches(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(BASES)))
    for _ in range(draw(st.integers(1, 4))):
        lines = bytes(data).splitlines(keepends=True)
        action = draw(
            st.sampled_from(["truncate", "drop", "copy", "counts", "bytes", "inject", "line"])
        )
        where = draw(st.integers(0, max(len(data) - 1, 0)))
        line = draw(st.integers(0, max(len(lines) - 1, 0)))
        if action == "truncate":
            data = data[:where]
        elif action == "drop" and lines:
            del lines[line]
            data = bytearray(b"".join(lines))
        elif action == "copy" and lines:
            lines.insert(line, lines[draw(st.integers(0, len(lines) - 1))])
            data = bytearray(b"".join(lines))
        elif action == "counts":
            headers = list(HUNK_HEADER.finditer(data))
            if headers:
                header = headers[draw(st.integers(0, len(headers) - 1))]
                numbers = [draw(st.integers(0, 40)) for _ in range(4)]
                new = b"@@ -%d,%d +%d,%d @@" % tuple(numbers)
                data[header.start() : header.end()] = new
        elif action == "bytes":
            data[where:where] = draw(st.binary(min_size=1, max_size=24))
        elif action == "inject":
            data[where:where] = draw(st.sampled_from(INJECTED))
        elif lines:
            lines[line] = draw(st.sampled_from(TRICKY_LINES))
            data = bytearray(b"".join(lines))
    return bytes(data)


FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # the time bound is checked by check_contract, per input, measured


@FUZZ
@given(mutated_patches(), st.sampled_from(["json", "sarif"]))
def test_mutated_patches_keep_the_exit_contract(patch: bytes, fmt: str) -> None:
    check_contract(review(patch, fmt=fmt), fmt)


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes_keep_the_exit_contract(patch: bytes) -> None:
    check_contract(review(patch))


@FUZZ
@given(st.lists(st.sampled_from(INJECTED + TRICKY_LINES), max_size=30).map(b"".join))
def test_diff_syntax_soup_keeps_the_exit_contract(patch: bytes) -> None:
    check_contract(review(patch))


# -- never a read outside the repository -----------------------------------------------------

# Spellings of the ways out of `repo/` (see conftest.Sandbox), as a hostile patch may write them.
WAYS_OUT = [
    "../outside/secret.py",
    "./../outside/secret.py",
    "app/../../outside/secret.py",
    "link.py",
    "./link.py",
    "linked/secret.py",
    "linked//secret.py",
    "linked/./secret.py",
]


def header(path: str, style: str) -> str:
    quoted = "".join(f"\\{byte:03o}" for byte in path.encode())  # every byte octal-escaped
    if style == "git":
        return f"diff --git a/{path} b/{path}\nindex 1111111..2222222 100644\n--- a/{path}\n+++ b/{path}\n"
    if style == "git-quoted":
        return f'diff --git "a/{quoted}" "b/{quoted}"\n--- "a/{quoted}"\n+++ "b/{quoted}"\n'
    if style == "rename":
        return (
            f"diff --git a/inside.py b/{path}\nsimilarity index 99%\nrename from inside.py\n"
            f"rename to {path}\n--- a/inside.py\n+++ b/{path}\n"
        )
    return f"--- {path}\n+++ {path}\n"  # plain: diff -u PATH PATH


@st.composite
def escape_attempts(draw: st.DrawFn, secret: str) -> bytes:
    files = draw(
        st.lists(
            st.tuples(
                st.sampled_from([*WAYS_OUT, secret, "inside.py"]),
                st.sampled_from(["git", "git-quoted", "rename", "plain"]),
            ),
            min_size=1,
            max_size=5,
        )
    )
    text = "".join(
        f"{header(path, style)}@@ -4,0 +5 @@\n+    time.sleep(1)\n" for path, style in files
    )
    data = text.encode()
    return data.replace(b"\n", b"\r\n") if draw(st.booleans()) else data


@pytest.fixture(scope="module")
def module_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    root = tmp_path_factory.mktemp("sandbox")
    repo, outside = root / "repo", root / "outside"
    write_tree(outside, {"secret.py": PAYLOAD})
    write_tree(repo, {"inside.py": PAYLOAD, "app/__init__.py": ""})
    (repo / "link.py").symlink_to("../outside/secret.py")
    (repo / "linked").symlink_to("../outside", target_is_directory=True)
    return Sandbox(repo, outside / "secret.py")


@given(data=st.data())
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
def test_generated_diffs_never_read_outside_the_repository(
    module_sandbox: Sandbox, data: st.DataObject
) -> None:
    patch = data.draw(escape_attempts(str(module_sandbox.secret)))
    run = run_cli(
        "review", "-", "--repo", str(module_sandbox.repo), "--format", "json", stdin=patch
    )
    document = check_contract(run)
    if document is None:  # refused (a rename onto an escaping path, say): nothing was read
        return
    # The sleep line alone gives a finding only when its file is read whole: only inside.py.
    assert {finding["path"] for finding in document["findings"]} <= {"inside.py"}
    for entry in document["files"]:
        assert (
            entry["mode"] != "full"
            or Path(module_sandbox.repo, entry["path"]).resolve()
            == (module_sandbox.repo / "inside.py").resolve()
        )

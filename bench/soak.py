"""Soak: replay a repository's history through the reviewer, one commit at a time.

    uv run python bench/soak.py                       # this repository, every commit
    uv run python bench/soak.py --repo PATH --max-commits 200
    uv run python bench/soak.py --synthetic 300       # a FastAPI repository built here
    uv run python bench/soak.py --diff-only --json    # no checked-out trees; JSON summary

For each commit, oldest first, `git show` writes its patch (merges as git shows them: a
combined diff), and the reviewer runs on it in this process through the real entry point
(`agentreview.cli.main`, patch on stdin, `--format json`). By default it reviews against the
commit's own tree (exported with `git archive` into a temporary folder, so whole files are
read as in CI); `--diff-only` reads nothing but the patch. The repository is only read.

Reported: commits, files (by mode), findings by rule, failures (exit 2, or an exception,
with the commit), and time per commit (total, median, worst), reviews running in one
process (`AGENTREVIEW_JOBS=1` unless set). The exit code is 1 when anything failed.

`--synthetic N` first builds a repository of N commits of FastAPI code in a temporary
folder: routes, models and dependencies added, edited, renamed and deleted, with the
anti-patterns the rules flag, and with the shapes hostile diffs take (merges with
conflict resolutions, CRLF files, non-ASCII and spaced names, mode changes, symlinks,
binary files, a file that does not parse, dependency pins). Everything derives from
`--seed`, so a run can be repeated.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GIT = ["git", "-c", "core.quotepath=true", "-c", "color.ui=never"]


# -- running the reviewer ----------------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    document: dict[str, Any] | None
    error: str  # stderr on exit 2, the traceback's last line on an exception
    seconds: float


def review(patch: bytes, tree: Path | None) -> Outcome:
    """`agentreview review - --format json` in this process, as a user's shell would run it."""
    from agentreview.cli import main

    where = ["--repo", str(tree)] if tree is not None else ["--diff-only"]
    saved = sys.argv, sys.stdin
    sys.argv = ["agentreview", "review", "-", "--format", "json", "--fail-on", "never", *where]
    sys.stdin = io.TextIOWrapper(io.BytesIO(patch))
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exited:
        code = exited.code if isinstance(exited.code, int) else 1
    except BaseException:  # a traceback: exactly what the soak is here to find
        error = traceback.format_exc().strip().splitlines()[-1]
        return Outcome(-1, None, error, time.perf_counter() - start)
    finally:
        sys.argv, sys.stdin = saved
    seconds = time.perf_counter() - start
    if code in (0, 1):
        try:
            return Outcome(code, json.loads(out.getvalue()), "", seconds)
        except ValueError as exc:
            return Outcome(-1, None, f"invalid JSON report: {exc}", seconds)
    return Outcome(code, None, err.getvalue().strip(), seconds)


# -- replaying a history -----------------------------------------------------------------------


def git(repo: Path, *args: str) -> bytes:
    return subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True).stdout


def commits(repo: Path, max_commits: int | None) -> list[str]:
    """The newest `max_commits` commits of HEAD's history (all by default), oldest first."""
    limit = ["--max-count", str(max_commits)] if max_commits else []
    listed = git(repo, "rev-list", "--topo-order", *limit, "HEAD").decode().split()
    return listed[::-1]


@contextlib.contextmanager
def checked_out(repo: Path, commit: str) -> Iterator[Path]:
    """The commit's tree in a temporary folder (`git archive`: the repository is not touched)."""
    with tempfile.TemporaryDirectory(prefix="soak-tree-") as folder:
        archive = git(repo, "archive", "--format=tar", commit)
        subprocess.run(["tar", "-x", "-C", folder], input=archive, check=True)
        yield Path(folder)


@dataclass
class Summary:
    repo: str
    commits: int = 0
    patch_bytes: int = 0
    files: Counter[str] = field(default_factory=Counter)  # by mode
    findings: Counter[str] = field(default_factory=Counter)  # by rule
    failures: list[dict[str, str]] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    worst_commit: str = ""

    def add(self, commit: str, patch: bytes, outcome: Outcome) -> None:
        self.commits += 1
        self.patch_bytes += len(patch)
        self.seconds.append(outcome.seconds)
        if outcome.seconds >= max(self.seconds):
            self.worst_commit = commit
        if outcome.document is None:
            kind = "exception" if outcome.code == -1 else f"exit {outcome.code}"
            self.failures.append({"commit": commit, "kind": kind, "error": outcome.error})
            return
        self.files.update(entry["mode"] for entry in outcome.document["files"])
        self.findings.update(finding["rule_id"] for finding in outcome.document["findings"])

    def as_dict(self) -> dict[str, Any]:
        return {
            "repo": self.repo,
            "commits": self.commits,
            "patch_bytes": self.patch_bytes,
            "files": sum(self.files.values()),
            "files_by_mode": dict(sorted(self.files.items())),
            "findings": sum(self.findings.values()),
            "findings_by_rule": dict(sorted(self.findings.items())),
            "failures": self.failures,
            "seconds_total": round(sum(self.seconds), 3),
            "seconds_median": round(statistics.median(self.seconds), 3) if self.seconds else 0,
            "seconds_worst": round(max(self.seconds), 3) if self.seconds else 0,
            "worst_commit": self.worst_commit,
        }


def soak(repo: Path, *, max_commits: int | None = None, diff_only: bool = False) -> Summary:
    summary = Summary(str(repo))
    for commit in commits(repo, max_commits):
        patch = git(repo, "show", "--format=", "--no-ext-diff", "--no-color", commit)
        if diff_only:
            outcome = review(patch, None)
        else:
            with checked_out(repo, commit) as tree:
                outcome = review(patch, tree)
        summary.add(commit[:12], patch, outcome)
    return summary


def describe(summary: Summary) -> str:
    facts = summary.as_dict()
    modes = ", ".join(f"{count} {mode}" for mode, count in facts["files_by_mode"].items())
    rules = ", ".join(f"{rule} {count}" for rule, count in facts["findings_by_rule"].items())
    lines = [
        f"repository: {facts['repo']}",
        f"commits:    {facts['commits']} ({facts['patch_bytes']:,} bytes of patches)",
        f"files:      {facts['files']} ({modes or 'none'})",
        f"findings:   {facts['findings']} ({rules or 'none'})",
        f"failures:   {len(facts['failures'])}",
        *(f"  {f['commit']}: {f['kind']}: {f['error']}" for f in facts["failures"]),
        f"time:       {facts['seconds_total']:.2f}s total, {facts['seconds_median']:.3f}s median, "
        f"{facts['seconds_worst']:.3f}s worst per commit ({facts['worst_commit']})",
    ]
    return "\n".join(lines)


# -- a synthetic FastAPI history ---------------------------------------------------------------

_NOUNS = ("user", "order", "invoice", "product", "payment", "review", "cart", "shipment")

# Route bodies; about a third carry an anti-pattern the reviewer flags.
_BODIES = (
    ("    return {{'id': {name}_id}}\n", False),
    ("    item = await fetch_{name}({name}_id)\n    return item\n", False),
    ("    time.sleep(0.1)\n    return {{'id': {name}_id}}\n", True),
    ("    response = requests.get(f'https://api.example.com/{name}s/{{{name}_id}}')\n"
     "    return response.json()\n", True),
    ("    payload = {model}(id={name}_id)\n    return payload.dict()\n", True),
    ("    async with httpx.AsyncClient() as client:\n"
     "        response = await client.get('https://api.example.com/{name}')\n"
     "    return response.json()\n", False),
)  # fmt: skip

_MODULE_HEAD = """import time

import httpx
import requests
from fastapi import APIRouter, Depends
from pydantic import BaseModel

router = APIRouter()


class {model}(BaseModel):
    id: int


async def fetch_{name}({name}_id: int) -> dict[str, int]:
    return {{"id": {name}_id}}
"""


def _route(name: str, index: int, rng: random.Random) -> str:
    body, _ = rng.choice(_BODIES)
    model = name.capitalize()
    decorator = f'@router.get("/{name}s/{{{name}_id}}/v{index}")\n'
    head = f"async def get_{name}_{index}({name}_id: int):\n"
    return "\n\n" + decorator + head + body.format(name=name, model=model)


class _SyntheticRepo:
    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.modules: list[str] = []
        self.routes = 0
        self.serial = 0  # makes every new module's path unique
        self.run("init", "-q", "-b", "main")
        self.run("config", "user.email", "soak@example.com")
        self.run("config", "user.name", "Soak")
        self.run("config", "core.autocrlf", "false")
        self.run("config", "commit.gpgsign", "false")

    def run(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True)

    def write(self, path: str, text: str | bytes) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode() if isinstance(text, str) else text)

    def commit(self, message: str) -> None:
        self.run("add", "-A")
        self.run("commit", "-q", "--allow-empty", "-m", message)

    def new_module(self, path: str | None = None) -> str:
        name = self.rng.choice(_NOUNS)
        self.serial += 1
        path = path or f"app/{name}s_{self.serial}/router.py"
        text = _MODULE_HEAD.format(name=name, model=name.capitalize())
        text += "".join(_route(name, self.routes + n, self.rng) for n in range(3))
        self.routes += 3
        self.write(path, text)
        self.modules.append(path)
        return path

    def add_route(self) -> None:
        path = self.rng.choice(self.modules)
        text = (self.root / path).read_bytes().decode("utf-8", "replace")
        name = text.split("async def fetch_", 1)[1].split("(", 1)[0] if "fetch_" in text else "user"
        self.routes += 1
        self.write(path, text + _route(name, self.routes, self.rng))

    def edit_line(self) -> None:
        path = self.rng.choice(self.modules)
        lines = (self.root / path).read_bytes().decode("utf-8", "replace").split("\n")
        index = self.rng.randrange(len(lines))
        if lines[index].startswith("    return"):
            lines[index] = "    time.sleep(0.01)\n" + lines[index]
        else:
            lines[index] = lines[index] + "  # reviewed"
        self.write(path, "\n".join(lines))

    def rename(self) -> None:
        old = self.rng.choice(self.modules)
        new = old.replace("router.py", f"routes_{self.rng.randrange(1000)}.py")
        if new == old or (self.root / new).exists():
            return
        self.run("mv", old, new)
        self.modules[self.modules.index(old)] = new
        if self.rng.random() < 0.5:
            self.add_route()

    def delete(self) -> None:
        if len(self.modules) > 2:
            path = self.modules.pop(self.rng.randrange(len(self.modules)))
            self.run("rm", "-q", path)

    def odd_file(self) -> None:
        kind = self.rng.choice(
            ["crlf", "non-ascii", "space", "mode", "symlink", "binary", "broken", "deps", "nul"]
        )
        if kind == "crlf":
            path = self.new_module(f"app/crlf_{self.routes}.py")
            self.write(path, (self.root / path).read_text().replace("\n", "\r\n"))
        elif kind == "non-ascii":
            self.new_module(f"app/données_{self.routes}/café.py")
        elif kind == "space":
            self.new_module(f"app/my module {self.routes}.py")
        elif kind == "mode":
            (self.root / self.rng.choice(self.modules)).chmod(0o755)
        elif kind == "symlink":
            link = self.root / f"app/link_{self.routes}.py"
            if not link.exists():
                link.symlink_to("../../outside.py")
        elif kind == "binary":
            self.write(
                f"static/blob_{self.routes}.bin", bytes(self.rng.randrange(256) for _ in range(64))
            )
        elif kind == "broken":
            self.write(f"app/broken_{self.routes}.py", "async def half(:\n    time.sleep(1)\n")
        elif kind == "deps":
            pin = self.rng.choice(["fastapi==0.95.0", "fastapi>=0.115", "pydantic<2", "httpx"])
            self.write("requirements.txt", f"{pin}\nuvicorn\n")
        else:
            self.write(f"app/nul_{self.routes}.py", "x = 1  # \x00\nimport time\n")
        self.routes += 1

    def merge(self) -> None:
        """A side branch and the main line edit the same module; the merge resolves the
        conflict with code of its own (what a combined diff shows)."""
        path = self.rng.choice(self.modules)
        base = (self.root / path).read_bytes().decode("utf-8", "replace")
        self.run("checkout", "-q", "-b", f"side{self.routes}")
        self.write(path, base + "\n\nSIDE = 1\n")
        self.commit("side change")
        self.run("checkout", "-q", "main")
        self.write(path, base + "\n\nMAIN = 1\n")
        self.commit("main change")
        subprocess.run(
            ["git", "merge", "-q", f"side{self.routes}"], cwd=self.root, capture_output=True
        )
        resolution = "\n\nasync def resolved():\n    time.sleep(1)\n"
        self.write(path, base + resolution)
        self.commit("merge side branch")
        self.routes += 1

    def build(self, commits: int) -> None:
        self.write("pyproject.toml", '[project]\nname = "shop"\nversion = "0.1.0"\n')
        self.write("requirements.txt", "fastapi>=0.115\npydantic>=2.7\n")
        self.write("app/__init__.py", "")
        self.write("app/main.py", "from fastapi import FastAPI\n\napp = FastAPI()\n")
        self.new_module()
        self.commit("initial FastAPI app")
        steps = [
            (self.add_route, 30),
            (self.edit_line, 20),
            (self.new_module, 12),
            (self.rename, 8),
            (self.delete, 5),
            (self.odd_file, 15),
            (self.merge, 5),
        ]
        actions, weights = zip(*steps, strict=True)
        made = 1
        while made < commits:
            action = self.rng.choices(actions, weights)[0]
            action()
            self.commit(f"step {made}: {action.__name__.strip('_')}")
            made += 3 if action == self.merge else 1


def synthetic_repo(folder: Path, commits: int, seed: int) -> Path:
    root = folder / "shop"
    root.mkdir()
    _SyntheticRepo(root, seed).build(commits)
    return root


# -- command line ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--max-commits", type=int, default=None, help="the newest N commits")
    parser.add_argument("--synthetic", type=int, metavar="N", help="build and soak N commits")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--diff-only", action="store_true", help="read nothing but the patches")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("AGENTREVIEW_JOBS", "1")  # one commit at a time, one process
    with tempfile.TemporaryDirectory(prefix="soak-") as folder:
        repo = args.repo
        if args.synthetic:
            repo = synthetic_repo(Path(folder), args.synthetic, args.seed)
        summary = soak(repo, max_commits=args.max_commits, diff_only=args.diff_only)
        if args.synthetic:
            summary.repo = f"synthetic ({args.synthetic} commits, seed {args.seed})"
    print(json.dumps(summary.as_dict(), indent=2) if args.json else describe(summary))
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""The reviewer's speed, measured against the floor of its stack, libcst, ruff and semgrep.

    uv run python bench/bench.py                      # everything, 5 runs
    uv run --with semgrep python bench/bench.py       # ... with semgrep beside us
    uv run python bench/bench.py --runs 9 --items 2,4 --big-lines 10000

The script builds its inputs in a temporary folder (synthetic FastAPI modules with a
sprinkling of anti-patterns, `bench/synthetic.py`; git repositories; patches made by
`git diff`) and times whole commands as a user runs them, each several times, interleaved,
reporting medians and the ratios measured in the same run:

1. `agentreview rules show ASYNC001` against `python -c "import typer"` (target <= 1.5x);
2. a 1-line change in a 5,000-line file against the same change in a 50-line file
   (target <= 1.5x: the cost follows the change, not the file);
3. a PR-sized diff (10 files, ~300 changed lines) end to end, against semgrep with
   equivalent rules on the same files (target: semgrep takes >= 4x as long);
4. a large diff (~20,000 added lines in 40 new files) against a bare `libcst.parse_module`
   of the same files in one process (target <= 2x, peak RSS under 500 MB);
5. the same inputs through `ruff check --select ASYNC,FAST,UP` and semgrep, side by side.

ruff and semgrep check whole files (they do not read diffs). semgrep is used when it is
installed (on PATH, or `SEMGREP=/path/to/semgrep`); `uv run --with semgrep` installs it for
one run. Peak RSS is the largest process's (`getrusage` of the children) and the sampled sum
of the whole process tree (Linux).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic  # a sibling script, not a package

# The console script, as users run it (`python -m` would add runpy's start-up).
_SCRIPT = Path(sys.executable).parent / "agentreview"
AGENTREVIEW = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "agentreview.cli"]
RUFF_SELECT = "ASYNC,FAST,UP"
GIT = [
    "git",
    "-c",
    "user.name=bench",
    "-c",
    "user.email=bench@example.com",
    "-c",
    "commit.gpgsign=false",
    "-c",
    "core.autocrlf=false",
]

# Rules equivalent to the ones agentreview checks on these inputs, written for semgrep.
SEMGREP_RULES = """\
rules:
  - id: async001-blocking-http
    languages: [python]
    severity: ERROR
    message: blocking HTTP call in async def
    patterns:
      - pattern-inside: |
          async def $F(...):
            ...
      - pattern-either:
          - pattern: requests.$M(...)
          - pattern: urllib.request.urlopen(...)
          - pattern: httpx.$M(...)
      - metavariable-regex:
          metavariable: $M
          regex: ^(get|post|put|patch|delete|head|options|request|urlopen)$
  - id: async002-time-sleep
    languages: [python]
    severity: ERROR
    message: time.sleep in async def
    patterns:
      - pattern-inside: |
          async def $F(...):
            ...
      - pattern: time.sleep(...)
  - id: async003-blocking-file-io
    languages: [python]
    severity: WARNING
    message: blocking file I/O in async def
    patterns:
      - pattern-inside: |
          async def $F(...):
            ...
      - pattern-either:
          - pattern: open(...)
          - pattern: pathlib.Path(...).read_text(...)
          - pattern: pathlib.Path(...).write_text(...)
  - id: async005-subprocess
    languages: [python]
    severity: WARNING
    message: blocking subprocess in async def
    patterns:
      - pattern-inside: |
          async def $F(...):
            ...
      - pattern-either:
          - pattern: subprocess.$M(...)
          - pattern: os.system(...)
  - id: dep001-depends-default
    languages: [python]
    severity: WARNING
    message: use Annotated[T, Depends(...)] instead of a Depends default
    pattern-either:
      - pattern: |
          def $F(..., $P = fastapi.Depends(...), ...):
            ...
      - pattern: |
          def $F(..., $P: $T = fastapi.Depends(...), ...):
            ...
      - pattern: |
          async def $F(..., $P = fastapi.Depends(...), ...):
            ...
      - pattern: |
          async def $F(..., $P: $T = fastapi.Depends(...), ...):
            ...
  - id: lint002-typing-aliases
    languages: [python]
    severity: INFO
    message: write X | None and builtin generics
    pattern-either:
      - pattern: typing.Optional[$X]
      - pattern: typing.Union[$...X]
      - pattern: typing.List[$X]
      - pattern: typing.Dict[$K, $V]
  - id: lint003-print-in-route
    languages: [python]
    severity: INFO
    message: print() in a route
    patterns:
      - pattern-inside: |
          @$R.$M(...)
          async def $F(...):
            ...
      - pattern: print(...)
  - id: lint004-utcnow
    languages: [python]
    severity: INFO
    message: datetime.utcnow() is deprecated
    pattern: datetime.datetime.utcnow()
  - id: pyd004-dict
    languages: [python]
    severity: WARNING
    message: .dict() is deprecated on pydantic v2 models
    pattern: $X.dict(...)
  - id: pyd005-validator
    languages: [python]
    severity: WARNING
    message: "@validator is pydantic v1"
    pattern: |
      @pydantic.validator(...)
      def $F(...):
        ...
  - id: api003-on-event
    languages: [python]
    severity: WARNING
    message: on_event is deprecated, use a lifespan
    pattern: |
      @$APP.on_event(...)
      def $F(...):
        ...
"""


# --- running and timing commands ---------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    argv: list[str]
    cwd: Path | None = None
    ok_codes: tuple[int, ...] = (0,)
    check: Callable[[str], None] | None = None  # validates the output of the first run


@dataclass
class Measured:
    samples: list[float] = field(default_factory=list)  # wall-clock seconds
    cpu: list[float] = field(default_factory=list)  # user + system seconds, all processes
    rss_largest_mb: float | None = None
    rss_total_mb: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def median_cpu(self) -> float:
        return statistics.median(self.cpu)


def run(command: Command, env: dict[str, str]) -> str:
    result = subprocess.run(
        command.argv, cwd=command.cwd, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode not in command.ok_codes:
        raise SystemExit(
            f"bench: {' '.join(command.argv[:4])}... exited {result.returncode}:\n"
            f"{result.stderr[-2000:]}"
        )
    return result.stdout


def measure(
    commands: dict[str, Command], runs: int, env: dict[str, str], *, rss: Sequence[str] = ()
) -> dict[str, Measured]:
    """Each command once untimed (warm-up and checks), then `runs` timed rounds, interleaved
    so that a slow spell of the machine hits every command alike."""
    measured = {name: Measured() for name in commands}
    for command in commands.values():
        output = run(command, env)
        if command.check is not None:
            command.check(output)
    for _ in range(runs):
        for name, command in commands.items():
            before = _children_cpu()
            start = time.perf_counter()
            run(command, env)
            measured[name].samples.append(time.perf_counter() - start)
            measured[name].cpu.append(_children_cpu() - before)
    for name in rss:
        measured[name].rss_largest_mb, measured[name].rss_total_mb = peak_rss(commands[name], env)
    return measured


def _children_cpu() -> float:
    """CPU seconds of the waited-for children so far (a review's workers included: the
    review waits for them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss(command: Command, env: dict[str, str]) -> tuple[float, float | None]:
    """(largest process, sampled sum of the process tree) in MB, from a wrapper process so
    that other commands' children do not count."""
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--rss-of", "--", *command.argv]
    output = run(Command(wrapper, command.cwd, ok_codes=(0,)), env)
    largest, total = json.loads(output.strip().splitlines()[-1])
    return largest, total


def rss_of(argv: list[str]) -> None:
    """Run `argv`; print [largest process MB, sampled process-tree MB or null] as JSON."""
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    total_peak = 0
    sampling = Path("/proc").is_dir()
    while process.poll() is None:
        if sampling:
            total_peak = max(total_peak, _tree_rss_bytes(process.pid))
        time.sleep(0.01)
    largest_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps([largest_kb / 1024, total_peak / 2**20 if sampling else None]))


def _tree_rss_bytes(root: int) -> int:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in tree:
        try:
            total += int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def _spin(seconds: float) -> int:
    """Busy work for `seconds`; returns how much was done."""
    end = time.perf_counter() + seconds
    done = 0
    while time.perf_counter() < end:
        done += 1
    return done


def parallel_capacity(seconds: float = 1.0) -> float:
    """How much more work two processes get done than one in the same time (2.0 on two free
    cores; less when other jobs share them), so a reader can tell what parallel items had."""
    import multiprocessing

    alone = _spin(seconds)
    with multiprocessing.Pool(2) as pool:
        together = sum(pool.map(_spin, [seconds, seconds]))
    return together / alone


# --- inputs ------------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        [*GIT, "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def new_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    git(path, "init", "-q")
    (path / "README.md").write_text("bench repository\n")
    write_files(path, files)
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "base")
    return path


def write_files(repo: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


def diff(repo: Path, patch: Path, *paths: str, cached: bool = False) -> int:
    """Writes `git diff` of `paths` to `patch`; returns the number of changed lines."""
    text = git(repo, "diff", *(["--cached"] if cached else []), "--", *paths)
    patch.write_text(text)
    return sum(
        1 for line in text.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))
    )


def review(patch: Path, repo: Path, check: Callable[[str], None] | None = None) -> Command:
    argv = [*AGENTREVIEW, "review", str(patch), "--repo", str(repo), "--format", "json"]
    return Command([*argv, "--fail-on", "never"], check=check)


def expect_findings(
    minimum: int, *, on_line: tuple[str, int] | None = None
) -> Callable[[str], None]:
    """A check that the review found something (so that the bench times a real review)."""

    def check(output: str) -> None:
        findings = json.loads(output)["findings"]
        if len(findings) < minimum:
            raise SystemExit(f"bench: expected >= {minimum} findings, got {len(findings)}")
        if on_line is not None and not any(
            (finding["path"], finding["line"]) == on_line for finding in findings
        ):
            raise SystemExit(f"bench: no finding on {on_line[0]}:{on_line[1]}")

    return check


# --- the tools beside us -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tools:
    ruff: str | None
    semgrep: str | None
    rules: Path

    def ruff_command(self, files: Sequence[Path]) -> Command | None:
        if self.ruff is None:
            return None
        argv = [self.ruff, "check", "--isolated", "--no-cache", "--select", RUFF_SELECT]
        argv += ["--target-version", "py311", "--quiet", *map(str, files)]
        return Command(argv, ok_codes=(0, 1))

    def semgrep_command(self, files: Sequence[Path]) -> Command | None:
        if self.semgrep is None:
            return None
        argv = [self.semgrep, "scan", "--config", str(self.rules), "--metrics=off"]
        argv += ["--disable-version-check", "--quiet", "--json", *map(str, files)]
        return Command(argv, ok_codes=(0, 1))


def find_tool(name: str, variable: str) -> str | None:
    given = os.environ.get(variable)
    if given:
        return given if Path(given).exists() or shutil.which(given) else None
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.exists() else None)


# --- the items ---------------------------------------------------------------------------------


@dataclass
class Row:
    item: str
    label: str
    ours: Measured
    baseline: Measured | None
    baseline_label: str
    target: str
    met: bool | None
    ratio_text: str


@dataclass
class ToolRow:
    label: str
    ours: Measured
    ruff: Measured | None
    semgrep: Measured | None


@dataclass
class Bench:
    args: argparse.Namespace
    workdir: Path
    env: dict[str, str]
    tools: Tools
    rows: list[Row] = field(default_factory=list)
    tool_rows: list[ToolRow] = field(default_factory=list)
    capacity: list[float] = field(default_factory=list)

    def time(
        self, commands: dict[str, Command | None], rss: Sequence[str] = ()
    ) -> dict[str, Measured]:
        present = {name: command for name, command in commands.items() if command is not None}
        return measure(present, self.args.runs, self.env, rss=[n for n in rss if n in present])

    def query(self) -> None:
        floor = Command([sys.executable, "-c", "import typer"])
        ours = Command([*AGENTREVIEW, "rules", "show", "ASYNC001"])
        got = self.time({"floor": floor, "ours": ours})
        ratio = got["ours"].median / got["floor"].median
        self.rows.append(
            Row(
                "1",
                "rules show ASYNC001 (warm cache)",
                got["ours"],
                got["floor"],
                'python -c "import typer"',
                "<= 1.5x",
                ratio <= 1.5,
                f"{ratio:.2f}x",
            )
        )

    def one_line_change(self) -> None:
        big = synthetic.fastapi_module(self.args.big_lines, seed=11)
        small = synthetic.fastapi_module(self.args.small_lines, seed=11)
        repo = new_repo(self.workdir / "one-line", {"app/big.py": big, "app/small.py": small})
        write_files(
            repo,
            {
                "app/big.py": synthetic.change_one_line(big),
                "app/small.py": synthetic.change_one_line(small),
            },
        )
        patches = {}
        for name in ("big", "small"):
            patch = self.workdir / f"one-line-{name}.patch"
            changed = diff(repo, patch, f"app/{name}.py")
            assert changed == 2, f"expected a 1-line change, got {changed} +/- lines"
            patches[name] = patch
        big_line = _changed_line(big)
        small_line = _changed_line(small)
        files = {name: repo / "app" / f"{name}.py" for name in ("big", "small")}
        got = self.time(
            {
                "big": review(
                    patches["big"], repo, expect_findings(1, on_line=("app/big.py", big_line))
                ),
                "small": review(
                    patches["small"], repo, expect_findings(1, on_line=("app/small.py", small_line))
                ),
                "ruff big": self.tools.ruff_command([files["big"]]),
                "ruff small": self.tools.ruff_command([files["small"]]),
                "semgrep big": self.tools.semgrep_command([files["big"]]),
                "semgrep small": self.tools.semgrep_command([files["small"]]),
            }
        )
        ratio = got["big"].median / got["small"].median
        big_size, small_size = big.count("\n"), small.count("\n")
        self.rows.append(
            Row(
                "2",
                f"1-line change in a {big_size:,}-line file",
                got["big"],
                got["small"],
                f"same change, {small_size}-line file",
                "<= 1.5x",
                ratio <= 1.5,
                f"{ratio:.2f}x",
            )
        )
        for name, size in (("big", big_size), ("small", small_size)):
            self.tool_rows.append(
                ToolRow(
                    f"1-line change, {size:,}-line file",
                    got[name],
                    got.get(f"ruff {name}"),
                    got.get(f"semgrep {name}"),
                )
            )

    def pull_request(self) -> None:
        count, lines = self.args.pr_files, self.args.pr_file_lines
        names = [f"app/service_{index}/router.py" for index in range(count)]
        originals = {
            name: synthetic.fastapi_module(lines, seed=100 + index)
            for index, name in enumerate(names)
        }
        repo = new_repo(self.workdir / "pull-request", originals)
        changed_files = {
            name: _insert_in_middle(text, synthetic.new_route(100 + index, index))
            for index, (name, text) in enumerate(originals.items())
        }
        write_files(repo, changed_files)
        patch = self.workdir / "pull-request.patch"
        changed = diff(repo, patch)
        files = [repo / name for name in names]
        got = self.time(
            {
                "ours": review(patch, repo, expect_findings(count)),
                "ruff": self.tools.ruff_command(files),
                "semgrep": self.tools.semgrep_command(files),
            },
            rss=["ours"],
        )
        label = f"PR diff: {count} files, {changed} changed lines"
        semgrep = got.get("semgrep")
        if semgrep is None:
            row = Row(
                "3", label, got["ours"], None, "semgrep: not installed", ">= 4x faster", None, "-"
            )
        else:
            speedup = semgrep.median / got["ours"].median
            row = Row(
                "3",
                label,
                got["ours"],
                semgrep,
                "semgrep, same files",
                ">= 4x faster",
                speedup >= 4,
                f"{speedup:.1f}x faster",
            )
        self.rows.append(row)
        self.tool_rows.append(
            ToolRow(
                f"PR diff, {count} files ({lines:,} lines each)",
                got["ours"],
                got.get("ruff"),
                semgrep,
            )
        )

    def large_diff(self) -> None:
        count, lines = self.args.large_files, self.args.large_file_lines
        repo = new_repo(self.workdir / "large", {})
        files = {
            f"app/generated_{index}/api.py": synthetic.fastapi_module(lines, seed=500 + index)
            for index in range(count)
        }
        write_files(repo, files)
        git(repo, "add", "-A")
        patch = self.workdir / "large.patch"
        added = diff(repo, patch, cached=True)
        paths = [repo / name for name in files]
        parse_all = (
            "import sys, libcst\n"
            "for name in sys.argv[1:]:\n"
            "    with open(name, encoding='utf-8') as handle:\n"
            "        libcst.parse_module(handle.read())\n"
        )
        got = self.time(
            {
                "ours": review(patch, repo, expect_findings(1)),
                "parse": Command([sys.executable, "-c", parse_all, *map(str, paths)]),
                "ruff": self.tools.ruff_command(paths),
                "semgrep": self.tools.semgrep_command(paths),
            },
            rss=["ours", "parse"],
        )
        ratio = got["ours"].median / got["parse"].median
        ours = got["ours"]
        rss = ours.rss_total_mb if ours.rss_total_mb is not None else ours.rss_largest_mb
        self.rows.append(
            Row(
                "4",
                f"new files: {count} files, {added:,} added lines",
                ours,
                got["parse"],
                "libcst.parse_module, same files",
                "<= 2x",
                ratio <= 2,
                f"{ratio:.2f}x",
            )
        )
        self.rows.append(
            Row(
                "4",
                "  peak RSS of that review",
                ours,
                None,
                "",
                "< 500 MB",
                None if rss is None else rss < 500,
                "-",
            )
        )
        self.tool_rows.append(
            ToolRow(
                f"new files, {count} x {lines:,} lines", ours, got.get("ruff"), got.get("semgrep")
            )
        )


def _changed_line(source: str) -> int:
    """The line `synthetic.change_one_line` edits."""
    before = source.splitlines()
    after = synthetic.change_one_line(source).splitlines()
    return next(n for n, (a, b) in enumerate(zip(before, after, strict=True), 1) if a != b)


def _insert_in_middle(source: str, block: str) -> str:
    """`block` inserted before the top-level statement nearest the middle of `source`."""
    lines = source.splitlines(keepends=True)
    starts = [
        index
        for index, line in enumerate(lines)
        if line.startswith(("@", "async def", "def ", "class "))
        and (index == 0 or not lines[index - 1].startswith("@"))
    ]
    middle = min(starts, key=lambda index: abs(index - len(lines) // 2))
    return "".join(lines[:middle]) + block.lstrip("\n") + "\n\n" + "".join(lines[middle:])


# --- the report --------------------------------------------------------------------------------


def seconds(measured: Measured | None) -> str:
    if measured is None:
        return "-"
    value = measured.median
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def megabytes(measured: Measured | None) -> str:
    if measured is None or measured.rss_largest_mb is None:
        return "-"
    total = "" if measured.rss_total_mb is None else f" / {measured.rss_total_mb:.0f}"
    return f"{measured.rss_largest_mb:.0f}{total} MB"


def report(bench: Bench) -> str:
    args = bench.args
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    capacity = ", ".join(f"{value:.2f}x" for value in bench.capacity)
    lines = [
        f"agentreview benchmark: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"libcst {_version('libcst')}, medians of {args.runs} runs",
        f"machine: load average at the end {load}; two processes did {capacity} the work of "
        "one (before, after; 2x on two free cores)",
        "",
        f"{'#':<2} {'measured':<44} {'agentreview':>12} {'baseline':>12}  {'':<34}"
        f"{'ratio':>14}  {'target':<13} met",
    ]
    for row in bench.rows:
        met = "-" if row.met is None else ("yes" if row.met else "NO")
        ours = seconds(row.ours)
        if row.label.strip().startswith("peak RSS"):
            ours = megabytes(row.ours)
        lines.append(
            f"{row.item:<2} {row.label:<44} {ours:>12} {seconds(row.baseline):>12}  "
            f"{row.baseline_label:<34}{row.ratio_text:>14}  {row.target:<13} {met}"
        )
    if bench.tool_rows:
        lines += [
            "",
            f"5  same inputs through ruff --select {RUFF_SELECT} and semgrep (whole files)",
            f"   {'input':<44} {'agentreview':>12} {'(CPU)':>8} {'ruff':>10} "
            f"{'semgrep':>13}  {'agentreview peak RSS':>22}",
        ]
        for tool_row in bench.tool_rows:
            semgrep = seconds(tool_row.semgrep) if bench.tools.semgrep else "not installed"
            ruff = seconds(tool_row.ruff) if bench.tools.ruff else "not installed"
            cpu = f"{tool_row.ours.median_cpu:.2f} s"
            lines.append(
                f"   {tool_row.label:<44} {seconds(tool_row.ours):>12} {cpu:>8} {ruff:>10} "
                f"{semgrep:>13}  {megabytes(tool_row.ours):>22}"
            )
        lines.append(
            "   (CPU: user + system time of all the review's processes; peak RSS: largest "
            "process / sampled sum of all)"
        )
    return "\n".join(lines)


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "?"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (median)")
    parser.add_argument("--items", default="1,2,3,4", help="which items to run (comma list)")
    parser.add_argument("--small-lines", type=int, default=50)
    parser.add_argument("--big-lines", type=int, default=5000)
    parser.add_argument("--pr-files", type=int, default=10)
    parser.add_argument("--pr-file-lines", type=int, default=400)
    parser.add_argument("--large-files", type=int, default=40)
    parser.add_argument("--large-file-lines", type=int, default=500)
    parser.add_argument("--no-semgrep", action="store_true", help="skip semgrep even if installed")
    parser.add_argument("--no-ruff", action="store_true", help="skip ruff")
    parser.add_argument("--keep", type=Path, help="build the inputs here and keep them")
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> None:
    if argv[:2] == ["--rss-of", "--"]:
        rss_of(list(argv[2:]))
        return
    args = parse_args(argv)
    items = {item.strip() for item in args.items.split(",")}
    if args.keep is not None and args.keep.exists() and any(args.keep.iterdir()):
        raise SystemExit(f"bench: --keep {args.keep}: the folder must be empty or absent")
    with tempfile.TemporaryDirectory(prefix="agentreview-bench-") as temporary:
        workdir = args.keep or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        rules = workdir / "semgrep-rules.yml"
        rules.write_text(SEMGREP_RULES)
        env = {
            **os.environ,
            # Bytecode caches as an installed tool has them, kept out of the source tree.
            "PYTHONDONTWRITEBYTECODE": "",
            "PYTHONPYCACHEPREFIX": str(workdir / "pycache"),
            "AGENTREVIEW_CACHE_DIR": str(workdir / "cache"),
            "SEMGREP_SEND_METRICS": "off",
            "SEMGREP_ENABLE_VERSION_CHECK": "0",
        }
        tools = Tools(
            ruff=None if args.no_ruff else find_tool("ruff", "RUFF"),
            semgrep=None if args.no_semgrep else find_tool("semgrep", "SEMGREP"),
            rules=rules,
        )
        bench = Bench(args, workdir, env, tools)
        steps = {
            "1": bench.query,
            "2": bench.one_line_change,
            "3": bench.pull_request,
            "4": bench.large_diff,
        }
        bench.capacity.append(parallel_capacity())
        for item, step in steps.items():
            if item in items:
                print(f"... item {item}", file=sys.stderr, flush=True)
                step()
        bench.capacity.append(parallel_capacity())
        print(report(bench))


if __name__ == "__main__":
    main(sys.argv[1:])

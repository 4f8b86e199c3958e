"""Start-up of the agents' query path against the floor of our stack.

    uv run python bench/startup.py [--runs N]

Compares `agentreview rules show ASYNC001` (and `--json`, `rules list`, `rules search`) with
`python -c "import typer"`, the cost of the CLI framework alone, and prints medians and
ratios measured in the same run. Target: <= 1.5x the floor with a warm catalogue cache.
It also reports which heavy modules the query path imported (there should be none).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

AGENTREVIEW = [sys.executable, "-m", "agentreview.cli"]


def median_seconds(command: list[str], runs: int, env: dict[str, str]) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def heavy_modules(env: dict[str, str]) -> list[str]:
    probe = (
        "import sys\n"
        "from agentreview.cli import main\n"
        "sys.argv = ['agentreview', 'rules', 'show', 'ASYNC001', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(','.join(m for m in ('libcst', 'jinja2', 'pydantic', 'yaml') if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    )
    return [m for m in result.stderr.strip().split(",") if m]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "AGENTREVIEW_CACHE_DIR": cache}
        subprocess.run(
            [*AGENTREVIEW, "rules", "list"], env=env, check=True, stdout=subprocess.DEVNULL
        )

        floor = median_seconds([sys.executable, "-c", "import typer"], args.runs, env)
        cases = {
            "rules show ASYNC001": ["rules", "show", "ASYNC001"],
            "rules show ASYNC001 --json": ["rules", "show", "ASYNC001", "--json"],
            "rules list --json": ["rules", "list", "--json"],
            "rules search blocking": ["rules", "search", "blocking"],
        }
        print(f"cores: {os.cpu_count()}  runs: {args.runs}  python: {sys.version.split()[0]}")
        print(f"{'command':<32} {'median ms':>10} {'x floor':>8}")
        floor_name = 'python -c "import typer"'
        print(f"{floor_name:<32} {floor * 1000:>10.1f} {1.0:>8.2f}")
        for name, argv in cases.items():
            seconds = median_seconds([*AGENTREVIEW, *argv], args.runs, env)
            print(f"{'agentreview ' + name:<32} {seconds * 1000:>10.1f} {seconds / floor:>8.2f}")

        cold_env = {**env, "AGENTREVIEW_NO_CACHE": "1"}
        cold = median_seconds(
            [*AGENTREVIEW, "rules", "show", "ASYNC001"], max(3, args.runs // 3), cold_env
        )
        print(f"{'(no cache) rules show ASYNC001':<32} {cold * 1000:>10.1f} {cold / floor:>8.2f}")
        heavy = heavy_modules(env)
        print(f"heavy modules on the query path: {', '.join(heavy) if heavy else 'none'}")


if __name__ == "__main__":
    main()

"""`agentreview rules ...`: the agents' query interface and its JSON contract."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from agentreview.catalogue.query import rank_rules
from agentreview.cli import main

CONTRACT_KEYS = {
    "id",
    "title",
    "category",
    "severity",
    "detect",
    "summary",
    "why",
    "fix",
    "do",
    "dont",
    "references",
}


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the real entry point in-process; returns (exit code, stdout, stderr)."""
    old_argv = sys.argv
    sys.argv = ["agentreview", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = old_argv
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_show_json_matches_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "show", "ASYNC001", "--json")
    assert code == 0
    rule = json.loads(out)
    assert rule.keys() >= CONTRACT_KEYS
    assert rule["id"] == "ASYNC001"
    assert rule["severity"] in {"error", "warning", "info"}
    assert rule["detect"] in {"yes", "part", "no"}
    assert all(isinstance(code, str) for code in rule["do"] + rule["dont"])
    assert all(url.startswith("https://") for url in rule["references"])


def test_show_accepts_lowercase_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "show", "async002")
    assert code == 0
    assert out.startswith("ASYNC002")
    assert "Why" in out and "Don't" in out and "time.sleep(" in out


def test_unknown_id_exits_2_with_one_line_and_suggestions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_cli(capsys, "rules", "show", "ASYNC01")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "unknown rule ID 'ASYNC01'" in err
    assert "did you mean ASYNC0" in err


def test_list_json_is_a_list_of_show_objects(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "rules", "list", "--json")
    rules = json.loads(out)
    _, shown, _ = run_cli(capsys, "rules", "show", rules[0]["id"], "--json")
    assert rules[0] == json.loads(shown)
    assert all(rule.keys() >= CONTRACT_KEYS for rule in rules)


def test_list_filters(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(
        capsys, "rules", "list", "--category", "async", "--severity", "error", "--json"
    )
    rules = json.loads(out)
    assert rules and all(r["category"] == "ASYNC" and r["severity"] == "error" for r in rules)
    _, out, _ = run_cli(capsys, "rules", "list", "--detectable", "--json")
    assert all(r["detect"] != "no" for r in json.loads(out))


def test_list_rejects_unknown_category(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "rules", "list", "--category", "NOPE")
    assert code == 2 and "unknown category 'NOPE'" in err


def test_search_ranks_id_then_title_then_tags_then_text() -> None:
    def rule(
        rule_id: str, title: str = "t", tags: tuple[str, ...] = (), why: str = "w"
    ) -> dict[str, object]:
        return {
            "id": rule_id,
            "title": title,
            "tags": list(tags),
            "summary": "s",
            "why": why,
            "fix": "f",
            "do": [],
            "dont": [],
        }

    rules = [
        rule("AAA001", why="mentions sleep in prose"),
        rule("AAA002", tags=("sleep",)),
        rule("AAA003", title="Sleep less"),
        rule("SLEEP001"),
        rule("AAA004"),
    ]
    ranked = rank_rules(rules, "sleep")  # type: ignore[arg-type]
    assert [r["id"] for _, r in ranked] == ["SLEEP001", "AAA003", "AAA002", "AAA001"]


def test_search_needs_every_word(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "rules", "search", "time sleep", "--json")
    ids = [r["id"] for r in json.loads(out)]
    assert "ASYNC002" in ids
    _, out, _ = run_cli(capsys, "rules", "search", "sleep xyzzy-not-there", "--json")
    assert json.loads(out) == []


def test_matrix_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "rules", "matrix", "--json")
    assert code == 0
    rows = json.loads(out)
    fastapi = next(row for row in rows if row["package"] == "fastapi")
    assert fastapi["minimum"] == "0.115"
    assert fastapi["rule"] == "DEPS002"


def test_validate_a_user_rule_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "acme.yaml"
    good.write_text(_ACME)
    code, out, _ = run_cli(capsys, "rules", "validate", str(good))
    assert code == 0 and "valid" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(_ACME.replace("ACME", "ASYNC").replace("House rules", "Dup"))
    code, out, _ = run_cli(capsys, "rules", "validate", str(bad))
    assert code == 1
    assert f"{bad}: -: category.id: category 'ASYNC' is declared twice" in out


def test_project_rules_dirs_are_found_from_pyproject(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "acme.yaml").write_text(_ACME)
    (tmp_path / "pyproject.toml").write_text('[tool.agentreview]\nrules-dirs = ["house"]\n')
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli(capsys, "rules", "show", "ACME001", "--json")
    assert code == 0 and json.loads(out)["title"] == "No sleeping on the job"


def test_cache_follows_edits_of_rule_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule_file = tmp_path / "house" / "acme.yaml"
    rule_file.parent.mkdir()
    rule_file.write_text(_ACME)
    (tmp_path / "pyproject.toml").write_text('[tool.agentreview]\nrules-dirs = ["house"]\n')
    monkeypatch.chdir(tmp_path)
    run_cli(capsys, "rules", "show", "ACME001")
    rule_file.write_text(_ACME.replace("No sleeping on the job", "Never sleep"))
    os.utime(rule_file, ns=(rule_file.stat().st_atime_ns, rule_file.stat().st_mtime_ns + 10**9))
    _, out, _ = run_cli(capsys, "rules", "show", "ACME001", "--json")
    assert json.loads(out)["title"] == "Never sleep"


def test_broken_catalogue_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "acme.yaml").write_text(
        _ACME.replace("severity: warning", "severity: loud")
    )
    (tmp_path / "pyproject.toml").write_text('[tool.agentreview]\nrules-dirs = ["house"]\n')
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "rules", "list")
    assert code == 2
    assert "acme.yaml: ACME001: severity:" in err
    assert "Traceback" not in err


def test_query_path_imports_neither_libcst_nor_jinja2_nor_pydantic(tmp_path: Path) -> None:
    probe = textwrap.dedent(
        """
        import sys
        from agentreview.cli import main
        sys.argv = ["agentreview", "rules", "show", "ASYNC002", "--json"]
        try:
            main()
        except SystemExit:
            pass
        heavy = sorted(m for m in ("libcst", "jinja2", "pydantic", "yaml") if m in sys.modules)
        print("HEAVY=" + ",".join(heavy), file=sys.stderr)
        """
    )
    env = {**os.environ, "AGENTREVIEW_CACHE_DIR": str(tmp_path)}
    # The first run fills the cache; the second is the path agents take.
    subprocess.run([sys.executable, "-c", probe], env=env, check=True, capture_output=True)
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, check=True, capture_output=True, text=True
    )
    assert "HEAVY=\n" in result.stderr


_ACME = """\
category:
  id: ACME
  title: House rules
  description: Rules of one team.
  scope: [python]
rules:
  - id: ACME001
    title: No sleeping on the job
    category: ACME
    severity: warning
    detect: "no"
    summary: Do not sleep.
    why: Sleeping blocks.
    fix: Do not sleep.
    do: ["x = 1"]
    dont: ["import time\\ntime.sleep(1)"]
    references: [https://example.com/acme]
"""

"""`[tool.agentreview]` and the selection options."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentreview.config import glob_matches, load_config
from agentreview.errors import AgentreviewError
from agentreview.selection import KnownRule, RuleUniverse, build_selection
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import FakeEngine, run_review

UNIVERSE = RuleUniverse(
    KnownRule(rule_id, rule_id.rstrip("0123456789"))
    for rule_id in ("ASYNC001", "ASYNC002", "ASYNC010", "DEP001", "DEPS002", "PYD004")
)

SLEEPY = "async def f():\n    time.sleep(1)\n    requests.get('u')\n    data = m.dict()\n"


def rule_ids(outcome_findings: list[dict[str, object]]) -> list[object]:
    return [f["rule_id"] for f in outcome_findings]


def test_families_digit_prefixes_all_and_case() -> None:
    assert UNIVERSE.expand(["ASYNC"], "x") == {"ASYNC001", "ASYNC002", "ASYNC010"}
    assert UNIVERSE.expand(["DEP"], "x") == {"DEP001"}  # never the DEPS family
    assert UNIVERSE.expand(["ASYNC00"], "x") == {"ASYNC001", "ASYNC002"}
    assert UNIVERSE.expand(["async002", " pyd004 "], "x") == {"ASYNC002", "PYD004"}
    assert len(UNIVERSE.expand(["ALL"], "x")) == 6


def test_unknown_selector_names_where_and_suggests() -> None:
    with pytest.raises(AgentreviewError, match=r"'ASYNK' in --ignore; did you mean ASYNC"):
        UNIVERSE.expand(["ASYNK"], "--ignore")
    with pytest.raises(AgentreviewError, match=r"'XYZ123' in somewhere \(`agentreview rules list`"):
        UNIVERSE.expand(["XYZ123"], "somewhere")


def test_command_line_replaces_the_configuration(tmp_path: Path) -> None:
    config_file = tmp_path / "pyproject.toml"
    config_file.write_text(
        '[tool.agentreview]\nselect = ["ASYNC"]\nignore = ["ASYNC002"]\nfail-on = "error"\n'
    )
    config = load_config(config_file, explicit=True)
    from_config = build_selection(UNIVERSE, config, select=None, ignore=None, fail_on=None)
    assert from_config.selected == {"ASYNC001", "ASYNC010"}
    assert from_config.fail_on == "error"
    overridden = build_selection(UNIVERSE, config, select="PYD,ASYNC002", ignore="", fail_on="info")
    assert overridden.selected == {"PYD004", "ASYNC002"}
    assert overridden.fail_on == "info"


def test_per_file_ignores_and_exclude_globs(tmp_path: Path) -> None:
    config_file = tmp_path / "pyproject.toml"
    config_file.write_text(
        "[tool.agentreview]\n"
        'exclude = ["migrations/", "scripts/*.py"]\n'
        "[tool.agentreview.per-file-ignores]\n"
        '"tests/*" = ["ASYNC"]\n'
        '"conftest.py" = "PYD004"\n'
    )
    selection = build_selection(
        UNIVERSE, load_config(config_file, explicit=True), select=None, ignore=None, fail_on=None
    )
    assert "ASYNC001" not in selection.rules_for("tests/api/test_users.py")
    assert "ASYNC001" in selection.rules_for("app/tests_helper.py")
    assert "PYD004" not in selection.rules_for("tests/conftest.py")
    assert selection.is_excluded("migrations/versions/001_init.py")
    assert selection.is_excluded("scripts/seed.py")
    assert not selection.is_excluded("app/scripts.py")


@pytest.mark.parametrize(
    ("path", "pattern", "expected"),
    [
        ("app/a/b.py", "app", True),
        ("app/a/b.py", "app/", True),
        ("src/app/b.py", "app", True),
        ("app/a/b.py", "app/a/*", True),
        ("src/app/a/b.py", "app/a/*", False),
        ("src/app/a/b.py", "**/app/a/*", True),
        ("tests/test_x.py", "test_*.py", True),
        ("tests/x.py", "test_*.py", False),
        ("app/a.py", "a.py/*", False),
    ],
)
def test_glob_matches(path: str, pattern: str, expected: bool) -> None:
    assert glob_matches(path, pattern) is expected


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('selct = ["ASYNC"]', "unknown key 'selct'; did you mean 'select'"),
        ('select = ["ASYNC0O1"]', r"pyproject.toml: \[tool.agentreview\] select"),
        ("select = 3", "select must be a list of strings"),
        ('fail-on = "sometimes"', "fail-on = 'sometimes'"),
        ('[tool.agentreview.severity]\nASYNC001 = "fatal"', "severity: ASYNC001 = 'fatal'"),
        ('[tool.agentreview.severity]\nASYNCX = "info"', "unknown rule ID or family 'ASYNCX'"),
    ],
)
def test_configuration_mistakes_are_one_line_errors(
    tmp_path: Path, table: str, message: str
) -> None:
    config_file = tmp_path / "pyproject.toml"
    config_file.write_text(f"[tool.agentreview]\n{table}\n")
    with pytest.raises(AgentreviewError, match=message):
        build_selection(
            UNIVERSE,
            load_config(config_file, explicit=True),
            select=None,
            ignore=None,
            fail_on=None,
        )


def test_invalid_toml_and_missing_explicit_config(tmp_path: Path) -> None:
    broken = tmp_path / "pyproject.toml"
    broken.write_text("[tool.agentreview\n")
    with pytest.raises(AgentreviewError, match="not valid TOML"):
        load_config(broken, explicit=False)
    with pytest.raises(AgentreviewError, match=r"--config .*: no such file"):
        load_config(tmp_path / "nope.toml", explicit=True)
    assert load_config(tmp_path / "nope.toml", explicit=False).select is None


def test_repo_configuration_drives_the_review(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    repo.write(
        "pyproject.toml",
        "[tool.agentreview]\n"
        'ignore = ["PYD"]\n'
        'exclude = ["legacy"]\n'
        'fail-on = "error"\n'
        "[tool.agentreview.severity]\n"
        'ASYNC = "warning"\n',
    )
    repo.commit()
    repo.write("app/a.py", SLEEPY)
    repo.write("legacy/old.py", SLEEPY)
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert rule_ids(outcome.findings) == ["ASYNC002", "ASYNC001"]
    assert {f["severity"] for f in outcome.findings} == {"warning"}
    assert outcome.reasons()["legacy/old.py"] == "excluded by [tool.agentreview] exclude"
    assert outcome.code == 0  # warnings only, fail-on = error
    assert all("PYD004" not in call.rule_ids for call in engine.calls)

    cli = run_review(repo.diff(), tmp_path, repo=repo.root, select="PYD004", fail_on="warning")
    assert rule_ids(cli.findings) == ["PYD004"]
    assert cli.code == 1


def test_explicit_config_applies_in_diff_only_mode(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine
) -> None:
    config_file = tmp_path / "review.toml"
    config_file.write_text('[tool.agentreview]\nselect = ["ASYNC001"]\n')
    repo.commit()
    repo.write("app/a.py", SLEEPY)
    outcome = run_review(repo.diff(), tmp_path, diff_only=True, config=config_file)
    assert rule_ids(outcome.findings) == ["ASYNC001"]


def test_rules_dirs_are_passed_to_the_catalogue(
    repo: GitRepo, tmp_path: Path, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import agentreview.catalogue.compiled as compiled

    seen: list[tuple[Path, ...]] = []
    real = compiled.load_compiled_catalogue

    def spy(extra_dirs: tuple[Path, ...] = ()) -> object:
        seen.append(tuple(extra_dirs))
        return real()

    monkeypatch.setattr(compiled, "load_compiled_catalogue", spy)
    repo.write("pyproject.toml", '[tool.agentreview]\nrules-dirs = ["ci/rules"]\n')
    repo.commit()
    repo.write("a.py", "x = 1\n")
    run_review(repo.diff(), tmp_path, repo=repo.root)
    assert seen == [(repo.root / "ci/rules",)]

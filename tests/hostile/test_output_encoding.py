"""Whatever stdout and stderr are (an ASCII locale, a pipe closed early), the command ends
without a traceback: JSON and SARIF stay valid UTF-8, the text format escapes what the
terminal cannot show, and a reader that stops reading does not change the exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.diff.gitrepo import GitRepo

ROOT = Path(__file__).resolve().parents[2]
PATH = "app/café.py"
ROUTE = (
    "import requests\n"
    "\n"
    "\n"
    "async def menu_du_café() -> None:\n"
    '    """Le menu du café."""\n'
    '    requests.get("https://example.com/menu", timeout=5)\n'
)

# Locales that cannot encode `é`: a Python told so, and a C locale without UTF-8 mode or
# locale coercion (ASCII with surrogateescape).
NARROW_LOCALES = {
    "PYTHONIOENCODING=ascii": {"PYTHONIOENCODING": "ascii"},
    "PYTHONIOENCODING=ascii:strict": {"PYTHONIOENCODING": "ascii:strict"},
    "LC_ALL=C": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
}


def agentreview(
    *argv: str, env: dict[str, str], cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONIOENCODING", "PYTHONUTF8", "LANG", "LC_ALL", "LC_CTYPE"}
    }
    environment.update(PYTHONPATH=str(ROOT), NO_COLOR="1", **env)
    return subprocess.run(
        [sys.executable, "-m", "agentreview.cli", *argv],
        capture_output=True,
        env=environment,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="module")
def change(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(repository, patch) where the patch adds PATH with an ASYNC001 finding at line 6."""
    root = tmp_path_factory.mktemp("encoding")
    repo = GitRepo(root / "repo")
    repo.write("README.md", "menu\n")
    repo.commit()
    repo.write(PATH, ROUTE)
    patch = root / "café.patch"
    patch.write_bytes(repo.diff())
    return repo.root, patch


def review_change(
    change: tuple[Path, Path], fmt: str, env: dict[str, str]
) -> subprocess.CompletedProcess[bytes]:
    repo, patch = change
    return agentreview("review", str(patch), "--repo", str(repo), "--format", fmt, env=env)


def assert_clean_exit(result: subprocess.CompletedProcess[bytes], code: int = 1) -> None:
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert b"Exception ignored" not in result.stderr
    assert b"Error" not in result.stderr
    assert result.returncode == code, result


@pytest.mark.parametrize("locale", NARROW_LOCALES)
def test_json_stays_valid_utf8_on_a_narrow_locale(locale: str, change: tuple[Path, Path]) -> None:
    result = review_change(change, "json", NARROW_LOCALES[locale])
    assert_clean_exit(result)
    document = json.loads(result.stdout.decode("utf-8"))
    assert [(f["rule_id"], f["path"], f["line"]) for f in document["findings"]] == [
        ("ASYNC001", PATH, 6)
    ]
    assert "menu_du_café" in document["findings"][0]["message"]
    assert {"path": PATH, "mode": "full"} in document["files"]


@pytest.mark.parametrize("locale", NARROW_LOCALES)
def test_sarif_stays_valid_utf8_on_a_narrow_locale(locale: str, change: tuple[Path, Path]) -> None:
    result = review_change(change, "sarif", NARROW_LOCALES[locale])
    assert_clean_exit(result)
    document = json.loads(result.stdout.decode("utf-8"))
    (finding,) = document["runs"][0]["results"]
    assert finding["ruleId"] == "ASYNC001"
    assert "menu_du_café" in finding["message"]["text"]
    location = finding["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert unquote(location) == PATH


@pytest.mark.parametrize("fmt", ["github", "markdown", "rdjsonl"])
def test_other_machine_formats_are_utf8_on_a_narrow_locale(
    fmt: str, change: tuple[Path, Path]
) -> None:
    result = review_change(change, fmt, {"PYTHONIOENCODING": "ascii"})
    assert_clean_exit(result)
    assert "café" in result.stdout.decode("utf-8")


@pytest.mark.parametrize("locale", NARROW_LOCALES)
def test_text_escapes_what_the_locale_cannot_show(locale: str, change: tuple[Path, Path]) -> None:
    result = review_change(change, "text", NARROW_LOCALES[locale])
    assert_clean_exit(result)
    text = result.stdout.decode("ascii")
    assert text.startswith("app/caf\\xe9.py:6:5 ASYNC001 ")


@pytest.mark.parametrize("locale", NARROW_LOCALES)
def test_an_error_naming_a_non_ascii_file_is_one_line(locale: str, tmp_path: Path) -> None:
    missing = tmp_path / "menú.patch"
    result = agentreview("review", str(missing), env=NARROW_LOCALES[locale])
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode("ascii").splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("agentreview: error: ")
    # Under the C locale the name reaches Python as undecodable bytes, shown as such.
    assert ("men\\xc3\\xba.patch" if locale == "LC_ALL=C" else "men\\xfa.patch") in lines[0]


def test_a_rule_shown_on_a_narrow_locale_does_not_fail() -> None:
    result = agentreview("rules", "show", "ASYNC001", env={"PYTHONIOENCODING": "ascii:strict"})
    assert_clean_exit(result, code=0)
    assert result.stdout.decode("ascii").startswith("ASYNC001")


@pytest.mark.parametrize("locale", NARROW_LOCALES)
def test_a_project_rule_with_non_ascii_text_stays_valid_json(locale: str, tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "cafe.yaml").write_text(
        "category: {id: CAFE, title: Café, description: Règles du café., scope: [python]}\n"
        "rules:\n"
        "  - {id: CAFE001, title: Pas de café froid, category: CAFE, severity: info,\n"
        '     detect: "no", summary: Servez chaud., why: "Froid, c\u2019est triste.", fix: Réchauffez.,\n'
        '     do: ["x = 1"], dont: ["x = 2"], references: [https://example.com/café]}\n',
        encoding="utf-8",
    )
    (tmp_path / "pyproject.toml").write_text('[tool.agentreview]\nrules-dirs = ["house"]\n')
    env = {**NARROW_LOCALES[locale], "AGENTREVIEW_CACHE_DIR": str(tmp_path / "cache")}
    result = agentreview("rules", "show", "CAFE001", "--json", env=env, cwd=tmp_path)
    assert_clean_exit(result, code=0)
    assert json.loads(result.stdout.decode("utf-8"))["why"] == "Froid, c\u2019est triste."


def _big_patch(tmp_path: Path) -> Path:
    calls = ["import requests", "", "", "async def f() -> None:"]
    calls += ['    requests.get("https://example.com", timeout=5)'] * 800
    patch = tmp_path / "big.patch"
    patch.write_text(
        "diff --git a/app/big.py b/app/big.py\n"
        "new file mode 100644\n"
        "--- /dev/null\n"
        "+++ b/app/big.py\n"
        f"@@ -0,0 +1,{len(calls)} @@\n" + "".join(f"+{line}\n" for line in calls)
    )
    return patch


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize(("fail_on", "expected"), [("warning", 1), ("never", 0)])
def test_a_reader_that_went_away_gets_no_traceback(
    fmt: str, fail_on: str, expected: int, tmp_path: Path
) -> None:
    """`agentreview big.patch | head -1`, made deterministic: the reader is gone before the
    report is written, which a large report meets anyway once the pipe is full. The exit code
    is still the review's, so that `set -o pipefail` does not fail on it."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "agentreview.cli", str(_big_patch(tmp_path))]
    with subprocess.Popen(
        [*command, "--diff-only", "--format", fmt, "--fail-on", fail_on],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=tmp_path,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read()
        code = process.wait(timeout=120)
    assert errors == b"", errors.decode(errors="replace")
    assert code == expected


@pytest.mark.parametrize("argv", [["rules", "show", "ASYNC001"], ["targets"]])
def test_a_query_for_a_reader_that_went_away_gets_no_traceback(
    argv: list[str], tmp_path: Path
) -> None:
    """Outside a review there is no exit code to keep: 1, click's, as before."""
    with subprocess.Popen(
        [sys.executable, "-m", "agentreview.cli", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.close()
        errors = process.stderr.read()
        code = process.wait(timeout=120)
    assert errors == b"", errors.decode(errors="replace")
    assert code == 1

"""The reviewer's compiled catalogue mirrors the pydantic schema and is built from the cache."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from agentreview.catalogue import cache, compiled, schema
from agentreview.catalogue.cache import cache_dir
from agentreview.catalogue.loader import load_catalogue
from agentreview.catalogue.locate import data_dir, rule_files
from agentreview.errors import CatalogueError

PAIRS = [
    (schema.Match, compiled.Match),
    (schema.Rule, compiled.Rule),
    (schema.Category, compiled.Category),
    (schema.MatrixEntry, compiled.MatrixEntry),
    (schema.Catalogue, compiled.Catalogue),
]


@pytest.mark.parametrize(("model", "mirror"), PAIRS, ids=[model.__name__ for model, _ in PAIRS])
def test_every_schema_field_has_its_mirror(model: type[Any], mirror: type[Any]) -> None:
    assert [field.name for field in dataclasses.fields(mirror)] == list(model.model_fields)


def _plain(value: Any) -> Any:
    """Both kinds of catalogue as the same nested lists, dicts and strings."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)
        }
    if isinstance(value, schema.BaseModel):
        return {name: _plain(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def test_the_compiled_catalogue_holds_what_the_schema_validated() -> None:
    validated = load_catalogue()
    built = compiled.load_compiled_catalogue()
    assert _plain(built) == _plain(validated)
    assert built.rule("ASYNC001").severity is validated.rule("ASYNC001").severity
    with pytest.raises(KeyError):
        built.rule("NOPE001")


def test_a_warm_review_validates_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled.load_compiled_catalogue()  # fills the cache if this run has not yet

    def validate(*args: object) -> None:
        raise AssertionError("validated the rule files although the cache is current")

    monkeypatch.setattr("agentreview.catalogue.loader.validate_files", validate)
    assert compiled.load_compiled_catalogue().rule("ASYNC001").id == "ASYNC001"


def test_a_cache_entry_of_the_wrong_shape_is_rebuilt(tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text(ACME)
    compiled.load_compiled_catalogue([tmp_path])  # a project catalogue: the user cache
    [entry] = cache_dir().glob("catalogue-*.json")
    entry.write_text(json.dumps({"rules": [{"id": "ASYNC001"}]}))
    assert compiled.load_compiled_catalogue([tmp_path]).rule("ACME001").title == "Acme"
    assert json.loads(entry.read_text())["rules"][0]["why"]


def test_the_shipped_compiled_catalogue_is_current() -> None:
    """Fails when a rule file changed and `rules/compiled.json` was not regenerated:
    run `uv run python -m agentreview.catalogue.cache`."""
    shipped = json.loads(cache.shipped_path().read_text(encoding="utf-8"))
    files = rule_files([data_dir("rules")])
    assert shipped["sha256"] == cache.content_key(files), "rules/compiled.json is stale"
    assert shipped["catalogue"] == load_catalogue().model_dump(mode="json")


def test_the_shipped_catalogue_spares_a_cold_cache_the_validation(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("AGENTREVIEW_CACHE_DIR", str(tmp_path / "empty"))

    def validate(*args: object) -> None:
        raise AssertionError("validated the built-in rules although they ship compiled")

    monkeypatch.setattr("agentreview.catalogue.loader.validate_files", validate)
    assert compiled.load_compiled_catalogue().rule("ASYNC001").id == "ASYNC001"
    assert not (tmp_path / "empty").exists()


def test_a_stale_shipped_catalogue_is_not_used(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(data_dir("rules"), rules)
    edited = rules / "async.yaml"
    title = compiled.load_compiled_catalogue().rule("ASYNC001").title
    quoted = f"title: {json.dumps(title)}\n"
    assert quoted in edited.read_text()
    original = edited.read_text()
    edited.write_text(original.replace(quoted, "title: Edited\n", 1))
    monkeypatch.setattr("agentreview.catalogue.cache.data_dir", lambda name: tmp_path / name)
    monkeypatch.setattr("agentreview.catalogue.locate.data_dir", lambda name: tmp_path / name)
    assert compiled.load_compiled_catalogue().rule("ASYNC001").title == "Edited"
    # A damaged shipped file is passed over too, without a traceback.
    edited.write_text(original)
    for damaged in ("[1, 2", "[1, 2]", '{"sha256": 1}'):
        (rules / cache.SHIPPED_NAME).write_text(damaged)
        assert compiled.load_compiled_catalogue().rule("ASYNC001").title == title


def test_rules_dirs_are_validated(tmp_path: Path) -> None:
    (tmp_path / "acme.yaml").write_text("category: {id: ACME}\nrules: []\n")
    with pytest.raises(CatalogueError) as raised:
        compiled.load_compiled_catalogue([tmp_path])
    assert any("acme.yaml" in problem for problem in raised.value.problems)


def test_a_warm_review_imports_neither_pydantic_nor_yaml(tmp_path: Path) -> None:
    (tmp_path / "change.patch").write_text(
        "--- /dev/null\n+++ b/requirements.txt\n@@ -0,0 +1 @@\n+fastapi==0.110.0\n"
        "--- /dev/null\n+++ b/app/main.py\n@@ -0,0 +1,4 @@\n"
        "+import time\n+\n+async def handler() -> None:\n+    time.sleep(1)\n"
    )
    probe = textwrap.dedent(
        """
        import sys
        from agentreview.cli import main
        sys.argv = ["agentreview", "change.patch", "--format", "json"]
        try:
            main()
        except SystemExit:
            pass
        heavy = sorted(m for m in ("pydantic", "yaml") if m in sys.modules)
        print("HEAVY=" + ",".join(heavy), file=sys.stderr)
        """
    )
    env = {**os.environ, "AGENTREVIEW_CACHE_DIR": str(tmp_path / "cache")}
    run = [sys.executable, "-c", probe]
    # The first run fills the cache; the second is the path a PR bot takes.
    subprocess.run(run, env=env, check=True, capture_output=True, cwd=tmp_path)
    result = subprocess.run(run, env=env, check=True, capture_output=True, text=True, cwd=tmp_path)
    assert "HEAVY=\n" in result.stderr
    found = {finding["rule_id"] for finding in json.loads(result.stdout)["findings"]}
    assert {"DEPS002", "ASYNC002"} <= found, "the review itself must have run"


ACME = """\
category: {id: ACME, title: Acme, description: House rules., scope: [python]}
rules:
  - id: ACME001
    title: Acme
    category: ACME
    severity: warning
    detect: "no"
    summary: Be careful.
    why: Because.
    fix: Do it right.
    do: ["x = 1"]
    dont: ["x = 2"]
    references: [https://example.com/acme]
"""

"""The reviewer's compiled catalogue mirrors the pydantic schema and is built from the cache."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from agentreview.catalogue import compiled, schema
from agentreview.catalogue.cache import cache_dir
from agentreview.catalogue.loader import load_catalogue
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


def test_a_cache_entry_of_the_wrong_shape_is_rebuilt() -> None:
    compiled.load_compiled_catalogue()
    [entry] = cache_dir().glob("catalogue-*.json")
    entry.write_text(json.dumps({"rules": [{"id": "ASYNC001"}]}))
    assert len(compiled.load_compiled_catalogue().rules) == len(load_catalogue().rules)
    assert json.loads(entry.read_text())["rules"][0]["why"]


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

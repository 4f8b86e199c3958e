"""PYD004 across files through the real pipeline: a model in one changed file, `.dict()` in another."""

from __future__ import annotations

import json
from pathlib import Path

from agentreview.review import check_paths
from tests.diff.gitrepo import GitRepo
from tests.review.conftest import run_review

SCHEMAS = """from pydantic import BaseModel


class UserRead(BaseModel):
    id: int
"""
SCHEMAS_AFTER = (
    SCHEMAS
    + """

class UserUpdate(BaseModel):
    bio: str | None = None
"""
)
V1_SCHEMAS_AFTER = SCHEMAS_AFTER.replace(
    "from pydantic import BaseModel", "from pydantic.v1 import BaseModel"
)
ROUTER = """from fastapi import APIRouter

router = APIRouter()
"""
ROUTER_AFTER = (
    ROUTER.replace("from fastapi", "from app.schemas import UserUpdate\nfrom fastapi")
    + """

@router.patch("/users/{user_id}")
async def update_user(user_id: int, payload: UserUpdate) -> dict[str, object]:
    return payload.dict(exclude_unset=True)
"""
)
DICT_LINE = ROUTER_AFTER.splitlines().index("    return payload.dict(exclude_unset=True)") + 1


def pyd004(findings: list[tuple[str, str, int]]) -> list[tuple[str, str, int]]:
    return [finding for finding in findings if finding[0] == "PYD004"]


def test_model_in_another_changed_file_is_flagged(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("app/schemas.py", SCHEMAS)
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/schemas.py", SCHEMAS_AFTER)
    repo.write("app/router.py", ROUTER_AFTER)
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert outcome.modes() == {"app/router.py": "full", "app/schemas.py": "full"}
    assert pyd004(outcome.ids_and_lines()) == [("PYD004", "app/router.py", DICT_LINE)]
    [finding] = [f for f in outcome.findings if f["rule_id"] == "PYD004"]
    assert "`UserUpdate` (a Pydantic v2 model)" in finding["message"]


def test_new_files_are_whole_even_from_the_diff_alone(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("README.md", "x\n")
    repo.commit()
    repo.write("src/app/schemas.py", SCHEMAS_AFTER)
    repo.write("src/app/router.py", ROUTER_AFTER.replace("from app.schemas", "from .schemas"))
    outcome = run_review(repo.diff(), tmp_path, diff_only=True)
    assert pyd004(outcome.ids_and_lines()) == [("PYD004", "src/app/router.py", DICT_LINE)]


def test_model_not_in_the_diff_stays_silent(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("app/schemas.py", SCHEMAS_AFTER)
    repo.write("app/router.py", ROUTER)
    repo.write("app/other.py", "X = 1\n")
    repo.commit()
    repo.write("app/router.py", ROUTER_AFTER)
    repo.write("app/other.py", "X = 2\n")
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert outcome.modes() == {"app/other.py": "full", "app/router.py": "full"}
    assert pyd004(outcome.ids_and_lines()) == []


def test_pydantic_v1_model_in_another_file_stays_silent(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("app/schemas.py", SCHEMAS.replace("pydantic", "pydantic.v1"))
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/schemas.py", V1_SCHEMAS_AFTER)
    repo.write("app/router.py", ROUTER_AFTER)
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert pyd004(outcome.ids_and_lines()) == []


def test_a_modified_model_file_without_its_text_stays_silent(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("app/schemas.py", SCHEMAS)
    repo.write("app/router.py", ROUTER)
    repo.commit()
    repo.write("app/schemas.py", SCHEMAS_AFTER)
    repo.write("app/router.py", ROUTER_AFTER)
    outcome = run_review(repo.diff(), tmp_path, diff_only=True)
    assert pyd004(outcome.ids_and_lines()) == []


def test_a_file_that_does_not_parse_does_not_stop_the_others(repo: GitRepo, tmp_path: Path) -> None:
    repo.write("app/schemas.py", SCHEMAS)
    repo.write("app/router.py", ROUTER)
    repo.write("app/broken.py", "X = 1\n")
    repo.commit()
    repo.write("app/schemas.py", SCHEMAS_AFTER)
    repo.write("app/router.py", ROUTER_AFTER)
    repo.write("app/broken.py", "class Broken(\n")
    outcome = run_review(repo.diff(), tmp_path, repo=repo.root)
    assert pyd004(outcome.ids_and_lines()) == [("PYD004", "app/router.py", DICT_LINE)]


def run_check(paths: list[Path], tmp_path: Path) -> list[tuple[str, str, int]]:
    output = tmp_path / "check.json"
    check_paths(
        paths, fmt="json", output=output, select=None, ignore=None, fail_on=None, config=None
    )
    document = json.loads(output.read_text(encoding="utf-8"))
    return [(f["rule_id"], f["path"], f["line"]) for f in document["findings"]]


def test_check_uses_the_models_of_the_files_it_checks(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (project / "app/schemas.py").write_text(SCHEMAS_AFTER)
    (project / "app/router.py").write_text(ROUTER_AFTER)
    checked_together = run_check([project / "app"], tmp_path)
    assert pyd004(checked_together) == [("PYD004", "app/router.py", DICT_LINE)]
    router_alone = run_check([project / "app/router.py"], tmp_path)
    assert pyd004(router_alone) == []

"""Packing by priority: limits hold, the least important rules lose detail first, every
rule keeps its ID and summary, moved detail is reported and (for the skill) relocated."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from render_helpers import Render
from render_validators import code_blocks, unescape

from agentreview.catalogue.schema import Catalogue
from agentreview.errors import AgentreviewError
from agentreview.render.engine import ExistingFiles, render_files
from agentreview.render.packing import pack
from agentreview.render.targets import TARGETS, Limits, Target
from agentreview.render.views import Level, PackState, TableLevel


def packed(catalogue: Catalogue, target: Target, out: Path):  # type: ignore[no-untyped-def]
    existing = ExistingFiles(out)

    def render(state, include):  # type: ignore[no-untyped-def]
        return render_files(catalogue, target, state, include, existing=existing)

    return pack(catalogue, target, render)


def with_limit(name: str, limits: Limits) -> Target:
    return dataclasses.replace(TARGETS[name], main_limits=limits)


def test_fixture_forces_agents_md_to_pack_and_it_fits(
    render_fixture: Render, fixture_catalogue: Catalogue, tmp_path: Path
) -> None:
    full = packed(fixture_catalogue, with_limit("agents-md", Limits()), tmp_path)
    assert len(full.files[0].text.encode()) > 32 * 1024  # the fixture really is too big
    result = render_fixture(["agents-md"], tmp_path)
    text = (tmp_path / "AGENTS.md").read_text()
    assert len(text.encode()) <= 32 * 1024
    assert (
        "agents-md: AGENTS.md: to fit 32 KiB: why and code of 2 rules (2 info) dropped"
        in result.stderr
    )
    # The info rules lost their code; the error and warning rules kept theirs.
    blocks, _ = code_blocks(text)
    assert fixture_catalogue.rule("LOOP003").do[1] not in blocks
    assert fixture_catalogue.rule("LOOP001").do[0] in blocks
    assert fixture_catalogue.rule("LOOP002").do[0] in blocks


def test_least_important_rules_lose_detail_first(
    fixture_catalogue: Catalogue, tmp_path: Path
) -> None:
    """Whatever the budget, a more important rule never holds less than a less important one."""
    sizes = [
        len(packed(fixture_catalogue, with_limit("agents-md", Limits()), tmp_path).files[0].text)
    ]
    order = {rule.id: index for index, rule in enumerate(fixture_catalogue.rules)}
    rank = {"error": 3, "warning": 2, "info": 1}
    detect = {"yes": 3, "part": 2, "no": 1}

    def importance(rule_id: str) -> tuple[int, int, int]:
        rule = fixture_catalogue.rule(rule_id)
        return (rank[rule.severity.value], detect[rule.detect.value], -order[rule_id])

    for budget in [
        *range(sizes[0], floor_size(fixture_catalogue, tmp_path), -1_500),
        floor_size(fixture_catalogue, tmp_path),
    ]:
        result = packed(
            fixture_catalogue, with_limit("agents-md", Limits(max_chars=budget)), tmp_path
        )
        assert len(result.files[0].text) <= budget
        ranked = sorted(result.state.levels, key=importance)
        levels = [result.state.levels[rule_id] for rule_id in ranked]
        assert levels == sorted(levels), (
            f"budget {budget}: {dict(zip(ranked, levels, strict=True))}"
        )


def smallest_state(catalogue: Catalogue) -> PackState:
    return PackState(
        levels={rule.id: Level.LINE for rule in catalogue.rules},
        table=TableLevel.IDS,
        matrix_notes=False,
        lean=True,
        terse=True,
    )


def floor_size(catalogue: Catalogue, out: Path) -> int:
    """AGENTS.md's size with everything packed as far as it goes."""
    files = render_files(
        catalogue, TARGETS["agents-md"], smallest_state(catalogue), existing=ExistingFiles(out)
    )
    return len(files[0].text)


def test_every_rule_keeps_its_id_and_summary_at_the_tightest_budget(
    fixture_catalogue: Catalogue, tmp_path: Path
) -> None:
    smallest = smallest_state(fixture_catalogue)
    floor = floor_size(fixture_catalogue, tmp_path)
    result = packed(fixture_catalogue, with_limit("agents-md", Limits(max_chars=floor)), tmp_path)
    assert result.state == smallest
    text = unescape(result.files[0].text)
    for rule in fixture_catalogue.rules:
        assert rule.id in text and unescape(rule.summary) in text
    assert any("kept as ID and summary only" in line for line in result.report)


def test_a_budget_too_small_for_ids_and_summaries_is_an_error(
    fixture_catalogue: Catalogue, tmp_path: Path
) -> None:
    too_small = floor_size(fixture_catalogue, tmp_path) - 1
    with pytest.raises(AgentreviewError, match="even with every rule cut to its ID and summary"):
        packed(fixture_catalogue, with_limit("agents-md", Limits(max_chars=too_small)), tmp_path)


def test_skill_moves_full_text_to_linked_reference_files(
    render_fixture: Render, fixture_catalogue: Catalogue, tmp_path: Path
) -> None:
    result = render_fixture(["claude-skill"], tmp_path)
    skill = tmp_path / ".claude/skills/fastapi-best-practices"
    text = (skill / "SKILL.md").read_text()
    assert len(text.splitlines()) < 500
    reference = (skill / "references/loop.md").read_text()
    blocks, _ = code_blocks(reference)
    long_rule = fixture_catalogue.rule("LOOP003")
    assert long_rule.do[1] in blocks and long_rule.do[1] not in text
    assert unescape(long_rule.why) in unescape(reference)
    assert "[references/loop.md](references/loop.md): LOOP003" in text
    assert "full text of 2 rules (2 info) moved to" in result.stderr
    assert "references/loop.md" in result.stderr


def test_windsurf_respects_per_file_and_total_limits_on_the_real_catalogue(
    real_catalogue: Catalogue, tmp_path: Path
) -> None:
    result = packed(real_catalogue, TARGETS["windsurf"], tmp_path)
    assert all(len(file.text) <= 6_000 for file in result.files)
    assert sum(len(file.text) for file in result.files) <= 12_000
    assert result.report  # the real catalogue does not fit in full, and says so


def test_targets_without_documented_limits_keep_everything(
    fixture_catalogue: Catalogue, tmp_path: Path
) -> None:
    for name in ("gemini", "junie", "cline", "kiro", "copilot"):
        result = packed(fixture_catalogue, TARGETS[name], tmp_path)
        assert set(result.state.levels.values()) == {Level.FULL}, name
        assert result.state.table is TableLevel.FULL and result.report == []


def test_agents_md_budget_counts_hand_written_text(
    render_fixture: Render, fixture_catalogue: Catalogue, tmp_path: Path
) -> None:
    """Codex reads the whole file, so the generated region shrinks to leave room."""
    alone = render_fixture(["agents-md"], tmp_path / "alone")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared/AGENTS.md").write_text("# Notes\n\n" + "Hand-written line.\n" * 1500)
    shared = render_fixture(["agents-md"], tmp_path / "shared")
    assert len((tmp_path / "shared/AGENTS.md").read_bytes()) <= 32 * 1024
    assert alone.stderr != shared.stderr

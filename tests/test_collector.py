"""`fewer_collections` tunes the garbage collector for one call and restores it after."""

from __future__ import annotations

import gc

import pytest

from agentreview.collector import fewer_collections


def test_settings_are_tuned_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()
    seen: list[tuple[tuple[int, int, int], int]] = []

    @fewer_collections
    def review() -> str:
        seen.append((gc.get_threshold(), gc.get_freeze_count()))
        return "done"

    assert review() == "done"
    ((threshold, frozen),) = seen
    assert threshold[0] > before[0] and threshold[1:] == before[1:]
    assert frozen > frozen_before
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before


def test_settings_are_restored_when_the_call_fails() -> None:
    before = gc.get_threshold()
    frozen_before = gc.get_freeze_count()

    @fewer_collections
    def review() -> None:
        raise ValueError("bad patch")

    with pytest.raises(ValueError, match="bad patch"):
        review()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen_before


def test_a_callers_frozen_objects_stay_frozen() -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        fewer_collections(lambda: None)()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()

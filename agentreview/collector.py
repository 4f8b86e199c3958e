"""Fewer runs of Python's cyclic garbage collector while a review runs.

A review allocates millions of short-lived objects (`ast` and libcst trees, which hold no
reference cycles) on top of a large, long-lived heap (libcst, pydantic, the catalogue). With
the default thresholds the collector runs every 700 allocations and now and then walks the
whole heap: in a review of one large file that costs as much as the analysis itself. Inside
`fewer_collections`, what is alive when the review starts is frozen out of the collector's
sight (`gc.freeze`, which also spares forked workers from copying those pages) and the
youngest generation is collected 100 times less often. Both are undone afterwards, so a
process that runs a review in-process (tests, an editor plugin) keeps its own settings.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

_YOUNGEST_THRESHOLD = 70_000


def fewer_collections(function: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(function)
    def tuned(*args: P.args, **kwargs: P.kwargs) -> R:
        thresholds = gc.get_threshold()
        # `unfreeze` thaws everything: leave a caller's own frozen objects alone.
        freezing = gc.get_freeze_count() == 0
        if freezing:
            gc.freeze()
        gc.set_threshold(_YOUNGEST_THRESHOLD, *thresholds[1:])
        try:
            return function(*args, **kwargs)
        finally:
            gc.set_threshold(*thresholds)
            if freezing:
                gc.unfreeze()

    return tuned

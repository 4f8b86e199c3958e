"""Python analysis: one libcst parse and one pass per file. See `engine.py` for how it works.

The public names load their modules on first use, so that importing a sibling that needs no
libcst (`agentreview.analysis.deps`, for a patch that changes only dependency files) does
not pay for libcst.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agentreview.analysis.hunks import HunkResult, analyse_python_hunks
    from agentreview.analysis.python import PythonResult, analyse_python

__all__ = ["HunkResult", "PythonResult", "analyse_python", "analyse_python_hunks"]

_HOMES = {
    "HunkResult": "agentreview.analysis.hunks",
    "analyse_python_hunks": "agentreview.analysis.hunks",
    "PythonResult": "agentreview.analysis.python",
    "analyse_python": "agentreview.analysis.python",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value

"""Python analysis: one libcst parse and one pass per file. See `engine.py` for how it works."""

from __future__ import annotations

from agentreview.analysis.hunks import HunkResult, analyse_python_hunks
from agentreview.analysis.python import PythonResult, analyse_python

__all__ = ["HunkResult", "PythonResult", "analyse_python", "analyse_python_hunks"]

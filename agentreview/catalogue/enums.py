"""The catalogue's enumerations, without pydantic: the schema validates against them and the
reviewer's compiled catalogue (`compiled.py`) carries them."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Detect", "Scope", "Severity", "SnippetLanguage"]


class Severity(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe; used for sorting and `--fail-on` thresholds."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


class Detect(StrEnum):
    yes = "yes"  # the reviewer must flag it
    part = "part"  # the reviewer flags the clear cases and stays silent when unsure
    no = "no"  # guidance only: rendered, never flagged


class SnippetLanguage(StrEnum):
    python = "python"
    toml = "toml"
    requirements = "requirements"


class Scope(StrEnum):
    """Which files a category concerns; scoped render targets turn this into globs."""

    python = "python"
    tests = "tests"
    migrations = "migrations"
    dependencies = "dependencies"

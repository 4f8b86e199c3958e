"""What a fix is: a suggestion (whole replacement lines) plus the imports it needs."""

from __future__ import annotations

from dataclasses import dataclass

from agentreview.findings import Suggestion


@dataclass(frozen=True, slots=True, order=True)
class RequiredImport:
    """An import an edit relies on: `import module` (name None) or `from module import name`."""

    module: str
    name: str | None = None
    alias: str | None = None  # `from module import name as alias`

    @property
    def bound_name(self) -> str:
        """The name the import binds in the module."""
        if self.alias is not None:
            return self.alias
        return self.name if self.name is not None else self.module.split(".", 1)[0]

    @property
    def target(self) -> str:
        """The qualified name the bound name stands for (`typing.Annotated`, `asyncio`)."""
        return self.module if self.name is None else f"{self.module}.{self.name}"

    def statement(self) -> str:
        if self.name is None:
            return f"import {self.module}" + (f" as {self.alias}" if self.alias else "")
        return f"from {self.module} import {self.name}" + (
            f" as {self.alias}" if self.alias else ""
        )


@dataclass(frozen=True, slots=True)
class Fix(Suggestion):
    """A suggestion that is only correct once `imports` are in the module (fix mode only)."""

    imports: tuple[RequiredImport, ...] = ()


def imports_of(suggestion: Suggestion) -> tuple[RequiredImport, ...]:
    return suggestion.imports if isinstance(suggestion, Fix) else ()

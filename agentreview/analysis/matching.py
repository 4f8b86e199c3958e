"""Matching resolved paths against the qualified names a rule's `match` block lists.

A pattern is a dotted qualified name (`requests.get`); a trailing `*` matches any rest of a
module attribute path (`requests.*`, `os.wait*`) but never an instance's method (a path
holding `()`): `requests.*` matches `requests.get`, not `requests.Session().get`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NamePatterns:
    exact: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, patterns: Iterable[str]) -> NamePatterns:
        exact: set[str] = set()
        prefixes: list[str] = []
        for pattern in patterns:
            if pattern.endswith("*"):
                prefixes.append(pattern[:-1])
            else:
                exact.add(pattern)
        return cls(frozenset(exact), tuple(prefixes))

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes)

    def matches(self, path: str | None) -> bool:
        if path is None:
            return False
        if path in self.exact:
            return True
        return any(
            path.startswith(prefix) and "(" not in path[len(prefix) :] and len(path) > len(prefix)
            for prefix in self.prefixes
        )

    def last_components(self) -> frozenset[str]:
        """The last dotted component of each exact pattern (`Depends` for `fastapi.Depends`)."""
        return frozenset(pattern.rsplit(".", 1)[-1] for pattern in self.exact)

    def roots(self) -> frozenset[str]:
        """The first dotted component of every pattern (`requests` for `requests.get`)."""
        return frozenset(
            pattern.split(".", 1)[0] for pattern in (*self.exact, *self.prefixes) if pattern
        )


@dataclass(frozen=True, slots=True)
class Listed:
    """A rule's names minus its `safe` names."""

    names: NamePatterns
    safe: NamePatterns

    @classmethod
    def of(cls, names: Iterable[str], safe: Iterable[str]) -> Listed:
        return cls(NamePatterns.of(names), NamePatterns.of(safe))

    def __bool__(self) -> bool:
        return bool(self.names)

    def matches(self, path: str | None) -> bool:
        return self.names.matches(path) and not self.safe.matches(path)

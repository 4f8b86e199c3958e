"""Errors that end a command with exit code 2 and one clear line on stderr."""

from __future__ import annotations


class AgentreviewError(Exception):
    """Bad input or a bad invocation. The message is printed as is, on one line."""

    exit_code = 2


class CatalogueError(AgentreviewError):
    """The catalogue did not validate; `problems` holds one `FILE: RULE_ID: field: what` line each."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = len(problems)
        super().__init__(
            f"the rule catalogue has {count} problem{'s' if count != 1 else ''}: {problems[0] if problems else ''}"
        )

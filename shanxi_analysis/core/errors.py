"""User-facing errors: they carry a message (and, for data files, every problem found).

The CLI prints these without a traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class ShanxiError(Exception):
    """An error caused by input (a file, a parameter), with a message meant for the user."""


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a data file, printed as ``file:line: column: message``."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class DataError(ShanxiError):
    """A data file failed validation; ``problems`` lists every problem, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        shown = "\n".join(str(p) for p in self.problems[:50])
        more = len(self.problems) - 50
        if more > 0:
            shown += f"\n... and {more} more problem(s)"
        super().__init__(f"{len(self.problems)} problem(s) in the data:\n{shown}")


def unknown_choice(what: str, value: object, choices) -> ShanxiError:
    """The standard error for a value that is not one of the valid choices."""
    listed = ", ".join(str(c) for c in choices)
    return ShanxiError(f"unknown {what} {value!r}; valid choices: {listed}")

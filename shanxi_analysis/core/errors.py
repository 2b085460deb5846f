"""User-facing errors: they carry a message (and, for data files, every problem found).

The CLI prints these without a traceback; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class ShanxiError(Exception):
    """An error caused by input (a file, a parameter), with a message meant for the user.

    ``code`` and ``fields`` say the same in data (``unknown_choice`` with what, value, the
    closest valid choices ...): the command line words a coded error in the reader's language
    from the message catalogue (``cli.error.<code>``); the English message stays for everyone
    else (a notebook, a traceback, a log)."""

    def __init__(self, message: str = "", *, code: str | None = None, **fields):
        super().__init__(message)
        self.code = code
        self.fields = fields


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


LISTED_CHOICES = 12  # more valid choices than this: the closest ones are named, not all of them


def closest(value: object, choices, n: int = 3) -> list[str]:
    """The valid choices closest to a mistyped ``value`` (difflib's ratio, case ignored; a
    choice that starts with or contains it first)."""
    import difflib

    text = str(value).strip().lower()
    names = [str(c) for c in choices]
    if not text:
        return []
    by_lower = {c.lower(): c for c in names}
    found = [c for c in names if c.lower().startswith(text)] + [c for c in names if text in c.lower()]
    found += [by_lower[c] for c in difflib.get_close_matches(text, list(by_lower), n=n, cutoff=0.6)]
    return list(dict.fromkeys(found))[:n]


def unknown_choice(what: str, value: object, choices) -> ShanxiError:
    """The standard error for a value that is not one of the valid choices: the closest valid
    choices first ("did you mean ...?"), then every choice, or, when there are many, how many."""
    names = [str(c) for c in choices]
    near = closest(value, names)
    hint = f"; did you mean {' or '.join(repr(c) for c in near)}?" if near else ""
    if len(names) <= LISTED_CHOICES:
        message = f"unknown {what} {value!r}; valid choices: {', '.join(names)}{hint}"
    elif near:  # a wall of ids helps no one: the closest, and how many there are
        message = f"unknown {what} {value!r}{hint} ({len(names)} valid choices)"
    else:
        shown = ", ".join(names[:LISTED_CHOICES])
        message = f"unknown {what} {value!r}; valid choices: {shown} ... ({len(names)} in all)"
    return ShanxiError(
        message,
        code="unknown_choice",
        what=what,
        value=str(value),
        closest=near,
        choices=names,
    )

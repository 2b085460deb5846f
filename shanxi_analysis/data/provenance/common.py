"""What the three provenance checkers share: the outline text, addressable by line, and the
wording of a list of valid codes in a message."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ...core.errors import Problem
from ...core.stamps import file_stamp
from ..glyphs import read_glyphs
from ..schema import display_path

_FOOTER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


class Outline:
    """The outline text with the glyphs read, addressable by 1-based line number."""

    def __init__(self, text: str):
        self.lines = read_glyphs(text).splitlines()

    def window(self, line: int, after: int, before: int = 0) -> list[str]:
        lo = max(line - 1 - before, 0)
        return [s for s in self.lines[lo : line + after] if not _FOOTER.match(s)]

    def joined(self, line: int, after: int, before: int = 0) -> str:
        """Lines joined with all white space removed (table cells and phrases wrap freely)."""
        return re.sub(r"\s+", "", "".join(self.window(line, after, before)))

    def text(self, line: int, after: int, before: int = 0) -> str:
        """Lines joined by newlines (numbers stay apart); a cell wrapped after '/' is rejoined."""
        return re.sub(r"/\s+", "/", "\n".join(self.window(line, after, before)))

    def __len__(self) -> int:
        return len(self.lines)


@lru_cache(maxsize=4)
def _outline_cached(path: Path, stamp: tuple) -> Outline:
    from ...core.errors import DataError

    name = display_path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(name, 0, "-", "is a folder, not the outline text")]) from None
    except OSError as exc:
        raise DataError([Problem(name, 0, "-", f"cannot read the outline: {exc.strerror or exc}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, line, "-", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the outline as UTF-8")]
        ) from None
    if "\x00" in text:
        raise DataError(
            [
                Problem(
                    name,
                    text[: text.index("\x00")].count("\n") + 1,
                    "-",
                    "binary data (a NUL byte), not the outline text",
                )
            ]
        )
    if not text.strip():
        raise DataError([Problem(name, 1, "-", "the outline is empty")])
    return Outline(text)


def load_outline(path: Path) -> Outline:
    """The outline at ``path`` (cached on the file's identity, so an edit is seen)."""
    return _outline_cached(path, file_stamp(path))


def listing(codes, most: int = 12) -> str:
    """A sorted list of valid codes for a message, shortened when long."""
    ordered = sorted(codes, key=lambda c: (len(c), c))
    shown = ", ".join(ordered[:most])
    return shown + (f" ... ({len(ordered)} in all)" if len(ordered) > most else "")

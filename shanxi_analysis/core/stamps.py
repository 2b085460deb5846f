"""File identities for in-process caches.

A loader's cache is keyed on the identity of the files it read (path, size, mtime_ns), so an
edited or appended file is read again in the same Python process without a manual cache clear.
A stat of the dozen raw files costs microseconds; a re-read costs milliseconds.
"""

from __future__ import annotations

import os
from pathlib import Path

FileStamp = tuple[str, int | None, int | None]


def file_stamp(path: str | os.PathLike) -> FileStamp:
    """``(path, size, mtime_ns)``; a missing file is ``(path, None, None)``."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return (str(path), None, None)
    return (str(path), st.st_size, st.st_mtime_ns)


def tree_stamp(folder: str | os.PathLike) -> tuple[FileStamp, ...]:
    """The stamps of every file directly in ``folder`` (a raw-data tree), sorted by name."""
    folder = Path(folder)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return ()
    return tuple(file_stamp(p) for p in entries if p.is_file())

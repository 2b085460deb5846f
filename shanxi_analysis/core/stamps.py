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
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except OSError:
        return (str(Path(name)), None, None)
    return (str(Path(name)), st.st_size, st.st_mtime_ns)


def tree_stamp(folder: str | os.PathLike) -> tuple[FileStamp, ...]:
    """The stamps of every file directly in ``folder`` (a raw-data tree), sorted by name.  One
    directory scan and one stat per file: loaders call this on every read."""
    top = str(Path(folder))
    try:
        with os.scandir(top) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return ()
    stamps = []
    for entry in entries:
        try:
            if not entry.is_file():  # as Path.is_file: links followed, a broken one left out
                continue
            st = entry.stat()
        except OSError:
            continue
        stamps.append((os.path.join(top, entry.name), st.st_size, st.st_mtime_ns))
    return tuple(stamps)

"""Every read and write of the project's files, by one set of rules.

A data tree comes from ``git clone``, which reproduces symbolic links, so a file name is not
trusted to lead where it says:

* **Reads** (:func:`read_bytes`, :func:`read_text`, :func:`open_read`) refuse a link that leads
  out of its tree (``data/raw/observed.csv -> /proc/self/environ``), a link loop, a device
  (``/dev/zero``), a named pipe (which would block forever), a socket or a folder, and a file
  larger than a limit.  The refusal names the file and what it is, never its content.
* **Writes** (:func:`write_bytes`, :func:`write_text`, :func:`atomic_write`, :func:`append_text`,
  :func:`replace_all`) go through a fresh temporary file in the same folder, created exclusively
  (``O_EXCL``, ``O_NOFOLLOW``, a random name), and renamed into place: a link planted at the
  final name (or at a temporary name) is replaced, never followed, and a reader sees the old file
  or the whole new one.  A failure (a full disk) removes the temporary file and names the file
  that could not be written.  :func:`replace_all` writes a set of files all or nothing.
* :func:`hash_file` streams a file through a hash in chunks (a 4 GB file is never held in memory).

Standard library only: this is the base layer.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from .errors import ShanxiError

# The largest file any reader accepts: the raw files are well under 1 MB, a briefing page with
# its embedded charts a few MB.  A bigger file is a mistake or an attack, not data.
MAX_READ_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20
# Kernel and device trees: nothing of the project is ever read from them, whatever the tree.
SYSTEM_TREES = ("/proc", "/sys", "/dev")
# what a file that is not a regular one is: its code (the catalogue's cli.error.kind.<code>) and words
_KINDS = (
    (stat.S_ISDIR, "folder", "a folder"),
    (stat.S_ISFIFO, "fifo", "a named pipe (FIFO)"),
    (stat.S_ISCHR, "char_device", "a character device"),
    (stat.S_ISBLK, "block_device", "a block device"),
    (stat.S_ISSOCK, "socket", "a socket"),
)
_OTHER_KIND = ("other", "not a regular file")


class FileRefused(ShanxiError):
    """A file that is not read: a link out of its tree, a loop, a special file, too large.
    ``reason`` says what it is without the path (callers put it in a ``file:line`` problem);
    ``why`` and ``fields`` say it in data (the catalogue's ``cli.error.reason.<why>``)."""

    def __init__(self, path, reason: str, *, why: str, **fields):
        self.path, self.reason = Path(path), reason
        super().__init__(f"{path}: {reason}", code="file_refused", path=str(path), reason_code=why, **fields)


def _kind(mode: int) -> tuple[str, str] | None:
    """What a non-regular file is (its code and words: 'fifo', 'a named pipe (FIFO)' ...), None for a
    regular file."""
    if stat.S_ISREG(mode):
        return None
    return next(((code, what) for test, code, what in _KINDS if test(mode)), _OTHER_KIND)


def _special(path, kind: tuple[str, str]) -> FileRefused:
    return FileRefused(path, f"{kind[1]}, not a regular file; refused", why="special", kind_code=kind[0])


def _too_large(path, limit: int, size: int | None = None) -> FileRefused:
    if size is None:
        return FileRefused(
            path, f"larger than the {limit:,} bytes a file may have; refused", why="large", limit=f"{limit:,}"
        )
    return FileRefused(
        path,
        f"{size:,} bytes, larger than the {limit:,} bytes a file may have; refused",
        why="size",
        size=f"{size:,}",
        limit=f"{limit:,}",
    )


def resolved(path, root=None) -> Path:
    """The real path of ``path``, which must stay inside ``root`` (default: the folder it is in).

    Raises :class:`FileRefused` for a link loop or a link that leads out of the tree, and
    ``FileNotFoundError`` for a missing file or a dangling link."""
    path = Path(path)
    tree = Path(root) if root is not None else path.parent
    try:
        real = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FileRefused(path, "a link loop (a symbolic link that leads back to itself)", why="loop") from None
        if exc.errno == errno.ENOENT:
            raise FileNotFoundError(errno.ENOENT, "file not found", str(path)) from None
        raise
    try:
        top = Path(os.path.realpath(tree))
    except OSError:  # pragma: no cover - a tree that cannot be resolved
        top = tree
    if real != top and top not in real.parents:
        raise FileRefused(
            path,
            f"a link that leads out of {tree} (to {real}); refused",
            why="link_out",
            tree=str(tree),
            real=str(real),
        )
    if any(Path(system) == real or Path(system) in real.parents for system in SYSTEM_TREES):
        raise FileRefused(path, f"a system file ({real}), not data; refused", why="system", real=str(real))
    return real


@contextlib.contextmanager
def open_read(path, root=None, limit: int = MAX_READ_BYTES) -> Iterator:
    """A binary handle on a regular file of the tree (see the module doc), at most ``limit`` bytes
    large when opened (:func:`read_bytes` also bounds what it reads)."""
    real = resolved(path, root)
    kind = _kind(os.stat(real).st_mode)  # before opening: opening a socket fails, a FIFO may block
    if kind and kind[0] == "folder":
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
    if kind:
        raise _special(path, kind)
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since it was resolved
            raise FileRefused(
                path, "a symbolic link (changed while being opened); refused", why="changed_link"
            ) from None
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        st = os.fstat(fd)
        kind = _kind(st.st_mode)
        if kind and kind[0] == "folder":
            raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(path))
        if kind:
            raise _special(path, kind)
        if st.st_size > limit:
            raise _too_large(path, limit, st.st_size)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle


def read_bytes(path, root=None, limit: int = MAX_READ_BYTES) -> bytes:
    """The content of a regular file of the tree, at most ``limit`` bytes (else :class:`FileRefused`:
    a file that grows while read, or a /proc file that reports size 0, is bounded too)."""
    with open_read(path, root, limit) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _too_large(path, limit)
    return data


def read_text(path, root=None, limit: int = MAX_READ_BYTES, encoding: str = "utf-8") -> str:
    """:func:`read_bytes` decoded (``UnicodeDecodeError`` is the caller's to report, with a line)."""
    return read_bytes(path, root, limit).decode(encoding)


def hash_file(path, h=None, root=None, limit: int = MAX_READ_BYTES):
    """``h`` (default sha256) updated with the file's bytes, read in chunks of 1 MB (never the
    whole file in memory), at most ``limit`` bytes (else :class:`FileRefused`)."""
    h = h or hashlib.sha256()
    seen = 0
    with open_read(path, root, limit) as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            seen += len(chunk)
            if seen > limit:
                raise _too_large(path, limit)
            h.update(chunk)
    return h


# --- writes ----------------------------------------------------------------------------------------


def _fresh(folder: Path, name: str) -> tuple[Path, int]:
    """A new, empty temporary file beside ``name`` in ``folder``: created exclusively, never
    through a link, with a random name (a planted ``.name.tmp`` link is never opened)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(16):
        tmp = folder / f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            return tmp, os.open(tmp, flags, 0o666)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no fresh temporary name", str(folder / name))  # pragma: no cover


def _failed(path: Path, exc: OSError) -> OSError:
    """The error of a write, naming the file it was for (not the temporary file)."""
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


@contextlib.contextmanager
def atomic_write(path, mode: str = "w", encoding: str = "utf-8", newline: str | None = None, sync: bool = True):
    """A handle on a fresh temporary file that becomes ``path`` when the block ends without error
    (else it is removed and ``path`` is untouched).  ``mode`` is ``"w"`` (text) or ``"wb"``."""
    path = Path(path)
    tmp, fd = _fresh(path.parent, path.name)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) if "b" not in mode else os.fdopen(fd, mode) as fh:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.replace(tmp, path)  # a link at ``path`` is replaced, its target untouched
    except OSError as exc:
        _discard(tmp)
        raise _failed(path, exc) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def write_bytes(path, data: bytes, sync: bool = True) -> None:
    with atomic_write(path, "wb", sync=sync) as fh:
        fh.write(data)


def write_text(path, text: str, encoding: str = "utf-8", sync: bool = True) -> None:
    write_bytes(path, text.encode(encoding), sync=sync)


def append_text(path, text: str, root=None, encoding: str = "utf-8") -> None:
    """``path`` rewritten with ``text`` added (a small log: the old content is read by the rules
    above, so a link planted at ``path`` is neither followed nor copied: the log starts afresh)."""
    try:
        old = read_bytes(path, root)
    except (FileNotFoundError, FileRefused, IsADirectoryError):
        old = b""
    write_bytes(path, old + text.encode(encoding), sync=False)


def replace_all(files: dict, sync: bool = True) -> None:
    """Write every ``{path: bytes}`` to its temporary file first, then rename them all into place:
    a failure while writing (a full disk) leaves every old file as it was and no temporary file."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            path = Path(path)
            tmp, fd = _fresh(path.parent, path.name)
            staged.append((tmp, path))
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    if sync:
                        os.fsync(fh.fileno())
            except OSError as exc:
                raise _failed(path, exc) from None
    except BaseException:
        for tmp, _ in staged:
            _discard(tmp)
        raise
    for tmp, path in staged:
        os.replace(tmp, path)


def exclusive_file(folder, prefix: str) -> Path:
    """A new empty file of this process in ``folder`` (random name, created exclusively): a place
    another library may write to (papermill's output) that no planted link can redirect."""
    folder = Path(folder)
    tmp, fd = _fresh(folder, prefix)
    os.close(fd)
    return tmp


__all__ = [
    "MAX_READ_BYTES",
    "FileRefused",
    "append_text",
    "atomic_write",
    "exclusive_file",
    "hash_file",
    "open_read",
    "read_bytes",
    "read_text",
    "replace_all",
    "resolved",
    "write_bytes",
    "write_text",
]

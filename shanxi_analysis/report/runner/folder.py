"""The output folder of a run: checked before any kernel starts, locked for the whole run, written
to atomically (an earlier page stays until the new one is whole), with a run log, and the
environment the run's kernels start in (set for the run, restored after it)."""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import os
import stat
import threading
from pathlib import Path

from ...core import files
from ...core.errors import ShanxiError

LOCK_NAME = ".shanxi-run.lock"
RUN_LOG = "run.log"
_log_lock = threading.Lock()


class OutputError(ShanxiError):
    """The output folder cannot be used (not a folder, not writable, full, in use by another run)."""


def check_out(out) -> Path:
    """The output folder, created if need be and proven writable, before any kernel starts:
    ``--out ''``, a file, a device, a folder that cannot be created or written to each end in
    one message."""
    text = "" if out is None else str(out)
    if not text.strip():
        raise OutputError("--out is empty: name an output folder, e.g. --out reports", code="out_empty")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.exists() and not path.is_dir():
        raise OutputError(
            f"--out {text}: {path} exists and is not a folder", code="out_not_folder", text=text, path=str(path)
        )
    parent = path
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(
            f"--out {text}: {parent} is not a folder", code="out_parent_not_folder", text=text, path=str(parent)
        )
    probe = None
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = files.exclusive_file(path, "shanxi-write-test")  # a fresh file: a planted link is never opened
        with open(probe, "r+b") as f:  # a full disk shows here, not half-way through the pages
            f.write(b"\0" * 65536)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise OutputError(
            f"--out {text}: cannot write into {path}: {exc.strerror or exc}",
            code="out_not_writable",
            text=text,
            path=str(path),
            **os_reason(exc),
        ) from None
    finally:
        if probe is not None:
            _remove(probe)
    return path


@contextlib.contextmanager
def locked_out(out: Path):
    """Hold an exclusive lock on the output folder for the whole run: a second run into the same
    folder (with another as-of year, say) fails at once instead of mixing its pages in."""
    import fcntl

    path = out / LOCK_NAME
    try:
        handle = _open_lock(path)
    except OSError as exc:
        raise OutputError(
            f"cannot create the lock file {path}: {exc.strerror or exc}",
            code="lock_file",
            path=str(path),
            **os_reason(exc),
        ) from None
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip()
            raise OutputError(
                f"another shanxi run ({holder or 'another process'}) is writing into {out}; wait for it to finish or "
                "choose another --out",
                code="out_in_use" if holder else "out_in_use_unknown",
                holder=holder,
                out=str(out),
            ) from None
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
        yield path
    finally:
        handle.close()  # releases the lock; the file stays (removing it would race a waiting run)


def _open_lock(path: Path):
    """The lock file, opened read-write without following a link: a link (or anything but a
    plain file of ours) planted at its name is replaced by a fresh empty file first, so its
    target is never truncated."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(3):
        try:
            fd = os.open(path, flags)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOENT):
                raise
            files.write_bytes(path, b"", sync=False)  # created in a fresh file, renamed over the link
            continue
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
            return os.fdopen(fd, "a+", encoding="utf-8")
        os.close(fd)  # a hard link or a special file: replace it too
        files.write_bytes(path, b"", sync=False)
    raise OSError(errno.EEXIST, "keeps being replaced by something that is not a plain file", str(path))


def os_reason(exc: Exception) -> dict:
    """An OS error's reason as a coded error's fields: the system's words and its errno (the
    catalogue words the common ones, ``cli.error.os.<ENAME>``)."""
    return {"reason": str(getattr(exc, "strerror", None) or exc), "errno": getattr(exc, "errno", None)}


def _write_error(path: Path, exc: Exception) -> OutputError:
    return OutputError(
        f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}; the run stopped, earlier pages are kept",
        code="write_failed",
        path=str(path),
        **os_reason(exc),
    )


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _write_atomic(path: Path, text: str, mkdir: bool = False) -> None:
    data = text.encode("utf-8")
    if _holds(path, data):  # a rerun's page is byte-identical: left as it is (and its date with it)
        return
    try:
        if mkdir:
            path.parent.mkdir(parents=True, exist_ok=True)
        files.write_bytes(path, data, sync=False)  # a fresh temporary file, renamed over the old page
    except OSError as exc:
        raise _write_error(path, exc) from None


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        return stat.S_ISREG(st.st_mode) and st.st_size == len(data) and fh.read(len(data) + 1) == data


def read_text(path: Path, out: Path | None = None) -> str:
    """A file of the output folder ``out``; an unreadable one (or a link leading out of it) stops
    the run naming it."""
    try:
        return files.read_text(path, root=out)
    except files.FileRefused as exc:
        raise OutputError(
            f"cannot read {path}: {exc.reason}; the run stopped, earlier pages are kept",
            code="read_refused",
            **{**exc.fields, "path": str(path)},
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _write_error(path, exc) from None


def log_run(out: Path, message: str) -> None:
    """Append to ``out/run.log`` (one line or block per event, time-stamped)."""
    path = out / RUN_LOG
    stamp = _dt.datetime.now().isoformat(timespec="seconds")
    try:
        with _log_lock:
            files.append_text(path, f"[{stamp}] {message.rstrip()}\n", root=out)
    except OSError as exc:
        raise _write_error(path, exc) from None


@contextlib.contextmanager
def warnings_to_log(out: Path):
    """Warnings raised in this process during the run (by the libraries driving the kernels)
    go to the run log, not between the progress lines."""
    import warnings

    def show(message, category, filename, lineno, file=None, line=None):
        with contextlib.suppress(ShanxiError):
            log_run(out, f"{filename}:{lineno}: {category.__name__}: {message}")

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield


def quiet_kernel_profile(out: Path) -> Path:
    """An IPython profile for the batch kernels: no user startup files, and the kernel's own
    start/stop log lines (transport warnings, shutdown interrupts) kept off the progress output."""
    profile = out / ".ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    files.write_text(profile / "ipython_kernel_config.py", "c.Application.log_level = 'CRITICAL'\n", sync=False)
    return profile.parent


@contextlib.contextmanager
def kernel_environment(out: Path):
    """The environment the run's kernels inherit, for the length of the run only: the quiet
    IPython profile (:func:`quiet_kernel_profile`) and, unless the caller chose one, matplotlib's
    Agg backend.  What was there before is put back afterwards, even after an error or Ctrl-C."""
    try:
        # SHANXI_SITE_LINKS: the pages' tables link each indicator to its page (report.notebook)
        changes = {"IPYTHONDIR": str(quiet_kernel_profile(out)), "SHANXI_SITE_LINKS": "1"}
    except OSError as exc:
        raise _write_error(out / ".ipython", exc) from None
    if "MPLBACKEND" not in os.environ:
        changes["MPLBACKEND"] = "Agg"
    with scoped_environ(changes):
        yield


@contextlib.contextmanager
def scoped_environ(changes: dict[str, str]):
    """``os.environ`` with ``changes`` inside the block, as it was after it."""
    before = {key: os.environ.get(key) for key in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for key, value in before.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

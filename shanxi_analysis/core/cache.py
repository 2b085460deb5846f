"""A small disk cache for deterministic derived results (forecasts), so that the ten notebook
runs of ``shanxi run`` fit each model once instead of four times and most kernels never import
statsmodels.

An entry can never be stale: its key is the function's name and arguments, a hash of every raw
data file, a hash of the source of the code below the presentation layer (``core``, ``data``,
``models``) and the versions of the numerical libraries.  Editing a data file, a model or a
loader, or upgrading numpy, gives a new key.

An entry cannot be forged either: entries are JSON (written with ``repr``-exact floats, never
pickle, so a planted file can at worst be rejected, never run), and each is signed with an HMAC
under a per-user key kept outside the cache folder (``cache.key`` in the user's configuration
folder, mode 0600; ``SHANXI_CACHE_KEY`` names another file).  An entry whose signature does not
verify - planted, edited, copied under another key - is recomputed and overwritten.  Without a
usable key (a read-only home, a key readable by others) nothing is cached.

The cache lives in the user's cache folder (``~/.cache/shanxi_analysis`` on Linux, never in the
source tree); ``SHANXI_CACHE_DIR`` moves it, ``SHANXI_CACHE=off`` disables it, ``make clean``
(:func:`clear`) empties it.  Files are read and written by the rules of :mod:`.files`.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
import os
import secrets
import stat
import sys
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from . import files
from .paths import PACKAGE_DIR, raw_dir
from .stamps import file_stamp, tree_stamp

# the code whose output may be cached: everything but the presentation layer and the CLI
CODE_LAYERS = ("core", "data", "models")
CODE_SUFFIXES = (".py", ".toml", ".csv")
LIBRARIES = ("numpy", "pandas", "statsmodels", "scipy")
FORMAT = 2  # bump when the entry layout changes (2: signed entries)
APP = "shanxi_analysis"
KEY_BYTES = 32
_ENTRY_LIMIT = 16 * 1024 * 1024  # a forecast entry is a few kB


def cache_dir() -> Path:
    """``SHANXI_CACHE_DIR``, else the user's cache folder (outside the source tree)."""
    env = os.environ.get("SHANXI_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def key_path() -> Path:
    """Where the signing key lives: ``SHANXI_CACHE_KEY``, else the user's configuration folder."""
    env = os.environ.get("SHANXI_CACHE_KEY")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "cache.key"


def enabled() -> bool:
    return os.environ.get("SHANXI_CACHE", "on").lower() not in ("off", "0", "false", "no")


def _usable_key(path: Path) -> bytes | None:
    """The key if it is a regular file of this user that nobody else can read or write."""
    try:
        st = os.stat(path, follow_symlinks=False)
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077 or st.st_uid != os.getuid():
            return None
        key = files.read_bytes(path, limit=1024)
    except (OSError, files.FileRefused):
        return None
    return key if len(key) == KEY_BYTES else None


def signing_key() -> bytes | None:
    """The per-user key (created on first use, 0600); None when it cannot be had safely."""
    path = key_path()
    key = _usable_key(path)
    if key is not None or os.path.lexists(path):
        return key  # an existing key that is not safe is never used, nor replaced behind the user's back
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except OSError:
        return _usable_key(path)  # another process created it first, or the folder is read-only
    with os.fdopen(fd, "wb") as fh:
        fh.write(secrets.token_bytes(KEY_BYTES))
    return _usable_key(path)


def _hash_files(paths, root: Path) -> str:
    """One hash over the files' names and bytes, streamed in chunks; a file the rules of
    :mod:`.files` refuse (a link out, a special file, one beyond the size any reader accepts,
    such as a 4 GB file dropped in ``data/raw``) counts by its name and stamp, unread."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode() + b"\0")
        try:
            files.hash_file(path, h, root=root, limit=files.MAX_READ_BYTES)
        except (OSError, files.FileRefused):
            h.update(repr(file_stamp(path)).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def _data_hash(raw: Path, stamp: tuple) -> str:
    return _hash_files(sorted(p for p in raw.iterdir() if p.is_file()), raw)


def data_fingerprint(data_dir=None) -> str:
    """A hash of every raw data file (recomputed only when a file's identity changes)."""
    raw = raw_dir(data_dir)
    return _data_hash(raw, tree_stamp(raw)) if raw.is_dir() else "no-data"


@lru_cache(maxsize=8)
def _code_files(package_dir: Path, layers: tuple[str, ...] = CODE_LAYERS) -> tuple[Path, ...]:
    """Every file of the code layers: the modules and what they read beside them (the message
    catalogue's TOML, which the data checks use to word names), never compiled bytecode.  Listed
    once per process (a module added under a running process is not one it runs); each file's
    stamp is read on every use (:func:`code_fingerprint`), so an edit is seen at once."""
    return tuple(
        sorted(
            p
            for layer in layers
            for p in (package_dir / layer).rglob("*")
            if p.suffix in CODE_SUFFIXES and "__pycache__" not in p.parts
        )
    )


@lru_cache(maxsize=8)
def _code_hash(package_dir: Path, layers: tuple[str, ...], stamp: tuple) -> str:
    return _hash_files(_code_files(package_dir, layers), package_dir)


@lru_cache(maxsize=1)
def _library_versions() -> str:
    # installed versions do not change under a running process
    versions = []
    for lib in LIBRARIES:
        try:
            versions.append(f"{lib}={metadata.version(lib)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{lib}=absent")
    return ",".join(versions)


def code_fingerprint(package_dir: Path = PACKAGE_DIR, layers: tuple[str, ...] = CODE_LAYERS) -> str:
    """A hash of the source that computes cached results (the ``layers`` of the package), plus the
    numerical libraries' versions."""
    stamp = tuple(file_stamp(p) for p in _code_files(package_dir, layers))
    return _code_hash(package_dir, layers, stamp) + ":" + _library_versions()


def _material(name: str, key: tuple, data_dir=None) -> bytes:
    return json.dumps([FORMAT, name, [repr(k) for k in key], data_fingerprint(data_dir), code_fingerprint()]).encode()


def entry_path(name: str, key: tuple, data_dir=None) -> Path:
    digest = hashlib.sha256(_material(name, key, data_dir)).hexdigest()[:32]
    return cache_dir() / name / f"{digest}.json"


def _signature(secret: bytes, material: bytes, body: bytes) -> str:
    return hmac.new(secret, material + b"\n" + body, hashlib.sha256).hexdigest()


def _load(path: Path, secret: bytes, material: bytes):
    """The entry's JSON if its signature verifies (bound to this key's material), else None."""
    try:
        stored = files.read_bytes(path, root=cache_dir(), limit=_ENTRY_LIMIT)
    except (OSError, files.FileRefused):
        return None
    mac, _, body = stored.partition(b"\n")
    if not hmac.compare_digest(mac, _signature(secret, material, body).encode()):
        return None  # planted, edited, or another key's entry: never served
    try:
        return json.loads(body.decode("utf-8"))
    except ValueError:
        return None


def cached(name: str, key: tuple, compute, encode, decode, data_dir=None):
    """``compute()`` once per key (see the module doc); later calls ``decode`` the stored JSON.

    ``encode(value)`` must return JSON-serialisable data and ``decode(encode(value))`` must equal
    ``value`` exactly (tests check the round trip).
    """
    secret = signing_key() if enabled() else None
    if secret is None:
        return compute()
    material = _material(name, key, data_dir)
    path = entry_path(name, key, data_dir)
    data = _load(path, secret, material)
    if data is not None:
        try:
            return decode(data)
        except (ValueError, KeyError, TypeError):
            pass  # signed by us but not decodable (an older layout): recompute
    value = compute()
    body = json.dumps(encode(value), ensure_ascii=False, allow_nan=True).encode("utf-8")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_bytes(path, _signature(secret, material, body).encode() + b"\n" + body, sync=False)
    return value


def cached_frame(name: str, key: tuple, compute, data_dir=None, also_read=()):
    """A loader's checked table: ``compute()`` reads a raw file and checks it (raising DataError
    when a check fails, which is never stored), once per version of the data and the code; other
    processes -- every kernel of ``shanxi run``, every CLI call -- read the stored frame instead of
    checking again.  ``also_read``: files outside ``data/raw`` the checks read (by their stamps)."""
    key = (*key, *(file_stamp(p) for p in also_read))
    return cached(name, key, compute, frame_to_json, frame_from_json, data_dir)


class Uncacheable(TypeError):
    """A value :func:`content_digest` cannot fingerprint: the result is computed, not cached."""


def content_digest(value) -> str:
    """A hash of what ``value`` holds (frames and series with their dtypes, index and attrs;
    lists, dicts, dataclasses, objects with ``to_json``; scalars by ``repr``), for keying a
    result on its inputs.  Raises :class:`Uncacheable` for anything else."""
    h = hashlib.sha256()
    _feed(h, value)
    return h.hexdigest()[:32]


def _feed(h, value) -> None:
    import dataclasses

    import pandas as pd

    if isinstance(value, Path) or pd.api.types.is_scalar(value):  # str, numbers, NA, NaT, timestamps
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (pd.DataFrame, pd.Series)):
        _feed_pandas(h, value)
    elif isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        _feed_sequence(h, value)
    elif isinstance(value, dict):
        h.update(f"dict[{len(value)}];".encode())
        for key in sorted(value, key=repr):
            _feed(h, key)
            _feed(h, value[key])
    elif callable(getattr(value, "to_json", None)) and not isinstance(value, type):
        h.update(f"{type(value).__qualname__}:".encode())
        _feed(h, value.to_json())
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        h.update(f"{type(value).__qualname__}:".encode())
        _feed(h, {f.name: getattr(value, f.name) for f in dataclasses.fields(value)})
    else:
        raise Uncacheable(f"cannot fingerprint a {type(value).__name__}")


def _feed_pandas(h, value) -> None:
    """A frame or series: its names, dtypes, cells, index and attrs."""
    import pandas as pd

    frame = isinstance(value, pd.DataFrame)
    names = list(map(str, value.columns)) if frame else [repr(value.name)]
    h.update(f"{type(value).__name__}:{names!r};".encode())
    h.update(repr([str(t) for t in (value.dtypes if frame else [value.dtype])]).encode())
    try:
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    except (TypeError, ValueError):  # cells pandas cannot hash (lists, dicts): one by one
        for column in value.T.to_numpy().tolist() if frame else [value.tolist()]:
            _feed(h, list(column))
    h.update(repr(list(value.index)).encode())
    _feed(h, dict(value.attrs))


def _feed_sequence(h, value) -> None:
    """A list, a tuple or an array: numbers by their bytes, anything else item by item."""
    import numpy as np

    if isinstance(value, np.ndarray) and value.dtype.kind in "biufcmM":
        h.update(f"ndarray:{value.dtype.str}:{value.shape};".encode() + np.ascontiguousarray(value).tobytes())
        return
    items = value.tolist() if isinstance(value, np.ndarray) else value
    h.update(f"{type(value).__name__}[{len(items)}];".encode())
    for item in items:
        _feed(h, item)


def clear() -> int:
    """Remove every entry this cache wrote (``make clean``); returns how many files went."""
    removed = 0
    top = cache_dir()
    if not top.is_dir():
        return 0
    for folder in top.iterdir():
        if folder.is_dir() and not folder.is_symlink():
            for entry in folder.iterdir():
                if entry.suffix in (".json", ".tmp") and not entry.is_dir():
                    with contextlib.suppress(OSError):
                        entry.unlink()
                        removed += 1
            with contextlib.suppress(OSError):
                folder.rmdir()
    return removed


# --- exact JSON for data frames ------------------------------------------------------------------


def _plain(x):
    """A cell as JSON data: numpy scalars to Python, missing values to None (floats keep NaN)."""
    if x is None:
        return None
    if hasattr(x, "item"):
        x = x.item()
    if isinstance(x, float) and math.isnan(x):
        return x
    try:
        import pandas as pd

        if x is pd.NA or x is pd.NaT:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return x


def frame_to_json(df) -> dict:
    """A DataFrame as JSON data that :func:`frame_from_json` restores exactly (values and dtypes)."""
    return {
        "columns": [str(c) for c in df.columns],
        "dtypes": [str(t) for t in df.dtypes],
        "data": [[_plain(v) for v in df[c].tolist()] for c in df.columns],
    }


def frame_from_json(data: dict):
    import pandas as pd

    columns = {
        c: pd.Series(values, dtype=dtype)
        for c, dtype, values in zip(data["columns"], data["dtypes"], data["data"], strict=True)
    }
    return pd.DataFrame(columns, columns=data["columns"])


if __name__ == "__main__":  # `python -m shanxi_analysis.core.cache clear` (make clean)
    if sys.argv[1:] == ["clear"]:
        print(f"cache {cache_dir()}: {clear()} file(s) removed")
    else:
        print(f"usage: python -m {__spec__.name} clear", file=sys.stderr)
        sys.exit(2)

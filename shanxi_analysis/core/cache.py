"""A small disk cache for deterministic derived results (forecasts), so that the ten notebook
runs of ``shanxi run`` fit each model once instead of four times and most kernels never import
statsmodels.

Entries are keyed by the function, its arguments, the package version and a fingerprint of every
raw data file, so editing the data invalidates them.  The cache lives in ``.cache/`` of the
project (``SHANXI_CACHE_DIR`` moves it; ``SHANXI_CACHE=off`` disables it).  A corrupt or
unreadable entry is recomputed, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from . import __version__
from .paths import PROJECT_DIR, raw_dir


def cache_dir() -> Path:
    return Path(os.environ.get("SHANXI_CACHE_DIR", PROJECT_DIR / ".cache"))


def enabled() -> bool:
    return os.environ.get("SHANXI_CACHE", "on").lower() not in ("off", "0", "false", "no")


@lru_cache(maxsize=8)
def _fingerprint(raw: Path, stamp: tuple) -> str:
    h = hashlib.sha256(__version__.encode())
    for path in sorted(raw.glob("*")):
        if path.is_file():
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def data_fingerprint(data_dir=None) -> str:
    raw = raw_dir(data_dir)
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in raw.glob("*") if p.is_file()))
    return _fingerprint(raw, stamp)


def cached(name: str, key: tuple, compute, data_dir=None):
    """``compute()`` once per (name, key, data fingerprint); later calls read the pickle."""
    if not enabled():
        return compute()
    digest = hashlib.sha256(repr((name, key, data_fingerprint(data_dir))).encode()).hexdigest()[:24]
    path = cache_dir() / name / f"{digest}.pickle"
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a concurrent reader sees the old state or the whole entry
    except OSError:
        pass
    return value

"""A small disk cache for deterministic derived results (forecasts), so that the ten notebook
runs of ``shanxi run`` fit each model once instead of four times and most kernels never import
statsmodels.

An entry can never be stale: its key is the function's name and arguments, a hash of every raw
data file, a hash of the source of the code below the presentation layer (``core``, ``data``,
``models``) and the versions of the numerical libraries.  Editing a data file, a model or a
loader, or upgrading numpy, gives a new key.  Entries are JSON (written with ``repr``-exact
floats), so a planted or corrupt file can at worst be rejected, never run; an entry that does not
decode is recomputed.  The cache lives in ``.cache/`` of the project (``SHANXI_CACHE_DIR`` moves
it; ``SHANXI_CACHE=off`` disables it; ``make clean`` removes it).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from .paths import PACKAGE_DIR, PROJECT_DIR, raw_dir
from .stamps import file_stamp, tree_stamp

# the code whose output may be cached: everything but the presentation layer and the CLI
CODE_LAYERS = ("core", "data", "models")
LIBRARIES = ("numpy", "pandas", "statsmodels", "scipy")
FORMAT = 1  # bump when the entry layout changes


def cache_dir() -> Path:
    return Path(os.environ.get("SHANXI_CACHE_DIR", PROJECT_DIR / ".cache"))


def enabled() -> bool:
    return os.environ.get("SHANXI_CACHE", "on").lower() not in ("off", "0", "false", "no")


def _hash_files(paths) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=8)
def _data_hash(raw: Path, stamp: tuple) -> str:
    return _hash_files(sorted(p for p in raw.iterdir() if p.is_file()))


def data_fingerprint(data_dir=None) -> str:
    """A hash of every raw data file (recomputed only when a file's identity changes)."""
    raw = raw_dir(data_dir)
    return _data_hash(raw, tree_stamp(raw)) if raw.is_dir() else "no-data"


def _code_files(package_dir: Path) -> list[Path]:
    return sorted(p for layer in CODE_LAYERS for p in (package_dir / layer).rglob("*.py"))


@lru_cache(maxsize=4)
def _code_hash(package_dir: Path, stamp: tuple) -> str:
    return _hash_files(_code_files(package_dir))


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


def code_fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """A hash of the source that computes cached results, plus the numerical libraries' versions."""
    stamp = tuple(file_stamp(p) for p in _code_files(package_dir))
    return _code_hash(package_dir, stamp) + ":" + _library_versions()


def entry_path(name: str, key: tuple, data_dir=None) -> Path:
    material = json.dumps([FORMAT, name, [repr(k) for k in key], data_fingerprint(data_dir), code_fingerprint()])
    return cache_dir() / name / f"{hashlib.sha256(material.encode()).hexdigest()[:32]}.json"


def cached(name: str, key: tuple, compute, encode, decode, data_dir=None):
    """``compute()`` once per key (see the module doc); later calls ``decode`` the stored JSON.

    ``encode(value)`` must return JSON-serialisable data and ``decode(encode(value))`` must equal
    ``value`` exactly (tests check the round trip).
    """
    if not enabled():
        return compute()
    path = entry_path(name, key, data_dir)
    try:
        with open(path, encoding="utf-8") as fh:
            return decode(json.load(fh))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # absent, unreadable or not an entry we wrote: recompute
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(encode(value), fh, ensure_ascii=False, allow_nan=True)
        tmp.replace(path)  # atomic: a concurrent reader sees the old state or the whole entry
    except OSError:
        pass
    return value


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

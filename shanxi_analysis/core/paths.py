"""Where the data lives.  ``SHANXI_DATA_DIR`` points the whole library at another data tree
(tests use it for a small plan of their own making)."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
PROJECT_DIR = PACKAGE_DIR.parent


def data_dir(override: str | os.PathLike | None = None) -> Path:
    if override is not None:
        return Path(override)
    env = os.environ.get("SHANXI_DATA_DIR")
    if not env:
        return PROJECT_DIR / "data"
    path = Path(env)
    if path.exists() and not path.is_dir():  # a typo'd variable: one message, not a traceback later
        from .errors import ShanxiError

        raise ShanxiError(
            f"SHANXI_DATA_DIR={env} is a file, not a data folder (one with raw/ inside)",
            code="data_dir_is_file",
            env=env,
        )
    return path


def raw_dir(override: str | os.PathLike | None = None) -> Path:
    return data_dir(override) / "raw"


def processed_dir(override: str | os.PathLike | None = None) -> Path:
    return data_dir(override) / "processed"

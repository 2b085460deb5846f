"""Where a statistic is normally published, and when (``data/raw/publications.csv``).

Each publication is a code (``statistical_communique``, ``rd_bulletin`` ...) with its names in both
languages, the months it usually comes out in (``first_month``-``last_month``, from dated examples
the research read; blank when no date was found) and that example with its source.
``series.csv``'s ``published_in`` names the publication a series' next value is normally read
from (blank: not known).  A plan's final evaluation lists, for each row still open, the value
that would close it and this publication (:mod:`..models.final`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.errors import DataError, Problem
from ..core.paths import raw_dir
from ..core.stamps import tree_stamp
from .schema import Column, Schema, display_path, read_table

PUBLICATIONS = Schema(
    "publications",
    (
        Column("code", pattern=r"[a-z][a-z0-9_]*"),
        Column("name_zh"),
        Column("name_en"),
        Column("first_month", "int", required=False),
        Column("last_month", "int", required=False),
        Column("example"),
        Column("example_source", required=False),
    ),
    key=("code",),
)


def publications_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "publications.csv"


def check_publications(data_dir=None) -> tuple[list[dict], list[Problem]]:
    """Read the publications and check what the schema cannot: months 1-12, in order, both or
    neither; and that every ``published_in`` of ``series.csv`` is one of them."""
    path = publications_path(data_dir)
    rows, problems = read_table(path, PUBLICATIONS)
    name = display_path(path)
    for r in rows:
        first, last = r["first_month"], r["last_month"]
        if (first is None) != (last is None):
            problems.append(Problem(name, r["_line"], "last_month", "give both months, or neither (timing unknown)"))
        elif first is not None and not (1 <= first <= last <= 12):
            problems.append(
                Problem(name, r["_line"], "first_month", f"months {first}-{last}: expected 1 <= first <= last <= 12")
            )
    codes = {r["code"] for r in rows}
    series = raw_dir(data_dir) / "series.csv"
    if series.is_file():
        frame = pd.read_csv(series, dtype=str, keep_default_na=False)
        for i, code in enumerate(frame.get("published_in", pd.Series(dtype=str)), start=2):
            if code and code not in codes:
                problems.append(
                    Problem(
                        display_path(series),
                        i,
                        "published_in",
                        f"{code!r} is not a publication of publications.csv; valid: {', '.join(sorted(codes))}",
                    )
                )
    return rows, problems


def load_publications(data_dir=None) -> pd.DataFrame:
    """The publications, indexed by code (columns of :data:`PUBLICATIONS`)."""
    path = publications_path(data_dir)
    return _load(path, tree_stamp(path.parent))


@lru_cache(maxsize=4)
def _load(path: Path, stamp: tuple) -> pd.DataFrame:
    rows, problems = check_publications(path.parent.parent)
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame.from_records([{k: r[k] for k in PUBLICATIONS.names} for r in rows], columns=PUBLICATIONS.names)
    for col in ("first_month", "last_month"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    return frame.set_index("code", drop=False)


def clear_caches() -> None:
    _load.cache_clear()


__all__ = ["PUBLICATIONS", "check_publications", "clear_caches", "load_publications", "publications_path"]

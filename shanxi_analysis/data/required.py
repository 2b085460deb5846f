"""Required raw files and their minimum row counts: one rule for the loaders and ``shanxi validate``.

Every file below must exist and hold at least ``MIN_ROWS[kind]`` data rows.  A header-only or
deleted file is a problem (``file:0``/``file:1``), reported by the reader that the loaders and
``validate`` share, so ``build`` can never write an empty table from it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..core.errors import Problem
from .schema import Schema, display_path, read_table

# kind -> the fewest data rows a file of that kind may hold
MIN_ROWS = {
    "indicators": 1,  # a plan's indicator table (plans.csv indicators_file)
    "text_targets": 1,  # a plan's body-text register, when plans.csv names one
    "observed": 1,  # observed.csv
    "series": 1,  # series.csv: the catalogue (one row per observed series)
    "indicator_series": 1,  # indicator_series.csv: links from the plan tables to series
    "basis_breaks": 1,  # basis_breaks.csv
    "text_target_series": 1,  # text_target_series.csv
    "regions": 1,  # regions.csv: the regions of the data, their names and default plans
    "plan_pairs": 1,  # plan_pairs.csv: a region's plan rows beside its nation's for the same indicator
}


def missing_file(path: Path, kind: str) -> list[Problem]:
    """A problem if the required file ``path`` does not exist."""
    if os.path.lexists(path):  # a folder, a link loop ... are reported by the reader, precisely
        return []
    return [
        Problem(
            display_path(path), 0, "-", f"file not found: a required file ({kind}, at least {MIN_ROWS[kind]} row(s))"
        )
    ]


def too_few_rows(path: Path, kind: str, rows: list, problems: list[Problem]) -> list[Problem]:
    """A problem if the file read without a file-level problem holds fewer rows than required."""
    if any(p.line in (0, 1) and p.column == "-" for p in problems) or not os.path.lexists(path):
        return []  # missing, empty or unreadable: already reported
    if len(rows) < MIN_ROWS[kind]:
        return [
            Problem(
                display_path(path),
                1,
                "-",
                f"{len(rows)} data row(s); a {kind} file needs at least {MIN_ROWS[kind]} (a header-only file is an "
                "error)",
            )
        ]
    return []


def read_required(path: Path, schema: Schema, kind: str) -> tuple[list[dict], list[Problem]]:
    """Read a required file: its rows and every problem, a missing or too short file included."""
    if not os.path.lexists(path):
        return [], missing_file(path, kind)
    rows, problems = read_table(path, schema)
    return rows, problems + too_few_rows(path, kind, rows, problems)

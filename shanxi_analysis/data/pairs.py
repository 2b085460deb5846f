"""A region's plan rows beside its nation's plan rows for the same indicator
(``data/raw/plan_pairs.csv``): Shanxi's 14th-plan urbanization target (68) beside the national
14th plan's (65).  The pairing is data: each row names a row of a plan and a row of a plan of that
region's nation (``regions.csv``), checked here like the links."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.errors import DataError, Problem
from ..core.paths import raw_dir
from .plans import get_plan, list_plans, load_targets
from .regions import get_region
from .required import read_required
from .schema import PAIRS, display_path


def pairs_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "plan_pairs.csv"


def check_pairs(data_dir=None) -> tuple[list[dict], list[Problem]]:
    """Read the pairs; each names a row of a plan and a row of a plan of its region's nation."""
    path = pairs_path(data_dir)
    rows, problems = read_required(path, PAIRS, "plan_pairs")
    name = display_path(path)
    plans = {p.id: p for p in list_plans(data_dir)}
    tables: dict[str, pd.Index] = {}

    def rows_of(plan_id: str) -> pd.Index:
        if plan_id not in tables:
            tables[plan_id] = pd.Index(load_targets(plans[plan_id], data_dir=data_dir)["no"])
        return tables[plan_id]

    for r in rows:
        line = r["_line"]
        for plan_col, no_col in (("plan", "no"), ("nation_plan", "nation_no")):
            if r[plan_col] not in plans:
                problems.append(
                    Problem(name, line, plan_col, f"{r[plan_col]} is not a plan; valid: {', '.join(plans)}")
                )
            elif r[no_col] not in rows_of(r[plan_col]):
                problems.append(
                    Problem(
                        name,
                        line,
                        no_col,
                        f"{r[no_col]!r} is not a row of plan {r[plan_col]}; valid: {', '.join(rows_of(r[plan_col]))}",
                    )
                )
        if r["plan"] in plans and r["nation_plan"] in plans:
            nation = get_region(plans[r["plan"]].region, data_dir).nation
            if plans[r["nation_plan"]].region != nation:
                problems.append(
                    Problem(
                        name,
                        line,
                        "nation_plan",
                        f"{r['nation_plan']} is not a plan of {r['plan']}'s nation ({nation or 'none'})",
                    )
                )
    return rows, problems


def load_pairs(plan=None, data_dir=None) -> pd.DataFrame:
    """The pairs of ``plan`` (an id or shorthand; None: every pair): plan, no, nation_plan,
    nation_no, note.  A file that fails its checks raises :class:`DataError`."""
    rows, problems = check_pairs(data_dir)
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])
    if plan is None or frame.empty:
        return frame
    return frame[frame["plan"] == get_plan(plan, data_dir=data_dir).id].reset_index(drop=True)


__all__ = ["check_pairs", "load_pairs", "pairs_path"]

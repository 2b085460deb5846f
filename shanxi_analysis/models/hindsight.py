"""How often the tracker's "out of reach" was right, in hindsight: the record that calibrates the
reachability rule (:attr:`.evidence.Reach.code`, ``REACH_MARGIN_SD``).

For every row (the indicator table and the register's linked targets) and every as-of year of an
open period, the tracker's state says whether the pace the remaining years need lies beyond the
best pace the row ever recorded.  Each such call is then checked against what the data set holds
now (its latest as-of year):

* ``missed`` / ``met`` - the period is decided now (the call was right / wrong);
* ``behind`` - not decided yet, and the row is still short of the path the call said it needed
  (the pace from the call's last value to the latest one is below the need): right so far;
* ``on_path`` - not decided yet, but the row has since kept the needed pace: the call looks wrong;
* ``untested`` - nothing observed since the call.

``pace_seen`` says whether the pace called "never recorded" was recorded in a single later year
(urbanization: 1.35 pp needed as of 2022, recorded in 2024), which falsifies the call's premise
even when the target is still missed.  :func:`record` counts the calls of each candidate rule (the
fewest past paces a call needs; a margin beyond the best pace, in spreads of the row's past
paces), the numbers printed in ``docs/verdicts.md``.
"""

from __future__ import annotations

import math

import pandas as pd

from ..core.errors import ShanxiError
from ..data.links import load_breaks
from ..data.observed import load_observed
from ..data.plans import get_plan
from . import evidence
from .assess import Assessment
from .growth import chained_average

# candidate rules: (the fewest past paces a call needs, the margin beyond the best pace in spreads)
CANDIDATE_RULES = ((3, 0.0), (3, 0.5), (3, 1.0), (4, 0.0))
OUTCOMES = ("missed", "met", "behind", "on_path", "untested")
CALL_COLUMNS = [
    "kind",
    "no",
    "as_of",
    "status",
    "evidence",
    "latest_year",
    "latest_value",
    "needed",
    "rate_unit",
    "best",
    "spread",
    "n_paces",
    "beyond_sd",
    "outcome",
    "pace_seen",
    "now_year",
    "now_value",
]


def calls(plan: int | None = None, years=None, region: str | None = None, data_dir=None, text_targets: bool = True):
    """Every row whose remaining need lay beyond its best recorded pace, for each as-of year of
    ``years`` (default: every open year of the plan with data), with what happened since
    (:data:`CALL_COLUMNS`; ``beyond_sd``: by how many spreads of the past paces the need exceeded
    the best, the quantity a margin is set on)."""
    from .text_targets import assess_text_targets

    now = Assessment(plan, region=region, data_dir=data_dir)
    info = get_plan(now.plan, region, data_dir)
    if years is None:
        years = [y for y in now.available_years() if y < info.target_year]
    tables = {("table", y): Assessment(now.plan, y, region=region, data_dir=data_dir).fit().table for y in years}
    current = {"table": now.fit().table.set_index("no")}
    if text_targets:
        for y in years:
            try:
                tables[("register", y)] = assess_text_targets(y, data_dir=data_dir, plan=now.plan, region=region)
            except ShanxiError:  # a year without observations of the register's series: no calls
                continue
        current["register"] = assess_text_targets(data_dir=data_dir, plan=now.plan, region=region).set_index("no")
    breaks = load_breaks(data_dir)
    frames = now.series_frames()  # what the tracker judges on now, derived values included
    rows = []
    for (kind, year), table in tables.items():
        for _, r in table.iterrows():
            if not _beyond_best(r):
                continue
            later = current[kind].loc[r["no"]] if r["no"] in current[kind].index else None
            rows.append(_call(kind, year, r, later, frames, breaks, region, data_dir))
    return pd.DataFrame(rows, columns=CALL_COLUMNS)


def _beyond_best(r) -> bool:
    """The need lies beyond the best recorded pace (the uncalibrated call), with the history the
    least demanding candidate rule asks."""
    needed, best, n = r.get("remaining_rate"), r.get("history_best"), r.get("history_n")
    if any(pd.isna(x) for x in (needed, best, n)) or n < min(rule[0] for rule in CANDIDATE_RULES):
        return False
    return needed > best + 1e-9 if r["direction"] == "higher" else needed < best - 1e-9


def _call(kind: str, year: int, r, later, frames: dict, breaks, region: str, data_dir) -> dict:
    higher = r["direction"] == "higher"
    spread = r.get("history_spread")
    gap = (r["remaining_rate"] - r["history_best"]) * (1 if higher else -1)
    out = {
        "kind": kind,
        "no": r["no"],
        "as_of": year,
        "status": r["status"],
        "evidence": r["evidence"],
        "latest_year": r["latest_year"],
        "latest_value": r["latest_value"],
        "needed": r["remaining_rate"],
        "rate_unit": r["rate_unit"],
        "best": r["history_best"],
        "spread": spread,
        "n_paces": r["history_n"],
        "beyond_sd": gap / spread if pd.notna(spread) and spread > 0 else math.inf,
        "outcome": "untested",
        "pace_seen": False,
        "now_year": None,
        "now_value": None,
    }
    if later is not None and later["status"] in ("achieved", "missed"):
        out["outcome"] = "met" if later["status"] == "achieved" else "missed"
    series = r.get("series_id")
    if not isinstance(series, str) or pd.isna(r["latest_year"]):
        return out
    obs = frames.get(series)
    if obs is None:  # a register row's series: not among the table's links
        obs = load_observed(series, region=region, data_dir=data_dir)
    after = obs[obs["year"] >= int(r["latest_year"])].sort_values("year")
    if len(after) < 2 and r["pace_kind"] != "rate":
        return out
    kind_ = r["pace_kind"]
    brk = tuple(int(y) for y in breaks[breaks["series_id"] == series]["first_year"])
    if kind_ == "rate":
        rates = after[after["year"] > int(r["latest_year"])]
        if rates.empty:
            return out
        paces = [(int(y), float(v)) for y, v in zip(rates["year"], rates["value"], strict=True)]
        kept = chained_average(rates["value"].astype(float).tolist())
    else:
        paces = evidence.history_paces(kind_, after["year"], after["value"], brk)
        if not paces:
            return out
        kept = evidence.pace(
            kind_,
            float(after["value"].iloc[0]),
            int(after["year"].iloc[0]),
            float(after["value"].iloc[-1]),
            int(after["year"].iloc[-1]),
        )
    needed = float(r["remaining_rate"])
    out["pace_seen"] = any((p >= needed - 1e-9) if higher else (p <= needed + 1e-9) for _, p in paces)
    out["now_year"], out["now_value"] = int(after["year"].iloc[-1]), float(after["value"].iloc[-1])
    if out["outcome"] == "untested":
        on_path = kept >= needed - 1e-9 if higher else kept <= needed + 1e-9
        out["outcome"] = "on_path" if on_path else "behind"
    return out


def record(table: pd.DataFrame, rules=CANDIDATE_RULES, firm_only: bool = True) -> pd.DataFrame:
    """For each candidate rule (the fewest past paces a call needs, and a margin beyond the best
    pace in spreads of the past paces): how many calls it makes (firm ones only: the tracker's
    ``unlikely``; with ``firm_only=False`` the provisional leans too), what became of them
    (:data:`OUTCOMES`), and how many of those calls' "never recorded" paces were recorded later
    (``pace_seen``)."""
    if firm_only:
        table = table[table["evidence"] == "firm"]
    rows = []
    for min_paces, margin in rules:
        made = table[(table["n_paces"] >= min_paces) & ((table["beyond_sd"] > margin) if margin > 0 else True)]
        counts = made["outcome"].value_counts().reindex(OUTCOMES, fill_value=0)
        rows.append(
            {
                "min_paces": min_paces,
                "margin_sd": margin,
                "calls": len(made),
                **counts.to_dict(),
                "pace_seen": int(made["pace_seen"].sum()),
                "rows": ", ".join(sorted(set(made["no"]), key=_row_order)),
            }
        )
    return pd.DataFrame(rows)


def _row_order(no: str) -> tuple:
    digits = "".join(ch for ch in no if ch.isdigit())
    return (int(digits) if digits else 0, no)


__all__ = ["CALL_COLUMNS", "CANDIDATE_RULES", "OUTCOMES", "calls", "record"]

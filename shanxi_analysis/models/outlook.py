"""A plan not yet under way (the 15th, 2026-2030): for each target, the base the data have at the
plan's base year, the pace the plan's years need, and the record of the same statistic over the
previous plan's period ("GDP about 5 % a year after 5.0 in 2021-2025").  Codes and numbers only;
no verdict, no outcome (nothing of the period is observed yet); :mod:`..report.outlook` words it.

Paces are those of the tracker (:mod:`.evidence`, :mod:`.kinds`): an average-growth target needs
its own rate, a level its pace from the base (points, units or years a year, % a year for money
and volumes), a five-year reduction the steady annual reduction it implies, a bound nothing while
the base keeps it.  The record is measured the same way over the previous plan's period, never
across a basis break and never with a year missing.
"""

from __future__ import annotations

import math

import pandas as pd

from ..data.links import load_breaks, load_links
from ..data.observed import load_observed
from ..data.plans import get_plan, load_targets, previous_plan
from . import evidence, kinds
from .evidence import comparison_unit
from .growth import GrowthError, chained_average, meets_target

# what a row's base, need and record can say beside their numbers (codes; report.outlook words them)
NEED_CODES = (
    "rate",  # an average growth rate: the target's own rate a year
    "pace",  # a level: the pace from the base
    "reduction",  # a five-year reduction: the steady annual reduction
    "kept",  # the base already meets the target (a bound kept, a level passed): keep it
    "relative",  # relative to another row's growth: no number of its own
    "qualitative",  # no number
    "no_base",  # the base year's value is not in the data set
)
RECORD_CODES = ("chained", "pace", "reduction", "range", "no_series", "missing_years", "break", "context_only")


def outlook(plan, data_dir=None) -> pd.DataFrame:
    """One row per target of ``plan``: its printed target and grade, the base at the plan's base
    year (value, vintage), the pace needed (``need``, ``need_code``, ``pace_unit``) and the previous
    plan's record of the same statistic (``record``, ``record_code``, ``record_years``)."""
    p = get_plan(plan, data_dir=data_dir)
    targets = load_targets(p, data_dir=data_dir)
    links = load_links(p, data_dir)
    prev = previous_plan(p, data_dir)
    first, last = (prev.base_year, prev.target_year) if prev is not None else (p.base_year - 5, p.base_year)
    annual = links[links["role"] == "annual"]
    obs = (
        load_observed(list(annual["series_id"].unique()), region=p.region, vintage="latest", data_dir=data_dir)
        if len(annual)
        else None
    )
    breaks = load_breaks(data_dir)
    breaks = breaks[breaks["region"] == p.region]
    rows = []
    for _, r in targets.iterrows():
        sids = annual[annual["no"] == r["no"]]["series_id"].tolist()
        context = links[(links["no"] == r["no"]) & (links["role"] == "context")]["series_id"].tolist()
        sid = sids[0] if sids else None
        points = (
            obs[obs["series_id"] == sid].sort_values("year")[["year", "value", "vintage", "source_grade"]]
            if sid is not None and obs is not None
            else pd.DataFrame(columns=["year", "value", "vintage"])
        )
        brk = tuple(int(y) for y in breaks[breaks["series_id"] == sid]["first_year"]) if sid else ()
        rec = _row(r, p, sid, context[0] if context else None)
        rec.update(_base(points, p.base_year))
        rec.update(_need(r, rec, p))
        rec.update(_record(r, points, first, last, brk, sid, bool(context)))
        rows.append(rec)
    table = pd.DataFrame(rows)
    table.attrs.update(plan=p.id, previous=prev.id if prev is not None else None, first=first, last=last)
    return table


def _row(r, p, sid, context) -> dict:
    printed = r["target_text"] if isinstance(r["target_text"], str) and r["target_text"] != "-" else None
    return {
        "plan": p.id,
        "no": r["no"],
        "name_zh": r["name_zh"],
        "name_en": r["name_en"],
        "unit": r["unit"],
        "unit_en": r.get("unit_en"),
        "target_text": printed or r["target_rate_text"],
        "target_kind": r["target_kind"],
        "target_value": r["target_value"],
        "comparator": r["comparator"],
        "direction": r["direction"],
        "basis": r["basis"],
        "relative_to": r.get("relative_to"),
        "tolerance": r.get("tolerance"),
        "base_year": p.base_year,
        "target_year": int(r["target_year"]),
        "grade": r.get("source_grade") if isinstance(r.get("source_grade"), str) else p.grade,
        "source_line": r.get("source_line"),
        "source_text": r.get("source_text") if isinstance(r.get("source_text"), str) else None,
        "series_id": sid,
        "context_series": context,
    }


def _base(points: pd.DataFrame, base_year: int) -> dict:
    at = points[points["year"] == base_year]
    if not len(at):
        return {"base_value": math.nan, "base_vintage": None, "base_grade": None}
    return {
        "base_value": float(at["value"].iloc[-1]),
        "base_vintage": str(at["vintage"].iloc[-1]),
        "base_grade": at["source_grade"].iloc[-1] if "source_grade" in at else None,  # a weak one is marked
    }


def _need(r, rec: dict, p) -> dict:
    kind, years = r["target_kind"], int(r["target_year"]) - p.base_year
    if kind == "qualitative":
        return {"need": math.nan, "need_code": "qualitative", "pace_unit": ""}
    if kind == "relative_growth":
        return {"need": math.nan, "need_code": "relative", "pace_unit": ""}
    if kind == "avg_growth":
        return {"need": float(r["target_value"]), "need_code": "rate", "pace_unit": evidence.PACE_UNITS["rate"]}
    if kind == "cumulative" and r["basis"] == "reduction_pct":
        return {
            "need": kinds.annual_reduction(float(r["target_value"]), years),
            "need_code": "reduction",
            "pace_unit": evidence.PACE_UNITS["rate"],
        }
    pk = evidence.pace_kind(r)
    unit = evidence.PACE_UNITS[pk]
    base = rec["base_value"]
    if kind == "cumulative" or not math.isfinite(base):
        return {"need": math.nan, "need_code": "no_base", "pace_unit": unit}
    target = float(r["target_value"])
    high = r["target_high"] if pd.notna(r.get("target_high")) else None
    if meets_target(base, target, r["comparator"], r["direction"], comparison_unit(r), high):
        return {"need": 0.0, "need_code": "kept", "pace_unit": unit}
    return {
        "need": evidence.pace(pk, base, p.base_year, target, int(r["target_year"])),
        "need_code": "pace",
        "pace_unit": unit,
    }


def _record(r, points, first: int, last: int, break_years, sid, context: bool) -> dict:
    """The same statistic over the previous plan's period (first, last]: chained annual rates, a
    level's pace, a reduction's steady annual rate, a bound's range; or why there is none."""
    out = {"record": math.nan, "record_low": math.nan, "record_high": math.nan, "record_years": ""}
    if sid is None:
        return {**out, "record_code": "context_only" if context else "no_series"}
    if evidence.last_break(break_years, first, last) is not None:
        return {**out, "record_code": "break", "record_break": evidence.last_break(break_years, first, last)}
    inside = points[(points["year"] > first) & (points["year"] <= last)]
    years = [int(y) for y in inside["year"]]
    span = f"{first + 1}-{last}"
    kind = r["target_kind"]
    rates = kind in ("avg_growth", "relative_growth", "qualitative") or (
        kind == "cumulative" and r["basis"] == "reduction_pct"
    )
    if rates:
        if years != list(range(first + 1, last + 1)):
            return {**out, "record_code": "missing_years", "record_years": ",".join(map(str, years))}
        values = inside["value"].astype(float).tolist()
        if kind == "cumulative":
            done = kinds.cumulative_so_far(values)
            return {
                **out,
                "record": kinds.annual_reduction(done, len(values)),
                "record_code": "reduction",
                "record_years": span,
            }
        try:
            return {**out, "record": chained_average(values), "record_code": "chained", "record_years": span}
        except GrowthError:
            return {**out, "record_code": "missing_years"}
    if r["comparator"] in ("<", "<=", ">", ">=") and len(inside):  # a bound: the values it kept or broke
        values = inside["value"].astype(float)
        out.update(record_low=float(values.min()), record_high=float(values.max()))
    start = points[points["year"] == first]
    end = points[points["year"] == last]
    if not (len(start) and len(end)):
        code = "range" if math.isfinite(out["record_low"]) else "missing_years"
        return {**out, "record_code": code, "record_years": span if code == "range" else ",".join(map(str, years))}
    pk = evidence.pace_kind(r)
    pace = evidence.pace(pk, float(start["value"].iloc[-1]), first, float(end["value"].iloc[-1]), last)
    return {**out, "record": pace, "record_code": "pace", "record_years": span}


__all__ = ["NEED_CODES", "RECORD_CODES", "outlook"]

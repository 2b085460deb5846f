"""Shanxi against China, and where each indicator's latest number comes from.

Two tidy frames of codes and numbers (no display words; :mod:`..report.context_tables` shows
them in either language):

* :func:`national_comparison`: one row per series that has a national (``region`` = ``china``)
  comparator.  Values are compared only within one year: the latest year up to ``as_of`` in
  which both regions have a value.  Without such a year each region's latest value is given with
  its own year and the gap stays missing (never a gap across years).  Growth series also get a
  period comparison: the chained average of the annual rates from the plan's first year to the
  last year by which both regions have every year.
* :func:`vintage_table`: one row per indicator of the current plan: the linked series, its
  latest value up to ``as_of`` and that value's vintage, source grade, title and address.
  Indicators without data keep missing values (never filled).

Values are the "latest available" selection of :func:`..data.observed.load_observed` as known
at ``as_of`` (revised over preliminary over unknown; estimates never).
"""

from __future__ import annotations

import math

import pandas as pd

from ..data import units
from ..data.links import load_links
from ..data.observed import load_observed
from ..data.plans import get_plan, load_targets
from .growth import GrowthError, chained_average

# How Shanxi is set against China (the column ``gap_kind``):
#   pp             Shanxi - China, in percentage points (shares, rates and growth rates in %)
#   diff           Shanxi - China, in the series' unit (ages and durations in years)
#   pct_of_china   Shanxi / China * 100 (a per-capita or per-unit level: China = 100)
#   share_of_china Shanxi / China * 100 (a total: Shanxi's share of the national total, in %)
GAP_KINDS = ("pp", "diff", "pct_of_china", "share_of_china")
RATE_MEASURES = (
    "share_pct",
    "growth_real_pct",
    "growth_nominal_pct",
    "change_pct",
    "avg_growth_real_pct",
    "avg_growth_nominal_pct",
)
# annual rates that can be chained into a period average
ANNUAL_GROWTH_MEASURES = ("growth_real_pct", "growth_nominal_pct", "change_pct")
ROLE_ORDER = {"annual": 0, "period_average": 1, "context": 2}

COMPARISON_COLUMNS = [
    "series_id",
    "plan",
    "no",
    "role",
    "unit",
    "measure",
    "price_basis",
    "year",
    "latest_year_shanxi",
    "latest_year_china",
    "year_shanxi",
    "value_shanxi",
    "vintage_shanxi",
    "source_grade_shanxi",
    "source_title_shanxi",
    "source_url_shanxi",
    "conflict_shanxi",
    "year_china",
    "value_china",
    "vintage_china",
    "source_grade_china",
    "source_title_china",
    "source_url_china",
    "conflict_china",
    "gap",
    "gap_kind",
    "same_vintage",
    "period_start",
    "period_end",
    "period_years",
    "period_avg_shanxi",
    "period_avg_china",
    "period_gap_pp",
]
VINTAGE_COLUMNS = [
    "plan",
    "no",
    "series_id",
    "role",
    "n_series",
    "unit",
    "measure",
    "n_obs",
    "year",
    "value",
    "vintage",
    "source_grade",
    "source_title",
    "source_url",
    "n_candidates",
    "conflict",
]


def gap_kind(measure: str, unit: str) -> str:
    """How a series' Shanxi value is set against China's (one of :data:`GAP_KINDS`), by what its
    unit measures (:mod:`..data.units`): a percentage in points, an age or a duration in years, a
    total (a level in 万 or 亿) as Shanxi's share of China's, any other level against China's."""
    if measure in RATE_MEASURES or units.kind(unit) == "percent":
        return "pp"
    if units.is_years(unit):
        return "diff"
    return "share_of_china" if units.is_aggregate(unit) else "pct_of_china"


def gap(shanxi: float, china: float, kind: str) -> float:
    """The gap of one kind between two values of the same year (NaN if it is undefined)."""
    if not (math.isfinite(shanxi) and math.isfinite(china)):
        return float("nan")
    if kind in ("pp", "diff"):
        return shanxi - china
    if kind in ("pct_of_china", "share_of_china"):
        return shanxi / china * 100.0 if china > 0 else float("nan")
    raise ValueError(f"unknown gap kind {kind!r}; valid: {', '.join(GAP_KINDS)}")


def _plan_rows(data_dir) -> dict[str, tuple[int, str, str]]:
    """series -> (plan, row, role) of the current plan (the first row, by role, if several)."""
    links = load_links(data_dir=data_dir)
    links = links.assign(_r=links["role"].map(ROLE_ORDER)).sort_values(["_r", "no"], kind="stable")
    out: dict[str, tuple[int, str, str]] = {}
    for _, r in links.iterrows():
        out.setdefault(r["series_id"], (int(r["plan"]), r["no"], r["role"]))
    return out


def _row_order(no) -> tuple:
    if not isinstance(no, str) or not no:
        return (1, 0, "")
    digits = "".join(ch for ch in no if ch.isdigit())
    return (0, int(digits) if digits else 0, no)


def _point(df: pd.DataFrame, year) -> dict:
    """The observation of ``year`` (or the latest one when ``year`` is None) as a dict."""
    if df.empty:
        return {}
    row = df.iloc[-1] if year is None else df[df["year"] == year].iloc[0]
    return {
        "year": int(row["year"]),
        "value": float(row["value"]),
        "vintage": row["vintage"],
        "source_grade": row["source_grade"],
        "source_title": row["source_title"],
        "source_url": row["source_url"],
        "conflict": bool(row["conflict"]),
    }


def _period(sx: pd.DataFrame, cn: pd.DataFrame, start: int, as_of: int | None) -> dict:
    """Chained averages of the annual rates from ``start`` to the last year by which both regions
    have every year (no year skipped)."""
    s, c = sx.set_index("year")["value"], cn.set_index("year")["value"]
    end = None
    year = start
    while (as_of is None or year <= as_of) and year in s.index and year in c.index:
        end = year
        year += 1
    if end is None:
        return {}
    years = list(range(start, end + 1))
    try:
        avg_s, avg_c = chained_average(s.loc[years].tolist()), chained_average(c.loc[years].tolist())
    except GrowthError:
        return {}
    return {
        "period_start": start,
        "period_end": end,
        "period_years": len(years),
        "period_avg_shanxi": avg_s,
        "period_avg_china": avg_c,
        "period_gap_pp": avg_s - avg_c,
    }


def national_comparison(as_of: int | None, data_dir=None) -> pd.DataFrame:
    """Shanxi against China for every series with a national comparator, as of ``as_of``.

    One row per series (linked plan rows first, in plan order, then the others by id).  Columns:

    * ``series_id``, ``plan``, ``no``, ``role``: the series and the current plan's row it is
      linked to (missing when it is not linked); ``unit``, ``measure``, ``price_basis``;
    * ``year``: the latest year <= ``as_of`` in which both regions have a value (missing if none);
      ``latest_year_shanxi``, ``latest_year_china``: each region's latest year <= ``as_of``;
    * ``year_<r>``, ``value_<r>``, ``vintage_<r>``, ``source_grade_<r>``, ``source_title_<r>``,
      ``source_url_<r>``, ``conflict_<r>`` for ``r`` in shanxi, china: the value compared (of
      ``year``), or, without a common year, the region's latest value with its own year;
    * ``gap`` (only for a common year) and ``gap_kind`` (:data:`GAP_KINDS`, by measure and unit),
      ``same_vintage`` (the two values are of one vintage);
    * ``period_start``, ``period_end``, ``period_years``, ``period_avg_shanxi``,
      ``period_avg_china``, ``period_gap_pp``: for annual growth series, the chained average
      annual rate of each region from the plan's first year to the last year both have
      without a gap (missing when a region lacks the first year).
    """
    as_of = None if as_of is None else int(as_of)
    obs = load_observed(region="all", vintage="latest", data_dir=data_dir, as_of=as_of)
    series = sorted(obs.loc[obs["region"] == "china", "series_id"].unique())
    plan_rows = _plan_rows(data_dir)
    start = get_plan(data_dir=data_dir).base_year + 1
    records = []
    for sid in series:
        g = obs[obs["series_id"] == sid].sort_values("year")
        sx, cn = g[g["region"] == "shanxi"], g[g["region"] == "china"]
        first = g.iloc[0]
        kind = gap_kind(first["measure"], first["unit"])
        plan, no, role = plan_rows.get(sid, (None, None, None))
        common = sorted(set(sx["year"]) & set(cn["year"]))
        year = common[-1] if common else None
        ps, pc = _point(sx, year), _point(cn, year)
        rec = {
            "series_id": sid,
            "plan": plan,
            "no": no,
            "role": role,
            "unit": first["unit"],
            "measure": first["measure"],
            "price_basis": first["price_basis"],
            "year": year,
            "latest_year_shanxi": int(sx["year"].iloc[-1]) if len(sx) else None,
            "latest_year_china": int(cn["year"].iloc[-1]) if len(cn) else None,
            "gap": gap(ps["value"], pc["value"], kind) if year is not None else float("nan"),
            "gap_kind": kind,
            "same_vintage": (ps.get("vintage") == pc.get("vintage")) if ps and pc else None,
        }
        for region, point in (("shanxi", ps), ("china", pc)):
            for key in ("year", "value", "vintage", "source_grade", "source_title", "source_url", "conflict"):
                rec[f"{key}_{region}"] = point.get(key)
        if first["measure"] in ANNUAL_GROWTH_MEASURES:
            rec.update(_period(sx, cn, start, as_of))
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=COMPARISON_COLUMNS)
    df = df.iloc[sorted(range(len(df)), key=lambda i: (_row_order(df["no"].iloc[i]), df["series_id"].iloc[i]))]
    for col in (
        "year",
        "latest_year_shanxi",
        "latest_year_china",
        "year_shanxi",
        "year_china",
        "plan",
        "period_start",
        "period_end",
        "period_years",
    ):
        df[col] = df[col].astype("Int64")
    for col in ("value_shanxi", "value_china", "gap", "period_avg_shanxi", "period_avg_china", "period_gap_pp"):
        df[col] = df[col].astype("float64")
    df = df.reset_index(drop=True)
    df.attrs.update(as_of=as_of, period_start=start, data_dir=data_dir)
    return df


def vintage_table(as_of: int | None, data_dir=None) -> pd.DataFrame:
    """Per indicator of the current plan, where its latest number up to ``as_of`` comes from.

    One row per indicator row of :func:`..data.plans.load_targets`, in plan order.  The series is
    the linked one the assessment reads (the first ``annual`` series, else the first
    ``period_average`` one); when it has no value up to ``as_of`` the next such linked series
    with a value is used (``context`` series never: they are another basis).  Columns: ``plan``,
    ``no``, ``series_id``, ``role``, ``n_series`` (series linked), ``unit``, ``measure``,
    ``n_obs`` (years with a value up to ``as_of``), ``year`` (the latest), ``value``,
    ``vintage``, ``source_grade``, ``source_title``, ``source_url`` (the citation),
    ``n_candidates`` (rows published for that year) and ``conflict`` (sources disagree).
    Without data the value columns are missing (never filled); without a link ``series_id`` too.
    """
    as_of = None if as_of is None else int(as_of)
    targets = load_targets(data_dir=data_dir)
    links = load_links(data_dir=data_dir)
    links = links.assign(_r=links["role"].map(ROLE_ORDER)).sort_values(["_r"], kind="stable")
    sids = sorted(links["series_id"].unique())
    obs = load_observed(sids, region="shanxi", vintage="latest", data_dir=data_dir, as_of=as_of) if sids else None
    records = []
    for _, t in targets.iterrows():
        linked = links[links["no"] == t["no"]]
        usable = linked[linked["role"] != "context"]["series_id"].tolist()
        rec = {"plan": int(t["plan"]), "no": t["no"], "n_series": len(linked), "series_id": None, "role": None}
        chosen = None
        for sid in usable:
            pts = obs[obs["series_id"] == sid].sort_values("year") if obs is not None else pd.DataFrame()
            if len(pts):
                chosen = (sid, pts)
                break
        if chosen is None and usable:
            rec["series_id"] = usable[0]
        if chosen is not None:
            sid, pts = chosen
            last = pts.iloc[-1]
            rec.update(
                series_id=sid,
                unit=last["unit"],
                measure=last["measure"],
                n_obs=len(pts),
                year=int(last["year"]),
                value=float(last["value"]),
                vintage=last["vintage"],
                source_grade=last["source_grade"],
                source_title=last["source_title"],
                source_url=last["source_url"],
                n_candidates=int(last["n_candidates"]),
                conflict=bool(last["conflict"]),
            )
        if rec["series_id"] is not None:
            rec["role"] = linked.loc[linked["series_id"] == rec["series_id"], "role"].iloc[0]
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=VINTAGE_COLUMNS)
    for col in ("plan", "n_series", "n_obs", "year", "n_candidates"):
        df[col] = df[col].astype("Int64")
    df["value"] = df["value"].astype("float64")
    df["conflict"] = df["conflict"].astype("boolean")
    df.attrs.update(as_of=as_of, data_dir=data_dir)
    return df


__all__ = ["GAP_KINDS", "gap", "gap_kind", "national_comparison", "vintage_table"]

"""Did the 13th plan deliver, and is each 14th-plan target on track?  (model -> fit -> results)

>>> results = Assessment(plan=14, as_of=2023, method="eurostat").fit()   # doctest: +SKIP
>>> results.table[["no", "status", "ratio"]]                             # doctest: +SKIP

Plan 13 is judged on the outcomes printed in 专栏1.  Plan 14 is judged "as of" a year from the
observed statistics, by one of two published methods, each named in the output:

* ``eurostat`` - the ratio of the actual pace since the base year to the pace required to reach
  the target (Eurostat's SDG progress assessment for quantified targets):
  >= 95 % on track, 60-95 % moderate progress (acceleration needed), 0-60 % insufficient,
  < 0 moving away.  Average-growth targets compare the chained average of the observed annual
  rates with the target average, and show the rate the remaining years now require.
* ``escap`` - UN ESCAP's anticipated progress: the value projected to the target year by a
  time-weighted linear trend (weights 1, 2, ... k from the oldest point to the latest) compared
  with the distance to travel, (projected - base) / (target - base): >= 1 on track, 0-1
  acceleration needed (``moderate``), < 0 reverse trend (``moving_away``).

Once the target year's value is known the verdict is ``achieved`` or ``missed``.  Indicators
without a number in the outline (完成国家考核目标) are ``not_quantified``; without observations,
``no_data``.  ``midterm`` gives the same verdict in the vocabulary of China's mid-term
evaluations, as a code the presentation layer translates (:mod:`..report.messages`):
``met_early`` 提前实现 (met before the target year), ``ahead`` 快于预期 (ratio >= 1.05),
``as_expected`` 基本符合预期 (0.95-1.05), ``behind`` 滞后 (below 0.95); at the target year, and for
rows without a pace, the status itself.

How a plan is judged (its printed outcomes, or observed statistics as of a year) is a column of
``plans.csv`` (``assessed_by``), not a plan number in this code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.errors import ShanxiError, unknown_choice
from .growth import (
    GrowthError,
    approx_tolerance,
    cagr,
    chained_average,
    margin,
    meets_target,
    pp_per_year,
    required_remaining_average,
)
from ..data.links import break_after, load_links
from ..data.observed import load_observed
from ..data.plans import LEVEL_KINDS, get_plan, load_targets

METHODS = ("eurostat", "escap")
# statuses by how the plan is judged (plans.csv: assessed_by), in the documented order
STATUSES_OUTCOMES = ("achieved", "missed", "not_assessable")
STATUSES_OBSERVED = ("achieved", "missed", "on_track", "moderate", "insufficient", "moving_away", "no_data", "not_quantified")
EUROSTAT_THRESHOLDS = (0.95, 0.60, 0.0)
RESULT_COLUMNS = [
    "plan", "no", "name_zh", "name_en", "category_en", "attribute", "attribute_zh", "unit", "basis",
    "direction", "target_kind", "comparator", "base_year", "base_value", "target_year", "target_value",
    "target_text", "series_id", "n_obs", "latest_year", "latest_value", "actual_rate", "required_rate",
    "remaining_rate", "rate_unit", "ratio", "projected_value", "margin", "status",
    "midterm", "method", "as_of", "pace_base_year", "pace_base_value", "explanation",
]


def _fmt(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f}".rstrip("0").rstrip(".") if math.isfinite(x) else "n/a"


def eurostat_status(ratio: float) -> str:
    on_track, moderate, insufficient = EUROSTAT_THRESHOLDS
    if ratio >= on_track:
        return "on_track"
    if ratio >= moderate:
        return "moderate"
    if ratio >= insufficient:
        return "insufficient"
    return "moving_away"


def escap_status(anticipated: float) -> str:
    if anticipated >= 1:
        return "on_track"
    if anticipated >= 0:
        return "moderate"
    return "moving_away"


MIDTERM_CODES = ("met_early", "ahead", "as_expected", "behind")


def midterm_code(status: str, ratio: float, met_early: bool) -> str:
    """China's mid-term evaluation vocabulary, from the same numbers (a code; see the module doc)."""
    if status in ("achieved", "missed", "no_data", "not_quantified", "not_assessable"):
        return status
    if met_early:
        return "met_early"
    if ratio >= 1.05:
        return "ahead"
    if ratio >= 0.95:
        return "as_expected"
    return "behind"


def time_weighted_trend(years: np.ndarray, values: np.ndarray, at_year: int) -> float:
    """Linear trend fitted with weights 1..k (recent points weigh more), evaluated at ``at_year``."""
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    if years.size < 2:
        raise GrowthError("a trend needs at least two points")
    weights = np.arange(1, years.size + 1, dtype=float)
    slope, intercept = np.polyfit(years, values, 1, w=np.sqrt(weights))
    return float(intercept + slope * at_year)


def _uses_pp(row) -> bool:
    """Shares and rates move in percentage points; levels and counts compound."""
    return row["unit"] == "%" or row["basis"] == "share_pct"


def comparison_unit(row) -> str:
    """The unit the headline target is stated in: growth targets and cumulative changes of a share
    or a reduction are percentages whatever the unit of the levels (元, 万吨)."""
    if row["target_kind"] == "avg_growth":
        return "%"
    if row["target_kind"] == "cumulative" and row["basis"] in ("share_pct", "reduction_pct", "real_growth", "nominal_growth"):
        return "%"
    return row["unit"]


@dataclass
class AssessmentResults:
    """The verdicts of one assessment run.  ``table`` has one row per indicator."""

    plan: int
    as_of: int | None
    method: str
    table: pd.DataFrame

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses this run can give, in the documented order."""
        return STATUSES_OUTCOMES if self.method == "outcome" else STATUSES_OBSERVED

    def counts(self) -> pd.Series:
        """Number of indicators per status (in the documented order)."""
        return self.table["status"].value_counts().reindex(self.statuses, fill_value=0)

    def counts_by_attribute(self) -> pd.DataFrame:
        """Statuses by binding (约束性) vs expected (预期性)."""
        return pd.crosstab(self.table["status"], self.table["attribute"]).reindex(self.statuses, fill_value=0)

    def summary(self) -> str:
        c = self.counts()
        parts = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in c.items() if n)
        when = f" as of {self.as_of}" if self.as_of else ""
        return f"Plan {self.plan}{when} ({self.method}): {len(self.table)} indicators: {parts}."

    def explain(self, no: str) -> str:
        hit = self.table[self.table["no"] == str(no)]
        if hit.empty:
            raise unknown_choice("indicator", no, list(self.table["no"]))
        return hit.iloc[0]["explanation"]


@dataclass
class Assessment:
    """Set up an assessment; :meth:`fit` computes it.

    ``plan``: a plan number of ``plans.csv`` (None: the region's current plan).  A plan judged on
    its printed ``outcomes`` (the 13th, 专栏1) compares them with the targets; a plan judged from
    ``observed`` statistics (the 14th) is assessed ``as_of`` a year.
    ``method``: ``eurostat`` or ``escap`` (plans judged from observed statistics).
    """

    plan: int | None = None
    as_of: int | None = None
    method: str = "eurostat"
    region: str = "shanxi"
    data_dir: object = None
    indicators: list[str] | None = None
    _plan_info: object = field(init=False, repr=False, default=None)

    def __post_init__(self):
        if self.method not in METHODS:
            raise unknown_choice("method", self.method, METHODS)
        self._plan_info = get_plan(self.plan, self.region, self.data_dir)
        self.plan = self._plan_info.plan
        if self._plan_info.assessed_by == "observed":
            years = self.available_years()
            if self.as_of is None:
                self.as_of = max(years) if years else self._plan_info.target_year
            elif int(self.as_of) not in years:
                raise ShanxiError(
                    f"as-of year {self.as_of} is outside the data; observations for plan {self.plan} "
                    f"exist for the years {', '.join(map(str, years))}"
                )
            self.as_of = int(self.as_of)

    def available_years(self) -> list[int]:
        """Years after the base year with at least one observation of a linked series."""
        p = self._plan_info
        links = load_links(p.plan, self.data_dir)
        if links.empty:
            return []
        obs = load_observed(list(links["series_id"].unique()), region=self.region, vintage="all", data_dir=self.data_dir)
        years = sorted(int(y) for y in obs["year"].unique() if p.base_year < y <= p.target_year)
        return years

    def fit(self) -> AssessmentResults:
        targets = load_targets(self.plan, self.region, self.data_dir)
        if self.indicators is not None:
            valid = list(targets["no"])
            for no in self.indicators:
                if str(no) not in valid:
                    raise unknown_choice("indicator", no, valid)
            targets = targets[targets["no"].isin([str(n) for n in self.indicators])]
        if self._plan_info.assessed_by == "outcomes":
            rows = [evaluate_outcome(r) for _, r in targets.iterrows()]
            method = "outcome"
        else:
            links = load_links(self.plan, self.data_dir)
            observed = load_observed(list(links["series_id"].unique()) or None, region=self.region,
                                     vintage="latest", data_dir=self.data_dir, as_of=self.as_of) if not links.empty else None
            by_series = {} if observed is None else {
                sid: g.sort_values("year")[["year", "value", "vintage", "note"]] for sid, g in observed.groupby("series_id")
            }
            links_by_no = {no: g for no, g in links.groupby("no")}
            rows = [
                assess_indicator(r, links_by_no.get(r["no"], links.iloc[0:0]), by_series, self.as_of, self.method,
                                 self._plan_info.base_year)
                for _, r in targets.iterrows()
            ]
            method = self.method
        table = pd.DataFrame(rows)
        for col in RESULT_COLUMNS:
            if col not in table:
                table[col] = None
        table = table[RESULT_COLUMNS + [c for c in table.columns if c not in RESULT_COLUMNS]]
        for col in ("base_value", "target_value", "latest_value", "actual_rate", "required_rate",
                    "remaining_rate", "ratio", "projected_value", "margin"):
            table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
        for col in ("latest_year", "base_year", "n_obs"):
            table[col] = pd.to_numeric(table[col], errors="coerce").astype("Int64")
        return AssessmentResults(self.plan, self.as_of, method, table.reset_index(drop=True))


def assess(plan: int | None = None, as_of: int | None = None, method: str = "eurostat", indicators=None, region: str = "shanxi", data_dir=None) -> pd.DataFrame:
    """Shortcut: ``Assessment(...).fit().table``."""
    return Assessment(plan, as_of, method, region, data_dir, indicators).fit().table


# --- plan 13: outcomes printed in the table -----------------------------------------------------

def _base_record(r, method: str, as_of) -> dict:
    return {
        "plan": int(r["plan"]), "no": r["no"], "name_zh": r["name_zh"], "name_en": r["name_en"],
        "category_en": r["category_en"], "attribute": r["attribute"], "attribute_zh": r["attribute_zh"],
        "unit": r["unit"], "basis": r["basis"], "direction": r["direction"], "target_kind": r["target_kind"],
        "comparator": r["comparator"], "base_year": r["base_year"], "base_value": r["base_value"],
        "target_year": int(r["target_year"]), "target_value": r["target_value"],
        "target_text": r["target_text"] if r["target_text"] not in (None, "-") else r["target_rate_text"],
        "method": method, "as_of": as_of,
    }


def _finish(rec: dict) -> dict:
    ratio = rec.get("ratio")
    ratio = float("nan") if ratio is None else ratio  # a ratio of exactly 0 stays 0
    rec.setdefault("midterm", midterm_code(rec["status"], ratio, rec.pop("_met_early", False)))
    return rec


def evaluate_outcome(r) -> dict:
    """One 专栏1 row: achieved / missed / not_assessable, the margin and the table's own growth."""
    rec = _base_record(r, "outcome", None)
    rec.update(latest_year=r["actual_year"], latest_value=r["actual_value"], series_id="专栏1", n_obs=None,
               actual_level_value=r["actual_level_value"])
    actual, target = r["actual_value"], r["target_value"]
    rec["rate_unit"] = "pp/yr" if _uses_pp(r) else "%/yr"
    if pd.isna(actual):
        reason = "no longer monitored (table note ②)" if "no longer monitored" in str(r["note"]) else "no outcome printed"
        rec.update(status="not_assessable", explanation=f"{reason}; target {rec['target_text']}")
        return _finish(rec)
    unit = comparison_unit(r)
    met = meets_target(actual, target, r["comparator"], r["direction"], unit, r["target_high"] if pd.notna(r["target_high"]) else None)
    rec["status"] = "achieved" if met else "missed"
    rec["margin"] = margin(actual, target, r["direction"]) if r["comparator"] != "range" else (
        0.0 if met else (actual - r["target_high"] if actual > r["target_high"] else actual - target))
    unit_word = "pp" if unit == "%" else unit
    printed = r["actual_text"] if r["target_kind"] in LEVEL_KINDS else r["actual_rate_text"]
    if pd.isna(printed) or printed in ("", "-"):
        printed = _fmt(actual, 4)
    parts = [f"outcome {printed} ({r['actual_year']}) vs target {rec['target_text']}: {rec['status']} "
             f"(margin {_fmt(rec['margin'], 3)} {unit_word}, {r['direction']} is better)"]
    if r["comparator"] == "~":
        parts[0] += f"; 左右 read with a tolerance of {_fmt(approx_tolerance(target, unit))} {unit_word}"
    base_meets = pd.notna(r["base_value"]) and meets_target(r["base_value"], target, r["comparator"], r["direction"], unit, r["target_high"] if pd.notna(r["target_high"]) else None)
    if base_meets and r["target_kind"] in LEVEL_KINDS:
        parts.append(f"the {int(r['base_year'])} base {_fmt(r['base_value'], 4)} already met the target, so no pace is computed")
    elif r["target_kind"] in LEVEL_KINDS and pd.notna(r["base_value"]) and r["actual_year"] > r["base_year"]:
        try:
            if _uses_pp(r):
                rec["actual_rate"] = pp_per_year(r["base_value"], r["base_year"], actual, r["actual_year"])
                rec["required_rate"] = pp_per_year(r["base_value"], r["base_year"], target, r["target_year"])
            else:
                rec["actual_rate"] = cagr(r["base_value"], actual, int(r["actual_year"] - r["base_year"]))
                rec["required_rate"] = cagr(r["base_value"], target, int(r["target_year"] - r["base_year"]))
            if rec["required_rate"] != 0:
                rec["ratio"] = rec["actual_rate"] / rec["required_rate"]
        except GrowthError as exc:
            parts.append(f"pace not computed: {exc}")
    # The table's own growth figures, recomputed from its levels.
    printed_rate = r["actual_rate_value"]
    if pd.notna(printed_rate) and pd.notna(r["base_value"]) and pd.notna(r["actual_level_value"]) and "[" not in str(r["actual_rate_text"]):
        years = int((r["actual_year"] or r["target_year"]) - r["base_year"])
        implied = cagr(r["base_value"], r["actual_level_value"], years)
        rec["implied_level_cagr"] = implied
        rec["printed_rate"] = printed_rate
        if r["basis"] == "real_growth":
            rec["rate_check"] = "not_derivable"
            parts.append(f"the printed {_fmt(printed_rate)} % a year is real (constant-price) growth; the nominal levels "
                         f"{_fmt(r['base_value'])} -> {_fmt(r['actual_level_value'])} grew {_fmt(implied)} % a year, which includes "
                         "inflation and must not be used to judge a real-growth target")
        else:
            ok = abs(implied - printed_rate) <= 0.05 + 1e-9
            rec["rate_check"] = "reproduced" if ok else "differs"
            parts.append(f"the table's {_fmt(printed_rate)} % a year {'is reproduced by' if ok else 'differs from'} "
                         f"the levels' CAGR {_fmt(r['base_value'])} -> {_fmt(r['actual_level_value'])} over {years} years = {_fmt(implied, 3)} %")
    if pd.notna(r["rate_target_value"]) and pd.notna(r["actual_rate_value"]):
        rate_met = meets_target(r["actual_rate_value"], r["rate_target_value"], r["rate_comparator"] or "=", r["direction"], "%")
        rec["rate_status"] = "achieved" if rate_met else "missed"
        parts.append(f"rate target {r['target_rate_text']} vs outcome {r['actual_rate_text']}: {rec['rate_status']}")
    rec["explanation"] = "; ".join(parts)
    return _finish(rec)


# --- plan 14: observed statistics as of a year ---------------------------------------------------

_EMPTY = pd.DataFrame(columns=["year", "value", "vintage", "note"])


def _series_points(observed, series_id: str, after_year: int, until_year: int) -> pd.DataFrame:
    """Observations of one series in (after_year, until_year], sorted by year.

    ``observed`` is either the tidy frame or a dict of per-series frames (built once by
    :meth:`Assessment.fit`, which saves filtering the whole table for each of 46 rows)."""
    if observed is None or not series_id:
        return _EMPTY
    s = observed.get(series_id) if isinstance(observed, dict) else observed[observed["series_id"] == series_id]
    if s is None or s.empty:
        return _EMPTY
    years = s["year"]
    return s[(years > after_year) & (years <= until_year)]


def assess_indicator(r, links: pd.DataFrame, observed, as_of: int, method: str, plan_base_year: int | None = None) -> dict:
    rec = _base_record(r, method, as_of)
    kind = r["target_kind"]
    annual = links[links["role"] == "annual"]["series_id"].tolist()
    averages = links[links["role"] == "period_average"]["series_id"].tolist()
    series_id = annual[0] if annual else (averages[0] if averages else None)
    rec["series_id"] = series_id
    base_year = int(r["base_year"]) if pd.notna(r["base_year"]) else int(plan_base_year or get_plan(r["plan"]).base_year)
    target_year = int(r["target_year"])
    pts = _series_points(observed, series_id, base_year, min(as_of, target_year)) if series_id in annual else _series_points(None, "", 0, 0)
    rec["n_obs"] = len(pts)
    if len(pts):
        rec["latest_year"], rec["latest_value"] = int(pts["year"].iloc[-1]), float(pts["value"].iloc[-1])

    if kind == "national_assessment":
        latest = f"; latest observed {series_id} {_fmt(rec['latest_value'])} ({rec['latest_year']})" if len(pts) else ""
        rec.update(status="not_quantified", explanation=f"target {rec['target_text']}: the outline gives no number{latest}")
        return _finish(rec)
    if kind == "avg_growth":
        return _finish(_assess_growth(rec, r, pts, observed, averages, base_year, target_year, as_of, method))
    return _finish(_assess_level(rec, r, pts, base_year, target_year, method))


def _assess_growth(rec, r, pts, observed, averages, base_year, target_year, as_of, method) -> dict:
    target = float(r["target_value"])
    period = target_year - base_year
    rec["rate_unit"] = "%/yr"
    rec["required_rate"] = target
    first = base_year + 1
    # the published period average, dated at the plan's target year
    avg = None
    for sid in averages:
        a = _series_points(observed, sid, target_year - 1, min(as_of, target_year))
        if len(a):
            avg = (sid, float(a["value"].iloc[-1]), str(a["vintage"].iloc[-1]), str(a["note"].iloc[-1]))
    years = pts["year"].astype(int).tolist()
    contiguous = years == list(range(first, first + len(years)))
    if avg is not None:
        sid, value, vintage, note = avg
        met = meets_target(value, target, r["comparator"], r["direction"], "%")
        rec.update(actual_rate=value, ratio=value / target if target else float("nan"),
                   status="achieved" if met else "missed", margin=margin(value, target, r["direction"]),
                   latest_year=target_year, latest_value=value, series_id=sid)
        missing = [y for y in range(first, target_year + 1) if y not in years]
        note = note.split("; same value also in")[0]
        rec["explanation"] = (f"published {first}-{target_year} average {_fmt(value)} % a year ({vintage}; {note}) vs target "
                              f"{rec['target_text']}: {rec['status']}; used because the annual figures for "
                              f"{', '.join(map(str, missing)) or 'no year'} are not in the data")
        return rec
    if not years:
        rec.update(status="no_data", explanation=f"no observation of {rec['series_id'] or 'a linked series'} after {base_year}")
        return rec
    if not contiguous:
        rec.update(status="no_data", explanation=f"annual rates for {first}-{years[-1]} are incomplete ({years}); a missing year cannot be skipped in a chained average")
        return rec
    rates = pts["value"].astype(float).tolist()
    observed_avg = chained_average(rates)
    rec["actual_rate"] = observed_avg
    if len(rates) >= period:
        met = meets_target(observed_avg, target, r["comparator"], r["direction"], "%")
        rec.update(status="achieved" if met else "missed", ratio=observed_avg / target, margin=margin(observed_avg, target, r["direction"]),
                   explanation=f"chained average of {first}-{target_year} ({', '.join(map(_fmt, rates))}) = {_fmt(observed_avg)} % a year vs target {rec['target_text']}: ")
        rec["explanation"] += rec["status"]
        return rec
    remaining = required_remaining_average(rates, target, period)
    rec["remaining_rate"] = remaining
    arithmetic = (f"chained average of {first}-{years[-1]} ({', '.join(map(_fmt, rates))}) = {_fmt(observed_avg)} % a year; "
                  f"target {rec['target_text']} for {first}-{target_year} now needs {_fmt(remaining)} % a year in "
                  f"{years[-1] + 1}-{target_year}")
    if method == "eurostat":
        ratio = observed_avg / target
        rec.update(ratio=ratio, status=eurostat_status(ratio))
        rec["explanation"] = f"{arithmetic}; ratio actual/required = {_fmt(ratio, 3)} -> {rec['status']}"
    else:
        weights = np.arange(1, len(rates) + 1, dtype=float)
        trend_rate = float(np.average(rates, weights=weights))
        projected = chained_average(rates + [trend_rate] * (period - len(rates)))
        anticipated = projected / target
        rec.update(ratio=anticipated, projected_value=projected, status=escap_status(anticipated))
        rec["explanation"] = (f"{arithmetic}; remaining years projected at the time-weighted mean {_fmt(trend_rate)} % "
                              f"-> period average {_fmt(projected)} %; anticipated progress {_fmt(anticipated, 3)} -> {rec['status']}")
    return rec


def _assess_level(rec, r, pts, base_year, target_year, method) -> dict:
    target, base = r["target_value"], r["base_value"]
    direction, comparator = r["direction"], r["comparator"]
    high = r["target_high"] if pd.notna(r["target_high"]) else None
    unit = comparison_unit(r)
    pp = _uses_pp(r) or pd.isna(base) or base <= 0
    rec["rate_unit"] = "pp/yr" if _uses_pp(r) else ("per yr" if pp else "%/yr")
    if not len(pts):
        rec.update(status="no_data", explanation=f"no observation of {rec['series_id'] or 'a linked series'} after the base year {base_year}")
        return rec
    latest_year, latest = rec["latest_year"], rec["latest_value"]
    met_now = meets_target(latest, target, comparator, direction, unit, high)
    rec["margin"] = margin(latest, target, direction)
    if latest_year >= target_year:
        rec.update(status="achieved" if met_now else "missed",
                   explanation=f"{target_year} value {_fmt(latest, 4)} vs target {rec['target_text']}: {'achieved' if met_now else 'missed'}")
        return rec
    if pd.isna(base):
        rec.update(status="no_data", explanation="the plan prints no base value, so progress cannot be measured")
        return rec
    rebased = ""
    brk = break_after(rec["series_id"], base_year, latest_year) if rec["series_id"] else None
    if brk is not None:
        after = pts[pts["year"] >= brk["first_year"]]
        if len(after) < 2:
            rec.update(status="no_data", explanation=(f"basis break in {brk['first_year']} ({brk['note'][:80]}): fewer than two "
                                                      f"observations on the new basis, so no pace can be measured"))
            return rec
        rebased = (f"basis break in {brk['first_year']}: pace measured from {int(after['year'].iloc[0])} "
                   f"({_fmt(float(after['value'].iloc[0]), 4)}) on the new basis, not from the {base_year} base {_fmt(base, 4)}; ")
        base_year, base = int(after["year"].iloc[0]), float(after["value"].iloc[0])
        pts = after
    rec["pace_base_year"], rec["pace_base_value"] = base_year, base
    years_done, years_all, years_left = latest_year - base_year, target_year - base_year, target_year - latest_year
    if pp:
        actual = (latest - base) / years_done
        required = (target - base) / years_all
        remaining = (target - latest) / years_left
    else:
        actual = cagr(base, latest, years_done)
        required = cagr(base, target, years_all)
        remaining = cagr(latest, target, years_left) if latest > 0 else float("nan")
    rec.update(actual_rate=actual, required_rate=required, remaining_rate=remaining)
    unit_txt = rec["rate_unit"]
    arithmetic = rebased + (f"{base_year} {_fmt(base, 4)} -> {latest_year} {_fmt(latest, 4)}: {_fmt(actual, 3)} {unit_txt}; "
                  f"the target {rec['target_text']} in {target_year} needs {_fmt(required, 3)} {unit_txt} from {base_year} "
                  f"({_fmt(remaining, 3)} {unit_txt} from now)")
    rec["_met_early"] = met_now
    if method == "eurostat":
        if required == 0:
            ratio = float("nan")
            status = "on_track" if met_now else "moving_away"
        else:
            ratio = actual / required
            status = "on_track" if met_now else eurostat_status(ratio)
        rec.update(ratio=ratio, status=status)
        rec["explanation"] = f"{arithmetic}; ratio {_fmt(ratio, 3)}{' (already at the target)' if met_now else ''} -> {status}"
    else:
        years = np.array(([] if rebased else [base_year]) + pts["year"].astype(int).tolist())
        values = np.array(([] if rebased else [base]) + pts["value"].astype(float).tolist())
        projected = time_weighted_trend(years, values, target_year)
        distance = target - base
        anticipated = (projected - base) / distance if distance != 0 else (1.0 if met_now else -1.0)
        status = "on_track" if met_now else escap_status(anticipated)
        rec.update(ratio=anticipated, projected_value=projected, status=status)
        rec["explanation"] = (f"{arithmetic}; time-weighted trend projects {_fmt(projected, 3)} in {target_year}; "
                              f"anticipated progress {_fmt(anticipated, 3)} -> {status}")
    return rec

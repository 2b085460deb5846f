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
``no_data``.  Targets of the kinds no verdict rule covers yet are ``not_scored``, with the reason
code in ``not_scored_reason`` (NOT_SCORED_REASONS): ``qualitative`` (保持在合理区间: shown, never
scored), ``no_rule`` (relative to another indicator, the increase of a level, a five-year
cumulative change: their rules are still to be written) and ``breached_bound`` (a ceiling or floor
the pace's start already met and the latest value breaks: a pace towards it means nothing).
``midterm`` gives the same verdict in the vocabulary of China's mid-term evaluations, as a code
the presentation layer translates (:mod:`..report.messages`): ``met_early`` 提前实现 (met
before the target year), ``ahead`` 快于预期 (ratio >= 1.05), ``as_expected`` 基本符合预期
(0.95-1.05), ``behind`` 滞后 (below 0.95); at the target year, and for
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
from ..data.links import load_breaks, load_links
from ..data.observed import load_observed
from ..data.plans import LEVEL_KINDS, get_plan, load_targets
from . import evidence
from .growth import (
    GrowthError,
    approx_tolerance,
    cagr,
    chained_average,
    margin,
    meets_target,
    required_remaining_average,
)

METHODS = ("eurostat", "escap")
# statuses by how the plan is judged (plans.csv: assessed_by), in the documented order
STATUSES_OUTCOMES = ("achieved", "missed", "provisional", "not_assessable")
STATUSES_OBSERVED = (
    "achieved",
    "missed",
    "on_track",
    "moderate",
    "insufficient",
    "moving_away",
    "unlikely",
    "pending",
    "provisional",
    "no_data",
    "not_quantified",
    "not_scored",
)
# firm verdicts: the headline counts only these
FIRM_STATUSES = ("achieved", "missed", "on_track", "moderate", "insufficient", "moving_away", "unlikely")
EUROSTAT_THRESHOLDS = (0.95, 0.60, 0.0)
# Why a target gets no verdict (status not_scored): by design, or because no rule exists yet.
NOT_SCORED_REASONS = ("qualitative", "no_rule", "breached_bound")
# target kinds -> the reason they are not scored (the kinds with a rule are absent)
NOT_SCORED_KINDS = {
    "qualitative": "qualitative",
    "relative_growth": "no_rule",
    "level_increase": "no_rule",
    "cumulative": "no_rule",
}
RESULT_COLUMNS = [
    "plan",
    "no",
    "name_zh",
    "name_en",
    "category_en",
    "attribute",
    "attribute_zh",
    "unit",
    "basis",
    "direction",
    "target_kind",
    "comparator",
    "base_year",
    "base_value",
    "target_year",
    "target_value",
    "target_text",
    "series_id",
    "n_obs",
    "first_year",
    "latest_year",
    "data_age",
    "vintages",
    "evidence",
    "latest_value",
    "actual_rate",
    "required_rate",
    "remaining_rate",
    "rate_unit",
    "pace_kind",
    "discrete",
    "history_best",
    "history_best_year",
    "history_recent",
    "history_from",
    "reach",
    "ratio",
    "projected_value",
    "margin",
    "lean",
    "status",
    "midterm",
    "method",
    "as_of",
    "pace_base_year",
    "pace_base_value",
    "basis_break",
    "sensitivity",
    "explanation",
    # codes behind the words of the explanation, for the pages to translate
    "pending_reason",
    "rate_source",
    "rate_vintage",
    "break_year",
    "sensitivity_ratio",
    "sensitivity_status",
    "not_scored_reason",
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
    if status in (
        "achieved",
        "missed",
        "no_data",
        "not_quantified",
        "not_scored",
        "not_assessable",
        "unlikely",
        "pending",
        "provisional",
    ):
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


def comparison_unit(row) -> str:
    """The unit the headline target is stated in: growth targets and cumulative changes of a share
    or a reduction are percentages whatever the unit of the levels (元, 万吨)."""
    if row["target_kind"] == "avg_growth":
        return "%"
    if row["target_kind"] == "cumulative" and row["basis"] in (
        "share_pct",
        "reduction_pct",
        "real_growth",
        "nominal_growth",
    ):
        return "%"
    return row["unit"]


@dataclass
class AssessmentResults:
    """The verdicts of one assessment run.  ``table`` has one row per indicator."""

    plan: str  # the plan id (shanxi-14)
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

    ``plan``: a plan id (``china-14``) or shorthand (``14``) of ``plans.csv``, None for the
    current plan (of ``region``, else of the default region); the region is the plan's.  A plan judged on
    its printed ``outcomes`` (the 13th, 专栏1) compares them with the targets; a plan judged from
    ``observed`` statistics (the 14th) is assessed ``as_of`` a year.
    ``method``: ``eurostat`` or ``escap`` (plans judged from observed statistics).
    """

    plan: str | int | None = None
    as_of: int | None = None
    method: str = "eurostat"
    region: str | None = None
    data_dir: object = None
    indicators: list[str] | None = None
    _plan_info: object = field(init=False, repr=False, default=None)

    def __post_init__(self):
        if self.method not in METHODS:
            raise unknown_choice("method", self.method, METHODS)
        self._plan_info = get_plan(self.plan, self.region, self.data_dir)
        self.plan, self.region = self._plan_info.id, self._plan_info.region
        if self._plan_info.assessed_by == "observed":
            years = self.available_years()
            if self.as_of is None:
                self.as_of = max(years) if years else self._plan_info.target_year
            elif int(self.as_of) not in years:
                raise ShanxiError(
                    f"as-of year {self.as_of} is outside the data; observations for plan {self.plan} "
                    + (
                        f"exist for the years {', '.join(map(str, years))}"
                        if years
                        else f"do not exist yet ({self._plan_info.base_year + 1}-{self._plan_info.target_year})"
                    )
                )
            self.as_of = int(self.as_of)

    def available_years(self) -> list[int]:
        """Years after the base year with at least one observation of a linked series."""
        p = self._plan_info
        links = load_links(p, self.data_dir)
        if links.empty:
            return []
        obs = load_observed(
            list(links["series_id"].unique()), region=self.region, vintage="all", data_dir=self.data_dir
        )
        years = sorted(int(y) for y in obs["year"].unique() if p.base_year < y <= p.target_year)
        return years

    def fit(self) -> AssessmentResults:
        targets = load_targets(self._plan_info, data_dir=self.data_dir)
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
            links = load_links(self._plan_info, self.data_dir)
            observed = (
                load_observed(
                    list(links["series_id"].unique()) or None,
                    region=self.region,
                    vintage="latest",
                    data_dir=self.data_dir,
                    as_of=self.as_of,
                )
                if not links.empty
                else None
            )
            by_series = (
                {}
                if observed is None
                else {
                    sid: g.sort_values("year")[["year", "value", "vintage", "note"]]
                    for sid, g in observed.groupby("series_id")
                }
            )
            links_by_no = {no: g for no, g in links.groupby("no")}
            breaks = load_breaks(self.data_dir)
            breaks = breaks[breaks["region"] == self.region]
            rows = [
                assess_indicator(
                    r,
                    links_by_no.get(r["no"], links.iloc[0:0]),
                    by_series,
                    self.as_of,
                    self.method,
                    self._plan_info.base_year,
                    breaks,
                )
                for _, r in targets.iterrows()
            ]
            method = self.method
        table = pd.DataFrame(rows)
        for col in RESULT_COLUMNS:
            if col not in table:
                table[col] = None
        table = table[RESULT_COLUMNS + [c for c in table.columns if c not in RESULT_COLUMNS]]
        for col in (
            "base_value",
            "target_value",
            "latest_value",
            "actual_rate",
            "required_rate",
            "remaining_rate",
            "ratio",
            "projected_value",
            "margin",
            "history_best",
            "history_recent",
            "sensitivity_ratio",
        ):
            table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
        for col in (
            "latest_year",
            "base_year",
            "n_obs",
            "first_year",
            "data_age",
            "history_best_year",
            "history_from",
            "break_year",
        ):
            table[col] = pd.to_numeric(table[col], errors="coerce").astype("Int64")
        return AssessmentResults(self.plan, self.as_of, method, table.reset_index(drop=True))


def assess(
    plan: str | int | None = None,
    as_of: int | None = None,
    method: str = "eurostat",
    indicators=None,
    region: str | None = None,
    data_dir=None,
) -> pd.DataFrame:
    """Shortcut: ``Assessment(...).fit().table``."""
    return Assessment(plan, as_of, method, region, data_dir, indicators).fit().table


# --- plan 13: outcomes printed in the table -----------------------------------------------------


def _base_record(r, method: str, as_of) -> dict:
    return {
        "plan": r["plan"],
        "no": r["no"],
        "name_zh": r["name_zh"],
        "name_en": r["name_en"],
        "category_en": r["category_en"],
        "attribute": r["attribute"],
        "attribute_zh": r["attribute_zh"],
        "unit": r["unit"],
        "unit_en": r.get("unit_en"),
        "basis": r["basis"],
        "direction": r["direction"],
        "target_kind": r["target_kind"],
        "comparator": r["comparator"],
        "base_year": r["base_year"],
        "base_value": r["base_value"],
        "target_year": int(r["target_year"]),
        "target_value": r["target_value"],
        "target_high": r.get("target_high"),
        "target_text": r["target_text"] if r["target_text"] not in (None, "-") else r["target_rate_text"],
        "relative_to": r.get("relative_to"),
        "tolerance": r.get("tolerance"),
        "method": method,
        "as_of": as_of,
    }


def _finish(rec: dict) -> dict:
    ratio = rec.get("ratio")
    ratio = float("nan") if ratio is None else ratio  # a ratio of exactly 0 stays 0
    rec.setdefault("midterm", midterm_code(rec["status"], ratio, rec.pop("_met_early", False)))
    return rec


def evaluate_outcome(r) -> dict:  # noqa: C901
    """One 专栏1 row: achieved / missed / not_assessable, the margin and the table's own growth."""
    rec = _base_record(r, "outcome", None)
    rec.update(
        latest_year=r["actual_year"],
        latest_value=r["actual_value"],
        series_id="专栏1",
        n_obs=None,
        actual_level_value=r["actual_level_value"],
    )
    actual, target = r["actual_value"], r["target_value"]
    kind = evidence.pace_kind(r) if r["target_kind"] in LEVEL_KINDS else "rate"
    rec["pace_kind"], rec["rate_unit"] = kind, evidence.PACE_UNITS[kind]
    rec["outcome_flag"] = ",".join(
        f
        for f, on in (
            ("estimate", bool(r["actual_is_estimate"])),
            ("earlier_year", pd.notna(r["actual_year"]) and r["actual_year"] < r["target_year"]),
        )
        if on
    )
    if pd.isna(actual):
        reason = (
            "no longer monitored (table note ②)" if "no longer monitored" in str(r["note"]) else "no outcome printed"
        )
        rec.update(status="not_assessable", explanation=f"{reason}; target {rec['target_text']}")
        return _finish(rec)
    unit = comparison_unit(r)
    met = meets_target(
        actual, target, r["comparator"], r["direction"], unit, r["target_high"] if pd.notna(r["target_high"]) else None
    )
    rec["status"] = "achieved" if met else "missed"
    rec["margin"] = (
        margin(actual, target, r["direction"])
        if r["comparator"] != "range"
        else (0.0 if met else (actual - r["target_high"] if actual > r["target_high"] else actual - target))
    )
    unit_word = "pp" if unit == "%" else unit
    printed = r["actual_text"] if r["target_kind"] in LEVEL_KINDS else r["actual_rate_text"]
    if pd.isna(printed) or printed in ("", "-"):
        printed = _fmt(actual, 4)
    parts = [
        f"outcome {printed} ({r['actual_year']}) vs target {rec['target_text']}: {rec['status']} "
        f"(margin {_fmt(rec['margin'], 3)} {unit_word}, {r['direction']} is better)"
    ]
    if r["comparator"] == "~":
        parts[0] += f"; 左右 read with a tolerance of {_fmt(approx_tolerance(target, unit))} {unit_word}"
    base_meets = pd.notna(r["base_value"]) and meets_target(
        r["base_value"],
        target,
        r["comparator"],
        r["direction"],
        unit,
        r["target_high"] if pd.notna(r["target_high"]) else None,
    )
    if base_meets and r["target_kind"] in LEVEL_KINDS:
        parts.append(
            f"the {int(r['base_year'])} base {_fmt(r['base_value'], 4)} already met the target, so no pace is computed"
        )
    elif r["target_kind"] in LEVEL_KINDS and pd.notna(r["base_value"]) and r["actual_year"] > r["base_year"]:
        rec["actual_rate"] = evidence.pace(kind, r["base_value"], r["base_year"], actual, r["actual_year"])
        rec["required_rate"] = evidence.pace(kind, r["base_value"], r["base_year"], target, r["target_year"])
        if not math.isfinite(rec["actual_rate"]) or not math.isfinite(rec["required_rate"]):
            parts.append("pace not computed (a compound rate from a zero or negative level is undefined)")
        elif rec["required_rate"] != 0:
            rec["ratio"] = rec["actual_rate"] / rec["required_rate"]
    if r["comparator"] == "~" and met and margin(actual, target, r["direction"]) < 0:
        parts.append(f"achieved only within the 左右 tolerance: {printed} is short of the central {_fmt(target, 4)}")
    if r["basis"] in ("nominal_growth", "nominal_level") and r["target_kind"] not in LEVEL_KINDS:
        parts.append("nominal (current-price) growth: it includes inflation")
    if r["actual_is_estimate"]:
        parts.append("the outcome is an estimate (预计数, table note ④), not a final statistic")
    if "earlier_year" in rec["outcome_flag"]:
        # the printed outcome is earlier-year data (*): judge what it implies for the target year
        # at the row's own pace, and say the verdict is provisional
        printed_verdict = rec["status"]
        pace_now = rec.get("actual_rate")
        if kind != "rate" and pace_now is not None and math.isfinite(pace_now):
            projected = (
                actual + pace_now * (r["target_year"] - r["actual_year"])
                if kind != "growth"
                else actual * (1 + pace_now / 100) ** (r["target_year"] - r["actual_year"])
            )
            lean = (
                "achieved"
                if meets_target(
                    projected,
                    target,
                    r["comparator"],
                    r["direction"],
                    unit,
                    r["target_high"] if pd.notna(r["target_high"]) else None,
                )
                else "missed"
            )
            # the verdict stands when the projection agrees; it is provisional when they disagree
            rec.update(
                projected_value=projected,
                lean=lean,
                status=printed_verdict if lean == printed_verdict else "provisional",
            )
            parts.append(
                f"the outcome printed is {int(r['actual_year'])} data (*), not {int(r['target_year'])}: on its own "
                f"face it is {printed_verdict}; at the row's own pace of {_fmt(pace_now, 3)} "
                f"{_pace_words(kind, r.get('unit_en') or r['unit'])} since {int(r['base_year'])} it would be about "
                f"{_fmt(projected, 4)} in {int(r['target_year'])}, {lean}"
                + ("" if lean == printed_verdict else ": provisional")
            )
        else:
            rec["lean"] = printed_verdict
            parts.append(f"the outcome printed is {int(r['actual_year'])} data (*), not {int(r['target_year'])}")
    # The table's own growth figures, recomputed from its levels.
    printed_rate = r["actual_rate_value"]
    if (
        pd.notna(printed_rate)
        and pd.notna(r["base_value"])
        and pd.notna(r["actual_level_value"])
        and "[" not in str(r["actual_rate_text"])
    ):
        years = int((r["actual_year"] or r["target_year"]) - r["base_year"])
        implied = cagr(r["base_value"], r["actual_level_value"], years)
        rec["implied_level_cagr"] = implied
        rec["printed_rate"] = printed_rate
        if r["basis"] == "real_growth":
            rec["rate_check"] = "not_derivable"
            parts.append(
                f"the printed {_fmt(printed_rate)} % a year is real (constant-price) growth; the nominal levels "
                f"{_fmt(r['base_value'])} -> {_fmt(r['actual_level_value'])} grew {_fmt(implied)} % a year, which "
                "includes inflation and must not be used to judge a real-growth target"
            )
        else:
            ok = abs(implied - printed_rate) <= 0.05 + 1e-9
            rec["rate_check"] = "reproduced" if ok else "differs"
            parts.append(
                f"the table's {_fmt(printed_rate)} % a year {'is reproduced by' if ok else 'differs from'} the "
                f"levels' CAGR {_fmt(r['base_value'])} -> {_fmt(r['actual_level_value'])} over {years} years = "
                f"{_fmt(implied, 3)} %"
            )
    if pd.notna(r["rate_target_value"]) and pd.notna(r["actual_rate_value"]):
        rate_met = meets_target(
            r["actual_rate_value"], r["rate_target_value"], r["rate_comparator"] or "=", r["direction"], "%"
        )
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


def _pace_words(kind: str, unit: str) -> str:
    """The pace unit in the explanation (English; the pages translate the ``rate_unit`` code)."""
    return {"rate": "% a year", "pp": "pp a year", "years": "years a year", "growth": "% a year"}.get(
        kind, f"{unit} a year"
    )


def assess_indicator(
    r,
    links: pd.DataFrame,
    observed,
    as_of: int,
    method: str,
    plan_base_year: int | None = None,
    breaks: pd.DataFrame | None = None,
) -> dict:
    """One indicator as of ``as_of``: evidence, pace, reachability and the verdict (module doc)."""
    rec = _base_record(r, method, as_of)
    kind = r["target_kind"]
    annual = links[links["role"] == "annual"]["series_id"].tolist()
    averages = links[links["role"] == "period_average"]["series_id"].tolist()
    series_id = annual[0] if annual else (averages[0] if averages else None)
    rec["series_id"] = series_id
    base_year = (
        int(r["base_year"]) if pd.notna(r["base_year"]) else int(plan_base_year or get_plan(r["plan"]).base_year)
    )
    target_year = int(r["target_year"])
    pts = _series_points(observed, series_id, base_year, min(as_of, target_year)) if series_id in annual else _EMPTY
    history = _series_points(observed, series_id, 0, as_of) if series_id in annual else _EMPTY
    if len(pts):
        rec["latest_year"], rec["latest_value"] = int(pts["year"].iloc[-1]), float(pts["value"].iloc[-1])
    pk = evidence.pace_kind(r)
    rec["pace_kind"] = pk
    rec["rate_unit"] = evidence.PACE_UNITS[pk]
    rec["discrete"] = evidence.is_discrete(r)
    rec.update(evidence.evidence_of(pts, as_of).columns())

    if kind == "national_assessment":
        latest = f"; latest observed {series_id} {_fmt(rec['latest_value'])} ({rec['latest_year']})" if len(pts) else ""
        rec.update(
            status="not_quantified", explanation=f"target {rec['target_text']}: the outline gives no number{latest}"
        )
        return _finish(rec)
    if kind in NOT_SCORED_KINDS:
        reason = NOT_SCORED_KINDS[kind]
        why = (
            "a qualitative target: shown, never scored"
            if reason == "qualitative"
            else f"no verdict rule for {kind} yet"
        )
        rec.update(status="not_scored", not_scored_reason=reason, explanation=f"target {rec['target_text']}: {why}")
        return _finish(rec)
    break_years = ()
    if breaks is not None and series_id:
        b = breaks[breaks["series_id"] == series_id]
        break_years = tuple(int(y) for y in b["first_year"])
    if kind == "avg_growth":
        return _finish(_assess_growth(rec, r, pts, history, observed, averages, base_year, target_year, as_of, method))
    return _finish(_assess_level(rec, r, pts, history, base_year, target_year, as_of, method, break_years))


def _evidence_sentence(rec: dict) -> str:
    if not rec.get("n_obs"):
        return "evidence: none"
    years = (
        f"{rec['first_year']}"
        if rec["first_year"] == rec["latest_year"]
        else f"{rec['first_year']}-{rec['latest_year']}"
    )
    n = rec["n_obs"]
    return (
        f"evidence: {n} observation{'s' if n != 1 else ''} in the period ({years}; {rec['vintages']}), "
        f"latest {rec['data_age']} year{'s' if rec['data_age'] != 1 else ''} before the as-of year -> {rec['evidence']}"
    )


def _reach_sentence(reach: evidence.Reach, words: str, span: str) -> str:
    if not reach.n:
        return ""
    if not reach.judged:
        return f"; needs {_fmt(reach.needed)} {words} {span}; only {reach.n} past pace(s) to compare"
    verdict = (
        f"never reached since {reach.since}"
        if reach.never_reached
        else f"reached before (best {_fmt(reach.best)} in {reach.best_year})"
    )
    return (
        f"; needs {_fmt(reach.needed)} {words} {span}: {verdict}; best {_fmt(reach.best)} ({reach.best_year}), "
        f"recent average {_fmt(reach.recent)}"
    )


def _decide(rec: dict, lean: str, reach: evidence.Reach | None = None, met_now: bool = False) -> None:
    """The status from the pace's lean, the evidence and reachability (one rule for every kind)."""
    rec["lean"] = lean
    out_of_reach = reach is not None and reach.judged and reach.never_reached and not met_now
    if out_of_reach:
        rec["lean"] = "unlikely"
    rec["reach"] = "never_reached" if out_of_reach else ("reachable" if reach is not None and reach.judged else "")
    if rec["evidence"] != "firm":
        rec["status"] = "provisional"
    else:
        rec["status"] = rec["lean"]


PENDING_REASONS = ("final_missing", "estimate", "partial_year", "estimate_only")


def _pending(rec: dict, target_year: int, lean: str, why: str, reason: str) -> dict:
    """The target year is reached (as of) but no final value is out yet.  ``reason`` is the code
    the pages translate (PENDING_REASONS); ``why`` the words of the explanation."""
    rec.update(
        status="pending",
        lean=lean,
        pending_reason=reason,
        explanation=f"{target_year} is over but {why}: final data pending; {_evidence_sentence(rec)}",
    )
    return rec


def _assess_growth(rec, r, pts, history, observed, averages, base_year, target_year, as_of, method) -> dict:  # noqa: C901
    target = float(r["target_value"])
    period = target_year - base_year
    rec["required_rate"] = target
    first = base_year + 1
    words = "% a year"
    # the published period average, dated at the plan's target year
    published = None
    for sid in averages:
        a = _series_points(observed, sid, target_year - 1, min(as_of, target_year))
        if len(a):
            published = (sid, float(a["value"].iloc[-1]), str(a["vintage"].iloc[-1]), str(a["note"].iloc[-1]))
    years = pts["year"].astype(int).tolist()
    contiguous = years == list(range(first, first + len(years)))
    rates = pts["value"].astype(float).tolist() if contiguous else []
    paces = evidence.history_paces("rate", history["year"], history["value"])

    def outcome(value: float, how: str, vintage: str) -> dict:
        met = meets_target(value, target, r["comparator"], r["direction"], "%")
        rec.update(
            actual_rate=value,
            ratio=value / target if target else float("nan"),
            margin=margin(value, target, r["direction"]),
            latest_year=target_year,
            latest_value=value,
        )
        n = len(rates) + (1 if how.startswith("published") else 0)
        rec.update(
            n_obs=max(rec["n_obs"] or 0, n),
            vintages=", ".join(sorted(set(filter(None, [*rec["vintages"].split(", "), vintage])))),
        )
        rec["evidence"] = "firm" if rec["n_obs"] >= evidence.MIN_OBSERVATIONS else "provisional"
        rec["data_age"] = as_of - target_year
        _decide(rec, "achieved" if met else "missed")
        rec["explanation"] = f"{how} vs target {rec['target_text']}: {rec['lean']}; {_evidence_sentence(rec)}"
        return rec

    if len(rates) >= period and "estimate" not in set(pts["vintage"]):
        avg = chained_average(rates[:period])
        rec["rate_source"] = "chained"
        return outcome(
            avg,
            f"chained average of {first}-{target_year} ({', '.join(map(_fmt, rates))}) = {_fmt(avg)} % a year "
            f"({', '.join(sorted(set(pts['vintage'])))})",
            "",
        )
    if published is not None and published[2] != "estimate" and not evidence.partial_year(published[3]):
        sid, value, vintage, note = published
        rec.update(series_id=sid, rate_source="published_average", rate_vintage=vintage)
        note = note.split(";")[0]
        missing = [y for y in range(first, target_year + 1) if y not in years]
        return outcome(
            value,
            f"published {first}-{target_year} average {_fmt(value)} % a year ({vintage}; {note}); used because "
            f"the annual figures for {', '.join(map(str, missing)) or 'no year'} are not in the data",
            vintage,
        )
    if as_of >= target_year:
        if published is not None:  # only an estimate stated before the period ended
            sid, value, vintage, _ = published
            met = meets_target(value, target, r["comparator"], r["direction"], "%")
            rec.update(projected_value=value, series_id=sid)
            return _pending(
                rec,
                target_year,
                "achieved" if met else "missed",
                f"only an estimate stated before the period ended is out ({_fmt(value)} % a year, vintage "
                f"{vintage}); it would be {'met' if met else 'missed'}",
                "estimate_only",
            )
        if years:
            return _pending(rec, target_year, "", f"the {target_year} figure is not in the data", "final_missing")
    if not years:
        rec.update(
            status="no_data", explanation=f"no observation of {rec['series_id'] or 'a linked series'} after {base_year}"
        )
        return rec
    if not contiguous:
        rec.update(
            status="no_data",
            explanation=f"annual rates for {first}-{years[-1]} are incomplete ({years}); a missing year cannot be "
            "skipped in a chained average",
        )
        return rec
    observed_avg = chained_average(rates)
    rec["actual_rate"] = observed_avg
    remaining = required_remaining_average(rates, target, period)
    rec["remaining_rate"] = remaining
    span = f"in {years[-1] + 1}-{target_year}" if years[-1] + 1 < target_year else f"in {target_year}"
    reach = evidence.reachability(remaining, r["direction"], paces)
    rec.update(
        history_best=reach.best,
        history_best_year=reach.best_year,
        history_recent=reach.recent,
        history_from=reach.since,
    )
    done = f"{first}" if years[-1] == first else f"{first}-{years[-1]}"
    arithmetic = (
        f"chained average of {done} ({', '.join(map(_fmt, rates))}) = {_fmt(observed_avg)} % a year; "
        f"target {rec['target_text']} for {first}-{target_year}" + _reach_sentence(reach, words, span)
    )
    if method == "eurostat":
        ratio = observed_avg / target
        rec["ratio"] = ratio
        lean = eurostat_status(ratio)
        detail = f"ratio actual/required = {_fmt(ratio, 3)} -> {lean} by the ratio alone"
    else:
        weights = np.arange(1, len(rates) + 1, dtype=float)
        trend_rate = float(np.average(rates, weights=weights))
        projected = chained_average(rates + [trend_rate] * (period - len(rates)))
        anticipated = projected / target
        rec.update(ratio=anticipated, projected_value=projected)
        lean = escap_status(anticipated)
        detail = (
            f"remaining years projected at the time-weighted mean {_fmt(trend_rate)} % -> period average "
            f"{_fmt(projected)} %; anticipated progress {_fmt(anticipated, 3)} -> {lean}"
        )
    _decide(rec, lean, reach)
    rec["explanation"] = f"{arithmetic}; {detail}; {_evidence_sentence(rec)}" + (
        "; out of reach" if rec["lean"] == "unlikely" else ""
    )
    return rec


def _assess_level(rec, r, pts, history, base_year, target_year, as_of, method, break_years) -> dict:  # noqa: C901
    target, base = r["target_value"], r["base_value"]
    direction, comparator = r["direction"], r["comparator"]
    high = r["target_high"] if pd.notna(r["target_high"]) else None
    unit = comparison_unit(r)
    kind = rec["pace_kind"]
    words = _pace_words(kind, r.get("unit_en") or r["unit"])
    if not len(pts):
        rec.update(
            status="no_data",
            explanation=f"no observation of {rec['series_id'] or 'a linked series'} after the base year {base_year}",
        )
        return rec
    latest_year, latest = rec["latest_year"], rec["latest_value"]
    latest_note = str(pts["note"].iloc[-1])
    latest_vintage = str(pts["vintage"].iloc[-1])
    met_now = meets_target(latest, target, comparator, direction, unit, high)
    rec["margin"] = margin(latest, target, direction)
    if latest_year >= target_year:
        if latest_vintage == "estimate" or evidence.partial_year(latest_note):
            why = (
                "its value is an estimate stated before the year ended"
                if latest_vintage == "estimate"
                else f"the {target_year} value was observed inside the year ({latest_note.split(';')[0]})"
            )
            return _pending(
                rec,
                target_year,
                "achieved" if met_now else "missed",
                f"{why}: {_fmt(latest, 4)} would {'meet' if met_now else 'miss'} {rec['target_text']}",
                "estimate" if latest_vintage == "estimate" else "partial_year",
            )
        _decide(rec, "achieved" if met_now else "missed")
        rec["explanation"] = (
            f"{target_year} value {_fmt(latest, 4)} ({latest_vintage}) vs target {rec['target_text']}: "
            f"{rec['lean']}; {_evidence_sentence(rec)}"
        )
        return rec
    if as_of >= target_year:
        return _pending(
            rec,
            target_year,
            "achieved" if met_now else "",
            f"the latest value is for {latest_year} ({_fmt(latest, 4)})",
            "final_missing",
        )
    rebased = ""
    if pd.isna(base):
        if len(pts) < 2:
            rec.update(
                status="no_data",
                explanation="no base value and fewer than two observations, so progress cannot be measured",
            )
            return rec
        # no printed base: the pace is measured from the first observation in the period
        rebased = (
            f"no base value for {base_year}: pace measured from the first observation, "
            f"{int(pts['year'].iloc[0])} ({_fmt(float(pts['value'].iloc[0]), 4)}); "
        )
        base_year, base = int(pts["year"].iloc[0]), float(pts["value"].iloc[0])
        pts = pts.iloc[1:]
        rec.update(evidence.evidence_of(pts, as_of).columns())
    brk = [y for y in break_years if base_year < y <= latest_year]
    if brk:
        first_new = max(brk)
        after = pts[pts["year"] >= first_new]
        if len(after) < 2:
            rec.update(
                status="no_data",
                explanation=(
                    f"basis break in {first_new}: fewer than two observations on the new basis, "
                    f"so no pace can be measured"
                ),
            )
            return rec
        rebased = (
            f"basis break in {first_new}: pace measured from {int(after['year'].iloc[0])} "
            f"({_fmt(float(after['value'].iloc[0]), 4)}) on the new basis, not from the {base_year} base "
            f"{_fmt(base, 4)}; "
        )
        rec["basis_break"] = f"avoided: pace from {int(after['year'].iloc[0])}"
        # sensitivity: the same pace measured from the plan's own (old-basis) base
        old = evidence.pace(kind, base, base_year, latest, latest_year) / evidence.pace(
            kind, base, base_year, target, target_year
        )
        rec.update(break_year=first_new, sensitivity_ratio=old, sensitivity_status=eurostat_status(old))
        rec["sensitivity"] = (
            f"measured from the old {base_year} base ({_fmt(base, 4)}) across the break, the ratio would be "
            f"{_fmt(old, 3)} ({eurostat_status(old).replace('_', ' ')}); not used, the bases differ"
        )
        base_year, base = int(after["year"].iloc[0]), float(after["value"].iloc[0])
        pts = after.iloc[1:]
        rec.update(evidence.evidence_of(pts, as_of).columns())
    if comparator in ("<", "<=", ">", ">=") and not met_now and meets_target(base, target, comparator, direction, unit):
        # a ceiling or floor already kept at the start and broken now: no pace is required to reach
        # it, so the pace ratio would call a breach "on track"; no verdict rule covers this yet
        rec.update(
            status="not_scored",
            not_scored_reason="breached_bound",
            explanation=rebased
            + f"{base_year} {_fmt(base, 4)} kept the bound {rec['target_text']}, {latest_year} {_fmt(latest, 4)} "
            f"breaks it: a pace towards a bound already kept does not apply, and no verdict rule covers a broken "
            f"bound yet; {_evidence_sentence(rec)}",
        )
        return rec
    rec["pace_base_year"], rec["pace_base_value"] = base_year, base
    actual = evidence.pace(kind, base, base_year, latest, latest_year)
    required = evidence.pace(kind, base, base_year, target, target_year)
    remaining = evidence.pace(kind, latest, latest_year, target, target_year)
    rec.update(actual_rate=actual, required_rate=required, remaining_rate=remaining)
    paces = evidence.history_paces(kind, history["year"], history["value"], break_years)
    reach = evidence.reachability(remaining, direction, paces, int(history["year"].min()) if len(history) else None)
    rec.update(
        history_best=reach.best,
        history_best_year=reach.best_year,
        history_recent=reach.recent,
        history_from=reach.since,
    )
    span = f"in {latest_year + 1}-{target_year}" if latest_year + 1 < target_year else f"in {target_year}"
    arithmetic = rebased + (
        f"{base_year} {_fmt(base, 4)} -> {latest_year} {_fmt(latest, 4)}: {_fmt(actual, 3)} {words}; "
        f"the target {rec['target_text']} in {target_year} needs {_fmt(required, 3)} {words} from {base_year}"
        + ("" if met_now else _reach_sentence(reach, words, span))
    )
    rec["_met_early"] = met_now
    if method == "eurostat":
        if required == 0 or not math.isfinite(required):
            ratio = float("nan")
            lean = "on_track" if met_now else "moving_away"
        else:
            ratio = actual / required
            lean = "on_track" if met_now else eurostat_status(ratio)
        rec["ratio"] = ratio
        detail = f"ratio {_fmt(ratio, 3)}{' (already at the target)' if met_now else ''} -> {lean}"
    else:
        years = np.array(
            ([] if rebased else [base_year]) + ([base_year] if rebased else []) + pts["year"].astype(int).tolist()
        )
        values = np.array([base, *pts["value"].astype(float).tolist()])
        projected = time_weighted_trend(years, values, target_year) if len(years) >= 2 else float("nan")
        distance = target - base
        anticipated = (
            (projected - base) / distance if distance != 0 and math.isfinite(projected) else (1.0 if met_now else -1.0)
        )
        lean = "on_track" if met_now else escap_status(anticipated)
        rec.update(ratio=anticipated, projected_value=projected)
        detail = (
            f"time-weighted trend projects {_fmt(projected, 3)} in {target_year}; anticipated progress "
            f"{_fmt(anticipated, 3)} -> {lean}"
        )
    _decide(rec, lean, reach, met_now)
    rec["explanation"] = f"{arithmetic}; {detail}; {_evidence_sentence(rec)}" + (
        "; out of reach" if rec["lean"] == "unlikely" else ""
    )
    if rec.get("sensitivity"):
        rec["explanation"] += f"; sensitivity: {rec['sensitivity']}"
    return rec

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
``as_expected`` 基本符合预期 (0.95-1.05), ``behind`` 相对滞后 (below 0.95, moving away, or a pace
never reached: ``unlikely``); a relative target holds (基本符合预期) or not (相对滞后); at the target
year, and for rows without a firm verdict on a pace, the status itself.

The national plans' kinds (:mod:`.kinds`): a growth rate relative to another row's
(``relative_growth``: its chained average against the reference's over the same years), a
five-year reduction chained from annual changes (``cumulative``), the increase of a level
(``level_increase``: the base plus the increase, then the level rule).  A ceiling or floor kept
where the pace starts and broken now is ``moving_away`` (``bound_kept_year``): no pace was required
to reach it, so a ratio of paces would call the breach "ahead".  A qualitative target
(保持在合理区间) is ``not_scored``, with the reason code in ``not_scored_reason``
(NOT_SCORED_REASONS): shown, never scored.

How a plan is judged (its printed outcomes, or observed statistics as of a year) is a column of
``plans.csv`` (``assessed_by``), not a plan number in this code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..core import cache
from ..core.errors import ShanxiError, unknown_choice
from ..core.paths import raw_dir
from ..core.stamps import tree_stamp
from ..data.citations import weakest
from ..data.links import load_breaks, load_links
from ..data.observed import load_observed
from ..data.plans import LEVEL_KINDS, get_plan, load_targets
from . import derive, evidence, kinds, verdicts
from .evidence import comparison_unit
from .growth import (
    GrowthError,
    bound,
    cagr,
    chained_average,
    margin,
    meets_target,
    required_remaining_average,
)
from .status import codes, most_off_track, unscored_reason
from .status import status as status_of

METHODS = ("eurostat", "escap")
# link roles whose series are not the row's own statistic but give it by derivation (models.derive)
DERIVING_ROLES = ("level", "share_numerator", "share_denominator")
# statuses by how the plan is judged (plans.csv: assessed_by), in the documented order (.status)
STATUSES_OUTCOMES = codes("outcomes")
STATUSES_OBSERVED = codes("observed")
EUROSTAT_THRESHOLDS = (0.95, 0.60, 0.0)
# Why a target gets no verdict (status not_scored): by design, or because no rule exists yet.
NOT_SCORED_REASONS = ("qualitative", "no_rule")
# target kinds -> the reason they are not scored (the kinds with a rule are absent)
NOT_SCORED_KINDS = {"qualitative": "qualitative"}
# kinds whose target is not a value of the row's own series (no number; a relation to another row;
# a five-year change; an increase over the base): scenarios and forecasts do not project them, and
# a briefing's key chart does not draw them; the tracker judges them (models.kinds)
NOT_A_LEVEL_KINDS = ("qualitative", "relative_growth", "cumulative", "level_increase")
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
    "latest_kind",
    "latest_from",
    "latest_grade",
    "actual_rate",
    "required_rate",
    "remaining_rate",
    "rate_unit",
    "pace_kind",
    "discrete",
    "history_best",
    "history_best_year",
    "history_worst",
    "history_worst_year",
    "history_spread",
    "history_recent",
    "history_from",
    "reach",
    "ratio",
    "projected_value",
    "margin",
    "lean",
    "status",
    "midterm",
    "unscored",
    "method",
    "as_of",
    "pace_base_year",
    "pace_base_value",
    # the facts behind the words of a verdict, as codes and numbers (models.verdicts words them)
    "pending_reason",
    "rate_source",
    "rate_vintage",
    "rates",
    "rate_years",
    "trend_rate",
    "history_n",
    "break_year",
    "sensitivity_ratio",
    "sensitivity_status",
    "no_pace",
    "no_pace_year",
    "outcome_text",
    "outcome_notes",
    "not_scored_reason",
    "relative_to",
    "tolerance",
    # a value derived from a level series (models.derive), a published average's implication, a
    # bound kept at the pace's start and broken since, a context figure on another basis
    "derived_from",
    "derived_years",
    "derived_basis",
    "implied_rate",
    "implied_low",
    "implied_high",
    "implied_years",
    "bound_kept_year",
    "context_kind",
    "context_series",
    "context_years",
    "context_values",
    "context_vintages",
    # the national plans' kinds (models.kinds): the reference row's chained growth over the same
    # years and the gap to it; a five-year reduction so far; the increase a level target adds to
    # its base; the base taken from the base year's observation
    "reference_rate",
    "relative_gap",
    "cumulative_so_far",
    "increase",
    "base_observed",
]


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
    """China's mid-term evaluation vocabulary, from the same numbers (a code; see the module doc):
    a firm verdict on the pace is graded (a pace never reached in the indicator's history,
    ``unlikely``, is ``behind``), any other status is its own wording (docs/verdicts.md,
    "Mid-term classes")."""
    if status == "unlikely":
        return "behind"
    if not status_of(status).paced:
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

    def summary(self, lang: str = "en") -> str:
        """What was judged and the count per status, in one line of ``lang``."""
        return verdicts.summary(self.table, self.statuses, lang, self.plan, self.as_of, self.method)

    def most_off_track(self) -> pd.DataFrame:
        """The rows off track, the most off first (:func:`.status.most_off_track`)."""
        return most_off_track(self.table)

    def explain(self, no: str, lang: str = "en") -> str:
        """The verdict of indicator ``no`` in sentences of ``lang``, with its arithmetic: which
        numbers, years and vintages, the pace needed and whether it was ever reached
        (:func:`.verdicts.explanation`)."""
        hit = self.table[self.table["no"] == str(no)]
        if hit.empty:
            raise unknown_choice("indicator", no, list(self.table["no"]))
        return verdicts.explanation(hit.iloc[0], lang)

    def explanations(self, lang: str = "en") -> list[str]:
        """Every row's :meth:`explain`, in the table's order."""
        return [verdicts.explanation(row, lang) for _, row in self.table.iterrows()]


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
                    ),
                    code="year_outside" if years else None,
                    what="as-of year",
                    year=self.as_of,
                    valid=", ".join(map(str, years)),
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
        """The verdicts.  Fitted once per state -- plan, as-of year, method, region, indicators
        and the raw files' stamps (path, size, modification time) -- and handed out as a copy:
        the tracker, its heat map, the briefing and the scenarios of one process share one fit,
        and an edited file is fitted again."""
        key = (
            self.plan,
            self.as_of,
            self.method,
            self.region,
            None if self.indicators is None else tuple(str(no) for no in self.indicators),
            str(raw_dir(self.data_dir)),
            tree_stamp(raw_dir(self.data_dir)),
        )
        results = _fitted(self, key)
        return replace(results, table=results.table.copy())

    def _fit(self) -> AssessmentResults:
        targets = load_targets(self._plan_info, data_dir=self.data_dir)
        if self.indicators is not None:
            valid = list(targets["no"])
            for no in self.indicators:
                if str(no) not in valid:
                    raise unknown_choice("indicator", no, valid)
            targets = targets[targets["no"].isin([str(n) for n in self.indicators])]
        if self._plan_info.assessed_by == "outcomes":
            rows = [evaluate_outcome(r, self._plan_info.table) for _, r in targets.iterrows()]
            return AssessmentResults(self.plan, self.as_of, "outcome", results_frame(rows))
        return AssessmentResults(self.plan, self.as_of, self.method, results_frame(self._observed_rows(targets)))

    def series_frames(self) -> dict[str, pd.DataFrame]:
        """Each linked series' observations as of the year, the frames every row is judged on: the
        published values (latest vintage, :func:`..data.observed.load_observed`) and the growth
        rates :mod:`.derive` computes from a ``level`` link where the published series lacks a year
        (``derived`` says which)."""
        links = load_links(self.plan, self.data_dir)
        return self._frames(links, _derived(links, self.region, self.data_dir, self.as_of))

    def _frames(self, links: pd.DataFrame, derived: dict) -> dict[str, pd.DataFrame]:
        if links.empty:
            return {}
        observed = load_observed(
            list(links["series_id"].unique()),
            region=self.region,
            vintage="latest",
            data_dir=self.data_dir,
            as_of=self.as_of,
        )
        frames = {
            sid: g.sort_values("year")[["year", "value", "vintage", "note", "source_grade"]]
            for sid, g in observed.groupby("series_id")
        }
        for (_no, sid), frame in derived["growth"].items():
            frames[sid] = derive.fill(frames.get(sid), frame)
        return frames

    def _observed_rows(self, targets: pd.DataFrame) -> list[dict]:
        """Every row of a plan judged from observed statistics, as of the year: its linked series
        (:meth:`series_frames`) through :func:`assess_indicator`, and a share :mod:`.derive`
        computes from a part and its whole beside the row as context."""
        links = load_links(self.plan, self.data_dir)
        derived = _derived(links, self.region, self.data_dir, self.as_of)
        by_series = self._frames(links, derived)
        links_by_no = {no: g for no, g in links.groupby("no")}
        breaks = load_breaks(self.data_dir)
        breaks = breaks[breaks["region"] == self.region]
        rows = []
        for _, r in targets.iterrows():
            rec = assess_indicator(
                r,
                links_by_no.get(r["no"], links.iloc[0:0]),
                by_series,
                self.as_of,
                self.method,
                self._plan_info.base_year,
                breaks,
                links_by_no.get(r.get("relative_to"), links.iloc[0:0]),
            )
            rec["latest_grade"] = latest_grade(rec, by_series)
            if r["no"] in derived["share"]:
                _context_share(rec, *derived["share"][r["no"]])
            rows.append(rec)
        return rows


def latest_grade(rec: dict, by_series: dict) -> str | None:
    """The grade of the source the row's latest value rests on (pages mark a weak one beside the
    value): the year's observation; a period average chained from annual rates, the weakest of
    theirs.  None without a value, or for a value derived from levels (no source of its own)."""
    frame = by_series.get(rec.get("series_id")) if rec.get("series_id") else None
    if frame is None or "source_grade" not in frame or pd.isna(rec.get("latest_year")):
        return None
    years = rec.get("rate_years") if rec.get("rate_source") == "chained" else (rec["latest_year"],)
    return weakest(frame[frame["year"].isin(list(years))]["source_grade"])


def _derived(links: pd.DataFrame, region: str, data_dir, as_of: int) -> dict:
    """The values :mod:`.derive` computes for the links that ask for them: ``growth`` {(row, the
    row's annual series): growth rates from its ``level`` series}; ``share`` {row: (numerator id,
    denominator id, shares)} from its ``share_numerator`` and ``share_denominator`` series."""
    out: dict = {"growth": {}, "share": {}}
    wanted = links[links["role"].isin(DERIVING_ROLES)]
    if wanted.empty:
        return out
    obs = load_observed(list(wanted["series_id"].unique()), region=region, vintage="all", data_dir=data_dir)
    frames = {sid: g for sid, g in obs.groupby("series_id")}
    empty = obs.iloc[0:0]
    for no, g in wanted.groupby("no"):
        by_role = {role: list(rg["series_id"]) for role, rg in g.groupby("role")}
        row = links[links["no"] == no]
        annual = list(row[row["role"] == "annual"]["series_id"])
        if "level" in by_role and annual:
            level = frames.get(by_role["level"][0], empty)
            out["growth"][(no, annual[0])] = derive.growth_from_levels(level, as_of)
        if "share_numerator" in by_role and "share_denominator" in by_role:
            num, den = by_role["share_numerator"][0], by_role["share_denominator"][0]
            out["share"][no] = (num, den, derive.share_of(frames.get(num, empty), frames.get(den, empty), as_of))
    return out


def _context_share(rec: dict, numerator: str, denominator: str, shares: pd.DataFrame) -> None:
    """A share computed from a part and its whole (:func:`.derive.share_of`), in the plan period up
    to the as-of year: context beside the row, on another basis than its printed base, never a
    verdict (row 4: industry value added / GDP in the NBS database, against the outline's 38.1)."""
    first, last = rec["base_year"], rec["as_of"]
    inside = shares[(shares["year"] > first) & (shares["year"] <= last)]
    if inside.empty:
        return
    rec.update(
        context_kind="derived_share",
        context_series=f"{numerator}/{denominator}",
        context_years=tuple(int(y) for y in inside["year"]),
        context_values=tuple(float(v) for v in inside["value"]),
        context_vintages=tuple(str(v) for v in inside["vintage"]),
    )


NUMBER_COLUMNS = (
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
    "history_worst",
    "history_spread",
    "history_recent",
    "sensitivity_ratio",
    "implied_rate",
    "implied_low",
    "implied_high",
    "reference_rate",
    "relative_gap",
    "cumulative_so_far",
    "increase",
)
YEAR_COLUMNS = (
    "latest_year",
    "base_year",
    "n_obs",
    "first_year",
    "data_age",
    "history_best_year",
    "history_worst_year",
    "history_from",
    "break_year",
    "latest_from",
    "bound_kept_year",
)


def results_frame(rows: list[dict], columns=RESULT_COLUMNS) -> pd.DataFrame:
    """The verdicts' table from one record per row: ``columns`` first (missing ones empty), numbers
    as floats, years and counts as integers, and why a row cannot be scored (``unscored``, from its
    final status)."""
    table = pd.DataFrame(rows)
    for col in columns:
        if col not in table:
            table[col] = None
    table = table[list(columns) + [c for c in table.columns if c not in columns]]
    for col in NUMBER_COLUMNS:
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("float64")
    for col in YEAR_COLUMNS:
        table[col] = pd.to_numeric(table[col], errors="coerce").astype("Int64")
    table["unscored"] = [
        unscored_reason(s, sid, n, why)
        for s, sid, n, why in zip(
            table["status"], table["series_id"], table["n_obs"], table["not_scored_reason"], strict=True
        )
    ]
    return table.reset_index(drop=True)


_FITTED: dict = {}
_FITTED_MAX = 32  # plans x as-of years x methods of a session, with room to spare


def _fitted(assessment: Assessment, key: tuple) -> AssessmentResults:
    """The results for ``key`` (see :meth:`Assessment.fit`), fitted on the first request in this
    process -- or read from the disk cache, where another process (a kernel of ``shanxi run``, a
    CLI call) stored the same fit of the same data and code (:mod:`..core.cache`)."""
    if key not in _FITTED:
        results = cache.cached(
            "assessment", key[:-1], assessment._fit, _results_to_json, _results_from_json, assessment.data_dir
        )
        if len(_FITTED) >= _FITTED_MAX:
            _FITTED.pop(next(iter(_FITTED)))  # the oldest
        _FITTED[key] = results
    return _FITTED[key]


def _results_to_json(results: AssessmentResults) -> dict:
    return {
        "plan": results.plan,
        "as_of": results.as_of,
        "method": results.method,
        "table": cache.frame_to_json(results.table),
    }


def _results_from_json(data: dict) -> AssessmentResults:
    table = cache.frame_from_json(data["table"])
    for col in [c for c in table.columns if pd.api.types.is_object_dtype(table[c].dtype)]:
        # JSON has no tuples: each row's years, rates, vintages come back as lists
        cells = np.empty(len(table), dtype=object)
        cells[:] = [tuple(v) if isinstance(v, list) else v for v in table[col]]
        table[col] = pd.Series(cells, index=table.index, dtype=object)
    return AssessmentResults(data["plan"], data["as_of"], data["method"], table)


def clear_cache() -> None:
    """Forget every fit.  Not needed after an edit (fits are keyed on the files' stamps)."""
    _FITTED.clear()


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

# what the explanation of an outcome says beyond the verdict (codes; models.verdicts words them)
OUTCOME_NOTES = (
    "no_longer_monitored",
    "tolerance",
    "base_met",
    "pace_undefined",
    "within_tolerance",
    "nominal",
    "estimate",
    "earlier_year",
)


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


def _high(r) -> float | None:
    return r["target_high"] if pd.notna(r["target_high"]) else None


def evaluate_outcome(r, table: str | None = None) -> dict:
    """One row of a finished plan's table (``table``, e.g. 专栏1): achieved / missed /
    not_assessable, the margin, the pace, and the table's own growth figures recomputed; what the
    explanation adds is in ``outcome_notes`` (:data:`OUTCOME_NOTES`)."""
    rec = _base_record(r, "outcome", None)
    printed = r["actual_text"] if r["target_kind"] in LEVEL_KINDS else r["actual_rate_text"]
    rec.update(
        latest_year=r["actual_year"],
        latest_value=r["actual_value"],
        latest_kind=_outcome_kind(r),
        latest_from=int(r["base_year"]) + 1 if pd.notna(r["base_year"]) else None,
        latest_grade=r.get("source_grade"),  # the outcome is printed in the plan's own table
        series_id=table,
        n_obs=None,
        actual_level_value=r["actual_level_value"],
        outcome_text=printed if isinstance(printed, str) and printed not in ("", "-") else None,
        target_rate_text=r["target_rate_text"],
        actual_rate_text=r["actual_rate_text"],
    )
    kind = evidence.pace_kind(r) if r["target_kind"] in LEVEL_KINDS else "rate"
    rec["pace_kind"], rec["rate_unit"] = kind, evidence.PACE_UNITS[kind]
    earlier = pd.notna(r["actual_year"]) and r["actual_year"] < r["target_year"]
    rec["outcome_flag"] = ",".join(
        f for f, on in (("estimate", bool(r["actual_is_estimate"])), ("earlier_year", earlier)) if on
    )
    if pd.isna(r["actual_value"]):
        rec.update(
            status="not_assessable", outcome_notes="no_longer_monitored" * ("no longer monitored" in str(r["note"]))
        )
        return _finish(rec)
    notes = _outcome_verdict(rec, r)
    notes += _outcome_pace(rec, r, kind)
    if r["basis"] in ("nominal_growth", "nominal_level") and r["target_kind"] not in LEVEL_KINDS:
        notes.append("nominal")
    if r["actual_is_estimate"]:
        notes.append("estimate")
    if earlier:
        notes.append("earlier_year")
        _earlier_year(rec, r, kind)
    _printed_rates(rec, r)
    rec["outcome_notes"] = ",".join(notes)
    return _finish(rec)


# what a row's latest value is: one year's value, or an average or total over the plan period
LATEST_KINDS = ("annual", "period_average", "period_total")


def _outcome_kind(r) -> str:
    """What a finished plan's printed outcome is (:data:`LATEST_KINDS`): the period's average
    growth (13th plan row 1: 5.4 is the 2016-2020 average, not 2020's rate), a five-year total or
    change in [ ], else the year's value."""
    if r["target_kind"] == "avg_growth":
        return "period_average"
    return "period_total" if r["target_kind"] == "cumulative" else "annual"


def _outcome_verdict(rec: dict, r) -> list[str]:
    """Met or missed by the printed outcome, and the margin (a range: how far outside it)."""
    actual, target, high = r["actual_value"], r["target_value"], _high(r)
    met = meets_target(actual, target, r["comparator"], r["direction"], comparison_unit(r), high)
    rec["status"] = "achieved" if met else "missed"
    rec["margin"] = margin(actual, bound(target, r["comparator"], r["direction"], high), r["direction"])
    notes = ["tolerance"] if r["comparator"] == "~" else []
    if r["comparator"] == "~" and met and margin(actual, target, r["direction"]) < 0:
        notes.append("within_tolerance")  # met within the 左右 tolerance only, short of the number
    return notes


def _outcome_pace(rec: dict, r, kind: str) -> list[str]:
    """The pace of a level from the base to the outcome against the pace the target needed."""
    if r["target_kind"] not in LEVEL_KINDS or pd.isna(r["base_value"]):
        return []
    unit = comparison_unit(r)
    if meets_target(r["base_value"], r["target_value"], r["comparator"], r["direction"], unit, _high(r)):
        return ["base_met"]  # the base already met the target: no pace
    if not r["actual_year"] > r["base_year"]:
        return []
    rec["actual_rate"] = evidence.pace(kind, r["base_value"], r["base_year"], r["actual_value"], r["actual_year"])
    rec["required_rate"] = evidence.pace(kind, r["base_value"], r["base_year"], r["target_value"], r["target_year"])
    if not math.isfinite(rec["actual_rate"]) or not math.isfinite(rec["required_rate"]):
        return ["pace_undefined"]  # a compound rate from a zero or negative level
    if rec["required_rate"] != 0:
        rec["ratio"] = rec["actual_rate"] / rec["required_rate"]
    return []


def _earlier_year(rec: dict, r, kind: str) -> None:
    """The printed outcome is earlier-year data (*): what it implies for the target year at the
    row's own pace (``projected_value``, ``lean``); the verdict is provisional where the two differ."""
    pace_now = rec.get("actual_rate")
    if kind == "rate" or pace_now is None or not math.isfinite(pace_now):
        rec["lean"] = rec["status"]
        return
    years = r["target_year"] - r["actual_year"]
    actual = r["actual_value"]
    projected = actual + pace_now * years if kind != "growth" else actual * (1 + pace_now / 100) ** years
    met = meets_target(projected, r["target_value"], r["comparator"], r["direction"], comparison_unit(r), _high(r))
    lean = "achieved" if met else "missed"
    rec.update(projected_value=projected, lean=lean, status=rec["status"] if lean == rec["status"] else "provisional")


def _printed_rates(rec: dict, r) -> None:
    """The table's own growth figures, recomputed from its levels (``rate_check``: reproduced,
    differs, or not derivable for real growth), and its rate target met or missed."""
    printed_rate = r["actual_rate_value"]
    if (
        pd.notna(printed_rate)
        and pd.notna(r["base_value"])
        and pd.notna(r["actual_level_value"])
        and "[" not in str(r["actual_rate_text"])
    ):
        years = int((r["actual_year"] or r["target_year"]) - r["base_year"])
        implied = cagr(r["base_value"], r["actual_level_value"], years)
        ok = abs(implied - printed_rate) <= 0.05 + 1e-9
        rec.update(
            implied_level_cagr=implied,
            printed_rate=printed_rate,
            rate_check_years=years,
            rate_check="not_derivable" if r["basis"] == "real_growth" else ("reproduced" if ok else "differs"),
        )
    if pd.notna(r["rate_target_value"]) and pd.notna(r["actual_rate_value"]):
        met = meets_target(
            r["actual_rate_value"], r["rate_target_value"], r["rate_comparator"] or "=", r["direction"], "%"
        )
        rec["rate_status"] = "achieved" if met else "missed"


# --- plan 14: observed statistics as of a year ---------------------------------------------------

_EMPTY = pd.DataFrame(columns=["year", "value", "vintage", "note"])
# why no pace can be measured although a target has a number (codes; models.verdicts words them):
# a year missing from the chained rates, no printed base and one observation, too few observations
# after a basis break; and for a body-text target (models.text_targets): no statistic measures it
# (context only), a multiple of a base no statistic observes, no observation in the base year
NO_PACE_REASONS = (
    "incomplete_rates",
    "no_base",
    "break",
    "context_only",
    "relative_no_base",
    "no_base_observation",
)


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


def assess_indicator(
    r,
    links: pd.DataFrame,
    observed,
    as_of: int,
    method: str,
    plan_base_year: int | None = None,
    breaks: pd.DataFrame | None = None,
    reference_links: pd.DataFrame | None = None,
) -> dict:
    """One indicator as of ``as_of``: evidence, pace, reachability and the verdict (module doc).
    ``reference_links``: the links of the row a ``relative_growth`` target compares with."""
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
        rec["latest_kind"] = "annual"
    _derived_columns(rec, pts, links)
    pk = evidence.pace_kind(r)
    rec["pace_kind"] = pk
    rec["rate_unit"] = evidence.PACE_UNITS[pk]
    rec["discrete"] = evidence.is_discrete(r)
    rec.update(evidence.evidence_of(pts, as_of).columns())

    if kind == "national_assessment":
        rec["status"] = "not_quantified"
        return _finish(rec)
    if kind in NOT_SCORED_KINDS:  # shown with its data; no verdict rule judges it yet
        rec.update(status="not_scored", not_scored_reason=NOT_SCORED_KINDS[kind])
        return _finish(rec)
    break_years = ()
    if breaks is not None and series_id:
        b = breaks[breaks["series_id"] == series_id]
        break_years = tuple(int(y) for y in b["first_year"])
    if kind == "avg_growth":
        return _finish(_assess_growth(rec, r, pts, history, observed, averages, base_year, target_year, as_of, method))
    if kind == "relative_growth":
        ref = reference_links if reference_links is not None else links.iloc[0:0]
        ref_annual = ref[ref["role"] == "annual"]["series_id"].tolist()
        ref_pts = _series_points(observed, ref_annual[0], base_year, min(as_of, target_year)) if ref_annual else _EMPTY
        return _finish(_assess_relative(rec, r, pts, ref_pts, base_year, target_year, as_of))
    if kind == "cumulative":
        return _finish(_assess_cumulative(rec, r, pts, history, base_year, target_year, as_of, method, break_years))
    if kind == "level_increase":
        r = _increase_as_level(rec, r, history, base_year)
        if r is None:
            return _finish(rec)
    return _finish(_assess_level(rec, r, pts, history, base_year, target_year, as_of, method, break_years))


def _derived_columns(rec: dict, pts: pd.DataFrame, links: pd.DataFrame) -> None:
    """Which in-period values were derived from a level series (:mod:`.derive`), and from which."""
    levels = links[links["role"] == "level"]["series_id"].tolist() if "role" in links else []
    derived = pts[pts["derived"].fillna(False).astype(bool)] if "derived" in pts else pts.iloc[0:0]
    if levels and len(derived):
        rec.update(
            derived_from=levels[0],
            derived_years=tuple(int(y) for y in derived["year"]),
            derived_basis="nominal",  # a growth rate of current-price levels (links: level series only)
        )


def _reach_columns(rec: dict, reach: evidence.Reach) -> None:
    rec.update(
        history_best=reach.best,
        history_best_year=reach.best_year,
        history_worst=reach.worst,
        history_worst_year=reach.worst_year,
        history_spread=reach.spread,
        history_recent=reach.recent,
        history_from=reach.since,
        history_n=reach.n,
    )


def _decide(rec: dict, lean: str, reach: evidence.Reach | None = None, met_now: bool = False) -> None:
    """The status from the pace's lean, the evidence and reachability (one rule for every kind):
    a need beyond the best pace ever recorded (:attr:`.evidence.Reach.code`) is out of reach."""
    code = reach.code if reach is not None else ""
    if code == "never_reached" and met_now:
        code = "reachable"  # already there: nothing is out of reach
    rec["lean"] = "unlikely" if code == "never_reached" else lean
    rec["reach"] = code
    rec["status"] = rec["lean"] if rec["evidence"] == "firm" else "provisional"


def _final_missing(rec: dict) -> dict:
    """The target year is over (as of) and its value is not in this data set: the verdict waits
    (``pending``), and ``lean`` keeps what the last evidence points to (the pace, reachability),
    favourable or not."""
    rec.update(status="pending", pending_reason="final_missing")
    return rec


PENDING_REASONS = ("final_missing", "estimate", "partial_year", "estimate_only")


def _pending(rec: dict, lean: str, reason: str) -> dict:
    """The target year is reached (as of) but no final value is out yet; ``reason`` says why
    (:data:`PENDING_REASONS`), ``lean`` what the value at hand would give."""
    rec.update(status="pending", lean=lean, pending_reason=reason)
    return rec


def _published_average(observed, averages: list[str], target_year: int, as_of: int):
    """The published period average, dated at the plan's target year: (series, value, vintage,
    note) of the last linked series that has one, or None."""
    published = None
    for sid in averages:
        a = _series_points(observed, sid, target_year - 1, min(as_of, target_year))
        if len(a):
            published = (sid, float(a["value"].iloc[-1]), str(a["vintage"].iloc[-1]), str(a["note"].iloc[-1]))
    return published


def _growth_outcome(rec: dict, r, value: float, n_rates: int, vintage: str, as_of: int, first: int) -> dict:
    """An average-growth target's period is over and its average is known: met or missed.  The
    latest value is then the period average (``latest_kind``), not a year's rate."""
    target, target_year = float(r["target_value"]), int(r["target_year"])
    met = meets_target(value, target, r["comparator"], r["direction"], "%")
    rec.update(
        actual_rate=value,
        ratio=value / target if target else float("nan"),
        margin=margin(value, target, r["direction"]),
        latest_year=target_year,
        latest_value=value,
        latest_kind="period_average",
        latest_from=first,
    )
    rec.update(
        n_obs=max(rec["n_obs"] or 0, n_rates),
        vintages=", ".join(sorted(set(filter(None, [*rec["vintages"].split(", "), vintage])))),
    )
    rec["evidence"] = "firm" if rec["n_obs"] >= evidence.MIN_OBSERVATIONS else "provisional"
    rec["data_age"] = as_of - target_year
    _decide(rec, "achieved" if met else "missed")
    return rec


def _implied(rec: dict, rates: list[float], published: float, period: int, first: int) -> None:
    """What a published period average implies for the years the annual rates lack (the rate each
    of them must have had), and the range its printed precision allows ("about 5": 4.5 to 5.5)."""
    n = len(rates)
    if not 0 < n < period:
        return
    half = 0.5 * 10.0 ** -_decimals(published)
    rec.update(
        implied_rate=required_remaining_average(rates, published, period),
        implied_low=required_remaining_average(rates, published - half, period),
        implied_high=required_remaining_average(rates, published + half, period),
        implied_years=tuple(range(first + n, first + period)),
    )


def _decimals(x: float) -> int:
    text = repr(float(x))
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _assess_growth(rec, r, pts, history, observed, averages, base_year, target_year, as_of, method) -> dict:
    target = float(r["target_value"])
    period = target_year - base_year
    rec["required_rate"] = target
    first = base_year + 1
    published = _published_average(observed, averages, target_year, as_of)
    years = pts["year"].astype(int).tolist()
    contiguous = years == list(range(first, first + len(years)))
    rates = pts["value"].astype(float).tolist() if contiguous else []
    rec.update(rate_years=tuple(years), rates=tuple(pts["value"].astype(float)))
    if len(rates) >= period and "estimate" not in set(pts["vintage"]):
        rec.update(rate_source="chained", rate_years=tuple(years[:period]), rates=tuple(rates[:period]))
        return _growth_outcome(rec, r, chained_average(rates[:period]), len(rates), "", as_of, first)
    if published is not None and published[2] != "estimate" and not evidence.partial_year(published[3]):
        sid, value, vintage, _ = published
        rec.update(series_id=sid, rate_source="published_average", rate_vintage=vintage)
        _implied(rec, rates, value, period, first)
        return _growth_outcome(rec, r, value, len(rates) + 1, vintage, as_of, first)
    if as_of >= target_year and published is not None:  # only an estimate stated before the period ended
        sid, value, vintage, _ = published
        met = meets_target(value, target, r["comparator"], r["direction"], "%")
        rec.update(projected_value=value, series_id=sid, rate_vintage=vintage)
        return _pending(rec, "achieved" if met else "missed", "estimate_only")
    if not years or not contiguous:
        if as_of >= target_year and years:
            return _pending(rec, "", "final_missing")
        rec.update(status="no_data", no_pace="incomplete_rates" if years else "")
        return rec  # a missing year cannot be skipped in a chained average
    rec = _growth_pace(rec, r, rates, history, period, target_year, method)
    return _final_missing(rec) if as_of >= target_year else rec


def _growth_pace(rec, r, rates, history, period, target_year, method) -> dict:
    """The chained average so far against the target, the rate the remaining years need and
    whether it was ever reached (an open period, or a closed one whose last years are missing)."""
    target = float(r["target_value"])
    observed_avg = chained_average(rates)
    rec["actual_rate"] = observed_avg
    remaining = required_remaining_average(rates, target, period)
    rec["remaining_rate"] = remaining
    reach = evidence.reachability(
        remaining, r["direction"], evidence.history_paces("rate", history["year"], history["value"])
    )
    _reach_columns(rec, reach)
    if method == "eurostat":
        rec["ratio"] = observed_avg / target
        lean = eurostat_status(rec["ratio"])
    else:
        weights = np.arange(1, len(rates) + 1, dtype=float)
        trend_rate = float(np.average(rates, weights=weights))
        projected = chained_average(rates + [trend_rate] * (period - len(rates)))
        rec.update(ratio=projected / target, projected_value=projected, trend_rate=trend_rate)
        lean = escap_status(rec["ratio"])
    _decide(rec, lean, reach)
    return rec


def _assess_level(rec, r, pts, history, base_year, target_year, as_of, method, break_years) -> dict:
    target, direction = r["target_value"], r["direction"]
    if not len(pts):
        rec["status"] = "no_data"
        return rec
    latest_year, latest = rec["latest_year"], rec["latest_value"]
    unit, high = comparison_unit(r), _high(r)
    met_now = meets_target(latest, target, r["comparator"], direction, unit, high)
    rec["margin"] = margin(latest, bound(target, r["comparator"], direction, high), direction)
    base = _observed_base(rec, r["base_value"], history, base_year)
    start, no_pace = _pace_base(rec, pts, base_year, base, latest_year, as_of, break_years)
    if start is not None:  # where the pace (and a chart's required path) is measured from
        rec["pace_base_year"], rec["pace_base_value"] = start[0], start[1]
    if latest_year >= target_year:
        return _level_outcome(rec, pts, met_now)
    if start is None:
        if as_of >= target_year:
            return _pending(rec, "achieved" if met_now else "", "final_missing")
        rec.update(status="no_data", **no_pace)
        return rec
    base_year, base, pts = start
    kind = rec["pace_kind"]
    actual = evidence.pace(kind, base, base_year, latest, latest_year)
    required = evidence.pace(kind, base, base_year, target, target_year)
    remaining = evidence.pace(kind, latest, latest_year, target, target_year)
    rec.update(actual_rate=actual, required_rate=required, remaining_rate=remaining)
    paces = evidence.history_paces(kind, history["year"], history["value"], break_years)
    reach = evidence.reachability(remaining, direction, paces, int(history["year"].min()) if len(history) else None)
    _reach_columns(rec, reach)
    rec["_met_early"] = met_now
    if not met_now and meets_target(base, target, r["comparator"], direction, unit, high):
        # a bound already kept where the pace starts and broken now: no pace was required, so a
        # ratio of paces would call the breach "ahead"; the row moves away from its target
        rec.update(bound_kept_year=base_year, ratio=float("nan"))
        _decide(rec, "moving_away")
    else:
        if method == "eurostat":
            lean = _eurostat_level(rec, actual, required, met_now)
        else:
            lean = _escap_level(rec, pts, base_year, base, target, target_year, met_now)
        _decide(rec, lean, reach, met_now)
    return _final_missing(rec) if as_of >= target_year else rec


def _level_outcome(rec: dict, pts, met_now: bool) -> dict:
    """The target year's value is in: the verdict, unless the value is an estimate or was
    observed inside the year (then ``pending``, with the lean it gives)."""
    latest_note, latest_vintage = str(pts["note"].iloc[-1]), str(pts["vintage"].iloc[-1])
    if latest_vintage == "estimate":
        return _pending(rec, "achieved" if met_now else "missed", "estimate")
    if evidence.partial_year(latest_note):
        return _pending(rec, "achieved" if met_now else "missed", "partial_year")
    _decide(rec, "achieved" if met_now else "missed")
    return rec


def _pace_base(rec: dict, pts, base_year: int, base: float, latest_year: int, as_of: int, break_years):
    """Where the pace is measured from: the plan's base, else (no printed base) the first
    observation, and never across a basis break (then the first observation on the new basis,
    with what the old base would have read: ``sensitivity_ratio``).  Returns ((base year, base, the
    observations after it), {}) or (None, why: the ``no_pace`` columns) when too few remain."""
    if pd.isna(base):
        if len(pts) < 2:
            return None, {"no_pace": "no_base"}
        # no printed base: the pace is measured from the first observation in the period
        base_year, base = int(pts["year"].iloc[0]), float(pts["value"].iloc[0])
        pts = pts.iloc[1:]
        rec.update(evidence.evidence_of(pts, as_of).columns())
    first_new = evidence.last_break(break_years, base_year, latest_year)
    if first_new is None:
        return (base_year, base, pts), {}
    after = pts[pts["year"] >= first_new]
    if len(after) < 2:
        return None, {"no_pace": "break", "no_pace_year": first_new}
    kind, target, target_year = rec["pace_kind"], rec["target_value"], rec["target_year"]
    # sensitivity: the same pace measured from the plan's own (old-basis) base
    old = evidence.pace(kind, base, base_year, rec["latest_value"], latest_year) / evidence.pace(
        kind, base, base_year, target, target_year
    )
    rec.update(break_year=first_new, sensitivity_ratio=old, sensitivity_status=eurostat_status(old))
    pts_after = after.iloc[1:]
    rec.update(evidence.evidence_of(pts_after, as_of).columns())
    return (int(after["year"].iloc[0]), float(after["value"].iloc[0]), pts_after), {}


def _eurostat_level(rec: dict, actual: float, required: float, met_now: bool) -> str:
    if required == 0 or not math.isfinite(required):
        rec["ratio"] = float("nan")
        return "on_track" if met_now else "moving_away"
    rec["ratio"] = actual / required + 0.0  # no "-0" for a pace of zero
    return "on_track" if met_now else eurostat_status(rec["ratio"])


def _escap_level(rec: dict, pts, base_year: int, base: float, target: float, target_year: int, met_now: bool) -> str:
    years = np.array([base_year, *pts["year"].astype(int).tolist()])
    values = np.array([base, *pts["value"].astype(float).tolist()])
    projected = time_weighted_trend(years, values, target_year) if len(years) >= 2 else float("nan")
    distance = target - base
    anticipated = (
        (projected - base) / distance if distance != 0 and math.isfinite(projected) else (1.0 if met_now else -1.0)
    )
    rec.update(ratio=anticipated, projected_value=projected)
    return "on_track" if met_now else escap_status(anticipated)


# --- the national plans' kinds (models.kinds) ----------------------------------------------------


def _observed_base(rec: dict, base: float, history, base_year: int) -> float:
    """The pace's base: the printed base, else the base year's own observation (``base_observed``:
    a reconstructed table whose printed base was not seen), else NaN (then the first observation
    in the period, :func:`_pace_base`)."""
    if not pd.isna(base) or not len(history):
        return base
    at_base = history[history["year"] == base_year]
    if not len(at_base) or str(at_base["vintage"].iloc[-1]) == "estimate":
        return base
    rec["base_observed"] = True
    return float(at_base["value"].iloc[-1])


def _increase_as_level(rec: dict, r, history, base_year: int):
    """A 〔n〕 increase of a level (life expectancy 〔1〕 over 2021-2025): the row as a level target
    of base + n (``increase`` keeps n), or None when no base is known (``no_data``, ``no_base``)."""
    base = _observed_base(rec, r["base_value"], history, base_year)
    if pd.isna(base):
        rec.update(status="no_data", no_pace="no_base", increase=r["target_value"])
        return None
    level = kinds.increase_target(base, r["target_value"])
    rec.update(increase=float(r["target_value"]), target_value=level, base_value=base)
    return _with(r, target_value=level, base_value=base, target_kind="level")


def _with(r, **values):
    """A copy of row ``r`` with ``values`` set."""
    out = r.copy()
    for key, value in values.items():
        out[key] = value
    return out


def _assess_relative(rec: dict, r, pts, ref_pts, base_year: int, target_year: int, as_of: int) -> dict:
    """A growth rate against the reference row's growth (:func:`.kinds.relative_lean`): the chained
    averages over the years both have, the gap, the evidence of those years; a finished period
    (every year of both) is achieved or missed."""
    rates = {int(y): float(v) for y, v in zip(pts["year"], pts["value"], strict=True)}
    reference = {int(y): float(v) for y, v in zip(ref_pts["year"], ref_pts["value"], strict=True)}
    rec.update(pace_kind="rate", rate_unit=evidence.PACE_UNITS["rate"])
    try:
        years, own, ref = kinds.relative_gap(rates, reference)
    except GrowthError:
        rec["status"] = "no_data"
        return rec
    common = pts[pts["year"].astype(int).isin(years)]
    rec.update(evidence.evidence_of(common, as_of).columns())
    gap = own - ref
    rec.update(
        actual_rate=own,
        reference_rate=ref,
        relative_gap=gap,
        rate_years=years,
        rates=tuple(rates[y] for y in years),
        rate_source="chained",
    )
    tolerance = r.get("tolerance")
    tolerance = float(tolerance) if tolerance is not None and pd.notna(tolerance) else None
    lean = kinds.relative_lean(gap, r["comparator"], tolerance)
    if as_of >= target_year:
        period = set(range(base_year + 1, target_year + 1))
        if period <= set(years) and "estimate" not in set(common["vintage"]):
            _decide(rec, "achieved" if lean == "on_track" else "missed")
            return rec
        rec["lean"] = lean  # what the years at hand point to
        return _final_missing(rec)
    _decide(rec, lean)
    # a condition, not a path: it holds (基本符合预期) or it does not (相对滞后); nothing is
    # "faster than expected" about being above a reference (docs/verdicts.md)
    if rec["status"] in ("on_track", "moderate", "insufficient"):
        rec["midterm"] = "as_expected" if rec["status"] == "on_track" else "behind"
    return rec


def _assess_cumulative(rec: dict, r, pts, history, base_year, target_year, as_of, method, break_years) -> dict:
    """A five-year reduction (〔13.5〕) from the annual changes, chained (:mod:`.kinds`): the
    reduction so far, the steady annual reduction the target needs and what the remaining years
    need; never chained across a basis break."""
    rec.update(pace_kind="rate", rate_unit=evidence.PACE_UNITS["rate"])
    if not len(pts):
        rec["status"] = "no_data"
        return rec
    years = pts["year"].astype(int).tolist()
    first = base_year + 1
    if years != list(range(first, first + len(years))):
        rec.update(status="no_data", no_pace="incomplete_rates", rate_years=tuple(years))
        return rec  # a missing year cannot be skipped in a chained change
    cut = evidence.last_break(break_years, first, years[-1])
    if cut is not None:
        rec.update(status="no_data", no_pace="break", no_pace_year=cut)
        return rec
    changes = pts["value"].astype(float).tolist()
    period = target_year - base_year
    total = float(r["target_value"])
    so_far = kinds.cumulative_so_far(changes[:period])
    actual = kinds.annual_reduction(so_far, len(changes[:period])) if so_far < 100 else float("nan")
    required = kinds.annual_reduction(total, period)
    rec.update(
        cumulative_so_far=so_far,
        actual_rate=actual,
        required_rate=required,
        rates=tuple(changes),
        rate_years=tuple(years),
        rate_source="chained",
        margin=so_far - total,
        latest_value=float(changes[-1]),
    )
    if len(changes) >= period:
        if "estimate" in set(pts["vintage"]):
            return _pending(rec, "achieved" if so_far >= total - 1e-9 else "missed", "estimate")
        _decide(rec, "achieved" if so_far >= total - 1e-9 else "missed")
        return rec
    if as_of >= target_year:
        return _pending(rec, "", "final_missing")
    remaining = kinds.remaining_reduction(total, so_far, period - len(changes))
    rec["remaining_rate"] = remaining
    past = [(int(y), -float(v)) for y, v in zip(history["year"], history["value"], strict=True)]
    since = evidence.last_break(break_years, -1, as_of)
    past = [(y, v) for y, v in past if since is None or y >= since]
    reach = evidence.reachability(remaining, "higher", past)
    _reach_columns(rec, reach)
    if method == "eurostat":
        rec["ratio"] = actual / required if required else float("nan")
        lean = eurostat_status(rec["ratio"])
    else:
        weights = np.arange(1, len(changes) + 1, dtype=float)
        trend = float(np.average(changes, weights=weights))
        projected = kinds.cumulative_so_far(changes + [trend] * (period - len(changes)))
        rec.update(ratio=projected / total, projected_value=projected, trend_rate=-trend)
        lean = escap_status(rec["ratio"])
    _decide(rec, lean, reach)
    return rec

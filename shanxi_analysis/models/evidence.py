"""What a verdict rests on: the pace unit of an indicator, its observations' evidence, and its
own history of paces (for reachability).  One implementation, used by the assessment, the
scenarios, the forecasts' and the briefings' wording.

Pace units, by what the indicator measures (``pace_kind``):

* ``rate``   - an average-growth target (">8 % a year"): the annual growth rates themselves, %;
* ``pp``     - shares and rates in %: percentage points a year;
* ``units``  - counts (enterprises, laboratories, universities) and per-population ratios
  (physicians per 1,000): units a year, linear; a count moves in whole units (``is_discrete``);
* ``years``  - durations (life expectancy, years of schooling): years a year, linear;
* ``growth`` - money and volume levels (亿元, 万吨, 亿吨标准煤): % a year, compound.

Minimum evidence (the tracker's own rule, documented in ``docs/verdicts.md``): a verdict is firm
when it rests on at least ``MIN_OBSERVATIONS`` observations inside the plan period after the pace
base (three data points with the base: one observation is not a trend), the latest is at most
``MAX_DATA_AGE`` years older than the as-of year, and not every value is an ``estimate`` (a value
stated before its period ended is never an outcome).  Otherwise the verdict is ``provisional``:
shown with what the pace suggests (its ``lean``), apart from firm verdicts, and never counted as
on track in a headline.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from ..data import units
from .growth import GrowthError, cagr

MIN_OBSERVATIONS = 2
MAX_DATA_AGE = 2
# a target that needs a pace beyond the best of this many past paces is out of reach.  Calibrated
# on the tracker's own calls over 2021-2024 (models.hindsight; docs/verdicts.md, "Reachability"):
# with 3 the rule called urbanization out of reach as of 2022 on three paces (best 1.105 pp against
# 1.35 needed) and 2024 then recorded 1.35; with 4 every call of 2021-2024 stands.
MIN_HISTORY_FOR_REACH = 4

# the pace kinds and the unit code of each (its words: the catalogue's pace.*)
PACE_UNITS = {
    "rate": "pct",
    "pp": "pp_per_year",
    "units": "units_per_year",
    "years": "years_per_year",
    "growth": "pct_per_year",
}

# a value observed at a date inside its year ("end-September 2025") is not the year's value
_PARTIAL = re.compile(
    r"\b(?:end-|as of end-|stated for end-)(January|February|March|April|May|June|July|August|September|October|"
    r"November)\b|not year-end"
)


def pace_kind(row) -> str:
    """How the pace of an indicator is measured (see the module doc; what its unit measures is the
    unit registry's, :mod:`..data.units`)."""
    if row["target_kind"] == "avg_growth":
        return "rate"
    if units.is_share(row["unit"]) or row["basis"] in ("share_pct", "reduction_pct"):
        return "pp"
    if units.is_years(row["unit"]):
        return "years"
    if row["basis"] == "count" or units.is_whole_count(row["unit"]):
        return "units"
    return "growth"


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


def is_discrete(row) -> bool:
    """Counted in whole units (laboratories, universities, A-class disciplines)."""
    return row["basis"] == "count"


def pace(kind: str, start: float, start_year: int, end: float, end_year: int) -> float:
    """The pace between two observations, in the kind's unit (NaN where undefined: a compound
    rate from a zero or negative level)."""
    years = int(end_year) - int(start_year)
    if years <= 0 or not (math.isfinite(start) and math.isfinite(end)):
        return float("nan")
    if kind == "growth":
        try:
            return cagr(start, end, years)
        except GrowthError:
            return float("nan")
    return (end - start) / years


def last_break(break_years, after: int, until: int) -> int | None:
    """The latest basis break in (``after``, ``until``] (``data/raw/basis_breaks.csv``: from that year
    on the series is on a new basis), or None.  The one rule for every pace, trend, scenario start
    and forecast: nothing is measured across a break, so what spans one starts again from it."""
    inside = [int(y) for y in break_years if int(after) < int(y) <= int(until)]
    return max(inside) if inside else None


def partial_year(note: str) -> bool:
    """The value was observed inside its year (its note gives the date), not at year end."""
    return bool(_PARTIAL.search(note or ""))


def history_paces(kind: str, years, values, break_years=()) -> list[tuple[int, float]]:
    """The indicator's own past paces, ``(end year, pace)``: for ``rate`` the annual rates
    themselves; otherwise the pace between consecutive observations, never across a basis break."""
    years = [int(y) for y in years]
    values = [float(v) for v in values]
    if kind == "rate":
        return [(y, v) for y, v in zip(years, values, strict=True) if math.isfinite(v)]
    out = []
    for (ya, a), (yb, b) in zip(zip(years, values, strict=True), zip(years[1:], values[1:], strict=True), strict=False):
        if last_break(break_years, ya, yb) is not None:
            continue
        p = pace(kind, a, ya, b, yb)
        if math.isfinite(p):
            out.append((yb, p))
    return out


@dataclass(frozen=True)
class Reach:
    """A needed pace against the indicator's own history of paces.

    ``code`` is the verdict on it (:data:`REACH_CODES`): ``never_reached`` when the need lies beyond
    the best pace ever recorded by more than ``margin`` (out of reach: the target is very likely
    missed), ``within_worst`` when even the worst pace ever recorded meets it (very likely met),
    ``reachable`` in between, '' when the history is too short to judge (fewer than
    :data:`MIN_HISTORY_FOR_REACH` paces) or nothing is needed."""

    needed: float
    best: float
    best_year: int | None
    recent: float
    n: int
    since: int | None
    worst: float = float("nan")
    worst_year: int | None = None
    spread: float = float("nan")  # the sample standard deviation of the past paces
    higher: bool = True

    @property
    def judged(self) -> bool:
        return self.n >= MIN_HISTORY_FOR_REACH and math.isfinite(self.needed)

    @property
    def margin(self) -> float:
        """How far beyond the best pace a need must lie to be out of reach (:data:`REACH_MARGIN_SD`
        standard deviations of the past paces)."""
        return REACH_MARGIN_SD * self.spread if math.isfinite(self.spread) else 0.0

    @property
    def never_reached(self) -> bool:
        """The need lies beyond the best pace ever recorded (by any amount)."""
        return _beyond(self.needed, self.best, self.higher)

    @property
    def code(self) -> str:
        if not self.judged:
            return ""
        sign = 1.0 if self.higher else -1.0
        if _beyond(self.needed, self.best + sign * self.margin, self.higher):
            return "never_reached"
        if math.isfinite(self.worst) and not _beyond(self.needed, self.worst, self.higher):
            return "within_worst"
        return "reachable"


# what a need against the history says (Reach.code)
REACH_CODES = ("never_reached", "reachable", "within_worst")
# A margin beyond the best pace, in standard deviations of the past paces, before a need counts as
# out of reach.  0: "never recorded" is the rule (the team's standard).  The hindsight record
# (models.hindsight) shows what 0.5 and 1 would have done: 1 drops a right call (GDP as of 2023,
# missed); the calibration is the history's length instead (MIN_HISTORY_FOR_REACH).
REACH_MARGIN_SD = 0.0


def _beyond(needed: float, bound: float, higher: bool) -> bool:
    eps = 1e-9
    if not (math.isfinite(needed) and math.isfinite(bound)):
        return False
    return needed > bound + eps if higher else needed < bound - eps


def reachability(needed: float, direction: str, paces: list[tuple[int, float]], since: int | None = None) -> Reach:
    """``needed`` against the indicator's own past paces (direction-aware: for a lower-is-better
    indicator the best pace is the steepest fall).  ``since``: the first year of the history
    (default: the year of the first pace)."""
    higher = direction == "higher"
    if not paces:
        return Reach(needed, float("nan"), None, float("nan"), 0, None, higher=higher)
    values = np.array([p for _, p in paces], float)
    i = int(np.argmax(values) if higher else np.argmin(values))
    j = int(np.argmin(values) if higher else np.argmax(values))
    spread = float(np.std(values, ddof=1)) if values.size >= 2 else float("nan")
    return Reach(
        needed,
        float(values[i]),
        paces[i][0],
        float(values[-3:].mean()),
        len(paces),
        paces[0][0] if since is None else int(since),
        float(values[j]),
        paces[j][0],
        spread,
        higher,
    )


@dataclass(frozen=True)
class Evidence:
    """The observations a verdict rests on."""

    n_obs: int
    first_year: int | None
    latest_year: int | None
    data_age: int | None
    vintages: tuple[str, ...]
    estimate_only: bool

    @property
    def grade(self) -> str:
        """``firm``, ``provisional`` or ``none`` (see the module doc)."""
        if self.n_obs == 0:
            return "none"
        if (
            self.n_obs >= MIN_OBSERVATIONS
            and self.data_age is not None
            and self.data_age <= MAX_DATA_AGE
            and not self.estimate_only
        ):
            return "firm"
        return "provisional"

    def columns(self) -> dict:
        return {
            "n_obs": self.n_obs,
            "first_year": self.first_year,
            "latest_year": self.latest_year,
            "data_age": self.data_age,
            "vintages": ", ".join(self.vintages),
            "evidence": self.grade,
        }


def evidence_of(points, as_of: int) -> Evidence:
    """Evidence of the in-period observations ``points`` (a frame with year, vintage)."""
    if points is None or len(points) == 0:
        return Evidence(0, None, None, None, (), False)
    years = [int(y) for y in points["year"]]
    vintages = tuple(sorted(set(points["vintage"])))
    return Evidence(len(points), min(years), max(years), int(as_of) - max(years), vintages, vintages == ("estimate",))

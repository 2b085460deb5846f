"""What-if scenarios: assumed annual steps for the remaining years, the path they imply, the
value at the target year, met or missed, and the required path.

A step is, by indicator:
* ``growth`` - annual growth in percent, for levels and counts (``value *= 1 + g/100``);
* ``pp``     - change in percentage points a year, for shares and rates in % (``value += d``);
* ``rate``   - the year's growth rate itself, for average-growth targets (">8 % a year"): the
               value at the target year is the chained average over the plan period, observed
               years included.

Presets (each derived from the data, nothing typed in):
* ``baseline``    - the recent trend: the mean step over the last (up to) three observed years;
* ``optimistic`` / ``pessimistic`` - the baseline plus / minus one standard deviation of the
                    observed steps (half the baseline's size when fewer than two steps exist);
* ``required``    - the constant step that reaches the target exactly.

The core is vectorised over indicators x years (numpy), so a whole scenario for every indicator
takes about a millisecond; ``bench/`` measures it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.errors import ShanxiError, unknown_choice
from .growth import approx_tolerance

PRESETS = ("baseline", "optimistic", "pessimistic", "required")
STEP_UNITS = {"growth": "% a year", "pp": "pp a year", "rate": "% (annual growth)"}


@dataclass
class Scenario:
    """A named set of assumed steps: ``steps[no] = {year: step}`` for the remaining years."""

    name: str
    steps: dict[str, dict[int, float]] = field(default_factory=dict)


def meets_array(values, targets, comparators, directions, tolerances, highs) -> np.ndarray:
    """Vectorised :func:`shanxi_analysis.growth.meets_target` (NaN values never meet)."""
    v, t = np.asarray(values, float), np.asarray(targets, float)
    comp, dirn = np.asarray(comparators, object), np.asarray(directions, object)
    tol, high = np.asarray(tolerances, float), np.asarray(highs, float)
    higher = dirn == "higher"
    eps = 1e-9
    plain = np.where(higher, v >= t - eps, v <= t + eps)
    approx = np.where(higher, v >= t - tol - eps, v <= t + tol + eps)
    out = np.select(
        [(comp == ">") | (comp == ">="), (comp == "<") | (comp == "<="), comp == "~", comp == "range"],
        [v >= t - eps, v <= t + eps, approx, (v >= t - eps) & (v <= high + eps)],
        default=plain,
    )
    return out & np.isfinite(v)


def project(start, start_year, modes, steps, years, log_observed=None, n_period=None):
    """Paths for many indicators at once.

    ``steps`` is (k, len(years)); only years after each row's ``start_year`` apply.  Returns
    ``(paths, final)``: the (k, len(years)) path (levels; for ``rate`` rows the annual rates
    themselves) and the value at the last year (for ``rate`` rows the chained average over the
    plan period, observed years included).
    """
    start = np.asarray(start, float)[:, None]
    modes = np.asarray(modes, object)[:, None]
    years = np.asarray(years)[None, :]
    active = years > np.asarray(start_year)[:, None]
    s = np.where(active, np.asarray(steps, float), 0.0)
    growth_path = start * np.cumprod(1 + s / 100.0, axis=1)
    pp_path = start + np.cumsum(s, axis=1)
    rate_path = np.where(active, s, np.nan)
    paths = np.where(modes == "growth", growth_path, np.where(modes == "pp", pp_path, rate_path))
    if log_observed is None:
        log_observed = np.zeros(start.shape[0])
    if n_period is None:
        n_period = np.full(start.shape[0], years.shape[1])
    logs = np.asarray(log_observed, float) + np.log1p(s / 100.0).sum(axis=1)
    average = (np.exp(logs / np.asarray(n_period, float)) - 1) * 100.0
    final = np.where(modes[:, 0] == "rate", average, paths[:, -1])
    return paths, final


class ScenarioModel:
    """The inputs of every scenario for ``plan`` as of a year; :meth:`run` evaluates a scenario."""

    def __init__(self, plan: int | None = None, as_of: int | None = None, data_dir=None):
        from .assess import Assessment
        from ..data.links import load_breaks, load_links
        from ..data.observed import load_observed
        from ..data.plans import get_plan, load_targets

        self.assessment = Assessment(plan, as_of, "eurostat", data_dir=data_dir)
        self.as_of = self.assessment.as_of
        p = get_plan(plan, data_dir=data_dir)
        self.plan, self.base_year, self.target_year = p.plan, p.base_year, p.target_year
        targets = load_targets(plan, data_dir=data_dir)
        links = load_links(plan, data_dir)
        annual = links[links["role"] == "annual"]
        obs = load_observed(list(annual["series_id"].unique()) or None, data_dir=data_dir, as_of=self.as_of)
        breaks = load_breaks(data_dir)
        breaks = breaks[breaks["region"] == "shanxi"]
        rows = []
        for _, r in targets.iterrows():
            if pd.isna(r["target_value"]) or r["target_kind"] in ("national_assessment", "cumulative"):
                continue
            sids = annual[annual["no"] == r["no"]]["series_id"].tolist()
            pts = obs[(obs["series_id"].isin(sids[:1])) & (obs["year"] > (r["base_year"] if pd.notna(r["base_year"]) else p.base_year))]
            pts = pts.sort_values("year")
            rows.append(_inputs_row(r, pts, p.base_year, breaks))
        self.inputs = pd.DataFrame([x for x in rows if x is not None]).reset_index(drop=True)
        # calendar years a step can apply to: from the earliest start (a base marked ** is 2018)
        first = min(int(self.inputs["start_year"].min()), p.base_year) + 1
        self.years = np.arange(first, p.target_year + 1)
        self._index = {no: i for i, no in enumerate(self.inputs["no"])}

    # -- scenarios ---------------------------------------------------------------------------
    def indicators(self) -> list[str]:
        return list(self.inputs["no"])

    def row(self, no: str) -> pd.Series:
        if str(no) not in self._index:
            raise unknown_choice("indicator", no, self.indicators())
        return self.inputs.iloc[self._index[str(no)]]

    def remaining_years(self, no: str) -> list[int]:
        r = self.row(no)
        return [int(y) for y in self.years if y > r["start_year"]]

    def preset(self, name: str) -> Scenario:
        if name not in PRESETS:
            raise unknown_choice("scenario", name, PRESETS)
        column = {"baseline": "baseline_step", "required": "required_step"}.get(name)
        steps = {}
        for _, r in self.inputs.iterrows():
            if column:
                value = r[column]
            else:
                sign = 1 if (name == "optimistic") == (r["direction"] == "higher" or r["mode"] == "rate") else -1
                value = r["baseline_step"] + sign * r["spread"]
            if math.isfinite(value):
                steps[r["no"]] = {int(y): float(value) for y in self.years if y > r["start_year"]}
        return Scenario(name, steps)

    def custom(self, name: str, no: str, steps: list[float]) -> Scenario:
        """A scenario for one indicator from a list of steps for its remaining years."""
        years = self.remaining_years(no)
        if len(steps) != len(years):
            raise ShanxiError(f"indicator {no} has {len(years)} remaining years ({', '.join(map(str, years))}); got {len(steps)} steps")
        return Scenario(name, {str(no): dict(zip(years, map(float, steps)))})

    def step_matrix(self, scenario: Scenario) -> np.ndarray:
        m = np.full((len(self.inputs), self.years.size), np.nan)
        for no, by_year in scenario.steps.items():
            i = self._index.get(str(no))
            if i is None:
                raise unknown_choice("indicator", no, self.indicators())
            for year, value in by_year.items():
                m[i, int(year) - int(self.years[0])] = value
        return m

    def run(self, scenario: Scenario) -> ScenarioResults:
        """Evaluate ``scenario`` for the indicators it sets (all of them for a preset)."""
        steps = self.step_matrix(scenario)
        x = self.inputs
        paths, final = project(x["start_value"], x["start_year"], x["mode"], np.nan_to_num(steps), self.years,
                               x["log_observed"], x["n_period"])
        req, _ = project(x["start_value"], x["start_year"], x["mode"],
                         np.repeat(x["required_step"].to_numpy(float)[:, None], self.years.size, axis=1), self.years,
                         x["log_observed"], x["n_period"])
        active = self.years[None, :] > x["start_year"].to_numpy()[:, None]
        set_rows = ~np.all(np.isnan(steps) | ~active, axis=1)
        missing = np.isnan(steps) & active
        final = np.where(set_rows & ~missing.any(axis=1), final, np.nan)
        met = meets_array(final, x["target_value"], x["comparator"], x["direction"], x["tolerance"], x["target_high"])
        gap = np.where(x["direction"] == "higher", final - x["target_value"], x["target_value"] - final)
        table = x[["no", "name_zh", "name_en", "unit", "mode", "start_year", "start_value", "target_value", "target_text", "direction"]].copy()
        table["step_unit"] = table["mode"].map(STEP_UNITS)
        table["value_at_target"] = final
        table["met"] = np.where(np.isfinite(final), met, None)
        table["gap"] = gap
        table["required_step"] = x["required_step"]
        table["scenario"] = scenario.name
        table = table[set_rows].reset_index(drop=True)
        return ScenarioResults(scenario, table, self.years, paths[set_rows], req[set_rows], x[set_rows].reset_index(drop=True))


@dataclass
class ScenarioResults:
    scenario: Scenario
    table: pd.DataFrame
    years: np.ndarray
    paths: np.ndarray
    required_paths: np.ndarray
    inputs: pd.DataFrame

    def path(self, no: str) -> pd.DataFrame:
        """Long table for one indicator: observed points, the scenario path and the required path.

        For an average-growth target the values are annual growth rates (the chained average is
        ``table.value_at_target``); otherwise levels, starting from the latest observation.
        """
        hit = np.flatnonzero(self.table["no"].to_numpy() == str(no))
        if hit.size == 0:
            raise unknown_choice("indicator", no, list(self.table["no"]))
        i = hit[0]
        r = self.inputs.iloc[i]
        keep = self.years > r["start_year"]
        rows = [{"year": int(y), "value": float(v), "series": "observed"} for y, v in r["observed"]]
        for name, path in (("scenario", self.paths[i]), ("required", self.required_paths[i])):
            if r["mode"] != "rate":  # level paths start from the latest observation
                rows.append({"year": int(r["start_year"]), "value": float(r["start_value"]), "series": name})
            rows += [{"year": int(y), "value": float(v), "series": name} for y, v in zip(self.years[keep], path[keep])]
        return pd.DataFrame(rows)


def _inputs_row(r, pts: pd.DataFrame, plan_base_year: int, breaks: pd.DataFrame | None = None) -> dict | None:
    """Start point, recent trend and required step of one indicator."""
    kind = r["target_kind"]
    target_year = int(r["target_year"])
    base_year = int(r["base_year"]) if pd.notna(r["base_year"]) else plan_base_year
    target = float(r["target_value"])
    record = {
        "no": r["no"], "name_zh": r["name_zh"], "name_en": r["name_en"], "unit": r["unit"],
        "target_value": target, "target_high": float(r["target_high"]) if pd.notna(r["target_high"]) else np.nan,
        "comparator": r["comparator"], "direction": r["direction"],
        "target_text": r["target_text"] if r["target_text"] != "-" else r["target_rate_text"],
    }
    if kind == "avg_growth":
        rates = pts[(pts["year"] > plan_base_year) & (pts["year"] <= target_year)]
        years = rates["year"].astype(int).tolist()
        if years != list(range(plan_base_year + 1, plan_base_year + 1 + len(years))):
            rates = rates.iloc[0:0]  # an in-period gap: start from the base
        values = rates["value"].astype(float).to_numpy()
        start_year = int(rates["year"].iloc[-1]) if len(rates) else plan_base_year
        n_period = target_year - plan_base_year
        remaining = target_year - start_year
        log_obs = float(np.log1p(values / 100).sum())
        required = (math.exp((n_period * math.log1p(target / 100) - log_obs) / remaining) - 1) * 100 if remaining > 0 else np.nan
        recent = values[-3:]
        if len(recent):
            baseline = float(recent.mean())
        elif pd.notna(r["base_value"]):
            baseline = float(r["base_value"])  # the base year's own growth rate
        else:
            baseline = np.nan
        spread = float(values.std(ddof=1)) if values.size >= 2 else abs(baseline) / 2
        record.update(mode="rate", start_year=start_year, start_value=chained(values) if values.size else np.nan,
                      log_observed=log_obs, n_period=n_period, baseline_step=baseline, spread=spread,
                      required_step=required, tolerance=approx_tolerance(target, "%"),
                      observed=list(zip(years[: len(values)], values)))
        return record
    if pd.isna(r["base_value"]) and pts.empty:
        return None
    pp = r["unit"] == "%" or r["basis"] == "share_pct" or (pd.notna(r["base_value"]) and r["base_value"] <= 0)
    series_years = [base_year] + pts["year"].astype(int).tolist() if pd.notna(r["base_value"]) else pts["year"].astype(int).tolist()
    series_values = ([float(r["base_value"])] if pd.notna(r["base_value"]) else []) + pts["value"].astype(float).tolist()
    if breaks is not None and len(pts):
        # no step is measured across a basis break: keep the points on the latest basis
        brk = breaks[(breaks["series_id"] == pts["series_id"].iloc[0]) & (breaks["first_year"] > series_years[0]) & (breaks["first_year"] <= series_years[-1])]
        if len(brk):
            first = int(brk["first_year"].max())
            keep = [i for i, y in enumerate(series_years) if y >= first]
            series_years, series_values = [series_years[i] for i in keep], [series_values[i] for i in keep]
    start_year, start = series_years[-1], series_values[-1]
    remaining = target_year - start_year
    if pp:
        required = (target - start) / remaining if remaining > 0 else np.nan
        steps = [(b - a) / (yb - ya) for (ya, a), (yb, b) in zip(zip(series_years, series_values), zip(series_years[1:], series_values[1:]))]
    else:
        required = ((target / start) ** (1 / remaining) - 1) * 100 if remaining > 0 and start > 0 else np.nan
        steps = [((b / a) ** (1 / (yb - ya)) - 1) * 100 for (ya, a), (yb, b) in zip(zip(series_years, series_values), zip(series_years[1:], series_values[1:])) if a > 0]
    recent = np.array(steps[-3:], float)
    baseline = float(recent.mean()) if recent.size else np.nan
    spread = float(np.std(steps, ddof=1)) if len(steps) >= 2 else abs(baseline) / 2
    record.update(mode="pp" if pp else "growth", start_year=start_year, start_value=start, log_observed=0.0,
                  n_period=1, baseline_step=baseline, spread=spread, required_step=required,
                  tolerance=approx_tolerance(target, r["unit"]),
                  observed=list(zip(series_years, series_values)))
    return record


def chained(values) -> float:
    v = np.asarray(values, float)
    return float((np.prod(1 + v / 100) ** (1 / v.size) - 1) * 100)

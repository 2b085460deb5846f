"""What-if scenarios: assumed annual steps for the remaining years, the path they imply, the
value at the target year, met or missed, and the required path.

A step is, by what the indicator measures (:mod:`.evidence`, one rule for every module):
* ``growth`` - annual growth in percent, for money and volume levels (``value *= 1 + g/100``);
* ``add``    - a change a year in the indicator's own unit: percentage points for shares, units
               for counts (whole units: a count path is rounded down), years for durations;
* ``rate``   - the year's growth rate itself, for average-growth targets (">8 % a year"): the
               value at the target year is the chained average over the plan period, observed
               years included.

One truth with the tracker: the scenario starts from the assessment (:class:`.assess.Assessment`)
as of the same year.  A period the tracker has closed (achieved / missed) has no remaining year and
keeps its verdict under every preset; a target year already over without final data (pending) has
no scenario verdict; an indicator without observations gets no baseline and no preset verdict
(a path the user sets is an assumption, flagged ``assumption_only``).

Presets (each derived from the data, nothing typed in; the rule is ``PRESET_RULE``), for an
indicator whose tracker verdict rests on firm evidence (the tracker's minimum-evidence rule: a
provisional row gets no trend preset, as the tracker claims none; its required path is shown):
* ``baseline``    - the recent trend: the mean of the last (up to) three comparable steps of the
                    indicator's own history (at least ``MIN_STEPS`` steps, never one);
* ``optimistic`` / ``pessimistic`` - the baseline plus / minus one sample standard deviation of
                    all its comparable steps (at least ``MIN_STEPS_SPREAD`` steps; else none); the
                    optimistic step is capped at the best step ever observed, so a target the tracker
                    calls out of reach is not "met" by an optimism the history never showed;
* ``required``    - the constant step that reaches the target exactly (the tracker's rate); at a
                    strict target (">8") that is its bound, which the strict rule calls missed:
                    the results flag it (``at_bound``) and the readout says a strict target needs
                    more than this (docs/verdicts.md, "Scenarios").

The core is vectorised over indicators x years (numpy), so a whole scenario for every indicator
takes about a millisecond; ``bench/`` measures it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.errors import ShanxiError, unknown_choice
from ..data.citations import weakest
from . import evidence
from .growth import approx_tolerance, at_strict_bound, chained_average, meets, required_remaining_average
from .status import status as status_of

PRESETS = ("baseline", "optimistic", "pessimistic", "required")
MIN_STEPS = 2  # a trend needs at least two comparable steps
MIN_STEPS_SPREAD = 3  # a spread needs at least three
PRESET_RULE = (
    "baseline: mean of the last three comparable steps (at least 2); optimistic / pessimistic: "
    "baseline +/- one sample standard deviation of all comparable steps (at least 3), the optimistic "
    "step capped at the best step ever observed; no preset for an indicator without observations "
    "in the period, with a provisional tracker verdict, or a closed period"
)
MODES = {"rate": "rate", "growth": "growth", "pp": "add", "units": "add", "years": "add"}


@dataclass
class Scenario:
    """A named set of assumed steps: ``steps[no] = {year: step}`` for the remaining years."""

    name: str
    steps: dict[str, dict[int, float]] = field(default_factory=dict)


def project(start, start_year, modes, steps, years, prior=None, base_year=None):
    """Paths for many indicators at once.

    ``steps`` is (k, len(years)); only years after each row's ``start_year`` apply.  Returns
    ``(paths, final)``: the (k, len(years)) path (levels; for ``rate`` rows the annual rates
    themselves) and the value at the last year: for ``rate`` rows the chained average of the plan
    period's rates (the years after ``base_year``), the observed ones (``prior``: (k, len(years)),
    each row's observed annual rates at their years, NaN elsewhere) followed by the assumed ones.
    """
    start = np.asarray(start, float)[:, None]
    modes = np.asarray(modes, object)[:, None]
    grid = np.asarray(years)
    active = grid[None, :] > np.asarray(start_year)[:, None]
    s = np.where(active, np.asarray(steps, float), 0.0)
    growth_path = start * np.cumprod(1 + s / 100.0, axis=1)
    pp_path = start + np.cumsum(s, axis=1)
    rate_path = np.where(active, s, np.nan)
    paths = np.where(modes == "growth", growth_path, np.where(modes == "add", pp_path, rate_path))
    final = paths[:, -1].copy()
    rate = modes[:, 0] == "rate"
    if rate.any():
        prior = np.full(s.shape, np.nan) if prior is None else np.asarray(prior, float)
        period = np.where(active, s, prior)[:, grid > (grid[0] - 1 if base_year is None else base_year)]
        complete = rate & np.all(np.isfinite(period), axis=1)  # a year without a rate: no average
        final[rate] = np.nan
        if complete.any():
            final[complete] = chained_average(period[complete], axis=1)
    return paths, final


class ScenarioModel:
    """The inputs of every scenario for ``plan`` as of a year; :meth:`run` evaluates a scenario."""

    def __init__(
        self,
        plan: str | int | None = None,
        as_of: int | None = None,
        data_dir=None,
        region: str | None = None,
        results=None,
    ):
        """``results``: the tracker's fitted assessment (:class:`.assess.AssessmentResults`) of the
        same plan and year, when the caller has it (a dashboard showing its verdicts): the
        scenarios then start from that very state instead of fitting it again."""
        from ..data.links import load_breaks, load_links
        from ..data.observed import load_observed
        from ..data.plans import get_plan, load_targets
        from .assess import NOT_A_LEVEL_KINDS, Assessment

        self.assessment = Assessment(plan, as_of, "eurostat", region, data_dir=data_dir)
        if results is not None and (results.plan, results.as_of, results.method) != (
            self.assessment.plan,
            self.assessment.as_of,
            self.assessment.method,
        ):
            raise ShanxiError(
                f"the assessment given (plan {results.plan}, as of {results.as_of}, {results.method}) is not this "
                f"scenario's (plan {self.assessment.plan}, as of {self.assessment.as_of}, {self.assessment.method})"
            )
        self.results = results if results is not None else self.assessment.fit()
        self.state = self.results.table.set_index("no")  # the one assessment state
        self.as_of = self.assessment.as_of
        p = get_plan(self.assessment.plan, data_dir=data_dir)
        if p.assessed_by != "observed":
            raise ShanxiError(
                f"plan {p.id} is judged on its printed outcomes; scenarios need a plan assessed from observed data",
                code="outcome_plan",
                plan=p.id,
            )
        self.plan, self.base_year, self.target_year = p.id, p.base_year, p.target_year
        targets = load_targets(p, data_dir=data_dir)
        links = load_links(p, data_dir)
        annual = links[links["role"] == "annual"]
        obs = load_observed(
            list(annual["series_id"].unique()) or None, region=p.region, data_dir=data_dir, as_of=self.as_of
        )
        breaks = load_breaks(data_dir)
        breaks = breaks[breaks["region"] == p.region]
        rows = []
        for _, r in targets.iterrows():
            # no number to project to, or one that is no level (a five-year change): no scenario
            if pd.isna(r["target_value"]) or r["target_kind"] in ("national_assessment", *NOT_A_LEVEL_KINDS):
                continue
            sids = annual[annual["no"] == r["no"]]["series_id"].tolist()
            history = obs[obs["series_id"].isin(sids[:1])].sort_values("year")
            brk = tuple(int(y) for y in breaks[breaks["series_id"].isin(sids[:1])]["first_year"])
            rows.append(_inputs_row(r, self.state.loc[r["no"]], history, p.base_year, brk))
        self.inputs = pd.DataFrame([x for x in rows if x is not None]).reset_index(drop=True)
        if self.inputs.empty:
            raise ShanxiError(
                f"plan {p.id} has no indicator with a numeric target a scenario can project",
                code="nothing_to_project",
                plan=p.id,
            )
        # calendar years a step can apply to: from the earliest start (a base marked ** is 2018)
        first = min(int(self.inputs["start_year"].min()), p.base_year) + 1
        self.years = np.arange(first, p.target_year + 1)
        self._index = {no: i for i, no in enumerate(self.inputs["no"])}
        # the observed annual rates of the average-growth rows, at their years (chained with the
        # assumed ones into the period average)
        self.prior = np.full((len(self.inputs), self.years.size), np.nan)
        for i, r in self.inputs.iterrows():
            if r["mode"] == "rate":
                for year, value in r["observed"]:
                    self.prior[i, int(year) - int(self.years[0])] = value

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

    def start_state(self, no: str) -> str:
        """How a what-if app starts this indicator (a code; the presentation layer words it):

        * ``closed``  - the tracker has closed the period: nothing is left to assume;
        * ``no_data`` - no observation after the plan's base year: nothing is preset, and a path
                        the user sets is an assumption (``assumption_only``), never a finding;
        * ``thin_evidence`` - observed, but the tracker's verdict is provisional (below its
                        minimum-evidence rule): nothing is preset, as the tracker claims no trend;
        * ``no_trend`` - observed, but too few comparable steps for a trend: nothing is preset;
        * ``trend``   - the baseline preset (the recent trend) is the starting path.
        """
        r = self.row(no)
        if r["closed"]:
            return "closed"
        if not r["has_data"]:
            return "no_data"
        if not r["firm"]:
            return "thin_evidence"
        return "trend" if math.isfinite(r["baseline_step"]) else "no_trend"

    def no_preset_reason(self, name: str, no: str) -> str | None:
        """Why preset ``name`` sets no step for indicator ``no`` (a code), or None when it does:
        ``closed``, ``no_data``, ``thin_evidence`` (the tracker's verdict is provisional: no trend
        preset), ``no_trend`` (fewer than MIN_STEPS comparable steps), ``no_spread`` (fewer than
        MIN_STEPS_SPREAD) or ``undefined`` (the required step cannot be computed)."""
        if str(no) in self.preset(name).steps:
            return None
        r = self.row(no)
        if r["closed"]:
            return "closed"
        if not r["has_data"]:
            return "no_data"
        if name != "required" and not r["firm"]:
            return "thin_evidence"
        if name in ("optimistic", "pessimistic") and math.isfinite(r["baseline_step"]):
            return "no_spread"
        if name != "required":
            return "no_trend"
        return "undefined"

    def preset(self, name: str) -> Scenario:
        if name not in PRESETS:
            raise unknown_choice("scenario", name, PRESETS)
        column = {"baseline": "baseline_step", "required": "required_step"}.get(name)
        steps = {}
        for _, r in self.inputs.iterrows():
            if r["closed"] or not r["has_data"]:
                continue  # nothing left to assume, or nothing observed to start from
            if name != "required" and not r["firm"]:
                continue  # the tracker's evidence rule: a provisional row has no trend to preset
            if column:
                value = r[column]
            else:
                better_up = r["direction"] == "higher" or r["mode"] == "rate"
                sign = 1 if (name == "optimistic") == better_up else -1
                value = r["baseline_step"] + sign * r["spread"]
                if name == "optimistic" and math.isfinite(r["best_step"]):
                    # never more optimistic than the best pace the indicator has ever shown
                    value = min(value, r["best_step"]) if better_up else max(value, r["best_step"])
            if math.isfinite(value):
                steps[r["no"]] = {int(y): float(value) for y in self.years if y > r["start_year"]}
        return Scenario(name, steps)

    def custom(self, name: str, no: str, steps: list[float]) -> Scenario:
        """A scenario for one indicator from a list of steps for its remaining years."""
        years = self.remaining_years(no)
        if len(steps) != len(years):
            raise ShanxiError(
                f"indicator {no} has {len(years)} remaining years ({', '.join(map(str, years))}); got {len(steps)} "
                "steps",
                code="steps_count",
                no=no,
                n=len(years),
                years=", ".join(map(str, years)),
                got=len(steps),
            )
        return Scenario(name, {str(no): dict(zip(years, map(float, steps), strict=True))})

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
        """Evaluate ``scenario`` for the indicators it sets (all of them for a preset: closed
        periods included, with the tracker's verdict)."""
        steps = self.step_matrix(scenario)
        x = self.inputs
        paths, final = project(
            x["start_value"], x["start_year"], x["mode"], np.nan_to_num(steps), self.years, self.prior, self.base_year
        )
        req, _ = project(
            x["start_value"],
            x["start_year"],
            x["mode"],
            np.repeat(x["required_step"].to_numpy(float)[:, None], self.years.size, axis=1),
            self.years,
        )
        discrete = x["discrete"].to_numpy(bool)[:, None] & (x["mode"].to_numpy(object)[:, None] == "add")
        paths = np.where(discrete, np.floor(paths + 1e-9), paths)  # a count moves in whole units
        req = np.where(discrete, np.floor(req + 1e-9), req)
        final = np.where(discrete[:, 0], np.floor(final + 1e-9), final)
        active = self.years[None, :] > x["start_year"].to_numpy()[:, None]
        set_rows = ~np.all(np.isnan(steps) | ~active, axis=1)
        missing = np.isnan(steps) & active
        final = np.where(set_rows & ~missing.any(axis=1), final, np.nan)
        closed = x["closed"].to_numpy(bool)
        final = np.where(closed, x["outcome"].to_numpy(float), final)
        met = meets(final, x["target_value"], x["comparator"], x["direction"], x["tolerance"], x["target_high"])
        gap = np.where(x["direction"] == "higher", final - x["target_value"], x["target_value"] - final)
        table = x[
            [
                "no",
                "name_zh",
                "name_en",
                "unit",
                "unit_en",
                "mode",
                "pace_kind",
                "start_year",
                "start_value",
                "start_grade",
                "target_value",
                "target_text",
                "target_kind",
                "comparator",
                "target_high",
                "plan",
                "direction",
                "closed",
                "tracker_status",
            ]
        ].copy()
        table["step_unit"] = x["rate_unit"]
        table["value_at_target"] = final
        table["met"] = np.where(np.isfinite(final), met, None)
        # exactly on a strict target's bound (">8" reached at 8.00): missed, and the readout says why
        table["at_bound"] = at_strict_bound(final, x["target_value"], x["comparator"]) & ~closed
        table["gap"] = gap
        table["required_step"] = x["required_step"]
        table["assumption_only"] = ~x["has_data"].to_numpy(bool) & set_rows
        table["scenario"] = scenario.name
        keep = set_rows | (closed & (scenario.name in PRESETS))
        table = table[keep].reset_index(drop=True)
        return ScenarioResults(scenario, table, self.years, paths[keep], req[keep], x[keep].reset_index(drop=True))


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
            rows += [
                {"year": int(y), "value": float(v), "series": name}
                for y, v in zip(self.years[keep], path[keep], strict=True)
            ]
        return pd.DataFrame(rows)


def no_scenario_error(model: ScenarioModel, scenario: str, no: str | None = None) -> ShanxiError:
    """:func:`why_no_scenario` as a coded error (``no_scenario.<why>``; the command line words it
    in the reader's language): the indicator's name in both languages, its status as a code."""
    message = why_no_scenario(model, scenario, no)
    if no is None:
        return ShanxiError(message, code="no_scenario.any", scenario=scenario, year=model.as_of)
    r = model.row(no)
    why = _no_scenario_reason(r, scenario)
    return ShanxiError(
        message,
        code=f"no_scenario.{why}",
        scenario=scenario,
        no=no,
        name=(r["name_zh"], r["name_en"]),
        year=model.as_of,
        status_code=r["tracker_status"],
        n=len(model.remaining_years(no)) if why in ("no_data", "provisional") else 0,
        least=MIN_STEPS_SPREAD if why == "spread" else MIN_STEPS,
    )


def _no_scenario_reason(r, scenario: str) -> str:
    """Why an indicator has no preset: its branch of :func:`why_no_scenario`."""
    if r["closed"]:
        return "closed"
    if not r["has_data"]:
        return "no_data"
    if scenario != "required" and not r["firm"]:
        return "provisional"
    if scenario in ("optimistic", "pessimistic"):
        return "spread"
    return "trend" if scenario == "baseline" else "undefined"


def why_no_scenario(model: ScenarioModel, scenario: str, no: str | None = None) -> str:
    """Why a scenario computed nothing (for one indicator, or for any)."""
    if no is None:
        return f"scenario {scenario!r} computed nothing: no indicator has a step for it as of {model.as_of}"
    r = model.row(no)
    head = f"no {scenario} scenario for indicator {no} ({r['name_en']}) as of {model.as_of}: "
    if r["closed"]:
        return head + f"its period is closed ({r['tracker_status']}); nothing is left to assume"
    if not r["has_data"]:
        return head + (
            "it has no observations in the plan period, so no preset can be derived; "
            f"set the steps yourself with --growth ({len(model.remaining_years(no))} values)"
        )
    if scenario != "required" and not r["firm"]:
        return head + (
            "the tracker's verdict is provisional (too few or too old observations), so no trend is preset; "
            f"set the steps yourself with --growth ({len(model.remaining_years(no))} values)"
        )
    if scenario in ("optimistic", "pessimistic"):
        return head + f"a spread needs at least {MIN_STEPS_SPREAD} comparable steps in its history"
    if scenario == "baseline":
        return head + f"a trend needs at least {MIN_STEPS} comparable steps in its history"
    return head + "the required step is undefined"


def open_as_of(
    as_of: int | None = None, plan: str | int | None = None, data_dir=None, region: str | None = None
) -> int | None:
    """The latest as-of year, up to ``as_of``, that leaves at least one year of the plan to decide:
    once the target year is reached there is nothing left to assume, so a what-if page opened
    then starts from the year before (and says so)."""
    from ..data.plans import get_plan
    from .assess import Assessment

    assessment = Assessment(plan, as_of, "eurostat", region, data_dir=data_dir)
    if assessment.as_of is None:  # a plan judged on its printed outcomes: no as-of year to open
        return as_of
    target = get_plan(assessment.plan, data_dir=data_dir).target_year
    open_years = [y for y in assessment.available_years() if y <= assessment.as_of and y < target]
    # no open year with data: keep what was asked (None lets the model choose, as before)
    return max(open_years) if open_years else as_of


def _grade_of(rows: pd.DataFrame) -> str | None:
    """The weakest source grade of observations ``rows`` (pages mark a weak one beside the value)."""
    return weakest(rows["source_grade"]) if "source_grade" in rows else None


def _inputs_row(r, state, history: pd.DataFrame, plan_base_year: int, break_years=()) -> dict | None:
    """Start point, recent trend and required step of one indicator, from the assessment state
    ``state`` (its row of the tracker's table) and the series' history up to the as-of year."""
    kind = evidence.pace_kind(r)
    target_year = int(r["target_year"])
    base_year = int(r["base_year"]) if pd.notna(r["base_year"]) else plan_base_year
    target = float(r["target_value"])
    status = state["status"]
    facts = status_of(status)
    closed = facts.closed
    record = {
        "no": r["no"],
        "name_zh": r["name_zh"],
        "name_en": r["name_en"],
        "unit": r["unit"],
        "unit_en": r["unit_en"],
        "target_value": target,
        "target_high": float(r["target_high"]) if pd.notna(r["target_high"]) else np.nan,
        "comparator": r["comparator"],
        "direction": r["direction"],
        "target_kind": r["target_kind"],
        "plan": r.get("plan"),
        "target_text": r["target_text"] if r["target_text"] != "-" else r["target_rate_text"],
        "mode": MODES[kind],
        "pace_kind": kind,
        "rate_unit": evidence.PACE_UNITS[kind],
        "discrete": evidence.is_discrete(r),
        "tracker_status": status,
        "closed": closed,
        "has_data": bool(state["n_obs"]) if pd.notna(state["n_obs"]) else False,
        "firm": state["evidence"] == "firm",  # the tracker's minimum-evidence rule, for the presets too
        "outcome": np.nan,
    }
    paces = [p for _, p in evidence.history_paces(kind, history["year"], history["value"], break_years)]
    baseline = float(np.mean(paces[-3:])) if len(paces) >= MIN_STEPS else np.nan
    spread = float(np.std(paces, ddof=1)) if len(paces) >= MIN_STEPS_SPREAD else np.nan
    better_up = r["direction"] == "higher" or kind == "rate"
    record["best_step"] = (max(paces) if better_up else min(paces)) if paces else np.nan
    if kind == "rate":
        rates = history[(history["year"] > plan_base_year) & (history["year"] <= target_year)]
        years = rates["year"].astype(int).tolist()
        if years != list(range(plan_base_year + 1, plan_base_year + 1 + len(years))):
            rates = rates.iloc[0:0]  # an in-period gap: start from the base
        values = rates["value"].astype(float).to_numpy()
        start_year = int(rates["year"].iloc[-1]) if len(rates) else plan_base_year
        n_period = target_year - plan_base_year
        required = required_remaining_average(values, target, n_period) if target_year > start_year else np.nan
        if facts.outcome:
            record["outcome"] = float(state["actual_rate"])  # the tracker's outcome (a published average included)
        record.update(
            tolerance=approx_tolerance(target, "%"),
            start_year=target_year if closed else start_year,
            start_value=chained_average(values) if values.size else np.nan,
            start_grade=_grade_of(rates),  # a chained rate: the weakest of its years' sources
            baseline_step=baseline,
            spread=spread,
            required_step=np.nan if closed else required,
            observed=list(zip(years[: len(values)], values, strict=True)),
        )
        return record
    if pd.isna(r["base_value"]) and history.empty:
        return None
    pts = history[history["year"] > base_year]
    series_years = ([base_year] if pd.notna(r["base_value"]) else []) + pts["year"].astype(int).tolist()
    series_values = ([float(r["base_value"])] if pd.notna(r["base_value"]) else []) + pts["value"].astype(
        float
    ).tolist()
    brk = evidence.last_break(break_years, series_years[0], series_years[-1]) if series_years else None
    if brk is not None:  # the plan's base is on an old basis: start from the new one
        keep = [i for i, y in enumerate(series_years) if y >= brk]
        series_years, series_values = [series_years[i] for i in keep], [series_values[i] for i in keep]
    start_year, start = series_years[-1], series_values[-1]
    required = evidence.pace(kind, start, start_year, target, target_year)
    if facts.outcome:
        record["outcome"] = float(state["latest_value"])
    record.update(
        tolerance=approx_tolerance(target, r["unit"]),
        start_year=target_year if closed else start_year,
        start_value=start,
        start_grade=_grade_of(pts[pts["year"] == start_year]),  # None: the plan's printed base
        baseline_step=baseline,
        spread=spread,
        required_step=np.nan if closed else required,
        observed=list(zip(series_years, series_values, strict=True)),
    )
    return record

"""Forecasts that do not oversell.  Transparent benchmarks compete on equal terms with the
models; a model is *chosen* only when it beats the naive forecast in a rolling-origin backtest;
interval widths come from the backtest's own errors; the probability of meeting the plan
target is stated next to the rate the remaining years would need.  (model -> fit -> results)

Candidates, each a one-step rule on the model scale ``z`` (applied recursively for h > 1):
* ``naive``   the random walk: next = the last value.  The benchmark;
* ``mean3``   the mean of the last 3 values;
* ``median5`` the median of the last 5 values (of all, when fewer);
* ``drift``   the last value plus the average step so far (the old ``avg_growth`` / ``rw_drift``
              baseline: levels compound at their mean log growth, shares move by their mean
              logit change);
* ``ets``     simple exponential smoothing (statsmodels ``ETSModel``: additive error, no trend,
              initial level = the first value), a candidate only for series of at least
              ``ETS_MIN_POINTS`` values.  On 8-10 points the old damped-trend ETS was not
              identified (alpha ~ 0, damping at its bound, MASE ~ 1); a fit with alpha below
              ``ETS_MIN_ALPHA`` (a flat line at the first value) is dropped as degenerate.

Backtest: every candidate is refitted at each origin from ``MIN_TRAIN`` on (``ETS_MIN_TRAIN``
when ``ets`` competes), all on the same origins, and scored on its one-step errors.  ``mase`` is
the mean absolute error relative to the naive forecast's on those origins (naive = 1).  A model
is chosen only when it beats naive clearly: ``mase`` below ``SELECT_BELOW`` = 0.95 *and*
``p_vs_naive`` below ``SELECT_P`` = 0.10, where ``p_vs_naive`` is a paired sign-flip
permutation test of the per-origin gains over naive, adjusted for trying every rival (the
max-statistic method: the best of several rivals often beats naive by chance on a few origins;
with the margin alone, a model was "chosen" on about 35 % of simulated random walks of 10 points,
with both conditions on about 5 %).  Otherwise ``selection == "no_model_beats_naive"`` and the
forecast reported is the naive one, labelled as such.

Intervals (split-conformal on the backtest errors): the one-step half-width of the q band is
the ceil((n + 1) q)-th smallest of the reported model's n absolute backtest errors.  When that
rank exceeds n (an empirical 80 % band needs 4 errors, a 95 % band 19) the half-width is the
errors' root mean square times Student's t quantile with n degrees of freedom (a normal-theory
fallback; the 95 % band is never narrower than the 80 % one).  At horizon h the half-width is
multiplied by sqrt(h) (random-walk errors add up; the backtest checks one step only).  With
fewer than ``ROUGH_BELOW`` errors the interval is called rough.  ``coverage80_backtest`` is the
share of backtest values inside the 80 % band the same rule would have stated *before* seeing
them (each error judged by a band built from the earlier errors only, from the
``MIN_ERRORS``-th error on): the observed coverage to set against the stated 80 %.

P(meeting the target): paths simulated by iterating the reported rule with one-step errors
drawn from the backtest's absolute errors with a random sign (seeded, deterministic), stated
next to ``needed``: the rate the remaining years would need
(:func:`.growth.required_remaining_average` for average-growth targets).

Bounded rates (shares in %) are modelled on the logit scale and positive levels on the log
scale, then transformed back, so no forecast leaves 0-100 %.  Series with fewer than
``MIN_POINTS`` consecutive annual values get a ``not_enough_data`` result, not a forecast.
"""

from __future__ import annotations

import itertools
import math
import warnings
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np
import pandas as pd

from ..core.errors import ShanxiError, unknown_choice
from .evidence import last_break
from .growth import approx_tolerance, chained_average, meets, required_remaining_average

MODELS = ("naive", "mean3", "median5", "drift", "ets")  # codes; report.words names them
BENCHMARK = "naive"
MIN_POINTS = 6
MIN_TRAIN = 3
ETS_MIN_POINTS = 15
ETS_MIN_TRAIN = 8
ETS_MIN_ALPHA = 0.01
SELECT_BELOW = 0.95  # a model must beat naive's backtest error by at least 5 % to be chosen ...
SELECT_P = 0.10  # ... and by more than chance (permutation p-value, adjusted for the rivals tried)
EXACT_FLIPS = 12  # up to this many origins the permutation test enumerates every sign flip
LEVELS = (0.80, 0.95)
MIN_ERRORS = 3  # the fewest backtest errors a band is built from
ROUGH_BELOW = 5  # fewer backtest errors than this: the interval is "rough"
SIMULATIONS = 4000
DEFAULT_SEED = 20210409  # the outline's issue date
HINDSIGHT_YEAR = 2022  # the first as-of year of the notebook's hindsight check


def _logit(p):
    p = np.clip(np.asarray(p, dtype=float) / 100.0, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _expit(x):
    return 100.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


@dataclass(frozen=True)
class Scale:
    """How a series is transformed before modelling."""

    name: str  # identity | logit | log

    def forward(self, y):
        if self.name == "logit":
            return _logit(y)
        if self.name == "log":
            return np.log(np.asarray(y, dtype=float))
        return np.asarray(y, dtype=float)

    def back(self, z):
        if self.name == "logit":
            return _expit(z)
        if self.name == "log":
            return np.exp(np.asarray(z, dtype=float))
        return np.asarray(z, dtype=float)


def choose_scale(measure: str, unit: str, values: np.ndarray) -> Scale:
    if measure == "share_pct" and unit == "%" and np.all((values > 0) & (values < 100)):
        return Scale("logit")
    if measure in ("level", "count") and np.all(values > 0):
        return Scale("log")
    return Scale("identity")


# --- the rules ------------------------------------------------------------------------------------


class Degenerate(ShanxiError):
    """A model fit that is not identified on these data (dropped from the comparison)."""


def candidates(n: int) -> tuple[str, ...]:
    """The models that compete on a series of ``n`` points."""
    return MODELS if n >= ETS_MIN_POINTS else tuple(m for m in MODELS if m != "ets")


def _start(models) -> int:
    return ETS_MIN_TRAIN if "ets" in models else MIN_TRAIN


def _ets_alpha(z: np.ndarray) -> float:
    """Simple exponential smoothing's alpha, fitted by statsmodels (initial level = first value)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ETSModel(
            np.asarray(z, dtype=float),
            error="add",
            trend=None,
            initialization_method="known",
            initial_level=float(z[0]),
        ).fit(disp=False)
    alpha = float(np.asarray(res.params)[0])
    if not math.isfinite(alpha) or alpha < ETS_MIN_ALPHA:
        raise Degenerate(f"exponential smoothing is degenerate here (alpha = {alpha:.3g})")
    return alpha


def _smooth(x: np.ndarray, alpha: float) -> np.ndarray:
    """The smoothed level after each row of ``x`` (paths x time), starting at the first value."""
    level = x[:, 0].copy()
    for j in range(1, x.shape[1]):
        level = level + alpha * (x[:, j] - level)
    return level


def _rule(model: str, x: np.ndarray, alpha: float | None = None) -> np.ndarray:
    """The one-step forecast of each row of ``x`` (paths x time, model scale)."""
    if model == "naive":
        return x[:, -1]
    if model == "mean3":
        return x[:, -3:].mean(axis=1)
    if model == "median5":
        return np.median(x[:, -5:], axis=1)
    if model == "drift":
        return x[:, -1] + (x[:, -1] - x[:, 0]) / (x.shape[1] - 1)
    if model == "ets":
        return _smooth(x, alpha)
    raise unknown_choice("model", model, MODELS)


def iterate(model: str, z: np.ndarray, errors: np.ndarray, alpha: float | None = None) -> np.ndarray:
    """Paths (rows of ``errors``, steps = its columns) from iterating ``model``'s one-step rule
    on ``z``, each step adding that step's error (zeros give the point forecast)."""
    errors = np.atleast_2d(np.asarray(errors, dtype=float))
    x = np.repeat(np.asarray(z, dtype=float)[None, :], errors.shape[0], axis=0)
    for j in range(errors.shape[1]):
        x = np.concatenate([x, (_rule(model, x, alpha) + errors[:, j])[:, None]], axis=1)
    return x[:, len(z) :]


def _one_step_forecasts(z: np.ndarray, models, start: int) -> dict[str, np.ndarray]:
    """Each model refitted on ``z[:origin]`` for every origin from ``start``: its forecast of
    ``z[origin]`` (NaN throughout for a model that degenerates at any origin)."""
    out = {}
    for model in models:
        forecasts = []
        try:
            for origin in range(start, z.size):
                train = z[:origin]
                alpha = _ets_alpha(train) if model == "ets" else None
                forecasts.append(float(_rule(model, train[None, :], alpha)[0]))
        except Degenerate:
            forecasts = [math.nan] * (z.size - start)
        out[model] = np.asarray(forecasts, dtype=float)
    return out


# --- intervals from the backtest errors -------------------------------------------------------------


def t_quantile(p: float, df: int) -> float:
    """Student's t quantile (Cornish-Fisher expansion about the normal; within 0.01 of the exact
    value for df >= 3 at the 0.9 and 0.975 quantiles used here)."""
    z = NormalDist().inv_cdf(p)
    v = float(df)
    return (
        z
        + (z**3 + z) / (4 * v)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
        + (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / (92160 * v**4)
    )


def half_width(errors, level: float) -> float:
    """One-step half-width of the ``level`` band from backtest errors (see the module doc)."""
    e = np.sort(np.abs(np.asarray(errors, dtype=float)))
    n = e.size
    if n == 0:
        return math.nan
    rank = math.ceil((n + 1) * level - 1e-9)
    if rank <= n:
        return float(e[rank - 1])
    return float(t_quantile((1 + level) / 2, n) * math.sqrt(np.mean(e**2)))


def bands(errors) -> tuple[float, float]:
    """One-step half-widths of the 80 % and 95 % bands."""
    h80 = half_width(errors, LEVELS[0])
    return h80, max(half_width(errors, LEVELS[1]), h80)


def realtime_coverage(errors, level: float = LEVELS[0]) -> tuple[float, int]:
    """Share of backtest errors inside the band built from the errors before them only (from the
    ``MIN_ERRORS``-th on), and how many were checked."""
    a = np.abs(np.asarray(errors, dtype=float))
    hits = [bool(a[j] <= half_width(a[:j], level)) for j in range(MIN_ERRORS, a.size)]
    return (float(np.mean(hits)) if hits else math.nan), len(hits)


def coverage_interval(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a coverage of ``hits`` in ``n``: the sampling error
    against which a stated coverage is judged."""
    if n <= 0:
        return (0.0, 1.0)
    tail = (1 - confidence) / 2

    def cdf(p: float, k: int) -> float:
        return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))

    def solve(f) -> float:  # f increasing in p, root in [0, 1]
        lo, hi = 0.0, 1.0
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
        return (lo + hi) / 2

    lower = 0.0 if hits == 0 else solve(lambda p: (1 - cdf(p, hits - 1)) - tail)
    upper = 1.0 if hits == n else solve(lambda p: tail - cdf(p, hits))
    return lower, upper


def _sign_flips(n: int) -> np.ndarray:
    """Sign patterns for the permutation test: all 2**n up to ``EXACT_FLIPS`` origins, else the
    identity and 4095 drawn with a fixed seed (the choice never depends on the user's seed)."""
    if n <= EXACT_FLIPS:
        return np.array(list(itertools.product((1.0, -1.0), repeat=n)))
    rng = np.random.default_rng(0)
    return np.vstack([np.ones(n), rng.choice((1.0, -1.0), size=(4095, n))])


def _p_vs_naive(gains: np.ndarray) -> np.ndarray:
    """Permutation p-values that each rival beats naive, adjusted for trying all of them:
    ``gains`` (origins x rivals) are naive's absolute error minus the rival's, per origin; under
    the null a gain is as likely negative as positive, so flipping the signs of whole origins
    (jointly for all rivals) gives the distribution of the best mean gain."""
    flips = _sign_flips(gains.shape[0])
    best = (flips @ gains / gains.shape[0]).max(axis=1)
    observed = gains.mean(axis=0)
    return np.array([float(np.mean(best >= g - 1e-12)) for g in observed])


def backtest(z: np.ndarray, models=None, min_train: int | None = None) -> pd.DataFrame:
    """Rolling-origin one-step backtest on the model scale: every candidate on the same origins,
    its mean absolute error, ``mase`` relative to naive (naive = 1), ``p_vs_naive`` and the
    real-time coverage of its 80 % band (see the module doc)."""
    z = np.asarray(z, dtype=float)
    models = tuple(models or candidates(z.size))
    if BENCHMARK not in models:
        models = (BENCHMARK, *models)
    start = _start(models) if min_train is None else min_train
    forecasts = _one_step_forecasts(z, models, start)
    actual = z[start:]
    naive = np.abs(actual - forecasts[BENCHMARK])
    scale = float(np.mean(naive))
    rivals = [m for m in models if m != BENCHMARK and np.all(np.isfinite(forecasts[m]))]
    p = (
        dict(
            zip(
                rivals,
                _p_vs_naive(np.column_stack([naive - np.abs(actual - forecasts[m]) for m in rivals])),
                strict=True,
            )
        )
        if rivals
        else {}
    )
    rows = []
    for model in models:
        err = actual - forecasts[model]
        mae = float(np.mean(np.abs(err))) if np.all(np.isfinite(err)) else math.nan
        if not math.isfinite(mae):
            mase = math.nan
        elif scale > 0:
            mase = mae / scale
        else:
            mase = 1.0 if mae == 0 else math.inf
        cov, checked = realtime_coverage(err) if math.isfinite(mae) else (math.nan, 0)
        rows.append(
            {
                "model": model,
                "n_origins": int(actual.size),
                "mae": mae,
                "mase": mase,
                "p_vs_naive": p.get(model, math.nan),
                "coverage80": cov,
                "n_checked": checked,
            }
        )
    return pd.DataFrame(rows)


def _best_rival(bt: pd.DataFrame) -> pd.Series | None:
    rivals = bt[(bt["model"] != BENCHMARK) & np.isfinite(bt["mase"])]
    if rivals.empty:
        return None
    return (
        rivals.assign(_order=rivals["model"].map(MODELS.index)).sort_values(["mase", "_order"], kind="stable").iloc[0]
    )


def select(bt: pd.DataFrame) -> tuple[str, str]:
    """``(model, selection)``: the rival with the lowest ``mase`` when it beats naive clearly
    (``mase < SELECT_BELOW`` and ``p_vs_naive < SELECT_P``), else naive."""
    best = _best_rival(bt)
    if best is not None and best["mase"] < SELECT_BELOW and best["p_vs_naive"] < SELECT_P:
        return str(best["model"]), "chosen"
    return BENCHMARK, "no_model_beats_naive"


@dataclass
class ValueFit:
    """The forecast machinery on model-scale values ``z`` (what :class:`SeriesForecast` runs
    after loading and transforming a series; tests run it on synthetic series)."""

    z: np.ndarray
    backtest: pd.DataFrame
    model: str
    selection: str
    start: int  # the first backtest origin
    one_step: np.ndarray  # the reported model's backtest forecasts of z[start:]
    alpha: float | None  # exponential smoothing's alpha when ets is reported

    @property
    def errors(self) -> np.ndarray:
        return self.z[self.start :] - self.one_step

    def bands(self) -> tuple[float, float]:
        return bands(self.errors)

    def point(self, h: int) -> np.ndarray:
        return iterate(self.model, self.z, np.zeros((1, h)), self.alpha)[0]

    def paths(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` simulated paths: the rule iterated with backtest errors drawn with random signs."""
        a = np.abs(self.errors)
        draws = rng.choice(a, size=(n, h)) * rng.choice((-1.0, 1.0), size=(n, h))
        return iterate(self.model, self.z, draws, self.alpha)


def fit_values(z) -> ValueFit:
    """Backtest the candidates on ``z``, select, and keep what the forecast needs."""
    z = np.asarray(z, dtype=float)
    models = candidates(z.size)
    start = _start(models)
    bt = backtest(z, models, start)
    model, selection = select(bt)
    one_step = _one_step_forecasts(z, (model,), start)[model]
    alpha = _ets_alpha(z) if model == "ets" else None
    return ValueFit(z, bt, model, selection, start, one_step, alpha)


# --- a series --------------------------------------------------------------------------------


@dataclass
class ForecastResults:
    series_id: str
    status: str  # ok | not_enough_data | target_observed (the target year has data)
    message: str
    history: pd.DataFrame
    scale: str = "identity"
    model: str | None = None  # the model reported (naive when no model beats it)
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast: pd.DataFrame = field(default_factory=pd.DataFrame)
    target: dict = field(default_factory=dict)
    prob_meet: float = float("nan")
    seed: int = DEFAULT_SEED
    selection: str = ""  # chosen | no_model_beats_naive ("" without a forecast)
    last_year: int | None = None  # the last observed year modelled ("data up to")
    points: int = 0  # consecutive annual values usable
    basis_break: int | None = None  # the series restarts at this year's basis break
    errors: pd.DataFrame = field(default_factory=pd.DataFrame)  # the reported model's backtest errors
    coverage80_backtest: float = float("nan")  # real-time coverage of the 80 % band in the backtest
    coverage_checks: int = 0  # how many backtest values that coverage is over
    needed: dict = field(default_factory=dict)  # the rate the remaining years would need
    # the tracker's state of the linked target (one assessment state): ``decided`` is its outcome
    # (achieved / missed) when the period is closed, then no P(meeting) and nothing "needed" is
    # stated; ``implied`` what a published period average implies for the years the annual rates
    # lack (year, value, low, high: the rate 2025 must have had for "about 5" over 2021-2025)
    decided: str = ""
    implied: dict = field(default_factory=dict)

    _FRAMES = ("history", "backtest", "forecast", "errors")
    _SCALARS = (
        "series_id",
        "status",
        "message",
        "scale",
        "model",
        "target",
        "prob_meet",
        "seed",
        "selection",
        "last_year",
        "points",
        "basis_break",
        "coverage80_backtest",
        "coverage_checks",
        "needed",
        "decided",
        "implied",
    )

    def to_json(self) -> dict:
        """JSON data that :meth:`from_json` restores exactly (the disk cache's format)."""
        from ..core.cache import frame_to_json

        out = {k: getattr(self, k) for k in self._SCALARS}
        out.update({k: frame_to_json(getattr(self, k)) for k in self._FRAMES})
        return out

    @classmethod
    def from_json(cls, data: dict) -> ForecastResults:
        from ..core.cache import frame_from_json

        frames = {k: frame_from_json(data[k]) for k in cls._FRAMES}
        return cls(**{k: data[k] for k in cls._SCALARS}, **frames)

    @property
    def n_errors(self) -> int:
        """How many backtest errors the interval is built from."""
        return len(self.errors)

    @property
    def rough(self) -> bool:
        return self.n_errors < ROUGH_BELOW

    def mase(self, model: str | None = None) -> float:
        return float(self.backtest.set_index("model").loc[model or self.model, "mase"])

    def best_rival(self) -> tuple[str | None, float, float]:
        """The best non-naive model in the backtest, its ``mase`` and ``p_vs_naive``."""
        best = _best_rival(self.backtest)
        if best is None:
            return None, math.nan, math.nan
        return str(best["model"]), float(best["mase"]), float(best["p_vs_naive"])

    def coverage_range(self) -> tuple[float, float]:
        """The 95 % sampling interval of the backtest coverage (stated 80 % should lie inside)."""
        hits = round(self.coverage80_backtest * self.coverage_checks) if self.coverage_checks else 0
        return coverage_interval(hits, self.coverage_checks)

    def summary(self) -> str:
        if self.status != "ok":
            return f"{self.series_id}: {self.message}"
        head = f"{self.series_id} (data up to {self.last_year}): "
        if self.selection == "chosen":
            head += (
                f"{self.model} beats the naive forecast in the backtest (MASE {self.mase():.2f}, naive = 1, "
                f"p = {self.best_rival()[2]:.2f}, {self.n_errors} one-step errors)"
            )
        else:
            rival, score, p = self.best_rival()
            best = f"; the best alternative, {rival}, has MASE {score:.2f} with p = {p:.2f}" if rival else ""
            head += (
                f"no model beats the naive forecast in the backtest (a model needs MASE below {SELECT_BELOW:.2f} "
                f"and p below {SELECT_P:.2f} over {self.n_errors} one-step errors{best}); "
                f"the forecast shown is the naive one (last value carried forward)"
            )
        first, last = self.forecast.iloc[0], self.forecast.iloc[-1]
        text = (
            head + f". {int(first['year'])} forecast {first['mean']:.2f} (80 % band {first['lo80']:.2f} to "
            f"{first['hi80']:.2f})"
        )
        if len(self.forecast) > 1:
            text += f", {int(last['year'])} {last['mean']:.2f} ({last['lo80']:.2f} to {last['hi80']:.2f})"
        text += "; bands from the backtest's own errors, widened by sqrt(horizon)"
        if self.coverage_checks:
            hits = round(self.coverage80_backtest * self.coverage_checks)
            lo, hi = self.coverage_range()
            verdict = "consistent with 80 %" if lo <= LEVELS[0] <= hi else "not consistent with 80 %"
            text += (
                f"; in the backtest the 80 % band covered {hits} of {self.coverage_checks} values "
                f"({self.coverage80_backtest:.0%}, {verdict} within sampling error)"
            )
        if self.rough:
            text += f"; rough: only {self.n_errors} backtest errors"
        text += "."
        if self.needed:
            text += " " + self._needed_text()
        if self.decided:
            text += f" The target {self.target.get('text')} is decided: {self.decided} (the tracker's verdict)."
        if self.implied:
            i = self.implied
            text += (
                f" The published period average implies {i['value']:.1f} % in {i['first_year']}"
                + (f"-{i['last_year']}" if i["last_year"] != i["first_year"] else "")
                + f" ({i['low']:.1f} to {i['high']:.1f} % within its printed precision)."
            )
        if math.isfinite(self.prob_meet):
            text += f" P(meeting {self.target.get('text')}) = {self.prob_meet:.0%}."
        return text

    def _needed_text(self) -> str:
        n = self.needed
        span = f"{n['first_year']}" if n["first_year"] == n["last_year"] else f"{n['first_year']}-{n['last_year']}"
        if n["kind"] == "avg_growth":
            rate = (
                f"{n['value']:.2f} % a year" if n["first_year"] != n["last_year"] else f"growth of {n['value']:.2f} %"
            )
            return (
                f"Target {self.target.get('text')} ({self.target['base_year'] + 1}-{self.target['year']} average): "
                f"{span} would need {rate}."
            )
        return f"Target {self.target.get('text')}: {n['value']:g} {n['unit']} needed in {n['last_year']}."


@dataclass
class SeriesForecast:
    """Forecast ``series_id`` to ``to`` (default: the linked target year), using data up to ``as_of``."""

    series_id: str
    to: int | None = None
    as_of: int | None = None
    region: str | None = None  # None: the plan's region
    seed: int = DEFAULT_SEED
    simulations: int = SIMULATIONS
    min_points: int = MIN_POINTS
    plan: str | int | None = None  # whose target the series is linked to (None: the current plan)
    data_dir: object = None

    def fit(self) -> ForecastResults:
        from ..data.links import load_breaks, load_links
        from ..data.observed import list_series, load_observed
        from ..data.plans import get_plan, load_targets
        from .params import check_horizon, check_seed

        self.seed = check_seed(self.seed)
        plan = get_plan(self.plan, data_dir=self.data_dir)
        self.plan, self.region = plan.id, self.region or plan.region
        catalogue = list_series(self.data_dir).set_index("series_id")
        if self.series_id not in catalogue.index:
            raise unknown_choice("series", self.series_id, list(catalogue.index))
        obs = load_observed(self.series_id, region=self.region, data_dir=self.data_dir, as_of=self.as_of)
        measure, unit = catalogue.loc[self.series_id, "measure"], catalogue.loc[self.series_id, "unit"]
        history = obs[["year", "value", "vintage"]].reset_index(drop=True)
        target = _linked_target(
            self.series_id, load_links(self.plan, self.data_dir), load_targets(self.plan, data_dir=self.data_dir)
        )
        to = int(self.to or target.get("year") or (history["year"].max() + 3 if len(history) else 0))
        breaks = load_breaks(self.data_dir)
        breaks = breaks[(breaks["series_id"] == self.series_id) & (breaks["region"] == self.region)]
        run = _last_contiguous_run(history)
        rebased, basis_break = "", None
        first = last_break(breaks["first_year"], run["year"].iloc[0], run["year"].iloc[-1]) if len(run) else None
        if first is not None:
            run = run[run["year"] >= first].reset_index(drop=True)  # never model across a basis break
            rebased, basis_break = f" since the basis break in {first}", first
        last_year = int(run["year"].iloc[-1]) if len(run) else None
        decided, implied = _tracker_state(target, self.plan, self.as_of, self.region, self.data_dir)

        def no_forecast(status: str, message: str) -> ForecastResults:
            return ForecastResults(
                self.series_id,
                status,
                message,
                history,
                target=target,
                seed=self.seed,
                last_year=last_year,
                points=len(run),
                basis_break=basis_break,
                decided=decided,
                implied=implied,
            )

        if len(run) < self.min_points:
            return no_forecast(
                "not_enough_data",
                f"not enough data: {len(run)} consecutive annual values{rebased} (years "
                f"{', '.join(map(str, run['year']))}); a forecast needs at least {self.min_points}",
            )
        if self.to is None and target.get("year") and to <= last_year:
            # the target year is observed already (a national plan's last year is out before the
            # region's): nothing is left to forecast, which is an answer, not an error
            return no_forecast(
                "target_observed",
                f"the target year {to} is observed (data up to {last_year}): nothing is left to forecast",
            )
        try:
            to = check_horizon(to, last_year)
        except ShanxiError as exc:
            raise ShanxiError(f"{self.series_id}: {exc}", code="of_series", series=self.series_id, cause=exc) from None
        y = run["value"].to_numpy(dtype=float)
        scale = choose_scale(measure, unit, y)
        z = scale.forward(y)
        fit = fit_values(z)
        model, err = fit.model, fit.errors
        h80, h95 = fit.bands()
        h = to - last_year
        steps = np.arange(1, h + 1)
        mean = fit.point(h)
        widen = np.sqrt(steps)
        years = np.arange(last_year + 1, to + 1)
        fc = pd.DataFrame(
            {
                "year": years,
                "h": steps,
                "mean": scale.back(mean),
                "lo80": scale.back(mean - h80 * widen),
                "hi80": scale.back(mean + h80 * widen),
                "lo95": scale.back(mean - h95 * widen),
                "hi95": scale.back(mean + h95 * widen),
                "model": model,
            }
        )
        errors = pd.DataFrame(
            {
                "year": run["year"].to_numpy()[fit.start :],
                "forecast": scale.back(fit.one_step),
                "actual": y[fit.start :],
                "error": err,
            }
        )
        coverage, checks = realtime_coverage(err)
        paths = scale.back(fit.paths(h, self.simulations, np.random.default_rng(self.seed)))
        prob = _probability(paths, years, run, target, measure) if not decided else float("nan")
        return ForecastResults(
            self.series_id,
            "ok",
            "",
            history,
            scale.name,
            model,
            fit.backtest,
            fc,
            target,
            prob,
            self.seed,
            fit.selection,
            last_year,
            len(run),
            basis_break,
            errors,
            coverage,
            checks,
            {} if decided else _needed(run, target, last_year),
            decided,
            implied,
        )


def _tracker_state(target: dict, plan, as_of, region: str, data_dir) -> tuple[str, dict]:
    """(decided, implied) of the linked target in the tracker's assessment as of the same year
    (:class:`.assess.Assessment`): the outcome of a closed period, and what a published average
    implies for the missing years; ('', {}) without a linked target or an as-of year it judges."""
    from .assess import Assessment
    from .status import has

    if "no" not in target:
        return "", {}
    try:
        row = Assessment(plan, as_of, region=region, data_dir=data_dir, indicators=[target["no"]]).fit().table.iloc[0]
    except ShanxiError:  # an as-of year the tracker does not judge
        return "", {}
    decided = row["status"] if has(row["status"], "outcome") else ""
    implied = {}
    if pd.notna(row.get("implied_rate")):
        years = [int(y) for y in row["implied_years"]]
        implied = {
            "first_year": years[0],
            "last_year": years[-1],
            "value": float(row["implied_rate"]),
            "low": float(row["implied_low"]),
            "high": float(row["implied_high"]),
        }
    return str(decided), implied


def _last_contiguous_run(history: pd.DataFrame) -> pd.DataFrame:
    """The consecutive annual values ending at the latest year (missing years are not filled)."""
    if history.empty:
        return history
    h = history.drop_duplicates("year", keep="last").sort_values("year").reset_index(drop=True)
    years = h["year"].to_numpy()
    start = len(years) - 1
    while start > 0 and years[start - 1] == years[start] - 1:
        start -= 1
    return h.iloc[start:].reset_index(drop=True)


def _linked_target(series_id: str, links: pd.DataFrame, targets: pd.DataFrame) -> dict:
    from .assess import NOT_A_LEVEL_KINDS

    hit = links[(links["series_id"] == series_id) & (links["role"] == "annual")]
    if hit.empty:
        return {}
    row = targets[targets["no"] == hit.iloc[0]["no"]].iloc[0]
    names = {"name_zh": row["name_zh"], "name_en": row["name_en"]}
    # no number, or one that is not a value of the series (a five-year change, a relation): nothing needed
    if pd.isna(row["target_value"]) or row["target_kind"] in NOT_A_LEVEL_KINDS:
        return {
            "no": row["no"],
            "year": int(row["target_year"]),
            "text": row["target_text"] if row["target_text"] != "-" else row["target_rate_text"],
            **names,
        }
    return {
        "no": row["no"],
        "plan": row["plan"],
        "year": int(row["target_year"]),
        "value": float(row["target_value"]),
        "kind": row["target_kind"],
        "comparator": row["comparator"],
        "direction": row["direction"],
        "unit": "%" if row["target_kind"] == "avg_growth" else row["unit"],
        "high": float(row["target_high"]) if pd.notna(row["target_high"]) else None,
        "base_year": int(row["base_year"]) if pd.notna(row["base_year"]) else int(row["target_year"]) - 5,
        "text": row["target_text"] if row["target_text"] != "-" else row["target_rate_text"],
        **names,
    }


def _needed(run: pd.DataFrame, target: dict, last_year: int) -> dict:
    """What the years after ``last_year`` would need for the target: the annual rate for an
    average-growth target (chained with the rates already observed in the period), else the
    value itself in the target year.  Empty without a numeric target still ahead."""
    if "value" not in target or target["year"] <= last_year:
        return {}
    first_year, last = last_year + 1, int(target["year"])
    if target["kind"] == "avg_growth":
        first = target["base_year"] + 1
        observed = run[(run["year"] >= first) & (run["year"] <= last_year)]
        if last_year >= first and (observed.empty or observed["year"].iloc[0] != first):
            return {}  # an in-period year is missing: the average cannot be chained
        rate = required_remaining_average(
            observed["value"].to_numpy(dtype=float), target["value"], last - target["base_year"]
        )
        return {
            "kind": "avg_growth",
            "value": rate,
            "unit": "%",
            "first_year": max(first_year, first),
            "last_year": last,
        }
    return {
        "kind": "level",
        "value": float(target["value"]),
        "unit": target["unit"],
        "first_year": first_year,
        "last_year": last,
    }


def _probability(paths: np.ndarray, years: np.ndarray, run: pd.DataFrame, target: dict, measure: str) -> float:
    """Share of simulated paths that meet the linked target (NaN without a numeric target)."""
    if "value" not in target or target["year"] not in years:
        return float("nan")
    if target["kind"] == "avg_growth":
        first = target["base_year"] + 1
        observed = run[(run["year"] >= first) & (run["year"] <= target["year"])]
        if len(observed) and observed["year"].iloc[0] != first:
            return float("nan")  # an in-period year is missing: the average cannot be chained
        cols = (years >= first) & (years <= target["year"])
        sims = paths[:, cols]
        obs = observed["value"].to_numpy(dtype=float)
        full = np.concatenate([np.broadcast_to(obs, (sims.shape[0], obs.size)), sims], axis=1)
        return _share_met(chained_average(full, axis=1), target, "%")
    return _share_met(paths[:, list(years).index(target["year"])], target, target["unit"])


def _share_met(values: np.ndarray, target: dict, unit: str) -> float:
    """The share of ``values`` that meet the target (the rule of :func:`.growth.meets`)."""
    high = np.nan if target.get("high") is None else target["high"]
    tolerance = approx_tolerance(target["value"], unit) if target["comparator"] == "~" else 0.0
    return float(np.mean(meets(values, target["value"], target["comparator"], target["direction"], tolerance, high)))


def forecast(
    series_id: str,
    to: int | None = None,
    as_of: int | None = None,
    seed: int = DEFAULT_SEED,
    plan: str | int | None = None,
    data_dir=None,
) -> ForecastResults:
    """Shortcut: ``SeriesForecast(...).fit()``, cached on disk (the result is deterministic; the
    key covers the arguments, the data and the code, see :mod:`..core.cache`)."""
    from ..core.cache import cached
    from ..data.plans import get_plan

    plan = get_plan(plan, data_dir=data_dir).id  # the key names the plan, not "the current one"
    spec = SeriesForecast(series_id, to=to, as_of=as_of, seed=seed, plan=plan, data_dir=data_dir)
    key = (
        spec.series_id,
        spec.to,
        spec.as_of,
        spec.region,
        spec.seed,
        spec.simulations,
        spec.min_points,
        spec.plan,
        str(data_dir),
    )
    return cached("forecast", key, spec.fit, ForecastResults.to_json, ForecastResults.from_json, data_dir)


def hindsight_origins(
    series_id: str,
    first_as_of: int = HINDSIGHT_YEAR,
    as_of: int | None = None,
    seed: int = DEFAULT_SEED,
    data_dir=None,
    plan: str | int | None = None,
) -> list[int]:
    """The as-of years of the hindsight check: from ``first_as_of`` to the year before the last
    observation known as of ``as_of`` (each has at least one later year to compare with)."""
    now = forecast(series_id, as_of=as_of, seed=seed, plan=plan, data_dir=data_dir)
    if now.last_year is None:
        return []
    return list(range(int(first_as_of), int(now.last_year)))


def hindsight(
    series_id: str,
    first_as_of: int = HINDSIGHT_YEAR,
    as_of: int | None = None,
    seed: int = DEFAULT_SEED,
    data_dir=None,
    plan: str | int | None = None,
) -> pd.DataFrame:
    """What the forecasts made with the data of each as-of year from ``first_as_of`` said for the
    later years now observed (as of ``as_of``), beside the values now known.  The current method
    is applied to the data known then (the as-of rule of :func:`..data.observed.load_observed`)."""
    from ..data.observed import load_observed
    from ..data.plans import get_plan

    region = get_plan(plan, data_dir=data_dir).region
    known = (
        load_observed(series_id, region=region, as_of=as_of, data_dir=data_dir)
        .drop_duplicates("year", keep="last")
        .set_index("year")
    )
    actual, vintage, grade = known["value"], known["vintage"], known["source_grade"]
    rows = []
    for year in hindsight_origins(series_id, first_as_of, as_of, seed, data_dir, plan):
        then = forecast(series_id, as_of=year, seed=seed, plan=plan, data_dir=data_dir)
        if then.status != "ok":
            continue
        for _, f in then.forecast.iterrows():
            y = int(f["year"])
            if y in actual.index:
                value = float(actual[y])
                rows.append(
                    {
                        "as_of": year,
                        "data_up_to": then.last_year,
                        "year": y,
                        "h": int(f["h"]),
                        "model": then.model,
                        "selection": then.selection,
                        "forecast": float(f["mean"]),
                        "lo80": float(f["lo80"]),
                        "hi80": float(f["hi80"]),
                        "actual": value,
                        "vintage": str(vintage[y]),
                        "source_grade": grade[y],
                        "error": value - float(f["mean"]),
                        "inside_80": bool(f["lo80"] <= value <= f["hi80"]),
                    }
                )
    columns = [
        "as_of",
        "data_up_to",
        "year",
        "h",
        "model",
        "selection",
        "forecast",
        "lo80",
        "hi80",
        "actual",
        "vintage",
        "source_grade",
        "error",
        "inside_80",
    ]
    return pd.DataFrame(rows, columns=columns)


def forecastable_series(data_dir=None, plan: str | int | None = None) -> list[str]:
    """Series linked to an indicator of ``plan`` (None: the current plan; annual role), in
    indicator order."""
    from ..data.links import load_links

    links = load_links(plan, data_dir)
    return list(dict.fromkeys(links[links["role"] == "annual"]["series_id"]))


__all__ = [
    "ForecastResults",
    "SeriesForecast",
    "ValueFit",
    "backtest",
    "bands",
    "chained_average",
    "coverage_interval",
    "fit_values",
    "forecast",
    "forecastable_series",
    "half_width",
    "hindsight",
    "realtime_coverage",
    "select",
]

"""Forecasts of observed series, the model chosen by a rolling-origin backtest, and the
probability of meeting the plan target by simulation.  (model -> fit -> results)

Models, all fitted on the transformed scale:
* ``ets``        statsmodels ``ETSModel`` (additive error; additive damped trend with 8+ points,
                 no trend below that), intervals from ``get_prediction``;
* ``rw_drift``   random walk with drift, ``ARIMA(0,1,0)`` with a linear trend term;
* ``avg_growth`` the average-growth baseline: levels compound at their mean log growth, growth
                 rates stay at their mean, shares move by their mean change (logit scale).

Bounded rates (shares in %, such as the certification rate) are modelled on the logit scale
and transformed back, so no forecast leaves 0-100 %.  The backtest refits each model at every
origin from the 4th point on and scores one-step-ahead forecasts: MASE (scaled by the in-sample
naive error) and the coverage of the 80 % interval.  The lowest MASE wins.  Series with fewer
than ``MIN_POINTS`` consecutive annual values get a ``not_enough_data`` result, not a forecast.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..core.errors import ShanxiError, unknown_choice
from .growth import chained_average, meets_target

MODELS = ("ets", "rw_drift", "avg_growth")
MIN_POINTS = 6
MIN_TRAIN = 4
SIMULATIONS = 4000
DEFAULT_SEED = 20210409  # the outline's issue date
HINDSIGHT_YEAR = 2022  # the forecasts notebook's "as of 2022 we would have said ..." comparison
Z80, Z95 = 1.2815515655446004, 1.959963984540054


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


# --- one model: fit on z (transformed), forecast h steps, simulate --------------------------------

class _Fitted:
    """Point forecast, standard error per step and simulated paths on the model scale."""

    def __init__(self, model: str, z: np.ndarray):
        self.model, self.z = model, np.asarray(z, dtype=float)
        n = self.z.size
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if model == "ets":
                from statsmodels.tsa.exponential_smoothing.ets import ETSModel

                trend = "add" if n >= 8 else None
                self.res = ETSModel(pd.Series(self.z), error="add", trend=trend, damped_trend=trend is not None).fit(disp=False)
            elif model == "rw_drift":
                from statsmodels.tsa.arima.model import ARIMA

                self.res = ARIMA(self.z, order=(0, 1, 0), trend="t").fit()
            elif model == "avg_growth":
                steps = np.diff(self.z)
                self.step = float(steps.mean())
                resid = steps - self.step
                self.sigma = float(np.sqrt((resid**2).sum() / max(resid.size - 1, 1)))
            else:
                raise unknown_choice("model", model, MODELS)

    def forecast(self, h: int) -> tuple[np.ndarray, np.ndarray]:
        """Mean and standard error on the model scale, steps 1..h."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if self.model == "ets":
                n = self.z.size
                frame = self.res.get_prediction(start=n, end=n + h - 1).summary_frame(alpha=0.2)
                mean = frame["mean"].to_numpy()
                se = (frame["pi_upper"].to_numpy() - mean) / Z80
                return mean, se
            if self.model == "rw_drift":
                fc = self.res.get_forecast(h)
                return np.asarray(fc.predicted_mean), np.asarray(fc.se_mean)
        k = np.arange(1, h + 1)
        return self.z[-1] + self.step * k, self.sigma * np.sqrt(k)

    def simulate(self, h: int, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` simulated paths (n x h) on the model scale."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if self.model == "ets":
                sims = self.res.simulate(h, anchor="end", repetitions=n, rng=rng)
                return np.asarray(sims).reshape(h, n).T
            if self.model == "rw_drift":
                drift = float(self.res.params[0])
                sigma = math.sqrt(float(self.res.params[-1]))
                return self.z[-1] + np.cumsum(drift + sigma * rng.standard_normal((n, h)), axis=1)
        return self.z[-1] + np.cumsum(self.step + self.sigma * rng.standard_normal((n, h)), axis=1)


def backtest(z: np.ndarray, models=MODELS, min_train: int = MIN_TRAIN) -> pd.DataFrame:
    """Rolling-origin one-step backtest on the model scale: MASE and 80 % interval coverage."""
    z = np.asarray(z, dtype=float)
    scale = np.mean(np.abs(np.diff(z))) or 1.0
    rows = []
    for model in models:
        errors, covered = [], []
        for origin in range(min_train, z.size):
            fitted = _Fitted(model, z[:origin])
            mean, se = fitted.forecast(1)
            err = z[origin] - mean[0]
            errors.append(abs(err))
            covered.append(abs(err) <= Z80 * se[0] if math.isfinite(se[0]) else False)
        rows.append({"model": model, "n_origins": len(errors), "mase": float(np.mean(errors) / scale),
                     "coverage80": float(np.mean(covered))})
    return pd.DataFrame(rows)


# --- a series --------------------------------------------------------------------------------

@dataclass
class ForecastResults:
    series_id: str
    status: str  # ok | not_enough_data
    message: str
    history: pd.DataFrame
    scale: str = "identity"
    model: str | None = None
    backtest: pd.DataFrame = field(default_factory=pd.DataFrame)
    forecast: pd.DataFrame = field(default_factory=pd.DataFrame)
    target: dict = field(default_factory=dict)
    prob_meet: float = float("nan")
    seed: int = DEFAULT_SEED

    _FRAMES = ("history", "backtest", "forecast")

    def to_json(self) -> dict:
        """JSON data that :meth:`from_json` restores exactly (the disk cache's format)."""
        from ..core.cache import frame_to_json

        out = {k: getattr(self, k) for k in ("series_id", "status", "message", "scale", "model", "target", "prob_meet", "seed")}
        out.update({k: frame_to_json(getattr(self, k)) for k in self._FRAMES})
        return out

    @classmethod
    def from_json(cls, data: dict) -> "ForecastResults":
        from ..core.cache import frame_from_json

        frames = {k: frame_from_json(data[k]) for k in cls._FRAMES}
        return cls(**{k: v for k, v in data.items() if k not in cls._FRAMES}, **frames)

    def summary(self) -> str:
        if self.status != "ok":
            return f"{self.series_id}: {self.message}"
        last = self.forecast.iloc[-1]
        text = (f"{self.series_id}: {self.model} chosen by backtest (MASE {self.backtest.set_index('model').loc[self.model, 'mase']:.2f}); "
                f"{int(last['year'])} forecast {last['mean']:.2f} (80 % {last['lo80']:.2f}-{last['hi80']:.2f})")
        if math.isfinite(self.prob_meet):
            text += f"; P(meeting {self.target.get('text')}) = {self.prob_meet:.0%}"
        return text


@dataclass
class SeriesForecast:
    """Forecast ``series_id`` to ``to`` (default: the linked target year), using data up to ``as_of``."""

    series_id: str
    to: int | None = None
    as_of: int | None = None
    region: str = "shanxi"
    seed: int = DEFAULT_SEED
    simulations: int = SIMULATIONS
    min_points: int = MIN_POINTS
    plan: int | None = None  # whose target the series is linked to (None: the current plan)
    data_dir: object = None

    def fit(self) -> ForecastResults:
        from ..data.links import load_links
        from ..data.observed import list_series, load_observed
        from ..data.plans import load_targets

        catalogue = list_series(self.data_dir).set_index("series_id")
        if self.series_id not in catalogue.index:
            raise unknown_choice("series", self.series_id, list(catalogue.index))
        obs = load_observed(self.series_id, region=self.region, data_dir=self.data_dir, as_of=self.as_of)
        measure, unit = catalogue.loc[self.series_id, "measure"], catalogue.loc[self.series_id, "unit"]
        history = obs[["year", "value", "vintage"]].reset_index(drop=True)
        target = _linked_target(self.series_id, load_links(self.plan, self.data_dir), load_targets(self.plan, data_dir=self.data_dir))
        to = int(self.to or target.get("year") or (history["year"].max() + 3 if len(history) else 0))
        from ..data.links import load_breaks

        breaks = load_breaks(self.data_dir)
        breaks = breaks[(breaks["series_id"] == self.series_id) & (breaks["region"] == self.region)]
        run = _last_contiguous_run(history)
        rebased = ""
        if len(run) and len(breaks):
            first = int(breaks["first_year"].max())
            if run["year"].iloc[0] < first <= run["year"].iloc[-1]:
                run = run[run["year"] >= first].reset_index(drop=True)  # never model across a basis break
                rebased = f" since the basis break in {first}"
        if len(run) < self.min_points:
            return ForecastResults(self.series_id, "not_enough_data",
                                   f"not enough data: {len(run)} consecutive annual values{rebased} (years {', '.join(map(str, run['year']))}); "
                                   f"a forecast needs at least {self.min_points}", history, target=target, seed=self.seed)
        last_year = int(run["year"].iloc[-1])
        if to <= last_year:
            raise ShanxiError(f"--to {to} must be after the last observed year {last_year} of {self.series_id}")
        y = run["value"].to_numpy(dtype=float)
        scale = choose_scale(measure, unit, y)
        z = scale.forward(y)
        bt = backtest(z)
        bt["_order"] = bt["model"].map(MODELS.index)  # ties go to the order of MODELS
        best = bt.sort_values(["mase", "_order"], kind="stable").iloc[0]["model"]
        bt = bt.drop(columns="_order")
        fitted = _Fitted(best, z)
        h = to - last_year
        mean, se = fitted.forecast(h)
        years = np.arange(last_year + 1, to + 1)
        fc = pd.DataFrame({
            "year": years,
            "mean": scale.back(mean),
            "lo80": scale.back(mean - Z80 * se), "hi80": scale.back(mean + Z80 * se),
            "lo95": scale.back(mean - Z95 * se), "hi95": scale.back(mean + Z95 * se),
            "model": best,
        })
        rng = np.random.default_rng(self.seed)
        paths = scale.back(fitted.simulate(h, self.simulations, rng))
        prob = _probability(paths, years, run, target, measure)
        return ForecastResults(self.series_id, "ok", "", history, scale.name, best, bt, fc, target, prob, self.seed)


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
    hit = links[(links["series_id"] == series_id) & (links["role"] == "annual")]
    if hit.empty:
        return {}
    row = targets[targets["no"] == hit.iloc[0]["no"]].iloc[0]
    if pd.isna(row["target_value"]):
        return {"no": row["no"], "year": int(row["target_year"]), "text": row["target_text"] if row["target_text"] != "-" else row["target_rate_text"]}
    return {
        "no": row["no"], "year": int(row["target_year"]), "value": float(row["target_value"]),
        "kind": row["target_kind"], "comparator": row["comparator"], "direction": row["direction"],
        "unit": "%" if row["target_kind"] == "avg_growth" else row["unit"],
        "high": float(row["target_high"]) if pd.notna(row["target_high"]) else None,
        "base_year": int(row["base_year"]) if pd.notna(row["base_year"]) else int(row["target_year"]) - 5,
        "text": row["target_text"] if row["target_text"] != "-" else row["target_rate_text"],
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
        averages = (np.prod(1 + full / 100.0, axis=1) ** (1.0 / full.shape[1]) - 1) * 100.0
        met = [meets_target(a, target["value"], target["comparator"], target["direction"], "%") for a in averages]
        return float(np.mean(met))
    at = paths[:, list(years).index(target["year"])]
    met = [meets_target(v, target["value"], target["comparator"], target["direction"], target["unit"], target["high"]) for v in at]
    return float(np.mean(met))


def forecast(series_id: str, to: int | None = None, as_of: int | None = None, seed: int = DEFAULT_SEED,
             plan: int | None = None, data_dir=None) -> ForecastResults:
    """Shortcut: ``SeriesForecast(...).fit()``, cached on disk (the result is deterministic; the
    key covers the arguments, the data and the code, see :mod:`..core.cache`)."""
    from ..core.cache import cached

    spec = SeriesForecast(series_id, to=to, as_of=as_of, seed=seed, plan=plan, data_dir=data_dir)
    key = (spec.series_id, spec.to, spec.as_of, spec.region, spec.seed, spec.simulations, spec.min_points, spec.plan, str(data_dir))
    return cached("forecast", key, spec.fit, ForecastResults.to_json, ForecastResults.from_json, data_dir)


def forecastable_series(data_dir=None, plan: int | None = None) -> list[str]:
    """Series linked to an indicator of ``plan`` (None: the current plan; annual role), in
    indicator order."""
    from ..data.links import load_links

    links = load_links(plan, data_dir)
    return list(dict.fromkeys(links[links["role"] == "annual"]["series_id"]))


__all__ = ["SeriesForecast", "ForecastResults", "forecast", "backtest", "forecastable_series", "chained_average"]

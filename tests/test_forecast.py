"""Forecasts: deterministic for a seed, honest about short series, bounded rates stay bounded,
benchmarks compete on equal terms, a model is chosen only when it beats naive, intervals come
from the backtest's own errors and cover what they state."""

import json
import math
from statistics import NormalDist

import numpy as np
import pytest

from shanxi_analysis.models.forecast import (
    MODELS,
    SELECT_BELOW,
    ForecastResults,
    SeriesForecast,
    backtest,
    coverage_interval,
    fit_values,
    forecast,
    forecastable_series,
    half_width,
    hindsight,
    realtime_coverage,
)


def test_forecast_is_deterministic_for_a_seed():
    # two real fits, never the disk cache (a cached second answer could not differ)
    a = SeriesForecast("gdp_real_growth", as_of=2022, seed=7).fit()
    b = SeriesForecast("gdp_real_growth", as_of=2022, seed=7).fit()
    assert a.prob_meet == b.prob_meet and a.model == b.model
    assert a.forecast.equals(b.forecast) and a.backtest.equals(b.backtest) and a.errors.equals(b.errors)
    # and the seed matters, so the comparison above can fail
    c = SeriesForecast("gdp_real_growth", as_of=2022, seed=8).fit()
    assert c.prob_meet != a.prob_meet
    assert c.model == a.model and c.forecast.equals(a.forecast)  # the seed moves only the simulation


def test_benchmarks_compete_and_the_reported_model_follows_the_rule():
    res = forecast("gdp_real_growth")
    bt = res.backtest.set_index("model")
    # ETS is not a candidate on a 10-point series (it degenerated there: alpha ~ 0, damping at its bound)
    assert list(bt.index) == ["naive", "mean3", "median5", "drift"]
    assert (bt["n_origins"] == bt["n_origins"].iloc[0]).all() and bt["n_origins"].iloc[
        0
    ] >= 5  # the same origins for all
    assert bt.loc["naive", "mase"] == 1.0 and math.isnan(bt.loc["naive", "p_vs_naive"])
    rivals = bt.drop("naive")
    beats = rivals[(rivals["mase"] < SELECT_BELOW) & (rivals["p_vs_naive"] < 0.10)]
    if beats.empty:
        assert (res.model, res.selection) == ("naive", "no_model_beats_naive")
        assert "no model beats the naive forecast" in res.summary()
    else:
        assert res.selection == "chosen" and res.model == beats["mase"].idxmin()
    assert res.forecast["year"].tolist() == [2025] and (res.forecast["model"] == res.model).all()
    f = res.forecast
    assert (
        (f["lo95"] <= f["lo80"]) & (f["lo80"] <= f["mean"]) & (f["mean"] <= f["hi80"]) & (f["hi80"] <= f["hi95"])
    ).all()


def test_gdp_is_naive_and_says_so_plainly():
    # 7 one-step errors: the best rival's lower error is not distinguishable from chance
    for as_of in (2022, 2023, None):
        res = forecast("gdp_real_growth", as_of=as_of)
        assert res.selection == "no_model_beats_naive" and res.model == "naive"
        assert (res.forecast["mean"] == res.history["value"].iloc[-1]).all()  # last value carried forward
        assert "the forecast shown is the naive one" in res.summary()


def test_a_random_walk_reports_that_no_model_beats_naive():
    z = np.cumsum(np.random.default_rng(11).normal(size=12))  # pure noise in the steps: naive is optimal
    fit = fit_values(z)
    assert (fit.model, fit.selection) == ("naive", "no_model_beats_naive")
    # while on noise around a level the recent mean / median legitimately beat it
    level = 5 + np.random.default_rng(3).normal(size=40)
    fit = fit_values(level)
    assert fit.selection == "chosen" and fit.model in ("mean3", "median5", "ets")


def test_the_empirical_interval_covers_what_it_states_on_a_known_process():
    # a random walk with N(0, 1) steps: the one-step error of the naive forecast is N(0, 1),
    # so the true coverage of a stated half-width w is 2 Phi(w) - 1
    z = np.cumsum(np.random.default_rng(2021).normal(size=150))
    fit = fit_values(z)
    assert fit.model == "naive"
    n = fit.errors.size
    h80, h95 = fit.bands()
    for level, width in ((0.80, h80), (0.95, h95)):
        true = 2 * NormalDist().cdf(width) - 1
        assert abs(true - level) < 3 * math.sqrt(level * (1 - level) / n), (level, true)
    # the real-time coverage in the backtest (each error judged by a band from earlier errors)
    coverage, checked = realtime_coverage(fit.errors)
    lo, hi = coverage_interval(round(coverage * checked), checked)
    assert checked > 100 and lo <= 0.80 <= hi


def test_interval_rules():
    errors = np.array([0.3, -0.5, 2.6, -5.5, 4.7, 0.6, -2.7])
    # 7 errors: the ceil(8 * 0.8) = 7th smallest absolute error, i.e. the largest
    assert half_width(errors, 0.8) == 5.5
    # 95 % needs 19 errors: root mean square times t(0.975, 7) = 2.365
    assert half_width(errors, 0.95) == pytest.approx(2.365 * math.sqrt(np.mean(errors**2)), rel=2e-3)
    assert half_width(np.arange(1.0, 20.0), 0.95) == 19.0
    lo, hi = coverage_interval(3, 4)
    assert lo == pytest.approx(0.1941, abs=1e-3) and hi == pytest.approx(0.9937, abs=1e-3)


def test_bands_widen_with_the_square_root_of_the_horizon():
    res = forecast("gdp_real_growth", as_of=2022)
    f = res.forecast
    assert f["h"].tolist() == [1, 2, 3]
    ratio = (f["hi80"] - f["mean"]) / (f["hi80"] - f["mean"]).iloc[0]
    assert ratio.to_numpy() == pytest.approx(np.sqrt(f["h"].to_numpy()))


@pytest.mark.parametrize(
    ("as_of", "last", "needed", "span"),
    [(2023, 2023, "10.84 % a year", "2024-2025"), (2024, 2024, "growth of 20.10 %", "2025 would")],
)
def test_gdp_summary_states_the_data_year_and_the_needed_rate(as_of, last, needed, span):
    from shanxi_analysis.models.growth import required_remaining_average
    from shanxi_analysis.report.narrative import forecast_summary

    res = forecast("gdp_real_growth", as_of=as_of)
    assert res.last_year == last and res.history["year"].max() == last
    observed = res.history[res.history["year"] >= 2021].drop_duplicates("year", keep="last")["value"]
    assert res.needed["value"] == pytest.approx(required_remaining_average(observed.to_numpy(), 8.0, 5))
    en = forecast_summary(res, "en")
    assert f"data up to {last}" in en and needed in en and span in en
    assert "target (over 8 % a year, 2021-2025 average)" in en  # the plan's >8, read in English
    assert f"probability of meeting it is about {res.prob_meet:.0%}" in en
    assert en.startswith("GDP growth (") and "gdp_real_growth" not in en  # the indicator named, not the series id
    zh = forecast_summary(res, "zh")
    assert f"数据截至{last}年" in zh and f"{res.needed['value']:.2f}%" in zh and f"{res.prob_meet:.0%}" in zh
    assert not any("a" <= ch.lower() <= "z" for ch in zh), zh  # Chinese text carries no English words
    assert f"{res.coverage80_backtest:.0%}" in en and "consistent with 80 %" in en


def test_as_of_2025_says_data_up_to_2024_not_2025():
    res = forecast("gdp_real_growth", as_of=2025)
    assert res.last_year == 2024 and "data up to 2024" in res.summary() and "2025" not in res.summary().split(":")[0]


def test_hindsight_rows_for_2023_and_2024():
    rows = hindsight("gdp_real_growth", first_as_of=2022, as_of=2025)
    assert sorted(zip(rows["as_of"], rows["year"], strict=True)) == [(2022, 2023), (2022, 2024), (2023, 2024)]
    assert (rows.loc[rows["year"] == 2024, "actual"] == 2.3).all()
    assert (rows.loc[rows["year"] == 2023, "actual"] == 5.0).all()
    assert (rows["inside_80"] == ((rows["lo80"] <= rows["actual"]) & (rows["actual"] <= rows["hi80"]))).all()
    then = forecast("gdp_real_growth", as_of=2023)
    assert rows.set_index(["as_of", "year"]).loc[(2023, 2024), "forecast"] == then.forecast.iloc[0]["mean"]


@pytest.mark.parametrize(
    ("series", "as_of"),
    [("gdp_real_growth", None), ("gdp_real_growth", 2023), ("forest_coverage", None), ("urbanization_rate", None)],
)
def test_forecast_json_round_trip_is_exact(series, as_of):
    fresh = SeriesForecast(series, as_of=as_of).fit()
    back = ForecastResults.from_json(json.loads(json.dumps(fresh.to_json(), allow_nan=True)))
    for name in ForecastResults._FRAMES:
        assert getattr(back, name).equals(getattr(fresh, name)), name
        assert list(getattr(back, name).dtypes) == list(getattr(fresh, name).dtypes), name
    for name in ForecastResults._SCALARS:
        a, b = getattr(back, name), getattr(fresh, name)
        assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)), name
        assert type(a) is type(b), name


def test_short_series_say_not_enough_data():
    res = forecast("forest_coverage")
    assert res.status == "not_enough_data" and "not enough data" in res.message
    assert res.forecast.empty and res.points < 6


def test_bounded_share_forecast_stays_in_range():
    from shanxi_analysis.models.forecast import Scale

    logit = Scale("logit")
    z = logit.forward([30.0, 60.0, 99.0])
    assert logit.back(z) == pytest.approx([30.0, 60.0, 99.0])
    assert ((logit.back(z + 10) < 100) & (logit.back(z - 10) > 0)).all()  # any shift stays in (0, 100)


def test_no_forecast_across_a_basis_break():
    # urbanization 2019 (2010-census basis) -> 2020 (7th census): only 2020-2024 are comparable
    res = forecast("urbanization_rate")
    assert res.status == "not_enough_data" and "since the basis break in 2020" in res.message
    assert res.basis_break == 2020


def test_as_of_uses_only_earlier_data():
    res = forecast("gdp_real_growth", as_of=2022, to=2025)
    assert res.history["year"].max() == 2022 and res.last_year == 2022
    assert res.forecast["year"].tolist() == [2023, 2024, 2025]
    assert res.errors["year"].max() == 2022


def test_backtest_scores_a_perfect_trend_best_by_drift():
    z = np.arange(10, dtype=float) * 2.0 + 5  # exact linear trend: the drift rule is exact
    bt = backtest(z).set_index("model")
    assert bt.loc["drift", "mase"] == pytest.approx(0, abs=1e-9)
    assert fit_values(z).model == "drift"


def test_ets_competes_only_on_long_series_and_degenerate_fits_are_dropped():
    assert "ets" not in backtest(np.cumsum(np.ones(14)))["model"].tolist()
    long = np.cumsum(np.random.default_rng(5).normal(size=24)) + np.random.default_rng(6).normal(size=24)
    bt = backtest(long).set_index("model")
    assert list(bt.index) == list(MODELS)
    assert math.isnan(bt.loc["ets", "mase"]) or 0 < bt.loc["ets", "mase"] < 2


def test_forecastable_series_are_the_linked_annual_ones():
    assert forecastable_series()[:2] == ["gdp_real_growth", "urbanization_rate"]


def test_logit_scale_is_used_for_shares():
    from shanxi_analysis.models.forecast import choose_scale

    assert choose_scale("share_pct", "%", np.array([20.0, 30.0])).name == "logit"
    assert choose_scale("growth_real_pct", "%", np.array([5.0, -1.0])).name == "identity"
    assert choose_scale("level", "亿元", np.array([5.0, 6.0])).name == "log"


def test_a_target_year_already_observed_is_an_answer_not_an_error():
    """The nation's last plan year is out before the region's: its GDP growth for 2025 is observed,
    so there is nothing to forecast, and the forecasts page and the briefing say so (a national run
    failed here)."""
    from shanxi_analysis.models.forecast import forecast
    from shanxi_analysis.report.narrative import forecast_gap

    res = forecast("gdp_real_growth", as_of=2025, plan="china-14")
    assert res.status == "target_observed" and res.last_year == 2025
    assert forecast_gap(res, "en") == "the target year 2025 is observed (data up to 2025): nothing is left to forecast"
    assert "无需预测" in forecast_gap(res, "zh")

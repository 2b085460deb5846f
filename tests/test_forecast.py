"""Forecasts: deterministic for a seed, honest about short series, bounded rates stay bounded."""

import numpy as np
import pytest

from shanxi_analysis.forecast import MODELS, backtest, forecast, forecastable_series


def test_forecast_is_deterministic_for_a_seed():
    a, b = forecast("gdp_real_growth", seed=7), forecast("gdp_real_growth", seed=7)
    assert a.prob_meet == b.prob_meet
    pd_equal = (a.forecast.drop(columns="model") == b.forecast.drop(columns="model")).all().all()
    assert pd_equal and a.model == b.model


def test_model_is_the_backtest_winner():
    res = forecast("gdp_real_growth")
    assert set(res.backtest["model"]) == set(MODELS)
    assert res.model == res.backtest.sort_values("mase").iloc[0]["model"]
    assert (res.backtest["n_origins"] >= 2).all()
    assert res.forecast["year"].tolist() == [2024, 2025]
    assert (res.forecast["lo80"] <= res.forecast["mean"]).all() and (res.forecast["mean"] <= res.forecast["hi80"]).all()


def test_short_series_say_not_enough_data():
    res = forecast("forest_coverage")
    assert res.status == "not_enough_data" and "not enough data" in res.message
    assert res.forecast.empty


def test_bounded_share_forecast_stays_in_range():
    res = forecast("urbanization_rate", to=2035)
    assert res.scale == "logit"
    assert ((res.forecast[["lo95", "hi95"]] > 0) & (res.forecast[["lo95", "hi95"]] < 100)).all().all()
    assert 0 <= res.prob_meet <= 1


def test_as_of_uses_only_earlier_data():
    res = forecast("gdp_real_growth", as_of=2022, to=2025)
    assert res.history["year"].max() == 2022
    assert res.forecast["year"].tolist() == [2023, 2024, 2025]


def test_backtest_scores_a_perfect_trend_best_by_drift():
    z = np.arange(10, dtype=float) * 2.0 + 5  # exact linear trend: drift models are exact
    bt = backtest(z).set_index("model")
    assert bt.loc["avg_growth", "mase"] == pytest.approx(0, abs=1e-9)


def test_forecastable_series_are_the_linked_annual_ones():
    assert forecastable_series()[:2] == ["gdp_real_growth", "urbanization_rate"]

"""Forecasts: deterministic for a seed, honest about short series, bounded rates stay bounded."""

import numpy as np
import pytest

from shanxi_analysis.models.forecast import MODELS, SeriesForecast, backtest, forecast, forecastable_series


def test_forecast_is_deterministic_for_a_seed():
    # two real fits, never the disk cache (a cached second answer could not differ)
    a = SeriesForecast("gdp_real_growth", as_of=2022, seed=7).fit()
    b = SeriesForecast("gdp_real_growth", as_of=2022, seed=7).fit()
    assert a.prob_meet == b.prob_meet and a.model == b.model
    assert a.forecast.equals(b.forecast) and a.backtest.equals(b.backtest)
    # and the seed matters, so the comparison above can fail
    c = SeriesForecast("gdp_real_growth", as_of=2022, seed=8).fit()
    assert c.prob_meet != a.prob_meet


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
    from shanxi_analysis.models.forecast import Scale

    logit = Scale("logit")
    z = logit.forward([30.0, 60.0, 99.0])
    assert logit.back(z) == pytest.approx([30.0, 60.0, 99.0])
    assert ((logit.back(z + 10) < 100) & (logit.back(z - 10) > 0)).all()  # any shift stays in (0, 100)


def test_no_forecast_across_a_basis_break():
    # urbanization 2019 (2010-census basis) -> 2020 (7th census): only 2020-2024 are comparable
    res = forecast("urbanization_rate")
    assert res.status == "not_enough_data" and "since the basis break in 2020" in res.message


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


def test_logit_scale_is_used_for_shares():
    from shanxi_analysis.models.forecast import choose_scale

    assert choose_scale("share_pct", "%", np.array([20.0, 30.0])).name == "logit"
    assert choose_scale("growth_real_pct", "%", np.array([5.0, -1.0])).name == "identity"
    assert choose_scale("level", "亿元", np.array([5.0, 6.0])).name == "log"

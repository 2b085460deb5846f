"""Verdicts: the 13th plan on its printed outcomes, the 14th plan as of a year."""

import math

import pytest

from shanxi_analysis.models.assess import STATUSES_OBSERVED, STATUSES_OUTCOMES, Assessment, assess
from shanxi_analysis.core.errors import ShanxiError


def row(df, no):
    return df[df["no"] == no].iloc[0]


@pytest.fixture(scope="module")
def plan13():
    return assess(plan=13)


def test_every_13th_row_gets_a_verdict(plan13):
    assert len(plan13) == 45 and set(plan13["status"]) <= set(STATUSES_OUTCOMES)
    assert set(plan13.loc[plan13["status"] == "not_assessable", "no"]) == {"13c", "29e", "30"}


@pytest.mark.parametrize("no, printed", [("4", 8.2), ("5", 7.1), ("10", 9.75), ("12a", 6.1), ("12b", 8.0)])
def test_13th_table_growth_reproduced_from_levels(plan13, no, printed):
    r = row(plan13, no)
    assert r["rate_check"] == "reproduced"
    assert abs(r["implied_level_cagr"] - printed) <= 0.05


def test_13th_gdp_is_judged_on_real_growth_not_nominal_levels(plan13):
    gdp = row(plan13, "1")
    assert gdp["status"] == "missed"  # 5.4 % real against 6.5左右 (tolerance 0.5 pp -> at least 6.0)
    assert gdp["rate_check"] == "not_derivable"
    assert gdp["implied_level_cagr"] == pytest.approx(8.32, abs=0.01)  # nominal, must not be used
    assert "real" in gdp["explanation"] and "inflation" in gdp["explanation"]


def test_13th_verdicts_and_margins(plan13):
    assert row(plan13, "4")["status"] == "achieved" and row(plan13, "4")["margin"] == pytest.approx(44.66)
    assert row(plan13, "5")["status"] == "missed" and row(plan13, "5")["margin"] == pytest.approx(-17.54)
    assert row(plan13, "18a")["status"] == "achieved"  # 4.21 ≤ 5.5, lower is better
    assert row(plan13, "18a")["margin"] == pytest.approx(1.29)
    assert row(plan13, "2a")["status"] == "missed"  # 59.55 (2019 data) against 60以上
    assert row(plan13, "6")["status"] == "missed"  # [94.34] against [155]
    assert row(plan13, "29a")["status"] == "achieved"  # [21] against [≥17.6]


def test_14th_statuses_use_the_documented_vocabulary():
    for method in ("eurostat", "escap"):
        df = assess(plan=14, as_of=2023, method=method)
        assert len(df) == 46 and set(df["status"]) <= set(STATUSES_OBSERVED)
        assert set(df["method"]) == {method}
        na = df[df["target_kind"] == "national_assessment"]
        assert set(na["status"]) == {"not_quantified"}


def test_gdp_average_growth_as_of_2023():
    gdp = row(assess(plan=14, as_of=2023), "1")
    # chained 2021-2023: 9.1, 4.4, 5.0 -> 6.15 %; ratio 6.15 / 8 = 0.768 -> moderate
    assert gdp["actual_rate"] == pytest.approx(6.1465, abs=1e-3)
    assert gdp["ratio"] == pytest.approx(0.7683, abs=1e-3)
    assert gdp["remaining_rate"] == pytest.approx(10.84, abs=0.01)
    assert gdp["status"] == "moderate" and gdp["midterm"] == "behind"


def test_published_period_average_used_when_annual_values_are_missing():
    gdp = row(assess(plan=14, as_of=2025), "1")
    assert gdp["status"] == "missed" and gdp["actual_rate"] == 5.0
    assert "published 2021-2025 average" in gdp["explanation"] and "2024, 2025" in gdp["explanation"]


def test_as_of_cut_leaks_nothing_later():
    for year in (2021, 2022, 2023, 2024):
        df = assess(plan=14, as_of=year)
        assert (df["latest_year"].dropna() <= year).all()
    early = row(assess(plan=14, as_of=2022), "1")
    assert early["actual_rate"] == pytest.approx(((1.091 * 1.044) ** 0.5 - 1) * 100)


def test_verdict_changes_with_as_of():
    a = row(assess(plan=14, as_of=2022), "1")
    b = row(assess(plan=14, as_of=2025), "1")
    assert (a["status"], b["status"]) == ("moderate", "missed")


def test_level_target_pace_in_percentage_points_and_no_pace_across_a_census_break():
    urb = row(assess(plan=14, as_of=2023), "2")
    # The plan's base 59.55 is a 2019 estimate on the 2010-census basis; 2020 (62.53) is the 7th
    # census.  Pace is measured on the new basis: (64.97 - 62.53) / 3 = 0.8133 pp a year against
    # (68 - 62.53) / 5 = 1.094 pp a year -> ratio 0.743, moderate (not 1.355 / 1.408 across the break).
    assert urb["actual_rate"] == pytest.approx(0.81333, abs=1e-4)
    assert urb["required_rate"] == pytest.approx(1.094)
    assert urb["remaining_rate"] == pytest.approx(1.515)
    assert urb["rate_unit"] == "pp/yr" and urb["status"] == "moderate"
    assert "basis break in 2020" in urb["explanation"]


def test_escap_projection_by_weighted_trend():
    urb = row(assess(plan=14, as_of=2023, method="escap"), "2")
    assert math.isfinite(urb["projected_value"]) and urb["status"] in ("on_track", "moderate")


def test_bad_parameters_list_the_choices():
    with pytest.raises(ShanxiError, match="as-of year 2030 is outside the data.*2021, 2022, 2023, 2024, 2025"):
        Assessment(14, as_of=2030)
    with pytest.raises(ShanxiError, match="unknown method 'imf'; valid choices: eurostat, escap"):
        Assessment(14, method="imf")
    with pytest.raises(ShanxiError, match="unknown indicator '99'"):
        Assessment(14, indicators=["99"]).fit()


def test_binding_vs_expected_visible(plan13):
    res = Assessment(13).fit()
    table = res.counts_by_attribute()
    assert set(table.columns) == {"binding", "expected"}
    assert table.loc["missed", "binding"] == 0  # every binding 13th-plan target with an outcome was met
    assert "45 indicators" in res.summary()


def test_flipping_direction_flips_a_verdict():
    from shanxi_analysis.models.assess import evaluate_outcome
    from shanxi_analysis.data.plans import load_targets

    t = load_targets(13)
    r = t[t["no"] == "28b"].iloc[0].copy()  # 70.7 against 55.2, higher is better: achieved
    assert evaluate_outcome(r)["status"] == "achieved"
    r["direction"] = "lower"
    assert evaluate_outcome(r)["status"] == "missed"


def test_midterm_wording_reads_a_zero_ratio_as_zero():
    from shanxi_analysis.models.assess import _finish

    rec = _finish({"status": "insufficient", "ratio": 0.0})
    assert rec["midterm"] == "behind"
    assert _finish({"status": "no_data"})["midterm"] == "no_data"
    from shanxi_analysis.report.messages import midterm_label

    assert midterm_label(rec["midterm"], "zh") == "滞后" and midterm_label("no_data", "zh") == "暂无数据"


def test_every_midterm_code_has_words_in_both_languages():
    from shanxi_analysis.models.assess import MIDTERM_CODES, STATUSES_OBSERVED
    from shanxi_analysis.report.messages import midterm_label

    for code in MIDTERM_CODES + STATUSES_OBSERVED:
        assert midterm_label(code, "zh") and midterm_label(code, "en")

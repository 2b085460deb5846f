"""Verdicts: the 13th plan on its printed outcomes, the 14th plan as of a year."""

import math

import pytest

from conftest import sign
from shanxi_analysis.core.errors import ShanxiError
from shanxi_analysis.models.assess import STATUSES_OBSERVED, STATUSES_OUTCOMES, Assessment, assess


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


def explain(r, lang: str = "en") -> str:
    """The row's explanation (models.verdicts), as the command line and AssessmentResults.explain give it."""
    from shanxi_analysis.models.verdicts import explanation

    return explanation(r, lang)


def test_13th_gdp_is_judged_on_real_growth_not_nominal_levels(plan13):
    gdp = row(plan13, "1")
    assert gdp["status"] == "missed"  # 5.4 % real against 6.5左右 (tolerance 0.5 pp -> at least 6.0)
    assert gdp["rate_check"] == "not_derivable"
    assert gdp["implied_level_cagr"] == pytest.approx(8.32, abs=0.01)  # nominal, must not be used
    assert "real" in explain(gdp) and "inflation" in explain(gdp) and "实际增长" in explain(gdp, "zh")


def test_13th_verdicts_and_margins(plan13):
    assert row(plan13, "4")["status"] == "achieved" and row(plan13, "4")["margin"] == pytest.approx(44.66)
    assert row(plan13, "5")["status"] == "missed" and row(plan13, "5")["margin"] == pytest.approx(-17.54)
    assert row(plan13, "18a")["status"] == "achieved"  # 4.21 ≤ 5.5, lower is better
    assert row(plan13, "18a")["margin"] == pytest.approx(1.29)
    # 59.55 is 2019 data (*) against 60以上 for 2020: not a flat miss.  At the row's own pace
    # (59.55 - 55.03) / 4 = 1.13 pp a year (the outline, line 119, says about 1.1) 2020 reads 60.68.
    urb = row(plan13, "2a")
    assert urb["status"] == "provisional" and urb["lean"] == "achieved"
    assert urb["projected_value"] == pytest.approx(59.55 + (59.55 - 55.03) / 4)
    assert "2019 data (*)" in explain(urb) and urb["outcome_flag"] == "earlier_year"
    assert "2019年数据(*)" in explain(urb, "zh")
    assert row(plan13, "6")["status"] == "missed"  # [94.34] against [155]
    assert row(plan13, "29a")["status"] == "achieved"  # [21] against [≥17.6]


def test_14th_statuses_use_the_documented_vocabulary():
    for method in ("eurostat", "escap"):
        df = assess(plan=14, as_of=2023, method=method)
        assert len(df) == 46 and set(df["status"]) <= set(STATUSES_OBSERVED)
        assert set(df["method"]) == {method}
        na = df[df["target_kind"] == "national_assessment"]
        assert set(na["status"]) == {"not_quantified"}


def test_gdp_average_growth_as_of_2023_is_out_of_reach():
    gdp = row(assess(plan=14, as_of=2023), "1")
    # chained 2021-2023: 9.1, 4.4, 5.0 -> 6.15 %; ratio 6.15 / 8 = 0.768 would read "moderate",
    # but 2024-25 need (1.08^5 / (1.091 * 1.044 * 1.05))^(1/2) - 1 = 10.84 % a year, and the best
    # year since 2015 is 9.1 (2021): out of reach
    assert gdp["actual_rate"] == pytest.approx(6.1465, abs=1e-3)
    assert gdp["ratio"] == pytest.approx(0.7683, abs=1e-3)
    assert gdp["remaining_rate"] == pytest.approx(10.84, abs=0.01)
    assert (gdp["history_best"], gdp["history_best_year"], gdp["history_from"]) == (9.1, 2021, 2015)
    assert gdp["status"] == "unlikely" and gdp["evidence"] == "firm" and gdp["n_obs"] == 3
    words = explain(gdp)
    assert (
        "10.841 % a year needed in the remaining years (2024-2025)" in words
        and "best since 2015: 9.1 (2021), never the pace" in words
    )
    assert "chained average of the annual rates of 2021-2023 (9.1, 4.4, 5)" in words


def test_gdp_as_of_2024_needs_twenty_percent_in_2025():
    gdp = row(assess(plan=14, as_of=2024), "1")
    needed = (1.08**5 / (1.091 * 1.044 * 1.05 * 1.023) - 1) * 100  # 2024: 2.3 (first release)
    assert gdp["remaining_rate"] == pytest.approx(needed) and 20 < needed < 20.2
    assert gdp["status"] == "unlikely" and "best since 2015: 9.1 (2021), never the pace now needed" in explain(gdp)


def test_published_period_average_used_when_annual_values_are_missing():
    gdp = row(assess(plan=14, as_of=2025), "1")
    assert gdp["status"] == "missed" and gdp["actual_rate"] == 5.0
    # the verdict names its vintage: the February 2026 statement, not November 2025's 预计
    assert "published 2021-2025 average 5 % a year (preliminary)" in explain(gdp)
    assert "annual figures for 2025 are not in the data" in explain(gdp)
    assert "preliminary" in gdp["vintages"] and "estimate" not in gdp["vintages"]


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
    # 2024-25 would need 1.515 pp a year; the best year-on-year rise since 2019 is 1.105
    # (2017 -> 2019 on the old basis: (59.55 - 57.34) / 2): out of reach
    assert urb["rate_unit"] == "pp_per_year" and urb["status"] == "unlikely"
    assert urb["history_best"] == pytest.approx(1.105)
    assert "changed basis in 2020; the pace is measured from 2020" in explain(urb)
    assert "from 62.53 % in 2020 to 64.97 % in 2023" in explain(urb)
    # sensitivity: from the old 2019 base, (64.97 - 59.55) / 4 / ((68 - 59.55) / 6) = 0.962
    assert "the ratio would be 0.962 (on track)" in explain(urb)
    assert urb["sensitivity_ratio"] == pytest.approx(0.962, abs=1e-3) and urb["sensitivity_status"] == "on_track"


def test_escap_projection_by_weighted_trend():
    urb = row(assess(plan=14, as_of=2023, method="escap"), "2")
    assert math.isfinite(urb["projected_value"]) and urb["status"] in ("on_track", "moderate", "unlikely")


def test_bad_parameters_list_the_choices():
    with pytest.raises(ShanxiError, match=r"as-of year 2030 is outside the data.*2021, 2022, 2023, 2024, 2025"):
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
    from shanxi_analysis.data.plans import load_targets
    from shanxi_analysis.models.assess import evaluate_outcome

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

    assert midterm_label(rec["midterm"], "zh") == "相对滞后" and midterm_label("no_data", "zh") == "暂无数据"


def test_every_midterm_code_has_words_in_both_languages():
    from shanxi_analysis.models.assess import MIDTERM_CODES, STATUSES_OBSERVED
    from shanxi_analysis.report.messages import midterm_label

    for code in MIDTERM_CODES + STATUSES_OBSERVED:
        assert midterm_label(code, "zh") and midterm_label(code, "en")


# --- evidence rules ------------------------------------------------------------------------------

FIRM_OR_OUTCOME = {"on_track", "moderate", "insufficient", "moving_away", "unlikely", "achieved", "missed"}


@pytest.mark.parametrize("as_of", [2021, 2022, 2023, 2024, 2025])
@pytest.mark.parametrize("method", ["eurostat", "escap"])
def test_no_verdict_rests_on_one_observation_or_on_estimates(as_of, method):
    df = assess(plan=14, as_of=as_of, method=method)
    firm = df[df["status"].isin(FIRM_OR_OUTCOME)]
    assert (firm["n_obs"] >= 2).all(), firm[["no", "n_obs", "status"]]
    assert not firm["vintages"].eq("estimate").any()
    assert (firm["evidence"] == "firm").all()
    for col in ("n_obs", "first_year", "latest_year", "data_age", "vintages", "evidence"):
        assert col in df


def test_single_old_observations_are_provisional_not_on_track():
    df = assess(plan=14, as_of=2024).set_index("no")
    # one observation each: enterprises 2021, key labs 2022, universities 2022, high-tech 2021, 5G 2023
    for no in ("3", "8b", "12", "14", "15"):
        assert df.loc[no, "status"] == "provisional" and df.loc[no, "n_obs"] == 1, no
        assert df.loc[no, "lean"] == "on_track"  # what the single point suggests, shown apart
    assert df.loc["3", "data_age"] == 3


def test_rd_growth_needs_a_pace_never_seen():
    rd = row(assess(plan=14, as_of=2023), "7")
    # 19.3, 8.7, 8.9 -> (1.2^5 / (1.193 * 1.087 * 1.089))^(1/2) - 1 = 32.74 % a year; best 19.3 (2021)
    assert rd["remaining_rate"] == pytest.approx(((1.2**5 / (1.193 * 1.087 * 1.089)) ** 0.5 - 1) * 100)
    assert rd["status"] == "unlikely" and rd["history_best"] == 19.3


def test_final_year_without_final_data_is_pending():
    table = assess(plan=14, as_of=2025)
    df, urb = table.set_index("no"), row(table, "2")
    assert urb["status"] == "pending" and "final data pending, leaning out of reach" in explain(urb)
    assert urb["pending_reason"] == "final_missing" and urb["lean"] == "unlikely"  # issue 16: the lean is kept
    assert "the 2025 value is not yet in this data set" in explain(urb) and "not out yet" not in explain(urb)
    # pension coverage: '95' stated for end-September 2025 is not the year-end value
    assert df.loc["33", "status"] == "pending" and df.loc["33", "lean"] == "achieved"


def test_an_estimate_alone_is_never_an_outcome(data_copy):
    path = data_copy / "raw" / "observed.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        line for line in lines if not (line.startswith("gdp_real_growth_avg5,shanxi,2025,") and ",preliminary," in line)
    ]
    assert len(kept) == len(lines) - 1
    path.write_text("".join(kept), encoding="utf-8")
    sign(path.parent)
    gdp = row(Assessment(14, as_of=2025, data_dir=data_copy).fit().table, "1")
    assert gdp["status"] == "pending" and gdp["lean"] == "missed"
    assert "stated before the period ended" in explain(gdp) and gdp["pending_reason"] == "estimate_only"


@pytest.mark.parametrize(
    "no, unit",
    [("12", "units_per_year"), ("35", "years_per_year"), ("37", "pct_per_year"), ("2", "pp_per_year"), ("1", "pct")],
)
def test_pace_units_follow_what_is_measured(no, unit):
    assert row(assess(plan=14, as_of=2024), no)["rate_unit"] == unit


def test_counts_move_in_units_not_percent():
    uni = row(assess(plan=14, as_of=2023), "12")  # 1 -> 2 universities 2020-2022, target 3 in 2025
    assert uni["actual_rate"] == pytest.approx(0.5) and uni["required_rate"] == pytest.approx(0.4)
    assert uni["remaining_rate"] == pytest.approx(1 / 3) and uni["discrete"]


def test_13th_plan_flags_estimates_and_the_approx_band(plan13):
    rd = row(plan13, "8")
    assert rd["outcome_flag"] == "estimate" and "预计数" in explain(rd) and "an estimate" in explain(rd)
    inc = row(plan13, "12a")  # urban income growth 6.1 against 6.5左右: met only within the band, and nominal
    assert inc["status"] == "achieved"
    assert "only within the “左右” (about) tolerance" in explain(inc) and "Nominal" in explain(inc)


def test_an_assessment_is_fitted_once_per_state_and_again_after_an_edit(data_copy, monkeypatch):
    """The tracker, its heat map, the briefing and the scenarios share one fit per plan, as-of year,
    method and files; each caller gets its own copy; an edited file is fitted again."""
    calls = []
    fit = Assessment._fit

    def counted(self):
        calls.append((self.as_of, self.method))
        return fit(self)

    monkeypatch.setattr(Assessment, "_fit", counted)
    first = Assessment(14, as_of=2024, data_dir=data_copy).fit()
    again = Assessment(14, as_of=2024, method="eurostat", data_dir=data_copy).fit()
    Assessment(14, as_of=2024, method="escap", data_dir=data_copy).fit()
    assert calls == [(2024, "eurostat"), (2024, "escap")]
    assert again.table.equals(first.table) and again.table is not first.table
    again.table.loc[0, "status"] = "changed by a caller"
    assert Assessment(14, as_of=2024, data_dir=data_copy).fit().table.loc[0, "status"] != "changed by a caller"
    for name in ("observed.csv", "outside_snippet.csv"):  # the row and what its source says outside its snippet
        path = data_copy / "raw" / name
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(line for line in lines if not line.startswith("gdp_real_growth,shanxi,2024,")))
    sign(data_copy / "raw", "2024 GDP growth removed")
    edited = Assessment(14, as_of=2024, data_dir=data_copy).fit()
    assert calls == [(2024, "eurostat"), (2024, "escap"), (2024, "eurostat")]
    assert not edited.table.equals(first.table)

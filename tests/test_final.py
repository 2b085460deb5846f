"""Issue 16: a finished plan's final evaluation, the values derived from levels, what would close
the plan, and the engine fixes (ceiling, range, strict bound, reachability), each from its case."""

import math

import numpy as np
import pandas as pd
import pytest

from conftest import sign
from shanxi_analysis.core.errors import ShanxiError
from shanxi_analysis.models import status as st
from shanxi_analysis.models.assess import Assessment, assess_indicator
from shanxi_analysis.models.final import FINAL_BASES, FINAL_CLASSES, FinalEvaluation


@pytest.fixture(scope="module")
def final14():
    return FinalEvaluation(plan=14, as_of=2025).fit()


@pytest.fixture(scope="module")
def final13():
    return FinalEvaluation(plan=13).fit()


def one(final, no):
    return final.table.set_index("no", drop=False).loc[no]


# --- the final evaluation -------------------------------------------------------------------------


def test_every_row_has_one_class_and_the_headline_adds_up(final14, final13):
    for final, n in ((final14, 46), (final13, 45)):
        assert set(final.table["final"]) <= set(FINAL_CLASSES) and set(final.table["final_basis"]) <= set(FINAL_BASES)
        counts = final.counts()
        assert list(counts.index) == list(FINAL_CLASSES) and int(counts.sum()) == n == len(final.table)
        by_attribute = sum(int(final.counts(a).sum()) for a in final.table["attribute"].unique())
        assert by_attribute == n


def test_urbanization_rd_and_income_read_very_likely_missed_with_the_pace_needed(final14):
    """Done when: urbanization and R&D read very likely missed with the needed pace (they read a
    bare 'final data pending' with no lean); row 29 is assessed from levels."""
    from shanxi_analysis.models.verdicts import explanation

    urb, rd, income = one(final14, "2"), one(final14, "7"), one(final14, "29")
    for r in (urb, rd, income):
        assert (r["status"], r["final"], r["final_basis"]) == ("pending", "very_likely_missed", "last_evidence")
        assert r["lean"] == "unlikely" and r["reach"] == "never_reached" and r["needed_years"] == (2025,)
    # 66.32 in 2024 against 68: +1.68 pp in 2025; the best single year since 2017 is 1.35 (2024)
    assert urb["remaining_rate"] == pytest.approx(68 - 66.32) and urb["history_best"] == pytest.approx(1.35)
    text = explanation(urb, "en")
    assert "Final evaluation: very likely missed: needs 1.68 pp a year in 2025, never recorded" in text
    assert "the 2025 value is not yet in this data set" in text and "not out yet" not in text
    assert "本数据集尚无2025年的值" in explanation(urb, "zh") and "尚未发布" not in explanation(urb, "zh")
    # R&D: 19.3, 8.7, 8.9 published; 2024 derived from 298.2 and 311.8 (both first releases)
    assert rd["derived_years"] == (2024,) and rd["latest_value"] == pytest.approx((311.8 / 298.2 - 1) * 100)
    needed = (1.2**5 / (1.193 * 1.087 * 1.089 * (311.8 / 298.2)) - 1) * 100
    assert rd["remaining_rate"] == pytest.approx(needed) and rd["remaining_rate"] > 60


def test_income_growth_is_derived_from_levels_nominal_and_said_so(final14):
    """Row 29 read 'no data' although the income levels 2016-2024 are in observed.csv: 2020-24
    about 6.5 % a year against >8, about 14 % needed in 2025."""
    from shanxi_analysis.models.verdicts import explanation

    r = one(final14, "29")
    levels = {2020: 25214, 2021: 27426, 2022: 29178, 2023: 30924, 2024: 32441}
    assert r["derived_years"] == (2021, 2022, 2023, 2024) and r["derived_basis"] == "nominal"
    assert r["derived_from"] == "disposable_income_per_capita"
    assert r["actual_rate"] == pytest.approx(((levels[2024] / levels[2020]) ** 0.25 - 1) * 100)
    assert 6.4 < r["actual_rate"] < 6.6
    assert r["remaining_rate"] == pytest.approx((1.08**5 * levels[2020] / levels[2024] - 1) * 100)
    assert 14.1 < r["remaining_rate"] < 14.3
    assert "derived from two levels of one vintage (Per capita disposable income, nominal)" in explanation(r)


def test_one_vintage_rule_pairs_first_releases_and_refuses_mixed_or_conflicting_rounds():
    from shanxi_analysis.models.derive import growth_from_levels, share_of

    def frame(rows):
        return pd.DataFrame(rows, columns=["series_id", "region", "year", "value", "vintage", "note"])

    levels = frame(
        [
            ("x", "shanxi", 2020, 100.0, "revised", ""),
            ("x", "shanxi", 2021, 110.0, "preliminary", ""),  # no 2020 first release: not derived
            ("x", "shanxi", 2022, 121.0, "preliminary", ""),
            ("x", "shanxi", 2022, 120.0, "revised", ""),
            ("x", "shanxi", 2023, 132.0, "revised", ""),
            ("x", "shanxi", 2024, 140.0, "estimate", ""),  # an estimate is never paired
        ]
    )
    out = growth_from_levels(levels).set_index("year")
    assert list(out.index) == [2022, 2023] and out.loc[2023, "value"] == pytest.approx(10.0)
    assert out.loc[2022, "vintage"] == "preliminary" and out["derived"].all()
    # as of 2023 the revision of 2023 was not out while its first release was: 2023 not paired
    part = frame([("a", "shanxi", 2020, 30.0, "revised", ""), ("a", "shanxi", 2021, 40.0, "unknown", "")])
    whole = frame(
        [
            ("b", "shanxi", 2020, 100.0, "revised", "CONFLICT: another round"),
            ("b", "shanxi", 2021, 90.0, "unknown", ""),
            ("b", "shanxi", 2021, 95.0, "unknown", ""),  # one vintage, two values: ambiguous
        ]
    )
    assert share_of(part, whole).empty


def test_industry_share_is_context_on_another_basis_not_a_verdict(final14):
    """Row 4: industry_va / gdp_level within one vintage of the NBS database: 42.4, 44.8, 41.5,
    38.4 % for 2021-24, on another basis than the printed base 38.1: context, flagged."""
    r = one(final14, "4")
    assert r["status"] == "no_data" and (r["final"], r["final_basis"]) == ("cannot_judge", "other_basis")
    assert r["context_kind"] == "derived_share" and r["context_years"] == (2021, 2022, 2023, 2024)
    assert [round(v, 1) for v in r["context_values"]] == [42.4, 44.8, 41.5, 38.4]


def test_pension_keeps_its_lean_and_thin_rows_keep_theirs(final14):
    pension = one(final14, "33")
    assert (pension["final"], pension["final_lean"], pension["final_basis"]) == ("cannot_judge", "met", "partial_year")
    for no in ("3", "8b", "12", "14", "15"):  # one observation each: a lean, labelled thin
        r = one(final14, no)
        assert (r["final"], r["final_basis"]) == ("cannot_judge", "thin_evidence") and r["final_lean"] in (
            "met",
            "missed",
        )


def test_no_row_with_in_period_observations_is_a_bare_pending(final14):
    """Done when: as of 2025 every row with in-period observations has a final class or a
    labelled lean."""
    observed = final14.table[final14.table["n_obs"].fillna(0) > 0]
    for _, r in observed.iterrows():
        decided = r["final"] in ("met", "met_within_band", "missed", "very_likely_met", "very_likely_missed")
        assert decided or r["final"] == "not_scored" or r["final_lean"] in ("met", "missed"), r["no"]
    pending = final14.table[final14.table["status"] == "pending"]
    assert (pending["lean"].fillna("") != "").all()


def test_gdps_average_is_an_average_and_implies_the_missing_year(final14):
    """GDP's 'latest 5 (2025)' is the published 2021-2025 average; it implies about 4.3 % in
    2025 (the forecast page showed 2.3 beside it)."""
    gdp = one(final14, "1")
    assert (gdp["final"], gdp["final_basis"]) == ("missed", "published_average")
    assert (gdp["latest_kind"], gdp["latest_from"], gdp["latest_year"]) == ("period_average", 2021, 2025)
    prior = 1.091 * 1.044 * 1.05 * 1.023
    assert gdp["implied_rate"] == pytest.approx((1.05**5 / prior - 1) * 100) and 4.2 < gdp["implied_rate"] < 4.4
    assert gdp["implied_low"] == pytest.approx((1.045**5 / prior - 1) * 100)  # "about 5": 4.5 to 5.5
    assert gdp["implied_high"] == pytest.approx((1.055**5 / prior - 1) * 100)
    open14 = Assessment(14, as_of=2024).fit().table.set_index("no")
    assert open14.loc["1", "latest_kind"] == "annual" and open14.loc["1", "latest_value"] == 2.3


def test_the_13th_plans_average_and_band(final13):
    gdp, income = one(final13, "1"), one(final13, "12a")
    assert (gdp["latest_kind"], gdp["latest_from"], gdp["latest_year"]) == ("period_average", 2016, 2020)
    assert income["final"] == "met_within_band"  # 6.1 against 6.5左右: met only within the band
    urb = one(final13, "2a")  # 59.55 for 2019 against 60以上, 2020 at its pace 60.68
    assert (urb["final"], urb["final_basis"]) == ("very_likely_met", "earlier_year")
    assert one(final13, "13c")["final"] == "cannot_judge"  # no longer monitored: no outcome printed


def test_a_final_evaluation_needs_the_target_year():
    with pytest.raises(ShanxiError, match="needs its target year: as of 2025 or later, not 2024"):
        FinalEvaluation(plan=14, as_of=2024).fit()


# --- what would close the plan ---------------------------------------------------------------------


def test_what_would_close_each_open_row_and_where_it_is_published(final14):
    closing = final14.closing().set_index("no")
    assert set(closing.index) == set(final14.open_rows()["no"]) and "1" not in closing.index
    urb = closing.loc["2"]
    assert (urb["series_id"], urb["years"], urb["unit"]) == ("urbanization_rate", (2025,), "%")
    assert (urb["published_in"], urb["first_month"], urb["last_month"]) == ("statistical_communique", 2, 3)
    rd = closing.loc["7"]
    assert (rd["published_in"], rd["first_month"], rd["last_month"]) == ("rd_bulletin", 10, 11)
    assert closing.loc["14", "years"] == (2022, 2023, 2024, 2025)  # every rate of the average is chained
    assert closing.loc["8a", "series_id"] == "" and closing.loc["8a", "years"] == ()  # nothing linked yet
    assert final14.closing().shape[0] == len(final14.open_rows())
    assert FinalEvaluation(plan=13).fit().closing().empty  # a printed table is final


def test_the_template_row_validates_once_filled_with_a_real_value(data_copy):
    """The template's rows are observed.csv's columns; filled with a real published value and its
    evidence (the 2024 GDP growth row, taken out of the data first) the row validates."""
    from shanxi_analysis.data.observed import OBSERVED_COLUMNS
    from shanxi_analysis.data.validate import collect_problems

    path = data_copy / "raw" / "observed.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    real = frame[(frame["series_id"] == "gdp_real_growth") & (frame["region"] == "shanxi") & (frame["year"] == "2024")]
    average = (frame["series_id"] == "gdp_real_growth_avg5") & (frame["year"] == "2025")
    assert len(real) == 1 and average.sum() == 2
    frame = frame.drop(index=real.index).loc[~average]  # 2024 and the published average taken out
    frame.to_csv(path, index=False, lineterminator="\n")
    outside = data_copy / "raw" / "outside_snippet.csv"  # with what their sources say outside the snippet
    lines = outside.read_text(encoding="utf-8").splitlines(keepends=True)
    taken = ("gdp_real_growth,shanxi,2024,", "gdp_real_growth_avg5,shanxi,2025,")
    outside.write_text("".join(line for line in lines if not line.startswith(taken)), encoding="utf-8")
    sign(data_copy / "raw", "the 2024 GDP growth and the published average taken out")
    template = FinalEvaluation(plan=14, as_of=2025, data_dir=data_copy).fit().template()
    assert list(template.columns) == OBSERVED_COLUMNS
    row = template[(template["series_id"] == "gdp_real_growth") & (template["year"] == 2024)]
    assert len(row) == 1 and (row.iloc[0][["value", "vintage", "evidence"]] == "").all()
    assert row.iloc[0]["unit"] == "%" and row.iloc[0]["measure"] == "growth_real_pct"
    filled = row.iloc[0].copy()
    for column in ("value", "vintage", "source_grade", "source_title", "source_url", "evidence", "note"):
        filled[column] = real.iloc[0][column]
    for column in ("unit", "measure", "price_basis", "plan_indicator"):  # what the template knew
        assert filled[column] == real.iloc[0][column], column
    with open(path, "a", encoding="utf-8", newline="") as fh:
        pd.DataFrame([filled.astype(str)])[OBSERVED_COLUMNS].to_csv(fh, header=False, index=False, lineterminator="\n")
    with open(outside, "a", encoding="utf-8") as fh:  # the row's year, as its source states it
        fh.write("".join(line for line in lines if line.startswith(taken[0])))
    sign(data_copy / "raw", "the 2024 GDP growth filled in from the template")
    problems, _ = collect_problems(data_copy)
    assert problems == []


def test_the_cli_lists_the_final_evaluation_and_what_would_close_it(cli):
    code, out, _ = cli("close", "--plan", "14", "--as-of", "2025")
    assert code == 0
    assert "very likely missed: 3" in out and "missed: 1" in out and "cannot be judged: 38" in out
    assert "statistical communiq" in out  # where the value is normally published
    code, out, _ = cli("close", "--lang", "zh")
    assert code == 0 and "很可能未完成3项" in out and "未完成1项" in out
    code, out, _ = cli("close", "--format", "csv")
    table = pd.read_csv(__import__("io").StringIO(out), dtype=str, keep_default_na=False)
    assert "explanation" in table and table.set_index("no").loc["2", "years"] == "2025"
    code, out, err = cli("close", "--template")
    assert code == 0 and out.startswith("series_id,region,year,value,") and "observed.csv" in err
    code, _, err = cli("close", "--as-of", "2024")
    assert code == 2 and "needs its target year" in err


# --- the engine's cases -----------------------------------------------------------------------------


def _row(**over):
    base = {
        "plan": 99,
        "no": "x",
        "name_zh": "城镇调查失业率",
        "name_en": "Surveyed urban unemployment rate",
        "category_en": "",
        "attribute": "expected",
        "attribute_zh": "预期性",
        "unit": "%",
        "unit_en": "%",
        "basis": "share_pct",
        "direction": "lower",
        "target_kind": "upper_bound",
        "comparator": "<",
        "base_year": 2020,
        "base_value": 5.2,
        "target_year": 2025,
        "target_value": 5.5,
        "target_high": math.nan,
        "target_text": "<5.5",
        "target_rate_text": "-",
    }
    return pd.Series({**base, **over})


def _observed(points):
    frame = pd.DataFrame([(y, v, "preliminary", "") for y, v in points], columns=["year", "value", "vintage", "note"])
    return {"s": frame}


LINK = pd.DataFrame({"series_id": ["s"], "role": ["annual"]})


@pytest.mark.parametrize("method", ["eurostat", "escap"])
def test_a_ceiling_kept_at_the_base_and_broken_is_not_ahead(method):
    """Unemployment 5.2 (2020) -> 5.6 (2022) against '<5.5' gave a pace ratio of 3.3, 'on track /
    快于预期' (national case: 5.6 in 2022 must not be on track)."""
    rec = assess_indicator(_row(), LINK, _observed([(2021, 5.1), (2022, 5.6)]), 2022, method, 2020)
    assert rec["status"] == "moving_away" and rec["midterm"] == "behind" and rec["bound_kept_year"] == 2020
    kept = assess_indicator(_row(), LINK, _observed([(2021, 5.1), (2022, 5.3)]), 2022, method, 2020)
    assert kept["status"] == "on_track"  # a bound kept at the base and kept now
    above = assess_indicator(_row(base_value=6.5), LINK, _observed([(2021, 6.0), (2022, 5.8)]), 2022, method, 2020)
    assert above["status"] != "moving_away" and "bound_kept_year" not in above  # Shanxi's case: a pace to the bound


def test_a_range_is_not_missed_by_over_fulfilment():
    """'5000—6000万千瓦' reached 6500: over-fulfilment meets a range's lower end."""
    row = _row(
        direction="higher",
        target_kind="range",
        comparator="range",
        target_value=5000.0,
        target_high=6000.0,
        base_value=4000.0,
        unit="万千瓦",
        basis="level",
        target_text="5000—6000万千瓦",
    )
    rec = assess_indicator(row, LINK, _observed([(2024, 5800.0), (2025, 6500.0)]), 2025, "eurostat", 2020)
    assert rec["status"] == "achieved" and rec["margin"] == pytest.approx(1500.0)


def test_a_strict_target_is_missed_at_its_bound():
    """'>8' met by exactly 8.00 (the what-if app said 'met')."""
    row = _row(
        direction="higher",
        target_kind="avg_growth",
        comparator=">",
        target_value=8.0,
        base_value=3.6,
        basis="real_growth",
    )
    rates = [(2021, 8.0), (2022, 8.0), (2023, 8.0), (2024, 8.0), (2025, 8.0)]
    rec = assess_indicator(row, LINK, _observed(rates), 2025, "eurostat", 2020)
    assert rec["actual_rate"] == pytest.approx(8.0) and rec["status"] == "missed"
    above = [(y, 8.01) for y, _ in rates]
    assert assess_indicator(row, LINK, _observed(above), 2025, "eurostat", 2020)["status"] == "achieved"


def test_the_what_if_app_reads_a_strict_bound_as_missed():
    from shanxi_analysis.models.scenario import ScenarioModel

    model = ScenarioModel(as_of=2023)
    rates = [9.1, 4.4, 5.0]
    step = ((1.08**5 / np.prod([1 + r / 100 for r in rates])) ** 0.5 - 1) * 100  # exactly 8.00 over 2021-25
    r = model.run(model.custom("x", "1", [step, step])).table.iloc[0]
    assert r["value_at_target"] == pytest.approx(8.0) and not r["met"]


def test_reachability_needs_four_past_paces_and_urbanization_2022_is_no_longer_out_of_reach():
    """Urbanization as of 2022 needed 1.35 pp a year against a best of 1.105 on three paces and
    2024 then recorded 1.35: with the calibrated rule (at least four paces) it is not called out
    of reach; as of 2023 and 2024 it is (four and five paces)."""
    from shanxi_analysis.models.evidence import MIN_HISTORY_FOR_REACH

    assert MIN_HISTORY_FOR_REACH == 4
    status = {y: Assessment(14, as_of=y).fit().table.set_index("no").loc["2"] for y in (2022, 2023, 2024)}
    assert status[2022]["history_n"] == 3 and status[2022]["reach"] == "" and status[2022]["status"] == "moderate"
    assert status[2023]["status"] == "unlikely" and status[2024]["status"] == "unlikely"


def test_the_hindsight_record_is_the_one_printed_in_the_docs():
    """Every call of 2021-2024 (every row, every as-of year) against what happened since, and the
    record of each candidate rule: the numbers docs/verdicts.md prints."""
    from pathlib import Path

    from shanxi_analysis.models import hindsight

    calls = hindsight.calls()
    record = hindsight.record(calls).set_index(["min_paces", "margin_sd"])
    chosen = record.loc[(4, 0.0)]
    assert chosen["met"] == 0 and chosen["on_path"] == 0 and chosen["pace_seen"] == 0
    assert record.loc[(3, 0.0), "pace_seen"] == 1  # urbanization as of 2022
    doc = Path(__file__).resolve().parents[1].joinpath("docs", "verdicts.md").read_text(encoding="utf-8")
    for (min_paces, margin), r in record.iterrows():
        line = (
            f"| {min_paces} | {margin:g} | {r['calls']} | {r['missed']} | {r['met']} | {r['behind']} | "
            f"{r['on_path']} | {r['untested']} | {r['pace_seen']} |"
        )
        assert line in doc, line


def test_final_classes_are_in_the_status_type():
    for code in FINAL_CLASSES:
        assert "final" in st.status(code).judged_by


@pytest.mark.parametrize("as_of", [2021, 2022, 2023, 2024, 2025])
def test_forecasts_carry_the_trackers_state_row_by_row(as_of):
    """One assessment state: the forecast of each linked row states the tracker's decided outcome
    (and then no chance of meeting it) and a published average's implied rate, for every as-of
    year; the 2025 GDP forecast is set beside the 4.3 % the published average implies."""
    from shanxi_analysis.data.links import load_links
    from shanxi_analysis.data.plans import load_targets
    from shanxi_analysis.models.forecast import _linked_target, _tracker_state, forecastable_series
    from shanxi_analysis.models.status import has

    tracker = Assessment(14, as_of=as_of).fit().table.set_index("no")
    links, targets = load_links(14), load_targets(14)
    for series in forecastable_series(plan=14):
        target = _linked_target(series, links, targets)
        decided, implied = _tracker_state(target, 14, as_of, "shanxi", None)
        r = tracker.loc[target["no"]]
        assert decided == (r["status"] if has(r["status"], "outcome") else ""), (series, as_of)
        assert bool(implied) == bool(pd.notna(r["implied_rate"])), (series, as_of)
    if as_of == 2025:
        from shanxi_analysis.models.forecast import SeriesForecast

        gdp = SeriesForecast("gdp_real_growth", as_of=2025).fit()
        assert gdp.decided == "missed" and math.isnan(gdp.prob_meet) and gdp.needed == {}
        assert gdp.implied["first_year"] == 2025 and gdp.implied["value"] == pytest.approx(
            tracker.loc["1", "implied_rate"]
        )
        assert "implies 4.3 % in 2025" in gdp.summary()


@pytest.mark.parametrize("as_of", [2021, 2022, 2023, 2024, 2025])
def test_the_chart_basis_is_the_verdicts_pace_base(as_of):
    """The urbanization chart drew the required path from 59.55 (2019) while the verdict used the
    2020 census base 62.53: the pace base is in the results for every as-of year, closed ones too."""
    urb = Assessment(14, as_of=as_of).fit().table.set_index("no").loc["2"]
    assert (urb["pace_base_year"], urb["pace_base_value"]) == (2020, 62.53)

"""The national 14th plan (reconstructed from press, every cell traced to its evidence row), the
national 15th plan (第三章, every target traced to its sentence) and Shanxi's 15th plan (press):
golden rows read by hand from data/raw's sources, the new target kinds, and the checks that
catch a changed number."""

import io
import math

import pandas as pd
import pytest

from conftest import edit_cell
from shanxi_analysis import load_targets
from shanxi_analysis.core.errors import DataError
from shanxi_analysis.data.plans import get_plan
from shanxi_analysis.data.validate import collect_problems
from shanxi_analysis.models import kinds
from shanxi_analysis.models.assess import NOT_SCORED_REASONS, Assessment, assess_indicator


def row(df, no):
    hit = df[df["no"] == no]
    assert len(hit) == 1, no
    return hit.iloc[0]


# --------------------------------------------------------------------------------------------
# golden rows


def test_national_14th_plan_rows():
    df = load_targets("china-14")
    assert list(df["no"]) == [str(i) for i in range(1, 21)] and set(df["region"]) == {"china"}
    gdp = row(df, "1")  # 保持在合理区间、各年度视情提出: no number
    assert (gdp.target_kind, gdp.base_value, math.isnan(gdp.target_value)) == ("qualitative", 2.3, True)
    productivity = row(df, "2")  # 高于GDP增长
    assert (productivity.target_kind, productivity.comparator, productivity.relative_to) == (
        "relative_growth",
        ">",
        "1",
    )
    income = row(df, "8")  # 与GDP增长基本同步, tolerance stated by the row
    assert (income.target_kind, income.comparator, income.relative_to, income.tolerance) == (
        "relative_growth",
        "~",
        "1",
        0.5,
    )
    rd = row(df, "4")  # >7（力争投入强度高于“十三五”时期实际）
    assert (rd.target_kind, rd.comparator, rd.target_value) == ("avg_growth", ">", 7)
    unemployment = row(df, "7")  # a ceiling
    assert (unemployment.target_kind, unemployment.comparator, unemployment.target_value, unemployment.direction) == (
        "upper_bound",
        "<",
        5.5,
        "lower",
    )
    life = row(df, "13")  # 〔1〕: one more year, not the level 1
    assert (life.target_kind, life.target_value, life.base_value, life.target_text) == (
        "level_increase",
        1,
        77.93,
        "〔1〕",
    )
    energy = row(df, "20")  # a floor, 4.6 billion tonnes in its evidence
    assert (energy.target_kind, energy.comparator, energy.target_value, energy.unit) == (
        "lower_bound",
        ">",
        46,
        "亿吨标准煤",
    )
    air = row(df, "16")  # added from research r2, an official source
    assert (air.target_value, air.source_grade, air.attribute) == (87.5, "official", "binding")
    assert row(df, "17").target_value == 85  # implied by its evidence: 89.4 - 4.4
    assert row(df, "9").base_value == 10.8 and math.isnan(row(df, "3").base_value)  # a base not found stays missing
    assert pd.isna(row(df, "4").attribute)  # an attribute not found stays missing
    assert (df["attribute"] == "binding").sum() == 7


NATIONAL_15 = {  # no -> (printed target, value, kind, comparator), read from 第三章
    "1": ("保持在合理区间、各年度视情提出", None, "qualitative", None),
    "2": ("7以上", 7, "avg_growth", ">="),  # 全社会研发经费投入年均增长7%以上
    "3": ("<5.5", 5.5, "upper_bound", "<"),  # 城镇调查失业率低于5.5%
    "4": ("和经济增长同步", None, "relative_growth", "~"),
    "5": ("11.7", 11.7, "level", "="),  # 受教育年限提高到11.7年
    "6": ("80", 80, "level", "="),  # 人均预期寿命提高到80岁
    "7": ("〔17〕", 17, "cumulative", "="),  # 二氧化碳排放降低17%
    "8": ("27以下", 27, "upper_bound", "<="),  # PM2.5 降至27微克/立方米以下
    "9": ("85", 85, "level", "="),  # 优良水体比例提高到85%
    "10": ("25.8", 25.8, "level", "="),  # 森林覆盖率达到25.8%
    "11": ("1.45左右", 1.45, "approx", "~"),  # 粮食综合生产能力达到1.45万亿斤左右
    "12": ("58", 58, "level", "="),  # 能源综合生产能力达到58亿吨标准煤
}


def test_national_15th_plan_rows_are_chapter_3_sentences():
    df = load_targets("china-15")
    plan = get_plan("china-15")
    lines = plan.source_path.read_text(encoding="utf-8").splitlines()
    assert (plan.base_year, plan.target_year, plan.grade, plan.traced_by) == (2025, 2030, "outline", "sentence")
    for no, (printed, value, kind, comparator) in NATIONAL_15.items():
        r = row(df, no)
        shown = r.target_text if r.target_text != "-" else r.target_rate_text
        assert (shown, r.target_kind) == (printed, kind), no
        assert r.comparator == comparator or (comparator is None and pd.isna(r.comparator)), no
        assert (value is None and math.isnan(r.target_value)) or r.target_value == value, no
        assert r.source_text in lines[r.source_line - 1] and r.name_zh in r.source_text, no
        assert r.base_text == "-" and pd.isna(r.attribute)  # the table is an image: not yet known
        assert "not yet known" in r.note


def test_shanxi_15th_plan_rows_are_graded_press():
    df = load_targets("shanxi-15")
    assert list(df["name_zh"]) == ["新增可再生能源装机容量", "非常规天然气年产量"]
    assert list(df["target_value"]) == [1, 300] and list(df["target_kind"]) == ["cumulative", "level"]
    assert set(df["source_grade"]) == {"press"} and all("no stored source" in n for n in df["note"])


# --------------------------------------------------------------------------------------------
# the new kinds in the engine: an explicit status, never a verdict no rule supports


def test_only_the_qualitative_target_is_not_scored():
    table = Assessment("china-14", as_of=2022).fit().table.set_index("no")
    assert set(table["not_scored_reason"].dropna()) <= set(NOT_SCORED_REASONS)
    assert list(table.index[table["status"] == "not_scored"]) == ["1"]
    assert table.loc["1", "not_scored_reason"] == "qualitative"
    assert table.loc["1", "latest_value"] == 3.0  # shown with its data all the same
    assert table.loc["1", "midterm"] == "not_scored"  # and never given a mid-term class


def _chained(*rates):
    product = 1.0
    for g in rates:
        product *= 1 + g / 100
    return (product ** (1 / len(rates)) - 1) * 100


def test_growth_relative_to_gdp_growth():
    """高于GDP增长: labour productivity 8.7 and 4.2 % in 2021-2022 against GDP's 8.4 (revised) and
    3.0; 与GDP增长基本同步: income 8.1 and 2.9 against the same, within 0.5 point."""
    table = Assessment("china-14", as_of=2022).fit().table.set_index("no")
    lp, income = table.loc["2"], table.loc["8"]
    gdp = _chained(8.4, 3.0)
    assert lp["reference_rate"] == pytest.approx(gdp)
    assert lp["actual_rate"] == pytest.approx(_chained(8.7, 4.2))
    assert lp["relative_gap"] == pytest.approx(_chained(8.7, 4.2) - gdp) and lp["relative_gap"] > 0
    assert (lp["status"], lp["midterm"], lp["n_obs"]) == ("on_track", "as_expected", 2)
    assert income["relative_gap"] == pytest.approx(_chained(8.1, 2.9) - gdp)
    assert -0.5 < income["relative_gap"] < 0  # short of GDP growth, inside the stated tolerance
    assert (income["status"], income["midterm"]) == ("on_track", "as_expected")
    # as of 2021 one year only: thin evidence, the lean shown, no class
    early = Assessment("china-14", as_of=2021).fit().table.set_index("no").loc["2"]
    assert (early["status"], early["lean"], early["midterm"]) == ("provisional", "on_track", "provisional")


@pytest.mark.parametrize(
    ("gap", "comparator", "tolerance", "lean"),
    [
        (0.3, ">", None, "on_track"),
        (0.0, ">", None, "moderate"),  # equal is not above
        (-0.4, ">", None, "moderate"),
        (-0.6, ">", None, "insufficient"),
        (0.9, "~", 0.5, "on_track"),  # faster than the reference is welcome
        (-0.5, "~", 0.5, "on_track"),
        (-0.8, "~", 0.5, "moderate"),
        (-1.2, "~", 0.5, "insufficient"),
    ],
)
def test_relative_lean_bands(gap, comparator, tolerance, lean):
    assert kinds.relative_lean(gap, comparator, tolerance) == lean


def test_a_five_year_reduction_is_chained_from_annual_changes():
    """〔13.5〕 energy use per unit of GDP: -2.7 % (2021) and -0.1 % (2022) give 2.80 % in two years,
    1.41 % a year against the 2.86 % a year 13.5 % in five years needs (ratio 0.49: insufficient,
    相对滞后); the 3.81 % the remaining three years need was never reached since 2020 (best 2.7),
    but three past paces are too few for the reachability rule."""
    table = Assessment("china-14", as_of=2022).fit().table.set_index("no")
    energy = table.loc["14"]
    so_far = (1 - 0.973 * 0.999) * 100
    assert energy["cumulative_so_far"] == pytest.approx(so_far)
    assert energy["required_rate"] == pytest.approx((1 - 0.865**0.2) * 100)
    assert energy["actual_rate"] == pytest.approx((1 - (0.973 * 0.999) ** 0.5) * 100)
    assert energy["remaining_rate"] == pytest.approx((1 - (0.865 / (0.973 * 0.999)) ** (1 / 3)) * 100)
    assert (energy["status"], energy["midterm"], energy["history_best"]) == ("insufficient", "behind", 2.7)
    co2 = table.loc["15"]  # 〔18〕: -3.8 and -0.8
    assert co2["ratio"] == pytest.approx((1 - (0.962 * 0.992) ** 0.5) / (1 - 0.82**0.2))
    assert (co2["status"], co2["midterm"]) == ("insufficient", "behind")
    assert kinds.cumulative_so_far([-2.7, -0.1]) == pytest.approx(2.7973)


def test_a_reduction_is_not_chained_across_a_basis_break():
    """The NBS changed the definition of energy use from the 2023 figure on: no pace across it."""
    energy = Assessment("china-14", as_of=2024).fit().table.set_index("no").loc["14"]
    assert energy["status"] != "on_track"
    assert energy["status"] == "no_data" or energy["no_pace"] in ("break", "incomplete_rates")


def test_an_increase_of_a_level_adds_to_its_base():
    """〔1〕 year of life expectancy over 2021-2025 from 77.93: the level to reach is 78.93, never 1."""
    life = Assessment("china-14", as_of=2022).fit().table.set_index("no").loc["13"]
    assert (life["increase"], life["target_value"], life["target_text"]) == (1.0, pytest.approx(78.93), "〔1〕")
    assert life["required_rate"] == pytest.approx(1 / 5)
    assert life["actual_rate"] == pytest.approx(78.2 - 77.93)
    assert (life["status"], life["lean"]) == ("provisional", "on_track")  # one observation (2021)


def test_a_broken_ceiling_is_not_on_track():
    """National surveyed unemployment 5.6 % in 2022 against '<5.5' (5.6 in 2020, 5.1 in 2021):
    never on track, never a favourable mid-term class, in either method."""
    for method in ("eurostat", "escap"):
        r = Assessment("china-14", as_of=2022, method=method).fit().table.set_index("no").loc["7"]
        assert (r["latest_year"], r["latest_value"]) == (2022, 5.6)
        assert r["status"] not in ("on_track", "achieved") and r["lean"] != "on_track", method
        assert r["midterm"] not in ("met_early", "ahead", "as_expected"), method


def _ceiling_row(base):
    r = load_targets("china-14").set_index("no", drop=False).loc["7"].copy()
    r["base_value"], r["base_year"] = base, 2020
    return r


def test_a_bound_kept_at_the_start_and_broken_now_moves_away():
    """The shared rule (models.final's branch for Shanxi's plan): a ceiling kept where the pace starts
    (5.2) and broken now (5.6) moves away; the pace ratio would have called it 'ahead'."""
    links = pd.DataFrame({"no": ["7"], "series_id": ["u"], "role": ["annual"]})
    observed = {
        "u": pd.DataFrame({"year": [2021, 2022], "value": [5.1, 5.6], "vintage": ["preliminary"] * 2, "note": ["", ""]})
    }
    for method in ("eurostat", "escap"):
        rec = assess_indicator(_ceiling_row(5.2), links, observed, 2022, method, 2020)
        assert (rec["status"], rec["bound_kept_year"], rec["midterm"]) == ("moving_away", 2020, "behind"), method
    kept = {"u": observed["u"].assign(value=[5.1, 5.3])}  # kept now: on track
    assert assess_indicator(_ceiling_row(5.2), links, kept, 2022, "eurostat", 2020)["status"] == "on_track"


def test_every_row_has_a_midterm_class_or_says_why(cli):
    code, out, err = cli("assess", "--plan", "china-14", "--as-of", "2022", "--format", "csv", "--lang", "zh")
    assert code == 0, err
    table = pd.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    classes = {"提前实现", "快于预期", "基本符合预期", "相对滞后"}
    for _, r in table.iterrows():
        assert (r["midterm_zh"] in classes) != bool(r["midterm_why"]), r["no"]
        if r["status"] == "provisional":
            assert "证据不足" in r["midterm_why"], r["no"]
    assert (table["midterm_zh"].isin(classes)).sum() >= 10


def test_assess_national_14th_plan_as_csv(cli):
    code, out, err = cli("assess", "--plan", "china-14", "--as-of", "2022", "--format", "csv")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 21 and lines[0].startswith("plan,no,") and all(x.startswith("china-14,") for x in lines[1:])


# --------------------------------------------------------------------------------------------
# a changed number is caught


def _problems(data_copy, file, line, column, value):
    edit_cell(data_copy / "raw" / file, line, column, value)
    problems, _ = collect_problems(data_copy)
    return problems


@pytest.mark.parametrize(
    ("file", "line", "column", "value", "where", "message"),
    [
        # a cell of the copied source table changed: ours no longer matches it
        ("china14_indicators_reconstructed.csv", 4, "target_2025", "66", "china14_indicators.csv", "has '66'"),
        # the evidence of a cell changed: the number is no longer shown
        (
            "china14_indicators_sources.csv",
            27,
            "evidence",
            "2020年全国337个地级及以上城市平均优良天数比例为86%",
            "china14",
            "87",
        ),
        # a cell's evidence row removed from the table of sources (its value no longer the cell's)
        ("china14_indicators_sources.csv", 4, "value", "高于GDP增长", "china14", "no row of"),
        # the national 15th outline's sentence changed
        ("china15_indicators.csv", 6, "target_text", "11.8", "china15", "11.8"),
        ("china15_indicators.csv", 6, "target_value", "11.8", "china15", "11.8"),
        ("china15_indicators.csv", 8, "source_text", "单位国内生产总值二氧化碳排放降低18%", "china15", "not printed"),
        ("shanxi15_indicators.csv", 3, "target_text", "3000", "shanxi15", "3000"),
    ],
)
def test_a_changed_plan_number_is_caught(data_copy, file, line, column, value, where, message):
    problems = _problems(data_copy, file, line, column, value)
    assert any(where in p.file and message in p.message for p in problems), problems


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (9, "tolerance", "", "state how far apart counts as in step"),
        (3, "relative_to", "3", "is not a growth rate"),
        (3, "relative_to", "", "names the row it refers to"),
        (14, "base_text", "-", "needs the base level it adds to"),
        (4, "tolerance", "1", "only a target in step"),
    ],
)
def test_the_new_kinds_need_what_they_read(data_copy, line, column, value, message):
    path = data_copy / "raw" / "china14_indicators.csv"
    if column == "base_text":
        edit_cell(path, line, "base_value", "")
        edit_cell(path, line, "base_year", "")
    problems = _problems(data_copy, "china14_indicators.csv", line, column, value)
    assert any(message in p.message for p in problems), problems


def test_a_table_plan_still_needs_its_printed_attribute(data_copy):
    problems = _problems(data_copy, "plan14_indicators.csv", 2, "attribute_zh", "")
    assert any(p.column == "attribute_zh" and "the table prints one of" in p.message for p in problems)


def test_a_plan_whose_sources_fail_does_not_load(data_copy):
    edit_cell(data_copy / "raw" / "china14_indicators.csv", 21, "target_text", ">47")
    edit_cell(data_copy / "raw" / "china14_indicators.csv", 21, "target_value", "47")
    with pytest.raises(DataError, match=r"china14_indicators_reconstructed\.csv has '>46'"):
        load_targets("china-14", data_dir=data_copy)


# --------------------------------------------------------------------------------------------
# province against nation: the pairs are data (data/raw/plan_pairs.csv)


def test_shanxi_targets_beside_the_nations_with_each_trackers_outcomes():
    from shanxi_analysis.models.compare import targets_beside_nation

    pairs = targets_beside_nation(2024, "14").set_index("region_no", drop=False)
    assert len(pairs) == 20 and set(pairs["nation_plan"]) == {"china-14"}
    urban = pairs.loc["2"]  # 常住人口城镇化率: Shanxi 68, China 65
    assert (urban["region_target_value"], urban["nation_no"], urban["nation_target_value"]) == (68, "3", 65)
    assert (pairs.loc["30", "region_target_text"], pairs.loc["30", "nation_target_text"]) == ("<5.5", "<5.5")
    # the outcomes beside them are each plan's own tracker's
    shanxi = Assessment("14", as_of=2024).fit().table.set_index("no")
    china = Assessment("china-14", as_of=2024).fit().table.set_index("no")
    assert urban["region_latest_value"] == shanxi.loc["2", "latest_value"]
    assert urban["nation_latest_value"] == china.loc["3", "latest_value"] == 67.0
    assert targets_beside_nation(2022, "china-14").empty  # the nation's own plan has no nation


@pytest.mark.parametrize(
    ("line", "column", "value", "message"),
    [
        (3, "nation_plan", "shanxi-13", "is not a plan of shanxi-14's nation"),
        (3, "nation_no", "21", "is not a row of plan china-14"),
        (3, "no", "39", "is not a row of plan shanxi-14"),
        (3, "nation_plan", "china-16", "china-16 is not a plan"),
    ],
)
def test_a_pair_must_name_rows_of_a_plan_and_of_its_nations_plan(data_copy, line, column, value, message):
    problems = _problems(data_copy, "plan_pairs.csv", line, column, value)
    assert any(p.file.endswith("plan_pairs.csv") and message in p.message for p in problems), problems


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pairs_table_is_in_one_language(lang):
    import re

    from shanxi_analysis.models.compare import targets_beside_nation
    from shanxi_analysis.report.context_tables import targets_beside_nation_table

    table = targets_beside_nation_table(targets_beside_nation(2024, "14"), lang)
    assert list(table.columns)[2:] == (
        ["山西目标", "全国目标", "山西最新值", "全国最新值"]
        if lang == "zh"
        else ["Shanxi target", "China target", "Shanxi latest", "China latest"]
    )
    if lang == "en":  # Chinese only where the plan's own words are quoted
        cells = " ".join(table.astype(str).to_numpy().ravel())
        assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"“[^”]*”", "", cells))

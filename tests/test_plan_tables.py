"""Golden rows, read by hand from the outline (data/raw/shanxi_14th_fyp_outline.txt), and the
shape of the two tables."""

import math

import pytest

from shanxi_analysis import load_targets, load_text_targets


def row(df, no):
    hit = df[df["no"] == no]
    assert len(hit) == 1, no
    return hit.iloc[0]


def test_14th_plan_has_38_indicators_in_46_rows():
    df = load_targets(14)
    assert len(df) == 46
    assert sorted(df["group_no"].unique()) == list(range(1, 39))
    parts = df[df["no"].str.contains("[a-z]")]
    assert sorted(parts["no"]) == ["10a", "10b", "10c", "10d", "11a", "11b", "11c", "8a", "8b", "8c", "8d"]


def test_14th_plan_estimates_are_the_eight_in_the_table_note():
    # 注②: 规上工业企业数量 (3), 战略性新兴产业比重 (5), 全员劳动生产率增长 (6), 高价值发明专利 (16),
    # 数字经济比重 (20), 森林覆盖率 (24), 受教育年限 (31), 能源综合生产能力 (38)
    df = load_targets(14)
    assert sorted(df.loc[df["base_is_estimate"], "no"], key=int) == ["3", "5", "6", "16", "20", "24", "31", "38"]


def test_golden_14th_rows():
    df = load_targets(14)
    gdp = row(df, "1")  # line 914: 1 地区生产总值增长(%) 3.6 - >8 预期性
    assert (gdp.base_value, gdp.target_value, gdp.target_kind, gdp.comparator) == (3.6, 8, "avg_growth", ">")
    assert (gdp.basis, gdp.attribute, gdp.source_line) == ("real_growth", "expected", 914)
    urb = row(df, "2")  # 59.55* = 2019 data
    assert (urb.base_value, urb.base_year, urb.target_value, urb.target_kind) == (59.55, 2019, 68, "level")
    cert = row(df, "27")  # 从业人员持证率 22.6 >50
    assert (cert.base_value, cert.target_value, cert.target_kind, cert.comparator) == (22.6, 50, "lower_bound", ">")
    unemp = row(df, "30")  # 城镇调查失业率 6.5左右 <5.5: lower is better
    assert (unemp.base_value, unemp.base_text, unemp.target_value, unemp.direction) == (6.5, "6.5左右", 5.5, "lower")
    labs = row(df, "8b")  # 0/5/0/1 -> 1/10/1/2, second part 国家级重点实验室
    assert (labs.name_zh, labs.base_value, labs.target_value) == ("国家级重点实验室", 5, 10)
    air = row(df, "22")  # 完成国家考核目标, binding
    assert air.target_kind == "national_assessment" and math.isnan(air.target_value)
    assert air.attribute == "binding" and air.attribute_zh == "约束性"
    life = row(df, "35")  # 77.3** = 2018 data
    assert (life.base_value, life.base_year, life.target_value) == (77.3, 2018, 78.1)
    sei = row(df, "5")
    assert (sei.target_value, sei.target_kind) == (12, "national_average")


def test_13th_plan_rows_and_outcomes():
    df = load_targets(13)
    assert len(df) == 45
    assert sorted(df["group_no"].unique()) == list(range(1, 33))
    gdp = row(df, "1")  # 11836.39 - 6.5左右 17651.9 5.4: the target is real growth, not the level
    assert (gdp.base_value, gdp.target_value, gdp.target_kind, gdp.comparator) == (11836.39, 6.5, "avg_growth", "~")
    assert (gdp.actual_value, gdp.actual_level_value, gdp.basis) == (5.4, 17651.9, "real_growth")
    goods = row(df, "4")  # 147.15 174 3.4 218.66 8.2
    assert (goods.base_value, goods.target_value, goods.rate_target_value) == (147.15, 174, 3.4)
    assert (goods.actual_value, goods.actual_rate_value) == (218.66, 8.2)
    infant = row(df, "18a")  # 5.9 ≤5.5 - 4.21* (2019 data), per mille
    assert (infant.unit, infant.target_value, infant.comparator, infant.actual_value, infant.actual_year) == (
        "‰",
        5.5,
        "<=",
        4.21,
        2019,
    )
    cod = row(df, "29a")  # [≥17.6] cumulative reduction, outcome [21]
    assert (cod.target_kind, cod.comparator, cod.target_value, cod.actual_value) == ("cumulative", ">=", 17.6, 21)
    nonfossil = row(df, "25")  # 5-8, outcome 6.54*
    assert (nonfossil.target_kind, nonfossil.target_value, nonfossil.target_high, nonfossil.actual_year) == (
        "range",
        5,
        8,
        2019,
    )
    pm = row(df, "27b")  # [15]左右, outcome 44μg/m3 [22.8]
    assert (pm.target_kind, pm.comparator, pm.actual_value, pm.actual_level_value) == ("cumulative", "~", 22.8, 44)


def test_text_register_golden_rows():
    df = load_text_targets(14)
    assert len(df) >= 75
    hi_tech = df[df["id"] == "T1332a"].iloc[0]  # 高新技术企业达到5000家
    assert (hi_tech.value, hi_tech.unit, hi_tech.target_year) == (5000, "家", 2025)
    cert = df[df["id"] == "T4887a"].iloc[0]  # 从业人员持证率达到50%以上
    assert (cert.value, cert.comparator, cert.target_kind) == (50, ">=", "lower_bound")
    assert "50%以上" in cert.phrase
    assert df["id"].is_unique


def test_a_new_plan_is_added_by_files_alone(tiny_plan):
    df = load_targets(15, region="testland", data_dir=tiny_plan)
    assert list(df["no"]) == ["1", "2", "3"]
    assert row(df, "2").base_year == 2024  # '*' means 2024 in that plan's registry row
    assert load_text_targets(15, region="testland", data_dir=tiny_plan).iloc[0].value == 8000
    from shanxi_analysis.data.validate import validate

    counts = validate(tiny_plan)
    assert any(k.endswith("tiny15_indicators.csv") for k in counts)


def test_unknown_plan_lists_the_valid_ones():
    from shanxi_analysis.core.errors import ShanxiError

    with pytest.raises(
        ShanxiError, match=r"unknown plan .*valid choices: shanxi-13 \(13\), shanxi-14 \(14\), china-14"
    ):
        load_targets(12)

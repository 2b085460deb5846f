"""The body-text register's non-numeric targets (relative, fraction, breaking zero, water class),
their links to observed series, and their assessment with the indicator table's engine."""

from __future__ import annotations

import csv
import math

import pytest

from conftest import edit_cell, sign
from shanxi_analysis import load_text_targets
from shanxi_analysis.core.errors import ShanxiError
from shanxi_analysis.data.links import check_text_target_links, load_text_target_links
from shanxi_analysis.data.plans import get_plan
from shanxi_analysis.data.provenance import breaks_zero, class_numbers, fractions_in, relative_multiples
from shanxi_analysis.data.validate import collect_problems
from shanxi_analysis.models.text_targets import assess_text_targets, register_row
from shanxi_analysis.models.verdicts import explanation

VERDICTS = ("achieved", "missed", "on_track", "moderate", "insufficient", "moving_away", "unlikely")


def _line(path, row_id: str) -> int:
    return next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(row_id + ",")
    )


def _by_id(df):
    return df.set_index("id", drop=False)


# --- the register ------------------------------------------------------------------------------


def test_register_count_and_the_new_kinds():
    df = _by_id(load_text_targets(14))
    assert len(df) == 96
    kinds = df["target_kind"].value_counts()
    assert (kinds["relative"], kinds["relative_reduction"], kinds["ordinal_class"], kinds["milestone"]) == (4, 1, 4, 4)
    labs = df.loc["T0820a"]  # 国家级重点实验室、技术创新中心、工程研究中心数量倍增
    assert (labs.value, labs.target_kind, labs.comparator, labs.base_year, labs.unit) == (
        2,
        "relative",
        "=",
        2020,
        "倍",  # a multiple of the base, not an amount (issue 16)
    )
    trade = df.loc["T3791b"]  # 外贸主体和进出口总额双翻番
    assert (trade.value, trade.target_kind, trade.base_year, trade.target_year) == (2, "relative", 2020, 2025)
    cut = df.loc["T4086b"]  # 项目报建审批时间较现有时限平均缩短2/3以上
    assert (cut.value_text, cut.comparator, cut.target_kind) == ("2/3", ">=", "relative_reduction")
    assert math.isclose(cut.value, 2 / 3)
    lake = df.loc["T4647a"]  # 水质目标稳定在地表水桇类标准以上: class Ⅳ or cleaner
    assert (lake.value, lake.unit, lake.comparator, lake.target_kind) == (4, "类", "<=", "ordinal_class")
    assert lake.unit_en.startswith("water-quality class")
    assert df.loc["T4653a"].comparator == "="  # 湖泊水质稳定在栿类
    assert df.loc["T4706a"].value == 5  # ASCII 'V类'
    zero = df.loc["T1233b"]  # A类学科破“零”: at least one
    assert (zero.value, zero.comparator, zero.target_kind) == (1, ">=", "lower_bound")
    assert df.loc[["T1210b", "T1210c", "T1210d"], "value"].tolist() == [1, 1, 1]
    # counts in words and repeated in several chapters
    assert df.loc[["T0744a", "T3298a"], "value"].tolist() == [10, 10]  # 十大 产业集群
    assert df.loc[["T0826a", "T2017a"], "value"].tolist() == [14, 14]  # 14个 集群
    # only relative rows carry a base year
    assert df["base_year"].notna().sum() == 4


@pytest.mark.parametrize(
    "phrase, multiples",
    [
        ("研究中心数量倍增", [2]),
        ("外贸主体和进出口总额双翻番", [2]),
        ("翻一番", [2]),
        ("翻两番", [4]),
        ("翻番效应之外", [2]),
        ("数量达到10个", []),
    ],
)
def test_relative_words(phrase, multiples):
    assert relative_multiples(phrase) == multiples


@pytest.mark.parametrize(
    "phrase, classes",
    [
        ("水质目标稳定在地表水桇类标准以上", [4]),  # glyph 桇 = Ⅳ
        ("湖泊水质稳定在栿类", [3]),
        ("达到地表水V类标准", [5]),  # ASCII V
        ("全面退出劣桋类", []),  # 劣Ⅴ is a state to leave, not a class to reach
        ("国家A类学科", []),
    ],
)
def test_water_classes_are_read_through_the_glyphs(phrase, classes):
    assert class_numbers(phrase) == classes


def test_fraction_and_breaking_zero_readings():
    assert fractions_in("项目报建审批时间较现有时限平均缩短2/3以上") == ["2/3"]
    assert fractions_in("0/5/0/1") == []  # a combined table cell, not a fraction
    assert breaks_zero("加快实现A类学科破“零”") and breaks_zero("实现三个“零”的突破") and breaks_zero("破零争5")
    assert not breaks_zero("零就业家庭")


@pytest.mark.parametrize(
    "row_id, column, bad, expected",
    [
        ("T0820a", "value", "3", "is not the multiple of the base the phrase prints; valid: 2"),
        ("T3791b", "value", "4", "valid: 2"),
        ("T0820a", "note", "relative: twice the 2020 level", "must state its base year in the note"),
        ("T0820a", "note", "base year 2019", "base year 2019 is not supported by the text; valid: 2020"),
        (
            "T0820a",
            "phrase",
            "国家级重点实验室、技术创新中心、工程研究中心数量",
            "valid: none: the phrase prints no 翻两番/翻一番/翻番/倍增",
        ),
        ("T4653a", "phrase", "湖泊水质稳定在Ⅱ类", "not printed"),
        ("T3791a", "comparator", ">=", "but the phrase reads as '='"),
        ("T4086b", "value", "1/3", "is not a fraction printed in the phrase (stored as printed); valid: 2/3"),
        ("T4086b", "value", "0.6667", "is not a fraction printed in the phrase"),
        ("T4086b", "value", "2/0", "is not a number; expected a plain number"),
        ("T4086b", "comparator", "=", "but the phrase reads as '>='"),
        ("T4647a", "value", "3", "is not the water-quality class printed in the phrase (Ⅰ-Ⅴ read as 1-5); valid: 4"),
        ("T4653a", "value", "4", "valid: 3"),
        ("T4706a", "value", "6", "valid: 5"),
        ("T4647a", "comparator", "=", "but the phrase reads as '<='"),
        ("T4660a", "unit", "个", "an ordinal_class row is in '类'"),
        ("T1332a", "unit", "类", "is the unit of ordinal_class rows only"),
        ("T1332a", "note", "base year 2020", "only for relative and relative_reduction rows"),
        ("T1233b", "value", "2", "breaking zero (破“零”) is a lower bound of 1"),
        ("T1210c", "value", "3", "breaking zero (破“零”) is a lower bound of 1"),  # the phrase prints 三 (T1210a)
        ("T0744a", "value", "100", "is not a number of the phrase"),
        ("T4647a", "target_kind", "relative", "does not fit comparator '<='"),
        # a multiple, a fraction and a milestone's year are no amounts (issue 16)
        ("T0820a", "unit", "个", "the value of a relative row is a multiple, not an amount; valid: 倍"),
        ("T3791b", "unit", "亿元", "is a multiple, not an amount"),
        ("T4086b", "unit", "天", "the value of a relative_reduction row is a fraction, not an amount; valid: 比例"),
        ("T1332a", "unit", "倍", "'倍' is a multiple: not the unit of a level row"),
        ("T4786a", "comparator", "=", "but the phrase reads as '<' (年前: before that year)"),
        ("T0812a", "comparator", "<", "but the phrase reads as '=' (by that year)"),
        ("T4788a", "value", "2050", "is not a year the phrase prints as YYYY年; valid: 2060"),
        ("T0814a", "unit", "年", "the value of a milestone row is a year"),
    ],
)
def test_a_corrupted_new_kind_row_is_caught(data_copy, row_id, column, bad, expected):
    path = data_copy / "raw" / "plan14_text_targets.csv"
    line = _line(path, row_id)
    edit_cell(path, line, column, bad)
    problems, _ = collect_problems(data_copy)
    assert problems and all(p.line == line and p.file.endswith("plan14_text_targets.csv") for p in problems), problems
    assert any(expected in p.message for p in problems), [p.message for p in problems]


def test_every_single_digit_change_of_a_new_kind_value_is_caught(data_copy):
    path = data_copy / "raw" / "plan14_text_targets.csv"
    for row_id, value in [("T0820a", "2"), ("T4086b", "2/3"), ("T4647a", "4"), ("T4706a", "5"), ("T1233b", "1")]:
        line = _line(path, row_id)
        for k, ch in enumerate(value):
            if ch in "0123456789":
                mutated = value[:k] + str((int(ch) + 1) % 10) + value[k + 1 :]
                edit_cell(path, line, "value", mutated)
                problems, _ = collect_problems(data_copy)
                assert [p.line for p in problems] and {p.line for p in problems} == {line}, (row_id, mutated)
        edit_cell(path, line, "value", value)
    assert collect_problems(data_copy)[0] == []


# --- the links ---------------------------------------------------------------------------------


def _append_link(data_copy, *cells) -> int:
    path = data_copy / "raw" / "text_target_series.csv"
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(cells)
    sign(path.parent)
    return len(path.read_text(encoding="utf-8").splitlines())


def test_links_load_with_roles():
    links = load_text_target_links(14)
    assert set(links["role"]) == {"annual", "context"}
    annual = links[links["role"] == "annual"].set_index("id")["series_id"]
    assert annual["T3280a"] == "grain_output" and annual["T0820a"] == "national_key_laboratories"
    context = links[links["role"] == "context"]
    assert set(context["id"]) == {"T2279a", "T2312a", "T2330a"}


@pytest.mark.parametrize(
    "cells, column, expected",
    [
        (
            ("shanxi-14", "T9999a", "grain_output", "annual", ""),
            "id",
            "'T9999a' is not an entry of plan shanxi-14's register; valid: T0744a, T0775a",
        ),
        (
            ("shanxi-14", "T3280a", "grain_yield", "context", ""),
            "series_id",
            "'grain_yield' has no observations; valid: afforestation_area",
        ),
        (
            ("shanxi-13", "T3280a", "grain_output", "annual", ""),
            "plan",
            "shanxi-13 is not a plan with a text-target register; valid: shanxi-14",
        ),
        (
            ("shanxi-14", "T3280a", "grain_output_growth", "yearly", ""),
            "role",
            "'yearly' is not allowed; allowed values: annual, context",
        ),
        # coal output (亿吨) judged by energy (亿吨标准煤): mixed units, context at most
        (
            ("shanxi-14", "T2279a", "industrial_energy_consumption", "annual", ""),
            "series_id",
            "no exact conversion is defined (mixed units; link it as context)",
        ),
        (
            ("shanxi-14", "T1332a", "grain_output_growth", "annual", ""),
            "series_id",
            "grain_output_growth is a change_pct series; an annual link judges a level",
        ),
        (
            ("shanxi-14", "T3280a", "grain_output_yoy_change", "annual", ""),
            "role",
            "T3280a already has an annual series (line 9)",
        ),
        (
            ("shanxi-14", "T4647a", "surface_water_good_ratio", "annual", ""),
            "series_id",
            "differs from T4647a's unit '类'",
        ),
    ],
)
def test_bad_links_name_file_line_and_valid_choices(data_copy, cells, column, expected):
    line = _append_link(data_copy, *cells)
    problems, _ = collect_problems(data_copy)
    assert [(p.line, p.column) for p in problems] == [(line, column)], problems
    assert problems[0].file.endswith("text_target_series.csv")
    assert expected in problems[0].message, problems[0].message


def test_the_shipped_links_are_clean():
    rows, problems = check_text_target_links()
    assert problems == [] and len(rows) == 10


# --- the assessment ----------------------------------------------------------------------------


def test_a_linked_target_assessed_as_of_2023():
    t = _by_id(assess_text_targets(as_of=2023))
    grain = t.loc["T3280a"]  # 粮食总产量达150亿公斤左右 = 1500 万吨; 2020 1424 -> 2023 1478.1
    assert (grain.series_id, grain.unit, grain.target_value, grain.base_value) == ("grain_output", "万吨", 1500, 1424)
    assert (grain.latest_year, grain.latest_value, grain.as_of) == (2023, 1478.1, 2023)
    assert grain.status == "on_track" and grain.no == "T3280a"
    assert grain.context == "" and grain.target_text == grain.phrase  # the phrase as printed; how it was read:
    assert "read in the statistic's unit: 1500 (10000 tonnes)" in explanation(grain)
    assert "1500万吨" in explanation(grain, "zh")
    firms = t.loc["T0830a"]  # 突破1万户 = 10000 户, the series of 专栏2 row 3, pace from the 2020 observation
    assert (firms.target_kind, firms.target_value, firms.base_value, firms.latest_year) == (
        "lower_bound",
        10000,
        5400,
        2021,
    )
    assert firms.status in (*VERDICTS, "provisional")


def test_a_context_link_never_yields_a_status(data_copy):
    t = _by_id(assess_text_targets(as_of=2023))
    for row_id in ("T2279a", "T2312a", "T2330a"):
        row = t.loc[row_id]
        assert row.status == "no_data" and row.status not in VERDICTS
        assert row.series_id is None or (isinstance(row.series_id, float) and math.isnan(row.series_id))
        assert "never a verdict" in explanation(row)
    coal = t.loc["T2279a"]  # 原煤产量稳定在10亿吨左右 vs 规上原煤产量 / reported coal output
    assert (
        "raw_coal_output: 13.5658 亿吨 (2023)" in coal.context
        and "coal_output_total: 13.78 亿吨 (2023)" in coal.context
    )
    assert "two-sided" in coal.context_note
    # the same series as an annual link is judged: only the role decides
    path = data_copy / "raw" / "text_target_series.csv"
    text = path.read_text(encoding="utf-8").replace(
        "14,T2279a,raw_coal_output,context,", "14,T2279a,raw_coal_output,annual,"
    )
    path.write_text(text, encoding="utf-8")
    sign(path.parent)
    judged = _by_id(assess_text_targets(as_of=2023, data_dir=data_copy)).loc["T2279a"]
    assert judged.series_id == "raw_coal_output" and judged.status != "no_data"
    assert judged.context.startswith("coal_output_total:")


def test_a_relative_target_is_a_multiple_of_the_observed_base(data_copy):
    before = _by_id(assess_text_targets(as_of=2022)).loc["T0820a"]
    assert before.status == "no_data" and "a multiple of the 2020 level" in explanation(before)
    path = data_copy / "raw" / "observed.csv"
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "national_key_laboratories",
                "shanxi",
                "2020",
                "5",
                "个",
                "count",
                "",
                "8b",
                "revised",
                "official",
                "Fictional test release",
                "https://example.org/release",
                "测试用虚构数据: 2020年国家级重点实验室5个",
                "fictional value for this test only",
            ]
        )
    sign(path.parent)
    after = _by_id(assess_text_targets(as_of=2022, data_dir=data_copy)).loc["T0820a"]
    assert (after.base_value, after.target_value, after.target_kind, after.latest_value) == (5, 10, "level", 8)
    assert "read as 2 times the 2020 level of 5 units: 10 units" in explanation(after)
    assert after.status != "no_data"


def test_register_row_adapts_the_new_kinds():
    plan = get_plan(14)
    df = _by_id(load_text_targets(14))
    lake = register_row(df.loc["T4647a"], plan)  # class Ⅳ or cleaner: a cap on the class number
    assert (lake.target_kind, lake.comparator, lake.direction, lake.target_value) == ("upper_bound", "<=", "lower", 4)
    cut = register_row(df.loc["T4086b"], plan, base_value=30.0)  # at most a third of the base remains
    assert (cut.target_kind, cut.comparator, cut.direction) == ("upper_bound", "<=", "lower")
    assert math.isclose(cut.target_value, 10.0)
    power = register_row(df.loc["T2330a"], plan)  # 5000—6000万千瓦: the range's upper end from the phrase
    assert (power.target_kind, power.target_value, power.target_high) == ("range", 5000, 6000)


def test_an_as_of_year_outside_the_data_is_refused():
    with pytest.raises(ShanxiError, match="as-of year 2019 is outside the data"):
        assess_text_targets(as_of=2019)

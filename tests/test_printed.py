"""The parser of printed targets: the forms in the tables, and properties over generated ones."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shanxi_analysis.data.printed import PrintedTargetError, numbers_in, parse_printed_target


@pytest.mark.parametrize(
    "text, column, value, kind, comparator",
    [
        (">8", "rate", 8, "avg_growth", ">"),
        ("6.5左右", "rate", 6.5, "avg_growth", "~"),
        ("6.5左右", "level", 6.5, "approx", "~"),
        ("[155]", "rate", 155, "cumulative", "="),
        ("[-17]", "rate", -17, "cumulative", "="),
        ("[曒17.6]", "rate", 17.6, "cumulative", ">="),
        ("[15]左右", "rate", 15, "cumulative", "~"),
        ("12,力争达到全国平均水平", "level", 12, "national_average", "="),
        ("12,\n力争达到\n全国平均水平", "level", 12, "national_average", "="),
        ("曑5.5", "level", 5.5, "upper_bound", "<="),
        ("≤13", "level", 13, "upper_bound", "<="),
        ("5个左右", "level", 5, "approx", "~"),
        ("控制在0.2以下", "level", 0.2, "upper_bound", "<="),
        ("控制在\n\n0.2以下", "rate", 0.2, "upper_bound", "<="),  # a cap, even in the rate column
        (">10000", "level", 10000, "lower_bound", ">"),
        ("60以上", "level", 60, "lower_bound", ">="),
        ("<5.5", "level", 5.5, "upper_bound", "<"),
        ("68", "level", 68, "level", "="),
        ("44μg/m3", "level", 44, "level", "="),
    ],
)
def test_printed_forms(text, column, value, kind, comparator):
    t = parse_printed_target(text, column=column)
    assert t.value == pytest.approx(value)
    assert t.kind == kind
    assert t.comparator == comparator


def test_national_assessment_has_no_number():
    for text in ("完成国家考核目标", "完成国家\n考核目标", "完成国家下达\n\n目标任务"):
        t = parse_printed_target(text, column="rate")
        assert t.kind == "national_assessment" and t.value is None and t.comparator is None


def test_range_and_markers():
    t = parse_printed_target("5-8")
    assert (t.value, t.high, t.kind, t.comparator) == (5, 8, "range", "range")
    star = parse_printed_target("59.55*")
    assert star.value == 59.55 and star.year(2020, {"*": 2019, "**": 2018}) == 2019
    assert parse_printed_target("77.3**").year(2020, {"*": 2019, "**": 2018}) == 2018
    assert parse_printed_target("3.6").year(2020, {"*": 2019}) == 2020


def test_empty_cell():
    assert parse_printed_target("-").is_empty
    assert parse_printed_target("").is_empty


@pytest.mark.parametrize("bad", ["about 8", "8%%", ">>8", "[8", "8以上左右", "5-3", "控制在0.2", "abc", "1.2.3"])
def test_unreadable_forms_raise_a_clear_error(bad):
    with pytest.raises(PrintedTargetError, match="printed target"):
        parse_printed_target(bad)


def test_numbers_in_reads_glyphs_and_signs():
    assert numbers_in("[-17] 0/5/0/1 曑5.5 5-8") == ["-17", "0", "5", "0", "1", "5.5", "5", "8"]


values = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False).map(lambda d: d.normalize())
QUALIFIED = [
    ("{}", "level", "="),
    (">{}", "lower_bound", ">"),
    ("{}以上", "lower_bound", ">="),
    ("<{}", "upper_bound", "<"),
    ("曑{}", "upper_bound", "<="),
    ("控制在{}以下", "upper_bound", "<="),
    ("{}左右", "approx", "~"),
]


@given(values, st.sampled_from(QUALIFIED))
def test_property_level_forms_round_trip(value, form):
    template, kind, comparator = form
    text = template.format(format(value, "f"))
    t = parse_printed_target(text)
    assert math.isclose(t.value, float(value))
    assert (t.kind, t.comparator) == (kind, comparator)


@given(values, st.booleans(), st.sampled_from(["", "≥", "≤"]))
def test_property_bracketed_is_cumulative(value, approx, prefix):
    if approx and prefix:
        return
    text = f"[{prefix}{format(value, 'f')}]" + ("左右" if approx else "")
    t = parse_printed_target(text, column="rate")
    assert t.kind == "cumulative"
    assert math.isclose(t.value, float(value))
    assert t.comparator == ("~" if approx else {"": "=", "≥": ">=", "≤": "<="}[prefix])


@given(values)
def test_property_rate_column_plain_number_is_average_growth(value):
    t = parse_printed_target(format(value, "f"), column="rate")
    assert t.kind == "avg_growth" and math.isclose(t.value, float(value))


@given(st.text(max_size=12))
def test_property_never_crashes_with_anything_but_the_documented_error(text):
    try:
        t = parse_printed_target(text)
    except PrintedTargetError:
        return
    assert t.value is None or math.isfinite(t.value)


# --- the national plans' forms ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "column", "kind", "comparator", "value", "reference"),
    [
        ("〔1〕", "level", "cumulative", "=", 1, ""),  # national tables print [ ] as 〔 〕
        ("〔13.5〕", "level", "cumulative", "=", 13.5, ""),
        ("<5.5", "level", "upper_bound", "<", 5.5, ""),
        (">46", "level", "lower_bound", ">", 46, ""),
        ("高于GDP增长", "rate", "relative_growth", ">", None, "GDP增长"),
        ("与GDP增长基本同步", "rate", "relative_growth", "~", None, "GDP增长"),
        ("和经济增长同步", "rate", "relative_growth", "~", None, "经济增长"),
        ("保持在合理区间、各年度视情提出", "rate", "qualitative", None, None, ""),
    ],
)
def test_national_plan_forms(text, column, kind, comparator, value, reference):
    t = parse_printed_target(text, column=column)
    assert (t.kind, t.comparator, t.value, t.reference) == (kind, comparator, value, reference)


def test_a_stretch_aim_in_brackets_is_kept_apart():
    t = parse_printed_target(">7（力争投入强度高于“十三五”时期实际）", column="rate")
    assert (t.kind, t.comparator, t.value) == ("avg_growth", ">", 7)
    assert t.aim == "力争投入强度高于“十三五”时期实际"


@pytest.mark.parametrize("bad", ["高于", "6.5左有", "8以上（）", "与同步"])
def test_national_forms_that_are_not_read(bad):
    with pytest.raises(PrintedTargetError, match="printed target"):
        parse_printed_target(bad)

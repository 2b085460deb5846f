"""Growth formulas: hand-computed cases (arithmetic written out) and properties."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shanxi_analysis.models.evidence import last_break, pace
from shanxi_analysis.models.growth import (
    COMPARATORS,
    GrowthError,
    approx_tolerance,
    bound,
    cagr,
    chained_average,
    margin,
    meets,
    meets_target,
    required_remaining_average,
)


def test_cagr_by_hand():
    # 13th plan goods trade: (218.66 / 147.15) ** (1/5) - 1 = 1.48597... ** 0.2 - 1 = 0.08243
    assert cagr(147.15, 218.66, 5) == pytest.approx(8.2435, abs=1e-3)
    # doubling in 10 years: 2 ** 0.1 - 1 = 0.071773
    assert cagr(100, 200, 10) == pytest.approx(7.1773, abs=1e-4)


def test_chained_average_by_hand():
    # (1.091 * 1.044 * 1.050) = 1.1959542; ** (1/3) = 1.061465 -> 6.1465 %
    assert chained_average([9.1, 4.4, 5.0]) == pytest.approx(6.1465, abs=1e-3)
    # it is not the arithmetic mean (6.1667) of the rates
    assert chained_average([9.1, 4.4, 5.0]) != pytest.approx(np.mean([9.1, 4.4, 5.0]), abs=1e-3)


def test_required_remaining_average_by_hand():
    # ">8 % a year 2021-2025" after 9.1, 4.4, 5.0: 1.08 ** 5 = 1.469328; / 1.1959542 = 1.228584;
    # ** (1/2) = 1.108415 -> 10.84 % a year needed in 2024 and 2025
    assert required_remaining_average([9.1, 4.4, 5.0], 8.0, 5) == pytest.approx(10.8415, abs=1e-3)


def test_paces_by_hand():
    # urbanization needs pp, not %: (68 - 64.97) / 2 = 1.515 pp a year
    assert pace("pp", 64.97, 2023, 68, 2025) == pytest.approx(1.515)
    # 6834 enterprises in 2021 to 10000 in 2025 as a level: (10000/6834) ** 0.25 - 1 = 0.09984
    assert pace("growth", 6834, 2021, 10000, 2025) == pytest.approx(9.9844, abs=1e-3)
    assert math.isnan(pace("growth", 0, 2021, 5, 2025)) and math.isnan(pace("pp", 1, 2020, 2, 2020))


def test_chained_averages_of_many_series_at_once_agree_with_each():
    rates = np.array([[9.1, 4.4, 5.0], [3.0, 3.0, 3.0], [-2.0, 10.0, 1.5]])
    assert chained_average(rates, axis=1) == pytest.approx([chained_average(r) for r in rates], rel=1e-15)
    assert chained_average(rates.T, axis=0) == pytest.approx([chained_average(r) for r in rates], rel=1e-15)
    with pytest.raises(GrowthError, match="missing year"):
        chained_average(np.array([[1.0, 2.0], [np.nan, 3.0]]), axis=1)


def test_the_latest_basis_break_inside_a_span():
    # the 2020 census rebased urbanization: a pace from 2015 to 2023 spans it, one from 2021 does not
    assert last_break([2020], 2015, 2023) == 2020 and last_break([2020], 2020, 2023) is None
    assert last_break([2010, 2020], 2005, 2019) == 2010 and last_break([2010, 2020], 2005, 2025) == 2020
    assert last_break((), 2000, 2030) is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: cagr(0, 5, 3), "undefined"),
        (lambda: cagr(-1, 5, 3), "undefined"),
        (lambda: cagr(1, 5, 0), "at least one year"),
        (lambda: chained_average([]), "at least one"),
        (lambda: chained_average([5, float("nan")]), "missing year"),
        (lambda: required_remaining_average([1, 2, 3, 4, 5], 8, 5), "no year"),
        (lambda: chained_average([5, -100]), "cannot be chained"),
        (lambda: meets_target(5, 5, "!", "higher"), "unknown comparator"),
        (lambda: meets_target(5, 5, "range", "higher"), "upper end"),
        (lambda: meets_target(float("nan"), 5, ">", "higher"), "missing"),
    ],
)
def test_invalid_math_is_an_error_with_a_reason(call, message):
    with pytest.raises(GrowthError, match=message):
        call()


def test_direction_aware_comparisons():
    assert meets_target(5.2, 5.5, "<", "lower")  # unemployment below the cap
    assert not meets_target(5.8, 5.5, "<", "lower")
    assert meets_target(4.21, 5.5, "<=", "lower")  # infant mortality ≤5.5
    assert meets_target(50, 50, ">=", "higher")  # 50%以上 includes 50
    assert meets_target(6.1, 6.5, "~", "higher", "%")  # 左右: within 0.5 pp
    assert not meets_target(5.4, 6.5, "~", "higher", "%")
    assert meets_target(6.54, 5, "range", "higher", high=8)
    assert meets_target(8.5, 5, "range", "higher", high=8)  # over-fulfilling a range meets it
    assert not meets_target(4.9, 5, "range", "higher", high=8)
    assert margin(4.21, 5.5, "lower") == pytest.approx(1.29)


def test_strict_targets_are_strict_at_their_bound():
    """Issue 16: '>8' is not met by 8.00 (the what-if app said "met"), '<5.5' not by 5.5; the
    inclusive forms (以上, ≤) are met there; float noise at the bound is at the bound."""
    assert not meets_target(8.0, 8, ">", "higher") and meets_target(8.01, 8, ">", "higher")
    assert not meets_target(8.0 + 1e-12, 8, ">", "higher")
    assert not meets_target(5.5, 5.5, "<", "lower") and meets_target(5.49, 5.5, "<", "lower")
    assert meets_target(8.0, 8, ">=", "higher") and meets_target(5.5, 5.5, "<=", "lower")
    assert meets(np.array([8.0, 8.2]), 8, ">", "higher", 0.0, np.nan).tolist() == [False, True]


def test_a_range_is_met_from_its_lower_end_unless_it_caps():
    """Issue 16: '3—5个' and '5000—6000万千瓦' are judged one-sided: more than the upper end is
    over-fulfilment, not a miss; a range where lower is better caps at its upper end."""
    assert meets_target(6, 3, "range", "higher", "个", high=5)
    assert meets_target(6500, 5000, "range", "higher", "万千瓦", high=6000)
    assert not meets_target(2, 3, "range", "higher", "个", high=5)
    assert meets_target(4, 3, "range", "lower", high=5) and not meets_target(5.5, 3, "range", "lower", high=5)
    assert bound(3, "range", "higher", 5) == 3 and bound(3, "range", "lower", 5) == 5


def test_approx_tolerance_rule():
    assert approx_tolerance(6.5, "%") == 0.5
    assert approx_tolerance(1700, "亿元") == pytest.approx(85)


rates = st.floats(min_value=-20, max_value=30, allow_nan=False)


@given(rates, st.integers(min_value=1, max_value=15), st.floats(min_value=1, max_value=1e6))
def test_property_compounding_then_cagr_returns_the_rate(rate, years, start):
    end = start * (1 + rate / 100) ** years
    assert cagr(start, end, years) == pytest.approx(rate, abs=1e-6)


@given(rates, st.integers(min_value=1, max_value=10))
def test_property_constant_rate_chains_to_itself(rate, n):
    assert chained_average([rate] * n) == pytest.approx(rate, abs=1e-9)


@given(st.floats(min_value=0, max_value=100), st.floats(min_value=0, max_value=100))
def test_property_flipping_direction_flips_the_verdict(value, target):
    if math.isclose(value, target, abs_tol=1e-6):
        return
    assert meets_target(value, target, "=", "higher") != meets_target(value, target, "=", "lower")
    assert np.sign(margin(value, target, "higher")) == -np.sign(margin(value, target, "lower"))


@given(st.lists(rates, min_size=1, max_size=4), st.floats(min_value=-5, max_value=15))
def test_property_required_remaining_rate_hits_the_target(observed, target):
    need = required_remaining_average(observed, target, 5)
    assert chained_average(observed + [need] * (5 - len(observed))) == pytest.approx(target, abs=1e-6)


# --- met or missed: one rule, for one value and for arrays ------------------------------------------

targets = st.tuples(
    st.floats(min_value=-50, max_value=200, allow_nan=False),  # value
    st.floats(min_value=-50, max_value=200, allow_nan=False),  # target
    st.sampled_from(COMPARATORS),
    st.sampled_from(("higher", "lower")),
    st.sampled_from(("%", "个百分点", "亿元", "个", "岁")),  # the 左右 tolerance depends on the unit
    st.floats(min_value=0, max_value=100, allow_nan=False),  # a range's width
)


@given(st.lists(targets, min_size=1, max_size=12))
def test_property_the_array_form_agrees_with_the_scalar_form(cases):
    """Scenarios judge every indicator at once and forecasts every simulated path at once
    (:func:`meets`); the tracker judges one value (:func:`meets_target`): the same verdicts, also
    for a batch that mixes comparators, directions and units."""
    values, tgts, comps, dirs, units, widths = (list(c) for c in zip(*cases, strict=True))
    highs = [t + w if c == "range" else math.nan for t, c, w in zip(tgts, comps, widths, strict=True)]
    tolerances = [approx_tolerance(t, u) for t, u in zip(tgts, units, strict=True)]
    scalar = [
        meets_target(v, t, c, d, u, None if math.isnan(h) else h)
        for v, t, c, d, u, h in zip(values, tgts, comps, dirs, units, highs, strict=True)
    ]
    assert meets(values, tgts, comps, dirs, tolerances, highs).tolist() == scalar
    # one value at a time through the array form, too
    for i, expected in enumerate(scalar):
        assert bool(meets(values[i], tgts[i], comps[i], dirs[i], tolerances[i], highs[i])) == expected


def test_a_missing_value_never_meets_in_the_array_form():
    assert meets([np.nan, 5.0], [5.0, 5.0], ">=", "higher", 0.0, np.nan).tolist() == [False, True]

"""Growth formulas: hand-computed cases (arithmetic written out) and properties."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shanxi_analysis.models.growth import (
    GrowthError,
    approx_tolerance,
    cagr,
    chained_average,
    compound,
    cumulative_total,
    margin,
    meets_target,
    pp_per_year,
    required_growth_to_level,
    required_remaining_average,
    same_unit,
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


def test_required_growth_to_level_and_pp():
    # urbanization needs pp, not %: (68 - 64.97) / 2 = 1.515 pp a year
    assert pp_per_year(64.97, 2023, 68, 2025) == pytest.approx(1.515)
    # 6834 enterprises in 2021 to 10000 in 2025: (10000/6834) ** 0.25 - 1 = 0.09984
    assert required_growth_to_level(6834, 2021, 10000, 2025) == pytest.approx(9.9844, abs=1e-3)


def test_cumulative_and_compound():
    assert cumulative_total([30, 31, 32, 30.5, 31.5]) == 155
    assert compound(100, [10, 10]).tolist() == pytest.approx([110, 121])


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: cagr(0, 5, 3), "undefined"),
        (lambda: cagr(-1, 5, 3), "undefined"),
        (lambda: cagr(1, 5, 0), "at least one year"),
        (lambda: chained_average([]), "at least one"),
        (lambda: chained_average([5, float("nan")]), "missing year"),
        (lambda: required_remaining_average([1, 2, 3, 4, 5], 8, 5), "no year"),
        (lambda: pp_per_year(1, 2020, 2, 2020), "must be after"),
        (lambda: same_unit("%", "亿元"), "mixed units"),
        (lambda: cumulative_total([1, float("nan")]), "missing year"),
    ],
)
def test_invalid_math_is_an_error_with_a_reason(call, message):
    with pytest.raises(GrowthError, match=message):
        call()


def test_direction_aware_comparisons():
    assert meets_target(5.2, 5.5, "<", "lower")  # unemployment below the cap
    assert not meets_target(5.8, 5.5, "<", "lower")
    assert meets_target(4.21, 5.5, "<=", "lower")  # infant mortality ≤5.5
    assert meets_target(50, 50, ">", "higher")  # '>50' is printed as 50%以上 in the text
    assert meets_target(6.1, 6.5, "~", "higher", "%")  # 左右: within 0.5 pp
    assert not meets_target(5.4, 6.5, "~", "higher", "%")
    assert meets_target(6.54, 5, "range", "higher", high=8)
    assert not meets_target(8.5, 5, "range", "higher", high=8)
    assert margin(4.21, 5.5, "lower") == pytest.approx(1.29)


def test_approx_tolerance_rule():
    assert approx_tolerance(6.5, "%") == 0.5
    assert approx_tolerance(1700, "亿元") == pytest.approx(85)


rates = st.floats(min_value=-20, max_value=30, allow_nan=False)


@given(rates, st.integers(min_value=1, max_value=15), st.floats(min_value=1, max_value=1e6))
def test_property_compounding_then_cagr_returns_the_rate(rate, years, start):
    end = compound(start, [rate] * years)[-1]
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

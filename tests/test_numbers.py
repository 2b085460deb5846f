"""Numbers as every display writes them (shanxi_analysis.core.numbers): one formatter with a style
per kind of display, one rule for a missing value."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shanxi_analysis.core.numbers import (
    DASH,
    FIGURE,
    FIXED,
    PLAIN,
    SIGNIFICANT,
    TERMINAL,
    missing,
    number,
    percent,
)


@pytest.mark.parametrize(
    "x, style, decimals, shown",
    [
        (6834, FIGURE, None, "6,834"),
        (64.97, FIGURE, None, "64.97"),
        (1.5, FIGURE, None, "1.5"),
        (12345.678, FIGURE, None, "12,345.68"),
        (12345.678, TERMINAL, None, "12,345.7"),  # one decimal from 1,000 on
        (999.994, TERMINAL, None, "999.99"),
        (0.5, FIXED, None, "0.50"),
        (12345.678, FIXED, None, "12,345.68"),
        (6834.4, FIXED, 0, "6,834"),  # a count, whole
        (12.3456, SIGNIFICANT, None, "12.3"),
        (12345.6, SIGNIFICANT, None, "12,346"),
        (12345.678, PLAIN, None, "12345.68"),
        (-0.001, FIXED, None, "0.00"),  # minus zero is zero
        (-7.1e-15, TERMINAL, None, "0"),
        (-2.5, FIGURE, None, "-2.5"),
    ],
)
def test_each_style_by_hand(x, style, decimals, shown):
    assert number(x, style, decimals) == shown


@pytest.mark.parametrize(
    "x", [None, float("nan"), float("inf"), -float("inf"), pd.NA, pd.NaT, np.nan, np.float32("nan")]
)
def test_missing_is_one_rule_and_each_style_says_it_its_way(x):
    assert missing(x)
    assert number(x, FIGURE) == number(x, FIXED) == number(x, TERMINAL) == DASH
    assert number(x, PLAIN) == "n/a"


@pytest.mark.parametrize("x", [0, 0.0, -1, "text", "", np.int64(3), True])
def test_a_value_is_not_missing(x):
    assert not missing(x)


def test_percent():
    assert percent(0.8) == "80%" and percent(0.125, 1) == "12.5%" and percent(float("nan")) == DASH


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_property_the_written_number_is_the_number_rounded(x):
    for style in (FIGURE, FIXED, TERMINAL, PLAIN):
        text = number(x, style)
        places = style.decimals if abs(x) < 1000 or style.large_decimals is None else style.large_decimals
        assert math.isclose(float(text.replace(",", "")), round(x, places), abs_tol=10**-places), (x, style, text)


def test_the_displays_use_the_one_formatter():
    from shanxi_analysis.report import context_tables, terminal, words

    assert words.figure(6834.0) == number(6834.0, FIGURE) and words.figure("2/3") == "2/3"
    assert terminal.number(12345.678) == number(12345.678, TERMINAL) and terminal.number(3.4, count=True) == "3"
    assert context_tables._num(12345.678) == number(12345.678, TERMINAL)
    assert words.missing is terminal.missing is missing

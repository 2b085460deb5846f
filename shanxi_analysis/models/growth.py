"""Growth arithmetic, as pure functions on numbers and numpy arrays.

Rates are in percent (5.4 means 5.4 %).  Invalid arithmetic (a CAGR from a zero or negative
base, fewer than two points, mixed units) raises :class:`GrowthError` with the reason, never
returns a silent ``inf``.

Economics:
* the average of annual *real* growth rates over a period is chained geometrically,
  ``(prod(1 + g/100)) ** (1/n) - 1``, never a CAGR of nominal levels (:func:`chained_average`:
  the one implementation, for one series or many at once);
* met or missed is one rule (:func:`meets`, vectorised; :func:`meets_target` for one value);
* the pace of a level (percentage points, units or % a year) is :func:`.evidence.pace`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..core.errors import ShanxiError
from ..data import units


class GrowthError(ShanxiError, ValueError):
    """Arithmetic that has no meaningful answer for these inputs (the message says why)."""


def cagr(start_value: float, end_value: float, years: int) -> float:
    """Compound annual growth rate in percent between two levels ``years`` apart.

    >>> round(cagr(147.15, 218.66, 5), 2)  # 13th plan, goods trade, 2015 -> 2020
    8.24
    """
    if years <= 0:
        raise GrowthError(f"a CAGR needs at least one year between the two levels, not {years}")
    if not (math.isfinite(start_value) and math.isfinite(end_value)):
        raise GrowthError("a CAGR needs two finite levels")
    if start_value <= 0 or end_value < 0:
        raise GrowthError(
            f"a CAGR is undefined from {start_value:g} to {end_value:g} (needs a positive start and a non-negative end)"
        )
    return ((end_value / start_value) ** (1.0 / years) - 1.0) * 100.0


def chained_average(rates, axis: int = -1):
    """Average annual growth (percent) of annual growth rates (percent), chained: the one rule for
    every period average (the tracker, the scenarios, the forecasts' simulated paths, the national
    comparison).  A 2-D array gives one average per row (``axis=-1``).

    >>> round(chained_average([9.1, 4.4, 5.0]), 2)
    6.15
    """
    g = np.atleast_1d(np.asarray(rates, dtype=float))
    if g.shape[axis] == 0:
        raise GrowthError("a chained average needs at least one annual rate")
    if not np.all(np.isfinite(g)):
        raise GrowthError("a chained average needs finite annual rates (a missing year cannot be skipped)")
    if np.any(g <= -100):
        raise GrowthError("an annual rate of -100 % or less cannot be chained")
    average = (np.prod(1.0 + g / 100.0, axis=axis) ** (1.0 / g.shape[axis]) - 1.0) * 100.0
    return float(average) if np.ndim(average) == 0 else average


def required_remaining_average(observed_rates: Sequence[float], target_average: float, period_years: int) -> float:
    """Annual growth (percent) needed in each remaining year for the period's chained average to
    equal ``target_average``, given the rates already observed.

    >>> round(required_remaining_average([9.1, 4.4, 5.0], 8.0, 5), 2)  # >8 % a year, 2021-2025
    10.84
    """
    g = np.asarray(observed_rates, dtype=float)
    remaining = period_years - g.size
    if remaining <= 0:
        raise GrowthError(f"no year of the {period_years}-year period remains after {g.size} observed rates")
    if not np.all(np.isfinite(g)):
        raise GrowthError("observed rates must be finite")
    needed = (1.0 + target_average / 100.0) ** period_years / np.prod(1.0 + g / 100.0)
    return float((needed ** (1.0 / remaining) - 1.0) * 100.0)


# --- comparisons ---------------------------------------------------------------------------

# 左右 (approximate) targets: a documented tolerance.  For rates, shares and growth (% or pp)
# half a percentage point; for other levels 5 % of the target.  An approximate target is met
# when the outcome is no worse than the target by more than the tolerance (better is welcome).
APPROX_TOLERANCE_PP = 0.5
APPROX_TOLERANCE_REL = 0.05


def approx_tolerance(target: float, unit: str) -> float:
    """The tolerance of a 左右 target in ``unit``: points for a share (the unit registry says which
    units are shares, :mod:`..data.units`), else a share of the target."""
    if units.is_share(unit):
        return APPROX_TOLERANCE_PP
    return abs(target) * APPROX_TOLERANCE_REL


COMPARATORS = (">", ">=", "<", "<=", "~", "range", "=")
_EPS = 1e-9  # reaching a bound to within float noise reaches it


def meets(values, targets, comparators, directions, tolerances, highs) -> np.ndarray:
    """Met or missed, for arrays of values and targets (each argument an array, or one value for
    all): the one rule, which :func:`meets_target` applies to a single value.

    ``=`` (a plain target) is met by reaching it in the better direction: at least the target
    when higher is better, at most when lower is better.  ``>=``/``<=`` (以上, 以下, ≥, ≤) include
    the bound; ``>``/``<`` are strict: ">8" is not met by 8.00, "<5.5" not by 5.5 (strict means
    strict, on every page; within float noise of the bound is at the bound).  ``~`` (左右) is met
    within its tolerance (:func:`approx_tolerance`) of the target on the worse side.  ``range``
    ("3—5个", "5000—6000万千瓦") is a span of acceptable outcomes, not a band to stay inside: its
    lower end is the target when higher is better (over-fulfilment meets it), its upper end when
    lower is better (a range that caps, 控制在3—5以内).  A missing value (NaN) never meets.
    """
    v, t = np.asarray(values, float), np.asarray(targets, float)
    comp, higher = np.asarray(comparators, object), np.asarray(directions, object) == "higher"
    tol, high = np.asarray(tolerances, float), np.asarray(highs, float)
    plain = np.where(higher, v >= t - _EPS, v <= t + _EPS)
    approx = np.where(higher, v >= t - tol - _EPS, v <= t + tol + _EPS)
    span = np.where(higher, v >= t - _EPS, v <= high + _EPS)
    out = np.select(
        [comp == ">", comp == ">=", comp == "<", comp == "<=", comp == "~", comp == "range"],
        [v > t + _EPS, v >= t - _EPS, v < t - _EPS, v <= t + _EPS, approx, span],
        default=plain,
    )
    return out & np.isfinite(v)


def at_strict_bound(values, targets, comparators) -> np.ndarray:
    """Whether each value sits exactly on the bound of a strict target (``>`` / ``<``, to within
    float noise): what :func:`meets` calls missed, though no less ("<": no more) would do; the
    what-if's "required" preset lands there, and says so rather than a bare "missed"."""
    v, t = np.asarray(values, float), np.asarray(targets, float)
    strict = np.isin(np.asarray(comparators, object), (">", "<"))
    return strict & np.isfinite(v) & np.isfinite(t) & (np.abs(v - t) <= _EPS)


def meets_target(
    value: float, target: float, comparator: str, direction: str, unit: str = "%", high: float | None = None
) -> bool:
    """Whether ``value`` meets a target, reading the comparator and which direction is better
    (the rule of :func:`meets`, for one value; a 左右 target's tolerance in ``unit``).  A missing
    value or target, an unknown comparator or direction, a range without its upper end is an error."""
    if not (math.isfinite(value) and math.isfinite(target)):
        raise GrowthError("cannot compare a missing value or target")
    if direction not in ("higher", "lower"):
        raise GrowthError(f"direction must be 'higher' or 'lower', not {direction!r}")
    if comparator not in COMPARATORS:
        raise GrowthError(f"unknown comparator {comparator!r}")
    if comparator == "range" and high is None:
        raise GrowthError("a range target needs its upper end")
    tolerance = approx_tolerance(target, unit) if comparator == "~" else 0.0
    return bool(meets(value, target, comparator, direction, tolerance, math.nan if high is None else high))


def bound(target: float, comparator: str, direction: str, high: float | None = None) -> float:
    """The number a value is compared with: the target, or for a ``range`` when lower is better its
    upper end (the rule of :func:`meets`)."""
    if comparator == "range" and direction == "lower" and high is not None and math.isfinite(high):
        return float(high)
    return float(target)


def margin(value: float, target: float, direction: str) -> float:
    """How far the value is beyond the target in the better direction (negative = short)."""
    return (value - target) if direction == "higher" else (target - value)

"""Growth arithmetic, as pure functions on numbers and numpy arrays.

Rates are in percent (5.4 means 5.4 %).  Invalid arithmetic (a CAGR from a zero or negative
base, fewer than two points, mixed units) raises :class:`GrowthError` with the reason, never
returns a silent ``inf``.

Economics:
* the average of annual *real* growth rates over a period is chained geometrically,
  ``(prod(1 + g/100)) ** (1/n) - 1``, never a CAGR of nominal levels;
* shares and rates move in percentage points, so their pace is pp per year;
* ``[ ]`` targets are five-year totals (or cumulative changes), compared as such.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..core.errors import ShanxiError
from ..data import units


class GrowthError(ShanxiError, ValueError):
    """Arithmetic that has no meaningful answer for these inputs (the message says why)."""


def _years(start_year: int, end_year: int) -> int:
    n = int(end_year) - int(start_year)
    if n <= 0:
        raise GrowthError(f"the end year {end_year} must be after the start year {start_year}")
    return n


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


def chained_average(rates: Sequence[float]) -> float:
    """Average annual growth (percent) of a sequence of annual growth rates (percent), chained.

    >>> round(chained_average([9.1, 4.4, 5.0]), 2)
    6.15
    """
    g = np.asarray(rates, dtype=float)
    if g.size == 0:
        raise GrowthError("a chained average needs at least one annual rate")
    if not np.all(np.isfinite(g)):
        raise GrowthError("a chained average needs finite annual rates (a missing year cannot be skipped)")
    if np.any(g <= -100):
        raise GrowthError("an annual rate of -100 % or less cannot be chained")
    return float((np.prod(1.0 + g / 100.0) ** (1.0 / g.size) - 1.0) * 100.0)


def compound(start_value: float, rates: Sequence[float]) -> np.ndarray:
    """The path of levels from ``start_value`` growing at ``rates`` (percent), one per year."""
    return start_value * np.cumprod(1.0 + np.asarray(rates, dtype=float) / 100.0)


def required_growth_to_level(latest_value: float, latest_year: int, target_value: float, target_year: int) -> float:
    """Constant annual growth (percent) that takes the latest level to the target by the target year."""
    return cagr(latest_value, target_value, _years(latest_year, target_year))


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


def pp_per_year(start_value: float, start_year: int, end_value: float, end_year: int) -> float:
    """Change of a share or rate in percentage points per year."""
    return (end_value - start_value) / _years(start_year, end_year)


def cumulative_total(values: Sequence[float]) -> float:
    """Five-year total of annual flows (``[ ]`` targets such as 直接利用外资 [155])."""
    v = np.asarray(values, dtype=float)
    if v.size == 0 or not np.all(np.isfinite(v)):
        raise GrowthError("a cumulative total needs every year's value (a missing year cannot be skipped)")
    return float(v.sum())


def same_unit(*units: str) -> str:
    """The common unit of several series, or a GrowthError for mixed units."""
    distinct = sorted(set(units))
    if len(distinct) != 1:
        raise GrowthError(f"mixed units {distinct}: convert to one unit before comparing")
    return distinct[0]


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


def meets_target(
    value: float, target: float, comparator: str, direction: str, unit: str = "%", high: float | None = None
) -> bool:
    """Whether ``value`` meets a target, reading the comparator and which direction is better.

    ``=`` (a plain target) is met by reaching it in the better direction: at least the target
    when higher is better, at most when lower is better.  ``>``/``<`` are read as inclusive bounds
    like ``>=``/``<=``: the outline itself renders the table's ">50" as "达到50%以上" in the text
    (以上 includes the number), so reaching the bound meets it.  ``~`` (左右) uses
    :func:`approx_tolerance`; ``range`` is met inside [target, high].
    """
    if not (math.isfinite(value) and math.isfinite(target)):
        raise GrowthError("cannot compare a missing value or target")
    if direction not in ("higher", "lower"):
        raise GrowthError(f"direction must be 'higher' or 'lower', not {direction!r}")
    eps = 1e-9
    if comparator in (">", ">="):
        return value >= target - eps
    if comparator in ("<", "<="):
        return value <= target + eps
    if comparator == "range":
        if high is None:
            raise GrowthError("a range target needs its upper end")
        return target - eps <= value <= high + eps
    if comparator == "~":
        tol = approx_tolerance(target, unit)
        return value >= target - tol - eps if direction == "higher" else value <= target + tol + eps
    if comparator == "=":
        return value >= target - eps if direction == "higher" else value <= target + eps
    raise GrowthError(f"unknown comparator {comparator!r}")


def margin(value: float, target: float, direction: str) -> float:
    """How far the value is beyond the target in the better direction (negative = short)."""
    return (value - target) if direction == "higher" else (target - value)

"""The verdict arithmetic of the target kinds the national plans brought (codes and numbers; the
assessment, :mod:`.assess`, turns them into a status with the one evidence rule):

* ``relative_growth`` - a growth rate judged against another row's growth over the same years
  (全员劳动生产率增长 ``>`` 高于GDP增长; 居民人均可支配收入增长 ``~`` 与GDP增长基本同步 within the
  row's stated ``tolerance``): :func:`relative_lean`;
* ``cumulative`` - a five-year reduction (〔13.5〕 of energy use per unit of GDP) from the annual
  changes, chained: :func:`cumulative_so_far`, :func:`annual_reduction`;
* ``level_increase`` - an increase of a level over the period (〔1〕 year of life expectancy): the
  level to reach is the base plus the increase (:func:`increase_target`), then the level rule.

The rules, and why, are in ``docs/verdicts.md`` ("Targets relative to another row", "Five-year
reductions", "An increase of a level").
"""

from __future__ import annotations

import math

import numpy as np

from .growth import APPROX_TOLERANCE_PP, GrowthError, chained_average

# A target "above" another row's growth has no tolerance of its own: short of it by less than this
# (the 左右 tolerance of growth rates, in points) is ``moderate``, by more ``insufficient``.
ABOVE_BAND_PP = APPROX_TOLERANCE_PP


def relative_lean(gap: float, comparator: str, tolerance: float | None) -> str:
    """The lean of a growth rate against its reference, from ``gap`` = its chained average minus
    the reference's over the same years (points).

    ``>`` (above): ahead of the reference -> ``on_track``; short by less than
    :data:`ABOVE_BAND_PP` -> ``moderate``; else ``insufficient``.
    ``~`` (in step, within ``tolerance``): no worse than the tolerance (faster is welcome, as for
    左右) -> ``on_track``; short by up to twice the tolerance -> ``moderate``; else ``insufficient``.
    """
    if not math.isfinite(gap):
        raise GrowthError("a gap needs two finite averages")
    eps = 1e-9
    if comparator == ">":
        if gap > eps:
            return "on_track"
        return "moderate" if gap > -ABOVE_BAND_PP else "insufficient"
    if comparator == "~":
        tol = float(tolerance) if tolerance is not None and math.isfinite(float(tolerance)) else APPROX_TOLERANCE_PP
        if gap >= -tol - eps:
            return "on_track"
        return "moderate" if gap >= -2 * tol - eps else "insufficient"
    raise GrowthError(f"a relative target compares with '>' or '~', not {comparator!r}")


def relative_met(gap: float, comparator: str, tolerance: float | None) -> bool:
    """Whether a finished period's gap meets a relative target (the ``on_track`` side of
    :func:`relative_lean`)."""
    return relative_lean(gap, comparator, tolerance) == "on_track"


def relative_gap(rates: dict[int, float], reference: dict[int, float]) -> tuple[tuple[int, ...], float, float]:
    """(the years both rows have, the row's chained average over them, the reference's)."""
    years = tuple(sorted(set(rates) & set(reference)))
    if not years:
        raise GrowthError("no year with both growth rates")
    own = chained_average([rates[y] for y in years])
    ref = chained_average([reference[y] for y in years])
    return years, own, ref


def cumulative_so_far(changes) -> float:
    """The reduction (percent, positive = lower) of a level after the annual ``changes`` (percent,
    negative = lower), chained: -2.7 then -0.1 give 2.797."""
    factors = 1.0 + np.asarray(changes, dtype=float) / 100.0
    if factors.size == 0 or np.any(factors <= 0) or not np.all(np.isfinite(factors)):
        raise GrowthError("a cumulative change needs finite annual changes above -100 %")
    return float((1.0 - np.prod(factors)) * 100.0)


def annual_reduction(total: float, years: int) -> float:
    """The steady annual reduction (percent) that gives the reduction ``total`` (percent) over
    ``years``: 13.5 over five years needs 2.860 a year."""
    if years <= 0:
        raise GrowthError("a reduction needs at least one year")
    if total >= 100:
        raise GrowthError("a reduction of 100 % or more cannot be paced")
    return float((1.0 - (1.0 - total / 100.0) ** (1.0 / years)) * 100.0)


def remaining_reduction(total: float, so_far: float, years_left: int) -> float:
    """The annual reduction the ``years_left`` need for ``total`` after ``so_far`` (both percent)."""
    if years_left <= 0:
        raise GrowthError("no year remains")
    left = (1.0 - total / 100.0) / (1.0 - so_far / 100.0)
    return float((1.0 - left ** (1.0 / years_left)) * 100.0)


def increase_target(base: float, increase: float) -> float:
    """The level a 〔n〕 increase of a level reaches: the base plus the increase."""
    if not (math.isfinite(base) and math.isfinite(increase)):
        raise GrowthError("an increase of a level needs its base")
    return float(base) + float(increase)

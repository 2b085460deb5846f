"""Numbers as every display writes them: one formatter, one rule for a missing value.

A :class:`NumberStyle` says how a kind of display writes a number; the displays differ only in
their style, never in their own formatting code:

* :data:`FIGURE` - a value on a page, in a sentence or a chart label: thousands separated, at most
  two decimals, no trailing zeros (``6,834``, ``64.97``, ``1.5``);
* :data:`TERMINAL` - a compact table (the command line, the national comparison): as
  :data:`FIGURE`, one decimal from 1,000 on (``12,345.7``);
* :data:`FIXED` - a column of statistics or paces: exactly two decimals (``0.50``), so that a
  column lines up;
* :data:`SIGNIFICANT` - a value written beside a mark on a chart: three significant digits, none
  after the point from 1,000 on;
* :data:`PLAIN` - a number inside the arithmetic of an explanation: no thousands separator, at most
  two decimals (more where asked), ``n/a`` when missing.

A count is written whole (``decimals=0``).  Minus zero is zero (``-0.00`` never shows).  Missing is
None, pandas' NA and NaT, NaN and an infinite number (:func:`missing`): each style shows it as its
``missing`` text (a dash on pages and terminals).  No pandas here: the core layer stays light.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

DASH = "—"


@dataclass(frozen=True)
class NumberStyle:
    decimals: int = 2
    large_decimals: int | None = None  # decimals from 1,000 on (None: ``decimals``)
    trim: bool = True  # trailing zeros dropped: 2.50 -> 2.5, 3.00 -> 3
    thousands: bool = True  # 12,345
    significant: int | None = None  # significant digits below 1,000 (then no decimals)
    missing: str = DASH


FIGURE = NumberStyle()
TERMINAL = NumberStyle(large_decimals=1)
FIXED = NumberStyle(trim=False)
SIGNIFICANT = NumberStyle(significant=3, decimals=0)
PLAIN = NumberStyle(thousands=False, missing="n/a")


def missing(x) -> bool:
    """None, pandas' NA or NaT, NaN, an infinite number: no value.  Text is a value."""
    if x is None or type(x).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return not math.isfinite(x)
    except (TypeError, ValueError, OverflowError):
        return False


def number(x, style: NumberStyle = FIGURE, decimals: int | None = None) -> str:
    """``x`` written in ``style`` (``decimals`` overrides the style's, e.g. 0 for a count)."""
    if missing(x):
        return style.missing
    x = float(x)
    if decimals is not None:
        style = replace(style, decimals=decimals, large_decimals=decimals, significant=None)
    comma = "," if style.thousands else ""
    if style.significant is not None and abs(x) < 1000:
        text = f"{x:{comma}.{style.significant}g}"
    else:
        places = style.decimals if abs(x) < 1000 or style.large_decimals is None else style.large_decimals
        text = f"{x:{comma}.{places}f}"
        if style.trim and "." in text:
            text = text.rstrip("0").rstrip(".")
    return text[1:] if text.startswith("-") and not text.strip("-0.,") else text


def percent(share, decimals: int = 0, style: NumberStyle = FIGURE) -> str:
    """A share (0.8) as a percentage (``80%``): a probability, a coverage."""
    return style.missing if missing(share) else f"{float(share):.{decimals}%}"


__all__ = [
    "DASH",
    "FIGURE",
    "FIXED",
    "PLAIN",
    "SIGNIFICANT",
    "TERMINAL",
    "NumberStyle",
    "missing",
    "number",
    "percent",
]

"""Values derived from other observations: the one rule for each derivation.

A statistic the data set does not hold as published can often be computed from two that it does:
a growth rate from two consecutive levels (row 29's income growth from the income levels 2016-2024,
row 7's R&D growth 2024 from the R&D levels 2023 and 2024), a share from a part and its whole (row
4's industry share from industry value added and GDP).  Two published numbers combine only when
they are of **one vintage**: both first releases (``preliminary``), both ``revised``, or both of
unknown vintage (the NBS database exports this data set copies, which hold one vintage per
download); never an ``estimate`` (stated before its period ended), never a row marked
``CONFLICT``, and never a year where one vintage holds two different values (two revision rounds:
which one pairs with the other year is unknown).  Where several vintages pair, the latest is used
(revised, then preliminary, then unknown); a year no vintage pairs is not derived.

What is derived says so: ``derived`` is True on the rows, the assessment names the level series
(``derived_from``) and the price basis of the levels (``derived_basis``: a growth rate of current-
price levels is **nominal**, whatever the row's own basis, so a real-growth row is never derived).
Published values always come first: a derived value only fills a year the published series lacks.
"""

from __future__ import annotations

import math

import pandas as pd

from ..data.observed import published_by

# vintages that may be paired, latest first (an estimate never)
PAIRED_VINTAGES = ("revised", "preliminary", "unknown")
COLUMNS = ["year", "value", "vintage", "note", "derived"]


def _by_vintage(frame: pd.DataFrame, as_of: int | None) -> dict[tuple[int, str], float]:
    """{(year, vintage): value} of one series' rows (every vintage), without estimates, CONFLICT
    rows and vintages holding two different values in a year."""
    if frame is None or frame.empty:
        return {}
    if as_of is not None:
        frame = published_by(frame[frame["year"] <= int(as_of)], as_of)
    frame = frame[frame["vintage"].isin(PAIRED_VINTAGES) & ~frame["note"].fillna("").str.startswith("CONFLICT")]
    out: dict[tuple[int, str], float] = {}
    for (year, vintage), g in frame.groupby(["year", "vintage"]):
        values = set(g["value"].astype(float))
        if len(values) == 1:
            out[(int(year), str(vintage))] = values.pop()
    return out


def pairs(a: pd.DataFrame, b: pd.DataFrame, shift: int = 0, as_of: int | None = None):
    """For each year of ``a``: (year, vintage, value of ``a``, value of ``b`` in year - ``shift``),
    the two of one vintage, the latest vintage that pairs (see the module doc)."""
    va, vb = _by_vintage(a, as_of), _by_vintage(b, as_of)
    for year in sorted({y for y, _ in va}):
        for vintage in PAIRED_VINTAGES:
            x, y = va.get((year, vintage)), vb.get((year - shift, vintage))
            if x is not None and y is not None:
                yield year, vintage, x, y
                break


def growth_from_levels(levels: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """Annual growth (%) of a level series, year on year, from two consecutive levels of one vintage
    (``levels``: the series' rows, every vintage; ``as_of``: only what was out then)."""
    rows = [
        {
            "year": year,
            "value": (value / previous - 1.0) * 100.0,
            "vintage": vintage,
            "note": f"derived: {value:g} / {previous:g} - 1 ({year} and {year - 1}, {vintage})",
            "derived": True,
        }
        for year, vintage, value, previous in pairs(levels, levels, shift=1, as_of=as_of)
        if previous > 0 and math.isfinite(value)
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def share_of(part: pd.DataFrame, whole: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """The share (%) of ``part`` in ``whole`` in each year both hold a value of one vintage."""
    rows = [
        {
            "year": year,
            "value": value / total * 100.0,
            "vintage": vintage,
            "note": f"derived: {value:g} / {total:g} ({vintage})",
            "derived": True,
        }
        for year, vintage, value, total in pairs(part, whole, as_of=as_of)
        if total > 0
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def fill(published: pd.DataFrame | None, derived: pd.DataFrame) -> pd.DataFrame:
    """The published rows, and the derived ones for the years they lack, sorted by year; the
    ``derived`` column says which is which."""
    published = pd.DataFrame(columns=COLUMNS) if published is None else published.assign(derived=False)
    extra = derived[~derived["year"].isin(set(published["year"]))]
    if extra.empty:
        return published.sort_values("year").reset_index(drop=True)
    frames = [f for f in (published, extra[published.columns.intersection(COLUMNS)]) if not f.empty]
    return pd.concat(frames, ignore_index=True).sort_values("year").reset_index(drop=True)


__all__ = ["PAIRED_VINTAGES", "fill", "growth_from_levels", "pairs", "share_of"]

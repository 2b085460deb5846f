"""Plausibility across rows, as a statistics office runs it before a release.

A value and its snippet edited together pass every check of a single row.  These checks compare
each observation with the rest of the data set:

* **range** - each measure's plausible range (a share in 0-100 %, a province's real GDP growth
  within -15..25 %, a growth rate of a sector within -60..150 %, an index near 100 ...);
* **jump** - a year-on-year move of a level or share larger than 2.5 times the largest move of
  the series' own history (at least three other moves, and beyond a floor: 2 pp for a share, 50 %
  for a level), e.g. urbanization +3.4 pp in a series that never moved more than 1.1;
* **region** - Shanxi against China where their order is stable: a year that reverses it (Shanxi
  above China where it was below in every other year, at least three) is an error;
* **levels and growth** - within one vintage, the growth two levels imply (the same table, or two
  first releases) must agree with the stated nominal growth (within 3 pp) and leave a plausible
  price change beside real growth (-12..+25 pp); two vintages' implied growth of one year agree
  within 5 pp;
* **vintages** - a preliminary and a revised value of one year differ by at most 3 pp (a share),
  1.5 pp (a growth rate) or 5 % (a level).

A breach is an error unless it is documented: a basis break of ``basis_breaks.csv`` at that year,
or a row's note that names the exception in a fixed form: ``CONFLICT`` at its start (two sources
disagree) or ``exception: census rebasing`` / ``revision round`` / ``basis change``
(:data:`EXCEPTION_WORDS`).  Mentioning a census is not naming an exception.  Every threshold
was checked against the data of 2026-12: the real data pass; the forgeries of issue 20 fail.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict

from ..core.errors import Problem
from . import units
from .reading import is_change_series

# A note names a documented exception to a plausibility rule in a fixed form: a CONFLICT between
# sources (at the start of the note), or 'exception: <kind>' with one of these kinds.
EXCEPTION_KINDS = ("census rebasing", "revision round", "basis change")
EXCEPTION_WORDS = re.compile(r"^CONFLICT|\bexception: (?:" + "|".join(EXCEPTION_KINDS) + r")\b")

# (low, high) by measure; a growth rate of the whole economy is tighter than a sector's.
RANGES = {
    "share_pct": (0.0, 100.0),
    "growth_real_pct": (-60.0, 150.0),
    "growth_nominal_pct": (-60.0, 150.0),
    "avg_growth_real_pct": (-30.0, 60.0),
    "avg_growth_nominal_pct": (-30.0, 60.0),
    "change_pct": (-100.0, 1000.0),
}
SERIES_RANGES = {
    "gdp_real_growth": (-15.0, 25.0),
    "gdp_nominal_growth": (-25.0, 40.0),
    "gdp_real_growth_avg5": (-10.0, 20.0),
}
# by what the unit measures (the unit registry's kind): an index on the previous year near 100, an age
KIND_RANGES = {"index": (70.0, 150.0), "age": (30.0, 100.0)}

JUMP_FACTOR = 2.5
JUMP_HISTORY = 3
JUMP_FLOOR = {"share_pct": 2.0, "level": math.log(1.5), "count": math.log(1.5)}

# Levels and the growth series of the same statistic: (level series, growth series, price basis).
LEVEL_GROWTH = (
    ("gdp_level", "gdp_real_growth", "real"),
    ("gdp_level", "gdp_nominal_growth", "nominal"),
    ("disposable_income_per_capita", "disposable_income_per_capita_growth_nominal", "nominal"),
    ("disposable_income_per_capita", "disposable_income_per_capita_growth_real", "real"),
    ("disposable_income_rural", "disposable_income_rural_growth_nominal", "nominal"),
    ("disposable_income_urban", "disposable_income_urban_growth_nominal", "nominal"),
)
NOMINAL_GAP = 3.0  # pp between the growth two levels imply and the stated nominal growth
PRICE_CHANGE = (-12.0, 25.0)  # pp: implied nominal growth minus stated real growth
VINTAGE_GROWTH_GAP = 5.0  # pp between two vintages' implied growth of one year
REVISION = {"share_pct": 3.0, "growth": 1.5, "level": 0.05}


def _documented(*rows: dict) -> bool:
    return any(EXCEPTION_WORDS.search(r.get("note") or "") for r in rows)


def _problem(name: str, r: dict, message: str) -> Problem:
    return Problem(name, r["_line"], "value", f"{r['_raw']['value']}: implausible: {message}")


def _usable(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r.get("value") is not None and r.get("year") is not None and r.get("series_id")]


def _range_problems(rows: list[dict], name: str) -> list[Problem]:
    out = []
    for r in rows:
        low, high = (
            SERIES_RANGES.get(r["series_id"])
            or RANGES.get(r["measure"])
            or KIND_RANGES.get(units.kind(r["unit"]) or "")
            or (-math.inf, math.inf)
        )
        if r["measure"] in ("level", "count") and not is_change_series(r["series_id"], r["measure"]):
            low = max(low, 0.0)
        if not low <= r["value"] <= high:
            out.append(
                _problem(name, r, f"outside the plausible range {low:g} to {high:g} of a {r['measure']} in {r['unit']}")
            )
    return out


def _by_series(rows: list[dict], latest: dict) -> dict:
    """(series, region) -> {year: the row the loaders would choose}."""
    out = defaultdict(dict)
    for (sid, region, year), r in latest.items():
        out[sid, region][year] = r
    return out


def _move(measure: str, a: float, b: float, gap: int) -> float | None:
    if measure == "share_pct":
        return abs(b - a) / gap
    if a <= 0 or b <= 0:
        return None
    return abs(math.log(b / a)) / gap


def _jump_problems(series: dict, breaks: set, name: str) -> list[Problem]:
    out = []
    for (sid, region), years in series.items():
        measure = next(iter(years.values()))["measure"]
        if measure not in JUMP_FLOOR or is_change_series(sid, measure):
            continue
        ordered = sorted(years)
        moves = {}  # the later year -> its move per year
        for a, b in itertools.pairwise(ordered):
            crosses = any(a < y <= b for s, g, y in breaks if (s, g) == (sid, region))
            if b - a > 2 or crosses:
                continue
            move = _move(measure, years[a]["value"], years[b]["value"], b - a)
            if move is not None:
                moves[b] = (a, move)
        for b, (a, move) in moves.items():
            # the history: every other move that does not touch this row's year (a forged value
            # moves the series twice, into its year and out of it)
            others = [m for y, (x, m) in moves.items() if b not in (x, y)]
            if len(others) < JUMP_HISTORY:
                continue
            limit = max(JUMP_FLOOR[measure], JUMP_FACTOR * max(others))
            row, before = years[b], years[a]
            if move > limit and not _documented(row, before):
                shown = f"{move:.2f} pp" if measure == "share_pct" else f"{math.expm1(move):+.0%}"
                most = max(others)
                usual = f"{most:.2f} pp" if measure == "share_pct" else f"{math.expm1(most):+.0%}"
                out.append(
                    _problem(
                        name,
                        row,
                        f"{sid} ({region}) moves {shown} a year from {a} ({before['_raw']['value']}, line "
                        f"{before['_line']}) to {b}, while its other {len(others)} yearly moves are at most {usual} "
                        "(a basis break goes in basis_breaks.csv; a census or revision is named in the note)",
                    )
                )
    return out


def _region_problems(series: dict, nations: dict[str, str], names: dict[str, str], name: str) -> list[Problem]:
    """A region on the other side of its nation (``nations``: region -> nation, regions.csv) in one
    year only of at least four; ``names``: each region's English name for the message."""
    out = []
    for (sid, region), years in series.items():
        if (sid, nations.get(region)) not in series:
            continue
        nation_code = nations[region]
        nation = series[sid, nation_code]
        if is_change_series(sid, next(iter(years.values()))["measure"]):
            continue
        common = sorted(set(years) & set(nation))
        signs = {y: (years[y]["value"] > nation[y]["value"]) - (years[y]["value"] < nation[y]["value"]) for y in common}
        for y in common:
            others = [signs[x] for x in common if x != y]
            if len(others) < 3 or len(set(others)) != 1 or others[0] == 0 or signs[y] == others[0]:
                continue
            if _documented(years[y], nation[y]):
                continue
            was = "below" if others[0] < 0 else "above"
            now = f"{'not ' if signs[y] == 0 else ''}{'above' if was == 'below' else 'below'}"
            seen = f"{nation[y]['_raw']['value']}, line {nation[y]['_line']}"
            region_name, nation_name = names.get(region, region), names.get(nation_code, nation_code)
            out.append(
                _problem(
                    name,
                    years[y],
                    f"{region_name}'s {sid} is {now} {nation_name}'s ({seen}) in {y}, "
                    f"while it is {was} in all {len(others)} other years both are observed",
                )
            )
    return out


def _implied(levels: list[dict]) -> dict:
    """(year) -> [(implied growth %, the later level row)] within one vintage: two levels of the
    same table (source), or two first releases."""
    by_year = defaultdict(list)
    for r in levels:
        by_year[r["year"]].append(r)
    out = defaultdict(list)
    for year, rows in by_year.items():
        for r in rows:
            for p in by_year.get(year - 1, []):
                same_table = r["source_url"] == p["source_url"]
                first_releases = r["vintage"] == p["vintage"] == "preliminary"
                if (same_table or first_releases) and p["value"] > 0:
                    out[year].append(((r["value"] / p["value"] - 1) * 100, r, p))
    return out


def _level_growth_problems(rows: list[dict], name: str) -> list[Problem]:
    out = []
    by = defaultdict(list)
    for r in rows:
        by[r["series_id"], r["region"]].append(r)
    seen = set()
    for level_id, growth_id, basis in LEVEL_GROWTH:
        for region in sorted({r for _, r in by}):
            implied = _implied(by.get((level_id, region), []))
            out += _vintage_growth_problems(implied, seen, name)
            for g in by.get((growth_id, region), []):
                for growth, r, p in implied.get(g["year"], []):
                    why = _growth_mismatch(growth, g, basis)
                    if why and not _documented(g, r, p):
                        out.append(
                            _problem(
                                name,
                                r,
                                f"{level_id} {p['year']}-{r['year']} implies {growth:+.1f} % (lines {p['_line']} and "
                                f"{r['_line']}) beside {basis} growth {g['_raw']['value']} % (line {g['_line']}): "
                                f"{why}",
                            )
                        )
    return sorted(set(out))


def _growth_mismatch(growth: float, g: dict, basis: str) -> str | None:
    if basis == "nominal":
        gap = growth - g["value"]
        return f"{gap:+.1f} pp apart (at most {NOMINAL_GAP:g})" if abs(gap) > NOMINAL_GAP else None
    price = growth - g["value"]
    low, high = PRICE_CHANGE
    if not low <= price <= high:
        return f"a price change of {price:+.1f} pp (plausible {low:g} to {high:+g})"
    return None


def _vintage_growth_problems(implied: dict, seen: set, name: str) -> list[Problem]:
    out = []
    for year, found in implied.items():
        for i, (a, ra, pa) in enumerate(found):
            for b, rb, pb in found[i + 1 :]:
                key = (ra["_line"], rb["_line"], pa["_line"], pb["_line"])
                if abs(a - b) <= VINTAGE_GROWTH_GAP or key in seen:
                    continue
                seen.add(key)
                out.append(
                    _problem(
                        name,
                        ra if ra["vintage"] == "preliminary" else rb,
                        f"{ra['series_id']} grows {a:+.1f} % to {year} in one vintage (lines {pa['_line']}, "
                        f"{ra['_line']}) and {b:+.1f} % in another (lines {pb['_line']}, {rb['_line']}): "
                        f"more than {VINTAGE_GROWTH_GAP:g} pp apart",
                    )
                )
    return out


def _revision_problems(rows: list[dict], name: str) -> list[Problem]:
    out = []
    groups = defaultdict(list)
    for r in rows:
        groups[r["series_id"], r["region"], r["year"]].append(r)
    for found in groups.values():
        first = [r for r in found if r["vintage"] == "preliminary"]
        later = [r for r in found if r["vintage"] == "revised"]
        for p in first:
            for v in later:
                why = _revision_gap(p, v)
                if why and not _documented(p, v):
                    out.append(_problem(name, p, f"the revised value {v['_raw']['value']} (line {v['_line']}) {why}"))
    return out


def _revision_gap(p: dict, v: dict) -> str | None:
    measure = p["measure"]
    if measure == "share_pct" or "growth" in measure or measure == "change_pct":
        limit = REVISION["share_pct"] if measure == "share_pct" else REVISION["growth"]
        gap = abs(v["value"] - p["value"])
        return f"differs by {gap:.2f} pp (at most {limit:g} without a documented revision)" if gap > limit else None
    if p["value"] > 0 and v["value"] > 0:
        gap = abs(v["value"] / p["value"] - 1)
        limit = REVISION["level"]
        return f"differs by {gap:.1%} (at most {limit:.0%} without a documented revision)" if gap > limit else None
    return None


def plausibility_problems(
    rows: list[dict],
    latest: dict,
    breaks: set,
    name: str,
    nations: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
) -> list[Problem]:
    """Every check of the module doc.  ``rows``: the observed rows; ``latest``: (series, region,
    year) -> the row the loaders choose for that year; ``breaks``: (series, region, first_year);
    ``nations``: region -> the nation it is compared with, ``names``: region -> its English name
    (regions.csv)."""
    rows = _usable(rows)
    series = _by_series(rows, latest)
    return sorted(
        set(
            _range_problems(rows, name)
            + _jump_problems(series, breaks, name)
            + _region_problems(series, nations or {}, names or {}, name)
            + _level_growth_problems(rows, name)
            + _revision_problems(rows, name)
        )
    )

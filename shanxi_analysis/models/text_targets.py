"""Body-text targets judged with the indicator table's engine.

>>> table = assess_text_targets(as_of=2023)          # doctest: +SKIP
>>> table[["no", "measure_zh", "status", "context"]]  # doctest: +SKIP

Each register entry linked to an observed series in ``data/raw/text_target_series.csv`` becomes
a row with the indicator-table columns and is assessed by
:func:`~.assess.assess_indicator`, the same function, thresholds and wording as the 专栏2 table:

* an ``annual`` link measures the entry's own statistic; the target is converted into the
  series' unit through the link checker's exact conversions (150亿公斤 = 1500 万吨);
* a ``context`` link is a proxy (another basis, another concept: coal output against a
  capacity, energy sent against a transmission capacity): its latest value and year are shown
  as text in the ``context`` column and never reach the engine, so they never give a status;
  an entry with context links only is ``no_data``;
* the base is the annual series' observation in the entry's base year (the note's
  ``base year`` for a relative target, else the plan's base year), so the pace is measured
  from the series itself; a ``relative`` target (倍增: twice the base) becomes the level
  ``multiple x base``, a ``relative_reduction`` (缩短2/3) the cap ``(1 - fraction) x base``,
  an ``ordinal_class`` (Ⅲ类 or better) a class number to stay at or below.  Without a base-year
  observation a relative target has no level and is ``no_data``.
"""

from __future__ import annotations

import inspect

import pandas as pd

from ..core.errors import ShanxiError, unknown_choice
from ..data import units
from ..data.links import load_breaks, load_text_target_links
from ..data.observed import list_series, load_observed
from ..data.plans import get_plan, load_text_targets
from ..data.provenance import range_bounds
from .assess import METHODS, RESULT_COLUMNS, assess_indicator, results_frame

# Register kinds the engine does not know, and the engine kind each becomes (by comparator).
ENGINE_KINDS = {
    ("relative", "="): ("level", "="),
    ("relative", ">="): ("lower_bound", ">="),
    ("relative_reduction", "="): ("upper_bound", "<="),
    ("relative_reduction", ">="): ("upper_bound", "<="),
    ("ordinal_class", "="): ("level", "="),
    ("ordinal_class", "<="): ("upper_bound", "<="),
}
TEXT_COLUMNS = [
    "id",
    "measure_zh",
    "measure_en",
    "phrase",
    "register_kind",
    "register_value",
    "register_unit",
    "context",
    "context_note",
]


def direction_of(kind: str) -> str:
    """Which way is better for a register kind: a cap, a cut or a water class is better lower."""
    return "lower" if kind in ("upper_bound", "relative_reduction", "ordinal_class") else "higher"


def basis_of(entry, unit: str | None = None) -> str:
    """What the entry's number measures, from what its unit measures (the register has no basis
    column; :mod:`..data.units`): ``unit`` is the row's (the linked series' for a multiple of a
    base, whose own unit is 倍), else the entry's."""
    unit = unit or entry["unit"]
    if entry["target_kind"] == "ordinal_class":
        return "level"
    if units.kind(unit) == "percent":
        return "share_pct"
    if units.is_count(unit):
        return "count"
    if units.is_money(unit):
        return "nominal_level"
    return "level"


def register_row(entry, plan, series_unit: str | None = None, base_value: float | None = None) -> pd.Series:
    """An indicator-table row for one register entry (``no`` = the register id).

    ``series_unit``: the unit of the annual series (the target is converted into it);
    ``base_value``: the series' base-year observation, in that unit (None: not observed)."""
    kind, comparator = entry["target_kind"], entry["comparator"]
    unit = series_unit or entry["unit"]
    factor = units.conversion(entry["unit"], unit) or 1.0
    engine_kind, engine_comparator = ENGINE_KINDS.get((kind, comparator), (kind, comparator))
    base_year = int(entry["base_year"]) if pd.notna(entry["base_year"]) else int(plan.base_year)
    value = float(entry["value"])
    high = float("nan")
    if kind == "relative":
        target = value * base_value if base_value is not None else float("nan")
    elif kind == "relative_reduction":
        target = (1 - value) * base_value if base_value is not None else float("nan")
    else:
        target = value * factor
        if kind == "range":
            highs = [h for lo, h in range_bounds(entry["phrase"]) if lo == value]
            high = highs[0] * factor if highs else float("nan")
    return pd.Series(
        {
            "plan": plan.id,
            "no": entry["id"],
            "name_zh": entry["measure_zh"],
            "name_en": entry["measure_en"],
            "category_en": f"text register ({entry['chapter']})",
            "attribute": None,
            "attribute_zh": None,
            "unit": unit,
            "unit_en": entry["unit_en"] if unit == entry["unit"] else None,
            "basis": basis_of(entry, unit),
            "direction": direction_of(kind),
            "target_kind": engine_kind,
            "comparator": engine_comparator,
            "base_year": base_year,
            "base_value": base_value if base_value is not None else float("nan"),
            "target_year": int(entry["target_year"]),
            "target_value": target,
            "target_high": high,
            "target_text": entry["phrase"],  # as printed; models.verdicts says how it was read
            "target_rate_text": "-",
            "note": entry["note"],
            "actual_is_estimate": False,
        }
    )


def _observation(frame: pd.DataFrame | None, year: int) -> float | None:
    if frame is None or frame.empty:
        return None
    hit = frame[frame["year"] == year]
    return float(hit["value"].iloc[-1]) if len(hit) else None


def _context_text(series_ids: list[str], by_series: dict, units: dict, as_of: int) -> str:
    parts = []
    for sid in series_ids:
        frame = by_series.get(sid)
        if frame is None or frame.empty:
            parts.append(f"{sid}: no observation up to {as_of}")
        else:
            last = frame.iloc[-1]
            parts.append(f"{sid}: {float(last['value']):.6g} {units.get(sid, '')} ({int(last['year'])})")
    return "; ".join(parts)


def _available_years(series_ids: list[str], region: str, base_year: int, target_year: int, data_dir) -> list[int]:
    if not series_ids:
        return []
    obs = load_observed(series_ids, region=region, vintage="all", data_dir=data_dir)
    return sorted(int(y) for y in obs["year"].unique() if base_year < y <= target_year)


def assess_text_targets(
    as_of: int | None = None,
    method: str = "eurostat",
    data_dir=None,
    plan: str | int | None = None,
    region: str | None = None,
) -> pd.DataFrame:
    """The linked register entries of ``plan`` (None: the current plan) as of ``as_of`` (None: the
    latest year with an observation of a linked series), one row each, with the indicator
    table's result columns (``no`` is the register id) and ``id, measure_zh, measure_en, phrase,
    register_kind, register_value, register_unit, context, context_note``.  ``context`` shows
    the latest value and year of each context series: never a verdict."""
    if method not in METHODS:
        raise unknown_choice("method", method, METHODS)
    p = get_plan(plan, region, data_dir)
    register = load_text_targets(p, data_dir=data_dir).set_index("id", drop=False)
    links = load_text_target_links(p, data_dir)
    series_ids = list(dict.fromkeys(links["series_id"]))
    years = _available_years(series_ids, p.region, p.base_year, p.target_year, data_dir)
    if as_of is None:
        as_of = max(years) if years else p.target_year
    elif int(as_of) not in years:
        raise ShanxiError(
            f"as-of year {as_of} is outside the data; observations of the series linked to plan {p.id}'s "
            f"text targets exist for the years {', '.join(map(str, years)) or 'none'}",
            code="text_as_of_outside" if years else "text_as_of_no_years",
            as_of=as_of,
            plan=p.id,
            years=", ".join(map(str, years)),
        )
    as_of = int(as_of)
    observed = (
        load_observed(series_ids, region=p.region, vintage="latest", data_dir=data_dir, as_of=as_of)
        if series_ids
        else None
    )
    by_series = (
        {}
        if observed is None
        else {
            sid: g.sort_values("year")[["year", "value", "vintage", "note"]] for sid, g in observed.groupby("series_id")
        }
    )
    catalogue = list_series(data_dir).set_index("series_id")
    units = {sid: catalogue["unit"].get(sid, "") for sid in series_ids}
    engine_args = {}
    if "breaks" in inspect.signature(assess_indicator).parameters:
        breaks = load_breaks(data_dir)
        engine_args["breaks"] = breaks[breaks["region"] == p.region]

    rows = []
    for entry_id, group in links.groupby("id", sort=True):
        entry = register.loc[entry_id]
        annual = group[group["role"] == "annual"]
        context = group[group["role"] == "context"]
        series_unit = base = None
        if len(annual):
            sid = annual["series_id"].iloc[0]
            series_unit = units[sid]
            base_year = int(entry["base_year"]) if pd.notna(entry["base_year"]) else int(p.base_year)
            base = _observation(by_series.get(sid), base_year)
        r = register_row(entry, p, series_unit, base)
        relative_without_base = entry["target_kind"] in ("relative", "relative_reduction") and base is None
        engine_links = annual[["series_id", "role"]].reset_index(drop=True)
        if relative_without_base:
            # no level to reach: the target is a multiple of a base that is not observed
            r = r.copy()
            r["target_value"] = float(entry["value"])
            rec = assess_indicator(r, engine_links.iloc[0:0], {}, as_of, method, p.base_year, **engine_args)
            rec.update(
                status="no_data",
                target_value=float("nan"),
                no_pace="relative_no_base" if len(annual) else "context_only",
                no_pace_year=int(r["base_year"]),
            )
        else:
            rec = assess_indicator(r, engine_links, by_series, as_of, method, p.base_year, **engine_args)
            if not len(annual):  # the linked series are context only, never a verdict
                rec.update(status="no_data", no_pace="context_only")
            elif base is None and rec.get("status") == "no_data" and pd.notna(rec.get("latest_year")):
                # the register prints no base: the pace base is the series' own base-year value
                rec.update(no_pace="no_base_observation", no_pace_year=int(r["base_year"]))
        rec.update(
            id=entry_id,
            measure_zh=entry["measure_zh"],
            measure_en=entry["measure_en"],
            phrase=entry["phrase"],
            register_kind=entry["target_kind"],
            register_value=entry["value_text"],
            register_unit=entry["unit"],
            context=_context_text(list(context["series_id"]), by_series, units, as_of) if len(context) else "",
            context_note="; ".join(
                f"{s}: {n}" for s, n in zip(context["series_id"], context["note"].fillna(""), strict=True)
            )
            if len(context)
            else "",
        )
        rows.append(rec)
    return results_frame(rows, RESULT_COLUMNS + TEXT_COLUMNS)

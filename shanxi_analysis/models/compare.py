"""A plan's region against its nation, and where each indicator's latest number comes from.

Two tidy frames of codes and numbers (no display words; :mod:`..report.context_tables` shows
them in either language).  The region is the plan's; its nation is the ``nation`` of its row of
``regions.csv`` (Shanxi: China).  Columns name the two by role: ``*_region`` and ``*_nation``; the
frame's ``attrs`` give their codes (``region``, ``nation``).

* :func:`national_comparison`: one row per series that has a value of the nation.  Like is
  compared with like: values of one year only (never a gap across years), and of one vintage,
  both first releases (``preliminary``) or both revised (``pairing``): the year compared is the
  latest one up to ``as_of`` with such a pair.  Where the two share a year but never a vintage,
  that year's values are given and the gap stays missing (``pairing`` ``mixed``); without a
  common year each one's latest year is given and no value is compared.  Growth series also get
  period comparisons, one per pairing: the chained average of the annual rates from the plan's
  first year to the last year by which both have every year, of first releases (``first_*``),
  and of revised values each read from one release per side, so that both sides are of one
  revision round (``revised_*``; the nation's 2021 final verification is not chained with the
  rates restated after the Fifth Economic Census).  The region's annual growth may be read from
  its index of the same indicator (previous year = 100: growth = index - 100, the NBS provincial
  database's form), said so in ``revised_derived_region``.
* :func:`vintage_table`: one row per indicator of a plan: the linked series, its
  latest value up to ``as_of`` and that value's vintage, source grade, title and address.
  Indicators without data keep missing values (never filled).

Values are those known at ``as_of`` (:func:`..data.observed.load_observed`: the as-of year's own
value from its first release), one per year and vintage by the "latest available" rule
(:func:`..data.observed.select_latest`: source grade, then precision); an estimate (a value stated
before its period ended) is shown, never compared.
"""

from __future__ import annotations

import math

import pandas as pd

from ..core import cache
from ..data import units
from ..data.links import load_links
from ..data.observed import list_series, load_observed, select_latest
from ..data.plans import get_plan, load_targets
from ..data.regions import get_region
from ..data.schema import SOURCE_GRADES
from .growth import GrowthError, chained_average

SOURCE_GRADE_RANK = {g: i for i, g in enumerate(SOURCE_GRADES)}

# How the region is set against its nation (the column ``gap_kind``):
#   pp              region - nation, in percentage points (shares, rates and growth rates in %)
#   diff            region - nation, in the series' unit (ages and durations in years)
#   pct_of_nation   region / nation * 100 (a per-capita or per-unit level: the nation = 100)
#   share_of_nation region / nation * 100 (a total: the region's share of the national total, in %)
GAP_KINDS = ("pp", "diff", "pct_of_nation", "share_of_nation")
RATE_MEASURES = (
    "share_pct",
    "growth_real_pct",
    "growth_nominal_pct",
    "change_pct",
    "avg_growth_real_pct",
    "avg_growth_nominal_pct",
)
# annual rates that can be chained into a period average
ANNUAL_GROWTH_MEASURES = ("growth_real_pct", "growth_nominal_pct", "change_pct")
ROLE_ORDER = {"annual": 0, "period_average": 1, "context": 2}

COMPARISON_COLUMNS = [
    "series_id",
    "plan",
    "no",
    "role",
    "unit",
    "measure",
    "price_basis",
    "year",
    "latest_year_region",
    "latest_year_nation",
    "year_region",
    "value_region",
    "vintage_region",
    "source_grade_region",
    "source_title_region",
    "source_url_region",
    "conflict_region",
    "year_nation",
    "value_nation",
    "vintage_nation",
    "source_grade_nation",
    "source_title_nation",
    "source_url_nation",
    "conflict_nation",
    "gap",
    "gap_kind",
    "pairing",
    *(
        f"{prefix}_{key}"
        for prefix in ("first", "revised")
        for key in ("start", "end", "years", "avg_region", "avg_nation", "gap_pp", "source_region", "source_nation")
    ),
    "revised_derived_region",
]
ROLES = ("region", "nation")
# like with like: the vintages a value is compared in (both revised, else both first releases)
PAIRINGS = ("revised", "preliminary")
# the period averages' column prefixes, by the vintage they chain
PERIOD_PREFIXES = {"preliminary": "first", "revised": "revised"}
# an index of the previous year = 100 (the NBS provincial database's form of real growth)
PREVIOUS_YEAR_INDEX = "index (previous year = 100)"
VINTAGE_COLUMNS = [
    "plan",
    "no",
    "series_id",
    "role",
    "n_series",
    "unit",
    "measure",
    "n_obs",
    "year",
    "value",
    "vintage",
    "source_grade",
    "source_title",
    "source_url",
    "n_candidates",
    "conflict",
]


def gap_kind(measure: str, unit: str) -> str:
    """How a series' value of the region is set against the nation's (one of :data:`GAP_KINDS`), by
    what its unit measures (:mod:`..data.units`): a percentage in points, an age or a duration in
    years, a total (a level in 万 or 亿) as the region's share of the nation's, any other level
    against the nation's."""
    if measure in RATE_MEASURES or units.kind(unit) == "percent":
        return "pp"
    if units.is_years(unit):
        return "diff"
    return "share_of_nation" if units.is_aggregate(unit) else "pct_of_nation"


def gap(region: float, nation: float, kind: str) -> float:
    """The gap of one kind between two values of the same year (NaN if it is undefined)."""
    if not (math.isfinite(region) and math.isfinite(nation)):
        return float("nan")
    if kind in ("pp", "diff"):
        return region - nation
    if kind in ("pct_of_nation", "share_of_nation"):
        return region / nation * 100.0 if nation > 0 else float("nan")
    raise ValueError(f"unknown gap kind {kind!r}; valid: {', '.join(GAP_KINDS)}")


def _plan_rows(plan, data_dir) -> dict[str, tuple[str, str, str]]:
    """series -> (plan, row, role) of ``plan`` (the first row, by role, if several)."""
    links = load_links(plan, data_dir=data_dir)
    links = links.assign(_r=links["role"].map(ROLE_ORDER)).sort_values(["_r", "no"], kind="stable")
    out: dict[str, tuple[str, str, str]] = {}
    for _, r in links.iterrows():
        out.setdefault(r["series_id"], (r["plan"], r["no"], r["role"]))
    return out


def _row_order(no) -> tuple:
    if not isinstance(no, str) or not no:
        return (1, 0, "")
    digits = "".join(ch for ch in no if ch.isdigit())
    return (0, int(digits) if digits else 0, no)


def _known_at(obs: pd.DataFrame, as_of: int | None) -> pd.DataFrame:
    """Every row known at ``as_of``: a revision of the as-of year itself was not yet out where
    its first release exists (the rule of :func:`..data.observed.load_observed`).  An estimate (a
    value stated before its period ended) stays, but is never paired (:data:`PAIRINGS`): no gap."""
    if as_of is None or obs.empty:
        return obs
    keys = ["series_id", "region", "year"]
    first = obs[(obs["year"] == as_of) & (obs["vintage"] == "preliminary")][keys].drop_duplicates()
    marked = obs.merge(first.assign(_first=True), on=keys, how="left")["_first"].fillna(False).to_numpy(dtype=bool)
    return obs[~(marked & (obs["year"] == as_of).to_numpy() & (obs["vintage"] == "revised").to_numpy())]


def _index_twins(data_dir) -> dict[str, str]:
    """growth series -> the index (previous year = 100) of the same plan indicator, whose value -
    100 is the same growth: the form the NBS provincial database prints."""
    catalogue = list_series(data_dir)
    growth = catalogue[catalogue["measure"] == "growth_real_pct"]
    index = catalogue[catalogue["unit"] == PREVIOUS_YEAR_INDEX]
    out = {}
    for _, g in growth.iterrows():
        twins = index[(index["plan_indicator"] == g["plan_indicator"]) & (g["plan_indicator"] != "")]
        if len(twins) == 1:
            out[g["series_id"]] = twins["series_id"].iloc[0]
    return out


def _with_twin(rows: pd.DataFrame, twin: pd.DataFrame) -> pd.DataFrame:
    """One side's rows of a growth series, plus its index twin's read as growth (``derived``)."""
    rows = rows.assign(derived=False)
    if twin.empty:
        return rows
    twin = twin.assign(value=twin["value"] - 100.0, derived=True)
    return pd.concat([rows, twin[rows.columns]], ignore_index=True)


def _point(df: pd.DataFrame) -> dict:
    """The one observation of ``df`` the latest-available rule selects (revised, grade, precision)."""
    if df.empty:
        return {}
    row = select_latest(df.drop(columns=["derived"], errors="ignore")).iloc[-1]
    return {
        "year": int(row["year"]),
        "value": float(row["value"]),
        "vintage": row["vintage"],
        "source_grade": row["source_grade"],
        "source_title": row["source_title"],
        "source_url": row["source_url"],
        "conflict": bool(row["conflict"]),
    }


def _pair(mine: pd.DataFrame, theirs: pd.DataFrame, year: int) -> tuple[str, dict, dict]:
    """The values of ``year`` compared like with like: both revised, else both first releases
    (``pairing``); ``mixed`` when the two share no vintage that year."""
    m, t = mine[mine["year"] == year], theirs[theirs["year"] == year]
    for vintage in PAIRINGS:
        mv, tv = m[m["vintage"] == vintage], t[t["vintage"] == vintage]
        if len(mv) and len(tv):
            return vintage, _point(mv), _point(tv)
    return "mixed", _point(m), _point(t)


def _like_years(mine: pd.DataFrame, theirs: pd.DataFrame) -> list[int]:
    """The years in which the two have values of one vintage."""
    return sorted(
        {
            int(y)
            for v in PAIRINGS
            for y in set(mine.loc[mine["vintage"] == v, "year"]) & set(theirs.loc[theirs["vintage"] == v, "year"])
        }
    )


def _run(years: set, start: int, as_of: int | None) -> list[int]:
    """The consecutive years from ``start`` (up to ``as_of``) all in ``years``."""
    out, year = [], start
    while (as_of is None or year <= as_of) and year in years:
        out.append(year)
        year += 1
    return out


def _rates(rows: pd.DataFrame, vintage: str, start: int, as_of: int | None) -> tuple[pd.Series, str, bool]:
    """(year -> rate, the source, derived) of one side's annual rates of ``vintage`` from
    ``start``: first releases are each year's own; revised rates come from the one release that
    covers the longest run of years from ``start`` (one revision round), the stronger source first."""
    own = rows[rows["vintage"] == vintage]
    if own.empty:
        return pd.Series(dtype=float), "", False
    if vintage == "preliminary":
        chosen = select_latest(own.drop(columns=["derived"]))
        derived = bool(own[own["year"].isin(chosen["year"])]["derived"].all())
        return chosen.set_index("year")["value"], "", derived
    best = None
    for url, group in own.groupby("source_url", sort=True):
        run = _run(set(group["year"]), start, as_of)
        grade = SOURCE_GRADE_RANK.get(group["source_grade"].iloc[0], len(SOURCE_GRADE_RANK))
        key = (-len(run), grade, url)
        if run and (best is None or key < best[0]):
            best = (key, group[group["year"].isin(run)], url)
    if best is None:
        return pd.Series(dtype=float), "", False
    _, group, url = best
    return group.set_index("year")["value"], url, bool(group["derived"].all())


def _periods(mine: pd.DataFrame, theirs: pd.DataFrame, start: int, as_of: int | None) -> dict:
    """The chained average annual rates of each pairing, from ``start`` to the last year by which
    both have every year (no year skipped, never across vintages)."""
    out = {}
    for vintage, prefix in PERIOD_PREFIXES.items():
        m, m_url, m_derived = _rates(mine, vintage, start, as_of)
        t, t_url, _ = _rates(theirs, vintage, start, as_of)
        years = _run(set(m.index) & set(t.index), start, as_of)
        if not years:
            continue
        try:
            avg_m, avg_t = chained_average(m.loc[years].tolist()), chained_average(t.loc[years].tolist())
        except GrowthError:
            continue
        out.update(
            {
                f"{prefix}_start": years[0],
                f"{prefix}_end": years[-1],
                f"{prefix}_years": len(years),
                f"{prefix}_avg_region": avg_m,
                f"{prefix}_avg_nation": avg_t,
                f"{prefix}_gap_pp": avg_m - avg_t,
                f"{prefix}_source_region": m_url,
                f"{prefix}_source_nation": t_url,
            }
        )
        if prefix == "revised":
            out["revised_derived_region"] = m_derived
    return out


def national_comparison(as_of: int | None, data_dir=None, plan=None) -> pd.DataFrame:
    """The region of ``plan`` (None: the current plan) against its nation for every series with
    a national value, as of ``as_of``.  A plan of the nation itself has nothing to compare with:
    the frame is empty.

    One row per series (linked plan rows first, in plan order, then the others by id).  Columns:

    * ``series_id``, ``plan``, ``no``, ``role``: the series and the plan's row it is linked to
      (missing when it is not linked); ``unit``, ``measure``, ``price_basis``;
    * ``year``: the year compared, the latest year <= ``as_of`` in which both have a value of one
      vintage (else the latest they share at all; missing if none); ``latest_year_region``,
      ``latest_year_nation``: each one's latest year <= ``as_of``;
    * ``year_<r>``, ``value_<r>``, ``vintage_<r>``, ``source_grade_<r>``, ``source_title_<r>``,
      ``source_url_<r>``, ``conflict_<r>`` for ``r`` in region, nation: the value compared (of
      ``year``); without a common year none (nothing is set beside a value of another year);
    * ``gap`` (like with like only) and ``gap_kind`` (:data:`GAP_KINDS`, by measure and unit);
      ``pairing``: ``preliminary`` (both first releases), ``revised`` (both revised), ``mixed``
      (a common year, no common vintage: no gap) or missing (no common year);
    * for annual growth series, ``first_*`` and ``revised_*``: ``start``, ``end``, ``years``,
      ``avg_region``, ``avg_nation``, ``gap_pp`` (chained averages from the plan's first year)
      and ``source_region`` / ``source_nation`` (the one release read, for revised rates);
      ``revised_derived_region``: the region's revised rates read from its index (previous year
      = 100).

    ``attrs``: ``as_of``, ``period_start``, ``data_dir``, ``plan`` (its id), ``region`` and
    ``nation`` (their codes).
    """
    as_of = None if as_of is None else int(as_of)
    p = get_plan(plan, data_dir=data_dir)
    region, nation = p.region, get_region(p.region, data_dir).nation
    start = p.base_year + 1
    # the same comparison of the same data and code is read from the disk cache (the tracker and
    # the briefing, each in its own kernel, both show it)
    df = cache.cached_frame(
        "national-comparison",
        (as_of, p.id, str(data_dir)),
        lambda: _comparison_frame(p, region, nation, start, as_of, data_dir),
        data_dir,
    )
    df.attrs.update(as_of=as_of, period_start=start, data_dir=data_dir, plan=p.id, region=region, nation=nation)
    return df


def _comparison_frame(p, region: str, nation: str | None, start: int, as_of: int | None, data_dir) -> pd.DataFrame:
    records = []
    if nation is not None:
        obs = _known_at(load_observed(region="all", vintage="all", data_dir=data_dir, as_of=as_of), as_of)
        series = sorted(obs.loc[obs["region"] == nation, "series_id"].unique())
        plan_rows = _plan_rows(p, data_dir)
        twins = _index_twins(data_dir)
        for sid in series:
            g = obs[obs["series_id"] == sid].sort_values(["year", "line"])
            mine, theirs = g[g["region"] == region], g[g["region"] == nation]
            twin = obs[(obs["series_id"] == twins.get(sid, "")) & (obs["region"] == region)]
            records.append(_comparison_row(sid, mine, theirs, twin, plan_rows, start, as_of))
    df = pd.DataFrame.from_records(records, columns=COMPARISON_COLUMNS)
    df = df.iloc[sorted(range(len(df)), key=lambda i: (_row_order(df["no"].iloc[i]), df["series_id"].iloc[i]))]
    ints = ("year", "latest_year_region", "latest_year_nation", "year_region", "year_nation")
    for col in (*ints, *(f"{p}_{k}" for p in PERIOD_PREFIXES.values() for k in ("start", "end", "years"))):
        df[col] = df[col].astype("Int64")
    floats = ("value_region", "value_nation", "gap")
    averages = ("avg_region", "avg_nation", "gap_pp")
    for col in (*floats, *(f"{p}_{k}" for p in PERIOD_PREFIXES.values() for k in averages)):
        df[col] = df[col].astype("float64")
    return df.reset_index(drop=True)


def _comparison_row(
    sid: str, mine: pd.DataFrame, theirs: pd.DataFrame, twin: pd.DataFrame, plan_rows: dict, start: int, as_of
) -> dict:
    """One series: the region's points ``mine`` (and its index ``twin``, for growth averages)
    against the nation's ``theirs``, like with like."""
    first = (mine if len(mine) else theirs).iloc[0]
    kind = gap_kind(first["measure"], first["unit"])
    plan, no, role = plan_rows.get(sid, (None, None, None))
    common = sorted(set(mine["year"]) & set(theirs["year"]))
    year = (_like_years(mine, theirs) or common or [None])[-1]
    pairing, ps, pc = _pair(mine, theirs, year) if year is not None else (None, {}, {})
    rec = {
        "series_id": sid,
        "plan": plan,
        "no": no,
        "role": role,
        "unit": first["unit"],
        "measure": first["measure"],
        "price_basis": first["price_basis"],
        "year": year,
        "latest_year_region": int(mine["year"].iloc[-1]) if len(mine) else None,
        "latest_year_nation": int(theirs["year"].iloc[-1]) if len(theirs) else None,
        "gap": gap(ps["value"], pc["value"], kind) if pairing in PAIRINGS else float("nan"),
        "gap_kind": kind,
        "pairing": pairing,
    }
    for role_name, point in zip(ROLES, (ps, pc), strict=True):
        for key in ("year", "value", "vintage", "source_grade", "source_title", "source_url", "conflict"):
            rec[f"{key}_{role_name}"] = point.get(key)
    if first["measure"] in ANNUAL_GROWTH_MEASURES:
        rec.update(_periods(_with_twin(mine, twin), theirs.assign(derived=False), start, as_of))
    return rec


def vintage_table(as_of: int | None, data_dir=None, plan=None) -> pd.DataFrame:
    """Per indicator of ``plan`` (None: the current plan), where its latest number up to ``as_of``
    comes from (its region's observations).

    One row per indicator row of :func:`..data.plans.load_targets`, in plan order.  The series is
    the linked one the assessment reads (the first ``annual`` series, else the first
    ``period_average`` one); when it has no value up to ``as_of`` the next such linked series
    with a value is used (``context`` series never: they are another basis).  Columns: ``plan``,
    ``no``, ``series_id``, ``role``, ``n_series`` (series linked), ``unit``, ``measure``,
    ``n_obs`` (years with a value up to ``as_of``), ``year`` (the latest), ``value``,
    ``vintage``, ``source_grade``, ``source_title``, ``source_url`` (the citation),
    ``n_candidates`` (rows published for that year) and ``conflict`` (sources disagree).
    Without data the value columns are missing (never filled); without a link ``series_id`` too.
    """
    as_of = None if as_of is None else int(as_of)
    p = get_plan(plan, data_dir=data_dir)
    targets = load_targets(p, data_dir=data_dir)
    links = load_links(p, data_dir=data_dir)
    links = links.assign(_r=links["role"].map(ROLE_ORDER)).sort_values(["_r"], kind="stable")
    sids = sorted(links["series_id"].unique())
    obs = load_observed(sids, region=p.region, vintage="latest", data_dir=data_dir, as_of=as_of) if sids else None
    records = []
    for _, t in targets.iterrows():
        linked = links[links["no"] == t["no"]]
        usable = linked[linked["role"] != "context"]["series_id"].tolist()
        rec = {"plan": t["plan"], "no": t["no"], "n_series": len(linked), "series_id": None, "role": None}
        chosen = None
        for sid in usable:
            pts = obs[obs["series_id"] == sid].sort_values("year") if obs is not None else pd.DataFrame()
            if len(pts):
                chosen = (sid, pts)
                break
        if chosen is None and usable:
            rec["series_id"] = usable[0]
        if chosen is not None:
            sid, pts = chosen
            last = pts.iloc[-1]
            rec.update(
                series_id=sid,
                unit=last["unit"],
                measure=last["measure"],
                n_obs=len(pts),
                year=int(last["year"]),
                value=float(last["value"]),
                vintage=last["vintage"],
                source_grade=last["source_grade"],
                source_title=last["source_title"],
                source_url=last["source_url"],
                n_candidates=int(last["n_candidates"]),
                conflict=bool(last["conflict"]),
            )
        if rec["series_id"] is not None:
            rec["role"] = linked.loc[linked["series_id"] == rec["series_id"], "role"].iloc[0]
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=VINTAGE_COLUMNS)
    for col in ("n_series", "n_obs", "year", "n_candidates"):
        df[col] = df[col].astype("Int64")
    df["value"] = df["value"].astype("float64")
    df["conflict"] = df["conflict"].astype("boolean")
    df.attrs.update(as_of=as_of, data_dir=data_dir, plan=p.id)
    return df


# --- a region's plan targets beside its nation's (data/raw/plan_pairs.csv) -----------------------

TARGET_SIDE_COLUMNS = (
    "no",
    "name_zh",
    "name_en",
    "unit",
    "unit_en",
    "target_kind",
    "target_value",
    "target_high",
    "comparator",
    "target_text",
    "relative_to",
    "tolerance",
    "base_year",
    "plan",
    "increase",
)


def targets_beside_nation(as_of: int | None, plan=None, data_dir=None) -> pd.DataFrame:
    """Each row of ``plan`` paired with a row of its nation's plan (``plan_pairs.csv``): both
    targets and both latest observations up to ``as_of`` (each plan's own assessment, so the
    values are those its tracker shows).  Columns are the target's fields with ``region_`` and
    ``nation_`` prefixes, plus ``<side>_latest_value``, ``<side>_latest_year``, ``<side>_status``.
    Empty for a plan without pairs (the nation's own plan)."""
    from ..data.pairs import load_pairs
    from .assess import Assessment

    p = get_plan(plan, data_dir=data_dir)
    pairs = load_pairs(p.id, data_dir=data_dir)
    out = pd.DataFrame()
    out.attrs.update(plan=p.id, region=p.region, nation=get_region(p.region, data_dir).nation, as_of=as_of)
    if pairs.empty:
        return out
    own = Assessment(p.id, as_of=as_of, data_dir=data_dir).fit().table.set_index("no", drop=False)
    records = []
    for nation_plan, group in pairs.groupby("nation_plan", sort=False):
        theirs = _nation_table(nation_plan, as_of, data_dir)
        for _, pair in group.iterrows():
            record = {}
            for side, table, no in (("region", own, pair["no"]), ("nation", theirs, pair["nation_no"])):
                row = table.loc[no]
                record |= {f"{side}_{c}": row.get(c) for c in TARGET_SIDE_COLUMNS}
                record |= {
                    f"{side}_latest_value": row.get("latest_value"),
                    f"{side}_latest_year": row.get("latest_year"),
                    f"{side}_latest_grade": row.get("latest_grade"),
                    f"{side}_status": row.get("status"),
                }
            records.append(record)
    out = pd.DataFrame(records)
    out.attrs.update(plan=p.id, region=p.region, nation=get_region(p.region, data_dir).nation, as_of=as_of)
    return out


def _nation_table(plan_id: str, as_of, data_dir) -> pd.DataFrame:
    """The nation's plan assessed as of the latest year it has data up to ``as_of``."""
    from .assess import Assessment

    years = Assessment(plan_id, data_dir=data_dir).available_years()
    usable = [y for y in years if as_of is None or y <= int(as_of)]
    at = max(usable) if usable else None
    if at is None:  # no observation yet: the targets alone
        table = load_targets(plan_id, data_dir=data_dir).assign(latest_value=math.nan, latest_year=None, status=None)
    else:
        table = Assessment(plan_id, as_of=at, data_dir=data_dir).fit().table
    return table.set_index("no", drop=False)


__all__ = [
    "GAP_KINDS",
    "PAIRINGS",
    "gap",
    "gap_kind",
    "national_comparison",
    "targets_beside_nation",
    "vintage_table",
]

"""Context beside the verdicts, never a verdict: the coal cycle, and an outcome on another basis.

Both return codes and numbers (:mod:`..report.narrative` words them):

* :func:`coal_cycle`: Shanxi's GDP at current prices and in real terms, year by year, and the
  price change they imply (the implied GDP deflator, ``(1 + nominal) / (1 + real) - 1``).  Nominal
  growth is computed from two levels of one release (never a level of one vintage over another's);
  real growth is the GDP index of the same database (previous year = 100) where the data hold it,
  else the published real growth; the deflator is computed only where both growths are of one
  vintage, and says which.  In a coal province the deflator is the coal price cycle (2021 up,
  2023-24 down), and the plan rows that are shares at current prices move with it
  (``data/raw/price_sensitive.csv``): context for reading their verdicts, not a verdict.
* :func:`on_another_basis`: for a finished plan judged on its printed outcomes, the rows whose
  printed figure is nominal but whose statistic the data also hold at constant prices (a
  ``context`` link of ``indicator_series.csv``): that value, and whether the target would be met
  on it (the 13th plan's rural income growth: 8.0 nominal, 5.9 real, against 6.5以上).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data.links import load_links, load_price_sensitive
from ..data.observed import list_series, load_observed
from ..data.plans import get_plan, load_targets
from .growth import GrowthError, meets_target

LEVEL_SERIES = "gdp_level"  # the region's GDP at current prices (亿元)
REAL_SERIES = "gdp_real_growth"  # real GDP growth on the previous year (%)
NOMINAL_SERIES = "gdp_nominal_growth"  # a published nominal change, shown beside the computed one
INDEX_UNIT = "index (previous year = 100)"
# the weaker of two vintages (a growth from a revised and an unknown level is of unknown vintage)
_STRENGTH = {"revised": 0, "preliminary": 1, "unknown": 2, "estimate": 3}
CYCLE_COLUMNS = [
    "year",
    "level",
    "level_vintage",
    "nominal_growth",
    "nominal_vintage",
    "real_growth",
    "real_vintage",
    "real_from_index",
    "deflator",
    "deflator_vintage",
]


@dataclass
class CoalCycle:
    """Nominal and real GDP growth and the implied deflator of ``region`` (a code of regions.csv;
    ``table``, one row a year from the plan's first year to ``as_of``); where the levels and the
    real rates come from; the published nominal changes (year -> value); the plan rows that move
    with coal prices (``rows``: no, name_zh, name_en, moves, note)."""

    as_of: int
    table: pd.DataFrame
    region: str = ""
    level_source: dict = field(default_factory=dict)
    real_sources: list = field(default_factory=list)
    published_nominal: dict = field(default_factory=dict)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)


def _weaker(*vintages) -> str:
    return max(vintages, key=lambda v: _STRENGTH.get(v, len(_STRENGTH)))


def _one_release(levels: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """The levels of the one release (source address) that covers the longest run of consecutive
    years from ``first`` to ``last``; the stronger source on a tie."""
    best = None
    for url, group in levels.groupby("source_url", sort=True):
        years = set(group["year"])
        run = []
        for year in range(first, last + 1):
            if year not in years:
                break
            run.append(year)
        key = (-len(run), url)
        if len(run) >= 2 and (best is None or key < best[0]):
            best = (key, group[group["year"].isin(run)].drop_duplicates("year"))
    return pd.DataFrame(columns=levels.columns) if best is None else best[1].sort_values("year")


def _real_rates(region: str, as_of: int, data_dir) -> pd.DataFrame:
    """Real GDP growth a year (year, value, vintage, from_index, source): the GDP index of the
    same indicator (previous year = 100: growth = index - 100) where the data hold it, else the
    published real growth; the strongest vintage a year."""
    catalogue = list_series(data_dir)
    indicator = catalogue.set_index("series_id")["plan_indicator"].get(REAL_SERIES, "")
    index_ids = catalogue[(catalogue["unit"] == INDEX_UNIT) & (catalogue["plan_indicator"] == indicator)]["series_id"]
    frames = []
    for sid in index_ids:
        obs = load_observed(sid, region=region, vintage="latest", data_dir=data_dir, as_of=as_of)
        frames.append(obs.assign(value=obs["value"] - 100.0, from_index=True))
    own = load_observed(REAL_SERIES, region=region, vintage="latest", data_dir=data_dir, as_of=as_of)
    frames.append(own.assign(from_index=False))
    rates = pd.concat(frames, ignore_index=True).drop_duplicates("year", keep="first")  # the index first
    return rates[["year", "value", "vintage", "from_index", "source_title", "source_url"]].sort_values("year")


def coal_cycle(as_of: int | None = None, data_dir=None, plan=None) -> CoalCycle:
    """Nominal and real GDP growth of the region of ``plan`` (None: the current plan) and the
    implied deflator, from the plan's first year to ``as_of`` (None: the latest year with a level),
    with the plan rows that move with coal prices.  Years without both levels of one release stay
    out (never filled)."""
    plan = get_plan(plan, data_dir=data_dir)
    region = plan.region
    levels = load_observed(LEVEL_SERIES, region=region, vintage="all", data_dir=data_dir)
    last = int(levels["year"].max()) if as_of is None else int(as_of)
    levels = levels[levels["year"] <= last]
    chosen = _one_release(levels, plan.base_year, last)
    rates = _real_rates(region, last, data_dir).set_index("year")
    records = []
    for prev, cur in zip(chosen.itertuples(), chosen.iloc[1:].itertuples(), strict=False):
        nominal = (cur.value / prev.value - 1.0) * 100.0
        nominal_vintage = _weaker(prev.vintage, cur.vintage)
        rec = {
            "year": int(cur.year),
            "level": float(cur.value),
            "level_vintage": cur.vintage,
            "nominal_growth": nominal,
            "nominal_vintage": nominal_vintage,
        }
        if cur.year in rates.index:
            real = rates.loc[cur.year]
            rec.update(
                real_growth=float(real["value"]), real_vintage=real["vintage"], real_from_index=real["from_index"]
            )
            if real["vintage"] == nominal_vintage:  # within one vintage only
                rec.update(
                    deflator=((1 + nominal / 100.0) / (1 + real["value"] / 100.0) - 1.0) * 100.0,
                    deflator_vintage=nominal_vintage,
                )
        records.append(rec)
    table = pd.DataFrame.from_records(records, columns=CYCLE_COLUMNS)
    table["year"] = table["year"].astype("int64")
    for col in ("level", "nominal_growth", "real_growth", "deflator"):
        table[col] = table[col].astype("float64")
    source = chosen.iloc[0] if len(chosen) else None
    used = rates.loc[rates.index.isin(table["year"])]
    published = load_observed(NOMINAL_SERIES, region=region, vintage="latest", data_dir=data_dir, as_of=last)
    return CoalCycle(
        as_of=last,
        table=table,
        region=region,
        level_source={} if source is None else {"title": source["source_title"], "url": source["source_url"]},
        real_sources=list(dict.fromkeys(used["source_url"])),
        published_nominal={int(y): float(v) for y, v in zip(published["year"], published["value"], strict=True)},
        rows=price_sensitive_rows(plan, data_dir),
    )


def price_sensitive_rows(plan=None, data_dir=None) -> pd.DataFrame:
    """The rows of ``plan`` (None: the current plan) whose target, a share at current prices,
    moves with coal prices, with their names (``data/raw/price_sensitive.csv``)."""
    plan = get_plan(plan, data_dir=data_dir)
    rows = load_price_sensitive(plan, data_dir)
    if rows.empty:
        return pd.DataFrame(columns=["no", "name_zh", "name_en", "moves", "note"])
    names = load_targets(plan, data_dir=data_dir).set_index("no")[["name_zh", "name_en"]]
    return rows.join(names, on="no")[["no", "name_zh", "name_en", "moves", "note"]]


BASIS_COLUMNS = [
    "no",
    "series_id",
    "value",
    "year",
    "vintage",
    "price_basis",
    "measure",
    "printed_basis",
    "status",
    "met",
]


def on_another_basis(results, data_dir=None) -> pd.DataFrame:
    """The rows of a finished plan's verdicts (``results``, judged on printed outcomes) whose
    printed figure is nominal while a ``context`` series holds the same statistic at constant
    prices: that series' value for the target year, and whether the target would be met on it
    (``met``); one row each (:data:`BASIS_COLUMNS`)."""
    table = results.table
    plan = get_plan(results.plan, data_dir=data_dir)
    links = load_links(plan, data_dir)
    links = links[links["role"] == "context"]
    catalogue = list_series(data_dir).set_index("series_id")
    records = []
    for _, link in links.iterrows():
        row = table[table["no"] == link["no"]]
        if row.empty or link["series_id"] not in catalogue.index:
            continue
        r = row.iloc[0]
        if r["basis"] not in ("nominal_growth", "nominal_level"):
            continue
        obs = load_observed(link["series_id"], region=plan.region, vintage="latest", data_dir=data_dir)
        obs = obs[(obs["year"] == int(r["target_year"])) & (obs["price_basis"] == "real")]
        if obs.empty:
            continue
        o = obs.iloc[-1]
        try:
            met = meets_target(float(o["value"]), float(r["target_value"]), r["comparator"], r["direction"], "%")
        except GrowthError:
            continue
        records.append(
            {
                "no": r["no"],
                "series_id": link["series_id"],
                "value": float(o["value"]),
                "year": int(o["year"]),
                "vintage": o["vintage"],
                "price_basis": o["price_basis"],
                "measure": o["measure"],
                "printed_basis": r["basis"],
                "status": r["status"],
                "met": met,
            }
        )
    return pd.DataFrame.from_records(records, columns=BASIS_COLUMNS)


__all__ = ["BASIS_COLUMNS", "CYCLE_COLUMNS", "CoalCycle", "coal_cycle", "on_another_basis", "price_sensitive_rows"]

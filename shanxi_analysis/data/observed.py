"""Observed statistics: one published value per row, with its source and vintage.

``load_observed`` returns the tidy table.  With ``vintage="latest"`` it keeps, for each series,
region and year, the best available value: the revised figure if one was published, else the
preliminary one, else one of unknown vintage; among several rows of the same vintage (a rounded
and a precise form of one figure, or a conflict), the one from the strongest source grade, then
the most precise.  Every choice is visible: ``n_candidates`` and ``conflict`` say when more than
one row was available, and ``vintage="all"`` returns every row.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import cache
from ..core.errors import DataError, Problem, unknown_choice
from ..core.paths import raw_dir
from ..core.stamps import file_stamp, tree_stamp
from . import manifest
from .plausibility import plausibility_problems
from .provenance import OUTSIDE_SNIPPET, observed_provenance, outside_snippet_problems
from .regions import get_region, load_regions, region_codes
from .required import too_few_rows
from .schema import BREAKS, SOURCE_GRADES, VINTAGES, display_path, observed_schema, read_table, read_text_file
from .units import allowed

OBSERVED_COLUMNS = [
    "series_id",
    "region",
    "year",
    "value",
    "unit",
    "measure",
    "price_basis",
    "plan_indicator",
    "vintage",
    "source_grade",
    "source_title",
    "source_url",
    "evidence",
    "note",
]
VINTAGE_CHOICES = ("latest", "all", *VINTAGES)
ALL_REGIONS = "all"  # load_observed(region=...): every region
# an estimate (stated before its period ended) is chosen only when nothing published exists
_VINTAGE_RANK = {v: i for i, v in enumerate(("revised", "preliminary", "unknown", "estimate"))}
_GRADE_RANK = {g: i for i, g in enumerate(SOURCE_GRADES)}


def observed_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "observed.csv"


def series_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "series.csv"


# Two rows of one series, region, year and vintage with different values: allowed only when both
# notes say why - two sources disagree (CONFLICT, at the start), or one is the other's rounded or
# bounded form (SAME FIGURE: checked, see _same_figure).
_LOWER_BOUND = re.compile(r"以上|超过|超|逾|more than|over|exceed|above", re.IGNORECASE)
_UPPER_BOUND = re.compile(r"以下|不到|不足|less than|under|below", re.IGNORECASE)


def _printed_decimals(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else -(len(raw) - len(raw.rstrip("0")))


def _same_figure(a: dict, b: dict) -> bool:
    """One row is the other's figure rounded to its printed precision (1478 and 1478.1; 750 and
    749), or a bound its evidence prints (超13亿吨 beside 13.05; 6%以上 beside 6.6)."""
    coarse, fine = sorted((a, b), key=lambda r: _printed_decimals(r["_raw"]["value"]))
    if round(fine["value"], _printed_decimals(coarse["_raw"]["value"])) == coarse["value"]:
        return True
    evidence = coarse["evidence"] or ""
    if fine["value"] > coarse["value"]:
        return bool(_LOWER_BOUND.search(evidence))
    return bool(_UPPER_BOUND.search(evidence))


def _duplicate_problems(rows: list[dict], name: str) -> list[Problem]:
    first: dict[tuple, dict] = {}
    problems = []
    for r in rows:
        key = (r["series_id"], r["region"], r["year"], r["vintage"])
        if None in key or r["value"] is None:
            continue
        seen = first.setdefault(key, r)
        if seen is r or seen["value"] == r["value"]:
            continue
        notes = (seen["note"] or "", r["note"] or "")
        if all(n.startswith("CONFLICT") for n in notes):
            continue
        if all("SAME FIGURE" in n for n in notes) and _same_figure(seen, r):
            continue
        problems.append(
            Problem(
                name,
                r["_line"],
                "value",
                f"{r['_raw']['value']} but line {seen['_line']} gives {seen['_raw']['value']} for the same series, "
                "region, year and vintage: one figure per release; if two sources disagree, both notes start with "
                "CONFLICT; if one is the other rounded or bounded, both notes say SAME FIGURE",
            )
        )
    return problems


def read_observed_rows(path: Path) -> tuple[list[dict], list[Problem]]:
    rows, problems = read_table(path, observed_schema(), {"unit": allowed("observed", raw=path.parent)})
    problems += too_few_rows(path, "observed", rows, problems)
    problems += _duplicate_problems(rows, display_path(path))
    name = display_path(path)
    first_unit: dict[str, tuple[str, int]] = {}  # series -> (its unit, the line that set it)
    for r in rows:
        first = first_unit.setdefault(r["series_id"], (r["unit"], r["_line"]))
        if r["series_id"] and r["unit"] and first[0] != r["unit"]:
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "unit",
                    f"{r['unit']!r} differs from this series' unit {first[0]!r} (line {first[1]}); one unit per series",
                )
            )
    return rows, problems


def _observed(path: Path) -> pd.DataFrame:
    """The checked table, cached on the raw files' identity (an appended row is seen at once; the
    plan tables are read too, for the codes ``plan_indicator`` may take)."""
    return _observed_cached(path, tree_stamp(path.parent))


@lru_cache(maxsize=8)
def _observed_cached(path: Path, stamp: tuple) -> pd.DataFrame:
    return cache.cached_frame("checked-observed", (str(path),), lambda: _checked(path), data_dir=path.parent.parent)


def _checked(path: Path) -> pd.DataFrame:
    """The table after every check the loaders apply (a refused value raises DataError)."""
    rows, problems = read_observed_rows(path)
    if not problems:  # a value its evidence does not show is refused, not loaded
        problems = observed_provenance(rows, path, plan_codes(path.parent.parent))  # the rules validate applies
        problems += outside_snippet_problems(rows, path)
    if not problems:  # nor one its own series, the nation or its other vintages contradict
        problems = plausibility_of(rows, path)
    problems += manifest.file_problems(path)
    if (path.parent / OUTSIDE_SNIPPET).exists():
        problems += manifest.file_problems(path.parent / OUTSIDE_SNIPPET)
    if problems:
        raise DataError(problems)
    return _frame(rows)


def _frame(rows: list[dict]) -> pd.DataFrame:
    df = pd.DataFrame.from_records([{k: r[k] for k in OBSERVED_COLUMNS} for r in rows], columns=OBSERVED_COLUMNS)
    df["year"] = df["year"].astype("int64")
    df["value"] = df["value"].astype("float64")
    df["line"] = [r["_line"] for r in rows]  # where the value is in the raw file
    for col in ("price_basis", "plan_indicator", "note"):
        df[col] = df[col].fillna("")
    return df


def plausibility_of(rows: list[dict], path: Path) -> list[Problem]:
    """The plausibility checks (:mod:`.plausibility`) of rows that passed every row check: the
    loaders' choice of one value a year, and the basis breaks beside ``path``."""
    by_line = {r["_line"]: r for r in rows}
    latest = select_latest(_frame(rows))
    chosen = {
        (s, g, int(y)): by_line[line]
        for s, g, y, line in latest[["series_id", "region", "year", "line"]].itertuples(index=False)
    }
    found, _ = read_table(path.parent / "basis_breaks.csv", BREAKS)  # its own problems: links.check_breaks
    breaks = {(b["series_id"], b["region"], b["first_year"]) for b in found if None not in b.values()}
    try:
        regions = load_regions(path.parent.parent)
    except DataError:  # regions.csv's own problems are reported by its check
        regions = {}
    nations = {code: r.nation for code, r in regions.items() if r.nation}
    names = {code: r.name_en for code, r in regions.items()}
    return plausibility_problems(rows, chosen, breaks, display_path(path), nations, names)


def plan_codes(data_dir=None) -> dict[str, set[str]]:
    """Every code ``plan_indicator`` may take, by region: each plan's rows, named as ``plans.csv``
    says (``observed_code``).  Read leniently: a broken plan table is reported by its own loader."""
    from .plans import list_plans, read_indicator_rows

    codes: dict[str, set[str]] = {}
    for plan in list_plans(data_dir):
        rows, _ = read_indicator_rows(plan)
        codes.setdefault(plan.region, set()).update(
            plan.indicator_code(r["no"], r["group_no"]) for r in rows if r["no"]
        )
    return codes


def _series(path: Path) -> pd.DataFrame:
    return _series_cached(path, file_stamp(path))


@lru_cache(maxsize=8)
def _series_cached(path: Path, stamp: tuple) -> pd.DataFrame:
    columns = ["series_id", "description", "unit", "measure", "plan_indicator"]
    if not path.exists() and not path.is_symlink():
        return pd.DataFrame(columns=columns)
    import csv
    import io

    name = display_path(path)
    text, problem = read_text_file(path)
    if problem:
        raise DataError([problem])
    if fingerprint := manifest.file_problems(path):
        raise DataError(fingerprint)
    if not text.strip():
        raise DataError([Problem(name, 1, "-", "file is empty; expected a header row: " + ",".join(columns))])
    try:
        header = next(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise DataError([Problem(name, 1, "-", f"malformed CSV header: {exc}")]) from None
    missing = [c for c in columns if c not in header]
    if missing:
        raise DataError(
            [Problem(name, 1, c, "column is missing; expected columns: " + ",".join(columns)) for c in missing]
        )
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise DataError([Problem(name, 1, "-", f"malformed CSV: {exc}")]) from None


def list_series(data_dir=None) -> pd.DataFrame:
    """The series catalogue: id, description, unit, measure, the plan row it measures and where
    its values are normally published (``published_in``, a code of ``publications.csv``)."""
    ids = sorted(_observed(observed_path(data_dir))["series_id"].unique())
    catalogue = _series(series_path(data_dir)).set_index("series_id")
    out = pd.DataFrame({"series_id": ids})
    for col in ("description", "unit", "measure", "plan_indicator", "published_in"):
        out[col] = [catalogue[col].get(i, "") if col in catalogue else "" for i in ids]
    return out


def _decimals(x: float) -> int:
    s = repr(float(x))
    return len(s.split(".")[1].rstrip("0")) if "." in s else 0


def select_latest(df: pd.DataFrame) -> pd.DataFrame:
    """One value per (series, region, year): revised > preliminary > unknown, then source grade,
    then precision.  Adds ``n_candidates`` and ``conflict`` (rows whose note says CONFLICT)."""
    if df.empty:
        return df.assign(n_candidates=pd.Series(dtype="int64"), conflict=pd.Series(dtype=bool))
    ranked = df.assign(
        _v=df["vintage"].map(_VINTAGE_RANK),
        _g=df["source_grade"].map(_GRADE_RANK),
        _d=-df["value"].map(_decimals),
    ).sort_values(["series_id", "region", "year", "_v", "_g", "_d", "line"], kind="stable")
    keys = ["series_id", "region", "year"]
    counts = ranked.groupby(keys)["value"].transform("size")
    conflict = ranked["note"].str.startswith("CONFLICT").groupby([ranked[k] for k in keys]).transform("any")
    ranked = ranked.assign(n_candidates=counts.astype("int64"), conflict=conflict.astype(bool))
    best = ranked.drop_duplicates(keys, keep="first")
    return best.drop(columns=["_v", "_g", "_d"]).reset_index(drop=True)


def load_observed(
    series: str | list[str] | None = None,
    region: str | None = None,
    vintage: str = "latest",
    data_dir=None,
    as_of: int | None = None,
) -> pd.DataFrame:
    """Observed values as a tidy long table (one value per row).

    ``series``: a series id or a list of them (None = all); ``region``: a region of
    ``regions.csv`` or any other the data hold (intake drafts rows of any region; None: the
    default region of ``regions.csv``) or ``all``; ``vintage``: ``latest`` (one value per
    year, see the module doc), ``all``, or one of ``preliminary``, ``revised``, ``unknown``.

    ``as_of``: keep only years up to ``as_of`` and, with ``vintage="latest"``, only what was
    published by then.  The data carry no publication dates, so the rule is: a year's first
    release (preliminary) appears early the next year, its revision later; the as-of year's own
    value is therefore taken from its preliminary release when one exists.
    """
    if vintage not in VINTAGE_CHOICES:
        raise unknown_choice("vintage", vintage, VINTAGE_CHOICES)
    df = _observed(observed_path(data_dir))
    region = _checked_region(df, region, data_dir)
    if series is not None:
        df = df[df["series_id"].isin(_checked_series(df, series))]
    if region != ALL_REGIONS:
        df = df[df["region"] == region]
    if as_of is not None:
        df = df[df["year"] <= int(as_of)]
        if vintage == "latest":
            df = published_by(df, as_of)
    if vintage == "latest":
        return select_latest(df)
    if vintage != "all":
        df = df[df["vintage"] == vintage]
    return df.sort_values(["series_id", "region", "year", "line"], kind="stable").reset_index(drop=True)


def _checked_region(df: pd.DataFrame, region: str | None, data_dir) -> str:
    """The region asked for (None: the default region of ``regions.csv``); an unknown one raises
    with the valid choices: the regions of ``regions.csv``, then any other the data hold."""
    if region is None:
        return get_region(None, data_dir).code
    if region != ALL_REGIONS:
        named = list(region_codes(data_dir))
        regions = [*named, *sorted(set(df["region"]) - set(named))]
        if region not in regions:
            raise unknown_choice("region", region, [*regions, ALL_REGIONS])
    return region


def _checked_series(df: pd.DataFrame, series: str | list[str]) -> list[str]:
    """The series ids asked for; an unknown one raises with the valid choices."""
    wanted = [series] if isinstance(series, str) else list(series)
    valid = sorted(df["series_id"].unique())
    for s in wanted:
        if s not in valid:
            raise unknown_choice("series", s, valid)
    return wanted


def published_by(df: pd.DataFrame, as_of: int) -> pd.DataFrame:
    """The rows of ``df`` (years up to ``as_of``) that were out in ``as_of``: for the as-of year
    itself a revision was not yet out where a first release exists (the as-of rule of
    :func:`load_observed`, for any caller that pairs values of one vintage)."""
    as_of = int(as_of)
    has_prelim = df[(df["year"] == as_of) & (df["vintage"] == "preliminary")][["series_id", "region"]]
    later = df.merge(has_prelim.drop_duplicates(), on=["series_id", "region"], how="left", indicator=True)
    drop = (
        (later["_merge"] == "both").to_numpy()
        & (df["year"] == as_of).to_numpy()
        & (df["vintage"] == "revised").to_numpy()
    )
    return df[~drop]


def clear_caches() -> None:
    """Forget everything read.  Not needed after an edit (the caches see file changes); frees memory."""
    _observed_cached.cache_clear()
    _series_cached.cache_clear()

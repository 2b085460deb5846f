"""Which observed series measures which plan indicator (``data/raw/indicator_series.csv``).

Each link names its plan by id (``shanxi-14``, ``china-14``): a plan's links are its own, and its
observations are read with its region.

Roles: ``annual`` (one value a year on the indicator's own measure: used for the verdict),
``period_average`` (an average growth rate published for the plan period, dated at its end
year: used for the verdict when annual figures are missing), ``context`` (shown, never used for a
verdict: another basis of the same statistic), and the series a value is derived from
(``models.derive``): ``level`` (a current-price or volume level whose year-on-year growth, from two
levels of one vintage, fills the years the row's annual growth series lacks; nominal, so only for a
row whose target is nominal or quantity growth) and ``share_numerator`` / ``share_denominator`` (a
part and its whole whose ratio is shown beside the row as context, on another basis than its
printed base, never a verdict).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import cache
from ..core.errors import DataError, Problem
from ..core.paths import raw_dir
from ..core.stamps import tree_stamp
from . import manifest
from .observed import list_series, load_observed
from .plans import get_plan, list_plans, load_targets, load_text_targets
from .regions import region_codes
from .required import read_required
from .schema import BREAKS, LINKS, PRICE_SENSITIVE, TEXT_TARGET_LINKS, display_path, read_table
from .units import conversion
from .units import kind as unit_kind

LEVEL_SERIES_MEASURES = ("level", "count")
DERIVED_GROWTH_BASES = ("nominal_growth", "quantity_growth")
GROWTH_MEASURES = ("growth_real_pct", "growth_nominal_pct", "change_pct")
# targets judged on annual growth rates (an average, or one relative to another indicator's)
GROWTH_KINDS = ("avg_growth", "relative_growth")
# targets whose number (if any) is not in the unit of the level: a five-year change or reduction
# of it, or none at all; an annual series may then be in another unit (an annual change in %)
UNIT_FREE_KINDS = ("national_assessment", "qualitative", "cumulative", "level_increase")
AVERAGE_MEASURES = ("avg_growth_real_pct", "avg_growth_nominal_pct")


def links_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "indicator_series.csv"


def check_links(data_dir=None) -> tuple[list[dict], list[Problem]]:
    """Read the links and check each against the plan table and the series catalogue."""
    path = links_path(data_dir)
    rows, problems = read_required(path, LINKS, "indicator_series")
    name = display_path(path)
    series = list_series(data_dir).set_index("series_id")
    targets = {plan.id: load_targets(plan, data_dir=data_dir).set_index("no") for plan in list_plans(data_dir)}
    for r in rows:
        line = r["_line"]
        found = _linked(r, "no", targets, series, name, problems, "a plan", "a row of plan {plan}")
        if found is None:
            continue
        ind, s = found
        measure = s["measure"]
        if r["role"] == "period_average" and measure not in AVERAGE_MEASURES:
            problems.append(
                Problem(
                    name, line, "role", f"period_average needs an average-growth series, {r['series_id']} is {measure}"
                )
            )
        if r["role"] in ("level", "share_numerator", "share_denominator"):
            problems += _deriving_problems(r, ind, s, name)
        if r["role"] == "annual":
            if ind["target_kind"] in GROWTH_KINDS and measure not in GROWTH_MEASURES:
                problems.append(
                    Problem(
                        name,
                        line,
                        "series_id",
                        f"row {r['no']} targets an average growth rate; {r['series_id']} is a {measure} series",
                    )
                )
            elif ind["target_kind"] not in (*GROWTH_KINDS, *UNIT_FREE_KINDS) and s["unit"] != ind["unit"]:
                problems.append(
                    Problem(
                        name,
                        line,
                        "series_id",
                        f"unit {s['unit']!r} of {r['series_id']} differs from row {r['no']}'s unit {ind['unit']!r} "
                        "(mixed units)",
                    )
                )
    return rows, problems


def _deriving_problems(r: dict, ind, s, name: str) -> list[Problem]:
    """A series a value is derived from must be a level; a ``level`` link derives growth, nominal
    from current prices, so its row must target nominal (or quantity) growth, never real growth."""
    out = []
    if s["measure"] not in LEVEL_SERIES_MEASURES:
        out.append(
            Problem(name, r["_line"], "role", f"{r['role']} needs a level series, {r['series_id']} is {s['measure']}")
        )
    if r["role"] == "level" and (ind["target_kind"] != "avg_growth" or ind["basis"] not in DERIVED_GROWTH_BASES):
        out.append(
            Problem(
                name,
                r["_line"],
                "role",
                f"a level link derives nominal growth; row {r['no']} is {ind['target_kind']} on basis {ind['basis']} "
                f"(allowed: avg_growth on {', '.join(DERIVED_GROWTH_BASES)})",
            )
        )
    return out


def _linked(
    r: dict, key: str, tables: dict, series: pd.DataFrame, name: str, problems: list, plan_is: str, key_is: str
):
    """The (table row, series row) a link points at, or None after recording why it points at
    nothing: an unknown plan, an unknown ``key`` (row number or register id) in that plan's table,
    or a series without observations."""
    line = r["_line"]
    if r["plan"] not in tables:
        problems.append(Problem(name, line, "plan", f"{r['plan']} is not {plan_is}; valid: {', '.join(tables)}"))
        return None
    table = tables[r["plan"]]
    if r[key] not in table.index:
        what = key_is.format(plan=r["plan"])
        problems.append(Problem(name, line, key, f"{r[key]!r} is not {what}; valid: {', '.join(table.index)}"))
        return None
    if r["series_id"] not in series.index:
        problems.append(
            Problem(
                name, line, "series_id", f"{r['series_id']!r} has no observations; valid: {', '.join(series.index)}"
            )
        )
        return None
    return table.loc[r[key]], series.loc[r["series_id"]]


def _checked_frame(kind: str, path: Path) -> pd.DataFrame:
    """A checked table as a frame; ``path`` is data/raw/<file>, so its data dir is two up.  Cached on
    the identity of every raw file, since the checks read the plan tables and series too."""
    return _checked_frame_cached(kind, path, tree_stamp(path.parent))


@lru_cache(maxsize=16)
def _checked_frame_cached(kind: str, path: Path, stamp: tuple) -> pd.DataFrame:
    return cache.cached_frame(f"checked-{kind}", (str(path),), lambda: _checked(kind, path), path.parent.parent)


def _checked(kind: str, path: Path) -> pd.DataFrame:
    check, schema = {
        "links": (check_links, LINKS),
        "breaks": (check_breaks, BREAKS),
        "text_links": (check_text_target_links, TEXT_TARGET_LINKS),
        "price_sensitive": (check_price_sensitive, PRICE_SENSITIVE),
    }[kind]
    rows, problems = check(path.parent.parent)
    problems += manifest.file_problems(path)
    if problems:
        raise DataError(problems)
    return pd.DataFrame.from_records([{k: r[k] for k in schema.names} for r in rows], columns=schema.names)


def load_links(plan=None, data_dir=None) -> pd.DataFrame:
    """The series linked to each indicator of ``plan`` (an id, a shorthand or a
    :class:`~.schema.Plan`; None: the current plan): columns plan, no, series_id, role, note."""
    plan_id = get_plan(plan, data_dir=data_dir).id
    df = _checked_frame("links", links_path(data_dir))
    return df[df["plan"] == plan_id].reset_index(drop=True)


# --- body-text register entries (data/raw/text_target_series.csv) -----------------------------

# Series measures that can judge a level target (a growth series cannot).
LEVEL_MEASURES = ("level", "share_pct", "count")


def text_target_links_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "text_target_series.csv"


def check_text_target_links(data_dir=None) -> tuple[list[dict], list[Problem]]:
    """Read the register links and check each against the register and the series catalogue:
    the id and the series exist; an ``annual`` link measures the entry's own statistic, so its
    series must be a level (not a growth rate) in the entry's unit or one exact conversion away (an
    entry that is a multiple or a fraction of its base: the series' own unit),
    and an entry has at most one; a ``context`` link is only shown."""
    path = text_target_links_path(data_dir)
    rows, problems = read_required(path, TEXT_TARGET_LINKS, "text_target_series")
    name = display_path(path)
    series = list_series(data_dir).set_index("series_id")
    registers = {
        plan.id: load_text_targets(plan, data_dir=data_dir).set_index("id")
        for plan in list_plans(data_dir)
        if plan.text_targets_path is not None
    }
    annual_seen: dict[tuple, int] = {}
    for r in rows:
        line = r["_line"]
        if r["plan"] is None or r["id"] is None or r["series_id"] is None:
            continue  # already reported by the schema
        found = _linked(
            r,
            "id",
            registers,
            series,
            name,
            problems,
            "a plan with a text-target register",
            "an entry of plan {plan}'s register",
        )
        if found is None or r["role"] != "annual":
            continue
        entry, s = found
        key = (r["plan"], r["id"])
        if key in annual_seen:
            problems.append(
                Problem(
                    name,
                    line,
                    "role",
                    f"{r['id']} already has an annual series (line {annual_seen[key]}); one series gives the "
                    "verdict, others are context",
                )
            )
            continue
        annual_seen[key] = line
        if s["measure"] not in LEVEL_MEASURES:
            problems.append(
                Problem(
                    name,
                    line,
                    "series_id",
                    f"{r['series_id']} is a {s['measure']} series; an annual link judges a level and needs one of: "
                    f"{', '.join(LEVEL_MEASURES)} (link it as context)",
                )
            )
        elif (
            unit_kind(entry["unit"], data_dir) not in ("multiple", "fraction")  # of the series' own base: any unit
            and conversion(entry["unit"], s["unit"], data_dir) is None  # an exact one: of one family
        ):
            problems.append(
                Problem(
                    name,
                    line,
                    "series_id",
                    f"unit {s['unit']!r} of {r['series_id']} differs from {r['id']}'s unit {entry['unit']!r} and no "
                    "exact conversion is defined (mixed units; link it as context)",
                )
            )
    return rows, problems


def load_text_target_links(plan=None, data_dir=None) -> pd.DataFrame:
    """The series linked to the register entries of ``plan`` (an id, a shorthand or a
    :class:`~.schema.Plan`; None: the current plan): columns plan, id, series_id, role
    (annual / context), note."""
    plan_id = get_plan(plan, data_dir=data_dir).id
    df = _checked_frame("text_links", text_target_links_path(data_dir))
    return df[df["plan"] == plan_id].reset_index(drop=True)


def breaks_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "basis_breaks.csv"


def check_breaks(data_dir=None) -> tuple[list[dict], list[Problem]]:
    path = breaks_path(data_dir)
    rows, problems = read_required(path, BREAKS, "basis_breaks")
    valid = set(list_series(data_dir)["series_id"])
    # a region of regions.csv, or one the observations hold (intake drafts rows of any region)
    regions = [*region_codes(data_dir)]
    regions += sorted(set(load_observed(region="all", vintage="all", data_dir=data_dir)["region"]) - set(regions))
    for r in rows:
        if r["region"] and r["region"] not in regions:
            problems.append(
                Problem(
                    display_path(path),
                    r["_line"],
                    "region",
                    f"{r['region']!r} is neither in regions.csv nor in observed.csv; valid: {', '.join(regions)}",
                )
            )
        if r["series_id"] and r["series_id"] not in valid:
            problems.append(
                Problem(
                    display_path(path),
                    r["_line"],
                    "series_id",
                    f"{r['series_id']!r} has no observations; valid: {', '.join(sorted(valid))}",
                )
            )
    return rows, problems


def load_breaks(data_dir=None) -> pd.DataFrame:
    """Basis breaks: from ``first_year`` on, a series is on a new basis (a census, a re-survey);
    no change or growth is computed across a break."""
    return _checked_frame("breaks", breaks_path(data_dir)).copy()


# --- rows whose target moves with relative prices (data/raw/price_sensitive.csv) ----------------


def price_sensitive_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "price_sensitive.csv"


def check_price_sensitive(data_dir=None) -> tuple[list[dict], list[Problem]]:
    """The plan rows whose target, a ratio of values at current prices, moves with coal prices;
    each row must be a row of its plan (by id).  The file is optional (no row is then price
    sensitive)."""
    path = price_sensitive_path(data_dir)
    if not path.is_file():
        return [], []
    rows, problems = read_table(path, PRICE_SENSITIVE)
    tables = {p.id: set(load_targets(p, data_dir=data_dir)["no"]) for p in list_plans(data_dir)}
    name = display_path(path)
    for r in rows:
        if r["plan"] and r["plan"] not in tables:
            valid = ", ".join(tables)
            problems.append(Problem(name, r["_line"], "plan", f"{r['plan']!r} is not a plan; valid: {valid}"))
        elif r["plan"] and r["no"] and r["no"] not in tables[r["plan"]]:
            problems.append(Problem(name, r["_line"], "no", f"{r['no']!r} is not a row of plan {r['plan']}"))
    return rows, problems


def load_price_sensitive(plan=None, data_dir=None) -> pd.DataFrame:
    """The rows of ``plan`` (an id, a shorthand or a :class:`~.schema.Plan`; None: the current
    plan) whose target moves with coal prices: columns plan, no, moves (``with`` / ``against``),
    note; empty without the file."""
    plan_id = get_plan(plan, data_dir=data_dir).id
    path = price_sensitive_path(data_dir)
    if not path.is_file():
        return pd.DataFrame(columns=PRICE_SENSITIVE.names)
    df = _checked_frame("price_sensitive", path)
    return df[df["plan"] == plan_id].reset_index(drop=True)


def clear_caches() -> None:
    """Forget everything read.  Not needed after an edit (the caches see file changes); frees memory."""
    _checked_frame_cached.cache_clear()

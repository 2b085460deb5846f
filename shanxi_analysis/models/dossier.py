"""Everything an indicator's own page says about it, for every row of one plan, as codes and
numbers (the report layer words them: :mod:`..report.indicator_pages`).

One truth: every fact here is another model's result, gathered, never judged again --

* ``table``: the verdicts as of the pages' year (:class:`.assess.Assessment`, Eurostat's method;
  the printed outcomes for a plan judged on them);
* ``timeline``: the status in each as-of year of the period under both methods
  (:func:`.timeline.status_by_year`, the tracker's heat map);
* ``history``: each row's observations after its base year, with vintage and source (the series
  the verdict is judged on, as :func:`history_of` reads it);
* ``comparison``: the region beside the nation (:func:`.compare.national_comparison`);
* ``closing``: what would settle an open row and where that is published
  (:class:`.final.FinalEvaluation`, once the as-of year is the target year);
* ``outlook``: a plan none of whose years is observed yet (the 15th plans): base, pace needed and
  the previous plan's record (:func:`.outlook.outlook`).

Gathering a plan costs a few seconds (one fit per as-of year and method), so :func:`plan_dossier`
keeps the result in the disk cache (:mod:`..core.cache`): ``shanxi run`` pays it once per state of
the data and the code."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.errors import ShanxiError
from ..data.plans import get_plan
from .assess import METHODS, Assessment

HISTORY_COLUMNS = ["no", "year", "value", "vintage", "source_grade", "source_title", "source_url"]
COMPARISON_COLUMNS = [
    "no",
    "series_id",
    "role",
    "unit",
    "measure",
    "year_region",
    "value_region",
    "vintage_region",
    "source_grade_region",
    "year_nation",
    "value_nation",
    "vintage_nation",
    "source_grade_nation",
    "gap",
    "gap_kind",
    "pairing",
    "latest_year_region",
    "latest_year_nation",
    "region",
    "nation",
]
CLOSING_COLUMNS = [
    "no",
    "final",
    "final_lean",
    "series_id",
    "years",
    "unit",
    "published_in",
    "publication_zh",
    "publication_en",
]


@dataclass
class Dossier:
    """The facts of a plan's indicator pages.  ``as_of``: the year the pages are as of (None for a
    plan judged on its printed outcomes, or one none of whose years is observed: ``observed``
    False)."""

    plan: str
    as_of: int | None
    observed: bool
    table: pd.DataFrame
    timeline: pd.DataFrame  # no, year, one column per method (status codes)
    history: pd.DataFrame  # HISTORY_COLUMNS
    comparison: pd.DataFrame  # COMPARISON_COLUMNS
    closing: pd.DataFrame  # CLOSING_COLUMNS
    outlook: pd.DataFrame  # models.outlook's columns (a plan not observed yet), else empty

    _FRAMES = ("table", "timeline", "history", "comparison", "closing", "outlook")

    def row(self, no: str) -> pd.Series:
        rows = self._split().get(("table", str(no)))
        if rows is None or rows.empty:
            from ..core.errors import unknown_choice

            raise unknown_choice("indicator", no, list(self.table["no"]))
        return rows.iloc[0]

    def of(self, frame: str, no: str) -> pd.DataFrame:
        """The rows of ``frame`` (timeline, history, comparison, closing, outlook) for row ``no``."""
        found = self._split().get((frame, str(no)))
        return getattr(self, frame).iloc[0:0] if found is None else found

    def _split(self) -> dict:
        """Each frame's rows by row number, split once (a page set asks for every row)."""
        if getattr(self, "_by_no", None) is None:
            self._by_no = {
                (name, str(no)): rows
                for name in self._FRAMES
                if "no" in getattr(self, name)
                for no, rows in getattr(self, name).groupby("no", sort=False)
            }
        return self._by_no

    def to_json(self) -> dict:
        """JSON data that :meth:`from_json` restores exactly (the disk cache's format): tuples in a
        cell travel as lists and come back as tuples."""
        from ..core.cache import frame_to_json

        out = {"plan": self.plan, "as_of": self.as_of, "observed": self.observed}
        for name in self._FRAMES:
            df = getattr(self, name).copy()
            tuples = [c for c in df.columns if df[c].map(lambda v: isinstance(v, tuple)).any()]
            for c in tuples:
                df[c] = df[c].map(lambda v: list(v) if isinstance(v, tuple) else v)
            out[name] = {"frame": frame_to_json(df), "tuples": tuples}
        return out

    @classmethod
    def from_json(cls, data: dict) -> Dossier:
        from ..core.cache import frame_from_json

        frames = {}
        for name in cls._FRAMES:
            df = frame_from_json(data[name]["frame"])
            for c in data[name]["tuples"]:
                df[c] = df[c].map(lambda v: tuple(v) if isinstance(v, list) else v)
            frames[name] = df
        return cls(plan=data["plan"], as_of=data["as_of"], observed=data["observed"], **frames)


def pages_as_of(plan, as_of: int | None, data_dir=None) -> int | None:
    """The year a plan's pages are as of in a run as of ``as_of``: that year when the plan has
    observations then, else its latest observed year before it; None for a plan judged on its
    printed outcomes, or without an observed year up to ``as_of``."""
    p = get_plan(plan, data_dir=data_dir)
    if p.assessed_by != "observed":
        return None
    years = Assessment(p.id, as_of=None, data_dir=data_dir).available_years()
    if as_of is not None:
        years = [y for y in years if y <= int(as_of)]
    return max(years) if years else None


def history_of(row, as_of: int | None, data_dir=None) -> pd.DataFrame:
    """The annual observations of an assessed row's statistic after its base year, up to
    ``as_of`` (for a growth target the annual rates, even when the verdict used a published
    average), with their vintage and source: the series the row's verdict is judged on."""
    from ..data.links import load_links
    from ..data.observed import load_observed

    plan = get_plan(row["plan"], data_dir=data_dir)
    links = load_links(plan, data_dir)
    annual = links[(links["no"] == row["no"]) & (links["role"] == "annual")]["series_id"].tolist()
    if not annual:
        return pd.DataFrame(columns=["year", "value", "vintage", "source_grade", "source_title", "source_url"])
    obs = load_observed(annual[0], region=plan.region, as_of=as_of, data_dir=data_dir)
    # growth rates count from the plan's first year; levels from the (possibly earlier) base year
    base = plan.base_year if row["target_kind"] == "avg_growth" or pd.isna(row["base_year"]) else int(row["base_year"])
    return obs[obs["year"] > base]


def _timeline(plan: str, as_of: int, data_dir) -> pd.DataFrame:
    from .timeline import status_by_year

    by_method = {m: status_by_year(plan, method=m, until=as_of, data_dir=data_dir) for m in METHODS}
    first = by_method[METHODS[0]]
    years = [c for c in first.columns if isinstance(c, int)]
    rows = [
        {"no": no, "year": year, **{m: by_method[m].iloc[i][year] for m in METHODS}}
        for i, no in enumerate(first["no"])
        for year in years
    ]
    return pd.DataFrame(rows, columns=["no", "year", *METHODS])


def _history(table: pd.DataFrame, as_of: int | None, data_dir) -> pd.DataFrame:
    frames = []
    for _, row in table.iterrows():
        obs = history_of(row, as_of, data_dir)
        if len(obs):
            frames.append(obs.assign(no=row["no"])[HISTORY_COLUMNS])
    if not frames:
        return pd.DataFrame(columns=HISTORY_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    return out.astype({c: object for c in ("no", "vintage", "source_grade", "source_title", "source_url")})


def _comparison(plan: str, as_of: int, data_dir) -> pd.DataFrame:
    from .compare import national_comparison

    df = national_comparison(as_of, data_dir=data_dir, plan=plan)
    if not df.attrs.get("nation") or df.empty:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    df = df.assign(region=df.attrs["region"], nation=df.attrs["nation"])
    return df[COMPARISON_COLUMNS].reset_index(drop=True)


def _closing(results, data_dir) -> pd.DataFrame:
    from .final import FinalEvaluation

    info = get_plan(results.plan, data_dir=data_dir)
    if results.method == "outcome" or results.as_of < info.target_year:
        return pd.DataFrame(columns=CLOSING_COLUMNS)
    closing = FinalEvaluation(results.plan, results.as_of, data_dir=data_dir, results=results).fit().closing()
    closing = closing[CLOSING_COLUMNS].copy()
    closing["years"] = closing["years"].map(lambda ys: tuple(int(y) for y in ys))
    return closing.reset_index(drop=True)


def gather(plan, as_of: int | None = None, data_dir=None) -> Dossier:
    """The facts of ``plan``'s indicator pages as of ``as_of`` (see :func:`pages_as_of`),
    computed (uncached)."""
    p = get_plan(plan, data_dir=data_dir)
    empty = pd.DataFrame(columns=["no"])
    none = {
        "timeline": pd.DataFrame(columns=["no", "year", *METHODS]),
        "history": pd.DataFrame(columns=HISTORY_COLUMNS),
        "comparison": pd.DataFrame(columns=COMPARISON_COLUMNS),
        "closing": pd.DataFrame(columns=CLOSING_COLUMNS),
    }
    year = pages_as_of(p.id, as_of, data_dir)
    if p.assessed_by != "observed":  # judged on its printed outcomes: the table is final
        results = Assessment(p.id, data_dir=data_dir).fit()
        return Dossier(p.id, None, True, results.table, **none, outlook=empty)
    if year is None:  # no year of the period observed: no verdict; base, pace needed, record
        from .outlook import outlook

        table = Assessment(p.id, data_dir=data_dir).fit().table
        return Dossier(p.id, None, False, table, **none, outlook=outlook(p.id, data_dir=data_dir))
    results = Assessment(p.id, as_of=year, data_dir=data_dir).fit()
    return Dossier(
        p.id,
        year,
        True,
        results.table,
        _timeline(p.id, year, data_dir),
        _history(results.table, year, data_dir),
        _comparison(p.id, year, data_dir),
        _closing(results, data_dir),
        empty,
    )


def plan_dossier(plan, as_of: int | None = None, data_dir=None) -> Dossier:
    """:func:`gather`, kept in the disk cache (the key covers the plan, the year, the data and the
    code, :mod:`..core.cache`)."""
    from ..core.cache import cached

    p = get_plan(plan, data_dir=data_dir)
    key = (p.id, None if as_of is None else int(as_of), str(data_dir))
    return cached("dossier", key, lambda: gather(p.id, as_of, data_dir), Dossier.to_json, Dossier.from_json, data_dir)


def plans_with_rows(data_dir=None) -> list[str]:
    """Every plan of the registry with indicator rows, in the registry's order."""
    from ..data.plans import list_plans, load_targets

    out = []
    for p in list_plans(data_dir):
        try:
            if len(load_targets(p, data_dir=data_dir)):
                out.append(p.id)
        except ShanxiError:  # a plan whose table cannot be read: its pages are not written
            continue
    return out


__all__ = ["Dossier", "gather", "history_of", "pages_as_of", "plan_dossier", "plans_with_rows"]

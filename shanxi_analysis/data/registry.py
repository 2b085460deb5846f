"""Every plan of the registry at a glance (``shanxi plans``): its id, region, period, source and
grade, and what the data hold for it: its targets, the series linked to them and their
observations in the plan's region and period."""

from __future__ import annotations

import pandas as pd

from .links import load_links
from .observed import load_observed
from .plans import list_plans, load_targets

PLAN_COLUMNS = [
    "plan",
    "shorthand",
    "region",
    "number",
    "title_zh",
    "title_en",
    "base_year",
    "target_year",
    "source",
    "grade",
    "traced_by",
    "assessed_by",
    "targets",
    "linked_series",
    "observations",
    "first_year",
    "last_year",
]


def plans_table(data_dir=None) -> pd.DataFrame:
    """One row per plan of ``plans.csv``, in its order.  Columns: ``plan`` (the id),
    ``shorthand``, ``region``, ``number``, the titles, ``base_year``, ``target_year``,
    ``source`` (the file its numbers are traced to), ``grade`` (outline / reconstructed /
    press), ``traced_by`` (table / sentence / cells), ``assessed_by``, ``targets`` (rows of its
    table), ``linked_series`` (series linked to them), ``observations`` (values of those series
    in the plan's region after its base year, up to its target year, one per series and year)
    and the ``first_year`` / ``last_year`` they cover (missing without any)."""
    observed = load_observed(region="all", vintage="latest", data_dir=data_dir)
    records = []
    for plan in list_plans(data_dir):
        targets = load_targets(plan, data_dir=data_dir)
        series = set(load_links(plan, data_dir)["series_id"])
        points = observed[
            observed["series_id"].isin(series)
            & (observed["region"] == plan.region)
            & (observed["year"] > plan.base_year)
            & (observed["year"] <= plan.target_year)
        ]
        records.append(
            {
                "plan": plan.id,
                "shorthand": plan.shorthand,
                "region": plan.region,
                "number": plan.plan,
                "title_zh": plan.title_zh,
                "title_en": plan.title_en,
                "base_year": plan.base_year,
                "target_year": plan.target_year,
                "source": plan.source_path.name,
                "grade": plan.grade,
                "traced_by": plan.traced_by,
                "assessed_by": plan.assessed_by,
                "targets": len(targets),
                "linked_series": len(series),
                "observations": len(points),
                "first_year": int(points["year"].min()) if len(points) else None,
                "last_year": int(points["year"].max()) if len(points) else None,
            }
        )
    df = pd.DataFrame.from_records(records, columns=PLAN_COLUMNS)
    for col in ("first_year", "last_year"):
        df[col] = df[col].astype("Int64")
    return df


__all__ = ["PLAN_COLUMNS", "plans_table"]

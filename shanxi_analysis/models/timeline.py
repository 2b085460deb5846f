"""Every indicator's status across as-of years, for the tracker's heat map.

One truth: each column is :class:`~.assess.Assessment` fitted as of that year, the same engine the
tracker table, the briefing and the scenarios read; nothing here judges a row again.

>>> status_by_year(years=[2023, 2024]).set_index("no").loc["1", [2023, 2024]].tolist()  # doctest: +SKIP
['unlikely', 'unlikely']
"""

from __future__ import annotations

import pandas as pd

from ..core.errors import ShanxiError
from ..data.plans import get_plan
from .assess import Assessment

ROW_COLUMNS = ["no", "name_zh", "name_en", "attribute"]


def status_by_year(
    plan: str | int | None = None,
    years=None,
    method: str = "eurostat",
    until: int | None = None,
    region: str | None = None,
    data_dir=None,
) -> pd.DataFrame:
    """One row per indicator of ``plan`` (None: the current plan), in the plan table's order:
    ``no``, the names, ``attribute`` and one column per as-of year holding the status code.
    ``years`` default to every year of the plan period with observations (base year + 1 to the
    target year), up to ``until`` when given (a page as of 2023 shows no later verdict)."""
    first = Assessment(plan, method=method, region=region, data_dir=data_dir)
    if first.as_of is None:
        raise ShanxiError(
            f"plan {first.plan} is judged on its printed outcomes, not as of a year",
            code="judged_on_outcomes",
            plan=first.plan,
        )
    if years is None:
        info = get_plan(first.plan, data_dir=data_dir)
        last = info.target_year if until is None else min(int(until), info.target_year)
        years = [y for y in first.available_years() if info.base_year < y <= last]
    years = [int(y) for y in years]
    if not years:
        raise ShanxiError(
            f"plan {first.plan} has no as-of year with observations", code="no_as_of_year", plan=first.plan
        )
    out = None
    for year in years:
        table = Assessment(first.plan, as_of=year, method=method, data_dir=data_dir).fit().table
        if out is None:
            out = table[ROW_COLUMNS].reset_index(drop=True)
        # rows are the plan table's rows every year; align on the row number all the same
        out[year] = table.set_index("no")["status"].reindex(out["no"]).to_numpy()
    return out

"""``shanxi build``: rebuild ``data/processed/`` from ``data/raw/``.

The processed files are outputs, never edited by hand: they are the loaders' frames written as
CSV with a fixed column order, sorting and number format, so every run writes the same bytes.
A text cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return; the ``-`` placeholder alone excepted) is written with a leading ``'``
(:mod:`..core.csvsafe`); validation already rejects such cells in the raw text columns.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..core.csvsafe import neutralise_formulas
from ..core.paths import processed_dir
from .observed import list_series, load_observed
from .plans import list_plans, load_targets, load_text_targets
from .schema import display_path
from .validate import validate


def _write(df: pd.DataFrame, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    df = neutralise_formulas(df)  # a text cell starting with = + - @ gets a leading ' (core.csvsafe)
    df.to_csv(tmp, index=False, lineterminator="\n", encoding="utf-8", float_format="%.10g")
    tmp.replace(path)


def build(data_dir=None) -> list[dict]:
    """Validate the raw data, write the processed tables, return counts in and out per table."""
    counts_in = validate(data_dir)
    out_dir = processed_dir(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = []
    plans = list_plans(data_dir)
    targets = pd.concat([load_targets(p.plan, p.region, data_dir) for p in plans], ignore_index=True)
    _write(targets, out_dir / "targets.csv")
    report.append(
        {
            "table": "targets.csv",
            "rows_in": sum(counts_in[display_path(p.indicators_path)] for p in plans),
            "rows_out": len(targets),
        }
    )
    texts = [load_text_targets(p.plan, p.region, data_dir) for p in plans if p.text_targets_path]
    text_targets = pd.concat(texts, ignore_index=True) if texts else pd.DataFrame()
    _write(text_targets, out_dir / "text_targets.csv")
    report.append(
        {
            "table": "text_targets.csv",
            "rows_in": sum(counts_in[display_path(p.text_targets_path)] for p in plans if p.text_targets_path),
            "rows_out": len(text_targets),
        }
    )
    observed_all = load_observed(region="all", vintage="all", data_dir=data_dir)
    observed_in = next(v for k, v in counts_in.items() if k.endswith("observed.csv"))
    _write(observed_all, out_dir / "observed.csv")
    report.append({"table": "observed.csv", "rows_in": observed_in, "rows_out": len(observed_all)})
    latest = load_observed(region="all", vintage="latest", data_dir=data_dir)
    _write(latest, out_dir / "observed_latest.csv")
    report.append(
        {
            "table": "observed_latest.csv",
            "rows_in": observed_in,
            "rows_out": len(latest),
            "note": "one value per series, region and year (revised > preliminary > unknown)",
        }
    )
    series = list_series(data_dir)
    _write(series, out_dir / "series.csv")
    report.append({"table": "series.csv", "rows_in": len(series), "rows_out": len(series)})
    return report

"""``shanxi build``: rebuild ``data/processed/`` from ``data/raw/``.

The processed files are outputs, never edited by hand: they are the loaders' frames written as
CSV with a fixed column order, sorting and number format, so every run writes the same bytes.
A text cell a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return; the ``-`` placeholder alone excepted) is written with a leading ``'``
(:mod:`..core.csvsafe`); validation already rejects such cells in the raw text columns.

A build is all or nothing: every table is computed first, then every file is written to a fresh
temporary file and only when all are written are they renamed into place (:func:`..core.files.
replace_all`): a full disk names the file that could not be written and leaves the old tables and
no temporary file behind; a link planted in ``processed/`` is replaced, never followed.
"""

from __future__ import annotations

import pandas as pd

from ..core import files
from ..core.csvsafe import neutralise_formulas
from ..core.paths import processed_dir
from .observed import list_series, load_observed
from .plans import list_plans, load_targets, load_text_targets
from .schema import display_path
from .validate import validate


def _csv(df: pd.DataFrame) -> bytes:
    df = neutralise_formulas(df)  # a text cell starting with = + - @ gets a leading ' (core.csvsafe)
    return df.to_csv(index=False, lineterminator="\n", float_format="%.10g").encode("utf-8")


def tables(data_dir=None) -> tuple[dict[str, pd.DataFrame], list[dict]]:
    """Every processed table by file name, and the counts in and out per table (validated first)."""
    counts_in = validate(data_dir)
    plans = list_plans(data_dir)
    observed_in = next(v for k, v in counts_in.items() if k.endswith("observed.csv"))
    texts = [load_text_targets(p.plan, p.region, data_dir) for p in plans if p.text_targets_path]
    out = {
        "targets.csv": pd.concat([load_targets(p.plan, p.region, data_dir) for p in plans], ignore_index=True),
        "text_targets.csv": pd.concat(texts, ignore_index=True) if texts else pd.DataFrame(),
        "observed.csv": load_observed(region="all", vintage="all", data_dir=data_dir),
        "observed_latest.csv": load_observed(region="all", vintage="latest", data_dir=data_dir),
        "series.csv": list_series(data_dir),
    }
    rows_in = {
        "targets.csv": sum(counts_in[display_path(p.indicators_path)] for p in plans),
        "text_targets.csv": sum(counts_in[display_path(p.text_targets_path)] for p in plans if p.text_targets_path),
        "observed.csv": observed_in,
        "observed_latest.csv": observed_in,
        "series.csv": len(out["series.csv"]),
    }
    report = [{"table": name, "rows_in": rows_in[name], "rows_out": len(df)} for name, df in out.items()]
    report[3]["note_code"] = "latest_vintage"  # worded by the command line (cli.build.note.<code>)
    return out, report


def build(data_dir=None) -> list[dict]:
    """Validate the raw data, write the processed tables (all or none), return counts in and out."""
    out, report = tables(data_dir)
    folder = processed_dir(data_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        files.replace_all({folder / name: _csv(df) for name, df in out.items()})
    except OSError as exc:  # the CLI prints the reason and the file, exit 1
        why = f"{exc.strerror or exc}; nothing was replaced, {display_path(folder)} is as before"
        raise OSError(exc.errno, why, display_path(exc.filename or folder)) from None
    return report

"""shanxi_analysis: Shanxi's five-year plans as data, assessed against observed statistics.

Layers, each importing only those below it (``tests/test_architecture.py`` checks this):

* ``core``   - errors, paths, file stamps, the disk cache: no pandas, nothing of the project;
* ``data``   - the plans and observed statistics as checked tidy tables (schema, provenance,
  loaders, ``validate``, ``build``);
* ``models`` - growth arithmetic, assessment, forecasts, scenarios (model -> fit -> results);
* ``report`` - words, charts, narrative, widgets, the notebook runner and the dashboard;
* ``cli``    - the ``shanxi`` command on top.

Import is cheap: the submodules (and pandas, statsmodels, matplotlib behind them) load on first
use of a name below.
"""

from __future__ import annotations

import importlib

__version__ = "0.3.0"

_EXPORTS = {
    "load_targets": "data.plans",
    "load_text_targets": "data.plans",
    "list_plans": "data.plans",
    "get_plan": "data.plans",
    "current_plan": "data.plans",
    "load_observed": "data.observed",
    "list_series": "data.observed",
    "parse_printed_target": "data.printed",
    "validate": "data.validate",
    "build": "data.build",
    "ShanxiError": "core.errors",
    "DataError": "core.errors",
}

__all__ = [*sorted(_EXPORTS), "__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'shanxi_analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__

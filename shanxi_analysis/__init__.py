"""shanxi_analysis: Shanxi's five-year plans as data, assessed against observed statistics.

Import is cheap: the submodules (and pandas, statsmodels, matplotlib behind them) load on first
use of a name below.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "load_targets": "plans",
    "load_text_targets": "plans",
    "list_plans": "plans",
    "get_plan": "plans",
    "load_observed": "observed",
    "list_series": "observed",
    "parse_printed_target": "printed",
    "validate": "validate",
    "build": "build",
    "ShanxiError": "errors",
    "DataError": "errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'shanxi_analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__

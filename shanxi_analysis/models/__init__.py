"""The model layer (model -> fit -> results): growth arithmetic (``growth``), verdicts
(``assess``), forecasts (``forecast``) and what-if scenarios (``scenario``).  Imports
:mod:`shanxi_analysis.core` and :mod:`shanxi_analysis.data`; returns codes, never display words."""

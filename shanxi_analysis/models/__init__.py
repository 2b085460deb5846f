"""The model layer (model -> fit -> results): growth arithmetic (``growth``), paces and evidence
(``evidence``), the status type (``status``), verdicts (``assess``), forecasts (``forecast``) and
what-if scenarios (``scenario``).  Imports :mod:`shanxi_analysis.core` and
:mod:`shanxi_analysis.data`; results are codes and numbers, never display words.  ``verdicts``
words a verdict once, from the catalogue (:mod:`shanxi_analysis.data.catalogue`), for
``AssessmentResults.explain`` and the pages' notes."""

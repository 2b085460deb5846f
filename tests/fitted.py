"""The assessments of the project's data, fitted once for the test session.

    from fitted import assessment
    assessment(14, as_of=2023)          # AssessmentResults, as Assessment(14, as_of=2023).fit() gives

One fit per plan, as-of year and method (after the model resolves them: ``assessment(14)`` and
``assessment(14, 2025)`` share one) and per state of the data tree it reads (``SHANXI_DATA_DIR``
and its files' stamps, as the loaders' caches); each call returns a copy, so a test may change what
it gets.  For expected values and inputs: a test of determinism, of the caches or of fitting itself
fits on its own.
"""

from __future__ import annotations

import copy

_FITTED: dict = {}


def assessment(plan=None, as_of=None, method="eurostat"):
    from shanxi_analysis.core.paths import raw_dir
    from shanxi_analysis.core.stamps import tree_stamp
    from shanxi_analysis.models.assess import Assessment

    model = Assessment(plan, as_of=as_of, method=method)
    key = (model.plan, model.as_of, model.method, tree_stamp(raw_dir()))
    if key not in _FITTED:
        _FITTED[key] = model.fit()
    return copy.deepcopy(_FITTED[key])

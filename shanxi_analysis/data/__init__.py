"""The data layer: the plans and the observed statistics as checked, tidy tables.

Modules, lowest first: ``glyphs`` (the outline's PDF glyphs), ``printed`` (reading a printed
target such as ``>8`` or ``6.5左右``), ``schema`` (column schemas, the ``Plan`` record, the strict
CSV reader), ``provenance`` (every number traced to its source), ``plans``, ``observed``,
``units`` (the unit registry: what every unit measures and how units convert), ``links`` (which
series measures which indicator, basis breaks), ``publications`` (where and when a statistic is
normally published), ``catalogue`` (the message catalogue: the words of both languages, as data
files in ``messages/``), ``plausibility`` (observations against each other), ``manifest`` (the raw
files' fingerprints), then the commands ``validate`` and ``build``.
Imports only :mod:`shanxi_analysis.core`.
"""


def clear_caches() -> None:
    """Forget everything the loaders read (they already re-read a file that changed; this frees
    memory, and lets a test start from nothing)."""
    from . import links, manifest, observed, plans, publications, units

    manifest.clear_caches()
    units.clear_caches()
    publications.clear_caches()
    plans.clear_caches()
    observed.clear_caches()
    links.clear_caches()

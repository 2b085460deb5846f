"""Provenance checks: every transcribed number must be found in its source.

Three checkers, one per kind of row, and what they share:

* :mod:`.indicators` - plan-table rows against the outline: numbers printed within a few lines of
  the row's ``source_line`` after reading the glyphs, and what the row means (printed row number,
  attribute, unit, direction, basis, estimate flag);
* :mod:`.register` - the body-text target register against the outline: the phrase verbatim, and
  the value, comparator, unit and years it prints;
* :mod:`.observations` - observed rows against their evidence snippets: the value (directly or
  through a unit conversion), series, sign, price basis and year;
* :mod:`.common` - the outline text (:class:`Outline`, :func:`load_outline`) and message helpers.
"""

from .common import Outline, load_outline
from .indicators import INDICATOR_WINDOW, estimate_names, indicator_meaning, indicator_provenance
from .observations import (
    SERIES_TERMS_NOTE,
    UNIT_FACTORS,
    evidence_candidates,
    normalize_evidence,
    number_occurrences,
    observed_provenance,
    read_series_terms,
    stated_years,
    strip_urls,
    supported_years,
    value_in_evidence,
)
from .register import (
    CLASS_UNIT,
    RELATIVE_WORDS,
    TEXT_TARGET_WINDOW,
    breaks_zero,
    class_numbers,
    fractions_in,
    note_base_year,
    printed_reading,
    range_bounds,
    range_lows,
    relative_multiples,
    supported_target_years,
    text_target_provenance,
)

__all__ = [
    "CLASS_UNIT",
    "INDICATOR_WINDOW",
    "RELATIVE_WORDS",
    "SERIES_TERMS_NOTE",
    "TEXT_TARGET_WINDOW",
    "UNIT_FACTORS",
    "Outline",
    "breaks_zero",
    "class_numbers",
    "estimate_names",
    "evidence_candidates",
    "fractions_in",
    "indicator_meaning",
    "indicator_provenance",
    "load_outline",
    "normalize_evidence",
    "note_base_year",
    "number_occurrences",
    "observed_provenance",
    "printed_reading",
    "range_bounds",
    "range_lows",
    "read_series_terms",
    "relative_multiples",
    "stated_years",
    "strip_urls",
    "supported_target_years",
    "supported_years",
    "text_target_provenance",
    "value_in_evidence",
]

"""Provenance checks: every transcribed number must be found in its source.

Three checkers, one per kind of row, and what they share:

* :mod:`.indicators` - plan-table rows against the outline: numbers printed within a few lines of
  the row's ``source_line`` after reading the glyphs, and what the row means (printed row number,
  attribute, unit, direction, basis, estimate flag);
* :mod:`.register` - the body-text target register against the outline: the phrase verbatim, and
  the value, comparator, unit and years it prints;
* :mod:`.observations` - observed rows against their evidence snippets: the value (directly or
  through a unit conversion), series, sign, price basis and year;
* :mod:`.years` - the reference years a snippet, a title and a date support;
* :mod:`.numbers` - the numbers a snippet prints and the closed list of conversions to a value;
* :mod:`.sources` - the plans that are no table of their source text: each row against its
  sentence (``traced_by = sentence``) or its source table's cells and their evidence
  (``traced_by = cells``); :func:`plan_provenance` applies whichever rule a plan's registry row
  names (the table rule of :mod:`.indicators` included);
* :mod:`.common` - the outline text (:class:`Outline`, :func:`load_outline`) and message helpers.
"""

from .common import Outline, load_outline
from .indicators import INDICATOR_WINDOW, estimate_names, indicator_meaning, indicator_provenance
from .numbers import evidence_candidates, normalize_evidence, strip_urls, unit_size, value_in_evidence
from .observations import (
    OUTSIDE_SNIPPET,
    number_occurrences,
    observed_provenance,
    outside_snippet_problems,
    read_outside_snippet,
    read_series_terms,
    verdict_series,
)
from .register import (
    CLASS_UNIT,
    RELATIVE_WORDS,
    TEXT_TARGET_WINDOW,
    breaks_zero,
    class_numbers,
    fractions_in,
    known_units,
    note_base_year,
    printed_reading,
    range_bounds,
    range_lows,
    relative_multiples,
    supported_target_years,
    text_target_provenance,
)
from .sources import cell_grades, plan_provenance
from .years import supported_years

__all__ = [
    "CLASS_UNIT",
    "INDICATOR_WINDOW",
    "OUTSIDE_SNIPPET",
    "RELATIVE_WORDS",
    "TEXT_TARGET_WINDOW",
    "Outline",
    "breaks_zero",
    "cell_grades",
    "class_numbers",
    "estimate_names",
    "evidence_candidates",
    "fractions_in",
    "indicator_meaning",
    "indicator_provenance",
    "known_units",
    "load_outline",
    "normalize_evidence",
    "note_base_year",
    "number_occurrences",
    "observed_provenance",
    "outside_snippet_problems",
    "plan_provenance",
    "printed_reading",
    "range_bounds",
    "range_lows",
    "read_outside_snippet",
    "read_series_terms",
    "relative_multiples",
    "strip_urls",
    "supported_target_years",
    "supported_years",
    "text_target_provenance",
    "unit_size",
    "value_in_evidence",
    "verdict_series",
]

"""Words shown to readers, in Chinese and English: the report layer's interface to the message
catalogue.  The words themselves are data files (``shanxi_analysis/data/messages/*.toml``, read and
checked once by :mod:`..data.catalogue`); numbers never live there: every sentence is a template
filled from results.

* :func:`say` / :func:`t`: a message by its key (``page.tracker.title``), fields filled;
* :func:`pick`: one side of a (Chinese, English) pair;
* the words of the codes, as mappings code -> (Chinese, English): :data:`STATUS` (``status.*``),
  :data:`MIDTERM`, :data:`ATTRIBUTE`, :data:`VINTAGE`, :data:`SOURCE_GRADE`, :data:`PACE_UNIT`,
  :data:`SERIES_NAME` (``series.*``), :data:`CONTEXT_HEADER` (``context.*``).
"""

from __future__ import annotations

from ..data.catalogue import CATALOGUE, LANGS, Codes, check_lang, pick, say

STATUS = Codes("status")
PACE_UNIT = Codes("pace")  # models.evidence.PACE_UNITS; {unit} is the indicator's unit in the page's language
MIDTERM = Codes("midterm")  # China's mid-term evaluation vocabulary (models.assess gives the codes)
ATTRIBUTE = Codes("attribute")
VINTAGE = Codes("vintage")
SOURCE_GRADE = Codes("grade")
SERIES_NAME = Codes("series")  # short one-language names (the series catalogue's descriptions mix languages)
CONTEXT_HEADER = Codes("context")  # column headers of the two context tables
LATIN_LANG = "en"  # the language whose words need no CJK glyph


def t(key: str, lang: str) -> str:
    """Short alias of :func:`say` without fields."""
    return say(key, lang)


def status_label(status: str, lang: str) -> str:
    return pick(STATUS[status], lang)


def pace_unit_label(code: str, lang: str, unit_zh: str = "", unit_en: str = "") -> str:
    """A pace unit code in words, e.g. ``units_per_year`` -> "所/年" / "institutions a year"."""
    return pick(PACE_UNIT[code], lang).format(unit=pick((unit_zh, unit_en), lang))


def midterm_label(code: str, lang: str) -> str:
    """A mid-term code (or, at the target year and without a pace, a status) in words."""
    return pick(MIDTERM[code] if code in MIDTERM else STATUS[code], lang)


def with_status_words(table, lang: str | None = None):
    """The assessment table plus ``status_zh`` and ``midterm_zh`` (the words beside the codes) and
    ``midterm_why`` (why a row has no mid-term class, '' where it has one),
    for outputs that carry both, such as the CLI's csv and json; with ``lang``, also every verdict's
    ``explanation`` in that language (:func:`..models.verdicts.explanation`)."""
    from ..models.verdicts import explanations, midterm_reason

    out = table.copy()
    out["status_zh"] = [status_label(s, "zh") for s in out["status"]]
    if "midterm" in out:
        out["midterm_zh"] = [midterm_label(c, "zh") if isinstance(c, str) else "" for c in out["midterm"]]
        # why a row has no mid-term class, in Chinese beside midterm_zh (the explanation says it in
        # the chosen language)
        out["midterm_why"] = [midterm_reason(r, "zh") for _, r in table.iterrows()]
    if lang is not None:
        out["explanation"] = explanations(table, lang)
    return out


def needs_cjk(lang: str) -> bool:
    """Whether text in ``lang`` needs a CJK font (a chart without one is drawn in :data:`LATIN_LANG`)."""
    return pick((True, False), lang)


def name(row, lang: str) -> str:
    """An indicator's name in the language."""
    return pick((row["name_zh"], row["name_en"]), lang)


__all__ = [
    "ATTRIBUTE",
    "CATALOGUE",
    "CONTEXT_HEADER",
    "LANGS",
    "LATIN_LANG",
    "MIDTERM",
    "PACE_UNIT",
    "SERIES_NAME",
    "SOURCE_GRADE",
    "STATUS",
    "VINTAGE",
    "check_lang",
    "midterm_label",
    "name",
    "needs_cjk",
    "pace_unit_label",
    "pick",
    "say",
    "status_label",
    "t",
    "with_status_words",
]

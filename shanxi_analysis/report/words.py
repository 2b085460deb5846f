"""A target, a unit, a value with its unit and a forecasting model in words: one place for the
briefing pages (:mod:`.narrative`), the charts (:mod:`.charts`) and the command line
(:mod:`.terminal`).  Every word comes from the catalogue (``words.*`` keys of :mod:`.messages`);
the numbers and codes come from the row (a plan table's row, an assessment's, a body-text
register entry's or a forecast's linked target).

Where the displays legitimately differ, a :class:`Style` says how, and there are five:

- :data:`PAGE`: a page's table cell.  Chinese shows the plan's text as printed (``6.5左右``,
  ``[15]``, ``控制在0.2以下``: the outline's own notation); English reads the target from its
  parsed value and comparator (``about 6.5``, ``15 (cumulative over 5 years)``, ``at most 0.2``).
- :data:`SENTENCE`: a target inside a page's sentence: as :data:`PAGE`, the Chinese quoted
  (“6.5左右”), an average-growth target with its unit (``over 8 % a year``).
- :data:`READING`: what a body-text target sets, in the series' unit, read in both languages
  (``10,000户以上`` / ``at least 10,000 enterprises (households)``): the page shows the plan's
  phrase beside it.
- :data:`COMPACT`: a terminal column: read in both languages (the printed notations [15], ≤ and
  控制在…以下 differ from row to row), a growth target with its unit, short words for the long
  kinds, units without their explanation in brackets.
- :data:`CHART`: a legend entry or an axis label: the Chinese as printed, the English read, short
  words and units (the chart adds "(period average)" to a growth target itself).  An English chart
  never carries a CJK glyph: every unit in data/raw has English words (tests/test_words.py).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..core.numbers import DASH, FIGURE, missing, number
from ..data import units
from ..data.citations import is_weak
from .messages import CATALOGUE, SOURCE_GRADE, check_lang, pace_unit_label, pick, say

# how each comparator reads (the catalogue's words.cmp.*)
COMPARATOR = {
    ">=": "at_least",
    ">": "over",
    "<=": "at_most",
    "<": "below",
    "~": "about",
    "=": "equal",
    "range": "range",
}
ROMAN = {1: "Ⅰ", 2: "Ⅱ", 3: "Ⅲ", 4: "Ⅳ", 5: "Ⅴ"}
RELATIVE = ("relative", "relative_reduction")
# "enterprises (households)": the explanation a short unit drops ("index (previous year = 100)" keeps
# its bracket: it defines the unit)
_BRACKETED = re.compile(r"\s*\([^=]*\)$")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Style:
    """How a display words a target and a unit (see the module docstring)."""

    printed_zh: bool = True  # Chinese shows the plan's text as printed (else it is read, like English)
    quoted: bool = False  # the target stands in a sentence: quoted where the catalogue quotes
    growth_unit: bool = False  # an average-growth target carries "% a year" (年均…%)
    with_unit: bool = False  # the row's unit follows the number
    short: bool = False  # short words for the long kinds; units without their bracketed explanation


PAGE = Style()
SENTENCE = Style(quoted=True, growth_unit=True)
READING = Style(printed_zh=False, with_unit=True)
COMPACT = Style(printed_zh=False, growth_unit=True, short=True)
CHART = Style(short=True)


# --- numbers ---------------------------------------------------------------------------------


def figure(x) -> str:
    """A number as the plan prints it (:data:`~..core.numbers.FIGURE`: thousands separated, at most
    2 decimals, no trailing zeros); '—' when missing.  Text that is not a decimal number (a fraction
    such as '2/3') as written."""
    if isinstance(x, str) and not _DECIMAL.fullmatch(x.strip()):
        return x.strip()
    return number(float(x) if isinstance(x, str) else x, FIGURE)


# --- units -----------------------------------------------------------------------------------


def weak_source(grade, lang: str) -> str:
    """The mark a value from a weak source carries beside it on every page ("(press)"); '' for
    any other grade (one rule: :data:`..data.citations.WEAK_GRADES`)."""
    if not is_weak(grade):
        return ""
    return say("page.ctx.weak_source", lang, grade=pick(SOURCE_GRADE[grade], lang))


def marked(value: str, grade, lang: str) -> str:
    """A printed value with its weak-source mark, if its source is weak: "5.00 (2025) (press)"."""
    mark = weak_source(grade, lang)
    return say("page.value_weak", lang, value=value, mark=mark) if mark and value != DASH else value


def unit_words(unit, lang: str, unit_en=None, style: Style = PAGE) -> str:
    """A unit (as the data writes it: 户, 亿吨, μg/m3) in ``lang``: the unit registry's words
    (:mod:`..data.units`: Chinese as written, a symbol in words, μg/m3 -> 微克/立方米); English
    from ``unit_en`` (the row's own words) where given; '%' stays '%'.  A unit nobody names is
    shown as written."""
    check_lang(lang)
    if missing(unit) or not str(unit):
        return ""
    en = units.words(str(unit), "en", _text(unit_en))
    if style.short:  # the registry's English explains in brackets ("enterprises (households)")
        en = _BRACKETED.sub("", en) or en
    return pick((units.words(str(unit), "zh"), en), lang)


def row_unit(row, lang: str, style: Style = PAGE) -> str:
    """The unit of a row in ``lang``: a water-class target's 'water class', else :func:`unit_words`
    of the row's ``unit`` with its own ``unit_en``."""
    if _kind(row) == "ordinal_class":
        return say("words.unit.class", lang)
    return unit_words(row.get("unit"), lang, row.get("unit_en"), style)


def pace_unit(row, lang: str, code=None) -> str:
    """A pace's unit in words: the row's ``rate_unit`` code (or ``code``) with the row's unit in
    ``lang`` ("pp a year", "所/年", "institutions a year"); '' without a code."""
    code = row.get("rate_unit") if code is None else code
    if not isinstance(code, str) or not code:
        return ""
    return pace_unit_label(code, lang, row_unit(row, "zh"), row_unit(row, "en"))


def with_unit(value: str, unit: str, lang: str) -> str:
    """A value (already written) and a unit (already in words): '66.32%' / '66.32 %', '10亿吨' /
    '10 (100 million tonnes)'."""
    if not unit or value == DASH:
        return value
    return say("words.value_unit_scaled" if unit[0].isdigit() else "words.value_unit", lang, value=value, unit=unit)


def value_with_unit(value, row, lang: str, style: Style = PAGE) -> str:
    """A row's value with its unit: '66.32%' / '66.32 %', '6,834户' / '6,834 enterprises
    (households)'; '—' when missing."""
    return with_unit(figure(value), row_unit(row, lang, style), lang)


# --- targets ---------------------------------------------------------------------------------


def target_words(row, lang: str, style: Style = PAGE) -> str:
    """A target in words, in ``style`` (see the module docstring).  ``row`` is a plan table's or an
    assessment's row, a body-text register entry (``value``, ``value_text``, ``phrase``), an
    assessed register entry (``register_kind``, ``register_value``) or :func:`forecast_target`."""
    check_lang(lang)
    printed = _printed(row)
    words = pick((printed if style.printed_zh else "", ""), lang) or _read(row, lang, style, printed)
    return say("words.target.quoted", lang, target=words) if style.quoted and words != DASH else words


def forecast_target(target: dict) -> dict:
    """A forecast's linked target (``models.forecast``: value, kind, comparator ...) as a row."""
    return {
        "target_text": target.get("text"),
        "target_kind": target.get("kind"),
        "target_value": target.get("value"),
        "target_high": target.get("high"),
        "comparator": target.get("comparator"),
        "base_year": target.get("base_year"),
        "target_year": target.get("year"),
        "plan": target.get("plan"),
        "unit": target.get("unit"),
    }


def _read(row, lang: str, style: Style, printed: str) -> str:
    """The target read from its value, comparator and kind (not the plan's words)."""
    kind = _kind(row)
    short = ".short" if style.short else ""
    unnumbered = _read_unnumbered(row, kind, lang, printed, short)
    if unnumbered is not None:
        return unnumbered
    value = _value(row)
    if value is None:
        return say("words.target.no_number", lang, text=printed) if printed and not style.short else DASH
    comparator = row.get("comparator")
    special = _read_no_amount(row, kind, comparator, value, lang)
    if special is not None:
        return special
    unit = row_unit(row, lang, style) if style.with_unit else ""
    growth = kind == "avg_growth" and (style.growth_unit or style.with_unit)
    if growth:  # a rate, whatever the unit of the levels (GDP in 亿元 grows by % a year)
        unit = unit_words("%", lang)
    words = _compared(row, kind, comparator, value, unit, lang)
    if growth:
        return say("words.kind.avg_growth", lang, t=words)
    if kind in ("cumulative", "level_increase"):
        return say(f"words.kind.{kind}" + short, lang, t=words, years=_plan_years(row))
    if kind == "national_average":
        return say("words.kind.national_average" + short, lang, t=words)
    return words


def _read_unnumbered(row, kind, lang: str, printed: str, short: str) -> str | None:
    """A target read without its number: a national assessment, words (qualitative), a growth
    relative to another row; None for any other kind."""
    if kind == "national_assessment":
        return say("words.target.national_assessment" + short, lang, text=printed or DASH)
    if kind == "qualitative":  # no number: the plan's words on a Chinese page, their kind on an English one
        return say("words.kind.qualitative" + short, lang, text=printed or DASH)
    if kind == "relative_growth":
        return _relative_growth(row, lang)
    return None


def _read_no_amount(row, kind, comparator, value: str, lang: str) -> str | None:
    """A target whose number is no amount: a water class, a year (a milestone), a multiple of or a
    fraction cut from a base; None for any other kind."""
    if kind == "ordinal_class":
        roman = ROMAN.get(int(float(_number(row))), value)
        key = "words.kind.ordinal_class" + (".or_better" if comparator == "<=" else "")
        return say(key, lang, v=roman)
    if kind == "milestone":  # a state reached by a year (or before it): the year is the target
        before = ".before" if comparator == "<" else ""
        return say("words.kind.milestone" + before, lang, year=int(float(_number(row))))
    if kind in RELATIVE:
        base = row.get("base_year")
        known = not (missing(base) or base == "")
        whole = say(
            f"words.kind.{kind}" + ("" if known else ".no_base"), lang, v=value, base=int(base) if known else ""
        )
        return say(f"words.cmp.{COMPARATOR.get(comparator, 'equal')}", lang, v=whole)
    return None


def _compared(row, kind, comparator, value: str, unit: str, lang: str) -> str:
    """The number with its comparator and unit ('at least 8 %'), or a range ('5-8 %'); a range whose
    upper end is not known reads as its lower end, at least."""
    high = _range_high(row) if comparator == "range" or kind == "range" else None
    if high is not None and missing(high):
        comparator = ">="  # a range whose upper end is not known: the lower end is the target
    if high is not None and not missing(high):
        return say("words.cmp.range", lang, v=value, hi=with_unit(figure(high), unit, lang))
    return say(f"words.cmp.{COMPARATOR.get(comparator, 'equal')}", lang, v=with_unit(value, unit, lang))


def _relative_growth(row, lang: str) -> str:
    """A growth target relative to another row of the plan: above it, or in step with it (within
    the row's stated tolerance), naming that row in the page's language."""
    from ..data.plans import load_targets

    ref, plan = row.get("relative_to"), row.get("plan")
    name = ""
    if not (missing(ref) or missing(plan)):
        other = load_targets(plan).set_index("no")
        if ref in other.index:
            name = str(other.loc[ref, f"name_{lang}"])
    tolerance = row.get("tolerance")
    if row.get("comparator") == "~":
        tol = "" if missing(tolerance) else figure(tolerance)
        return say("words.kind.relative_growth.in_step", lang, ref=name or DASH, tol=tol)
    return say("words.kind.relative_growth.above", lang, ref=name or DASH)


def _kind(row) -> str | None:
    """The target's kind; an assessed register entry's own kind where the engine's reads less
    (a water class, not 'at most 4'; a multiple whose base is unobserved, not a number)."""
    register = row.get("register_kind")
    if register == "ordinal_class" or _unmeasured_multiple(row):
        return register
    return row.get("target_kind")


def _unmeasured_multiple(row) -> bool:
    """An assessed register entry that is a multiple of (or a cut from) a base never observed: the
    engine has no level, the register its multiple."""
    return (
        row.get("register_kind") in RELATIVE
        and missing(row.get("target_value"))
        and not missing(row.get("register_value"))
    )


def _number(row):
    """The target's number: the engine's ``target_value``, else the register's own value; for an
    increase of a level, the increase (the assessment's ``target_value`` is the level it reaches)."""
    for key in (
        ("increase", "target_value", "value")
        if row.get("target_kind") == "level_increase"
        else ("target_value", "value")
    ):
        if not missing(row.get(key)):
            return row[key]
    return None


def _value(row) -> str | None:
    """The target's number as written (a register's fraction '2/3' as printed); None if none."""
    if _unmeasured_multiple(row):
        return figure(str(row["register_value"]))
    number = _number(row)
    if number is None:
        return None
    text = row.get("value_text")  # a register entry's cell, written beside its number
    return figure(text if isinstance(text, str) and text.strip() else number)


def _printed(row) -> str:
    """The plan table's cell as printed (the rate column's when the level column is '-'); empty
    for a body-text entry, whose phrase is a sentence, not a target."""
    if not missing(row.get("phrase")) or not missing(row.get("register_kind")):
        return ""
    for key in ("target_text", "target_rate_text"):
        text = row.get(key)
        if isinstance(text, str) and text.strip() and text.strip() != "-":
            return text.strip()
    return ""


def _range_high(row) -> float:
    """The upper end of a range target: its own field, else the one its phrase prints
    ('5000—6000万千瓦'), scaled as the lower end was; NaN when unknown."""
    high = row.get("target_high")
    if not missing(high):
        return float(high)
    phrase, low = row.get("phrase"), row.get("value")
    if not isinstance(phrase, str) or missing(low):
        return math.nan
    from ..data.provenance import range_bounds

    highs = [h for lo, h in range_bounds(phrase) if lo == float(low)]
    if not highs:
        return math.nan
    value = row.get("target_value")
    return highs[0] * (float(value) / float(low) if not missing(value) and float(low) else 1.0)


def _plan_years(row) -> int:
    """The years a cumulative target sums over: the plan's period."""
    from ..data.plans import get_plan

    plan = row.get("plan")
    p = get_plan(None if missing(plan) else plan)
    return p.target_year - p.base_year


def _text(x) -> str:
    return str(x) if isinstance(x, str) and x else ""


# --- forecasting models --------------------------------------------------------------------


def model_name(code: str, lang: str) -> str:
    """A forecasting model's name (``models.forecast`` gives the code; an unknown code as given)."""
    key = f"words.model.{code}"
    return say(key, lang) if key in CATALOGUE else str(code)


__all__ = [
    "CHART",
    "COMPACT",
    "DASH",
    "PAGE",
    "READING",
    "SENTENCE",
    "Style",
    "figure",
    "forecast_target",
    "missing",
    "model_name",
    "pace_unit",
    "row_unit",
    "target_words",
    "unit_words",
    "value_with_unit",
    "with_unit",
]

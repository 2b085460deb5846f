"""Parsing targets as printed in the plan tables ('>8', '6.5左右', '[155]', '≤5.5', ...).

A printed cell is turned into a :class:`PrintedTarget`: the number, a comparator and a kind.
Which *kind* a plain number is depends on the column it was printed in: the level column
("2025年目标") holds levels, the rate column ("年均增长/累计") annual average growth rates, unless
the number is in ``[ ]`` (or ``〔 〕``, as the national tables print it), which marks a cumulative
five-year figure.

The national plans also print targets without a number of their own: relative to another
indicator (``高于GDP增长``, ``与GDP增长基本同步``: ``relative_growth``, the reference's words kept in
``reference``) and qualitative ones (``保持在合理区间、各年度视情提出``: ``qualitative``, shown and
never scored).  A stretch aim in brackets after a target (``>7（力争投入强度高于“十三五”时期实际）``)
is kept in ``aim``; the target is what precedes it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..core.errors import ShanxiError
from .glyphs import read_glyphs

COMPARATORS = ("=", ">", ">=", "<", "<=", "~", "range")
TARGET_KINDS = (
    "level",
    "lower_bound",
    "upper_bound",
    "approx",
    "range",
    "avg_growth",
    "cumulative",
    "national_average",
    "national_assessment",
    "relative_growth",
    "qualitative",
    "level_increase",
)
# Kinds a row may declare where the printed form reads as another: '〔1〕' prints like a five-year
# total, and only the row (its basis and base) says it is the increase of a level (one more year
# of life expectancy over the period: the target level is the base plus the number).
REFINED_KINDS = {"level_increase": "cumulative"}
# Kinds without a number to reach: judged against another indicator, or never scored.
UNNUMBERED_KINDS = ("national_assessment", "relative_growth", "qualitative")
# Kinds that only the body-text register uses (data/raw/README.md): a target relative to a base
# (``relative``: a multiple of the base-year level, 倍增/翻番 = 2; ``relative_reduction``: the
# fraction of a base to remove, 缩短2/3 = 2/3) and an ordinal class (``ordinal_class``: a
# surface-water quality class Ⅰ-Ⅴ stored as its number; a lower class is cleaner) and a milestone
# (``milestone``: a state reached by a year, 到2035年基本实现现代化, or before it, 2030年前碳达峰; the
# value is the year).
TEXT_ONLY_KINDS = ("relative", "relative_reduction", "ordinal_class", "milestone")
TEXT_TARGET_KINDS = TARGET_KINDS + TEXT_ONLY_KINDS
# Kinds that carry no comparable number or a number that is only a floor for a stretch goal.
NATIONAL_ASSESSMENT_PREFIX = "完成国家"
NATIONAL_AVERAGE_PHRASE = "力争达到全国平均水平"

_NUMBER = r"-?\d+(?:\.\d+)?"
_PREFIX_COMPARATORS = (("≥", ">="), ("≤", "<="), (">=", ">="), ("<=", "<="), (">", ">"), ("<", "<"))
_SUFFIX_COMPARATORS = (("以上", ">="), ("以下", "<="), ("以内", "<="), ("左右", "~"))
# Units that can follow a number inside a cell ('5个左右', '44μg/m3').
_UNIT_SUFFIX = r"(?:个|家|所|项|件|人|μg/m3|%)?"
# Targets relative to another indicator's growth: above it, or in step with it.
_ABOVE = re.compile(r"高于(?P<ref>\S+?(?:增长|增速))")
_IN_STEP = re.compile(r"(?:与|和)(?P<ref>\S+?)(?:基本)?同步")
# A stretch aim in brackets after the target: '>7（力争投入强度高于“十三五”时期实际）'.
_AIM = re.compile(r"(?P<target>.+?)[（(](?P<aim>[^（）()]*[\u4e00-\u9fff][^（）()]*)[）)]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Words that make a comparison: a cell with one of them needs its number or its reference, so it
# is never read as a qualitative target ('高于' alone is a broken cell, not words).
_COMPARISON_WORDS = re.compile(r"高于|低于|同步|以上|以下|以内|左右|超过|不低于|不超过")


class PrintedTargetError(ShanxiError):
    """A printed cell that is not one of the recognised target forms."""


@dataclass(frozen=True)
class PrintedTarget:
    """A parsed table cell.

    ``value`` is None for an empty cell ('-') and for a national-assessment target, which has
    no number.  ``marker`` is '*' or '**' when the cell carries a data-year marker; use
    :meth:`year` to get the year it refers to.
    """

    text: str
    value: float | None
    kind: str | None
    comparator: str | None
    high: float | None = None
    marker: str = ""
    reference: str = ""  # relative_growth: the words naming what the target is relative to
    aim: str = ""  # a stretch aim printed in brackets after the target

    @property
    def is_empty(self) -> bool:
        return self.kind is None

    def year(self, table_year: int, marker_years: dict[str, int] | None = None) -> int:
        """The year the value refers to: the table year, or the year its note gives the marker.

        The Shanxi tables' notes say '*' = 2019 and '**' = 2018.  A marker dates a value *earlier*
        than its column (2019 data in the 2020 column); one that would date it later than its
        column cannot be a data year there (the 13th plan's '150.68*' in its 2015 column, outline
        line 508: a 2015 base cannot be 2019 data), and the value is the column's year's.
        """
        if not self.marker:
            return table_year
        years = marker_years or {}
        if self.marker not in years:
            raise PrintedTargetError(
                f"{self.text!r}: the plan registry defines no year for marker {self.marker!r}",
                code="printed_marker",
                text=repr(self.text),
                marker=repr(self.marker),
            )
        return marked_year(years[self.marker], table_year)


def marked_year(marker_year: int, column_year: int) -> int:
    """The year of a value carrying a data-year marker in a column of ``column_year``: the marker's
    year, unless it is after the column's (then the column's: see :meth:`PrintedTarget.year`)."""
    return min(marker_year, column_year)


def _kind_for(comparator: str, column: str, cumulative: bool) -> str:
    if cumulative:
        return "cumulative"
    if column == "rate":
        return "avg_growth"
    return {
        "=": "level",
        ">": "lower_bound",
        ">=": "lower_bound",
        "<": "upper_bound",
        "<=": "upper_bound",
        "~": "approx",
        "range": "range",
    }[comparator]


def parse_printed_target(text: str, column: str = "level") -> PrintedTarget:
    """Parse one printed cell.  ``column`` is ``"level"`` or ``"rate"``.

    >>> parse_printed_target(">8", column="rate").kind
    'avg_growth'
    >>> parse_printed_target("[曒17.6]", column="rate").comparator
    '>='
    """
    if column not in ("level", "rate"):
        raise ValueError(f"column must be 'level' or 'rate', not {column!r}")
    original = text
    s = re.sub(r"\s+", "", read_glyphs(str(text))).replace("，", ",").replace("—", "-")
    s = s.replace("〔", "[").replace("〕", "]")
    whole = _whole_cell_target(original, s, column)
    if whole is not None:
        return whole
    s, comparator, cumulative, capped = _qualifiers(original, s)
    return _number_target(original, s, column, comparator, cumulative, capped)


def _whole_cell_target(original: str, s: str, column: str) -> PrintedTarget | None:
    """A cell read as a whole: blank, a national assessment, a target with an aim (力争), a growth
    relative to another (高于GDP增长), words without a number, the national average; else None."""
    if s in ("", "-"):
        return PrintedTarget(original, None, None, None)
    if s.startswith(NATIONAL_ASSESSMENT_PREFIX):
        return PrintedTarget(original, None, "national_assessment", None)
    aim = _AIM.fullmatch(s)
    if aim:
        inner = parse_printed_target(aim.group("target"), column)
        return PrintedTarget(
            original,
            inner.value,
            inner.kind,
            inner.comparator,
            inner.high,
            inner.marker,
            inner.reference,
            aim.group("aim"),
        )
    for pattern, comparator in ((_ABOVE, ">"), (_IN_STEP, "~")):
        m = pattern.fullmatch(s)
        if m:
            return PrintedTarget(original, None, "relative_growth", comparator, reference=m.group("ref"))
    if not re.search(r"\d", s, flags=re.ASCII) and _CJK.search(s) and not _COMPARISON_WORDS.search(s):
        return PrintedTarget(original, None, "qualitative", None)
    m = re.fullmatch(rf"({_NUMBER}){_UNIT_SUFFIX},?{NATIONAL_AVERAGE_PHRASE}", s)
    if m:
        return PrintedTarget(original, float(m.group(1)), "national_average", "=")
    return None


def _qualifiers(original: str, s: str) -> tuple[str, str, bool, bool]:
    """The number's text without its qualifiers, its comparator, whether it is cumulative ([ ])
    and whether it is capped (控制在...以下)."""
    cumulative = False
    comparator = "="
    if s.endswith("左右") and s.startswith("[") and s[:-2].endswith("]"):
        comparator, s = "~", s[:-2]  # '[15]左右'
    if s.startswith("[") and s.endswith("]"):
        cumulative, s = True, s[1:-1]
    capped = s.startswith("控制在")
    if capped:
        s = s[len("控制在") :]
        if not s.endswith(("以下", "以内")):
            raise PrintedTargetError(
                f"cannot read printed target {original!r}: 控制在 without 以下/以内",
                code="printed_cap",
                target=repr(original),
            )
    prefix = next(((p, c) for p, c in _PREFIX_COMPARATORS if s.startswith(p)), None)
    if prefix:
        comparator, s = prefix[1], s[len(prefix[0]) :]
    suffix = next(((x, c) for x, c in _SUFFIX_COMPARATORS if s.endswith(x)), None)
    if suffix:
        if comparator != "=":
            raise PrintedTargetError(
                f"cannot read printed target {original!r}: two qualifiers", code="printed_two", target=repr(original)
            )
        comparator, s = suffix[1], s[: -len(suffix[0])]
    return s, comparator, cumulative, capped


def _number_target(
    original: str, s: str, column: str, comparator: str, cumulative: bool, capped: bool
) -> PrintedTarget:
    """The target of a number (or a range) stripped of its qualifiers."""
    m = re.fullmatch(rf"({_NUMBER})-({_NUMBER})", s)
    if m and comparator == "=":
        low, high = float(m.group(1)), float(m.group(2))
        if not low < high:
            raise PrintedTargetError(
                f"cannot read printed target {original!r}: range low >= high",
                code="printed_range",
                target=repr(original),
            )
        return PrintedTarget(original, low, "range", "range", high=high)

    m = re.fullmatch(rf"({_NUMBER}){_UNIT_SUFFIX}(\*{{0,2}})", s)
    if not m:
        raise PrintedTargetError(
            f"cannot read printed target {original!r}; expected forms like '68', '>8', '60以上', "
            "'6.5左右', '≤5.5', '[155]', '〔1〕', '[≥17.6]', '[15]左右', '5-8', '控制在0.2以下', "
            "'12,力争达到全国平均水平', '完成国家考核目标', '高于GDP增长', '与GDP增长基本同步', "
            "words without a number (qualitative) or '-'",
            code="printed_form",
            target=repr(original),
        )
    value = float(m.group(1))
    if not math.isfinite(value):
        raise PrintedTargetError(
            f"cannot read printed target {original!r}: not a finite number",
            code="printed_finite",
            target=repr(original),
        )
    # '控制在0.2以下' caps a level even when the table prints it in the rate column
    kind = "upper_bound" if capped else _kind_for(comparator, column, cumulative)
    return PrintedTarget(original, value, kind, comparator, marker=m.group(2))


def numbers_in(text: str) -> list[str]:
    """The number strings printed in ``text``, in order ('[-17]' gives '-17', '0/5/0/1' four)."""
    return re.findall(r"(?<![\d.])-?\d+(?:\.\d+)?", read_glyphs(str(text)))

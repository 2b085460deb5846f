"""How intake reads one printed number as the value of one series: the words around it (its
clause, its sentence), its unit and exact conversion, the validator's reading rules, whether the
series is named as its subject, whether its measure fits how it is printed, its price basis, the
year it is tied to and what makes it doubtful.  :func:`read_as` gives a :class:`Reading` or why
not; :mod:`.observed` turns readings into draft rows the validator accepts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .. import units
from ..provenance import unit_size
from ..reading import (
    base_year_of_series,
    compatible_families,
    from_or_to,
    is_average_measure,
    is_cumulative_series,
    occurrence_problem,
    printed_as_average,
    printed_as_change,
    printed_as_cumulative,
    printed_as_forecast,
    printed_base_year,
    printed_price_basis,
    printed_qualifier,
    printed_year,
    quoted_table_year,
    respectively_items,
    structure_part,
    structure_place,
    sub_year_period,
    subset_word,
    unit_family_after,
)
from .catalogue import SeriesInfo
from .numbers import Normal, Printed, mass_after, plain_text

_GROWTH_BASIS = {
    "growth_real_pct": "real",
    "avg_growth_real_pct": "real",
    "growth_nominal_pct": "nominal",
    "avg_growth_nominal_pct": "nominal",
}

# Where a sentence ends (a subject is never looked for across it) and where a clause ends.
SENTENCE_END = re.compile(r"[。！？!?;；\n]|(?<=[a-z0-9%)\]])\.(?=\s+[A-Z“\"(]|\s*$)")
_CLAUSE_END = re.compile(r"[,，、:：()（）]")
# A denominator: the whole a share is taken of ('占地区生产总值的比重', 'share of GDP').
_SHARE_OF = re.compile(r"(?:占|佔|与|與)(?=[^,，;；。]*$)|\b(?:share of|accounting for|accounted for|percent of)\b")
# Words that do not name a thing: what is left of a clause without them is its own subject.
_FILLER = re.compile(
    r"其中|分别|分別|全年|全市|全省|全区|全國|全国|年末|年底|末|比上年(?:末|同期)?|比上年|较上年|同比|"
    r"按[^,，;；]{0,8}计算|扣除价格因素(?:后|後)?|与上一年相比|实际|實際|名义|名義|增长|增長|增加|"
    r"增速|增幅|提高|提升|下降|减少|減少|降低|上涨|上漲|上升|回落|下滑|实现|實現|完成|累计|累計|"
    r"约|約|超过|超過|超|近|突破|达到|達到|达|達|为|為|是|共|平均值|平均|年均|比重|占|的|了|再|已|较|較|"
    r"至|到|以上|左右|仅|僅|总量|總量|总计|合计|初步核算|根据|据|\d{4}年|\[\d+\]|[\s\d.%,，]"
)


@dataclass(frozen=True)
class Reading:
    """One number read as one series' value."""

    series: SeriesInfo
    value: str
    year: int
    subject_at: int  # where the series' name starts (normalised text); -1 when not printed
    snippet: tuple[int, int]
    reasons: tuple[str, ...]
    vintage: str
    price_basis: str
    note: str
    unmarked_basis: bool = False  # a growth whose price basis the text does not print
    year_printed: bool = False
    aside: bool = False


# --- the document's structure -----------------------------------------------------------------


def spans(s: str, pattern: re.Pattern) -> list[tuple[int, int]]:
    """The pieces of ``s`` between the matches of ``pattern``."""
    out, start = [], 0
    for m in pattern.finditer(s):
        out.append((start, m.start()))
        start = m.end()
    out.append((start, len(s)))
    return out


def sentence_of(sentences: list[tuple[int, int]], at: int) -> tuple[int, int]:
    for a, b in sentences:
        if a <= at < b:
            return a, b
    return 0, 0


def clause_start(s: str, lo: int, at: int) -> int:
    cut = lo
    for m in _CLAUSE_END.finditer(s, lo, at):
        cut = m.end()
    return cut


def clause_end(s: str, at: int, hi: int) -> int:
    m = _CLAUSE_END.search(s, at, hi)
    return m.start() if m else hi


# --- which series a number can be the value of ---------------------------------------------------

_UNIT_WORDS = re.compile(
    r"\s*(?:percentage points?|per ?cent|pct|个百分点|個百分點|百分点|%|‰|"
    r"微克/立方米|μg/m3|ug/m³|μg/m³|立方米|立方メートル|cubic met(?:er|re)s|万千瓦时|千瓦时|万千瓦|千瓦|kilowatts|"
    r"元/人|美元|元|yuan|dollars|人次|人|名|people|persons|户|戶|家|个|個|所|件|项|座|万亩|亩|畝|公顷|"
    r"吨|噸|トン|tonnes|tons|公斤|斤|岁|歲|years? old|年)",
    re.IGNORECASE,
)


_STRUCTURE_RUN = re.compile(r"\d+(?:\.\d+)?(?:\s*[:：∶]\s*\d+(?:\.\d+)?)+")
_YEAR_NEXT = re.compile(
    r"[^,，;；。\d]{0,24}?(?:\b(?:in|by|for|at the end of|by the end of)\s+(?:19|20)\d\d\b|\((?:19|20)\d\d\))", re.I
)


def _unit_end(s: str, at: int) -> int:
    m = _UNIT_WORDS.match(s, at)
    return m.end() if m else at


def _value_in_unit(p: Printed, s: str, series: SeriesInfo) -> Decimal | None:
    """The printed number in the series' unit (exact), or None when the unit does not convert.
    A number printed without a multiplier or a unit (a table cell) is taken as it is."""
    if not p.scaled and unit_family_after(s[p.stop : p.stop + 16]) is None:
        return p.plain
    quantity = p.quantity
    if units.kind(series.unit) == "mass":  # the mass word printed (吨, 亿公斤, tonnes) converts in kg
        kg, _ = mass_after(s, p.stop)
        if kg is None:
            return None
        quantity *= kg
    factor = Decimal(f"{unit_size(series.unit):.0f}")
    return quantity / factor


def _unit_fits(series: SeriesInfo, s: str, p: Printed, known: bool) -> bool:
    """The unit printed after the number belongs to the series' unit family.  A number printed
    without a unit is read only for a series given by the user (as the validator reads it), or
    as a share in % when it is a part of an 'a:b:c' structure."""
    printed = unit_family_after(s[p.stop : p.stop + 32])
    if (
        printed is None
        and series.unit == "%"
        and structure_place(s[max(0, p.start - 40) : p.stop + 40], min(40, p.start)) is not None
    ):
        return True
    expected = units.printed_with(series.unit)
    if expected is None:
        # an index, a ratio, years: printed without a unit word of another family
        return printed is None or series.unit == "年"
    if printed is None:
        # a percentage is never printed with a multiplier ('$360 billion' is not 360000000000 %)
        return known and not (p.scaled and expected in ("pct", "pp"))
    return compatible_families(printed, expected)


def _subject(s: str, series: SeriesInfo, lo: int, at: int, blocked_before: int) -> tuple[int, int] | None:
    """Where the series' name is printed as the subject of the number at ``at``: its last
    occurrence before the number (not before ``blocked_before``), unless that one is inside a
    denominator ('占地区生产总值的比重': the whole, not the part; a share series whose own name
    says '占常住人口' aside) or qualified by a word the series' own name lacks (城镇常住人口 is
    not 常住人口).  (start, end) or None."""
    if series.pattern is None:
        return None
    found = list(series.pattern.finditer(s, blocked_before, at))
    if not found:
        return None
    m = found[-1]
    head = s[max(lo, m.start() - 24) : m.start()]
    head = head[max((head.rfind(c) for c in ",，、;；:：(（)）。"), default=-1) + 1 :]
    if subset_word(head, series.name):
        return None
    clause = s[clause_start(s, lo, m.start()) : m.start()]
    if series.measure != "share_pct" and _SHARE_OF.search(clause):
        return None
    return m.start(), m.end()


def _own_subject_start(s: str, lo: int, at: int, catalogue_pattern: re.Pattern) -> int:
    """Where the number's own clause chain starts: a clause before the number that prints a
    noun no series is named by (第一产业增加值, 出生人口) is the subject of what follows, and no
    series named further back is."""
    start = clause_start(s, lo, at)
    cut = start
    while True:
        text = s[cut:at]
        rest = _FILLER.sub("", catalogue_pattern.sub("", text))
        rest = _SHARE_TAIL.sub("", rest)
        if re.search(r"[\u3400-\u9fff]{2,}", rest) and not catalogue_pattern.search(text):
            return cut  # an unknown subject: nothing named before it is this number's subject
        if catalogue_pattern.search(text) or cut <= lo:
            return lo
        at = cut - 1
        cut = clause_start(s, lo, at)


_SHARE_TAIL = re.compile(r"(?:占|佔)[^,，;；。]*")
# a share printed as one: 占 ... 比重, 比例, 份额, share of, accounting for, proportion
_SHARE_WORD = re.compile(
    r"占|佔|比重|比例|份额|份額|之比|强度|強度"
    r"|\bintensity\b|\bratio of\b|\bshare\b|accounting for|accounted for|proportion|\bratio\b",
    re.I,
)
# a breakdown by area: what follows are parts, not the region's own total
_BY_AREA = re.compile(r"分区域|分區域|分地区|分地區|分市|分县|各市|各地市|by region|by province", re.I)


# --- reading a number as each candidate series ------------------------------------------------


@dataclass(frozen=True)
class Around:
    """The words around one printed number."""

    s: str
    lo: int  # the sentence
    hi: int
    clause_lo: int
    own: int  # where the number's own clause chain starts (a subject before it is not its subject)

    def clause_before(self, p: Printed) -> str:
        return self.s[self.clause_lo : p.start]

    def sentence_before(self, p: Printed) -> str:
        return self.s[self.lo : p.start]

    def clause_after(self, p: Printed) -> str:
        return self.s[p.end : clause_end(self.s, p.stop, self.hi)]

    def near_before(self, p: Printed) -> str:
        return self.s[max(self.lo, p.start - 24) : p.start]


def around(s: str, sentences, p: Printed, union, known: bool) -> Around:
    lo, hi = sentence_of(sentences, p.start)
    own = lo if known else _own_subject_start(s, lo, p.start, union)
    return Around(s, lo, hi, clause_start(s, lo, p.start), own)


def read_as(norm: Normal, a: Around, p: Printed, series: SeriesInfo, year: int, known: bool) -> Reading | str:
    """The number ``p`` read as the value of ``series``, or why it is not.  Knowing the series
    (``known``), a doubt about how it is printed is a review reason instead."""
    value = _value_of(norm.s, a, p, series, known)
    if isinstance(value, str):
        return value
    subject = _placed(a, p, series, known)
    if isinstance(subject, str):
        return subject
    doubts = _doubts(a, p, series)
    if doubts and not known:
        return doubts[0]
    basis, unmarked, why = _basis(a, p, series)
    if why:
        return why
    dated = _dated(a, p, year)
    if isinstance(dated, str):
        return dated
    tied, vintage, reasons = dated
    note, more = _qualified(norm, a, p, value)
    return Reading(
        series,
        plain_text(value),
        tied or year,
        subject[0] if subject else -1,
        _snippet(a, p, subject),
        (*doubts, *more, *reasons),
        vintage,
        basis,
        note,
        unmarked,
        tied is None and _year_of(a, p) == year,
        _in_brackets(norm.s, a.lo, p.start),
    )


# a month or a day: '12月份', '17日' date a value, they are not one
_DATE_AFTER = re.compile(r"\s*(?:月份|月|日)")


def _value_of(s: str, a: Around, p: Printed, series: SeriesInfo, known: bool) -> Decimal | str:
    """The value in the series' unit, or why the number cannot be one (its unit, magnitude or
    the validator's reading rules)."""
    if _DATE_AFTER.match(s, p.end):
        return "a date (12月份, 17日), not a value"
    if not _unit_fits(series, s, p, known):
        return "printed with another unit"
    value = _value_in_unit(p, s, series)
    if value is None or value == 0:
        return "does not convert to the series' unit"
    converted = value != p.plain
    if converted and not p.scaled and value < 1 and unit_size(series.unit) > 1:
        return "a per-unit figure ('亩产623.5斤' is not 0.0000311675 万吨)"
    if series.measure == "share_pct" and series.unit == "%" and not 0 <= value <= 100:
        return "a share above 100 %"
    r = {"unit": series.unit, "series_id": series.id, "measure": series.measure, "year": None, "note": ""}
    return occurrence_problem(r, a.near_before(p), s[p.end : p.end + 32], magnitude=not converted) or value


def _placed(a: Around, p: Printed, series: SeriesInfo, known: bool) -> tuple[int, int] | str | None:
    """Where the series is named as the number's subject (None: not printed, for a known
    series), or why the number is another thing's value."""
    s = a.s
    subject = _subject(s, series, a.lo, p.start, a.own) or _listed_subject(a, p, series)
    if subject is None and not known:
        return "the series' name is not printed as the subject"
    if not known and _BY_AREA.search(s[_period_start(s, p.start) : p.start]):
        return "a part of the region (分区域看, 各市), not its total"
    return (
        _respectively_problem(a, p, series)
        or _structure_problem(a, p, series)
        or _base_year_problem(a, p, series)
        or subject
    )


def _year_of(a: Around, p: Printed) -> int | None:
    # a cell of a table quoted with its header is its column's year (validate reads it so too)
    return (
        quoted_table_year(a.s, p.start)
        or printed_year(a.near_before(p), a.s[p.end : p.end + 32])
        or _sentence_year(a, p)
    )


def _dated(a: Around, p: Printed, year: int) -> tuple[int | None, str, list[str]] | str:
    """(another year the number is tied to, the vintage it implies, review reasons), or why not:
    a later year's value is a plan or a forecast."""
    tied = _year_of(a, p)
    tied = tied if tied != year else None
    reasons, vintage = [], ""
    if tied is not None:
        if tied > year:
            return f"printed as the value of {tied}, a later year (a plan or a forecast)"
        reasons.append(f"printed as the value of {tied}, not {year}")
    if printed_as_forecast(a.clause_before(p)):
        vintage = "estimate"
        reasons.append("printed as a forecast or an expectation (estimate)")
    if re.search(r"修订|修正|核实|revised", a.clause_before(p) if tied is None else a.sentence_before(p), re.I):
        vintage = "revised"
    return tied, vintage, reasons


def _qualified(norm: Normal, a: Around, p: Printed, value: Decimal) -> tuple[str, list[str]]:
    """The note (a qualifier such as 超 or 约, a unit conversion) and its review reasons."""
    s = norm.s
    notes, reasons = [], []
    qualifier = printed_qualifier(s[max(a.lo, p.start - 6) : p.start], s[p.stop : p.stop + 8])
    if qualifier:
        reasons.append(f"printed as {qualifier} this value")
        notes.append(f"source says {qualifier} this value")
    if value != p.plain:
        notes.append(f"converted from {norm.original(p.start, _unit_end(s, p.stop)).strip()}")
    return "; ".join(notes), reasons


def _snippet(a: Around, p: Printed, subject) -> tuple[int, int]:
    """The shortest span that shows the value: from the series' name (or the clause) to the
    number with its unit, the whole 'a:b:c' structure, and a year printed right after it."""
    s = a.s
    start = _snippet_start(s, a.lo, subject[0] if subject else a.clause_lo)
    end = _unit_end(s, p.stop)
    whole = _STRUCTURE_RUN.match(s, p.start)
    if whole:
        end = max(end, whole.end())  # '2.9:38.6:58.5' as printed
    year_after = _YEAR_NEXT.match(s, end)
    if year_after:
        end = year_after.end()  # '832 million tonnes in 2016': the year belongs to the snippet
    return start, end


def _list_before(a: Around, p: Printed) -> str | None:
    """For a number of a '分别' list ('分别增长3.5%、6.1%和5.1%'): the words before the list's first
    number, which say what every number of the list is (增长: a change)."""
    before = a.sentence_before(p)
    found = list(re.finditer(r"分别|分別", before))
    if not found or re.search(r"[。;；,，]", before[found[-1].end() :]):
        return None
    first = re.search(r"\d", before[found[-1].end() :])
    return before[: found[-1].end() + first.start()] if first else None


def _sentence_year(a: Around, p: Printed) -> int | None:
    """The year printed earlier in the number's sentence ('2023年全省地区生产总值修订为85620亿元,
    三次产业结构为...'): the year of what the sentence prints, when its own clause prints none."""
    return printed_year(a.sentence_before(p), "")


def _listed_subject(a: Around, p: Printed, series: SeriesInfo) -> tuple[int, int] | None:
    """The series named by the item of a '分别' list at the number's place ('第一、二、三产业增加值
    分别为2586亿元、34783亿元和52762亿元': 34783 is 第二产业's), as (start, end) of the list."""
    listed = respectively_items(a.sentence_before(p))
    if not listed or series.pattern is None or _respectively_problem(a, p, series):
        return None
    items, _, head_start = listed
    if not any(series.pattern.search(item) for item in items):
        return None
    start = a.lo + head_start
    return start, start + 1


def _structure_problem(a: Around, p: Printed, series: SeriesInfo) -> str | None:
    """In an 'a:b:c' structure (三次产业结构为9.2:36.7:54.1) a sector's share is its own part."""
    place = structure_place(a.s[a.lo : a.hi], p.start - a.lo)
    if place is None:
        return None
    part = structure_part(series.name)
    if part is None:
        return "part of an 'a:b:c' structure"
    return None if part == place else f"part {place + 1} of an 'a:b:c' structure, the series is part {part + 1}"


def _base_year_problem(a: Around, p: Printed, series: SeriesInfo) -> str | None:
    """A change against a base year (a ``_vs2020`` series) is printed against that year."""
    wanted = base_year_of_series(series.id)
    if wanted is None:
        return None
    printed = printed_base_year(a.s[_period_start(a.s, p.start) : p.start][-60:])
    if printed != wanted:
        return f"not printed as a change against {wanted}"
    return None


def _in_brackets(s: str, lo: int, at: int) -> bool:
    before = s[lo:at]
    return before.count("(") > before.count(")") or before.count("（") > before.count("）")


def _respectively_problem(a: Around, p: Printed, series: SeriesInfo) -> str | None:
    """In a list read 'respectively' (A、B分别增长x%、y%) the number is the value of the item at
    its place (counted from the end when the list names fewer items than it prints numbers)."""
    listed = respectively_items(a.sentence_before(p))
    if not listed or series.pattern is None:
        return None
    items, k, _ = listed
    rest = a.s[p.stop : a.hi]
    rest = rest[: next((m.start() for m in re.finditer(r"[,，;；。]", rest)), len(rest))]
    total = k + 1 + len([m for m in re.finditer(r"(?<![\dA-Za-z])(?<!\d\.)\d+(?:\.\d+)?", rest)])
    place = k - max(total - len(items), 0)
    named = [i for i, item in enumerate(items) if series.pattern.search(item)]
    if not named or place in named:
        return None
    if not 0 <= place < len(items):
        return "an earlier number of a '分别' list"
    return f"printed for {items[place]!r} in a '分别' list, not for this series"


def _doubts(a: Around, p: Printed, series: SeriesInfo) -> list[str]:
    """What in the way the number is printed does not fit the series' measure."""
    out = []
    if re.match(r"\.\d", a.s[p.end : p.end + 2]):
        out.append("cells glued together by the text extraction: which digits are this number is a guess")
    pair = from_or_to(a.s[max(a.lo, p.start - 12) : p.start])
    if pair == "from":
        out.append("the first value of a from-to pair (an earlier year's value)")
    before = a.clause_before(p)
    before = _list_before(a, p) or before
    in_structure = structure_place(a.s[a.lo : a.hi], p.start - a.lo) is not None
    if series.measure == "share_pct" and series.shared_name and not _SHARE_WORD.search(before) and not in_structure:
        out.append("not printed as a share (占, 比重, share of)")
    fits, why = _measure_fits(series, before, a.s[p.end : p.end + 12])
    if not fits:
        out.append(why)
    period = sub_year_period(a.sentence_before(p), a.clause_after(p)) if series.change else None
    if period:
        out.append(f"printed for {period!r}, not the whole year")
    return out


def _basis(a: Around, p: Printed, series: SeriesInfo) -> tuple[str, bool, str]:
    """The price basis of a growth series' reading: (basis, unmarked, why not)."""
    if series.measure not in _GROWTH_BASIS:
        return "", False, ""
    wanted = _GROWTH_BASIS[series.measure]
    printed = printed_price_basis(a.clause_before(p), a.sentence_before(p), a.clause_after(p))
    if printed and printed != wanted:
        return "", False, f"printed as a {printed} growth rate, the series is {wanted}"
    if printed is None and printed_price_basis("", a.s[p.stop : a.hi], "") == wanted:
        return "", False, f"the sentence prints the {wanted} rate after this one"
    return wanted, printed is None, ""


def _measure_fits(series: SeriesInfo, clause_before: str, after: str) -> tuple[bool, str]:
    change = printed_as_change(clause_before, after)
    if series.change:
        if not change:
            return False, "not printed as a change (增长, grew ...)"
        if is_average_measure(series.measure) != printed_as_average(clause_before):
            return False, "an annual average" if printed_as_average(clause_before) else "not printed as an average"
    if is_cumulative_series(series.id) and not printed_as_cumulative(clause_before):
        return False, "not printed as a total over several years (累计)"
    return True, ""


def _period_start(s: str, at: int) -> int:
    """Where the sentence ending in a full stop (not a line break or a semicolon) starts."""
    return max(s.rfind(c, 0, at) for c in "。！？!?") + 1


def _snippet_start(s: str, lo: int, start: int) -> int:
    """Start the snippet at its clause when the clause opens with a few words before the name
    ('全年全市地区生产总值'), so that the year or the place the clause prints is shown too."""
    clause = clause_start(s, lo, start)
    return clause if start - clause <= 12 else start

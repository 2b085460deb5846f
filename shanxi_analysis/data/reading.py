"""Is a number printed in the evidence the value of the thing measured?

``value_in_evidence`` (in :mod:`.provenance.observations`) only asks whether the number is printed.  A snippet
often prints several: '优良天数比例达到71.9%,同比增加8.3个百分点', '原煤产量11.93億噸,同比增加1.13億噸',
'由2015年的9454元增加到2020年的13878元', or a row of a statistics table.  Here each printed
occurrence of the value is read with the words around it, and it counts as a reading of the
series only when

* the unit printed after it belongs to the series' unit family (a share in % is not '8.3个百分点',
  a level in 元 is not '8.7%', a count is not '1.6 times');
* for a level, count or share, it is not printed as a change ('同比增加1.13億噸', 'an increase of
  2.3'; a level reached by a change, '提高到76.7岁' / 'increased ... to 8', is a level);
* it is not tied to another year ('2015年的9454元', '2.5 by the end of 2022' for a 2023 row);
* its multiplier is the unit's own ('1.37 billion tonnes' is not 1.37 亿吨, '34915616人' is not
  34915616 万人);
* it is not part of something else: a name ('5G', 'PM2.5'), a rank ('13th', '第3位'), a
  denominator ('per 1000 people'), an exponent or footnote mark ('×108', '[2]'), a fraction
  ('1/3'), a target ('控制在预期4.2%以内'), or, for a change series, a share ('占全国的27%');
* in a statistics-table row whose note names the column ("value from column '2021年'", "value =
  3rd data column"), it stands in that column.

Every rule is closed and small; ``OBSERVED_READING_RULES`` lists them for the docs and tests.
"""

from __future__ import annotations

import re

OBSERVED_READING_RULES = (
    "unit family",
    "multiplier",
    "change vs level",
    "another year's value",
    "table column",
    "not a value (a name such as 5G or PM2.5, a rank, a denominator, an exponent or footnote mark, "
    "a fraction, a target, a share for a change series)",
)

# Unit families of the words printed right after a number (after a multiplier such as 万 / billion).
_FAMILY_WORDS = (
    ("pp", r"个百分点|個百分點|百分点|百分點|percentage points?|pp\b|ppt\b"),
    ("pct", r"%|％|percent\b|per cent\b|pct\b"),
    ("times", r"倍|times\b|-?fold\b"),
    ("money", r"元|yuan\b|dollars?\b|美元|円|rmb\b"),
    ("people", r"人次|人|persons?\b|people\b|名"),
    ("mass", r"吨|噸|tonnes?\b|tons?\b|metric tons?\b|公斤|斤|kg\b|kilograms?\b|トン"),
    ("age", r"岁|歲|years? old\b"),
    ("area", r"亩|畝|公顷|公頃|hectares?\b"),
    ("concentration", r"微克|μg|µg|ug/|micrograms?\b"),
    ("volume", r"立方米|立方メートル|cubic met"),
    ("power", r"千瓦|万千瓦|kw\b|kilowatts?\b|gw\b|mw\b"),
    ("count", r"个|個|家|户|戶|座|所|项|項|件|base stations?\b|enterprises?\b|universit|laborator"),
)
# the family of each observed unit (units absent here, e.g. an index or a ratio, are not checked)
UNIT_FAMILY = {
    "%": "pct",
    "百分点": "pp",
    "亿元": "money",
    "元": "money",
    "元/人": "money",
    "万人": "people",
    "人": "people",
    "万人次": "people",
    "亿吨": "mass",
    "万吨": "mass",
    "岁": "age",
    "万亩": "area",
    "μg/m3": "concentration",
    "亿立方米": "volume",
    "个": "count",
    "户": "count",
    "件": "count",
    "所": "count",
    "万户": "count",
    "个/万人": "count",
}
# families that name the same kind of thing (households and persons are both counted heads)
_SAME_KIND = {frozenset({"people", "count"})}

# A change printed right before the number ('同比增加', 'an increase of', 'rose by'); a level
# reached by a change ends in 至 / 到 / 达 / 为 / to / reached and is a level.
_CHANGE_BEFORE = re.compile(
    r"(?:增加|增长|增長|提高|提升|下降|减少|減少|降低|增产|增產|减产|減產|回落|上升|加快|放缓|"
    r"\bup\b|increase of|increased by|increase by|rose by|grew by|fell by|dropped by|declined by|drop of|"
    r"up by|down by|an increase of|a decrease of|higher by|lower by)\s*(?:了)?\s*$",
    re.IGNORECASE,
)
_LEVEL_MARK_BEFORE = re.compile(r"(?:至|到|达|達|为|為|\bto|reached|at)\s*$", re.IGNORECASE)
_LEVEL_MEASURES = {"level", "count", "share_pct"}
# series stored as a level measure but holding a change (their ids say so)
_CHANGE_SERIES = re.compile(r"(?:^|_)(?:change|yoy)(?:_|$)")

# A year tied to the number: '2015年的9454元', 'in 2022, 2.5', '2.5 by the end of 2022'.
_YEAR_BEFORE = re.compile(
    r"((?:19|20)\d\d)\s*年\s*(?:的|末|底|为|為)?\s*$|(?:\bin|end of|end-)\s*((?:19|20)\d\d)\s*,?\s*$", re.IGNORECASE
)
_YEAR_AFTER = re.compile(
    r"^\s*(?:[^\s\d,;，；。]{0,8}\s*)?(?:by the end of|at the end of|by end-?|in|by)\s+((?:19|20)\d\d)\b", re.IGNORECASE
)

# A statistics-table row: the note names the header and the column the value was taken from.
_HEADER = re.compile(r"header:.*?/\s*地区\s*,(.*?)(?:;|$)")
_NAMED_COLUMN = re.compile(
    r"value (?:taken )?from column '([^']+)'|value = [^;(]*?\(?(first|second|third|\d+)(?:st|nd|rd|th)? data column"
)
_ORDINALS = {"first": 1, "second": 2, "third": 3}


# Multipliers written after a number, longest first (also read by provenance's number parser).
MULTIPLIERS = (
    ("万亿", 1e12),
    ("千万", 1e7),
    ("百万", 1e6),
    ("兆", 1e12),
    ("亿", 1e8),
    ("億", 1e8),
    ("万", 1e4),
    ("萬", 1e4),
    ("千", 1e3),
    ("trillion", 1e12),
    ("billion", 1e9),
    ("million", 1e6),
    ("bn", 1e9),
)
# what a number is when the words around it say so (checked on the text just before / after it)
_NOT_A_VALUE = (
    (re.compile(r"[A-Za-z_]$"), None, "part of a name (such as PM2.5)"),
    (None, re.compile(r"^(?:st|nd|rd|th)\b|^\s*位"), "a rank"),
    (re.compile(r"第\s*$"), None, "a rank"),
    (re.compile(r"(?:\bper|\bevery|每|/)\s*$", re.IGNORECASE), None, "a denominator"),
    (re.compile(r"[×^]\s*$|\[$"), None, "an exponent or a footnote mark"),
    (re.compile(r"\d/$"), re.compile(r"^/\d"), "part of a fraction"),
    # 预期寿命 is life expectancy, not an expectation
    (
        re.compile(r"(?:(?:预期|預期)(?!寿|壽)|目标|目標|控制在|target|goal)\S{0,4}\s*$", re.IGNORECASE),
        None,
        "a target, not an outcome",
    ),
)
_SHARE_BEFORE = re.compile(r"(?:占|佔)[^,，;；]{0,12}$|accounting for\s*$|share of\s*$", re.IGNORECASE)


def multiplier_after(text_after: str) -> float | None:
    """The multiplier word printed right after a number ('億', 'billion'), or None."""
    rest = text_after.lstrip(" ").lower()
    for word, factor in MULTIPLIERS:
        if rest.startswith(word):
            return factor
    return None


def unit_prefix(unit: str) -> float:
    """The multiplier a unit carries in front: 亿元 1e8, 万人 1e4, 元 / % / 个/万人 1."""
    return 1e8 if unit.startswith("亿") else 1e4 if unit.startswith("万") else 1.0


def unit_family_after(text_after: str) -> str | None:
    """The unit family printed right after a number, or None when no unit word follows."""
    rest = text_after.lstrip(" ")
    word = next((w for w, _ in MULTIPLIERS if rest.lower().startswith(w)), "")
    rest = rest[len(word) :].lstrip(" ")
    for family, pattern in _FAMILY_WORDS:
        if re.match(pattern, rest, flags=re.IGNORECASE):
            return family
    return None


def _compatible(printed: str | None, expected: str | None) -> bool:
    if printed is None or expected is None or printed == expected:
        return True
    return frozenset({printed, expected}) in _SAME_KIND


def is_change_series(series_id: str, measure: str) -> bool:
    return measure not in _LEVEL_MEASURES or bool(_CHANGE_SERIES.search(series_id or ""))


def occurrence_problem(r: dict, before: str, after: str) -> str | None:  # noqa: C901
    """Why the occurrence of the value with ``before`` / ``after`` text is not a reading of the
    row's series, or None when it is."""
    for before_pattern, after_pattern, what in _NOT_A_VALUE:
        if (before_pattern and before_pattern.search(before)) or (after_pattern and after_pattern.search(after)):
            return f"printed as {what}"
    if re.match(r"[A-Za-z]", after) and unit_family_after(after) is None and multiplier_after(after) is None:
        return "printed as part of a name (such as 5G)"
    printed = unit_family_after(after)
    expected = UNIT_FAMILY.get(r["unit"])
    if not _compatible(printed, expected):
        return f"printed with a {printed} unit, the series is in {r['unit']}"
    multiplier = multiplier_after(after)
    if multiplier is not None and multiplier != unit_prefix(r["unit"]):
        return f"printed with a multiplier that is not the unit's ({r['unit']}): a different magnitude"
    if multiplier is None and printed is not None and unit_prefix(r["unit"]) != 1.0:
        return f"printed in single units, the series is in {r['unit']}"
    if is_change_series(r["series_id"], r["measure"]) and _SHARE_BEFORE.search(before):
        return "printed as a share, the series is a change"
    if (
        not is_change_series(r["series_id"], r["measure"])
        and _CHANGE_BEFORE.search(before)
        and not _LEVEL_MARK_BEFORE.search(before)
    ):
        return "printed as a change, the series is a level"
    year = _YEAR_BEFORE.search(before) or _YEAR_AFTER.match(after)
    if year and r["year"] is not None:
        tied = int(year.group(1) or year.group(2)) if year.re is _YEAR_BEFORE else int(year.group(1))
        if tied != r["year"]:
            return f"printed as the value of {tied}, the row is {r['year']}"
    return None


def table_column_problem(r: dict, evidence: str) -> str | None:
    """For a statistics-table row whose note gives the header and the column, the value must be
    the cell in that column (the first cell is the region)."""
    note = r["note"] or ""
    column = _NAMED_COLUMN.search(note)
    if not column or not re.match(r"\s*(?:山西省|山 西|Shanxi)\s*,", evidence):
        return None
    cells = [c.strip() for c in evidence.split(",")]
    if column.group(1):
        header = _HEADER.search(note)
        if not header:
            return None
        names = [h.strip() for h in header.group(1).split(",")]
        if column.group(1) not in names:
            return f"the note's column {column.group(1)!r} is not in the header it quotes"
        index = names.index(column.group(1)) + 1
    else:
        word = column.group(2)
        index = _ORDINALS.get(word) or int(word)
    if index >= len(cells):
        return None  # the row is cut before that column (the snippet ends with '…')
    cell = cells[index]
    try:
        same = float(cell) == abs(r["value"])
    except ValueError:
        return f"the cell in that column is {cell!r}, not a number"
    return None if same else f"the note says the value is in column {index} of the row, which holds {cell!r}"

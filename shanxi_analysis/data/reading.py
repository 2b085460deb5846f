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

from . import units

OBSERVED_READING_RULES = (
    "unit family",
    "multiplier",
    "change vs level",
    "another year's value",
    "table column",
    "not a value (a name such as 5G or PM2.5, a rank, a denominator, an exponent or footnote mark, "
    "a fraction, a target, a share for a change series)",
)

# Unit families of the words printed right after a number (after a multiplier such as 万 / billion);
# the registry says which family each unit is printed with (units.csv's printed_with, units.printed_with).
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
# families that name the same kind of thing (households and persons are both counted heads)
_SAME_KIND = {frozenset({"people", "count"})}

# A change printed right before the number ('同比增加', 'an increase of', 'rose by'); a level
# reached by a change ends in 至 / 到 / 达 / 为 / to / reached and is a level.
_CHANGE_BEFORE = re.compile(
    r"(?:增加|增长|增長|提高|提升|下降|减少|減少|降低|增产|增產|减产|減產|回落|上升|加快|放缓|"
    r"\bup\b|increase of|increased by|increase by|rose by|grew by|fell by|dropped by|declined by|drop of|"
    r"up by|down by|an increase of|a decrease of|higher by|lower by|expanded by|expanded|\bgrew|\brose|growth of|"
    r"growth rate of|increased in added value by|a rise of|contracted by|contracted|shrank|\bfell|\bdropped|"
    r"增速为|增速為|增速|增幅为|增幅|(?:增速|增幅)分别为|比上年增|同比增|缩小|縮小|扩大|擴大)\s*(?:了)?\s*$",
    re.IGNORECASE,
)
_LEVEL_MARK_BEFORE = re.compile(r"(?:至|到|达|達|为|為|\bto|reached|at)\s*$", re.IGNORECASE)
_LEVEL_MEASURES = {"level", "count", "share_pct"}
# series stored as a level measure but holding a change (their ids say so)
_CHANGE_SERIES = re.compile(r"(?:^|_)(?:change|yoy)(?:_|$)")

# A year tied to the number: '2015年的9454元', 'in 2022, 2.5', '2.5 by the end of 2022'.
_YEAR_BEFORE = re.compile(
    r"((?:19|20)\d\d)\s*年\s*(?:的|末|底|为|為|\(|（)?\s*$|(?:\bin|end of|end-)\s*((?:19|20)\d\d)\s*,?\s*$",
    re.IGNORECASE,
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
        re.compile(
            r"(?:(?:预期|預期)(?!寿|壽)|目标|目標|控制在|target|goal)\S{0,4}\s*$|"
            r"(?:target|goal)s?(?:\s+(?:of|at|is|was|around|about|set at)){1,3}\s*$",
            re.IGNORECASE,
        ),
        re.compile(r"^\s*(?:%|％|个百分点)?\s*的?(?:预期|預期|控制|年度|调控)?(?:目标|目標)"),
        "a target, not an outcome",
    ),
    (re.compile(r"(?:表|图|圖|附表|Table|Figure|Fig\.)\s*$"), None, "the number of a table or a figure"),
    (None, re.compile(r"^\s*(?:次産業|次产业|号|號|期|届|屆|轮|輪)"), "part of a name or an ordinal (2次産業)"),
    (re.compile(r"\"$"), re.compile(r'^"\s*:'), "a key of a data record"),
    (re.compile(r"(?:贡献率|貢獻率|contribution)[^,，;；。\d]{0,12}$", re.IGNORECASE), None, "a contribution rate"),
)
# Currencies: a money series in yuan is not a value printed in dollars or yen.
_OTHER_CURRENCY_BEFORE = re.compile(r"(?:\$|US\$|USD|美元|￥)\s*$")
_OTHER_CURRENCY_AFTER = re.compile(
    r"^\s*(?:[万億亿千百兆]|trillion|billion|million)*\s*(?:美元|円|日元|dollars?|U\.S\. dollars|USD|yen)", re.I
)
# Person-times are not persons ('350万人次' is not 350 万人)
_PERSON_TIMES = re.compile(r"^\s*(?:[万萬亿億])?\s*人次")
_SHARE_BEFORE = re.compile(r"(?:占|佔)[^,，;；]{0,12}$|accounting for\s*$|share of\s*$", re.IGNORECASE)


def multiplier_after(text_after: str) -> float | None:
    """The multiplier word printed right after a number ('億', 'billion'), or None."""
    rest = text_after.lstrip(" ").lower()
    for word, factor in MULTIPLIERS:
        if rest.startswith(word):
            return factor
    return None


def unit_family_after(text_after: str) -> str | None:
    """The unit family printed right after a number, or None when no unit word follows."""
    rest = text_after.lstrip(" ")
    word = next((w for w, _ in MULTIPLIERS if rest.lower().startswith(w)), "")
    rest = rest[len(word) :].lstrip(" ")
    for family, pattern in _FAMILY_WORDS:
        if re.match(pattern, rest, flags=re.IGNORECASE):
            return family
    return None


def compatible_families(printed: str | None, expected: str | None) -> bool:
    """The unit words printed (a family of :data:`~.schema.UNIT_WORDS`) fit the series' family; a
    family not known on either side is not checked."""
    if printed is None or expected is None or printed == expected:
        return True
    return frozenset({printed, expected}) in _SAME_KIND


def is_change_series(series_id: str, measure: str) -> bool:
    return measure not in _LEVEL_MEASURES or bool(_CHANGE_SERIES.search(series_id or ""))


def occurrence_problem(r: dict, before: str, after: str, magnitude: bool = True) -> str | None:
    """Why the occurrence of the value with ``before`` / ``after`` text is not a reading of the
    row's series, or None when it is.  ``magnitude=False`` for a number read through an exact
    conversion ('134.9 trillion yuan' as 1349000 亿元): its multiplier is the conversion's, and
    the magnitude rules (multiplier, single units) do not apply."""
    return (
        _not_a_value_problem(before, after)
        or _unit_problem(r, after, magnitude, before)
        or _kind_problem(r, before)
        or _year_problem(r, before, after)
    )


def _not_a_value_problem(before: str, after: str) -> str | None:
    for before_pattern, after_pattern, what in _NOT_A_VALUE:
        if (before_pattern and before_pattern.search(before)) or (after_pattern and after_pattern.search(after)):
            return f"printed as {what}"
    if re.match(r"[A-Za-z]", after) and unit_family_after(after) is None and multiplier_after(after) is None:
        return "printed as part of a name (such as 5G)"
    return None


def _unit_problem(r: dict, after: str, magnitude: bool, before: str = "") -> str | None:
    printed = unit_family_after(after)
    expected = units.printed_with(r["unit"])
    if not compatible_families(printed, expected):
        return f"printed with a {printed} unit, the series is in {r['unit']}"
    if expected == "money" and (_OTHER_CURRENCY_BEFORE.search(before) or _OTHER_CURRENCY_AFTER.match(after)):
        return f"printed in another currency, the series is in {r['unit']}"
    if expected == "people" and "人次" not in r["unit"] and _PERSON_TIMES.match(after):
        return f"printed in person-times (人次), the series counts persons ({r['unit']})"
    if not magnitude:
        return None
    multiplier = multiplier_after(after)
    if multiplier is not None and multiplier != units.multiplier(r["unit"]):
        return f"printed with a multiplier that is not the unit's ({r['unit']}): a different magnitude"
    if multiplier is None and printed is not None and units.multiplier(r["unit"]) != 1.0:
        return f"printed in single units, the series is in {r['unit']}"
    return None


def _kind_problem(r: dict, before: str) -> str | None:
    change = is_change_series(r["series_id"], r["measure"])
    if change and _SHARE_BEFORE.search(before):
        return "printed as a share, the series is a change"
    if not change and _CHANGE_BEFORE.search(before) and not _LEVEL_MARK_BEFORE.search(before):
        return "printed as a change, the series is a level"
    return None


def _year_problem(r: dict, before: str, after: str) -> str | None:
    tied = printed_year(before, after)
    if tied is not None and r["year"] is not None and tied != r["year"]:
        return f"printed as the value of {tied}, the row is {r['year']}"
    return None


# A year at the head of the clause names the year of what it prints ('2023年全省地区生产总值修订为
# 85620亿元'), unless it is a comparison base ('比2020年', '较2020年改善19.6%') or a start ('由2015年').
_CLAUSE_YEAR = re.compile(r"(?<![比较較与與从從由自到至])((?:19|20)\d\d)\s*年(?!的|以来|至|到|[-—~])")
_NOT_THE_YEAR_AFTER = re.compile(r"^[^,，;；。]*?(?:相比|比较|以来)")


def printed_year(before: str, after: str) -> int | None:
    """The year the text ties a number to, when it prints one: right before it ('2015年的9454元',
    'in 2022, 2.5'), right after it ('2.5 by the end of 2022'), or at the head of its clause
    ('2023年全省地区生产总值修订为85620亿元'); None when it prints none."""
    year = _YEAR_BEFORE.search(before)
    if year:
        return int(year.group(1) or year.group(2))
    year = _YEAR_AFTER.match(after)
    if year:
        return int(year.group(1))
    heads = [m for m in _CLAUSE_YEAR.finditer(before) if not _NOT_THE_YEAR_AFTER.match(before[m.end() :])]
    return int(heads[-1].group(1)) if heads else None


# A table quoted with its header: '地区,2024年,2023年,... / 山西省,32441,30924,...' (cells split by
# commas, or the header by '|' and the row by spaces: '地 区 | 2024年R&D经费 | ... / 山 西 311.8 1.22').
_TABLE = re.compile(r"^\s*(地\s*区\s*[,|].*?)\s+/\s+((?:山西省|山\s*西|Shanxi).*)$")
_REGION = re.compile(r"^\s*(?:山西省|山\s*西|Shanxi)\s*,?")


def _quoted_table(evidence: str) -> tuple[list[str], list[str]] | None:
    """The header cells and the row cells of a table quoted with its header, aligned (the first
    cell of each is the region's column), or None."""
    m = _TABLE.match(evidence)
    if not m:
        return None
    header = [h.strip() for h in re.split(r"[,|]", m.group(1))]
    row = _REGION.sub("", m.group(2).split("[")[0])
    cells = [c.strip() for c in row.split(",")] if "," in row else row.split()
    return header, ["region", *cells]


def quoted_table_year(text: str, at: int) -> int | None:
    """The year of the column the number at ``at`` stands in, when ``text`` quotes a table with its
    header ('地区,2024年,2023年 / 山西省,32441,30924': 30924 is 2023's), else None."""
    m = _TABLE.match(text)
    if not m or at < m.start(2):
        return None
    row = text[m.start(2) : at]
    region = _REGION.match(row)
    rest = row[region.end() :] if region else row
    index = rest.count(",") + 1 if "," in text[m.start(2) :] else len(rest.split()) + 1
    header = [h.strip() for h in re.split(r"[,|]", m.group(1))]
    if index >= len(header):
        return None
    year = re.search(r"((?:19|20)\d\d)年", header[index].replace(" ", ""))
    return int(year.group(1)) if year else None


def _year_column_problem(r: dict, evidence: str) -> str | None:
    """In a table quoted with its header, the value stands in a column whose header names the
    row's year: the header, not a note, ties the value to its year."""
    table = _quoted_table(evidence)
    if table is None or r["year"] is None or r["value"] is None:
        return None
    header, cells = table
    columns = [i for i, h in enumerate(header) if f"{r['year']}年" in h.replace(" ", "")]
    if not columns:
        return f"the quoted header prints no column for {r['year']} ({', '.join(header[1:6])} ...)"
    held = [cells[i] for i in columns if i < len(cells)]
    if not held:
        return None  # the row is cut before that column (the snippet ends with '…')
    if any(_same_cell(c, r["value"]) for c in held):
        return None
    return f"the {r['year']} column of the quoted table holds {held[0]!r}"


def _same_cell(cell: str, value: float) -> bool:
    try:
        return float(cell) == abs(value)
    except ValueError:
        return False


def table_column_problem(r: dict, evidence: str) -> str | None:
    """For a statistics-table row, the value must be the cell of its column: the column of the
    row's year when the evidence quotes the table's header, and the column the note names (a
    constraint, never evidence) when it does (the first cell is the region)."""
    problem = _year_column_problem(r, evidence)
    if problem:
        return problem
    note = r["note"] or ""
    column = _NAMED_COLUMN.search(note)
    row = evidence.split(" / ", 1)[1] if _TABLE.match(evidence) else evidence
    if not column or not re.match(r"\s*(?:山西省|山 西|Shanxi)\s*,", row):
        return None
    cells = [c.strip() for c in row.split(",")]
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


# --- readings that intake proposes from and validate checks ------------------------------------
#
# Intake (``data.intake``) turns these rules around: it proposes as a series' value only a number
# that every rule above accepts, and it uses the rules below to tell which series a number is
# the value of (a level, a growth, an average, a cumulative total, real or nominal).

# A change printed right after the number (Japanese: '5・1%増', '3・3%減').
_CHANGE_AFTER = re.compile(r"^\s*(?:%|％|percent|per cent)?\s*(?:増|減|増加|減少)")
# Words that make a growth an annual average over a period.
_AVERAGE_BEFORE = re.compile(r"年均|年平均|平均每年|average annual|annual average|averag(?:e|ed|ing)\b", re.IGNORECASE)
# Words that make a value a total over several years.
_CUMULATIVE_BEFORE = re.compile(
    r"累计|累計|五年|十[一二三四五六]五|cumulative|in total over|over the past five years|five-year", re.IGNORECASE
)
_CUMULATIVE_SERIES = re.compile(r"(?:^|_)cum\d*(?:_|$)")
_AVERAGE_MEASURES = {"avg_growth_real_pct", "avg_growth_nominal_pct"}
# A period shorter than the year: a growth of a month or a quarter is not the year's.
_SUB_YEAR = re.compile(
    r"[一二三四1-4]季度|上半年|下半年|前三季度|\d{1,2}\s*[-—~至]\s*\d{1,2}\s*月|(?<!\d)\d{1,2}\s*月(?!末|底)|"
    r"\b(?:first|second|third|fourth|last)\s+quarter\b|\bquarter\b|\bfirst\s+\w+\s+months\b|\bmonth\b|"
    r"\bin\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
# Words that make a value a forecast or a plan, not an outcome.
_FORECAST_BEFORE = re.compile(
    r"预计|預計|预期将|将达到|將達到|有望|\bexpected to\b|\blikely to\b|\bforecast|\bprojected\b|\bwill\b",
    re.IGNORECASE,
)
# Qualifiers that make a printed value a bound or an approximation (kept in the note).
_QUALIFIER_BEFORE = (
    (re.compile(r"(?:超过|超過|逾|超|突破|more than|over|above|exceed(?:ed|ing)?)\s*$", re.IGNORECASE), "more than"),
    (re.compile(r"(?:约|約|近|大约|nearly|about|around|approximately|some)\s*$", re.IGNORECASE), "about"),
    (re.compile(r"(?:不到|不足|less than|under|below)\s*$", re.IGNORECASE), "less than"),
)
_QUALIFIER_AFTER = (
    (re.compile(r"^[^,，;；。\d]{0,6}?(?:以上|多)"), "more than"),
    (re.compile(r"^[^,，;；。\d]{0,6}?左右"), "about"),
    (re.compile(r"^[^,，;；。\d]{0,6}?(?:以下|以内|以內)"), "less than"),
)
# Price-basis words: a real (constant-price) or a nominal (current-price) growth.
_REAL_BASIS = re.compile(
    r"实际|實際|不变价|不變價|可比价|可比價|扣除价格因素|扣除價格因素|\breal\b|in real terms|constant prices|"
    r"comparable prices|deduct\w* (?:of )?price factors|adjusted for inflation",
    re.IGNORECASE,
)
_NOMINAL_BASIS = re.compile(r"名义|名義|现价|現價|current prices|\bnominal", re.IGNORECASE)
# Words printed before a series' name that make it a part of the thing (城镇常住人口 is not 常住人口,
# 人均地区生产总值 is not 地区生产总值): a series takes them only when its own name prints them.
SUBSET_WORDS = (
    "城镇",
    "城鎮",
    "农村",
    "農村",
    "乡村",
    "城乡",
    "城鄉",
    "男性",
    "女性",
    "人均",
    "中位数",
    "中位數",
    "规模以上",
    "規模以上",
    "规上",
    "median",
    "urban",
    "rural",
    "per capita",
)
# Evidence terms that do not name a thing (a unit, a verb, a document): they confirm a snippet
# but never make a number the value of a series.
_GENERIC_TERMS = re.compile(
    r"^(?:产量|產量|企业|增长|increased|increase of|growth rate|added value|coverage rate|gas|statistics|"
    r"统计公报|経済統計|分省年度数据|energy revolution|缩小|縮小|year)$",
    re.IGNORECASE,
)


def naming_terms(terms) -> list[str]:
    """The evidence terms that name what a series measures: not punctuation or a table cell
    (':', '山西省,'), not a count with its unit ('6834家'), not a unit ('亿吨', '岁', 'million'),
    not a basis or change word ('实际增长'), not a document ('统计公报'), not a generic noun ('产量')."""
    out = []
    for term in terms:
        t = term.strip()
        if not re.search(r"[A-Za-z\u3400-\u9fff\u3040-\u30ff]", t) or re.search(r"[,，:：]", t):
            continue
        if re.fullmatch(r"\d+\D{1,2}", t) or _GENERIC_TERMS.match(t):
            continue
        if (unit_family_after(t) is not None or multiplier_after(t) is not None) and len(t) <= 12:
            continue
        if _REAL_BASIS.search(t) or _NOMINAL_BASIS.search(t):
            continue
        out.append(t)
    return out


def printed_as_change(before: str, after: str) -> bool:
    """True if the number is printed as a change: a change word right before it ('比上年增长',
    'grew by') and not a level reached by it ('提高到'), or a change mark right after it ('5・1%増')."""
    change = _CHANGE_BEFORE.search(before)
    # '增速为5.4%' is a change although it ends with 为 ('提高到76.7岁' is a level)
    by_rate = change and re.search(r"(?:增速|增幅)\S{0,3}$", change.group())
    return bool((change and (by_rate or not _LEVEL_MARK_BEFORE.search(before))) or _CHANGE_AFTER.match(after))


def is_average_measure(measure: str) -> bool:
    return measure in _AVERAGE_MEASURES


def is_cumulative_series(series_id: str) -> bool:
    return bool(_CUMULATIVE_SERIES.search(series_id or ""))


def printed_as_average(clause_before: str) -> bool:
    """True if the clause prints the growth as an annual average over a period (年均增长)."""
    return bool(_AVERAGE_BEFORE.search(clause_before))


def printed_as_cumulative(clause_before: str) -> bool:
    """True if the clause prints the value as a total over several years (累计, 五年, 十四五)."""
    return bool(_CUMULATIVE_BEFORE.search(clause_before))


def sub_year_period(clause_before: str, clause_after: str) -> str | None:
    """The month or quarter a number is printed for ('一季度', 'in December'), or None."""
    m = _SUB_YEAR.search(clause_before) or _SUB_YEAR.search(clause_after)
    return m.group().strip() if m else None


def printed_as_forecast(clause_before: str) -> bool:
    """True if the clause prints the value as a forecast or an expectation (预计, expected to)."""
    return bool(_FORECAST_BEFORE.search(clause_before))


def printed_qualifier(before: str, after: str) -> str | None:
    """'more than', 'about' or 'less than' when a qualifier is printed next to the number
    (超13亿吨, 约65亿吨, 6%以上, nearly 1.4 billion), else None."""
    for pattern, what in _QUALIFIER_BEFORE:
        if pattern.search(before):
            return what
    for pattern, what in _QUALIFIER_AFTER:
        if pattern.match(after):
            return what
    return None


def printed_price_basis(clause_before: str, sentence_before: str, clause_after: str) -> str | None:
    """'real' or 'nominal' as the text prints it for a growth rate, else None.

    English prints the basis after the number ('up 5.3 percent in nominal terms'), Chinese right
    before it ('名义增长9.1%', '实际增长8.1%') or at the head of the sentence ('按不变价格计算,
    比上年增长2.3%'): the clause after the number is read first, then the clause before it, then the
    sentence before it."""
    for text, last in ((clause_after, False), (clause_before, True), (sentence_before, True)):
        found = sorted(
            [(m.start(), "real") for m in _REAL_BASIS.finditer(text)]
            + [(m.start(), "nominal") for m in _NOMINAL_BASIS.finditer(text)]
        )
        if found:
            return found[-1][1] if last else found[0][1]
    return None


# the Chinese word a series' name prints for an English subset word
_SUBSET_EQUIVALENT = {"median": "中位数", "urban": "城镇", "rural": "农村", "per capita": "人均"}


def subset_word(noun_before: str, name: str) -> str | None:
    """A word of ``SUBSET_WORDS`` printed in the noun phrase right before a series' term that
    the series' own name (``name``: its description) does not print, or None."""
    folded = name.replace("规上", "规模以上").replace("-", " ").lower()
    noun_before = noun_before.replace("-", " ")
    for word in SUBSET_WORDS:
        if word.lower() not in noun_before.lower():
            continue
        own = _SUBSET_EQUIVALENT.get(word, word).replace("规上", "规模以上").lower()
        if own not in folded and word.lower() not in folded:
            return word
    return None


# A list read 'respectively' (A、B分别增长x%、y%): the k-th number is the k-th item's value.
_RESPECTIVELY = re.compile(r"分别|分別")
_LIST_END = re.compile(r"[,，;；:：。]")
_ITEM_SPLIT = re.compile(r"、|和|与|與|及")
_LIST_NUMBER = re.compile(r"(?<![\dA-Za-z])(?<!\d\.)\d+(?:\.\d+)?")  # not the 3 of 'm3'

# compound heads that name two items: 城乡居民 = 城镇居民, 农村居民 (in that order)
_COMPOUNDS = (("城乡", ("城镇", "农村")), ("城鄉", ("城鎮", "農村")))


def respectively_items(before: str) -> tuple[list[str], int, int] | None:
    """For a number printed after '分别' (``before``: its sentence up to the number): the items the
    list names, in order, and the number's place among the numbers printed after '分别' (0 for
    the first), and where the list starts in ``before``.  None when the number is not in such a list.

    '第一、二、三产业增加值分别为...' names 第一产业, 第二产业, 第三产业; '城乡居民...分别增长4.6%和7.6%'
    names 城镇居民 and 农村居民."""
    found = list(_RESPECTIVELY.finditer(before))
    if not found or re.search(r"[。;；]", before[found[-1].end() :]):
        return None
    tail = before[found[-1].end() :]
    k = len([m for m in _LIST_NUMBER.finditer(tail) if not re.fullmatch(r"(?:19|20)\d\d", m.group())])
    # '...分别为2586亿元、34783亿元和52762亿元,分别增长3.5%、6.1%和5.1%': a second 分别 without a
    # list of its own reads the first one's
    for m in reversed(found):
        head = before[: m.start()]
        head_start = max((e.end() for e in _LIST_END.finditer(head)), default=0)
        head = head[head_start:]
        if re.search(r"[^\d.%、和与與及\s亿億万萬元]", head):
            break
    return _expanded(_list_items(head, before[:head_start])), k, head_start


def _list_items(head: str, earlier: str) -> list[str]:
    """The items a '分别' list names: those before it ('A、B分别'), else, for a bare head ('增速分别为'),
    the clauses before it, each by the words before its number ('第一产业增加值23.70亿元,第二...')."""
    items = [i for i in _ITEM_SPLIT.split(head) if i]
    if len(items) <= 1 and len(re.sub(r"[^\u4e00-\u9fff]", "", head)) <= 3:
        named = [re.split(r"\d", c)[0] for c in re.split(r"[,，]", earlier) if re.search(r"\d", c)]
        named = [n for n in named if re.search(r"[\u4e00-\u9fff]{2,}", n)]
        if len(named) >= 2:
            return named
    return items


def _expanded(items: list[str]) -> list[str]:
    """Items written in short: 第一、二、三产业 -> 第一产业, 第二产业, 第三产业; 城乡居民 -> 城镇居民, 农村居民."""
    ordinals = all(re.fullmatch(r"[一二三四五六七八九十]", i) for i in items[1:-1])
    last = re.match(r"([一二三四五六七八九十])(.*)", items[-1]) if items else None
    if len(items) > 1 and items[0].startswith("第") and ordinals and last:
        return [f"第{i.lstrip('第')}{last.group(2)}" for i in [*items[:-1], last.group(1)]]
    if len(items) == 1:
        for compound, parts in _COMPOUNDS:
            if compound in items[0]:
                return [items[0].replace(compound, part, 1) for part in parts]
    return items


# A structure printed as 'a:b:c' (三次产业结构为9.2:36.7:54.1): the parts in order.
_STRUCTURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?:\s*[:：∶]\s*\d+(?:\.\d+)?){2,}")
_PART_OF_THREE = (
    (re.compile(r"第一产业|第一產業|primary", re.IGNORECASE), 0),
    (re.compile(r"第二产业|第二產業|secondary", re.IGNORECASE), 1),
    (re.compile(r"第三产业|第三產業|tertiary|service", re.IGNORECASE), 2),
)


def structure_place(text: str, start: int) -> int | None:
    """The place (0, 1, 2 ...) of the number starting at ``start`` in an 'a:b:c' structure, or None."""
    for m in _STRUCTURE.finditer(text):
        if m.start() <= start < m.end():
            return len(re.findall(r"[:：∶]", text[m.start() : start]))
    return None


def structure_part(name: str) -> int | None:
    """Which part of the three-sector structure a series' name is (第二产业 is part 1), or None."""
    for pattern, place in _PART_OF_THREE:
        if pattern.search(name):
            return place
    return None


# A change against a base year: '较2020年改善19.6%', '与2022年相比...下降2.6%', 'versus 2020'.
_BASE_YEAR = re.compile(r"(?:比|较|較|与|與|相比|compared with|versus|vs\.?|than)\s*((?:19|20)\d\d)", re.IGNORECASE)
_SERIES_BASE_YEAR = re.compile(r"_vs((?:19|20)\d\d)(?:_|$)")


def base_year_of_series(series_id: str) -> int | None:
    """The base year a change series is measured against, as its id says (``_vs2020``)."""
    m = _SERIES_BASE_YEAR.search(series_id or "")
    return int(m.group(1)) if m else None


def printed_base_year(clause_before: str) -> int | None:
    """The base year the clause compares against ('较2020年'), the last one printed, or None."""
    found = _BASE_YEAR.findall(clause_before)
    return int(found[-1]) if found else None


# A pair printed from one value to another ('由9.52年提高至10.45年', 'from 15 percent ... to 29').
_FROM = re.compile(r"(?:由|从|從|\bfrom)\s*(?:(?:19|20)\d\d\s*年?\s*的?\s*)?$", re.IGNORECASE)
_TO = re.compile(r"(?:至|到|\bto)\s*(?:(?:19|20)\d\d\s*年?\s*的?\s*)?$", re.IGNORECASE)


def from_or_to(before: str) -> str | None:
    """'from' for the first value of a from-to pair, 'to' for the second, else None."""
    if _FROM.search(before):
        return "from"
    if _TO.search(before) and re.search(r"由|从|從|\bfrom\b", before, re.IGNORECASE):
        return "to"
    return None


def listed_names(text: str) -> list[str]:
    """The items of every '分别' list a text prints, with compound heads read out
    ('第一、二、三产业增加值分别为...' names 第二产业增加值; '城乡居民...分别' names 城镇居民 and 农村居民):
    a series named only that way is still named by the text."""
    out = []
    for m in _RESPECTIVELY.finditer(text):
        listed = respectively_items(text[: m.end()])
        if listed:
            out += listed[0]
    return out

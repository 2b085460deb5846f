"""Draft the register of quantified targets an outline prints in its body text (the columns of
``plan14_text_targets.csv``).

Each clause of the body text (the tables of main indicators and the review of the last period
left out) is read for what the register's README lists as a target: a number with its unit
(高新技术企业达到5000家, 5000—6000万千瓦, 50%以上), a count in Chinese numerals (十大产业集群,
百项), a multiple of the base (倍增, 翻番), breaking zero (破“零”), a water-quality class (Ⅲ类),
a fraction to cut (缩短2/3).  Its comparator, unit, range and years are read by the validator's
own readings of a register row (:mod:`..provenance.register`): ``printed_reading``,
``supported_target_years``, ``supported_base_years``; every draft row is then checked by
``text_target_provenance`` against the same text.

A number that is not a target is left out: a year, a period's name (十四五), a name (5G, PM2.5),
a rank (第3), an existing count (现有5个), an age or size that qualifies a noun (3岁以下婴幼儿),
the review of the last plan's results (a section on its 成就).  A clause without a word that
sets a target (达到, 突破, 打造, 力争, 以上 ...) is drafted with a review mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import units
from ..glyphs import read_glyphs
from ..provenance import Outline
from ..provenance.register import (
    breaks_zero,
    class_numbers,
    fractions_in,
    printed_reading,
    relative_multiples,
    sentence_of,
    supported_base_years,
    supported_target_years,
)

REGISTER_COLUMNS = (
    "id",
    "chapter",
    "section",
    "measure_zh",
    "measure_en",
    "phrase",
    "value",
    "unit",
    "target_year",
    "comparator",
    "target_kind",
    "source_line",
    "note",
)
_CHAPTER = re.compile(r"^[\s*#]*(第[一二三四五六七八九十百]+章)")
_SECTION = re.compile(r"^[\s*]*(第[一二三四五六七八九十]+节[\s\u3000]*\S.*?|专栏\s*\d+\s*\S.*?)[\s*]*$")
# sections that review the last period's results: their numbers are outcomes, not targets
_REVIEW = re.compile(r"成就|回顾|发展基础|实现情况")
_CLAUSE_END = re.compile(r"[,，;；。:：!！?？]")
_KIND = {"=": "level", ">=": "lower_bound", ">": "lower_bound", "<=": "upper_bound", "<": "upper_bound", "~": "approx"}
# the words that set a target in a clause
_TARGET_WORDS = re.compile(
    r"达到|达|突破|超过|力争|提高到|提升到|提高至|增加到|降到|降至|下降到|控制在|稳定在|保持在|建成|建设|新建|打造|培育|新增|实施|"
    r"形成|布局|创建|推广|攻克|实现|不低于|至少|以上|左右|以内|以下|确保|完成|累计|引进|遴选|争取|推进|支持|覆盖|"
    r"降低|下降|减少|提高|增长|低于|高于|"
    r"reach|at least|above|below"
)
_NOT_A_TARGET_BEFORE = re.compile(r"(?:现有|已有|已建|目前|第|PM|[A-Za-z])\s*$")
_EXISTING = re.compile(r"(?:现有|已有|已建成?|目前已?|截至\S*?)\s*(?:\d|[一二两三四五六七八九十百]+[个家所项大])")
_UNIT = re.compile(
    r"\s*(/10万|个百分点|个|家|所|项|件|人次|人|条|座|架|套|户|年|天|岁|倍|公里|万千瓦时|亿千瓦时|万千瓦|千瓦|万亩|亩|"
    r"万吨标准煤|亿吨标准煤|亿吨|万吨|吨|亿公斤|公斤|万亿斤|亿斤|万亿元|亿立方米|亿方|万美元|亿美元|美元|亿元|万元|元|"
    r"万户|万人|万座|万架|万套|%|‰)"
)
_NUMBER = re.compile(r"(?<![\d.A-Za-z])(\d+(?:\.\d+)?)(?:\s*[—–\-~～至到]\s*(\d+(?:\.\d+)?))?")
_CN_COUNT = re.compile(r"(?<![第])([一二两三四五六七八九十百千]+)(大|个|项|条|家|所|类)")
# a Chinese count of things listed before it ('A、B、C三大工程') names them, it sets no target
_ENUMERATED = re.compile(r"、[^、,，;；。]{1,12}(?:等)?$")
# programme names and effects are not targets (高新技术企业倍增计划, 倍增效应)
_PROGRAMME = re.compile(r"(?:倍增|翻番)(?:计划|行动|效应|工程)")
# clauses that frame what follows with existing things ('以14个...为重点', '依托...3个...城市')
_FRAMING = re.compile(r"^(?:以(?!及)|依托|围绕|在|发挥|充分发挥|立足|对|未来|结合)")
_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


@dataclass
class _Clause:
    text: str  # glyphs read, whitespace removed
    line: int  # the outline line where it starts
    chapter: str
    section: str


def _cn_value(s: str) -> int | None:
    if s == "十":
        return 10
    if s == "百":
        return 100
    if s == "千":
        return 1000
    if len(s) == 1:
        return _CN.get(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN.get(tens, 1) if tens else 1) * 10 + (_CN.get(ones, 0) if ones else 0)
    return None


class _Reader:
    """Walks the outline's lines: the running passage (each character with its line), the
    chapter and section it is in, and whether that section reviews the last period."""

    def __init__(self):
        self.chapter = self.section = ""
        self.in_review = False
        self.chars: list[tuple[str, int]] = []
        self.clauses: list[_Clause] = []

    def flush(self) -> None:
        """The running passage as clauses, split where a clause lists several targets."""
        text = "".join(c for c, _ in self.chars)
        at = 0
        for piece in _CLAUSE_END.split(text):
            for part, offset in _parts(piece) if piece else ():
                self.clauses.append(_Clause(part, self.chars[at + offset][1], self.chapter, self.section))
            at += len(piece) + 1
        self.chars.clear()

    def heading(self, raw: str) -> bool:
        """Read a heading or an annotation line (True), or nothing (False)."""
        chapter, section = _CHAPTER.match(raw), _SECTION.match(raw)
        if not (raw.startswith("#") or chapter or section):
            return False
        self.flush()
        if raw.startswith("#"):  # an annotation between excerpts: a new passage starts after it
            self.in_review = False
        elif chapter:
            self.chapter, self.section, self.in_review = chapter.group(1), "", False
        else:
            self.section = re.sub(r"\s+", " ", section.group(1).strip())
            self.in_review = bool(_REVIEW.search(self.section)) and self.section.startswith("第")
        return True


def _clauses(lines: list[str], skip: list[tuple[int, int]]) -> list[_Clause]:
    """The body text's clauses with the line each starts on, and its chapter and section.  A
    clause that lists several targets ('企业品牌50个、产品品牌200个') is split at 、 / 和 / 及 so
    that each target has its own phrase and line."""
    reader = _Reader()
    for i, raw in enumerate(lines, start=1):
        if any(a <= i <= b for a, b in skip):
            reader.flush()
        elif not reader.heading(raw) and not reader.in_review:
            reader.chars.extend((c, i) for c in re.sub(r"\s+", "", raw))
    reader.flush()
    return reader.clauses


_LIST_SPLIT = re.compile(r"、|和|及(?!以上)")
_COUNTED = re.compile(r"(?<![\d.A-Za-z])\d+(?:\.\d+)?|百项|十大")


def _parts(clause: str) -> list[tuple[str, int]]:
    """A clause split where it lists several numbered targets (each part prints a number), with
    each part's offset; a clause with one number or none stays whole."""
    if len(_COUNTED.findall(clause)) < 2 or relative_multiples(clause) or re.search(r"分别|分別", clause):
        return [(clause, 0)]
    parts, start = [], 0
    for m in _LIST_SPLIT.finditer(clause):
        parts.append((clause[start : m.start()], start))
        start = m.end()
    parts.append((clause[start:], start))
    numbered = [(p, o) for p, o in parts if _COUNTED.search(p)]
    if len(numbered) < 2:
        return [(clause, 0)]
    # a part without a number names an example of the next one ('推进大同煤矿区、平朔煤矿区等13个'): left out
    return numbered


def draft_register(text: str, base_year: int, target_year: int, skip: list[tuple[int, int]]) -> list[dict]:
    """Draft the register rows of an outline (``skip``: line ranges of its indicator tables)."""
    lines = read_glyphs(text).splitlines()
    outline = Outline(text)
    rows: list[dict] = []
    for clause in _clauses(lines, skip):
        targets = _targets(clause.text)
        for found, measure in _respectively(clause.text, targets):
            row = _register_row(clause, found, outline, base_year, target_year)
            if row:
                if measure:
                    row["measure_zh"] = measure
                rows.append(row)
    _ids(rows)
    return rows


def _targets(clause: str) -> list[tuple]:
    """(value text, unit, how it is printed, start) of each target a clause prints."""
    found = _numbered(clause) + _counted(clause) + _special(clause)
    return sorted(found, key=lambda t: t[3])


def _numbered(clause: str) -> list[tuple]:
    """Arabic numbers with their unit ('5000家', '5000—6000万千瓦', '12/10万'), not a year, a name
    (PM2.5, 5G), a rank, or a size that qualifies a noun (3岁以下婴幼儿, 120万吨/年及以上煤矿)."""
    out = []
    for m in _NUMBER.finditer(clause):
        unit = _UNIT.match(clause, m.end())
        if re.fullmatch(r"(?:19|20)\d\d", m.group(1)) and clause[m.end() : m.end() + 1] in ("年", "—", "-", ""):
            continue  # a year
        if not unit or _NOT_A_TARGET_BEFORE.search(clause[: m.start()]):
            continue
        after = clause[unit.end() :]
        if (unit.group(1) == "岁" and re.match(r"以[下上]", after)) or re.match(r"/年", after):
            continue
        printed_unit = "1/10万" if unit.group(1) == "/10万" else unit.group(1)
        out.append((m.group(1), printed_unit, "range" if m.group(2) else "", m.start()))
    return out


def _counted(clause: str) -> list[tuple]:
    """Counts in Chinese numerals that set a target: 十大/百项 not enumerating named things,
    三个“零”的突破, 至少一人."""
    out = []
    for m in _CN_COUNT.finditer(clause):
        value = _cn_value(m.group(1))
        quoted = clause[: m.start()].count("“") > clause[: m.start()].count("”")
        if value and re.match(r"[“\"]零", clause[m.end() :]):
            out.append((str(value), "个", "zeros", m.start()))  # 实现三个“零”的突破
        elif value in (10, 100, 1000) and not quoted and not _ENUMERATED.search(clause[: m.start()]):
            out.append((str(value), "个" if m.group(2) in ("大", "类") else m.group(2), "cn", m.start()))
    at_least = re.search(r"(?:至少|不少于)([一二两三四五六七八九十])(人|个|家|所)", clause)
    if at_least:
        out.append((str(_cn_value(at_least.group(1))), at_least.group(2), "cn", at_least.start(1)))
    return out


def _special(clause: str) -> list[tuple]:
    """Targets without a number of their own: a multiple of the base (倍增, 翻番), breaking zero
    (破“零”; 破零争5 is 5), a water-quality class (Ⅲ类), a fraction to cut (缩短2/3)."""
    out = []
    if relative_multiples(clause) and not _PROGRAMME.search(clause):
        for item, unit in _relative_items(clause):
            out.append((f"{relative_multiples(clause)[0]:g}", unit, "relative", clause.find(item)))
    strive = re.search(r"破[“\"]?零[”\"]?争(\d+)", clause)
    if strive:
        out.append((strive.group(1), "个", "cn", strive.start(1)))
    elif breaks_zero(clause):
        out.append(("1", "个", "zero", clause.find("零")))
    out += [(f"{value:g}", "类", "class", clause.find("类")) for value in class_numbers(clause)]
    for fraction in fractions_in(clause):
        if not re.match(r"万", clause[clause.find(fraction) + len(fraction) :]):  # '12/10万' is a rate
            out.append((fraction, units.of_kind("fraction"), "fraction", clause.find(fraction)))
    return out


def _respectively(clause: str, targets: list[tuple]) -> list[tuple[tuple, str]]:
    """A '分别' clause sets one target per item it lists ('婴儿死亡率、孕产妇死亡率分别下降到3.5‰、
    12/10万以下'; '氮氧化物、挥发性有机物排放量分别下降8%以上': both by 8 %): (target, item)."""
    cut = re.search(r"分别|分別", clause)
    if not cut or not targets:
        return [(t, "") for t in targets]
    items = [i for i in re.split(r"、|和|与|及", clause[: cut.start()]) if i]
    after = [t for t in targets if t[3] >= cut.end()]
    if len(items) < 2 or not after:
        return [(t, "") for t in targets]
    if len(after) == len(items):
        return [(t, item) for t, item in zip(after, items, strict=True)]
    if len(after) == 1:
        return [(after[0], item) for item in items]
    return [(t, "") for t in targets]


def _relative_items(clause: str) -> list[tuple[str, str]]:
    """The things a multiple of the base is set for ('外贸主体和进出口总额双翻番': two), each with
    the unit its name suggests (数量: 个, 总额: 亿元, 主体/企业: 家); a thing whose base is zero
    is still listed (the reviewer removes it)."""
    head = re.split(r"倍增|翻两番|翻一番|双翻番|翻番", clause)[0]
    head = re.sub(r"^.*?(?:到\d{4}年|力争|推动|实现|确保)", "", head)
    items = [i for i in re.split(r"、|和|与|及", head) if i] or [head]
    tail = re.search(r"(数量|总额|规模|收入|产值)$", items[-1])
    out = []
    for item in items:
        own = re.search(r"(数量|总额|规模|收入|产值|主体|企业)$", item)
        name = item if own or not tail else item + tail.group(1)
        unit = "亿元" if re.search(r"总额|收入|产值|规模", name) else "家" if re.search(r"主体|企业$", name) else "个"
        out.append((item, unit))
    return out


def _register_row(clause: _Clause, found, outline: Outline, base_year: int, target_year: int) -> dict | None:
    """The register row of one target of a clause, or None when the clause only names existing
    things ('现有5个', '以14个...为重点')."""
    value, unit, how, _ = found
    phrase = clause.text
    if _EXISTING.search(phrase):
        return None
    at = phrase.find(value) if value in phrase else len(phrase)
    if _FRAMING.search(phrase) and not _TARGET_WORDS.search(phrase[1 : max(at, 1)]):
        return None  # '以14个省级以上煤层气规划矿区为重点': existing things that frame the clause
    kind, comparator, reasons = _kind(how, value, phrase)
    if not _TARGET_WORDS.search(phrase):
        reasons.append("no word that sets a target (达到, 打造, 以上 ...): check it is a target")
    nearby = sentence_of(phrase, outline.joined(clause.line, 3, before=3))
    years = supported_target_years(phrase, nearby, target_year)
    if len(years) > 1:
        reasons.append(f"years printed: {', '.join(map(str, sorted(years)))}")
    note = ""
    if kind == "relative":  # the value is a multiple (倍), the quantity's own unit goes in the note
        base = sorted(supported_base_years(phrase, nearby, base_year))[0]
        note = f"base year {base}; a multiple of a quantity in {unit}"
        reasons.append(f"a multiple of the {base} level: the quantity's unit ({unit}) is read from its name")
        unit = units.of_kind("multiple")
    if kind == "level" and units.kind(unit) == "duration":
        reasons.append("a duration: check it is a target, not a policy parameter (a term, a transition period)")
    return {
        "id": "",
        "chapter": clause.chapter,
        "section": clause.section,
        "measure_zh": _measure(phrase, value, kind == "relative"),
        "measure_en": "",
        "phrase": phrase,
        "value": value,
        "unit": unit,
        "target_year": str(max(years) if years else target_year),
        "comparator": comparator,
        "target_kind": kind,
        "source_line": str(_line_of(outline, clause.line, phrase, value)),
        "note": note,
        "review": "; ".join(reasons),
    }


# how a target without a number of its own is read: (kind, comparator with 以上 / 或好于, without)
_SPECIAL_KINDS = {
    "relative": ("relative", ">=", "="),
    "fraction": ("relative_reduction", ">=", "="),
    "class": ("ordinal_class", "<=", "="),
    "zero": ("lower_bound", ">=", ">="),
}


def _kind(how: str, value: str, phrase: str) -> tuple[str, str, list[str]]:
    """(kind, comparator, review reasons) of a target as the phrase prints it: the register's
    readings for the special forms, the validator's ``printed_reading`` for a number."""
    if how in _SPECIAL_KINDS:
        kind, qualified, plain = _SPECIAL_KINDS[how]
        words = r"或好于|以上|优于" if how == "class" else r"以上"
        reasons = (
            ["a fraction of a base the outline does not print: check what the base is"] if how == "fraction" else []
        )
        return kind, qualified if re.search(words, phrase) else plain, reasons
    reasons = []
    if how == "zeros":
        reasons.append(
            "a count of 'breaking zero' targets: each is a lower bound of 1 of its own, and the count repeats them"
        )
    comparators, _ = printed_reading(float(value), phrase)
    range_printed = "range" in comparators or how == "range"
    comparator = "range" if range_printed else (sorted(comparators)[0] if comparators else "=")
    if len(comparators) > 1:
        reasons.append(f"the phrase prints the number with {', '.join(sorted(comparators))}")
    if how == "cn":
        reasons.append("a count in Chinese numerals: check it is a target, not a name")
    if re.search(r"[\u4e00-\u9fff]突破" + re.escape(value), phrase):
        reasons.append("突破 read as 'more than': check it is not part of the name (成果突破)")
    return ("range" if comparator == "range" else _KIND.get(comparator, "level")), comparator, reasons


def _line_of(outline: Outline, first: int, phrase: str, value: str) -> int:
    """The line where the phrase starts (the register's source_line): the first line from which
    the phrase is printed within the validator's window."""
    for line in range(first, first + 4):
        if phrase in outline.joined(line, 3):
            return line
    return first


def _measure(phrase: str, value: str, relative: bool = False) -> str:
    """What is measured, as the phrase names it: its words before the number (or before the
    multiple, 比2020年翻一番), without the leading and trailing verbs."""
    if relative:
        found = re.search(r"比\d{4}年|双?翻|倍增", phrase)
    else:
        found = re.search(rf"(?<![\d.]){re.escape(value)}(?![\d])", phrase)
    at = found.start() if found and found.start() > 0 else len(phrase)
    head = phrase[:at]
    head = re.sub(r"^.*?(?:到\d{4}年|力争|确保|推动|推进|全省|全市)", "", head)
    head = re.sub(r"^(?:为|在|使|让)", "", head)
    head = re.sub(
        r"(?:年均增长|下降到|下降至|降低到|降至|提高到|提升到|提高至|增加到|达到|达|突破|超过|低于|高于|控制在|稳定在|保持在|不低于|至少|为|下降|降低|提高|减少)$",
        "",
        head,
    )
    return head or phrase[:20]


def _ids(rows: list[dict]) -> None:
    """``T`` + the four-digit source line + a letter in order of appearance on that line."""
    seen: dict[str, int] = {}
    for r in rows:
        line = int(r["source_line"])
        k = seen.get(r["source_line"], 0)
        seen[r["source_line"]] = k + 1
        r["id"] = f"T{line:04d}{'abcdefghijklmnopqrstuvwxyz'[k % 26]}"

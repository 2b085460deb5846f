"""The body-text target register against the outline: each entry's phrase is printed verbatim
within a few lines of its ``source_line``, and its value, comparator, unit, target year and base
year are what the phrase prints, read according to the entry's kind (a relative multiple such as
倍增, a fraction, a water-quality class, 破“零”, a range)."""

from __future__ import annotations

import re
from pathlib import Path

from ...core.errors import DataError, Problem
from .. import units as unit_registry
from ..glyphs import read_glyphs
from ..printed import numbers_in
from ..schema import Plan, display_path
from ..units import allowed, is_count
from .common import Outline
from .translations import measure_problems

TEXT_TARGET_WINDOW = 3


def number_in_phrase(value: float, phrase: str) -> bool:
    return any(float(n) == value for n in numbers_in(phrase)) or any(
        abs(v - value) < 1e-9 for v in _chinese_numerals(phrase)
    )


_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_numerals(text: str) -> list[float]:
    """Small Chinese numerals (一 ... 九十九, and 百 / 千 as in 百项工程) printed in a phrase."""
    out = []
    for m in re.finditer(r"[一二两三四五六七八九十]+", text):
        s = m.group()
        if "十" in s:
            tens, _, ones = s.partition("十")
            value = (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
        elif len(s) == 1:
            value = _CN_DIGITS[s]
        else:
            continue
        out.append(float(value))
    out += [100.0 for _ in re.finditer("百", text)] + [1000.0 for _ in re.finditer("千", text)]
    return out


def known_units(plan: Plan) -> tuple[str, ...]:
    """The units a register row may take: the unit registry's units for the register (the
    registry beside the register file)."""
    return allowed("register", raw=plan.text_targets_path.parent)


# The register's kinds whose value is no amount, and the kind of unit it is written in (units.csv).
VALUE_UNIT_KINDS = {"relative": "multiple", "relative_reduction": "fraction", "milestone": "year"}

# A register entry that counts things (its measure is a 数量 / 个数) is in a unit of counted
# things (the unit registry's kind 'count'), whether or not the phrase prints one (十大); a
# multiple of a count (数量倍增) is a relative row, in 倍 (:data:`VALUE_UNIT_KINDS`).
_COUNTED = re.compile(r"(?:数量|个数|数目)$")


def _count_unit_problems(r: dict, name: str, raw: Path) -> list[Problem]:
    if r["target_kind"] in VALUE_UNIT_KINDS:
        return []
    if r["unit"] and r["measure_zh"] and _COUNTED.search(r["measure_zh"]) and not is_count(r["unit"], raw.parent):
        why = f"{r['unit']!r}: {r['measure_zh']!r} counts things, so its unit is a count (个, 家, 项 ...)"
        return [Problem(name, r["_line"], "unit", why)]
    return []


def _unit_kind_problems(r: dict, name: str, kinds: dict[str, str]) -> list[Problem]:
    """A multiple (倍增), a fraction (缩短2/3) and a milestone's year are written in the registry's
    unit for a multiple, a fraction, a year; an amount never is."""
    if not kinds or r["unit"] is None or r["target_kind"] is None:
        return []
    expected = VALUE_UNIT_KINDS.get(r["target_kind"])
    unit_kind = kinds.get(r["unit"])
    if expected and unit_kind != expected:
        shown = ", ".join(u for u, k in kinds.items() if k == expected) or f"none of kind {expected!r} in units.csv"
        why = (
            f"{r['unit']!r}: the value of a {r['target_kind']} row is a {expected}, not an amount; valid: {shown} "
            "(the measured quantity's unit goes in the note)"
        )
        return [Problem(name, r["_line"], "unit", why)]
    if not expected and unit_kind in VALUE_UNIT_KINDS.values():
        why = f"{r['unit']!r} is a {unit_kind}: not the unit of a {r['target_kind']} row"
        return [Problem(name, r["_line"], "unit", why)]
    return []


def _unit_kinds(plan: Plan) -> dict[str, str]:
    """unit -> its kind, from the registry beside the register ({} when the registry is broken:
    that is reported on its own)."""
    try:
        return {u.unit: u.kind for u in unit_registry.load_units(raw=plan.text_targets_path.parent).values()}
    except DataError:
        return {}


def text_target_provenance(rows: list[dict], plan: Plan, outline: Outline) -> list[Problem]:
    name = display_path(plan.text_targets_path)
    known = known_units(plan)
    kinds = _unit_kinds(plan)
    problems = measure_problems(rows, name)
    for r in rows:
        problems += _count_unit_problems(r, name, plan.text_targets_path.parent) + _unit_kind_problems(r, name, kinds)
        line, phrase = r["source_line"], r["phrase"]
        if line is None or phrase is None:
            continue
        if not 1 <= line <= len(outline):
            problems.append(
                Problem(name, r["_line"], "source_line", f"{line} is outside the outline (1-{len(outline)})")
            )
            continue
        if "".join(phrase.split()) not in outline.joined(line, TEXT_TARGET_WINDOW):
            why = f"not printed in lines {line}-{line + TEXT_TARGET_WINDOW} of {plan.source_path.name}"
            problems.append(Problem(name, r["_line"], "phrase", why))
        if r["value"] is not None:
            problems += _value_problems(r, phrase, name, known) + _range_problems(r, phrase, name)
        problems += _base_year_problems(r, phrase, outline, plan, name) + _target_year_problems(r, outline, plan, name)
    return problems


def _range_problems(r: dict, phrase: str, name: str) -> list[Problem]:
    if r["target_kind"] != "range":
        return []
    lows = range_lows(phrase)
    if r["value"] in lows:
        return []
    valid = ", ".join(f"{v:g}" for v in lows) or "none: the phrase prints no range such as 2—3"
    why = f"{r['value']:g} is not the lower end of a range printed in the phrase; valid: {valid}"
    return [Problem(name, r["_line"], "value", why)]


def _target_year_problems(r: dict, outline: Outline, plan: Plan, name: str) -> list[Problem]:
    year, line = r["target_year"], r["source_line"]
    if year is None:
        return []
    nearby = sentence_of(r["phrase"], outline.joined(line, TEXT_TARGET_WINDOW, before=TEXT_TARGET_WINDOW))
    allowed = supported_target_years(r["phrase"], nearby, plan.target_year)
    if year in allowed:
        return []
    why = (
        f"{year} is not supported by the text; valid: {', '.join(map(str, sorted(allowed)))} (a year printed in the "
        f"phrase, else within {TEXT_TARGET_WINDOW} lines, else the plan's target year {plan.target_year})"
    )
    return [Problem(name, r["_line"], "target_year", why)]


def _at_least_problem(r: dict, phrase: str, name: str, plain: str) -> list[Problem]:
    """A relative row reads 以上 as 'at least' (>=), else the figure itself (=)."""
    expected = ">=" if "以上" in phrase else "="
    if r["comparator"] != expected:
        why = "以上: at least" if expected == ">=" else plain
        return [
            Problem(name, r["_line"], "comparator", f"{r['comparator']!r} but the phrase reads as {expected!r} ({why})")
        ]
    return []


def _relative_problems(r: dict, phrase: str, name: str, raw: str) -> list[Problem]:
    valid = relative_multiples(phrase)
    if r["value"] not in valid:
        shown = ", ".join(f"{v:g}" for v in valid) or f"none: the phrase prints no {'/'.join(RELATIVE_WORDS)}"
        why = f"{r['value']:g} is not the multiple of the base the phrase prints; valid: {shown}"
        return [Problem(name, r["_line"], "value", why)]
    return _at_least_problem(r, phrase, name, "no qualifier: reach the multiple")


def _reduction_problems(r: dict, phrase: str, name: str, raw: str) -> list[Problem]:
    valid = fractions_in(phrase)
    if "/" not in raw or raw not in valid:
        shown = ", ".join(valid) or "none: the phrase prints no fraction such as 2/3"
        why = f"{raw!r} is not a fraction printed in the phrase (stored as printed); valid: {shown}"
        return [Problem(name, r["_line"], "value", why)]
    if not 0 < r["value"] < 1:
        why = f"{raw!r}: a reduction removes a fraction between 0 and 1 of the base"
        return [Problem(name, r["_line"], "value", why)]
    return _at_least_problem(r, phrase, name, "no qualifier")


def _class_problems(r: dict, phrase: str, name: str, raw: str) -> list[Problem]:
    valid, line = class_numbers(phrase), r["_line"]
    if r["value"] not in valid:
        shown = (
            ", ".join(f"{v:g}" for v in valid)
            or "none: the phrase prints no class such as Ⅲ类 (劣Ⅴ类 is not a class to reach)"
        )
        why = f"{r['value']:g} is not the water-quality class printed in the phrase (Ⅰ-Ⅴ read as 1-5); valid: {shown}"
        return [Problem(name, line, "value", why)]
    expected = "<=" if any(w in phrase for w in CLASS_OR_BETTER) else "="
    if r["comparator"] != expected:
        reading = (
            "或好于/以上: that class or a cleaner one, class number <="
            if expected == "<="
            else "the class itself, no qualifier"
        )
        why = f"{r['comparator']!r} but the phrase reads as {expected!r} ({reading})"
        return [Problem(name, line, "comparator", why)]
    if r["unit"] != CLASS_UNIT:
        why = f"{r['unit']!r}: an ordinal_class row is in {CLASS_UNIT!r} (the class number)"
        return [Problem(name, line, "unit", why)]
    return []


def _plain_problems(r: dict, phrase: str, name: str, known: tuple[str, ...]) -> list[Problem]:
    kind, value, line = r["target_kind"], r["value"], r["_line"]
    if r["unit"] == CLASS_UNIT:
        return [Problem(name, line, "unit", f"{CLASS_UNIT!r} is the unit of ordinal_class rows only, not of {kind!r}")]
    if kind == "lower_bound" and breaks_zero(phrase):
        if value == 1 and r["comparator"] == ">=":
            return []  # 破“零” / “零”的突破: at least one
        why = (
            f"{value:g}: breaking zero (破“零”) is a lower bound of 1 (comparator >=); "
            "a count the phrase prints is a level row of its own"
        )
        return [Problem(name, line, "value", why)]
    if number_in_phrase(value, phrase):
        return _reading_problems(r, phrase, name, known)
    hint = " (破“零” reads as lower_bound >= 1)" if breaks_zero(phrase) else ""
    return [Problem(name, line, "value", f"{value:g} is not a number of the phrase {phrase!r}{hint}")]


def _milestone_problems(r: dict, phrase: str, name: str, raw: str) -> list[Problem]:
    """A milestone's value is the year the phrase prints (到2035年, 2030年前), its target year too;
    '年前' (before the year) reads '<', else '='."""
    value, line = r["value"], r["_line"]
    printed = [int(y) for y in re.findall(r"(?<!\d)(\d{4})年", read_glyphs(phrase))]
    if value not in printed:
        shown = ", ".join(map(str, printed)) or "none"
        return [Problem(name, line, "value", f"{value:g} is not a year the phrase prints as YYYY年; valid: {shown}")]
    if r["target_year"] is not None and r["target_year"] != value:
        why = f"{r['target_year']}: a milestone's target year is its year {value:g}"
        return [Problem(name, line, "target_year", why)]
    expected = "<" if re.search(rf"{int(value)}年(?:以)?前", read_glyphs(phrase)) else "="
    if r["comparator"] != expected:
        why = "年前: before that year" if expected == "<" else "by that year"
        return [Problem(name, line, "comparator", f"{r['comparator']!r} but the phrase reads as {expected!r} ({why})")]
    return []


_KIND_CHECKS = {
    "relative": _relative_problems,
    "relative_reduction": _reduction_problems,
    "ordinal_class": _class_problems,
    "milestone": _milestone_problems,
}


def _value_problems(r: dict, phrase: str, name: str, known: tuple[str, ...] = ()) -> list[Problem]:
    """The value must be what the phrase prints, read according to the row's kind."""
    raw = str(r.get("value_text") or r.get("_raw", {}).get("value") or f"{r['value']:g}")
    check = _KIND_CHECKS.get(r["target_kind"])
    return check(r, phrase, name, raw) if check else _plain_problems(r, phrase, name, known)


# Words that qualify a printed number: after it (以上, 左右, 以下) or before it (突破, 至少 ...).
_AFTER_WORDS = (("以上", ">="), ("左右", "~"), ("以下", "<="), ("以内", "<="))
_BEFORE_WORDS = (("不低于", ">="), ("至少", ">="), ("突破", ">="), ("超过", ">="), ("不超过", "<="), ("控制在", "<="))
# strict bounds printed before the number, not negated ('低于5.5%' is < 5.5; '不低于90%' is >= 90)
_BEFORE_STRICT = ((re.compile(r"(?<!不)低于\S{0,2}$"), "<"), (re.compile(r"(?<!不)高于\S{0,2}$"), ">"))
_CN_NUMERALS = "一二两三四五六七八九十百千"
# Nouns that end in a qualifier's characters: 重大科技成果突破50项 (50 breakthroughs), not 突破 (beyond).
_NOT_QUALIFIERS = ("成果突破",)
_RESPECTIVELY_BEFORE = re.compile(r"分别|分別")
_LIST_QUALIFIER = re.compile(r"^(?:[^,，;；。]*?[、和])+[^,，;；。]*?(以上|以下|左右|以内)")


def _number_spans(value: float, phrase: str) -> list[tuple[int, int, bool]]:
    """Where the phrase prints ``value``: (start, end, written in Chinese numerals)."""
    spans = [(m.start(), m.end(), False) for m in re.finditer(r"\d+(?:\.\d+)?", phrase) if float(m.group()) == value]
    for m in re.finditer(f"[{_CN_NUMERALS}]+", phrase):
        if any(abs(v - value) < 1e-9 for v in _chinese_numerals(m.group())):
            spans.append((m.start(), m.end(), True))
    return spans


def _unit_after(rest: str, known: tuple[str, ...]) -> tuple[str | None, int]:
    """The unit printed at the start of ``rest`` and the characters it takes: a rate per a number
    of people ('12/10万以下': 1/10万), else the longest known unit it starts with ('个百分点' before
    '个', '亿吨标准煤' before '亿吨'), else the characters up to a qualifier or punctuation."""
    rate = re.match(r"/\d+万", rest)
    if rate:
        return "1" + rate.group(), rate.end()
    longest = max((u for u in known if rest.startswith(u)), key=len, default=None)
    if longest:
        return longest, len(longest)
    # the unit runs up to a qualifier word or punctuation: '50%以上' is 50, '%', 以上
    cut = min([rest.find(w) for w, _ in _AFTER_WORDS if 0 <= rest.find(w) <= 6] or [len(rest)])
    unit = re.match(r"[^\d\s,,。;;、“”\"()()]{1,4}", rest[:cut])
    return (unit.group(), unit.end()) if unit else (None, 0)


def printed_reading(value: float, phrase: str, known: tuple[str, ...] = ()) -> tuple[set[str], set[str]]:
    """The comparators and units the phrase supports for ``value``: the qualifier printed next to
    the number (以上 after it, 突破/至少 before it, ...; none: '='), and the unit printed right after
    it (after the upper end of a range): the longest of the ``known`` units it starts with, else
    the characters up to a qualifier.  An empty unit set means the number carries no unit in the
    text (十大, 五大: counted in 个)."""
    comparators, units = set(), set()
    for start, end, chinese in _number_spans(value, phrase):
        rest = phrase[end:]
        rng = re.match(r"\s*[—–\-~～至到]\s*\d+(?:\.\d+)?", rest)
        if rng:
            comparators.add("range")
            rest = rest[rng.end() :]
        unit, used = _unit_after(rest, known)
        tail = rest[used:]
        before = phrase[:start]
        near = before.rstrip('“”"')
        found = [c for w, c in _AFTER_WORDS if tail.startswith(w)]
        # a qualifier before the number may be separated by a short verb: 至少办好1所; a noun
        # such as 成果突破 (breakthroughs) is no qualifier
        found += [c for w, c in _BEFORE_WORDS if w in near[-(len(w) + 2) :] and not near.endswith(_NOT_QUALIFIERS)]
        found += [c for pattern, c in _BEFORE_STRICT if pattern.search(near)]
        if not found and _RESPECTIVELY_BEFORE.search(before):
            # '分别下降到3.5‰、12/10万以下': a qualifier after the list's last number is every number's
            listed = _LIST_QUALIFIER.match(tail)
            found = [c for w, c in _AFTER_WORDS if listed and listed.group(1) == w]
        if not rng:
            comparators.update(found or ["="])
        if unit and not (chinese and unit.startswith("大")):
            units.add(unit)
    return comparators, units


def _reading_problems(r: dict, phrase: str, name: str, known: tuple[str, ...]) -> list[Problem]:
    """A plain register row (level, bounds, approx, range) must read the phrase as printed: its
    comparator is the qualifier next to the number, and its unit the one printed after it (exactly:
    a longer unit such as 个百分点 or 亿吨标准煤 is another unit)."""
    if r["target_kind"] not in ("level", "lower_bound", "upper_bound", "approx", "range"):
        return []
    comparators, units = printed_reading(r["value"], phrase, known)
    problems = []
    expected = {">=" if c in (">", ">=") else c for c in comparators}
    comp = ">=" if r["comparator"] in (">", ">=") else r["comparator"]
    if expected and r["comparator"] is not None and comp not in expected:
        problems.append(
            Problem(
                name,
                r["_line"],
                "comparator",
                f"{r['comparator']!r} but the phrase prints the number with {' or '.join(sorted(expected))} "
                "(以上/突破/至少: >=; 左右: ~; 以下/以内: <=; a range: range; none: =)",
            )
        )
    unit = r["unit"]
    if unit and units and unit not in units:
        problems.append(
            Problem(
                name,
                r["_line"],
                "unit",
                f"{unit!r} but the phrase prints {', '.join(sorted(units))!r} after the number",
            )
        )
    return problems


def _base_year_problems(r: dict, phrase: str, outline: Outline, plan: Plan, name: str) -> list[Problem]:
    """A relative target states its base year in the note ('base year 2020'), and the text must
    support it: a year printed as 比/较/相比 YYYY年 in the phrase or nearby, else the plan's base year."""
    kind, line = r["target_kind"], r["_line"]
    base = note_base_year(r.get("note"))
    if base is None:
        if kind == "relative":
            return [
                Problem(
                    name,
                    line,
                    "note",
                    f"a relative target must state its base year in the note ('base year {plan.base_year}')",
                )
            ]
        return []
    if kind not in ("relative", "relative_reduction"):
        return [
            Problem(
                name, line, "note", f"'base year {base}' is only for relative and relative_reduction rows, not {kind!r}"
            )
        ]
    nearby = outline.joined(r["source_line"], TEXT_TARGET_WINDOW, before=TEXT_TARGET_WINDOW)
    allowed = supported_base_years(phrase, nearby, plan.base_year)
    if base not in allowed:
        return [
            Problem(
                name,
                line,
                "note",
                f"base year {base} is not supported by the text; valid: {', '.join(map(str, sorted(allowed)))} "
                f"(a year printed as 比/较 YYYY年, else the plan's base year {plan.base_year})",
            )
        ]
    if r["target_year"] is not None and base >= r["target_year"]:
        return [Problem(name, line, "note", f"base year {base} must be before the target year {r['target_year']}")]
    return []


# --- readings of the register's non-numeric targets -------------------------------------------

# Words that set a target at a multiple of the base level, and the multiple they mean.
RELATIVE_WORDS = {"翻两番": 4.0, "翻一番": 2.0, "翻番": 2.0, "倍增": 2.0}
CLASS_UNIT = "类"
# A class 'or better' (a cleaner class, a lower number): 达到或好于Ⅲ类, Ⅳ类标准以上.
CLASS_OR_BETTER = ("或好于", "以上", "优于")
_ROMAN = {"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5}
_CLASS = re.compile(r"(劣)?(?<![A-Za-z])(Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|III|II|IV|I|V)类")
_FRACTION = re.compile(r"(?<![\d./])\d+/[1-9]\d*(?![\d./])")
_BREAKS_ZERO = re.compile(r"破[“\"]?零[”\"]?|[“\"]零[”\"]的突破")
_BASE_YEAR_NOTE = re.compile(r"\bbase year (\d{4})\b")


def relative_multiples(phrase: str) -> list[float]:
    """The multiples of the base a phrase sets: 倍增, 翻番, 翻一番, 双翻番 (two things each doubled)
    give 2; 翻两番 gives 4."""
    s = read_glyphs(phrase)
    found, rest = [], s
    for word, multiple in RELATIVE_WORDS.items():  # longest first: 翻两番 / 翻一番 before 翻番
        if word in rest:
            found.append(multiple)
            rest = rest.replace(word, " ")
    return found


def class_numbers(phrase: str) -> list[float]:
    """The water-quality classes a phrase sets, Ⅰ-Ⅴ as 1-5 (glyphs read; ASCII 'V类' too).
    劣Ⅴ类 ('worse than Ⅴ') is a state to leave, not a class to reach, and is not returned."""
    return [float(_ROMAN[m.group(2)]) for m in _CLASS.finditer(read_glyphs(phrase)) if not m.group(1)]


def fractions_in(phrase: str) -> list[str]:
    """The fractions printed in a phrase, as printed ('缩短2/3以上' gives '2/3')."""
    return _FRACTION.findall(read_glyphs(phrase))


def breaks_zero(phrase: str) -> bool:
    """True if the phrase prints 'breaking zero' (破“零”, 破零, “零”的突破): at least one."""
    return bool(_BREAKS_ZERO.search(read_glyphs(phrase)))


def note_base_year(note) -> int | None:
    """The base year a register note states ('... base year 2020 ...'), or None."""
    m = _BASE_YEAR_NOTE.search(note or "")
    return int(m.group(1)) if m else None


def supported_base_years(phrase: str, nearby: str, plan_base_year: int) -> set[int]:
    """Base years the text supports: a year printed as 比/较/相比 YYYY年 in the phrase, else
    nearby, else the plan's base year."""
    for text in (phrase, nearby):
        printed = {int(y) for y in re.findall(r"(?:比|较|相比)(\d{4})年", text)}
        if printed:
            return printed
    return {plan_base_year}


def range_bounds(phrase: str) -> list[tuple[float, float]]:
    """The (low, high) ranges a phrase prints ('2—3个' gives (2, 3))."""
    return [(float(m.group(1)), float(m.group(2))) for m in _RANGE_BOUNDS.finditer(phrase)]


_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*[—–\-~～至到]\s*\d+(?:\.\d+)?")
_RANGE_BOUNDS = re.compile(r"(\d+(?:\.\d+)?)\s*[—–\-~～至到]\s*(\d+(?:\.\d+)?)")


def range_lows(phrase: str) -> list[float]:
    """The lower ends of the ranges a phrase prints ('2—3个', '5000—6000万千瓦', '1-2家')."""
    return [float(m.group(1)) for m in _RANGE.finditer(phrase)]


def sentence_of(phrase: str, nearby: str) -> str:
    """The sentence of ``nearby`` (lines around the phrase, joined) that prints the phrase: a year
    printed in another sentence is not the phrase's ('到2035年' two sentences earlier)."""
    at = nearby.find(phrase)
    if at < 0:
        return nearby
    start = nearby.rfind("。", 0, at) + 1
    end = nearby.find("。", at + len(phrase))
    return nearby[start : end if end >= 0 else len(nearby)]


def supported_target_years(phrase: str, nearby: str, plan_target_year: int) -> set[int]:
    """The target years the text supports: the year the phrase prints ('到2025年'), else a year
    printed nearby ('到2035年' opening the sentence), else the plan's target year.  A year printed
    as a comparison base ('比2020年翻一番') is not a target year."""
    for text in (phrase, nearby):
        printed = {int(y) for y in re.findall(r"(?<!\d)(?<![比较較])(\d{4})年", text)}
        if printed:
            return printed
    return {plan_target_year}

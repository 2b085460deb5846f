"""Provenance checks: every transcribed number must be found in its source.

* Plan numbers (indicator tables, text register) must be printed in the outline within a few
  lines of the row's ``source_line``, after reading the glyphs.
* Observed values must appear in their ``evidence`` snippet, literally or through a unit
  conversion (1.55 trillion yuan = 15500 亿元; 131.85亿公斤 = 1318.5 万吨; Japanese-style
  '2・0' = 2.0).  The comparison respects the precision printed on both sides, so a single
  altered digit is caught while '1.765万亿元' still confirms 17650 亿元.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pathlib import Path

from ..core.errors import Problem
from ..core.stamps import file_stamp
from .glyphs import read_glyphs
from .printed import numbers_in
from .schema import Plan, display_path

# How far below ``source_line`` a table row's cells may wrap.
INDICATOR_WINDOW = 8
TEXT_TARGET_WINDOW = 3
_FOOTER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


class Outline:
    """The outline text with the glyphs read, addressable by 1-based line number."""

    def __init__(self, text: str):
        self.lines = read_glyphs(text).splitlines()

    def window(self, line: int, after: int, before: int = 0) -> list[str]:
        lo = max(line - 1 - before, 0)
        return [s for s in self.lines[lo : line + after] if not _FOOTER.match(s)]

    def joined(self, line: int, after: int, before: int = 0) -> str:
        """Lines joined with all white space removed (table cells and phrases wrap freely)."""
        return re.sub(r"\s+", "", "".join(self.window(line, after, before)))

    def text(self, line: int, after: int, before: int = 0) -> str:
        """Lines joined by newlines (numbers stay apart); a cell wrapped after '/' is rejoined."""
        return re.sub(r"/\s+", "/", "\n".join(self.window(line, after, before)))

    def __len__(self) -> int:
        return len(self.lines)


def _same_number(a: str, b: str) -> bool:
    return float(a) == float(b)


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    """True if the numbers ``needles`` occur in ``haystack`` in this order (gaps allowed)."""
    it = iter(haystack)
    return all(any(_same_number(n, h) for h in it) for n in needles)


def slash_groups(text: str) -> list[list[str]]:
    """Combined cells such as '0/5/0/1' (three parts or more), in order of appearance."""
    return [g.split("/") for g in re.findall(r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?){2,}", text)]


# --- observed values -------------------------------------------------------------------

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
# Multipliers written after a number, longest first.
_MULTIPLIERS = (
    ("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("兆", 1e12), ("亿", 1e8), ("億", 1e8),
    ("万", 1e4), ("萬", 1e4), ("千", 1e3),
    ("trillion", 1e12), ("billion", 1e9), ("million", 1e6), ("bn", 1e9),
)
# Absolute size of one unit of each observed unit, in a base quantity (yuan, persons, kg, m3 ...).
UNIT_FACTORS = {
    "亿元": 1e8, "万人": 1e4, "万人次": 1e4, "万户": 1e4, "万吨": 1e7, "亿吨": 1e11,
    "亿立方米": 1e8, "亿千瓦时": 1e8, "亿吨标准煤": 1e8, "万亩": 1e4,
}
_WEIGHT_UNITS = {"万吨", "亿吨"}
# Mass words after a number, as kilograms per unit (for weight-valued series).
_MASS_WORDS = (
    ("公斤", 1.0), ("kilograms", 1.0), ("kg", 1.0), ("斤", 0.5), ("metric tons", 1e3),
    ("tonnes", 1e3), ("tons", 1e3), ("トン", 1e3), ("吨", 1e3), ("噸", 1e3),
)


@dataclass(frozen=True)
class Candidate:
    """A number read from an evidence text: ``magnitude`` in base units, ``step`` its precision."""

    magnitude: float
    step: float
    text: str


def normalize_evidence(text: str) -> str:
    """Full-width digits to ASCII, Japanese '・' decimal points to '.', thousands commas removed."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"(?<=\d)[・･](?=\d)", ".", s)
    # thousands separators sit in the integer part only: '17,651.93' is one number, while the
    # cells of a CSV row '102.2,105.1,104.4' stay apart
    s = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), s)
    return s


_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,]*\d)")


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


def evidence_candidates(text: str, weight: bool = False) -> list[Candidate]:
    """Every number in ``text`` with the multipliers written after it, as base-unit magnitudes.

    Composite numbers are summed: '2兆5698億1800万' = 2e12 + 5698e8 + 1800e4; '166億9千万' =
    166e8 + 9e7.  With ``weight`` the magnitudes are in kilograms where a mass word follows.
    """
    s = normalize_evidence(text)
    out: list[Candidate] = []
    for word, number in _WORD_NUMBERS.items():
        for _ in re.finditer(rf"\b{word}\b", s, flags=re.IGNORECASE):
            out.append(Candidate(float(number), 1.0, word))
    token = re.compile(r"\d+(?:\.\d+)?")
    pos = 0
    while True:
        m = token.search(s, pos)
        if not m:
            break
        total, step, end, parts = 0.0, None, m.end(), []
        number_text = m.group()
        value = float(number_text)
        rest = s[end:]
        # read 'number multiplier' pairs for a composite number
        while True:
            mult = 1.0
            stripped = rest.lstrip(" ")
            for word, factor in _MULTIPLIERS:
                if stripped[: len(word)].lower() == word:
                    mult = factor
                    end += (len(rest) - len(stripped)) + len(word)
                    break
            total += value * mult
            this_step = 10.0 ** -_decimals(number_text) * mult
            step = this_step if step is None else min(step, this_step)
            parts.append(number_text)
            nxt = token.match(s, end)
            if mult > 1 and nxt and any(s[nxt.end():].startswith(w) for w, f in _MULTIPLIERS if f < mult):
                number_text, value, end, rest = nxt.group(), float(nxt.group()), nxt.end(), s[nxt.end():]
                continue
            break
        if weight:
            tail = s[end:].lstrip(" ").lower()
            for word, kg in _MASS_WORDS:
                if tail.startswith(word):
                    total, step = total * kg, step * kg
                    break
        out.append(Candidate(total, step, "".join(parts)))
        if len(parts) == 1 and total != value:
            # the number without its multiplier: '13億噸' confirms 13 亿吨 directly
            out.append(Candidate(float(m.group()), 10.0 ** -_decimals(m.group()), m.group()))
        pos = end
    # table cells glued by the extraction ('496.31.5' is 496.3 then 1.5): every split of a run
    # with two decimal points into two numbers is also a candidate
    for run in re.findall(r"\d+\.\d+\.\d+", s):
        for i in range(1, len(run)):
            left, right = run[:i], run[i:]
            if re.fullmatch(r"\d+(?:\.\d+)?", left) and re.fullmatch(r"\d+(?:\.\d+)?", right):
                for part in (left, right):
                    out.append(Candidate(float(part), 10.0 ** -_decimals(part), part))
    return out


def _matches(value: float, cand_value: float) -> bool:
    # Exact: a published value is converted only by exact factors, so any digit changed is a
    # mismatch (the relative slack absorbs binary floating point only).
    return math.isclose(abs(value), cand_value, rel_tol=1e-9, abs_tol=1e-12)


def value_in_evidence(value_text: str, unit: str, evidence: str, note: str = "") -> bool:
    """True if the published number ``value_text`` (in ``unit``) is confirmed by ``evidence``.

    The comparison is exact after the conversion.  The sign is not compared (sources write declines in words: '下降3.3%', 'a drop of 33.2
    percent').  A value of 0 recorded from a statement such as "all sections left class Ⅴ" is
    accepted only when the note says so ("recorded as 0").
    """
    value = float(value_text)
    if value == 0 and "recorded as 0" in note:
        return True
    weight = unit in _WEIGHT_UNITS
    factor = UNIT_FACTORS.get(unit, 1.0)
    texts = [evidence]
    converted = re.search(r"converted from ([^;()]+?)(?: \(|;|$)", note)
    if converted and normalize_evidence(converted.group(1)).split()[0].rstrip(",") in (
        normalize_evidence(evidence) + " " + evidence
    ):
        texts.append(converted.group(1))
    rounded = re.search(r"rounded from ([\d,.]+)", note)
    digits = rounded.group(1).rstrip(",.").replace(",", "") if rounded else ""
    if digits and digits in normalize_evidence(evidence):
        # a count published to the unit and stored in 万: compare at the stored precision
        exact = float(digits) / factor
        if round(exact, _decimals(value_text)) == value:
            return True
    for text in texts:
        for cand in evidence_candidates(text, weight=weight):
            # the number as written, in the value's own unit
            if _matches(value, cand.magnitude):
                return True
            # the number converted through its multiplier / mass word into the value's unit
            if _matches(value, cand.magnitude / factor):
                return True
            if weight and _matches(value, cand.magnitude * 1e3 / factor):
                return True  # '1478万1千トン' read without a mass word
    return False


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


# --- the checks the loaders and `shanxi validate` share -----------------------------------

_TEXT_COLUMNS = ("base_text", "target_text", "target_rate_text", "actual_text", "actual_rate_text")


@lru_cache(maxsize=4)
def _outline_cached(path: Path, stamp: tuple) -> Outline:
    return Outline(path.read_text(encoding="utf-8"))


def load_outline(path: Path) -> Outline:
    """The outline at ``path`` (cached on the file's identity, so an edit is seen)."""
    return _outline_cached(path, file_stamp(path))


def indicator_provenance(rows: list[dict], plan: Plan, outline: Outline) -> list[Problem]:
    """Each row's name and printed numbers must be in the outline at its source line."""
    name = display_path(plan.indicators_path)
    problems = []
    groups: dict[int, list[dict]] = {}
    for r in rows:
        groups.setdefault(r["group_no"], []).append(r)
    for r in rows:
        line = r["source_line"]
        if line is None:
            continue
        if not 1 <= line <= len(outline):
            problems.append(Problem(name, r["_line"], "source_line", f"{line} is outside the outline (1-{len(outline)})"))
            continue
        window = outline.text(line, INDICATOR_WINDOW)
        if r["name_zh"] and "".join(r["name_zh"].split()) not in outline.joined(line, 2):
            problems.append(Problem(name, r["_line"], "name_zh", f"{r['name_zh']!r} is not printed at line {line} of {plan.source_path.name}"))
        siblings = groups[r["group_no"]]
        combined = slash_groups(outline.text(siblings[0]["source_line"] or line, INDICATOR_WINDOW))
        if len(siblings) > 1 and len(combined) >= 2:
            # a combined cell such as '0/5/0/1': the part's number is at its position
            k = sorted(s["no"] for s in siblings).index(r["no"])
            for col, cells in (("base_text", combined[0]), ("target_text", combined[1])):
                if r[col] in (None, "-"):
                    continue
                if k >= len(cells) or not is_subsequence(numbers_in(r[col]), [cells[k]]):
                    problems.append(Problem(name, r["_line"], col, f"{r[col]!r} is not part {k + 1} of the printed cell {'/'.join(cells)!r} near line {line}"))
            continue
        printed = numbers_in(window)
        wanted = [n for col in _TEXT_COLUMNS if r.get(col) for n in numbers_in(r[col])]
        if not is_subsequence(wanted, printed):
            missing = [n for n in wanted if not any(float(n) == float(p) for p in printed)]
            detail = f"{', '.join(missing)} not printed" if missing else "not in the printed order"
            problems.append(Problem(name, r["_line"], ",".join(_TEXT_COLUMNS), f"numbers {wanted} are not found in lines {line}-{line + INDICATOR_WINDOW} of {plan.source_path.name} ({detail})"))
    return problems


def text_target_provenance(rows: list[dict], plan: Plan, outline: Outline) -> list[Problem]:
    name = display_path(plan.text_targets_path)
    problems = []
    for r in rows:
        line, phrase = r["source_line"], r["phrase"]
        if line is None or phrase is None:
            continue
        if not 1 <= line <= len(outline):
            problems.append(Problem(name, r["_line"], "source_line", f"{line} is outside the outline (1-{len(outline)})"))
            continue
        if "".join(phrase.split()) not in outline.joined(line, TEXT_TARGET_WINDOW):
            problems.append(Problem(name, r["_line"], "phrase", f"not printed in lines {line}-{line + TEXT_TARGET_WINDOW} of {plan.source_path.name}"))
        if r["value"] is not None:
            problems += _value_problems(r, phrase, name)
        problems += _base_year_problems(r, phrase, outline, plan, name)
        if r["value"] is not None and r["target_kind"] == "range":
            lows = range_lows(phrase)
            if r["value"] not in lows:
                valid = ", ".join(f"{v:g}" for v in lows) or "none: the phrase prints no range such as 2—3"
                problems.append(Problem(name, r["_line"], "value", f"{r['value']:g} is not the lower end of a range printed in the phrase; valid: {valid}"))
        year = r["target_year"]
        if year is not None:
            allowed = supported_target_years(phrase, outline.joined(line, TEXT_TARGET_WINDOW, before=TEXT_TARGET_WINDOW), plan.target_year)
            if year not in allowed:
                problems.append(Problem(name, r["_line"], "target_year", f"{year} is not supported by the text; valid: {', '.join(map(str, sorted(allowed)))} (a year printed in the phrase, else within {TEXT_TARGET_WINDOW} lines, else the plan's target year {plan.target_year})"))
    return problems


def _value_problems(r: dict, phrase: str, name: str) -> list[Problem]:
    """The value must be what the phrase prints, read according to the row's kind."""
    kind, value, line = r["target_kind"], r["value"], r["_line"]
    raw = str(r.get("value_text") or r.get("_raw", {}).get("value") or f"{value:g}")
    if kind == "relative":
        valid = relative_multiples(phrase)
        if value not in valid:
            shown = ", ".join(f"{v:g}" for v in valid) or f"none: the phrase prints no {'/'.join(RELATIVE_WORDS)}"
            return [Problem(name, line, "value", f"{value:g} is not the multiple of the base the phrase prints; valid: {shown}")]
        expected = ">=" if "以上" in phrase else "="
        if r["comparator"] != expected:
            return [Problem(name, line, "comparator", f"{r['comparator']!r} but the phrase reads as {expected!r} ({'以上: at least' if expected == '>=' else 'no qualifier: reach the multiple'})")]
        return []
    if kind == "relative_reduction":
        valid = fractions_in(phrase)
        if "/" not in raw or raw not in valid:
            shown = ", ".join(valid) or "none: the phrase prints no fraction such as 2/3"
            return [Problem(name, line, "value", f"{raw!r} is not a fraction printed in the phrase (stored as printed); valid: {shown}")]
        if not 0 < value < 1:
            return [Problem(name, line, "value", f"{raw!r}: a reduction removes a fraction between 0 and 1 of the base")]
        expected = ">=" if "以上" in phrase else "="
        if r["comparator"] != expected:
            return [Problem(name, line, "comparator", f"{r['comparator']!r} but the phrase reads as {expected!r} ({'以上: at least' if expected == '>=' else 'no qualifier'})")]
        return []
    if kind == "ordinal_class":
        valid = class_numbers(phrase)
        if value not in valid:
            shown = ", ".join(f"{v:g}" for v in valid) or "none: the phrase prints no class such as Ⅲ类 (劣Ⅴ类 is not a class to reach)"
            return [Problem(name, line, "value", f"{value:g} is not the water-quality class printed in the phrase (Ⅰ-Ⅴ read as 1-5); valid: {shown}")]
        expected = "<=" if any(w in phrase for w in CLASS_OR_BETTER) else "="
        if r["comparator"] != expected:
            return [Problem(name, line, "comparator", f"{r['comparator']!r} but the phrase reads as {expected!r} "
                            f"({'或好于/以上: that class or a cleaner one, class number <=' if expected == '<=' else 'the class itself, no qualifier'})")]
        if r["unit"] != CLASS_UNIT:
            return [Problem(name, line, "unit", f"{r['unit']!r}: an ordinal_class row is in {CLASS_UNIT!r} (the class number)")]
        return []
    if r["unit"] == CLASS_UNIT:
        return [Problem(name, line, "unit", f"{CLASS_UNIT!r} is the unit of ordinal_class rows only, not of {kind!r}")]
    if kind == "lower_bound" and breaks_zero(phrase):
        if value == 1 and r["comparator"] == ">=":
            return []  # 破“零” / “零”的突破: at least one
        return [Problem(name, line, "value", f"{value:g}: breaking zero (破“零”) is a lower bound of 1 (comparator >=); "
                        "a count the phrase prints is a level row of its own")]
    if number_in_phrase(value, phrase):
        return []
    hint = " (破“零” reads as lower_bound >= 1)" if breaks_zero(phrase) else ""
    return [Problem(name, line, "value", f"{value:g} is not a number of the phrase {phrase!r}{hint}")]


def _base_year_problems(r: dict, phrase: str, outline: Outline, plan: Plan, name: str) -> list[Problem]:
    """A relative target states its base year in the note ('base year 2020'), and the text must
    support it: a year printed as 比/较/相比 YYYY年 in the phrase or nearby, else the plan's base year."""
    kind, line = r["target_kind"], r["_line"]
    base = note_base_year(r.get("note"))
    if base is None:
        if kind == "relative":
            return [Problem(name, line, "note", f"a relative target must state its base year in the note ('base year {plan.base_year}')")]
        return []
    if kind not in ("relative", "relative_reduction"):
        return [Problem(name, line, "note", f"'base year {base}' is only for relative and relative_reduction rows, not {kind!r}")]
    nearby = outline.joined(r["source_line"], TEXT_TARGET_WINDOW, before=TEXT_TARGET_WINDOW)
    allowed = supported_base_years(phrase, nearby, plan.base_year)
    if base not in allowed:
        return [Problem(name, line, "note", f"base year {base} is not supported by the text; valid: {', '.join(map(str, sorted(allowed)))} "
                        f"(a year printed as 比/较 YYYY年, else the plan's base year {plan.base_year})")]
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


def supported_target_years(phrase: str, nearby: str, plan_target_year: int) -> set[int]:
    """The target years the text supports: the year the phrase prints ('到2025年'), else a year
    printed nearby ('到2035年' opening the sentence), else the plan's target year."""
    for text in (phrase, nearby):
        printed = {int(y) for y in re.findall(r"(?<!\d)(\d{4})年", text)}
        if printed:
            return printed
    return {plan_target_year}


def observed_provenance(rows: list[dict], path: Path, plan_codes: set[str]) -> list[Problem]:
    name = display_path(path)
    problems = []
    for r in rows:
        if r["value"] is not None and r["evidence"] and r["unit"]:
            raw_value = r["_raw"]["value"]
            if not value_in_evidence(raw_value, r["unit"], r["evidence"], r["note"] or ""):
                problems.append(Problem(name, r["_line"], "value", f"{raw_value} ({r['unit']}) is not in the evidence text, directly or through a conversion stated in note"))
        code = r["plan_indicator"]
        if code and plan_codes and code not in plan_codes:
            problems.append(Problem(name, r["_line"], "plan_indicator", f"{code!r} is not a plan row; valid: {_listing(plan_codes)}"))
    return problems


def _listing(codes, most: int = 12) -> str:
    """A sorted list of valid codes for a message, shortened when long."""
    ordered = sorted(codes, key=lambda c: (len(c), c))
    shown = ", ".join(ordered[:most])
    return shown + (f" ... ({len(ordered)} in all)" if len(ordered) > most else "")

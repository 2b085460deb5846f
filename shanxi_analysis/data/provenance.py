"""Provenance checks: every transcribed number must be found in its source.

* Plan numbers (indicator tables, text register) must be printed in the outline within a few
  lines of the row's ``source_line``, after reading the glyphs.
* Observed values must appear in their ``evidence`` snippet, literally or through a unit
  conversion (1.55 trillion yuan = 15500 亿元; 131.85亿公斤 = 1318.5 万吨; Japanese-style
  '2・0' = 2.0).  The comparison respects the precision printed on both sides, so a single
  altered digit is caught while '1.765万亿元' still confirms 17650 亿元.
* Meaning, not only digits: a plan row's printed number, attribute, unit, direction, basis and
  estimate flag (``indicator_meaning``); an observed row's series (its evidence names one of the
  series' ``evidence_terms``), sign, price basis and year (``observed_provenance``).
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
from .reading import MULTIPLIERS, occurrence_problem, table_column_problem
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
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# Absolute size of one unit of each observed unit, in a base quantity (yuan, persons, kg, m3 ...).
UNIT_FACTORS = {
    "亿元": 1e8,
    "万人": 1e4,
    "万人次": 1e4,
    "万户": 1e4,
    "万吨": 1e7,
    "亿吨": 1e11,
    "亿立方米": 1e8,
    "亿千瓦时": 1e8,
    "亿吨标准煤": 1e8,
    "万亩": 1e4,
}
_WEIGHT_UNITS = {"万吨", "亿吨"}
# Mass words after a number, as kilograms per unit (for weight-valued series).
_MASS_WORDS = (
    ("公斤", 1.0),
    ("kilograms", 1.0),
    ("kg", 1.0),
    ("斤", 0.5),
    ("metric tons", 1e3),
    ("tonnes", 1e3),
    ("tons", 1e3),
    ("トン", 1e3),
    ("吨", 1e3),
    ("噸", 1e3),
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


def evidence_candidates(text: str, weight: bool = False) -> list[Candidate]:  # noqa: C901
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
            for word, factor in MULTIPLIERS:
                if stripped[: len(word)].lower() == word:
                    mult = factor
                    end += (len(rest) - len(stripped)) + len(word)
                    break
            total += value * mult
            this_step = 10.0 ** -_decimals(number_text) * mult
            step = this_step if step is None else min(step, this_step)
            parts.append(number_text)
            nxt = token.match(s, end)
            if mult > 1 and nxt and any(s[nxt.end() :].startswith(w) for w, f in MULTIPLIERS if f < mult):
                number_text, value, end, rest = nxt.group(), float(nxt.group()), nxt.end(), s[nxt.end() :]
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

    The comparison is exact after the conversion, on the evidence without its web addresses.  The
    magnitude is compared here; the sign is checked by ``observed_provenance`` (a decline written in
    words: '下降3.3%', 'a drop of 33.2 percent').  A value of 0 recorded from a statement such as
    "all sections left class Ⅴ" is accepted only when the note says so ("recorded as 0") and the
    evidence states something that means zero (全部, 消除, all, none ...).
    """
    value = float(value_text)
    evidence = strip_urls(evidence)  # digits of an address are not evidence
    if value == 0 and "recorded as 0" in note:
        # only for a statement that means zero ('全部退出劣V类', 'all 94 reached Class Ⅳ')
        return bool(_ZERO_STATEMENT.search(evidence))
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


_URL = re.compile(r"(?:https?://|www\.|github:)\S+")
# statements that mean a share or count of zero: all sections left/reached, none, eliminated
_ZERO_STATEMENT = re.compile(r"全部|全都|均已|消除|清零|\ball\b|\bnone\b|\bzero\b|no longer|零", re.IGNORECASE)


def strip_urls(text: str) -> str:
    """The text without web addresses (an address's digits are not a published number)."""
    return _URL.sub(" ", text)


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
    from ..core.errors import DataError

    name = display_path(path)
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise DataError([Problem(name, 0, "-", "is a folder, not the outline text")]) from None
    except OSError as exc:
        raise DataError([Problem(name, 0, "-", f"cannot read the outline: {exc.strerror or exc}")]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, line, "-", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the outline as UTF-8")]
        ) from None
    if "\x00" in text:
        raise DataError(
            [
                Problem(
                    name,
                    text[: text.index("\x00")].count("\n") + 1,
                    "-",
                    "binary data (a NUL byte), not the outline text",
                )
            ]
        )
    if not text.strip():
        raise DataError([Problem(name, 1, "-", "the outline is empty")])
    return Outline(text)


def load_outline(path: Path) -> Outline:
    """The outline at ``path`` (cached on the file's identity, so an edit is seen)."""
    return _outline_cached(path, file_stamp(path))


def indicator_provenance(rows: list[dict], plan: Plan, outline: Outline) -> list[Problem]:  # noqa: C901
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
            problems.append(
                Problem(name, r["_line"], "source_line", f"{line} is outside the outline (1-{len(outline)})")
            )
            continue
        window = outline.text(line, INDICATOR_WINDOW)
        if r["name_zh"] and "".join(r["name_zh"].split()) not in outline.joined(line, 2):
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "name_zh",
                    f"{r['name_zh']!r} is not printed at line {line} of {plan.source_path.name}",
                )
            )
        siblings = groups[r["group_no"]]
        combined = slash_groups(outline.text(siblings[0]["source_line"] or line, INDICATOR_WINDOW))
        if len(siblings) > 1 and len(combined) >= 2:
            # a combined cell such as '0/5/0/1': the part's number is at its position
            k = sorted(s["no"] or "" for s in siblings).index(r["no"] or "")
            for col, cells in (("base_text", combined[0]), ("target_text", combined[1])):
                if r[col] in (None, "-"):
                    continue
                if k >= len(cells) or not is_subsequence(numbers_in(r[col]), [cells[k]]):
                    problems.append(
                        Problem(
                            name,
                            r["_line"],
                            col,
                            f"{r[col]!r} is not part {k + 1} of the printed cell {'/'.join(cells)!r} near line {line}",
                        )
                    )
            continue
        printed = numbers_in(window)
        wanted = [n for col in _TEXT_COLUMNS if r.get(col) for n in numbers_in(r[col])]
        if not is_subsequence(wanted, printed):
            missing = [n for n in wanted if not any(float(n) == float(p) for p in printed)]
            detail = f"{', '.join(missing)} not printed" if missing else "not in the printed order"
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    ",".join(_TEXT_COLUMNS),
                    f"numbers {wanted} are not found in lines {line}-{line + INDICATOR_WINDOW} of "
                    f"{plan.source_path.name} ({detail})",
                )
            )
    return problems + indicator_meaning(rows, plan, outline)


def text_target_provenance(rows: list[dict], plan: Plan, outline: Outline) -> list[Problem]:
    name = display_path(plan.text_targets_path)
    problems = []
    for r in rows:
        line, phrase = r["source_line"], r["phrase"]
        if line is None or phrase is None:
            continue
        if not 1 <= line <= len(outline):
            problems.append(
                Problem(name, r["_line"], "source_line", f"{line} is outside the outline (1-{len(outline)})")
            )
            continue
        if "".join(phrase.split()) not in outline.joined(line, TEXT_TARGET_WINDOW):
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "phrase",
                    f"not printed in lines {line}-{line + TEXT_TARGET_WINDOW} of {plan.source_path.name}",
                )
            )
        if r["value"] is not None:
            problems += _value_problems(r, phrase, name)
        problems += _base_year_problems(r, phrase, outline, plan, name)
        if r["value"] is not None and r["target_kind"] == "range":
            lows = range_lows(phrase)
            if r["value"] not in lows:
                valid = ", ".join(f"{v:g}" for v in lows) or "none: the phrase prints no range such as 2—3"
                problems.append(
                    Problem(
                        name,
                        r["_line"],
                        "value",
                        f"{r['value']:g} is not the lower end of a range printed in the phrase; valid: {valid}",
                    )
                )
        year = r["target_year"]
        if year is not None:
            allowed = supported_target_years(
                phrase, outline.joined(line, TEXT_TARGET_WINDOW, before=TEXT_TARGET_WINDOW), plan.target_year
            )
            if year not in allowed:
                problems.append(
                    Problem(
                        name,
                        r["_line"],
                        "target_year",
                        f"{year} is not supported by the text; valid: {', '.join(map(str, sorted(allowed)))} (a year "
                        f"printed in the phrase, else within {TEXT_TARGET_WINDOW} lines, else the plan's target year "
                        f"{plan.target_year})",
                    )
                )
    return problems


def _at_least_problem(r: dict, phrase: str, name: str, plain: str) -> list[Problem]:
    """A relative row reads 以上 as 'at least' (>=), else the figure itself (=)."""
    expected = ">=" if "以上" in phrase else "="
    if r["comparator"] != expected:
        why = "以上: at least" if expected == ">=" else plain
        return [
            Problem(name, r["_line"], "comparator", f"{r['comparator']!r} but the phrase reads as {expected!r} ({why})")
        ]
    return []


def _value_problems(r: dict, phrase: str, name: str) -> list[Problem]:  # noqa: C901
    """The value must be what the phrase prints, read according to the row's kind."""
    kind, value, line = r["target_kind"], r["value"], r["_line"]
    raw = str(r.get("value_text") or r.get("_raw", {}).get("value") or f"{value:g}")
    if kind == "relative":
        valid = relative_multiples(phrase)
        if value not in valid:
            shown = ", ".join(f"{v:g}" for v in valid) or f"none: the phrase prints no {'/'.join(RELATIVE_WORDS)}"
            return [
                Problem(
                    name, line, "value", f"{value:g} is not the multiple of the base the phrase prints; valid: {shown}"
                )
            ]
        return _at_least_problem(r, phrase, name, "no qualifier: reach the multiple")
    if kind == "relative_reduction":
        valid = fractions_in(phrase)
        if "/" not in raw or raw not in valid:
            shown = ", ".join(valid) or "none: the phrase prints no fraction such as 2/3"
            return [
                Problem(
                    name,
                    line,
                    "value",
                    f"{raw!r} is not a fraction printed in the phrase (stored as printed); valid: {shown}",
                )
            ]
        if not 0 < value < 1:
            return [
                Problem(name, line, "value", f"{raw!r}: a reduction removes a fraction between 0 and 1 of the base")
            ]
        return _at_least_problem(r, phrase, name, "no qualifier")
    if kind == "ordinal_class":
        valid = class_numbers(phrase)
        if value not in valid:
            shown = (
                ", ".join(f"{v:g}" for v in valid)
                or "none: the phrase prints no class such as Ⅲ类 (劣Ⅴ类 is not a class to reach)"
            )
            return [
                Problem(
                    name,
                    line,
                    "value",
                    f"{value:g} is not the water-quality class printed in the phrase (Ⅰ-Ⅴ read as 1-5); valid: {shown}",
                )
            ]
        expected = "<=" if any(w in phrase for w in CLASS_OR_BETTER) else "="
        if r["comparator"] != expected:
            reading = (
                "或好于/以上: that class or a cleaner one, class number <="
                if expected == "<="
                else "the class itself, no qualifier"
            )
            return [
                Problem(
                    name, line, "comparator", f"{r['comparator']!r} but the phrase reads as {expected!r} ({reading})"
                )
            ]
        if r["unit"] != CLASS_UNIT:
            return [
                Problem(
                    name, line, "unit", f"{r['unit']!r}: an ordinal_class row is in {CLASS_UNIT!r} (the class number)"
                )
            ]
        return []
    if r["unit"] == CLASS_UNIT:
        return [Problem(name, line, "unit", f"{CLASS_UNIT!r} is the unit of ordinal_class rows only, not of {kind!r}")]
    if kind == "lower_bound" and breaks_zero(phrase):
        if value == 1 and r["comparator"] == ">=":
            return []  # 破“零” / “零”的突破: at least one
        return [
            Problem(
                name,
                line,
                "value",
                f"{value:g}: breaking zero (破“零”) is a lower bound of 1 (comparator >=); "
                "a count the phrase prints is a level row of its own",
            )
        ]
    if number_in_phrase(value, phrase):
        return _reading_problems(r, phrase, name)
    hint = " (破“零” reads as lower_bound >= 1)" if breaks_zero(phrase) else ""
    return [Problem(name, line, "value", f"{value:g} is not a number of the phrase {phrase!r}{hint}")]


# Words that qualify a printed number: after it (以上, 左右, 以下) or before it (突破, 至少 ...).
_AFTER_WORDS = (("以上", ">="), ("左右", "~"), ("以下", "<="), ("以内", "<="))
_BEFORE_WORDS = (("不低于", ">="), ("至少", ">="), ("突破", ">="), ("超过", ">="), ("不超过", "<="), ("控制在", "<="))
_CN_NUMERALS = "一二两三四五六七八九十百千"


def _number_spans(value: float, phrase: str) -> list[tuple[int, int, bool]]:
    """Where the phrase prints ``value``: (start, end, written in Chinese numerals)."""
    spans = [(m.start(), m.end(), False) for m in re.finditer(r"\d+(?:\.\d+)?", phrase) if float(m.group()) == value]
    for m in re.finditer(f"[{_CN_NUMERALS}]+", phrase):
        if any(abs(v - value) < 1e-9 for v in _chinese_numerals(m.group())):
            spans.append((m.start(), m.end(), True))
    return spans


def printed_reading(value: float, phrase: str) -> tuple[set[str], set[str]]:
    """The comparators and units the phrase supports for ``value``: the qualifier printed next to
    the number (以上 after it, 突破/至少 before it, ...; none: '='), and the unit printed right after
    it (after the upper end of a range).  An empty unit set means the number carries no unit in
    the text (十大, 五大: counted in 个)."""
    comparators, units = set(), set()
    for start, end, chinese in _number_spans(value, phrase):
        rest = phrase[end:]
        rng = re.match(r"\s*[—–\-~～至到]\s*\d+(?:\.\d+)?", rest)
        if rng:
            comparators.add("range")
            rest = rest[rng.end() :]
        # the unit runs up to a qualifier word or punctuation: '50%以上' is 50, '%', 以上
        cut = min([rest.find(w) for w, _ in _AFTER_WORDS if 0 <= rest.find(w) <= 4] or [len(rest)])
        unit = re.match(r"[^\d\s,,。;;、“”\"()()]{1,4}", rest[:cut])
        tail = rest[unit.end() :] if unit else rest
        before = phrase[:start]
        found = [c for w, c in _AFTER_WORDS if tail.startswith(w)]
        # a qualifier before the number may be separated by a short verb: 至少办好1所
        found += [c for w, c in _BEFORE_WORDS if w in before.rstrip('“”"')[-(len(w) + 2) :]]
        if not rng:
            comparators.update(found or ["="])
        if unit and not (chinese and unit.group().startswith("大")):
            units.add(unit.group())
    return comparators, units


def _reading_problems(r: dict, phrase: str, name: str) -> list[Problem]:
    """A plain register row (level, bounds, approx, range) must read the phrase as printed: its
    comparator is the qualifier next to the number, and its unit the one printed after it."""
    if r["target_kind"] not in ("level", "lower_bound", "upper_bound", "approx", "range"):
        return []
    comparators, units = printed_reading(r["value"], phrase)
    problems = []
    if "not the comparator" in (r.get("note") or ""):  # the note explains a word that only looks like one
        comparators = {"="}
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
    note = r.get("note") or ""
    if unit and units and not any(u.startswith(unit) or unit.startswith(u) for u in units) and "unit" not in note:
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


def supported_target_years(phrase: str, nearby: str, plan_target_year: int) -> set[int]:
    """The target years the text supports: the year the phrase prints ('到2025年'), else a year
    printed nearby ('到2035年' opening the sentence), else the plan's target year."""
    for text in (phrase, nearby):
        printed = {int(y) for y in re.findall(r"(?<!\d)(\d{4})年", text)}
        if printed:
            return printed
    return {plan_target_year}


def observed_provenance(
    rows: list[dict], path: Path, plan_codes: dict[str, set[str]], series: dict[str, list[str]] | None = None
) -> list[Problem]:
    """Every observed row against its evidence and its series.

    ``plan_codes``: by region, the codes ``plan_indicator`` may take (:func:`.observed.plan_codes`).

    ``series`` maps each series id to the terms its evidence must name (``series.csv``,
    ``evidence_terms``); read from ``series.csv`` beside ``path`` when not given.
    """
    name = display_path(path)
    problems = []
    if series is None:
        series, found = read_series_terms(path.parent / "series.csv")
        problems += found
    for r in rows:
        if r["value"] is not None and r["evidence"] and r["unit"]:
            raw_value = r["_raw"]["value"]
            if not value_in_evidence(raw_value, r["unit"], r["evidence"], r["note"] or ""):
                problems.append(
                    Problem(
                        name,
                        r["_line"],
                        "value",
                        f"{raw_value} ({r['unit']}) is not in the evidence text, directly or through a conversion "
                        "stated in note",
                    )
                )
            else:
                problems += (
                    _sign_problems(r, name) + _price_basis_problems(r, name) + _reading_of_series_problems(r, name)
                )
        code = r["plan_indicator"]
        if code and plan_codes:
            region_codes = plan_codes.get(r["region"], set())  # the rows of the row's own region's plans
            if code not in region_codes:
                valid = _listing(region_codes) if region_codes else f"none (no plan of region {r['region']})"
                problems.append(
                    Problem(name, r["_line"], "plan_indicator", f"{code!r} is not a plan row; valid: {valid}")
                )
        problems += _series_problems(r, series, name)
        if r["year"] is not None and r["evidence"] is not None:
            allowed = supported_years(r["evidence"], r["source_title"] or "", r["note"] or "")
            if r["year"] not in allowed:
                shown = ", ".join(map(str, sorted(allowed))) or "none printed"
                problems.append(
                    Problem(
                        name,
                        r["_line"],
                        "year",
                        f"{r['year']} is not supported by the evidence, the source title or date, or the note; "
                        f"supported: {shown} (a year the evidence prints; else a data year of the title, "
                        "'YYYY年政府工作报告' / 'Yearbook YYYY' = YYYY-1, a publication date's year or the year "
                        "before; a note may state the year: 'year YYYY: how it was derived')",
                    )
                )
    return problems


# --- observed rows: series, sign and year -----------------------------------------------------

SERIES_TERMS_NOTE = "measure named on the page, outside the snippet:"


def read_series_terms(path: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """``series.csv``: each series id and the terms (``evidence_terms``, '|'-separated) one of
    which its observations' evidence or source title must print."""
    from .schema import Column, Schema, read_table

    schema = Schema(
        "series",
        (
            Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
            Column("description"),
            Column("unit"),
            Column("measure"),
            Column("plan_indicator", required=False),
            Column("evidence_terms"),
        ),
        key=("series_id",),
    )
    rows, problems = read_table(path, schema)
    terms = {}
    for r in rows:
        if r["series_id"] and r["evidence_terms"]:
            terms[r["series_id"]] = [t.strip() for t in r["evidence_terms"].split("|") if t.strip()]
    if not rows and not problems:
        problems.append(
            Problem(display_path(path), 1, "-", "no series: the catalogue needs one row per observed series")
        )
    return terms, problems


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _series_problems(r: dict, series: dict[str, list[str]], name: str) -> list[Problem]:
    sid = r["series_id"]
    if not sid or not series:
        return []
    if sid not in series:
        return [
            Problem(
                name,
                r["_line"],
                "series_id",
                f"{sid!r} is not a series of series.csv; valid: {_listing(series, most=200)}",
            )
        ]
    terms = series[sid]
    text = _fold(strip_urls((r["evidence"] or "") + " " + (r["source_title"] or "")))
    if any(_fold(t) in text for t in terms):
        return []
    named = re.search(re.escape(SERIES_TERMS_NOTE) + r"\s*([^;]+)", r["note"] or "")
    if named and any(_fold(t) in _fold(named.group(1)) for t in terms):
        return []
    return [
        Problem(
            name,
            r["_line"],
            "series_id",
            f"{sid!r}: neither the evidence nor the source title names the series (one of: {' | '.join(terms)}); "
            f"if the page names it outside the snippet, the note says so ('{SERIES_TERMS_NOTE} ...')",
        )
    ]


# A change written as a decline right before its number ('下降2.6%', 'fell 6.9 per cent',
# 'contracted by 2.14'); a level reached by falling ('降至36', 'fell to') is not a change.
_DECLINE_BEFORE = re.compile(
    r"(?:下降|减少|減少|降低|下滑|回落|减|減|降|"
    r"fell|fall of|drop of|dropped|declined?|decline of|decreased?|decrease of|contracted|shrank|down|reduced|"
    r"reduction of)"
    r"(?:\s*(?:了|by|of))?\s*$",
    re.IGNORECASE,
)
_MINUS_BEFORE = re.compile(r"[-−–]\s*$")
_SEPARATORS = re.compile(r"[,，;；。、|:：\n(（]")


def number_occurrences(magnitude: float, evidence: str) -> list[tuple[int, int, str]]:
    """Where the evidence prints ``magnitude`` (any sign), with the text just before each."""
    s = normalize_evidence(strip_urls(evidence))
    out = []
    for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])", s):
        if float(m.group()) == magnitude:
            before = s[max(0, m.start() - 24) : m.start()]
            cut = max((p.end() for p in _SEPARATORS.finditer(before)), default=0)
            out.append((m.start(), m.end(), before[cut:]))
    return out


def _declined(before: str) -> bool:
    return bool(_MINUS_BEFORE.search(before) or _DECLINE_BEFORE.search(before))


def _sign_problems(r: dict, name: str) -> list[Problem]:
    """A negative value is a decline the evidence states (a minus sign or a decline word right
    before the number) or a conversion the note states ('... = -6.9 %'); a positive value must not
    be printed only as a decline."""
    value, raw = r["value"], r["_raw"]["value"]
    found = number_occurrences(abs(value), r["evidence"])
    if value < 0:
        if any(_declined(b) for _, _, b in found):
            return []
        if re.search(r"=\s*[-−]\s*" + re.escape(raw.lstrip("-")) + r"(?![\d])", r["note"] or ""):
            return []
        return [
            Problem(
                name,
                r["_line"],
                "value",
                f"{raw} is negative but the evidence prints no minus sign or decline word (下降, 减少, fell ...) "
                f"before {raw.lstrip('-')}, and the note states no conversion ('... = {raw}')",
            )
        ]
    if value > 0 and re.search(r"=\s*[-−]\s*" + re.escape(raw) + r"(?![\d])", r["note"] or ""):
        return [Problem(name, r["_line"], "value", f"{raw} is positive but the note states the conversion to -{raw}")]
    if value > 0 and found and all(_declined(b) for _, _, b in found):
        return [
            Problem(
                name,
                r["_line"],
                "value",
                f"{raw} is positive but the evidence prints it as a decline ({found[0][2].strip()!r} before it): "
                f"store -{raw} and state the conversion in the note",
            )
        ]
    return []


def _reading_of_series_problems(r: dict, name: str) -> list[Problem]:
    """The value must be printed as the value of the thing measured, not as another number of the
    same snippet (:mod:`.reading`: unit family, change vs level, another year's value, table
    column).  A value found only through a conversion ('1.37 billion tonnes' = 13.7 亿吨) is bound
    by its multiplier and unit word already."""
    evidence = strip_urls(r["evidence"])
    column = table_column_problem(r, normalize_evidence(evidence))
    if column:
        return [Problem(name, r["_line"], "value", f"{r['_raw']['value']}: {column}")]
    s = normalize_evidence(evidence)
    found = number_occurrences(abs(r["value"]), r["evidence"])
    why = [occurrence_problem(r, before, s[end : end + 32]) for _, end, before in found]
    if found and all(why):
        return [
            Problem(
                name,
                r["_line"],
                "value",
                f"{r['_raw']['value']} is in the evidence but not as this series' value: {why[0]} (near "
                f"{s[max(0, found[0][0] - 12) : found[0][1] + 8]!r}); if the source means it so, say how in the note",
            )
        ]
    return []


_REAL_WORDS = re.compile(r"实际|實際|\breal\b|不变价|不變價|可比价|可比價", re.IGNORECASE)
_NOMINAL_WORDS = re.compile(r"名义|名義|\bnominal\b|现价|現價", re.IGNORECASE)
BASIS_WORD_REACH = 8  # '實際增長8.1': a basis word qualifies the number it stands right before
_MEASURE_BASIS = {
    "growth_real_pct": "real",
    "avg_growth_real_pct": "real",
    "growth_nominal_pct": "nominal",
    "avg_growth_nominal_pct": "nominal",
}


def _price_basis_problems(r: dict, name: str) -> list[Problem]:
    """When the evidence prints a real and a nominal growth rate ('名义增长9.1%,实际增长8.1%'), the
    value must not be the one printed right after the other basis' word (within
    ``BASIS_WORD_REACH`` characters before the number)."""
    basis = _MEASURE_BASIS.get(r["measure"])
    s = normalize_evidence(strip_urls(r["evidence"]))
    if basis is None or not (_REAL_WORDS.search(s) and _NOMINAL_WORDS.search(s)):
        return []
    words = sorted(
        [(m.end(), "real") for m in _REAL_WORDS.finditer(s)]
        + [(m.end(), "nominal") for m in _NOMINAL_WORDS.finditer(s)]
    )
    seen = []
    for start, _, _ in number_occurrences(abs(r["value"]), r["evidence"]):
        # the basis word of this number: the last one printed within a few characters before it
        before = [kind for end, kind in words if start - BASIS_WORD_REACH <= end <= start]
        seen.append(before[-1] if before else None)
        if not before or before[-1] == basis:
            return []
    if not seen:
        return []
    return [
        Problem(
            name,
            r["_line"],
            "value",
            f"{r['_raw']['value']} is printed as a {seen[0]} growth rate in the evidence, but the series is "
            f"{r['measure']} ({basis})",
        )
    ]


_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.]|\s*(?:元|万|萬|亿|億|%|个|人|件|户|吨|噸))")
_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d\d)")
_REVIEW_OF_PRIOR_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(?:省?政府工作报告|政府工作報告)|(?:Yearbook|年鉴|年鑑)\s*((?:19|20)\d\d)"
)
_LAST_YEAR = re.compile(r"去年|上年末|last year|过去一年|過去一年")


# A release dated in these first months of a year reports the previous year (communiqués, work reports).
EARLY_RELEASE_MONTH = 4


# How a note states the reference year of a value ({y} is the year).
_STATED_YEAR = (
    r"\byear {y}\b",  # 'year 2024: the January 2025 work report reviews 2024'
    r"(?<!\d)\d{{4}}\s*[-–—~至到]\s*{y}(?!\d)",  # the end year of a period '2016-2020'
    r"(?:end of|as of|in|for|data for|figure for|value for|at|year-end|end-|end|reference date|column '|through|"
    r"to) ?{y}(?!\d)",
    r"{y}年(?:末|底|数据|值)",  # '2020年末'
    r"(?<!\d){y} vs",  # '2020 vs 2015'
    r"\({y}\)",  # 'end of the 14th-plan period (2025)'
    r"'{y}年'",  # a table column '2018年'
)


def stated_years(note: str) -> set[int]:
    """The years a note states as a value's reference year (see ``_STATED_YEAR``)."""
    return {y for y in _years(note) if any(re.search(p.format(y=y), note) for p in _STATED_YEAR)}


def _years(text: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(text)}


def supported_years(evidence: str, title: str, note: str) -> set[int]:
    """The reference years the text supports, addresses removed:

    * a year the evidence prints;
    * a data year the source title prints (not part of a date), and the year before a year's
      government work report or yearbook ('2017年政府工作报告', 'Yearbook 2017' report 2016);
    * the year before a publication date when the evidence says 'last year' (去年), or, when
      nothing above gives a year, the year before a publication date (and, for a release dated
      after April, the date's own year too);
    * a year the note states as the reference year (``stated_years``: 'year 2024: ...',
      'end-2022', 'year-end 2025', 'in 2016', a period '2016-2020', 'column '2018年'' ...); a
      year the note merely mentions (another source's date, a comparison) does not count.
    """
    ev, title = strip_urls(evidence), strip_urls(title)
    dated = [(int(y), int(m)) for y, m in _DATE.findall(title)]
    dates = {y for y, _ in dated}
    base = _years(ev) | _years(_DATE.sub(" ", title))
    base |= {int(a or b) - 1 for a, b in _REVIEW_OF_PRIOR_YEAR.findall(title)}
    if _LAST_YEAR.search(ev):
        base |= {d - 1 for d in dates}
    if not base:
        # a release dated January-April reports the year before; a later one either year
        base = {y - 1 for y, _ in dated} | {y for y, m in dated if m > EARLY_RELEASE_MONTH}
    return base | stated_years(strip_urls(note))


def _listing(codes, most: int = 12) -> str:
    """A sorted list of valid codes for a message, shortened when long."""
    ordered = sorted(codes, key=lambda c: (len(c), c))
    shown = ", ".join(ordered[:most])
    return shown + (f" ... ({len(ordered)} in all)" if len(ordered) > most else "")


# --- what a plan row means: its printed number, attribute, unit, direction, basis, estimate flag --

_ATTRIBUTES = re.compile(r"预期性|约束性")
_GROWTH_BASES = ("real_growth", "nominal_growth", "quantity_growth")
_ESTIMATE_NOTE = re.compile(r"(\d{4})年((?:[^、。]+、)*[^、。]+?)等(\d+)项指标值为预计数")


def _printed_row_number(outline: Outline, line: int) -> int | None:
    """The row number printed beside a table row whose name starts at ``line``: at the start of
    that line ('2 常住人口城镇化率(%) ...'), or alone on the line before ('4' above a wrapped name).
    A lone number whose previous printed line is also a lone number belongs to a detached number
    column (专栏1 prints its numbers apart from the names) and tells nothing about this row."""
    m = re.match(r"^\s*(\d{1,2})\s+\S", outline.lines[line - 1])
    if m:
        return int(m.group(1))
    previous = [s.strip() for s in outline.lines[max(line - 7, 0) : line - 1] if s.strip()]
    if previous and re.fullmatch(r"\d{1,2}", previous[-1]):
        if len(previous) >= 2 and re.fullmatch(r"\d{1,2}", previous[-2]):
            return None
        return int(previous[-1])
    return None


def estimate_names(outline: Outline, first: int, last: int, base_year: int) -> tuple[list[str], int] | None:
    """The names a table note lists as estimates of the base year ('2020年A、B、...等8项指标值为预计数'),
    searched in the lines after the table (``first``-``last``), and the count it states."""
    text = outline.joined(first, last - first + 1)
    for m in _ESTIMATE_NOTE.finditer(text):
        if int(m.group(1)) == base_year:
            return m.group(2).split("、"), int(m.group(3))
    return None


def indicator_meaning(rows: list[dict], plan: Plan, outline: Outline) -> list[Problem]:  # noqa: C901
    """What a row means, checked against the table as printed and against itself.

    * the printed row number beside the name (where the table prints it next to the name) is
      ``group_no``; rows in source-line order have consecutive group numbers 1, 2, 3 ... and a
      code ``no`` that is the group number plus a part letter in printed order;
    * ``attribute_zh`` is the first 预期性/约束性 printed from the row's line on;
    * ``unit`` is the unit printed in brackets after the name (a note 'name prints unit (X)'
      documents a level column in another unit);
    * ``direction``: a lower bound is better higher, an upper bound (a cap) better lower; a level
      target that differs from its base lies in the stated direction unless the note calls it a
      floor or a ceiling; a reduction is better higher;
    * ``basis``: a name with 增长/增速 is a growth basis, with 降低/下降 a reduction, with 比重/占比
      a share, and a share is in %;
    * ``base_is_estimate`` is true exactly for the rows the table note lists as 预计数.
    """
    name = display_path(plan.indicators_path)
    problems: list[Problem] = []
    placed = [r for r in rows if r["source_line"] is not None and 1 <= r["source_line"] <= len(outline)]
    # printed numbers and the order of groups
    ordered = sorted(placed, key=lambda r: (r["source_line"], r["no"] or ""))
    group_seen: dict[int, int] = {}
    previous_group = 0
    for r in ordered:
        g, no, line = r["group_no"], r["no"] or "", r["source_line"]
        if g is None:
            continue
        if not re.fullmatch(rf"{g}[a-z]?", no):
            problems.append(
                Problem(name, r["_line"], "no", f"{no!r} is not the group number {g} plus an optional part letter")
            )
        printed = _printed_row_number(outline, line)
        if printed is not None and printed != g:
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "group_no",
                    f"{g} but the table prints row number {printed} at line {line} of {plan.source_path.name}",
                )
            )
        if g not in group_seen:
            if g != previous_group + 1:
                problems.append(
                    Problem(
                        name,
                        r["_line"],
                        "group_no",
                        f"{g} out of the printed order: the row after group {previous_group} (by source_line) must "
                        f"be group {previous_group + 1}",
                    )
                )
            group_seen[g] = line
            previous_group = g
        elif g != previous_group:
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "group_no",
                    f"{g}: the parts of a group are printed together, but group {previous_group} comes between",
                )
            )
    by_group: dict[int, list[dict]] = {}
    for r in ordered:
        by_group.setdefault(r["group_no"], []).append(r)
    for parts in by_group.values():
        codes = [p["no"] or "" for p in parts]  # a blank code is reported by the schema
        if len(parts) > 1 and codes != sorted(codes):
            problems.append(Problem(name, parts[0]["_line"], "no", f"parts {codes} are not lettered in printed order"))
    printed_units = {}
    for r in placed:
        joined = outline.joined(r["source_line"], 3)
        label = "".join((r["name_zh"] or "").split())
        at = joined.find(label) if label else -1
        unit = re.match(r"[(（]([^()（）]*)[)）]", joined[at + len(label) :]) if at >= 0 else None
        if unit:
            printed_units[r["no"]] = unit.group(1)
    for r in placed:
        line = r["source_line"]
        window = outline.text(line, INDICATOR_WINDOW)
        att = _ATTRIBUTES.search(window)
        if att and r["attribute_zh"] and att.group() != r["attribute_zh"]:
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "attribute_zh",
                    f"{r['attribute_zh']!r} but the table prints {att.group()!r} for the row at line {line}",
                )
            )
        # the parts of a combined cell ('国家实验室/…/国家级工程研究中心(个)') share the unit printed after the last
        unit = printed_units.get(r["no"]) or next(
            (printed_units[p["no"]] for p in by_group.get(r["group_no"], []) if p["no"] in printed_units), None
        )
        if unit and r["unit"] and unit != r["unit"] and f"name prints unit ({unit})" not in (r["note"] or ""):
            problems.append(
                Problem(name, r["_line"], "unit", f"{r['unit']!r} but the name is printed with the unit ({unit})")
            )
        problems += _direction_problems(r, name)
        problems += _basis_problems(r, name)
    # the estimate note below the table
    if placed:
        last = max(r["source_line"] for r in placed)
        listed = estimate_names(outline, last, min(last + 20, len(outline)), plan.base_year)
        flagged = {r["no"] for r in rows if r.get("base_is_estimate")}
        if listed is not None:
            names, count = listed
            wanted = {r["no"] for r in rows if any("".join((r["name_zh"] or "").split()) == n for n in names)}
            for r in rows:
                should = r["no"] in wanted
                if bool(r.get("base_is_estimate")) != should:
                    problems.append(
                        Problem(
                            name,
                            r["_line"],
                            "base_is_estimate",
                            f"{str(bool(r.get('base_is_estimate'))).lower()} but the table note "
                            f"{'lists' if should else 'does not list'} {r['name_zh']!r} among the {count} estimates "
                            "(预计数)",
                        )
                    )
            if len(wanted) != count:
                problems.append(
                    Problem(
                        name,
                        1,
                        "base_is_estimate",
                        f"the table note counts {count} estimates but {len(wanted)} rows carry their names",
                    )
                )
        elif flagged:
            for r in rows:
                if r.get("base_is_estimate"):
                    problems.append(
                        Problem(
                            name,
                            r["_line"],
                            "base_is_estimate",
                            "true but the outline prints no note listing the base year's estimates (预计数)",
                        )
                    )
    return problems


def _direction_problems(r: dict, name: str) -> list[Problem]:
    kind, direction, note = r["target_kind"], r["direction"], r["note"] or ""
    expected = None
    why = ""
    if kind == "lower_bound":
        expected, why = "higher", "a lower bound (at least) is better higher"
    elif kind == "upper_bound":
        expected, why = "lower", "an upper bound (a cap) is better lower"
    elif r["basis"] == "reduction_pct":
        expected, why = "higher", "a reduction is better larger"
    elif (
        kind in ("level", "approx")
        and r["base_value"] is not None
        and r["target_value"] is not None
        and r["base_value"] != r["target_value"]
        and not re.search(r"\b(floor|ceiling)\b", note)
    ):
        expected = "higher" if r["target_value"] > r["base_value"] else "lower"
        why = (
            f"the target {r['target_value']:g} is {'above' if expected == 'higher' else 'below'} the base "
            f"{r['base_value']:g}"
        )
    if expected and direction and direction != expected:
        return [
            Problem(
                name,
                r["_line"],
                "direction",
                f"{direction!r} but {why}: expected {expected!r} (a note calling the target a floor or ceiling "
                "documents an exception)",
            )
        ]
    return []


def _basis_problems(r: dict, name: str) -> list[Problem]:
    label, basis = r["name_zh"] or "", r["basis"]
    if not basis:
        return []
    expected = None
    if re.search(r"增长|增速", label):
        expected = _GROWTH_BASES
    elif re.search(r"降低|下降", label):
        expected = ("reduction_pct",)
    elif re.search(r"比重|占比", label):
        expected = ("share_pct",)
    if expected and basis not in expected:
        return [
            Problem(name, r["_line"], "basis", f"{basis!r} but the name {label!r} reads as {' or '.join(expected)}")
        ]
    if basis == "share_pct" and r["unit"] and r["unit"] != "%":
        return [Problem(name, r["_line"], "basis", f"share_pct but the unit is {r['unit']!r}, not %")]
    return []

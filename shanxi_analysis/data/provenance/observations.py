"""Observed rows against their evidence: each value appears in its ``evidence`` snippet,
literally or through a unit conversion (1.55 trillion yuan = 15500 亿元; 131.85亿公斤 = 1318.5
万吨; Japanese-style '2・0' = 2.0).  The comparison respects the precision printed on both sides,
so a single altered digit is caught while '1.765万亿元' still confirms 17650 亿元.  Beyond the
digits: the row's series (its evidence names one of the series' ``evidence_terms``), sign, price
basis, year, and that the number is printed as the value of the thing measured (:mod:`..reading`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import Problem
from ..reading import MULTIPLIERS, listed_names, occurrence_problem, table_column_problem
from ..schema import display_path
from .common import listing

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


def observed_provenance(
    rows: list[dict], path: Path, plan_codes: set[str], series: dict[str, list[str]] | None = None
) -> list[Problem]:
    """Every observed row against its evidence and its series.

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
        if code and plan_codes and code not in plan_codes:
            problems.append(
                Problem(name, r["_line"], "plan_indicator", f"{code!r} is not a plan row; valid: {listing(plan_codes)}")
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
    from ..schema import Column, Schema, read_table

    schema = Schema(
        "series",
        (
            Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
            Column("description"),
            Column("unit"),
            Column("measure"),
            Column("plan_indicator", required=False),
            Column("evidence_terms"),
            Column("published_in", required=False),
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
                f"{sid!r} is not a series of series.csv; valid: {listing(series, most=200)}",
            )
        ]
    terms = series[sid]
    evidence = strip_urls(r["evidence"] or "")
    # a '分别' list names its items through a compound head too (第一、二、三产业 names 第二产业)
    text = _fold(" ".join([evidence, r["source_title"] or "", *listed_names(evidence)]))
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

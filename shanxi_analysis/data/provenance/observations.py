"""Observed rows against their evidence: each value appears in its ``evidence`` snippet,
literally or through a unit conversion (1.55 trillion yuan = 15500 亿元; 131.85亿公斤 = 1318.5
万吨; Japanese-style '2・0' = 2.0).  The comparison respects the precision printed on both sides,
so a single altered digit is caught while '1.765万亿元' still confirms 17650 亿元.  Beyond the
digits: the row's series (its evidence names one of the series' ``evidence_terms``), sign, price
basis, year, and that the number is printed as the value of the thing measured (:mod:`..reading`).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ...core.errors import Problem
from ..reading import listed_names, occurrence_problem, table_column_problem
from ..schema import REGION_CODE, display_path
from .common import listing
from .numbers import normalize_evidence, strip_urls, value_in_evidence
from .years import year_support


def observed_provenance(
    rows: list[dict],
    path: Path,
    plan_codes: dict[str, set[str]],
    series: dict[str, list[str]] | None = None,
    outside: set[tuple] | None = None,
    verdicts: set[str] | None = None,
) -> list[Problem]:
    """Every observed row against its evidence and its series.

    ``plan_codes``: by region, the codes ``plan_indicator`` may take (:func:`..observed.plan_codes`).

    ``series`` maps each series id to the terms its evidence must name (``series.csv``,
    ``evidence_terms``), ``outside`` the typed entries of what a source states outside the
    snippet (``outside_snippet.csv``) and ``verdicts`` the series a verdict reads (the link
    files); all are read beside ``path`` when not given.
    """
    name = display_path(path)
    problems = []
    if series is None:
        series, found = read_series_terms(path.parent / "series.csv")
        problems += found
    if outside is None:  # its own problems are the file's (outside_snippet_problems)
        outside, _ = read_outside_snippet(path.parent / OUTSIDE_SNIPPET, series)
    verdicts = verdict_series(path.parent) if verdicts is None else verdicts
    for r in rows:
        problems += _value_problems(r, name) + _code_problems(r, plan_codes, name)
        problems += _series_problems(r, series, outside, name) + _year_problems(r, outside, name, verdicts)
    return problems


def _value_problems(r: dict, name: str) -> list[Problem]:
    if r["value"] is None or not r["evidence"] or not r["unit"]:
        return []
    raw_value = r["_raw"]["value"]
    if not value_in_evidence(raw_value, r["unit"], r["evidence"], r["note"] or ""):
        why = (
            f"{raw_value} ({r['unit']}) is not in the evidence text, directly or through a unit conversion printed "
            "with the number (a multiplier or unit word; a note is not evidence)"
        )
        return [Problem(name, r["_line"], "value", why)]
    return _sign_problems(r, name) + _price_basis_problems(r, name) + _reading_of_series_problems(r, name)


def _code_problems(r: dict, plan_codes: dict[str, set[str]], name: str) -> list[Problem]:
    """``plan_indicator`` names a row of a plan of the row's own region (``plan_codes``: by region)."""
    code = r["plan_indicator"]
    if not code or not plan_codes:
        return []
    region_codes = plan_codes.get(r["region"], set())
    if code in region_codes:
        return []
    valid = listing(region_codes) if region_codes else f"none (no plan of region {r['region']})"
    return [Problem(name, r["_line"], "plan_indicator", f"{code!r} is not a plan row; valid: {valid}")]


# A value over a five-year plan period (an average growth, a five-year total) is dated at the
# period's end: 2020 for 2016-2020, 2025 for 2021-2025.
_FIVE_YEAR_SERIES = re.compile(r"(?:avg|cum)(?:_growth)?5(?:_|$)")
PLAN_PERIOD = 5


def _period_end_problems(r: dict, name: str) -> list[Problem]:
    five_year = (r["measure"] or "").startswith("avg_growth") or _FIVE_YEAR_SERIES.search(r["series_id"] or "")
    if not five_year or r["year"] is None or r["year"] % PLAN_PERIOD == 0:
        return []
    why = f"{r['year']}: a value over a five-year plan period is dated at the period's end (2020, 2025, 2030)"
    return [Problem(name, r["_line"], "year", why)]


def verdict_series(raw: Path) -> set[str]:
    """The series a verdict reads: linked to a plan row or a register entry as annual or
    period_average (context links are only shown).  Read leniently: the link files' own problems
    are reported by their loaders."""
    from ..schema import LINKS, TEXT_TARGET_LINKS, read_table

    found = set()
    for file, schema in (("indicator_series.csv", LINKS), ("text_target_series.csv", TEXT_TARGET_LINKS)):
        rows, _ = read_table(raw / file, schema)
        found |= {r["series_id"] for r in rows if r["series_id"] and r["role"] in ("annual", "period_average")}
    return found


def _year_problems(r: dict, outside: set[tuple], name: str, verdicts: set[str] = frozenset()) -> list[Problem]:
    if r["year"] is None or r["evidence"] is None:
        return []
    if period := _period_end_problems(r, name):
        return period
    if _outside(r, "year") in outside:
        return []
    firm, loose = year_support(r["evidence"], r["source_title"] or "")
    if r["year"] in firm:
        return []
    if r["year"] in loose and r["series_id"] not in verdicts:
        return []
    if r["year"] in loose:  # a verdict reads this row: a year the date leaves open is not enough
        why = (
            f"{r['year']} rests on the source's date alone, which supports {' or '.join(map(str, sorted(loose)))}; a "
            f"verdict reads {r['series_id']}: state the year in a 'year' entry of {OUTSIDE_SNIPPET} (where the source "
            "says it)"
        )
        return [Problem(name, r["_line"], "year", why)]
    allowed = firm | loose
    shown = ", ".join(map(str, sorted(allowed))) or "none printed"
    why = (
        f"{r['year']} is not supported by the evidence or the source's title and date; supported: {shown} (a year "
        "the evidence prints; a data year of the title; 'YYYY年政府工作报告' / 'YYYY government work report' / "
        "'Yearbook YYYY' = YYYY-1; a release dated January-April reports the year before, a later one its own "
        f"year or the year before; a note is not evidence; else a typed 'year' entry in {OUTSIDE_SNIPPET})"
    )
    return [Problem(name, r["_line"], "year", why)]


# --- observed rows: series, sign and year -----------------------------------------------------

# The typed list of what a source states outside the quoted snippet (a heading, a year).
OUTSIDE_SNIPPET = "outside_snippet.csv"


def read_series_terms(path: Path) -> tuple[dict[str, list[str]], list[Problem]]:
    """``series.csv``: each series id and the terms (``evidence_terms``, '|'-separated) one of
    which its observations' evidence or source title must print."""
    from ..schema import SERIES, read_table

    rows, problems = read_table(path, SERIES)
    terms = {}
    for r in rows:
        if r["series_id"] and r["evidence_terms"]:
            terms[r["series_id"]] = [t.strip() for t in r["evidence_terms"].split("|") if t.strip()]
    if not rows and not problems:
        problems.append(
            Problem(display_path(path), 1, "-", "no series: the catalogue needs one row per observed series")
        )
    return terms, problems


OUTSIDE_KINDS = ("term", "year")


def read_outside_snippet(path: Path, series: dict[str, list[str]]) -> tuple[set[tuple], list[Problem]]:
    """``outside_snippet.csv`` (optional): what a source states outside the quoted snippet, one
    typed entry per observed row (series_id, region, year, source_url) and kind: ``term`` (the
    page names the series in a heading or a table title: ``text`` is one of the series'
    ``evidence_terms``) or ``year`` (the reference year no rule of :mod:`.years` reads from the
    snippet, the title or the date: ``text`` is that year); ``where`` says where the source states
    it.  Returns the keys (series_id, region, year, source_url, kind)."""
    from ..schema import Column, Schema, read_table

    if not path.exists() and not path.is_symlink():
        return set(), []
    schema = Schema(
        "outside_snippet",
        (
            Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
            Column("region", pattern=REGION_CODE),  # a region of regions.csv
            Column("year", "year"),
            Column("source_url"),
            Column("kind", "enum", choices=OUTSIDE_KINDS),
            Column("text"),
            Column("where"),
        ),
        key=("series_id", "region", "year", "source_url", "kind"),
    )
    rows, problems = read_table(path, schema)
    name = display_path(path)
    found = set()
    for r in rows:
        why = _outside_problem(r, series)
        if why:
            problems.append(Problem(name, r["_line"], why[0], why[1]))
        elif all(r[k] is not None for k in schema.key):
            found.add(tuple(r[k] for k in schema.key))
    return found, problems


def _outside_problem(r: dict, series: dict[str, list[str]]) -> tuple[str, str] | None:
    sid, text = r["series_id"], r["text"] or ""
    if sid and series and sid not in series:
        return "series_id", f"{sid!r} is not a series of series.csv"
    if r["kind"] == "term" and sid in series and not any(_fold(t) in _fold(text) for t in series[sid]):
        return "text", f"{text!r} names none of {sid}'s evidence terms: {' | '.join(series[sid])}"
    if r["kind"] == "year" and text != str(r["year"]):
        return "text", f"{text!r}: a year entry states the row's year, {r['year']}"
    return None


def outside_snippet_problems(rows: list[dict], path: Path, series: dict[str, list[str]] | None = None) -> list[Problem]:
    """The problems of ``outside_snippet.csv`` beside ``path`` (the observed file of ``rows``): its
    entries, checked, and every entry an observed row uses (a file-level check: validate and the
    loader run it on the whole table, never on a single row)."""
    if series is None:
        series, _ = read_series_terms(path.parent / "series.csv")
    outside, problems = read_outside_snippet(path.parent / OUTSIDE_SNIPPET, series)
    return problems + _unused_outside(outside, rows, path.parent / OUTSIDE_SNIPPET)


def _unused_outside(outside: set[tuple], rows: list[dict], path: Path) -> list[Problem]:
    """An entry no observed row uses is an error: the list stays closed and minimal."""
    used = {(r["series_id"], r["region"], r["year"], r["source_url"]) for r in rows}
    return [
        Problem(display_path(path), 1, "-", f"{kind} entry for {sid} {region} {year} at {url}: no observed row matches")
        for sid, region, year, url, kind in sorted(outside)
        if (sid, region, year, url) not in used
    ]


def _outside(r: dict, kind: str) -> tuple:
    return (r["series_id"], r["region"], r["year"], r["source_url"], kind)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _series_problems(r: dict, series: dict[str, list[str]], outside: set[tuple], name: str) -> list[Problem]:
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
    if _outside(r, "term") in outside:
        return []  # the page names it outside the snippet: a typed entry of outside_snippet.csv
    return [
        Problem(
            name,
            r["_line"],
            "series_id",
            f"{sid!r}: neither the evidence nor the source title names the series (one of: {' | '.join(terms)}); "
            f"if the page names it outside the snippet, add a typed 'term' entry to {OUTSIDE_SNIPPET}; a note is "
            "not evidence",
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


# An improvement of a concentration (a pollutant's 浓度) is a fall: '较2020年改善19.6%'.
_IMPROVED_BEFORE = re.compile(r"(?:改善|好转|好轉)(?:\s*了)?\s*$")
_CONCENTRATION = re.compile(r"浓度|濃度|concentration", re.IGNORECASE)


def _declined(before: str, evidence: str = "") -> bool:
    if _MINUS_BEFORE.search(before) or _DECLINE_BEFORE.search(before):
        return True
    return bool(_IMPROVED_BEFORE.search(before) and _CONCENTRATION.search(evidence))


def _sign_problems(r: dict, name: str) -> list[Problem]:
    """A negative value is a decline the evidence states: a minus sign or a decline word right
    before the number (an improvement, for a concentration); a note never makes a value negative.
    A positive value must not be printed only as a decline."""
    value, raw = r["value"], r["_raw"]["value"]
    found = number_occurrences(abs(value), r["evidence"])
    if value < 0:
        if any(_declined(b, r["evidence"]) for _, _, b in found):
            return []
        return [
            Problem(
                name,
                r["_line"],
                "value",
                f"{raw} is negative but the evidence prints no minus sign or decline word (下降, 减少, fell ...) "
                f"before {raw.lstrip('-')}",
            )
        ]
    if value > 0 and re.search(r"=\s*[-−]\s*" + re.escape(raw) + r"(?![\d])", r["note"] or ""):
        return [Problem(name, r["_line"], "value", f"{raw} is positive but the note states the conversion to -{raw}")]
    if value > 0 and found and all(_declined(b, r["evidence"]) for _, _, b in found):
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

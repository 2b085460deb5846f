"""Draft ``observed.csv`` rows from a statistical communiqué, a work report or a bulletin.

The reading rules that ``shanxi validate`` applies to a row (:mod:`..reading`, the provenance
checks) are turned around: for every number the text prints, intake asks which series of the
catalogue (``series.csv``) it could be the value of, and proposes a row only where the rules
accept the reading.  Every proposed row is then checked by the validator's own row checks; a row
the validator would refuse is never written.

How a number becomes a series' value:

1. its unit (and multiplier) belongs to the series' unit family and converts exactly
   (万亿元 -> 亿元, 亿斤 -> 万吨, 人 -> 万人): the value is converted, never rounded;
2. the validator's reading rules accept it (not a change for a level, not another year's value,
   not a name, rank, denominator, target ...);
3. the series' name (a naming term of its ``evidence_terms``) is the subject of the number: the
   nearest one printed before it in the same sentence, not inside a denominator ('占地区生产总值的
   比重' names the whole, not the part), not qualified by a word the series' own name lacks
   (城镇常住人口 is not 常住人口);
4. its measure fits how the number is printed: a growth or change is printed as one (增长, grew),
   an average as one (年均), a cumulative total as one (累计), a month's or a quarter's growth is
   not the year's; real and nominal growth by the words the text prints.

What intake is unsure of, it says: every row carries ``review`` (blank when sure), with the
reason: a qualifier (超, 约, 以上: the value is a bound), a price basis the text does not print,
two values for one series, another year's value, a forecast.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ...core.paths import raw_dir
from ..provenance import observed_provenance
from ..reading import is_change_series, multiplier_after, unit_family_after
from .catalogue import SeriesInfo, read_catalogue
from .numbers import Normal, Printed, printed_numbers
from .readings import SENTENCE_END, Reading, around, clause_end, read_as, sentence_of, spans

OBSERVED_COLUMNS = (
    "series_id",
    "region",
    "year",
    "value",
    "unit",
    "measure",
    "price_basis",
    "plan_indicator",
    "vintage",
    "source_grade",
    "source_title",
    "source_url",
    "evidence",
    "note",
)
DRAFT_COLUMNS = (*OBSERVED_COLUMNS, "review")


@dataclass
class Draft:
    """A proposed row: the observed columns as text, the review reasons, where it was read."""

    row: dict
    reasons: list[str] = field(default_factory=list)
    start: int = 0  # the snippet's place in the document (characters of the original text)
    end: int = 0
    line: int = 0  # the document line the number is on
    number: int = 0  # the number's place in the document
    refused: bool = False  # the validator refused every snippet tried
    year_printed: bool = False  # the text ties the number to the row's year ('by the end of 2022')
    aside: bool = False  # printed inside brackets ('(以农村居民收入为1)')

    @property
    def review(self) -> str:
        return "; ".join(dict.fromkeys(self.reasons))

    def as_dict(self) -> dict:
        return {**self.row, "review": self.review}


# --- the drafts -----------------------------------------------------------------------------


class Drafts(list):
    """The draft rows, and the readings the validator refused (``refused``, each with its reason)."""

    def __init__(self, drafts=(), refused=()):
        super().__init__(drafts)
        self.refused = list(refused)


@dataclass(frozen=True)
class _Document:
    """A document being read, and what every draft row of it shares."""

    norm: Normal
    sentences: list
    region: str
    vintage: str
    grade: str
    title: str
    url: str
    note: str
    path: Path  # observed.csv, for the validator's messages
    terms: dict
    year: int  # the year the document reports on


def draft_observed(
    text: str,
    region: str,
    year: int,
    *,
    data_dir=None,
    vintage: str = "preliminary",
    source_grade: str = "official",
    source_title: str = "",
    source_url: str = "",
    note: str = "",
    series: str | None = None,
    catalogue: list[SeriesInfo] | None = None,
    history: dict | None = None,
    explain: list | None = None,
) -> Drafts:
    """Draft observed rows for every series of the catalogue the text prints a value of.

    Every draft passes the validator's row checks (with a source title naming the year and a URL
    filled in for the check: the user fills in the real ones); a reading they refuse is left out
    and listed in ``.refused`` with the reason.  ``series`` reads the text as that series only
    (its name need not be printed): the snippet benchmark reads each row's own evidence knowing
    its series; the best reading is proposed, marked for review when there were others.
    ``explain`` (a list) collects why each number was not read as each series."""
    catalogue = catalogue if catalogue is not None else read_catalogue(data_dir)
    known = None
    if series is not None:
        known = next((c for c in catalogue if c.id == series), None)
        if known is None:
            from ...core.errors import unknown_choice

            raise unknown_choice("series", series, sorted(c.id for c in catalogue))
    norm = Normal(text)
    s = norm.s
    doc = _Document(
        norm,
        spans(s, SENTENCE_END),
        region,
        vintage,
        source_grade,
        source_title,
        source_url,
        note,
        raw_dir(data_dir) / "observed.csv",
        {c.id: list(c.terms) for c in catalogue},
        year,
    )
    union = re.compile("|".join(c.pattern.pattern for c in catalogue if c.pattern), re.IGNORECASE)
    readings: list[tuple[Printed, Reading]] = []
    for p in printed_numbers(s):
        if _is_a_year(s, p):
            continue
        a = around(s, doc.sentences, p, union, known is not None)
        for candidate in [known] if known is not None else catalogue:
            reading = read_as(norm, a, p, candidate, year, known is not None)
            if isinstance(reading, Reading):
                readings.append((p, reading))
            elif explain is not None:
                explain.append((p.digits, candidate.id, reading))
    readings = _one_series_per_number(readings)
    drafts, refused = [], []
    for p, r in readings:
        d = _fit(doc, p, r)
        (refused if d.refused else drafts).append(d)
    drafts = _merge_repeats(drafts)
    # before choosing among readings: a value far from the series' own history is a doubt
    # (359.7萬件 of all patents beside 7.5件 per 10,000 people)
    _against_history(drafts, history if history is not None else read_history(data_dir))
    if known is not None:
        drafts = _best_of(drafts)
    _glued_marks(norm, drafts)
    return Drafts(drafts, refused)


def _glued_marks(norm: Normal, drafts: list[Draft]) -> None:
    """Text extracted from a PDF prints a space before its numbers ('增加值 19534.6 亿元'); where one
    number of it is glued to the word before it ('地区生产总值253231.0 亿元'), a footnote mark may
    have been glued to its first digit (the true value 53231.0): marked for review."""
    s = norm.s
    starts = [m.start() for m in re.finditer(r"(?<=[\u4e00-\u9fff])\s*\d", s)]
    spaced = sum(1 for i in starts if s[i] == " ")
    if len(starts) < 8 or spaced < 0.6 * len(starts):
        return
    for d in drafts:
        at = norm.where.index(d.number) if d.number in norm.where else -1
        if at > 0 and re.match(r"[\u4e00-\u9fff]", s[at - 1]) and len(d.row["value"].split(".")[0]) > 2:
            d.reasons.append(
                "printed glued to the word before it in a text that spaces its numbers: the first digit may be a "
                "footnote mark (check the value)"
            )


def read_history(data_dir=None) -> dict[tuple[str, str], list[tuple[int, float]]]:
    """The values ``observed.csv`` holds, by series and region: (year, value) pairs."""
    import csv

    out: dict[tuple[str, str], list[tuple[int, float]]] = {}
    path = raw_dir(data_dir) / "observed.csv"
    if not path.is_file():
        return out
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            try:
                out.setdefault((r["series_id"], r["region"]), []).append((int(r["year"]), float(r["value"])))
            except (KeyError, ValueError):
                continue  # the validator reports a broken row; history is only a plausibility check
    return out


# how far a level may lie from the series' own value in the nearest other year before intake asks
_HISTORY_FACTOR = 3.0


def _against_history(drafts: list[Draft], history) -> None:
    """A level far from what the series held in the nearest other year (37183400 万人 where the
    population was 3729.22 万人) is marked for review: a unit or a digit may be wrong."""
    for d in drafts:
        if is_change_series(d.row["series_id"], d.row["measure"]):
            continue
        year, value = int(d.row["year"]), abs(float(d.row["value"]))
        others = [(abs(y - year), v) for y, v in history.get((d.row["series_id"], d.row["region"]), []) if y != year]
        if not others or value == 0:
            continue
        gap, nearest = min(others)
        if nearest and not 1 / _HISTORY_FACTOR <= value / abs(nearest) <= _HISTORY_FACTOR:
            d.reasons.append(f"far from the series' value {nearest:g} {gap} year(s) away: check the unit and digits")


def _is_a_year(s: str, p: Printed) -> bool:
    return bool(
        re.fullmatch(r"(?:19|20)\d\d", p.digits)
        and (re.match(r"\s*(?:年|年度|-|—|/|\))", s[p.end : p.end + 2]) or not unit_family_after(s[p.end : p.end + 16]))
        and multiplier_after(s[p.end : p.end + 8]) is None
    )


def _one_series_per_number(readings):
    """A number is the value of one series: the one whose name is printed nearest before it
    (the longest name first).  Series of one name are told apart by how the number is printed
    (the readings that needed no review first); a growth whose basis the text does not print
    goes to the plan's own series (``plan_indicator``) with a review mark; what is left
    undecided is marked for review with the other series named."""
    by_number: dict[int, list[tuple[Printed, Reading]]] = {}
    for p, r in readings:
        by_number.setdefault(p.start, []).append((p, r))
    out = []
    for group in by_number.values():
        group.sort(key=lambda pr: (-pr[1].subject_at, -max((len(n) for n in pr[1].series.names), default=0)))
        best = [pr for pr in group if pr[1].subject_at == group[0][1].subject_at]
        best = [pr for pr in best if not pr[1].reasons] or best
        if len(best) > 1 and all(pr[1].unmarked_basis for pr in best):
            best.sort(key=lambda pr: (not pr[1].series.plan_indicator, pr[1].series.measure != "growth_real_pct"))
            p, r = best[0]
            why = f"the text does not say real or nominal; read as {r.price_basis} (the plan's series)"
            best = [(p, _with_reason(r, why))]
        if len(best) > 1:
            p, r = best[0]
            others = ", ".join(pr[1].series.id for pr in best[1:])
            best = [(p, _with_reason(r, f"could also be: {others}"))]
        out.extend(best)
    return out


def _best_of(drafts: list[Draft]) -> list[Draft]:
    """Knowing the series: the reading with the fewest doubts, printed first; the others are
    named in its review reason."""
    if len(drafts) <= 1:
        return drafts

    def rank(d: Draft):
        doubts = len([r for r in d.reasons if not r.startswith("the text prints")])
        return (not d.year_printed, doubts, d.aside, d.number)

    ranked = sorted(drafts, key=rank)
    best = ranked[0]
    best.reasons = [r for r in best.reasons if not r.startswith("the text prints")]
    others = ", ".join(d.row["value"] for d in ranked[1:])
    best.reasons.append(f"the text also prints {others} (read as this series too)")
    return [best]


def _with_reason(r: Reading, why: str) -> Reading:
    return Reading(**{**r.__dict__, "reasons": (*r.reasons, why)})


def _line_of(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1


def _fit(doc: _Document, p: Printed, r: Reading) -> Draft:
    """The draft of a reading with the shortest snippet the validator accepts: the series' name
    to the number (and its year), else its clause, its sentence, or the sentence before too."""
    s = doc.norm.s
    lo, hi = sentence_of(doc.sentences, p.start)
    a, b = r.snippet
    previous = sentence_of(doc.sentences, max(lo - 1, 0))[0] if lo > 0 else lo
    row = _table_row(s, p.start)
    # a table cell is shown with its whole row (the column it stands in is part of its meaning)
    spans = [row] if row else dict.fromkeys([(a, b), (a, clause_end(s, b, hi)), (lo, b), (lo, hi), (previous, hi)])
    first = None
    for span in spans:
        d = _draft(doc, p, r, span)
        if first is None:
            first = d
        problems = _validate(doc, d)
        if not problems:
            return d
        if span == (a, b):
            first.reasons.append("refused by validate: " + problems[0].message)
    first.refused = True
    return first


_CELL_GAP = re.compile(r"\s*[,，|\t]\s*|\s{2,}|(?<=\d)\s(?=-?\d)")


def _table_row(s: str, at: int) -> tuple[int, int] | None:
    """The line of a statistics table the number is a cell of (three numbers or more, apart by
    commas, bars, tabs or spaces, with little text): the validator reads the cell's column there."""
    lo = s.rfind("\n", 0, at) + 1
    hi = s.find("\n", at)
    hi = len(s) if hi < 0 else hi
    line = s[lo:hi]
    numbers = re.findall(r"-?\d+(?:\.\d+)?", line)
    if len(numbers) < 3 or len(_CELL_GAP.findall(line)) < 2:
        return None
    text = re.sub(r"[-\d.,，|\s]", "", line)
    return (lo, hi) if len(text) <= max(12, len(line) // 3) else None


def _validate(doc: _Document, d: Draft):
    raw = dict(d.row)
    # the title the user fills in names the year the document reports (a communiqué of 2024): a
    # row of another year must show its year in the snippet
    raw["source_title"] = raw["source_title"] or f"{doc.year}年 (title to fill in)"
    raw["source_url"] = raw["source_url"] or "https://example.invalid/"
    return observed_provenance([_typed(raw, 2)], doc.path, set(), doc.terms)


def _draft(doc: _Document, p: Printed, r: Reading, span: tuple[int, int]) -> Draft:
    norm = doc.norm
    a, b = span
    evidence = norm.original(a, b).strip()
    start = norm.text.find(evidence, norm.where[a]) if a < len(norm.where) else 0
    value = r.value
    before = norm.s[max(0, p.start - 16) : p.start]
    if norm.s[p.start - 1 : p.start] in ("-", "−") or (r.series.change and _DECLINE.search(before)):
        value = "-" + value
    row = {
        "series_id": r.series.id,
        "region": doc.region,
        "year": str(r.year),
        "value": value,
        "unit": r.series.unit,
        "measure": r.series.measure,
        "price_basis": r.price_basis,
        "plan_indicator": "",
        "vintage": r.vintage or doc.vintage,
        "source_grade": doc.grade,
        "source_title": doc.title,
        "source_url": doc.url,
        "evidence": evidence,
        "note": "; ".join(x for x in (r.note, doc.note) if x),
    }
    return Draft(
        row,
        list(r.reasons),
        start,
        start + len(evidence),
        _line_of(norm.text, norm.where[p.start]),
        norm.where[p.start],
        year_printed=r.year_printed,
        aside=r.aside,
    )


_DECLINE = re.compile(
    r"(?:下降|减少|減少|降低|下滑|回落|fell|dropped|declined?|decreased?|contracted|shrank|down|drop of|fall of)"
    r"(?:\s*(?:了|by|of))?\s*$",
    re.IGNORECASE,
)


def _merge_repeats(drafts: list[Draft]) -> list[Draft]:
    """One row per series, year and value (the first, shortest snippet); two values for one
    series and year are both kept and both marked for review."""
    seen: dict[tuple, Draft] = {}
    for d in drafts:
        key = (d.row["series_id"], d.row["year"], d.row["value"])
        if key not in seen or (len(d.row["evidence"]) < len(seen[key].row["evidence"]) and not d.reasons):
            seen[key] = d
    kept = sorted(seen.values(), key=lambda d: d.number)
    by_series: dict[tuple, list[Draft]] = {}
    for d in kept:
        by_series.setdefault((d.row["series_id"], d.row["year"], d.row["vintage"]), []).append(d)
    for group in by_series.values():
        if len(group) > 1:
            values = ", ".join(d.row["value"] for d in group)
            for d in group:
                d.reasons.append(f"the text prints {len(group)} values for this series and year: {values}")
    return kept


def _typed(raw: dict, line: int) -> dict:
    """A draft row as the validator's checks take it (as :func:`..schema.read_table` gives it)."""
    row = {k: (v if v != "" else None) for k, v in raw.items()}
    row["year"] = int(raw["year"])
    row["value"] = float(raw["value"])
    row["_raw"] = dict(raw)
    row["_line"] = line
    return row

"""Provenance of the plans that are not a table printed in their source text.

A plan's numbers are traced to its source as ``plans.csv`` says (``traced_by``):

* ``table``: each row is a row of a table printed in the source text (the Shanxi outlines' 专栏);
  checked by :func:`.provenance.indicator_provenance`.
* ``sentence``: each row quotes, in ``source_text``, the words of its source line that state it
  (the national 15th outline's 第三章, or a press report's sentence).  The words must be printed on
  that line, name the indicator (``name_zh``), and print the target: its number with the
  qualifier the row gives it (以上, 左右, 以下, 低于 ...; a change such as 降低17% for a five-year
  figure, a level such as 提高到80岁 for a level), or, for a target without a number, its words.
* ``cells``: the source is a table of its own (the national 14th plan's indicators reconstructed
  from reports) in which each row is the row at ``source_line``: the name, unit and every cell
  must be the source table's, a blank cell stays blank, and each filled cell needs a row of the
  evidence table (``evidence_file``: ``no, indicator_zh, field, value, source_grade, ...,
  evidence, note``) giving that value, whose evidence prints the number (through the unit's
  multiplier: 4.6 billion tonnes = 46 亿吨), or the words of a target without a number.  An
  evidence row may instead point at a row of ``observed.csv`` (``<series> <region> <year> =
  <value>``), derive the value by arithmetic its note states (``IMPLIED: 89.4 - 4.4 = 85.0``,
  each operand printed in the evidence), or, for an attribute, cover a range of rows (``applies to
  all ... rows 14-18``).

One function, :func:`plan_provenance`, applies the plan's rule; the loaders and ``shanxi validate``
share it.
"""

from __future__ import annotations

import csv
import io
import re
from functools import lru_cache
from pathlib import Path

from ...core.errors import Problem
from ...core.stamps import file_stamp
from ..printed import PrintedTarget, PrintedTargetError, numbers_in, parse_printed_target
from ..schema import Plan, display_path, read_text_file
from .common import Outline, load_outline
from .indicators import indicator_provenance
from .observations import value_in_evidence

# The columns of a source table (``traced_by = cells``) and of its evidence table.
SOURCE_COLUMNS = ("indicator_zh", "unit", "attribute")
EVIDENCE_COLUMNS = ("no", "indicator_zh", "field", "value", "source_grade", "source_title", "source_url", "evidence")
# The source table's cell fields and the plan table's columns they are.
BASE_FIELD, ATTRIBUTE_FIELD = "base_{year}", "attribute"
TARGET_FIELD = "target_{year}"
# Words before a number that make it a change over the period, not a level to reach.
CHANGE_WORDS = ("降低", "下降", "减少", "新增", "累计", "再提高")
LEVEL_VERBS = ("到", "至", "在", "达")
# The qualifier of a number in a sentence: a word after it, past its unit ('27微克/立方米以下',
# '7%以上'), or before it ('低于5.5%').  A longer word is tried first (不低于 before 低于).
_AFTER = re.compile(r"[^\d，。；、,;：:]{0,8}?(以上|以下|以内|左右)")
_BEFORE = (
    ("不低于", ">="),
    ("不超过", "<="),
    ("不高于", "<="),
    ("至少", ">="),
    ("低于", "<"),
    ("高于", ">"),
    ("超过", ">"),
)
_AFTER_COMPARATORS = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
# Traditional forms in the evidence of reports from Hong Kong and Taiwan mirrors, read as simplified
# for the words of a cell (预期性, 高于GDP增长 ...); numbers are compared as numbers.
_TRADITIONAL = str.maketrans(
    "預約於長經濟產勞動員時實際華與標發質數學國間會環綠態區內體總業當現進準權擬",
    "预约于长经济产劳动员时实际华与标发质数学国间会环绿态区内体总业当现进准权拟",
)
_OBSERVED_REF = re.compile(r"([a-z][a-z0-9_]*) ([a-z][a-z0-9_]*) (\d{4}) = (-?\d+(?:\.\d+)?)")
_IMPLIED = re.compile(r"IMPLIED:\s*(-?\d+(?:\.\d+)?)\s*([-+])\s*(-?\d+(?:\.\d+)?)\s*=\s*(-?\d+(?:\.\d+)?)")
_ROW_RANGE = re.compile(r"rows (\d+)-(\d+)")


def plan_provenance(rows: list[dict], plan: Plan) -> list[Problem]:
    """Every row of ``plan``'s indicator table against its source, by the plan's rule."""
    if plan.traced_by == "table":
        return indicator_provenance(rows, plan, load_outline(plan.source_path))
    if plan.traced_by == "sentence":
        return sentence_provenance(rows, plan, load_outline(plan.source_path))
    return cell_provenance(rows, plan)


def _fold(text: str) -> str:
    return re.sub(r"\s+", "", str(text)).translate(_TRADITIONAL)


def _headline(r: dict) -> tuple[str, PrintedTarget | None]:
    """The column and the parsed headline target (the level column, else the rate column)."""
    for col, kind in (("target_text", "level"), ("target_rate_text", "rate")):
        text = r.get(col)
        if text not in (None, "-"):
            try:
                return col, parse_printed_target(text, column=kind)
            except PrintedTargetError:
                return col, None  # reported by the table's reader
    return "target_text", None


# --- traced by sentence ------------------------------------------------------------------------


def _comparator_class(comparator: str | None) -> str:
    return {">": ">=", ">=": ">=", "<": "<=", "<=": "<="}.get(comparator or "=", comparator or "=")


def _qualifier(words: str, number: re.Match) -> str:
    """The comparator a sentence gives the number at ``number`` (``=`` when none)."""
    after = _AFTER.match(words, number.end())
    if after:
        return _AFTER_COMPARATORS[after.group(1)]
    before = words[: number.start()]
    return next((c for w, c in _BEFORE if before.endswith(w)), "=")


def _number_problems(r: dict, target: PrintedTarget, words: str, col: str, name: str) -> list[Problem]:
    """The number of ``target`` printed in ``words`` with the row's qualifier and kind."""
    value = target.value
    spans = [m for m in re.finditer(r"\d+(?:\.\d+)?", words) if float(m.group()) == value]
    if not spans:
        return [Problem(name, r["_line"], col, f"{value:g} is not printed in source_text {words!r}")]
    comparators = {_qualifier(words, m) for m in spans}
    want = _comparator_class(target.comparator)
    if want not in {_comparator_class(c) for c in comparators}:
        return [
            Problem(
                name,
                r["_line"],
                col,
                f"{target.text!r} reads as {target.comparator!r}, but {words!r} prints the number with "
                f"{' or '.join(sorted(comparators))} (以上/不低于: >=; 低于: <; 以下/以内: <=; 左右: ~; none: =)",
            )
        ]
    changed = [
        any(w in words[: m.start()] for w in CHANGE_WORDS) and not words[: m.start()].endswith(LEVEL_VERBS)
        for m in spans
    ]
    is_change = r["target_kind"] in ("cumulative", "level_increase")
    if is_change and not any(changed):
        return [
            Problem(
                name,
                r["_line"],
                "target_kind",
                f"{r['target_kind']!r} is a change over the period, but {words!r} prints {value:g} as a level "
                f"(a change reads {'/'.join(CHANGE_WORDS)} before the number, without 到/至)",
            )
        ]
    if not is_change and r["target_kind"] != "avg_growth" and all(changed):
        return [
            Problem(
                name,
                r["_line"],
                "target_kind",
                f"{r['target_kind']!r} is a level, but {words!r} prints {value:g} as a change over the period",
            )
        ]
    return []


def sentence_provenance(rows: list[dict], plan: Plan, text: Outline) -> list[Problem]:
    """Each row's ``source_text`` is printed on its source line, names the indicator and prints
    the target (module doc)."""
    name = display_path(plan.indicators_path)
    problems = []
    for r in rows:
        if r["source_line"] is not None:
            problems += _sentence_row(r, plan.source_path.name, text, name)
    return problems


def _sentence_row(r: dict, source: str, text: Outline, name: str) -> list[Problem]:
    line, words = r["source_line"], r.get("source_text")
    if not words:
        return [Problem(name, r["_line"], "source_text", f"is empty; quote the words of line {line} of {source}")]
    if not 1 <= line <= len(text):
        return [Problem(name, r["_line"], "source_line", f"{line} is outside {source} (1-{len(text)})")]
    words = re.sub(r"\s+", "", words)
    if words not in text.joined(line, 0):
        return [Problem(name, r["_line"], "source_text", f"not printed at line {line} of {source}")]
    problems = []
    if r["name_zh"] and re.sub(r"\s+", "", r["name_zh"]) not in words:
        problems.append(Problem(name, r["_line"], "name_zh", f"{r['name_zh']!r} is not named in {words!r}"))
    col, target = _headline(r)
    if target is None:
        return problems
    if target.value is None:  # a target stated in words: the words themselves are printed
        if re.sub(r"\s+", "", target.text) not in words:
            problems.append(Problem(name, r["_line"], col, f"{target.text!r} is not printed in {words!r}"))
        return problems
    problems += _number_problems(r, target, words, col, name)
    printed = [float(p) for p in numbers_in(words)]
    for n in numbers_in(r.get("base_text") or ""):
        if float(n) not in printed:
            problems.append(Problem(name, r["_line"], "base_text", f"{n} is not printed in {words!r}"))
    return problems


# --- traced to source cells with evidence ----------------------------------------------------------


def _read_csv(path: Path) -> tuple[tuple[dict, ...], tuple[Problem, ...]]:
    return _read_csv_cached(path, file_stamp(path))


@lru_cache(maxsize=8)
def _read_csv_cached(path: Path, stamp: tuple) -> tuple[tuple[dict, ...], tuple[Problem, ...]]:
    """A source or evidence table, its rows with their file line (``_line``); tuples, since the
    cache hands the same object to every caller."""
    name = display_path(path)
    text, problem = read_text_file(path)  # the rules of core.files: no device, FIFO, link out, huge file
    if problem is not None:
        return (), (problem,)
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return (), (Problem(name, 1, "-", "no header row"),)
    rows = []
    try:
        for cells in reader:
            if len(cells) != len(header):
                message = f"has {len(cells)} fields, the header has {len(header)}"
                return tuple(rows), (Problem(name, reader.line_num, "-", message),)
            rows.append({**dict(zip(header, cells, strict=True)), "_line": reader.line_num})
    except csv.Error as exc:
        return tuple(rows), (Problem(name, reader.line_num, "-", f"malformed CSV: {exc}"),)
    return tuple(rows), ()


def _missing_columns(path: Path, rows: list[dict], columns) -> list[Problem]:
    if not rows:
        return []
    missing = [c for c in columns if c not in rows[0]]
    return [Problem(display_path(path), 1, c, "column is missing") for c in missing]


def _cell_text(value) -> str:
    return "" if value in (None, "-") else str(value)


def _evidence_shows(r: dict, field: str, cell: str, ev: dict, observed: dict) -> str | None:
    """Why evidence row ``ev`` does not show ``cell`` (None when it does)."""
    evidence, note = ev["evidence"], ev.get("note", "")
    ref = _OBSERVED_REF.search(evidence) if ev["source_grade"] == "see observed.csv" else None
    if ref:
        series, region, year, value = ref.groups()
        found = observed.get((series, region, int(year)), ())
        if float(value) not in found or not any(float(n) == float(value) for n in numbers_in(cell)):
            return f"observed.csv has no {series} {region} {year} = {cell}"
        return None
    implied = _IMPLIED.search(note)
    if implied:
        a, op, b, result = implied.groups()
        total = float(a) + float(b) if op == "+" else float(a) - float(b)
        shown = all(value_in_evidence(x, "%", evidence) for x in (a, b))
        if not shown or abs(total - float(result)) > 1e-9 or float(result) not in map(float, numbers_in(cell)):
            return f"the note's arithmetic {implied.group(0)!r} does not give {cell} from numbers of the evidence"
        return None
    numbers = numbers_in(cell.split("（")[0].split("(")[0])
    if numbers:
        unit = r["unit"] or ""
        missing = [n for n in numbers if not value_in_evidence(n.lstrip("-"), unit, evidence, note)]
        return f"{', '.join(missing)} ({unit}) not in the evidence" if missing else None
    if _fold(cell) in _fold(evidence):
        return None
    target = parse_printed_target(cell, column="rate") if field != ATTRIBUTE_FIELD else None
    # a relation may be worded otherwise (居民收入增长和经济增长要基本同步): its key word is enough
    if target is not None and target.kind == "relative_growth" and _relation_word(target) in _fold(evidence):
        return None
    return f"{cell!r} is not in the evidence"


def _relation_word(target: PrintedTarget) -> str:
    return "同步" if target.comparator == "~" else "高于"


def _observed_values(plan: Plan) -> dict[tuple, set[float]]:
    """(series, region, year) -> the values of ``observed.csv`` beside the plan's files."""
    rows, _ = _read_csv(plan.indicators_path.parent / "observed.csv")
    out: dict[tuple, set[float]] = {}
    for o in rows:
        try:
            out.setdefault((o["series_id"], o["region"], int(o["year"])), set()).add(float(o["value"]))
        except (KeyError, ValueError):
            continue
    return out


def _covers(ev: dict, number: int, field: str) -> bool:
    """An evidence row for this source row and field, or an attribute row whose note covers it."""
    if ev["field"] != field:
        return False
    if ev["no"] == str(number):
        return True
    span = _ROW_RANGE.search(ev.get("note", "")) if field == ATTRIBUTE_FIELD else None
    return bool(span) and int(span.group(1)) <= number <= int(span.group(2))


def cell_provenance(rows: list[dict], plan: Plan) -> list[Problem]:
    """Each row against its source table row and each filled cell against its evidence (module doc)."""
    name = display_path(plan.indicators_path)
    source_rows, found = _read_csv(plan.source_path)
    evidence_rows, more = _read_csv(plan.evidence_path) if plan.evidence_path else ((), ())
    problems = [*found, *more, *_missing_columns(plan.source_path, source_rows, SOURCE_COLUMNS)]
    if plan.evidence_path:
        problems += _missing_columns(plan.evidence_path, evidence_rows, EVIDENCE_COLUMNS)
    else:
        problems.append(
            Problem(display_path(plan.source_path), 0, "-", "a plan traced by cells names its evidence_file")
        )
    if problems:
        return problems
    by_line = {s["_line"]: (i + 1, s) for i, s in enumerate(source_rows)}
    cells = _CellCheck(plan, name, evidence_rows, _observed_values(plan))
    for r in rows:
        if r["source_line"] not in by_line:
            problems.append(
                Problem(name, r["_line"], "source_line", f"{r['source_line']} is no row of {plan.source_path.name}")
            )
            continue
        problems += cells.row(r, *by_line[r["source_line"]])
    return problems


class _CellCheck:
    """The checks of one plan's rows against their source rows and the evidence table."""

    def __init__(self, plan: Plan, name: str, evidence_rows, observed: dict):
        self.plan, self.name, self.evidence_rows, self.observed = plan, name, evidence_rows, observed
        # the source table's cell fields and the plan table's columns they are (None: the headline)
        self.fields = {
            BASE_FIELD.format(year=plan.base_year): "base_text",
            TARGET_FIELD.format(year=plan.target_year): None,
            ATTRIBUTE_FIELD: "attribute_zh",
        }

    def row(self, r: dict, number: int, src: dict) -> list[Problem]:
        source = self.plan.source_path.name
        problems = [
            Problem(self.name, r["_line"], ours, f"{r[ours]!r} but {source} has {src[theirs]!r}")
            for ours, theirs in (("name_zh", "indicator_zh"), ("unit", "unit"))
            if r[ours] is not None and r[ours] != src[theirs]
        ]
        for field, col in self.fields.items():
            col = col or _headline(r)[0]
            cell, printed = _cell_text(r.get(col)), src.get(field, "")
            if printed and cell != printed:
                problems.append(Problem(self.name, r["_line"], col, f"{cell or '-'!r} but {source} has {printed!r}"))
            elif cell:
                why = self.unsupported(r, number, field, cell)
                if why:
                    problems.append(Problem(self.name, r["_line"], col, f"{cell!r}: {why}"))
        return problems

    def unsupported(self, r: dict, number: int, field: str, cell: str) -> str | None:
        """Why no evidence row supports ``cell`` (None when one does)."""
        candidates = [e for e in self.evidence_rows if _covers(e, number, field) and e["value"] == cell]
        if not candidates:
            return f"no row of {self.plan.evidence_path.name} gives it (no {number}, field {field})"
        why = [_evidence_shows(r, field, cell, e, self.observed) for e in candidates]
        return why[0] if all(why) else None


def cell_grades(plan: Plan) -> dict[int, str]:
    """For a plan traced by cells, the source grade of the evidence of each source row's target
    cell (``source_line`` -> grade); empty for other plans (their grade is the plan's)."""
    if plan.traced_by != "cells" or plan.evidence_path is None:
        return {}
    source_rows, _ = _read_csv(plan.source_path)
    evidence_rows, _ = _read_csv(plan.evidence_path)
    field = TARGET_FIELD.format(year=plan.target_year)
    grades = {}
    for i, src in enumerate(source_rows, 1):
        hits = [e for e in evidence_rows if e["no"] == str(i) and e["field"] == field and e["value"]]
        if hits:
            grades[src["_line"]] = hits[-1]["source_grade"]
    return grades


def clear_caches() -> None:
    _read_csv_cached.cache_clear()

"""Draft a plan's rows from its outline: the table of main indicators (:mod:`.plan_table`) in the
columns of ``plan14_indicators.csv`` / ``plan13_indicators.csv``, and the register of quantified
targets in the body text (:mod:`.plan_register`) in the columns of ``plan14_text_targets.csv``.

Every cell is read with the parsers the validator re-reads the hand transcriptions with
(:func:`..printed.parse_printed_target`, the register's readings in :mod:`..provenance.register`);
columns the text does not print (English names, ``direction`` where no rule decides) are left
for the reviewer, who is told so in ``review``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import units
from ..glyphs import read_glyphs
from ..printed import PrintedTargetError, marked_year, parse_printed_target
from ..provenance import Outline, estimate_names
from ..schema import INDICATORS
from .plan_table import Table, TableRow, find_tables, marker_years, split_row

# the indicator table's columns, as its schema has them (one list: a column added there is drafted)
INDICATOR_COLUMNS = tuple(INDICATORS.names)
_CN = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def plan_number(title: str) -> int | None:
    """The plan a title names: '“十三五”规划' is 13, '“十四五”时期' 14, '第十五个五年规划' 15."""
    m = re.search(r"十([一二三四五六七八九])五|第十([一二三四五六七八九])个五年", title)
    return 10 + _CN[m.group(1) or m.group(2)] if m else None


@dataclass
class TableDraft:
    table: Table
    plan: int | None
    rows: list[dict]


def units_of(data_dir=None) -> set[str]:
    """The units a plan table may print (``units.csv``: those used in the plans, data.units)."""
    from ..units import allowed

    return set(allowed("plans", data_dir))


def draft_tables(text: str, units: set[str]) -> list[TableDraft]:
    """Draft every table of main indicators the outline prints."""
    lines = read_glyphs(text).splitlines()
    outline = Outline(text)
    out = []
    document = plan_number(" ".join(lines[:60]))
    for table in find_tables(lines):
        plan = plan_number(table.title) or document
        markers = marker_years(table.note)
        rows: list[dict] = []
        for printed in table.rows:
            rows += _table_rows(printed, table, plan, markers, units, lines)
        _letters(rows)
        _estimates(rows, table, outline)
        out.append(TableDraft(table, plan, rows))
    return out


def _table_rows(printed: TableRow, table: Table, plan, markers, units, lines) -> list[dict]:
    cells = split_row(printed, units)
    first_line = printed.lines[0][0]
    if cells is None:
        return [_unread(printed, table, plan, "no unit bracket of units.csv found after the name")]
    wanted = 5 if table.outcomes else 3
    if len(cells.cells) != wanted:
        return [_unread(printed, table, plan, f"{len(cells.cells)} cells read, the table has {wanted}: {cells.cells}")]
    parts = cells.name.split("/") if "/" in cells.name else [cells.name]
    slashed = [c.split("/") if re.fullmatch(r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)+", c) else None for c in cells.cells]
    rows = []
    for k, name in enumerate(parts):
        part_cells = [
            (c[k] if c is not None and k < len(c) else (cell if c is None else "?"))
            for cell, c in zip(cells.cells, slashed, strict=True)
        ]
        rows.append(
            _row(
                name,
                cells.unit,
                part_cells,
                printed,
                table,
                plan,
                markers,
                _line_of_part(lines, name, first_line) if len(parts) > 1 else first_line,
                len(parts) > 1,
            )
        )
    return rows


def _line_of_part(lines: list[str], name: str, first: int) -> int:
    """The outline line where a part's name starts (parts wrap over the lines of the row)."""
    for i in range(first - 1, min(first + 6, len(lines))):
        joined = "".join("".join(lines[j].split()) for j in range(i, min(i + 2, len(lines))))
        if "".join(lines[i].split()) and joined.find(name) >= 0 and joined.find(name) < len("".join(lines[i].split())):
            return i + 1
    return first


def _unread(printed: TableRow, table: Table, plan, why: str) -> dict:
    row = dict.fromkeys(INDICATOR_COLUMNS, "")
    row.update(
        plan=plan or "",
        group_no=printed.number or "",
        no=str(printed.number or ""),
        category_zh=printed.category,
        name_zh=" ".join(t for _, t in printed.lines)[:40],
        source_line=printed.lines[0][0],
        review=f"not read: {why}",
    )
    return row


def _year(cell: str, table_year, markers) -> str:
    m = re.search(r"(\*{1,2})$", cell)
    if cell in ("-", "") or table_year is None:
        return ""
    if not m:
        return str(table_year)
    return str(marked_year(markers[m.group(1)], table_year)) if m.group(1) in markers else ""


def _number(cell: str, column: str) -> tuple[str, str]:
    """(value, high) of a printed cell as the table files store them."""
    if cell in ("-", ""):
        return "", ""
    try:
        t = parse_printed_target(cell, column=column)
    except PrintedTargetError:
        return "", ""
    value = "" if t.value is None else _plain(t.value)
    return value, "" if t.high is None else _plain(t.high)


def _plain(x: float) -> str:
    return f"{x:.10g}"


def _row(name, unit, cells, printed: TableRow, table: Table, plan, markers, line, part) -> dict:
    reasons = []
    base, target, rate = cells[0], cells[1], cells[2]
    actual, actual_rate = (cells[3], cells[4]) if table.outcomes else ("", "")
    headline, column = (target, "level") if target != "-" else (rate, "rate")
    kind = comparator = ""
    value = high = ""
    try:
        t = parse_printed_target(headline, column=column)
        kind, comparator = t.kind or "", t.comparator or ""
        value = "" if t.value is None else _plain(t.value)
        high = "" if t.high is None else _plain(t.high)
    except PrintedTargetError as exc:
        reasons.append(f"the target cell {headline!r} is not a printed target form: {exc}")
    if headline == "-":
        reasons.append("no target printed in either column")
    base_value, _ = _number(base, "level")
    for cell in (base, actual):
        mark = re.search(r"(\*{1,2})$", cell or "")
        if mark and mark.group(1) not in markers:
            reasons.append(
                f"the table note defines no year for the marker {mark.group(1)!r} of {cell!r}: fill in the year"
            )
    row = dict.fromkeys(INDICATOR_COLUMNS, "")
    row.update(
        plan=plan or "",
        group_no=printed.number or "",
        category_zh=printed.category,
        category_en="",
        name_zh=name,
        name_en="",
        unit=unit,
        base_year=_year(base, table.base_year, markers),
        base_text=base,
        base_value=base_value,
        base_is_estimate="false",
        target_year=table.target_year or "",
        target_text=target,
        target_rate_text=rate,
        target_value=value,
        target_high=high,
        target_kind=kind,
        comparator=comparator,
        attribute_zh=_attribute(printed),
        actual_is_estimate="false",
        source_line=line,
        note="",
        _heading=printed.heading,
    )
    if table.outcomes:
        # the outcome that matches the headline: the rate cell for a growth or a cumulative target
        by_rate = kind in ("avg_growth", "cumulative") and actual_rate not in ("-", "")
        shown = actual_rate if by_rate or actual in ("-", "") else actual
        row.update(
            actual_year=_year(shown, table.target_year, markers),
            actual_text=actual,
            actual_rate_text=actual_rate,
            actual_value=_number(shown, "rate" if by_rate else "level")[0],
        )
    row["direction"], why = direction_of(row)
    if why:
        reasons.append(why)
        if "floor" in why:
            row["note"] = "a floor to keep (保有量): higher is better"
    row["basis"], why = basis_of(row)
    if why:
        reasons.append(why)
    if part:
        row["note"] = "part of a combined cell"
    row["review"] = "; ".join(reasons)
    return row


def _attribute(printed: TableRow) -> str:
    from .plan_table import ATTRIBUTE

    for _, text in printed.lines:
        m = ATTRIBUTE.search(text)
        if m:
            return m.group()
    return ""


def direction_of(row: dict) -> tuple[str, str]:
    """Which way is better, by the rules the validator checks: a lower bound or a reduction is
    better higher, an upper bound lower, a level target the way from its base; a growth target
    higher.  ('', reason) when no rule decides."""
    kind, name = row["target_kind"], row["name_zh"]
    if kind == "lower_bound" or re.search(r"降低|下降|减少", name):
        return "higher", ""
    if kind == "upper_bound":
        return "lower", ""
    if re.search(r"死亡率|失业率|劣V类|劣Ⅴ类", name):
        return "lower", ""
    try:
        base, target = float(row["base_value"]), float(row["target_value"])
    except ValueError:
        base = target = None
    if re.search(r"保有", name):
        return "higher", "a floor to keep (保有量): higher is better; the note should call it a floor"
    if kind in ("level", "approx") and base is not None and base != target:
        if target < base:
            return "lower", "the target is below its base: lower is better, unless it is a floor"
        return "higher", ""
    if kind in ("avg_growth", "cumulative", "national_average", "range", "level", "approx"):
        return "higher", "" if kind in ("avg_growth", "national_average") else "direction read as higher: check"
    return "higher", "direction read as higher: check"


def basis_of(row: dict) -> tuple[str, str]:
    """What the headline number measures, from the name and unit (the validator's rules: 增长/增速 a
    growth, 降低/下降 a reduction, 比重/占比 a share); ('level', reason) when unsure."""
    name, unit, kind = row["name_zh"], row["unit"], row["target_kind"]
    if re.search(r"降低|下降|减少", name) or (kind == "cumulative" and units.kind(unit) == "mass"):
        return "reduction_pct", "" if re.search(
            r"降低|下降|减少", name
        ) else "reduction_pct read from a cumulative cut: check"
    if re.search(r"增长|增速", name) or kind == "avg_growth":
        if re.search(r"数量", name):
            return "quantity_growth", ""
        if re.search(r"收入|经费|营业", name):
            return "nominal_growth", ""
        return "real_growth", "" if re.search(r"增加值|生产总值|生产率", name) else "real_growth assumed: check"
    if unit == "%" and re.search(r"比重|占比|率|比例|强度|度", name):
        return "share_pct", ""
    if unit == "%":
        return "share_pct", "a level in % read as a share: check"
    # what the unit measures, as the register's rows read it (models.text_targets.basis_of): a count
    # per head (每千人口...) is a level
    if units.is_count(unit) and not name.startswith("每"):
        return "count", ""
    if units.is_money(unit):
        return "nominal_level", ""
    return "level", ""


def _letters(rows: list[dict]) -> None:
    """Row codes: the group number, plus a letter per part in printed order (8a-8d, 2a/2b)."""
    by_group: dict = {}
    for r in rows:
        by_group.setdefault((r["plan"], r["group_no"]), []).append(r)
    for members in by_group.values():
        for k, r in enumerate(members):
            r["no"] = f"{r['group_no']}{'abcdefghij'[k] if len(members) > 1 else ''}"


def _estimates(rows: list[dict], table: Table, outline: Outline) -> None:
    """base_is_estimate / actual_is_estimate for the rows the table note lists as 预计数."""
    if table.base_year:
        listed = estimate_names(outline, table.note_line, min(table.note_line + 6, len(outline)), table.base_year)
        if listed:
            names = set(listed[0])
            for r in rows:
                if r["name_zh"] in names:
                    r["base_is_estimate"] = "true"
    if table.outcomes:
        note = re.sub(r"\s+", "", table.note)
        m = re.search(r"\d{4}年((?:[^、。]+、)*[^、。]+?)等\d+项指标实现情况为预计数", note)
        if m:
            names = m.group(1).split("、")
            for r in rows:
                heading = r.get("_heading", "")
                printed = (r["actual_text"], r["actual_rate_text"]) != ("-", "-")
                if printed and (r["name_zh"] in names or any(n and n in heading for n in names)):
                    r["actual_is_estimate"] = "true"


@dataclass
class PlanDraft:
    """The drafts of an outline: its table rows and its register rows (DataFrames), and what
    the reading found."""

    tables: object  # pandas.DataFrame or None
    register: object
    base_year: int | None
    target_year: int | None
    n_tables: int

    def summary(self, lang: str = "en") -> str:
        """What was drafted and what to do next, in ``lang`` (the command line's message language)."""
        from ..catalogue import say

        parts = []
        for key, frame in (("tables", self.tables), ("register", self.register)):
            if frame is not None:
                review = int((frame["review"] != "").sum()) if len(frame) else 0
                parts.append(say(f"cli.intake.plan.{key}", lang, n=len(frame), review=review))
        return say(
            "cli.intake.plan.summary",
            lang,
            parts=say("cli.intake.sep", lang).join(parts),
            base=self.base_year,
            target=self.target_year,
        )


_PERIOD = re.compile(r"[（(]\s*(\d{4})\s*[－—\-–~至]\s*(\d{4})\s*年?\s*[)）]")


def plan_years(text: str, tables: list[TableDraft]) -> tuple[int | None, int | None]:
    """The plan's base and target years: the current plan's table header (2020年, 2025年目标), else
    the period its title prints ((2026－2030年): base 2025, target 2030)."""
    current = [t for t in tables if not t.table.outcomes and t.table.base_year and t.table.target_year]
    if current:
        return current[-1].table.base_year, current[-1].table.target_year
    m = _PERIOD.search(text[:5000])
    if m:
        return int(m.group(1)) - 1, int(m.group(2))
    return None, None


def draft_plan(text: str, what: str = "both", base_year=None, target_year=None, source: str = "", data_dir=None):
    """Draft an outline's table rows and register rows (``what``: tables, register or both)."""
    import pandas as pd

    from ...core.errors import ShanxiError, unknown_choice
    from .plan_register import REGISTER_COLUMNS, draft_register

    if what not in ("tables", "register", "both"):
        raise unknown_choice("part", what, ("tables", "register", "both"))
    drafts = draft_tables(text, units_of(data_dir))
    base, target = plan_years(text, drafts)
    base, target = base_year or base, target_year or target
    tables = register = None
    if what in ("tables", "both"):
        rows = [{k: v for k, v in r.items() if not k.startswith("_")} for d in drafts for r in d.rows]
        tables = pd.DataFrame(rows, columns=[*INDICATOR_COLUMNS, "review"]).fillna("")
    if what in ("register", "both"):
        if base is None or target is None:
            raise ShanxiError(
                f"{source or 'the outline'}: no table of main indicators and no period such as (2026－2030年) "
                "printed: give --base-year and --target-year",
                code="no_plan_years" if source else "no_plan_years_outline",
                source=source,
            )
        skip = [
            (t.table.first_line, max(t.table.note_line, t.table.last_line) + 6 * bool(t.table.note)) for t in drafts
        ]
        rows = draft_register(text, base, target, skip)
        register = pd.DataFrame(rows, columns=[*REGISTER_COLUMNS, "review"]).fillna("")
    if tables is not None:
        tables = tables.astype(str).replace({"None": ""})
    return PlanDraft(tables, register, base, target, len(drafts))

"""Indicator rows against the outline: each plan-table row's name and printed numbers are in
the outline at its ``source_line`` (after reading the glyphs), and what the row means (its
printed row number, attribute, unit, direction, basis and estimate flag) agrees with the table
as printed (``indicator_meaning``)."""

from __future__ import annotations

import re

from ...core.errors import Problem
from ..printed import numbers_in
from ..schema import Plan, display_path
from .common import Outline
from .translations import name_problems

# How far below ``source_line`` a table row's cells may wrap.
INDICATOR_WINDOW = 8

_TEXT_COLUMNS = ("base_text", "target_text", "target_rate_text", "actual_text", "actual_rate_text")


def _same_number(a: str, b: str) -> bool:
    return float(a) == float(b)


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    """True if the numbers ``needles`` occur in ``haystack`` in this order (gaps allowed)."""
    it = iter(haystack)
    return all(any(_same_number(n, h) for h in it) for n in needles)


def slash_groups(text: str) -> list[list[str]]:
    """Combined cells such as '0/5/0/1' (three parts or more), in order of appearance."""
    return [g.split("/") for g in re.findall(r"\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?){2,}", text)]


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
            problems.append(
                Problem(name, r["_line"], "source_line", f"{line} is outside the outline (1-{len(outline)})")
            )
            continue
        problems += _name_problems(r, plan, outline, name)
        siblings = groups[r["group_no"]]
        combined = slash_groups(outline.text(siblings[0]["source_line"] or line, INDICATOR_WINDOW))
        if len(siblings) > 1 and len(combined) >= 2:
            problems += _combined_cell_problems(r, siblings, combined, name)
        else:
            problems += _number_problems(r, plan, outline, name)
    return problems + indicator_meaning(rows, plan, outline)


def _name_problems(r: dict, plan: Plan, outline: Outline, name: str) -> list[Problem]:
    """The row's name is printed at its source line."""
    line = r["source_line"]
    if not r["name_zh"] or "".join(r["name_zh"].split()) in outline.joined(line, 2):
        return []
    return [
        Problem(
            name,
            r["_line"],
            "name_zh",
            f"{r['name_zh']!r} is not printed at line {line} of {plan.source_path.name}",
        )
    ]


def _combined_cell_problems(r: dict, siblings: list[dict], combined: list[list[str]], name: str) -> list[Problem]:
    """A part of a combined cell such as '0/5/0/1': the part's number is at its position."""
    line = r["source_line"]
    k = sorted(s["no"] or "" for s in siblings).index(r["no"] or "")
    problems = []
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
    return problems


def _number_problems(r: dict, plan: Plan, outline: Outline, name: str) -> list[Problem]:
    """The row's numbers are printed, in order, in the lines from its source line."""
    line = r["source_line"]
    printed = numbers_in(outline.text(line, INDICATOR_WINDOW))
    wanted = [n for col in _TEXT_COLUMNS if r.get(col) for n in numbers_in(r[col])]
    if is_subsequence(wanted, printed):
        return []
    missing = [n for n in wanted if not any(float(n) == float(p) for p in printed)]
    detail = f"{', '.join(missing)} not printed" if missing else "not in the printed order"
    return [
        Problem(
            name,
            r["_line"],
            ",".join(_TEXT_COLUMNS),
            f"numbers {wanted} are not found in lines {line}-{line + INDICATOR_WINDOW} of "
            f"{plan.source_path.name} ({detail})",
        )
    ]


# --- what a plan row means: its printed number, attribute, unit, direction, basis, estimate flag --

_ATTRIBUTES = re.compile(r"预期性|约束性")
_GROWTH_BASES = ("real_growth", "nominal_growth", "quantity_growth")
_ESTIMATE_NOTE = re.compile(r"(\d{4})年((?:[^、。]+、)*[^、。]+?)等(\d+)项指标(值|实现情况)为预计数")


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


def estimate_names(outline: Outline, first: int, last: int, year: int, of: str = "值") -> tuple[list[str], int] | None:
    """The names a table note lists as estimates of ``year`` ('2020年A、B、...等8项指标值为预计数';
    outcomes: '...等4项指标实现情况为预计数', ``of='实现情况'``), searched in the lines after the table
    (``first``-``last``), and the count it states."""
    text = outline.joined(first, last - first + 1)
    for m in _ESTIMATE_NOTE.finditer(text):
        if int(m.group(1)) == year and m.group(4) == of:
            return m.group(2).split("、"), int(m.group(3))
    return None


def indicator_meaning(rows: list[dict], plan: Plan, outline: Outline) -> list[Problem]:
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
    * ``basis``: a name with 增长/增速 is a growth basis (real for value added and GDP, nominal for
      income, revenue and expenditure, quantity for counts), with 降低/下降 a reduction, with
      比重/占比 a share, and a share is in %;
    * ``name_en`` and ``category_en`` say what ``name_zh`` and ``category_zh`` say
      (:mod:`.translations`), and one Chinese category has one English name;
    * ``base_is_estimate`` (``actual_is_estimate``) is true exactly for the rows the table note
      lists as the base year's (the outcomes') 预计数.
    """
    name = display_path(plan.indicators_path)
    placed = [r for r in rows if r["source_line"] is not None and 1 <= r["source_line"] <= len(outline)]
    ordered = sorted(placed, key=lambda r: (r["source_line"], r["no"] or ""))
    by_group: dict[int, list[dict]] = {}
    for r in ordered:
        by_group.setdefault(r["group_no"], []).append(r)
    problems = _order_problems(ordered, by_group, plan, outline, name)
    units = _printed_units(placed, outline)
    for r in placed:
        problems += _attribute_problems(r, outline, name) + _unit_problems(r, units, by_group, name)
        problems += _direction_problems(r, name) + _basis_problems(r, name)
    problems += name_problems(rows, name) + _estimate_problems(rows, placed, by_group, plan, outline, name)
    return problems


def _order_problems(ordered: list[dict], by_group: dict, plan: Plan, outline: Outline, name: str) -> list[Problem]:
    """Printed row numbers, groups in printed order, parts lettered in printed order."""
    problems: list[Problem] = []
    previous_group = 0
    seen: set[int] = set()
    for r in ordered:
        g, no, line = r["group_no"], r["no"] or "", r["source_line"]
        if g is None:
            continue
        if not re.fullmatch(rf"{g}[a-z]?", no):
            why = f"{no!r} is not the group number {g} plus an optional part letter"
            problems.append(Problem(name, r["_line"], "no", why))
        printed = _printed_row_number(outline, line)
        if printed is not None and printed != g:
            why = f"{g} but the table prints row number {printed} at line {line} of {plan.source_path.name}"
            problems.append(Problem(name, r["_line"], "group_no", why))
        if g not in seen:
            if g != previous_group + 1:
                why = (
                    f"{g} out of the printed order: the row after group {previous_group} (by source_line) must be "
                    f"group {previous_group + 1}"
                )
                problems.append(Problem(name, r["_line"], "group_no", why))
            seen.add(g)
            previous_group = g
        elif g != previous_group:
            why = f"{g}: the parts of a group are printed together, but group {previous_group} comes between"
            problems.append(Problem(name, r["_line"], "group_no", why))
    for parts in by_group.values():
        codes = [p["no"] or "" for p in parts]  # a blank code is reported by the schema
        if len(parts) > 1 and codes != sorted(codes):
            problems.append(Problem(name, parts[0]["_line"], "no", f"parts {codes} are not lettered in printed order"))
    return problems


def _printed_units(placed: list[dict], outline: Outline) -> dict[str, str]:
    """The unit printed in brackets after each row's name, by row code."""
    printed = {}
    for r in placed:
        joined = outline.joined(r["source_line"], 3)
        label = "".join((r["name_zh"] or "").split())
        at = joined.find(label) if label else -1
        unit = re.match(r"[(（]([^()（）]*)[)）]", joined[at + len(label) :]) if at >= 0 else None
        if unit:
            printed[r["no"]] = unit.group(1)
    return printed


def _attribute_problems(r: dict, outline: Outline, name: str) -> list[Problem]:
    line = r["source_line"]
    att = _ATTRIBUTES.search(outline.text(line, INDICATOR_WINDOW))
    if att and r["attribute_zh"] and att.group() != r["attribute_zh"]:
        why = f"{r['attribute_zh']!r} but the table prints {att.group()!r} for the row at line {line}"
        return [Problem(name, r["_line"], "attribute_zh", why)]
    return []


def _unit_problems(r: dict, printed: dict[str, str], by_group: dict, name: str) -> list[Problem]:
    # the parts of a combined cell ('国家实验室/…/国家级工程研究中心(个)') share the unit printed after the last
    unit = printed.get(r["no"]) or next(
        (printed[p["no"]] for p in by_group.get(r["group_no"], []) if p["no"] in printed), None
    )
    if unit and r["unit"] and unit != r["unit"] and f"name prints unit ({unit})" not in (r["note"] or ""):
        return [Problem(name, r["_line"], "unit", f"{r['unit']!r} but the name is printed with the unit ({unit})")]
    return []


def _group_label(first_part: dict, outline: Outline) -> str:
    """What the table prints above a group's first part (专栏1: 森林发展 above 森林覆盖率)."""
    line = first_part["source_line"]
    return "".join("".join(outline.lines[max(line - 4, 0) : line - 1]).split())


def _estimate_problems(
    rows: list[dict], placed: list[dict], by_group: dict, plan: Plan, outline: Outline, name: str
) -> list[Problem]:
    """The table note's 预计数: of the base year (``base_is_estimate``) and, for a table that
    prints outcomes, of the outcomes (``actual_is_estimate``: 专栏1 note ④)."""
    if not placed:
        return []
    last = max(r["source_line"] for r in placed)
    span = (last, min(last + 20, len(outline)))
    problems = _flag_problems(
        rows, by_group, outline, name, "base_is_estimate", estimate_names(outline, *span, plan.base_year)
    )
    outcomes = [r for r in rows if r.get("actual_value") is not None]
    if outcomes or any(r.get("actual_is_estimate") for r in rows):
        listed = estimate_names(outline, *span, plan.target_year, of="实现情况")
        problems += _flag_problems(rows, by_group, outline, name, "actual_is_estimate", listed)
    return problems


def _flag_problems(rows: list[dict], by_group: dict, outline: Outline, name: str, column: str, listed) -> list[Problem]:
    what = "the base year's" if column == "base_is_estimate" else "the outcomes'"
    if listed is None:
        return [
            Problem(name, r["_line"], column, f"true but the outline prints no note listing {what} estimates (预计数)")
            for r in rows
            if r.get(column)
        ]
    names, count = listed
    labels = {g: _group_label(parts[0], outline) for g, parts in by_group.items() if len(parts) > 1}

    def names_row(n: str, r: dict) -> bool:
        group = labels.get(r["group_no"], "")
        return "".join((r["name_zh"] or "").split()) == n or bool(group and n in group)

    def listed_row(r: dict) -> bool:
        return any(names_row(n, r) for n in names)

    needs_value = column == "actual_is_estimate"  # an outcome the table does not print is no estimate
    wanted = {r["no"] for r in rows if listed_row(r) and (not needs_value or r.get("actual_value") is not None)}
    problems = []
    for r in rows:
        should = r["no"] in wanted
        if bool(r.get(column)) != should:
            why = (
                f"{str(bool(r.get(column))).lower()} but the table note {'lists' if should else 'does not list'} "
                f"{r['name_zh']!r} among {what} {count} estimates (预计数)"
            )
            problems.append(Problem(name, r["_line"], column, why))
    matched = {n for n in names if any(names_row(n, r) for r in rows)}
    if len(names) != count or len(matched) != count:
        why = f"the table note counts {count} estimates but {len(matched)} of its names match rows"
        problems.append(Problem(name, 1, column, why))
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


# What a growth rate of a named thing is measured in (the statistical convention, closed list):
# value added and GDP at comparable prices, income, revenue and spending at current prices, counts
# in quantities.
GROWTH_BASIS = (
    (re.compile(r"增加值|地区生产总值|劳动生产率"), "real_growth"),
    (re.compile(r"收入|经费|投资|进出口|消费|营业"), "nominal_growth"),
    (re.compile(r"数量|项目数|人数"), "quantity_growth"),
)


def _growth_basis(label: str) -> str | None:
    return next((basis for pattern, basis in GROWTH_BASIS if pattern.search(label)), None)


def _basis_problems(r: dict, name: str) -> list[Problem]:
    label, basis = r["name_zh"] or "", r["basis"]
    if not basis:
        return []
    expected = None
    if re.search(r"增长|增速", label):
        expected = (_growth_basis(label),) if _growth_basis(label) else _GROWTH_BASES
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

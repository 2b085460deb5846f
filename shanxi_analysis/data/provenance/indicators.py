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

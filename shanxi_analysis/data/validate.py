"""``shanxi validate``: every check on every raw file, every problem listed.

Schema and consistency checks come from the loaders' readers; this module adds provenance:
plan numbers are looked up in the outline near their source line, observed values in their
evidence text.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import DataError, Problem
from .observed import observed_path, read_observed_rows
from .plans import Plan, list_plans, read_indicator_rows, read_text_target_rows
from .printed import numbers_in
from .provenance import (
    INDICATOR_WINDOW,
    TEXT_TARGET_WINDOW,
    Outline,
    is_subsequence,
    number_in_phrase,
    slash_groups,
    value_in_evidence,
)
from .schema import display_path

_TEXT_COLUMNS = ("base_text", "target_text", "target_rate_text", "actual_text", "actual_rate_text")


@lru_cache(maxsize=4)
def _outline_cached(path: Path, mtime: int) -> Outline:
    return Outline(path.read_text(encoding="utf-8"))


def _outline(path: Path) -> Outline:
    return _outline_cached(path, path.stat().st_mtime_ns)


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
        if r["value"] is not None and not number_in_phrase(r["value"], phrase):
            problems.append(Problem(name, r["_line"], "value", f"{r['value']:g} is not a number of the phrase {phrase!r}"))
    return problems


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
            problems.append(Problem(name, r["_line"], "plan_indicator", f"{code!r} is not a plan row; valid: 14th-plan rows 1-38 with parts (e.g. 8b), or 13:N for a 13th-plan group"))
    return problems


def collect_problems(data_dir=None) -> tuple[list[Problem], dict[str, int]]:
    """Run every check.  Returns the problems and the number of rows checked per file."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    try:
        plans = list_plans(data_dir)
    except DataError as exc:
        return list(exc.problems), counts
    codes: set[str] = set()
    outlines: dict[Path, Outline] = {}
    for plan in plans:
        if plan.source_path not in outlines:
            outlines[plan.source_path] = _outline(plan.source_path)
        outline = outlines[plan.source_path]
        rows, found = read_indicator_rows(plan)
        problems += found + indicator_provenance(rows, plan, outline)
        counts[display_path(plan.indicators_path)] = len(rows)
        if plan.plan == 14:
            codes |= {r["no"] for r in rows if r["no"]}
        elif plan.plan == 13:
            codes |= {f"13:{r['group_no']}" for r in rows if r["group_no"] is not None}
        if plan.text_targets_path is not None:
            rows, found = read_text_target_rows(plan)
            problems += found + text_target_provenance(rows, plan, outline)
            counts[display_path(plan.text_targets_path)] = len(rows)
    path = observed_path(data_dir)
    rows, found = read_observed_rows(path)
    problems += found + observed_provenance(rows, path, codes)
    counts[display_path(path)] = len(rows)
    if not problems:  # the links are checked against the plan tables and series, which must read cleanly
        from .links import check_links, links_path

        from .links import breaks_path, check_breaks

        for check, path in ((check_links, links_path(data_dir)), (check_breaks, breaks_path(data_dir))):
            rows, found = check(data_dir)
            problems += found
            if path.is_file():
                counts[display_path(path)] = len(rows)
    return sorted(set(problems)), counts


def validate(data_dir=None) -> dict[str, int]:
    """Raise :class:`DataError` listing every problem; return the row counts when all is well."""
    problems, counts = collect_problems(data_dir)
    if problems:
        raise DataError(problems)
    return counts

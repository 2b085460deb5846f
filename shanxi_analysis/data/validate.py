"""``shanxi validate``: every check on every raw file, every problem listed.

A thin command over the rules the loaders apply themselves: the readers' schema and consistency
checks (:mod:`.plans`, :mod:`.observed`, :mod:`.links`) and the provenance checks
(:mod:`.provenance`).  Where a loader stops at the first file with problems, this lists them all.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import DataError, Problem
from .links import (
    breaks_path,
    check_breaks,
    check_links,
    check_price_sensitive,
    check_text_target_links,
    links_path,
    price_sensitive_path,
    text_target_links_path,
)
from .observed import observed_path, plan_codes, read_observed_rows
from .plans import list_plans, read_indicator_rows, read_text_target_rows
from .provenance import (
    Outline,
    indicator_provenance,
    load_outline,
    observed_provenance,
    text_target_provenance,
)
from .schema import display_path
from .units import check_units, units_path


def _readable(rows: list[dict], found: list[Problem]) -> list[dict]:
    """The rows without a problem of their own: a cell the schema refused (blank, not a number)
    is already reported, and the meaning checks need every cell of a row."""
    bad = {p.line for p in found}
    return [r for r in rows if r["_line"] not in bad]


def _checked(check, rows: list[dict], found: list[Problem], *args) -> list[Problem]:
    """``check(rows, *args)``; when the file already has problems and a refused (blank) cell trips
    the check, it is run again on the rows without problems of their own.  On a file without
    problems an exception is a bug and goes on."""
    try:
        return check(rows, *args)
    except (TypeError, ValueError, AttributeError, KeyError):
        if not found:
            raise
        return check(_readable(rows, found), *args)


def collect_problems(data_dir=None) -> tuple[list[Problem], dict[str, int]]:
    """Run every check.  Returns the problems and the number of rows checked per file."""
    problems: list[Problem] = []
    counts: dict[str, int] = {}
    rows, problems = check_units(data_dir)  # every other file's units are checked against it
    counts[display_path(units_path(data_dir))] = len(rows)
    if problems:
        return problems, counts
    try:
        plans = list_plans(data_dir)
    except DataError as exc:
        return list(exc.problems), counts
    outlines: dict[Path, Outline] = {}
    for plan in plans:
        if plan.source_path not in outlines:
            outlines[plan.source_path] = load_outline(plan.source_path)
        outline = outlines[plan.source_path]
        rows, found = read_indicator_rows(plan)
        problems += found + _checked(indicator_provenance, rows, found, plan, outline)
        counts[display_path(plan.indicators_path)] = len(rows)
        if plan.text_targets_path is not None:
            rows, found = read_text_target_rows(plan)
            problems += found + _checked(text_target_provenance, rows, found, plan, outline)
            counts[display_path(plan.text_targets_path)] = len(rows)
    path = observed_path(data_dir)
    rows, found = read_observed_rows(path)
    problems += found + _checked(observed_provenance, rows, found, path, plan_codes(data_dir))
    counts[display_path(path)] = len(rows)
    if not problems:  # the links are checked against the plan tables and series, which must read cleanly
        for check, path in (
            (check_links, links_path(data_dir)),
            (check_breaks, breaks_path(data_dir)),
            (check_text_target_links, text_target_links_path(data_dir)),
            (check_price_sensitive, price_sensitive_path(data_dir)),
        ):
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

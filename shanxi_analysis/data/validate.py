"""``shanxi validate``: every check on every raw file, every problem listed.

A thin command over the rules the loaders apply themselves: the readers' schema and consistency
checks (:mod:`.plans`, :mod:`.observed`, :mod:`.links`) and the provenance checks
(:mod:`.provenance`).  Where a loader stops at the first file with problems, this lists them all.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import DataError, Problem
from ..core.paths import raw_dir
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
from .manifest import fingerprint, manifest_problems
from .observed import observed_path, plan_codes, plausibility_of, read_observed_rows
from .pairs import check_pairs, pairs_path
from .plans import list_plans, read_indicator_rows, read_text_target_rows
from .provenance import (
    OUTSIDE_SNIPPET,
    Outline,
    load_outline,
    observed_provenance,
    outside_snippet_problems,
    plan_provenance,
    text_target_provenance,
)
from .publications import check_publications, publications_path
from .regions import check_regions, regions_path
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


def _plan_problems(plans, counts: dict[str, int]) -> list[Problem]:
    problems: list[Problem] = []
    outlines: dict[Path, Outline] = {}
    for plan in plans:
        rows, found = read_indicator_rows(plan)
        problems += found + _checked(plan_provenance, rows, found, plan)
        counts[display_path(plan.indicators_path)] = len(rows)
        if plan.text_targets_path is not None:
            if plan.source_path not in outlines:
                outlines[plan.source_path] = load_outline(plan.source_path)
            outline = outlines[plan.source_path]
            rows, found = read_text_target_rows(plan)
            problems += found + _checked(text_target_provenance, rows, found, plan, outline)
            counts[display_path(plan.text_targets_path)] = len(rows)
    return problems


def _observed_problems(data_dir, counts: dict[str, int]) -> list[Problem]:
    """The rows, their evidence, then (when every row is clean) their plausibility across rows."""
    path = observed_path(data_dir)
    rows, found = read_observed_rows(path)
    found += _checked(observed_provenance, rows, found, path, plan_codes(data_dir))
    found += outside_snippet_problems(rows, path)
    counts[display_path(path)] = len(rows)
    raw = path.parent
    if (raw / OUTSIDE_SNIPPET).is_file():
        counts[display_path(raw / OUTSIDE_SNIPPET)] = fingerprint(raw / OUTSIDE_SNIPPET, raw)[0]
    return found or plausibility_of(rows, path)


def _link_problems(data_dir, counts: dict[str, int]) -> list[Problem]:
    problems: list[Problem] = []
    for check, path in (
        (check_links, links_path(data_dir)),
        (check_breaks, breaks_path(data_dir)),
        (check_text_target_links, text_target_links_path(data_dir)),
        (check_price_sensitive, price_sensitive_path(data_dir)),
        (check_publications, publications_path(data_dir)),
        (check_pairs, pairs_path(data_dir)),
    ):
        rows, found = check(data_dir)
        problems += found
        if path.is_file():
            counts[display_path(path)] = len(rows)
    return problems


def collect_problems(data_dir=None) -> tuple[list[Problem], dict[str, int]]:
    """Run every check.  Returns the problems and the number of rows checked per file.

    The manifest's fingerprints (:mod:`.manifest`) are compared always: an edit that passes
    every other check - a consistent forgery, a deleted row, a re-pointed link - shows there."""
    counts: dict[str, int] = {}
    fingerprints = manifest_problems(raw_dir(data_dir))
    rows, problems = check_units(data_dir)  # every other file's units are checked against it
    counts[display_path(units_path(data_dir))] = len(rows)
    if problems:
        return sorted(set(problems) | set(fingerprints)), counts
    rows, problems = check_regions(regions_path(data_dir))  # every plan and observation names a region of it
    if problems:
        return sorted(set(problems) | set(fingerprints)), counts
    counts[display_path(regions_path(data_dir))] = len(rows)
    try:
        plans = list_plans(data_dir)
    except DataError as exc:
        return sorted(set(exc.problems) | set(fingerprints)), counts
    counts[display_path(raw_dir(data_dir) / "plans.csv")] = len(plans)
    try:
        problems = _plan_problems(plans, counts) + _observed_problems(data_dir, counts)
    except DataError as exc:  # a file every table needs (units.csv) failed: its problems
        return sorted(set(exc.problems) | set(fingerprints)), counts
    if not problems and not fingerprints:  # the links are checked against tables that must load cleanly
        problems = _link_problems(data_dir, counts)
    return sorted(set(problems + fingerprints)), counts


def validate(data_dir=None) -> dict[str, int]:
    """Raise :class:`DataError` listing every problem; return the row counts when all is well."""
    problems, counts = collect_problems(data_dir)
    if problems:
        raise DataError(problems)
    return counts

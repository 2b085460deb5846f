"""The plans as data: registry, indicator tables and the body-text target register.

A plan is a row of ``data/raw/plans.csv`` plus the files it names; nothing here is specific to
a region or a plan number.  A plan is named by its id, ``<region>-<number>`` (``china-14``), or by
the ``shorthand`` its registry row gives it (``14``).  Loaders validate what they read (schema and internal consistency)
and raise :class:`~..core.errors.DataError` listing every problem, including the provenance
checks against the outline text (:mod:`.provenance`), which ``shanxi validate`` shares.

Caches are keyed on the identity of the raw files (path, size, mtime_ns): an edited file is read
again in the same process.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core import cache, files
from ..core.errors import DataError, Problem, ShanxiError, unknown_choice
from ..core.paths import raw_dir
from ..core.stamps import tree_stamp
from . import manifest
from .printed import REFINED_KINDS, PrintedTarget, PrintedTargetError, parse_printed_target
from .provenance import cell_grades, load_outline, note_base_year, plan_provenance, text_target_provenance
from .regions import get_region, load_regions
from .schema import INDICATORS, PLANS, TEXT_TARGETS, Plan, display_path, read_table
from .units import allowed, load_units

ATTRIBUTE_EN = {"预期性": "expected", "约束性": "binding"}
# Kinds whose target is a level to be reached (as opposed to a growth rate or a 5-year total).
LEVEL_KINDS = ("level", "lower_bound", "upper_bound", "approx", "range", "national_average")
COMPARATOR_KINDS = {
    "=": ("level", "avg_growth", "cumulative", "national_average"),
    ">": ("lower_bound", "avg_growth", "cumulative"),
    ">=": ("lower_bound", "avg_growth", "cumulative"),
    "<": ("upper_bound", "avg_growth", "cumulative"),
    "<=": ("upper_bound", "avg_growth", "cumulative"),
    "~": ("approx", "avg_growth", "cumulative"),
    "range": ("range",),
}
# The register's own kinds (a target relative to a base, an ordinal class) and their comparators.
COMPARATOR_KINDS["="] += ("relative", "relative_reduction", "ordinal_class", "milestone")
COMPARATOR_KINDS[">="] += ("relative", "relative_reduction")
COMPARATOR_KINDS["<="] += ("ordinal_class",)
COMPARATOR_KINDS["<"] += ("milestone",)  # 2030年前: before that year
TARGET_COLUMNS = [
    "plan",
    "region",
    "no",
    "group_no",
    "category_zh",
    "category_en",
    "name_zh",
    "name_en",
    "unit",
    "unit_en",
    "base_year",
    "base_value",
    "base_text",
    "base_is_estimate",
    "target_year",
    "target_value",
    "target_high",
    "target_text",
    "target_rate_text",
    "target_kind",
    "comparator",
    "rate_target_value",
    "rate_target_kind",
    "rate_comparator",
    "direction",
    "basis",
    "attribute",
    "attribute_zh",
    "actual_year",
    "actual_value",
    "actual_is_estimate",
    "actual_text",
    "actual_rate_text",
    "actual_level_value",
    "actual_rate_value",
    "source_line",
    "note",
    "relative_to",
    "tolerance",
    "source_text",
    "source_grade",
]
TEXT_TARGET_COLUMNS = [
    "plan",
    "region",
    "id",
    "chapter",
    "section",
    "measure_zh",
    "measure_en",
    "phrase",
    "value",
    "value_text",
    "unit",
    "unit_en",
    "base_year",
    "target_year",
    "comparator",
    "target_kind",
    "source_line",
    "note",
]


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise DataError(problems)


def _plans(raw: Path) -> tuple[Plan, ...]:
    return _plans_cached(raw, tree_stamp(raw))


def _inside_raw(raw: Path, name: str) -> tuple[Path | None, str | None]:
    """``raw / name`` when it names a file inside the raw folder, else (None, the problem).

    The registry names files relative to ``data/raw``: an absolute path, a drive, a ``..`` part or
    a link that leads out of the folder is refused (``/etc/passwd`` is not plan data)."""
    valid = (
        "expected a file name relative to the raw data folder, such as plan14_indicators.csv (no absolute path, no "
        "'..')"
    )
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\", "~")) or ":" in name or ".." in parts:
        return None, f"{name!r} leads outside {display_path(raw)}; {valid}"
    path = raw / name
    try:
        files.resolved(path, raw)
    except FileNotFoundError:
        pass  # reported as not found by the caller
    except files.FileRefused as exc:
        return None, f"{name!r} resolves outside {display_path(raw)} or cannot be read ({exc.reason}); {valid}"
    return path, None


@lru_cache(maxsize=8)
def _plans_cached(raw: Path, stamp: tuple) -> tuple[Plan, ...]:
    path = raw / "plans.csv"
    rows, problems = read_table(path, PLANS)
    problems += manifest.file_problems(path)
    plans = []
    for r in rows:
        named = {}
        for col in ("source_file", "indicators_file", "text_targets_file", "evidence_file"):
            if r[col] is None:
                named[col] = None
                continue
            named[col], escape = _inside_raw(raw, r[col])
            if escape:
                problems.append(Problem(display_path(path), r["_line"], col, escape))
            elif not os.path.lexists(named[col]):
                problems.append(
                    Problem(display_path(path), r["_line"], col, f"file {r[col]!r} not found in {display_path(raw)}")
                )
        if r["base_year"] is not None and r["target_year"] is not None and r["base_year"] >= r["target_year"]:
            problems.append(Problem(display_path(path), r["_line"], "target_year", "must be after base_year"))
        markers = tuple((m, r[c]) for m, c in (("*", "star_year"), ("**", "double_star_year")) if r[c])
        plans.append(
            Plan(
                r["plan"],
                r["region"],
                r["title_zh"],
                r["title_en"],
                r["table"],
                r["base_year"],
                r["target_year"],
                markers,
                named["source_file"],
                named["indicators_file"],
                named["text_targets_file"],
                r["assessed_by"],
                r["observed_code"],
                r["shorthand"],
                r["grade"],
                r["traced_by"],
                named["evidence_file"],
            )
        )
    if not problems:
        problems = _registry_problems(rows, plans, path, raw)
    _raise(problems)
    return tuple(plans)


def _registry_problems(rows: list[dict], plans: list[Plan], path: Path, raw: Path) -> list[Problem]:
    """The registry against itself and ``regions.csv``: each plan of a known region, each
    shorthand naming one plan only (and never another plan's id), each region's current plan a
    plan of the registry."""
    name = display_path(path)
    problems: list[Problem] = []
    try:
        regions = load_regions(raw.parent)
    except DataError as exc:
        return list(exc.problems)
    ids = {p.id for p in plans}
    seen: dict[str, int] = {}
    for r, p in zip(rows, plans, strict=True):
        if p.region not in regions:
            problems.append(
                Problem(name, r["_line"], "region", f"{p.region!r} is not in regions.csv; valid: {', '.join(regions)}")
            )
        if p.shorthand is None:
            continue
        if p.shorthand in ids:
            problems.append(Problem(name, r["_line"], "shorthand", f"{p.shorthand!r} is another plan's id"))
        elif p.shorthand in seen:
            problems.append(
                Problem(
                    name, r["_line"], "shorthand", f"{p.shorthand!r} already names the plan of line {seen[p.shorthand]}"
                )
            )
        seen[p.shorthand] = r["_line"]
    for region in regions.values():
        if region.current_plan and region.current_plan not in ids:
            problems.append(
                Problem(
                    display_path(raw / "regions.csv"),
                    0,
                    "current_plan",
                    f"{region.current_plan!r} (region {region.code}) is not a plan of plans.csv; valid: "
                    f"{', '.join(sorted(ids))}",
                )
            )
    return problems


def list_plans(data_dir=None) -> list[Plan]:
    """All plans in the registry."""
    return list(_plans(raw_dir(data_dir)))


def plan_ids(data_dir=None) -> list[str]:
    """Every plan id, with the shorthand a plan also answers to: ``['shanxi-13 (13)', ...]``, for
    messages that list the valid choices."""
    return [f"{p.id} ({p.shorthand})" if p.shorthand else p.id for p in _plans(raw_dir(data_dir))]


def current_plan(region: str | None = None, data_dir=None) -> Plan:
    """The plan tracked by default: the region's ``current_plan`` (``regions.csv``), else its
    latest plan judged from observed statistics; ``region=None`` is the default region."""
    r = get_region(region, data_dir)
    plans = [p for p in _plans(raw_dir(data_dir)) if p.region == r.code]
    if r.current_plan:
        return next(p for p in plans if p.id == r.current_plan)
    plans = [p for p in plans if p.assessed_by == "observed"]
    if not plans:
        regions = sorted({p.region for p in _plans(raw_dir(data_dir)) if p.assessed_by == "observed"})
        raise unknown_choice("region", r.code, regions)
    return max(plans, key=lambda p: p.target_year)


def get_plan(plan: int | str | Plan | None = None, region: str | None = None, data_dir=None) -> Plan:
    """The registry entry ``plan`` names: a plan id (``china-14``), a registry shorthand
    (``14``), or a plan number with its ``region`` (``15``, ``"testland"``); None: the current
    plan of ``region`` (of the default region when that is None too).  An unknown plan lists the
    valid ones."""
    if isinstance(plan, Plan):
        return plan
    if plan is None:
        return current_plan(region, data_dir)
    plans = _plans(raw_dir(data_dir))
    text = str(plan).strip()
    for p in plans:
        if text == p.id or (text == p.shorthand and region in (None, p.region)):
            return p
    if region is not None and text.isascii() and text.isdigit():
        for p in plans:
            if p.plan == int(text) and p.region == region:
                return p
    shown = f"{plan} ({region})" if region is not None else plan
    raise unknown_choice("plan", shown, plan_ids(data_dir))


def previous_plan(plan: Plan, data_dir=None) -> Plan | None:
    """The same region's plan whose period ends where ``plan``'s begins (the 13th for the 14th),
    or None."""
    for p in _plans(raw_dir(data_dir)):
        if p.region == plan.region and p.target_year == plan.base_year:
            return p
    return None


def _parse(row: dict, column: str, text_column: str, kind: str, problems: list[Problem], name: str) -> PrintedTarget:
    text = row.get(text_column)
    if text is None:
        return PrintedTarget("", None, None, None)
    try:
        return parse_printed_target(text, column=kind)
    except PrintedTargetError as exc:
        problems.append(Problem(name, row["_line"], text_column, str(exc)))
        return PrintedTarget(text, None, None, None)


def _differs(a, b) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return abs(float(a) - float(b)) > 1e-12


def check_indicator_rows(rows: list[dict], plan: Plan, path: Path) -> tuple[list[dict], list[Problem]]:
    """Parse the printed cells and check them against the numbers typed beside them.

    Returns the rows enriched with parsed columns, and the problems found.
    """
    name = display_path(path)
    problems: list[Problem] = []
    out = []
    for r in rows:
        problems += _plan_field_problems(r, plan, name)
        base = _parse(r, "base", "base_text", "level", problems, name)
        level = _parse(r, "target", "target_text", "level", problems, name)
        rate = _parse(r, "target_rate", "target_rate_text", "rate", problems, name)
        actual_level = _parse(r, "actual", "actual_text", "level", problems, name)
        actual_rate = _parse(r, "actual_rate", "actual_rate_text", "rate", problems, name)
        problems += _base_problems(r, base, plan, name)
        headline, rate_target = (level, rate) if not level.is_empty else (rate, PrintedTarget("", None, None, None))
        problems += _headline_problems(r, headline, name)
        problems += _actual_problems(r, level, headline, actual_level, actual_rate, plan, name)
        problems += _kind_problems(r, headline, name)
        enriched = dict(r)
        enriched.update(
            rate_target_value=rate_target.value,
            rate_target_kind=rate_target.kind,
            rate_comparator=rate_target.comparator,
            actual_level_value=actual_level.value,
            actual_rate_value=actual_rate.value,
        )
        out.append(enriched)
    return out, problems + _relative_problems(rows, name)


def _plan_field_problems(r: dict, plan: Plan, name: str) -> list[Problem]:
    """The row names the registry's plan, its attribute where the table prints one, the plan's
    target year."""
    line = r["_line"]
    problems = []
    if r["plan"] is not None and r["plan"] not in (plan.id, str(plan.plan)):
        problems.append(
            Problem(name, line, "plan", f"{r['plan']} does not match the registry's plan {plan.id} ({plan.plan})")
        )
    if plan.traced_by == "table" and r["attribute_zh"] is None:
        problems.append(
            Problem(name, line, "attribute_zh", f"is empty; the table prints one of: {', '.join(ATTRIBUTE_EN)}")
        )
    if r["target_year"] is not None and r["target_year"] != plan.target_year:
        problems.append(
            Problem(name, line, "target_year", f"{r['target_year']} is not the plan's target year {plan.target_year}")
        )
    return problems


def _base_problems(r: dict, base: PrintedTarget, plan: Plan, name: str) -> list[Problem]:
    """The typed base value and year match the printed base."""
    line = r["_line"]
    problems = []
    if _differs(base.value, r["base_value"]):
        problems.append(
            Problem(
                name,
                line,
                "base_value",
                f"{r['base_value']} does not match base_text {r['base_text']!r} (reads {base.value})",
            )
        )
    expected_base_year = base.year(plan.base_year, dict(plan.marker_years)) if base.value is not None else None
    if expected_base_year != r["base_year"]:
        problems.append(
            Problem(
                name,
                line,
                "base_year",
                f"{r['base_year']} does not match base_text {r['base_text']!r}: expected {expected_base_year} "
                "(the table year, or the year the table note gives '*' / '**'; blank when '-')",
            )
        )
    return problems


def _headline_problems(r: dict, headline: PrintedTarget, name: str) -> list[Problem]:
    """The typed target (kind, comparator, value, high end) matches the printed headline target."""
    line = r["_line"]
    if headline.is_empty:
        return [Problem(name, line, "target_text", "no target printed in either target column")]
    problems = []
    if headline.kind != r["target_kind"] and REFINED_KINDS.get(r["target_kind"]) != headline.kind:
        problems.append(
            Problem(
                name,
                line,
                "target_kind",
                f"{r['target_kind']!r} but the printed target {headline.text!r} reads as {headline.kind!r}",
            )
        )
    if (headline.comparator or None) != r["comparator"]:
        problems.append(
            Problem(
                name,
                line,
                "comparator",
                f"{r['comparator']!r} but the printed target {headline.text!r} reads as {headline.comparator!r}",
            )
        )
    if _differs(headline.value, r["target_value"]):
        problems.append(
            Problem(
                name,
                line,
                "target_value",
                f"{r['target_value']} does not match the printed target {headline.text!r} (reads {headline.value})",
            )
        )
    if _differs(headline.high, r["target_high"]):
        problems.append(
            Problem(
                name,
                line,
                "target_high",
                f"{r['target_high']} does not match the printed target {headline.text!r}",
            )
        )
    return problems


def _actual_problems(
    r: dict,
    level: PrintedTarget,
    headline: PrintedTarget,
    actual_level: PrintedTarget,
    actual_rate: PrintedTarget,
    plan: Plan,
    name: str,
) -> list[Problem]:
    """The typed outcome (value, year, estimate flag) matches the printed outcome."""
    line = r["_line"]
    problems = []
    # the outcome that answers the headline target: same column, or the level column for a
    # level cap printed in the rate column ('控制在0.2以下')
    actual = actual_level if not level.is_empty else actual_rate
    if actual.is_empty and headline.kind in LEVEL_KINDS:
        actual = actual_level
    if _differs(actual.value, r["actual_value"]):
        problems.append(
            Problem(
                name,
                line,
                "actual_value",
                f"{r['actual_value']} does not match the printed outcome {actual.text!r} (reads {actual.value})",
            )
        )
    has_actual = not (actual_level.is_empty and actual_rate.is_empty)
    expected_actual_year = actual_level.year(plan.target_year, dict(plan.marker_years)) if has_actual else None
    if r["actual_text"] is None and r["actual_rate_text"] is None:
        expected_actual_year = None
    if expected_actual_year != r["actual_year"]:
        problems.append(
            Problem(
                name,
                line,
                "actual_year",
                f"{r['actual_year']} does not match the printed outcome: expected {expected_actual_year}",
            )
        )
    if r.get("actual_is_estimate") and r["actual_value"] is None:
        problems.append(Problem(name, line, "actual_is_estimate", "true but the row prints no outcome"))
    return problems


# a level increase ('〔1〕' more year of life expectancy) is the change of a level from its base
LEVEL_INCREASE_BASES = ("level", "count", "share_pct")


def _kind_problems(r: dict, headline: PrintedTarget, name: str) -> list[Problem]:
    """What the new kinds need beside their printed cell: a level increase a base level to add to;
    a target relative to another indicator the row it refers to (``relative_to``), and, when it is
    to be in step with it (基本同步), the tolerance that reading allows."""
    line, kind = r["_line"], r["target_kind"]
    problems = []
    if kind == "level_increase":
        if r["base_value"] is None:
            problems.append(Problem(name, line, "base_value", "a level_increase needs the base level it adds to"))
        if r["basis"] not in LEVEL_INCREASE_BASES:
            problems.append(
                Problem(
                    name,
                    line,
                    "basis",
                    f"{r['basis']!r}: a level_increase is the change of a level, one of "
                    + ", ".join(LEVEL_INCREASE_BASES),
                )
            )
    relative = kind == "relative_growth"
    if relative and r["relative_to"] is None:
        problems.append(Problem(name, line, "relative_to", "is empty; a relative target names the row it refers to"))
    if not relative and r["relative_to"] is not None:
        problems.append(Problem(name, line, "relative_to", "only a relative_growth target refers to another row"))
    in_step = relative and headline.comparator == "~"
    if in_step and (r["tolerance"] is None or r["tolerance"] <= 0):
        problems.append(
            Problem(
                name,
                line,
                "tolerance",
                f"{headline.text!r} is to be in step with its reference: state how far apart counts as in step "
                "(a positive number in the target's unit, percentage points for growth rates)",
            )
        )
    if not in_step and r["tolerance"] is not None:
        problems.append(
            Problem(name, line, "tolerance", "only a target in step with another indicator (基本同步) has a tolerance")
        )
    return problems


def _relative_problems(rows: list[dict], name: str) -> list[Problem]:
    """Each ``relative_to`` names another row of the same table, one with a growth target."""
    by_no = {r["no"]: r for r in rows if r["no"]}
    problems = []
    for r in rows:
        ref = r.get("relative_to")
        if ref is None:
            continue
        other = by_no.get(ref)
        if other is None or ref == r["no"]:
            valid = ", ".join(no for no in by_no if no != r["no"])
            problems.append(Problem(name, r["_line"], "relative_to", f"{ref!r} is not another row; valid: {valid}"))
        elif other["target_kind"] not in ("avg_growth", "qualitative", "relative_growth") or other["basis"] not in (
            "real_growth",
            "nominal_growth",
            "quantity_growth",
        ):
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "relative_to",
                    f"row {ref} ({other['name_zh']}) is not a growth rate; a growth target is relative to a growth",
                )
            )
    return problems


def check_text_target_rows(rows: list[dict], path: Path) -> list[Problem]:
    name = display_path(path)
    problems = []
    for r in rows:
        comp, kind = r["comparator"], r["target_kind"]
        if comp in COMPARATOR_KINDS and kind is not None and kind not in COMPARATOR_KINDS[comp]:
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "target_kind",
                    f"{kind!r} does not fit comparator {comp!r}; allowed: {', '.join(COMPARATOR_KINDS[comp])}",
                )
            )
        if r["id"] and r["source_line"] is not None and r["id"][1:5] != f"{r['source_line']:04d}":
            problems.append(
                Problem(
                    name, r["_line"], "id", f"{r['id']!r} does not start with its source line {r['source_line']:04d}"
                )
            )
    return problems


def read_indicator_rows(plan: Plan) -> tuple[list[dict], list[Problem]]:
    units = allowed("plans", raw=plan.indicators_path.parent)
    rows, problems = read_table(plan.indicators_path, INDICATORS, {"unit": units})
    rows, more = check_indicator_rows(rows, plan, plan.indicators_path)
    from .required import too_few_rows  # required files and row counts: the rule validate applies too

    return rows, problems + more + too_few_rows(plan.indicators_path, "indicators", rows, problems)


def _register_value(text: str | None) -> float | None:
    """A register value as a number: '12', '23.35', or a fraction as printed, '2/3'."""
    if text is None:
        return None
    numerator, _, denominator = text.partition("/")
    return float(numerator) / float(denominator) if denominator else float(numerator)


def read_text_target_rows(plan: Plan) -> tuple[list[dict], list[Problem]]:
    """The register's rows, checked against its schema; ``value`` read as a number (a fraction
    such as '2/3' kept as printed in ``value_text``), ``base_year`` read from the note."""
    if plan.text_targets_path is None:
        return [], []
    units = allowed("register", raw=plan.text_targets_path.parent)
    rows, problems = read_table(plan.text_targets_path, TEXT_TARGETS, {"unit": units})
    problems = [
        Problem(
            p.file,
            p.line,
            p.column,
            p.message.split(";")[0].replace("is not valid", "is not a number") + "; expected "
            "a plain number such as 12 or -3.45, or a fraction as printed such as 2/3 (no units, commas or qualifiers)",
        )
        if p.column == "value" and "expected text matching" in p.message
        else p
        for p in problems
    ]
    for r in rows:
        r["value_text"] = r["value"]
        r["value"] = _register_value(r["value"])
        r["base_year"] = note_base_year(r["note"])
    from .required import too_few_rows

    return rows, problems + check_text_target_rows(rows, plan.text_targets_path) + too_few_rows(
        plan.text_targets_path, "text_targets", rows, problems
    )


def _sort_key(no: str) -> tuple[int, str]:
    digits = "".join(ch for ch in no if ch.isdigit())
    return int(digits), no[len(digits) :]


def _targets(plan: Plan) -> pd.DataFrame:
    return _targets_cached(plan, tree_stamp(plan.indicators_path.parent), tree_stamp(plan.source_path.parent))


@lru_cache(maxsize=16)
def _targets_cached(plan: Plan, stamp: tuple, source_stamp: tuple) -> pd.DataFrame:
    df = cache.cached_frame(
        "checked-targets",
        (plan,),
        lambda: _checked_targets(plan),
        data_dir=plan.indicators_path.parent.parent,
        also_read=[plan.source_path],
    )
    df.attrs["plan"] = plan
    return df


def _checked_targets(plan: Plan) -> pd.DataFrame:
    rows, problems = read_indicator_rows(plan)
    if not problems:  # a number not printed where the row says is refused, not loaded
        problems = plan_provenance(rows, plan)
    files = [plan.indicators_path, plan.source_path, *([plan.evidence_path] if plan.evidence_path else [])]
    _raise(problems + [p for f in files for p in manifest.file_problems(f)])
    units = load_units(raw=plan.indicators_path.parent)
    grades = cell_grades(plan)
    records = []
    for r in sorted(rows, key=lambda r: _sort_key(r["no"])):
        rec = {k: v for k, v in r.items() if not k.startswith("_")}
        rec["plan"], rec["region"] = plan.id, plan.region  # the id, also where the table gives the number
        rec["unit_en"] = units[r["unit"]].name_en
        rec["attribute"] = ATTRIBUTE_EN.get(r["attribute_zh"])  # blank where the source does not give it
        # the grade of the target's source: the plan's (its text), or its evidence row's (a cell)
        rec["source_grade"] = grades.get(r["source_line"], plan.grade)
        records.append(rec)
    df = pd.DataFrame.from_records(records)
    for col in TARGET_COLUMNS:
        if col not in df:
            df[col] = None
    df = df[TARGET_COLUMNS]
    for col in (
        "base_value",
        "target_value",
        "target_high",
        "rate_target_value",
        "actual_value",
        "actual_level_value",
        "actual_rate_value",
        "tolerance",
    ):
        df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    for col in ("base_year", "actual_year"):
        df[col] = df[col].astype("Int64")
    df["base_is_estimate"] = df["base_is_estimate"].astype(bool)
    df["actual_is_estimate"] = df["actual_is_estimate"].astype(bool)
    return df


def load_targets(plan: int | str | Plan | None = None, region: str | None = None, data_dir=None) -> pd.DataFrame:
    """The plan's indicator table as a tidy frame, one row per indicator (or part); ``plan``: a
    plan id (``china-14``) or shorthand (``14``), None for the current plan (:func:`get_plan`).

    Columns (see ``data/raw/README.md``): ``plan, region, no, group_no, category_zh,
    category_en, name_zh, name_en, unit, unit_en, base_year, base_value, base_text,
    base_is_estimate, target_year, target_value, target_high, target_text, target_rate_text,
    target_kind, comparator, rate_target_value, rate_target_kind, rate_comparator, direction,
    basis, attribute (expected/binding), attribute_zh, actual_year, actual_value, actual_text,
    actual_rate_text, actual_level_value, actual_rate_value, source_line, note, relative_to,
    tolerance, source_text``.  ``plan`` is the plan id.  The ``actual_*`` columns are filled for a
    plan whose table reports outcomes (the 13th).
    """
    return _targets(get_plan(plan, region, data_dir)).copy()


def _text_targets(plan: Plan) -> pd.DataFrame:
    return _text_targets_cached(plan, tree_stamp(plan.text_targets_path.parent), tree_stamp(plan.source_path.parent))


@lru_cache(maxsize=16)
def _text_targets_cached(plan: Plan, stamp: tuple, source_stamp: tuple) -> pd.DataFrame:
    return cache.cached_frame(
        "checked-text-targets",
        (plan,),
        lambda: _checked_text_targets(plan),
        data_dir=plan.text_targets_path.parent.parent,
        also_read=[plan.source_path],
    )


def _checked_text_targets(plan: Plan) -> pd.DataFrame:
    rows, problems = read_text_target_rows(plan)
    if not problems:
        problems = text_target_provenance(rows, plan, load_outline(plan.source_path))
    _raise(problems + manifest.file_problems(plan.text_targets_path))
    units = load_units(raw=plan.text_targets_path.parent)
    records = []
    for r in sorted(rows, key=lambda r: r["id"]):
        rec = {k: v for k, v in r.items() if not k.startswith("_")}
        rec.update(plan=plan.id, region=plan.region, unit_en=units[r["unit"]].name_en)
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=TEXT_TARGET_COLUMNS)
    df["value"] = df["value"].astype("float64")
    df["base_year"] = df["base_year"].astype("Int64")
    return df


def load_text_targets(plan: int | str | Plan | None = None, region: str | None = None, data_dir=None) -> pd.DataFrame:
    """The register of quantified targets in the outline's body text and boxes.

    Columns: ``plan, region, id, chapter, section, measure_zh, measure_en, phrase, value,
    value_text, unit, unit_en, base_year, target_year, comparator, target_kind, source_line,
    note``.  ``value`` is a number (a fraction such as 2/3 read as 0.666...; ``value_text`` is
    the cell as written); ``base_year`` is the base a ``relative`` target is a multiple of (from
    the note's 'base year YYYY'), else blank.  Kinds and units: ``data/raw/README.md``.
    """
    p = get_plan(plan, region, data_dir)
    if p.text_targets_path is None:
        raise ShanxiError(f"plan {p.id} has no text-target register", code="no_register", plan=p.id)
    return _text_targets(p).copy()


def clear_caches() -> None:
    """Forget everything read.  Not needed after an edit (the caches see file changes); frees memory."""
    for cached in (_plans_cached, _targets_cached, _text_targets_cached):
        cached.cache_clear()
    from . import regions
    from .provenance import sources

    regions.clear_caches()
    sources.clear_caches()

"""The plans as data: registry, indicator tables and the body-text target register.

A plan is a row of ``data/raw/plans.csv`` plus the files it names; nothing here is specific to
Shanxi or to the 14th plan.  Loaders validate what they read (schema and internal consistency)
and raise :class:`~..core.errors.DataError` listing every problem, including the provenance
checks against the outline text (:mod:`.provenance`), which ``shanxi validate`` shares.

Caches are keyed on the identity of the raw files (path, size, mtime_ns): an edited file is read
again in the same process.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..core.errors import DataError, Problem, ShanxiError, unknown_choice
from ..core.paths import raw_dir
from ..core.stamps import tree_stamp
from .printed import PrintedTarget, PrintedTargetError, parse_printed_target
from .provenance import indicator_provenance, load_outline, note_base_year, text_target_provenance
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
        path.resolve().relative_to(raw.resolve())
    except ValueError:
        return None, f"{name!r} resolves outside {display_path(raw)} (a link?); {valid}"
    return path, None


@lru_cache(maxsize=8)
def _plans_cached(raw: Path, stamp: tuple) -> tuple[Plan, ...]:
    path = raw / "plans.csv"
    rows, problems = read_table(path, PLANS)
    plans = []
    for r in rows:
        files = {}
        for col in ("source_file", "indicators_file", "text_targets_file"):
            if r[col] is None:
                files[col] = None
                continue
            files[col], escape = _inside_raw(raw, r[col])
            if escape:
                problems.append(Problem(display_path(path), r["_line"], col, escape))
            elif not files[col].is_file():
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
                files["source_file"],
                files["indicators_file"],
                files["text_targets_file"],
                r["assessed_by"],
                r["observed_code"],
            )
        )
    _raise(problems)
    return tuple(plans)


def list_plans(data_dir=None) -> list[Plan]:
    """All plans in the registry."""
    return list(_plans(raw_dir(data_dir)))


def current_plan(region: str = "shanxi", data_dir=None) -> Plan:
    """The plan tracked by default: the region's latest plan judged from observed statistics."""
    plans = [p for p in _plans(raw_dir(data_dir)) if p.region == region and p.assessed_by == "observed"]
    if not plans:
        regions = sorted({p.region for p in _plans(raw_dir(data_dir)) if p.assessed_by == "observed"})
        raise unknown_choice("region", region, regions)
    return max(plans, key=lambda p: p.target_year)


def get_plan(plan: int | str | None = None, region: str = "shanxi", data_dir=None) -> Plan:
    """The registry entry of ``plan`` for ``region`` (None: :func:`current_plan`); an unknown plan
    lists the valid ones."""
    if plan is None:
        return current_plan(region, data_dir)
    plans = _plans(raw_dir(data_dir))
    try:
        number = int(plan)
    except (TypeError, ValueError):
        number = None
    for p in plans:
        if p.plan == number and p.region == region:
            return p
    raise unknown_choice("plan", f"{plan} ({region})", [f"{p.plan} ({p.region})" for p in plans])


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


def check_indicator_rows(rows: list[dict], plan: Plan, path: Path) -> tuple[list[dict], list[Problem]]:  # noqa: C901
    """Parse the printed cells and check them against the numbers typed beside them.

    Returns the rows enriched with parsed columns, and the problems found.
    """
    name = display_path(path)
    problems: list[Problem] = []
    out = []
    for r in rows:
        line = r["_line"]
        if r["plan"] is not None and r["plan"] != plan.plan:
            problems.append(Problem(name, line, "plan", f"{r['plan']} does not match the registry's plan {plan.plan}"))
        if r["target_year"] is not None and r["target_year"] != plan.target_year:
            problems.append(
                Problem(
                    name, line, "target_year", f"{r['target_year']} is not the plan's target year {plan.target_year}"
                )
            )
        base = _parse(r, "base", "base_text", "level", problems, name)
        level = _parse(r, "target", "target_text", "level", problems, name)
        rate = _parse(r, "target_rate", "target_rate_text", "rate", problems, name)
        actual_level = _parse(r, "actual", "actual_text", "level", problems, name)
        actual_rate = _parse(r, "actual_rate", "actual_rate_text", "rate", problems, name)

        if _differs(base.value, r["base_value"]):
            problems.append(
                Problem(
                    name,
                    line,
                    "base_value",
                    f"{r['base_value']} does not match base_text {r['base_text']!r} (reads {base.value})",
                )
            )
        markers = dict(plan.marker_years)
        expected_base_year = base.year(plan.base_year, markers) if base.value is not None else None
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

        headline, rate_target = (level, rate) if not level.is_empty else (rate, PrintedTarget("", None, None, None))
        if headline.is_empty:
            problems.append(Problem(name, line, "target_text", "no target printed in either target column"))
        else:
            if headline.kind != r["target_kind"]:
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
                        f"{r['comparator']!r} but the printed target {headline.text!r} reads as "
                        f"{headline.comparator!r}",
                    )
                )
            if _differs(headline.value, r["target_value"]):
                problems.append(
                    Problem(
                        name,
                        line,
                        "target_value",
                        f"{r['target_value']} does not match the printed target {headline.text!r} (reads "
                        f"{headline.value})",
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
        expected_actual_year = actual_level.year(plan.target_year, markers) if has_actual else None
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
        enriched = dict(r)
        enriched.update(
            rate_target_value=rate_target.value,
            rate_target_kind=rate_target.kind,
            rate_comparator=rate_target.comparator,
            actual_level_value=actual_level.value,
            actual_rate_value=actual_rate.value,
        )
        out.append(enriched)
    return out, problems


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
    rows, problems = read_indicator_rows(plan)
    if not problems:  # a number not printed where the row says is refused, not loaded
        problems = indicator_provenance(rows, plan, load_outline(plan.source_path))
    _raise(problems)
    units = load_units(raw=plan.indicators_path.parent)
    records = []
    for r in sorted(rows, key=lambda r: _sort_key(r["no"])):
        rec = {k: v for k, v in r.items() if not k.startswith("_")}
        rec["region"] = plan.region
        rec["unit_en"] = units[r["unit"]].name_en
        rec["attribute"] = ATTRIBUTE_EN[r["attribute_zh"]]
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
    ):
        df[col] = pd.to_numeric(df[col], errors="raise").astype("float64")
    for col in ("base_year", "actual_year"):
        df[col] = df[col].astype("Int64")
    df["base_is_estimate"] = df["base_is_estimate"].astype(bool)
    df["actual_is_estimate"] = df["actual_is_estimate"].astype(bool)
    df.attrs["plan"] = plan
    return df


def load_targets(plan: int | str | None = None, region: str = "shanxi", data_dir=None) -> pd.DataFrame:
    """The plan's indicator table as a tidy frame, one row per indicator (or part); ``plan=None``
    is the region's current plan.

    Columns (see ``data/raw/README.md``): ``plan, region, no, group_no, category_zh,
    category_en, name_zh, name_en, unit, unit_en, base_year, base_value, base_text,
    base_is_estimate, target_year, target_value, target_high, target_text, target_rate_text,
    target_kind, comparator, rate_target_value, rate_target_kind, rate_comparator, direction,
    basis, attribute (expected/binding), attribute_zh, actual_year, actual_value, actual_text,
    actual_rate_text, actual_level_value, actual_rate_value, source_line, note``.
    The ``actual_*`` columns are filled for a plan whose table reports outcomes (the 13th).
    """
    return _targets(get_plan(plan, region, data_dir)).copy()


def _text_targets(plan: Plan) -> pd.DataFrame:
    return _text_targets_cached(plan, tree_stamp(plan.text_targets_path.parent), tree_stamp(plan.source_path.parent))


@lru_cache(maxsize=16)
def _text_targets_cached(plan: Plan, stamp: tuple, source_stamp: tuple) -> pd.DataFrame:
    rows, problems = read_text_target_rows(plan)
    if not problems:
        problems = text_target_provenance(rows, plan, load_outline(plan.source_path))
    _raise(problems)
    units = load_units(raw=plan.text_targets_path.parent)
    records = []
    for r in sorted(rows, key=lambda r: r["id"]):
        rec = {k: v for k, v in r.items() if not k.startswith("_")}
        rec.update(plan=plan.plan, region=plan.region, unit_en=units[r["unit"]].name_en)
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=TEXT_TARGET_COLUMNS)
    df["value"] = df["value"].astype("float64")
    df["base_year"] = df["base_year"].astype("Int64")
    return df


def load_text_targets(plan: int | str | None = None, region: str = "shanxi", data_dir=None) -> pd.DataFrame:
    """The register of quantified targets in the outline's body text and boxes.

    Columns: ``plan, region, id, chapter, section, measure_zh, measure_en, phrase, value,
    value_text, unit, unit_en, base_year, target_year, comparator, target_kind, source_line,
    note``.  ``value`` is a number (a fraction such as 2/3 read as 0.666...; ``value_text`` is
    the cell as written); ``base_year`` is the base a ``relative`` target is a multiple of (from
    the note's 'base year YYYY'), else blank.  Kinds and units: ``data/raw/README.md``.
    """
    p = get_plan(plan, region, data_dir)
    if p.text_targets_path is None:
        raise ShanxiError(f"plan {p.plan} ({p.region}) has no text-target register")
    return _text_targets(p).copy()


def clear_caches() -> None:
    """Forget everything read.  Not needed after an edit (the caches see file changes); frees memory."""
    for cached in (_plans_cached, _targets_cached, _text_targets_cached):
        cached.cache_clear()

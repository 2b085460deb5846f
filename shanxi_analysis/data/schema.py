"""Column schemas of the raw tables and a strict CSV reader that reports every problem.

A schema is data: a tuple of :class:`Column`.  :func:`read_table` never drops or coerces a row
silently: each cell that does not fit its column becomes a :class:`~.errors.Problem` naming the
file, the line and what is allowed.
"""

from __future__ import annotations

import csv
import datetime as _dt
import math
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.csvsafe import formula_problem
from ..core.errors import Problem
from .printed import COMPARATORS, TARGET_KINDS, TEXT_TARGET_KINDS

PLAN_YEARS = (1949, 2100)
# How a plan is judged: on the outcomes its own table prints (a finished plan reviewed in the next
# outline, such as the 13th in 专栏1), or as of a year from observed statistics (the current plan).
ASSESSED_BY = ("outcomes", "observed")


@dataclass(frozen=True)
class Plan:
    """One row of ``plans.csv``: everything that differs between plans is here, not in code."""

    plan: int
    region: str
    title_zh: str
    title_en: str
    table: str
    base_year: int
    target_year: int
    marker_years: tuple[tuple[str, int], ...]  # the table note's data-year markers
    source_path: Path
    indicators_path: Path
    text_targets_path: Path | None
    assessed_by: str = "observed"
    # how observed.csv's plan_indicator names this plan's rows, e.g. "{no}" or "13:{group_no}"
    observed_code: str = "{no}"

    def indicator_code(self, no: str, group_no: int | None) -> str:
        """The ``plan_indicator`` code that links an observed series to row ``no``."""
        return self.observed_code.format(no=no, group_no=group_no, plan=self.plan)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | int | number | bool | enum | year
    required: bool = True
    choices: tuple[str, ...] = ()
    years: tuple[int, int] = PLAN_YEARS
    pattern: str = ""  # regex a text must match

    def describe(self) -> str:
        if self.kind == "enum":
            return "one of: " + ", ".join(c if c else "(blank)" for c in self.choices)
        if self.kind == "year":
            return f"a year from {self.years[0]} to {self.years[1]}"
        if self.kind == "bool":
            return "true or false"
        if self.kind == "int":
            return "a whole number"
        if self.kind == "number":
            return "a plain number such as 12 or -3.45 (no units, commas or qualifiers)"
        if self.pattern:
            return f"text matching {self.pattern}"
        return "text"


@dataclass(frozen=True)
class Schema:
    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


DIRECTIONS = ("higher", "lower")
BASES = (
    "real_growth",
    "nominal_growth",
    "quantity_growth",
    "nominal_level",
    "share_pct",
    "count",
    "level",
    "reduction_pct",
)
ATTRIBUTES_ZH = ("预期性", "约束性")

PLANS = Schema(
    "plans",
    (
        Column("plan", "int"),
        Column("region", pattern=r"[a-z][a-z0-9_]*"),
        Column("title_zh"),
        Column("title_en"),
        Column("table"),
        Column("base_year", "year"),
        Column("target_year", "year"),
        Column("star_year", "year", required=False),
        Column("double_star_year", "year", required=False),
        Column("source_file"),
        Column("indicators_file"),
        Column("text_targets_file", required=False),
        Column("assessed_by", "enum", choices=ASSESSED_BY),
        Column("observed_code", pattern=r"[^{}]*\{(no|group_no)\}[^{}]*"),
    ),
    key=("plan", "region"),
)

# What a unit measures (data/raw/units.csv, read by data.units): the rules that depend on a unit ask
# its kind (a share moves in percentage points, a count in whole units, an age or a duration in years).
UNIT_KINDS = (
    "percent",
    "pp",
    "rate",
    "count",
    "money",
    "mass",
    "energy",
    "volume",
    "area",
    "power",
    "length",
    "duration",
    "age",
    "concentration",
    "ratio",
    "index",
    "class",
    # the register's values that are no amount: a multiple of a base level (倍增 = 2), a fraction of
    # a base to remove (缩短2/3), the calendar year a state is reached by (2030年前碳达峰)
    "multiple",
    "fraction",
    "year",
)
# The files a unit may appear in: the plan tables and the register, the register only, observed.csv.
UNIT_USES = ("plans", "register", "observed")

UNITS = Schema(
    "units",
    (
        Column("unit"),
        Column("name_en"),
        Column("name_zh", required=False),
        Column("kind", "enum", choices=UNIT_KINDS),
        Column("family"),
        Column("factor", "number"),
        Column("used_in", pattern=r"(?:plans|register|observed)(?: (?:plans|register|observed))*"),
        Column("note", required=False),
    ),
    key=("unit",),
)

INDICATORS = Schema(
    "indicators",
    (
        Column("plan", "int"),
        Column("no", pattern=r"\d+[a-z]?"),
        Column("group_no", "int"),
        Column("category_zh"),
        Column("category_en"),
        Column("name_zh"),
        Column("name_en"),
        Column("unit", "enum"),  # choices: the units.csv units used_in plans (data.units)
        Column("base_year", "year", required=False),
        Column("base_text"),
        Column("base_value", "number", required=False),
        Column("base_is_estimate", "bool"),
        Column("target_year", "year"),
        Column("target_text"),
        Column("target_rate_text"),
        Column("target_value", "number", required=False),
        Column("target_high", "number", required=False),
        Column("target_kind", "enum", choices=TARGET_KINDS),
        Column("comparator", "enum", required=False, choices=COMPARATORS),
        Column("direction", "enum", choices=DIRECTIONS),
        Column("basis", "enum", choices=BASES),
        Column("attribute_zh", "enum", choices=ATTRIBUTES_ZH),
        Column("actual_year", "year", required=False),
        Column("actual_text", required=False),
        Column("actual_rate_text", required=False),
        Column("actual_value", "number", required=False),
        Column("actual_is_estimate", "bool"),
        Column("source_line", "int"),
        Column("note", required=False),
    ),
    key=("no",),
)

# A register value: a plain number, or a fraction with a non-zero denominator ('2/3').
TEXT_TARGET_VALUE_PATTERN = r"-?\d+(?:\.\d+)?(?:/[1-9]\d*)?"

TEXT_TARGETS = Schema(
    "text_targets",
    (
        Column("id", pattern=r"T\d{4}[a-z]"),
        Column("chapter"),
        Column("section"),
        Column("measure_zh"),
        Column("measure_en"),
        Column("phrase"),
        # a plain number, or a fraction as printed ('2/3', a relative_reduction); the loader reads it
        Column("value", pattern=TEXT_TARGET_VALUE_PATTERN),
        Column("unit", "enum"),  # choices: the units.csv units used_in plans or register (data.units)
        Column("target_year", "year"),
        Column("comparator", "enum", choices=COMPARATORS),
        Column("target_kind", "enum", choices=TEXT_TARGET_KINDS),
        Column("source_line", "int"),
        Column("note", required=False),
    ),
    key=("id",),
)


MEASURES = (
    "level",
    "share_pct",
    "growth_real_pct",
    "growth_nominal_pct",
    "change_pct",
    "avg_growth_real_pct",
    "avg_growth_nominal_pct",
    "count",
)
# estimate: stated before its period ended (预计): a projection, never an outcome
VINTAGES = ("estimate", "preliminary", "revised", "unknown")
SOURCE_GRADES = ("official", "official_reprint", "press", "secondary")


def observed_schema(today: _dt.date | None = None) -> Schema:
    """The observed-statistics schema; a year after the current one is impossible."""
    this_year = (today or _dt.date.today()).year
    return Schema(
        "observed",
        (
            Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
            # a lower-case pinyin code: shanxi, china, jinzhong ... (intake drafts any region)
            Column("region", pattern=r"[a-z][a-z0-9_]*"),
            Column("year", "year", years=(1949, this_year)),
            Column("value", "number"),
            Column("unit", "enum"),  # choices: the units.csv units used_in observed (data.units)
            Column("measure", "enum", choices=MEASURES),
            Column("price_basis", "enum", required=False, choices=("", "real", "nominal")),
            Column("plan_indicator", required=False, pattern=r"(\d+[a-z]?|\d+:\d+)"),
            Column("vintage", "enum", choices=VINTAGES),
            Column("source_grade", "enum", choices=SOURCE_GRADES),
            Column("source_title"),
            Column("source_url"),
            Column("evidence"),
            Column("note", required=False),
        ),
        key=("series_id", "region", "year", "vintage", "value"),
    )


# ASCII digits only: Python reads '０' (full-width) as 0, a transcription must not
_NUMBER_RE = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)


def _convert(col: Column, raw: str, choices: tuple[str, ...]):  # noqa: C901
    """Return (value, error message or None) for one cell."""
    s = raw.strip()
    if s != raw:
        return None, f"has leading or trailing spaces ({raw!r}); expected {col.describe()}"
    if s == "":
        if col.required:
            return None, f"is empty; expected {col.describe()}"
        return None, None
    if col.kind == "text":
        if col.pattern and not re.fullmatch(col.pattern, s, flags=re.ASCII):  # '０' is not a code digit
            return None, f"{s!r} is not valid; expected {col.describe()}"
        # formula injection: free text must not start with = + - @ (the '-' placeholder aside); a
        # code whose pattern allows a sign ('-2', a register value) may start with '-' only
        problem = None if col.pattern and s.startswith("-") else formula_problem(s)
        if problem:
            return None, problem
        return s, None
    if col.kind == "enum":
        if s not in choices:
            listed = ", ".join(c if c else "(blank)" for c in choices)
            return None, f"{s!r} is not allowed; allowed values: {listed}"
        return s, None
    if col.kind == "bool":
        if s not in ("true", "false"):
            return None, f"{s!r} is not valid; expected true or false"
        return s == "true", None
    if col.kind in ("int", "year"):
        if not re.fullmatch(r"-?\d+", s, flags=re.ASCII):
            return None, f"{s!r} is not a whole number; expected {col.describe()}"
        v = int(s)
        if col.kind == "year" and not col.years[0] <= v <= col.years[1]:
            return None, f"{v} is out of range; expected {col.describe()}"
        return v, None
    if col.kind == "number":
        if not _NUMBER_RE.fullmatch(s):
            return None, f"{s!r} is not a number; expected {col.describe()}"
        v = float(s)
        if not math.isfinite(v):
            return None, f"{s!r} is not finite; expected {col.describe()}"
        return v, None
    raise AssertionError(col.kind)


def display_path(path: Path) -> str:
    """A short path for messages: relative to the working directory when possible."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_table(  # noqa: C901
    path: Path, schema: Schema, enum_choices: dict[str, tuple[str, ...]] | None = None
) -> tuple[list[dict], list[Problem]]:
    """Read a CSV strictly.  Returns the rows (each with ``_line``, its first line) and problems.

    Rows with a bad cell are still returned (with None in that cell) so that later checks can
    report more; callers must not use the rows when there are problems.
    """
    enum_choices = enum_choices or {}
    name = display_path(path)
    problems: list[Problem] = []
    try:
        handle = open(path, encoding="utf-8", newline="")  # noqa: SIM115 - closed by `with handle:` below
    except FileNotFoundError:
        return [], [Problem(name, 0, "-", "file not found")]
    rows: list[dict] = []
    with handle:
        try:
            text = handle.read()
        except UnicodeDecodeError as exc:
            return [], [Problem(name, 1, "-", f"not UTF-8 text ({exc.reason} at byte {exc.start})")]
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(name, 1, "-", "file is empty; expected a header row: " + ",".join(schema.names))]
    except csv.Error as exc:
        return [], [Problem(name, 1, "-", f"malformed CSV header: {exc}")]
    missing = [c for c in schema.names if c not in header]
    extra = [c for c in header if c not in schema.names]
    dupes = sorted({c for c in header if header.count(c) > 1})
    for c in missing:
        problems.append(Problem(name, 1, c, "column is missing; expected columns: " + ",".join(schema.names)))
    for c in extra:
        problems.append(Problem(name, 1, c, "unknown column; expected columns: " + ",".join(schema.names)))
    for c in dupes:
        problems.append(Problem(name, 1, c, "column appears more than once"))
    if missing or dupes:
        return [], problems

    seen: dict[tuple, int] = {}
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, start, "-", f"malformed CSV: {exc}"))
            break
        line = start
        start = reader.line_num + 1
        if not cells or all(c == "" for c in cells):
            problems.append(Problem(name, line, "-", "empty row; remove it"))
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name, line, "-", f"has {len(cells)} fields, the header has {len(header)} (check quoting and commas)"
                )
            )
            continue
        raw = dict(zip(header, cells, strict=True))
        row: dict = {"_line": line, "_raw": raw}  # the cells as written (provenance compares digits)
        for col in schema.columns:
            value, error = _convert(col, raw[col.name], enum_choices.get(col.name, col.choices))
            if error:
                problems.append(Problem(name, line, col.name, error))
            row[col.name] = value
        key = tuple(row[k] for k in schema.key)
        if key in seen:
            problems.append(
                Problem(name, line, ",".join(schema.key), f"duplicate key {key} (first at line {seen[key]})")
            )
        else:
            seen[key] = line
        rows.append(row)
    return rows, problems

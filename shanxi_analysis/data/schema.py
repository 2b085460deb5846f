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

from ..core import files
from ..core.csvsafe import formula_problem
from ..core.errors import Problem
from .printed import COMPARATORS, TARGET_KINDS, TEXT_TARGET_KINDS

PLAN_YEARS = (1949, 2100)
# How a plan is judged: on the outcomes its own table prints (a finished plan reviewed in the next
# outline, such as the 13th in 专栏1), or as of a year from observed statistics (the current plan).
ASSESSED_BY = ("outcomes", "observed")


# A plan's id: its region and its number, ``shanxi-14``, ``china-15``.
PLAN_ID = r"[a-z][a-z0-9_]*-\d+"
REGION_CODE = r"[a-z][a-z0-9_]*"
# How a plan's numbers are graded by their source (plans.csv: grade): the plan text itself, a table
# reconstructed from reports (every cell with its own source), or the press alone.
PLAN_GRADES = ("outline", "reconstructed", "press")
# How each number of a plan is traced to its source (plans.csv: traced_by; data/raw/README.md):
# ``table`` a row of a table printed in the source text (the Shanxi outlines' 专栏), ``sentence``
# a sentence of the source text, ``cells`` a row of a source table whose cells each carry evidence.
TRACED_BY = ("table", "sentence", "cells")


@dataclass(frozen=True)
class Plan:
    """One row of ``plans.csv``: everything that differs between plans is here, not in code."""

    plan: int  # the plan's number (13 for the 13th five-year plan)
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
    shorthand: str | None = None  # another name the plan answers to (plans.csv: "14")
    grade: str = "outline"
    traced_by: str = "table"
    evidence_path: Path | None = None  # cells traced to a separate evidence table

    @property
    def id(self) -> str:
        """The plan's id, ``<region>-<number>`` (``shanxi-14``): every file and command names it so."""
        return f"{self.region}-{self.plan}"

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
        Column("region", pattern=REGION_CODE),
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
        Column("shorthand", required=False, pattern=r"[a-z0-9_]+"),
        Column("grade", "enum", choices=PLAN_GRADES),
        Column("traced_by", "enum", choices=TRACED_BY),
        Column("evidence_file", required=False),
    ),
    key=("plan", "region"),
)

REGIONS = Schema(
    "regions",
    (
        Column("region", pattern=REGION_CODE),
        Column("name_zh"),
        Column("name_en"),
        # the region whose figures this one's are set against (the nation); blank for the nation
        Column("nation", required=False, pattern=REGION_CODE),
        # the plan tracked when none is named for this region; blank: the region's latest plan
        Column("current_plan", required=False, pattern=PLAN_ID),
        # the region whose current plan is used when neither a plan nor a region is named
        Column("default", "bool"),
    ),
    key=("region",),
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
# The unit words a number of a unit is printed with in the evidence (data/reading.py reads each
# family's words after a number): a share in % is not '8.3个百分点', a level in 元 is not '8.7%'.
# Blank in units.csv: not checked (an index, a ratio, years, energy).
UNIT_WORDS = (
    "pct",
    "pp",
    "times",
    "money",
    "people",
    "mass",
    "age",
    "area",
    "concentration",
    "volume",
    "power",
    "count",
)

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
        Column("printed_with", "enum", required=False, choices=UNIT_WORDS),
        Column("note", required=False),
    ),
    key=("unit",),
)

INDICATORS = Schema(
    "indicators",
    (
        # the plan's id; a drafted table may name it by its number (plans.csv names the table's file)
        Column("plan", pattern=rf"{PLAN_ID}|\d+"),
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
        # blank only where the source does not give it (a reconstructed or press plan)
        Column("attribute_zh", "enum", required=False, choices=ATTRIBUTES_ZH),
        Column("actual_year", "year", required=False),
        Column("actual_text", required=False),
        Column("actual_rate_text", required=False),
        Column("actual_value", "number", required=False),
        Column("actual_is_estimate", "bool"),
        Column("source_line", "int"),
        Column("note", required=False),
        # a target relative to another indicator (高于GDP增长): the ``no`` of that indicator's row
        Column("relative_to", required=False, pattern=r"\d+[a-z]?"),
        # how far from the reference a target 'in step with' it (基本同步) may be, in its unit
        Column("tolerance", "number", required=False),
        # a plan traced by sentence: the words of the source line the row is read from
        Column("source_text", required=False),
    ),
    key=("no",),
)

# data/raw/series.csv: the series catalogue (one schema for every reader: provenance, intake)
SERIES = Schema(
    "series",
    (
        Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
        Column("description"),
        Column("unit"),
        Column("measure"),
        Column("plan_indicator", required=False),
        Column("evidence_terms"),
        # where its values are normally published: a code of publications.csv (blank: not known)
        Column("published_in", required=False),
    ),
    key=("series_id",),
)

# data/raw/indicator_series.csv: which observed series measures which plan row.  Roles: annual (one
# value a year, the verdict's), period_average (a plan period's average growth, dated at its end),
# context (shown, never a verdict).
# level, share_numerator, share_denominator: the series a value is derived from (models.derive)
ROLES = ("annual", "period_average", "context", "level", "share_numerator", "share_denominator")
LINKS = Schema(
    "indicator_series",
    (
        Column("plan", pattern=PLAN_ID),
        Column("no", pattern=r"\d+[a-z]?"),
        Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
        Column("role", "enum", choices=ROLES),
        Column("note", required=False),
    ),
    key=("plan", "no", "series_id"),
)
# data/raw/plan_pairs.csv: a region's plan row beside its nation's plan row for the same indicator
# (Shanxi's urbanization 68 beside China's 65): data, never code (data/pairs.py)
PAIRS = Schema(
    "plan_pairs",
    (
        Column("plan", pattern=PLAN_ID),
        Column("no", pattern=r"\d+[a-z]?"),
        Column("nation_plan", pattern=PLAN_ID),
        Column("nation_no", pattern=r"\d+[a-z]?"),
        Column("note", required=False),
    ),
    key=("plan", "no"),
)
# data/raw/text_target_series.csv: which observed series measures a register entry.
# annual: the same statistic, unit (up to a stated conversion) and basis: used for a verdict;
# context: a proxy, shown beside the entry, never a verdict.
TEXT_TARGET_ROLES = ("annual", "context")
TEXT_TARGET_LINKS = Schema(
    "text_target_series",
    (
        Column("plan", pattern=PLAN_ID),
        Column("id", pattern=r"T\d{4}[a-z]"),
        Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
        Column("role", "enum", choices=TEXT_TARGET_ROLES),
        Column("note", required=False),
    ),
    key=("plan", "id", "series_id"),
)


# data/raw/price_sensitive.csv (optional): the plan rows whose target, a share at current prices,
# moves with coal prices.  with: the share rises when coal prices rise (coal is in its numerator);
# against: it falls (coal is in the denominator only).  Context beside a verdict, never one.
PRICE_MOVES = ("with", "against")
PRICE_SENSITIVE = Schema(
    "price_sensitive",
    (
        Column("plan", pattern=PLAN_ID),
        Column("no", pattern=r"\d+[a-z]?"),
        Column("moves", "enum", choices=PRICE_MOVES),
        Column("note"),
    ),
    key=("plan", "no"),
)


# data/raw/basis_breaks.csv: from first_year on, a series is on a new basis (a census, a re-survey).
BREAKS = Schema(
    "basis_breaks",
    (
        Column("series_id", pattern=r"[a-z][a-z0-9_]*"),
        Column("region", pattern=REGION_CODE),  # a region of regions.csv
        Column("first_year", "year"),
        Column("note"),
    ),
    key=("series_id", "region", "first_year"),
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
            # a lower-case pinyin code: shanxi, china, jinzhong ... (intake drafts any region); regions.csv
            # names the regions that have names, a nation or plans
            Column("region", pattern=REGION_CODE),
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


def _convert(col: Column, raw: str, choices: tuple[str, ...]):
    """Return (value, error message or None) for one cell."""
    s = raw.strip()
    if s != raw:
        return None, f"has leading or trailing spaces ({raw!r}); expected {col.describe()}"
    if s == "":
        if col.required:
            return None, f"is empty; expected {col.describe()}"
        return None, None
    if col.kind == "enum":
        return _convert_enum(s, choices)
    if col.kind not in _CONVERTERS:
        raise AssertionError(col.kind)
    return _CONVERTERS[col.kind](col, s)


def _convert_text(col: Column, s: str):
    if col.pattern and not re.fullmatch(col.pattern, s, flags=re.ASCII):  # '０' is not a code digit
        return None, f"{s!r} is not valid; expected {col.describe()}"
    # formula injection: free text must not start with = + - @ (the '-' placeholder aside); a
    # code whose pattern allows a sign ('-2', a register value) may start with '-' only
    problem = None if col.pattern and s.startswith("-") else formula_problem(s)
    if problem:
        return None, problem
    return s, None


def _convert_enum(s: str, choices: tuple[str, ...]):
    if s not in choices:
        listed = ", ".join(c if c else "(blank)" for c in choices)
        return None, f"{s!r} is not allowed; allowed values: {listed}"
    return s, None


def _convert_bool(col: Column, s: str):
    if s not in ("true", "false"):
        return None, f"{s!r} is not valid; expected true or false"
    return s == "true", None


def _convert_int(col: Column, s: str):
    """A whole number; a ``year`` column's within its range."""
    if not re.fullmatch(r"-?\d+", s, flags=re.ASCII):
        return None, f"{s!r} is not a whole number; expected {col.describe()}"
    v = int(s)
    if col.kind == "year" and not col.years[0] <= v <= col.years[1]:
        return None, f"{v} is out of range; expected {col.describe()}"
    return v, None


def _convert_number(col: Column, s: str):
    if not _NUMBER_RE.fullmatch(s):
        return None, f"{s!r} is not a number; expected {col.describe()}"
    v = float(s)
    if not math.isfinite(v):
        return None, f"{s!r} is not finite; expected {col.describe()}"
    return v, None


# a cell of each column kind (an enum's choices are the table's: _convert_enum)
_CONVERTERS = {
    "text": _convert_text,
    "bool": _convert_bool,
    "int": _convert_int,
    "year": _convert_int,
    "number": _convert_number,
}


def display_path(path: Path) -> str:
    """A short path for messages: relative to the working directory when possible.  The file's own
    name is kept as given (a link is named, not its target: a loop or ``/proc/...`` never shows)."""
    path = Path(path)
    try:
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd()))
    except (ValueError, RuntimeError, OSError):
        return str(path)


def read_text_file(path: Path, what: str = "CSV text") -> tuple[str, Problem | None]:
    """The UTF-8 text of a raw file read by the rules of :mod:`..core.files` (no link out of its
    folder, no device, FIFO or oversized file), without a byte-order mark; or the one problem that
    stops reading it, naming the file and never quoting its content."""
    name = display_path(path)
    try:
        data = files.read_bytes(path)
    except FileNotFoundError:
        return "", Problem(name, 0, "-", "file not found")
    except files.FileRefused as exc:
        return "", Problem(name, 0, "-", exc.reason)
    except IsADirectoryError:
        return "", Problem(name, 0, "-", f"is a folder, not {what}")
    except OSError as exc:
        return "", Problem(name, 0, "-", f"cannot read the file: {exc.strerror or exc}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", Problem(name, line, "-", f"not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8")
    if "\x00" in text:  # binary data (and a NUL inside a cell would pass unseen)
        line = text[: text.index("\x00")].count("\n") + 1
        return "", Problem(name, line, "-", f"binary data (a NUL byte), not {what}")
    return text.removeprefix("\ufeff"), None


def _header_problems(name: str, header: list[str], schema: Schema) -> tuple[list[Problem], bool]:
    """Missing, unknown and repeated columns, and whether the rows can be read at all.  A header
    that shares no column with the schema is not this table: it is reported without its cells (a
    stray file's first line may be a secret, and a CI log is public)."""
    expected = "expected columns: " + ",".join(schema.names)
    if not set(header) & set(schema.names):
        why = f"not a {schema.name} table: none of its {len(header)} header cells is a column; {expected}"
        return [Problem(name, 1, "-", why)], True
    missing = [Problem(name, 1, c, "column is missing; " + expected) for c in schema.names if c not in header]
    unknown = [Problem(name, 1, c[:40], "unknown column; " + expected) for c in header if c not in schema.names]
    dupes = [
        Problem(name, 1, c, "column appears more than once") for c in sorted({c for c in header if header.count(c) > 1})
    ]
    return missing + unknown + dupes, bool(missing or dupes)


def _records(reader, name: str, width: int, problems: list[Problem]):
    """``(line, cells)`` of every data row of the right width; the others become problems."""
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(Problem(name, start, "-", f"malformed CSV: {exc}"))
            return
        line, start = start, reader.line_num + 1
        if not cells or all(c == "" for c in cells):
            problems.append(Problem(name, line, "-", "empty row; remove it"))
        elif len(cells) != width:
            why = f"has {len(cells)} fields, the header has {width} (check quoting and commas)"
            problems.append(Problem(name, line, "-", why))
        else:
            yield line, cells


def read_table(
    path: Path, schema: Schema, enum_choices: dict[str, tuple[str, ...]] | None = None
) -> tuple[list[dict], list[Problem]]:
    """Read a CSV strictly.  Returns the rows (each with ``_line``, its first line) and problems.

    Rows with a bad cell are still returned (with None in that cell) so that later checks can
    report more; callers must not use the rows when there are problems.
    """
    enum_choices = enum_choices or {}
    name = display_path(path)
    text, problem = read_text_file(path)
    if problem:
        return [], [problem]
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        return [], [Problem(name, 1, "-", "file is empty; expected a header row: " + ",".join(schema.names))]
    except csv.Error as exc:
        return [], [Problem(name, 1, "-", f"malformed CSV header: {exc}")]
    problems, unreadable = _header_problems(name, header, schema)
    if unreadable:
        return [], problems
    rows: list[dict] = []
    seen: dict[tuple, int] = {}
    for line, cells in _records(reader, name, len(header), problems):
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

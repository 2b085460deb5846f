"""What a unit is: ``data/raw/units.csv``, the one registry every module asks.

Each unit (as the data writes it: ``亿元``, ``万户``, ``μg/m3``) has its names (English, and
Chinese where the unit is a symbol or a code: ``μg/m3`` reads 微克/立方米), its ``kind`` (what it
measures: ``percent``, ``pp``, ``count``, ``money``, ``mass``, ``duration`` ... see
:data:`~.schema.UNIT_KINDS`), its ``family`` and ``factor`` (how many of the family's base unit one
unit is: 万吨 is 10,000,000 kg, 亿公斤 100,000,000 kg, so 1 亿公斤 = 10 万吨) and the files it may
appear in (``used_in``: the plan tables and register, the register only, ``observed.csv``).

The rules that depend on a unit are here, once, and every module asks them:

* :func:`is_share`: a share or rate in percent, or a change of one in percentage points (its pace
  is in percentage points, a 左右 target's tolerance too);
* :func:`is_whole_count`: things counted one by one (enterprises, universities, persons: a count
  moves in whole units); a count in 万 (万户, 万人) is a level;
* :func:`is_years`: an age or a duration (its pace is years a year; Shanxi and China differ in years);
* :func:`is_aggregate`: a level printed in 万 or 亿 (亿元, 万吨): a total, a province's part of the
  national one (元 of income per person or an age is not);
* :func:`conversion`: the exact factor between two units of one family (150 亿公斤 = 1500 万吨), or
  None: units of different families never convert;
* :func:`multiplier`: the 万 / 亿 a unit is printed with (万吨: 1e4), as a number printed with it reads;
* :func:`of_kind`: the one unit of a kind that is no amount (a multiple 倍, a fraction 比例, a year 年份);
* :func:`printed_with`: the family of unit words a number of the unit is printed with in the evidence
  (:data:`~.schema.UNIT_WORDS`: a level in 元 is not '8.7%'), read by :mod:`.reading` and intake.

The registry is read once per process and read again when ``units.csv`` changes (its file stamp).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.errors import DataError, Problem
from ..core.paths import raw_dir
from ..core.stamps import file_stamp
from . import manifest
from .schema import UNIT_USES, UNITS, display_path, read_table

# the 万 / 亿 written in front of a unit, as a number printed with it reads (亿 before 万: 亿万 is no unit)
PREFIXES = (("亿", 1e8), ("万", 1e4))


@dataclass(frozen=True)
class Unit:
    """One row of ``units.csv``."""

    unit: str
    name_en: str
    name_zh: str  # the unit as written, or its words when the unit is a symbol or a code
    kind: str
    family: str
    factor: float
    used_in: frozenset[str]
    note: str = ""
    printed_with: str = ""  # a :data:`~.schema.UNIT_WORDS` family, or '' (not checked)


def units_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "units.csv"


def check_units(data_dir=None) -> tuple[list[dict], list[Problem]]:
    """Read ``units.csv`` and check what the schema cannot: a positive factor, and one kind per
    family (a family converts within one kind of quantity)."""
    return _check(units_path(data_dir))


def _check(path: Path) -> tuple[list[dict], list[Problem]]:
    rows, problems = read_table(path, UNITS)
    name = display_path(path)
    kinds: dict[str, tuple[str, int]] = {}
    for r in rows:
        if r["factor"] is not None and r["factor"] <= 0:
            problems.append(Problem(name, r["_line"], "factor", f"{r['factor']:g} must be positive"))
        if r["family"] and r["kind"]:
            first = kinds.setdefault(r["family"], (r["kind"], r["_line"]))
            if first[0] != r["kind"]:
                problems.append(
                    Problem(
                        name,
                        r["_line"],
                        "kind",
                        f"{r['kind']!r}: the family {r['family']!r} is {first[0]!r} (line {first[1]}); "
                        "one kind a family",
                    )
                )
    if not rows and not problems:
        problems.append(Problem(name, 1, "-", "no units: the plan and observed files need their units here"))
    return rows, problems


def load_units(data_dir=None, raw: Path | None = None) -> dict[str, Unit]:
    """Every unit of the registry by its code (the registry of ``data_dir``, or the one in the
    folder ``raw``); a registry with problems raises :class:`DataError`."""
    path = units_path(data_dir) if raw is None else Path(raw) / "units.csv"
    return _load(path, file_stamp(path))


@lru_cache(maxsize=8)
def _load(path: Path, stamp: tuple) -> dict[str, Unit]:
    rows, problems = _check(path)
    problems += manifest.file_problems(path)  # an edited registry is recorded first (data/manifest.py)
    if problems:
        raise DataError(problems)
    return {
        r["unit"]: Unit(
            r["unit"],
            r["name_en"],
            r["name_zh"] or r["unit"],
            r["kind"],
            r["family"],
            float(r["factor"]),
            frozenset(r["used_in"].split()),
            r["note"] or "",
            r["printed_with"] or "",
        )
        for r in rows
    }


def get(unit, data_dir=None) -> Unit | None:
    """The registry's entry for ``unit``, or None for a unit it does not know."""
    return load_units(data_dir).get(unit) if isinstance(unit, str) else None


def allowed(use: str, data_dir=None, raw: Path | None = None) -> tuple[str, ...]:
    """The units a kind of file may use (:data:`~.schema.UNIT_USES`), in the registry's order; the
    register may use the plan tables' units too."""
    if use not in UNIT_USES:
        raise ValueError(f"unknown use {use!r}; valid: {', '.join(UNIT_USES)}")
    uses = {"register": {"plans", "register"}}.get(use, {use})
    return tuple(u.unit for u in load_units(data_dir, raw).values() if u.used_in & uses)


def kind(unit, data_dir=None) -> str | None:
    """What ``unit`` measures (a :data:`~.schema.UNIT_KINDS` code), or None for an unknown unit."""
    entry = get(unit, data_dir)
    return entry.kind if entry else None


def name(unit, lang: str, data_dir=None) -> str | None:
    """The registry's words for ``unit`` in ``lang`` (``zh``: as written, or the words of a
    symbol), or None for an unknown unit."""
    entry = get(unit, data_dir)
    if entry is None:
        return None
    return entry.name_zh if lang == "zh" else entry.name_en


SYMBOLS = ("%",)  # written the same in both languages


def words(unit, lang: str, own_en=None, data_dir=None) -> str:
    """``unit`` as a reader sees it in ``lang`` (``zh`` or ``en``): a symbol as it is (``%``), else
    the registry's words (Chinese as written, or the words of a symbol: μg/m3 -> 微克/立方米), the
    English of a row's own ``unit_en`` where it has one; a unit the registry does not know as
    written; '' without a unit."""
    if not isinstance(unit, str) or not unit:
        return ""
    if unit in SYMBOLS:
        return unit
    if lang == "zh":
        return name(unit, "zh", data_dir) or unit
    return own_en if isinstance(own_en, str) and own_en else name(unit, "en", data_dir) or unit


def is_share(unit, data_dir=None) -> bool:
    """A share or rate in percent, or a change of one in percentage points."""
    return kind(unit, data_dir) in ("percent", "pp")


def is_years(unit, data_dir=None) -> bool:
    """An age or a duration: it moves in years."""
    return kind(unit, data_dir) in ("age", "duration")


def is_count(unit, data_dir=None) -> bool:
    """Things counted (enterprises, persons, structures), in single units or in 万."""
    return kind(unit, data_dir) == "count"


def is_whole_count(unit, data_dir=None) -> bool:
    """Things counted one by one: a count that moves in whole units (not a count in 万)."""
    entry = get(unit, data_dir)
    return entry is not None and entry.kind == "count" and entry.factor == 1


def is_money(unit, data_dir=None) -> bool:
    return kind(unit, data_dir) == "money"


def of_kind(kind_code: str, data_dir=None, raw: Path | None = None) -> str:
    """The registry's one unit of ``kind_code`` (``multiple``: 倍, ``fraction``: 比例, ``year``:
    年份): the unit the register writes a value in that is no amount."""
    found = [u.unit for u in load_units(data_dir, raw).values() if u.kind == kind_code]
    if len(found) != 1:
        path = units_path(data_dir) if raw is None else Path(raw) / "units.csv"
        raise DataError(
            [Problem(display_path(path), 0, "kind", f"one unit of kind {kind_code!r} expected, found {found}")]
        )
    return found[0]


def printed_with(unit, data_dir=None) -> str | None:
    """The family of unit words a number of ``unit`` is printed with in the evidence (``元``:
    ``money``, ``万人``: ``people``), or None for a unit whose words are not checked (an index, a
    ratio, years) or that the registry does not know."""
    entry = get(unit, data_dir)
    return (entry.printed_with or None) if entry else None


def multiplier(unit) -> float:
    """The 万 (1e4) or 亿 (1e8) a unit is printed with, else 1: ``亿元`` 1e8, ``万吨`` 1e4,
    ``元``, ``%``, ``个/万人`` 1."""
    text = str(unit or "")
    return next((value for prefix, value in PREFIXES if text.startswith(prefix)), 1.0)


def is_aggregate(unit, data_dir=None) -> bool:
    """A level printed in 万 or 亿 (亿元, 万吨, 万人): a total, of which a province's value is part."""
    return not is_share(unit, data_dir) and multiplier(unit) > 1


def conversion(from_unit, to_unit, data_dir=None) -> float | None:
    """How many ``to_unit`` one ``from_unit`` is (万户 -> 户: 10,000; 亿公斤 -> 万吨: 10), or None
    when they are not of one family (or either is unknown)."""
    if from_unit == to_unit:
        return 1.0
    a, b = get(from_unit, data_dir), get(to_unit, data_dir)
    if a is None or b is None or a.family != b.family:
        return None
    return a.factor / b.factor


def factor(unit, data_dir=None) -> float | None:
    """How many of its family's base unit one ``unit`` is (万吨: 1e7 kg), or None when unknown."""
    entry = get(unit, data_dir)
    return entry.factor if entry else None


def clear_caches() -> None:
    _load.cache_clear()


__all__ = [
    "Unit",
    "allowed",
    "check_units",
    "clear_caches",
    "conversion",
    "factor",
    "get",
    "is_aggregate",
    "is_count",
    "is_money",
    "is_share",
    "is_whole_count",
    "is_years",
    "kind",
    "load_units",
    "multiplier",
    "name",
    "of_kind",
    "printed_with",
    "words",
]

"""The regions of the data (``data/raw/regions.csv``): their codes and names, the nation each is
set against, and the plan each tracks by default.

No code names a region: a region is a row of this file, and the region whose plan is used when
none is named is the row marked ``default``.  A plan's region must be one of these;
``observed.csv`` may also hold rows of other regions (intake drafts any region), which load under
their code and are named by it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core.errors import DataError, Problem, unknown_choice
from ..core.paths import raw_dir
from ..core.stamps import file_stamp
from .required import read_required
from .schema import REGIONS, display_path


@dataclass(frozen=True)
class Region:
    """One row of ``regions.csv``."""

    code: str
    name_zh: str
    name_en: str
    nation: str | None  # the region this one is compared with (None: it is the nation)
    current_plan: str | None  # the plan id tracked when none is named (None: the latest plan)
    default: bool


def regions_path(data_dir=None) -> Path:
    return raw_dir(data_dir) / "regions.csv"


def check_regions(path: Path) -> tuple[list[dict], list[Problem]]:
    """Read ``regions.csv``: its schema, one ``default`` row, and a ``nation`` that is a region."""
    rows, problems = read_required(path, REGIONS, "regions")
    name = display_path(path)
    codes = [r["region"] for r in rows if r["region"]]
    for r in rows:
        if r["nation"] and r["nation"] not in codes:
            problems.append(
                Problem(
                    name,
                    r["_line"],
                    "nation",
                    f"{r['nation']!r} is not a region of this file; valid: {', '.join(codes)}",
                )
            )
        if r["nation"] and r["nation"] == r["region"]:
            problems.append(Problem(name, r["_line"], "nation", "a region is not compared with itself; leave it blank"))
        if r["current_plan"] and r["region"] and not r["current_plan"].startswith(f"{r['region']}-"):
            problems.append(
                Problem(name, r["_line"], "current_plan", f"{r['current_plan']!r} is not a plan of {r['region']}")
            )
    defaults = [r for r in rows if r["default"]]
    if rows and len(defaults) != 1 and not problems:
        problems.append(
            Problem(
                name,
                1,
                "default",
                f"{len(defaults)} regions are marked default; exactly one must be true (its current plan is used "
                "when none is named)",
            )
        )
    return rows, problems


def _regions(path: Path) -> dict[str, Region]:
    return _regions_cached(path, file_stamp(path))


@lru_cache(maxsize=8)
def _regions_cached(path: Path, stamp: tuple) -> dict[str, Region]:
    rows, problems = check_regions(path)
    if problems:
        raise DataError(problems)
    return {
        r["region"]: Region(r["region"], r["name_zh"], r["name_en"], r["nation"], r["current_plan"], r["default"])
        for r in rows
    }


def load_regions(data_dir=None) -> dict[str, Region]:
    """Every region of ``regions.csv`` by code, in the file's order."""
    return dict(_regions(regions_path(data_dir)))


def region_codes(data_dir=None) -> tuple[str, ...]:
    return tuple(_regions(regions_path(data_dir)))


def get_region(code: str | None = None, data_dir=None) -> Region:
    """The region ``code`` (None: the default region); an unknown code lists the valid ones."""
    regions = _regions(regions_path(data_dir))
    if code is None:
        return next(r for r in regions.values() if r.default)
    if code not in regions:
        raise unknown_choice("region", code, list(regions))
    return regions[code]


def region_name(code: str, lang: str, data_dir=None) -> str:
    """A region's name in ``lang`` (``zh`` or ``en``); an unknown code as given."""
    region = _regions(regions_path(data_dir)).get(code)
    if region is None:
        return str(code)
    return region.name_zh if lang == "zh" else region.name_en


def clear_caches() -> None:
    _regions_cached.cache_clear()

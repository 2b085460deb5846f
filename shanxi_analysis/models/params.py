"""One parameter-checking layer for the command line, the notebooks (papermill) and the widgets.

Every check raises :class:`~shanxi_analysis.core.errors.ShanxiError` with a message that says
what is wrong and what is allowed; nothing is clipped or guessed.

* numbers are read strictly: plain decimals only (``5``, ``-0.5``, ``.5``); ``5_0``, ``1e3``,
  ``inf``, ``nan`` and empty items are refused (Python's own ``float``/``int`` accept them all);
* a seed is an integer in 0 .. 2**32 - 1;
* an as-of year is one of the years the tracker has data for (the same years for every command);
* a forecast horizon is at most ``MAX_HORIZON`` years after the last observation;
* scenario steps lie in a plausible range for what the indicator measures (``STEP_RANGES``:
  growth rates -50 .. +50 % a year, shares -10 .. +10 pp a year, durations -2 .. +2 years a year,
  counts at most the larger of the start and target values in a year), and the path they imply
  stays possible (a share within 0 .. 100 %, a count or a level not below zero).
"""

from __future__ import annotations

import math
import re

from ..core.errors import ShanxiError

MAX_SEED = 2**32 - 1
MAX_HORIZON = 15  # years forecast beyond the last observation
# plausible steps a year, by pace kind (models.evidence.pace_kind); "units" has no fixed range
STEP_RANGES = {"growth": (-50.0, 50.0), "rate": (-50.0, 50.0), "pp": (-10.0, 10.0), "years": (-2.0, 2.0)}
STEP_UNITS = {
    "growth": "% a year",
    "rate": "% a year",
    "pp": "percentage points a year",
    "years": "years a year",
    "units": "units a year",
}
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)  # "５" and "٣" are not plain digits
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)


def parse_number(text, what: str = "value") -> float:
    """A plain decimal number; anything else (``5_0``, ``1e308``, ``inf``, ``nan``, ``''``) is refused."""
    if isinstance(text, bool):
        raise ShanxiError(f"{what} must be a number; got {text!r}", code="not_a_number", what=what, value=repr(text))
    if isinstance(text, (int, float)):
        value = float(text)
    else:
        s = str(text).strip()
        if not _DECIMAL.fullmatch(s):
            raise ShanxiError(
                f"{what} must be a plain decimal number such as 5 or -0.5; got {text!r}",
                code="not_a_decimal",
                what=what,
                value=repr(text),
            )
        value = float(s)
    if not math.isfinite(value):
        raise ShanxiError(
            f"{what} must be a finite number; got {text!r}", code="not_finite", what=what, value=repr(text)
        )
    return value


def parse_int(text, what: str = "value") -> int:
    """A plain integer (no ``_``, no exponent, no fraction)."""
    if isinstance(text, bool):
        raise ShanxiError(
            f"{what} must be an integer; got {text!r}", code="not_an_integer", what=what, value=repr(text)
        )
    if isinstance(text, int):
        return int(text)
    if isinstance(text, float):
        if text.is_integer():
            return int(text)
        raise ShanxiError(
            f"{what} must be an integer; got {text!r}", code="not_an_integer", what=what, value=repr(text)
        )
    s = str(text).strip()
    if not _INTEGER.fullmatch(s):
        raise ShanxiError(
            f"{what} must be an integer such as 2023; got {text!r}", code="not_a_year_like", what=what, value=repr(text)
        )
    return int(s)


def check_seed(seed) -> int:
    value = parse_int(seed, "seed")
    if not 0 <= value <= MAX_SEED:
        raise ShanxiError(
            f"seed must be between 0 and {MAX_SEED}; got {value}", code="seed_range", high=MAX_SEED, value=value
        )
    return value


def check_year(as_of, choices, what: str = "as-of year") -> int | None:
    """``None`` (the latest) or one of ``choices``."""
    if as_of is None:
        return None
    year = parse_int(as_of, what)
    choices = [int(c) for c in choices]
    if year not in choices:
        listed = ", ".join(map(str, choices)) if choices else "none"
        raise ShanxiError(
            f"{what} {year} is outside the data; valid years: {listed}",
            code="year_outside",
            what=what,
            year=year,
            valid=listed,
        )
    return year


def as_of_choices(plan=None, region: str | None = None, data_dir=None) -> list[int]:
    """The as-of years the tracker accepts (those ``assess`` accepts)."""
    from .assess import Assessment

    return Assessment(plan, None, region=region, data_dir=data_dir).available_years()


def check_as_of(as_of, plan=None, region: str | None = None, data_dir=None) -> int | None:
    return check_year(as_of, as_of_choices(plan, region, data_dir))


def check_has_observations(plan=None, region: str | None = None, data_dir=None) -> None:
    """A plan judged from observed statistics that has none yet (a plan just begun, a plan whose
    targets no series is linked to) cannot be assessed as of a year: one line says so."""
    from ..data.plans import get_plan

    p = get_plan(plan, region, data_dir)
    if p.assessed_by == "observed" and not as_of_choices(p, data_dir=data_dir):
        raise ShanxiError(
            f"plan {p.id} has no observations yet: no series linked to its targets has a value for "
            f"{p.base_year + 1}-{p.target_year}, so nothing can be assessed as of a year "
            f"(`shanxi targets --plan {p.id}` lists its targets)",
            code="no_observations_yet",
            plan=p.id,
            first=p.base_year + 1,
            last=p.target_year,
        )


def check_horizon(to, last_year: int, max_years: int = MAX_HORIZON) -> int:
    """A forecast end year after ``last_year`` and at most ``max_years`` beyond it."""
    to = parse_int(to, "--to")
    if to <= last_year:
        raise ShanxiError(
            f"--to {to} must be after the last observed year {last_year}", code="horizon_before", to=to, last=last_year
        )
    if to - last_year > max_years:
        raise ShanxiError(
            f"--to {to} is {to - last_year} years after the last observed year {last_year}; "
            f"forecasts go at most {max_years} years ahead (up to {last_year + max_years})",
            code="horizon_beyond",
            to=to,
            gap=to - last_year,
            last=last_year,
            most=max_years,
            until=last_year + max_years,
        )
    return to


def parse_steps(steps, what: str = "--growth") -> list[float]:
    """Comma-separated plain numbers (or a list of numbers), each checked by :func:`parse_number`."""
    items = steps.split(",") if isinstance(steps, str) else list(steps)
    if not items or (len(items) == 1 and str(items[0]).strip() == ""):
        raise ShanxiError(f"{what} needs at least one number, e.g. 5,5,6", code="steps_empty", what=what)
    out = []
    for i, item in enumerate(items, 1):
        try:
            out.append(parse_number(item, what))
        except ShanxiError as exc:
            raise ShanxiError(
                f"{what} item {i}: {exc} (expected comma-separated numbers, e.g. 5,5,6)",
                code="steps_item",
                what=what,
                i=i,
                cause=exc,
            ) from None
    return out


def step_range(kind: str, start=None, target=None) -> tuple[float, float]:
    """The plausible steps a year for a pace kind (see the module doc)."""
    if kind in STEP_RANGES:
        return STEP_RANGES[kind]
    sizes = [abs(float(v)) for v in (start, target) if v is not None and math.isfinite(float(v))]
    span = max([*sizes, 1.0])
    return (-span, span)


def is_share(row) -> bool:
    """A share in percent (its path must stay within 0 .. 100)."""
    return row.get("pace_kind") == "pp" and str(row.get("unit")) == "%"


def check_steps(steps, row, years=None, what: str = "--growth") -> list[float]:
    """Steps for one indicator: parsed strictly, within the kind's plausible range, and a path
    that stays possible.  ``row``: the indicator's inputs (``ScenarioModel.row``: ``pace_kind``,
    ``unit``, ``start_value``, ``target_value``, ``no``); ``years``: the years they apply to."""
    values = parse_steps(steps, what)
    kind = row["pace_kind"]
    start = float(row["start_value"]) if row.get("start_value") is not None else float("nan")
    lo, hi = step_range(kind, start, row.get("target_value"))
    years = list(years) if years is not None else list(range(1, len(values) + 1))
    unit = STEP_UNITS.get(kind, "a year")
    for year, v in zip(years, values, strict=False):
        if not lo <= v <= hi:
            raise ShanxiError(
                f"indicator {row['no']}: step {v:g} for {year} is outside the plausible range {lo:g} .. {hi:g} {unit}",
                code=f"step_range.{kind}" if kind in STEP_UNITS else "step_range",
                no=row["no"],
                step=f"{v:g}",
                year=year,
                low=f"{lo:g}",
                high=f"{hi:g}",
            )
    if math.isfinite(start) and kind != "rate":
        value = start
        for year, v in zip(years, values, strict=False):
            value = value * (1 + v / 100) if kind == "growth" else value + v
            if is_share(row) and not -1e-9 <= value <= 100 + 1e-9:
                raise ShanxiError(
                    f"indicator {row['no']}: these steps take the share to {value:.2f} % in {year}; "
                    f"a share stays within 0 .. 100 %",
                    code="share_outside",
                    no=row["no"],
                    value=f"{value:.2f}",
                    year=year,
                )
            if value < -1e-9:
                raise ShanxiError(
                    f"indicator {row['no']}: these steps take the value below zero ({value:.2f}) in {year}",
                    code="below_zero",
                    no=row["no"],
                    value=f"{value:.2f}",
                    year=year,
                )
    return values


def slider_bounds(row, anchors=()) -> tuple[float, float]:
    """Slider range for a widget: the plausible range, narrowed around the anchors (baseline,
    required, 0) when they are close together, never beyond it."""
    kind = row["pace_kind"]
    lo, hi = step_range(kind, row.get("start_value"), row.get("target_value"))
    anchors = [float(a) for a in anchors if a is not None and math.isfinite(float(a))]
    if anchors:
        span = max(abs(a) for a in anchors) or 1.0
        # the anchors stay reachable (a required pace may itself be implausible: it is shown)
        lo = min(max(lo, min(anchors) - span), min(anchors))
        hi = max(min(hi, max(anchors) + span), max(anchors))
    return lo, hi


__all__ = [
    "MAX_HORIZON",
    "MAX_SEED",
    "STEP_RANGES",
    "as_of_choices",
    "check_as_of",
    "check_has_observations",
    "check_horizon",
    "check_seed",
    "check_steps",
    "check_year",
    "parse_int",
    "parse_number",
    "parse_steps",
    "slider_bounds",
    "step_range",
]

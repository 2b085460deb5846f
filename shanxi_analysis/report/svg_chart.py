"""A small inline SVG chart of one indicator: its history against the target and the required
path, drawn from the numbers without matplotlib (hundreds of indicator pages are written by
``shanxi run``; a PNG each would cost seconds).  A pure function of its inputs; every text is
escaped; the browser renders CJK text in SVG like any other.

Conventions, as on the tracker's charts (:func:`.charts.draw_progress`): the observed values as a
line of points (bars for annual growth rates), the target as a dashed red line, the required
path dotted orange, the as-of year marked; a year without an observation leaves a gap in the line
(never bridged) and is named under the chart by the caller."""

from __future__ import annotations

import html
import math
import unicodedata
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 298
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 34, 44
LEGEND_Y = TOP // 2 - 3  # the legend's line, mid-way up the margin above the plot: it never hides a bar
COLOURS = {"observed": "#2166ac", "target": "#b2182b", "required": "#c4622d", "as_of": "#777777"}


@dataclass(frozen=True)
class Series:
    """A chart's data: ``observed`` (year, value) pairs; ``target`` the target's value (None: no
    number); ``required`` (year, value) points of the required path; ``bars``: the observed are
    annual rates (drawn as bars); ``years``: the first and last year of the x axis."""

    observed: tuple[tuple[int, float], ...]
    years: tuple[int, int]
    target: float | None = None
    required: tuple[tuple[int, float], ...] = ()
    bars: bool = False
    as_of: int | None = None
    base: tuple[int, float] | None = None


@dataclass(frozen=True)
class Labels:
    """Every text the chart shows, in the page's language (escaped here)."""

    title: str
    x_axis: str
    y_axis: str
    observed: str
    target: str = ""
    required: str = ""
    as_of: str = ""
    extra: dict = field(default_factory=dict)


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round values covering [low, high] (1, 2 or 5 times a power of ten apart)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        high, low = low + 1, low - 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks, x = [], first
    while x <= high + step * 1e-9:
        ticks.append(round(x, 10))
        x += step
    if ticks[-1] < high:
        ticks.append(round(x, 10))
    return ticks


def _tick_text(x: float, ticks: list[float]) -> str:
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    text = f"{x:,.{decimals}f}"
    return "0" if text in ("-0", "-0.0", "-0.00") else text


def _runs(points) -> list[list[tuple[int, float]]]:
    """The observed points in runs of consecutive years: a missing year breaks the line."""
    runs: list[list[tuple[int, float]]] = []
    for year, value in sorted(points):
        if runs and year == runs[-1][-1][0] + 1:
            runs[-1].append((year, value))
        else:
            runs.append([(year, value)])
    return runs


def history_svg(data: Series, labels: Labels) -> str:
    """The chart as an ``<svg>`` element (a string): labelled axes with units, the target, the
    required path, the observed values with gaps where years are missing."""
    first, last = data.years
    values = [v for _, v in data.observed] + [v for _, v in data.required]
    values += [data.target] if data.target is not None else []
    values += [data.base[1]] if data.base is not None else []
    values = [v for v in values if v is not None and math.isfinite(v)]
    if data.bars:
        values.append(0.0)
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.08 or abs(high) * 0.08 or 1.0
    ticks = nice_ticks(low - pad, high + pad)
    y0, y1 = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(last - first, 1)

    def x(year: float) -> float:
        return round(LEFT + (year - first + 0.5) / (span + 1) * plot_w, 1)

    def y(value: float) -> float:
        return round(TOP + (y1 - value) / (y1 - y0) * plot_h, 1)

    out = [
        f'<svg class="indicator-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{_e(labels.title)}"><title>{_e(labels.title)}</title>',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="#d9dee4"/>',
    ]
    for tick in ticks:
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick)}" y2="{y(tick)}" stroke="#eef1f4"/>'
            f'<text x="{LEFT - 6}" y="{y(tick) + 4}" text-anchor="end" font-size="11">'
            f"{_e(_tick_text(tick, ticks))}</text>"
        )
    for year in range(first, last + 1):
        out.append(f'<text x="{x(year)}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" font-size="11">{year}</text>')
    out.append(
        f'<text x="{LEFT + plot_w / 2}" y="{HEIGHT - 6}" text-anchor="middle" font-size="12">{_e(labels.x_axis)}</text>'
        f'<text transform="translate(14 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle" font-size="12">'
        f"{_e(labels.y_axis)}</text>"
    )
    if data.as_of is not None and first <= data.as_of <= last:
        cut = x(data.as_of + 0.5)
        out.append(
            f'<line class="as-of" x1="{cut}" x2="{cut}" y1="{TOP}" y2="{TOP + plot_h}" stroke="{COLOURS["as_of"]}"/>'
            f'<text x="{cut - 3}" y="{TOP + 12}" text-anchor="end" font-size="10" fill="#555">{_e(labels.as_of)}</text>'
        )
    if data.target is not None and math.isfinite(data.target):
        out.append(
            f'<line class="target" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(data.target)}" y2="{y(data.target)}" '
            f'stroke="{COLOURS["target"]}" stroke-dasharray="6 4"><title>{_e(labels.target)}</title></line>'
        )
    if data.required:
        points = " ".join(f"{x(a)},{y(b)}" for a, b in data.required)
        out.append(
            f'<polyline class="required" points="{points}" fill="none" stroke="{COLOURS["required"]}" '
            f'stroke-width="2" stroke-dasharray="2 4"><title>{_e(labels.required)}</title></polyline>'
        )
    if data.base is not None:
        out.append(
            f'<circle class="base" cx="{x(data.base[0])}" cy="{y(data.base[1])}" r="4" fill="#fff" '
            f'stroke="{COLOURS["observed"]}" stroke-width="2"/>'
        )
    out += _observed(data, labels, x, y)
    out.append(_legend(data, labels))
    out.append("</svg>")
    return "".join(out)


def _observed(data: Series, labels: Labels, x, y) -> list[str]:
    colour = COLOURS["observed"]
    if data.bars:
        zero = y(0.0)
        width = (x(1) - x(0)) * 0.6
        return [
            f'<rect class="observed" x="{round(x(year) - width / 2, 1)}" y="{min(zero, y(v))}" '
            f'width="{round(width, 1)}" '
            f'height="{round(abs(zero - y(v)), 1)}" fill="{colour}"><title>{year}: {_e(_plain(v))}</title></rect>'
            for year, v in data.observed
        ]
    out = []
    for run in _runs(data.observed):
        if len(run) > 1:
            points = " ".join(f"{x(a)},{y(b)}" for a, b in run)
            out.append(f'<polyline class="observed" points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        out += [
            f'<circle class="observed" cx="{x(a)}" cy="{y(b)}" r="3.5" fill="{colour}">'
            f"<title>{a}: {_e(_plain(b))}</title></circle>"
            for a, b in run
        ]
    return out


def _plain(v: float) -> str:
    return f"{v:,.4f}".rstrip("0").rstrip(".")


def _legend(data: Series, labels: Labels) -> str:
    items = [("observed", labels.observed, "")]
    if data.target is not None and labels.target:
        items.append(("target", labels.target, ' stroke-dasharray="6 4"'))
    if data.required and labels.required:
        items.append(("required", labels.required, ' stroke-dasharray="2 4"'))
    out, at = ['<g class="legend" font-size="11">'], LEFT + 8
    for kind, text, dash in items:
        out.append(
            f'<line x1="{at}" x2="{at + 18}" y1="{LEGEND_Y}" y2="{LEGEND_Y}" stroke="{COLOURS[kind]}" '
            f'stroke-width="2"{dash}/>'
            f'<text x="{at + 22}" y="{LEGEND_Y + 4}">{_e(text)}</text>'
        )
        at += 30 + 7 * sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    out.append("</g>")
    return "".join(out)

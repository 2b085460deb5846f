"""The what-if scenario app and the dashboard page (ipywidgets 8; JupyterLab 4 and Voila, no
extension build).

:class:`ScenarioApp`: pick an indicator, set each remaining year's assumption with a slider or
press a preset; the readout (value at the target year, verdict, required pace) and the chart
follow.  An indicator the tracker has no observation for after the plan's base year starts from
nothing preset: it says so, shows no verdict and no scenario line, and once the user sets a path
the verdict is labelled as an assumption.

:class:`Dashboard`: the page ``shanxi dashboard`` serves (Voila): one title, a 中文 | English
switch (``?lang=zh|en``, the page's address as :mod:`.page_request` reads it), an as-of
selector, the tracker's verdicts in a table, and the what-if app, from one assessment state.

Speed as felt in the browser: the chart is an SVG string drawn here and painted by the browser
(no matplotlib render, no PNG encode or decode), a few kilobytes per update; the scenario is
recomputed only when the path changes and the widgets are written only when their text changes.
``bench/`` and ``tests/test_browser_dashboard.py`` measure key press -> repaint in the browser.

Every visible word comes from the message catalogue (``widget.*`` keys, :mod:`.messages`); every
data-derived string is escaped where it enters HTML (:func:`_h`); dropdown and slider labels are
plain text in ipywidgets 8.
"""

from __future__ import annotations

import html
import importlib
import math
from dataclasses import dataclass
from urllib.parse import urlencode

from ..core.errors import ShanxiError
from ..core.numbers import FIXED, number
from ..data.plans import get_plan
from ..models.params import slider_bounds
from ..models.scenario import PRESETS, ScenarioModel, open_as_of
from . import words
from .colours import status_colours
from .glossary import glossary_html
from .messages import LANGS, check_lang, name, say, status_label, t
from .page_request import page_query, query_params

COLORS = {
    "observed": "#2166ac",
    "scenario": "#67a9cf",
    "required": "#ef8a62",
    "target": "#b2182b",
    "average": "#053061",
}


def _h(text) -> str:
    """Data-derived text for HTML, escaped (quotes too: it may land in an attribute)."""
    return html.escape(str(text), quote=True)


def _num(value, discrete: bool = False) -> str:
    """A number as shown (:data:`~..core.numbers.FIXED`): counts whole, other values with two
    decimals; missing is '—'."""
    return number(value, FIXED, 0 if discrete else None)


def unit_text(row, lang: str) -> str:
    """An indicator's unit in the language (:mod:`.words`, the charts' short form)."""
    return words.row_unit(row, lang, words.CHART)


def target_text(row, lang: str) -> str:
    """The target in the language (:mod:`.words`: the plan's cell in Chinese, read from its value
    and comparator in English)."""
    return words.target_words(row, lang, words.CHART)


def target_html(row, lang: str) -> str:
    """:func:`target_text`, escaped for HTML."""
    return _h(target_text(row, lang))


# --- the chart: SVG drawn here, painted by the browser ---------------------------------------


def _ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [0.0]
    if hi - lo < 1e-12:
        lo, hi = lo - (abs(lo) or 1) * 0.1, hi + (abs(hi) or 1) * 0.1
    raw = (hi - lo) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    value = first
    while value <= hi + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi - 1e-9:
        ticks.append(round(value, 10))
    return ticks


def _tick_label(value: float, step: float) -> str:
    decimals = 0 if step >= 1 else min(3, max(1, -math.floor(math.log10(step) + 1e-9)))
    return f"{value:,.{decimals}f}"


@dataclass(frozen=True)
class _Frame:
    """The chart's plot area and scales: years across, values up."""

    x0: float
    x1: float
    y0: float
    y1: float
    width: int = 520
    height: int = 250
    left: int = 52
    right: int = 12
    top: int = 10
    bottom: int = 24

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom

    def sx(self, year):
        return self.left + (year - self.x0) / (self.x1 - self.x0) * self.plot_w

    def sy(self, value):
        return self.top + (self.y1 - value) / (self.y1 - self.y0) * self.plot_h


def chart_svg(
    observed,
    scenario=(),
    required=(),
    *,
    target: float,
    target_high: float = math.nan,
    average: float = math.nan,
    bars: bool = False,
    title: str = "",
) -> str:
    """A small responsive SVG chart.  ``observed``, ``scenario`` and ``required`` are lists of
    (year, value); ``bars`` draws annual rates as bars (average-growth targets); ``target`` (and
    ``target_high`` for a range) is a horizontal line; ``average`` the scenario's period average.
    Only numbers are drawn inside the SVG (words live in the HTML legend, which wraps)."""
    series = [list(observed), list(scenario), list(required)]
    years = sorted({int(y) for s in series for y, _ in s})
    values = [float(v) for s in series for _, v in s if math.isfinite(float(v))]
    values += [v for v in (target, target_high, average) if math.isfinite(v)]
    if bars:
        values.append(0.0)
    if not years or not values:
        return ""
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.06 or (abs(hi) or 1) * 0.1
    ticks = _ticks(lo - (0 if bars and lo >= 0 else pad), hi + pad)
    f = _Frame(years[0] - 0.6, years[-1] + 0.6, ticks[0], ticks[-1])
    out = [
        f'<svg class="scenario-svg" viewBox="0 0 {f.width} {f.height}" role="img" aria-label="{_h(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="12" font-family="sans-serif">'
    ]
    out += _svg_axes(f, ticks, years)
    out += _svg_target(f, target, target_high)
    if bars:
        out += _svg_bars(f, series[0], series[1], average)
    else:
        out += _svg_lines(f, series[0], series[1])
    out += _svg_required(f, series[2])
    out.append(f'<line x1="{f.left}" x2="{f.left}" y1="{f.top}" y2="{f.height - f.bottom}" stroke="#999"/></svg>')
    return "".join(out)


def _svg_axes(f: _Frame, ticks: list[float], years: list[int]) -> list[str]:
    """The value grid with its labels, and the years (every other one on a long run)."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    out = []
    for tick in ticks:
        y = f.sy(tick)
        out.append(
            f'<line x1="{f.left}" x2="{f.width - f.right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>'
            f'<text x="{f.left - 5}" y="{y + 4:.1f}" text-anchor="end" fill="#555">{_tick_label(tick, step)}</text>'
        )
    label_every = 1 if len(years) <= 12 else 2
    for i, year in enumerate(years):
        if i % label_every == 0 or year == years[-1]:
            out.append(f'<text x="{f.sx(year):.1f}" y="{f.height - 6}" text-anchor="middle" fill="#555">{year}</text>')
    return out


def _svg_target(f: _Frame, target: float, target_high: float) -> list[str]:
    """The target: a dashed line, over a shaded band for a range."""
    out = []
    if math.isfinite(target_high):
        y_top, y_low = f.sy(max(target, target_high)), f.sy(min(target, target_high))
        out.append(
            f'<rect x="{f.left}" y="{y_top:.1f}" width="{f.plot_w}" height="{y_low - y_top:.1f}" '
            f'fill="{COLORS["target"]}" opacity="0.08"/>'
        )
    if math.isfinite(target):
        out.append(
            f'<line class="chart-target" x1="{f.left}" x2="{f.width - f.right}" y1="{f.sy(target):.1f}" '
            f'y2="{f.sy(target):.1f}" stroke="{COLORS["target"]}" stroke-dasharray="6 4" stroke-width="1.2"/>'
        )
    return out


def _svg_bars(f: _Frame, observed: list, scenario: list, average: float) -> list[str]:
    """Annual rates as bars (observed, then the scenario's), and the scenario's period average."""
    bar_w = f.plot_w / (f.x1 - f.x0) * 0.34
    out = []
    for kind, points in (("observed", observed), ("scenario", scenario)):
        for year, value in points:
            y, base = f.sy(max(value, 0.0)), f.sy(min(value, 0.0))
            out.append(
                f'<rect class="chart-{kind}" x="{f.sx(year) - bar_w / 2:.1f}" y="{y:.1f}" '
                f'width="{bar_w:.1f}" height="{max(base - y, 0.5):.1f}" fill="{COLORS[kind]}"/>'
            )
    if math.isfinite(average):
        out.append(
            f'<line class="chart-average" x1="{f.left}" x2="{f.width - f.right}" y1="{f.sy(average):.1f}" '
            f'y2="{f.sy(average):.1f}" stroke="{COLORS["average"]}" stroke-width="1.2"/>'
        )
    return out


def _svg_lines(f: _Frame, observed: list, scenario: list) -> list[str]:
    """Levels as lines with a dot on each year (the scenario's dashed)."""
    out = []
    for kind, points, dash in (("observed", observed, ""), ("scenario", scenario, ' stroke-dasharray="5 3"')):
        if not points:
            continue
        path = " ".join(f"{f.sx(y):.1f},{f.sy(v):.1f}" for y, v in points)
        out.append(
            f'<polyline class="chart-{kind}" points="{path}" fill="none" stroke="{COLORS[kind]}" '
            f'stroke-width="2"{dash}/>'
        )
        out += [f'<circle cx="{f.sx(y):.1f}" cy="{f.sy(v):.1f}" r="3" fill="{COLORS[kind]}"/>' for y, v in points]
    return out


def _svg_required(f: _Frame, required: list) -> list[str]:
    """The path required: dotted, with a square on each year (a single remaining year is a square alone)."""
    if not required:
        return []
    path = " ".join(f"{f.sx(y):.1f},{f.sy(v):.1f}" for y, v in required)
    squares = "".join(
        f'<rect x="{f.sx(y) - 3:.1f}" y="{f.sy(v) - 3:.1f}" width="6" height="6" fill="{COLORS["required"]}"/>'
        for y, v in required
    )
    return [
        f'<g class="chart-required"><polyline points="{path}" fill="none" stroke="{COLORS["required"]}" '
        f'stroke-width="1.6" stroke-dasharray="2 3"/>{squares}</g>'
    ]


def _legend(items) -> str:
    """The chart's legend as HTML (wraps on a phone): (kind, text) pairs, text escaped here."""
    swatch = {"observed": "solid", "scenario": "dashed", "required": "dotted", "target": "dashed", "average": "solid"}
    return (
        "<div class='scenario-legend'>"
        + "".join(
            f"<span class='legend-{kind}'><i style='border-top:3px {swatch[kind]} {COLORS[kind]}'></i>{_h(text)}</span>"
            for kind, text in items
        )
        + "</div>"
    )


APP_CSS = """
.scenario-app { max-width: 640px; width: 100%; }
.scenario-app .scenario-presets { flex-wrap: wrap; gap: 4px; }
.scenario-app .scenario-presets .jupyter-button { flex: 0 0 auto; width: auto; }
.scenario-app .jupyter-widget-html > .jupyter-widget-html-content, .scenario-app .widget-html > .widget-html-content { line-height: 1.45; white-space: normal; }
.scenario-readout, .scenario-note, .scenario-caption { white-space: normal; line-height: 1.45; margin: 4px 0; }
.scenario-note { color: #8a4b00; }
.scenario-verdict.scenario-assumption { font-style: italic; }
.scenario-chart-title { font-weight: 600; margin: 6px 0 0 0; }
.scenario-unit { color: #555; font-size: 90%; }
.scenario-svg { width: 100%; height: auto; display: block; }
.scenario-legend { font-size: 90%; display: flex; flex-wrap: wrap; gap: 2px 14px; }
.scenario-legend i { display: inline-block; width: 18px; margin-right: 4px; vertical-align: middle; }
.scenario-app .widget-slider .widget-label, .scenario-app .jupyter-widget-slider .widget-label { min-width: 0; }
"""  # noqa: E501 - CSS, kept as served


class ScenarioApp:
    """The what-if app for one as-of year (``model``: a :class:`ScenarioModel`, the tracker's
    assessment state of that year)."""

    def __init__(
        self, as_of: int | None = None, lang: str = "en", indicator: str = "1", model: ScenarioModel | None = None
    ):
        import ipywidgets as w

        self.lang = check_lang(lang)
        self.model = model or ScenarioModel(None, open_as_of(as_of))
        usable = [no for no in self.model.indicators() if math.isfinite(self.model.row(no)["required_step"])]
        options = [(f"{no} {name(self.model.row(no), lang)}", no) for no in usable]
        full = w.Layout(width="100%", max_width="640px")
        self.dropdown = w.Dropdown(
            options=options,
            value=str(indicator) if str(indicator) in usable else usable[0],
            description=t("widget.indicator", lang),
            layout=full,
            style={"description_width": "initial"},
        )
        self.buttons = [
            w.Button(
                description=t(f"widget.preset.{p}", lang),
                tooltip=t(f"widget.preset.{p}.tip", lang),
                layout=w.Layout(width="auto"),
            )
            for p in PRESETS
        ]
        for button, preset in zip(self.buttons, PRESETS, strict=True):
            button.preset = preset
            button.on_click(self._on_preset)
        presets = w.HBox(self.buttons, layout=w.Layout(flex_flow="row wrap"))
        presets.add_class("scenario-presets")
        self.caption = w.HTML()
        self.sliders_box = w.VBox()
        self.note = w.HTML()
        self.readout = w.HTML()
        self.chart = w.HTML()
        self.chart.add_class("scenario-chart")
        self.widget = w.VBox(
            [
                w.HTML(f"<style>{APP_CSS}</style>"),
                self.dropdown,
                presets,
                self.caption,
                self.sliders_box,
                self.note,
                self.readout,
                self.chart,
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("scenario-app")
        self._silent = False
        self._shown: tuple | None = None
        self.path_set = False
        self.scenario_label = ""
        self.dropdown.observe(self._on_indicator, names="value")
        self._build_sliders()
        self.update()

    def close(self) -> None:
        """Close every widget of the app (their models in the kernel and the browser)."""
        for widget in [*self.widget.children, *self.buttons, *self.sliders, self.widget]:
            widget.close()

    # -- state ---------------------------------------------------------------------------------
    @property
    def indicator(self) -> str:
        return self.dropdown.value

    @property
    def state(self) -> str:
        """The model's start state of the indicator shown (``trend``, ``no_trend``, ``thin_evidence``,
        ``no_data``)."""
        return self.model.start_state(self.indicator)

    def _build_sliders(self) -> None:
        import ipywidgets as w

        no = self.indicator
        row = self.model.row(no)
        state = self.model.start_state(no)
        # nothing is preset without a trend: sliders at 0 (no change) until the user moves one
        start = row["baseline_step"] if state == "trend" else 0.0
        anchors = [v for v in (row["baseline_step"], row["required_step"], 0.0) if math.isfinite(v)]
        span = max(abs(v) for v in anchors) or 1.0
        lo, hi = slider_bounds(row, anchors)  # the plausible range of models.params, as on the command line
        step = 0.1 if span < 20 else 1.0
        self.sliders = []
        for year in self.model.remaining_years(no):
            s = w.FloatSlider(
                value=round(start, 1),
                min=round(lo, 1),
                max=round(hi, 1),
                step=step,
                description=str(year),
                continuous_update=False,
                readout_format=".1f",
                layout=w.Layout(width="100%", max_width="560px"),
                style={"description_width": "48px"},
            )
            s.observe(self._on_slider, names="value")
            self.sliders.append(s)
        self.sliders_box.children = self.sliders
        unit = words.pace_unit(row, self.lang)
        self.caption.value = (
            f"<div class='scenario-caption'>{_h(say('widget.slider_caption', self.lang, unit=unit))}</div>"
        )
        self.path_set = state == "trend"
        self.scenario_label = t("widget.preset.baseline", self.lang) if state == "trend" else ""
        self._show_note()

    def _show_note(self, preset_reason: str | None = None, preset: str = "") -> None:
        """The start state in words (no data / no trend: nothing preset), and why a preset pressed
        has nothing to offer for this indicator."""
        parts = []
        state = self.state
        if state == "no_data" or (state in ("no_trend", "thin_evidence") and not self.path_set):
            key = {
                "no_data": "widget.no_data_assumed" if self.path_set else "widget.no_data",
                "thin_evidence": "widget.thin_evidence",
            }.get(state, "widget.no_trend")
            parts.append(
                f"<div class='scenario-note scenario-start'>{_h(say(key, self.lang, year=self.model.base_year))}</div>"
            )
        if preset_reason:
            label = t(f"widget.preset.{preset}", self.lang)
            text = say(f"widget.no_preset.{preset_reason}", self.lang, preset=label, year=self.model.base_year)
            parts.append(f"<div class='scenario-note scenario-no-preset'>{_h(text)}</div>")
        self._set(self.note, "".join(parts))

    # -- events ----------------------------------------------------------------------------------
    def _on_indicator(self, change) -> None:
        self._build_sliders()
        self.update()

    def _on_slider(self, change) -> None:
        if not self._silent:
            self.path_set = True
            self.scenario_label = t("widget.custom", self.lang)
            self._show_note()
            self.update()

    def _on_preset(self, button) -> None:
        self.apply_preset(button.preset)

    def apply_preset(self, preset: str) -> None:
        no = self.indicator
        reason = self.model.no_preset_reason(preset, no)
        if reason is not None:  # say why; the sliders, readout and chart keep the current path
            self._show_note(reason, preset)
            return
        steps = self.model.preset(preset).steps[no]
        self._silent = True
        try:
            for s, v in zip(self.sliders, steps.values(), strict=True):
                s.max, s.min = max(s.max, v), min(s.min, v)
                s.value = v
        finally:
            self._silent = False
        self.path_set = True
        self.scenario_label = t(f"widget.preset.{preset}", self.lang)
        self._show_note()
        self.update()

    # -- computing and showing -----------------------------------------------------------------
    def steps(self) -> list[float]:
        return [s.value for s in self.sliders]

    def compute(self):
        """The scenario result for the current sliders (the same numbers as the models)."""
        return self.model.run(self.model.custom("custom", self.indicator, self.steps()))

    def update(self) -> None:
        """Recompute and redraw, only when the path shown changes; each widget is written only when
        its text changes (every write is a message to the browser)."""
        key = (self.indicator, self.path_set, tuple(self.steps()), self.scenario_label)
        if key == self._shown:
            return
        self._shown = key
        results = self.compute() if self.path_set else None
        r = results.table.iloc[0] if results is not None else None
        self._set(self.readout, self._readout(r) if r is not None else self._unset_readout())
        self._set(self.chart, self._chart(results))

    @staticmethod
    def _set(widget, value: str) -> None:
        if widget.value != value:
            widget.value = value

    def _unset_readout(self) -> str:
        """No path set yet: no verdict; the pace the target needs, from the start value."""
        row = self.model.row(self.indicator)
        pace = _h(words.pace_unit(row, self.lang))
        need = say("widget.required_from", self.lang, year=int(row["start_year"]))
        return (
            f"<div class='scenario-readout scenario-unset'>{_h(t('target', self.lang))} {target_html(row, self.lang)}"
            f" &nbsp;|&nbsp; {_h(need)}: "
            f"<span class='scenario-required'>{_num(row['required_step'])}</span> {pace}</div>"
        )

    def _readout(self, r, note: str = "") -> str:
        if r is None:
            return f"<div class='scenario-readout'>{_h(note)}</div>"
        lang = self.lang
        # the readout is HTML: every data-derived text (target, units) is escaped here
        unit = _h("%" if r["mode"] == "rate" else unit_text(r, lang))
        label = t("widget.period_average", lang) if r["mode"] == "rate" else t("widget.value_at_target", lang)
        discrete = bool(self.model.row(r["no"])["discrete"]) and r["mode"] != "rate"
        value = _num(r["value_at_target"], discrete)
        met = r["met"]
        if r.get("assumption_only"):  # no observation since the base year: the path is the user's assumption
            key = ("widget.assumed_meets" if met else "widget.assumed_misses") + (
                "_rate" if r["mode"] == "rate" else ""
            )
            sentence = say(key, lang, value=value, unit=unit_text(r, lang), year=self.model.target_year)
            verdict = f"<b class='scenario-verdict scenario-assumption'>{_h(sentence)}</b>"
        elif met is None:
            verdict = f"<b class='scenario-verdict'>{_h(t('widget.no_verdict', lang))}</b>"
        else:
            verdict = f"<b class='scenario-verdict'>{_h(verdict_word(r, lang))}</b>"
        pace = _h(words.pace_unit(r, lang, r["step_unit"]))
        target = self.model.row(r["no"]).copy()  # the comparator and a range's upper end live in the inputs
        target["target_text"], target["target_value"] = r["target_text"], r["target_value"]
        return (
            f"<div class='scenario-readout'>{_h(label)}: <b class='scenario-value'>{value}</b> {unit} "
            f"&nbsp;|&nbsp; {_h(t('target', lang))} {target_html(target, lang)} &nbsp;|&nbsp; {verdict} &nbsp;|&nbsp; "
            f"{_h(t('widget.required_each_year', lang))}: "
            f"<span class='scenario-required'>{_num(r['required_step'])}</span> {pace}</div>"
        )

    def _chart(self, results) -> str:
        """The chart for the indicator shown: observed points and the target always; the scenario
        path and the required path once a path is set; an indicator without observations shows
        only the user's assumed path (never a required path drawn to the target)."""
        lang, no = self.lang, self.indicator
        row = self.model.row(no)
        rate = row["mode"] == "rate"
        observed = [(int(y), float(v)) for y, v in row["observed"]]
        scenario, required, average = [], [], math.nan
        assumption = not bool(row["has_data"])
        if results is not None:
            path = results.path(no)
            scenario = list(
                zip(
                    path[path["series"] == "scenario"]["year"], path[path["series"] == "scenario"]["value"], strict=True
                )
            )
            if not assumption:
                required = list(
                    zip(
                        path[path["series"] == "required"]["year"],
                        path[path["series"] == "required"]["value"],
                        strict=True,
                    )
                )
            if rate:
                average = float(results.table.iloc[0]["value_at_target"])
        title = f"{no} {name(row, lang)}" + (f" · {self.scenario_label}" if self.scenario_label else "")
        unit = t("widget.axis_growth", lang) if rate else unit_text(row, lang)
        svg = chart_svg(
            observed,
            scenario,
            required,
            target=float(row["target_value"]),
            target_high=float(row["target_high"]),
            average=average,
            bars=rate,
            title=title,
        )
        items = [("observed", t("observed", lang))] if observed else []
        if scenario:
            items.append(("scenario", t("widget.assumed_path" if assumption else "scenario", lang)))
        if required:
            items.append(("required", t("required", lang)))
        items.append(
            (
                "target",
                say(
                    "widget.legend_target_average" if rate else "widget.legend_target",
                    lang,
                    target=target_text(row, lang),
                ),
            )
        )
        if math.isfinite(average):
            items.append(("average", say("widget.legend_average", lang, value=_num(average))))
        return (
            f"<div class='scenario-chart-title'>{_h(title)}</div><div class='scenario-unit'>{_h(unit)}</div>"
            f"{svg}{_legend(items)}"
        )


def verdict_word(r, lang: str) -> str:
    """A scenario row's met or missed in words; a value exactly on a strict target's bound (the
    "required" preset at ">8" reaches 8.00, which the strict rule calls missed) says that the
    target needs more (``<``: less) than this, not a bare "missed"."""
    if r["met"]:
        return t("widget.met", lang)
    if r.get("at_bound"):
        return t("widget.at_bound_" + ("below" if r["comparator"] == "<" else "above"), lang)
    return t("widget.missed", lang)


def scenario_table(results, model: ScenarioModel, lang: str):
    """A scenario's results for every indicator it sets, with headers and verdicts in words (the
    tracker's status for a closed period; an assumed path labelled as such)."""
    import pandas as pd

    from .downloads import as_number, as_whole, data_frame, with_data

    rows, data = [], []
    for _, r in results.table.iterrows():
        inputs = model.row(r["no"])
        discrete = bool(inputs["discrete"]) and r["mode"] != "rate"
        if r["closed"]:
            verdict = status_label(r["tracker_status"], lang)
        elif r["met"] is None:
            verdict = "—"
        else:
            verdict = verdict_word(r, lang)
            if r["assumption_only"]:
                verdict = say("widget.verdict_assumed", lang, verdict=verdict)
        target = inputs.copy()
        target["target_text"] = r["target_text"]
        pace = words.pace_unit(r, lang, r["step_unit"])
        rows.append(
            {
                "no": r["no"],
                "indicator": name(r, lang),
                "from": str(int(r["start_year"])),
                "start": words.marked(_num(r["start_value"], discrete), r.get("start_grade"), lang),
                "value": _num(r["value_at_target"], discrete),
                "unit": "%" if r["mode"] == "rate" else unit_text(r, lang),
                "target": target_text(target, lang),
                "verdict": verdict,
                "required": f"{_num(r['required_step'])} {pace}" if math.isfinite(float(r["required_step"])) else "—",
            }
        )
        required = as_number(r["required_step"])
        data.append(
            rows[-1]
            | {
                "from": as_whole(r["start_year"]),
                "start": as_number(r["start_value"], count=discrete),
                "value": as_number(r["value_at_target"], count=discrete),
                "target_value": as_number(inputs.get("target_value"), count=discrete),
                "required": required,
                "pace": pace if required is not None else None,
            }
        )
    columns = ["no", "indicator", "from", "start", "value", "unit", "target", "verdict", "required"]
    headers = {c: t(f"widget.col.{c}", lang) for c in columns}
    headers |= {"target_value": t("page.file.target_value", lang), "pace": t("page.col.unit", lang)}
    shown = pd.DataFrame(rows, columns=columns).rename(columns=headers)
    in_files = ["no", "indicator", "from", "start", "value", "unit", "target", "target_value", "verdict", "required"]
    return with_data(shown, data_frame({headers[c]: [d[c] for d in data] for c in [*in_files, "pace"]}))


# --- the dashboard page ------------------------------------------------------------------------

DASHBOARD_CSS = """
body[data-voila] #rendered_cells { padding: 0 12px !important; }
body[data-voila] .jp-Cell, body[data-voila] .jp-OutputArea-child { padding: 0 !important; }
body[data-voila] .jp-OutputPrompt, body[data-voila] .jp-InputPrompt { display: none !important; }
body[data-voila] .jp-OutputArea-output { padding: 0 !important; overflow-x: visible; }
.shanxi-dashboard { max-width: 980px; margin: 0 auto; font-size: 14px; }
.shanxi-dashboard h1 { font-size: 1.5em; margin: 12px 0 4px 0; line-height: 1.3; }
.shanxi-dashboard .dash-switch { margin: 4px 0 8px 0; }
.shanxi-dashboard .dash-switch a, .shanxi-dashboard .dash-switch b { margin-right: 10px; }
.shanxi-dashboard .jupyter-widget-html > .jupyter-widget-html-content, .shanxi-dashboard .widget-html > .widget-html-content { line-height: 1.45; white-space: normal; }
.shanxi-dashboard .dash-selector { max-width: 100%; }
.shanxi-dashboard .dash-glossary { margin: 6px 0 10px 0; }
.shanxi-dashboard .dash-glossary summary { cursor: pointer; color: #1a5fb4; }
.shanxi-dashboard .dash-glossary h3 { font-size: 1.05em; margin: 10px 0 2px 0; }
.shanxi-dashboard .dash-glossary dt { font-weight: 600; margin-top: 4px; }
.shanxi-dashboard .dash-glossary dd { margin: 0 0 0 1.2em; }
.shanxi-dashboard .dash-table-wrap { overflow-x: auto; max-width: 100%; }
.shanxi-dashboard table.dash-verdicts { border-collapse: collapse; font-size: 13px; }
.shanxi-dashboard table.dash-verdicts th { text-align: left; border-bottom: 1px solid #999; padding: 3px 8px; white-space: nowrap; }
.shanxi-dashboard table.dash-verdicts td { border-bottom: 1px solid #e5e5e5; padding: 3px 8px; vertical-align: top; }
.shanxi-dashboard .dash-status { padding: 1px 6px; border-radius: 3px; white-space: nowrap; }
.shanxi-dashboard h2 { font-size: 1.2em; margin: 18px 0 4px 0; }
.shanxi-dashboard .dash-source { color: #555; font-size: 12px; margin-top: 14px; }
@media (max-width: 600px) {
  .shanxi-dashboard .dash-status { white-space: normal; display: inline-block; }
  .shanxi-dashboard table.dash-verdicts td.dash-target, .shanxi-dashboard table.dash-verdicts th.dash-target { display: none; }
}
"""  # noqa: E501 - CSS, kept as served


def _status_style(status: str) -> str:
    """The status colour of the tracker's tables, with text that stays readable on it (report.colours)."""
    background, text = status_colours(status)
    return f"background:{background};color:{text}"


class AssessmentStates:
    """The dashboard's assessment state per as-of year, computed once: the tracker's results and the
    scenario model, which starts from the tracker's own fitted state when the year is still open (so
    the verdicts and the what-if app never disagree).  Shared by the page's widgets; built before the
    reader's request in a pre-heated kernel (:func:`dashboard`)."""

    def __init__(self, plan: int | None = None):
        from ..models.assess import Assessment

        self.plan = plan
        probe = Assessment(plan)
        self.latest = probe.as_of
        self.years = probe.available_years()
        self._cache: dict = {}

    def get(self, as_of: int | None):
        year = as_of or self.latest
        if year not in self._cache:
            from ..models.assess import Assessment

            results = Assessment(self.plan, year).fit()
            open_year = open_as_of(year, self.plan)
            model = ScenarioModel(self.plan, open_year, results=results if open_year == results.as_of else None)
            self._cache[year] = (results, model)
        return self._cache[year]


class Dashboard:
    """The dashboard page: title, language switch, as-of selector, the tracker's verdicts and the
    what-if app, all from one assessment state per as-of year (kept, so switching back is
    instant)."""

    def __init__(
        self,
        lang: str = "en",
        as_of: int | None = None,
        plan: int | None = None,
        ignored=(),
        states: AssessmentStates | None = None,
    ):
        import ipywidgets as w

        self.lang = check_lang(lang)
        self.plan = plan
        self.states = states or AssessmentStates(plan)
        self.latest = self.states.latest
        self.years = self.states.years
        if as_of is not None and as_of not in self.years:
            ignored = [*ignored, "as_of"]
            as_of = None
        latest_label = say("widget.as_of_latest", lang, year=self.latest)
        self.selector = w.Dropdown(
            options=[(latest_label, 0)] + [(str(y), y) for y in self.years],
            value=as_of or 0,
            description=t("widget.as_of", lang),
            style={"description_width": "initial"},
            layout=w.Layout(width="320px", max_width="100%"),
        )
        self.header = w.HTML()
        self.header.add_class("dash-html")
        self.notice = w.HTML(
            f"<div class='dash-notice'>{_h(t('widget.ignored_params', lang))}</div>" if ignored else ""
        )
        self.summary = w.HTML()
        self.verdicts = w.HTML()
        self.verdicts.add_class("dash-verdicts-box")
        # indicators without any observation yet: listed, but folded away below the verdicts
        self.no_data = w.HTML()
        self.no_data_box = w.Accordion(children=[self.no_data], selected_index=None, layout=w.Layout(width="100%"))
        self.whatif_heading = w.HTML()
        self.app_box = w.VBox()
        source = (
            f"<div class='dash-source'>{_h(t('source_plan', lang))}<br>{_h(t('widget.source_observed', lang))}</div>"
        )
        self.widget = w.VBox(
            [
                w.HTML(f"<style>{DASHBOARD_CSS}</style>"),
                self.header,
                self.notice,
                self.selector,
                self.summary,
                self.verdicts,
                self.no_data_box,
                self.whatif_heading,
                self.app_box,
                w.HTML(source),
            ],
            layout=w.Layout(width="100%"),
        )
        self.widget.add_class("shanxi-dashboard")
        self.selector.observe(lambda change: self.show(change["new"] or None), names="value")
        self.show(as_of)

    @property
    def title(self) -> str:
        return t("widget.title", self.lang)

    def state(self, as_of: int | None):
        """(tracker results, scenario model) for the as-of year (see :class:`AssessmentStates`)."""
        return self.states.get(as_of)

    def show(self, as_of: int | None) -> None:
        results, model = self.state(as_of)
        lang = self.lang
        self.as_of = results.as_of
        self.header.value = self._header(as_of)
        self.summary.value = self._summary(results)
        self.verdicts.value = self.verdict_table(results, no_data=False)
        self.no_data.value = self.verdict_table(results, no_data=True)
        self.no_data_box.set_title(
            0, say("widget.no_data_fold", lang, n=int((results.table["status"] == "no_data").sum()))
        )
        self.no_data_box.layout.display = "none" if "<tbody></tbody>" in self.no_data.value else None
        heading = f"<h2>{_h(say('widget.whatif_heading', lang, year=model.as_of))}</h2>"
        if model.as_of != results.as_of:
            note = say(
                "widget.whatif_from_open_year", lang, target=model.target_year, as_of=results.as_of, start=model.as_of
            )
            heading += f"<div class='dash-html'>{_h(note)}</div>"
        self.whatif_heading.value = heading
        previous = getattr(self, "app", None)
        self.app = ScenarioApp(model=model, lang=lang, indicator=previous.indicator if previous else "1")
        self.app_box.children = [self.app.widget]
        if previous is not None:
            previous.close()

    def _header(self, as_of: int | None) -> str:
        """The one title and the 中文 | English switch (links to this page in the other language,
        same as-of year)."""
        links = []
        for code in LANGS:
            label = say("site.lang_name", code)  # each language named in its own words
            query = urlencode(
                {"lang": code, **({"as_of": as_of} if as_of else {}), **({"plan": self.plan} if self.plan else {})}
            )
            if code == self.lang:
                links.append(f"<b lang='{code}'>{label}</b>")
            else:
                links.append(f"<a class='dash-lang' lang='{code}' hreflang='{code}' href='?{_h(query)}'>{label}</a>")
        return (
            f"<h1 class='dash-title'>{_h(self.title)}</h1>"
            f"<div class='dash-switch'>{' | '.join(links)}</div>"
            f"<div class='dash-html'>{_h(t('widget.lead', self.lang))}</div>" + glossary_html(self.lang)
        )

    def _summary(self, results) -> str:
        counts = results.counts()
        parts = [
            say("widget.count_item", self.lang, status=status_label(s, self.lang), n=n) for s, n in counts.items() if n
        ]
        text = say("widget.summary", self.lang, year=results.as_of, n=len(results.table), counts=" · ".join(parts))
        return f"<div class='dash-html dash-summary'>{_h(text)}</div>"

    def verdict_table(self, results, no_data: bool | None = None) -> str:
        """The tracker's verdicts as an HTML table with headers in the page's language (``no_data``:
        only the indicators without observations, or only the others; None: all); every cell from
        data is escaped here."""
        lang = self.lang
        heads = [("no", ""), ("indicator", ""), ("target", "dash-target"), ("latest", ""), ("status", "")]
        head = "".join(f"<th class='{cls}'>{_h(t(f'widget.col.{key}', lang))}</th>" for key, cls in heads)
        rows = []
        for _, r in results.table.iterrows():
            if no_data is not None and (r["status"] == "no_data") != no_data:
                continue
            latest = "—"
            if r["latest_value"] is not None and math.isfinite(float(r["latest_value"])):
                latest = say(
                    "widget.latest_cell",
                    lang,
                    value=words.figure(r["latest_value"]),
                    unit=unit_text(r, lang),
                    year=int(r["latest_year"]),
                )
                latest = words.marked(latest, r.get("latest_grade"), lang)
            rows.append(
                f"<tr data-no='{_h(r['no'])}' data-status='{_h(r['status'])}'>"
                f"<td>{_h(r['no'])}</td><td>{_h(name(r, lang))}</td>"
                f"<td class='dash-target'>{target_html(r, lang)}</td><td>{_h(latest)}</td>"
                f"<td><span class='dash-status' style='{_status_style(r['status'])}'>"
                f"{_h(status_label(r['status'], lang))}</span></td></tr>"
            )
        return (
            f"<div class='dash-table-wrap'><table class='dash-verdicts' data-as-of='{results.as_of}'>"
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
        )


def _plan_with_observations(plan: str) -> str | None:
    """The id of ``plan`` (an id or shorthand) if it names a plan with observations, else None."""
    from ..models.params import check_has_observations

    try:
        p = get_plan(plan)
        check_has_observations(p)
    except ShanxiError:
        return None
    return p.id


def dashboard(query: str | None = None, plan: int | None = None):
    """Build and display the dashboard for a query string (default: the page's, see
    :func:`.page_request.page_query`); returns the :class:`Dashboard`.  Without a query, the latest
    year's state is computed first: in a pre-heated kernel that happens before any reader arrives,
    and the request only chooses the language and year."""
    from IPython.display import display

    states = None
    if query is None:
        importlib.import_module("ipywidgets")  # imported before the request too

        states = AssessmentStates(plan)
        states.get(None)
        query = page_query()
    params = query_params(query)
    ignored = list(params["ignored"])
    if params["plan"] is not None:  # ?plan=china-14: any plan with observations, else the default
        requested = _plan_with_observations(params["plan"])
        if requested is None:
            ignored.append("plan")
        elif states is None or get_plan(states.plan).id != requested:
            plan, states = requested, None
        else:
            plan = requested
    board = Dashboard(params["lang"], params["as_of"], plan, ignored=ignored, states=states)
    display(board.widget)  # the tab's title and the page's language: set by the "shanxi" Voila template
    return board

"""The what-if scenario app (ipywidgets 8, works in JupyterLab 4 and Voila with no extension
build): pick an indicator, set each remaining year's assumption with a slider or press a
preset; the chart, the value at the target year, met/missed and the required rate update.

Sliders use ``continuous_update=False`` (the debounce: a drag redraws once, on release; arrow
keys redraw per step).  The chart is a fixed matplotlib Figure re-rendered to a PNG in an
``Image`` widget, which keeps a redraw well under a second (measured in ``bench/``).
"""

from __future__ import annotations

import math
import html

from .charts import ScenarioFigure
from .messages import name, pace_unit_label, t
from ..models.params import slider_bounds
from ..models.scenario import PRESETS, ScenarioModel, open_as_of


def _h(text) -> str:
    """Data-derived text for the readout's HTML, escaped."""
    return html.escape(str(text), quote=True)


class ScenarioApp:
    def __init__(self, as_of: int | None = None, lang: str = "en", indicator: str = "1", model: ScenarioModel | None = None):
        import ipywidgets as w

        self.model = model or ScenarioModel(None, open_as_of(as_of))
        self.figure = ScenarioFigure(lang)
        self.lang = self.figure.lang
        usable = [no for no in self.model.indicators() if math.isfinite(self.model.row(no)["required_step"])]
        options = [(f"{no} {name(self.model.row(no), lang)}", no) for no in usable]
        self.dropdown = w.Dropdown(options=options, value=str(indicator) if str(indicator) in usable else usable[0],
                                   description="指标" if lang == "zh" else "indicator", layout=w.Layout(width="520px"))
        self.sliders_box = w.VBox()
        self.buttons = [w.Button(description=self._preset_label(p), tooltip=p, layout=w.Layout(width="auto")) for p in PRESETS]
        for b, p in zip(self.buttons, PRESETS):
            b.preset = p
            b.on_click(self._on_preset)
        self.readout = w.HTML()
        self.image = w.Image(format="png", layout=w.Layout(width=f"{self.figure.width_px}px"))
        self.widget = w.VBox([self.dropdown, w.HBox(self.buttons), self.sliders_box, self.readout, self.image])
        self.widget.add_class("scenario-app")
        self._silent = False
        self.dropdown.observe(self._on_indicator, names="value")
        self._build_sliders()
        self.update()

    def _preset_label(self, preset: str) -> str:
        zh = {"baseline": "基准(近期趋势)", "optimistic": "乐观", "pessimistic": "悲观", "required": "达标所需"}
        en = {"baseline": "baseline (recent trend)", "optimistic": "optimistic", "pessimistic": "pessimistic", "required": "required"}
        return (zh if self.lang == "zh" else en)[preset]

    def _build_sliders(self) -> None:
        import ipywidgets as w

        no = self.dropdown.value
        row = self.model.row(no)
        years = self.model.remaining_years(no)
        start = row["baseline_step"] if math.isfinite(row["baseline_step"]) else row["required_step"]
        anchors = [v for v in (row["baseline_step"], row["required_step"], 0.0) if math.isfinite(v)]
        span = max(abs(v) for v in anchors) or 1.0
        lo, hi = slider_bounds(row, anchors)  # the plausible range of models.params, as on the command line
        step = 0.1 if span < 20 else 1.0
        unit = {"rate": "%", "growth": "%", "pp": "pp", "units": row["unit"], "years": "年" if self.lang == "zh" else "yr"}[row["pace_kind"]]
        self.sliders = []
        for year in years:
            s = w.FloatSlider(value=round(start, 1), min=round(lo, 1), max=round(hi, 1), step=step, description=f"{year} ({unit})",
                              continuous_update=False, readout_format=".1f", layout=w.Layout(width="520px"),
                              style={"description_width": "90px"})
            s.observe(self._on_slider, names="value")
            self.sliders.append(s)
        self.sliders_box.children = self.sliders

    def _on_indicator(self, change) -> None:
        self._build_sliders()
        self.update()

    def _on_slider(self, change) -> None:
        if not self._silent:
            self.update()

    def _on_preset(self, button) -> None:
        self.apply_preset(button.preset)

    def apply_preset(self, preset: str) -> None:
        scenario = self.model.preset(preset)
        steps = scenario.steps.get(self.dropdown.value)
        if not steps:
            self.readout.value = self._readout(None, note=("该情景无近期趋势数据" if self.lang == "zh" else "no recent trend for this preset"))
            return
        self._silent = True
        try:
            for s, v in zip(self.sliders, steps.values()):
                s.max, s.min = max(s.max, v), min(s.min, v)
                s.value = v
        finally:
            self._silent = False
        self.update()

    def steps(self) -> list[float]:
        return [s.value for s in self.sliders]

    def compute(self):
        """The scenario result for the current sliders (the same numbers as the models)."""
        return self.model.run(self.model.custom("custom", self.dropdown.value, self.steps()))

    def update(self) -> None:
        results = self.compute()
        self.figure.draw(results, self.dropdown.value)
        self.image.value = self.figure.png()
        self.readout.value = self._readout(results.table.iloc[0])

    def _readout(self, r, note: str = "") -> str:
        if r is None:
            return f"<div class='scenario-readout'>{_h(note)}</div>"
        zh = self.lang == "zh"
        verdict = ("达标" if r["met"] else "未达标") if zh else ("met" if r["met"] else "missed")
        # the readout is HTML: every data-derived text (target, units) is escaped here
        unit = _h("%" if r["mode"] == "rate" else r["unit"])
        label = ("目标年份值" if zh else "value at target year") if r["mode"] != "rate" else ("规划期年均增长" if zh else "period average growth")
        req = "所需(每年)" if zh else "required (each year)"
        return (f"<div class='scenario-readout'>{label}: <b class='scenario-value'>{r['value_at_target']:.2f}</b> {unit} "
                f"&nbsp;|&nbsp; {_h(t('target', self.lang))} {_h(r['target_text'])} &nbsp;|&nbsp; "
                f"<b class='scenario-verdict'>{verdict}</b> &nbsp;|&nbsp; {req}: "
                f"<span class='scenario-required'>{r['required_step']:.2f}</span> "
                f"{_h(pace_unit_label(r['step_unit'], self.lang, r['unit'], r['unit_en']))}</div>")

"""Charts: CJK labels when a CJK font exists, English labels (one warning) when none does."""

import warnings

import pytest

from shanxi_analysis.report import charts


def test_without_a_cjk_font_labels_fall_back_to_english_once(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    monkeypatch.setattr(charts, "_warned", False)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert charts.setup_fonts("zh") == "en"
        assert charts.setup_fonts("zh") == "en"
    assert len([w for w in caught if "CJK" in str(w.message)]) == 1
    assert charts.setup_fonts("en") == "en"


def test_with_a_cjk_font_chinese_labels_render_without_missing_glyphs(monkeypatch):
    if charts.cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    from shanxi_analysis.models.assess import Assessment

    fig = charts.status_counts_chart(Assessment(13).fit().table, "zh", "“十三五”评估")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(__import__("io").BytesIO(), format="png")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert fig.axes[0].get_xlabel() == "指标数"


def test_charts_label_axes_and_draw_the_target():
    from shanxi_analysis.models.assess import Assessment
    from shanxi_analysis.report.narrative import observed_for

    row = Assessment(14, as_of=2023).fit().table.set_index("no").loc["2"]
    row["no"] = "2"
    fig = charts.progress_chart(row, observed_for(row, 2023), 2023, "en")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "%" and ax.get_xlabel() == "year"
    labels = ax.get_legend_handles_labels()[1]
    assert any(label.startswith("target 68") for label in labels) and "required path" in labels


def _draw(chart: str, ax=None):
    """Each single-axes chart drawn from what the notebooks pass it, into ``ax`` when given."""
    from shanxi_analysis.models.assess import Assessment
    from shanxi_analysis.models.forecast import forecast
    from shanxi_analysis.models.scenario import ScenarioModel
    from shanxi_analysis.report.narrative import observed_for

    if chart == "dumbbell_13th":
        return charts.dumbbell_13th(Assessment(13).fit().table, "en", ax=ax)
    if chart == "status_counts_chart":
        return charts.status_counts_chart(Assessment(14, as_of=2023).fit().table, "en", "14th plan", ax=ax)
    if chart == "progress_chart":
        row = Assessment(14, as_of=2023).fit().table.set_index("no").loc["2"]
        row["no"] = "2"
        return charts.progress_chart(row, observed_for(row, 2023), 2023, "en", ax=ax)
    if chart == "forecast_chart":
        return charts.forecast_chart(forecast("gdp_real_growth", as_of=2023), "en", "%", ax=ax)
    model = ScenarioModel(plan=14, as_of=2023)
    return charts.scenario_chart(model.run(model.preset("baseline")), "1", "en", ax=ax)


def _labels(ax):
    return ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), ax.get_legend_handles_labels()[1], [a.get_text() for a in ax.texts]


@pytest.mark.parametrize(("chart", "unit", "target"), [
    ("dumbbell_13th", "Outcome as % of target", "target"),
    ("status_counts_chart", "indicators", None),  # counts: no target to draw
    ("progress_chart", "%", "target 68"),
    ("forecast_chart", "%", "target >8"),
    ("scenario_chart", "annual growth (%)", "target >8"),
])
def test_a_chart_draws_into_the_callers_axes_and_leaves_their_figure_alone(chart, unit, target, monkeypatch):
    from matplotlib.figure import Figure

    default = _draw(chart).axes[0]
    fig = Figure(figsize=(12, 4))
    left, right = fig.subplots(1, 2)
    layout = dict(vars(fig.subplotpars))
    made, init = [], Figure.__init__
    monkeypatch.setattr(Figure, "__init__", lambda self, *a, **k: (made.append(self), init(self, *a, **k))[1])

    assert _draw(chart, ax=right) is fig
    assert not made and fig.axes == [left, right]
    assert right.has_data() and not left.has_data() and right.get_legend() is not None
    assert vars(fig.subplotpars) == layout
    assert _labels(right) == _labels(default)
    assert unit in right.get_xlabel() + right.get_ylabel() and right.get_xlabel()
    if target:
        assert any(label.startswith(target) for label in right.get_legend_handles_labels()[1])
    fig.savefig(__import__("io").BytesIO(), format="png")
    # the source line sits under its own panel, not in the figure's corner the panels share
    for source in [a for a in right.texts if a.get_text().startswith("Source")]:
        box = source.get_window_extent()
        assert box.x0 == pytest.approx(right.bbox.x0) and box.y1 < right.bbox.y0

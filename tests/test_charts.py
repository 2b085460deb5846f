"""Charts: CJK labels when a CJK font exists, English labels (one warning) when none does."""

import re
import sys
import warnings
from functools import cache

import numpy as np
import pytest

from fitted import assessment
from shanxi_analysis.report import charts


def test_without_a_cjk_font_labels_fall_back_to_english_once(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    charts.new_session()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert charts.chart_language("zh") == "en"
        assert charts.chart_language("zh") == "en"
        charts.new_session()  # a reused kernel's next notebook: said again
        assert charts.chart_language("zh") == "en"
    assert len([w for w in caught if "CJK" in str(w.message)]) == 2
    assert charts.chart_language("en") == "en"


def _png(fig) -> bytes:
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def test_charts_and_the_notebook_setup_change_no_global_setting():
    """A chart is drawn in its own style (fonts, minus sign) and keeps it: matplotlib's rcParams and
    pandas' options are the same after setup() and every kind of chart, and a chart saved under
    other global settings (a notebook's own, or the defaults) comes out the same."""
    import matplotlib
    import pandas as pd

    from shanxi_analysis.models.assess import Assessment
    from shanxi_analysis.report.notebook import setup

    rc, options = dict(matplotlib.rcParams), pd.describe_option("display", _print_desc=False)
    setup(as_of_year=2024, lang="zh")
    review, tracker = Assessment(13).fit().table, Assessment(14, as_of=2024).fit().table
    figures = [charts.dumbbell_13th(review, "zh"), charts.status_counts_chart(tracker, "zh", "各状态指标数")]
    assert dict(matplotlib.rcParams) == rc and pd.describe_option("display", _print_desc=False) == options
    pngs = [_png(fig) for fig in figures]
    with matplotlib.rc_context({"font.sans-serif": ["DejaVu Sans"], "axes.unicode_minus": True, "font.size": 14}):
        assert [_png(fig) for fig in figures] == pngs
    assert dict(matplotlib.rcParams) == rc


def test_with_a_cjk_font_chinese_labels_render_without_missing_glyphs(monkeypatch):
    if charts.cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")

    fig = charts.status_counts_chart(assessment(13).table, "zh", "“十三五”评估")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(__import__("io").BytesIO(), format="png")
    assert not [w for w in caught if "missing from font" in str(w.message)]
    assert fig.axes[0].get_xlabel() == "指标数"


STALE_FONT_CACHE = """
import io, json, os, sys, warnings
from matplotlib import font_manager as fm
if sys.argv[1] == "write":  # the cache as written before fonts-noto-cjk was installed
    stale = fm.FontManager()
    stale.ttflist = [f for f in stale.ttflist if "CJK" not in f.name]
    fm.json_dump(stale, os.path.join(os.environ["MPLCONFIGDIR"], f"fontlist-v{fm.FontManager.__version__}.json"))
    sys.exit()
import matplotlib.backends.backend_agg  # imported before the first chart, as in a warm kernel
from matplotlib.figure import Figure
from shanxi_analysis.report import charts
import matplotlib
_, rc = charts.chart_style("zh")  # the style every chart is drawn in
fig = Figure(figsize=(2, 1))
with matplotlib.rc_context(rc):
    fig.text(0, 0.5, "指标数 GDP")
with matplotlib.rc_context(rc), warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    png = io.BytesIO()
    fig.savefig(png, format="png", bbox_inches="tight")
print(json.dumps({"missing": [str(w.message) for w in caught if "missing from font" in str(w.message)],
                  "png": png.getvalue().hex()}))
"""


def test_a_font_cache_written_before_the_cjk_fonts_serves_them_in_the_process_that_rebuilds_it(tmp_path):
    """The process that finds the stale cache rebuilds it and draws with the CJK font, as every later
    process does: a new font manager swapped in for the old one left the renderer on the stale list
    (empty boxes, and other text sizes: a warm kernel's page then differed from a fresh kernel's)."""
    import json
    import os
    import subprocess

    if charts.cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    env = dict(os.environ, MPLCONFIGDIR=str(tmp_path), MPLBACKEND="Agg")

    def draw(*args):
        out = subprocess.run(
            [sys.executable, "-c", STALE_FONT_CACHE, *args], capture_output=True, text=True, check=True, env=env
        )
        return json.loads(out.stdout) if out.stdout else None

    draw("write")
    rebuilding, later = draw("draw"), draw("draw")
    assert rebuilding["missing"] == [] and later["missing"] == []
    assert rebuilding["png"] == later["png"]


def test_charts_label_axes_and_draw_the_target():
    from shanxi_analysis.report.narrative import observed_for

    row = assessment(14, as_of=2023).table.set_index("no").loc["2"]
    row["no"] = "2"
    fig = charts.progress_chart(row, observed_for(row, 2023), 2023, "en")
    ax = fig.axes[0]
    assert ax.get_ylabel() == "%" and ax.get_xlabel() == "year"
    labels = ax.get_legend_handles_labels()[1]
    assert any(label.startswith("target 68") for label in labels) and "required path" in labels


def _draw(chart: str, ax=None):
    """Each single-axes chart drawn from what the notebooks pass it, into ``ax`` when given."""
    from shanxi_analysis.models.forecast import forecast
    from shanxi_analysis.models.scenario import ScenarioModel
    from shanxi_analysis.report.narrative import observed_for

    if chart == "dumbbell_13th":
        return charts.dumbbell_13th(assessment(13).table, "en", ax=ax)
    if chart == "status_heatmap":
        return charts.status_heatmap(_status_by_year(), "en", ax=ax)
    if chart == "status_counts_chart":
        return charts.status_counts_chart(assessment(14, as_of=2023).table, "en", "14th plan", ax=ax)
    if chart == "progress_chart":
        row = assessment(14, as_of=2023).table.set_index("no").loc["2"]
        row["no"] = "2"
        return charts.progress_chart(row, observed_for(row, 2023), 2023, "en", ax=ax)
    if chart == "forecast_chart":
        return charts.forecast_chart(forecast("gdp_real_growth", as_of=2023), "en", "%", ax=ax)
    model = ScenarioModel(plan=14, as_of=2023)
    return charts.scenario_chart(model.run(model.preset("baseline")), "1", "en", ax=ax)


def _labels(ax):
    """The words of a chart, whatever lines the layout broke them onto."""

    def flat(text):
        return re.sub(r"\s+", "", text)

    return (
        flat(ax.get_title()),
        flat(ax.get_xlabel()),
        flat(ax.get_ylabel()),
        [flat(x) for x in ax.get_legend_handles_labels()[1]],
        [flat(a.get_text()) for a in ax.texts],
    )


@pytest.mark.parametrize(
    ("chart", "unit", "target"),
    [
        ("dumbbell_13th", "Outcome as % of target", "target"),
        ("status_heatmap", "as of", None),
        ("status_counts_chart", "indicators", None),  # counts: no target to draw
        ("progress_chart", "%", "target 68"),
        ("forecast_chart", "%", "target over 8"),  # the plan prints >8; English reads it
        ("scenario_chart", "annual growth (%)", "target over 8"),
    ],
)
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
    assert unit in (right.get_xlabel() + right.get_ylabel()).replace("\n", " ") and right.get_xlabel()
    if target:
        assert any(label.startswith(target) for label in right.get_legend_handles_labels()[1])
    fig.savefig(__import__("io").BytesIO(), format="png")
    # the source line sits under its own panel, not in the figure's corner the panels share
    for source in [a for a in right.texts if a.get_text().startswith("Source")]:
        box = source.get_window_extent()
        assert box.x0 == pytest.approx(right.bbox.x0) and box.y1 < right.bbox.y0


# --- every chart, in both languages, from the real data ---------------------------------------

YEARS = range(2021, 2026)
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
# Latin a Chinese chart may carry: the accepted abbreviations, and the plan table's row numbers (12a)
# and a class letter in the plan's own names (劣V类水体, A类学科)
ACCEPTED_ON_ZH = re.compile(r"GDP|PM2\.5|5G|R&D|CO2|\b\d+[a-e]\b|[A-DIVX]+(?=类)")


def _assessment(plan: int, as_of: int | None = None):
    return assessment(plan, as_of=as_of)


@cache
def _status_by_year():
    from shanxi_analysis.models.timeline import status_by_year

    return status_by_year(14, YEARS)


def all_charts(lang: str):
    """``(key, figure)`` for every chart function, drawn as the notebooks draw them: the 13th
    review; the 14th tracker as of 2021..2025 (status counts, the grid, the forecast); a single
    progress chart of every indicator with data (2025) and of GDP every year; the heat map; the
    scenario chart of every indicator under the baseline and the required path, and of GDP and
    enterprises (a count) under every preset."""
    from shanxi_analysis.models.forecast import forecast
    from shanxi_analysis.models.scenario import PRESETS, ScenarioModel, open_as_of
    from shanxi_analysis.report.narrative import observed_for

    review = _assessment(13).table
    yield "dumbbell_13th", charts.dumbbell_13th(review, lang)
    yield (
        "status_counts_13th",
        charts.status_counts_chart(review, lang, "按属性统计的评估结果" if lang == "zh" else "Verdicts by attribute"),
    )
    for year in YEARS:
        table = _assessment(14, year).table
        title = f"“十四五”指标状态(截至{year}年)" if lang == "zh" else f"14th plan indicators by status, as of {year}"
        yield f"status_counts_{year}", charts.status_counts_chart(table, lang, title)
        rows = [row for _, row in table[table["n_obs"].fillna(0) > 0].iterrows()]
        observed = [observed_for(row, year) for row in rows]
        yield f"progress_grid_{year}", charts.progress_grid(rows, observed, year, lang)
        for row, obs in zip(rows, observed, strict=True):
            if year == YEARS[-1] or row["no"] == "1":
                yield f"progress_{year}_{row['no']}", charts.progress_chart(row, obs, year, lang)
        result = forecast("gdp_real_growth", as_of=year)
        if result.status == "ok":
            yield f"forecast_{year}", charts.forecast_chart(result, lang, "%")
    yield "status_heatmap", charts.status_heatmap(_status_by_year(), lang)
    model = ScenarioModel(plan=14, as_of=open_as_of(2025))
    for preset in PRESETS:
        results = model.run(model.preset(preset))
        for no in results.table["no"]:
            if preset == "baseline" or no in ("1", "3"):
                yield f"scenario_{preset}_{no}", charts.scenario_chart(results, no, lang)


def drawn_texts(fig):
    """``(text, extent)`` of every text the renderer draws (titles, tick labels, axis labels,
    annotations, legend entries), extents in the figure's pixels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    seen, draw = [], Text.draw

    def spy(self, renderer):
        draw(self, renderer)
        if self.get_visible() and self.get_text().strip():
            seen.append((self, self.get_window_extent(renderer)))

    Text.draw = spy
    try:
        FigureCanvasAgg(fig).draw()
    finally:
        Text.draw = draw
    return seen


_DRAWN: dict = {}


@pytest.fixture(scope="module", params=["en", "zh"])
def every_chart(request):
    """Every chart in one language, drawn once for all the checks below."""
    lang = request.param
    if lang == "zh" and charts.cjk_font() is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    if lang not in _DRAWN:
        _DRAWN[lang] = [(key, fig, drawn_texts(fig)) for key, fig in all_charts(lang)]
    return lang, _DRAWN[lang]


def _inside(box, outer, slack=0.5):
    return (
        box.x0 >= outer.x0 - slack
        and box.y0 >= outer.y0 - slack
        and box.x1 <= outer.x1 + slack
        and box.y1 <= outer.y1 + slack
    )


def _legends(fig):
    return [legend for legend in [*(ax.get_legend() for ax in fig.axes), *fig.legends] if legend is not None]


def _is_source(text) -> bool:
    """The foot of a chart: its source line (under the note of a heat map's folded rows)."""
    return any(line.startswith(("Source", "资料来源")) for line in text.get_text().splitlines())


def test_no_text_is_cut_off(every_chart):
    """Titles, tick labels, axis labels, annotations and legends all lie inside the figure (the
    English titles and one 13th-plan label used to run off the edge)."""
    _, drawn = every_chart
    cut = [
        (key, text.get_text()[:40]) for key, fig, texts in drawn for text, box in texts if not _inside(box, fig.bbox)
    ]
    assert cut == []
    assert len(drawn) > 40


def test_legends_sit_off_the_data(every_chart):
    """No legend covers a bar, a band or a line: each lies outside every data area."""
    _, drawn = every_chart
    covering = []
    for key, fig, _ in drawn:
        for legend in _legends(fig):
            box = legend.get_window_extent()
            for ax in fig.axes:
                if ax.get_visible() and box.overlaps(ax.bbox):
                    covering.append((key, "data area"))
                covering += [(key, "bar") for patch in ax.patches if box.overlaps(patch.get_window_extent())]
    assert covering == []
    assert all(_legends(fig) for _, fig, _ in drawn)


def test_the_source_line_overlaps_no_other_text(every_chart):
    """The x-axis label (and every other text) stays clear of the source line under it."""
    _, drawn = every_chart
    clashes = []
    for key, fig, texts in drawn:
        sources = [box for text, box in texts if _is_source(text)]
        assert len(sources) == 1, key
        others = [(text, box) for text, box in texts if not _is_source(text)]
        assert any(text is fig.axes[0].xaxis.label for text, _ in others) or key.startswith(
            ("progress_grid", "status_heatmap")
        ), key
        clashes += [(key, text.get_text()[:30]) for text, box in others if box.overlaps(sources[0])]
    assert clashes == []


def _blank_bands(fig, texts) -> float:
    """The tallest horizontal band of the figure (inches) with no axes and no text in it."""
    spans = [(box.y0, box.y1) for _, box in texts]
    spans += [(ax.bbox.y0, ax.bbox.y1) for ax in fig.axes if ax.get_visible()]
    spans += [(legend.get_window_extent().y0, legend.get_window_extent().y1) for legend in _legends(fig)]
    top, gap = 0.0, 0.0
    for y0, y1 in sorted(spans):
        gap = max(gap, y0 - top)
        top = max(top, y1)
    return max(gap, fig.bbox.height - top) / fig.dpi


def test_figures_fit_their_content(every_chart):
    """No large blank bands; a chart with a row per indicator or status is mostly data area (its
    height grows with its rows; the heat map's, which folds the rows with nothing to show, by
    a fixed height per row)."""
    _, drawn = every_chart
    gaps = {key: round(_blank_bands(fig, texts), 2) for key, fig, texts in drawn}
    assert {key: gap for key, gap in gaps.items() if gap > 0.3} == {}
    for key, fig, _ in drawn:
        if key.startswith("status_heatmap"):  # a fixed height per row drawn, the rest decorations
            ax = fig.axes[0]
            assert ax.bbox.height / fig.dpi == pytest.approx(charts.HEAT_ROW_IN * len(ax.get_yticks()), abs=0.01)
            assert (fig.bbox.height - ax.bbox.height) / fig.dpi < 1.6, key
        elif key.startswith(("dumbbell", "progress_grid")):
            columns = {}
            for ax in fig.axes:
                if ax.get_visible():
                    columns.setdefault(round(ax.bbox.x0), []).append(ax.bbox.height)
            share = max(sum(h) for h in columns.values()) / fig.bbox.height
            assert share > 0.7, (key, share)
        elif key.startswith("status_counts"):
            share = fig.axes[0].bbox.height / fig.bbox.height
            assert share > 0.35, (key, share)


def test_every_chart_text_is_in_the_charts_language(every_chart):
    """No Chinese on an English chart (units such as 户 or 亿元 included); no English on a Chinese
    one beyond the accepted abbreviations and the plan table's row numbers."""
    lang, drawn = every_chart
    if lang == "en":
        bad = [(key, text.get_text()) for key, _, texts in drawn for text, _ in texts if CJK.search(text.get_text())]
    else:
        bad = [
            (key, text.get_text())
            for key, _, texts in drawn
            for text, _ in texts
            if re.search(r"[A-Za-z]", ACCEPTED_ON_ZH.sub("", text.get_text()))
        ]
    assert bad == []


# --- the 13th plan's dumbbell ----------------------------------------------------------------------


def _dumbbell_rows(fig):
    """``{row number: (x, colour, marker kind)}`` of the outcome markers, read from the artists."""
    from matplotlib.colors import to_hex

    ax = fig.axes[0]
    by_y = {
        round(y): label.get_text().split()[0] for y, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=False)
    }
    rows = {}
    for collection in ax.collections:
        if collection.get_gid() in ("outcome", "capped"):
            for (x, y), colour in zip(collection.get_offsets(), collection.get_facecolors(), strict=False):
                rows[by_y[round(y)]] = (float(x), to_hex(colour), collection.get_gid())
    return rows


def test_every_row_with_an_outcome_is_drawn_zero_included():
    """Row 28a's outcome is 0 (no water body worse than class V): a value, drawn like the others."""
    table = _assessment(13).table
    fig = charts.dumbbell_13th(table, "en")
    drawn_texts(fig)
    expected = set(table[(table["status"] != "not_assessable") & table["latest_value"].notna()]["no"])
    assert set(_dumbbell_rows(fig)) == expected
    assert (table.set_index("no").loc["28a", "latest_value"] == 0) and "28a" in _dumbbell_rows(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_value_beyond_the_scale_is_marked_with_its_real_value(lang):
    """Coal-mine deaths came in near 870 % of target: drawn at the end of the scale as a triangle,
    the real percentage written beside it (not silently cut to the cap)."""
    table = _assessment(13).table.set_index("no", drop=False)
    fig = charts.dumbbell_13th(table.reset_index(drop=True), lang)
    drawn = drawn_texts(fig)
    ax, rows = fig.axes[0], _dumbbell_rows(fig)
    capped = next(c for c in ax.collections if c.get_gid() == "capped")
    assert (
        capped.get_visible() and capped.get_paths() and ax.get_xlim()[0] < charts.OUTCOME_INDEX_CAP <= ax.get_xlim()[1]
    )
    coal = table.loc["32"]
    real = 100 * coal["target_value"] / coal["latest_value"]
    assert real > charts.OUTCOME_INDEX_CAP
    assert rows["32"] == (charts.OUTCOME_INDEX_CAP, rows["32"][1], "capped")
    note = next(text for text, _ in drawn if text.get_gid() == "capped:32")
    assert f"{real:.0f}" in note.get_text()
    # the note sits on the marker's row, beside it
    y = next(
        y for y, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=False) if label.get_text().startswith("32 ")
    )
    assert note.xy == (charts.OUTCOME_INDEX_CAP, y)
    # an outcome of 0 on a lower-is-better row has no finite percentage: marked, with its value and target
    zero = next(text for text, _ in drawn if text.get_gid() == "capped:28a").get_text()
    assert rows["28a"][2] == "capped" and "0" in zero and table.loc["28a", "target_text"] in zero
    # everything within the scale is drawn where it is
    within = table[charts.outcome_index(table) <= charts.OUTCOME_INDEX_CAP]
    assert all(rows[no][2] == "outcome" for no in within["no"] if no in rows)


def test_the_colour_is_the_assessments_status():
    """One truth: each marker's colour is the row's status column (12a is achieved within its
    左右 tolerance, drawn inside the tolerance band left of 100); change the status and the colour
    follows -- the chart never judges a row itself."""
    from matplotlib.colors import to_hex

    table = _assessment(13).table
    rows = _dumbbell_rows(charts.dumbbell_13th(table, "en"))
    status = table.set_index("no")["status"]
    assert {no: colour for no, (_, colour, _) in rows.items()} == {
        no: to_hex(charts.STATUS_COLORS[status[no]]) for no in rows
    }
    x12a = rows["12a"][0]
    assert status["12a"] == "achieved" and x12a < 100
    fig = charts.dumbbell_13th(table, "en")
    ax = fig.axes[0]
    y12a = next(
        y
        for y, label in zip(ax.get_yticks(), ax.get_yticklabels(), strict=False)
        if label.get_text().startswith("12a ")
    )
    bands = [p for p in ax.patches if p.get_y() <= y12a <= p.get_y() + p.get_height()]
    assert any(p.get_x() <= x12a <= p.get_x() + p.get_width() for p in bands)
    flipped = table.assign(status=table["status"].where(table["no"] != "12a", "missed"))
    assert _dumbbell_rows(charts.dumbbell_13th(flipped, "en"))["12a"][1] == to_hex(charts.STATUS_COLORS["missed"])


# --- units and words -------------------------------------------------------------------------------


def test_an_observed_unit_reads_in_the_charts_language():
    from shanxi_analysis.data import units
    from shanxi_analysis.models.forecast import forecast

    result = forecast("gdp_real_growth", as_of=2023)
    english = units.name("亿元", "en")  # data/raw/units.csv
    assert charts.forecast_chart(result, "en", "亿元").axes[0].get_ylabel() == english
    assert charts.forecast_chart(result, "zh", "亿元").axes[0].get_ylabel() in ("亿元", english)
    # a symbol the observed-unit table writes in words, in either language
    assert charts.forecast_chart(result, "en", "μg/m3").axes[0].get_ylabel() == units.name("μg/m3", "en")


# --- the status heat map ---------------------------------------------------------------------------


def _heatmap_cells(fig):
    """``{(row number, year): (cell colour, cell text)}`` read from the drawn figure."""
    from matplotlib.colors import to_hex

    drawn_texts(fig)
    ax = fig.axes[0]
    rows = [label.get_text().split()[0] for label in ax.get_yticklabels()]
    years = [int(label.get_text()) for label in ax.get_xticklabels()]
    mesh = ax.collections[0]
    colours = np.asarray(mesh.get_facecolors()).reshape(len(rows), len(years), 4)
    words = {
        (round(t.get_position()[1] - 0.5), round(t.get_position()[0] - 0.5)): t.get_text()
        for t in ax.texts
        if t.get_gid() is None and not _is_source(t)
    }
    return {
        (no, year): (to_hex(colours[i, j]), words.get((i, j)))
        for i, no in enumerate(rows)
        for j, year in enumerate(years)
    }


def _folded(statuses, status: str) -> list[str]:
    """Rows with ``status`` in every year."""
    return [no for no, row in statuses.set_index("no")[list(YEARS)].iterrows() if set(row) == {status}]


def _check_heatmap(lang: str, fold=charts.FOLDED_STATUSES):
    from matplotlib.colors import to_hex

    from shanxi_analysis.report.messages import t

    fig = charts.status_heatmap(_status_by_year(), lang, fold=fold)
    cells = _heatmap_cells(fig)
    hidden = {no for status in fold for no in _folded(_status_by_year(), status)}
    expected = {}
    for year in YEARS:
        for no, status in _assessment(14, year).table.set_index("no")["status"].items():
            if no not in hidden:
                expected[(no, year)] = (to_hex(charts.STATUS_COLORS[status]), t(f"chart.short.{status}", lang))
    assert cells == expected
    # a legend entry, the full status word, for each status on the map
    words = {re.sub(r"\s+", "", text.get_text()) for text in fig.axes[0].get_legend().get_texts()}
    shown = set(_status_by_year().set_index("no").drop(index=list(hidden))[list(YEARS)].stack())
    assert words == {re.sub(r"\s+", "", charts.status_label(s, lang)) for s in shown}
    return fig, hidden


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_heat_map_shows_the_assessments_status_every_year(lang):
    """Every indicator x as of 2021..2025: the colour and the word are the assessment's own status
    as of that year (one truth with the tracker table); rows with nothing to show across years
    (no data in any year, no number in the outline) are folded, and the chart says how many."""
    pytest.importorskip("seaborn")
    fig, hidden = _check_heatmap(lang)
    no_data, no_number = _folded(_status_by_year(), "no_data"), _folded(_status_by_year(), "not_quantified")
    assert len(no_data) > 20 and len(no_number) == 4 and hidden == set(no_data) | set(no_number)
    foot = " ".join(text.get_text() for text in fig.axes[0].texts if _is_source(text)).replace("\n", " ")
    if lang == "en":
        assert f"Not shown: {len(no_data)} rows without data in any year; {len(no_number)} rows whose" in foot
    else:
        assert f"未列出:各年均无数据的{len(no_data)}行；纲要未给出数值的{len(no_number)}行" in foot.replace(" ", "")
    # unfolded, every row is drawn
    _check_heatmap(lang, fold=())


def test_the_heat_map_draws_without_seaborn(monkeypatch):
    """seaborn is declared, but a trimmed install still gets the same chart from matplotlib."""
    monkeypatch.setitem(sys.modules, "seaborn", None)  # `import seaborn` now raises ImportError
    _check_heatmap("en")


def test_status_by_year_is_the_assessment_of_each_year():
    from shanxi_analysis.core.errors import ShanxiError
    from shanxi_analysis.models.timeline import status_by_year

    table = status_by_year(14, [2022, 2024])
    for year in (2022, 2024):
        assert table[year].tolist() == _assessment(14, year).table["status"].tolist()
    assert table["no"].tolist() == _assessment(14, 2024).table["no"].tolist()
    assert list(status_by_year(14, until=2023).columns[-3:]) == [2021, 2022, 2023]
    with pytest.raises(ShanxiError, match="printed outcomes"):
        status_by_year(13)


def test_drawing_a_heat_map_keeps_the_package_import_light():
    """seaborn (which pulls in pyplot) is imported by the heat map only, not with the charts."""
    import subprocess

    code = (
        "import sys, shanxi_analysis.report.charts, shanxi_analysis.models.timeline; "
        "print(sorted(m for m in ('seaborn', 'matplotlib.pyplot') if m in sys.modules))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_slider_step_keeps_the_chart_inside_its_figure(lang):
    """The what-if app redraws one figure per slider step: a step keeps the layout, and a step that
    widens the y tick labels (growth of 8 %, then 150 %) gets a new one; nothing is ever cut."""
    from shanxi_analysis.models.scenario import ScenarioModel, open_as_of

    if lang == "zh" and charts.cjk_font() is None:
        pytest.skip("no CJK font installed")
    model = ScenarioModel(plan=14, as_of=open_as_of(2025))
    figure = charts.ScenarioFigure(lang)
    for step in (8.0, 8.5, 150.0, 9.0):
        fig = figure.draw(model.run(model.custom("custom", "1", [step] * len(model.remaining_years("1")))), "1")
        drawn = drawn_texts(fig)
        assert [text.get_text() for text, box in drawn if not _inside(box, fig.bbox)] == []
        assert fig.axes[0].get_legend() is not None and fig.axes[0].get_title().startswith("1 ")
        assert not any(_is_source(text) for text, _ in drawn)  # the app's page cites the data once
    assert figure.png()[:8] == b"\x89PNG\r\n\x1a\n"

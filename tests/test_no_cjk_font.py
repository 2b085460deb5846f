"""Without a CJK font, no chart prints an empty box: every text on every chart is Latin (the
charts fall back to English, the plan's own qualifiers are worded), and the warning goes to the
run log, not into a page."""

import re

import pytest
from matplotlib.text import Text

from fitted import assessment
from shanxi_analysis.models.forecast import forecast
from shanxi_analysis.models.scenario import ScenarioModel, open_as_of
from shanxi_analysis.report import charts, narrative

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture
def no_cjk_font(monkeypatch):
    monkeypatch.setattr(charts, "cjk_font", lambda: None)
    monkeypatch.setattr(charts, "_warned", True)  # the one warning is tested by the run-log tests


def _texts(fig):
    fig.canvas.draw() if hasattr(fig.canvas, "draw") else None
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_chart_text_needs_a_cjk_glyph(no_cjk_font, lang):
    review = assessment(13)
    tracker = assessment(14, as_of=2023)
    figures = [
        charts.dumbbell_13th(review.table, lang),
        charts.status_counts_chart(tracker.table, lang, "各状态指标数" if lang == "zh" else "Indicators by status"),
    ]
    rows = [r for _, r in tracker.table[tracker.table["n_obs"].fillna(0) > 0].iterrows()]
    figures.append(charts.progress_grid(rows, [narrative.observed_for(r, 2023) for r in rows], 2023, lang))
    figures.append(charts.forecast_chart(forecast("gdp_real_growth", as_of=2023), lang))
    model = ScenarioModel(as_of=open_as_of())
    figures.append(charts.scenario_chart(model.run(model.preset("baseline")), "1", lang))
    for fig in figures:
        bad = [t for t in _texts(fig) if CJK.search(t)]
        assert bad == [], bad


def test_targets_read_in_english():
    """An English chart reads the plan's qualifiers (左右, 以上, 力争达到全国平均水平) instead of
    printing them: every target of both plan tables, in the chart's words, without a CJK glyph."""
    from shanxi_analysis.data.plans import load_targets
    from shanxi_analysis.report.words import CHART, target_words

    for plan in (13, 14):
        for _, row in load_targets(plan).iterrows():
            words = target_words(row, "en", CHART)
            assert words and not CJK.search(words), (plan, row["no"], words)
            if row["comparator"] == "~":  # 左右
                assert words.startswith(f"about {row['target_value']:g}"), words
    national = load_targets(14).query("target_kind == 'national_average'").iloc[0]
    assert "national average" in target_words(national, "en", CHART)

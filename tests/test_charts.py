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

"""Text on a status colour: one rule (report.colours.text_on), WCAG AA for every status colour,
used by every display that writes a status on its colour."""

from __future__ import annotations

import pytest

from shanxi_analysis.report.colours import AA_NORMAL, STATUS_COLORS, contrast, luminance, status_colours, text_on


def test_contrast_by_hand():
    assert luminance("#000000") == 0 and luminance("#ffffff") == pytest.approx(1)
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#a50026", "#000000") == pytest.approx(2.63, abs=0.01)  # the briefing's old black on red
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the usual example, just below AA


@pytest.mark.parametrize("status", sorted(STATUS_COLORS))
def test_every_status_colour_and_its_text_pass_wcag_aa(status):
    background, text = status_colours(status)
    other = "white" if text == "black" else "black"
    hexes = {"black": "#000000", "white": "#ffffff"}
    assert contrast(background, hexes[text]) >= AA_NORMAL, (status, background, text)
    assert contrast(background, hexes[text]) >= contrast(background, hexes[other])


def test_every_display_takes_the_one_rule():
    import pandas as pd

    from shanxi_analysis.report.charts import style_status_table
    from shanxi_analysis.report.widgets import _status_style

    df = pd.DataFrame({"status": ["out of reach", "on track"]})
    css = " ".join(style_status_table(df, "en").to_html().split())
    assert "background-color: #a50026; color: white;" in css and "background-color: #66bd63; color: black;" in css
    assert _status_style("unlikely") == "background:#a50026;color:white"
    assert _status_style("achieved") == "background:#1a9850;color:black"  # white on it is 3.7:1
    assert text_on("#d73027") == "white"  # 4.8:1 (black: 4.3:1)


@pytest.mark.parametrize("seaborn", [True, False])
def test_the_heat_maps_words_pass_wcag_aa(seaborn, monkeypatch):
    import io
    import sys

    import numpy as np
    from matplotlib.colors import to_hex

    from shanxi_analysis.report import charts

    if not seaborn:
        monkeypatch.setitem(sys.modules, "seaborn", None)
    statuses = pd_frame()
    fig = charts.status_heatmap(statuses, "en")
    fig.savefig(io.BytesIO(), format="png")  # drawn: the mesh's colours are mapped
    ax = fig.axes[0]
    colours = np.asarray(ax.collections[0].get_facecolors()).reshape(len(statuses), 2, 4)
    checked = 0
    for text in ax.texts:
        x, y = text.get_position()
        i, j = int(y), int(x)
        if text.get_text() and 0 <= i < len(statuses) and 0 <= j < 2 and x % 1 == 0.5:
            assert contrast(to_hex(colours[i, j]), to_hex(text.get_color())) >= AA_NORMAL, text.get_text()
            checked += 1
    assert checked == 2 * len(statuses)


def pd_frame():
    import pandas as pd

    codes = list(STATUS_COLORS)
    return pd.DataFrame(
        {
            "no": [str(i) for i in range(len(codes))],
            "name_zh": codes,
            "name_en": codes,
            "attribute": "expected",
            2023: codes,
            2024: codes[::-1],
        }
    )

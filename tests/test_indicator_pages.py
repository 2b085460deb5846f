"""The indicator pages (issue 19): one page per plan row and language, its chart an inline SVG
drawn from the numbers, every value escaped, links from the tables' rows."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from shanxi_analysis.report import indicator_pages as ip
from shanxi_analysis.report.svg_chart import Labels, Series, history_svg, nice_ticks

LABELS = Labels("GDP <script>", "Year", "% a year", "observed", "target >8", "required", "as of 2024")


def test_ticks_are_round_and_cover_the_range():
    ticks = nice_ticks(2.3, 9.1)
    assert ticks[0] <= 2.3 and ticks[-1] >= 9.1 and 3 <= len(ticks) <= 8
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and steps.pop() in (1, 2, 2.5, 5)


def test_a_missing_year_breaks_the_line_and_text_is_escaped():
    data = Series(
        ((2021, 1.0), (2022, 2.0), (2024, 4.0)),
        (2020, 2025),
        target=5.0,
        required=((2020, 0.5), (2025, 5.0)),
        as_of=2024,
    )
    svg = history_svg(data, LABELS)
    lines = re.findall(r'<polyline class="observed" points="([^"]+)"', svg)
    assert len(lines) == 1 and len(lines[0].split()) == 2  # 2021-2022 joined; 2024 stands alone
    assert svg.count('<circle class="observed"') == 3
    assert 'class="target"' in svg and 'class="required"' in svg and 'class="as-of"' in svg
    assert "<script>" not in svg and "GDP &lt;script&gt;" in svg and "target &gt;8" in svg
    assert ">% a year</text>" in svg and ">Year</text>" in svg  # both axes labelled, the y axis with its unit


def test_growth_rates_are_bars_from_zero():
    svg = history_svg(Series(((2021, 9.1), (2022, -1.0)), (2020, 2025), target=8.0, bars=True), LABELS)
    assert svg.count('<rect class="observed"') == 2 and ">0</text>" in svg


def _row(**values):
    base = {
        "plan": "shanxi-14",
        "no": "2",
        "target_kind": "level",
        "target_value": 68.0,
        "target_year": 2025,
        "base_year": 2020,
        "base_value": 62.5,
        "pace_base_year": None,
        "pace_base_value": None,
        "remaining_rate": None,
        "latest_year": 2024,
    }
    return pd.Series({**base, **values})


def _history(points):
    return pd.DataFrame({"year": [y for y, _ in points], "value": [v for _, v in points]})


def test_the_required_path_starts_where_the_verdict_measures_pace():
    plain = ip.chart_data(_row(), _history([(2021, 63.0)]), 2024)
    assert plain.required == ((2020, 62.5), (2025, 68.0)) and plain.base == (2020, 62.5) and not plain.bars
    broken = ip.chart_data(_row(pace_base_year=2022, pace_base_value=64.0), _history([(2022, 64.0)]), 2024)
    assert broken.required[0] == (2022, 64.0)  # after a basis break, from the first value on the new basis


def test_an_average_growth_target_draws_the_rate_the_remaining_years_need():
    row = _row(target_kind="avg_growth", target_value=8.0, remaining_rate=11.5, latest_year=2023, base_value=3.6)
    data = ip.chart_data(row, _history([(2021, 9.1), (2022, 4.4), (2023, 5.0)]), 2024)
    assert data.bars and data.required == ((2024, 11.5), (2025, 11.5)) and data.target == 8.0
    assert data.base is None  # a growth rate's base is not a point of the rates' scale


def test_file_names_are_safe_and_links_quoted():
    assert ip.indicator_file("shanxi-14", "2a", "en") == "shanxi-14.2a.en.html"
    assert "/" not in ip.indicator_file("x", "../1", "zh") and ".." not in ip.indicator_file("x", "../1", "zh")
    assert ip.indicator_href("shanxi-14", "2a", "zh") == "indicators/shanxi-14.2a.zh.html"


def test_table_rows_link_to_their_pages_only_in_the_site(monkeypatch):
    from shanxi_analysis.report.messages import say
    from shanxi_analysis.report.notebook import link_rows

    df = pd.DataFrame({say("page.col.no", "en"): ["1", "2a"], say("page.col.name", "en"): ["GDP", "<b>x</b>"]})
    monkeypatch.delenv("SHANXI_SITE_LINKS", raising=False)
    assert link_rows(df, "en", "shanxi-14")[1] == {}
    monkeypatch.setenv("SHANXI_SITE_LINKS", "1")
    shown, links = link_rows(df, "en", "shanxi-14")
    html = shown.to_html(escape=True)
    for token, link in links.items():
        assert token in html
        html = html.replace(token, link)
    assert 'href="indicators/shanxi-14.2a.en.html">&lt;b&gt;x&lt;/b&gt;</a>' in html and "<b>x" not in html


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """The pages of three plans cheap to gather (outcomes; two plans not yet observed)."""
    from shanxi_analysis.report.runner.indicators import write_indicator_pages

    out = tmp_path_factory.mktemp("indicators")
    write_indicator_pages(out, 2025, plans=["shanxi-13", "china-15", "shanxi-15"])
    return out / "html" / "indicators"


def test_a_page_per_row_and_language_and_a_list_per_plan(written):
    from shanxi_analysis.data.plans import load_targets

    for plan in ("shanxi-13", "china-15", "shanxi-15"):
        for lang in ("zh", "en"):
            listing = (written / ip.list_file(plan, lang)).read_text(encoding="utf-8")
            for no in load_targets(plan)["no"]:
                page = written / ip.indicator_file(plan, no, lang)
                assert page.is_file(), page.name
                assert f'href="{ip.indicator_file(plan, no, lang)}"' in listing


def test_a_plan_not_yet_observed_says_so_and_shows_no_verdict(written):
    from shanxi_analysis.report.messages import say

    page = (written / ip.indicator_file("china-15", "2", "en")).read_text(encoding="utf-8")
    assert say("indicator.not_observed", "en", first=2026, last=2030) in page
    assert say("indicator.h.by_year", "en") not in page and "<svg" not in page
    assert "7 % a year" in page  # the pace the target needs


def test_pages_read_in_one_language(written):
    from test_language import mixed_nodes

    pages = sorted(written.glob("*.html"))
    assert pages
    bad = [(p.name, n) for p in pages if (n := mixed_nodes(p.read_text(encoding="utf-8")))]
    assert not bad, bad[:3]


def test_the_facts_round_trip_through_the_cache_exactly():
    from shanxi_analysis.models.dossier import Dossier, gather

    for plan in ("shanxi-13", "china-15"):
        facts = gather(plan, 2025)
        back = Dossier.from_json(Dossier.to_json(facts))
        for name in Dossier._FRAMES:
            pd.testing.assert_frame_equal(getattr(facts, name), getattr(back, name))

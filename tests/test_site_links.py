"""Issue 19: in the site, every table row that stands for a plan row links its indicator's name to
that row's page in the page's language, through one rule (report.notebook.indicator_link); rows of
series no plan row measures stay unlinked; data-derived text stays escaped.  Also the what-if's
"required" preset at a strict target's bound (docs/verdicts.md, "Scenarios")."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from shanxi_analysis.report import context_tables, narrative
from shanxi_analysis.report.indicator_pages import indicator_href
from shanxi_analysis.report.messages import say
from shanxi_analysis.report.notebook import indicator_link, link_rows, with_rows

LANGS = ("zh", "en")
LINK = re.compile(r'<a class="indicator-link" href="([^"]+)">(.*?)</a>', re.S)


@pytest.fixture
def site(monkeypatch):
    monkeypatch.setenv("SHANXI_SITE_LINKS", "1")


def _links(cells) -> list[tuple[str, str]]:
    return [m.groups() for c in cells for m in LINK.finditer(str(c))]


def test_one_rule_outside_the_site_changes_nothing(monkeypatch):
    monkeypatch.delenv("SHANXI_SITE_LINKS", raising=False)
    assert indicator_link("shanxi-14", "1", "en", "GDP") == "GDP"


def test_the_rule_links_a_plan_row_and_leaves_a_series_of_no_row(site):
    assert (
        indicator_link("shanxi-14", "2a", "zh", "x")
        == f'<a class="indicator-link" href="{indicator_href("shanxi-14", "2a", "zh")}">x</a>'
    )
    assert indicator_link("shanxi-14", None, "en", "x") == "x" and indicator_link(None, "1", "en", "x") == "x"


@pytest.mark.parametrize("lang", LANGS)
def test_a_table_without_a_number_column_links_the_rows_it_carries(site, lang):
    """The briefing's most-off-track table, the forecasts' tables: the plan rows ride along in attrs."""
    name, why = say("page.col.name", lang), say("page.col.why", lang)
    df = with_rows(pd.DataFrame({name: ["<b>GDP</b>", "coal output"], why: ["a", "b"]}), ["1", None])
    shown, links = link_rows(df, lang, "shanxi-14", df.attrs["rows"])
    html = shown.to_html(escape=True)
    for token, link in links.items():
        html = html.replace(token, link)
    assert _links([html]) == [(f"indicators/shanxi-14.1.{lang}.html", "&lt;b&gt;GDP&lt;/b&gt;")]
    assert "<td>coal output</td>" in html and "<b>" not in html


def test_the_briefing_and_forecast_tables_carry_their_plan_rows():
    from fitted import assessment

    off = narrative.off_track(assessment(None, 2024), "en")
    assert off.attrs["rows"] and all(no for no in off.attrs["rows"])
    results = [
        SimpleNamespace(
            status="not_enough_data",
            target={"no": "7", "name_en": "R&D", "name_zh": "研发"},
            series_id="x",
            points=1,
            basis_break=None,
        ),
        SimpleNamespace(status="not_enough_data", target={}, series_id="coal_output", points=0, basis_break=None),
    ]
    for lang in LANGS:
        assert narrative.forecast_gaps_table(results, lang).attrs["rows"] == ("7", None)


@pytest.fixture(scope="module")
def frames():
    from shanxi_analysis.models.compare import national_comparison, targets_beside_nation, vintage_table

    return national_comparison(2024), vintage_table(2024), targets_beside_nation(2024)


@pytest.mark.parametrize("lang", LANGS)
def test_the_context_tables_link_their_plan_rows(site, frames, lang):
    comparison, vintages, pairs = frames
    shown = context_tables.national_comparison_table(comparison, lang)
    links = _links(shown.iloc[:, 0])
    linked = comparison["no"].map(lambda no: isinstance(no, str) and no != "").sum()
    assert 0 < len(links) == linked < len(shown)  # the series of no plan row stay unlinked
    assert all(href.endswith(f".{lang}.html") for href, _ in links)
    vin = context_tables.vintage_table_display(vintages, lang)
    assert [h for h, _ in _links(vin.iloc[:, 1])] == [indicator_href("shanxi-14", no, lang) for no in vintages["no"]]
    beside = context_tables.targets_beside_nation_table(pairs, lang)
    assert len(_links(beside[say("page.col.name", lang)])) == len(pairs)


def test_the_context_tables_escape_a_planted_name(site, frames, monkeypatch):
    _, vintages, _ = frames
    planted = context_tables._targets(None, "shanxi-14").assign(name_en="<script>x</script>")
    monkeypatch.setattr(context_tables, "_targets", lambda *a: planted)
    cell = context_tables.vintage_table_display(vintages, "en").iloc[0, 1]
    assert "<script>" not in cell and "&lt;script&gt;" in cell and 'class="indicator-link"' in cell


# --- the what-if's "required" preset at a strict bound ------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_required_preset_at_a_strict_bound_says_what_is_true(lang):
    from shanxi_analysis.models.scenario import ScenarioModel
    from shanxi_analysis.report.widgets import scenario_table, verdict_word

    model = ScenarioModel(as_of=2023)
    res = model.run(model.preset("required"))
    strict = res.table["comparator"].isin([">", "<"])
    assert res.table.loc[strict, "at_bound"].all() and not res.table.loc[~strict, "at_bound"].any()
    assert not res.table.loc[strict, "met"].any()  # the strict rule stands: 8.00 does not meet ">8"
    words = scenario_table(res, model, lang).iloc[:, 7]
    assert set(words[strict.to_numpy()]) == {say("widget.at_bound_above", lang)}
    assert say("widget.missed", lang) not in set(words)
    below = {"met": False, "at_bound": True, "comparator": "<"}
    assert verdict_word(below, lang) == say("widget.at_bound_below", lang)
    assert verdict_word({**below, "at_bound": False}, lang) == say("widget.missed", lang)

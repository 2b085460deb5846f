"""The CSV and Excel files beside every page table hold data, not display text: numbers as
numbers (Excel number cells, CSV plain numbers that pandas reads as numeric columns), the year in a
column of its own, units in the header or a unit column, missing cells empty, the formula guard
only on text a spreadsheet would run, and one file name per table.  The page tables themselves
are unchanged (display text)."""

from __future__ import annotations

import io
import math

import pytest

AS_OF = 2025


def _files(display):
    """(the frame the files hold, the CSV as pandas reads it, the Excel sheet)."""
    import openpyxl
    import pandas as pd

    from shanxi_analysis.report.downloads import csv_bytes, file_frame, xlsx_bytes

    frame = file_frame(display)
    csv = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "table"))).active
    return frame, csv, sheet


def _column(sheet, header: str) -> list:
    headers = [c.value for c in sheet[1]]
    j = headers.index(header) + 1
    return [sheet.cell(row=i, column=j) for i in range(2, sheet.max_row + 1)]


def _check_data(display, numeric: list[str], years: list[str]) -> tuple:
    """What every table's files must satisfy; returns (frame, csv, sheet) for further checks."""
    frame, csv, sheet = _files(display)
    assert len(csv) == len(display) == sheet.max_row - 1
    for header in numeric + years:
        assert header in csv.columns, (header, list(csv.columns))
        assert csv[header].dtype.kind in "if", (header, csv[header].dtype, list(csv[header])[:5])
        cells = [c for c in _column(sheet, header) if c.value is not None]
        assert all(isinstance(c.value, (int, float)) and not isinstance(c.value, bool) for c in cells), header
    for header in years:  # a year is a whole number shown as it is (2024, never 2,024.00)
        cells = [c for c in _column(sheet, header) if c.value is not None]
        assert all(isinstance(c.value, int) and c.number_format == "0" for c in cells), header
    text = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "—" not in text  # missing is an empty cell
    assert not [t for t in text if t.startswith("'")]  # nothing in the real data needs the guard
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    return frame, csv, sheet


@pytest.fixture(scope="module")
def tracker():
    from shanxi_analysis.models.assess import Assessment

    return Assessment(None, as_of=AS_OF).fit()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_status_table_downloads_its_numbers_with_their_years_and_units(tracker, lang):
    from shanxi_analysis.report import narrative
    from shanxi_analysis.report.downloads import data_of
    from shanxi_analysis.report.messages import say
    from shanxi_analysis.report.words import row_unit

    shown = narrative.status_table(tracker, lang)
    assert data_of(shown) is not None
    col = {k: say(f"page.col.{k}", lang) for k in ("no", "actual", "required", "ratio")}
    file = {k: say(f"page.file.{k}", lang) for k in ("target_value", "latest_value", "latest_year", "unit", "n_obs")}
    frame, csv, _ = _check_data(
        shown,
        numeric=[file["target_value"], file["latest_value"], col["actual"], col["required"], col["ratio"]],
        years=[file["latest_year"], say("page.file.first_year", lang)],
    )
    # the page still shows "66.32 (2024)"; the file holds the model's number, its year and unit apart
    model = tracker.table.set_index("no")
    data = frame.set_index(frame.columns[0])
    for no in ("1", "2", "3"):
        row = model.loc[no]
        assert math.isclose(data.loc[no, file["latest_value"]], row["latest_value"])
        assert data.loc[no, file["latest_year"]] == int(row["latest_year"])
        assert data.loc[no, file["unit"]] == row_unit(row, lang)
        assert f"({int(row['latest_year'])}" in shown.set_index(col["no"]).loc[no, say("page.col.latest", lang)]
    assert isinstance(data.loc["3", file["latest_value"]], int)  # a count of enterprises stays whole
    no_data = model.index[model["latest_value"].isna()][0]
    assert data.loc[no_data, file["latest_value"]] is None and math.isnan(
        csv.set_index(csv.columns[0]).loc[no_data, file["latest_value"]]
    )


def test_the_13th_plan_review_and_the_briefings_tables_are_data():
    from shanxi_analysis.models.assess import Assessment
    from shanxi_analysis.models.text_targets import assess_text_targets
    from shanxi_analysis.report import narrative
    from shanxi_analysis.report.messages import say

    results = Assessment(plan=13).fit()
    frame, _, _ = _check_data(
        narrative.status_table(results, "en"),
        numeric=[say("page.file.latest_value", "en")],
        years=[say("page.file.latest_year", "en")],
    )
    # GDP (a level in 亿元) was judged by its average growth: its numbers are % a year, not 亿元
    row = results.table.set_index("no").loc["1"]
    gdp = frame.set_index(frame.columns[0]).loc["1"]
    assert row["target_kind"] == "avg_growth" and row["unit"] != "%"
    assert gdp[say("page.file.unit", "en")] == "%" and gdp[say("page.file.latest_value", "en")] == row["latest_value"]
    off = narrative.off_track(Assessment(None, as_of=AS_OF).fit(), "zh")
    _check_data(off, numeric=[say("page.col.actual", "zh"), say("page.col.now_required", "zh")], years=[])
    register = narrative.text_targets_table(assess_text_targets(AS_OF), "en")
    frame, _, _ = _check_data(
        register,
        numeric=[say("page.file.latest_value", "en")],
        years=[say("page.file.latest_year", "en")],
    )
    # the outline's phrase as printed, without the page's quotation marks
    assert not frame[say("page.col.as_printed", "en")].str.startswith("“").any()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_national_comparison_downloads_numbers_not_gap_text(lang):
    from shanxi_analysis.data.regions import region_name
    from shanxi_analysis.models.compare import national_comparison
    from shanxi_analysis.report import context_tables
    from shanxi_analysis.report.messages import CONTEXT_HEADER, pick, say

    source = national_comparison(AS_OF)
    shown = context_tables.national_comparison_table(source, lang)
    shanxi, china = (region_name(source.attrs[role], lang) for role in ("region", "nation"))
    gap = pick(CONTEXT_HEADER["gap"], lang)
    averages = [
        say("page.file.of_pairing", lang, column=say("page.file.average_gap", lang), pairing=say(key, lang))
        for key in ("page.file.pairing.first", "page.file.pairing.revised")
    ]
    frame, csv, sheet = _check_data(
        shown,
        numeric=[shanxi, china, gap, *averages],
        years=[
            pick(CONTEXT_HEADER["year"], lang),
            say("page.file.region_year", lang, region=shanxi),
            say("page.file.region_latest", lang, region=china),
        ],
    )
    # "-2.70 pp" on the page, the model's gap and its unit in the file (no guard quote on a number)
    gaps = source["gap"].tolist()
    assert [None if g is None or (isinstance(g, float) and math.isnan(g)) else round(g, 6) for g in gaps] == list(
        frame[gap]
    )
    first = source.iloc[0]
    assert first["gap_kind"] == "pp" and frame[say("page.file.gap_unit", lang)].iloc[0] == say(
        "page.file.gap_unit.pp", lang
    )
    assert any(g < 0 for g in csv[gap].dropna())  # negative gaps are plain negative numbers
    # the sources: title and address apart, a web address clickable in Excel
    address = say("page.file.region_address", lang, region=shanxi)
    web = [c for c in _column(sheet, address) if isinstance(c.value, str) and c.value.startswith("http")]
    assert web and all(c.hyperlink is not None and c.hyperlink.target == c.value for c in web)


def test_the_vintage_table_downloads_values_and_sources_apart():
    from shanxi_analysis.models.compare import vintage_table
    from shanxi_analysis.report import context_tables
    from shanxi_analysis.report.messages import CONTEXT_HEADER, pick, say

    source = vintage_table(AS_OF)
    shown = context_tables.vintage_table_display(source, "zh", with_data_only=True)
    frame, _, _ = _check_data(
        shown,
        numeric=[pick(CONTEXT_HEADER["value"], "zh")],
        years=[pick(CONTEXT_HEADER["latest_year"], "zh")],
    )
    assert (
        frame[say("page.file.address", "zh")].notna().all() and frame[say("page.file.source_title", "zh")].notna().any()
    )


def test_the_scenario_and_forecast_tables_are_data():
    import pandas as pd

    from shanxi_analysis.data.observed import list_series
    from shanxi_analysis.models.forecast import forecast, hindsight
    from shanxi_analysis.models.scenario import ScenarioModel, open_as_of
    from shanxi_analysis.report import narrative
    from shanxi_analysis.report.messages import say
    from shanxi_analysis.report.widgets import scenario_table

    model = ScenarioModel(None, open_as_of(AS_OF))
    shown = scenario_table(model.run(model.preset("baseline")), model, "en")
    frame, _, _ = _check_data(
        shown,
        numeric=[say("widget.col.start", "en"), say("widget.col.value", "en"), say("widget.col.required", "en")],
        years=[say("widget.col.from", "en")],
    )
    assert frame[say("page.col.unit", "en")].notna().any()  # the pace's unit beside the required step

    result = forecast("gdp_real_growth", as_of=AS_OF, seed=20210409)
    unit = list_series().set_index("series_id").loc["gdp_real_growth", "unit"]
    table = narrative.forecast_table(result, "en", unit)
    header = say("page.file.with_unit", "en", header=say("page.col.forecast", "en"), unit="%")
    frame, _, _ = _check_data(table, numeric=[header], years=[say("page.col.year", "en")])
    assert math.isclose(frame[header].iloc[0], round(float(result.forecast["mean"].iloc[0]), 6))
    low = say("page.file.with_unit", "en", header=say("page.file.band_low", "en", level="80"), unit="%")
    assert low in frame.columns and frame[low].iloc[0] < frame[header].iloc[0]
    _check_data(narrative.backtest_table(result, "en"), numeric=[say("page.col.mae", "en")], years=[])

    rows = hindsight("gdp_real_growth", 2022, AS_OF, 20210409).assign(series="GDP", series_id="gdp_real_growth")
    back = narrative.hindsight_table(pd.DataFrame(rows), "en", {"gdp_real_growth": unit})
    _check_data(
        back,
        numeric=[say("page.col.forecast_then", "en"), say("page.col.known_now", "en")],
        years=[say("page.col.data_up_to", "en"), say("page.col.year_forecast", "en")],
    )


def test_each_table_gets_a_file_name_of_its_own():
    """Two tables in one section (a forecast's backtest and its forecast) used to download as
    "Forecasts - GDP growth" and "... (2)": each now carries its own name."""
    import pandas as pd

    from shanxi_analysis.report import runner
    from shanxi_analysis.report.downloads import downloads_html

    table = pd.DataFrame({"a": [1.5]})
    body = (
        "<h1>Forecasts</h1><h3>GDP growth</h3>"
        + downloads_html(table, "en", name="backtest")
        + downloads_html(table, "en", name="forecast")
        + "<h3>Unnamed</h3>"
        + downloads_html(table, "en")
        + downloads_html(table, "en")
    )
    named = runner.name_downloads(body, "3_forecasts", "en")
    import re

    names = re.findall(r'download="([^"]+)"', named)
    assert names == [
        "Forecasts - GDP growth - backtest.csv",
        "Forecasts - GDP growth - backtest.xlsx",
        "Forecasts - GDP growth - forecast.csv",
        "Forecasts - GDP growth - forecast.xlsx",
        "Forecasts - Unnamed.csv",
        "Forecasts - Unnamed.xlsx",
        "Forecasts - Unnamed (2).csv",
        "Forecasts - Unnamed (2).xlsx",
    ]
    assert runner.name_downloads(named, "3_forecasts", "en") == named  # idempotent

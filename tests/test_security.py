"""Hard faults, security: stored markup, formula injection and registry paths.

1. Stored script.  Every text column of the raw tables is planted with markup, and everything the
   pages show is rendered as the pages render it (Page.heading/para/bullets as Markdown converted
   by nbconvert, Page.table and the styled status table, the context tables, the what-if app's
   readout, chart, captions and notes, the scenario table, and the dashboard's header and verdict
   tables): the markup must appear only escaped.  Two paths, by column:

   * through the loaders (:data:`PLANTED`): the columns ``shanxi validate`` still accepts with
     markup in them (names in English, categories, notes, units' English names, sources...) are
     planted in a copy of the data tree, validated, then assessed and rendered;
   * directly (:data:`DIRECT`): the columns the provenance checks compare with the outline
     (Chinese names, printed cells, the register's phrase, the unit codes) cannot carry markup
     past validation; their output functions are given frames with markup in those columns.

2. Formula injection: text cells starting with = + - @ are rejected by validation (file, line,
   column), the '-' placeholder stays valid, and the CSV of ``shanxi build`` and ``--format csv``
   is neutralised with a leading quote.

3. plans.csv paths stay inside data/raw.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from conftest import edit_cell, sign
from fitted import assessment

SCRIPT = "<script>window.__pwned=1</script>"


def payload(tag: str) -> str:
    return f'{SCRIPT}<img src=x onerror="window.__pwned=1" alt="{tag}">'


# (file, column) planted through the loaders; the tag marks where each one surfaced
PLANTED = [
    ("plan14_indicators.csv", "category_zh"),
    ("plan14_indicators.csv", "category_en"),
    ("plan14_indicators.csv", "name_en"),
    ("plan14_indicators.csv", "note"),
    ("plan13_indicators.csv", "category_zh"),
    ("plan13_indicators.csv", "category_en"),
    ("plan13_indicators.csv", "name_en"),
    ("plan13_indicators.csv", "note"),
    ("plan14_text_targets.csv", "chapter"),
    ("plan14_text_targets.csv", "section"),
    ("plan14_text_targets.csv", "measure_zh"),
    ("plan14_text_targets.csv", "measure_en"),
    ("plan14_text_targets.csv", "note"),
    ("units.csv", "name_en"),
    ("units.csv", "note"),
    ("plans.csv", "title_zh"),
    ("plans.csv", "title_en"),
    ("plans.csv", "table"),
    ("observed.csv", "source_title"),
    ("observed.csv", "source_url"),
    ("observed.csv", "evidence"),
    ("observed.csv", "note"),
    ("indicator_series.csv", "note"),
    ("text_target_series.csv", "note"),
    ("basis_breaks.csv", "note"),
]
# Of those, the columns the pages show in each language, which the test checks it saw (escaped);
# the others (categories, notes, chapters, plan titles) reach no page today, and are planted all
# the same so that a page that starts showing them is checked too.
SHOWN = {
    "en": {
        ("plan14_indicators.csv", "name_en"),
        ("plan13_indicators.csv", "name_en"),
        ("plan14_text_targets.csv", "measure_en"),
        ("units.csv", "name_en"),
        ("observed.csv", "source_title"),
        ("observed.csv", "source_url"),
    },
    "zh": {("plan14_text_targets.csv", "measure_zh"), ("observed.csv", "source_title"), ("observed.csv", "source_url")},
}
# Compared with the outline by validation: tested through the output functions directly.
DIRECT = ["name_zh", "target_text", "unit", "unit_en", "phrase (target_text of the register)"]


def _tag(i: int) -> str:
    return f"pwn{i:02d}x"


def _plant_all(raw: Path) -> None:
    """Every column of :data:`PLANTED` with its tagged payload.  outside_snippet.csv names
    observed rows by their source_url, so it gets the same url as the rows it names."""
    for i, (file, column) in enumerate(PLANTED):
        _plant(raw, file, column, payload(_tag(i)))
    _plant(raw, "outside_snippet.csv", "source_url", payload(_tag(PLANTED.index(("observed.csv", "source_url")))))
    sign(raw, "markup planted in every text column")


def _plant(raw: Path, file: str, column: str, text: str) -> None:
    path = raw / file
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    i = rows[0].index(column)
    for row in rows[1:]:
        row[i] = row[i] + text
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


class Capture:
    """Stands in for IPython's display: keeps what a page would show, as HTML."""

    def __init__(self):
        self.html: list[str] = []

    def __call__(self, *objs, **kwargs):
        from IPython.display import HTML, Markdown
        from nbconvert.filters.markdown_mistune import markdown2html_mistune

        for obj in objs:
            if isinstance(obj, Markdown):
                self.html.append(markdown2html_mistune(obj.data))  # as nbconvert exports the page
            elif isinstance(obj, HTML):
                self.html.append(obj.data)
            else:
                raise AssertionError(f"unexpected display of {type(obj).__name__}")


@pytest.fixture
def shown(monkeypatch):
    import IPython.display

    cap = Capture()
    monkeypatch.setattr(IPython.display, "display", cap)
    return cap


def _assert_escaped(pieces: list[str]) -> str:
    text = "\n".join(pieces)
    assert "<script" not in text.lower(), text[text.lower().find("<script") - 300 :][:600]
    assert "<img" not in text.lower(), text[text.lower().find("<img") - 300 :][:600]
    return text


def _render_pages(lang: str, shown: Capture) -> list[str]:
    """Everything the notebooks show from data, rendered the way the pages render it."""
    from shanxi_analysis.models.compare import national_comparison, vintage_table
    from shanxi_analysis.models.forecast import forecast
    from shanxi_analysis.models.scenario import ScenarioModel, open_as_of
    from shanxi_analysis.models.text_targets import assess_text_targets
    from shanxi_analysis.report import context_tables, narrative
    from shanxi_analysis.report.notebook import Page
    from shanxi_analysis.report.widgets import Dashboard, ScenarioApp, scenario_table

    review = assessment(13)
    tracker = assessment(14)
    page = Page(lang, tracker.as_of)
    page.para(narrative.review_13th_headline(review, lang))
    page.para(narrative.gdp_real_vs_nominal(review, lang))
    page.table(narrative.status_table(review, lang), styled=True)
    page.para(narrative.tracker_conclusion(tracker, lang))
    page.table(narrative.status_table(tracker, lang), styled=True)
    page.table(narrative.coverage_table(tracker, lang))
    page.bullets([narrative.indicator_note(row, lang) for _, row in tracker.table.iterrows() if row["n_obs"] > 0])
    page.table(narrative.off_track(tracker, lang))
    page.bullets(narrative.caveats(tracker, lang))
    page.table(narrative.text_targets_table(assess_text_targets(page.as_of), lang))
    comparison = national_comparison(page.as_of)
    page.para(context_tables.comparison_note(comparison, lang))
    context_tables.show(context_tables.national_comparison_table(comparison, lang), lang)
    vintages = vintage_table(page.as_of)
    page.para(context_tables.vintage_summary(vintages, lang))
    context_tables.show(context_tables.vintage_table_display(vintages, lang), lang)
    fc = forecast("gdp_real_growth", as_of=page.as_of)
    if fc.status == "ok":
        page.title(narrative.forecast_title(fc, lang))
        page.para(narrative.forecast_summary(fc, lang))
    model = ScenarioModel(plan=14, as_of=open_as_of(page.as_of))
    results = model.run(model.preset("baseline"))
    page.table(results.table[["no", "name_zh" if lang == "zh" else "name_en", "target_text", "step_unit"]])
    page.table(scenario_table(results, model, lang))
    app = ScenarioApp(model=model, lang=lang)
    readouts = _app_html(app)
    board = Dashboard(lang)  # the dashboard page: title, verdicts, what-if app
    readouts += [
        board.header.value,
        board.summary.value,
        board.verdicts.value,
        board.no_data.value,
        board.whatif_heading.value,
    ]
    return shown.html + readouts


def _app_html(app) -> list[str]:
    """Every HTML the what-if app shows, for every indicator: readout, chart, caption, notes (each
    preset pressed, and a path set by the user)."""
    from shanxi_analysis.models.scenario import PRESETS

    seen = []
    for _, value in app.dropdown.options:
        app.dropdown.value = value
        seen += [app.readout.value, app.chart.value, app.caption.value, app.note.value]
        for preset in PRESETS:
            app.apply_preset(preset)
            seen += [app.note.value, app.readout.value, app.chart.value]
        app.sliders[0].value = app.sliders[0].value + app.sliders[0].step  # a path set by hand
        seen += [app.note.value, app.readout.value, app.chart.value]
    # the dropdown and slider labels are plain text in ipywidgets 8 (no description_allow_html)
    assert not any(getattr(s, "description_allow_html", False) for s in app.sliders)
    return seen


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markup_planted_in_every_text_column_is_escaped_on_every_page(data_copy, monkeypatch, shown, lang):
    from shanxi_analysis.data import clear_caches
    from shanxi_analysis.data.validate import collect_problems

    raw = data_copy / "raw"
    _plant_all(raw)
    monkeypatch.setenv("SHANXI_DATA_DIR", str(data_copy))
    clear_caches()
    problems, _ = collect_problems(data_copy)
    assert problems == [], "markup in these columns should pass validate (they reach the pages): " + str(problems[:3])
    text = _assert_escaped(_render_pages(lang, shown))
    surfaced = {PLANTED[i] for i in range(len(PLANTED)) if _tag(i) in text}
    # every column a page shows was rendered (escaped) somewhere: the test covers it
    assert SHOWN[lang] <= surfaced, sorted(SHOWN[lang] - surfaced)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text


def test_markup_in_outline_checked_columns_is_escaped_by_the_output_functions(shown):
    """name_zh, the printed cells, the register's phrase and the unit codes: validation compares
    them with the outline, so they are given to the output functions directly."""
    from shanxi_analysis.models.scenario import ScenarioModel, open_as_of
    from shanxi_analysis.models.text_targets import assess_text_targets
    from shanxi_analysis.report import narrative
    from shanxi_analysis.report.charts import style_status_table
    from shanxi_analysis.report.notebook import Page
    from shanxi_analysis.report.widgets import Dashboard, ScenarioApp, scenario_table

    bad = payload("direct")
    tracker = assessment(14)
    table = tracker.table.assign(name_zh=bad, name_en=bad, target_text=bad, unit=bad, unit_en=bad)
    fake = SimpleNamespace(table=table, method=tracker.method, as_of=tracker.as_of)
    pieces = []
    for lang in ("zh", "en"):
        page = Page(lang, tracker.as_of)
        status = narrative.status_table(fake, lang)
        pieces.append(style_status_table(status, lang).to_html())
        page.table(status, styled=True)
        page.table(status.rename(columns={status.columns[1]: bad}), styled=True)  # a header from data
        page.table(narrative.coverage_table(fake, lang))
        page.table(narrative.off_track(fake, lang))
        page.bullets([narrative.indicator_note(row, lang) for _, row in table.iterrows() if row["n_obs"] > 0])
        page.title(bad)  # a heading that is data
        texts = assess_text_targets(tracker.as_of).assign(name_zh=bad, name_en=bad, target_text=bad)
        page.table(narrative.text_targets_table(texts, lang))
        model = ScenarioModel(plan=14, as_of=open_as_of(tracker.as_of))
        app = ScenarioApp(model=model, lang=lang)
        row = model.run(model.preset("baseline")).table.iloc[0].copy()
        row["target_text"], row["unit"], row["unit_en"] = bad, bad, bad
        pieces.append(app._readout(row))
        pieces.append(app._readout(None, note=bad))
        # the what-if app and the dashboard with every outline-checked text column planted
        model.inputs = model.inputs.assign(name_zh=bad, name_en=bad, target_text=bad, unit=bad, unit_en=bad)
        pieces += _app_html(ScenarioApp(model=model, lang=lang))
        results = model.run(model.preset("baseline"))
        results.table = results.table.assign(name_zh=bad, name_en=bad, target_text=bad, unit=bad, unit_en=bad)
        page.table(scenario_table(results, model, lang))
        board = Dashboard(lang)
        pieces += [board.verdict_table(fake), board.verdict_table(fake, no_data=True)]
    text = _assert_escaped(pieces + shown.html)
    assert text.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;") > 20  # shown, as text


def test_readout_escapes_a_unit_added_to_the_units_table(data_copy, monkeypatch):
    """The issue's case: a unit whose English name carries markup, shown in the dashboard."""
    from shanxi_analysis.data import clear_caches
    from shanxi_analysis.models.scenario import ScenarioModel
    from shanxi_analysis.report.widgets import Dashboard, ScenarioApp

    raw = data_copy / "raw"
    _plant(raw, "units.csv", "name_en", payload("unit"))
    sign(raw)
    monkeypatch.setenv("SHANXI_DATA_DIR", str(data_copy))
    clear_caches()
    model = ScenarioModel(plan=14, as_of=None)
    app = ScenarioApp(model=model, lang="en")
    seen = _app_html(app)
    seen.append(Dashboard("en").verdicts.value)  # a latest value's unit
    text = _assert_escaped(seen)
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in text


# --- 2. formula injection ---------------------------------------------------------------------


def _schemas():
    """Every validated raw table and its schema."""
    from shanxi_analysis.data.links import BREAKS, LINKS, TEXT_TARGET_LINKS
    from shanxi_analysis.data.schema import INDICATORS, PLANS, TEXT_TARGETS, UNITS, observed_schema

    return {
        "plan14_indicators.csv": INDICATORS,
        "plan13_indicators.csv": INDICATORS,
        "plan14_text_targets.csv": TEXT_TARGETS,
        "units.csv": UNITS,
        "plans.csv": PLANS,
        "observed.csv": observed_schema(),
        "indicator_series.csv": LINKS,
        "text_target_series.csv": TEXT_TARGET_LINKS,
        "basis_breaks.csv": BREAKS,
    }


def _text_columns():
    """Every free-text column of every validated raw table (file, column)."""
    return [(f, c.name) for f, s in _schemas().items() for c in s.columns if c.kind == "text" and not c.pattern]


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://x","y")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)"])
def test_validate_rejects_formula_cells_in_every_text_column(data_copy, formula):
    from shanxi_analysis.data import clear_caches
    from shanxi_analysis.data.schema import read_table
    from shanxi_analysis.data.validate import collect_problems

    columns = _text_columns()
    assert len(columns) > 30
    with open(data_copy / "raw" / "units.csv", encoding="utf-8") as fh:
        units = tuple(r["unit"] for r in csv.DictReader(fh))
    for file, column in columns:
        path = data_copy / "raw" / file
        old = edit_cell(path, 2, column, formula)
        _, problems = read_table(path, _schemas()[file], {"unit": units})
        hits = [p for p in problems if p.line == 2 and p.column == column]
        assert hits and "formula" in str(hits[0]) and file in str(hits[0]), (file, column, problems[:2])
        edit_cell(path, 2, column, old)
    # end to end, for one column: validate names the file, the line and the column
    edit_cell(data_copy / "raw" / "plan14_indicators.csv", 3, "name_en", formula)
    clear_caches()
    problems, _ = collect_problems(data_copy)
    assert any(p.line == 3 and p.column == "name_en" and "plan14_indicators.csv" in str(p) for p in problems), problems


def test_the_dash_placeholder_and_negative_numbers_stay_valid(data_copy):
    from shanxi_analysis.data.validate import collect_problems

    problems, _counts = collect_problems(data_copy)
    assert problems == []
    text = (data_copy / "raw" / "plan14_indicators.csv").read_text(encoding="utf-8")
    assert ",-," in text  # the repository data does print '-' for "nothing printed"
    assert ",-" in (data_copy / "raw" / "observed.csv").read_text(encoding="utf-8")  # negative values


def test_neutralise_formulas_rule():
    from shanxi_analysis.core.csvsafe import is_formula, neutralise, neutralise_formulas

    for cell in ("=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"):
        assert is_formula(cell) and neutralise(cell) == "'" + cell
    for cell in ("-", "=", "GDP", "", "5-7", "地区生产总值", None, -3.5):
        assert not is_formula(cell) and neutralise(cell) == cell
    df = pd.DataFrame({"text": ["=cmd|'/C calc'!A0", "-", "ok"], "value": [-1.5, 2.0, -3.0]})
    out = neutralise_formulas(df)
    assert list(out["text"]) == ["'=cmd|'/C calc'!A0", "-", "ok"] and list(out["value"]) == [-1.5, 2.0, -3.0]
    assert next(iter(df["text"])).startswith("=")  # the caller's frame is left alone


def _formula_cells(text: str) -> list[str]:
    return [
        c
        for row in csv.reader(io.StringIO(text))
        for c in row
        if len(c) > 1 and c[0] in "=+-@\t\r" and not _is_number(c)
    ]


def _is_number(c: str) -> bool:
    try:
        float(c)
        return True
    except ValueError:
        return False


def _poisoned_targets(real, cells: dict):
    """``load_targets`` with formula text written into some cells ({(row position, column): text}),
    as if it had got past validation."""

    def poisoned(*args, **kwargs):
        df = real(*args, **kwargs).copy()
        for (row, column), text in cells.items():
            df.loc[df.index[row], column] = text
        return df

    return poisoned


def test_build_output_is_neutralised(data_copy, monkeypatch):
    """A formula that reached a loader's frame (validation aside) is written with a leading quote."""
    from shanxi_analysis.data import build as build_module
    from shanxi_analysis.data import plans

    monkeypatch.setattr(
        build_module,
        "load_targets",
        _poisoned_targets(
            plans.load_targets,
            {(0, "name_en"): '=HYPERLINK("http://evil","x")', (1, "note"): "@SUM(1+1)*cmd|' /C calc'!A0"},
        ),
    )
    build_module.build(data_copy)
    out = (data_copy / "processed" / "targets.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in out and "'@SUM" in out
    for name in ("targets.csv", "text_targets.csv", "observed.csv", "observed_latest.csv", "series.csv"):
        text = (data_copy / "processed" / name).read_text(encoding="utf-8")
        assert _formula_cells(text) == [], (name, _formula_cells(text)[:3])
    targets = pd.read_csv(data_copy / "processed" / "targets.csv", dtype=str, keep_default_na=False)
    assert (targets["base_text"] == "-").any() and (targets["comparator"] == "=").any()  # placeholders kept


def test_format_csv_is_neutralised(cli, data_copy, monkeypatch):
    from shanxi_analysis.data import plans

    monkeypatch.setattr(
        plans,
        "load_targets",
        _poisoned_targets(plans.load_targets, {(0, "name_en"): "=1+1", (1, "name_en"): "+cmd|' /C calc'!A0"}),
    )
    code, out, err = cli("targets", "--format", "csv", data_dir=data_copy)
    assert code == 0, err
    assert "'=1+1" in out and "'+cmd|" in out and _formula_cells(out) == []
    code, out, err = cli("observed", "--format", "csv", data_dir=data_copy)
    assert code == 0, err
    assert _formula_cells(out) == []


def _downloads(pieces: list[str]) -> list[tuple[str, bytes]]:
    """(format, file) of every table download in the rendered HTML."""
    import base64
    import re

    return [
        (fmt, base64.b64decode(data))
        for fmt, data in re.findall(r'data-format="(\w+)" href="data:[^,]*;base64,([^"]*)"', "\n".join(pieces))
    ]


def test_page_downloads_are_neutralised(shown):
    """Every table a page shows offers CSV and Excel files: formula text in a cell or a header,
    planted in what Page.table and the context tables are given, reaches the files quoted."""
    import openpyxl

    from shanxi_analysis.report import context_tables
    from shanxi_analysis.report.notebook import Page

    evil = ["=1+1", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"]
    frame = pd.DataFrame({"no": ["1", "2", "3", "4"], "name": evil, "value": [1.5, None, -2.0, 3.0]})
    page = Page("en", 2025)
    page.table(frame)
    page.table(frame.rename(columns={"name": "=HYPERLINK(1)"}), styled=True)
    context_tables.show(pd.DataFrame({"indicator": [context_tables._e(x) for x in evil]}), "en")
    files = _downloads(shown.html)
    assert sorted(fmt for fmt, _ in files) == ["csv"] * 3 + ["xlsx"] * 3
    for fmt, payload in files:
        if fmt == "csv":
            text = payload.decode("utf-8-sig")
            assert _formula_cells(text) == [], text
            assert "'=1+1" in text and "'+cmd|" in text and "'@SUM" in text
            assert re.search(r",-2\r?$", text, re.M) or "value" not in text  # a negative number stays a number
        else:
            sheet = openpyxl.load_workbook(io.BytesIO(payload)).active
            cells = [c for row in sheet.iter_rows() for c in row]
            assert all(c.data_type != "f" for c in cells)
            assert not any(isinstance(c.value, str) and c.value[:1] in "=+-@" and len(c.value) > 1 for c in cells)
            assert "'=1+1" in [c.value for c in cells]


# --- 3. plans.csv paths ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "/etc/passwd",
        "../../../../etc/passwd",
        "../raw/plan14_indicators.csv",
        "sub/../../x.csv",
        "C:\\Windows\\win.ini",
        "~/x.csv",
    ],
)
def test_plans_paths_must_stay_inside_the_raw_folder(data_copy, value):
    from shanxi_analysis.core.errors import DataError
    from shanxi_analysis.data import clear_caches
    from shanxi_analysis.data.plans import list_plans

    edit_cell(data_copy / "raw" / "plans.csv", 3, "indicators_file", value)
    clear_caches()
    with pytest.raises(DataError) as exc:
        list_plans(data_copy)
    message = str(exc.value)
    assert "plans.csv:3" in message and "indicators_file" in message and "relative to the raw data folder" in message


def test_a_link_out_of_the_raw_folder_is_refused(data_copy, tmp_path):
    from shanxi_analysis.core.errors import DataError
    from shanxi_analysis.data import clear_caches
    from shanxi_analysis.data.plans import list_plans

    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    os.symlink(outside, data_copy / "raw" / "linked.txt")
    edit_cell(data_copy / "raw" / "plans.csv", 2, "source_file", "linked.txt", signed=False)
    clear_caches()
    with pytest.raises(DataError) as exc:
        list_plans(data_copy)
    assert "plans.csv:2" in str(exc.value) and "source_file" in str(exc.value) and "resolves outside" in str(exc.value)


def test_validate_reports_the_path_escape(cli, data_copy):
    edit_cell(data_copy / "raw" / "plans.csv", 3, "source_file", "/etc/passwd")
    code, out, err = cli("validate", data_dir=data_copy)
    assert code != 0
    assert "plans.csv:3" in out + err and "source_file" in out + err and "/etc/passwd" in out + err


# --- in a real browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_no_planted_script_runs_in_the_exported_pages(data_copy, monkeypatch, tmp_path, browser):
    """The review and tracker pages, executed and exported from planted data, opened in Chromium:
    the markup shows as text and ``window.__pwned`` stays undefined (a page with the markup left
    unescaped, the control, does set it)."""
    from shanxi_analysis.data import clear_caches
    from shanxi_analysis.report.runner import run

    _plant_all(data_copy / "raw")
    monkeypatch.setenv("SHANXI_DATA_DIR", str(data_copy))  # the kernels inherit it
    clear_caches()
    out = tmp_path / "reports"
    run(out=out, lang="both", only=["1", "2"], echo=lambda m: None, kernels="fresh")
    pages = sorted(p for p in (out / "html").glob("*.html") if not p.name.startswith("glossary."))  # no data there
    assert len(pages) == 4
    control = tmp_path / "control.html"
    control.write_text(f"<!doctype html><html><body>{payload('control')}</body></html>", encoding="utf-8")
    context = browser.new_context()
    try:
        pg = context.new_page()
        pg.goto(control.as_uri())
        pg.wait_for_load_state("load")
        pg.wait_for_function("() => window.__pwned === 1", timeout=10_000)  # the detector works
        for page in pages:
            pg.goto(page.as_uri())
            pg.wait_for_load_state("load")
            pg.wait_for_timeout(300)  # let a failed image fire its onerror
            assert pg.evaluate("typeof window.__pwned") == "undefined", page.name
            if page.name.endswith(".en.html"):
                assert SCRIPT in pg.inner_text("body"), page.name  # shown as text
    finally:
        context.close()

"""The plan dashboard (``shanxi dashboard``, Voila) and the what-if app in a real browser: both
languages, the as-of selector changing the verdicts, an indicator without data, the layout at
390 px, and a slider key press repainting the readout and chart (JupyterLab and Voila; how long that
takes is measured by `make bench`, bench/browser_latency.py, not asserted here).  The session's
Chromium, Voila server and JupyterLab server (tests/conftest.py); screenshots in
reports/screenshots/."""

from __future__ import annotations

import re

import pytest

from browser import LAB_TOKEN, SCREENSHOTS, open_whatif_in_jupyterlab, slider_latencies
from fitted import assessment

pytestmark = [pytest.mark.browser, pytest.mark.server]


def _new_page(browser, width=1366, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return pg


@pytest.fixture
def page(browser):
    pg = _new_page(browser)
    yield pg
    pg.context.close()


def _open(pg, url):
    pg.goto(url)
    pg.locator(".scenario-readout").wait_for(state="visible", timeout=120_000)


def _shot(pg, name):
    """A screenshot of the whole page: Voila scrolls inside #rendered_cells, so the viewport is
    made as tall as its content first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    size = pg.viewport_size
    height = pg.evaluate(
        "() => { const c = document.querySelector('#rendered_cells'); return c ? c.scrollHeight : "
        "document.body.scrollHeight; }"
    )
    pg.set_viewport_size({"width": size["width"], "height": max(size["height"], int(height) + 40)})
    pg.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    pg.set_viewport_size(size)


# Text the reader sees in the page's language: elements marked with another language (the
# 中文 | English switch, a quoted phrase of the plan) are left out, as the language scan does.
VISIBLE_TEXT = """(lang) => {
  const root = document.querySelector('.shanxi-dashboard').cloneNode(true);
  root.querySelectorAll('[lang]').forEach(el => { if (!el.lang.startsWith(lang)) el.remove(); });
  root.querySelectorAll('style').forEach(el => el.remove());
  return root.textContent;
}"""
LATIN_ON_ZH = re.compile(r"\b(?!(?:GDP|PM2\.5|CO2|R&D|CSV|Excel|PNG|5G)\b)[A-Za-z]{3,}")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _statuses(pg) -> dict[str, str]:
    rows = pg.locator("table.dash-verdicts tbody tr")
    return {r.get_attribute("data-no"): r.get_attribute("data-status") for r in rows.all()}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_dashboard_in_each_language_with_the_as_of_selector(browser, dashboard_url, lang):
    from shanxi_analysis.report.messages import say, status_label, t

    pg = _new_page(browser)
    try:
        _open(pg, f"{dashboard_url}?lang={lang}")
        # one product title, in the tab and on the page; the page's language on <html>
        assert pg.title() == say("widget.title", lang)
        assert pg.locator("h1").all_inner_texts() == [say("widget.title", lang)]
        assert pg.get_attribute("html", "lang") == ("zh-CN" if lang == "zh" else "en")
        assert pg.locator(".jp-InputArea:visible, .jp-InputPrompt:visible, .jp-OutputPrompt:visible").count() == 0
        assert pg.errors == [], pg.errors
        assert pg.locator(".scenario-svg").count() == 1 and pg.locator("#rendered_cells img").count() == 0  # one chart
        # human column names in the page's language
        headers = pg.locator("table.dash-verdicts").first.locator("th").all_inner_texts()
        assert headers == [t(f"widget.col.{c}", lang) for c in ("no", "indicator", "target", "latest", "status")]
        # the latest year's verdicts, as the tracker gives them
        latest = assessment(14).table.set_index("no")
        shown = _statuses(pg)
        assert shown == latest["status"].to_dict()
        assert status_label(latest.loc["1", "status"], lang) in pg.locator("tr[data-no='1']").first.inner_text()
        # nothing of the other language outside elements marked with it
        text = pg.evaluate(VISIBLE_TEXT, lang)
        if lang == "zh":
            assert not LATIN_ON_ZH.findall(text), LATIN_ON_ZH.findall(text)[:10]
        else:
            assert not CJK.findall(text), re.findall(r".{0,20}[\u4e00-\u9fff]+.{0,20}", text)[:10]
        _shot(pg, f"dashboard.{lang}")

        # the as-of selector: 2021..2025 and the latest; 2023 shows that year's verdicts
        selector = pg.locator(".shanxi-dashboard select").first
        options = [
            o.replace("\xa0", " ") for o in selector.locator("option").all_inner_texts()
        ]  # ipywidgets: no-break spaces
        assert (
            options[1:] == ["2021", "2022", "2023", "2024", "2025"]
            and say("widget.as_of_latest", lang, year=2025) == options[0]
        )
        selector.select_option(label="2023")
        pg.locator("table.dash-verdicts[data-as-of='2023']").first.wait_for(timeout=60_000)
        then = assessment(14, as_of=2023).table.set_index("no")["status"].to_dict()
        assert _statuses(pg) == then
        assert then != latest["status"].to_dict() and _statuses(pg)["1"] == "unlikely"  # GDP: out of reach as of 2023
        _shot(pg, f"dashboard.{lang}.2023")

        # the switch goes to the same page in the other language (the same as-of year)
        other = "en" if lang == "zh" else "zh"
        pg.locator(f"a.dash-lang[hreflang='{other}']").click()
        pg.wait_for_url(re.compile(rf"lang={other}"))
        pg.locator("table.dash-verdicts[data-as-of='2023']").first.wait_for(timeout=120_000)
        assert pg.title() == say("widget.title", other)
    finally:
        pg.context.close()


def test_whatif_on_an_indicator_without_data(browser, dashboard_url):
    """Industry's share of GDP (4) has no observation after 2020: nothing preset, no verdict, no
    scenario line, a preset says why it has nothing; a path the user sets is an assumption."""
    from shanxi_analysis.models.scenario import ScenarioModel, open_as_of

    pg = _new_page(browser)
    try:
        _open(pg, f"{dashboard_url}?lang=en")
        app = pg.locator(".scenario-app")
        labels = [o.replace("\xa0", " ") for o in app.locator("select option").all_inner_texts()]
        app.locator("select").select_option(index=next(i for i, o in enumerate(labels) if o.startswith("4 ")))
        note = app.locator(".scenario-note")
        note.first.wait_for(timeout=30_000)
        assert "No observation since 2020" in note.first.inner_text()
        assert app.locator(".scenario-verdict").count() == 0
        assert app.locator(".chart-scenario, .chart-required").count() == 0  # no path drawn to the target
        model = ScenarioModel(14, open_as_of())
        years = model.remaining_years("4")
        assert app.locator(".widget-readout").all_inner_texts() == ["0.0"] * len(years)  # not at the required pace
        _shot(pg, "whatif.no-data.before")

        app.locator(".jupyter-button").get_by_text("baseline", exact=True).click()
        pg.wait_for_function("() => document.querySelector('.scenario-no-preset') !== null", timeout=30_000)
        assert "No baseline preset" in app.locator(".scenario-no-preset").inner_text()
        assert (
            app.locator(".scenario-verdict").count() == 0
            and app.locator(".chart-scenario, .chart-required").count() == 0
        )

        handle = app.locator(".widget-slider .noUi-handle").first
        handle.focus()
        handle.press("ArrowRight")
        verdict = app.locator(".scenario-verdict")
        verdict.wait_for(timeout=30_000)
        steps = [float(x) for x in app.locator(".widget-readout").all_inner_texts()]
        expected = model.run(model.custom("x", "4", steps)).table.iloc[0]
        assert expected["assumption_only"]
        pg.wait_for_function(
            "v => document.querySelector('.scenario-value').innerText === v",
            arg=f"{expected['value_at_target']:.2f}",
            timeout=30_000,
        )
        words = "would meet the target" if expected["met"] else "would miss the target"
        assert verdict.inner_text().startswith("assumed path:") and words in verdict.inner_text()
        assert "scenario-assumption" in verdict.get_attribute("class")
        # the readout and the chart are two widgets, written one after the other: wait for the chart too
        app.locator(".chart-scenario").wait_for(timeout=30_000)
        assert app.locator(".chart-scenario").count() == 1 and app.locator(".chart-required").count() == 0
        assert "assumed path" in app.locator(".scenario-legend").inner_text()
        assert pg.errors == [], pg.errors
        _shot(pg, "whatif.no-data.assumed")
    finally:
        pg.context.close()


def test_dashboard_at_390_px(browser, dashboard_url):
    pg = _new_page(browser, width=390, height=844)
    try:
        _open(pg, f"{dashboard_url}?lang=en")  # English labels are the longer ones
        pg.locator(".scenario-app").scroll_into_view_if_needed()
        buttons = pg.evaluate("""() => Array.from(document.querySelectorAll('.scenario-app .jupyter-button')).map(b => {
            const r = b.getBoundingClientRect(); return {text: b.innerText, scroll: b.scrollWidth, client: b.clientWidth, left: r.left, right: r.right}; })""")  # noqa: E501 - JavaScript run in the page
        assert [b["text"] for b in buttons] == ["baseline", "optimistic", "pessimistic", "required"]
        for b in buttons:  # the whole label shows, inside the screen
            assert b["scroll"] <= b["client"] and b["left"] >= 0 and b["right"] <= 390, b
        # nothing wider than the screen: the page does not scroll sideways, the verdict column shows
        overflow = pg.evaluate(
            "() => { const c = document.querySelector('#rendered_cells'); return [c.scrollWidth, c.clientWidth]; }"
        )
        assert overflow[0] <= overflow[1], overflow
        right = pg.evaluate("""() => Math.max(...Array.from(document.querySelectorAll('table.dash-verdicts .dash-status'))
                                                    .map(s => s.getBoundingClientRect().right))""")  # noqa: E501 - JavaScript run in the page
        assert right <= 390, right
        svg = pg.evaluate("() => document.querySelector('.scenario-svg').getBoundingClientRect().width")
        assert 250 <= svg <= 390, svg
        assert pg.errors == [], pg.errors
        _shot(pg, "dashboard.390")
    finally:
        pg.context.close()


def _repaints(pg, where: str) -> None:
    """Each key press on the first slider changes the readout and the chart, and the page repaints
    (the timing of the same measurement is `make bench`'s, bench/browser_latency.py)."""
    presses = 3
    assert len(slider_latencies(pg, presses, warmup=0)) == presses, where


def test_a_key_press_repaints_the_readout_and_chart_in_voila(browser, dashboard_url):
    pg = _new_page(browser)
    try:
        _open(pg, f"{dashboard_url}?lang=zh")
        _repaints(pg, "Voila")
    finally:
        pg.context.close()


def test_scenario_dashboard_in_voila(page, dashboard_url):
    """The what-if app of the dashboard, driven as a reader would (default page: English)."""
    _open(page, dashboard_url)
    before, after = _drive_scenario_app(page, "voila")
    assert before != after
    assert page.locator(".jp-CodeCell .jp-InputArea:visible, .jp-InputPrompt:visible").count() == 0  # no code


# --- JupyterLab: the what-if notebook, run once for the module ---------------------------------


@pytest.fixture(scope="module")
def lab_page(browser, jupyterlab):
    pg = _new_page(browser, width=1280)
    open_whatif_in_jupyterlab(pg, f"{jupyterlab.url}/lab/tree/whatif/4_what_if_scenarios.ipynb?token={LAB_TOKEN}")
    yield pg
    pg.context.close()


def test_scenario_sliders_in_jupyterlab(lab_page):
    before, after = _drive_scenario_app(lab_page, "jupyterlab")
    assert before != after


def test_a_key_press_repaints_the_readout_and_chart_in_jupyterlab(lab_page):
    _repaints(lab_page, "JupyterLab")


def _expected(indicator, steps):
    from shanxi_analysis.models.scenario import ScenarioModel, open_as_of

    model = ScenarioModel(14, open_as_of())
    return model.run(model.custom("x", indicator, steps)).table.iloc[0]


def _drive_scenario_app(pg, name):
    """Move the first slider with the keyboard, then press the 'required' preset, checking the
    readout against the models each time."""
    from shanxi_analysis.models.scenario import ScenarioModel, open_as_of
    from shanxi_analysis.report.widgets import verdict_word

    readout = pg.locator(".scenario-readout")
    readout.wait_for(state="visible", timeout=120_000)
    value = pg.locator(".scenario-value")
    before = value.inner_text()
    _shot(pg, f"{name}-before")
    handle = pg.locator(".scenario-app .widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(10):
        handle.press("ArrowRight")
    pg.wait_for_function("b => document.querySelector('.scenario-value').innerText !== b", arg=before, timeout=30_000)
    steps = [float(x) for x in pg.locator(".scenario-app .widget-slider .widget-readout").all_inner_texts()]
    expected = _expected("1", steps)  # wait until the readout reflects the final slider positions
    pg.wait_for_function(
        "v => document.querySelector('.scenario-value').innerText === v",
        arg=f"{expected['value_at_target']:.2f}",
        timeout=30_000,
    )
    assert pg.locator(".scenario-verdict").inner_text() == ("met" if expected["met"] else "missed")
    model = ScenarioModel(14, open_as_of())
    required = model.run(model.preset("required")).table.set_index("no").loc["1"]
    # at the strict ">8" the required pace reaches 8.00: the readout says it is at the bound
    verdict = verdict_word(required, "en")
    pg.locator(".scenario-app .jupyter-button").get_by_text("required", exact=True).click()
    pg.wait_for_function(  # the preset's path drawn: its value, then its verdict
        "v => document.querySelector('.scenario-value').innerText === v",
        arg=f"{required['value_at_target']:.2f}",
        timeout=30_000,
    )
    assert pg.locator(".scenario-verdict").inner_text() == verdict
    _shot(pg, f"{name}-after")
    return before, value.inner_text()

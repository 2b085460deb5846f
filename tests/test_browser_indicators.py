"""The indicator pages in Chromium (issue 19): every plan row's page opens in both languages
without a console error, and a reader reaches one from a table row and from the heat map."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return context, pg


def test_every_indicator_has_a_page_in_both_languages(reports, browser):
    from shanxi_analysis.data.plans import load_targets
    from shanxi_analysis.models.dossier import plans_with_rows
    from shanxi_analysis.report.indicator_pages import indicator_file

    folder = reports / "html" / "indicators"
    context, pg = _page(browser)
    try:
        for plan in plans_with_rows():
            for no in load_targets(plan)["no"]:
                for lang, html_lang in (("zh", "zh-CN"), ("en", "en")):
                    path = folder / indicator_file(plan, no, lang)
                    assert path.is_file(), path.name
                    pg.goto(path.as_uri(), wait_until="load")
                    assert pg.get_attribute("html", "lang") == html_lang
                    assert pg.inner_text("h1").startswith(f"{no} "), path.name
                    assert pg.errors == [], (path.name, pg.errors)
    finally:
        context.close()


def test_a_table_row_and_a_heat_map_row_lead_to_their_page(reports, browser):
    context, pg = _page(browser)
    try:
        for lang in ("en", "zh"):
            tracker = (reports / "html" / f"2_tracker_14th_plan.{lang}.html").as_uri()
            pg.goto(tracker, wait_until="load")
            pg.locator("table a.indicator-link").first.click()
            pg.wait_for_load_state("load")
            assert pg.url.endswith(f"/html/indicators/shanxi-14.1.{lang}.html")
            assert pg.locator("svg.indicator-chart").count() == 1
            pg.goto(tracker, wait_until="load")
            link = pg.locator(".row-links a.indicator-link").first
            href = link.get_attribute("href")
            link.click()
            pg.wait_for_load_state("load")
            assert pg.url.endswith("/html/" + href) and pg.errors == []
            pg.locator(".site-bar .site-lang a").first.click()  # the same indicator in the other language
            pg.wait_for_load_state("load")
            assert pg.url.endswith(href.replace(f".{lang}.html", f".{'zh' if lang == 'en' else 'en'}.html"))
    finally:
        context.close()

"""Proof in a real browser: the briefings as readers see them, driven by Playwright in Debian's
Chromium (the what-if app in JupyterLab and the Voila dashboard: test_browser_dashboard.py)."""

import re

import pytest

from fitted import assessment

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def test_briefings_in_the_browser(reports, page):

    review = assessment(13).counts()
    for html in sorted((reports / "html").glob("*.html")):
        page.errors.clear()
        page.goto(html.as_uri())
        page.wait_for_load_state("load")
        assert page.errors == [], (html.name, page.errors)
        widths = page.evaluate("Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)")
        # the 15th plans: tables and sentences; the glossary: definitions
        tables_only = html.name.startswith(("6_fifteenth_plan", "glossary."))
        assert (widths or tables_only) and all(w > 0 for w in widths), (html.name, widths)
        assert page.locator(".jp-InputArea:visible, .jp-InputPrompt:visible").count() == 0, html.name
        text = page.inner_text("body")
        if html.name.endswith(".zh.html"):
            assert re.search(r"[\u4e00-\u9fff]{4,}", text) and page.get_attribute("html", "lang") == "zh-CN"
        if html.name == "1_review_13th_plan.en.html":
            assert f"{review['achieved']} achieved" in text and "missed" in text
        if html.name == "5_briefing.zh.html":
            assert f"已实现{review['achieved']}项" in text and "数据说明" in text
        # screenshots of every page at 1366 and 390 px: tests/test_site.py

"""The briefing printed (issue 19): Chromium prints each language's briefing to an A4 PDF
(Playwright's page.pdf, as "Save as PDF" does), read back with pypdf: every page carries the
running title with the as-of year and its page number ("3 / 12"); no number shown on the page is
split across lines ("32,44 / 1"); a link in the text prints its address, a table's citation its
address in a numbered note under the table; no page is near-empty
(text or a chart on each)."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from shanxi_analysis.report.messages import say
from shanxi_analysis.report.runner.site import product_name

# the numbers a reader would quote: thousands separated, or with decimals
NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\d.,])\d+\.\d+(?![\d.])")


def _printed(browser, path):
    """(the page's visible text, the PDF's pages as text (NFKC: the PDF's CJK glyphs read as the
    page's characters), and whether each page draws an image)."""
    import pypdf

    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        pg = context.new_page()
        pg.goto(path.as_uri())
        pg.wait_for_load_state("load")
        pg.emulate_media(media="print")
        shown = pg.evaluate("() => document.querySelector('main').innerText")
        links = pg.evaluate(
            "() => [...document.querySelectorAll('main a[href^=\"http\"]')].filter(a => !a.closest('td'))"
            ".map(a => a.getAttribute('href'))"
        )
        cited = pg.evaluate("() => [...document.querySelectorAll('td .citation a[href]')].map(a => a.href)")
        pdf = pg.pdf(format="A4", print_background=True)
    finally:
        context.close()
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [unicodedata.normalize("NFKC", p.extract_text()) for p in reader.pages]
    images = [bool(p.images) for p in reader.pages]
    return shown, links + cited, pages, images


@pytest.mark.browser
@pytest.mark.parametrize("lang", ("zh", "en"))
def test_the_briefing_prints_whole_numbers_titles_page_numbers_and_link_targets(reports, browser, lang):
    shown, links, pages, images = _printed(browser, reports / "html" / f"5_briefing.{lang}.html")
    n = len(pages)
    assert 2 <= n <= 16, n  # the briefing, not 30 pages of a squeezed table
    title = say(
        "site.print_header", lang, product=product_name(lang), page=say("site.page.5_briefing", lang), year=2025
    )
    for i, text in enumerate(pages, 1):
        assert title in text, (i, text[:200])  # running title with the as-of year
        assert f"{i} / {n}" in text, (i, text[:200])  # page numbers
    printed = "\n".join(pages)
    numbers = set(NUMBER.findall(shown))
    assert len(numbers) > 50
    split = [x for x in numbers if x not in printed]
    assert split == [], split[:10]  # every number whole on one line
    assert "github.com/" in printed  # a table's citation prints its outlet
    flat = re.sub(r"\s+", "", printed)
    for address in links:  # a link in the text prints where it leads; a table's citation in a note under it
        assert f"<{address}>" in flat or re.sub(r"\s+", "", address) in flat, address
    header = len(title) + 12
    for i, (text, image) in enumerate(zip(pages[:-1], images[:-1], strict=True), 1):
        assert image or len(text) > header + 300, (i, text)  # no near-empty page

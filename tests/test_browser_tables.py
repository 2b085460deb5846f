"""Tables that keep the verdict in view (issue 19), in Chromium over the session's `shanxi run`:
the status column sits beside the indicator's name and is on screen without scrolling at 1366 px;
a table wider than its box says so (the scroll cue); on a phone (390 px) a wide table's rows are
cards and every status is on screen; the columns sort; the "hide rows without data" switch hides
exactly the rows whose status says so.  All from the page's own script (no library, no CDN)."""

from __future__ import annotations

import pytest

from shanxi_analysis.report.messages import say

PAGES = ("1_review_13th_plan", "2_tracker_14th_plan", "5_briefing")

# every table with a status column: where its header and cells are, with the box unscrolled
STATUS = """(word) => {
  const vw = document.documentElement.clientWidth, out = [];
  for (const block of document.querySelectorAll('.table-block')) {
    const table = block.querySelector('table'), box = block.querySelector('.table-scroll');
    const heads = [...table.tHead.rows[table.tHead.rows.length - 1].cells];
    const j = heads.findIndex(th => th.textContent.replace(/[\\u2195\\u2191\\u2193]/g, '').trim() === word);
    if (j < 0) continue;
    box.scrollLeft = 0;
    const b = box.getBoundingClientRect();
    const cells = [...table.tBodies[0].rows].map(tr => tr.cells[j].getBoundingClientRect());
    out.push({cards: block.classList.contains('cards'), scrolls: block.classList.contains('scrolls'),
              cue: getComputedStyle(block.querySelector('.table-scroll-cue')).display !== 'none',
              wide: box.scrollWidth > box.clientWidth + 1, boxRight: b.right, vw,
              cells: cells.map(r => [r.left, r.right, r.width])});
  }
  return out;
}"""


def _context(browser, width):
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900}, is_mobile=phone, has_touch=phone
    )
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return context, pg


@pytest.mark.browser
@pytest.mark.parametrize("width", (1366, 390))
def test_the_status_is_on_screen_without_scrolling(reports, browser, width):
    context, pg = _context(browser, width)
    try:
        for name in PAGES:
            for lang in ("zh", "en"):
                path = reports / "html" / f"{name}.{lang}.html"
                pg.goto(path.as_uri())
                pg.wait_for_load_state("load")
                tables = pg.evaluate(STATUS, say("page.col.status", lang))
                where = f"{path.name} at {width} px"
                assert tables, where
                assert pg.errors == [], (where, pg.errors)
                for t in tables:
                    for left, right, w in t["cells"]:  # every row's status, in the box and on screen
                        assert w > 0 and left >= -1 and right <= min(t["boxRight"], t["vw"]) + 1, (where, t)
                    assert t["scrolls"] == t["cue"], (where, t)  # the cue shows exactly when it scrolls
                    assert t["wide"] == t["scrolls"], (where, t)  # a wider table says so
                    if width == 390:
                        assert not t["scrolls"], (where, t)  # a phone reads a wide table as cards
    finally:
        context.close()


@pytest.mark.browser
def test_columns_sort_and_rows_without_data_hide(reports, browser):
    context, pg = _context(browser, 1366)
    try:
        for lang in ("zh", "en"):
            pg.goto((reports / "html" / f"2_tracker_14th_plan.{lang}.html").as_uri())
            pg.wait_for_load_state("load")
            block = pg.locator(".table-block[data-empty]").first
            table = block.locator("table")
            rows = table.locator("tbody tr")

            def first(rows=rows):
                return rows.first.locator("td").first.inner_text().strip()

            total = rows.count()
            assert first() == "1"
            number = table.locator("thead th").first
            number.click()  # ascending: as printed
            assert first() == "1" and number.get_attribute("aria-sort") == "ascending"
            number.click()
            assert first() != "1" and number.get_attribute("aria-sort") == "descending"
            number.click()
            assert first() == "1"
            no_data = say("status.no_data", lang)
            empty = pg.evaluate(
                "([b, w]) => [...b.querySelectorAll('tbody tr')].filter(tr => [...tr.cells].some("
                "c => c.textContent.trim() === w)).length",
                [block.element_handle(), no_data],
            )
            assert 0 < empty < total
            switch = block.locator(".table-hide-empty input")
            assert say("site.hide_empty", lang) in block.locator(".table-hide-empty").inner_text()
            switch.check()
            shown = table.locator("tbody tr:visible")
            assert shown.count() == total - empty
            assert no_data not in shown.all_inner_texts()[0] and all(
                no_data not in t.split("\t") for t in shown.all_inner_texts()
            )
            switch.uncheck()
            assert table.locator("tbody tr:visible").count() == total
            assert pg.errors == [], pg.errors
    finally:
        context.close()

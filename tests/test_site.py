"""The briefing site as a reader meets it: an index per language, a header bar on every page
(contents, previous / next, 中文 | English), pages that fit a phone, CSV and Excel downloads of every
table that hold what the table shows, and a print view without the navigation.

The browser tests drive Debian's Chromium through Playwright over the session's `shanxi run`
(the ``reports`` fixture: built once), one browser for the module; screenshots of every page at
1366 and 390 px go to reports/screenshots/<page>.<lang>.<width>.png."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from browser import SCREENSHOTS

WIDTHS = (1366, 390)
NAMES = (
    "1_review_13th_plan",
    "2_tracker_14th_plan",
    "3_forecasts",
    "4_what_if_scenarios",
    "5_briefing",
    "6_fifteenth_plan",
)


# --------------------------------------------------------------------------------------------
# without a browser: the files, the names, the words


def _frame():
    import pandas as pd

    return pd.DataFrame(
        {
            "序号": ["1", "2", "3"],
            "名称": ['=HYPERLINK("http://evil")', "@SUM(1)", "-"],
            "值": [1234.5678, float("nan"), -3.2],
            "个数": [3, 4, 5],
            "达标": [True, False, True],
        }
    )


def test_downloads_hold_numbers_as_numbers_and_run_no_formula():
    """A displayed frame without a data version: its number columns stay numbers (full precision,
    plain in the CSV), the page's "—" is an empty cell, and only text a spreadsheet would run gets
    the guard quote."""
    import openpyxl
    import pandas as pd

    from shanxi_analysis.report.downloads import csv_bytes, file_frame, xlsx_bytes

    shown = _frame().assign(说明=["—", "-", "文字"])
    frame = file_frame(shown)
    csv = pd.read_csv(io.BytesIO(csv_bytes(frame)), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert list(csv.columns) == ["序号", "名称", "值", "个数", "达标", "说明"]
    assert list(csv["名称"]) == ['\'=HYPERLINK("http://evil")', "'@SUM(1)", "-"]  # a lone '-' is no formula
    assert list(csv["值"]) == ["1234.5678", "", "-3.2"]  # plain numbers; missing stays empty, never filled
    assert list(csv["说明"]) == ["", "-", "文字"]  # the page's "—" is a missing cell
    typed = pd.read_csv(io.BytesIO(csv_bytes(frame)), encoding="utf-8-sig")
    assert typed["值"].dtype.kind == "f" and typed["个数"].dtype.kind == "i"
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, "表格"))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["序号", "名称", "值", "个数", "达标", "说明"]
    assert [r[1] for r in rows[1:]] == ['\'=HYPERLINK("http://evil")', "'@SUM(1)", "-"]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formula anywhere
    assert [r[2] for r in rows[1:]] == [1234.5678, None, -3.2] and [r[3] for r in rows[1:]] == [3, 4, 5]
    assert sheet["C2"].number_format == "#,##0.00##" and sheet["D2"].number_format == "0"
    # the same bytes every time: pages stay reproducible
    assert xlsx_bytes(frame, "表格") == xlsx_bytes(file_frame(shown), "表格")


def test_a_header_from_data_is_neutralised_too():
    from shanxi_analysis.report.downloads import csv_bytes, file_frame

    frame = file_frame(_frame().rename(columns={"名称": "=cmd|' /C calc'!A0"}))
    assert csv_bytes(frame).decode("utf-8-sig").splitlines()[0].split(",")[1] == "'=cmd|' /C calc'!A0"


def test_context_table_cells_become_the_text_shown_with_their_addresses():
    import pandas as pd

    from shanxi_analysis.report.downloads import file_frame

    cells = pd.DataFrame(
        {
            "指标": ["R&amp;D &lt;b&gt;"],
            "来源": [
                '<a href="https://example.org/a?x=1&amp;y=2" rel="noopener">《<cite>公报</cite>》</a>'
                " · 全国 <code>github:owner/repo:file.csv</code>"
            ],
        }
    )
    frame = file_frame(cells, cells_are_html=True)
    assert frame.iloc[0, 0] == "R&D <b>"
    assert frame.iloc[0, 1] == "《公报》 (https://example.org/a?x=1&y=2) · 全国 github:owner/repo:file.csv"
    assert frame.attrs["links"] == {(0, 1): "https://example.org/a?x=1&y=2"}  # clickable in Excel


def test_run_facts_in_words():
    from shanxi_analysis.data.plans import load_targets
    from shanxi_analysis.report.runner import plan_jobs, run_facts

    jobs = plan_jobs(as_of=2025, lang="both")
    names = load_targets().set_index("no").loc["1"]
    day = dt.date(2026, 11, 29)
    assert run_facts(jobs, 2025, "en", day) == (
        f"Data as of 2025; run on 29 November 2026; all indicators; "
        f"scenario: baseline; what-if chart: 1 {names['name_en']}"
    )
    assert (
        run_facts(jobs, 2025, "zh", day)
        == f"数据截至2025年；2026年11月29日生成；全部指标；情景：基准；情景图示指标：1 {names['name_zh']}"
    )
    some = plan_jobs(as_of=2023, lang="en", only=["2"], indicators=["1", "7"])
    assert run_facts(some, 2023, "en", day) == "Data as of 2023; run on 29 November 2026; indicators 1, 7"


def _export(out: Path, name: str, lang: str, body: str = "a page") -> Path:
    import nbformat

    from shanxi_analysis.report import runner

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {body}")]
    executed = out / f"{name}.{lang}.ipynb"
    nbformat.write(nb, executed)
    return runner.export_html(executed, runner.Job(name, lang, {}), out)


def test_bars_link_only_to_pages_that_exist_and_are_refreshed(tmp_path):
    from shanxi_analysis.report import runner

    first = _export(tmp_path, NAMES[0], "en")
    html = first.read_text(encoding="utf-8")
    assert "<title>13th plan review · Shanxi five-year plan tracker</title>" in html
    assert 'href="../index.en.html" rel="index"' in html and 'rel="next"' not in html and 'rel="prev"' not in html
    assert 'aria-disabled="true">中文<' in html  # no Chinese page: the switch says so, links nowhere
    _export(tmp_path, NAMES[1], "en")
    _export(tmp_path, NAMES[0], "zh")
    assert f'href="{NAMES[0]}.en.html" rel="prev"' in (tmp_path / "html" / f"{NAMES[1]}.en.html").read_text(
        encoding="utf-8"
    )
    index = runner.write_index([runner.Job(NAMES[1], "en", {"as_of_year": 2025})], tmp_path, 2025)
    assert index.name == "index.en.html"
    html = first.read_text(encoding="utf-8")  # refreshed: the pages written after it are linked now
    assert f'href="{NAMES[1]}.en.html" rel="next"' in html and f'href="{NAMES[0]}.zh.html">中文<' in html
    zh_index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert f'href="html/{NAMES[0]}.zh.html"' in zh_index
    assert f'href="html/{NAMES[1]}.en.html"' in zh_index and "仅有英文版" in zh_index  # said, not hidden
    assert 'href="index.en.html"' in zh_index and '<html lang="zh-CN">' in zh_index


def test_data_in_headings_and_file_names_is_escaped(tmp_path):
    from shanxi_analysis.report import runner

    body = (
        '<h2 id="x">&lt;script&gt;alert(1)&lt;/script&gt; "q"<a class="anchor-link" href="#x">¶</a></h2>'
        '<a class="table-download" data-format="csv" href="data:text/csv;base64,eA==" download="表格.csv" '
        'title="t">CSV</a>'
    )
    named = runner.name_downloads(body, NAMES[4], "en")
    assert 'download="Briefing - script alert(1) script q.csv"' in named
    assert "<script" not in named


# --------------------------------------------------------------------------------------------
# in the browser


def _context(browser, width: int):
    """A desktop at 1366 px; at 390 px a phone (its meta viewport honoured, touch).  One device
    pixel per CSS pixel: the same layout, and full-page screenshots a quarter of the cost."""
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900},
        is_mobile=phone,
        has_touch=phone,
        accept_downloads=True,
    )
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    return context, pg


def _pages(reports: Path) -> list[tuple[str, str, Path]]:
    """(page, language, file) for the indexes and every page."""
    out = [("index", "zh", reports / "index.html"), ("index", "en", reports / "index.en.html")]
    return out + [(n, lang, reports / "html" / f"{n}.{lang}.html") for n in NAMES for lang in ("zh", "en")]


def _open(pg, path: Path) -> None:
    pg.errors.clear()
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    assert pg.errors == [], (path.name, pg.errors)


@pytest.mark.browser
def test_index_to_page_to_the_other_language_and_back(reports, browser):
    from shanxi_analysis.report.messages import say
    from shanxi_analysis.report.runner.site import product_name

    context, pg = _context(browser, 1366)
    try:
        _open(pg, reports / "index.html")
        assert pg.get_attribute("html", "lang") == "zh-CN" and pg.title() == product_name("zh")
        facts = pg.inner_text(".site-facts")
        assert "数据截至2025年" in facts and "{" not in facts and "'" not in facts  # words, not a dict
        items = pg.locator(".site-pages:not(.indicator-lists) > li")  # the pages (then the indicator lists)
        assert items.count() == len(NAMES)
        for i, name in enumerate(NAMES):  # a title and the question it answers, in Chinese
            assert items.nth(i).locator("a").inner_text() == say(f"site.page.{name}", "zh")
            assert re.search(r"[\u4e00-\u9fff]{6,}", items.nth(i).locator("p").inner_text())
        items.nth(1).locator("a").click()
        pg.wait_for_load_state("load")
        assert pg.url.endswith("/html/2_tracker_14th_plan.zh.html")
        assert pg.title() == f"{say('site.page.2_tracker_14th_plan', 'zh')} · {product_name('zh')}"
        pg.locator(".site-bar .site-lang a", has_text="English").click()
        pg.wait_for_load_state("load")
        assert pg.url.endswith("/html/2_tracker_14th_plan.en.html") and pg.get_attribute("html", "lang") == "en"
        assert pg.title() == "14th plan tracker · Shanxi five-year plan tracker"
        pg.locator(".site-bar nav a[rel=next]").click()
        pg.wait_for_load_state("load")
        assert pg.url.endswith("/html/3_forecasts.en.html")
        pg.locator(".site-bar nav a[rel=prev]").click()
        pg.wait_for_load_state("load")
        assert pg.url.endswith("/html/2_tracker_14th_plan.en.html")
        pg.locator(".site-bar nav a[rel=index]").click()
        pg.wait_for_load_state("load")
        assert pg.url.endswith("/index.en.html") and pg.get_attribute("html", "lang") == "en"
        assert "Data as of 2025" in pg.inner_text(".site-facts")
        pg.locator(".site-bar .site-lang a", has_text="中文").click()
        pg.wait_for_load_state("load")
        assert pg.url.endswith("/index.html")
        # the chain of next links visits every page once, in the index's order, in each language
        for lang, index in (("zh", "index.html"), ("en", "index.en.html")):
            _open(pg, reports / index)
            pages = ".site-pages:not(.indicator-lists) a"
            order = [h.split("/")[-1] for h in pg.eval_on_selector_all(pages, "as => as.map(a => a.href)")]
            assert order == [f"{n}.{lang}.html" for n in NAMES]
            _open(pg, reports / "html" / order[0])
            seen = [order[0]]
            while pg.locator(".site-bar nav a[rel=next]").count():
                pg.locator(".site-bar nav a[rel=next]").click()
                pg.wait_for_load_state("load")
                seen.append(pg.url.split("/")[-1])
            assert seen == order
    finally:
        context.close()


# each page's layout, measured in the page: what sticks out of the viewport (outside a scrolling
# table box), the status column's header once its box is scrolled to it, header cells too narrow
# for two characters, text size, images
MEASURE = """(colours) => {
  const vw = document.documentElement.clientWidth;
  const out = {vw, pageWidth: document.documentElement.scrollWidth, stickingOut: [], status: [], narrowHeaders: [],
               bodyFont: parseFloat(getComputedStyle(document.querySelector('main p, main li') || document.body).fontSize),
               cellFont: 99, images: []};
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const box = el.closest('.table-scroll');
    if (box && box !== el) continue;
    if (r.right > vw + 1 || r.left < -1) out.stickingOut.push(el.tagName + '.' + el.className + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  }
  for (const td of document.querySelectorAll('.table-scroll td')) out.cellFont = Math.min(out.cellFont, parseFloat(getComputedStyle(td).fontSize));
  for (const th of document.querySelectorAll('.table-scroll th')) {
    const text = th.innerText.trim();
    const s = getComputedStyle(th);
    const inner = th.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
    if ([...text].length >= 2 && inner < 1.9 * parseFloat(s.fontSize)) out.narrowHeaders.push(text + ' ' + inner);
  }
  for (const table of document.querySelectorAll('.table-scroll table')) {
    const coloured = [...table.querySelectorAll('tbody td')].find(td => colours.includes(getComputedStyle(td).backgroundColor));
    if (!coloured) continue;
    const header = table.querySelector('thead tr:last-child').cells[coloured.cellIndex];
    const box = table.closest('.table-scroll');
    header.scrollIntoView({block: 'nearest', inline: 'nearest'});
    const h = header.getBoundingClientRect(), b = box.getBoundingClientRect();
    out.status.push({text: header.innerText.trim(), inBox: h.left >= b.left - 1 && h.right <= b.right + 1,
                     inView: h.left >= -1 && h.right <= vw + 1 && h.width > 0, visible: getComputedStyle(header).visibility === 'visible'});
    box.scrollLeft = 0;
  }
  for (const img of document.images) out.images.push([img.naturalWidth, img.getBoundingClientRect().right <= vw + 1]);
  window.scrollTo(0, 0);
  return out;
}"""  # noqa: E501 - JavaScript run in the page


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_fits_the_screen(reports, browser, width):
    from shanxi_analysis.report.colours import STATUS_COLORS

    colours = sorted({_rgb(c) for c in STATUS_COLORS.values()})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, pg = _context(browser, width)
    try:
        for name, lang, path in _pages(reports):
            _open(pg, path)
            m = pg.evaluate(MEASURE, colours)
            where = f"{path.name} at {width} px"
            assert m["vw"] == width, where  # laid out at the device's width (viewport meta), not a desktop's
            assert m["pageWidth"] <= width, where  # the page itself never scrolls sideways
            assert m["stickingOut"] == [], (where, m["stickingOut"][:5])
            assert m["bodyFont"] >= 15 and m["cellFont"] >= 12, (where, m["bodyFont"], m["cellFont"])
            assert m["narrowHeaders"] == [], (where, m["narrowHeaders"][:5])
            assert all(w > 0 and inside for w, inside in m["images"]), (where, m["images"])
            if name in ("1_review_13th_plan", "2_tracker_14th_plan"):
                assert m["status"], where  # the styled status table is there and was found
            for column in m["status"]:
                assert column["inBox"] and column["inView"] and column["visible"], (where, column)
            assert pg.locator(".site-bar").is_visible()
            pg.screenshot(path=str(SCREENSHOTS / f"{name}.{lang}.{width}.png"), full_page=True)
    finally:
        context.close()


# a table's cells as a reader sees them (a link's address after its text, as the files hold it)
CELLS = """(block) => {
  const text = el => { const c = el.cloneNode(true);
    c.querySelectorAll('a[href]').forEach(a => a.after(' (' + a.getAttribute('href') + ')'));
    return c.textContent.replace(/\\s+/g, ' ').trim(); };
  const table = block.querySelector('.table-scroll table');
  return {headers: [...table.querySelector('thead tr:last-child').cells].map(text),
          rows: [...table.querySelectorAll('tbody tr')].map(tr => [...tr.cells].map(text))};
}"""


# a cell that is one number, or a number and its year: "66.32", "6,834", "66.32 (2024)", "66.32(2024年)"
_SHOWN_NUMBER = re.compile(r"^(-?[\d,]*\.?\d+)(?: ?\((\d{4})年?\))?$")


def _code_headers() -> set[str]:
    """Columns of codes (a plan row "1" or "2a", a register id): text in the files, not numbers."""
    from shanxi_analysis.report.messages import CONTEXT_HEADER, say

    return {say(k, lang) for k in ("page.col.no", "page.col.id", "widget.col.no") for lang in ("zh", "en")} | set(
        CONTEXT_HEADER["no"]
    )


CODE_HEADERS = _code_headers()


def _numbers_shown(row: list[str]) -> list[tuple[float, float]]:
    """(number, half its last shown digit) of each cell that shows one number (and its year)."""
    found = []
    for cell in row:
        m = _SHOWN_NUMBER.match(cell)
        if m:
            shown = m.group(1).replace(",", "")
            decimals = len(shown.partition(".")[2])
            found.append((float(shown), 0.5 * 10**-decimals + 1e-9))
            if m.group(2):
                found.append((float(m.group(2)), 0.0))
    return found


def _held(shown: tuple[float, float], values: list) -> bool:
    """A number the page shows (rounded as printed) among a file row's numbers."""
    number, tolerance = shown
    return any(abs(number - v) <= tolerance for v in values)


@pytest.mark.browser
def test_downloads_open_as_data(reports, browser):
    """Every table's CSV and Excel files, downloaded in the browser: one file name per table, as many
    rows as the table, every number the page shows a number in the files (Excel number cells; CSV
    columns pandas reads as numbers), the year of "66.32 (2024)" in a column of its own, no "—",
    no guard quote on the real data."""
    import openpyxl
    import pandas as pd

    from shanxi_analysis.report.messages import say

    context, pg = _context(browser, 1366)
    checked = 0
    try:
        for name, lang, path in _pages(reports):
            if name == "index":
                continue
            _open(pg, path)
            blocks = pg.locator(".table-block")
            assert blocks.count() == pg.locator("table").count(), path.name  # every table has its downloads
            names = []
            for i in range(blocks.count()):
                if i and i % 4 == 0:  # Chromium stops a page's downloads after about ten: a fresh load
                    _open(pg, path)
                block = pg.locator(".table-block").nth(i)
                shown = block.evaluate(CELLS)
                files = {}
                for fmt in ("csv", "xlsx"):
                    link = block.locator(f".table-tools a[data-format={fmt}]")
                    assert link.is_visible()
                    with pg.expect_download() as info:
                        link.click()
                    download = info.value
                    title = say(f"site.page.{name}", lang)
                    assert download.suggested_filename.startswith(title) and download.suggested_filename.endswith(
                        f".{fmt}"
                    )
                    names.append(download.suggested_filename)
                    files[fmt] = Path(download.path()).read_bytes()
                where = f"{path.name} table {i + 1}"
                csv = pd.read_csv(io.BytesIO(files["csv"]), encoding="utf-8-sig")
                sheet = openpyxl.load_workbook(io.BytesIO(files["xlsx"])).active
                xlsx = [[c.value for c in row] for row in sheet.iter_rows()]
                assert len(csv) == len(shown["rows"]) == len(xlsx) - 1, where
                assert [str(c) for c in csv.columns] == [str(c) for c in xlsx[0]], where
                codes = [c for c, header in enumerate(shown["headers"]) if header in CODE_HEADERS]
                for r, row in enumerate(shown["rows"]):
                    numbers = [v for v in xlsx[r + 1] if isinstance(v, (int, float)) and not isinstance(v, bool)]
                    for number in _numbers_shown([cell for c, cell in enumerate(row) if c not in codes]):
                        assert _held(number, numbers), (where, r, number, row, xlsx[r + 1])
                text = [v for row in xlsx for v in row if isinstance(v, str)]
                assert "—" not in text and not [t for t in text if t.startswith("'")], where
                for header in csv.columns:  # a column of numbers in Excel is a numeric column in pandas
                    cells = [row[list(csv.columns).index(header)] for row in xlsx[1:]]
                    if any(v is not None for v in cells) and all(
                        v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in cells
                    ):
                        assert csv[header].dtype.kind in "if", (where, header, csv[header].dtype)
                checked += 1
            assert len(names) == len(set(names)), (path.name, names)  # one file name per table
    finally:
        context.close()
    assert checked >= 20  # the run's tables: status, coverage, register, comparison, vintages, forecasts...


@pytest.mark.browser
def test_print_view_has_no_navigation_and_whole_tables(reports, browser):
    context, pg = _context(browser, 794)  # an A4 sheet's width at 96 dpi
    try:
        for path in (reports / "html" / "2_tracker_14th_plan.zh.html", reports / "html" / "5_briefing.en.html"):
            _open(pg, path)
            pg.emulate_media(media="print")
            for hidden in (".site-bar", ".site-foot", ".table-tools"):
                assert pg.locator(hidden).first.is_hidden(), (path.name, hidden)
            cut = pg.evaluate(
                "() => [...document.querySelectorAll('.table-scroll')].filter(b => b.scrollWidth > "
                "document.querySelector('main').clientWidth + 1).length"
            )
            assert cut == 0, path.name
            breaks = pg.evaluate("() => [...document.querySelectorAll('h2')].map(h => getComputedStyle(h).breakBefore)")
            # sections follow each other: a forced break per section left pages holding a two-row table
            assert "page" not in breaks, (path.name, breaks)
            pg.emulate_media(media="screen")
            assert pg.locator(".site-bar").is_visible()
    finally:
        context.close()


def test_a_site_is_named_for_the_region_of_its_runs_plan():
    """A national run's pages say "China five-year plan tracker", not Shanxi's name; a page keeps
    its region when its bar is rebuilt later (its head says it), and an older page without it
    gets the default region's."""
    from shanxi_analysis.report.runner.site import BAR, product_name, site_page, site_region

    assert site_region("china-14") == "china" and site_region(None) == "shanxi"
    assert product_name("en", "china") == "China five-year plan tracker"
    assert product_name("en") == "Shanxi five-year plan tracker" and product_name("zh", "china") == "全国五年规划跟踪"
    bar = f"{BAR[0]}{BAR[1]}"
    national = f'<head><meta name="shanxi:region" content="china"></head><body>{bar}</body>'
    assert "China five-year plan tracker" in site_page(national, "5_briefing", "en", {("5_briefing", "en")})
    older = site_page(f"<head></head><body>{bar}</body>", "5_briefing", "zh", {("5_briefing", "zh")})
    assert product_name("zh") in older and "全国" not in older

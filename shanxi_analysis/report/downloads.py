"""Every table a page shows, offered as CSV and Excel files next to it.

The files travel inside the page (``data:`` addresses with a ``download`` name), so a page saved
or mailed on its own keeps them.  What a file holds is what the table shows: the same rows and
columns, the headers in the page's language, numbers rounded as printed (two decimals), a missing
value left empty (the page's "—"), and for a table whose cells are HTML fragments (the context
tables) the text a reader sees, each link followed by its address in parentheses.  Text cells and
headers that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) get a leading quote
(:mod:`..core.csvsafe`).  Excel files are written with openpyxl, byte for byte the same from run
to run (no creation time, fixed times inside the zip), so pages stay reproducible.

The file names given here are provisional ("表格.csv" / "Table.csv"): the site builder
(:mod:`.runner`) renames them after the page and the section each table sits in.
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
import io
import math
import re
from html.parser import HTMLParser

from ..core.csvsafe import neutralise
from ..core.numbers import missing
from .messages import say

CSV_MIME = "text/csv;charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DECIMALS = 2  # what Page.table and the status table print
# the workbook's creation time and its zip entries' times: the same for every run, so a page is
# reproducible byte for byte (1980-01-01 is the earliest time a zip entry can carry)
FIXED_TIME = _dt.datetime(1980, 1, 1)


def _plain(x):
    """A cell as a file holds it: numbers rounded as printed, missing as None, other values as is."""
    import numpy as np

    if missing(x):  # a file leaves a missing value empty (the page's "—")
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return None if not math.isfinite(float(x)) else round(float(x), DECIMALS)
    return neutralise(str(x))


class _Text(HTMLParser):
    """The text of an HTML fragment as a browser shows it; each link's address follows its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._href: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href.append(dict(attrs).get("href"))
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag == "a" and self._href:
            href = self._href.pop()
            if href:
                self.links.append(href)
                self.parts.append(f" ({href})")

    def handle_data(self, data):
        self.parts.append(data)


def fragment_text(fragment) -> tuple[str, list[str]]:
    """``(text, links)`` of an HTML cell: the visible text (white space collapsed as a browser
    does) with each link's address after it, and the addresses."""
    parser = _Text()
    parser.feed(str(fragment))
    parser.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(parser.parts)).strip()
    return text, parser.links


def file_frame(df, cells_are_html: bool = False):
    """The table as the files hold it (see the module docstring), with a ``links`` attribute:
    ``{(row, column): address}`` for the cells that carry exactly one web link."""
    import pandas as pd

    links = {}
    rows = []
    for i, row in enumerate(df.itertuples(index=False, name=None)):
        out = []
        for j, value in enumerate(row):
            if cells_are_html and isinstance(value, str):
                text, found = fragment_text(value)
                web = [u for u in found if re.match(r"https?://", u)]
                if len(web) == 1:
                    links[(i, j)] = web[0]
                value = text
            out.append(_plain(value))
        rows.append(out)
    headers = [neutralise(fragment_text(c)[0] if cells_are_html else str(c)) for c in df.columns]
    frame = pd.DataFrame(rows, columns=pd.Index(headers, dtype=object), dtype=object)
    frame.attrs["links"] = links
    return frame


def csv_bytes(frame) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads Chinese correctly); empty for missing."""
    printed = frame.map(lambda x: f"{x:.{DECIMALS}f}" if isinstance(x, float) else x)  # the frame holds objects
    buf = io.StringIO()
    printed.to_csv(buf, index=False, na_rep="", lineterminator="\r\n")
    return buf.getvalue().encode("utf-8-sig")


def _width(text) -> int:
    """Rough display width: a CJK character counts twice."""
    s = "" if text is None else str(text)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def xlsx_bytes(frame, sheet: str) -> bytes:
    """The frame as an Excel workbook: bold header row kept in view, numbers as numbers shown
    with two decimals, web links clickable; reproducible bytes."""
    import zipfile

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "Sheet1"
    ws.append(list(frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    links = frame.attrs.get("links", {})
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        ws.append(list(row))
        for j, value in enumerate(row):
            cell = ws.cell(row=i + 2, column=j + 1)
            if isinstance(value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(value, str):
                cell.data_type = "s"  # text stays text, whatever it starts with
            if (i, j) in links:
                cell.hyperlink = links[(i, j)]
    ws.freeze_panes = "A2"
    for j, column in enumerate(frame.columns):
        longest = max([_width(column), *(_width(v) for v in frame.iloc[:, j])]) if len(frame) else _width(column)
        ws.column_dimensions[get_column_letter(j + 1)].width = min(60, max(8, longest + 2))
    # a fixed time, not the moment of writing (openpyxl's save() would stamp both): see FIXED_TIME
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "shanxi_analysis"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    # the same bytes every run: fixed entry times, entries in the order written
    fixed = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return fixed.getvalue()


def _data_uri(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def downloads_html(df, lang: str, cells_are_html: bool = False) -> str:
    """The two download links of a table (escaped; no script)."""
    frame = file_frame(df, cells_are_html)
    stem = say("site.table", lang)
    links = []
    for ext, mime, payload, label, tip in (
        ("csv", CSV_MIME, csv_bytes(frame), "CSV", say("site.download_csv", lang)),
        ("xlsx", XLSX_MIME, xlsx_bytes(frame, stem), "Excel", say("site.download_xlsx", lang)),
    ):
        links.append(
            f'<a class="table-download" data-format="{ext}" href="{_data_uri(mime, payload)}" '
            f'download="{html.escape(stem)}.{ext}" title="{html.escape(tip)}">{label}</a>'
        )
    return (
        f'<div class="table-tools"><span class="table-tools-label">{html.escape(say("site.download", lang))}</span> '
        f"{' '.join(links)}</div>"
    )


def table_block(table_html: str, df, lang: str, cells_are_html: bool = False) -> str:
    """A table with its downloads above it, inside a wrapper that scrolls sideways on a narrow
    screen (the page itself never does)."""
    return (
        f'<div class="table-block">{downloads_html(df, lang, cells_are_html)}'
        f'<div class="table-scroll">{table_html}</div></div>'
    )


__all__ = ["csv_bytes", "downloads_html", "file_frame", "fragment_text", "table_block", "xlsx_bytes"]

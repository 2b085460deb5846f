"""Every table a page shows, offered as CSV and Excel files next to it: the table as data.

The files travel inside the page (``data:`` addresses with a ``download`` name), so a page saved
or mailed on its own keeps them.  The page shows display text ("66.32 (2024)", "—", "-2.70 pp");
the files hold data a spreadsheet can sum, sort and chart:

- a table built for the page may carry its data version (:func:`with_data`, :func:`data_frame`):
  numbers as numbers at their full precision, a year in its own column, the unit in the header (or
  in a unit column when the rows' units differ), missing cells empty;
- otherwise the displayed frame itself: its number columns stay numbers, "—" becomes an empty cell,
  and for a table whose cells are HTML fragments (the context tables) the text a reader sees, each
  link followed by its address in parentheses.

Numbers: CSV writes them plainly (``2024``, ``66.32``, ``-2.7``: no thousands separators, a point
for decimals, at most six decimals); Excel stores number cells, whole numbers shown as they are
(a year stays 2024), others with thousands separators and two to four decimals.  Formula guard:
only a text cell or header that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``)
gets a leading quote (:mod:`..core.csvsafe`), in both files (an Excel text cell cannot run, but
a copy saved as CSV could); numbers never need it.  Excel files are written with openpyxl, byte
for byte the same from run to run (no creation time, fixed times inside the zip), so pages stay
reproducible.

The file names given here are provisional (the table's ``name``, else "表格" / "Table"): the site
builder (:mod:`.runner`) names them after the page, the section and the table.
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
from ..core.numbers import DASH, missing
from .messages import say

CSV_MIME = "text/csv;charset=utf-8"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DECIMALS = 6  # a computed number's decimals in the files (binary noise such as 0.30000000000000004 dropped)
WHOLE_FORMAT = "0"  # a year (2024) and a count as they are
DECIMAL_FORMAT = "#,##0.00##"  # 66.32, 5.1667, 15,500.00
# the workbook's creation time and its zip entries' times: the same for every run, so a page is
# reproducible byte for byte (1980-01-01 is the earliest time a zip entry can carry)
FIXED_TIME = _dt.datetime(1980, 1, 1)


def as_number(x, count: bool = False):
    """A number as a file holds it: None when missing or not finite, an int as an int (numpy's
    too; with ``count``, a float that is whole as well: 6834.0 enterprises), any other as a float
    rounded to :data:`DECIMALS` decimals."""
    import numpy as np

    if missing(x) or isinstance(x, (bool, np.bool_)):
        return None if missing(x) else bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    if not math.isfinite(x):
        return None
    return int(x) if count and x.is_integer() else round(x, DECIMALS)


def as_whole(x):
    """A year or a count: an int, None when missing."""
    return None if missing(x) else int(x)


def data_frame(columns: dict):
    """The data version of a table: ``{header: values}``, each value a number (:func:`as_number`,
    :func:`as_whole`), a text or None; kept as Python objects so a year stays an int beside a missing
    cell."""
    import pandas as pd

    return pd.DataFrame({header: pd.Series(list(values), dtype=object) for header, values in columns.items()})


class _Data:
    """A data version in a display frame's ``attrs``: pandas copies attrs along and compares them
    (``pd.concat``), which a bare frame there would break (its truth value is ambiguous)."""

    __slots__ = ("frame",)
    __hash__ = None

    def __init__(self, frame):
        self.frame = frame

    def __eq__(self, other) -> bool:
        return isinstance(other, _Data) and self.frame.equals(other.frame)


def with_data(shown, data):
    """``shown`` (the display frame) carrying ``data`` as the version its files hold."""
    shown.attrs["data"] = _Data(data)
    return shown


def data_of(shown):
    """The data version ``shown`` carries (:func:`with_data`), or None."""
    held = shown.attrs.get("data")
    return held.frame if isinstance(held, _Data) else None


def _plain(x):
    """A cell of a displayed frame as a file holds it: numbers as numbers, the page's "—" and
    missing values as None, other values as they are."""
    import numpy as np

    if missing(x):  # a file leaves a missing value empty (the page's "—")
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, float, np.integer, np.floating)):
        return as_number(x)
    text = str(x)
    return None if text.strip() == DASH else neutralise(text)


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

    data = data_of(df)
    if data is not None:
        df, cells_are_html = data, False
    links = {}
    rows = []
    for i, row in enumerate(df.itertuples(index=False, name=None)):
        out = []
        for j, value in enumerate(row):
            if isinstance(value, str):
                text, found = fragment_text(value) if cells_are_html else (value, [])
                web = [u for u in (found or [text]) if re.fullmatch(r"https?://\S+", u)]
                if len(web) == 1:
                    links[(i, j)] = web[0]
                value = text
            out.append(_plain(value))
        rows.append(out)
    headers = [neutralise(fragment_text(c)[0] if cells_are_html else str(c)) for c in df.columns]
    frame = pd.DataFrame(rows, columns=pd.Index(headers, dtype=object), dtype=object)
    frame.attrs["links"] = links
    return frame


def _csv_cell(x) -> str:
    if x is None:
        return ""
    if isinstance(x, bool):
        return str(x).upper()
    if isinstance(x, int):
        return str(x)
    if isinstance(x, float):
        text = f"{x:.{DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return neutralise(str(x))


def csv_bytes(frame) -> bytes:
    """UTF-8 with a byte-order mark (Excel then reads Chinese correctly); numbers plain, missing
    empty, text guarded against formulas."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([neutralise(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_csv_cell(x) for x in row])
    return buf.getvalue().encode("utf-8-sig")


def _width(text) -> int:
    """Rough display width: a CJK character counts twice."""
    s = "" if text is None else str(text)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def _shown_width(value) -> int:
    if isinstance(value, float):
        return _width(f"{value:,.4f}".rstrip("0"))
    return _width(value)


def _excel_cell(cell, value, link: str | None) -> None:
    if isinstance(value, bool):
        pass
    elif isinstance(value, int):
        cell.number_format = WHOLE_FORMAT
    elif isinstance(value, float):
        cell.number_format = DECIMAL_FORMAT
    elif isinstance(value, str):
        cell.data_type = "s"  # text stays text, whatever it starts with
    if link:
        cell.hyperlink = link


def xlsx_bytes(frame, sheet: str) -> bytes:
    """The frame as an Excel workbook: bold header row kept in view, numbers as number cells (see
    the module docstring), text as text cells, web links clickable; reproducible bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "Sheet1"
    ws.append([str(c) for c in frame.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.data_type = "s"  # a header is text, whatever it starts with
    links = frame.attrs.get("links", {})
    for i, row in enumerate(frame.itertuples(index=False, name=None)):
        ws.append(list(row))
        for j, value in enumerate(row):
            _excel_cell(ws.cell(row=i + 2, column=j + 1), value, links.get((i, j)))
    ws.freeze_panes = "A2"
    for j, column in enumerate(frame.columns):
        longest = max([_width(column), *(_shown_width(v) for v in frame.iloc[:, j])]) if len(frame) else _width(column)
        ws.column_dimensions[get_column_letter(j + 1)].width = min(60, max(8, longest + 2))
    return _reproducible_bytes(wb)


def _reproducible_bytes(wb) -> bytes:
    """The workbook's bytes, the same every run: fixed times (openpyxl's save() would stamp the
    moment of writing, see FIXED_TIME), entries in the order written."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "shanxi_analysis"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
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


def downloads_html(df, lang: str, cells_are_html: bool = False, name: str | None = None) -> str:
    """The two download links of a table (escaped; no script).  ``name``: the table's own name,
    which the site builder adds to the page's and the section's in the file name."""
    frame = file_frame(df, cells_are_html)
    stem = name or say("site.table", lang)
    named = f' data-name="{html.escape(name)}"' if name else ""
    links = []
    for ext, mime, payload, label, tip in (
        ("csv", CSV_MIME, csv_bytes(frame), "CSV", say("site.download_csv", lang)),
        ("xlsx", XLSX_MIME, xlsx_bytes(frame, stem), "Excel", say("site.download_xlsx", lang)),
    ):
        links.append(
            f'<a class="table-download" data-format="{ext}"{named} href="{_data_uri(mime, payload)}" '
            f'download="{html.escape(stem)}.{ext}" title="{html.escape(tip)}">{label}</a>'
        )
    return (
        f'<div class="table-tools"><span class="table-tools-label">{html.escape(say("site.download", lang))}</span> '
        f"{' '.join(links)}</div>"
    )


def table_block(table_html: str, df, lang: str, cells_are_html: bool = False, name: str | None = None) -> str:
    """A table with its downloads above it, inside a wrapper that scrolls sideways on a narrow
    screen (the page itself never does)."""
    return (
        f'<div class="table-block">{downloads_html(df, lang, cells_are_html, name)}'
        f'<div class="table-scroll">{table_html}</div></div>'
    )


__all__ = [
    "as_number",
    "as_whole",
    "csv_bytes",
    "data_frame",
    "data_of",
    "downloads_html",
    "file_frame",
    "fragment_text",
    "table_block",
    "with_data",
    "xlsx_bytes",
]

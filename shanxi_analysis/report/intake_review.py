"""The review view of intake's drafts: each draft row beside the text it was read from, its
snippet highlighted, the reason it needs review in red, so that a person checks a row in a
glance and accepts it (clears ``review``) or deletes it before ``shanxi intake merge``.

``review_page`` writes a self-contained HTML page (``shanxi intake observed ... --review
PAGE.html``); ``ReviewView`` shows the same in a notebook cell.  Every text from the document or
the drafts is escaped.
"""

from __future__ import annotations

import html

_CSS = """
body{font:14px/1.5 "Noto Sans CJK SC","Noto Sans",sans-serif;margin:0;color:#222}
header{padding:8px 16px;background:#f3f3f3;border-bottom:1px solid #ccc}
main{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1.2fr);gap:0;height:calc(100vh - 60px)}
#text{overflow:auto;padding:12px 16px;border-right:1px solid #ccc;white-space:pre-wrap}
#rows{overflow:auto;padding:8px 16px}
mark{background:#fff2a8}mark.review{background:#ffd6d6}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;
vertical-align:top}th{position:sticky;top:0;background:#fff}
td.review{color:#a50026}td.num{text-align:right;font-variant-numeric:tabular-nums}
a{color:#0645ad}
"""


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _highlighted(text: str, drafts) -> str:
    """The document with each draft's snippet marked (linked to its row); overlapping snippets
    keep the first."""
    spans = sorted(
        ((d.start, d.end, i, bool(d.review)) for i, d in enumerate(drafts) if d.end > d.start), key=lambda s: s[0]
    )
    out, at = [], 0
    for start, end, i, review in spans:
        if start < at:
            continue
        out.append(_esc(text[at:start]))
        cls = ' class="review"' if review else ""
        out.append(f'<mark id="s{i}"{cls}><a href="#r{i}">{_esc(text[start:end])}</a></mark>')
        at = end
    out.append(_esc(text[at:]))
    return "".join(out)


def _rows(drafts) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("#", "series", "year", "value", "unit", "vintage", "snippet", "review"))
    body = []
    for i, d in enumerate(drafts):
        r = d.row
        body.append(
            f'<tr id="r{i}"><td><a href="#s{i}">{i + 1}</a></td><td>{_esc(r["series_id"])}</td>'
            f'<td>{_esc(r["year"])}</td><td class="num">{_esc(r["value"])}</td><td>{_esc(r["unit"])}</td>'
            f"<td>{_esc(r['vintage'])}</td><td>{_esc(r['evidence'])}"
            + (f"<br><small>{_esc(r['note'])}</small>" if r["note"] else "")
            + f'</td><td class="review">{_esc(d.review)}</td></tr>'
        )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def review_html(text: str, drafts, title: str = "") -> str:
    """The review view as an HTML fragment: the text with the snippets marked, and the rows."""
    n_review = sum(1 for d in drafts if d.review)
    heading = (
        f"<header><b>{_esc(title)}</b> {len(drafts)} draft row(s), {n_review} marked for review "
        "(red). Accept a row by clearing its review cell in the CSV; then <code>shanxi intake merge</code>."
        "</header>"
    )
    return (
        f'{heading}<main><div id="text">{_highlighted(text, drafts)}</div><div id="rows">{_rows(drafts)}</div></main>'
    )


def review_page(text: str, drafts, title: str = "") -> str:
    """A self-contained HTML page of the review view."""
    return (
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{_esc(title or "intake review")}'
        f"</title><style>{_CSS}</style></head><body>{review_html(text, drafts, title)}</body></html>\n"
    )


class ReviewView:
    """The review view in a notebook cell: ``ReviewView(text, drafts)`` as the cell's value."""

    def __init__(self, text: str, drafts, title: str = ""):
        self.text, self.drafts, self.title = text, list(drafts), title

    def _repr_html_(self) -> str:
        return f"<style>{_CSS.replace('height:calc(100vh - 60px)', 'height:480px')}</style>" + review_html(
            self.text, self.drafts, self.title
        )


def draft_lines(drafts) -> list[str]:
    """The drafts as a compact terminal table, 100 columns wide (``--format csv`` has every
    column): series, year, value, unit, vintage, then the snippet and the review reason."""
    from .terminal import WIDTH, text_width, truncate

    out = [f"{'series':<34} {'year':>4} {'value':>15} {'unit':<6} {'vintage':<11}"]
    for i, d in enumerate(drafts, start=1):
        r = d.row
        unit = truncate(r["unit"], 6)
        out.append(
            f"{truncate(r['series_id'], 34):<34} {r['year']:>4} {truncate(r['value'], 15):>15} "
            f"{unit}{' ' * (7 - text_width(unit))}{r['vintage']:<11}"
        )
        out.append("   " + truncate(f"{i}. {r['evidence']}", WIDTH - 3))
        if d.review:
            out.append("   " + truncate(f"review: {d.review}", WIDTH - 3))
    return out


def plan_lines(tables, register) -> list[str]:
    """A plan's drafts as a compact terminal listing (``--format csv`` has every column)."""
    from .terminal import WIDTH, truncate

    out = []
    if tables is not None:
        out.append(f"table rows: {len(tables)}")
        for r in tables.to_dict("records"):
            cells = f"{r['base_text']} -> {r['target_text']} {r['target_rate_text']}"
            out.append(truncate(f"  {r['plan']}/{r['no']:<4} {r['name_zh']} ({r['unit']}) {cells}", WIDTH))
            if r["review"]:
                out.append("       " + truncate(f"review: {r['review']}", WIDTH - 7))
    if register is not None:
        out.append(f"register rows: {len(register)}")
        for r in register.to_dict("records"):
            reading = f"{r['value']} {r['unit']} {r['comparator']} {r['target_kind']} {r['target_year']}"
            out.append(truncate(f"  {r['id']} {r['phrase']} = {reading}", WIDTH))
            if r["review"]:
                out.append("       " + truncate(f"review: {r['review']}", WIDTH - 7))
    return out

"""One executed notebook exported as a page of the briefing site: HTML without code (nbconvert,
``--no-input``; images embedded as data URIs; ``lang="zh-CN"`` on Chinese pages), cells tagged
``remove_cell`` dropped, what the notebook wrote to stderr moved to the run log, each table's
downloads named after the page and its section, the site's header bar and footer filled in
(:mod:`.site`)."""

from __future__ import annotations

import html
import importlib
import re
import threading
from pathlib import Path

from ..messages import say
from .folder import _write_atomic, log_run
from .plan import Job
from .site import HTML_LANG, TEMPLATES, available_pages, page_file, page_title, product_name, site_page, site_region

_exporter = None
_export_lock = threading.Lock()


def _html_exporter():
    """The configured exporter, built once: its templates are compiled on first use, which is
    most of the cost of exporting a page.  Use it under ``_export_lock``."""
    global _exporter
    if _exporter is None:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        c = Config()
        c.TagRemovePreprocessor.remove_cell_tags = ("remove_cell", "parameters", "injected-parameters")
        c.TagRemovePreprocessor.enabled = True
        _exporter = HTMLExporter(
            config=c,
            template_name="briefing",
            extra_template_basedirs=[str(TEMPLATES)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    return _exporter


def warm_exporter() -> None:
    """Import papermill and nbconvert and compile the page template (while the kernels start)."""
    import nbformat

    importlib.import_module("papermill")  # imported for its cost, not used here
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("warm-up")]
    with _export_lock:
        _html_exporter().from_notebook_node(nb)


def export_html(executed: Path, job: Job, out: Path) -> Path:
    """HTML without code; images stay embedded; Chinese pages say lang="zh-CN"; the site's header
    bar and footer filled in (:func:`.site.site_page`)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    moved = move_stderr(nb)  # warnings belong in the run log, never in a page
    if moved:
        log_run(out, f"{job.label}: what the notebook wrote to stderr (kept out of the page):\n{moved}")
    region = site_region(job.params.get("plan"))
    nb.metadata["title"] = say(
        "site.title", job.lang, page=page_title(job.notebook, job.lang), product=product_name(job.lang, region)
    )  # the tab's title (escaped by the template)
    # written into the page's head: the year (site.page_as_of) and the region its product name says
    nb.metadata["shanxi_analysis"] = {"region": region}
    if job.params.get("as_of_year") is not None:
        nb.metadata["shanxi_analysis"]["as_of"] = int(job.params["as_of_year"])
    with _export_lock:  # one exporter for every thread; a page takes a few hundredths of a second
        body, _ = _html_exporter().from_notebook_node(nb)
    body = re.sub(r"<html[^>]*>", f'<html lang="{HTML_LANG[job.lang]}">', body, count=1)
    available = available_pages(out) | {(job.notebook, job.lang)}
    body = site_page(name_downloads(body, job.notebook, job.lang), job.notebook, job.lang, available)
    page = out / "html" / page_file(job.notebook, job.lang)
    _write_atomic(page, body, mkdir=True)  # the earlier page stays until the new one is whole
    return page


def move_stderr(nb) -> str:
    """Drop the stderr streams (warnings, log lines: a missing CJK font, a read-only HOME) from
    the notebook's outputs; return their text for the run log.  Errors are ``error`` outputs and
    stay (a failed notebook is reported, not exported)."""
    moved = []
    for cell in nb.cells:
        outputs = cell.get("outputs")
        if not outputs:
            continue
        keep = []
        for o in outputs:
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                text = o.get("text", "")
                moved.append("".join(text) if isinstance(text, list) else text)
            else:
                keep.append(o)
        cell["outputs"] = keep
    return "".join(moved)


_HEADING_OR_DOWNLOAD = re.compile(
    r'<h([1-3])\b([^>]*)>(.*?)</h\1>|<a class="table-download" data-format="(\w+)"([^>]*?) download="[^"]*"', re.S
)
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_TABLE_NAME = re.compile(r'\sdata-name="([^"]*)"')


def _heading_text(inner: str) -> str:
    inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def _file_stem(title: str, section: str | None, lang: str, table: str | None = None) -> str:
    """ "Briefing - Indicators most off track": the page and the section, then the table's own name
    when it has one ("预测-地区生产总值增长-回测"), safe as a file name."""
    base = say("site.file_name", lang, page=title, section=section) if section and section != title else title
    if table:
        base = say("site.file_name", lang, page=base, section=table)
    return re.sub(r"\s+", " ", _UNSAFE_IN_FILE_NAME.sub(" ", base)).strip()[:120] or say("site.table", lang)


def name_downloads(body: str, name: str, lang: str) -> str:
    """Give each table's files a human name: the page and the section the table sits in ("简报-
    最需关注的指标.csv"), then the table's own name when it has one ("预测-地区生产总值增长-回测.csv"),
    numbered when a section still has several tables under one name; the second and later
    sections (h2) of a page start a new printed page."""
    title = page_title(name, lang)
    state = {"section": None, "stem": title, "h2s": 0}
    seen: dict[str, int] = {}

    def replace(m):
        if m.group(1):  # a heading: the section the next tables sit in
            level, attrs, inner = m.group(1), m.group(2), m.group(3)
            state["section"] = _heading_text(inner) or state["section"]
            if level == "2":
                state["h2s"] += 1
                if state["h2s"] > 1 and "class=" not in attrs:
                    return f'<h2 class="new-page"{attrs}>{inner}</h2>'
            return m.group(0)
        fmt, rest = m.group(4), m.group(5)
        if fmt == "csv":  # each table's pair of links starts with its CSV
            named = _TABLE_NAME.search(rest)  # the table's own name, when a section holds several
            base = _file_stem(title, state["section"], lang, html.unescape(named.group(1)) if named else None)
            seen[base] = seen.get(base, 0) + 1
            state["stem"] = base if seen[base] == 1 else f"{base} ({seen[base]})"
        return f'<a class="table-download" data-format="{fmt}"{rest} download="{html.escape(state["stem"])}.{fmt}"'

    return _HEADING_OR_DOWNLOAD.sub(replace, body)

"""``shanxi run``: execute every notebook with papermill, export each to HTML without code, and
write the briefing site around them: ``reports/index.html`` (Chinese) and ``index.en.html``
(English), a header bar and a footer on every page (contents, previous / next, 中文 | English).

* Parameters are checked before anything runs (unknown language, impossible year, unknown
  indicator or scenario: the valid choices are listed).
* Each notebook executes into a temporary file and replaces its previous output only when it
  succeeded, so a failure leaves earlier outputs intact; the partial notebook is kept under
  ``reports/failed/`` and the message names the notebook and the failing cell.
* HTML pages are exported with nbconvert (``--no-input``: no code, images embedded as data URIs,
  ``lang="zh-CN"`` on Chinese pages), cells tagged ``remove_cell`` dropped.
* Notebooks run two at a time (one kernel per core); progress is printed as they finish.
* ``kernels="warm"`` (the default) runs them in a few long-lived kernels, one per worker, started
  and pre-warmed (numpy, pandas, matplotlib and the project's modules imported) once, and reset
  to a fresh kernel's state before each notebook: empty namespace, execution count 1, matplotlib
  rcParams, pandas and numpy options, warning filters, working directory, environment and
  ``sys.path`` as they were.  Still papermill (parameters injected, cells executed and saved the
  same way); the pages are byte-identical to ``kernels="fresh"``, one new kernel per notebook,
  where every notebook pays for starting Python and importing pandas and matplotlib again (the
  suite takes 2.9x its floor that way, 1.2x warm: ``python -m bench``).  A kernel that dies is
  replaced for the next notebook; kernels are shut down at the end, after a failure and on Ctrl-C.
  Not reset: what a notebook changes inside an imported module (a patched function, a font or
  colormap registered with matplotlib, an IPython hook or magic); the project's loaders keep
  their caches, which depend only on the files and hand out copies.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as _dt
import html
import os
import queue
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ShanxiError, unknown_choice
from ..core.paths import PROJECT_DIR
from .messages import CATALOGUE, LANGS, pick, say
from .messages import name as indicator_name
from .notebook import NOTEBOOKS, check_params

NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_CHOICES = ("zh", "en", "both")
KERNEL_CHOICES = ("warm", "fresh")
# which parameters each notebook declares (papermill injects only these)
NOTEBOOK_PARAMS = {
    "1_review_13th_plan": ("as_of_year", "lang"),
    "2_tracker_14th_plan": ("as_of_year", "lang", "indicators"),
    "3_forecasts": ("as_of_year", "lang", "hindsight_year", "seed"),
    "4_what_if_scenarios": ("as_of_year", "lang", "scenario", "indicator", "interactive"),
    "5_briefing": ("as_of_year", "lang"),
}


class NotebookFailed(ShanxiError):
    pass


class OutputError(ShanxiError):
    """The output folder cannot be used (not a folder, not writable, full, in use by another run)."""


LOCK_NAME = ".shanxi-run.lock"


def check_out(out) -> Path:
    """The output folder, created if need be and proven writable, before any kernel starts:
    ``--out ''``, a file, a device, a folder that cannot be created or written to each end in
    one message."""
    text = "" if out is None else str(out)
    if not text.strip():
        raise OutputError("--out is empty: name an output folder, e.g. --out reports")
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = Path.cwd() / path
    if path.exists() and not path.is_dir():
        raise OutputError(f"--out {text}: {path} exists and is not a folder")
    parent = path
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"--out {text}: {parent} is not a folder")
    probe = path / f".shanxi-write-test-{os.getpid()}"
    try:
        path.mkdir(parents=True, exist_ok=True)
        with open(probe, "wb") as f:  # a full disk shows here, not half-way through the pages
            f.write(b"\0" * 65536)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise OutputError(f"--out {text}: cannot write into {path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return path


@contextlib.contextmanager
def locked_out(out: Path):
    """Hold an exclusive lock on the output folder for the whole run: a second run into the same
    folder (with another as-of year, say) fails at once instead of mixing its pages in."""
    import fcntl

    path = out / LOCK_NAME
    try:
        handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the run, closed in `finally`
    except OSError as exc:
        raise OutputError(f"cannot create the lock file {path}: {exc.strerror or exc}") from None
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise OutputError(
                f"another shanxi run ({holder}) is writing into {out}; wait for it to finish or choose another --out"
            ) from None
        with contextlib.suppress(OSError):
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
        yield path
    finally:
        handle.close()  # releases the lock; the file stays (removing it would race a waiting run)


def _write_error(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"cannot write {path}: {exc.strerror or exc}; the run stopped, earlier pages are kept")


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


@dataclass
class Job:
    notebook: str
    lang: str
    params: dict

    @property
    def label(self) -> str:
        return f"{self.notebook} ({self.lang})"


def plan_jobs(as_of=None, lang="both", only=None, indicators=None, scenario="baseline", indicator="1") -> list[Job]:
    """Validate the parameters and list the notebook runs; nothing is executed."""
    if lang not in LANG_CHOICES:
        raise unknown_choice("language", lang, LANG_CHOICES)
    names = list(NOTEBOOKS)
    if only:
        wanted = []
        for item in only:
            match = [n for n in names if n == item or n.split("_", 1)[0] == item or n.split("_", 1)[1] == item]
            if not match:
                raise unknown_choice("notebook", item, names)
            wanted += [m for m in match if m not in wanted]
        names = [n for n in names if n in wanted]
    checked = check_params(as_of_year=as_of, lang="en", indicators=indicators, scenario=scenario, indicator=indicator)
    as_of = checked["as_of"]
    langs = ("zh", "en") if lang == "both" else (lang,)
    from ..models.forecast import DEFAULT_SEED, HINDSIGHT_YEAR

    # one source for the values the runner injects (warm_forecasts fits exactly these)
    common = {
        "as_of_year": as_of,
        "lang": None,
        "indicators": indicators,
        "scenario": scenario,
        "indicator": str(indicator),
        "interactive": False,
        "hindsight_year": HINDSIGHT_YEAR,
        "seed": DEFAULT_SEED,
    }
    jobs = []
    for name in names:
        for code in langs:
            params = {k: (code if k == "lang" else common[k]) for k in NOTEBOOK_PARAMS[name]}
            jobs.append(Job(name, code, params))
    return jobs


def _failed_cell(exc) -> str:
    cell = getattr(exc, "cell_index", None)
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    where = f"cell {cell}" if cell is not None else "a cell"
    return f"{where}: {ename}: {evalue}".strip()


def execute(job: Job, out: Path, notebook_dir: Path | None = None, kernel: WarmKernel | None = None) -> Path:
    """Run one notebook with papermill into ``out/executed``; raise NotebookFailed on error.
    Without ``kernel`` papermill starts a fresh kernel for it; with one, the notebook runs in that
    long-lived kernel after it has been reset (see :func:`kernel_reset`)."""
    import papermill as pm

    notebook_dir = notebook_dir or NOTEBOOK_DIR
    executed = out / "executed"
    executed.mkdir(parents=True, exist_ok=True)
    final = executed / f"{job.notebook}.{job.lang}.ipynb"
    tmp = executed / f".{job.notebook}.{job.lang}.running.ipynb"
    # a warm kernel already runs in the project directory (papermill's cwd would chdir this
    # whole process, which two threads undo in the wrong order)
    if kernel is not None:
        where = {"engine_name": _warm_engine(), "km": kernel.km, "kc": kernel.kc}
    else:
        where = {"cwd": str(PROJECT_DIR)}
    try:
        pm.execute_notebook(
            str(notebook_dir / f"{job.notebook}.ipynb"),
            str(tmp),
            parameters=job.params,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            **where,
        )
    except OSError as exc:  # the output could not be written (a full disk): no empty "partial" kept
        _remove(tmp)
        raise _write_error(Path(exc.filename) if getattr(exc, "filename", None) else tmp, exc) from None
    except Exception as exc:  # papermill's execution error, a dead kernel, a timeout
        failed = out / "failed"
        partial = failed / final.name
        try:
            failed.mkdir(parents=True, exist_ok=True)
            if tmp.exists() and tmp.stat().st_size > 0:
                tmp.replace(partial)
                kept = f"partial output kept in {partial}"
            else:
                kept = "no partial output was written"
        except OSError as write_exc:
            kept = f"partial output not kept ({write_exc.strerror or write_exc})"
        finally:
            _remove(tmp)
        raise NotebookFailed(f"notebook {job.notebook} ({job.lang}) failed in {_failed_cell(exc)}; {kept}") from None
    try:
        tmp.replace(final)
    except OSError as exc:
        _remove(tmp)
        raise _write_error(final, exc) from None
    return final


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
    import papermill  # noqa: F401

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("warm-up")]
    with _export_lock:
        _html_exporter().from_notebook_node(nb)


def export_html(executed: Path, job: Job, out: Path) -> Path:
    """HTML without code; images stay embedded; Chinese pages say lang="zh-CN"; the site's header
    bar and footer filled in (:func:`site_page`)."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    moved = move_stderr(nb)  # warnings belong in the run log, never in a page
    if moved:
        log_run(out, f"{job.label}: what the notebook wrote to stderr (kept out of the page):\n{moved}")
    nb.metadata["title"] = say(
        "site.title", job.lang, page=page_title(job.notebook, job.lang), product=say("site.product", job.lang)
    )  # the tab's title (escaped by the template)
    with _export_lock:  # one exporter for every thread; a page takes a few hundredths of a second
        body, _ = _html_exporter().from_notebook_node(nb)
    body = re.sub(r"<html[^>]*>", f'<html lang="{HTML_LANG[job.lang]}">', body, count=1)
    pages = out / "html"
    available = available_pages(out) | {(job.notebook, job.lang)}
    body = site_page(name_downloads(body, job.notebook, job.lang), job.notebook, job.lang, available)
    page = pages / page_file(job.notebook, job.lang)
    _write_atomic(page, body, mkdir=True)  # the earlier page stays until the new one is whole
    return page


def _write_atomic(path: Path, text: str, mkdir: bool = False) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        if mkdir:
            path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        _remove(tmp)
        raise _write_error(path, exc) from None


# ---------------------------------------------------------------------------------------------
# The briefing site: one index per language, a header bar and a footer on every page

HTML_LANG = {"zh": "zh-CN", "en": "en"}
INDEX_FILE = {"zh": "index.html", "en": "index.en.html"}


def page_file(name: str, lang: str) -> str:
    return f"{name}.{lang}.html"


def page_title(name: str, lang: str) -> str:
    """A page's title in words (the catalogue's; a notebook added later falls back to NOTEBOOKS)."""
    key = f"site.page.{name}"
    return say(key, lang) if key in CATALOGUE else pick(NOTEBOOKS[name], lang)


def available_pages(out: Path) -> set[tuple[str, str]]:
    """(notebook, language) of every page in ``out/html`` (this run's and earlier ones)."""
    return {(name, lang) for name in NOTEBOOKS for lang in LANGS if (out / "html" / page_file(name, lang)).exists()}


def _lang_switch(lang: str, targets: dict[str, str | None]) -> str:
    """中文 | English: the current language marked, the other a link to ``targets[code]`` (a span
    when that page does not exist).  Each name is in its own language (its ``lang`` says so)."""
    items = []
    for code in LANGS:
        word = html.escape(say("site.lang_name", code))
        if code == lang:
            items.append(f'<span lang="{HTML_LANG[code]}" aria-current="page">{word}</span>')
        elif targets.get(code):
            items.append(
                f'<a lang="{HTML_LANG[code]}" hreflang="{HTML_LANG[code]}" '
                f'href="{html.escape(targets[code])}">{word}</a>'
            )
        else:
            items.append(f'<span lang="{HTML_LANG[code]}" class="unavailable" aria-disabled="true">{word}</span>')
    label = html.escape(say("site.lang_switch", lang))
    sep = '<span class="sep" aria-hidden="true">|</span>'
    return f'<span class="site-lang" role="group" aria-label="{label}">{sep.join(items)}</span>'


def _neighbours(name: str, lang: str, available) -> tuple[str | None, str | None]:
    order = [n for n in NOTEBOOKS if (n, lang) in available or n == name]
    i = order.index(name)
    return (order[i - 1] if i > 0 else None), (order[i + 1] if i + 1 < len(order) else None)


def site_bar(name: str, lang: str, available) -> str:
    """The header bar of a page: product title and contents (the index), previous / next page,
    and the switch to the same page in the other language."""
    e = html.escape
    index = f"../{INDEX_FILE[lang]}"
    prev, nxt = _neighbours(name, lang, available)
    links = [f'<a href="{index}" rel="index">{e(say("site.contents", lang))}</a>']
    if prev:
        links.append(
            f'<a href="{page_file(prev, lang)}" rel="prev" '
            f'title="{e(say("site.prev_to", lang, page=page_title(prev, lang)))}">'
            f"‹ {e(say('site.prev', lang))}</a>"
        )
    if nxt:
        links.append(
            f'<a href="{page_file(nxt, lang)}" rel="next" '
            f'title="{e(say("site.next_to", lang, page=page_title(nxt, lang)))}">'
            f"{e(say('site.next', lang))} ›</a>"
        )
    other = {code: page_file(name, code) for code in LANGS if (name, code) in available}
    return (
        f'<header class="site-bar"><div class="site-bar-inner">'
        f'<a class="site-product" href="{index}">{e(say("site.product", lang))}</a>'
        f'<nav aria-label="{e(say("site.nav", lang))}">{"".join(links)}</nav>{_lang_switch(lang, other)}</div></header>'
    )


def site_foot(name: str, lang: str, available) -> str:
    """The footer: previous page, contents, next page, each named."""
    e = html.escape
    prev, nxt = _neighbours(name, lang, available)
    links = []
    if prev:
        links.append(
            f'<a href="{page_file(prev, lang)}" rel="prev">‹ '
            f"{e(say('site.prev_to', lang, page=page_title(prev, lang)))}</a>"
        )
    links.append(f'<a href="../{INDEX_FILE[lang]}" rel="index">{e(say("site.contents", lang))}</a>')
    if nxt:
        links.append(
            f'<a href="{page_file(nxt, lang)}" rel="next">{e(say("site.next_to", lang, page=page_title(nxt, lang)))} '
            "›</a>"
        )
    return (
        f'<footer class="site-foot"><div class="site-foot-inner"><nav aria-label="{e(say("site.nav", lang))}">'
        f"{''.join(links)}</nav><span>{e(say('site.product', lang))}</span></div></footer>"
    )


BAR = ("<!--site-bar-->", "<!--/site-bar-->")
FOOT = ("<!--site-foot-->", "<!--/site-foot-->")


def _fill(body: str, markers: tuple[str, str], content: str, last: bool = False) -> str:
    """Replace what stands between the template's marker comments (the first pair, or the last:
    the page's outputs come in between, and data in them is escaped, so never a marker)."""
    start = body.rfind(markers[0]) if last else body.find(markers[0])
    end = body.find(markers[1], start)
    if start < 0 or end < 0:
        return body
    return body[: start + len(markers[0])] + content + body[end:]


def site_page(body: str, name: str, lang: str, available) -> str:
    """A page with its header bar and footer for the pages in ``available``; idempotent."""
    body = _fill(body, BAR, site_bar(name, lang, available))
    return _fill(body, FOOT, site_foot(name, lang, available), last=True)


_HEADING_OR_DOWNLOAD = re.compile(
    r'<h([1-3])\b([^>]*)>(.*?)</h\1>|<a class="table-download" data-format="(\w+)"([^>]*?) download="[^"]*"', re.S
)
_UNSAFE_IN_FILE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')
_TABLE_NAME = re.compile(r'\sdata-name="([^"]*)"')


def _heading_text(inner: str) -> str:
    inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def name_downloads(body: str, name: str, lang: str) -> str:
    """Give each table's files a human name: the page and the section the table sits in ("简报-
    最需关注的指标.csv"), then the table's own name when it has one ("预测-地区生产总值增长-回测.csv"),
    numbered when a section still has several tables under one name; the second and later
    sections (h2) of a page start a new printed page."""
    title = page_title(name, lang)
    section = None
    seen: dict[str, int] = {}
    stem = title
    h2s = 0

    def replace(m):
        nonlocal section, stem, h2s
        if m.group(1):
            level, attrs, inner = m.group(1), m.group(2), m.group(3)
            section = _heading_text(inner) or section
            if level == "2":
                h2s += 1
                if h2s > 1 and "class=" not in attrs:
                    return f'<h2 class="new-page"{attrs}>{inner}</h2>'
            return m.group(0)
        fmt, rest = m.group(4), m.group(5)
        if fmt == "csv":  # each table's pair of links starts with its CSV
            base = say("site.file_name", lang, page=title, section=section) if section and section != title else title
            named = _TABLE_NAME.search(rest)  # the table's own name, when a section holds several
            if named:
                base = say("site.file_name", lang, page=base, section=html.unescape(named.group(1)))
            base = re.sub(r"\s+", " ", _UNSAFE_IN_FILE_NAME.sub(" ", base)).strip()[:120] or say("site.table", lang)
            seen[base] = seen.get(base, 0) + 1
            stem = base if seen[base] == 1 else f"{base} ({seen[base]})"
        return f'<a class="table-download" data-format="{fmt}"{rest} download="{html.escape(stem)}.{fmt}"'

    return _HEADING_OR_DOWNLOAD.sub(replace, body)


def refresh_pages(out: Path) -> None:
    """Every page's header bar and footer redone for the pages that exist now (after a partial
    rerun, say): links only ever point to pages that are there."""
    available = available_pages(out)
    for name, lang in sorted(available):
        path = out / "html" / page_file(name, lang)
        try:
            body = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise _write_error(path, exc) from None
        new = site_page(body, name, lang, available)
        if new != body:
            _write_atomic(path, new)


RUN_LOG = "run.log"
_log_lock = threading.Lock()


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


def log_run(out: Path, message: str) -> None:
    """Append to ``out/run.log`` (one line or block per event, time-stamped)."""
    path = out / RUN_LOG
    stamp = _dt.datetime.now().isoformat(timespec="seconds")
    try:
        with _log_lock, open(path, "a", encoding="utf-8") as fh:
            fh.write(f"[{stamp}] {message.rstrip()}\n")
    except OSError as exc:
        raise _write_error(path, exc) from None


def _date_words(day: _dt.date, lang: str) -> str:
    return say(
        "site.date", lang, year=day.year, month=day.month, day=day.day, month_name=say(f"site.month.{day.month}", lang)
    )


def run_facts(jobs: list[Job], as_of: int, lang: str, today: _dt.date | None = None) -> str:
    """What this run shows, in words: "Data as of 2025; run on 29 November 2026; all indicators;
    scenario: baseline; what-if chart: 1 GDP growth" (the parts the run's notebooks use)."""
    params: dict = {}
    for job in jobs:
        params.update({k: v for k, v in job.params.items() if k != "lang"})
    parts = [
        say("site.as_of", lang, year=as_of),
        say("site.run_on", lang, date=_date_words(today or _dt.date.today(), lang)),
    ]
    if "indicators" in params:
        chosen = params["indicators"]
        parts.append(
            say("site.some_indicators", lang, numbers=say("site.name_sep", lang).join(map(str, chosen)))
            if chosen
            else say("site.all_indicators", lang)
        )
    if params.get("scenario"):
        key = f"site.scenario.{params['scenario']}"
        parts.append(say("site.scenario", lang, name=say(key, lang) if key in CATALOGUE else params["scenario"]))
    if params.get("indicator"):
        no = str(params["indicator"])
        try:
            from ..data.plans import load_targets

            row = load_targets().set_index("no").loc[no]
            label = f"{no} {indicator_name(row, lang)}"
        except Exception:  # the number alone still says which
            label = no
        parts.append(say("site.what_if_indicator", lang, name=label))
    return say("site.list_sep", lang).join(parts)


def _site_css() -> str:
    return (TEMPLATES / "briefing" / "site.css").read_text(encoding="utf-8")


def index_page(jobs: list[Job], out: Path, as_of: int, lang: str, today: _dt.date | None = None) -> str:
    """The index in one language: what each page answers, a link to it, the run in words."""
    e = html.escape
    available = available_pages(out)
    other_lang = next(code for code in LANGS if code != lang)
    items = []
    for name in NOTEBOOKS:
        if (name, lang) in available:
            href, note = f"html/{page_file(name, lang)}", ""
        elif (name, other_lang) in available:  # a run in one language: the other's page, said so
            href, note = (
                f"html/{page_file(name, other_lang)}",
                f' <span class="note">({e(say("site.other_lang_only", lang))})</span>',
            )
        else:
            continue
        key = f"site.question.{name}"
        question = f"<p>{e(say(key, lang, year=as_of))}</p>" if key in CATALOGUE else ""
        items.append(f'<li><a href="{href}">{e(page_title(name, lang))}</a>{note}{question}</li>')
    product = e(say("site.product", lang))
    switch = _lang_switch(lang, {code: INDEX_FILE[code] for code in LANGS})
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{product}</title>
<style>
{_site_css()}</style>
</head>
<body class="site-page">
<header class="site-bar"><div class="site-bar-inner"><a class="site-product" href="{INDEX_FILE[lang]}" aria-current="page">{product}</a>{switch}</div></header>
<main id="content" class="site-index">
<h1>{product}</h1>
<p class="lead">{e(say("site.lead", lang))}</p>
<p class="site-facts"><b>{e(say("site.run_facts", lang))}</b> {e(run_facts(jobs, as_of, lang, today))}</p>
<h2>{e(say("site.pages", lang))}</h2>
<ul class="site-pages">
{chr(10).join(items)}
</ul>
<p class="site-sources">{e(say("source_plan", lang))}<br>{e(say("source_observed", lang))}</p>
</main>
</body>
</html>
"""  # noqa: E501 - the page's HTML, kept as written out


def write_index(jobs: list[Job], out: Path, as_of: int) -> Path:
    """Both indexes (``index.html`` in Chinese, ``index.en.html`` in English), and every page's
    header bar brought up to date; returns the index in the run's language (Chinese for both)."""
    refresh_pages(out)
    for lang in LANGS:
        _write_atomic(out / INDEX_FILE[lang], index_page(jobs, out, as_of, lang))
    langs = {job.lang for job in jobs}
    return out / INDEX_FILE["en" if langs == {"en"} else "zh"]


def quiet_kernel_profile(out: Path) -> Path:
    """An IPython profile for the batch kernels: no user startup files, and the kernel's own
    start/stop log lines (transport warnings, shutdown interrupts) kept off the progress output."""
    profile = out / ".ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text("c.Application.log_level = 'CRITICAL'\n", encoding="utf-8")
    return profile.parent


def run(
    as_of=None,
    lang="both",
    only=None,
    out="reports",
    indicators=None,
    scenario="baseline",
    indicator="1",
    workers: int = 2,
    echo=print,
    notebook_dir: Path | None = None,
    kernels: str = "warm",
) -> Path:
    """Execute and export; returns the index page.  Raises NotebookFailed after the other notebooks
    ran if any failed.  ``kernels``: "warm" (long-lived kernels, reset between notebooks) or
    "fresh" (one new kernel per notebook)."""
    if kernels not in KERNEL_CHOICES:
        raise unknown_choice("kernel mode", kernels, KERNEL_CHOICES)
    jobs = plan_jobs(as_of, lang, only, indicators, scenario, indicator)
    out = check_out(out)  # before any kernel starts
    with locked_out(out):
        return _run_locked(jobs, out, as_of, workers, echo, notebook_dir, kernels)


@contextlib.contextmanager
def _warnings_to_log(out: Path):
    """Warnings raised in this process during the run (by the libraries driving the kernels)
    go to the run log, not between the progress lines."""
    import warnings

    def show(message, category, filename, lineno, file=None, line=None):
        with contextlib.suppress(ShanxiError):
            log_run(out, f"{filename}:{lineno}: {category.__name__}: {message}")

    with warnings.catch_warnings():
        warnings.showwarning = show
        yield


def _run_locked(jobs, out: Path, as_of, workers, echo, notebook_dir, kernels) -> Path:
    try:
        os.environ["IPYTHONDIR"] = str(quiet_kernel_profile(out))
    except OSError as exc:
        raise _write_error(out / ".ipython", exc) from None
    os.environ.setdefault("MPLBACKEND", "Agg")
    as_of = jobs[0].params["as_of_year"] if jobs else as_of
    echo(f"shanxi run: {len(jobs)} notebook runs as of {as_of} into {out}")
    log_run(out, f"shanxi run: {len(jobs)} notebook runs as of {as_of} ({kernels} kernels, pid {os.getpid()})")
    started = time.perf_counter()
    failures = []
    # Notebooks that forecast run last; meanwhile one worker fits the models once into the cache,
    # so their kernels load results instead of importing statsmodels and refitting.
    jobs = sorted(jobs, key=lambda j: j.notebook in FORECASTING)
    fit = as_of if notebook_dir is None and any(j.notebook in FORECASTING for j in jobs) else None
    runs = (_run_warm if kernels == "warm" else _run_fresh)(jobs, out, notebook_dir, max(1, workers), fit)
    with contextlib.closing(runs), _warnings_to_log(out):  # on Ctrl-C too: no kernel outlives the run
        for done, (job, seconds, failure) in enumerate(runs, 1):
            if failure is None:
                echo(f"[{done}/{len(jobs)}] {job.label}: ok ({seconds:.1f} s)")
                log_run(out, f"{job.label}: ok ({seconds:.1f} s)")
            else:
                failures.append(str(failure))
                echo(f"[{done}/{len(jobs)}] {job.label}: FAILED")
                log_run(out, f"{job.label}: FAILED: {failure}")
    if failures:
        raise NotebookFailed("\n".join(failures))
    index = write_index(jobs, out, as_of)
    echo(f"wrote {index} ({time.perf_counter() - started:.1f} s)")
    return index


FORECASTING = ("3_forecasts", "5_briefing")


def warm_forecasts(as_of: int) -> None:
    """Fit every forecast the notebooks will ask for (they hit the cache afterwards)."""
    from ..models.forecast import DEFAULT_SEED, HINDSIGHT_YEAR, forecast, forecastable_series, hindsight

    try:
        for series in forecastable_series():
            if forecast(series, as_of=as_of, seed=DEFAULT_SEED).status == "ok":
                hindsight(series, HINDSIGHT_YEAR, as_of, DEFAULT_SEED)  # one fit per as-of year from HINDSIGHT_YEAR
    except Exception:  # a warm-up failure only costs time: the notebooks compute and report
        pass


def _one(job: Job, out: Path, notebook_dir: Path | None = None, kernel: WarmKernel | None = None) -> float:
    t0 = time.perf_counter()
    executed = execute(job, out, notebook_dir, kernel)
    export_html(executed, job, out)
    return time.perf_counter() - t0


def _run_fresh(jobs, out, notebook_dir, workers, fit):
    """One new kernel per notebook (papermill's own way); yields (job, seconds, failure)."""
    pool = cf.ThreadPoolExecutor(max_workers=workers)
    done = False
    try:
        if fit is not None:
            pool.submit(warm_forecasts, fit)
        futures = {pool.submit(_one, job, out, notebook_dir): job for job in jobs}
        for fut in cf.as_completed(futures):
            try:
                yield futures[fut], fut.result(), None
            except NotebookFailed as exc:
                yield futures[fut], None, exc
        done = True
    finally:  # interrupted: start nothing more; the running notebooks' kernels are killed
        pool.shutdown(wait=False, cancel_futures=True)
        if not done:
            _kill_child_kernels()
        pool.shutdown(wait=True)


def _kill_child_kernels() -> None:
    """Kill the kernels this process started (papermill's own, in the fresh mode): an interrupted
    run does not wait for its notebooks to finish."""
    try:
        import psutil

        children = psutil.Process().children(recursive=False)
    except Exception:
        return
    for child in children:
        with contextlib.suppress(Exception):
            if any("ipykernel" in part for part in child.cmdline()):
                child.kill()


def _run_warm(jobs, out, notebook_dir, workers, fit):  # noqa: C901
    """``workers`` threads, each owning one long-lived kernel, take the jobs in order; a page is
    exported in another thread while its kernel runs the next notebook.  Yields (job, seconds,
    failure) as pages are written.  On an interruption or an unexpected error the kernels are
    killed and the threads joined before the exception goes on."""
    todo: queue.SimpleQueue = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    results: queue.SimpleQueue = queue.SimpleQueue()
    stop = threading.Event()
    fitted = threading.Event()
    live: set[WarmKernel] = set()
    imports = notebook_imports(notebook_dir or NOTEBOOK_DIR, sorted({j.notebook for j in jobs}))
    exports = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="shanxi-export")

    def prepare():  # in this process, while the kernels start: exporter ready, forecasts fitted
        with contextlib.suppress(Exception):  # exporting the first page says what is wrong
            warm_exporter()
        try:
            if fit is not None:
                warm_forecasts(fit)
        finally:
            fitted.set()

    def export(job, executed, started):
        try:
            export_html(executed, job, out)
        except BaseException as exc:  # as in the fresh path: not a notebook failure, a bug
            results.put((None, None, exc))
        else:
            results.put((job, time.perf_counter() - started, None))

    def worker():  # noqa: C901
        kernel, pending = None, []
        try:
            while not stop.is_set():
                try:
                    job = todo.get_nowait()
                except queue.Empty:
                    return
                t0 = time.perf_counter()
                try:
                    if kernel is None or not kernel.alive():
                        if kernel is not None:  # the last notebook killed it
                            kernel.shutdown()
                        kernel = None
                        kernel = WarmKernel(imports, live)
                    while job.notebook in FORECASTING and not fitted.wait(0.2):
                        if stop.is_set():
                            return
                    if stop.is_set():
                        return
                    executed = execute(job, out, notebook_dir, kernel)
                    pending.append(exports.submit(export, job, executed, t0))
                except NotebookFailed as exc:
                    results.put((job, None, exc))
                except KernelFailed as exc:
                    results.put((job, None, NotebookFailed(f"notebook {job.label} did not run: {exc}")))
        except BaseException as exc:  # a bug: the main thread re-raises it
            results.put((None, None, exc))
        finally:
            if kernel is not None:
                kernel.shutdown()
            cf.wait(pending)
            results.put(None)

    count = min(workers, len(jobs))
    threads = [threading.Thread(target=worker, name=f"shanxi-kernel-{i}", daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    preparer = threading.Thread(target=prepare, name="shanxi-prepare", daemon=True)
    preparer.start()
    finished = 0
    try:
        while finished < count:
            try:
                item = results.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
            except queue.Empty:
                continue
            if item is None:
                finished += 1
            elif item[0] is None:
                raise item[2]
            else:
                yield item
    finally:
        stop.set()
        exports.shutdown(wait=False, cancel_futures=True)
        if finished < count:
            for kernel in list(live):
                kernel.kill()
        for thread in threads:
            thread.join(timeout=30)
        exports.shutdown(wait=True)
        if finished == count:  # not interrupted: no fit left running behind the caller's back
            preparer.join()


# ---------------------------------------------------------------------------------------------
# Long-lived kernels


class KernelFailed(ShanxiError):
    pass


WARM_ENGINE = "shanxi-warm-kernel"
# executed silently (no output, no history, the execution count unchanged) before each notebook
RESET_CODE = "__import__('shanxi_analysis.report.runner', fromlist=['kernel_reset']).kernel_reset()"
# what every kernel imports before its first notebook, besides the notebooks' own top-level imports
BASE_IMPORTS = (
    "numpy",
    "pandas",
    "matplotlib",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "PIL.PngImagePlugin",
    "IPython.display",
    "openpyxl",
    "shanxi_analysis.report.downloads",
)
_IMPORT = re.compile(r"^(?:from\s+([\w.]+)\s+import\s+\(?([\w, ]+)|import\s+([\w., ]+))", re.M)


def notebook_imports(notebook_dir: Path, names) -> list[str]:
    """The modules the notebooks import at top level (not those imported under an ``if``, which
    a run may never reach).  Plain JSON: nbformat's validation would cost a second."""
    import json

    found = []
    for name in names:
        try:
            cells = json.loads((notebook_dir / f"{name}.ipynb").read_text(encoding="utf-8"))["cells"]
        except Exception:  # papermill reports it when the notebook runs
            continue
        for cell in cells:
            if cell.get("cell_type") == "code":
                source = cell.get("source", "")
                source = "".join(source) if isinstance(source, list) else source
                for package, names, modules in _IMPORT.findall(source):
                    # `from package import name`: name may be a module (tried; a miss costs nothing)
                    first = [n.split(" as ")[0].strip() for n in (names or modules).split(",")]
                    wanted = [package, *(f"{package}.{n}" for n in first if n)] if package else first
                    found += [m for m in wanted if m and m not in found]
    return found


def _check_reply(reply, what: str) -> None:
    content = (reply or {}).get("content", {})
    if content.get("status") != "ok":
        raise KernelFailed(
            f"{what} failed: {content.get('ename', 'no reply')}: {content.get('evalue', '')}".rstrip(": ")
        )


class WarmKernel:
    """One long-lived kernel, owned by one worker thread (its asyncio objects belong to that
    thread's event loop); started in the project directory as papermill would, then warmed.
    ``kill`` may be called from any thread."""

    def __init__(self, imports=(), registry: set | None = None):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self._run_sync = run_sync
        self.registry = registry if registry is not None else set()
        self.km = AsyncKernelManager(kernel_name="python3")
        # the same start as nbclient's for a fresh kernel (history in memory), in the same directory
        try:
            run_sync(self.km.start_kernel)(
                cwd=str(PROJECT_DIR), extra_arguments=["--HistoryManager.hist_file=:memory:"]
            )
        except Exception as exc:
            raise KernelFailed(f"starting a kernel failed: {type(exc).__name__}: {exc}") from None
        self.process = getattr(self.km.provisioner, "process", None)
        self.registry.add(self)
        self.kc = None
        try:
            self.kc = run_sync(self._connect)()
            code = (
                f"__import__('shanxi_analysis.report.runner', fromlist=['kernel_warm']).kernel_warm({list(imports)!r})"
            )
            if not self.call(code, "warming up the kernel", listen=True):
                # its outputs were not heard: wait until they are (as nbclient's own clients do)
                run_sync(self.kc.wait_for_ready)(timeout=60)
        except BaseException:
            self.shutdown()
            raise

    async def _connect(self):
        """The kernel's one client, used by every notebook run in it.  Not ``wait_for_ready``
        (a quarter of a second, mostly listening for stray messages): the warm-up request waits in
        the socket until the kernel is up, and its reply says the kernel is ready."""
        kc = self.km.client()
        kc.start_channels()
        kc.allow_stdin = False  # as nbclient's own clients
        return kc

    def call(self, code: str, what: str, timeout: float = 300, listen: bool = False) -> bool:
        """Run ``code`` silently; raise KernelFailed unless it succeeded.  With ``listen``, say
        whether the kernel's output channel was heard (its "idle" after the request)."""

        async def call():
            kc = self.kc
            msg_id = kc.execute(code, silent=True, store_history=False)
            deadline = time.monotonic() + timeout
            while True:  # not execute(reply=True): it would wait out its timeout on a dead kernel
                try:
                    reply = await kc.get_shell_msg(timeout=0.5)
                except queue.Empty:
                    if not await self.km.is_alive():
                        raise RuntimeError("the kernel died") from None
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"no reply in {timeout:.0f} s") from None
                    continue
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
            heard, until = False, time.monotonic() + 1
            while listen and not heard and time.monotonic() < until:
                try:
                    msg = await kc.get_iopub_msg(timeout=max(0.01, until - time.monotonic()))
                except queue.Empty:
                    break
                heard = (
                    msg["parent_header"].get("msg_id") == msg_id
                    and msg["msg_type"] == "status"
                    and msg["content"].get("execution_state") == "idle"
                )
            return reply, heard

        try:
            reply, heard = self._run_sync(call)()
        except Exception as exc:  # the kernel died or never answered
            raise KernelFailed(f"{what} failed: {type(exc).__name__}: {exc}") from None
        _check_reply(reply, what)
        return heard

    def alive(self) -> bool:
        try:
            return bool(self._run_sync(self.km.is_alive)())
        except Exception:
            return False

    def shutdown(self) -> None:
        """Ask the kernel to exit (it runs its exit handlers and removes its files); terminated,
        then killed, if it has not within ``shutdown_wait_time``.  As ``km.shutdown_kernel`` but
        without interrupting first (the kernel is idle) and watching for the exit every 20 ms,
        not 100: this is at the end of every run."""
        self.registry.discard(self)
        if self.kc is not None:
            with contextlib.suppress(Exception):
                self.kc.stop_channels()
            self.kc = None

        async def shutdown():
            if await self.km.is_alive():
                await self.km.request_shutdown()
                await self.km.finish_shutdown(pollinterval=0.02)

        try:
            self._run_sync(shutdown)()
        except Exception:
            self.kill()
        finally:
            with contextlib.suppress(Exception):
                self._run_sync(self.km.cleanup_resources)()

    def kill(self) -> None:
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(OSError):
                process.kill()


_engine_lock = threading.Lock()


def _warm_engine() -> str:
    """Register (once) a papermill engine that runs a notebook in a given kernel ``km`` through
    its connected client ``kc``: the standard nbclient engine, except that the kernel is reset
    first, and kernel and client stay up afterwards."""
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillException

    with _engine_lock:
        try:
            papermill_engines.get_engine(WARM_ENGINE)
            return WARM_ENGINE
        except PapermillException:
            pass
        from papermill.clientwrap import PapermillNotebookClient
        from papermill.engines import NBClientEngine
        from papermill.log import logger
        from papermill.utils import remove_args

        class WarmClient(PapermillNotebookClient):
            def papermill_execute_cells(self):
                _check_reply(
                    self.wait_for_reply(self.kc.execute(RESET_CODE, silent=True, store_history=False)),
                    "resetting the kernel",
                )
                super().papermill_execute_cells()

            def execute(self, **kwargs):
                try:
                    return super().execute(**kwargs)
                finally:
                    self.kc = None  # the kernel's client: it stays connected for the next notebook

        class WarmEngine(NBClientEngine):
            @classmethod
            def execute_managed_notebook(
                cls,
                nb_man,
                kernel_name,
                log_output=False,
                stdout_file=None,
                stderr_file=None,
                start_timeout=60,
                execution_timeout=None,
                km=None,
                kc=None,
                **kwargs,
            ):
                kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
                # shell_timeout_interval: how often a silent kernel is checked for being alive (5 s)
                client = WarmClient(
                    nb_man,
                    km=km,
                    timeout=execution_timeout,
                    startup_timeout=start_timeout,
                    shell_timeout_interval=1,
                    kernel_name=kernel_name,
                    log=logger,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                    **kwargs,
                )
                client.kc = kc  # connected already: nbclient skips starting a client of its own
                return client.execute()

        papermill_engines.register(WARM_ENGINE, WarmEngine)
    return WARM_ENGINE


# ---------------------------------------------------------------------------------------------
# Inside a long-lived kernel (these run in the kernel process, called through RESET_CODE)

_KERNEL_STATE: dict = {}


def kernel_warm(imports=()) -> None:
    """Import what the notebooks use, then remember the state a fresh kernel starts with."""
    import copy
    import importlib
    import sys
    import warnings

    for name in (*BASE_IMPORTS, *imports):
        with contextlib.suppress(Exception):  # the notebook meets the same error, and reports it in its cell
            importlib.import_module(name)
    state = _KERNEL_STATE
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:  # `_`, `__doc__`, `__spec__`...: what a reset drops and a new kernel has
        state["ns"] = dict(shell.user_ns)
        state["hidden"] = dict(shell.user_ns_hidden)
    state["cwd"] = os.getcwd()
    state["environ"] = dict(os.environ)
    state["path"] = list(sys.path)
    state["filters"] = list(warnings.filters)
    if "matplotlib" in sys.modules:
        state["rc"] = copy.deepcopy(dict(sys.modules["matplotlib"].rcParams))
    if "numpy" in sys.modules:
        np = sys.modules["numpy"]
        state["numpy"] = (np.get_printoptions(), np.geterr())
    _freeze()


def _freeze() -> None:
    """Leave what is alive now (modules, caches) out of the garbage collector's full passes:
    they are a larger heap than a fresh kernel's and would make every pass slower (a tenth of a
    second over five notebooks).  Collection timing changes nothing a notebook shows."""
    import gc

    gc.collect()
    gc.freeze()


def kernel_reset() -> None:  # noqa: C901
    """Put the kernel back in the state of a fresh one: the imported modules stay (that is the
    point); the namespace, counters and the global settings a notebook can change do not."""
    import copy
    import random
    import sys
    import warnings

    from IPython import get_ipython

    state = _KERNEL_STATE
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # user namespace, In/Out, `_`, history; execution count 1
        shell.execution_count = 1
        shell.set_custom_exc((), None)  # the one-line errors of setup() (report.notebook) come with setup()
        for ns, fresh in ((shell.user_ns, state.get("ns", {})), (shell.user_ns_hidden, state.get("hidden", {}))):
            for key, value in fresh.items():
                ns.setdefault(key, value)
    os.chdir(state["cwd"])
    if os.environ != state["environ"]:
        os.environ.clear()
        os.environ.update(state["environ"])
    sys.path[:] = state["path"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mpl = sys.modules.get("matplotlib")
        if mpl is not None and "rc" in state:
            if "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close("all")
            mpl.rcParams.update(copy.deepcopy(state["rc"]))
            fm = sys.modules.get("matplotlib.font_manager")
            cached = getattr(getattr(fm, "FontManager", None), "_findfont_cached", None)
            if cached is not None:  # its "font not found" messages come once per process
                cached.cache_clear()
        pd = sys.modules.get("pandas")
        if pd is not None:
            pd.reset_option("all")
        np = sys.modules.get("numpy")
        if np is not None and "numpy" in state:
            printoptions, errors = state["numpy"]
            np.set_printoptions(**printoptions)
            np.seterr(**errors)
            np.random.seed()
        widgets = sys.modules.get("ipywidgets")
        if widgets is not None:
            widgets.Widget.close_all()
    random.seed()
    charts = sys.modules.get("shanxi_analysis.report.charts")
    if charts is not None:
        charts._warned = False  # "no CJK font" is said once per kernel
    # warnings shown "once"/"default" are shown again, as in a new process
    warnings.filters[:] = state["filters"]
    warnings.onceregistry.clear()
    getattr(warnings, "_filters_mutated", lambda: None)()
    _freeze()  # the last notebook's garbage collected first

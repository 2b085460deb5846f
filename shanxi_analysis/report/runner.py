"""``shanxi run``: execute every notebook with papermill, export each to HTML without code, and
write ``reports/index.html``.

* Parameters are checked before anything runs (unknown language, impossible year, unknown
  indicator or scenario: the valid choices are listed).
* Each notebook executes into a temporary file and replaces its previous output only when it
  succeeded, so a failure leaves earlier outputs intact; the partial notebook is kept under
  ``reports/failed/`` and the message names the notebook and the failing cell.
* HTML pages are exported with nbconvert (``--no-input``: no code, images embedded as data URIs,
  ``lang="zh-CN"`` on Chinese pages), cells tagged ``remove_cell`` dropped.
* Notebooks run two at a time (one kernel per core); progress is printed as they finish.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import html
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import ShanxiError, unknown_choice
from .notebook import NOTEBOOKS, check_params
from ..core.paths import PROJECT_DIR

NOTEBOOK_DIR = PROJECT_DIR / "notebooks"
TEMPLATES = Path(__file__).resolve().parent / "templates"
LANG_CHOICES = ("zh", "en", "both")
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
    common = {"as_of_year": as_of, "lang": None, "indicators": indicators, "scenario": scenario,
              "indicator": str(indicator), "interactive": False, "hindsight_year": HINDSIGHT_YEAR,
              "seed": DEFAULT_SEED}
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


def execute(job: Job, out: Path, notebook_dir: Path | None = None) -> Path:
    """Run one notebook with papermill into ``out/executed``; raise NotebookFailed on error."""
    import papermill as pm

    notebook_dir = notebook_dir or NOTEBOOK_DIR
    executed = out / "executed"
    executed.mkdir(parents=True, exist_ok=True)
    final = executed / f"{job.notebook}.{job.lang}.ipynb"
    tmp = executed / f".{job.notebook}.{job.lang}.running.ipynb"
    try:
        pm.execute_notebook(str(notebook_dir / f"{job.notebook}.ipynb"), str(tmp), parameters=job.params,
                            kernel_name="python3", progress_bar=False, cwd=str(PROJECT_DIR), log_output=False)
    except Exception as exc:  # papermill's execution error, a dead kernel, a timeout
        failed = out / "failed"
        failed.mkdir(parents=True, exist_ok=True)
        partial = failed / final.name
        if tmp.exists():
            tmp.replace(partial)
        raise NotebookFailed(f"notebook {job.notebook} ({job.lang}) failed in {_failed_cell(exc)}; "
                             f"partial output kept in {partial}") from None
    tmp.replace(final)
    return final


def export_html(executed: Path, job: Job, out: Path) -> Path:
    """HTML without code; images stay embedded; Chinese pages say lang="zh-CN"."""
    import nbformat
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.TagRemovePreprocessor.remove_cell_tags = ("remove_cell", "parameters", "injected-parameters")
    c.TagRemovePreprocessor.enabled = True
    exporter = HTMLExporter(config=c, template_name="briefing", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nbformat.read(executed, as_version=4))
    zh, en = NOTEBOOKS[job.notebook]
    title = html.escape(zh if job.lang == "zh" else en)
    body = re.sub(r"<html[^>]*>", f'<html lang="{"zh-CN" if job.lang == "zh" else "en"}">', body, count=1)
    body = body.replace("<title>Notebook</title>", f"<title>{title}</title>", 1)
    body = body.replace(f"<title>{executed.stem}</title>", f"<title>{title}</title>", 1)
    pages = out / "html"
    pages.mkdir(parents=True, exist_ok=True)
    page = pages / f"{job.notebook}.{job.lang}.html"
    tmp = page.with_suffix(".tmp")
    tmp.write_text(body, encoding="utf-8")
    tmp.replace(page)
    return page


def write_index(jobs: list[Job], out: Path, as_of: int) -> Path:
    rows = []
    for name, (zh, en) in NOTEBOOKS.items():
        # every page present (this run's and earlier ones), so a partial rerun keeps the index whole
        links = [f'<a href="html/{name}.{code}.html">{"中文" if code == "zh" else "English"}</a>'
                 for code in ("zh", "en") if (out / "html" / f"{name}.{code}.html").exists()]
        if links:
            rows.append(f"<tr><td>{html.escape(zh)}</td><td>{html.escape(en)}</td><td>{' · '.join(links)}</td></tr>")
    params = jobs[0].params if jobs else {}
    shown = {k: v for k, v in params.items() if k != "lang"}
    page = f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>山西省五年规划跟踪 / Shanxi five-year plan tracker</title>
<style>body{{font-family:"Noto Sans CJK SC",sans-serif;max-width:860px;margin:2em auto}}td,th{{padding:4px 10px;border-bottom:1px solid #ddd}}</style>
</head><body>
<h1>山西省五年规划跟踪 / Shanxi five-year plan tracker</h1>
<p>截至 / as of: <b>{as_of}</b>. 参数 / parameters: <code>{html.escape(str(shown))}</code>.
生成 / generated: {_dt.date.today().isoformat()}.</p>
<table><tr><th>简报</th><th>Briefing</th><th></th></tr>
{''.join(rows)}
</table>
<p>资料来源 / Sources: 晋政发〔2021〕7号 (山西省“十四五”规划纲要); observed statistics in data/raw/observed.csv, each with its source and vintage.</p>
</body></html>
"""
    path = out / "index.html"
    path.write_text(page, encoding="utf-8")
    return path


def quiet_kernel_profile(out: Path) -> Path:
    """An IPython profile for the batch kernels: no user startup files, and the kernel's own
    start/stop log lines (transport warnings, shutdown interrupts) kept off the progress output."""
    profile = out / ".ipython" / "profile_default"
    profile.mkdir(parents=True, exist_ok=True)
    (profile / "ipython_kernel_config.py").write_text("c.Application.log_level = 'CRITICAL'\n", encoding="utf-8")
    return profile.parent


def run(as_of=None, lang="both", only=None, out="reports", indicators=None, scenario="baseline", indicator="1",
        workers: int = 2, echo=print, notebook_dir: Path | None = None) -> Path:
    """Execute and export; returns the index page.  Raises NotebookFailed on the first failure."""
    jobs = plan_jobs(as_of, lang, only, indicators, scenario, indicator)
    out = Path(out)
    if not out.is_absolute():
        out = Path.cwd() / out
    os.environ["IPYTHONDIR"] = str(quiet_kernel_profile(out))
    os.environ.setdefault("MPLBACKEND", "Agg")
    as_of = jobs[0].params["as_of_year"] if jobs else as_of
    echo(f"shanxi run: {len(jobs)} notebook runs as of {as_of} into {out}")
    started = time.perf_counter()
    failures = []
    # Notebooks that forecast run last; meanwhile one worker fits the models once into the cache,
    # so their kernels load results instead of importing statsmodels and refitting.
    jobs = sorted(jobs, key=lambda j: j.notebook in FORECASTING)
    with cf.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        if notebook_dir is None and any(j.notebook in FORECASTING for j in jobs):
            pool.submit(warm_forecasts, as_of)
        futures = {pool.submit(_one, job, out, notebook_dir): job for job in jobs}
        done = 0
        for fut in cf.as_completed(futures):
            job = futures[fut]
            done += 1
            try:
                seconds = fut.result()
                echo(f"[{done}/{len(jobs)}] {job.label}: ok ({seconds:.1f} s)")
            except NotebookFailed as exc:
                failures.append(str(exc))
                echo(f"[{done}/{len(jobs)}] {job.label}: FAILED")
    if failures:
        raise NotebookFailed("\n".join(failures))
    index = write_index(jobs, out, as_of)
    echo(f"wrote {index} ({time.perf_counter() - started:.1f} s)")
    return index


FORECASTING = ("3_forecasts", "5_briefing")


def warm_forecasts(as_of: int) -> None:
    """Fit every forecast the notebooks will ask for (they hit the cache afterwards)."""
    from ..models.forecast import DEFAULT_SEED, HINDSIGHT_YEAR, forecast, forecastable_series

    try:
        for series in forecastable_series():
            forecast(series, as_of=as_of, seed=DEFAULT_SEED)
            forecast(series, as_of=HINDSIGHT_YEAR, seed=DEFAULT_SEED)
    except Exception:  # a warm-up failure only costs time: the notebooks compute and report
        pass


def _one(job: Job, out: Path, notebook_dir: Path | None = None) -> float:
    t0 = time.perf_counter()
    executed = execute(job, out, notebook_dir)
    export_html(executed, job, out)
    return time.perf_counter() - t0


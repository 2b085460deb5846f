"""``shanxi run``: execute every notebook with papermill, export each to HTML without code, and
write the briefing site around them.  One module per job:

* :mod:`.plan` - the parameters checked and the notebook runs listed before anything runs;
* :mod:`.folder` - the output folder: checked, locked, atomic writes, the run log, the kernels'
  environment for the length of the run;
* :mod:`.execute` - one notebook through papermill (and papermill's engine for a warm kernel);
* :mod:`.kernels` - a long-lived kernel; :mod:`.in_kernel` - the code that runs inside it;
* :mod:`.pool` - the jobs run two at a time, in warm kernels or fresh ones;
* :mod:`.pages` - an executed notebook exported as a page; :mod:`.site` - the index pages and
  every page's header bar and footer (Jinja templates in ``report/templates/site``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import time
from pathlib import Path

from ...core.errors import ShanxiError, unknown_choice
from ..messages import say
from .execute import execute
from .folder import (
    LOCK_NAME,
    RUN_LOG,
    OutputError,
    check_out,
    kernel_environment,
    locked_out,
    log_run,
    quiet_kernel_profile,
    warnings_to_log,
)
from .indicators import write_indicator_pages
from .pages import export_html, name_downloads
from .plan import FORECASTING, Job, NotebookFailed, plan_jobs
from .pool import run_fresh, run_warm
from .site import check_one_year, run_facts, site_region, write_index

KERNEL_CHOICES = ("warm", "fresh")


def run(
    as_of=None,
    lang="both",
    only=None,
    out="reports",
    indicators=None,
    scenario="baseline",
    indicator=None,
    workers: int = 2,
    echo=print,
    notebook_dir: Path | None = None,
    kernels: str = "warm",
    plan=None,
    say_lang: str = "en",
) -> Path:
    """Execute and export; returns the index page.  Raises NotebookFailed after the other notebooks
    ran if any failed.  ``kernels``: "warm" (long-lived kernels, reset between notebooks) or
    "fresh" (one new kernel per notebook).  ``say_lang``: the language of the progress lines given
    to ``echo`` (the command line's message language; ``lang`` chooses the pages')."""
    if kernels not in KERNEL_CHOICES:
        raise unknown_choice("kernel mode", kernels, KERNEL_CHOICES)
    jobs = plan_jobs(as_of, lang, only, indicators, scenario, indicator, plan)
    out = check_out(out)  # before any kernel starts
    with locked_out(out):
        check_one_year(jobs, out, jobs[0].params["as_of_year"])  # an index describes pages of one year
        with kernel_environment(out):
            return _run_locked(jobs, out, workers, _progress(echo, say_lang), notebook_dir, kernels)


def _site_pages(out: Path, as_of: int, forecast_plan: str | None, region: str) -> None:
    """The indicator pages (every plan's facts, from the disk-cached dossiers; the forecasts the
    run has just fitted; the site named for ``region``): written in this process while the kernels run."""
    write_indicator_pages(out, as_of, forecast_plan, region=region)


def progress_line(key: str, lang: str, job: Job | None = None, seconds: float | None = None, **fields) -> str:
    """One progress line of the run (``cli.run.<key>``) in ``lang``: the notebook named by its file
    name and its pages' language code, the seconds written with one decimal."""
    if job is not None:
        fields.update(notebook=job.notebook, pages=job.lang)
    if seconds is not None:
        fields["seconds"] = f"{seconds:.1f}"
    return say(f"cli.run.{key}", lang, **fields)


def _progress(echo, lang: str):
    """``echo`` fed the worded line of each progress event."""
    return lambda key, **fields: echo(progress_line(key, lang, **fields))


def _run_locked(jobs: list[Job], out: Path, workers, say_progress, notebook_dir, kernels) -> Path:
    as_of = jobs[0].params["as_of_year"]
    say_progress("start", n=len(jobs), year=as_of, out=out)
    # run.log stays English: a log read by whoever debugs a run, worded like the tracebacks beside it
    log_run(out, f"shanxi run: {len(jobs)} notebook runs as of {as_of} ({kernels} kernels, pid {os.getpid()})")
    started = time.perf_counter()
    failures = []
    jobs = sorted(jobs, key=lambda j: j.notebook in FORECASTING)  # their models are fitted meanwhile
    forecasting = notebook_dir is None and any(j.notebook in FORECASTING for j in jobs)
    fit = (as_of, jobs[0].params["plan"]) if forecasting else None
    # the indicator pages are written while the kernels run, once the forecasts are fitted
    site = functools.partial(
        _site_pages, out, as_of, jobs[0].params["plan"] if forecasting else None, site_region(jobs[0].params["plan"])
    )
    runs = (run_warm if kernels == "warm" else run_fresh)(
        jobs, out, notebook_dir, max(1, workers), fit, site if notebook_dir is None else None
    )
    with contextlib.closing(runs), warnings_to_log(out):  # on Ctrl-C too: no kernel outlives the run
        for done, (job, seconds, failure) in enumerate(runs, 1):
            if failure is None:
                say_progress("ok", done=done, n=len(jobs), job=job, seconds=seconds)
                log_run(out, f"{job.label}: ok ({seconds:.1f} s)")
            else:
                failures.append(failure)
                say_progress("failed", done=done, n=len(jobs), job=job)
                log_run(out, f"{job.label}: FAILED: {failure}")
    if failures:
        message = "\n".join(map(str, failures))
        if all(isinstance(f, ShanxiError) for f in failures):  # each in the reader's language
            raise NotebookFailed(message, code="notebooks_failed", failures=failures)
        raise NotebookFailed(message)
    index = write_index(jobs, out, as_of, notebook_dir)
    say_progress("wrote", index=index, seconds=time.perf_counter() - started)
    return index


__all__ = [
    "KERNEL_CHOICES",
    "LOCK_NAME",
    "RUN_LOG",
    "Job",
    "NotebookFailed",
    "OutputError",
    "check_out",
    "execute",
    "export_html",
    "locked_out",
    "log_run",
    "name_downloads",
    "plan_jobs",
    "progress_line",
    "quiet_kernel_profile",
    "run",
    "run_facts",
    "write_index",
]

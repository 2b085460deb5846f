"""Running the jobs: two at a time (one kernel per core), each notebook executed
(:mod:`.execute`) and exported (:mod:`.pages`), progress reported as pages are written.

* ``warm`` (the default): a few long-lived kernels (:class:`.kernels.WarmKernel`), one per worker
  thread, started and pre-warmed once and reset before each notebook; a page is exported in
  another thread while its kernel runs the next notebook.  The pages are byte-identical to the
  ``fresh`` mode's, where papermill starts a new kernel per notebook and every notebook pays for
  starting Python and importing pandas and matplotlib again (``python -m bench`` compares both
  with their floor).  A kernel that dies is replaced for the next notebook; kernels are shut
  down at the end, after a failure and on Ctrl-C.
* Notebooks that forecast run last; meanwhile this process fits their models once into the
  cache (:func:`warm_forecasts`), so their kernels load results instead of importing statsmodels.

Both yield ``(job, seconds, failure)`` as pages are written; an unexpected error (a bug, Ctrl-C)
stops every kernel before it goes on."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import queue
import threading
import time
from pathlib import Path

from . import plan
from .execute import execute
from .kernels import KernelFailed, WarmKernel, kernel_imports, kill_child_kernels, notebook_imports
from .pages import export_html, warm_exporter
from .plan import FORECASTING, Job, NotebookFailed


def warm_forecasts(as_of: int, plan=None) -> None:
    """Fit every forecast the notebooks will ask for (they hit the cache afterwards)."""
    from ...models.forecast import DEFAULT_SEED, HINDSIGHT_YEAR, forecast, forecastable_series, hindsight

    try:
        for series in forecastable_series(plan=plan):
            if forecast(series, as_of=as_of, seed=DEFAULT_SEED, plan=plan).status == "ok":
                # one fit per as-of year from HINDSIGHT_YEAR
                hindsight(series, HINDSIGHT_YEAR, as_of, DEFAULT_SEED, plan=plan)
    except Exception:  # a warm-up failure only costs time: the notebooks compute and report
        pass


def run_one(job: Job, out: Path, notebook_dir: Path | None = None, kernel: WarmKernel | None = None) -> float:
    """Execute and export one notebook; the seconds it took."""
    t0 = time.perf_counter()
    executed = execute(job, out, notebook_dir, kernel)
    export_html(executed, job, out)
    return time.perf_counter() - t0


def prepare(fit, site) -> None:
    """The run's own work beside the kernels: the forecasts fitted (``fit``: their as-of year and
    plan), then ``site()`` (the pages written in this process, which show those forecasts)."""
    if fit is not None:
        warm_forecasts(*fit)
    if site is not None:
        site()


def run_fresh(jobs, out, notebook_dir, workers, fit, site=None):
    """One new kernel per notebook (papermill's own way); yields (job, seconds, failure)."""
    pool = cf.ThreadPoolExecutor(max_workers=workers)
    done = False
    try:
        beside = pool.submit(prepare, fit, site)
        futures = {pool.submit(run_one, job, out, notebook_dir): job for job in jobs}
        for fut in cf.as_completed(futures):
            try:
                yield futures[fut], fut.result(), None
            except NotebookFailed as exc:
                yield futures[fut], None, exc
        beside.result()  # a failure to write the site's own pages is a bug: raised
        done = True
    finally:  # interrupted: start nothing more; the running notebooks' kernels are killed
        pool.shutdown(wait=False, cancel_futures=True)
        if not done:
            kill_child_kernels()
        pool.shutdown(wait=True)


def run_warm(jobs, out, notebook_dir, workers, fit, site=None):
    """``workers`` long-lived kernels take the jobs in order (:class:`WarmPool`)."""
    pool = WarmPool(jobs, out, notebook_dir, workers, fit, site)
    yield from pool.results()
    if pool.site_failed is not None:  # a failure to write the site's own pages is a bug: raised
        raise pool.site_failed


class WarmPool:
    """``workers`` threads, each owning one long-lived kernel, take the jobs in order; a page is
    exported in another thread while its kernel runs the next notebook; one more thread gets
    the exporter ready and fits the forecasts while the kernels start."""

    def __init__(self, jobs, out: Path, notebook_dir: Path | None, workers: int, fit, site=None):
        self.out, self.notebook_dir, self.fit, self.site = out, notebook_dir, fit, site
        self.site_failed: BaseException | None = None
        self.todo: queue.SimpleQueue = queue.SimpleQueue()
        for job in jobs:
            self.todo.put(job)
        self.count = min(workers, len(jobs))
        self.messages: queue.SimpleQueue = queue.SimpleQueue()  # (job, seconds, failure); None: a worker ended
        self.stop = threading.Event()
        self.fitted = threading.Event()
        self.live: set[WarmKernel] = set()
        self.imports = kernel_imports(
            notebook_imports(notebook_dir or plan.NOTEBOOK_DIR, sorted({j.notebook for j in jobs}))
        )
        self.exports = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="shanxi-export")

    def results(self):
        """Yield (job, seconds, failure) as pages are written; on an interruption or an
        unexpected error the kernels are killed and the threads joined before it goes on."""
        threads = [
            threading.Thread(target=self._worker, name=f"shanxi-kernel-{i}", daemon=True) for i in range(self.count)
        ]
        for thread in threads:
            thread.start()
        preparer = threading.Thread(target=self._prepare, name="shanxi-prepare", daemon=True)
        preparer.start()
        finished = 0
        try:
            while finished < self.count:
                try:
                    item = self.messages.get(timeout=0.5)  # a timeout keeps Ctrl-C responsive
                except queue.Empty:
                    continue
                if item is None:
                    finished += 1
                elif item[0] is None:
                    raise item[2]
                else:
                    yield item
        finally:
            self.stop.set()
            self.exports.shutdown(wait=False, cancel_futures=True)
            if finished < self.count:
                for kernel in list(self.live):
                    kernel.kill()
            for thread in threads:
                thread.join(timeout=30)
            self.exports.shutdown(wait=True)
            if finished == self.count:  # not interrupted: no fit left running behind the caller's back
                preparer.join()

    def _prepare(self) -> None:
        """In this process, while the kernels run: the exporter ready, the forecasts fitted, then
        the site's own pages written (``site``), off the run's critical path."""
        with contextlib.suppress(Exception):  # exporting the first page says what is wrong
            warm_exporter()
        try:
            if self.fit is not None:
                warm_forecasts(*self.fit)
        finally:
            self.fitted.set()
        if self.site is not None and not self.stop.is_set():
            try:
                self.site()
            except BaseException as exc:
                self.site_failed = exc

    def _export(self, job: Job, executed: Path, started: float) -> None:
        try:
            export_html(executed, job, self.out)
        except BaseException as exc:  # as in the fresh path: not a notebook failure, a bug
            self.messages.put((None, None, exc))
        else:
            self.messages.put((job, time.perf_counter() - started, None))

    def _worker(self) -> None:
        kernel, pending = None, []
        try:
            while (job := self._next_job()) is not None:
                started = time.perf_counter()
                try:
                    kernel = _alive_or_none(kernel) or WarmKernel(self.imports, self.live)
                    if not self._ready_for(job):
                        return
                    executed = execute(job, self.out, self.notebook_dir, kernel)
                    pending.append(self.exports.submit(self._export, job, executed, started))
                except NotebookFailed as exc:
                    self.messages.put((job, None, exc))
                except KernelFailed as exc:
                    self.messages.put(
                        (
                            job,
                            None,
                            NotebookFailed(
                                f"notebook {job.label} did not run: {exc}",
                                code="notebook_not_run",
                                label=job.label,
                                cause=exc,
                            ),
                        )
                    )
        except BaseException as exc:  # a bug: the main thread re-raises it
            self.messages.put((None, None, exc))
        finally:
            if kernel is not None:
                kernel.shutdown()
            cf.wait(pending)
            self.messages.put(None)

    def _next_job(self) -> Job | None:
        if self.stop.is_set():
            return None
        try:
            return self.todo.get_nowait()
        except queue.Empty:
            return None

    def _ready_for(self, job: Job) -> bool:
        """Wait until the forecasts are fitted if ``job`` forecasts; False when the run stops."""
        while job.notebook in FORECASTING and not self.fitted.wait(0.2):
            if self.stop.is_set():
                return False
        return not self.stop.is_set()


def _alive_or_none(kernel: WarmKernel | None) -> WarmKernel | None:
    """``kernel`` if it is alive; None after cleaning up one the last notebook killed."""
    if kernel is None or kernel.alive():
        return kernel
    kernel.shutdown()
    return None

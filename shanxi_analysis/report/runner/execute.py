"""Executing one notebook with papermill into ``out/executed``.

Each notebook executes into a temporary file and replaces its previous output only when it
succeeded, so a failure leaves earlier outputs intact; the partial notebook is kept under
``out/failed/`` and the message names the notebook and the failing cell.  Without a kernel,
papermill starts a fresh one for the notebook; given a long-lived kernel (:mod:`.kernels`), the
notebook runs in it through :data:`WARM_ENGINE`, papermill's own engine except that the kernel is
reset first (:func:`.in_kernel.kernel_reset`) and stays up afterwards."""

from __future__ import annotations

import threading
from pathlib import Path

from ...core import files
from ...core.paths import PROJECT_DIR
from . import plan
from .folder import _remove, _write_error, os_reason
from .kernels import check_reply
from .plan import Job, NotebookFailed

WARM_ENGINE = "shanxi-warm-kernel"
# executed silently (no output, no history, the execution count unchanged) before each notebook
RESET_CODE = "__import__('shanxi_analysis.report.runner.in_kernel', fromlist=['kernel_reset']).kernel_reset()"


def _failed(job: Job, exc, tmp: Path, out: Path, name: str) -> NotebookFailed:
    """The notebook's failure: where (its cell), Python's words, and what became of its partial output."""
    cell = getattr(exc, "cell_index", None)
    ename, evalue = getattr(exc, "ename", type(exc).__name__), getattr(exc, "evalue", str(exc))
    detail = f"{ename}: {evalue}".strip()
    where = f"cell {cell}" if cell is not None else "a cell"
    words, partial = _keep_partial(tmp, out, name)
    return NotebookFailed(
        f"notebook {job.notebook} ({job.lang}) failed in {where}: {detail}; {words}",
        code="notebook_failed",
        notebook=job.notebook,
        page_lang=job.lang,
        where_code="a_cell" if cell is None else "cell",
        cell=cell,
        detail=detail,
        **partial,
    )


def execute(job: Job, out: Path, notebook_dir: Path | None = None, kernel=None) -> Path:
    """Run one notebook with papermill into ``out/executed``; raise NotebookFailed on error.
    Without ``kernel`` papermill starts a fresh kernel for it; with one (a
    :class:`.kernels.WarmKernel`), the notebook runs in that long-lived kernel after it has been
    reset."""
    import papermill as pm

    notebook_dir = notebook_dir or plan.NOTEBOOK_DIR
    executed = out / "executed"
    executed.mkdir(parents=True, exist_ok=True)
    final = executed / f"{job.notebook}.{job.lang}.ipynb"
    try:  # a fresh file of this run: papermill writes into it, a planted link is never followed
        tmp = files.exclusive_file(executed, f"{job.notebook}.{job.lang}.running.ipynb")
    except OSError as exc:
        raise _write_error(final, exc) from None
    # a warm kernel already runs in the project directory (papermill's cwd would chdir this
    # whole process, which two threads undo in the wrong order)
    if kernel is not None:
        where = {"engine_name": warm_engine(), "km": kernel.km, "kc": kernel.kc}
    else:
        where = {"cwd": str(PROJECT_DIR)}
    try:
        pm.execute_notebook(
            str(notebook_dir / f"{job.notebook}.ipynb"),
            str(tmp),
            parameters=plan.injected(job, notebook_dir),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            **where,
        )
    except OSError as exc:  # the output could not be written (a full disk): no empty "partial" kept
        _remove(tmp)
        raise _write_error(Path(exc.filename) if getattr(exc, "filename", None) else tmp, exc) from None
    except Exception as exc:  # papermill's execution error, a dead kernel, a timeout
        raise _failed(job, exc, tmp, out, final.name) from None
    try:
        tmp.replace(final)
    except OSError as exc:
        _remove(tmp)
        raise _write_error(final, exc) from None
    return final


def _keep_partial(tmp: Path, out: Path, name: str) -> tuple[str, dict]:
    """Move a failed notebook's partial output to ``out/failed``; say where it went (in words and
    as a coded error's fields: ``partial_code``, the catalogue's ``cli.error.partial.*``)."""
    failed = out / "failed"
    partial = failed / name
    try:
        failed.mkdir(parents=True, exist_ok=True)
        if tmp.exists() and tmp.stat().st_size > 0:
            tmp.replace(partial)
            return f"partial output kept in {partial}", {"partial_code": "kept", "kept": str(partial)}
        return "no partial output was written", {"partial_code": "none"}
    except OSError as write_exc:
        return f"partial output not kept ({write_exc.strerror or write_exc})", {
            "partial_code": "not_kept",
            **os_reason(write_exc),
        }
    finally:
        _remove(tmp)


_engine_lock = threading.Lock()


def warm_engine() -> str:
    """Register (once) a papermill engine that runs a notebook in a given kernel ``km`` through
    its connected client ``kc``: the standard nbclient engine, except that the kernel is reset
    first, and kernel and client stay up afterwards."""
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillException

    with _engine_lock:
        try:
            papermill_engines.get_engine(WARM_ENGINE)
        except PapermillException:
            papermill_engines.register(WARM_ENGINE, _warm_engine_class())
    return WARM_ENGINE


def _warm_engine_class():
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger
    from papermill.utils import remove_args

    class WarmClient(PapermillNotebookClient):
        def papermill_execute_cells(self):
            check_reply(
                self.wait_for_reply(self.kc.execute(RESET_CODE, silent=True, store_history=False)),
                "reset",
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

    return WarmEngine

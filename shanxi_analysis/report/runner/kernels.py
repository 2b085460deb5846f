"""A long-lived ("warm") kernel: started in the project directory as papermill would start one,
pre-warmed once (numpy, pandas, matplotlib, seaborn and the project's modules imported:
:func:`.in_kernel.kernel_warm`), then reset to a fresh kernel's state before each notebook
(:func:`.in_kernel.kernel_reset`, sent by :mod:`.execute`)."""

from __future__ import annotations

import contextlib
import json
import queue
import re
import time
from pathlib import Path

from ...core import files
from ...core.errors import ShanxiError
from ...core.paths import PROJECT_DIR


class KernelFailed(ShanxiError):
    pass


WARM_CODE = "__import__('shanxi_analysis.report.runner.in_kernel', fromlist=['kernel_warm']).kernel_warm({imports!r})"
_IMPORT = re.compile(r"^(?:from\s+([\w.]+)\s+import\s+\(?([\w, ]+)|import\s+([\w., ]+))", re.M)


def notebook_imports(notebook_dir: Path, names) -> list[str]:
    """The modules the notebooks import at top level (not those imported under an ``if``, which
    a run may never reach).  Plain JSON: nbformat's validation would cost a second."""
    found = []
    for name in names:
        try:
            cells = json.loads(files.read_text(notebook_dir / f"{name}.ipynb"))["cells"]
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


def kernel_imports(imports: list[str]) -> list[str]:
    """What a warm kernel imports before its first notebook: the notebooks' own imports, and the
    stack the project pulls in (:data:`.in_kernel.BASE_IMPORTS`) when they import the project.
    Notebooks that do not (a test's one-line notebooks) get a light kernel: nothing to import that
    they never use."""
    from .in_kernel import BASE_IMPORTS

    uses_project = any(m == "shanxi_analysis" or m.startswith("shanxi_analysis.") for m in imports)
    return [*BASE_IMPORTS, *(m for m in imports if m not in BASE_IMPORTS)] if uses_project else list(imports)


# what a kernel was asked to do, by the code its failure carries (the catalogue's cli.error.step.*)
STEPS = {"start": "starting a kernel", "warm": "warming up the kernel", "reset": "resetting the kernel"}


def kernel_failed(step: str, detail: str) -> KernelFailed:
    """``step`` (a key of :data:`STEPS`) failed; ``detail`` is the kernel's or Python's own words."""
    return KernelFailed(f"{STEPS[step]} failed: {detail}", code="kernel_failed", step_code=step, detail=detail)


def check_reply(reply, step: str) -> None:
    """Raise KernelFailed unless the kernel's ``reply`` says the request (``step``) succeeded."""
    content = (reply or {}).get("content", {})
    if content.get("status") != "ok":
        raise kernel_failed(step, f"{content.get('ename', 'no reply')}: {content.get('evalue', '')}".rstrip(": "))


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
            raise kernel_failed("start", f"{type(exc).__name__}: {exc}") from None
        self.process = getattr(self.km.provisioner, "process", None)
        self.registry.add(self)
        self.kc = None
        try:
            self.kc = run_sync(self._connect)()
            if not self.call(WARM_CODE.format(imports=list(imports)), "warm", listen=True):
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

    def call(self, code: str, step: str, timeout: float = 300, listen: bool = False) -> bool:
        """Run ``code`` silently (``step``: a key of :data:`STEPS`); raise KernelFailed unless it
        succeeded.  With ``listen``, say whether the kernel's output channel was heard (its "idle"
        after the request)."""
        try:
            reply, heard = self._run_sync(self._call)(code, timeout, listen)
        except Exception as exc:  # the kernel died or never answered
            raise kernel_failed(step, f"{type(exc).__name__}: {exc}") from None
        check_reply(reply, step)
        return heard

    async def _call(self, code: str, timeout: float, listen: bool):
        kc = self.kc
        msg_id = kc.execute(code, silent=True, store_history=False)
        reply = await self._reply(msg_id, timeout)
        return reply, listen and await self._heard_idle(msg_id)

    async def _reply(self, msg_id: str, timeout: float):
        """The shell reply to ``msg_id``.  Not ``execute(reply=True)``: it would wait out its
        timeout on a dead kernel."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = await self.kc.get_shell_msg(timeout=0.5)
            except queue.Empty:
                if not await self.km.is_alive():
                    raise RuntimeError("the kernel died") from None
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no reply in {timeout:.0f} s") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    async def _heard_idle(self, msg_id: str, wait: float = 1) -> bool:
        """Whether the output channel says "idle" after ``msg_id`` within ``wait`` seconds."""
        until = time.monotonic() + wait
        while time.monotonic() < until:
            try:
                msg = await self.kc.get_iopub_msg(timeout=max(0.01, until - time.monotonic()))
            except queue.Empty:
                return False
            if (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"].get("execution_state") == "idle"
            ):
                return True
        return False

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


def kill_child_kernels() -> None:
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

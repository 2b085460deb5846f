"""``shanxi dashboard``: the plan dashboard (``notebooks/dashboard/dashboard.ipynb``, built by
:class:`.widgets.Dashboard`: the tracker's verdicts as of a chosen year and the what-if app) served
by Voila as a web page without code, for readers who never open JupyterLab.  One server serves both
languages: ``/?lang=zh`` or ``/?lang=en`` (default), and ``&as_of=2023`` opens another year; Voila
hands the query string to each page's kernel as ``QUERY_STRING``.

Voila starts one kernel (~145 MB) for every page load, so the server is bounded: kernels idle for
``idle_timeout`` seconds are shut down (even with the page still open: reloading it gives a new one),
at most ``max_kernels`` run at once (one more page load gets an HTTP 503 page), and listening beyond
localhost always goes with a token (one is generated and printed when none is given)."""

from __future__ import annotations

import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import uuid
from pathlib import Path

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

from ..core.errors import ShanxiError
from ..core.paths import PROJECT_DIR
from .messages import LANGS, say

NOTEBOOK = PROJECT_DIR / "notebooks" / "dashboard" / "dashboard.ipynb"
# Voila finds its templates in <a Jupyter data dir>/voila/templates: here templates/voila/templates/shanxi
TEMPLATES = Path(__file__).parent / "templates"
# JupyterLab extensions Voila need not load: jupytext's fails outside JupyterLab (a console error)
SKIPPED_EXTENSIONS = ("jupyterlab-jupytext",)
MAX_KERNELS = 8  # 8 x ~145 MB: about 1.2 GB at most
IDLE_TIMEOUT = 600  # seconds without kernel activity before a kernel is shut down
LOCAL_NAMES = ("localhost",)


class DashboardKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager with a cap: a page load that would start kernel number
    ``max_kernels + 1`` (counting kernels still starting) is answered with HTTP 503."""

    max_kernels = Integer(MAX_KERNELS, config=True, help="kernels running at once; 0 or less: no cap")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting: set[str] = set()

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if kernel_id is not None and kernel_id in self:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        # Check and reserve without awaiting in between, so page loads arriving together cannot
        # all pass the check; the id is chosen here so a starting kernel is counted exactly once.
        running = set(self._kernels) | self._starting
        if 0 < self.max_kernels <= len(running):
            raise web.HTTPError(
                503,
                "refused a page load: %d kernels already running",
                self.max_kernels,
                reason=f"Dashboard busy: {self.max_kernels} readers already, please try again in a few minutes",
            )
        kernel_id = kernel_id or str(uuid.uuid4())
        self._starting.add(kernel_id)
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            self._starting.discard(kernel_id)


def is_local(ip: str) -> bool:
    """Whether ``ip`` only accepts connections from this machine."""
    if ip.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:  # a host name other than localhost, or "" (every interface)
        return False


def access_token(ip: str, token: str | None, echo=print) -> str | None:
    """The token readers need: ``token`` as given; none on localhost without one; beyond localhost
    a warning, and a generated token when none is given.  An empty token is refused there."""
    if is_local(ip):
        if token == "":
            return None
        return token
    if token == "":
        raise ShanxiError(f"--ip {ip} exposes the dashboard to the network: an empty --token would let anyone in")
    echo(
        f"shanxi dashboard: WARNING: --ip {ip or '(every interface)'} exposes the dashboard beyond this machine; "
        "every page load starts a Python kernel on it. Readers need the token"
        + (" given with --token." if token else " generated below (pass --token TOKEN to choose one).")
    )
    return token or secrets.token_urlsafe(24)


def check_bounds(port: int, max_kernels: int, idle_timeout: int) -> None:
    if not 1 <= port <= 65535:
        raise ShanxiError(f"port {port} is out of range; expected 1-65535")
    if max_kernels < 1:
        raise ShanxiError(f"--max-kernels {max_kernels}: expected at least 1")
    if idle_timeout < 1:
        raise ShanxiError(f"--idle-timeout {idle_timeout}: expected at least 1 second")


def voila_command(
    port: int,
    ip: str = "127.0.0.1",
    *,
    max_kernels: int = MAX_KERNELS,
    idle_timeout: int = IDLE_TIMEOUT,
    token: bool = False,
) -> list[str]:
    """The Voila command line.  With ``token`` Voila reads the token from ``JUPYTER_TOKEN`` (see
    ``voila_env``), which keeps it out of the process list."""
    check_bounds(port, max_kernels, idle_timeout)
    cull_interval = max(1, min(60, idle_timeout // 2))  # a kernel lives at most idle_timeout + cull_interval idle
    manager = f"{DashboardKernelManager.__module__}.{DashboardKernelManager.__name__}"
    titles = {lang: say("widget.title", lang) for lang in LANGS}  # the tab's title before the kernel answers
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(NOTEBOOK),
        "--no-browser",
        f"--port={port}",
        f"--Voila.ip={ip}",
        "--theme=light",
        "--strip_sources=True",
        "--template=shanxi",
        "--VoilaConfiguration.resources=" + json.dumps({"shanxi_titles": titles}, ensure_ascii=False),
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in SKIPPED_EXTENSIONS),
        f"--VoilaConfiguration.multi_kernel_manager_class={manager}",
        f"--DashboardKernelManager.max_kernels={max_kernels}",
        f"--MappingKernelManager.cull_idle_timeout={idle_timeout}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        # an open but forgotten tab must not hold one of the max_kernels forever; a kernel still
        # computing is left alone
        "--MappingKernelManager.cull_connected=True",
        "--MappingKernelManager.cull_busy=False",
    ]
    if token:
        cmd.append("--Voila.auto_token=True")
    return cmd


def voila_env(token: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")}
    env["MPLBACKEND"] = "Agg"
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), env.get("JUPYTER_PATH")]))
    if token:
        env["JUPYTER_TOKEN"] = token
    return env


def page_url(ip: str, port: int, token: str | None, lang: str | None = None) -> str:
    host = socket.gethostname() if ip in ("", "0.0.0.0", "::") else ip
    if ":" in host:
        host = f"[{host}]"
    query = "&".join(part for part in (f"lang={lang}" if lang else "", f"token={token}" if token else "") if part)
    return f"http://{host}:{port}/" + (f"?{query}" if query else "")


def serve(
    port: int = 8866,
    ip: str = "127.0.0.1",
    *,
    max_kernels: int = MAX_KERNELS,
    idle_timeout: int = IDLE_TIMEOUT,
    token: str | None = None,
) -> int:
    """Run Voila in the foreground until interrupted or terminated; returns its exit code."""
    check_bounds(port, max_kernels, idle_timeout)
    token = access_token(ip, token)
    cmd = voila_command(port, ip, max_kernels=max_kernels, idle_timeout=idle_timeout, token=bool(token))
    print(
        f"shanxi dashboard: serving the plan dashboard at {page_url(ip, port, token)} "
        f"({say('site.lang_name', 'en')}) and {page_url(ip, port, token, 'zh')} ({say('site.lang_name', 'zh')}) "
        f"(Ctrl+C to stop); at most {max_kernels} readers at once, a page idle for {idle_timeout} s needs a reload",
        flush=True,
    )
    proc = subprocess.Popen(cmd, env=voila_env(token), cwd=str(PROJECT_DIR))

    def forward(signum, _frame):  # Voila then shuts its kernels down before exiting
        proc.send_signal(signum)

    try:
        previous = signal.signal(signal.SIGTERM, forward)
    except ValueError:  # not the main thread: whoever runs us handles signals
        previous = None
    try:
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl+C reached Voila too: let it stop its kernels
            try:
                return proc.wait(timeout=30)
            except (KeyboardInterrupt, subprocess.TimeoutExpired):
                proc.kill()
                return proc.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

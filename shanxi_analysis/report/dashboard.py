"""``shanxi dashboard``: the plan dashboard (``notebooks/dashboard/dashboard.ipynb``, built by
:class:`.widgets.Dashboard`: the tracker's verdicts as of a chosen year and the what-if app) served
by Voila as a web page without code, for readers who never open JupyterLab.  One server serves both
languages: ``/?lang=zh`` or ``/?lang=en`` (default), and ``&as_of=2023`` opens another year.

Each page has its own Python kernel (~120 MB), so the server is bounded (the Voila application is
:mod:`.dashboard_server`): a kernel ends with its page (reload, language switch, closed tab), or
``min(60 s, idle_timeout)`` after its page's connection is lost; a page left open but idle for
``idle_timeout`` seconds loses its kernel too; at most ``max_kernels`` readers are served at once (one
more page load gets a "busy" page, HTTP 503); ``preheat`` kernels are kept ready for the next readers,
so a page load does not wait for Python to start.  On localhost the server answers only requests
addressed to this machine (no token); listening beyond it always goes with a token (one is generated
and printed when none is given).  A port already in use is an error, never another port."""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

from ..core.errors import ShanxiError
from ..core.paths import PROJECT_DIR
from .messages import LANGS, say

NOTEBOOK = PROJECT_DIR / "notebooks" / "dashboard" / "dashboard.ipynb"
# Voila finds its templates in <a Jupyter data dir>/voila/templates: here templates/voila/templates/shanxi
TEMPLATES = Path(__file__).parent / "templates"
# JupyterLab extensions Voila need not load: jupytext's fails outside JupyterLab (a console error)
SKIPPED_EXTENSIONS = ("jupyterlab-jupytext",)
SERVER = "shanxi_analysis.report.dashboard_server"
MAX_KERNELS = 12  # readers at once: 12 x ~120 MB, plus the pre-heated kernels
PREHEAT = 2  # kernels kept ready for the next readers
IDLE_TIMEOUT = 600  # seconds without kernel activity before a kernel is shut down
DISCONNECTED_TIMEOUT = 60  # ... and without any connection (its page gone without a word)
IOPUB_TIMEOUT = 60  # seconds Voila waits for a cell's output after it ran (4 by default: blank pages under load)
LOCAL_NAMES = ("localhost",)


def is_local(ip: str) -> bool:
    """Whether ``ip`` only accepts connections from this machine."""
    if ip.lower() in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:  # a host name other than localhost, or "" (every interface)
        return False


def access_token(ip: str, token: str | None, echo=print, lang: str = "en") -> str | None:
    """The token readers need: ``token`` as given; none on localhost without one; beyond localhost
    a warning (in ``lang``), and a generated token when none is given.  An empty token is refused there."""
    if is_local(ip):
        if token == "":
            return None
        return token
    if token == "":
        raise ShanxiError(
            f"--ip {ip} exposes the dashboard to the network: an empty --token would let anyone in",
            code="empty_token",
            ip=ip,
        )
    where = ip or say("cli.dashboard.every_interface", lang)
    echo(say(f"cli.dashboard.exposed.{'given' if token else 'generated'}", lang, ip=where))
    return token or secrets.token_urlsafe(24)


def check_bounds(port: int, max_kernels: int, idle_timeout: int, preheat: int = PREHEAT) -> None:
    if not 1 <= port <= 65535:
        raise ShanxiError(f"port {port} is out of range; expected 1-65535", code="port_range", port=port)
    if max_kernels < 1:
        raise ShanxiError(f"--max-kernels {max_kernels}: expected at least 1", code="max_kernels", value=max_kernels)
    if idle_timeout < 1:
        raise ShanxiError(
            f"--idle-timeout {idle_timeout}: expected at least 1 second", code="idle_timeout", value=idle_timeout
        )
    if preheat < 0:
        raise ShanxiError(
            f"--preheat {preheat}: expected 0 (no kernel started ahead of readers) or more",
            code="preheat",
            value=preheat,
        )


def check_port_free(ip: str, port: int) -> None:
    """Fail clearly when ``ip:port`` is taken (by another dashboard, say): the address printed for
    readers must be this server's.  Binds as the server will (tornado's ``bind_sockets``), then lets go;
    Voila is also told not to move to another port, should the port be taken in between."""
    from tornado.netutil import bind_sockets

    try:
        sockets = bind_sockets(port, address=ip or None)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ShanxiError(
                f"port {port} on {ip or 'every interface'} is already in use (another server?): "
                "stop it or choose another port with --port",
                code="port_in_use" if ip else "port_in_use_any",
                port=port,
                ip=ip,
            ) from None
        if exc.errno == errno.EACCES:
            raise ShanxiError(
                f"port {port}: permission denied; choose a port above 1023 with --port", code="port_denied", port=port
            ) from None
        raise ShanxiError(
            f"cannot listen on {ip or 'every interface'} port {port}: {exc.strerror or exc}",
            code="cannot_listen" if ip else "cannot_listen_any",
            ip=ip,
            port=port,
            reason=str(exc.strerror or exc),
            errno=exc.errno,
        ) from None
    for sock in sockets:
        sock.close()


def voila_command(
    port: int,
    ip: str = "127.0.0.1",
    *,
    max_kernels: int = MAX_KERNELS,
    idle_timeout: int = IDLE_TIMEOUT,
    preheat: int = PREHEAT,
    token: bool = False,
) -> list[str]:
    """The command that runs the dashboard's Voila server (:mod:`.dashboard_server`).  With ``token``
    Voila reads the token from ``JUPYTER_TOKEN`` (see ``voila_env``), which keeps it out of the process
    list."""
    check_bounds(port, max_kernels, idle_timeout, preheat)
    disconnected = min(DISCONNECTED_TIMEOUT, idle_timeout)
    cull_interval = max(1, min(10, disconnected // 2))  # a kernel lives at most timeout + interval idle
    titles = {lang: say("widget.title", lang) for lang in LANGS}  # the tab's title before the kernel answers
    cmd = [
        sys.executable,
        "-m",
        SERVER,
        str(NOTEBOOK),
        "--no-browser",
        f"--port={port}",
        "--Voila.port_retries=0",  # a port in use is an error, never another port
        f"--Voila.ip={ip}",
        f"--DashboardVoila.local_hosts_only={is_local(ip)}",
        "--theme=light",
        "--strip_sources=True",
        "--template=shanxi",
        "--VoilaConfiguration.resources=" + json.dumps({"shanxi_titles": titles}, ensure_ascii=False),
        *(f"--VoilaConfiguration.extension_denylist={name}" for name in SKIPPED_EXTENSIONS),
        f"--VoilaConfiguration.multi_kernel_manager_class={SERVER}.DashboardKernelManager",
        f"--DashboardKernelManager.max_kernels={max_kernels}",
        f"--DashboardKernelManager.disconnected_timeout={disconnected}",
        f"--MappingKernelManager.cull_idle_timeout={idle_timeout}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        # an open but forgotten tab must not hold a reader's place forever; a kernel still
        # computing is left alone
        "--MappingKernelManager.cull_connected=True",
        "--MappingKernelManager.cull_busy=False",
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
    ]
    if preheat:
        cmd += ["--preheat_kernel=True", f"--pool_size={preheat}"]
    if token:
        cmd.append("--Voila.auto_token=True")
    return cmd


def voila_env(token: str | None, ip: str = "127.0.0.1") -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "JUPYTER_TOKEN_FILE")}
    env["MPLBACKEND"] = "Agg"
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), env.get("JUPYTER_PATH")]))
    env["VOILA_APP_IP"] = _self_address(ip)  # where a pre-heated kernel asks for its page's request
    if token:
        env["JUPYTER_TOKEN"] = token
    return env


def _self_address(ip: str) -> str:
    """An address of this server that its own kernels can connect to, as written in a URL."""
    if ip in ("", "0.0.0.0") or ip.lower() == "localhost":
        return "127.0.0.1"
    if ip == "::":
        return "[::1]"
    return f"[{ip}]" if ":" in ip else ip


def page_url(ip: str, port: int, token: str | None, lang: str | None = None) -> str:
    host = socket.gethostname() if ip in ("", "0.0.0.0", "::") else ip
    if ":" in host:
        host = f"[{host}]"
    query = "&".join(part for part in (f"lang={lang}" if lang else "", f"token={token}" if token else "") if part)
    return f"http://{host}:{port}/" + (f"?{query}" if query else "")


def serving_line(ip: str, port: int, token: str | None, max_kernels: int, idle_timeout: int, lang: str) -> str:
    """Where the dashboard is served, in both page languages, and its limits, worded in ``lang``."""
    names = {f"name_{code}": say(f"cli.dashboard.page.{code}", lang) for code in LANGS}
    return say(
        "cli.dashboard.serving",
        lang,
        url_en=page_url(ip, port, token),  # the dashboard's default page is English
        url_zh=page_url(ip, port, token, "zh"),
        **names,
        max_kernels=max_kernels,
        idle=idle_timeout,
    )


def serve(
    port: int = 8866,
    ip: str = "127.0.0.1",
    *,
    max_kernels: int = MAX_KERNELS,
    idle_timeout: int = IDLE_TIMEOUT,
    preheat: int = PREHEAT,
    token: str | None = None,
    lang: str = "en",
) -> int:
    """Run Voila in the foreground until interrupted or terminated; returns its exit code.  Our
    lines are in ``lang`` (the command line's); Voila's own log lines after them are its English."""
    check_bounds(port, max_kernels, idle_timeout, preheat)
    token = access_token(ip, token, lang=lang)
    cmd = voila_command(
        port, ip, max_kernels=max_kernels, idle_timeout=idle_timeout, preheat=preheat, token=bool(token)
    )
    check_port_free(ip, port)  # before the address is printed: it must be this server's
    print(serving_line(ip, port, token, max_kernels, idle_timeout, lang), flush=True)
    proc = subprocess.Popen(cmd, env=voila_env(token, ip), cwd=str(PROJECT_DIR))

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

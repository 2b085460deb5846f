"""Support for the real-browser tests: Chromium from Debian driven by Playwright, and the
JupyterLab and Voila servers they talk to (on 127.0.0.1, free ports, temporary HOME)."""

from __future__ import annotations

import collections
import importlib
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "browser tests need Debian's Chromium and CJK fonts: "
    "apt-get install -y chromium fonts-noto-cjk (make test does this when run as root)"
)
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "reports" / "screenshots"


def require_browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(INSTALL_HINT)
    try:
        importlib.import_module("playwright")
    except ImportError:
        pytest.skip("playwright is not installed: make test installs it from constraints.txt")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_line(proc: subprocess.Popen, needle: str, timeout: float) -> str:
    """Read the server's output until ``needle`` appears (event-driven, bounded by ``timeout``)."""
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        for _key, _ in sel.select(timeout=max(0.0, deadline - time.monotonic())):
            line = proc.stdout.readline().decode("utf-8", "replace")
            seen.append(line)
            if needle in line:
                return line
    raise RuntimeError(f"server did not print {needle!r} within {timeout} s:\n" + "".join(seen[-30:]))


def wait_listening(proc: subprocess.Popen, port: int, timeout: float) -> None:
    """Until a TCP connection to ``port`` succeeds: a server may print its address before it
    accepts connections, and a loaded machine widens that gap.  Between attempts it waits on the
    process itself, so a server that dies ends the wait at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            try:
                proc.wait(timeout=0.2)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(
                f"the server exited with code {proc.returncode} before listening on port {port}"
            ) from None
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


class ServerLog:
    """The server's output after start-up, read on a thread (a full pipe would stop the server):
    the last lines are kept, and :meth:`wait_for` waits for a line to appear (event-driven)."""

    def __init__(self, proc: subprocess.Popen, keep: int = 400):
        self.lines: collections.deque[str] = collections.deque(maxlen=keep)
        self._seen = threading.Condition()
        threading.Thread(target=self._read, args=(proc.stdout,), daemon=True).start()

    def _read(self, stream) -> None:
        for raw in iter(stream.readline, b""):
            with self._seen:
                self.lines.append(raw.decode("utf-8", "replace"))
                self._seen.notify_all()

    def wait_for(self, needle: str, timeout: float, since: int = 0) -> str:
        """The first line holding ``needle`` among those read after the first ``since`` lines
        (``len(log.lines)`` taken earlier, while fewer than ``keep`` lines were read)."""
        deadline = time.monotonic() + timeout
        with self._seen:
            while True:
                found = [line for line in list(self.lines)[since:] if needle in line]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError(f"the server did not print {needle!r} within {timeout} s")
                self._seen.wait(left)

    def text(self) -> str:
        return "".join(self.lines)


def start_server(make_cmd, env: dict, needle: str, attempts: int = 3) -> tuple[subprocess.Popen, int]:
    """Start a server on a free port and wait until it accepts connections; another process may
    take the port between choosing and binding it, so a failed start is retried on a new port.
    The server's later output is in ``proc.log`` (a :class:`ServerLog`)."""
    error = None
    for _ in range(attempts):
        port = free_port()
        proc = subprocess.Popen(make_cmd(port), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_for_line(proc, needle.format(port=port), 90)
            wait_listening(proc, port, 60)
            proc.log = ServerLog(proc)
            return proc, port
        except RuntimeError as exc:
            error = exc
            stop(proc)
    raise RuntimeError(f"the server did not start in {attempts} attempts: {error}")


def isolated_env(home: Path) -> dict:
    env = dict(os.environ)
    env.update(
        HOME=str(home),
        JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
        JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / ".ipython"),
        MPLCONFIGDIR=str(home / ".mpl"),
        MPLBACKEND="Agg",
        JUPYTERLAB_SETTINGS_DIR=str(home / "lab-settings"),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
        PYTHONUNBUFFERED="1",
    )
    # no "Jupyter news" toast over the page on first start
    notes = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    notes.mkdir(parents=True, exist_ok=True)
    (notes / "notification.jupyterlab-settings").write_text(
        json.dumps({"checkForUpdates": False, "fetchNews": "false"})
    )
    return env


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # shuts the kernels down too
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


LAB_TOKEN = "shanxi-test-token"


@contextmanager
def jupyterlab_server(root: Path, home: Path):
    """JupyterLab on ``root`` (a temporary HOME in ``home``); yields its base URL (token
    ``LAB_TOKEN``).  The application object is reachable from the page (``window.jupyterapp``), to
    read a notebook model's own dirty flag."""

    def cmd(port):
        return [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--allow-root",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={LAB_TOKEN}",
            f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None",
            "--ServerApp.port_retries=0",
            "--LabApp.expose_app_in_browser=True",
        ]

    proc, port = start_server(cmd, isolated_env(home), "127.0.0.1:{port}/lab")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)  # shuts the kernels down too


@contextmanager
def jupyterlab(tmp: Path, notebook: Path):
    """JupyterLab on a copy of ``notebook``; yields the URL that opens it."""
    root = tmp / "work"
    root.mkdir()
    shutil.copy(notebook, root / notebook.name)  # never let autosave touch the committed notebook
    with jupyterlab_server(root, tmp / "home") as base:
        yield f"{base}/lab/tree/{notebook.name}?token={LAB_TOKEN}"


def open_whatif_in_jupyterlab(page, url: str) -> None:
    """Open the what-if notebook at ``url``, run all its cells, and wait for the app's readout."""
    page.goto(url)
    page.locator("#jp-main-statusbar", has_text="Idle").wait_for(timeout=120_000)
    page.locator(".jp-InputPrompt").first.click()
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").click()
    page.locator(".lm-Menu-itemLabel").get_by_text("Run All Cells", exact=True).click()
    page.locator(".scenario-readout").wait_for(state="visible", timeout=120_000)


def dashboard_command(port: int, *options: str) -> list[str]:
    return [sys.executable, "-m", "shanxi_analysis", "dashboard", "--port", str(port), *options]


@contextmanager
def voila_dashboard(tmp: Path, *options: str, server: bool = False):
    """``shanxi dashboard [options]`` on a free port: yields its URL (with ``server``: the process
    too, to count its kernels and read its log)."""
    proc, port = start_server(
        lambda port: dashboard_command(port, *options), isolated_env(tmp / "home"), "is running at"
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        yield (url, proc) if server else url
    finally:
        stop(proc)


def dashboard_kernels(server: subprocess.Popen) -> int:
    """The kernels the dashboard process (``shanxi`` -> Voila -> kernels) is running.  A kernel's
    own child between fork and exec (``fc-list`` while matplotlib builds its font cache in the test's
    empty cache folder) still shows the kernel's command line: a kernel's child is not a kernel."""
    import psutil

    def kernel(process) -> bool:
        return "ipykernel" in " ".join(process.cmdline())

    count = 0
    for child in psutil.Process(server.pid).children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and kernel(child) and not kernel(child.parent()):
                count += 1
        except psutil.Error:  # exited between listing and looking
            pass
    return count


# --- what-if app: key press -> repainted readout and chart, as felt in the browser -------------

# Armed before each key press: records performance.now(), then a MutationObserver waits until both
# the readout's text and the chart (an inline SVG, or an image's src for a PNG chart) have changed,
# and the next animation frame (the repaint) has come; a PNG is decoded first.
ARM_LATENCY = """() => {
  const chart = () => document.querySelector('.scenario-chart') || document.querySelector('.scenario-app img');
  const sig = () => { const c = chart(); return !c ? '' : (c.tagName === 'IMG' ? c.src : c.innerHTML); };
  const text = () => { const r = document.querySelector('.scenario-readout'); return r ? r.innerText : ''; };
  const r0 = text(), c0 = sig();
  window.__latency = null;
  const obs = new MutationObserver(() => {
    if (text() === r0 || sig() === c0) return;
    obs.disconnect();
    const painted = () => requestAnimationFrame(() => { window.__latency = performance.now() - window.__t0; });
    const c = chart();
    if (c.tagName === 'IMG') c.decode().then(painted, painted); else painted();
  });
  obs.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
  window.__t0 = performance.now();
}"""


def slider_latencies(page, presses: int = 15, warmup: int = 2) -> list[float]:
    """Milliseconds from a key press on the what-if app's first slider (ArrowRight, ArrowLeft, ...
    so that every press changes the value) to the repainted readout and chart."""
    handle = page.locator(".scenario-app .widget-slider .noUi-handle").first
    handle.focus()
    times = []
    for i in range(presses + warmup):
        page.evaluate(ARM_LATENCY)
        handle.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
        page.wait_for_function("() => window.__latency !== null", timeout=30_000)
        if i >= warmup:
            times.append(page.evaluate("window.__latency"))
    return times

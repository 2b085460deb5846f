"""The Voila server behind ``shanxi dashboard``, run in its own process
(``python -m shanxi_analysis.report.dashboard_server NOTEBOOK [Voila options]``, see
:func:`.dashboard.voila_command`): Voila 0.5 with four changes.

- **A page's kernel ends with the page.**  On unload (reload, language switch, closed tab) Voila's page
  sends ``POST /voila/api/shutdown/<kernel id>`` with the ``_xsrf`` cookie, but Voila's page handler
  never sets that cookie, so every shutdown was refused with 403 and kernels stayed until the idle
  cull (voila-dashboards/voila#1458).  :class:`DashboardPage` sets it with the page.  A kernel whose
  page connected and then left without a word (a crash, a lost connection) has no connection left:
  it is shut down ``disconnected_timeout`` seconds after its last activity.
- **Kernels are started ahead of readers** (Voila's ``preheat_kernel``): a pre-heated kernel has run
  the notebook up to the reader's request (imports, the latest year's assessment) and waits there
  for the page's query string (:mod:`.page_request`), so a page load only builds the widgets.
- **Readers are capped**: one more page load than ``max_kernels`` readers gets a short "busy" page
  (HTTP 503) in its own language; the pre-heated kernels come on top (at most the pool size).
- **Only this machine's names are answered** while the server listens on localhost
  (``local_hosts_only``): a page elsewhere whose name an attacker points at 127.0.0.1 (DNS rebinding)
  gets 403 from every route, the kernel websocket included.
"""

from __future__ import annotations

import html
import re
import uuid

from jupyter_server._tz import utcnow
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Bool, Integer
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from .dashboard import DISCONNECTED_TIMEOUT, MAX_KERNELS
from .messages import say
from .page_request import page_lang

PREHEAT = "VOILA_PREHEAT"  # the variable Voila sets in the environment of a pre-heated kernel
RETRY_AFTER = 60  # seconds, in the busy page's Retry-After header
HTML_LANG = {"zh": "zh-CN", "en": "en"}  # <html lang>: the Simplified Chinese face for Chinese pages

# Host names of this machine (tornado lower-cases the request's host name and drops the port).
_LOCAL_HOST = r"(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])"
REMOTE_HOST = re.compile(rf"(?!{_LOCAL_HOST}$).*$")


class DashboardKernelManager(AsyncMappingKernelManager):
    """Voila's kernel manager with a cap on readers and a cull of kernels whose page is gone.

    Readers are the kernels given to a page: every kernel but those waiting in Voila's pre-heated
    pool.  Voila wraps this class (``voila_kernel_manager_factory``) when kernels are pre-heated, so
    ``_pools`` is Voila's; it is empty without pre-heating."""

    max_kernels = Integer(MAX_KERNELS, config=True, help="readers served at once; 0 or less: no cap")
    disconnected_timeout = Integer(
        DISCONNECTED_TIMEOUT,
        config=True,
        help="seconds a kernel without any connection (its page gone) may stay idle before it is shut down",
    )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._starting: set[str] = set()  # kernels being started for a page (counted as readers)
        self._warming: set[str] = set()  # kernels being started for the pool (not yet in it)
        self._page_came: set[str] = set()  # kernels whose page has connected at least once

    def notify_connect(self, kernel_id):
        super().notify_connect(kernel_id)
        self._page_came.add(kernel_id)

    def remove_kernel(self, kernel_id):
        self._page_came.discard(kernel_id)
        return super().remove_kernel(kernel_id)

    def _waiting_in_pool(self) -> set[str]:
        waiting = set()
        for pool in getattr(self, "_pools", {}).values():
            for task in pool:
                if task.done() and not task.cancelled() and task.exception() is None:
                    waiting.add(task.result()["kernel_id"])
        return waiting

    def readers(self) -> int:
        """Kernels given to a page (or being started for one)."""
        return len((set(self._kernels) | self._starting) - self._waiting_in_pool() - self._warming)

    def full(self) -> bool:
        return 0 < self.max_kernels <= self.readers()

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs):
        if kernel_id is not None and kernel_id in self:  # a restart
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        pooled = (kwargs.get("env") or {}).get(PREHEAT) == "True"
        # Check and reserve without awaiting in between, so page loads arriving together cannot all
        # pass the check; the id is chosen here so that a starting kernel is counted exactly once.
        if not pooled and self.full():
            raise web.HTTPError(503, "refused a page load: %d readers already", self.max_kernels)
        kernel_id = kernel_id or str(uuid.uuid4())
        starting = self._warming if pooled else self._starting
        starting.add(kernel_id)
        try:
            return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)
        finally:
            starting.discard(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id):
        """Shut down a kernel whose page has gone (it connected, and no connection is left) after
        ``disconnected_timeout`` seconds without activity; otherwise Voila's idle cull.  A page still
        loading has not connected yet (on a busy machine a browser may take a minute to get there):
        only the idle cull applies to it.  Pre-heated kernels waiting in the pool never reach this:
        Voila's wrapper skips them."""
        kernel = self._kernels.get(kernel_id)
        if (
            kernel is not None
            and self.disconnected_timeout > 0
            and kernel_id in self._page_came
            and not self._kernel_connections.get(kernel_id, 0)
            and getattr(kernel, "execution_state", None) != "busy"
            and hasattr(kernel, "last_activity")
        ):
            idle = (utcnow() - kernel.last_activity).total_seconds()
            if idle > self.disconnected_timeout:
                self.log.info("Shutting down kernel %s: no page connected to it for %d s", kernel_id, idle)
                await self.shutdown_kernel(kernel_id)
                return
        await super().cull_kernel_if_idle(kernel_id)


class DashboardPage(TornadoVoilaHandler):
    """The dashboard page: the busy page when the readers are capped, and the ``_xsrf`` cookie its
    unload beacon needs to shut the page's kernel down (voila-dashboards/voila#1458)."""

    @web.authenticated
    async def get(self, path=None):
        if not path and self.kernel_manager.full():
            self._busy()
            return
        # tornado sets the cookie when the token is first read; it must be before the page is flushed
        _ = self.xsrf_token
        await super().get(path=path)

    def _busy(self) -> None:
        lang = page_lang(self.request.query)
        readers = self.kernel_manager.max_kernels
        self.set_status(503, reason="Dashboard busy")
        self.set_header("Retry-After", str(RETRY_AFTER))
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        title = html.escape(say("dashboard.busy_title", lang))
        text = html.escape(say("dashboard.busy", lang, n=readers))
        self.finish(
            f"<!DOCTYPE html><html lang='{HTML_LANG[lang]}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{title}</title></head>"
            f"<body><h1>{title}</h1><p>{text}</p></body></html>"
        )


class RemoteHostRefused(web.RequestHandler):
    """Any request whose Host is not this machine, while the server listens on localhost only."""

    def prepare(self):
        raise web.HTTPError(
            403, "refused a request for host %s: the dashboard answers localhost only", self.request.host_name
        )


class DashboardVoila(Voila):
    """Voila with the dashboard's page handler, and the host check (see the module's docstring)."""

    local_hosts_only = Bool(
        True,
        config=True,
        help="answer only requests addressed to localhost, 127.x.x.x or [::1] (against DNS rebinding)",
    )

    def init_handlers(self):
        handlers = super().init_handlers()
        if self.local_hosts_only:
            # added before Voila adds its own routes, so it is matched first
            self.app.add_handlers(REMOTE_HOST, [(r".*", RemoteHostRefused)])
        page = TornadoVoilaHandler
        return [(route[0], DashboardPage, *route[2:]) if route[1] is page else route for route in handlers]


def main() -> None:
    DashboardVoila.launch_instance()


if __name__ == "__main__":  # python -m: run the importable module's classes (Voila names them by module path)
    from shanxi_analysis.report.dashboard_server import main as _main

    _main()

"""``shanxi dashboard`` is bounded and holds up: a page's kernel ends with the page (Voila's unload
beacon is accepted: the page sets its ``_xsrf`` cookie), a kernel whose page is gone is culled, idle
kernels are culled, at most ``--max-kernels`` readers are served at once (one more page load gets a
busy page, HTTP 503), kernels are pre-heated, a taken port is an error, a localhost server answers
only this machine's host names, and listening beyond localhost always goes with a token."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from fitted import assessment
from shanxi_analysis.cli import main
from shanxi_analysis.core.errors import ShanxiError
from shanxi_analysis.report import dashboard
from shanxi_analysis.report.dashboard import access_token, check_port_free, is_local, voila_command


def test_the_command_culls_idle_kernels_and_caps_them():
    cmd = voila_command(8866)
    assert cmd[1:4] == ["-m", "shanxi_analysis.report.dashboard_server", str(dashboard.NOTEBOOK)]
    assert (
        "--VoilaConfiguration.multi_kernel_manager_class=shanxi_analysis.report.dashboard_server.DashboardKernelManager"
        in cmd
    )
    assert "--DashboardKernelManager.max_kernels=12" in cmd
    assert "--MappingKernelManager.cull_idle_timeout=600" in cmd
    assert "--DashboardKernelManager.disconnected_timeout=60" in cmd  # a page gone without a word: 60 s
    assert "--MappingKernelManager.cull_interval=10" in cmd
    assert "--MappingKernelManager.cull_connected=True" in cmd  # a forgotten open tab does not hold a slot
    assert "--Voila.ip=127.0.0.1" in cmd and "--DashboardVoila.local_hosts_only=True" in cmd
    assert "--Voila.port_retries=0" in cmd  # a taken port is an error, never another port
    assert "--preheat_kernel=True" in cmd and "--pool_size=2" in cmd
    assert "--VoilaExecutor.iopub_timeout=60" in cmd  # no blank page when output lags under load
    assert not any("token" in arg for arg in cmd)  # localhost: no token by default

    cmd = voila_command(8866, "0.0.0.0", max_kernels=2, idle_timeout=2, preheat=0, token=True)
    assert "--DashboardKernelManager.max_kernels=2" in cmd
    assert "--MappingKernelManager.cull_idle_timeout=2" in cmd
    assert "--DashboardKernelManager.disconnected_timeout=2" in cmd
    assert "--MappingKernelManager.cull_interval=1" in cmd
    assert "--DashboardVoila.local_hosts_only=False" in cmd  # beyond localhost the token guards it
    assert not any("preheat" in arg or "pool_size" in arg for arg in cmd)
    assert "--Voila.auto_token=True" in cmd  # the token itself comes from JUPYTER_TOKEN, never argv


def test_the_command_serves_the_dashboard_page_with_its_template():
    cmd = voila_command(8866)
    assert cmd[3] == str(dashboard.NOTEBOOK) and dashboard.NOTEBOOK.exists() and "--template=shanxi" in cmd
    resources = json.loads(next(a for a in cmd if a.startswith("--VoilaConfiguration.resources=")).split("=", 1)[1])
    from shanxi_analysis.report.messages import say

    assert resources["shanxi_titles"] == {"zh": say("widget.title", "zh"), "en": say("widget.title", "en")}
    env = dashboard.voila_env(None)
    templates = env["JUPYTER_PATH"].split(os.pathsep)[0]
    assert (Path(templates) / "voila" / "templates" / "shanxi" / "index.html.j2").exists()
    # where a pre-heated kernel reaches its own server for its page's request
    assert env["VOILA_APP_IP"] == "127.0.0.1" and dashboard.voila_env(None, "0.0.0.0")["VOILA_APP_IP"] == "127.0.0.1"
    assert dashboard.voila_env(None, "::1")["VOILA_APP_IP"] == "[::1]"
    assert dashboard.voila_env(None, "192.168.1.5")["VOILA_APP_IP"] == "192.168.1.5"


@pytest.mark.parametrize(
    "query, lang, as_of, ignored",
    [
        ("", "en", None, []),
        ("lang=zh", "zh", None, []),
        ("lang=zh&as_of=2023", "zh", 2023, []),
        ("as_of=latest&lang=en", "en", None, []),
        ("lang=fr&as_of=20x3", "en", None, ["lang", "as_of"]),
        ("lang=zh&as_of=２０２３", "zh", None, ["as_of"]),  # digits are ASCII only, as everywhere
        ("token=abc&lang=zh", "zh", None, []),
        # a parameter given twice counts once: the first, as the browser's URLSearchParams reads it
        # (the template sets the tab title and <html lang> from it), so one page has one language
        ("lang=zh&lang=en", "zh", None, []),
        ("lang=en&lang=zh", "en", None, []),
        ("lang=zh&as_of=2023&as_of=2022", "zh", 2023, []),
        ("lang=fr&lang=zh", "en", None, ["lang"]),
    ],
)
def test_the_page_reads_language_and_year_from_its_address(query, lang, as_of, ignored):
    from shanxi_analysis.report.widgets import query_params

    assert query_params(query) == {"lang": lang, "as_of": as_of, "plan": None, "ignored": ignored}


def test_the_page_takes_any_plan_with_observations_from_its_address():
    pytest.importorskip("ipywidgets")
    from shanxi_analysis.report.widgets import Dashboard, _plan_with_observations, query_params

    assert query_params("lang=zh&plan=china-14")["plan"] == "china-14"
    assert query_params("plan=<b>")["ignored"] == ["plan"]
    assert _plan_with_observations("china-14") == "china-14" and _plan_with_observations("14") == "shanxi-14"
    assert _plan_with_observations("china-15") is None  # no observations yet: the default page, and a notice
    board = Dashboard("en", 2022, "china-14")
    assert "data-no='7'" in board.verdicts.value and "plan=china-14" in board.header.value


def test_the_as_of_selector_changes_the_verdicts_and_shares_one_state():
    pytest.importorskip("ipywidgets")
    from shanxi_analysis.report.widgets import Dashboard

    board = Dashboard("zh", 2023)
    assert board.selector.value == 2023 and "data-as-of='2023'" in board.verdicts.value
    then = assessment(14, as_of=2023).table
    assert "完成难度大" in board.verdicts.value and "data-no='1' data-status='unlikely'" in board.verdicts.value
    results, model = board.state(2023)
    assert model.results is results and board.app.model is model  # tracker and scenarios: one state
    assert board.summary.value.count("项") == len(set(then["status"])) + 1

    board.selector.value = 0  # the latest year
    assert board.as_of == 2025 and "data-no='1' data-status='missed'" in board.verdicts.value
    results, model = board.state(None)
    assert model.as_of == 2024 and "2024" in board.whatif_heading.value  # the period is over: from the last open year
    assert "?lang=en" in board.header.value and "as_of" not in board.header.value

    unknown_year = Dashboard("en", 1999)  # a year without data in the address: the latest, and a notice
    assert unknown_year.as_of == 2025 and "not recognised" in unknown_year.notice.value


@pytest.mark.parametrize(
    "kwargs, why",
    [
        ({"max_kernels": 0}, "--max-kernels"),
        ({"idle_timeout": 0}, "--idle-timeout"),
        ({"preheat": -1}, "--preheat"),
    ],
)
def test_the_bounds_cannot_be_switched_off(kwargs, why):
    with pytest.raises(ShanxiError, match=why):
        voila_command(8866, **kwargs)


def test_which_addresses_count_as_local():
    assert all(is_local(ip) for ip in ("127.0.0.1", "127.0.0.2", "localhost", "LOCALHOST", "::1"))
    assert not any(is_local(ip) for ip in ("0.0.0.0", "::", "", "192.168.1.5", "example.org"))


def test_beyond_localhost_warns_and_generates_a_token():
    said = []
    token = access_token("0.0.0.0", None, echo=said.append)
    assert len(token) >= 24 and token != access_token("0.0.0.0", None, echo=said.append)
    assert "WARNING" in said[0] and "0.0.0.0" in said[0] and "token" in said[0]
    said.clear()
    assert access_token("192.168.1.5", "chosen", echo=said.append) == "chosen" and "WARNING" in said[0]
    with pytest.raises(ShanxiError, match="empty --token"):
        access_token("0.0.0.0", "", echo=said.append)
    said.clear()
    assert access_token("127.0.0.1", None, echo=said.append) is None and not said
    assert access_token("127.0.0.1", "chosen", echo=said.append) == "chosen"


class _FakeVoila:
    def __init__(self, cmd, env, cwd):
        self.cmd, self.env = cmd, env
        _FakeVoila.last = self

    def wait(self, timeout=None):
        return 0


def test_the_cli_on_every_interface_prints_the_url_with_a_generated_token(monkeypatch, capsys):
    from browser import free_port

    port = free_port()
    monkeypatch.setattr(dashboard.subprocess, "Popen", _FakeVoila)
    monkeypatch.setenv("JUPYTER_TOKEN", "inherited")
    assert (
        main(["dashboard", "--ip", "0.0.0.0", "--port", str(port), "--max-kernels", "3", "--idle-timeout", "120"]) == 0
    )
    out = capsys.readouterr().out
    token = _FakeVoila.last.env["JUPYTER_TOKEN"]
    assert token != "inherited" and f":{port}/?token={token}" in out and "WARNING" in out
    assert not any(token in arg for arg in _FakeVoila.last.cmd)
    assert "--DashboardKernelManager.max_kernels=3" in _FakeVoila.last.cmd
    assert "--MappingKernelManager.cull_idle_timeout=120" in _FakeVoila.last.cmd
    assert "--DashboardVoila.local_hosts_only=False" in _FakeVoila.last.cmd

    # on localhost an inherited JUPYTER_TOKEN is not passed on: no token unless --token is given
    assert main(["dashboard", "--port", str(port), "--preheat", "0"]) == 0
    assert "JUPYTER_TOKEN" not in _FakeVoila.last.env and "token" not in capsys.readouterr().out.split("(Ctrl+C")[0]
    assert "--DashboardVoila.local_hosts_only=True" in _FakeVoila.last.cmd
    assert not any("preheat" in arg for arg in _FakeVoila.last.cmd)


def _listening() -> socket.socket:
    """A socket listening on a free port of 127.0.0.1: another server."""
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    return taken


def test_a_taken_port_is_one_clear_error_and_no_address_is_printed(monkeypatch, capsys):
    """Voila used to move to the next free port while ``shanxi dashboard`` printed the one asked for,
    so the reader's link opened whatever else listened there."""
    monkeypatch.setattr(dashboard.subprocess, "Popen", _FakeVoila)
    _FakeVoila.last = None
    with _listening() as taken:
        port = taken.getsockname()[1]
        assert main(["dashboard", "--port", str(port)]) == 2
        out, err = capsys.readouterr()
        assert f"port {port} on 127.0.0.1 is already in use" in err and "--port" in err, err
        assert not out and _FakeVoila.last is None  # no address printed, no server started
        with pytest.raises(ShanxiError, match="already in use"):
            check_port_free("", port)  # every interface includes the taken one
    check_port_free("127.0.0.1", port)  # free again


def test_voila_itself_never_moves_to_another_port(tmp_path):
    """Should the port be taken between the check and Voila's start, Voila fails too (no retries)."""
    pytest.importorskip("voila", reason="voila is not installed: make bootstrap installs it")
    from browser import isolated_env

    with _listening() as taken:
        port = taken.getsockname()[1]
        env = {**isolated_env(tmp_path / "home"), **dashboard.voila_env(None)}
        done = subprocess.run(voila_command(port, preheat=0), env=env, capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "is running at" not in output, output[-2000:]
    assert "no available port" in output


def test_a_bad_bound_is_one_clear_error(capsys):
    assert main(["dashboard", "--ip", "0.0.0.0", "--max-kernels", "0"]) == 2
    out, err = capsys.readouterr()
    assert "--max-kernels 0: expected at least 1" in err and not out  # before any warning or token
    assert main(["dashboard", "--ip", "0.0.0.0", "--token", ""]) == 2
    assert "empty --token" in capsys.readouterr().err


# --- a real server: cap 2, token on 127.0.0.1 ------------------------------------------------------

TOKEN = "shanxi-dashboard-test"
NO_KERNEL = "00000000-0000-4000-8000-000000000000"


def _get(url: str, token: str | None = TOKEN) -> tuple[int, str, dict]:
    """Status, body and headers (``Set-Cookie``: every cookie set, one a line)."""
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as reply:
            status, body, headers = reply.status, reply.read(), reply.headers
    except urllib.error.HTTPError as exc:
        status, body, headers = exc.code, exc.read(), exc.headers
    return (
        status,
        body.decode("utf-8", "replace"),
        {**headers, "Set-Cookie": "\n".join(headers.get_all("Set-Cookie") or [])},
    )


def _kernel_id(page: str) -> str:
    return re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1)


def _wait_until(condition, server, timeout: float, what) -> None:
    """Until ``condition()`` holds, bounded by ``timeout``; between checks it waits on the server
    process itself, so a server that dies ends the wait at once."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what() if callable(what) else what}: not within {timeout} s")
        try:
            server.wait(timeout=0.2)
        except subprocess.TimeoutExpired:
            continue
        raise AssertionError(
            f"{what() if callable(what) else what}: the dashboard exited with code {server.returncode}"
        )


def _real_dashboard(tmp_path, *options):
    pytest.importorskip("voila", reason="voila is not installed: make bootstrap installs it")
    pytest.importorskip("psutil", reason="psutil (an ipykernel dependency) is not installed")
    from browser import dashboard_command, isolated_env, start_server

    return start_server(
        lambda port: dashboard_command(port, *options), isolated_env(tmp_path / "home"), "is running at"
    )


@pytest.mark.server
def test_a_real_dashboard_refuses_a_third_reader_and_culls_idle_kernels(tmp_path):
    """Cap 2, no pre-heated kernel, idle timeout 12 s (long enough that a slow page load under load
    is not culled mid-test): pages fetched here never connect, so the idle cull takes them."""
    from browser import dashboard_kernels, stop
    from shanxi_analysis.report.messages import say

    server, port = _real_dashboard(
        tmp_path, "--max-kernels", "2", "--preheat", "0", "--idle-timeout", "12", "--token", TOKEN
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        status, page, _ = _get(url, token=None)  # no token: the login page, no kernel
        assert status == 200 and dashboard.NOTEBOOK.name not in page and "kernelId" not in page
        assert dashboard_kernels(server) == 0

        # three readers at once: two kernels start, the third page load gets the busy page at once,
        # in its own language
        most = 0
        with ThreadPoolExecutor(3) as pool:
            pending = {pool.submit(_get, f"{url}?lang=zh") for _ in range(3)}
            done = set()
            while pending:
                most = max(most, dashboard_kernels(server))
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                done |= finished
        replies = [f.result() for f in done]
        assert sorted(status for status, _, _ in replies) == [200, 200, 503], [s for s, _, _ in replies]
        assert most <= 2
        busy, headers = next((page, headers) for status, page, headers in replies if status == 503)
        assert say("dashboard.busy", "zh", n=2) in busy and "lang='zh-CN'" in busy and headers["Retry-After"]
        kernel_ids = [_kernel_id(page) for status, page, _ in replies if status == 200]
        assert len(set(kernel_ids)) == 2
        # each page sets the _xsrf cookie its unload beacon sends back (voila#1458)
        assert all("_xsrf=" in headers.get("Set-Cookie", "") for status, _, headers in replies if status == 200)

        # nobody connects to them: both are culled after 12 s (checked every 6 s): their processes
        # end and Voila's /api/kernels/<id> no longer knows them
        statuses = {}

        def culled():
            statuses.update((kid, _get(f"{url}api/kernels/{kid}")[0]) for kid in kernel_ids)
            return dashboard_kernels(server) == 0 and set(statuses.values()) == {404}

        _wait_until(culled, server, 60, lambda: f"idle kernels culled (/api/kernels/<id> statuses: {statuses})")

        # and the places are free again
        status, page, _ = _get(url)
        assert status == 200 and "kernelId" in page
        left = _descendants(server)
    finally:
        stop(server)
    # the shanxi process passed SIGTERM on to Voila, which shut its kernel down: nothing is orphaned
    import psutil

    _gone, alive = psutil.wait_procs(left, timeout=20)
    assert not alive, [p.cmdline() for p in alive]


@pytest.mark.server
def test_the_unload_beacon_shuts_the_pages_kernel_down(tmp_path):
    """What the page's unload beacon does (voila#1458): ``POST /voila/api/shutdown/<id>`` with the
    ``_xsrf`` form field equal to the page's ``_xsrf`` cookie, as a browser logged in with the token
    sends it (cookies, no token header).  Without the field it is refused: the check stays on."""
    from browser import dashboard_kernels, stop

    server, port = _real_dashboard(tmp_path, "--max-kernels", "2", "--preheat", "0", "--token", TOKEN)
    url = f"http://127.0.0.1:{port}/"
    cookies = CookieJar()
    reader = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))

    def post(path: str, form: dict) -> int:
        request = urllib.request.Request(url + path, data=urllib.parse.urlencode(form).encode(), method="POST")
        try:
            with reader.open(request, timeout=60) as reply:
                return reply.status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        with reader.open(f"{url}?lang=en&token={TOKEN}", timeout=120) as reply:  # logs in, as a link with the token
            kernel = _kernel_id(reply.read().decode("utf-8"))
        xsrf = next(c.value for c in cookies if c.name == "_xsrf")
        assert dashboard_kernels(server) == 1
        assert post(f"voila/api/shutdown/{kernel}", {}) == 403  # no _xsrf: refused
        assert post(f"voila/api/shutdown/{kernel}", {"_xsrf": xsrf}) == 204
        assert _get(f"{url}api/kernels/{kernel}")[0] == 404
        _wait_until(lambda: dashboard_kernels(server) == 0, server, 30, "the kernel's process ended")
    finally:
        stop(server)


@pytest.mark.server
def test_a_localhost_dashboard_answers_only_this_machines_names(tmp_path):
    """DNS rebinding: a page of another site whose name resolves to 127.0.0.1 would reach the
    tokenless server (its kernels' websocket) under that name.  Every route refuses it."""
    import http.client

    from browser import dashboard_kernels, stop

    server, port = _real_dashboard(tmp_path, "--preheat", "0")

    def status(path: str, host: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", path, headers={"Host": host})
            return connection.getresponse().status
        finally:
            connection.close()

    routes = [
        "/",
        "/?lang=zh",
        f"/api/kernels/{NO_KERNEL}",
        f"/api/kernels/{NO_KERNEL}/channels",  # the kernel websocket
        f"/voila/query/{NO_KERNEL}",  # the pre-heated kernels' request websocket
        f"/voila/api/shutdown/{NO_KERNEL}",
        "/voila/static/voila.js",
        "/voila/files/notebooks/dashboard/dashboard.ipynb",
        "/login",
    ]
    try:
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.nip.io", "localhost.evil.example", "10.1.2.3"):
            refused = {route: status(route, host) for route in routes}
            assert set(refused.values()) == {403}, (host, refused)
        for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "LOCALHOST", "127.0.0.2"):
            assert status(f"/api/kernels/{NO_KERNEL}", host) == 404, host  # answered: no such kernel
        assert dashboard_kernels(server) == 0  # no refused request started a kernel
    finally:
        stop(server)


def _descendants(server) -> list:
    import psutil

    return psutil.Process(server.pid).children(recursive=True)


def test_only_a_page_that_came_and_went_loses_its_kernel_early():
    """The cull of kernels whose page is gone: a kernel whose page connected and has no connection
    left goes after ``disconnected_timeout``; a page still loading (not connected yet: on a busy
    machine a browser may take a minute) and a page still open keep theirs (the idle cull aside)."""
    import asyncio
    import datetime as dt
    from types import SimpleNamespace

    pytest.importorskip("voila", reason="voila is not installed: make bootstrap installs it")
    from shanxi_analysis.report.dashboard_server import DashboardKernelManager

    manager = DashboardKernelManager(disconnected_timeout=60, cull_idle_timeout=600)
    shut = []

    async def shutdown_kernel(kernel_id, *args, **kwargs):
        shut.append(kernel_id)

    manager.shutdown_kernel = shutdown_kernel
    idle = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=90)  # 90 s without activity
    for kid in ("loading", "gone", "open"):
        manager._kernels[kid] = SimpleNamespace(
            last_activity=idle, execution_state="idle", kernel_name="python3", kernel_spec=SimpleNamespace(metadata={})
        )
        manager._kernel_connections[kid] = 0
    for kid in ("gone", "open"):
        manager.notify_connect(kid)
    manager.notify_disconnect("gone")

    async def cull():
        for kid in ("loading", "gone", "open"):
            await manager.cull_kernel_if_idle(kid)

    asyncio.run(cull())
    assert shut == ["gone"]

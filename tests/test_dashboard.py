"""``shanxi dashboard`` is bounded: idle kernels are culled, at most ``--max-kernels`` run at once
(one more page load gets HTTP 503), and listening beyond localhost always goes with a token."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path

import pytest

from fitted import assessment
from shanxi_analysis.cli import main
from shanxi_analysis.core.errors import ShanxiError
from shanxi_analysis.report import dashboard
from shanxi_analysis.report.dashboard import access_token, is_local, voila_command


def test_the_command_culls_idle_kernels_and_caps_them():
    cmd = voila_command(8866)
    assert (
        "--VoilaConfiguration.multi_kernel_manager_class=shanxi_analysis.report.dashboard.DashboardKernelManager" in cmd
    )
    assert "--DashboardKernelManager.max_kernels=8" in cmd
    assert "--MappingKernelManager.cull_idle_timeout=600" in cmd
    assert "--MappingKernelManager.cull_interval=60" in cmd
    assert "--MappingKernelManager.cull_connected=True" in cmd  # a forgotten open tab does not hold a slot
    assert "--Voila.ip=127.0.0.1" in cmd
    assert not any("token" in arg for arg in cmd)  # localhost: no token by default

    cmd = voila_command(8866, max_kernels=2, idle_timeout=2, token=True)
    assert "--DashboardKernelManager.max_kernels=2" in cmd
    assert "--MappingKernelManager.cull_idle_timeout=2" in cmd
    assert "--MappingKernelManager.cull_interval=1" in cmd
    assert "--Voila.auto_token=True" in cmd  # the token itself comes from JUPYTER_TOKEN, never argv


def test_the_command_serves_the_dashboard_page_with_its_template():
    import json

    cmd = voila_command(8866)
    assert cmd[3] == str(dashboard.NOTEBOOK) and dashboard.NOTEBOOK.exists() and "--template=shanxi" in cmd
    resources = json.loads(next(a for a in cmd if a.startswith("--VoilaConfiguration.resources=")).split("=", 1)[1])
    from shanxi_analysis.report.messages import say

    assert resources["shanxi_titles"] == {"zh": say("widget.title", "zh"), "en": say("widget.title", "en")}
    env = dashboard.voila_env(None)
    templates = env["JUPYTER_PATH"].split(os.pathsep)[0]
    assert (Path(templates) / "voila" / "templates" / "shanxi" / "index.html.j2").exists()


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
    ],
)
def test_the_page_reads_language_and_year_from_its_address(query, lang, as_of, ignored):
    from shanxi_analysis.report.widgets import query_params

    assert query_params(query) == {"lang": lang, "as_of": as_of, "ignored": ignored}


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
    "kwargs, why", [({"max_kernels": 0}, "--max-kernels"), ({"idle_timeout": 0}, "--idle-timeout")]
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
    monkeypatch.setattr(dashboard.subprocess, "Popen", _FakeVoila)
    monkeypatch.setenv("JUPYTER_TOKEN", "inherited")
    assert main(["dashboard", "--ip", "0.0.0.0", "--port", "9000", "--max-kernels", "3", "--idle-timeout", "120"]) == 0
    out = capsys.readouterr().out
    token = _FakeVoila.last.env["JUPYTER_TOKEN"]
    assert token != "inherited" and f":9000/?token={token}" in out and "WARNING" in out
    assert not any(token in arg for arg in _FakeVoila.last.cmd)
    assert "--DashboardKernelManager.max_kernels=3" in _FakeVoila.last.cmd
    assert "--MappingKernelManager.cull_idle_timeout=120" in _FakeVoila.last.cmd

    # on localhost an inherited JUPYTER_TOKEN is not passed on: no token unless --token is given
    assert main(["dashboard", "--port", "9000"]) == 0
    assert "JUPYTER_TOKEN" not in _FakeVoila.last.env and "token" not in capsys.readouterr().out.split("(Ctrl+C")[0]


def test_a_bad_bound_is_one_clear_error(capsys):
    assert main(["dashboard", "--ip", "0.0.0.0", "--max-kernels", "0"]) == 2
    out, err = capsys.readouterr()
    assert "--max-kernels 0: expected at least 1" in err and not out  # before any warning or token
    assert main(["dashboard", "--ip", "0.0.0.0", "--token", ""]) == 2
    assert "empty --token" in capsys.readouterr().err


# --- a real server: cap 2, idle timeout 3 s (culled within ~4 s), token on 127.0.0.1 -----------------
# (3 s rather than 1-2: on a loaded machine a kernel can sit idle for a moment between starting and
# running the notebook, and the culler must not take it then)

TOKEN = "shanxi-dashboard-test"


def _kernels(server) -> int:
    """The kernels the dashboard process (``shanxi`` -> ``voila`` -> kernels) is running.  A kernel's
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


def _get(url: str, token: str | None = TOKEN) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=90) as reply:
            return reply.status, reply.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


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


@pytest.mark.server
def test_a_real_dashboard_refuses_a_third_reader_and_culls_idle_kernels(tmp_path):
    pytest.importorskip("voila", reason="voila is not installed: make bootstrap installs it")
    pytest.importorskip("psutil", reason="psutil (an ipykernel dependency) is not installed")
    from browser import isolated_env, start_server, stop

    def cmd(port):
        return [
            sys.executable,
            "-m",
            "shanxi_analysis",
            "dashboard",
            "--port",
            str(port),
            "--max-kernels",
            "2",
            "--idle-timeout",
            "12",
            "--token",
            TOKEN,
        ]  # long enough that a slow page load under load is not culled mid-test

    server, port = start_server(cmd, isolated_env(tmp_path / "home"), "is running at")
    url = f"http://127.0.0.1:{port}/"
    try:
        status, page = _get(url, token=None)  # no token: the login page, no kernel
        assert (
            status == 200 and dashboard.NOTEBOOK.name not in page and "kernelId" not in page and _kernels(server) == 0
        )

        # three readers at once: two kernels start, the third page load is refused at once
        most = 0
        with ThreadPoolExecutor(3) as pool:
            pending = {pool.submit(_get, url) for _ in range(3)}
            done = set()
            while pending:
                most = max(most, _kernels(server))
                finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                done |= finished
        replies = [f.result() for f in done]
        assert sorted(status for status, _ in replies) == [200, 200, 503], [s for s, _ in replies]
        assert most <= 2
        busy = next(page for status, page in replies if status == 503)
        assert "Dashboard busy" in busy
        kernel_ids = [
            re.search(r'"kernelId": "([0-9a-f-]{36})"', page).group(1) for status, page in replies if status == 200
        ]
        assert len(set(kernel_ids)) == 2

        # nobody touches them: both are culled after 12 s idle (checked every 6 s): their processes
        # end and Voila's /api/kernels/<id> no longer knows them
        statuses = {}

        def culled():
            statuses.update((kid, _get(f"{url}api/kernels/{kid}")[0]) for kid in kernel_ids)
            return _kernels(server) == 0 and set(statuses.values()) == {404}

        _wait_until(culled, server, 60, lambda: f"idle kernels culled (/api/kernels/<id> statuses: {statuses})")

        # and the slots are free again
        status, page = _get(url)
        assert status == 200 and "kernelId" in page
        left = _descendants(server)
    finally:
        stop(server)
    # the shanxi process passed SIGTERM on to Voila, which shut its kernel down: nothing is orphaned
    import psutil

    _gone, alive = psutil.wait_procs(left, timeout=20)
    assert not alive, [p.cmdline() for p in alive]


def _descendants(server) -> list:
    import psutil

    return psutil.Process(server.pid).children(recursive=True)

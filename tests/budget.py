"""Per-file time budgets for the two test tiers, so that `make test` stays fast as tests are added.

`make test` and `make test-all` run pytest with ``--budget=TIER``: each test file's total time
(setup, call and teardown of its tests) and each session fixture's own time (the site build,
Chromium, the servers: paid once, by whichever test asks first, so counted apart) are written to
``reports/test-times.TIER.json`` and compared with the committed ``tests/budget.json``.  A file (or
session fixture) fails the run when it takes more than ``FACTOR`` times its budget plus ``SLACK``
seconds, after scaling the budgets by how busy the machine is (the median ratio of measured to
budgeted time over the larger files, never below 1).  Budgets are seconds measured on an idle
2-core machine.

After a deliberate change (a file that must grow, a new file), rewrite the tier's budgets from the
last run and commit them with the reason:

    .venv/bin/python tests/budget.py update test        # or test-all
"""

from __future__ import annotations

import json
import math
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUDGET_FILE = ROOT / "tests" / "budget.json"
TIERS = ("test", "test-all")
FACTOR = 2.5  # a file fails beyond FACTOR x its budget (x the machine's load) + SLACK
SLACK = 5.0  # seconds: small files vary more than their size
NEW_FILE = 10.0  # the budget of a file not yet in budget.json
LOAD_FLOOR = 2.0  # files budgeted at this many seconds or more measure the machine's load
LOAD_SAMPLES = 5  # fewer such files than this (a partial run): the load is taken as 1


def times_file(tier: str) -> Path:
    return ROOT / "reports" / f"test-times.{tier}.json"


def cpu() -> float:
    """CPU seconds of this process and of its children that have ended (kernels, servers, Chromium)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Timer:
    """A pytest plugin: per-file totals, and session fixtures' setup and teardown apart.  Wall time
    is checked; CPU time (this process and its ended children) is recorded beside it, a view of
    the cost that a busy machine does not blur.  Under pytest-xdist each worker measures its own
    tests and sends its totals to the controller, which adds them up, writes and checks them."""

    def __init__(self, tier: str, config):
        self.tier = tier
        self.config = config
        self.worker = hasattr(config, "workeroutput")  # a pytest-xdist worker
        self.files: dict[str, float] = defaultdict(float)
        self.fixtures: dict[str, float] = defaultdict(float)
        self.files_cpu: dict[str, float] = defaultdict(float)
        self.fixtures_cpu: dict[str, float] = defaultdict(float)
        self._stack: list[list] = []  # [fixture name, wall, cpu at the start, wall and cpu of nested fixtures]
        self._charged = 0.0  # session-fixture wall time inside the current test phase
        self._charged_cpu = 0.0  # ... and CPU time inside the current test
        self.started, self.started_cpu = time.perf_counter(), cpu()
        self.problems: list[str] = []
        self.report: list[str] = []

    # session fixtures: timed from their setup hook, and through two finalizers around their teardown
    def _enter(self, name: str) -> None:
        self._stack.append([name, time.perf_counter(), cpu(), 0.0, 0.0])

    def _leave(self) -> None:
        name, start, start_cpu, inner, inner_cpu = self._stack.pop()
        elapsed, used = time.perf_counter() - start, cpu() - start_cpu
        self.fixtures[name] += elapsed - inner
        self.fixtures_cpu[name] += used - inner_cpu
        if self._stack:
            self._stack[-1][3] += elapsed
            self._stack[-1][4] += used
        else:
            self._charged += elapsed
            self._charged_cpu += used

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        if fixturedef.scope != "session" or not _ours(fixturedef):
            return (yield)
        fixturedef.addfinalizer(self._leave)  # runs last: after the fixture's own teardown
        self._enter(fixturedef.argname)
        try:
            return (yield)
        finally:
            self._leave()
            fixturedef.addfinalizer(lambda: self._enter(fixturedef.argname))  # runs first

    @property
    def controller(self) -> bool:
        """pytest-xdist's controller (its plugin registers after ours: asked when needed)."""
        return self.config.pluginmanager.hasplugin("dsession")

    def pytest_runtest_logreport(self, report):
        if self.controller:  # the workers count their own tests
            return
        self.files[report.nodeid.split("::", 1)[0]] += max(0.0, report.duration - self._charged)
        self._charged = 0.0

    def pytest_testnodedown(self, node, error):  # on the controller: a worker's totals
        sent = getattr(node, "workeroutput", {}).get("shanxi_times")
        for kind, totals in (sent or {}).items():
            for name, seconds in totals.items():
                if kind.startswith("fixtures"):  # one build shared by the workers: the longest wait for it
                    getattr(self, kind)[name] = max(getattr(self, kind)[name], seconds)
                else:
                    getattr(self, kind)[name] += seconds

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item):
        start, self._charged_cpu = cpu(), 0.0
        try:
            return (yield)
        finally:
            self.files_cpu[item.nodeid.split("::", 1)[0]] += max(0.0, cpu() - start - self._charged_cpu)

    def pytest_sessionfinish(self, session):
        if self.worker:
            session.config.workeroutput["shanxi_times"] = {
                kind: dict(getattr(self, kind)) for kind in ("files", "fixtures", "files_cpu", "fixtures_cpu")
            }
            return
        measured = {
            "tier": self.tier,
            "wall": round(time.perf_counter() - self.started, 2),
            "cpu": round(cpu() - self.started_cpu, 2),
            "files": {k: round(v, 2) for k, v in sorted(self.files.items())},
            "fixtures": {k: round(v, 2) for k, v in sorted(self.fixtures.items())},
            "cpu_files": {k: round(v, 2) for k, v in sorted(self.files_cpu.items())},
            "cpu_fixtures": {k: round(v, 2) for k, v in sorted(self.fixtures_cpu.items())},
        }
        out = times_file(self.tier)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(measured, indent=1) + "\n", encoding="utf-8")
        self.problems, self.report = check(measured, load_budget().get(self.tier, {}))
        if self.problems and session.exitstatus == 0:
            session.exitstatus = 1

    def pytest_terminal_summary(self, terminalreporter):
        if self.worker:
            return
        tr = terminalreporter
        tr.write_sep("-", f"time budget ({self.tier}): tests/budget.json")
        for line in self.report:
            tr.write_line(line)
        for line in self.problems:
            tr.write_line(f"OVER BUDGET: {line}", red=True)
        if self.problems:
            tr.write_line(
                "Make it faster, move its slow proofs to `make test-all` (mark them browser, server or slow: "
                "README, 'Tests and benchmarks'), or, if the growth is deliberate, rewrite the budgets with "
                f"`.venv/bin/python tests/budget.py update {self.tier}` and say why in the commit."
            )


def _ours(fixturedef) -> bool:
    """A fixture of this test suite (not pytest's own session fixtures, such as tmp_path_factory)."""
    code = getattr(fixturedef.func, "__code__", None)
    return code is not None and Path(code.co_filename).resolve().is_relative_to(ROOT / "tests")


def longest_first(items, tier: str = "test") -> list:
    """The tests reordered file by file, the longest file first (its budget, plus the site build's
    for a file that reads the site), each file's tests in their own order: with a file per worker
    at a time (pytest-xdist --dist loadfile) the long files start early and the site is built
    while the other worker runs the rest, instead of a long file left for the end."""
    budget = load_budget().get(tier, {})
    files, site = budget.get("files", {}), budget.get("fixtures", {}).get("reports", 0.0)
    cost: dict[str, float] = {}
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        reads_site = "reports" in getattr(item, "fixturenames", ())
        cost[path] = max(cost.get(path, 0.0), files.get(path, NEW_FILE) + (site if reads_site else 0.0))
    return sorted(items, key=lambda item: -cost[item.nodeid.split("::", 1)[0]])  # stable: a file's order kept


def load_budget() -> dict:
    try:
        return json.loads(BUDGET_FILE.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def check(measured: dict, budget: dict) -> tuple[list[str], list[str]]:
    """(problems, report lines) of one run against its tier's budget."""
    entries = [("file", name, s, budget.get("files", {}).get(name)) for name, s in measured["files"].items()]
    entries += [("fixture", name, s, budget.get("fixtures", {}).get(name)) for name, s in measured["fixtures"].items()]
    ratios = [s / b for _, _, s, b in entries if b and b >= LOAD_FLOOR]
    load = max(1.0, statistics.median(ratios)) if len(ratios) >= LOAD_SAMPLES else 1.0
    problems = []
    for kind, name, seconds, allowed in entries:
        limit = FACTOR * (allowed if allowed is not None else NEW_FILE) * load + SLACK
        if seconds > limit:
            what = f"budget {allowed:g} s" if allowed is not None else f"no budget yet (a new file: {NEW_FILE:g} s)"
            problems.append(
                f"{kind} {name} took {seconds:.1f} s; {what}, allowed {limit:.0f} s "
                f"({FACTOR:g} x budget x machine load {load:.2f} + {SLACK:g} s)"
            )
    total = sum(measured["files"].values()) + sum(measured["fixtures"].values())
    slowest = sorted(entries, key=lambda e: -e[2])[:5]
    report = [
        f"{measured['tier']}: {measured['wall']:.0f} s wall ({measured.get('cpu', 0):.0f} s CPU), {total:.0f} s in "
        "tests and session fixtures; "
        f"machine load {load:.2f} (median measured / budget); slowest:",
        *(f"  {s:7.1f} s  {kind} {name} (budget {b if b is not None else '-'})" for kind, name, s, b in slowest),
    ]
    return problems, report


def update(tier: str) -> None:
    """Rewrite the tier's budgets from its last run: the measured seconds plus a fifth, rounded up."""
    measured = json.loads(times_file(tier).read_text(encoding="utf-8"))
    budget = load_budget()

    def allowance(seconds: float) -> float:
        return max(0.5, math.ceil(seconds * 1.2 * 2) / 2)

    budget[tier] = {kind: {k: allowance(v) for k, v in measured[kind].items()} for kind in ("files", "fixtures")}
    BUDGET_FILE.write_text(json.dumps(budget, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{BUDGET_FILE.relative_to(ROOT)}: {tier} budgets rewritten from {times_file(tier).relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "update" or sys.argv[2] not in TIERS:
        sys.exit(f"usage: python tests/budget.py update {{{','.join(TIERS)}}}")
    update(sys.argv[2])

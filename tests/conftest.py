"""Shared fixtures: an isolated copy of the data tree, a tiny made-up plan, a CLI runner, and one of
each expensive thing for the session (the site build, Chromium, a JupyterLab server, the Voila
dashboard); the test tiers' rules (markers) and time budgets (tests/budget.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import settings

PROJECT = Path(__file__).resolve().parents[1]
RAW = PROJECT / "data" / "raw"

# Headless, deterministic matplotlib everywhere in the suite; a cache of our own (the suite must
# compute, not read results left in the project's .cache by earlier runs).
os.environ.setdefault("MPLBACKEND", "Agg")
if "SHANXI_CACHE_DIR" not in os.environ:
    import tempfile

    os.environ["SHANXI_CACHE_DIR"] = tempfile.mkdtemp(prefix="shanxi-test-cache-")
if "SHANXI_CACHE_KEY" not in os.environ:  # the signing key, outside the cache folder (never the user's own)
    import tempfile

    os.environ["SHANXI_CACHE_KEY"] = str(Path(tempfile.mkdtemp(prefix="shanxi-test-key-")) / "cache.key")


# Hypothesis profiles.  `ci` (the default, used by `make test` and CI) is derandomized: the same
# examples every run, so a red CI is a real regression.  `fuzz` (`make fuzz`) explores many more
# examples; whatever it finds is added to the test as an explicit @example, never left to chance.
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("fuzz", max_examples=2000, derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


# No cache clearing around every test or CLI call: the loaders' caches are keyed on each file's
# path, size and modification time (an edited copy is read again; tests/test_caches.py proves it),
# and clearing them cost a fifth of the model tests' time.  A test that needs to start from nothing
# (a patched loader, a check of determinism) clears them itself.


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of the project's data tree (``<tmp>/data``)."""
    dest = tmp_path / "data"
    shutil.copytree(RAW, dest / "raw")
    (dest / "processed").mkdir()
    return dest


TINY_OUTLINE = """某省第十五个五年规划纲要(测试用)
专栏A 主要指标
序号 指标名称 2025年 2030年目标 年均增长 属性
1 地区生产总值增长(%) 5.1 - >6 预期性
2 森林覆盖率(%) 22.6* 25 - 约束性
3 城镇调查失业率(%) 5左右 <5.5 - 预期性
到2030年,高新技术企业达到8000家。
"""


def _csv_lines(*rows: str) -> str:
    """CSV text from its rows, one argument a row (a long row written as adjacent string pieces)."""
    return "".join(f"{row}\n" for row in rows)


TINY_INDICATORS = _csv_lines(
    "plan,no,group_no,category_zh,category_en,name_zh,name_en,unit,base_year,base_text,base_value,"
    "base_is_estimate,target_year,target_text,target_rate_text,target_value,target_high,target_kind,"
    "comparator,direction,basis,attribute_zh,actual_year,actual_text,actual_rate_text,actual_value,"
    "actual_is_estimate,source_line,note,relative_to,tolerance,source_text",
    "testland-15,1,1,经济发展,Economy,地区生产总值增长,GDP growth,%,2025,5.1,5.1,false,2030,-,>6,6,,avg_growth,>,"
    "higher,real_growth,预期性,,,,,false,4,,,,",
    "testland-15,2,2,绿色生态,Environment,森林覆盖率,Forest coverage,%,2024,22.6*,22.6,false,2030,25,-,25,,"
    "level,=,higher,share_pct,约束性,,,,,false,5,,,,",
    "testland-15,3,3,民生,Livelihood,城镇调查失业率,Surveyed urban unemployment rate,%,2025,5左右,5,false,2030,"
    "<5.5,-,5.5,,upper_bound,<,lower,share_pct,预期性,,,,,false,6,,,,",
)

TINY_TEXT = _csv_lines(
    "id,chapter,section,measure_zh,measure_en,phrase,value,unit,target_year,comparator,target_kind,source_line,note",
    "T0007a,第一章,正文,高新技术企业数量,High-tech enterprises,高新技术企业达到8000家,8000,家,2030,=,level,7,",
)


@pytest.fixture
def tiny_plan(data_copy) -> Path:
    """The project data plus a made-up 15th plan of another region, added as files only."""
    raw = data_copy / "raw"
    (raw / "tiny_outline.txt").write_text(TINY_OUTLINE, encoding="utf-8")
    (raw / "tiny15_indicators.csv").write_text(TINY_INDICATORS, encoding="utf-8")
    (raw / "tiny15_text_targets.csv").write_text(TINY_TEXT, encoding="utf-8")
    with open(raw / "plans.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "15,testland,某省第十五个五年规划,Testland 15th plan,专栏A,2025,2030,2024,2023,"
            "tiny_outline.txt,tiny15_indicators.csv,tiny15_text_targets.csv,observed,{no},,outline,table,\n"
        )
    with open(raw / "regions.csv", "a", encoding="utf-8") as fh:
        fh.write("testland,某省,Testland,china,,false\n")
    sign(raw, "a made-up 15th plan added by files alone")
    return data_copy


ATLANTIS_OUTLINE = """亚特兰蒂斯第三个五年规划纲要(虚构,测试用)
专栏1 主要指标
序号 指标名称 2020年 2025年目标 年均增长 属性
1 地区生产总值增长(%) 4.0 - >6 预期性
2 森林覆盖率(%) 22.6 25 - 约束性
3 城镇调查失业率(%) 6.0 <5.5 - 预期性
4 全员劳动生产率增长(%) - - 高于地区生产总值增长 预期性
5 单位地区生产总值能源消耗降低(%) - 〔13.5〕 - 约束性
"""

ATLANTIS_INDICATORS = _csv_lines(
    "plan,no,group_no,category_zh,category_en,name_zh,name_en,unit,base_year,base_text,base_value,"
    "base_is_estimate,target_year,target_text,target_rate_text,target_value,target_high,target_kind,"
    "comparator,direction,basis,attribute_zh,actual_year,actual_text,actual_rate_text,actual_value,"
    "actual_is_estimate,source_line,note,relative_to,tolerance,source_text",
    "atlantis-3,1,1,经济发展,Economy,地区生产总值增长,GDP growth,%,2020,4.0,4,false,2025,-,>6,6,,avg_growth,>,"
    "higher,real_growth,预期性,,,,,false,4,,,,",
    "atlantis-3,2,2,绿色生态,Environment,森林覆盖率,Forest coverage,%,2020,22.6,22.6,false,2025,25,-,25,,"
    "level,=,higher,share_pct,约束性,,,,,false,5,,,,",
    "atlantis-3,3,3,民生福祉,Livelihood,城镇调查失业率,Surveyed urban unemployment rate,%,2020,6.0,6,false,2025,"
    "<5.5,-,5.5,,upper_bound,<,lower,share_pct,预期性,,,,,false,6,,,,",
    "atlantis-3,4,4,经济发展,Economy,全员劳动生产率增长,Overall labour productivity growth,%,,-,,false,2025,-,"
    "高于地区生产总值增长,,,relative_growth,>,higher,real_growth,预期性,,,,,false,7,,1,,",
    "atlantis-3,5,5,绿色生态,Environment,单位地区生产总值能源消耗降低,Reduction in energy consumption per unit of GDP,"
    "%,,-,,false,2025,〔13.5〕,-,13.5,,cumulative,=,higher,reduction_pct,约束性,,,,,false,8,,,,",
)

# (series, year, value, unit, measure, price basis, the evidence printing it)
ATLANTIS_OBSERVED = [
    *[
        ("gdp_real_growth", y, v, "%", "growth_real_pct", "real", f"{y}年全区地区生产总值按不变价格计算比上年增长{v}%")
        for y, v in (
            (2015, 5.2),
            (2016, 5.6),
            (2017, 6.1),
            (2018, 5.9),
            (2019, 5.4),
            (2020, 4.0),
            (2021, 6.8),
            (2022, 4.9),
            (2023, 5.6),
            (2024, 5.3),
        )
    ],
    *[
        ("forest_coverage", y, v, "%", "share_pct", "", f"{y}年末全区森林覆盖率达到{v}%")
        for y, v in ((2021, 23.1), (2022, 23.6), (2023, 24.0), (2024, 24.3))
    ],
    *[
        ("unemployment_rate_surveyed", y, v, "%", "share_pct", "", f"{y}年全区城镇调查失业率平均为{v}%")
        for y, v in ((2021, 5.8), (2022, 5.9), (2023, 5.6), (2024, 5.4))
    ],
    *[
        ("labor_productivity_growth", y, v, "%", "growth_real_pct", "real", f"{y}年全区全员劳动生产率比上年提高{v}%")
        for y, v in ((2021, 7.2), (2022, 5.0), (2023, 5.9), (2024, 5.5))
    ],
    *[
        ("energy_intensity_change", y, v, "%", "change_pct", "", f"{y}年全区单位地区生产总值能耗比上年下降{-v}%")
        for y, v in ((2021, -3.1), (2022, -2.6), (2023, -2.9), (2024, -3.0))
    ],
]


@pytest.fixture
def made_up_plan(data_copy) -> Path:
    """The project data plus a made-up plan of a made-up region, given only as files: a row of
    plans.csv and of regions.csv, its outline and indicator table, its links and its observations
    (invented numbers for an invented place, each printed in its invented evidence)."""
    import csv

    raw = data_copy / "raw"
    (raw / "atlantis_outline.txt").write_text(ATLANTIS_OUTLINE, encoding="utf-8")
    (raw / "atlantis3_indicators.csv").write_text(ATLANTIS_INDICATORS, encoding="utf-8")
    with open(raw / "plans.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "3,atlantis,亚特兰蒂斯第三个五年规划,Atlantis 3rd plan (made up),专栏1,2020,2025,,,"
            "atlantis_outline.txt,atlantis3_indicators.csv,,observed,{no},,outline,table,\n"
        )
    with open(raw / "regions.csv", "a", encoding="utf-8") as fh:
        fh.write("atlantis,亚特兰蒂斯,Atlantis,china,atlantis-3,false\n")
    with open(raw / "indicator_series.csv", "a", encoding="utf-8") as fh:
        fh.write(
            "atlantis-3,1,gdp_real_growth,annual,\natlantis-3,2,forest_coverage,annual,\n"
            "atlantis-3,3,unemployment_rate_surveyed,annual,\n"
            "atlantis-3,4,labor_productivity_growth,annual,\natlantis-3,5,energy_intensity_change,annual,\n"
        )
    path = raw / "observed.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    header = list(rows[0])
    for sid, year, value, unit, measure, basis, evidence in ATLANTIS_OBSERVED:
        rows.append(
            dict.fromkeys(header, "")
            | {
                "series_id": sid,
                "region": "atlantis",
                "year": str(year),
                "value": str(value),
                "unit": unit,
                "measure": measure,
                "price_basis": basis,
                "vintage": "preliminary",
                "source_grade": "official",
                "source_title": f"亚特兰蒂斯{year}年国民经济和社会发展统计公报(虚构)",
                "source_url": f"https://stats.atlantis.example/{year}.html",
                "evidence": evidence,
            }
        )
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    sign(raw, "a made-up plan of a made-up region added by files alone")
    return data_copy


def sign(raw: Path, reason: str = "a test's deliberate edit of a data copy") -> None:
    """Record a copy's edited files in its manifest, as an editor does with
    ``shanxi validate --update-manifest --reason ...``: the content checks still see the edit."""
    from shanxi_analysis.data import manifest

    if (raw / manifest.MANIFEST).exists():
        manifest.update_manifest(raw, reason)


def edit_cell(path: Path, line: int, column: str, new: str, signed: bool = True) -> str:
    """Replace one cell of a CSV (``line`` is the 1-based file line of a one-line record); the
    copy's manifest is updated too unless ``signed`` is False (the edit then also shows as an
    unrecorded change)."""
    import csv
    import io

    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line - 1]]))
    old = cells[header.index(column)]
    cells[header.index(column)] = new
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(cells)
    lines[line - 1] = buf.getvalue()
    path.write_text("".join(lines), encoding="utf-8")
    if signed:
        sign(path.parent)
    return old


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``shanxi ARGS`` in-process; returns (exit code, stdout, stderr).  The loaders' caches are
    kept between calls (keyed on the files' stamps, as in a long-lived process); a test of
    determinism clears them itself."""
    from shanxi_analysis.cli import main

    def run(*args, data_dir: Path | None = None):
        if data_dir is not None:
            monkeypatch.setenv("SHANXI_DATA_DIR", str(data_dir))
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    """The whole notebook suite, both languages, run once for the session (as `make run` does).
    Under pytest-xdist (make test) the workers share one build: the first to need it builds it
    while holding a lock (its kernels keep both cores busy), the other waits and reads it."""
    import fcntl

    from shanxi_analysis.report.runner import run

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        out = tmp_path_factory.mktemp("reports")
        run(out=out, lang="both", echo=lambda m: None)
        return out
    shared = tmp_path_factory.getbasetemp().parent  # this run's own folder, above the workers' ones
    out, done = shared / "reports", shared / "reports.built"
    with open(shared / "reports.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():  # the first worker here, or the first one failed: build (again)
            if out.exists():
                shutil.rmtree(out)
            run(out=out, lang="both", echo=lambda m: None)
            done.touch()
    return out


def pytest_sessionfinish(session, exitstatus):
    """Close the widgets tests built in-process.  Outside a kernel their comms may belong to a comm
    manager that no longer lists them; closing then raises KeyError, and left to the garbage
    collector each one prints that error at interpreter exit.  Detaching the comm is enough here."""
    import sys

    widgets = sys.modules.get("ipywidgets")
    if widgets is None:
        return
    from ipywidgets.widgets.widget import _instances

    for widget in list(_instances.values()):
        try:
            widget.close()
        except KeyError:
            widget.comm = None
    _instances.clear()


# --- the tiers ---------------------------------------------------------------------------------
# `make test` runs every test not marked browser, server or slow; `make test-all` runs those too
# (Makefile: SLOW_TIER).  A test that uses one of these fixtures must carry the marker, so that it
# cannot slip into `make test` unnoticed.
NEEDS_MARKER = {"browser": "browser", "jupyterlab": "server", "dashboard_url": "server"}


def pytest_collection_modifyitems(config, items):
    for item in items:  # what reads the session's site needs its notebook runs: `-m "not notebook"` skips both
        if "reports" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.notebook)
    if os.environ.get("PYTEST_XDIST_WORKER"):  # make test's workers: the longest files first
        from budget import longest_first

        items[:] = longest_first(items)
    unmarked = [
        f"{item.nodeid} uses the {fixture!r} fixture: mark it @pytest.mark.{marker}"
        for item in items
        for fixture, marker in NEEDS_MARKER.items()
        if fixture in getattr(item, "fixturenames", ()) and item.get_closest_marker(marker) is None
    ]
    if unmarked:
        raise pytest.UsageError("tests in the wrong tier:\n" + "\n".join(unmarked))


def pytest_addoption(parser):
    parser.addoption(
        "--budget",
        metavar="TIER",
        choices=["test", "test-all"],
        help="record per-file times and check them against tests/budget.json (make test, make test-all)",
    )


def pytest_configure(config):
    tier = config.getoption("--budget")
    if tier:
        from budget import Timer

        config.pluginmanager.register(Timer(tier, config), "shanxi-budget")


# --- one of each expensive thing for the session (make test-all) ----------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Playwright; skipped with a reason when absent).
    Each test opens its own context (cookies, storage, viewport) and closes it."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """One JupyterLab server for the session, on copies (autosave must never touch the project):
    ``notebooks/`` as committed, and the what-if notebook alone in ``whatif/`` (a kernel session of
    its own).  Yields ``.url`` (the base URL; the token is ``browser.LAB_TOKEN``) and ``.root``."""
    from browser import jupyterlab_server

    tmp = tmp_path_factory.mktemp("jupyterlab")
    root = tmp / "work"
    shutil.copytree(PROJECT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "whatif").mkdir()
    shutil.copy(PROJECT / "notebooks" / "4_what_if_scenarios.ipynb", root / "whatif")
    with jupyterlab_server(root, tmp / "home") as base:
        yield SimpleNamespace(url=base, root=root)


@pytest.fixture(scope="session")
def dashboard_url(tmp_path_factory):
    """One plan dashboard (``shanxi dashboard``, Voila, default bounds) for the session."""
    from browser import voila_dashboard

    with voila_dashboard(tmp_path_factory.mktemp("voila")) as url:
        yield url

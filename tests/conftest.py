"""Shared fixtures: an isolated copy of the data tree, a tiny made-up plan, and a CLI runner."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


# Hypothesis profiles.  `ci` (the default, used by `make test` and CI) is derandomized: the same
# examples every run, so a red CI is a real regression.  `fuzz` (`make fuzz`) explores many more
# examples; whatever it finds is added to the test as an explicit @example, never left to chance.
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, deadline=None, print_blob=True)
settings.register_profile("fuzz", max_examples=2000, derandomize=False, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def _clear():
    from shanxi_analysis.data import clear_caches

    clear_caches()


@pytest.fixture(autouse=True)
def fresh_caches():
    _clear()
    yield
    _clear()


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

TINY_INDICATORS = """plan,no,group_no,category_zh,category_en,name_zh,name_en,unit,base_year,base_text,base_value,base_is_estimate,target_year,target_text,target_rate_text,target_value,target_high,target_kind,comparator,direction,basis,attribute_zh,actual_year,actual_text,actual_rate_text,actual_value,actual_is_estimate,source_line,note,relative_to,tolerance,source_text
testland-15,1,1,经济发展,Economy,地区生产总值增长,GDP growth,%,2025,5.1,5.1,false,2030,-,>6,6,,avg_growth,>,higher,real_growth,预期性,,,,,false,4,,,,
testland-15,2,2,绿色生态,Environment,森林覆盖率,Forest coverage,%,2024,22.6*,22.6,false,2030,25,-,25,,level,=,higher,share_pct,约束性,,,,,false,5,,,,
testland-15,3,3,民生,Livelihood,城镇调查失业率,Surveyed urban unemployment rate,%,2025,5左右,5,false,2030,<5.5,-,5.5,,upper_bound,<,lower,share_pct,预期性,,,,,false,6,,,,
"""  # noqa: E501 - CSV fixture rows, one per line

TINY_TEXT = """id,chapter,section,measure_zh,measure_en,phrase,value,unit,target_year,comparator,target_kind,source_line,note
T0007a,第一章,正文,高新技术企业数量,High-tech enterprises,高新技术企业达到8000家,8000,家,2030,=,level,7,
"""  # noqa: E501 - CSV fixture rows, one per line


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
    return data_copy


ATLANTIS_OUTLINE = """亚特兰蒂斯第三个五年规划纲要(虚构,测试用)
专栏1 主要指标
序号 指标名称 2020年 2025年目标 年均增长 属性
1 地区生产总值增长(%) 4.0 - >6 预期性
2 森林覆盖率(%) 22.6 25 - 约束性
3 城镇调查失业率(%) 6.0 <5.5 - 预期性
"""

ATLANTIS_INDICATORS = """plan,no,group_no,category_zh,category_en,name_zh,name_en,unit,base_year,base_text,base_value,base_is_estimate,target_year,target_text,target_rate_text,target_value,target_high,target_kind,comparator,direction,basis,attribute_zh,actual_year,actual_text,actual_rate_text,actual_value,actual_is_estimate,source_line,note,relative_to,tolerance,source_text
atlantis-3,1,1,经济发展,Economy,地区生产总值增长,GDP growth,%,2020,4.0,4,false,2025,-,>6,6,,avg_growth,>,higher,real_growth,预期性,,,,,false,4,,,,
atlantis-3,2,2,绿色生态,Environment,森林覆盖率,Forest coverage,%,2020,22.6,22.6,false,2025,25,-,25,,level,=,higher,share_pct,约束性,,,,,false,5,,,,
atlantis-3,3,3,民生福祉,Livelihood,城镇调查失业率,Surveyed urban unemployment rate,%,2020,6.0,6,false,2025,<5.5,-,5.5,,upper_bound,<,lower,share_pct,预期性,,,,,false,6,,,,
"""  # noqa: E501 - CSV fixture rows, one per line

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
    return data_copy


def edit_cell(path: Path, line: int, column: str, new: str) -> str:
    """Replace one cell of a CSV (``line`` is the 1-based file line of a one-line record)."""
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
    return old


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``shanxi ARGS`` in-process; returns (exit code, stdout, stderr)."""
    from shanxi_analysis.cli import main

    def run(*args, data_dir: Path | None = None):
        if data_dir is not None:
            monkeypatch.setenv("SHANXI_DATA_DIR", str(data_dir))
        _clear()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(scope="session")
def reports(tmp_path_factory):
    """The whole notebook suite, both languages, run once for the session (as `make run` does)."""
    from shanxi_analysis.report.runner import run

    out = tmp_path_factory.mktemp("reports")
    run(out=out, lang="both", echo=lambda m: None)
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


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (Playwright; skipped with a reason when absent)."""
    from browser import CHROMIUM, CHROMIUM_ARGS, require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()

"""Bad input gets a clear error naming file, line, column and what is allowed; nothing is
dropped or coerced silently."""

import csv

import pytest

from conftest import edit_cell, sign
from shanxi_analysis import load_observed, load_targets
from shanxi_analysis.core.errors import DataError, ShanxiError


def _problems(excinfo):
    return [str(p) for p in excinfo.value.problems]


def test_missing_column(data_copy):
    path = data_copy / "raw" / "plan14_indicators.csv"
    text = path.read_text(encoding="utf-8").replace(",attribute_zh,", ",attribute,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_targets(14, data_dir=data_copy)
    msgs = _problems(exc)
    assert any("plan14_indicators.csv:1: attribute_zh: column is missing" in m for m in msgs)
    assert any("plan14_indicators.csv:1: attribute: unknown column" in m for m in msgs)


@pytest.mark.parametrize(
    "column, bad, expected",
    [
        ("base_value", "3.6%", "'3.6%' is not a number"),
        ("unit", "percent", "'percent' is not allowed; allowed values: %,"),
        ("target_kind", "target", "'target' is not allowed; allowed values: level, lower_bound"),
        ("base_year", "2205", "2205 is out of range; expected a year from 1949 to 2100"),
        ("direction", "up", "allowed values: higher, lower"),
    ],
)
def test_bad_cell_names_file_line_column_and_allowed_values(data_copy, column, bad, expected):
    path = data_copy / "raw" / "plan14_indicators.csv"
    edit_cell(path, 2, column, bad)
    with pytest.raises(DataError) as exc:
        load_targets(14, data_dir=data_copy)
    assert any(m.startswith(f"{path}:2: {column}: ") and expected in m for m in _problems(exc)), _problems(exc)


def test_duplicate_row(data_copy):
    path = data_copy / "raw" / "plan14_indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_targets(14, data_dir=data_copy)
    assert any(f":{len(lines) + 1}: no: duplicate key ('1',) (first at line 2)" in m for m in _problems(exc))


def _observed_line(path, series, year):
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return next(i + 2 for i, r in enumerate(rows) if r["series_id"] == series and r["year"] == str(year))


def test_observed_value_without_a_source(data_copy):
    path = data_copy / "raw" / "observed.csv"
    line = _observed_line(path, "gdp_real_growth", 2022)
    edit_cell(path, line, "source_url", "")
    with pytest.raises(DataError) as exc:
        load_observed(data_dir=data_copy)
    assert _problems(exc) == [f"{path}:{line}: source_url: is empty; expected text"]


def test_observed_impossible_year_and_text_value(data_copy):
    path = data_copy / "raw" / "observed.csv"
    line = _observed_line(path, "gdp_real_growth", 2022)
    edit_cell(path, line, "year", "3022")
    line2 = _observed_line(path, "gdp_real_growth", 2021)
    edit_cell(path, line2, "value", "about 9")
    with pytest.raises(DataError) as exc:
        load_observed(data_dir=data_copy)
    msgs = _problems(exc)
    assert any(f":{line}: year: 3022 is out of range" in m for m in msgs)
    assert any(f":{line2}: value: 'about 9' is not a number" in m for m in msgs)


def test_malformed_csv_row(data_copy):
    path = data_copy / "raw" / "plan14_indicators.csv"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('14,99,99,"unclosed quote\n')
    with pytest.raises(DataError) as exc:
        load_targets(14, data_dir=data_copy)
    assert any("plan14_indicators.csv:48:" in m for m in _problems(exc))


def test_no_observed_row_is_dropped():
    with open("data/raw/observed.csv", encoding="utf-8") as fh:
        n = sum(1 for _ in csv.DictReader(fh))
    df = load_observed(region="all", vintage="all")
    assert len(df) == n
    latest = load_observed(region="all", vintage="latest")
    # every (series, region, year) of the raw file is represented once
    assert len(latest) == len(df.drop_duplicates(["series_id", "region", "year"]))
    assert (latest["n_candidates"] >= 1).all()


def test_latest_vintage_prefers_revised():
    df = load_observed("gdp_real_growth")
    assert df.loc[df["year"] == 2021, "vintage"].item() == "revised"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        # many series: the closest ones, not a wall of ids
        ({"series": "gdp"}, r"unknown series 'gdp'; did you mean 'gdp_level' or .*\? \(\d+ valid choices\)$"),
        ({"series": "nope"}, r"unknown series 'nope'; valid choices: afforestation_area, .* \.\.\. \(\d+ in all\)$"),
        (
            {"vintage": "final"},
            "unknown vintage 'final'; valid choices: latest, all, estimate, preliminary, revised, unknown",
        ),
        ({"region": "hebei"}, "unknown region 'hebei'; valid choices: shanxi, china, all"),
    ],
)
def test_unknown_choices_list_the_valid_ones(kwargs, message):
    with pytest.raises(ShanxiError, match=message):
        load_observed(**kwargs)


def test_adding_next_years_statistic_is_one_row(data_copy):
    path = data_copy / "raw" / "observed.csv"
    before = len(load_observed("gdp_real_growth", data_dir=data_copy))
    with open(path, "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow(
            [
                "gdp_real_growth",
                "shanxi",
                "2025",
                "9.9",
                "%",
                "growth_real_pct",
                "real",
                "1",
                "preliminary",
                "official",
                "Fictional test release",
                "https://example.org/release",
                "测试用虚构数据: 2025年地区生产总值增长9.9%",
                "fictional value for this test only",
            ]
        )
    sign(path.parent, "2025 GDP growth added (a fictional release)")  # the README's step after adding a row
    from shanxi_analysis.data import observed

    observed.clear_caches()
    df = load_observed("gdp_real_growth", data_dir=data_copy)
    assert len(df) == before + 1 and df.iloc[-1]["year"] == 2025

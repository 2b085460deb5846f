"""The shanxi command line: outputs for scripts and error paths for people."""

import csv
import io
import json

import pytest

from conftest import edit_cell

TARGET_COLUMNS = ["plan", "no", "name_zh", "name_en", "category_zh", "unit", "base_year", "base_value",
                  "target_year", "target_value", "target_text", "target_kind", "comparator", "direction",
                  "basis", "attribute", "source_line"]


def test_targets_csv_lists_all_rows(cli):
    code, out, err = cli("targets", "--plan", "14", "--format", "csv")
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 46 and len({r["group_no"] for r in rows}) == 38
    assert all(c in rows[0] for c in TARGET_COLUMNS)


def test_targets_plan13_has_outcomes(cli):
    code, out, _ = cli("targets", "--plan", "13", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == 45
    gdp = next(r for r in rows if r["no"] == "1")
    assert gdp["actual_value"] == 5.4 and gdp["actual_year"] == 2020 and gdp["actual_text"] == "17651.9"


def test_table_format_is_readable(cli):
    code, out, _ = cli("targets", "--plan", "14")
    assert code == 0 and "GDP growth" in out and "地区生产总值增长" not in out
    code, out, _ = cli("targets", "--plan", "14", "--lang", "zh")
    assert code == 0 and "地区生产总值增长" in out and "GDP growth" not in out


def test_text_targets_and_observed(cli):
    code, out, _ = cli("text-targets", "--format", "csv")
    assert code == 0 and "高新技术企业达到5000家" in out
    code, out, _ = cli("observed", "--series", "gdp_real_growth", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["series_id"] for r in rows} == {"gdp_real_growth"} and all(r["source_url"] for r in rows)


def test_errors_are_messages_not_tracebacks(cli):
    code, _, err = cli("targets", "--plan", "12")
    assert code == 2 and "unknown plan '12 (shanxi)'; valid choices: 13 (shanxi), 14 (shanxi)" in err
    assert "Traceback" not in err
    code, _, err = cli("observed", "--series", "nope")
    assert code == 2 and "valid choices:" in err and "gdp_real_growth" in err
    code, _, err = cli("targets", "--format", "xml")
    assert code == 2 and "invalid choice: 'xml'" in err


def test_bad_data_file_is_reported_by_every_command(cli, data_copy):
    edit_cell(data_copy / "raw" / "plan14_indicators.csv", 5, "target_value", "forty-two")
    code, _, err = cli("targets", "--plan", "14", data_dir=data_copy)
    assert code == 1 and "plan14_indicators.csv:5: target_value: 'forty-two' is not a number" in err
    assert "Traceback" not in err


def test_build_reports_counts_and_is_deterministic(cli, data_copy):
    code, out, _ = cli("build", data_dir=data_copy)
    assert code == 0
    assert "targets.csv            in   91  out   91" in out
    first = {p.name: p.read_bytes() for p in (data_copy / "processed").glob("*.csv")}
    assert set(first) == {"targets.csv", "text_targets.csv", "observed.csv", "observed_latest.csv", "series.csv"}
    code, _, _ = cli("build", data_dir=data_copy)
    second = {p.name: p.read_bytes() for p in (data_copy / "processed").glob("*.csv")}
    assert first == second


def test_build_refuses_invalid_raw_data(cli, data_copy):
    edit_cell(data_copy / "raw" / "plan13_indicators.csv", 2, "base_text", "11836.38")
    edit_cell(data_copy / "raw" / "plan13_indicators.csv", 2, "base_value", "11836.38")
    code, _, err = cli("build", data_dir=data_copy)
    assert code == 1 and "plan13_indicators.csv:2:" in err
    assert not list((data_copy / "processed").glob("*.csv"))


def test_assess_cli(cli):
    code, out, _ = cli("assess", "--plan", "14", "--as-of", "2023", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 46
    for col in ("plan", "no", "name_zh", "name_en", "attribute", "latest_year", "latest_value", "target_value",
                "actual_rate", "required_rate", "ratio", "status", "status_zh", "method"):
        assert col in rows[0]
    code, out, _ = cli("assess", "--plan", "13", "--format", "json")
    assert code == 0 and {r["status"] for r in json.loads(out)} <= {"achieved", "missed", "provisional", "not_assessable"}
    code, _, err = cli("assess", "--as-of", "1999")
    assert code == 2 and "which" not in err and "exist for the years 2021" in err


def test_forecast_and_scenario_cli(cli):
    code, out, _ = cli("forecast", "--series", "gdp_real_growth", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    from shanxi_analysis.models.forecast import MODELS

    assert payload["status"] == "ok" and payload["model"] in MODELS
    assert payload["selection"] in ("chosen", "no_model_beats_naive")
    code, out, err = cli("forecast", "--series", "forest_coverage")  # nothing computed: why, and a non-zero exit
    assert code == 2 and out == "" and "not enough data" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("forecast", "--series", "forest_coverage", "--format", "json")  # the record scripts read, unchanged
    assert code == 2 and json.loads(out)["status"] == "not_enough_data"
    code, _, err = cli("forecast", "--series", "gdp")
    assert code == 2 and "valid choices" in err
    code, out, _ = cli("scenario", "--indicator", "1", "--growth", "5,5", "--as-of", "2023", "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["met"] is False
    code, _, err = cli("scenario", "--indicator", "1", "--growth", "5,x", "--as-of", "2023")
    assert code == 2 and "comma-separated numbers" in err


@pytest.mark.parametrize("as_of", [2021, 2022, 2023, 2024, 2025])
def test_assess_cli_shows_the_evidence_of_every_verdict(cli, as_of):
    code, out, _ = cli("assess", "--plan", "14", "--as-of", as_of, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    for col in ("n_obs", "first_year", "latest_year", "data_age", "vintages", "evidence", "lean"):
        assert col in rows[0]
    for r in rows:  # no firm verdict on one observation or on estimates only
        if r["status"] in ("on_track", "achieved", "missed", "moderate", "insufficient", "moving_away", "unlikely"):
            assert int(r["n_obs"]) >= 2 and r["vintages"] != "estimate" and r["evidence"] == "firm"
    gdp = next(r for r in rows if r["no"] == "1")
    if as_of in (2023, 2024):
        assert gdp["status"] == "unlikely" and "never reached since 2015" in gdp["explanation"]
    if as_of == 2025:
        assert gdp["status"] == "missed" and "(preliminary" in gdp["explanation"]
    code, out, _ = cli("assess", "--plan", "14", "--as-of", as_of, "--wide")
    assert code == 0 and "evidence" in next(line for line in out.splitlines() if line.startswith("plan "))

"""The shanxi command line: outputs for scripts and error paths for people."""

import argparse
import csv
import io
import json
import re
import unicodedata

import pytest

from conftest import edit_cell
from fitted import assessment

TARGET_COLUMNS = [
    "plan",
    "no",
    "name_zh",
    "name_en",
    "category_zh",
    "unit",
    "base_year",
    "base_value",
    "target_year",
    "target_value",
    "target_text",
    "target_kind",
    "comparator",
    "direction",
    "basis",
    "attribute",
    "source_line",
]


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
    assert code == 2 and "unknown plan '12'; valid choices: shanxi-13 (13), shanxi-14 (14), china-14" in err
    assert "Traceback" not in err
    code, _, err = cli("observed", "--series", "gdp_real_grwth")  # a typo: the closest ids, not all 100
    assert code == 2 and "did you mean 'gdp_real_growth'" in err and "afforestation_area" not in err
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
    assert "targets.csv            in  125  out  125" in out  # 45 + 46 Shanxi, 20 + 12 national, 2 Shanxi 15th
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
    for col in (
        "plan",
        "no",
        "name_zh",
        "name_en",
        "attribute",
        "latest_year",
        "latest_value",
        "target_value",
        "actual_rate",
        "required_rate",
        "ratio",
        "status",
        "status_zh",
        "method",
    ):
        assert col in rows[0]
    code, out, _ = cli("assess", "--plan", "13", "--format", "json")
    assert code == 0 and {r["status"] for r in json.loads(out)} <= {
        "achieved",
        "missed",
        "provisional",
        "not_assessable",
    }
    code, _, err = cli("assess", "--as-of", "1999")
    assert code == 2 and "which" not in err and "valid years: 2021, 2022" in err


def test_forecast_and_scenario_cli(cli):
    code, out, _ = cli("forecast", "--series", "gdp_real_growth", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    from shanxi_analysis.models.forecast import MODELS

    assert payload["status"] == "ok" and payload["model"] in MODELS
    assert payload["selection"] in ("chosen", "no_model_beats_naive")
    code, out, err = cli("forecast", "--series", "forest_coverage")  # nothing computed: why, and a non-zero exit
    assert code == 2 and out == "" and "not enough data" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli(
        "forecast", "--series", "forest_coverage", "--format", "json"
    )  # the record scripts read, unchanged
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
        assert (
            gdp["status"] == "unlikely"
            and "best since 2015: 9.1 (2021), never the pace now needed" in gdp["explanation"]
        )
    if as_of == 2025:
        assert gdp["status"] == "missed" and "(preliminary" in gdp["explanation"]
    code, out, _ = cli("assess", "--plan", "14", "--as-of", as_of, "--wide")
    assert code == 0 and "evidence" in next(line for line in out.splitlines() if line.startswith("plan "))


# --------------------------------------------------------------------------------------------
# the default table: a finished product in a 100-column terminal (issue 10)

# every command that prints a table, on the project's own data
TABLE_COMMANDS = [
    ["targets"],
    ["targets", "--plan", "13"],
    ["text-targets"],
    ["observed", "--region", "all"],
    ["assess"],
    ["assess", "--as-of", "2023"],
    ["assess", "--plan", "13"],
    ["assess", "--text-targets", "--as-of", "2024"],
    ["forecast", "--series", "gdp_real_growth"],
    ["scenario", "--as-of", "2023"],
    ["scenario", "--indicator", "2", "--as-of", "2023"],
    ["scenario", "--preset", "required", "--as-of", "2023"],
]


def columns(line: str) -> int:
    """Terminal columns of a line: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=[" ".join(a) for a in TABLE_COMMANDS])
def test_default_tables_fit_100_columns(cli, args, lang):
    code, out, err = cli(*args, "--lang", lang)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) >= 4
    too_wide = [(columns(line), line) for line in lines if columns(line) > 100]
    assert not too_wide, too_wide[:3]
    # rounded: no long decimals, no float noise such as 7.105427e-15, no code-style flags
    assert not re.search(r"\d\.\d{3,}", out) and not re.search(r"\de-\d", out)
    assert "True" not in out and "False" not in out and "NaN" not in out and "<NA>" not in out
    if lang == "en" and args[0] != "text-targets":  # (the register's English names keep proper nouns such as 智创城)
        assert not re.search(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]", out), out


def test_default_tables_are_in_the_chosen_language(cli):
    from shanxi_analysis.report.messages import STATUS

    _, csv_out, _ = cli("assess", "--as-of", "2023", "--format", "csv")
    statuses = {r["status"] for r in csv.DictReader(io.StringIO(csv_out))}
    for lang, side in (("en", 1), ("zh", 0)):
        _, out, _ = cli("assess", "--as-of", "2023", "--lang", lang)
        summary, body = out.split("\n\n", 1)
        for status in statuses:
            words = STATUS[status][side]
            assert words in summary.replace("\n", " ") and words[:4] in body  # the table may cut them with …
            assert "_" not in status or status not in out  # words, not codes
    _, out, _ = cli("assess", "--as-of", "2023", "--lang", "zh")
    assert not re.search(
        r"[A-Za-z]{3,}", out.split("\n", 1)[1].replace("GDP", "").replace("R&D", "").replace("CO2", "")
    ), out


def test_compact_assess_rounds_by_unit(cli):
    _, csv_out, _ = cli("assess", "--as-of", "2023", "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(csv_out)) if r["latest_value"]]
    _, out, _ = cli("assess", "--as-of", "2023")
    lines = {line.split()[0]: line for line in out.splitlines() if line.split()}
    assert any(r["basis"] == "count" for r in rows) and any(r["basis"] != "count" for r in rows)
    for r in rows:
        value, year = float(r["latest_value"]), int(r["latest_year"])
        shown = (
            f"{round(value):,} ({year})"  # a count is a whole number, thousands separated
            if r["basis"] == "count"
            else f"{value:.2f}".rstrip("0").rstrip(".")  # at most two decimals, no trailing zeros
        )
        assert shown in lines[r["no"]], (shown, lines[r["no"]])


def test_float_noise_is_shown_as_zero(cli):
    _, csv_out, _ = cli("scenario", "--preset", "required", "--as-of", "2023", "--format", "csv")
    noisy = [r["no"] for r in csv.DictReader(io.StringIO(csv_out)) if "e-" in r["gap"]]
    assert noisy  # the required path meets its target up to float noise (the reported 'gap 7.105427e-15')
    _, out, _ = cli("scenario", "--preset", "required", "--as-of", "2023")
    header, *rows = [line for line in out.splitlines()[1:] if not line.startswith("-")]
    at = header.index("gap") + len("gap")
    for line in rows:
        if line.split()[0] in noisy:
            assert line[:at].split()[-1] == "0", line


def test_number_rules():
    from shanxi_analysis.report.terminal import number, text_width, truncate, wrap

    assert number(7.105427357601002e-15) == "0" and number(-3.55e-15) == "0" and number(-3.55e-15, fixed=True) == "0.00"
    assert number(6834.0, count=True) == "6,834" and number(6.146297) == "6.15" and number(17651.94) == "17,651.9"
    assert number(64.970) == "64.97" and number(float("nan")) == "—" and number(None) == "—"
    assert text_width("地区生产总值") == 12 and text_width(truncate("地区生产总值增长", 9)) <= 9
    assert truncate("provisional (thin evidence)", 21) == "provisional…"
    assert all(text_width(line) <= 40 for line in wrap("回测中没有任何模型优于朴素预测" * 5, 40))


def test_wide_shows_every_column(cli):
    for args in (["targets"], ["assess", "--as-of", "2023"], ["observed"], ["text-targets"]):
        code, csv_out, _ = cli(*args, "--format", "csv")
        header = next(csv.reader(io.StringIO(csv_out)))
        code, out, _ = cli(*args, "--wide")
        assert code == 0
        wide_header = next(line for line in out.splitlines() if line.split() and line.split()[0] == header[0])
        assert wide_header.split() == header


def test_csv_and_json_ignore_the_table_options(cli):
    for args in (
        ["targets", "--format", "csv"],
        ["scenario", "--indicator", "1", "--as-of", "2023", "--format", "json"],
        ["observed", "--format", "csv"],
    ):
        plain = cli(*args)
        assert plain[0] == 0
        assert cli(*args, "--lang", "zh") == plain and cli(*args, "--wide") == plain


def test_the_explanation_column_is_in_the_chosen_language(cli):
    """csv and json carry every column as codes and numbers; the explanation is words, in --lang."""
    args = ["assess", "--as-of", "2023", "--format", "json"]
    plain, zh = cli(*args), cli(*args, "--lang", "zh")
    assert plain[0] == zh[0] == 0 and cli(*args, "--wide") == plain
    en_rows, zh_rows = json.loads(plain[1]), json.loads(zh[1])
    for a, b in zip(en_rows, zh_rows, strict=True):
        assert {k: v for k, v in a.items() if k != "explanation"} == {k: v for k, v in b.items() if k != "explanation"}
        assert not re.search(r"[\u4e00-\u9fff]", a["explanation"].replace(a["name_zh"], "").split("(target:")[0])
        assert b["explanation"].startswith(f"{b['no']} {b['name_zh']}(目标") and "判定:" in b["explanation"]


def test_text_targets_follow_the_plan_option(cli):
    code, out, _ = cli("assess", "--text-targets", "--plan", "14", "--as-of", "2024", "--format", "csv")
    assert code == 0 and {r["plan"] for r in csv.DictReader(io.StringIO(out))} == {"shanxi-14"}  # the plan id
    code, _, err = cli("assess", "--text-targets", "--plan", "13")
    assert code == 2 and "plan shanxi-13" in err and "no text-target register" in err


def test_csv_carries_every_column_of_the_result(cli):
    from shanxi_analysis.data.plans import load_targets
    from shanxi_analysis.report.messages import with_status_words

    _, out, _ = cli("targets", "--format", "csv")
    assert next(csv.reader(io.StringIO(out))) == list(load_targets().columns)
    _, out, _ = cli("assess", "--as-of", "2023", "--format", "csv")
    assert next(csv.reader(io.StringIO(out))) == list(with_status_words(assessment(None, 2023).table, "en").columns)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_empty_results_explain_themselves(cli, lang):
    code, out, err = cli("scenario", "--indicator", "30", "--preset", "baseline", "--lang", lang)
    assert code == 2 and out == "" and "Empty DataFrame" not in err
    assert len(err.strip().splitlines()) == 1 and "--growth" in err
    assert {"en": "no observations", "zh": "无观测值"}[lang] in err  # in the reader's language
    code, out, err = cli("observed", "--series", "gdp_real_growth", "--vintage", "estimate", "--lang", lang)
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "gdp_real_growth" in err
    code, out, err = cli("observed", "--series", "gdp_real_growth", "--vintage", "estimate", "--format", "json")
    assert code == 2 and json.loads(out) == []


def _walk(parser):
    yield "shanxi", parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def test_every_option_and_command_has_help():
    from shanxi_analysis.cli import _parser

    parser = _parser()
    seen = 0
    for name, p in _walk(parser):
        for action in p._actions:
            assert action.help and action.help != argparse.SUPPRESS, (name, action.option_strings or action.dest)
            seen += 1
        assert "examples:" in (p.epilog or ""), name
        assert "exit codes" in p.epilog, name
    subcommands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert all(c.help for c in subcommands._choices_actions)
    assert seen > 50
    assert "0    done" in parser.format_help() and "130" in parser.format_help()


def test_version(cli):
    import shanxi_analysis

    code, out, _err = cli("--version")
    assert code == 0 and out.strip() == f"shanxi {shanxi_analysis.__version__}"


def test_a_table_fits_even_when_every_column_is_long():
    from shanxi_analysis.report.terminal import Column, render, text_width

    long = ["规划" * 30, "x" * 60]
    lines = render([Column(f"c{i}", long, shrink=20) for i in range(6)] + [Column("n", ["1", "22"], right=True)])
    assert max(text_width(line) for line in lines) <= 100 and lines[2].endswith(" 1") and lines[3].endswith("22")


def test_terminal_output_drops_control_characters():
    from shanxi_analysis.report.terminal import Column, render

    lines = render([Column("name", ["a\x1b[31mred\nline"]), Column("x", ["1"], right=True)])
    assert "\x1b" not in "".join(lines) and "\n" not in "".join(lines) and "a[31mred line" in lines[2]


def test_no_language_branches_in_the_cli():
    from pathlib import Path

    import shanxi_analysis

    root = Path(shanxi_analysis.__file__).parent
    for path in (root / "cli.py", root / "report" / "terminal.py"):
        assert not re.search(r"lang\s*==", path.read_text(encoding="utf-8")), path


def test_scenario_defaults_to_the_what_if_pages_start_year(capsys):
    """Without --as-of the scenario starts where the what-if page does (the last year that leaves a
    year of the plan open), not at the target year where every path is already decided."""
    from shanxi_analysis.cli import main
    from shanxi_analysis.models.scenario import open_as_of

    assert main(["scenario", "--format", "json"]) == 0
    default = capsys.readouterr().out
    assert main(["scenario", "--format", "json", "--as-of", str(open_as_of())]) == 0
    assert capsys.readouterr().out == default


def test_a_scenario_for_a_provisional_row_has_no_trend_preset(cli):
    """Issue 16: the presets follow the tracker's evidence rule (row 3: one observation, provisional)."""
    code, _, err = cli("scenario", "--indicator", "3", "--as-of", "2023")
    assert code == 2 and "provisional" in err and "--growth (4 values)" in err  # 2022-2025: data up to 2021
    code, _, err = cli("scenario", "--indicator", "3", "--preset", "required", "--as-of", "2023")
    assert code == 0 and err == ""


# --- issue 19: errors in the reader's language, suggestions, readable names -----------------------


def test_errors_in_chinese_under_lang_zh_with_the_closest_choices(cli):
    from test_language import foreign

    code, _, err = cli("observed", "--series", "gdp_real_grwth", "--lang", "zh")
    assert code == 2 and err.startswith("shanxi observed: 错误: 未知的序列“gdp_real_grwth”")
    assert "“gdp_real_growth”" in err and "afforestation_area" not in err and "有效选项" in err
    code, _, err = cli("assess", "--as-of", "1999", "--lang", "zh")
    assert code == 2 and "截至年份1999超出数据范围" in err and "2021" in err
    code, _, err = cli("targets", "--plan", "12", "--lang", "zh")
    assert code == 2 and "未知的规划“12”" in err and "shanxi-14 (14)" in err
    words = err.split(":", 1)[1]  # beyond the command's name, only the choices (ids) are Latin
    assert set(foreign(words.replace("shanxi", "").replace("china", ""), "zh")) == set()


def test_a_mistyped_command_or_value_gets_the_closest(cli):
    code, _, err = cli("asess", "--as-of", "2023")
    assert code == 2 and "did you mean 'assess'?" in err
    code, _, err = cli("assess", "--format", "jsn")
    assert code == 2 and "did you mean 'json'?" in err


def test_unknown_choice_names_the_closest_and_never_a_wall():
    from shanxi_analysis.core.errors import unknown_choice

    many = [f"series_{i}" for i in range(40)] + ["gdp_real_growth"]
    assert str(unknown_choice("series", "gdp_real_grwoth", many)) == (
        "unknown series 'gdp_real_grwoth'; did you mean 'gdp_real_growth'? (41 valid choices)"
    )
    err = unknown_choice("method", "escp", ["eurostat", "escap"])
    assert str(err) == "unknown method 'escp'; valid choices: eurostat, escap; did you mean 'escap'?"
    assert err.code == "unknown_choice" and err.fields["closest"] == ["escap"]


def test_observed_names_each_series_in_words(cli):
    from shanxi_analysis.report.messages import say

    for lang in ("en", "zh"):
        code, out, _ = cli("observed", "--series", "gdp_real_growth", "--lang", lang)
        assert code == 0
        head, _, first = out.splitlines()[:3]
        assert say("cli.col.series_name", lang) in head
        assert first.startswith("gdp_real_growth") and say("series.gdp_real_growth", lang)[:6] in first
    code, out, _ = cli("observed", "--lang", "zh")
    assert "营造林面积" in out  # a series without a catalogue name: its description's words


def test_cut_names_never_make_two_rows_look_alike():
    from shanxi_analysis.report.terminal import cut_apart, text_width

    cells = ["air_quality_good_days_ratio", "air_quality_good_days_ratio_excl_dust", "short"]
    shown = cut_apart(cells, 20)
    assert len(set(shown)) == 3 and all(text_width(c) <= 20 for c in shown)
    assert shown[1].endswith("_dust") and shown[0].endswith("ratio") and shown[2] == "short"

"""Any plan, any region: plan ids and shorthands as data, links and observations by the plan's
region, `shanxi plans`, plans without observations, and a made-up plan of a made-up region given
only as files, run through validate, assess, scenario, forecast and `shanxi run`."""

import json

import pandas as pd
import pytest

from conftest import edit_cell, sign
from shanxi_analysis import get_plan, load_targets
from shanxi_analysis.core.errors import DataError, ShanxiError
from shanxi_analysis.data.links import load_links
from shanxi_analysis.data.validate import collect_problems
from shanxi_analysis.models.assess import Assessment

PLAN_IDS = ["shanxi-13", "shanxi-14", "china-14", "china-15", "shanxi-15"]

# --------------------------------------------------------------------------------------------
# plan identity


def test_plans_answer_to_their_id_their_shorthand_or_their_number_and_region():
    assert [get_plan(p).id for p in PLAN_IDS] == PLAN_IDS
    assert get_plan("14").id == get_plan(14).id == "shanxi-14"  # the registry's shorthands
    assert get_plan("13").id == "shanxi-13"
    assert get_plan(14, region="china").id == "china-14"  # a number with its region
    assert get_plan(None).id == "shanxi-14"  # the default region's current plan (regions.csv)
    assert get_plan(None, region="china").id == "china-14"
    with pytest.raises(ShanxiError, match=r"unknown plan '15'; valid choices: shanxi-13 \(13\), shanxi-14 \(14\)"):
        get_plan("15")  # two plans are numbered 15: no shorthand, no guess


def test_shorthands_and_defaults_are_data_not_code(data_copy):
    edit_cell(data_copy / "raw" / "plans.csv", 3, "shorthand", "current")
    assert get_plan("current", data_dir=data_copy).id == "shanxi-14"
    with pytest.raises(ShanxiError, match="unknown plan '14'"):
        get_plan("14", data_dir=data_copy)
    edit_cell(data_copy / "raw" / "regions.csv", 2, "default", "false")
    edit_cell(data_copy / "raw" / "regions.csv", 3, "default", "true")
    assert get_plan(None, data_dir=data_copy).id == "china-14"


def test_a_shorthand_naming_two_plans_or_a_current_plan_that_is_none_is_refused(data_copy):
    edit_cell(data_copy / "raw" / "plans.csv", 4, "shorthand", "14")
    problems, _ = collect_problems(data_copy)
    assert any(p.column == "shorthand" and "already names the plan of line 3" in p.message for p in problems)
    edit_cell(data_copy / "raw" / "plans.csv", 4, "shorthand", "")
    edit_cell(data_copy / "raw" / "regions.csv", 3, "current_plan", "china-13")
    problems, _ = collect_problems(data_copy)
    assert any(p.column == "current_plan" and "'china-13'" in p.message for p in problems)


def test_links_belong_to_their_plan_and_observations_to_its_region():
    national, provincial = load_links("china-14"), load_links("shanxi-14")
    assert set(national["plan"]) == {"china-14"} and set(provincial["plan"]) == {"shanxi-14"}
    # the same series, urbanization, read for each plan in its own region
    china = Assessment("china-14", as_of=2022).fit().table.set_index("no")
    shanxi = Assessment("shanxi-14", as_of=2022).fit().table.set_index("no")
    assert china.loc["3", "series_id"] == shanxi.loc["2", "series_id"] == "urbanization_rate"
    assert (china.loc["3", "latest_year"], china.loc["3", "latest_value"]) == (2022, 65.22)  # national
    assert shanxi.loc["2", "latest_value"] != 65.22


def test_a_link_to_an_unknown_plan_lists_the_plans(data_copy):
    with open(data_copy / "raw" / "indicator_series.csv", "a", encoding="utf-8") as fh:
        fh.write("atlantis-1,1,gdp_real_growth,annual,\n")
    sign(data_copy / "raw", "a link to a plan that does not exist")
    problems, _ = collect_problems(data_copy)
    [problem] = [p for p in problems if p.file.endswith("indicator_series.csv")]
    assert problem.column == "plan" and "atlantis-1 is not a plan" in problem.message and "china-14" in problem.message


def test_regions_are_a_file_of_their_own(data_copy):
    # a plan's region must be one of regions.csv (its names, its nation, its current plan)
    edit_cell(data_copy / "raw" / "plans.csv", 4, "region", "atlantis")
    problems, _ = collect_problems(data_copy)
    assert any(
        p.column == "region" and "'atlantis' is not in regions.csv" in p.message and "shanxi, china" in p.message
        for p in problems
    )
    edit_cell(data_copy / "raw" / "plans.csv", 4, "region", "china")
    edit_cell(data_copy / "raw" / "regions.csv", 3, "default", "true")
    problems, _ = collect_problems(data_copy)
    assert [p.column for p in problems] == ["default"] and "exactly one" in problems[0].message


def test_observations_of_a_region_without_a_row_of_regions_csv_load_under_its_code(data_copy):
    # intake drafts rows of any region (a prefecture, another province): they load, named by their code
    from shanxi_analysis.data.observed import load_observed
    from shanxi_analysis.report.terminal import region_words

    edit_cell(data_copy / "raw" / "observed.csv", 2, "region", "jinzhong")
    assert collect_problems(data_copy)[0] == []
    assert len(load_observed(region="jinzhong", data_dir=data_copy)) == 1
    assert region_words("jinzhong", "en") == "jinzhong" and region_words("shanxi", "zh") == "山西"
    with pytest.raises(ShanxiError, match="unknown region 'atlantis'; valid choices: shanxi, china, jinzhong, all"):
        load_observed(region="atlantis", data_dir=data_copy)


# --------------------------------------------------------------------------------------------
# shanxi plans


def test_shanxi_plans_lists_every_plan_with_its_grade_and_counts(cli):
    code, out, err = cli("plans", "--format", "json")
    assert code == 0, err
    rows = {r["plan"]: r for r in json.loads(out)}
    assert list(rows) == PLAN_IDS
    assert {p: rows[p]["grade"] for p in PLAN_IDS} == {
        "shanxi-13": "outline",
        "shanxi-14": "outline",
        "china-14": "reconstructed",
        "china-15": "outline",
        "shanxi-15": "press",
    }
    assert (rows["china-14"]["targets"], rows["china-15"]["targets"], rows["shanxi-15"]["targets"]) == (20, 12, 2)
    assert rows["china-14"]["linked_series"] > 15 and rows["china-14"]["observations"] > 50
    assert (rows["china-15"]["observations"], rows["china-15"]["first_year"]) == (0, None)
    assert (rows["shanxi-14"]["base_year"], rows["shanxi-14"]["target_year"], rows["shanxi-14"]["shorthand"]) == (
        2020,
        2025,
        "14",
    )
    code, out, _ = cli("plans", "--lang", "zh")
    assert code == 0 and "china-15" in out and "据报道重建" in out and "新闻报道" in out
    code, out, _ = cli("plans", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("plan,shorthand,region,number")


# --------------------------------------------------------------------------------------------
# a plan without observations says so


@pytest.mark.parametrize(
    "command",
    [
        ("assess", "--plan", "china-15"),
        ("assess", "--plan", "shanxi-15", "--format", "csv"),
        ("scenario", "--plan", "china-15"),
        ("forecast", "--series", "gdp_real_growth", "--plan", "shanxi-15"),
        ("run", "--plan", "china-15", "--only", "2"),
    ],
)
def test_a_plan_without_observations_says_so_in_one_line(cli, command, tmp_path):
    code, out, err = cli(*command, "--out", tmp_path) if command[0] == "run" else cli(*command)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "has no observations yet" in err and "Traceback" not in err


def test_a_notebook_refuses_a_plan_without_observations_with_the_choices():
    from shanxi_analysis.report.notebook import check_params

    with pytest.raises(ShanxiError, match="plan china-15 has no observations yet"):
        check_params(plan="china-15")
    with pytest.raises(ShanxiError, match="unknown plan 'china-16'; valid choices: shanxi-13"):
        check_params(plan="china-16")
    assert check_params(plan="china-14", as_of_year=2022)["plan"] == "china-14"
    with pytest.raises(ShanxiError, match="no previous plan judged on its printed outcomes"):
        check_params(plan="china-14", review=True)
    assert check_params(review=True)["reviewed"] == "shanxi-13"


def test_the_library_takes_any_plan_id():
    assert len(load_targets("china-14")) == 20
    results = Assessment(plan="china-14", as_of=2022).fit()
    assert results.plan == "china-14" and len(results.table) == 20
    assert set(results.table["plan"]) == {"china-14"}
    with pytest.raises(ShanxiError, match="as-of year 2024 is outside the data; observations for plan china-15 do not"):
        Assessment(plan="china-15", as_of=2024)


# --------------------------------------------------------------------------------------------
# a made-up plan of a made-up region, given only as files


def test_a_made_up_plan_of_a_made_up_region_validates_assesses_projects_and_forecasts(cli, made_up_plan):
    problems, counts = collect_problems(made_up_plan)
    assert problems == []
    assert any(k.endswith("atlantis3_indicators.csv") for k in counts)

    code, out, err = cli("plans", "--format", "json", data_dir=made_up_plan)
    assert code == 0, err
    atlantis = next(r for r in json.loads(out) if r["plan"] == "atlantis-3")
    assert (atlantis["region"], atlantis["linked_series"], atlantis["observations"]) == ("atlantis", 5, 20)

    code, out, err = cli("assess", "--plan", "atlantis-3", "--as-of", "2024", "--format", "csv", data_dir=made_up_plan)
    assert code == 0, err
    from io import StringIO

    table = pd.read_csv(StringIO(out), dtype={"no": str}).set_index("no")
    assert table.loc["1", "latest_value"] == 5.3  # Atlantis's own observation, not Shanxi's
    assert table.loc["1", "actual_rate"] == pytest.approx(((1.068 * 1.049 * 1.056 * 1.053) ** 0.25 - 1) * 100)
    assert table.loc["2", "latest_value"] == 24.3 and table.loc["3", "latest_value"] == 5.4
    assert set(table["status"]) <= {"on_track", "moderate", "insufficient", "moving_away", "unlikely", "provisional"}

    # the national plans' kinds work for any plan: a growth rate above another row's (chained over the
    # same years), a five-year reduction chained from annual changes
    def chained(*rates):
        product = 1.0
        for g in rates:
            product *= 1 + g / 100
        return (product ** (1 / len(rates)) - 1) * 100

    assert table.loc["4", "relative_gap"] == pytest.approx(chained(7.2, 5.0, 5.9, 5.5) - chained(6.8, 4.9, 5.6, 5.3))
    assert (table.loc["4", "status"], table.loc["4", "midterm"]) == ("on_track", "as_expected")
    kept = 0.969 * 0.974 * 0.971 * 0.970
    assert table.loc["5", "cumulative_so_far"] == pytest.approx((1 - kept) * 100)
    assert table.loc["5", "ratio"] == pytest.approx((1 - kept**0.25) / (1 - 0.865**0.2))
    assert table.loc["3", "status"] == "on_track"  # the ceiling <5.5: 5.4 in 2024, from 6.0

    code, out, err = cli(
        "scenario", "--plan", "atlantis-3", "--preset", "baseline", "--format", "json", data_dir=made_up_plan
    )
    assert code == 0, err
    assert {"1", "2", "3"} <= {r["no"] for r in json.loads(out)}

    code, out, err = cli(
        "forecast", "--series", "gdp_real_growth", "--plan", "atlantis-3", "--format", "json", data_dir=made_up_plan
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["status"] == "ok" and result["data_up_to"] == 2024 and result["target"]["plan"] == "atlantis-3"

    code, out, err = cli("observed", "--region", "atlantis", "--format", "csv", data_dir=made_up_plan)
    assert code == 0 and len(out.splitlines()) == 1 + 26


def test_a_made_up_plan_without_its_region_is_refused(data_copy, made_up_plan):
    lines = (made_up_plan / "raw" / "regions.csv").read_text(encoding="utf-8").splitlines()
    (made_up_plan / "raw" / "regions.csv").write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"'atlantis' is not in regions\.csv"):
        load_targets("atlantis-3", data_dir=made_up_plan)


@pytest.mark.notebook
def test_a_made_up_plan_runs_through_shanxi_run(cli, made_up_plan, tmp_path):
    out = tmp_path / "reports"
    code, _, err = cli(
        "run", "--plan", "atlantis-3", "--only", "2", "4", "--lang", "en", "--out", out, data_dir=made_up_plan
    )
    assert code == 0, err
    tracker = (out / "html" / "2_tracker_14th_plan.en.html").read_text(encoding="utf-8")
    assert "Forest coverage" in tracker and "Surveyed urban unemployment rate" in tracker
    assert "Atlantis 3rd plan (made up)" in (out / "index.en.html").read_text(encoding="utf-8")
    assert (out / "html" / "4_what_if_scenarios.en.html").is_file()

"""What-if scenarios: presets, custom steps, and agreement with the models."""

import numpy as np
import pytest

from fitted import assessment
from shanxi_analysis.core.errors import ShanxiError
from shanxi_analysis.models.assess import assess
from shanxi_analysis.models.growth import chained_average, required_remaining_average
from shanxi_analysis.models.scenario import PRESETS, ScenarioModel


@pytest.fixture(scope="module")
def model():
    return ScenarioModel(as_of=2023)


def test_required_preset_meets_every_target(model):
    """The required step reaches each target exactly: met, except a strict target (">8"), whose
    bound is not met at the bound (issue 16: 8.00 read "met" in the what-if app)."""
    res = model.run(model.preset("required"))
    strict = res.table["comparator"].isin([">", "<"])
    assert res.table.loc[~strict, "met"].all() and not res.table.loc[strict, "met"].any()
    assert set(res.table.loc[strict, "no"]) >= {"1", "3"}  # >8, >10000
    assert np.allclose(res.table["gap"], 0, atol=1e-9)


def test_gdp_custom_steps_match_the_growth_toolkit(model):
    res = model.run(model.custom("x", "1", [6.0, 7.0]))
    r = res.table.iloc[0]
    assert r["value_at_target"] == pytest.approx(chained_average([9.1, 4.4, 5.0, 6.0, 7.0]))
    assert r["met"] is not None and not r["met"]  # False, or a numpy bool
    assert r["required_step"] == pytest.approx(required_remaining_average([9.1, 4.4, 5.0], 8, 5))


def test_scenario_required_rate_agrees_with_the_assessment(model):
    table = assess(plan=14, as_of=2023).set_index("no")
    for no in ("1", "7"):
        assert model.row(no)["required_step"] == pytest.approx(table.loc[no, "remaining_rate"])
    assert model.row("2")["required_step"] == pytest.approx(table.loc["2", "remaining_rate"])


def test_level_scenario_in_percentage_points(model):
    res = model.run(model.custom("x", "2", [1.0, 1.0]))
    assert res.table.iloc[0]["value_at_target"] == pytest.approx(64.97 + 2.0)
    path = res.path("2")
    assert path[path["series"] == "scenario"]["year"].tolist() == [2023, 2024, 2025]


def test_presets_are_ordered(model):
    results = {p: model.run(model.preset(p)).table.set_index("no")["value_at_target"] for p in PRESETS}
    common = results["baseline"].index.intersection(results["optimistic"].index)
    higher = [no for no in common if model.row(no)["direction"] == "higher"]
    assert (results["optimistic"][higher] >= results["baseline"][higher] - 1e-9).all()
    assert (results["pessimistic"][higher] <= results["baseline"][higher] + 1e-9).all()


def test_vectorised_run_equals_one_by_one(model):
    scenario = model.preset("baseline")
    together = model.run(scenario).table.set_index("no")["value_at_target"]
    for no, steps in scenario.steps.items():
        alone = model.run(model.custom("x", no, list(steps.values()))).table.iloc[0]["value_at_target"]
        assert alone == pytest.approx(together[no])


def test_bad_scenarios_are_rejected(model):
    with pytest.raises(ShanxiError, match="2 remaining years"):
        model.custom("x", "1", [5, 5, 5])
    with pytest.raises(ShanxiError, match="unknown indicator '99'"):
        model.custom("x", "99", [5])
    with pytest.raises(ShanxiError, match="unknown scenario 'rosy'; valid choices: baseline"):
        model.preset("rosy")


# --- one truth with the tracker --------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [2021, 2022, 2023, 2024, 2025])
def test_tracker_scenarios_and_briefing_agree_row_by_row(as_of):
    from shanxi_analysis.report import narrative
    from shanxi_analysis.report.messages import status_label

    results = assessment(14, as_of=as_of)
    tracker = results.table.set_index("no")
    model = ScenarioModel(as_of=as_of)
    for preset in PRESETS:
        table = model.run(model.preset(preset)).table.set_index("no")
        for no, r in table.iterrows():
            status = tracker.loc[no, "status"]
            assert r["tracker_status"] == status
            assert status not in ("no_data",), f"{preset}: a verdict for {no} without observations"
            if status in ("achieved", "missed"):  # a closed period keeps the tracker's verdict
                assert r["closed"] and r["met"] == (status == "achieved"), (preset, no)
            elif status == "pending":
                assert r["closed"] and r["met"] is None, (preset, no)
            elif status == "unlikely" and preset != "required":
                assert not r["met"], (preset, no)  # out of reach is never met by a preset
            if preset != "required" and not r["closed"]:  # the tracker's evidence rule: firm rows only
                assert tracker.loc[no, "evidence"] == "firm", (preset, no, as_of)
    for lang, header in (("zh", "状态"), ("en", "status")):  # the briefing shows the tracker's status, in words
        shown = narrative.status_table(results, lang)
        assert list(shown[header]) == [status_label(s, lang) for s in tracker["status"]]


def test_presets_follow_the_trackers_evidence_rule():
    """Issue 16: the baseline said "met" for rows 3 and 14 (two steps, one of them the 2021
    rebound) where the tracker says provisional; a provisional row now gets no trend preset."""
    for as_of in (2021, 2022, 2023, 2024):
        model = ScenarioModel(as_of=as_of)
        tracker = model.state
        for preset in ("baseline", "optimistic", "pessimistic"):
            set_rows = set(model.preset(preset).steps)
            assert not set_rows & {"3", "14"}, (as_of, preset)
            assert all(tracker.loc[no, "evidence"] == "firm" for no in set_rows), (as_of, preset)
        for no in ("3", "14"):
            assert tracker.loc[no, "status"] == "provisional"
            assert model.no_preset_reason("baseline", no) == "thin_evidence"
            assert no in model.preset("required").steps  # the pace needed is still shown


def test_gdp_closed_as_of_2025_in_every_preset():
    model = ScenarioModel(as_of=2025)
    for preset in PRESETS:
        gdp = model.run(model.preset(preset)).table.set_index("no").loc["1"]
        assert gdp["closed"] and gdp["met"] is False and gdp["value_at_target"] == 5.0
    with pytest.raises(ShanxiError, match="0 remaining years"):
        model.custom("x", "1", [9.0])


def test_no_data_rows_get_no_preset_and_custom_paths_are_assumptions():
    model = ScenarioModel(as_of=2023)
    assert "4" not in set(model.run(model.preset("baseline")).table["no"])  # industry share: no observation
    assert "4" not in set(model.run(model.preset("required")).table["no"])
    custom = model.run(model.custom("x", "4", [1.0] * 5)).table.iloc[0]
    assert custom["assumption_only"] and custom["value_at_target"] == pytest.approx(38.1 + 5 * 1.0)


def test_a_trend_needs_two_comparable_steps():
    model = ScenarioModel(as_of=2023)
    # national key laboratories: the 2020 base and one observation (2022) are one step: no trend
    assert np.isnan(model.row("8b")["baseline_step"])
    assert "8b" not in set(model.run(model.preset("baseline")).table["no"])


def test_counts_move_in_whole_units():
    model = ScenarioModel(as_of=2023)
    res = model.run(model.custom("x", "12", [0.4, 0.4, 0.4]))  # 2 universities in 2022, +0.4 a year
    path = res.path("12")
    scen = path[path["series"] == "scenario"]["value"].tolist()
    assert scen == [2.0, 2.0, 2.0, 3.0]  # 2.4, 2.8 are not universities; 3.2 is 3
    assert res.table.iloc[0]["value_at_target"] == 3.0 and res.table.iloc[0]["met"]
    assert model.row("12")["rate_unit"] == "units_per_year"


def test_optimistic_never_beyond_the_best_pace_ever_seen():
    model = ScenarioModel(as_of=2023)
    steps = model.preset("optimistic").steps
    for no, by_year in steps.items():
        r = model.row(no)
        better_up = r["direction"] == "higher" or r["mode"] == "rate"
        for v in by_year.values():
            assert (v <= r["best_step"] + 1e-9) if better_up else (v >= r["best_step"] - 1e-9)


def test_a_what_if_page_opened_after_the_period_starts_from_the_last_open_year():
    from shanxi_analysis.models.scenario import open_as_of

    assert open_as_of(2025) == 2024 and open_as_of(2023) == 2023 and open_as_of() == 2024
    closed = ScenarioModel(as_of=open_as_of(2025)).row("1")["closed"]
    assert closed is not None and not closed


# --- start states and presets in codes; the what-if app on indicators without data ----------------


def test_start_states_and_why_a_preset_has_nothing():
    model = ScenarioModel(as_of=2023)
    assert model.start_state("1") == "trend"  # GDP: three steps since 2020
    assert model.start_state("4") == "no_data"  # industry share: nothing observed after 2020
    # key laboratories: one observation, one step; the tracker's verdict is provisional
    assert model.start_state("8b") == "thin_evidence"
    assert model.no_preset_reason("baseline", "1") is None and model.no_preset_reason("required", "1") is None
    assert {p: model.no_preset_reason(p, "4") for p in PRESETS} == dict.fromkeys(PRESETS, "no_data")
    assert model.no_preset_reason("baseline", "8b") == "thin_evidence"
    assert model.no_preset_reason("required", "8b") is None  # a start value: the required pace exists
    closed = ScenarioModel(as_of=2025)
    assert closed.start_state("1") == "closed" and closed.no_preset_reason("baseline", "1") == "closed"


def test_scenarios_can_start_from_the_trackers_own_fitted_state():
    from shanxi_analysis.models.assess import Assessment

    results = Assessment(14, as_of=2023).fit()
    model = ScenarioModel(as_of=2023, results=results)
    assert model.results is results and (model.state["status"] == results.table.set_index("no")["status"]).all()
    with pytest.raises(ShanxiError, match="not this scenario's"):
        ScenarioModel(as_of=2024, results=results)


def _text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", html)


def test_the_app_starts_an_indicator_without_data_from_nothing():
    pytest.importorskip("ipywidgets")
    from shanxi_analysis.report.widgets import ScenarioApp

    app = ScenarioApp(as_of=2023, lang="en", indicator="4")
    model = app.model
    assert [s.value for s in app.sliders] == [0.0] * 5  # not the required pace (0.78 pp a year)
    assert "No observation since 2020" in app.note.value
    assert "scenario-verdict" not in app.readout.value and "met" not in _text(app.readout.value).split()
    assert "chart-scenario" not in app.chart.value and "chart-required" not in app.chart.value

    for preset in PRESETS:  # no preset for it: the app says why and draws nothing new
        app.apply_preset(preset)
        assert f"No {preset} preset" in app.note.value
        assert "scenario-verdict" not in app.readout.value and "chart-scenario" not in app.chart.value

    app.sliders[0].value = 1.0  # the user sets a path: a verdict, labelled as an assumption
    r = app.compute().table.iloc[0]
    expected = model.run(model.custom("x", "4", [1.0, 0, 0, 0, 0])).table.iloc[0]
    assert r["assumption_only"] and r["value_at_target"] == pytest.approx(expected["value_at_target"])
    assert "scenario-assumption" in app.readout.value
    assert "assumed path: 39.10 % in 2025 would miss the target" in app.readout.value
    assert "chart-scenario" in app.chart.value and "chart-required" not in app.chart.value
    assert "your assumed path alone" in app.note.value

    zh = ScenarioApp(as_of=2023, lang="zh", indicator="4")
    assert "2020年以来无观测数据" in zh.note.value and "scenario-verdict" not in zh.readout.value
    for s in zh.sliders:
        s.value = 1.0
    assert "假设路径:2025年达到43.10%,可实现目标" in zh.readout.value


def test_the_app_starts_an_observed_indicator_without_a_trend_from_nothing():
    pytest.importorskip("ipywidgets")
    from shanxi_analysis.report.widgets import ScenarioApp

    app = ScenarioApp(as_of=2023, lang="en", indicator="8b")  # one observation: no trend
    assert set(s.value for s in app.sliders) == {0.0} and "scenario-verdict" not in app.readout.value
    assert "Too few or too old observations since 2020" in app.note.value
    app.apply_preset("required")  # the required preset exists (a start value is observed)
    assert "scenario-verdict'>met<" in app.readout.value and app.note.value == ""


def test_the_app_redraws_only_what_changed():
    pytest.importorskip("ipywidgets")
    from shanxi_analysis.report.widgets import ScenarioApp

    app = ScenarioApp(as_of=2023, lang="en", indicator="1")
    writes = []
    app.chart.observe(lambda change: writes.append("chart"), names="value")
    app.readout.observe(lambda change: writes.append("readout"), names="value")
    app.update()  # nothing moved: nothing is sent
    assert writes == []
    app.sliders[0].value = app.sliders[0].value + 0.1
    assert sorted(writes) == ["chart", "readout"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_app_speaks_one_language(lang):
    """Every word of the app comes from the catalogue in the app's language (numbers, the
    abbreviations Chinese pages accept, and phrases marked lang="zh" aside)."""
    pytest.importorskip("ipywidgets")
    import re

    from shanxi_analysis.report.widgets import ScenarioApp

    app = ScenarioApp(as_of=2023, lang=lang)
    seen = []
    for label, value in app.dropdown.options:
        app.dropdown.value = value
        app.apply_preset("baseline")
        seen += [label, app.readout.value, app.chart.value, app.caption.value, app.note.value]
    seen += [b.description for b in app.buttons] + [b.tooltip for b in app.buttons] + [app.dropdown.description]
    text = _text(re.sub(r"<q lang=\"zh\">.*?</q>|<style>.*?</style>", " ", "\n".join(seen), flags=re.S))
    text = re.sub(r"&\w+;", " ", text)
    if lang == "zh":
        latin = re.findall(r"\b(?!(?:GDP|PM2|CO2|R&D|5G|svg|http|www|org|xmlns|sans|serif)\b)[A-Za-z]{3,}", text)
        assert not latin, sorted(set(latin))[:20]
    else:
        assert not re.findall(r"[\u4e00-\u9fff]", text), re.findall(r".{0,20}[\u4e00-\u9fff]+.{0,20}", text)[:5]

"""What-if scenarios: presets, custom steps, and agreement with the models."""

import numpy as np
import pytest

from shanxi_analysis.models.assess import assess
from shanxi_analysis.core.errors import ShanxiError
from shanxi_analysis.models.growth import chained_average, required_remaining_average
from shanxi_analysis.models.scenario import PRESETS, ScenarioModel


@pytest.fixture(scope="module")
def model():
    return ScenarioModel(as_of=2023)


def test_required_preset_meets_every_target(model):
    res = model.run(model.preset("required"))
    assert res.table["met"].all()
    assert np.allclose(res.table["gap"], 0, atol=1e-9)


def test_gdp_custom_steps_match_the_growth_toolkit(model):
    res = model.run(model.custom("x", "1", [6.0, 7.0]))
    r = res.table.iloc[0]
    assert r["value_at_target"] == pytest.approx(chained_average([9.1, 4.4, 5.0, 6.0, 7.0]))
    assert r["met"] is False or r["met"] == False  # noqa: E712  (a numpy bool)
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
    common = results["baseline"].index
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

"""The status type (shanxi_analysis.models.status): the facts about each verdict code live in the
model layer, and every page, table and scenario asks them."""

from __future__ import annotations

import pandas as pd
import pytest

from shanxi_analysis.models import status as st
from shanxi_analysis.models.assess import STATUSES_OBSERVED, STATUSES_OUTCOMES, Assessment, midterm_code


def test_the_documented_orders_and_sets():
    assert STATUSES_OUTCOMES == ("achieved", "missed", "provisional", "not_assessable")
    assert STATUSES_OBSERVED[:3] == ("achieved", "missed", "on_track") and STATUSES_OBSERVED[-2:] == (
        "not_quantified",
        "not_scored",
    )
    assert st.codes("observed", firm=True) == (
        "achieved",
        "missed",
        "on_track",
        "moderate",
        "insufficient",
        "moving_away",
        "unlikely",
    )
    assert st.codes("observed", closed=True) == ("achieved", "missed", "pending")
    assert st.codes(unscored=True, judged_by="observed") == ("no_data", "not_quantified", "not_scored")
    with pytest.raises(Exception, match="valid"):
        st.status("finished")


def test_the_final_classes_are_statuses_judged_by_the_final_evaluation():
    """Issue 16: the final evaluation's classes are codes of the status type, with its facts."""
    from shanxi_analysis.models.final import FINAL_CLASSES

    assert set(st.codes("final")) == set(FINAL_CLASSES)
    assert st.codes("final", met=True) == ("met", "met_within_band")
    assert st.codes("final", favourable=True) == ("met", "met_within_band", "very_likely_met")
    assert st.status("very_likely_missed").firm and not st.status("very_likely_missed").outcome
    assert not st.status("cannot_judge").firm and st.status("not_scored").unscored
    # a finished plan: nothing left to assume (not_scored is the live plans' code too: nothing to close)
    assert all(st.status(code).closed for code in FINAL_CLASSES if code != "not_scored")


def test_firm_closed_and_outcome_are_consistent():
    for s in st.STATUSES.values():
        assert not (s.firm and s.unscored), s
        assert s.outcome == (s.met is not None), s
        assert not s.outcome or (s.closed and s.firm), s  # an outcome closes the period and is firm
        assert s.severity is None or s.firm, s  # only a firm verdict is "off track"
        assert not s.paced or not s.closed, s


def test_every_status_has_words_and_a_colour():
    from shanxi_analysis.report.colours import STATUS_COLORS
    from shanxi_analysis.report.messages import CATALOGUE, STATUS

    for code in st.STATUSES:
        assert code in STATUS and code in STATUS_COLORS and f"chart.short.{code}" in CATALOGUE, code


def test_the_mid_term_wording_grades_the_paced_verdicts_only():
    for code, s in st.STATUSES.items():
        graded = midterm_code(code, 1.0, False)
        # a pace never reached in the indicator's history is 相对滞后 (NDRC's class for a lagging row)
        assert (graded != code) == (s.paced or code == "unlikely"), code
    assert midterm_code("unlikely", 0.5, False) == "behind"


def test_most_off_track_orders_by_severity_then_ratio():
    table = pd.DataFrame(
        {
            "no": list("abcdefg"),
            "status": ["moderate", "moving_away", "missed", "on_track", "moderate", "unlikely", "provisional"],
            "ratio": [0.9, 0.2, float("nan"), 1.2, 0.7, 0.5, 0.1],
        }
    )
    assert st.most_off_track(table)["no"].tolist() == ["b", "c", "f", "e", "a"]


def test_why_a_row_is_unscored():
    assert st.unscored_reason("not_quantified", "gdp", 3) == "not_quantified"
    assert st.unscored_reason("no_data", None, None) == "no_series"
    assert st.unscored_reason("no_data", "", 0) == "no_series"
    assert st.unscored_reason("no_data", "gdp", 2) == "too_few"
    assert st.unscored_reason("no_data", "gdp", 0) == "no_observation"
    assert st.unscored_reason("not_assessable", "专栏1", None) == "no_outcome"
    assert st.unscored_reason("on_track", "gdp", 3) == ""


def test_the_tracker_table_says_why_each_unscored_row_is_unscored():
    table = Assessment(None, 2023).fit().table
    unscored = table[table["unscored"] != ""]
    assert set(unscored["status"]) == {"no_data", "not_quantified"} and len(unscored)
    assert set(unscored["unscored"]) <= set(st.UNSCORED_REASONS)
    assert (table.loc[table["unscored"] == "", "status"].map(lambda c: not st.status(c).unscored)).all()

"""The 15th plans (models.outlook, report.outlook, notebook 6): each target with its source grade,
its 2025 base, the pace 2026-2030 needs and the 14th plan period's record; no outcome claimed."""

import re

import pytest

from shanxi_analysis.models.outlook import outlook
from shanxi_analysis.report import outlook as words


def _chained(*rates):
    product = 1.0
    for g in rates:
        product *= 1 + g / 100
    return (product ** (1 / len(rates)) - 1) * 100


@pytest.fixture(scope="module")
def national():
    return outlook("china-15").set_index("no", drop=False)


def test_the_pages_show_the_plans_after_the_current_ones_nation_first():
    assert words.plans_to_show() == ["china-15", "shanxi-15"]


def test_bases_needs_and_records_of_the_national_15th_plan(national):
    t = national
    assert t.attrs == {"plan": "china-15", "previous": "china-14", "first": 2020, "last": 2025}
    # schooling 11.3 (2025) to 11.7 (2030); life expectancy 79.25 to 80: years a year
    assert (t.loc["5", "base_value"], t.loc["5", "need"]) == (11.3, pytest.approx(0.4 / 5))
    assert t.loc["5", "record"] == pytest.approx((11.3 - 10.75) / 5)  # from 2020's revised 10.75
    assert t.loc["6", "need"] == pytest.approx(0.75 / 5) and t.loc["6", "record"] == pytest.approx((79.25 - 77.93) / 5)
    # GDP: qualitative, its record the chained annual rates of 2021-2025
    assert t.loc["1", "need_code"] == "qualitative"
    # the latest vintage of each year as the loader selects it (2023 revised to 5.4)
    assert t.loc["1", "record"] == pytest.approx(_chained(8.4, 3.0, 5.4, 5.0, 5.0))
    # 〔17〕 CO2 per unit of GDP: the steady annual reduction; its 2021-2025 chain has a year missing
    assert t.loc["7", "need"] == pytest.approx((1 - 0.83**0.2) * 100) and t.loc["7", "record_code"] == "missing_years"
    # a ceiling the base keeps (unemployment 5.2 < 5.5) and a level passed (water 91.4 > 85): keep it
    assert list(t.loc[["3", "9"], "need_code"]) == ["kept", "kept"]
    assert (t.loc["3", "record_low"], t.loc["3", "record_high"]) == (5.1, 5.6)
    assert t.loc["4", "need_code"] == "relative" and t.loc["4", "relative_to"] == "1"
    assert set(t["grade"]) == {"outline"} and t["source_text"].notna().all()
    assert list(t.loc[["11", "12"], "record_code"]) == ["context_only", "no_series"]


def test_shanxi_15th_plan_says_what_is_not_known():
    t = outlook("shanxi-15")
    assert set(t["grade"]) == {"press"} and set(t["need_code"]) == {"no_base"}
    for lang in ("zh", "en"):
        assert words.unknown("shanxi-15", lang)
        table = words.outlook_table(t, lang)
        assert len(table) == 2 and table.iloc[:, 3].nunique() == 1  # the grade shown on every row


CLAIMS = re.compile(r"已实现|未实现|符合预期|滞后|achieved|missed|on track|behind|met early", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_target_is_shown_with_its_grade_base_and_need_and_no_outcome_is_claimed(national, lang):
    table = words.outlook_table(national, lang)
    assert len(table) == 12 and table.iloc[:, 3].map(bool).all()
    text = " ".join(table.astype(str).to_numpy().ravel()) + " ".join(words.comparisons(national, lang))
    text += words.intro(national, lang) + words.unknown("china-15", lang)
    assert not CLAIMS.search(text), CLAIMS.search(text)
    if lang == "en":  # one language per page
        assert not re.search(r"[\u4e00-\u9fff]", text), re.findall(r"[\u4e00-\u9fff]+", text)
    else:
        assert "第43行:“人均预期寿命提高到80岁”" in text and "0.15年/年" in text

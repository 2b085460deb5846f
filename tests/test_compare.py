"""Shanxi against China and the data-vintage table: numbers checked by hand against
data/raw/observed.csv, no gap across different years, and display frames in one language with
every data-derived string escaped."""

import html
import math
import re

import pandas as pd
import pytest

from conftest import edit_cell
from shanxi_analysis.data.observed import load_observed
from shanxi_analysis.data.plans import load_targets
from shanxi_analysis.models.compare import GAP_KINDS, national_comparison, vintage_table
from shanxi_analysis.report.context_tables import (
    comparison_note,
    national_comparison_table,
    to_html,
    vintage_summary,
    vintage_table_display,
)

# data/shared README: "National comparators (region = china) exist for: ...", and the series of the
# national 14th plan added with it (data/raw/README.md)
COMPARATORS = {
    "air_quality_good_days_ratio",
    "air_quality_good_days_ratio_excl_dust",
    "childcare_places_per_1000",
    "co2_intensity_change",
    "co2_intensity_change_cum5",
    "digital_economy_core_va_share_gdp",
    "disposable_income_per_capita_avg_growth5_real",
    "employment_new_urban_cum5",
    "energy_intensity_change",
    "energy_intensity_change_cum_since2020",
    "forest_coverage",
    "forest_coverage_tnls",
    "grain_output",
    "high_value_patents_per_10k",
    "non_fossil_energy_share",
    "pension_insurance_coverage_rate",
    "schooling_years_working_age",
    "surface_water_good_ratio",
    "unemployment_rate_surveyed_dec",
    "disposable_income_per_capita",
    "disposable_income_per_capita_growth_nominal",
    "disposable_income_per_capita_growth_real",
    "disposable_income_rural",
    "disposable_income_urban",
    "disposable_income_urban_growth_nominal",
    "gdp_level",
    "gdp_real_growth",
    "labor_productivity",
    "labor_productivity_growth",
    "life_expectancy",
    "physicians_per_1000",
    "pm25_concentration",
    "rd_expenditure",
    "rd_expenditure_growth",
    "rd_intensity",
    "sei_va_share_gdp",
    "sports_population_share",
    "unemployment_rate_surveyed",
    "urbanization_rate",
}
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def row(df, sid):
    hit = df[df["series_id"] == sid]
    assert len(hit) == 1, sid
    return hit.iloc[0]


def chained(rates):
    """Chained average annual growth, written out independently of models.growth."""
    return (math.prod(1 + g / 100 for g in rates) ** (1 / len(rates)) - 1) * 100


# --- national comparison: hand-checked numbers ----------------------------------------------


def test_one_row_per_series_with_a_national_comparator():
    df = national_comparison(2025)
    assert sorted(df["series_id"]) == sorted(COMPARATORS)
    assert set(df["gap_kind"]) <= set(GAP_KINDS)


def test_urbanization_compared_in_the_latest_common_year():
    # observed.csv: Shanxi 2024 66.32 (preliminary, official); China 2024 67 (preliminary, NBS
    # communiqué), 2025 67.89; Shanxi has no 2025 value yet
    r = row(national_comparison(2025), "urbanization_rate")
    assert (r["year"], r["latest_year_region"], r["latest_year_nation"]) == (2024, 2024, 2025)
    assert (r["value_region"], r["value_nation"]) == (66.32, 67.0)
    assert r["gap_kind"] == "pp" and r["gap"] == pytest.approx(-0.68)
    assert (r["vintage_region"], r["vintage_nation"]) == ("preliminary", "preliminary")
    assert (r["plan"], r["no"], r["role"]) == ("shanxi-14", "2", "annual")


def test_life_expectancy_has_no_common_year_so_no_comparison():
    # Shanxi's latest is 2010 (74.92, census); China's as of 2023 is 2023 (78.6), and no year has
    # both: each side's latest year is given, no value is set beside another year's, no gap
    # (issue 16: no Shanxi 2010 life expectancy beside China 2025)
    r = row(national_comparison(2023), "life_expectancy")
    assert pd.isna(r["year"]) and math.isnan(r["gap"]) and pd.isna(r["pairing"])
    assert (r["latest_year_region"], r["latest_year_nation"]) == (2010, 2023)
    assert pd.isna(r["value_region"]) and pd.isna(r["value_nation"])
    assert r["gap_kind"] == "diff"


def test_urbanization_2023_is_compared_in_2023():
    # Shanxi 2023 is 64.97; China 2023 66.16 (NBS communiqué, as reported)
    r = row(national_comparison(2023), "urbanization_rate")
    assert (r["year"], r["value_region"], r["value_nation"]) == (2023, 64.97, 66.16)
    assert r["gap"] == pytest.approx(-1.19)


def test_gdp_real_growth_2023_and_the_plan_period_average():
    # Shanxi 2021-2023: 9.1, 4.4, 5.0; China: 8.1, 3.0, 5.2 (all first releases: China's 2021 final
    # verification, 8.4, is revised and never chained with first releases); as of 2023 China's
    # revised 2023 (5.4) was not out yet
    r = row(national_comparison(2023), "gdp_real_growth")
    assert (r["year"], r["value_region"], r["value_nation"], r["pairing"]) == (2023, 5.0, 5.2, "preliminary")
    assert r["gap"] == pytest.approx(-0.2)
    assert (r["first_start"], r["first_end"], r["first_years"]) == (2021, 2023, 3)
    assert r["first_avg_region"] == pytest.approx(chained([9.1, 4.4, 5.0]))
    assert r["first_avg_region"] == pytest.approx(6.1463, abs=1e-4)
    assert r["first_avg_nation"] == pytest.approx(chained([8.1, 3.0, 5.2]))
    assert r["first_gap_pp"] == pytest.approx(r["first_avg_region"] - r["first_avg_nation"])


def test_gdp_period_stops_where_a_region_has_no_value():
    # as of 2025 China has 2025 (5.0) but Shanxi's latest annual rate is 2024 (2.3, first release):
    # the comparison is 2024 and the period 2021-2024, never 2025 against 2024
    r = row(national_comparison(2025), "gdp_real_growth")
    assert (r["year"], r["latest_year_region"], r["latest_year_nation"]) == (2024, 2024, 2025)
    assert (r["value_region"], r["value_nation"]) == (2.3, 5.0) and r["gap"] == pytest.approx(-2.7)
    assert (r["first_start"], r["first_end"]) == (2021, 2024)
    assert r["first_avg_region"] == pytest.approx(chained([9.1, 4.4, 5.0, 2.3]))
    assert r["first_avg_nation"] == pytest.approx(chained([8.1, 3.0, 5.2, 5.0]))


def test_revised_gdp_growth_is_compared_with_revised_one_round_each():
    """Issue 16: China's revised GDP growth comes in two rounds: the final verifications (2021 8.4,
    official; 2022 3.0, press) and the series restated after the Fifth Economic Census (8.6 / 3.1
    / 5.4, one release, secondary).  Like with like: first releases with first releases, revised
    with revised, each side's revised rates from one release - Shanxi's from the NBS provincial
    database's GDP index (109.4, 104.4, 105.1: growth = index - 100), China's from the post-census
    release, never 8.4 chained with 3.1 and 5.4."""
    r = row(national_comparison(2025), "gdp_real_growth")
    assert (r["revised_start"], r["revised_end"], r["revised_years"]) == (2021, 2023, 3)
    assert r["revised_avg_region"] == pytest.approx(chained([9.4, 4.4, 5.1]))
    assert r["revised_avg_nation"] == pytest.approx(chained([8.6, 3.1, 5.4]))
    assert r["revised_gap_pp"] == pytest.approx(chained([9.4, 4.4, 5.1]) - chained([8.6, 3.1, 5.4]))
    assert r["revised_derived_region"] is True
    assert "Liushenwuzhu-Alpaca" in r["revised_source_region"] and "www965pp" in r["revised_source_nation"]
    # the first releases of the same years: a different answer, said separately
    assert r["first_avg_nation"] == pytest.approx(chained([8.1, 3.0, 5.2, 5.0]))
    obs = load_observed("gdp_real_growth", region="china", vintage="revised")
    assert sorted(obs[obs["year"] == 2021]["value"]) == [8.4, 8.6]  # both rounds kept, each graded
    assert set(obs[obs["year"] == 2021]["source_grade"]) == {"official", "secondary"}
    assert sorted(obs[obs["year"] == 2022]["value"]) == [3.0, 3.1]
    assert set(obs[obs["year"] == 2023]["source_grade"]) == {"secondary"}


def test_levels_are_ratios_to_china():
    df = national_comparison(2024)
    income = row(df, "disposable_income_per_capita")  # Shanxi 32441 (NBS database), China 41314
    assert (income["year"], income["gap_kind"]) == (2024, "pct_of_nation")
    # one year, but a value of unknown vintage beside a first release: shown, never a gap
    vintages = (income["vintage_region"], income["vintage_nation"], income["pairing"])
    assert vintages == ("unknown", "preliminary", "mixed")
    assert math.isnan(income["gap"])
    # GDP: the NBS database's 2024 level (vintage unknown) is not set against China's first release;
    # the latest year with both first releases is 2023 (25698.18 and 1260582 亿元): a share of the total
    gdp = row(df, "gdp_level")
    assert (gdp["year"], gdp["pairing"], gdp["gap_kind"]) == (2023, "preliminary", "share_of_nation")
    assert gdp["gap"] == pytest.approx(25698.18 / 1260582 * 100)
    rd = row(df, "rd_intensity")  # 2024 bulletin: Shanxi 1.22 %, China 2.69 %
    assert (rd["value_region"], rd["value_nation"], rd["gap_kind"]) == (1.22, 2.69, "pp")
    assert rd["gap"] == pytest.approx(-1.47)
    assert row(df, "life_expectancy")["gap_kind"] == "diff"  # years of age, a difference


def test_as_of_reads_the_first_release_of_the_as_of_year():
    # R&D intensity 2023: first release Shanxi 1.16 / China 2.64, restated on revised GDP 1.14 / 2.58
    assert tuple(row(national_comparison(2023), "rd_intensity")[["value_region", "value_nation"]]) == (1.16, 2.64)
    later = row(national_comparison(2025), "rd_intensity")
    assert later["year"] == 2024  # 2023 no longer the latest common year


@pytest.mark.parametrize("as_of", [2016, 2018, 2020, 2021, 2022, 2023, 2024, 2025])
def test_no_gap_is_ever_computed_across_years(as_of):
    df = national_comparison(as_of)
    obs = load_observed(list(COMPARATORS), region="all", as_of=as_of)
    for _, r in df.iterrows():
        years = {
            reg: set(obs[(obs["series_id"] == r["series_id"]) & (obs["region"] == reg)]["year"])
            for reg in ("shanxi", "china")
        }
        common = years["shanxi"] & years["china"]
        if common:
            assert r["year"] in common and r["year_region"] == r["year_nation"] == r["year"] <= as_of
            like = r["pairing"] in ("preliminary", "revised")
            assert like == (not math.isnan(r["gap"])), r["series_id"]  # a gap only like with like
            if like:
                assert r["vintage_region"] == r["vintage_nation"] == r["pairing"]
            else:
                assert r["year"] == max(common) and r["pairing"] == "mixed"
        else:
            assert pd.isna(r["year"]) and math.isnan(r["gap"]), r["series_id"]
            assert pd.isna(r["value_region"]) and pd.isna(r["value_nation"])  # nothing beside another year
            for reg, role in (("shanxi", "region"), ("china", "nation")):  # each side's own latest year, or nothing
                expected = max(years[reg]) if years[reg] else None
                got = r[f"latest_year_{role}"]
                assert (pd.isna(got) and expected is None) or got == expected
        for prefix in ("first", "revised"):
            if not pd.isna(r[f"{prefix}_end"]):
                assert r[f"{prefix}_start"] <= r[f"{prefix}_end"] <= as_of
                span = set(range(int(r[f"{prefix}_start"]), int(r[f"{prefix}_end"]) + 1))
                assert span <= common or prefix == "revised"  # revised Shanxi rates may come from its index


def test_no_period_comparison_without_both_first_years():
    r = row(national_comparison(2025), "disposable_income_per_capita_growth_nominal")  # Shanxi: 2017 only
    assert pd.isna(r["first_end"]) and math.isnan(r["first_avg_region"]) and pd.isna(r["revised_end"])
    assert (r["latest_year_region"], r["latest_year_nation"]) == (2017, 2025) and math.isnan(r["gap"])


# --- vintage table ------------------------------------------------------------------------------


def test_vintage_table_has_one_row_per_plan_indicator():
    targets = load_targets()
    df = vintage_table(2025)
    assert list(df["no"]) == list(targets["no"]) and len(df) == 46


def test_vintage_table_values_and_citations():
    df = vintage_table(2025).set_index("no")
    urb = df.loc["2"]
    assert (urb["series_id"], urb["year"], urb["value"], urb["vintage"], urb["source_grade"]) == (
        "urbanization_rate",
        2024,
        66.32,
        "preliminary",
        "official",
    )
    assert urb["source_url"].startswith("https://www.shanxi.gov.cn/")
    water = df.loc["23"]  # 2024: 93.6 (February release) vs 94.7 (May release), both CONFLICT
    assert bool(water["conflict"]) and water["n_candidates"] == 2
    gdp = df.loc["1"]  # the annual series the assessment reads, not the 2021-2025 average
    assert (gdp["series_id"], gdp["role"], gdp["year"], gdp["value"], gdp["n_series"]) == (
        "gdp_real_growth",
        "annual",
        2024,
        2.3,
        2,
    )
    assert vintage_table(2023).set_index("no").loc["2", ["year", "value"]].tolist() == [2023, 64.97]


def test_indicators_without_data_stay_missing():
    df = vintage_table(2025).set_index("no")
    for no in ("5", "6", "32", "34", "36"):  # linked series, no Shanxi value
        r = df.loc[no]
        assert isinstance(r["series_id"], str)
        assert pd.isna(r["year"]) and pd.isna(r["value"]) and pd.isna(r["vintage"]) and pd.isna(r["source_url"])
    for no in ("9", "30", "37"):  # no linked series at all
        assert pd.isna(df.loc[no, "series_id"]) and pd.isna(df.loc[no, "value"]) and df.loc[no, "n_series"] == 0
    assert df["value"].notna().sum() == 17


# --- display: one language, escaped --------------------------------------------------------

ROW_CODE = r"\d+[a-z]?"  # the plan's printed row numbers, parts lettered (8a-8d): kept as codes


def _visible(cell: str) -> str:
    """A cell's text as a reader sees it, without what is deliberately kept as published:
    cited titles (<cite>), non-web source addresses (<code>) and plan row codes (a cell that is
    only a code, or the "(规划指标8b)" / "(plan row 8b)" tag); tag attributes (href, title) go too."""
    text = re.sub(r"<cite>.*?</cite>", "", cell, flags=re.S)
    text = re.sub(r"<code[^>]*>.*?</code>", "", text, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = re.sub(rf"(\(规划指标{ROW_CODE}\)| \(plan row {ROW_CODE}\))$", "", text)
    return "" if re.fullmatch(ROW_CODE, text) else text


def _displays(lang):
    cmp, vin = national_comparison(2025), vintage_table(2025)
    return [national_comparison_table(cmp, lang), vintage_table_display(vin, lang)], [
        comparison_note(cmp, lang),
        vintage_summary(vin, lang),
    ]


def test_chinese_display_has_no_latin_letters():
    tables, sentences = _displays("zh")
    for table in tables:
        for header in table.columns:
            assert not LATIN.search(header) and CJK.search(header), header
    # the plan's own indicator names are shown as printed in the outline ("5G网络用户普及率",
    # "国家A类学科"): the only Latin letters allowed outside citations and codes
    vin = tables[1]
    assert list(vin["指标"]) == [html.escape(n) for n in load_targets()["name_zh"]]
    for table, official in ((tables[0], None), (vin, "指标")):
        for col in table.columns:
            if col == official:
                continue
            for cell in table[col]:
                assert not LATIN.search(_visible(cell)), cell
    for s in sentences:
        assert not LATIN.search(s), s
    assert set(vin["数据版本"]) <= {"初步数", "修订数", "预计数", "未知", "—"}
    assert "初步数" in set(vin["数据版本"]) and "未知" in set(vin["数据版本"])


def test_english_display_has_no_chinese_outside_cited_titles():
    tables, sentences = _displays("en")
    for table in tables:
        for header in table.columns:
            assert not CJK.search(header), header
        for cell in table.to_numpy().ravel():
            assert not CJK.search(_visible(cell)), cell
    for s in sentences:
        assert not CJK.search(s), s
    cmp = tables[0].set_index("indicator")
    urb = cmp.loc["Urbanization rate of resident population (plan row 2)"]
    assert (urb["year compared"], urb["Shanxi"], urb["China"], urb["gap"]) == ("2024", "66.32", "67", "-0.68 pp")


def test_a_value_of_another_year_is_never_set_beside():
    """Issue 16: no comparison of different years (Shanxi's 2010 life expectancy beside China's
    2025): only each side's latest year is given."""
    for lang, key, gap in (
        ("zh", "人均预期寿命(规划指标35)", "无同年数据,不比较"),
        ("en", "Life expectancy", "no common year: not compared"),
    ):
        table = national_comparison_table(national_comparison(2025), lang)
        life = table[table.iloc[:, 0].str.startswith(key)].iloc[0]
        assert list(life.iloc[2:6]) == ["—", "—", "—", gap]
        assert life.iloc[6] == "2010 / 2025"
    table = national_comparison_table(national_comparison(2023), "zh").set_index("指标")
    life = table.loc["人均预期寿命(规划指标35)"]
    assert (life["比较年份"], life["山西"], life["全国"]) == ("—", "—", "—")
    assert life["最新年份(山西/全国)"] == "2010 / 2023"  # the headers name the plan's region and its nation


def test_the_vintages_compared_are_said():
    """Like with like on the page: 'both first releases', or each side's vintage where they differ."""
    table = national_comparison_table(national_comparison(2024), "en").set_index("indicator")
    assert table.loc["Urbanization rate of resident population (plan row 2)", "vintages compared"] == (
        "both first releases"
    )
    income = table[table.index.str.startswith("Per capita disposable income")].iloc[0]
    assert income["vintages compared"] == "unknown / preliminary (vintages differ)"
    assert income["gap"] == "vintages differ: not computed"


def test_cited_titles_are_quoted_and_linked():
    zh = vintage_table_display(vintage_table(2025), "zh").set_index("序号")
    cell = zh.loc["2", "出处"]
    assert cell.startswith('<a href="https://www.shanxi.gov.cn/') and "《<cite>" in cell
    en = vintage_table_display(vintage_table(2025), "en", with_data_only=True)
    # a title in another script than the page's is marked with its language (<q> draws the quotes)
    assert len(en) == 17 and all(("“<cite>" in c) or ('<cite><q lang="' in c) or c == "—" for c in en["source"])
    assert sum('<cite><q lang="zh">' in c for c in en["source"]) >= 5
    assert not any('<q lang="en">' in c for c in en["source"])


def test_markup_in_the_data_is_escaped(data_copy):
    obs = load_observed("urbanization_rate", region="all", vintage="all", data_dir=data_copy)
    line = int(obs[(obs["region"] == "shanxi") & (obs["year"] == 2024)]["line"].iloc[0])
    evil_title = '<script>alert("t")</script> & <b>bold</b> (2024年数据)'  # the year stays supported by the title
    evil_url = 'https://example.org/?a=1&b="><img src=x onerror=alert(1)>'
    edit_cell(data_copy / "raw" / "observed.csv", line, "source_title", evil_title)
    edit_cell(data_copy / "raw" / "observed.csv", line, "source_url", evil_url)
    cmp, vin = national_comparison(2025, data_dir=data_copy), vintage_table(2025, data_dir=data_copy)
    assert row(cmp, "urbanization_rate")["source_title_region"] == evil_title  # the frames keep data as is
    for lang in ("zh", "en"):
        for table in (national_comparison_table(cmp, lang), vintage_table_display(vin, lang)):
            page = to_html(table)
            assert "<script" not in page and "<img" not in page and "<b>" not in page
            assert html.escape(evil_url, quote=True) in page
        source = vintage_table_display(vin, lang).iloc[1, 7]
        assert html.escape(evil_title) in source and "&lt;script&gt;" in source

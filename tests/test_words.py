"""report.words: every target and unit of data/raw in words, in both languages and every style.

The expectations come from the raw CSV files read here with the csv module (the printed cells, the
values as written, the comparators), not from strings the code produced: the number a target
states is the same in Chinese and English, English never needs a CJK glyph (the CLI and charts not
even inside quotation marks), Chinese pages show the plan's cell as printed, and no two
comparators read alike."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest

from shanxi_analysis.data import units
from shanxi_analysis.report import words
from shanxi_analysis.report.messages import LANGS

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
STYLES = {
    "page": words.PAGE,
    "sentence": words.SENTENCE,
    "reading": words.READING,
    "compact": words.COMPACT,
    "chart": words.CHART,
}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
QUOTED = re.compile(r"“[^”]*”")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:/\d+)?")


def _raw(name: str) -> list[dict]:
    with open(RAW / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _plan_rows() -> list[tuple[str, dict, dict]]:
    """(id, raw CSV row, loaded row) of both plan tables."""
    from shanxi_analysis.data.plans import load_targets

    out = []
    for plan in (13, 14):
        loaded = load_targets(plan).set_index("no")
        out += [
            (f"{plan}:{r['no']}", r, loaded.loc[r["no"]].to_dict() | {"no": r["no"]})
            for r in _raw(f"plan{plan}_indicators.csv")
        ]
    return out


def _register_rows() -> list[tuple[str, dict, dict]]:
    """(id, raw CSV row, loaded row) of the body-text register, as the CLI's register table reads it."""
    from shanxi_analysis.data.plans import load_text_targets

    loaded = load_text_targets().set_index("id")
    return [
        (r["id"], r, loaded.loc[r["id"]].to_dict() | {"target_value": loaded.loc[r["id"], "value"]})
        for r in _raw("plan14_text_targets.csv")
    ]


PLAN = _plan_rows()
REGISTER = _register_rows()


def _numbers(text: str) -> list[str]:
    """The numbers a text states, normalised ('10,000' and '10000' are one number; '2/3' as is)."""
    out = []
    for n in NUMBER.findall(text):
        n = n.replace(",", "")
        out.append(n if "/" in n else str(Decimal(n).normalize()))
    return sorted(out)


def _value(raw: dict, column: str) -> str:
    text = raw[column]
    return text if "/" in text else str(Decimal(text).normalize())


def _roman(n: str) -> str:
    return chr(0x2160 + int(Decimal(n)) - 1)  # Unicode's Roman numerals: Ⅰ is U+2160


def _plan_years(plan: str) -> str:
    row = next(r for r in _raw("plans.csv") if r["plan"] == plan)
    return str(int(row["target_year"]) - int(row["base_year"]))


# --- every kind and comparator of data/raw is covered -------------------------------------------


def test_the_cases_cover_every_kind_and_comparator_in_the_data():
    kinds = {(r["target_kind"], r["comparator"]) for _, r, _ in PLAN + REGISTER}
    for name in ("plan13_indicators.csv", "plan14_indicators.csv", "plan14_text_targets.csv"):
        assert {(r["target_kind"], r["comparator"]) for r in _raw(name)} <= kinds
    assert {c for _, c in kinds} >= {"=", ">", ">=", "<", "<=", "~", "range"}
    assert {k for k, _ in kinds} >= {
        "avg_growth",
        "cumulative",
        "national_average",
        "national_assessment",
        "ordinal_class",
        "relative",
        "relative_reduction",
        "level",
        "lower_bound",
        "upper_bound",
        "range",
        "approx",
    }


# --- a target in words ----------------------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("case", PLAN + REGISTER, ids=lambda c: c[0])
def test_a_target_reads_in_each_language_with_the_same_number(case, style):
    _key, raw, row = case
    zh, en = (words.target_words(row, lang, STYLES[style]) for lang in LANGS)
    assert zh and en and zh != words.DASH and en != words.DASH, (zh, en)
    # English without a CJK glyph: on a page the plan's own words may stand quoted, never on a chart or a terminal
    assert not CJK.search(en if style in ("compact", "chart") else QUOTED.sub("", en)), en
    kind = raw["target_kind"]
    value_column = "value" if "value" in raw else "target_value"
    if kind == "national_assessment":
        assert _numbers(zh) == _numbers(en) == [], (zh, en)
        return
    value = _value(raw, value_column)
    if kind == "ordinal_class":  # a water class: the Roman numeral in both languages
        assert _roman(value) in zh and _roman(value) in en, (zh, en)
        return
    assert value in _numbers(zh) and value in _numbers(en), (value, zh, en)
    high = raw.get("target_high") or _register_high(raw)
    if high:
        assert str(Decimal(high).normalize()) in _numbers(zh) and str(Decimal(high).normalize()) in _numbers(en), (
            zh,
            en,
        )
    if STYLES[style].with_unit:
        return  # (a unit's words may hold a number: "100 million tonnes")
    # no number in one language that the other lacks, but a cumulative target's plan years, which
    # the English reading states where the Chinese page prints the outline's [..]
    extra = set(_numbers(en)) ^ set(_numbers(zh))
    assert extra <= ({_plan_years(raw["plan"])} if kind == "cumulative" else set()), (zh, en)


def _register_high(raw: dict) -> str:
    """A register range's upper end, as the phrase prints it ('3—5个')."""
    if raw.get("comparator") != "range" or "phrase" not in raw:
        return ""
    match = re.search(re.escape(raw["value"]) + r"\s*[—–\-~～至到]\s*(\d+(?:\.\d+)?)", raw["phrase"])
    return match.group(1) if match else ""


@pytest.mark.parametrize("case", PLAN, ids=lambda c: c[0])
def test_a_chinese_page_and_chart_show_the_plans_cell_as_printed(case):
    _, raw, row = case
    printed = raw["target_text"] if raw["target_text"] != "-" else raw["target_rate_text"]
    assert words.target_words(row, "zh", words.PAGE) == printed
    assert words.target_words(row, "zh", words.CHART) == printed
    assert words.target_words(row, "zh", words.SENTENCE) == f"“{printed}”"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("style", ["reading", "compact", "chart"])
def test_no_two_comparators_read_alike(lang, style):
    """'>' and '>=' are different targets (the CLI once wrote both as 以上)."""
    base = {"target_kind": "level", "target_value": 50.0, "target_high": 60.0, "unit": "%", "plan": 14}
    read = {
        c: words.target_words(base | {"comparator": c}, lang, STYLES[style])
        for c in ("=", ">", ">=", "<", "<=", "~", "range")
    }
    assert len(set(read.values())) == len(read), read


@pytest.mark.parametrize("lang", LANGS)
def test_a_growth_target_carries_its_unit_where_the_style_says(lang):
    row = next(
        r for _, raw, r in PLAN if raw["target_kind"] == "avg_growth" and raw["unit"] != "%"
    )  # GDP: levels in 亿元
    for style in (
        ("sentence", "compact") if lang == "en" else ("compact", "reading")
    ):  # a Chinese sentence quotes the cell
        text = words.target_words(row, lang, STYLES[style])
        assert "%" in text and words.unit_words(row["unit"], lang) not in text, text  # a rate, not the levels' unit
    assert "%" not in words.target_words(row, "en", words.CHART)  # the chart says "(period average)" itself


def test_a_relative_target_without_an_observed_base_reads_as_its_multiple():
    """An assessed register entry whose base was never observed: the engine has no level, the
    reading gives the multiple and its base year instead of a dash."""
    from shanxi_analysis.models.text_targets import assess_text_targets

    table = assess_text_targets(as_of=2024)
    rows = table[table["register_kind"].isin(["relative", "relative_reduction"]) & table["target_value"].isna()]
    assert len(rows)
    raw = {r["id"]: r for r in _raw("plan14_text_targets.csv")}
    for _, row in rows.iterrows():
        for lang in LANGS:
            for style in ("reading", "compact"):
                text = words.target_words(row, lang, STYLES[style])
                assert _value(raw[row["no"]], "value") in _numbers(text) and str(int(row["base_year"])) in text, text


def test_a_missing_range_end_reads_as_the_lower_end_at_least():
    row = {"target_kind": "range", "comparator": "range", "target_value": 3.0, "plan": 14}
    assert words.target_words(row, "en", words.COMPACT) == words.target_words(
        row | {"comparator": ">="}, "en", words.COMPACT
    )


# --- units in words -------------------------------------------------------------------------------


def _units_in_data() -> set[str]:
    found = set()
    for name in (
        "plan13_indicators.csv",
        "plan14_indicators.csv",
        "plan14_text_targets.csv",
        "series.csv",
        "observed.csv",
    ):
        found |= {r["unit"] for r in _raw(name) if r["unit"]}
    return found


@pytest.mark.parametrize("style", STYLES)
def test_every_unit_in_the_data_has_english_words(style):
    """No English display (a chart's axis above all) shows a unit in Chinese characters."""
    for unit in sorted(_units_in_data()):
        en = words.unit_words(unit, "en", style=STYLES[style])
        zh = words.unit_words(unit, "zh", style=STYLES[style])
        assert en and not CJK.search(en), (unit, en)
        assert zh == units.name(unit, "zh"), (unit, zh)  # Chinese as written, a symbol in words (units.csv)


def test_a_row_keeps_its_own_unit_words_and_a_short_style_drops_the_explanation():
    row = next(r for _, raw, r in PLAN if "(" in str(r["unit_en"]))  # 户: "enterprises (households)"
    assert words.row_unit(row, "en", words.PAGE) == row["unit_en"]
    assert words.row_unit(row, "en", words.COMPACT) == row["unit_en"].split(" (")[0]
    assert words.unit_words("%", "en") == words.unit_words("%", "zh") == "%"
    water = next(r for _, raw, r in REGISTER if raw["target_kind"] == "ordinal_class")
    assert not CJK.search(words.row_unit(water, "en")) and words.row_unit(water, "zh") != water["unit"]


@pytest.mark.parametrize(
    "case",
    [c for c in PLAN + REGISTER if re.fullmatch(r"[\d.]+", c[1].get("value", c[1].get("target_value")))],
    ids=lambda c: c[0],
)
def test_a_value_with_its_unit_states_the_same_number(case):
    _, raw, row = case
    column = "value" if "value" in raw else "target_value"
    zh, en = (words.value_with_unit(float(raw[column]), row, lang) for lang in LANGS)
    assert _value(raw, column) in _numbers(zh) and _value(raw, column) in _numbers(en), (zh, en)
    assert not CJK.search(en), en


def test_numbers_as_the_plan_prints_them():
    assert words.figure(10000) == "10,000" and words.figure(6.50) == "6.5" and words.figure(75.92) == "75.92"
    assert (
        words.figure("2/3") == "2/3" and words.figure(float("nan")) == words.DASH and words.figure(None) == words.DASH
    )


# --- forecasting models ---------------------------------------------------------------------------


def test_every_model_code_has_a_name_in_both_languages():
    from shanxi_analysis.models.forecast import MODELS

    names = {lang: [words.model_name(m, lang) for m in MODELS] for lang in LANGS}
    for lang in LANGS:
        assert len(set(names[lang])) == len(MODELS) and all(n not in MODELS for n in names[lang]), names
    assert not any(CJK.search(n) for n in names["en"]) and all(CJK.search(n) for n in names["zh"])
    assert words.model_name("not_a_model", "en") == "not_a_model"

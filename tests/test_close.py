"""Closing the 14th plan, the page and data side (issue 16): counts that add up on every page, no
page saying data are "not published", the national comparison like with like, the 13th plan's
rows 12a, 12b and 29e, the register's multiples and milestones, the coal cycle.

The page tests read the briefing site ``shanxi run`` writes (both languages): every headline whose
template is in the catalogue is found by that template (its words fixed, its fields read back)
and its counts are checked against each other and against the table the page shows beside it.
"""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from typing import ClassVar

import pandas as pd
import pytest

from conftest import edit_cell
from shanxi_analysis.data.catalogue import CATALOGUE
from shanxi_analysis.data.observed import load_observed
from shanxi_analysis.data.plans import load_targets, load_text_targets
from shanxi_analysis.data.validate import collect_problems
from shanxi_analysis.models.assess import Assessment
from shanxi_analysis.models.compare import national_comparison, vintage_table
from shanxi_analysis.models.context import coal_cycle, on_another_basis
from shanxi_analysis.report import context_notes, context_tables, narrative
from shanxi_analysis.report.messages import STATUS, pick, say
from shanxi_analysis.report.words import READING, target_words

LANGS = ("zh", "en")

# --- reading a page: its blocks in order (headings, paragraphs and list items, tables) ------------


class _Blocks(HTMLParser):
    """The blocks of a page in document order: ('h', text), ('p', text), ('table', rows)."""

    BLOCK: ClassVar[dict[str, str]] = {"h1": "h", "h2": "h", "h3": "h", "p": "p", "li": "p"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, object]] = []
        self._text: list[str] | None = None
        self._kind = ""
        self._depth = 0
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif tag in self.BLOCK and self._rows is None:
            if self._text is None:
                self._text, self._kind, self._depth = [], self.BLOCK[tag], 0
            self._depth += 1
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None and self._rows:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.blocks.append(("table", [r for r in self._rows if r]))
            self._rows = None
        elif tag in self.BLOCK and self._text is not None:
            self._depth -= 1
            if self._depth == 0:
                text = " ".join("".join(self._text).split()).replace("¶", "").strip()
                self.blocks.append((self._kind, text))
                self._text = None

    def handle_data(self, data):
        if self._skip:
            return
        if self._cell is not None:
            self._cell.append(data)
        elif self._text is not None:
            self._text.append(data)


def blocks(html: str) -> list[tuple[str, object]]:
    parser = _Blocks()
    parser.feed(html)
    return parser.blocks


def table_after(page, heading: str) -> list[list[str]] | None:
    """The rows (header first) of the first table after the heading ``heading``."""
    seen = False
    for kind, content in page:
        if kind == "h":
            seen = content.strip() == heading
        elif kind == "table" and seen:
            return content
    return None


# --- a headline read back through its template ----------------------------------------------------


# a field's value never runs across the end of a sentence (a template that starts with a field);
# a count is digits
_FIELD = r"(?:(?!。|\. ).)"
COUNTS = {"n", "binding", "no_data", "before", "not_quantified", "has", "none", "in_period", "like", "mixed"}
COUNTS |= {"apart", "no_region", "firm", "favourable", "conflicts"}


def template_regex(template: str) -> re.Pattern:
    """A catalogue template as a pattern: its words fixed, each field a named group within one
    sentence (a field that repeats must repeat its value)."""
    parts = re.split(r"(\{[a-z_]+\})", template)
    seen: set[str] = set()
    out = []
    for i, part in enumerate(parts):
        m = re.fullmatch(r"\{([a-z_]+)\}", part)
        if not m:
            out.append(re.escape(part))
        elif m.group(1) in seen:
            out.append(f"(?P={m.group(1)})")
        else:
            seen.add(m.group(1))
            last = i == len(parts) - 1 or (i == len(parts) - 2 and parts[-1] == "")
            value = r"\d[\d,]*" if m.group(1) in COUNTS else f"{_FIELD}+" if last else f"{_FIELD}+?"
            out.append(f"(?P<{m.group(1)}>{value})")
    return re.compile("".join(out))


def variants(key: str) -> list[str]:
    return [k for k in (key, f"{key}.one") if k in CATALOGUE]


def read(texts: list[str], key: str, lang: str) -> dict | None:
    """The fields of the first text (of a page's paragraphs) that a variant of ``key`` matches."""
    for k in variants(key):
        pattern = template_regex(say_raw(k, lang))
        for text in texts:
            m = pattern.search(text)
            if m:
                return m.groupdict()
    return None


def say_raw(key: str, lang: str) -> str:
    return pick(CATALOGUE[key], lang)


def ints(text: str) -> list[int]:
    return [int(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", text)]


def status_counts(mix: str, lang: str) -> dict[str, int]:
    """'36 achieved, 5 missed' / '已实现36项、未实现5项' as {status code: count}."""
    words = sorted(((pick(STATUS[c], lang), c) for c in STATUS), key=lambda w: -len(w[0]))
    item = template_regex(say_raw("page.tracker.status_count", lang))
    out: dict[str, int] = {}
    for part in mix.split(say_raw("page.sep.list", lang)):
        m = item.fullmatch(part.strip())
        assert m, (part, mix)
        code = next(c for w, c in words if m.group("status") == w)
        out[code] = int(m.group("n"))
    return out


# --- the site, read once --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(reports):
    out = {}
    for path in sorted((reports / "html").glob("*.html")):
        stem, lang = path.stem.rsplit(".", 1)
        out[(stem, lang)] = blocks(path.read_text(encoding="utf-8"))
    return out


def _texts(page) -> list[str]:
    return [c for k, c in page if k == "p"]


def _status_column(rows: list[list[str]], lang: str) -> list[str]:
    header = rows[0]
    return [r[header.index(say("page.col.status", lang))] for r in rows[1:]]


def _check_review(page, lang: str) -> int:
    f = read(_texts(page), "page.review.headline", lang)
    if f is None:
        return 0
    mix, binding_mix = status_counts(f["mix"], lang), status_counts(f["binding_mix"], lang)
    assert sum(mix.values()) == int(f["n"]), f  # 36 + 5 + 3 = 44 of 45 (issue 16): every row counted
    assert sum(binding_mix.values()) == int(f["binding"]), f
    rows = table_after(page, say("page.review.h_rows", lang))
    if rows is not None:
        assert len(rows) - 1 == int(f["n"])
        shown = pd.Series(_status_column(rows, lang)).value_counts()
        assert {c: int(shown.get(pick(STATUS[c], lang), 0)) for c in mix} == mix
    return 1


def _check_tracker(page, lang: str) -> int:
    texts = _texts(page)
    unscored = read(texts, "page.tracker.unscored", lang)
    if unscored is None:
        return 0
    firm = read(texts, "page.tracker.firm", lang)
    parts = [int(unscored["no_data"]), int(unscored["not_quantified"])]
    if firm is not None:
        assert sum(ints(firm["mix"])) == int(firm["n"]), firm
        parts.append(int(firm["n"]))
    for key in ("page.tracker.provisional_single", "page.tracker.provisional_few", "page.tracker.pending"):
        found = read(texts, key, lang)
        if found is not None:
            parts.append(int(found["n"]))
    assert int(unscored["before"]) <= int(unscored["no_data"])
    rows = table_after(page, say("page.tracker.h_status", lang))
    if rows is not None:  # the tracker page: the headline's counts add up to its table
        assert sum(parts) == len(rows) - 1, (parts, len(rows) - 1)
        coverage = table_after(page, say("page.tracker.h_coverage", lang))
        assert len(coverage) - 1 == int(unscored["no_data"]) + int(unscored["not_quantified"])
    else:  # the briefing: the headline's counts add up to the plan's rows
        assert sum(parts) == len(load_targets(14)), parts
    caveat = read(texts, "page.caveat.no_data", lang)
    if caveat is not None:  # the caveat and the headline say the same
        assert (caveat["n"], caveat["before"]) == (unscored["no_data"], unscored["before"])
    return 1


def _check_vintages(page, lang: str) -> int:
    f = read(_texts(page), "page.ctx.vintage_summary", lang)
    if f is None:
        return 0
    n, has, none = int(f["n"]), int(f["has"]), int(f["none"])
    assert has + none == n and sum(ints(f["by"])) == has, f
    assert int(f["in_period"]) + int(f["before"]) == has, f  # 17 = 11 + 6 (issue 16)
    rows = table_after(page, say("page.h_vintages", lang))
    assert len(rows) - 1 in (n, has)  # every row, or (the briefing) those with data
    return 1


def _check_comparison(page, lang: str) -> int:
    texts = _texts(page)
    full = read(texts, "page.ctx.comparison_note", lang)
    short = read(texts, "page.ctx.comparison_note.region_only", lang)
    f = full or short
    if f is None:
        return 0
    shown = int(f["like"]) + int(f["mixed"]) + int(f["apart"]) + (int(f["no_region"]) if full else 0)
    assert shown == int(f["n"]), f
    rows = table_after(page, say("page.h_national", lang))
    assert len(rows) - 1 == int(f["n"])
    return 1


def _check_final(page, lang: str) -> int:
    if "page.final.headline" not in CATALOGUE:
        return 0
    f = read(_texts(page), "page.final.headline", lang)
    if f is None:
        return 0
    assert sum(ints(f["mix"])) == int(f["n"]), f
    assert sum(ints(f["binding_mix"])) == int(f["binding"]), f
    rows = table_after(page, say("page.final.h_table", lang))
    if rows is not None:
        assert len(rows) - 1 == int(f["n"])
    return 1


def test_every_count_on_every_page_adds_up(pages):
    """Issue 16: the 13th-plan headline gave 36 + 5 + 3 = 44 of 45; "33 rows have no cited
    observation" stood beside "29 have none"; "17 rows have an observation up to 2025" hid 6 from
    before the period.  Each headline is read back through its catalogue template and its counts
    checked against each other and against the table beside it."""
    checked = {}
    for (stem, lang), page in pages.items():
        checked[(stem, lang)] = [
            check(page, lang)
            for check in (_check_review, _check_tracker, _check_vintages, _check_comparison, _check_final)
        ]
    for lang in LANGS:  # every headline is found where it is shown (the test is never vacuous)
        assert checked[("1_review_13th_plan", lang)][0] == 1
        tracker = checked[("2_tracker_14th_plan", lang)]
        assert tracker[1] + tracker[4] >= 1 and tracker[2] == tracker[3] == 1
        briefing = checked[("5_briefing", lang)]
        assert briefing[0] == 1 and briefing[1] + briefing[4] >= 1 and briefing[2] == briefing[3] == 1


# --- "not published" -------------------------------------------------------------------------------

# A data set that lacks a value says so; it never says the value is not published (issue 16: "the
# 2025 figure is not out yet" when Shanxi's communiqué is out every March).
NOT_PUBLISHED = {
    "en": re.compile(
        r"not (?:yet )?(?:been )?(?:published|released|out)|unpublished|is out\b(?! of\b)|no published statistic", re.I
    ),
    "zh": re.compile(r"尚未发布|未发布|尚未公布|未公布|没有发布|没有公布|尚未出|只发布|公开统计"),
}


def test_no_message_says_data_are_not_published():
    bad = [
        (key, lang, text)
        for key, entry in CATALOGUE.items()
        for lang in LANGS
        if (text := say_raw(key, lang)) and NOT_PUBLISHED[lang].search(text)
    ]
    assert not bad, bad


def test_no_page_says_data_are_not_published(pages):
    bad = []
    for (stem, lang), page in pages.items():
        for kind, content in page:
            texts = [content] if kind != "table" else [c for row in content for c in row]
            bad += [(stem, lang, t[:120]) for t in texts if NOT_PUBLISHED[lang].search(t)]
    assert not bad, bad


def test_a_missing_final_value_reads_not_yet_in_this_data_set():
    for lang, words in (("en", "not yet in this data set"), ("zh", "本数据集尚无")):
        assert words in say("note.pending.final_missing", lang, year=2025)


# --- the counts, model side (fast) ------------------------------------------------------------------


def test_the_13th_plan_headline_counts_every_row():
    review = Assessment(plan=13).fit()
    for lang in LANGS:
        f = read([narrative.review_13th_headline(review, lang)], "page.review.headline", lang)
        counts = status_counts(f["mix"], lang)
        assert int(f["n"]) == len(review.table) == 45 == sum(counts.values())
        assert counts.get("provisional") == 1  # row 2a (2019 data only): counted, not left out


def test_rows_without_data_are_told_apart_from_rows_with_only_earlier_data():
    tracker = Assessment(plan=14, as_of=2025).fit()
    vintages = vintage_table(2025)
    no_data = set(tracker.table.loc[tracker.table["status"] == "no_data", "no"])
    latest = vintages.set_index("no")["year"]
    before = {no for no in no_data if pd.notna(latest[no]) and latest[no] <= 2020}
    # observed in 2016, 2020, 2020, 2010 only; row 29 (income growth, observed in 2017 only) is judged
    # on the growth derived from two income levels of one vintage (a level link), so it has data
    assert tracker.table.set_index("no").loc["29", "status"] != "no_data"
    assert before == {"4", "24", "27", "35"}
    for lang in LANGS:
        f = read([narrative.tracker_conclusion(tracker, lang)], "page.tracker.unscored", lang)
        assert (int(f["no_data"]), int(f["before"])) == (len(no_data), len(before)) == (32, 4)
        v = read([context_tables.vintage_summary(vintages, lang)], "page.ctx.vintage_summary", lang)
        assert (int(v["has"]), int(v["in_period"]), int(v["before"]), int(v["none"])) == (17, 11, 6, 29)


# --- the national comparison: like with like --------------------------------------------------------


def test_the_comparison_counts_add_up_to_its_rows():
    df = national_comparison(2025)
    counts = context_tables.comparison_counts(df)
    assert counts["like"] + counts["mixed"] + counts["apart"] + counts["no_region"] == counts["n"] == len(df)
    shown = context_tables.national_comparison_table(df, "en", with_region_only=True)
    # 21 of the 39 series have a Shanxi value up to 2025 (life expectancy 2010 and income growth 2017 among them)
    assert len(shown) == len(df) - counts["no_region"] == 21 and len(df) == 39


def test_gdp_growth_compared_first_release_with_first_release_and_revised_with_revised():
    r = national_comparison(2025).set_index("series_id").loc["gdp_real_growth"]
    cell = context_tables.national_comparison_table(national_comparison(2025), "en").iloc[0]
    period = cell["average growth in the plan period"]
    assert "first releases, 2021–2024: Shanxi 5.17%, China 5.31% (-0.14 pp)" in period
    assert "revised (one release each), 2021–2023: Shanxi 6.28%" in period and "China 5.68% (+0.60 pp)" in period
    assert cell["vintages compared"] == "both first releases" and r["pairing"] == "preliminary"


# --- 13th plan: rows 12b and 29e ---------------------------------------------------------------------


def test_rural_income_growth_would_be_missed_on_a_real_basis():
    """Row 12b: 8.0 % a year printed (nominal, the table does not say) against 6.5以上: achieved;
    the same growth at constant prices, 5.9 % a year 2016-2020 (observed.csv), would miss it."""
    review = Assessment(plan=13).fit()
    basis = on_another_basis(review).set_index("no")
    assert list(basis.index) == ["12b"]
    assert (basis.loc["12b", "value"], basis.loc["12b", "year"], bool(basis.loc["12b", "met"])) == (5.9, 2020, False)
    en, zh = (context_notes.another_basis_notes(review, basis.reset_index(), lang)[0] for lang in ("en", "zh"))
    assert "8.0 % a year, a nominal figure" in en and "5.9 % a year over 2016-2020" in en and "would be missed" in en
    assert "5.9%" in zh and "则未完成" in zh


def test_row_29e_base_is_of_the_column_it_is_printed_in():
    """'150.68*' stands in the 2015 column (outline line 508): a base, never 2019 data."""
    row = load_targets(13).set_index("no").loc["29e"]
    assert (row["base_text"], row["base_year"]) == ("150.68*", 2015)


def test_a_marker_in_a_later_column_still_dates_its_value(data_copy):
    # an earlier year's data in a later column: the 14th plan's 2020 base '59.55*' is 2019 data,
    # '77.3**' 2018; the 13th plan's 2020 outcomes likewise
    targets14 = load_targets(14).set_index("no")
    assert (targets14.loc["2", "base_year"], targets14.loc["35", "base_year"]) == (2019, 2018)
    targets13 = load_targets(13).set_index("no")
    assert targets13.loc["2a", "actual_year"] == 2019 and targets13.loc["17", "actual_year"] == 2018
    path = data_copy / "raw" / "plan13_indicators.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(i for i, t in enumerate(lines, 1) if t.startswith("shanxi-13,29e,"))
    edit_cell(path, line, "base_year", "2019")
    problems, _ = collect_problems(data_copy)
    assert any(p.column == "base_year" and "expected 2015" in p.message for p in problems)


# --- the register ------------------------------------------------------------------------------------


def test_multiples_and_fractions_are_no_amounts():
    register = load_text_targets(14).set_index("id")
    assert set(register.loc[["T0820a", "T0820b", "T3791a", "T3791b"], "unit"]) == {"倍"}
    assert register.loc["T4086b", "unit"] == "比例"
    assert not set(register.index) & {"T1210a", "T3490a", "T3543a"}  # a repeated count, two policy terms


@pytest.mark.parametrize(
    "row_id, year, comparator, en, zh",
    [
        ("T0812a", 2035, "=", "by 2035", "到2035年"),
        ("T0814a", 2050, "=", "by 2050", "到2050年"),
        ("T4786a", 2030, "<", "before 2030", "2030年前"),
        ("T4788a", 2060, "<", "before 2060", "2060年前"),
    ],
)
def test_the_milestones_a_15th_plan_reader_asks_first(row_id, year, comparator, en, zh):
    entry = load_text_targets(14).set_index("id").loc[row_id]
    assert (entry["value"], entry["target_year"], entry["comparator"], entry["target_kind"]) == (
        year,
        year,
        comparator,
        "milestone",
    )
    assert (target_words(entry, "en"), target_words(entry, "zh", READING)) == (en, zh)


# --- the coal cycle ------------------------------------------------------------------------------------


def test_the_coal_cycle_is_computed_within_one_release():
    """Levels 2020-2024 of one NBS database export (18202.7, 23087.8, 25653.2, 26050.8, 25353.5
    亿元) and the GDP index of the same database (109.4, 104.4, 105.1, 102.2): nominal growth from
    two levels of one release, the deflator (1 + n) / (1 + r) - 1 only within one vintage."""
    levels = [18202.7, 23087.8, 25653.2, 26050.8, 25353.5]
    real = [9.4, 4.4, 5.1, 2.2]
    cycle = coal_cycle(2025)
    t = cycle.table.set_index("year")
    assert list(t.index) == [2021, 2022, 2023, 2024]
    for i, year in enumerate(t.index):
        nominal = (levels[i + 1] / levels[i] - 1) * 100
        assert t.loc[year, "nominal_growth"] == pytest.approx(nominal)
        assert t.loc[year, "real_growth"] == pytest.approx(real[i])
        assert t.loc[year, "deflator"] == pytest.approx(((1 + nominal / 100) / (1 + real[i] / 100) - 1) * 100)
    assert t.loc[2021, "deflator"] == pytest.approx(15.94, abs=0.01) and t.loc[2024, "deflator"] < 0
    assert list(t["deflator_vintage"]) == ["revised", "revised", "revised", "unknown"]
    assert cycle.published_nominal == {2024: -2.14}
    assert dict(zip(cycle.rows["no"], cycle.rows["moves"], strict=True)) == {
        "4": "with",
        "5": "against",
        "20": "against",
        "21": "against",
    }


def test_no_deflator_across_vintages(data_copy):
    """A level of one vintage beside a real rate of another gives no deflator (never a mix)."""
    obs = load_observed("gdp_real_index_prev100", vintage="all", data_dir=data_copy)
    line = int(obs[obs["year"] == 2022]["line"].iloc[0])
    edit_cell(data_copy / "raw" / "observed.csv", line, "vintage", "preliminary")
    t = coal_cycle(2025, data_dir=data_copy).table.set_index("year")
    assert math.isnan(t.loc[2022, "deflator"]) and not math.isnan(t.loc[2021, "deflator"])


def test_the_coal_cycle_reads_in_each_language():
    cycle = coal_cycle(2025)
    en = context_notes.coal_cycle_summary(cycle, "en")
    assert "rose 26.8 %" in en and "rose 15.9 %" in en and "fell 4.8 %" in en
    zh = context_notes.coal_cycle_summary(cycle, "zh")
    assert "上升26.8%" in zh and "下降4.8%" in zh
    assert not re.search(r"[A-Za-z]{2,}", zh.replace("GDP", ""))

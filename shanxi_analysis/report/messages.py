"""Words shown to readers, in Chinese and English.  Numbers never live here: every sentence is a
template filled from results."""

from __future__ import annotations

from ..core.errors import unknown_choice

LANGS = ("zh", "en")

STATUS = {
    "achieved": ("已实现", "achieved"),
    "missed": ("未实现", "missed"),
    "not_assessable": ("无法评估", "not assessable"),
    "on_track": ("符合预期", "on track"),
    "moderate": ("需加快", "moderate progress"),
    "insufficient": ("进展不足", "insufficient progress"),
    "moving_away": ("背离目标", "moving away"),
    "unlikely": ("完成难度大", "out of reach"),
    "pending": ("待最终数据", "final data pending"),
    "provisional": ("证据不足(初步判断)", "provisional (thin evidence)"),
    "no_data": ("暂无数据", "no data"),
    "not_quantified": ("国家考核目标(未给出量化值)", "national assessment target, no number"),
}
# pace units (models.evidence.PACE_UNITS); {unit} is the indicator's unit in the page's language
PACE_UNIT = {
    "pct": ("%/年", "% a year"),
    "pp_per_year": ("个百分点/年", "pp a year"),
    "pct_per_year": ("%/年", "% a year"),
    "units_per_year": ("{unit}/年", "{unit} a year"),
    "years_per_year": ("年/年", "years a year"),
}
STATUS_COLORS = {
    "unlikely": "#a50026", "pending": "#92c5de", "provisional": "#e0e0e0",
    "achieved": "#1a9850", "on_track": "#66bd63", "moderate": "#fdae61", "insufficient": "#f46d43",
    "moving_away": "#d73027", "missed": "#d73027", "no_data": "#bdbdbd", "not_quantified": "#9e9ecb",
    "not_assessable": "#bdbdbd",
}
# China's mid-term evaluation vocabulary (models.assess gives the codes)
MIDTERM = {
    "met_early": ("提前实现", "met early"),
    "ahead": ("快于预期", "ahead of schedule"),
    "as_expected": ("基本符合预期", "as expected"),
    "behind": ("滞后", "behind schedule"),
}
ATTRIBUTE = {"binding": ("约束性", "binding"), "expected": ("预期性", "expected")}

TEXT = {
    "target": ("目标", "target"),
    "outcome": ("实现情况", "outcome"),
    "observed": ("实际值", "observed"),
    "required": ("所需路径", "required path"),
    "scenario": ("情景路径", "scenario path"),
    "as_of": ("截至", "as of"),
    "year": ("年份", "year"),
    "forecast": ("预测", "forecast"),
    "interval80": ("80%区间", "80% interval"),
    "interval95": ("95%区间", "95% interval"),
    "source_plan": ("资料来源: 山西省“十四五”规划纲要(晋政发〔2021〕7号)", "Source: Shanxi 14th Five-Year Plan outline (Shanxi Government document Jin Zheng Fa [2021] No. 7)"),
    "source_observed": ("观测值: data/raw/observed.csv(含出处)", "Observed: data/raw/observed.csv (each value cited)"),
    "outcome_index": ("实现值占目标的百分比(100=恰好达标,方向已统一为越大越好)", "Outcome as % of target (100 = target met; lower-is-better indicators inverted)"),
    "count": ("指标数", "indicators"),
}


def t(key: str, lang: str) -> str:
    """Short alias of :func:`say` without fields."""
    return say(key, lang)


def say(key: str, lang: str, **fields) -> str:
    """The catalogue's message ``key`` in ``lang``, its ``{fields}`` filled (numbers are formatted
    by the caller; the catalogue holds words only).  Every visible word of a page, chart, widget,
    index and CLI table comes through here (or the code tables above: STATUS, MIDTERM ...)."""
    check_lang(lang)
    zh, en = CATALOGUE[key]
    text = zh if lang == "zh" else en
    return text.format(**fields) if fields else text


def pick(pair, lang: str) -> str:
    """One side of a (zh, en) pair from the code tables of this module."""
    check_lang(lang)
    return pair[0] if lang == "zh" else pair[1]


def status_label(status: str, lang: str) -> str:
    zh, en = STATUS[status]
    return zh if lang == "zh" else en


def pace_unit_label(code: str, lang: str, unit_zh: str = "", unit_en: str = "") -> str:
    """A pace unit code in words, e.g. ``units_per_year`` -> "所/年" / "institutions a year"."""
    zh, en = PACE_UNIT[code]
    return zh.format(unit=unit_zh) if lang == "zh" else en.format(unit=unit_en)


def midterm_label(code: str, lang: str) -> str:
    """A mid-term code (or, at the target year and without a pace, a status) in words."""
    zh, en = MIDTERM[code] if code in MIDTERM else STATUS[code]
    return zh if lang == "zh" else en


def with_status_words(table):
    """The assessment table plus ``status_zh`` and ``midterm_zh`` (the words beside the codes),
    for outputs that carry both, such as the CLI's csv and json."""
    out = table.copy()
    out["status_zh"] = [status_label(s, "zh") for s in out["status"]]
    if "midterm" in out:
        out["midterm_zh"] = [midterm_label(c, "zh") if isinstance(c, str) else "" for c in out["midterm"]]
    return out


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise unknown_choice("language", lang, LANGS)
    return lang


def name(row, lang: str) -> str:
    """An indicator's name in the language."""
    return row["name_zh"] if lang == "zh" else row["name_en"]


# --- national comparison and data vintages (report.context_tables) --------------------------

VINTAGE = {
    "preliminary": ("初步数", "preliminary"),
    "revised": ("修订数", "revised"),
    "estimate": ("预计数", "estimate"),
    "unknown": ("未知", "unknown"),
}
SOURCE_GRADE = {
    "official": ("政府或统计部门网站", "official website"),
    "official_reprint": ("官方文本转载", "official text, reprinted"),
    "press": ("新闻媒体", "press"),
    "secondary": ("其他来源", "secondary source"),
    "unverified": ("未核实", "unverified"),
}
# units of observed series as shown (the plan tables' units are in data/raw/units.csv)
OBS_UNIT = {
    "%": ("%", "%"),
    "元": ("元", "yuan"),
    "元/人": ("元/人", "yuan per person"),
    "亿元": ("亿元", "100 million yuan"),
    "岁": ("岁", "years"),
    "年": ("年", "years"),
    "人": ("人", "persons"),
    "个": ("个", "places"),
    "μg/m3": ("微克/立方米", "μg/m³"),
    "ratio": ("比值", "ratio"),
}
# short names of the series with a national comparator (the catalogue's descriptions mix languages)
SERIES_NAME = {
    "air_quality_good_days_ratio": ("空气质量优良天数比例(实况)", "Share of days with good air quality (as observed)"),
    "air_quality_good_days_ratio_excl_dust": ("空气质量优良天数比例(扣除沙尘)", "Share of days with good air quality (sand-dust days excluded)"),
    "childcare_places_per_1000": ("每千人口3岁以下婴幼儿托位数", "Childcare places for children under 3 per 1,000 population"),
    "disposable_income_per_capita": ("居民人均可支配收入", "Per capita disposable income"),
    "disposable_income_per_capita_growth_nominal": ("居民人均可支配收入名义增长", "Per capita disposable income, nominal growth"),
    "disposable_income_per_capita_growth_real": ("居民人均可支配收入实际增长", "Per capita disposable income, real growth"),
    "disposable_income_rural": ("农村居民人均可支配收入", "Rural per capita disposable income"),
    "disposable_income_urban": ("城镇居民人均可支配收入", "Urban per capita disposable income"),
    "disposable_income_urban_growth_nominal": ("城镇居民人均可支配收入名义增长", "Urban per capita disposable income, nominal growth"),
    "gdp_level": ("生产总值(现价)", "GDP (current prices)"),
    "gdp_real_growth": ("生产总值实际增长", "Real GDP growth"),
    "labor_productivity": ("全员劳动生产率", "Overall labour productivity"),
    "labor_productivity_growth": ("全员劳动生产率实际增长", "Overall labour productivity, real growth"),
    "life_expectancy": ("人均预期寿命", "Life expectancy at birth"),
    "physicians_per_1000": ("每千人口执业(助理)医师数", "Licensed (assistant) physicians per 1,000 population"),
    "pm25_concentration": ("细颗粒物年均浓度", "PM2.5 annual mean concentration"),
    "rd_expenditure": ("研发经费投入", "R&D expenditure"),
    "rd_expenditure_growth": ("研发经费投入名义增长", "R&D expenditure, nominal growth"),
    "rd_intensity": ("研发经费投入强度", "R&D intensity (R&D expenditure / GDP)"),
    "sei_va_share_gdp": ("战略性新兴产业增加值占生产总值比重", "Strategic emerging industries' value added, share of GDP"),
    "sports_population_share": ("经常参加体育锻炼人数比例", "Share of population regularly taking part in sports"),
    "unemployment_rate_surveyed": ("城镇调查失业率", "Surveyed urban unemployment rate"),
    "urbanization_rate": ("常住人口城镇化率", "Urbanization rate of resident population"),
}
# column headers of the two context tables
CONTEXT_HEADER = {
    "indicator": ("指标", "indicator"),
    "no": ("序号", "no"),
    "unit": ("单位", "unit"),
    "year": ("比较年份", "year compared"),
    "shanxi": ("山西", "Shanxi"),
    "china": ("全国", "China"),
    "gap": ("差距", "gap"),
    "latest": ("最新年份(山西/全国)", "latest year (Shanxi / China)"),
    "vintages": ("数据版本(山西/全国)", "vintage (Shanxi / China)"),
    "period": ("规划期年均增速", "average growth in the plan period"),
    "sources": ("来源", "sources"),
    "latest_year": ("最新年份", "latest year"),
    "value": ("数值", "value"),
    "vintage": ("数据版本", "vintage"),
    "grade": ("来源类别", "source grade"),
    "source": ("出处", "source"),
    "flags": ("说明", "remarks"),
}


# --- the message catalogue -------------------------------------------------------------------
# One dict per area, merged into CATALOGUE (a key may exist once).  Keys are lower_snake_case and
# say where they are used: "chart.*", "site.*", "widget.*", "cli.*", "page.*", "note.*".
# Each value is (Chinese, English); fields in braces are filled by :func:`say`.

PAGE_TEXT: dict[str, tuple[str, str]] = {
    # notebooks' headings and paragraphs (report.notebook, report.narrative, report.context_tables)
}

CHART_TEXT: dict[str, tuple[str, str]] = {
    # titles, axis labels, legends (report.charts)
}

SITE_TEXT: dict[str, tuple[str, str]] = {
    # the briefing site: index, header bar, downloads (report.runner, report.templates)
    "site.product": ("山西省五年规划跟踪", "Shanxi five-year plan tracker"),
    "site.lead": ("山西省“十三五”“十四五”规划主要指标的评估、跟踪、预测和情景分析。每个数值都来自规划纲要或注明出处的统计数据。",
                  "Assessments, tracking, forecasts and what-if scenarios for the main indicators of Shanxi's "
                  "13th and 14th five-year plans. Every number comes from the plan outline or from cited statistics."),
    "site.title": ("{page} · {product}", "{page} · {product}"),
    # each language's own name, for the 中文 | English switch
    "site.lang_name": ("中文", "English"),
    "site.lang_switch": ("语言", "Language"),
    "site.nav": ("网站导航", "Site navigation"),
    "site.contents": ("目录", "Contents"),
    "site.prev": ("上一页", "Previous"),
    "site.next": ("下一页", "Next"),
    "site.prev_to": ("上一页：{page}", "Previous: {page}"),
    "site.next_to": ("下一页：{page}", "Next: {page}"),
    "site.pages": ("各页内容", "The pages"),
    "site.other_lang_only": ("仅有英文版", "Chinese version only"),
    "site.run_facts": ("本次生成：", "This run:"),
    "site.list_sep": ("；", "; "),
    "site.name_sep": ("、", ", "),
    "site.as_of": ("数据截至{year}年", "Data as of {year}"),
    "site.run_on": ("{date}生成", "run on {date}"),
    "site.all_indicators": ("全部指标", "all indicators"),
    "site.some_indicators": ("指标{numbers}", "indicators {numbers}"),
    "site.scenario": ("情景：{name}", "scenario: {name}"),
    "site.what_if_indicator": ("情景图示指标：{name}", "what-if chart: {name}"),
    "site.scenario.baseline": ("基准", "baseline"),
    "site.scenario.optimistic": ("乐观", "optimistic"),
    "site.scenario.pessimistic": ("悲观", "pessimistic"),
    "site.scenario.required": ("达标所需路径", "required path"),
    "site.date": ("{year}年{month}月{day}日", "{day} {month_name} {year}"),
    "site.month.1": ("一月", "January"),
    "site.month.2": ("二月", "February"),
    "site.month.3": ("三月", "March"),
    "site.month.4": ("四月", "April"),
    "site.month.5": ("五月", "May"),
    "site.month.6": ("六月", "June"),
    "site.month.7": ("七月", "July"),
    "site.month.8": ("八月", "August"),
    "site.month.9": ("九月", "September"),
    "site.month.10": ("十月", "October"),
    "site.month.11": ("十一月", "November"),
    "site.month.12": ("十二月", "December"),
    # the pages: a title and the question each one answers
    "site.page.1_review_13th_plan": ("“十三五”规划实施评估", "13th plan review"),
    "site.page.2_tracker_14th_plan": ("“十四五”规划指标跟踪", "14th plan tracker"),
    "site.page.3_forecasts": ("预测", "Forecasts"),
    "site.page.4_what_if_scenarios": ("情景分析", "What-if scenarios"),
    "site.page.5_briefing": ("简报", "Briefing"),
    "site.question.1_review_13th_plan": ("“十三五”规划的主要指标实现了吗？哪些未实现，差多少？",
                                         "Did Shanxi meet the main targets of its 13th plan, and by how much did it miss the others?"),
    "site.question.2_tracker_14th_plan": ("截至{year}年，“十四五”规划各项指标进展如何，依据的数据有多新、多可靠？",
                                          "As of {year}, is each 14th plan indicator on track, and how recent and reliable is the data behind each verdict?"),
    "site.question.3_forecasts": ("主要指标今后几年可能怎样变化？预测是否比简单规则更准？",
                                  "Where are the main indicators heading, and do the forecasts beat simple rules?"),
    "site.question.4_what_if_scenarios": ("按目前趋势能否达标？要达标，今后每年需要怎样的进展？",
                                          "Will current trends reach each target, and what pace would reaching it take?"),
    "site.question.5_briefing": ("一页读懂：主要结论、最需关注的指标、与全国比较和数据说明。",
                                 "The essentials on one page: headlines, the indicators most off track, Shanxi against China, data caveats."),
    # table downloads
    "site.download": ("下载本表：", "Download this table:"),
    "site.download_csv": ("下载本表（CSV）", "Download this table as CSV"),
    "site.download_xlsx": ("下载本表（Excel）", "Download this table as Excel"),
    "site.table": ("表格", "Table"),
    "site.file_name": ("{page}-{section}", "{page} - {section}"),
}

WIDGET_TEXT: dict[str, tuple[str, str]] = {
    # the what-if widgets and the dashboard (report.widgets, report.dashboard)
}

CLI_TEXT: dict[str, tuple[str, str]] = {
    # the command line's tables and messages (cli)
}


def _merge(*tables: dict) -> dict:
    out: dict = {}
    for table in tables:
        for key, pair in table.items():
            if key in out:
                raise ValueError(f"message key {key!r} is defined twice")
            out[key] = pair
    return out


CATALOGUE = _merge(TEXT, PAGE_TEXT, CHART_TEXT, SITE_TEXT, WIDGET_TEXT, CLI_TEXT)

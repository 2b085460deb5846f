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
}

WIDGET_TEXT: dict[str, tuple[str, str]] = {
    # the what-if widgets and the dashboard (report.widgets, report.dashboard)
    "widget.title": ("山西省“十四五”规划跟踪", "Shanxi 14th Five-Year Plan tracker"),
    "widget.lead": ("各项指标截至所选年份的进展判断;下方可按自己的假设推算规划末期的结果。",
                    "Where each target of the plan stands as of the year you choose; below, where the remaining years would lead under the assumptions you set."),
    "widget.as_of": ("数据截至", "data as of"),
    "widget.as_of_latest": ("最新({year}年)", "latest ({year})"),
    "widget.ignored_params": ("网址中的部分参数无法识别,页面按默认设置显示。", "Some settings in the address were not recognised; the page shows the defaults."),
    "widget.summary": ("截至{year}年,共{n}项指标:{counts}", "As of {year}, {n} indicators: {counts}"),
    "widget.count_item": ("{status}{n}项", "{status} {n}"),
    "widget.latest_cell": ("{value}{unit}({year}年)", "{value} {unit} ({year})"),
    "widget.col.no": ("序号", "no."),
    "widget.col.indicator": ("指标", "indicator"),
    "widget.col.target": ("目标", "target"),
    "widget.col.latest": ("最新值(年份)", "latest (year)"),
    "widget.col.status": ("判断", "verdict"),
    "widget.col.from": ("起算年份", "from"),
    "widget.col.start": ("起点值", "start value"),
    "widget.col.value": ("目标年份值", "value at the target year"),
    "widget.col.unit": ("单位", "unit"),
    "widget.col.verdict": ("情景结果", "result"),
    "widget.col.required": ("达标所需(每年)", "required each year"),
    "widget.verdict_assumed": ("{verdict}(仅为假设)", "{verdict} (assumption only)"),
    "widget.nb.title": ("情景分析(数据截至{year}年)", "What would it take? Scenarios as of {year}"),
    "widget.nb.preset_heading": ("“{preset}”情景:全部指标", "The {preset} scenario: every indicator"),
    "widget.source_observed": ("观测值取自公开的统计资料,每个数值均注明出处。", "Observed values come from published statistics; every value is cited."),
    "widget.no_data_fold": ("尚无观测数据的指标({n}项)", "Indicators without observations yet ({n})"),
    "widget.whatif_heading": ("情景分析:从{year}年起,剩余年份需要怎样的进展", "What would it take? Scenarios from {year}"),
    "widget.whatif_from_open_year": ("规划期至{target}年结束,截至{as_of}年已无待定年份;情景从{start}年(目标年份前最后一年)起算。",
                                     "The plan period ends in {target}: as of {as_of} no year is left to assume, so the scenarios start from {start}, the last year before the target year."),
    "widget.indicator": ("指标", "indicator"),
    "widget.preset.baseline": ("基准", "baseline"),
    "widget.preset.baseline.tip": ("基准:近期趋势(最近三个可比年度变化的平均)", "baseline: the recent trend (mean of the last three comparable annual steps)"),
    "widget.preset.optimistic": ("乐观", "optimistic"),
    "widget.preset.optimistic.tip": ("乐观:基准加一个标准差,不超过历史最好水平", "optimistic: the baseline plus one standard deviation, never beyond the best step ever observed"),
    "widget.preset.pessimistic": ("悲观", "pessimistic"),
    "widget.preset.pessimistic.tip": ("悲观:基准减一个标准差", "pessimistic: the baseline minus one standard deviation"),
    "widget.preset.required": ("达标所需", "required"),
    "widget.preset.required.tip": ("达标所需:恰好实现目标的每年不变进度", "required: the constant annual step that reaches the target exactly"),
    "widget.custom": ("自定义路径", "your path"),
    "widget.slider_caption": ("各年假设(单位:{unit})", "assumption for each year ({unit})"),
    "widget.no_data": ("{year}年以来无观测数据:不预设任何路径,也不作判断。移动滑块设定一条假设路径,即可看到它的结果。",
                       "No observation since {year}: nothing is preset and there is no verdict. Move a slider to set an assumed path and see where it would lead."),
    "widget.no_data_assumed": ("{year}年以来无观测数据:以下结果完全取决于你设定的假设路径,不是对实际进展的判断。",
                               "No observation since {year}: the result below follows from your assumed path alone; it is not a finding about actual progress."),
    "widget.no_trend": ("{year}年以来的可比观测太少,得不出近期趋势:不预设路径。移动滑块设定一条路径。",
                        "Too few observations since {year} for a recent trend: nothing is preset. Move a slider to set a path."),
    "widget.no_preset.closed": ("没有“{preset}”情景:该指标规划期已结束,没有剩余年份可假设。", "No {preset} preset: the period is closed, no year is left to assume."),
    "widget.no_preset.no_data": ("没有“{preset}”情景:{year}年以来无观测数据,无法从数据推出预设。请用滑块设定假设路径。",
                                 "No {preset} preset: no observation since {year}, so none can be derived from the data. Set an assumed path with the sliders."),
    "widget.no_preset.no_trend": ("没有“{preset}”情景:可比观测太少,得不出近期趋势。", "No {preset} preset: too few comparable observations for a recent trend."),
    "widget.no_preset.no_spread": ("没有“{preset}”情景:可比变化不足三次,无法估计波动幅度。", "No {preset} preset: fewer than three comparable steps, so no spread can be estimated."),
    "widget.no_preset.undefined": ("没有“{preset}”情景:无法计算达标所需进度。", "No {preset} preset: the required step cannot be computed."),
    "widget.required_from": ("自{year}年起达标所需(每年)", "needed each year from {year} to reach the target"),
    "widget.period_average": ("规划期年均增长", "period average growth"),
    "widget.value_at_target": ("目标年份值", "value at the target year"),
    "widget.assumed_meets": ("假设路径:{year}年达到{value}{unit},可实现目标", "assumed path: {value} {unit} in {year} would meet the target"),
    "widget.assumed_misses": ("假设路径:{year}年为{value}{unit},不能实现目标", "assumed path: {value} {unit} in {year} would miss the target"),
    "widget.assumed_meets_rate": ("假设路径:规划期年均增长{value}%,可实现目标", "assumed path: period average growth of {value} % would meet the target"),
    "widget.assumed_misses_rate": ("假设路径:规划期年均增长{value}%,不能实现目标", "assumed path: period average growth of {value} % would miss the target"),
    "widget.met": ("达标", "met"),
    "widget.missed": ("未达标", "missed"),
    "widget.no_verdict": ("暂无判断", "no verdict"),
    "widget.required_each_year": ("所需(每年)", "required (each year)"),
    "widget.axis_growth": ("年增长率(%)", "annual growth (%)"),
    "widget.assumed_path": ("假设路径", "assumed path"),
    "widget.legend_target": ("目标 {target}", "target {target}"),
    "widget.legend_target_average": ("目标 {target}(年均)", "target {target} (period average)"),
    "widget.legend_average": ("情景下年均 {value}", "scenario period average {value}"),
    "widget.target.national": ("完成国家考核目标", "meet the national assessment target"),
    "widget.target.about": ("{value}左右", "about {value}"),
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

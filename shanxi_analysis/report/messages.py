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
    "unlikely": "#a50026",
    "pending": "#92c5de",
    "provisional": "#e0e0e0",
    "achieved": "#1a9850",
    "on_track": "#66bd63",
    "moderate": "#fdae61",
    "insufficient": "#f46d43",
    "moving_away": "#d73027",
    "missed": "#d73027",
    "no_data": "#bdbdbd",
    "not_quantified": "#9e9ecb",
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
    "source_plan": (
        "资料来源: 山西省“十四五”规划纲要(晋政发〔2021〕7号)",
        "Source: Shanxi 14th Five-Year Plan outline (Shanxi Government document Jin Zheng Fa [2021] No. 7)",
    ),
    "source_observed": ("观测值: 项目观测数据表(逐项注明出处)", "Observed: data/raw/observed.csv (each value cited)"),
    "outcome_index": (
        "实现值占目标的百分比(100=恰好达标,方向已统一为越大越好)",
        "Outcome as % of target (100 = target met; lower-is-better indicators inverted)",
    ),
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


def needs_cjk(lang: str) -> bool:
    """Whether text in ``lang`` needs a CJK font (a chart without one is drawn in :data:`LATIN_LANG`)."""
    return pick((True, False), lang)


LATIN_LANG = "en"  # the language whose words need no CJK glyph


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
# units of observed series that data/raw/units.csv does not name, and symbols in words (report.words
# reads every unit: units.csv first)
OBS_UNIT = {
    "%": ("%", "%"),
    "元/人": ("元/人", "yuan per person"),
    "μg/m3": ("微克/立方米", "μg/m³"),
    "ratio": ("比值", "ratio"),
    "index (previous year = 100)": ("指数(上年=100)", "index (previous year = 100)"),
    "百分点": ("百分点", "percentage points"),
    "万人次": ("万人次", "10000 person-times"),
    "个/万人": ("个/万人", "per 10000 persons"),
}
# short names of the series with a national comparator (the catalogue's descriptions mix languages)
SERIES_NAME = {
    "air_quality_good_days_ratio": ("空气质量优良天数比例(实况)", "Share of days with good air quality (as observed)"),
    "air_quality_good_days_ratio_excl_dust": (
        "空气质量优良天数比例(扣除沙尘)",
        "Share of days with good air quality (sand-dust days excluded)",
    ),
    "childcare_places_per_1000": (
        "每千人口3岁以下婴幼儿托位数",
        "Childcare places for children under 3 per 1,000 population",
    ),
    "disposable_income_per_capita": ("居民人均可支配收入", "Per capita disposable income"),
    "disposable_income_per_capita_growth_nominal": (
        "居民人均可支配收入名义增长",
        "Per capita disposable income, nominal growth",
    ),
    "disposable_income_per_capita_growth_real": (
        "居民人均可支配收入实际增长",
        "Per capita disposable income, real growth",
    ),
    "disposable_income_rural": ("农村居民人均可支配收入", "Rural per capita disposable income"),
    "disposable_income_urban": ("城镇居民人均可支配收入", "Urban per capita disposable income"),
    "disposable_income_urban_growth_nominal": (
        "城镇居民人均可支配收入名义增长",
        "Urban per capita disposable income, nominal growth",
    ),
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
    "sei_va_share_gdp": (
        "战略性新兴产业增加值占生产总值比重",
        "Strategic emerging industries' value added, share of GDP",
    ),
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
    # -- punctuation and small patterns (numbers are filled in by the caller)
    "page.sep.list": ("、", ", "),
    "page.sep.clause": (";", "; "),
    "page.sep.sentence": ("", " "),
    "page.sep.end": ("。", "."),
    "page.sep.colon": (":", ": "),
    "page.sep.or": ("或", " or "),
    "page.value_year": ("{value}({year}年)", "{value} ({year})"),
    "page.value_vintage": ("{value}({vintage})", "{value} ({vintage})"),
    "page.quote": ("“{text}”", "“{text}”"),
    "page.band": ("{lo}至{hi}", "{lo} to {hi}"),
    "page.yes": ("是", "yes"),
    "page.no": ("否", "no"),
    # -- notebook titles (the runner's page titles and the index)
    "page.title.1_review_13th_plan": ("“十三五”规划实施评估", "13th plan review"),
    "page.title.2_tracker_14th_plan": ("“十四五”规划指标跟踪", "14th plan tracker"),
    "page.title.3_forecasts": ("预测", "Forecasts"),
    "page.title.4_what_if_scenarios": ("情景分析", "What-if scenarios"),
    "page.title.5_briefing": ("简报", "Briefing"),
    # -- a target, a unit, a model in words: report.words, for pages, charts and the command line alike
    # how a comparator reads ({v}: the value, with its unit where one is shown; {hi}: a range's upper end)
    "words.cmp.at_least": ("{v}以上", "at least {v}"),
    "words.cmp.over": ("超过{v}", "over {v}"),
    "words.cmp.at_most": ("{v}以下", "at most {v}"),
    "words.cmp.below": ("低于{v}", "below {v}"),
    "words.cmp.about": ("{v}左右", "about {v}"),
    "words.cmp.equal": ("{v}", "{v}"),
    "words.cmp.range": ("{v}—{hi}", "{v} to {hi}"),
    # what a kind of target adds to its comparator's words {t}; ".short": a terminal column, a chart legend
    "words.kind.avg_growth": ("年均{t}", "{t} a year"),
    "words.kind.cumulative": ("{t}({years}年累计)", "{t} (cumulative over {years} years)"),
    "words.kind.cumulative.short": ("{years}年累计{t}", "{t} over {years} years"),
    "words.kind.national_average": ("{t},力争达到全国平均水平", "{t}, and striving for the national average"),
    "words.kind.national_average.short": ("{t}(力争达到全国平均)", "{t} (aim: national average)"),
    # a multiple of a base year's level, a cut from it, a water class ({v}: the number; the comparator
    # reads the whole); ".no_base": the outline names no base year
    "words.kind.relative": ("{base}年的{v}倍", "{v} times the {base} level"),
    "words.kind.relative.no_base": ("现有水平的{v}倍", "{v} times the present level"),
    "words.kind.relative_reduction": ("较{base}年缩短{v}", "{v} shorter than in {base}"),
    "words.kind.relative_reduction.no_base": ("较现有水平缩短{v}", "{v} shorter than now"),
    "words.kind.ordinal_class": ("{v}类", "class {v}"),
    "words.kind.ordinal_class.or_better": ("{v}类或更好", "class {v} or better"),
    # a target without a number ({text}: the plan's words)
    "words.target.national_assessment": (
        "“{text}”(纲要未给出数值)",
        "set nationally, no number in the outline (“{text}”)",
    ),
    "words.target.national_assessment.short": ("完成国家下达目标", "quota set nationally"),
    "words.target.no_number": ("“{text}”(纲要未给出数值)", "no number in the outline (“{text}”)"),
    "words.target.quoted": ("“{target}”", "{target}"),
    # a value and its unit (a unit that starts with a number, "100 million tonnes", "1/10万", in brackets)
    "words.value_unit": ("{value}{unit}", "{value} {unit}"),
    "words.value_unit_scaled": ("{value}({unit})", "{value} ({unit})"),
    "words.unit.class": ("水质类别", "water class"),
    # forecasting models (models.forecast gives the codes)
    "words.model.naive": ("朴素预测(沿用上一年的值)", "naive (last value carried forward)"),
    "words.model.mean3": ("近3年均值", "mean of the last 3 values"),
    "words.model.median5": ("近5年中位数", "median of the last 5 values"),
    "words.model.drift": ("漂移(上一年的值加历年平均变化)", "drift (last value plus the average change)"),
    "words.model.ets": ("简单指数平滑", "simple exponential smoothing"),
    "words.model.naive_unbeaten": ("朴素预测(没有模型优于它)", "naive (no model beat it)"),
    # -- table headers
    "page.col.no": ("序号", "no."),
    "page.col.name": ("指标", "indicator"),
    "page.col.attr": ("属性", "attribute"),
    "page.col.target": ("目标", "target"),
    "page.col.latest": ("最新值(年份)", "latest (year)"),
    "page.col.actual": ("实际进度", "actual pace"),
    "page.col.required": ("所需进度", "required pace"),
    "page.col.now_required": ("现需进度", "now required"),
    "page.col.unit": ("进度单位", "pace unit"),
    "page.col.ratio": ("进度比值", "ratio (actual / required)"),
    "page.col.evidence": ("证据", "evidence"),
    "page.col.status": ("状态", "status"),
    "page.col.escap_status": ("状态(联合国亚太经社会方法)", "status (ESCAP method)"),
    "page.col.midterm": ("中期评估用语", "mid-term wording"),
    "page.col.flag": ("实现值说明", "note on the outcome"),
    "page.col.why": ("原因", "why"),
    "page.col.id": ("编号", "id"),
    "page.col.target_name": ("目标事项", "measure"),
    "page.col.as_printed": ("纲要原文", "as printed in the outline"),
    "page.col.reading": ("折算目标", "target read as"),
    "page.col.context": ("相关指标(仅供参考,不作判定)", "related statistic (context only, no verdict)"),
    "page.col.note": ("说明", "note"),
    "page.col.model": ("模型", "model"),
    "page.col.n_origins": ("一步预测误差个数", "one-step errors"),
    "page.col.mae": ("平均绝对误差", "mean absolute error"),
    "page.col.mase": ("误差为朴素预测的倍数", "error relative to naive (MASE)"),
    "page.col.p_vs_naive": ("置换检验显著性", "p (beats naive)"),
    "page.col.coverage80": ("{level}%区间回测覆盖率", "{level} % band coverage in the backtest"),
    "page.col.n_checked": ("覆盖检验次数", "coverage checks"),
    "page.col.year": ("年份", "year"),
    "page.col.steps": ("预测步数", "steps ahead"),
    "page.col.forecast": ("预测值", "forecast"),
    "page.col.band": ("{level}%区间", "{level} % band"),
    "page.col.data_up_to": ("数据截至", "data up to"),
    "page.col.year_forecast": ("预测年份", "year forecast"),
    "page.col.reported_model": ("当时采用", "reported model"),
    "page.col.forecast_then": ("当时预测", "forecast then"),
    "page.col.known_now": ("现已知实际值", "known now"),
    "page.col.inside_band": ("落入{level}%区间", "inside the {level} % band"),
    # -- headers of the downloads (report.downloads: the tables as data; the page's headers otherwise)
    "page.file.target_value": ("目标值", "target value"),
    "page.file.latest_value": ("最新值", "latest value"),
    "page.file.latest_year": ("最新值年份", "year of the latest value"),
    "page.file.unit": ("单位", "unit"),
    "page.file.n_obs": ("观测值个数", "observations"),
    "page.file.first_year": ("最早观测年份", "first year observed"),
    "page.file.vintages": ("数据版本", "vintages"),
    "page.file.vintage": ("数据版本", "vintage"),
    "page.file.with_unit": ("{header}({unit})", "{header} ({unit})"),
    "page.file.band_low": ("{level}%区间下限", "{level} % band, low"),
    "page.file.band_high": ("{level}%区间上限", "{level} % band, high"),
    "page.file.plan_row": ("规划指标序号", "plan row"),
    "page.file.region_year": ("{region}数据年份", "year, {region}"),
    "page.file.region_latest": ("{region}最新年份", "latest year, {region}"),
    "page.file.region_vintage": ("{region}数据版本", "vintage, {region}"),
    "page.file.region_conflict": ("{region}来源不一致", "sources disagree, {region}"),
    "page.file.region_source": ("{region}数据出处", "source, {region}"),
    "page.file.region_address": ("{region}数据网址", "address, {region}"),
    "page.file.region_average": ("{region}规划期年均增速(%)", "average growth in the plan period, {region} (%)"),
    "page.file.gap_unit": ("差距单位", "gap unit"),
    "page.file.gap_unit.pp": ("个百分点", "pp"),
    "page.file.gap_unit.pct_of_china": ("相当于全国水平的%", "% of China's level"),
    "page.file.gap_unit.share_of_china": ("占全国总量的%", "% of China's total"),
    "page.file.period_from": ("规划期年均增速起始年", "average growth from"),
    "page.file.period_to": ("规划期年均增速截止年", "average growth to"),
    "page.file.average_gap": ("年均增速差(个百分点)", "average growth gap (pp)"),
    "page.file.source_title": ("出处", "source"),
    "page.file.address": ("网址", "address"),
    "page.file.backtest": ("回测", "backtest"),
    "page.file.forecast": ("预测", "forecast"),
    # -- cells
    "page.evidence.cell": ("{n}个观测值({years}年;{vintages})", "{n} observations ({years}; {vintages})"),
    "page.evidence.cell.one": ("{n}个观测值({years}年;{vintages})", "1 observation ({years}; {vintages})"),
    "page.evidence.vintage_unknown": ("版本不明", "vintage unknown"),
    "page.flag.estimate": ("预计数", "estimate"),
    "page.flag.earlier_year": ("{year}年数据", "{year} data"),
    "page.coverage.not_quantified": (
        "国家考核目标,纲要未给出数值",
        "national assessment target: the outline gives no number",
    ),
    "page.coverage.no_statistic": ("尚无已引用的公开统计", "no published statistic cited yet"),
    "page.coverage.too_few": ("观测值太少,无法计算进度", "too few observations to measure progress"),
    "page.coverage.no_observation": (
        "已对应统计序列“{series}”,但{year}年后无观测值",
        "linked to the statistic “{series}”, but no observation after {year}",
    ),
    "page.context.point": ("{series}:{value}({year}年)", "{series}: {value} ({year})"),
    "page.context.none": ("{series}:截至{year}年暂无观测值", "{series}: no observation up to {year}"),
    # -- the 13th-plan review
    "page.review.title": (
        "“十三五”规划主要指标实现情况评估({first}-{last}年)",
        "Did the 13th plan ({first}-{last}) deliver?",
    ),
    "page.review.h_target_outcome": ("目标与实现情况", "Target versus outcome"),
    "page.review.chart_by_attribute": ("按属性统计的评估结果", "Verdicts by attribute"),
    "page.review.h_gdp": ("地区生产总值:实际增长与名义总量", "GDP: real growth, not nominal levels"),
    "page.review.h_rows": ("逐项结果", "Every row"),
    "page.review.headline": (
        "“十四五”规划纲要专栏1列出的“十三五”规划主要指标共{n}项(含分项):已实现{achieved}项,未实现{missed}项,"
        "无法评估{not_assessable}项。约束性指标中未实现{binding_missed}项;{tail}。",
        "Of the {n} indicators (with sub-rows) of the 13th plan listed in Table 1 of the 14th-plan outline, "
        "{achieved} were achieved, {missed} missed and {not_assessable} cannot be assessed. Binding targets missed: "
        "{binding_missed}; {tail}.",
    ),
    "page.review.misses_expected": (
        "未实现的均为预期性指标:{names}",
        "the misses are all expected (indicative) targets: {names}",
    ),
    "page.review.misses": ("未实现的指标:{names}", "missed: {names}"),
    "page.review.gdp": (
        "地区生产总值目标是按可比价格计算的年均实际增长{target}。专栏1给出的实际增速为{printed}%(“左右”按±{tol}个百分点的容差,"
        "至少需{floor}%),判定为{status}。同表的名义总量从{base}{unit}增至{level}{unit},折合年均名义增长{implied}%,"
        "其中包含价格上涨,不能用来评价实际增长目标。",
        "The GDP target is real (constant-price) growth of {target}. Table 1 of the outline reports {printed} % real "
        "growth, against at least {floor} % once “左右” (about) is read with a tolerance of {tol} percentage points: "
        "{status}. The same table's nominal levels, {base} and {level} (in {unit}), imply {implied} % a year, but "
        "that includes inflation and must not be used to judge a real-growth target.",
    ),
    # -- the 14th-plan tracker
    "page.tracker.title": ("“十四五”规划主要指标进展(截至{year}年)", "14th plan targets as of {year}"),
    "page.tracker.chart_by_status": ("各状态指标数(欧盟统计局方法)", "Indicators by status (Eurostat method)"),
    "page.tracker.h_status": ("逐项状态(两种方法)", "Status of every indicator, both methods"),
    "page.tracker.h_timeline": (
        "各指标状态的变化(2021年以来各年评估)",
        "How each indicator's status changed, assessed as of each year since 2021",
    ),
    "page.tracker.timeline_note": (
        "每一列是截至该年所能得出的判断(欧盟统计局方法),与上表同一评估引擎;列越靠后,依据的数据越多。",
        "Each column is the verdict that could be reached as of that year (Eurostat method), by the same engine as "
        "the table above; later columns rest on more data.",
    ),
    "page.tracker.methods": (
        "“状态”列按欧盟统计局方法判定(实际进度与所需进度之比);最后一列按联合国亚太经社会方法判定"
        "(按时间加权的趋势推算到目标年份)。",
        "The status column follows the Eurostat method (the ratio of the actual to the required pace); "
        "the last column follows the ESCAP method (a time-weighted trend carried to the target year).",
    ),
    "page.tracker.h_coverage": ("数据覆盖", "Coverage: what cannot be scored, and why"),
    "page.tracker.h_key": ("重点指标", "Key indicators"),
    "page.tracker.h_text_targets": ("正文中的量化目标", "Quantified targets in the body text"),
    "page.tracker.text_targets_intro": (
        "纲要正文和专栏中的量化目标,凡有可对应的统计序列的,用同一方法评估;相关但口径不同的指标只作参考,不作判定。",
        "Targets printed in the outline's text and boxes that have a matching statistic are assessed with the same "
        "method; related statistics on another basis are shown for context only, never as a verdict.",
    ),
    "page.tracker.status_count": ("{status}{n}项", "{n} {status}"),
    "page.tracker.firm": (
        "截至{year}年,{n}项指标有足够的近期数据(最新为{span}年):{mix}。",
        "As of {year}, {n} indicators have enough recent data (latest {span}): {mix}.",
    ),
    "page.tracker.firm.one": (
        "截至{year}年,{n}项指标有足够的近期数据(最新为{span}年):{mix}。",
        "As of {year}, 1 indicator has enough recent data (latest {span}): {mix}.",
    ),
    "page.tracker.no_firm": (
        "截至{year}年,没有指标有足够的近期数据作出确定判断。",
        "As of {year}, no indicator has enough recent data for a firm verdict.",
    ),
    "page.tracker.provisional_single": (
        "另有{n}项只有单个或较旧的观测值(其中{favourable}项看似有利),仅作初步判断,不计入符合预期。",
        "{n} more have a single or older observation ({favourable} leaning favourable): "
        "provisional, not counted as on track.",
    ),
    "page.tracker.provisional_single.one": (
        "另有{n}项只有单个或较旧的观测值(其中{favourable}项看似有利),仅作初步判断,不计入符合预期。",
        "1 more has a single or older observation ({favourable} leaning favourable): "
        "provisional, not counted as on track.",
    ),
    "page.tracker.provisional_few": (
        "另有{n}项只有少量或较旧的观测值(其中{favourable}项看似有利),仅作初步判断,不计入符合预期。",
        "{n} more have only one or two or older observations ({favourable} leaning favourable): "
        "provisional, not counted as on track.",
    ),
    "page.tracker.worst_unlikely": (
        "“{name}”(目标{target})剩余年份需{needed}{unit},{since}年以来最好为{best}({best_year}年):完成难度大。",
        "{name} (target: {target}) now needs {needed} {unit}; the best since {since} was {best} "
        "({best_year}): out of reach.",
    ),
    "page.tracker.worst": (
        "最需关注的是“{name}”(目标{target}):{status}。",
        "Most off track: {name} (target: {target}), {status}.",
    ),
    "page.tracker.pending": ("{n}项的目标年份已过,待最终数据。", "{n} wait for final data for the target year."),
    "page.tracker.pending.one": ("{n}项的目标年份已过,待最终数据。", "1 waits for final data for the target year."),
    "page.tracker.binding": (
        "约束性指标{n}项中,{firm}项可作确定判断。",
        "{firm} of {n} binding targets can be scored firmly.",
    ),
    "page.tracker.unscored": (
        "{no_data}项暂无可引用的观测数据,{not_quantified}项为国家考核目标(纲要未给出数值)。",
        "{no_data} rows have no cited observation yet and {not_quantified} are national assessment "
        "targets with no number in the outline.",
    ),
    # -- one indicator's note (tracker, briefing)
    "note.head": ("{no} {name}(目标{target})", "{no} {name} (target: {target})"),
    "note.latest": ("最新值{value}({year}年)", "latest {value} ({year})"),
    "note.published_average": (
        "已公布的{first}-{last}年年均增速{value}{unit}({vintage})",
        "published {first}-{last} average {value} {unit} ({vintage})",
    ),
    "note.actual": ("实际进度{value}{unit}", "actual pace {value} {unit}"),
    "note.required": ("所需进度{value}{unit}", "required pace {value} {unit}"),
    "note.remaining": ("剩余年份需{value}{unit}", "{value} {unit} needed in the remaining years"),
    "note.best": ("{since}年以来最好为{value}({year}年)", "best since {since}: {value} ({year})"),
    "note.best_never": (
        "{since}年以来最好为{value}({year}年),从未达到现需进度",
        "best since {since}: {value} ({year}), never the pace now needed",
    ),
    "note.ratio": ("进度比值{ratio}", "ratio of actual to required pace {ratio}"),
    "note.ratio_escap": ("预期进度{ratio}", "anticipated progress {ratio}"),
    "note.verdict": ("判定:{status}。", "Verdict: {status}."),
    "note.verdict_midterm": (
        "判定:{status}(中期评估用语:{midterm})。",
        "Verdict: {status} (mid-term wording: {midterm}).",
    ),
    "note.verdict_lean": ("判定:{status},倾向于{lean}。", "Verdict: {status}, leaning {lean}."),
    "note.evidence": ("证据:{evidence}。", "Evidence: {evidence}."),
    "note.basis_break": (
        "该序列{year}年起口径调整,进度从新口径的首个观测值({start}年)起算。",
        "The series changed basis in {year}; the pace is measured from {start}, on the new basis.",
    ),
    "note.no_base": (
        "纲要未给出基期值,进度从首个观测值({year}年)起算。",
        "The outline prints no base value; the pace is measured from the first observation ({year}).",
    ),
    "note.sensitivity": (
        "若从旧口径{year}年基期值跨断点计算,进度比值为{ratio}({status});因口径不同,不予采用。",
        "Measured across the break from the old {year} base, the ratio would be {ratio} ({status}); not "
        "used, as the bases differ.",
    ),
    "note.pending.final_missing": (
        "规划期已于{year}年结束,{year}年数据尚未发布",
        "The plan period ended in {year} and the {year} figure is not out yet",
    ),
    "note.pending.estimate": (
        "{year}年的值是年内发布的预计数",
        "The {year} value is an estimate stated before the year ended",
    ),
    "note.pending.partial_year": (
        "{year}年的值是年内的观测值,不是全年数据",
        "The {year} value was observed inside the year, not for the whole year",
    ),
    "note.pending.estimate_only": (
        "规划期({year}年)结束前只发布了年均增速的预计值({value}{unit})",
        "Only an estimate of the average, stated before the period ended in {year}, is out ({value} {unit})",
    ),
    "note.pending.would_meet": (",按该值可实现目标", "; on that value the target would be met"),
    "note.pending.would_miss": (",按该值不能实现目标", "; on that value the target would be missed"),
    # -- caveats (briefing)
    "page.caveat.no_data": (
        "{n}项指标暂无已引用的观测数据,显示为“暂无数据”,未作任何填补。",
        "{n} indicator rows have no cited observation; they are shown as “no data” and never filled.",
    ),
    "page.caveat.vintages": (
        "所用观测值中初步数{preliminary}个、修订数{revised}个;同一年份优先采用修订数。",
        "Observations used: {preliminary} preliminary and {revised} revised values; a revised value is "
        "preferred where both exist.",
    ),
    "page.caveat.base_estimates": (
        "{base_year}年基期值中有{estimates}项为规划编制时的预计数;{marked}项基期值为{markers}数据。",
        "{estimates} of the {base_year} base values were estimates when the plan was written; "
        "{marked} base values are {markers} data.",
    ),
    "page.caveat.marker": ("{year}年({mark})", "{year} ({mark})"),
    "page.caveat.forest": (
        "森林覆盖率在第三次全国国土调查后口径调整,调整后的数值不与规划口径混用。",
        "Forest coverage was re-based after the Third National Land Survey; re-based values are a "
        "separate series and never joined to the plan's basis.",
    ),
    "page.caveat.conflicts": (
        "以下序列存在来源冲突并已标注:{series}。",
        "Conflicting sources are flagged for: {series}.",
    ),
    # -- forecasts
    "page.forecasts.title": ("预测(截至{year}年)", "Forecasts as of {year}"),
    "page.forecasts.title_data": (
        "预测(截至{year}年,数据截至{data_year}年)",
        "Forecasts as of {year} (data up to {data_year})",
    ),
    "page.forecasts.intro": (
        "{n}个与规划指标对应的序列中,{ready}个有足够的连续年度数据(至少{min}年)用于预测;其余序列只显示“数据不足”,不作推测。",
        "Of {n} series linked to plan indicators, {ready} have enough consecutive annual data ({min} "
        "years or more) to forecast; the others say “not enough data” and are not guessed.",
    ),
    "page.forecasts.intro.one": (
        "{n}个与规划指标对应的序列中,{ready}个有足够的连续年度数据(至少{min}年)用于预测;其余序列只显示“数据不足”,不作推测。",
        "Of {n} series linked to plan indicators, 1 has enough consecutive annual data ({min} "
        "years or more) to forecast; the others say “not enough data” and are not guessed.",
    ),
    "page.forecasts.method": (
        "方法:朴素预测(沿用上一年的值)、近3年均值、近5年中位数和漂移(上一年的值加历年平均变化)作为透明的基准,与模型在同一组滚动起点上"
        "比较一步预测误差(简单指数平滑只在至少{ets_min}年的序列上参与,较短的序列无法可靠估计其参数)。只有当某个模型的平均绝对误差低于朴素预测的"
        "{below}倍、且置换检验显著性低于{p}(已考虑同时比较多个模型)时,才采用该模型;否则明确说明没有模型优于朴素预测,"
        "并给出朴素预测。预测区间不依赖模型假设,而是取自回测本身的一步预测误差(经有限样本修正的经验分位数;误差太少时按其均方根和学生分布推算),"
        "并随预测步数的平方根加宽。“回测覆盖”是每个回测值落入仅用此前误差得出的{level}%区间的比例,可与标称的{level}%对照。"
        "实现目标的概率由重复抽取回测误差的模拟路径计算(固定随机种子),并与剩余年份所需的增速并列给出。",
        "Method: the naive forecast (last value carried forward), the mean of the last 3 values, the median of the "
        "last 5 and drift (last value plus the average change) are transparent benchmarks that compete with the "
        "models on the same rolling origins, scored on one-step errors (simple exponential smoothing competes only "
        "on series of {ets_min} years or more: on shorter ones its parameters are not identified). A model is used "
        "only when its mean absolute error is below {below} times the naive forecast's and a sign-flip permutation "
        "test, adjusted for trying several models, gives p below {p}; otherwise the page says that no model beats "
        "naive and shows the naive forecast. Bands assume no model: their widths are the backtest's own one-step "
        "errors (empirical quantiles with the finite-sample correction; with too few errors, their root mean square "
        "times a Student t quantile), widened with the square root of the horizon. “Coverage in the backtest” is the "
        "share of backtest values inside the {level} % band built from the errors before them only, to set against "
        "the stated {level} %. The probability of meeting the target comes from simulated paths that resample the "
        "backtest errors (fixed seed) and is shown next to the rate the remaining years would need.",
    ),
    "page.forecasts.h_short": ("数据不足的序列", "Series without enough data"),
    "page.forecasts.h_hindsight": (
        "事后检验:用{year}年起各年当时的数据会作出怎样的预测",
        "Hindsight: what the data of {year} onwards would have forecast",
    ),
    "page.forecasts.hindsight_intro": (
        "下表把现行方法应用于当年已知的数据(当年只有初步数的,用初步数),再与现在已知的实际值对照。",
        "The current method applied to the data known in each year (a year's own value from its first "
        "release), set against the values known now.",
    ),
    "page.forecasts.hindsight_item": (
        "以截至{data_year}年的数据,对{year}年的预测为{forecast}({level}%区间{lo}至{hi}),现已知实际值为{actual}({vintage}),"
        "误差{error},落在{level}%区间{where}。",
        "With data up to {data_year}, the forecast for {year} was {forecast} ({level} % band {lo} to {hi}); the "
        "value known now is {actual} ({vintage}), an error of {error}, {where} the {level} % band.",
    ),
    "page.forecasts.inside": ("之内", "inside"),
    "page.forecasts.outside": ("之外", "outside"),
    "page.forecasts.hindsight_summary": (
        "共{n}次事后检验,{inside}次落入{level}%区间({share});检验次数很少,且同一年份的几次检验并不独立,只能作粗略参考。",
        "{inside} of {n} hindsight checks fell inside the {level} % band ({share}); with so few "
        "checks, some of them on the same year, this is a rough check only.",
    ),
    "page.forecasts.no_year": ("无可比较的年份", "no year to compare"),
    "page.forecast.since_break": ("从{year}年口径调整起", " since the basis break in {year}"),
    "page.forecast.too_few": (
        "数据不足,{since}仅有{n}个连续年度数据,预测至少需要{need}个,不作预测",
        "not enough data: {n} consecutive annual values{since}; a forecast needs at least {need}",
    ),
    "page.forecast.too_few.one": (
        "数据不足,{since}仅有{n}个连续年度数据,预测至少需要{need}个,不作预测",
        "not enough data: 1 consecutive annual value{since}; a forecast needs at least {need}",
    ),
    "page.forecast.no_points": (
        "数据不足,{since}没有连续年度数据,预测至少需要{need}个,不作预测",
        "not enough data: no consecutive annual values{since}; a forecast needs at least {need}",
    ),
    "page.forecast.title_gap": ("{title}:{why}。", "{title}: {why}."),
    "page.forecast.head": ("{title}(数据截至{year}年):", "{title} (data up to {year}): "),
    "page.forecast.chosen": (
        "回测中{model}优于朴素预测,一步预测平均绝对误差为朴素预测的{mase}倍(共{n}个一步预测误差,置换检验显著性{p})",
        "in the backtest {model} beats the naive forecast: its mean absolute one-step error is {mase} "
        "times the naive one ({n} one-step errors, permutation p = {p})",
    ),
    "page.forecast.best_rival": (
        ";表现最好的{model}误差为朴素预测的{mase}倍,置换检验显著性{p}",
        "; the best alternative, {model}, has {mase} times the naive error with p = {p}",
    ),
    "page.forecast.naive": (
        "回测中没有任何模型优于朴素预测(须误差低于朴素预测的{below}倍且置换检验显著性低于{p},共{n}个一步预测误差{best}),"
        "因此下面给出的是朴素预测(沿用上一年的值)",
        "no model beats the naive forecast in the backtest (a model needs an error below {below} times the "
        "naive one and a permutation p below {p}, over {n} one-step errors{best}), so the forecast shown is "
        "the naive one (last value carried forward)",
    ),
    "page.forecast.first": (
        "。{year}年预测值{mean}({level}%区间{lo}至{hi})",
        ". The {year} forecast is {mean} ({level} % band {lo} to {hi})",
    ),
    "page.forecast.last": (",{year}年{mean}({lo}至{hi})", ", {year} {mean} ({lo} to {hi})"),
    "page.forecast.bands": (
        ";区间宽度取自回测本身的预测误差,并随预测步数的平方根加宽",
        "; the bands come from the backtest's own errors, widened with the square root of the horizon",
    ),
    "page.forecast.coverage": (
        ";回测中{level}%区间覆盖了{checks}个值中的{hits}个({share}),{verdict}",
        "; in the backtest the {level} % band covered {hits} of {checks} values ({share}), {verdict}",
    ),
    "page.forecast.consistent": ("在抽样误差范围内与{level}%相符", "consistent with {level} % within sampling error"),
    "page.forecast.inconsistent": ("与{level}%不符", "not consistent with {level} %"),
    "page.forecast.rough": (";回测误差仅{n}个,区间只是粗略估计", "; with only {n} backtest errors the bands are rough"),
    "page.forecast.need_growth": (
        "要实现目标{target}({first}-{last}年年均),{span}年需年均增长{value}%",
        " To meet the target ({target}, {first}-{last} average), {span} would need {value} % a year",
    ),
    "page.forecast.need_growth_one": (
        "要实现目标{target}({first}-{last}年年均),{span}年需增长{value}%",
        " To meet the target ({target}, {first}-{last} average), {span} would need growth of {value} %",
    ),
    "page.forecast.need_level": (
        "要实现目标{target},{year}年需达到{value}",
        " To meet the target ({target}), {year} would need {value}",
    ),
    "page.forecast.probability": (
        ";按模拟,实现目标的概率约为{p}",
        "; the simulated probability of meeting it is about {p}",
    ),
    "page.forecast.probability_alone": (
        "按模拟,实现目标{target}的概率约为{p}。",
        " The simulated probability of meeting the target ({target}) is about {p}.",
    ),
    # -- the briefing
    "page.briefing.title": ("山西省五年规划跟踪简报(截至{year}年)", "Shanxi five-year plans: briefing as of {year}"),
    "page.briefing.h_headlines": ("要点", "Headlines"),
    "page.briefing.chart_by_status": ("“十四五”指标状态(截至{year}年)", "14th plan indicators by status, as of {year}"),
    "page.briefing.h_off_track": ("最需关注的指标", "Most off track, and what they now require"),
    "page.briefing.h_caveats": ("数据说明", "Data caveats"),
    # -- national comparison and data vintages (report.context_tables; headers: CONTEXT_HEADER)
    "page.h_national": ("与全国比较", "Shanxi and China"),
    "page.h_vintages": ("数据来源与版本", "Data vintages"),
    "page.ctx.plan_row": ("(规划指标{no})", " (plan row {no})"),
    "page.ctx.year_tag": ("({year}年)", " ({year})"),
    "page.ctx.no_common_year": ("无同年数据,不计算", "no common year: not computed"),
    "page.ctx.gap_pp": ("{gap}个百分点", "{gap} pp"),
    "page.ctx.gap_diff": ("{gap}{unit}", "{gap} {unit}"),
    "page.ctx.gap_pct_of_china": ("相当于全国的{gap}%", "{gap}% of China's level"),
    "page.ctx.gap_share_of_china": ("占全国{gap}%", "{gap}% of China's total"),
    "page.ctx.period": (
        "{first}—{last}年:山西{shanxi}%,全国{china}%(差{gap}个百分点)",
        "{first}–{last}: Shanxi {shanxi}%, China {china}% ({gap} pp)",
    ),
    "page.ctx.conflict": ("(来源冲突)", " (sources conflict)"),
    "page.ctx.no_data": ("暂无数据", "no data"),
    "page.ctx.period_average": ("规划期年均值", "plan-period average"),
    "page.ctx.conflict_n": ("来源冲突({n}个数值)", "sources conflict ({n} values)"),
    "page.ctx.best_of_n": ("同年有{n}个数值,已择优", "{n} values for the year, best one shown"),
    "page.ctx.title_quotes": ("《{title}》", "“{title}”"),
    "page.ctx.comparison_note": (
        "截至{year}年,{n}个序列有全国对比数据,其中{common}个有山西和全国同一年份的数值,"
        "{apart}个只有不同年份的数值(分别列出各自年份,不计算差距),其余缺少山西数据。"
        "差距:比重、比率和增速为山西减全国(个百分点);人均或单位水平为山西相当于全国的百分比;"
        "总量为山西占全国的比重。规划期年均增速为各年增速的几何平均,只取两地都有数据的连续年份。",
        "As of {year}, {n} series have a national comparator: {common} have Shanxi and China values for the same year, "
        "{apart} only for different years (each shown with its year, no gap computed), the rest lack Shanxi data. "
        "Gap: shares, rates and growth rates as Shanxi minus China (percentage points); per-capita or per-unit levels "
        "as Shanxi in % of China's level; totals as Shanxi's share of China's total. Plan-period averages chain the "
        "annual rates over the consecutive years both have.",
    ),
    "page.ctx.vintage_count": ("{word}{n}项", "{n} {word}"),
    "page.ctx.vintage_summary": (
        "{n}项(含分项)指标中,{has}项有截至{year}年的观测值({by}),{none}项暂无数据,未作任何填补;"
        "{conflicts}项的最新值存在来源冲突。",
        "Of the {n} indicator rows, {has} have an observation up to {year} ({by}); {none} have none "
        "and are left empty, never filled; the latest value of {conflicts} comes from conflicting sources.",
    ),
    # -- short names of series without a plan row of their own (SERIES_NAME has the compared ones)
    "page.series.certification_rate_employed": (
        "从业人员持证率",
        "Share of employed persons holding vocational certificates",
    ),
    "page.series.coal_output_total": (
        "煤炭产量(政府或媒体公布,口径未说明)",
        "Coal output (as reported by government or press, basis not stated)",
    ),
    "page.series.disposable_income_per_capita_avg_growth5_nominal": (
        "居民人均可支配收入五年年均名义增长",
        "Per capita disposable income, five-year average nominal growth",
    ),
    "page.series.double_first_class_universities": (
        "“双一流”建设高校数量",
        "Universities in the “Double First-Class” programme",
    ),
    "page.series.energy_intensity_change": (
        "单位地区生产总值能耗比上年变化",
        "Energy use per unit of GDP, change on the previous year",
    ),
    "page.series.forest_coverage": (
        "森林覆盖率(原省级清查口径)",
        "Forest coverage rate (old provincial inventory basis)",
    ),
    "page.series.g5_base_stations": ("5G基站数量", "5G base stations"),
    "page.series.g5_user_penetration": ("5G用户普及率", "5G user penetration rate"),
    "page.series.gdp_real_growth_avg5": ("规划期生产总值年均实际增长", "Real GDP growth, plan-period average"),
    "page.series.grain_output": ("粮食总产量", "Total grain output"),
    "page.series.high_tech_manufacturing_growth": (
        "高技术制造业增加值实际增长",
        "High-tech manufacturing value added, real growth",
    ),
    "page.series.industrial_enterprises_count": (
        "规模以上工业企业数量",
        "Industrial enterprises above designated size",
    ),
    "page.series.industry_va_share_gdp": ("工业增加值占生产总值比重", "Industrial value added, share of GDP"),
    "page.series.national_key_laboratories": ("国家重点实验室数量", "National key laboratories"),
    "page.series.pension_insurance_coverage_rate": ("基本养老保险参保率", "Basic pension insurance coverage rate"),
    "page.series.power_net_export_cum5": (
        "规划期外送电量累计",
        "Net electricity sent out of the province, plan-period total",
    ),
    "page.series.raw_coal_output": ("规模以上原煤产量", "Raw coal output (enterprises above designated size)"),
    "page.series.surface_water_good_ratio": (
        "地表水国考断面优良(Ⅰ—Ⅲ类)比例",
        "Share of national surface-water sections of Class I-III",
    ),
    "page.series.unconventional_gas_output": ("非常规天然气产量", "Unconventional natural gas output"),
}

CHART_TEXT: dict[str, tuple[str, str]] = {
    # titles, axis labels, legends (report.charts)
    "chart.title.review": ("“十三五”主要指标:目标与实现情况", "13th plan (2016-2020): target vs outcome"),
    "chart.title.status_counts": ("各状态指标数", "Indicators by status"),
    "chart.title.heatmap": ("“十四五”各指标状态(按评估年份)", "14th plan: status of every indicator, as of each year"),
    "chart.source_observed": (
        "观测值:项目观测数据表(每个数值注明出处)",
        "Observed: data/raw/observed.csv (each value cited)",
    ),
    "chart.axis.growth": ("年增长率(%)", "annual growth (%)"),
    "chart.axis.as_of": ("评估截至年份", "as of"),
    "chart.period_average": ("{label}(年均)", "{label} (period average)"),
    "chart.actual_average": ("实际年均 {value}", "actual average {value}"),
    "chart.scenario_average": ("情景下年均 {value}", "scenario period average {value}"),
    "chart.with_scenario": ("{name}:{scenario}", "{name}: {scenario}"),
    "chart.capped": ("{value}%(超出刻度)", "{value} % (off the scale)"),
    "chart.zero_outcome": ("实现值{value},目标{target}", "outcome {value}, target {target}"),
    "chart.tolerance": ("“左右”的容许范围", "range allowed by 'about'"),
    "chart.beyond_scale": ("超出刻度(实际值见标注)", "off the scale (value written beside)"),
    "chart.naive_forecast": ("朴素预测(没有模型优于它)", "naive forecast (no model beats it)"),
    "chart.model_forecast": ("预测({model})", "forecast ({model})"),
    "chart.band_coverage": ("{band}(回测覆盖{n}个中的{hits}个)", "{band} (covered {hits} of {n} in the backtest)"),
    "chart.needed": ("所需增速({span}年):{value}%", "needed in {span}: {value} %"),
    "chart.needed_chance": (
        "所需增速({span}年):{value}%,实现概率{chance}",
        "needed in {span}: {value} %, P(target) = {chance}",
    ),
    "chart.data_up_to": ("{name}(数据截至{year}年)", "{name} (data up to {year})"),
    "chart.legend.binding": ("约束性", "binding"),
    "chart.legend.expected": ("预期性", "expected"),
    "chart.legend.actual": ("实际年均", "actual average"),
    "chart.preset.baseline": ("基准情景", "baseline"),
    "chart.preset.optimistic": ("乐观情景", "optimistic"),
    "chart.preset.pessimistic": ("悲观情景", "pessimistic"),
    "chart.preset.required": ("达标所需路径", "required path"),
    "chart.preset.custom": ("自定义情景", "your path"),
    # the heat map's cells: a short status word (the legend gives the full one, messages.STATUS)
    "chart.short.achieved": ("已实现", "met"),
    "chart.short.missed": ("未实现", "missed"),
    "chart.short.not_assessable": ("无法评估", "n/a"),
    "chart.short.on_track": ("符合预期", "on track"),
    "chart.short.moderate": ("需加快", "moderate"),
    "chart.short.insufficient": ("进展不足", "insufficient"),
    "chart.short.moving_away": ("背离目标", "moving away"),
    "chart.short.unlikely": ("难度大", "out of reach"),
    "chart.short.pending": ("待数据", "pending"),
    "chart.short.provisional": ("初步", "provisional"),
    "chart.short.no_data": ("无数据", "no data"),
    "chart.short.not_quantified": ("无量化值", "no number"),
}

SITE_TEXT: dict[str, tuple[str, str]] = {
    # the briefing site: index, header bar, downloads (report.runner, report.templates)
    "site.product": ("山西省五年规划跟踪", "Shanxi five-year plan tracker"),
    "site.lead": (
        "山西省“十三五”“十四五”规划主要指标的评估、跟踪、预测和情景分析。每个数值都来自规划纲要或注明出处的统计数据。",
        "Assessments, tracking, forecasts and what-if scenarios for the main indicators of Shanxi's "
        "13th and 14th five-year plans. Every number comes from the plan outline or from cited statistics.",
    ),
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
    "site.question.1_review_13th_plan": (
        "“十三五”规划的主要指标实现了吗？哪些未实现，差多少？",
        "Did Shanxi meet the main targets of its 13th plan, and by how much did it miss the others?",
    ),
    "site.question.2_tracker_14th_plan": (
        "截至{year}年，“十四五”规划各项指标进展如何，依据的数据有多新、多可靠？",
        "As of {year}, is each 14th plan indicator on track, and how recent and reliable is the data behind each "
        "verdict?",
    ),
    "site.question.3_forecasts": (
        "主要指标今后几年可能怎样变化？预测是否比简单规则更准？",
        "Where are the main indicators heading, and do the forecasts beat simple rules?",
    ),
    "site.question.4_what_if_scenarios": (
        "按目前趋势能否达标？要达标，今后每年需要怎样的进展？",
        "Will current trends reach each target, and what pace would reaching it take?",
    ),
    "site.question.5_briefing": (
        "一页读懂：主要结论、最需关注的指标、与全国比较和数据说明。",
        "The essentials on one page: headlines, the indicators most off track, Shanxi against China, data caveats.",
    ),
    # table downloads
    "site.download": ("下载本表：", "Download this table:"),
    "site.download_csv": ("下载本表（CSV）", "Download this table as CSV"),
    "site.download_xlsx": ("下载本表（Excel）", "Download this table as Excel"),
    "site.table": ("表格", "Table"),
    "site.file_name": ("{page}-{section}", "{page} - {section}"),
}

WIDGET_TEXT: dict[str, tuple[str, str]] = {
    # the what-if widgets and the dashboard (report.widgets, report.dashboard)
    "widget.title": ("山西省“十四五”规划跟踪", "Shanxi 14th Five-Year Plan tracker"),
    "dashboard.busy_title": ("看板繁忙", "Dashboard busy"),
    "dashboard.busy": (
        "已有{n}位读者在使用看板,请稍后刷新本页。",
        "Dashboard busy: {n} readers already. Please reload this page in a minute or two.",
    ),
    "widget.lead": (
        "各项指标截至所选年份的进展判断;下方可按自己的假设推算规划末期的结果。",
        "Where each target of the plan stands as of the year you choose; below, where the remaining years would lead "
        "under the assumptions you set.",
    ),
    "widget.as_of": ("数据截至", "data as of"),
    "widget.as_of_latest": ("最新({year}年)", "latest ({year})"),
    "widget.ignored_params": (
        "网址中的部分参数无法识别,页面按默认设置显示。",
        "Some settings in the address were not recognised; the page shows the defaults.",
    ),
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
    "widget.source_observed": (
        "观测值取自公开的统计资料,每个数值均注明出处。",
        "Observed values come from published statistics; every value is cited.",
    ),
    "widget.no_data_fold": ("尚无观测数据的指标({n}项)", "Indicators without observations yet ({n})"),
    "widget.whatif_heading": (
        "情景分析:从{year}年起,剩余年份需要怎样的进展",
        "What would it take? Scenarios from {year}",
    ),
    "widget.whatif_from_open_year": (
        "规划期至{target}年结束,截至{as_of}年已无待定年份;情景从{start}年(目标年份前最后一年)起算。",
        "The plan period ends in {target}: as of {as_of} no year is left to assume, so the scenarios start from "
        "{start}, the last year before the target year.",
    ),
    "widget.indicator": ("指标", "indicator"),
    "widget.preset.baseline": ("基准", "baseline"),
    "widget.preset.baseline.tip": (
        "基准:近期趋势(最近三个可比年度变化的平均)",
        "baseline: the recent trend (mean of the last three comparable annual steps)",
    ),
    "widget.preset.optimistic": ("乐观", "optimistic"),
    "widget.preset.optimistic.tip": (
        "乐观:基准加一个标准差,不超过历史最好水平",
        "optimistic: the baseline plus one standard deviation, never beyond the best step ever observed",
    ),
    "widget.preset.pessimistic": ("悲观", "pessimistic"),
    "widget.preset.pessimistic.tip": (
        "悲观:基准减一个标准差",
        "pessimistic: the baseline minus one standard deviation",
    ),
    "widget.preset.required": ("达标所需", "required"),
    "widget.preset.required.tip": (
        "达标所需:恰好实现目标的每年不变进度",
        "required: the constant annual step that reaches the target exactly",
    ),
    "widget.custom": ("自定义路径", "your path"),
    "widget.slider_caption": ("各年假设(单位:{unit})", "assumption for each year ({unit})"),
    "widget.no_data": (
        "{year}年以来无观测数据:不预设任何路径,也不作判断。移动滑块设定一条假设路径,即可看到它的结果。",
        "No observation since {year}: nothing is preset and there is no verdict. Move a slider to set an assumed "
        "path and see where it would lead.",
    ),
    "widget.no_data_assumed": (
        "{year}年以来无观测数据:以下结果完全取决于你设定的假设路径,不是对实际进展的判断。",
        "No observation since {year}: the result below follows from your assumed path alone; it is not a finding "
        "about actual progress.",
    ),
    "widget.no_trend": (
        "{year}年以来的可比观测太少,得不出近期趋势:不预设路径。移动滑块设定一条路径。",
        "Too few observations since {year} for a recent trend: nothing is preset. Move a slider to set a path.",
    ),
    "widget.no_preset.closed": (
        "没有“{preset}”情景:该指标规划期已结束,没有剩余年份可假设。",
        "No {preset} preset: the period is closed, no year is left to assume.",
    ),
    "widget.no_preset.no_data": (
        "没有“{preset}”情景:{year}年以来无观测数据,无法从数据推出预设。请用滑块设定假设路径。",
        "No {preset} preset: no observation since {year}, so none can be derived from the data. Set an assumed path "
        "with the sliders.",
    ),
    "widget.no_preset.no_trend": (
        "没有“{preset}”情景:可比观测太少,得不出近期趋势。",
        "No {preset} preset: too few comparable observations for a recent trend.",
    ),
    "widget.no_preset.no_spread": (
        "没有“{preset}”情景:可比变化不足三次,无法估计波动幅度。",
        "No {preset} preset: fewer than three comparable steps, so no spread can be estimated.",
    ),
    "widget.no_preset.undefined": (
        "没有“{preset}”情景:无法计算达标所需进度。",
        "No {preset} preset: the required step cannot be computed.",
    ),
    "widget.required_from": ("自{year}年起达标所需(每年)", "needed each year from {year} to reach the target"),
    "widget.period_average": ("规划期年均增长", "period average growth"),
    "widget.value_at_target": ("目标年份值", "value at the target year"),
    "widget.assumed_meets": (
        "假设路径:{year}年达到{value}{unit},可实现目标",
        "assumed path: {value} {unit} in {year} would meet the target",
    ),
    "widget.assumed_misses": (
        "假设路径:{year}年为{value}{unit},不能实现目标",
        "assumed path: {value} {unit} in {year} would miss the target",
    ),
    "widget.assumed_meets_rate": (
        "假设路径:规划期年均增长{value}%,可实现目标",
        "assumed path: period average growth of {value} % would meet the target",
    ),
    "widget.assumed_misses_rate": (
        "假设路径:规划期年均增长{value}%,不能实现目标",
        "assumed path: period average growth of {value} % would miss the target",
    ),
    "widget.met": ("达标", "met"),
    "widget.missed": ("未达标", "missed"),
    "widget.no_verdict": ("暂无判断", "no verdict"),
    "widget.required_each_year": ("所需(每年)", "required (each year)"),
    "widget.axis_growth": ("年增长率(%)", "annual growth (%)"),
    "widget.assumed_path": ("假设路径", "assumed path"),
    "widget.legend_target": ("目标 {target}", "target {target}"),
    "widget.legend_target_average": ("目标 {target}(年均)", "target {target} (period average)"),
    "widget.legend_average": ("情景下年均 {value}", "scenario period average {value}"),
}

CLI_TEXT: dict[str, tuple[str, str]] = {
    # the command line's tables and messages (cli, report.terminal)
    # column headers of the compact tables
    "cli.col.no": ("序号", "no"),
    "cli.col.indicator": ("指标", "indicator"),
    "cli.col.unit": ("单位", "unit"),
    "cli.col.base": ("基期值(年份)", "base (year)"),
    "cli.col.target": ("目标", "target"),
    "cli.col.by": ("目标年", "by"),
    "cli.col.attribute": ("属性", "type"),
    "cli.col.outcome": ("实现值(年份)", "outcome (year)"),
    "cli.col.latest": ("最新值(年份)", "latest (year)"),
    "cli.col.status": ("状态", "status"),
    "cli.col.midterm": ("中期评估用语", "mid-term"),
    "cli.col.id": ("编号", "id"),
    "cli.col.measure": ("目标内容", "measure"),
    "cli.col.line": ("纲要行号", "line"),
    "cli.col.series": ("序列", "series"),
    "cli.col.region": ("地区", "region"),
    "cli.col.year": ("年份", "year"),
    "cli.col.value": ("数值", "value"),
    "cli.col.vintage": ("数据版本", "vintage"),
    "cli.col.grade": ("来源类别", "source"),
    "cli.col.at_target": ("{year}年值", "in {year}"),
    "cli.col.met": ("是否实现", "met"),
    "cli.col.gap": ("差距", "gap"),
    "cli.col.needed": ("所需年进度", "needed a year"),
    "cli.col.model": ("模型", "model"),
    "cli.col.mae": ("平均绝对误差", "MAE"),
    "cli.col.mase": ("相对朴素误差", "MASE"),
    "cli.col.p": ("置换检验显著性", "p"),
    "cli.col.coverage80": ("80%区间覆盖率", "80% coverage"),
    "cli.col.forecast": ("预测值", "forecast"),
    "cli.col.band80": ("80%区间", "80% band"),
    "cli.col.band95": ("95%区间", "95% band"),
    "cli.col.path_observed": ("实际值", "observed"),
    "cli.col.path_scenario": ("情景路径", "scenario"),
    "cli.col.path_required": ("所需路径", "required"),
    "cli.region.shanxi": ("山西", "Shanxi"),
    "cli.region.china": ("全国", "China"),
    "cli.yes": ("是", "yes"),
    "cli.no": ("否", "no"),
    "cli.pace.pct": ("%", "%"),
    "cli.pace.pct_per_year": ("%", "%"),
    "cli.pace.pp_per_year": ("个百分点", " pp"),
    "cli.pace.years_per_year": ("年", " years"),
    "cli.met_assumed": ("{met}(假设路径)", "{met} (assumed path)"),
    "cli.band": ("{lo}至{hi}", "{lo} to {hi}"),
    # summary lines
    "cli.targets.head": ("{title}:{n}项指标,目标年份{year}年", "{title}: {n} indicators, targets for {year}"),
    "cli.summary.observed": (
        "第{plan}个五年规划,截至{as_of}年({method}):共{n}项指标",
        "Plan {plan} as of {as_of} ({method}): {n} indicators",
    ),
    "cli.summary.outcome": (
        "第{plan}个五年规划(按规划期末公布的实现值评估):共{n}项指标",
        "Plan {plan}, judged on its printed outcomes: {n} indicators",
    ),
    "cli.summary.text": (
        "纲要正文中已关联统计序列的量化目标,截至{as_of}年:共{n}项",
        "Body-text targets linked to a series, as of {as_of}: {n}",
    ),
    "cli.method.eurostat": ("欧盟统计局方法", "Eurostat method"),
    "cli.method.escap": ("亚太经社会方法", "ESCAP method"),
    "cli.count": ("{status}{n}项", "{status}: {n}"),
    "cli.sep": ("；", "; "),
    "cli.forecast.backtest": (
        "回测(逐年滚动的一步预测;相对朴素误差以朴素预测为1;置换检验显著性:模型优于朴素预测的检验):",
        "Backtest (one-step, rolling origin; MASE relative to naive; p: permutation test that a model beats naive):",
    ),
    "cli.scenario.head": ("情景:{scenario},截至{as_of}年", "Scenario: {scenario}, as of {as_of}"),
    "cli.preset.baseline": ("基准", "baseline"),
    "cli.preset.optimistic": ("乐观", "optimistic"),
    "cli.preset.pessimistic": ("悲观", "pessimistic"),
    "cli.preset.required": ("达标所需", "required"),
    "cli.preset.custom": ("自定义路径", "custom path"),
    # empty results (one line, then a non-zero exit)
    "cli.empty.observed": (
        "没有符合条件的观测值(序列 {series},地区 {region},版本 {vintage})",
        "no observation matches series {series}, region {region}, vintage {vintage}",
    ),
    "cli.all": ("全部", "all"),
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

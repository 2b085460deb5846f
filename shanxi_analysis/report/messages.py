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
    "no_data": ("暂无数据", "no data"),
    "not_quantified": ("完成国家考核目标(无量化值)", "national assessment target, no number"),
}
STATUS_COLORS = {
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
    "source_plan": ("资料来源: 山西省“十四五”规划纲要(晋政发〔2021〕7号)", "Source: Shanxi 14th FYP outline (晋政发〔2021〕7号)"),
    "source_observed": ("观测值: data/raw/observed.csv(含出处)", "Observed: data/raw/observed.csv (each value cited)"),
    "outcome_index": ("实现值占目标的百分比(100=恰好达标,方向已统一为越大越好)", "Outcome as % of target (100 = target met; lower-is-better indicators inverted)"),
    "count": ("指标数", "indicators"),
}


def t(key: str, lang: str) -> str:
    check_lang(lang)
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def status_label(status: str, lang: str) -> str:
    zh, en = STATUS[status]
    return zh if lang == "zh" else en


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

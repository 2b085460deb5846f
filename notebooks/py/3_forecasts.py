# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["remove_cell"]
# # Forecasts
# For each series linked to a 14th-plan indicator with enough data: transparent benchmarks
# (naive, recent mean, recent median, drift) compete with the models in a rolling-origin
# backtest; a model is reported only when it beats the naive forecast, and the page says so
# plainly when none does.  Bands come from the backtest's own errors, with the coverage they
# achieved there; the probability of meeting the target stands next to the rate it would need.
# Then an honest look back: what the same method said with the data of earlier years.

# %% tags=["parameters"]
# Parameters: edit a value, then Run > Run All Cells (`shanxi run` sets them for the briefings).
as_of_year = 2025  # 2021 to 2025 (the 14th plan's years with data), or None for the latest
lang = "en"  # "en" or "zh"
# defaults for a direct papermill run; `shanxi run` injects forecast.HINDSIGHT_YEAR and DEFAULT_SEED
hindsight_year = 2022  # the first as-of year of the hindsight check ("with the data of 2022 we would have said ...")
seed = 20210409

# %%
import pandas as pd

from shanxi_analysis.report import narrative
from shanxi_analysis.report.charts import forecast_chart
from shanxi_analysis.models.forecast import (MIN_POINTS, MODEL_NAMES, SELECT_BELOW, SELECT_P, forecast,
                                             forecastable_series, hindsight)
from shanxi_analysis.report.notebook import setup
from shanxi_analysis.data.observed import list_series

page = setup(as_of_year=as_of_year, lang=lang)
units = list_series().set_index("series_id")["unit"]
results = [forecast(s, as_of=page.as_of, seed=seed) for s in forecastable_series()]
ready = [r for r in results if r.status == "ok"]
data_year = max((r.last_year for r in ready), default=None)


def title(r):
    """The indicator's name in the page's language (the series id in English)."""
    zh = r.target.get("name_zh") or r.series_id
    en = f"{r.target['name_en']} ({r.series_id})" if r.target.get("name_en") else r.series_id
    return page.text(zh, en)


if data_year is None:
    page.heading(f"预测(截至{page.as_of}年)", f"Forecasts as of {page.as_of}", 1)
else:
    page.heading(f"预测(截至{page.as_of}年,数据截至{data_year}年)", f"Forecasts as of {page.as_of} (data up to {data_year})", 1)
page.para(page.text(
    f"{len(results)}个与规划指标对应的序列中,{len(ready)}个有足够的连续年度数据(至少{MIN_POINTS}年)用于预测;其余序列只显示“数据不足”,不作推测。",
    f"Of {len(results)} series linked to plan indicators, {len(ready)} {'has' if len(ready) == 1 else 'have'} enough consecutive annual data "
    f"({MIN_POINTS} years or more) to forecast; the others say 'not enough data' and are not guessed."))
page.para(page.text(
    "方法:朴素预测(沿用上一年的值)、近3年均值、近5年中位数和漂移(上一年的值加历年平均变化)作为透明的基准,与模型在同一组滚动起点上"
    "比较一步预测误差(简单指数平滑只在至少15年的序列上参与,较短的序列无法可靠估计其参数)。只有当某个模型的平均绝对误差低于朴素预测的"
    f"{SELECT_BELOW:.2f}倍、且置换检验显著性低于{SELECT_P:.2f}(已考虑同时比较多个模型)时,才采用该模型;否则明确说明没有模型优于朴素预测,"
    "并给出朴素预测。预测区间不依赖模型假设,而是取自回测本身的一步预测误差(经有限样本修正的经验分位数;误差太少时按其均方根和学生分布推算),"
    "并随预测步数的平方根加宽。“回测覆盖”是每个回测值落入仅用此前误差得出的80%区间的比例,可与标称的80%对照。"
    "实现目标的概率由重复抽取回测误差的模拟路径计算(固定随机种子),并与剩余年份所需的增速并列给出。",
    "Method: the naive forecast (last value carried forward), the mean of the last 3 values, the median of the last 5 and drift "
    "(last value plus the average change) are transparent benchmarks that compete with the models on the same rolling origins, "
    "scored on one-step errors (simple exponential smoothing competes only on series of 15 years or more: on shorter ones its "
    "parameters are not identified). A model is used only when its mean absolute error is below "
    f"{SELECT_BELOW:.2f} times the naive forecast's and a sign-flip permutation test, adjusted for trying several models, gives "
    f"p below {SELECT_P:.2f}; otherwise the page says that no model beats naive and shows the naive forecast. Bands assume no "
    "model: their widths are the backtest's own one-step errors (empirical quantiles with the finite-sample correction; with too "
    "few errors, their root mean square times a Student t quantile), widened with the square root of the horizon. 'Covered in the "
    "backtest' is the share of backtest values inside the 80 % band built from the errors before them only, to set against the "
    "stated 80 %. The probability of meeting the target comes from simulated paths that resample the backtest errors (fixed seed) "
    "and is shown next to the rate the remaining years would need."))

# %%
columns = {
    "zh": {"model": "模型", "n_origins": "一步预测误差个数", "mae": "平均绝对误差", "mase": "误差为朴素预测的倍数",
           "p_vs_naive": "置换检验显著性", "coverage80": "80%区间回测覆盖率", "n_checked": "覆盖检验次数"},
    "en": {"model": "model", "n_origins": "one-step errors", "mae": "mean abs. error", "mase": "MASE (naive = 1)",
           "p_vs_naive": "p (beats naive)", "coverage80": "80 % band coverage", "n_checked": "coverage checks"},
}[page.lang]
for r in ready:
    page.heading(title(r), title(r), 3)
    page.figure(forecast_chart(r, page.lang, units.get(r.series_id, "")))
    page.para(narrative.forecast_summary(r, page.lang))
    bt = r.backtest.assign(model=[page.text(MODEL_NAMES[m][0], f"{m}: {MODEL_NAMES[m][1]}") for m in r.backtest["model"]])
    page.table(bt.rename(columns=columns).round(3))
    page.table(pd.DataFrame({
        page.text("年份", "year"): r.forecast["year"],
        page.text("预测步数", "steps ahead"): r.forecast["h"],
        page.text("预测值", "forecast"): r.forecast["mean"].round(2),
        page.text("80%区间", "80 % band"): [f"{lo:.2f} {page.text('至', 'to')} {hi:.2f}" for lo, hi in zip(r.forecast["lo80"], r.forecast["hi80"])],
        page.text("95%区间", "95 % band"): [f"{lo:.2f} {page.text('至', 'to')} {hi:.2f}" for lo, hi in zip(r.forecast["lo95"], r.forecast["hi95"])],
    }))

# %%
page.heading("数据不足的序列", "Series without enough data")
short = [r for r in results if r.status != "ok"]
page.table(pd.DataFrame({page.text("指标", "series"): [title(r) for r in short],
                         page.text("原因", "why"): [page.text(narrative.forecast_summary(r, "zh").split(":", 1)[-1], r.message) for r in short]}))

# %%
page.heading(f"事后检验:用{hindsight_year}年起各年当时的数据会作出怎样的预测",
             f"Hindsight: what the data of {hindsight_year} onwards would have forecast")
page.para(page.text(
    "下表把现行方法应用于当年已知的数据(当年只有初步数的,用初步数),再与现在已知的实际值对照。",
    "The current method applied to the data known in each year (a year's own value from its first release), set against the "
    "values known now."))
rows = pd.concat([hindsight(r.series_id, hindsight_year, page.as_of, seed).assign(series=title(r)) for r in ready]) if ready else pd.DataFrame()
if len(rows):
    vintage = {"preliminary": page.text("初步数", "preliminary"), "revised": page.text("修订数", "revised"),
               "estimate": page.text("预计数", "estimate"), "unknown": page.text("口径不明", "vintage unknown")}
    model_name = lambda m, sel: page.text("朴素预测(没有模型优于它)" if sel == "no_model_beats_naive" else MODEL_NAMES[m][0],
                                          "naive (no model beat it)" if sel == "no_model_beats_naive" else m)
    page.table(pd.DataFrame({
        page.text("指标", "series"): rows["series"],
        page.text("数据截至", "data up to"): rows["data_up_to"],
        page.text("预测年份", "year forecast"): rows["year"],
        page.text("预测步数", "steps ahead"): rows["h"],
        page.text("当时采用", "reported model"): [model_name(m, s) for m, s in zip(rows["model"], rows["selection"])],
        page.text("当时预测", "forecast then"): rows["forecast"].round(2),
        page.text("80%区间", "80 % band"): [f"{lo:.2f} {page.text('至', 'to')} {hi:.2f}" for lo, hi in zip(rows["lo80"], rows["hi80"])],
        page.text("现已知实际值", "known now"): [f"{a:g}({vintage.get(v, v)})" if page.lang == "zh" else f"{a:g} ({vintage.get(v, v)})"
                                             for a, v in zip(rows["actual"], rows["vintage"])],
        page.text("落入80%区间", "inside 80 % band"): [page.text("是", "yes") if x else page.text("否", "no") for x in rows["inside_80"]],
    }))
    inside = int(rows["inside_80"].sum())
    sentences = [page.text(
        f"以截至{int(x['data_up_to'])}年的数据,对{int(x['year'])}年的预测为{x['forecast']:.2f}(80%区间{x['lo80']:.2f}至{x['hi80']:.2f}),"
        f"现已知实际值为{x['actual']:g}({vintage.get(x['vintage'], x['vintage'])}),误差{x['error']:+.2f},"
        f"落在80%区间{'之内' if x['inside_80'] else '之外'}。",
        f"With data up to {int(x['data_up_to'])}, the forecast for {int(x['year'])} was {x['forecast']:.2f} (80 % band "
        f"{x['lo80']:.2f} to {x['hi80']:.2f}); the value known now is {x['actual']:g} ({vintage.get(x['vintage'], x['vintage'])}), "
        f"an error of {x['error']:+.2f}, {'inside' if x['inside_80'] else 'outside'} the 80 % band.") for _, x in rows.iterrows()]
    page.bullets(sentences)
    page.para(page.text(
        f"共{len(rows)}次事后检验,{inside}次落入80%区间({inside / len(rows):.0%});检验次数很少,且同一年份的几次检验并不独立,只能作粗略参考。",
        f"{inside} of {len(rows)} hindsight checks fell inside the 80 % band ({inside / len(rows):.0%}); with so few checks, some of them "
        "on the same year, this is a rough check only."))
else:
    page.table(pd.DataFrame({page.text("说明", "note"): [page.text("无可比较的年份", "no year to compare")]}))

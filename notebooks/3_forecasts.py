# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
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
# For each series linked to a 14th-plan indicator with enough data: the model chosen by a
# rolling-origin backtest, its forecast to the target year with intervals, and the probability
# of meeting the target. Then an honest look back: what a forecast made with 2022 data said.

# %% tags=["parameters"]
as_of_year = 2025
lang = "en"
# defaults for a direct papermill run; `shanxi run` injects forecast.HINDSIGHT_YEAR and DEFAULT_SEED
hindsight_year = 2022  # the "as of 2022 we would have said ..." comparison
seed = 20210409

# %%
import pandas as pd

from shanxi_analysis.report import narrative
from shanxi_analysis.report.charts import forecast_chart
from shanxi_analysis.models.forecast import forecast, forecastable_series
from shanxi_analysis.report.notebook import setup
from shanxi_analysis.data.observed import list_series, load_observed

page = setup(as_of_year=as_of_year, lang=lang)
units = list_series().set_index("series_id")["unit"]
results = [forecast(s, as_of=page.as_of, seed=seed) for s in forecastable_series()]
ready = [r for r in results if r.status == "ok"]
page.heading(f"预测(数据截至{page.as_of}年)", f"Forecasts (data up to {page.as_of})", 1)
page.para(page.text(
    f"{len(results)}个与规划指标对应的序列中,{len(ready)}个有足够的连续年度数据(至少6年)用于预测;其余序列只显示“数据不足”,不作推测。",
    f"Of {len(results)} series linked to plan indicators, {len(ready)} {'has' if len(ready) == 1 else 'have'} enough consecutive annual data (6 years or more) "
    "to forecast; the others say 'not enough data' and are not guessed."))

# %%
for r in ready:
    page.heading(r.series_id, r.series_id, 3)
    page.figure(forecast_chart(r, lang, units.get(r.series_id, "")))
    page.para(narrative.forecast_summary(r, lang))
    page.table(r.backtest.round(3))

# %%
page.heading("数据不足的序列", "Series without enough data")
page.table(pd.DataFrame({"series": [r.series_id for r in results if r.status != "ok"],
                         "why": [r.message for r in results if r.status != "ok"]}))

# %%
page.heading(f"事后检验:{hindsight_year}年时的预测", f"Hindsight: what we would have said in {hindsight_year}")
rows = []
for r in ready:
    then = forecast(r.series_id, as_of=hindsight_year, seed=seed)
    if then.status != "ok":
        continue
    actual = load_observed(r.series_id, as_of=page.as_of).set_index("year")["value"]
    for _, f in then.forecast.iterrows():
        if f["year"] in actual.index:
            rows.append({"series": r.series_id, "year": int(f["year"]), "forecast": f["mean"], "lo80": f["lo80"],
                         "hi80": f["hi80"], "actual": actual[f["year"]],
                         "inside_80": bool(f["lo80"] <= actual[f["year"]] <= f["hi80"])})
page.table(pd.DataFrame(rows) if rows else pd.DataFrame({"note": [page.text("无可比较的年份", "no year to compare")]}))

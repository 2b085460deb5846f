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
plan = None  # a plan id such as "shanxi-14" or "china-14" (`shanxi plans` lists them), or None for the current plan

# %%
import pandas as pd

from shanxi_analysis.report import narrative
from shanxi_analysis.report.charts import forecast_chart
from shanxi_analysis.models.forecast import (ETS_MIN_POINTS, LEVELS, MIN_POINTS, SELECT_BELOW, SELECT_P, forecast,
                                             forecastable_series, hindsight)
from shanxi_analysis.report.notebook import setup
from shanxi_analysis.data.observed import list_series

page = setup(as_of_year=as_of_year, lang=lang, plan=plan)
units = list_series().set_index("series_id")["unit"]
results = [forecast(s, as_of=page.as_of, seed=seed, plan=page.plan) for s in forecastable_series(plan=page.plan)]
ready = [r for r in results if r.status == "ok"]
data_year = max((r.last_year for r in ready), default=None)
level, level95 = (f"{x * 100:.0f}" for x in LEVELS)

if data_year is None:
    page.heading("page.forecasts.title", level=1, year=page.as_of)
else:
    page.heading("page.forecasts.title_data", level=1, year=page.as_of, data_year=data_year)
page.para(page.say("page.forecasts.intro", count=len(ready), n=len(results), ready=len(ready), min=MIN_POINTS))
page.para(page.say("page.forecasts.method", ets_min=ETS_MIN_POINTS, below=f"{SELECT_BELOW:.2f}", p=f"{SELECT_P:.2f}", level=level))

# %%
for r in ready:
    page.title(narrative.forecast_title(r, lang))
    page.chart(forecast_chart, r, lang, units.get(r.series_id, ""))  # the stored unit: the chart words it
    page.para(narrative.forecast_summary(r, lang))
    page.table(narrative.backtest_table(r, lang), name=page.say("page.file.backtest"))
    page.table(narrative.forecast_table(r, lang, units.get(r.series_id, "")), name=page.say("page.file.forecast"))

# %%
page.heading("page.forecasts.h_short")
short = [r for r in results if r.status != "ok"]
page.table(narrative.forecast_gaps_table(short, lang))

# %%
page.heading("page.forecasts.h_hindsight", year=hindsight_year)
page.para(page.say("page.forecasts.hindsight_intro"))
rows = pd.concat([hindsight(r.series_id, hindsight_year, page.as_of, seed, plan=page.plan).assign(
                      series=narrative.forecast_title(r, lang), series_id=r.series_id, no=r.target.get("no"))
                  for r in ready]) if ready else pd.DataFrame()
if len(rows):
    vintage = lambda v: narrative.vintage_word(v, lang)
    page.table(narrative.hindsight_table(rows, lang, units.to_dict()))
    inside = int(rows["inside_80"].sum())
    page.bullets([page.say(
        "page.forecasts.hindsight_item", data_year=int(x["data_up_to"]), year=int(x["year"]), forecast=f"{x['forecast']:.2f}",
        level=level, lo=f"{x['lo80']:.2f}", hi=f"{x['hi80']:.2f}", actual=f"{x['actual']:g}", vintage=vintage(x["vintage"]),
        error=f"{x['error']:+.2f}", where=page.say("page.forecasts.inside" if x["inside_80"] else "page.forecasts.outside"))
        for _, x in rows.iterrows()])
    page.para(page.say("page.forecasts.hindsight_summary", n=len(rows), inside=inside, level=level, share=f"{inside / len(rows):.0%}"))
else:
    page.table(pd.DataFrame({page.say("page.col.note"): [page.say("page.forecasts.no_year")]}))

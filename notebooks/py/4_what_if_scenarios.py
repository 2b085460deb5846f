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
# # What-if scenarios / 情景分析
# Pick an indicator, set the assumption for each remaining year with the sliders, or press a
# preset; the chart, the value at the target year and the verdict follow.
# 选择指标,用滑块设定剩余各年的假设,或点击预设情景;图表、目标年份值和判定随之更新。

# %% tags=["parameters"]
# Parameters: edit a value, then Run > Run All Cells (`shanxi run` sets them for the briefings).
as_of_year = None  # 2021 to 2025 (the 14th plan's years with data), or None for the latest
lang = "en"  # "en" or "zh"
scenario = "baseline"  # baseline, optimistic, pessimistic or required
indicator = "1"  # a row of the 14th plan's table, such as "1", "8a" or "12"
interactive = True  # False: no sliders (the briefings are static pages)
plan = None  # a plan id such as "shanxi-14" or "china-14" (`shanxi plans` lists them), or None for the current plan

# %%
from shanxi_analysis.report.charts import scenario_chart
from shanxi_analysis.report.notebook import setup
from shanxi_analysis.report.widgets import scenario_table
from shanxi_analysis.models.scenario import ScenarioModel, open_as_of

page = setup(as_of_year=as_of_year, lang=lang, scenario=scenario, indicator=indicator, plan=plan)
model = ScenarioModel(plan=page.plan, as_of=open_as_of(page.as_of, page.plan))
page.heading("widget.nb.title", level=1, year=model.as_of)
if model.as_of != page.as_of:
    page.para(page.say("widget.whatif_from_open_year", target=model.target_year, as_of=page.as_of, start=model.as_of))

# %%
if interactive:
    from IPython.display import display

    from shanxi_analysis.report.widgets import ScenarioApp

    app = ScenarioApp(model=model, lang=lang, indicator=indicator)
    display(app.widget)

# %%
results = model.run(model.preset(scenario))
page.heading("widget.nb.preset_heading", preset=page.say(f"widget.preset.{scenario}"))
if str(indicator) in set(results.table["no"]):
    page.chart(scenario_chart, results, str(indicator), lang)
page.table(scenario_table(results, model, lang))

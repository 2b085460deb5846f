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

# %%
from shanxi_analysis.report.charts import scenario_chart
from shanxi_analysis.report.notebook import setup
from shanxi_analysis.models.scenario import ScenarioModel, open_as_of

page = setup(as_of_year=as_of_year, lang=lang, scenario=scenario, indicator=indicator)
model = ScenarioModel(plan=14, as_of=open_as_of(page.as_of))
page.heading(f"情景分析(数据截至{model.as_of}年)", f"What would it take? Scenarios as of {model.as_of}", 1)
if model.as_of != page.as_of:
    page.para(page.text(f"规划期至{model.target_year}年结束,截至{page.as_of}年已无待定年份;情景从{model.as_of}年(目标年份前最后一年)起算。",
                        f"The plan period ends in {model.target_year}: as of {page.as_of} no year is left to assume, so the "
                        f"scenarios start from {model.as_of}, the last year before the target year."))

# %%
if interactive:
    from IPython.display import display

    from shanxi_analysis.report.widgets import ScenarioApp

    app = ScenarioApp(model=model, lang=lang, indicator=indicator)
    display(app.widget)

# %%
results = model.run(model.preset(scenario))
page.heading(f"“{scenario}”情景:全部指标", f"Scenario '{scenario}': every indicator")
if str(indicator) in set(results.table["no"]):
    page.figure(scenario_chart(results, str(indicator), lang))
shown = results.table[["no", "name_zh" if lang == "zh" else "name_en", "start_year", "start_value", "value_at_target",
                       "target_text", "met", "gap", "required_step", "step_unit"]]
page.table(shown)

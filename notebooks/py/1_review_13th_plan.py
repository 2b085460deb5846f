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
# # 13th plan review (专栏1)
# Did the 13th Five-Year Plan (2016-2020) deliver? Every row of 专栏1 of the 14th-plan outline,
# judged on the outcome the table prints. All logic is in `shanxi_analysis`; this notebook tells
# the story. Parameters are set by papermill (`shanxi run`).

# %% tags=["parameters"]
# Parameters: edit a value, then Run > Run All Cells (`shanxi run` sets them for the briefings).
as_of_year = None  # not used: the review judges the outcomes printed in 专栏1 (kept for a uniform run)
lang = "en"  # "en" or "zh"

# %%
from shanxi_analysis.report import narrative
from shanxi_analysis.models.assess import Assessment
from shanxi_analysis.report.charts import dumbbell_13th, status_counts_chart
from shanxi_analysis.report.notebook import setup

page = setup(lang=lang)
review = Assessment(plan=13).fit()
page.heading("“十三五”规划主要指标实现情况评估", "Did the 13th plan (2016-2020) deliver?", 1)
page.para(narrative.review_13th_headline(review, lang))

# %%
page.heading("目标与实现情况", "Target versus outcome")
page.figure(dumbbell_13th(review.table, lang))

# %%
page.figure(status_counts_chart(review.table, lang, page.text("按属性统计的评估结果", "Verdicts by attribute")))

# %%
page.heading("地区生产总值:实际增长与名义总量", "GDP: real growth, not nominal levels")
page.para(narrative.gdp_real_vs_nominal(review, lang))

# %%
page.heading("逐项结果", "Every row")
page.table(narrative.status_table(review, lang), styled=True)

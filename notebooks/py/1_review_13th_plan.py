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
plan = None  # a plan id such as "shanxi-14" or "china-14" (`shanxi plans` lists them), or None for the current plan; the page reviews its previous plan

# %%
from shanxi_analysis.report import narrative
from shanxi_analysis.data.plans import get_plan
from shanxi_analysis.models.assess import Assessment
from shanxi_analysis.report.charts import dumbbell_13th, status_counts_chart
from shanxi_analysis.report.notebook import setup

page = setup(lang=lang, plan=plan, review=True)
review = Assessment(plan=page.reviewed).fit()
plan = get_plan(review.plan)
page.heading("page.review.title", level=1, first=plan.base_year + 1, last=plan.target_year)
page.para(narrative.review_13th_headline(review, lang))

# %%
page.heading("page.review.h_target_outcome")
page.chart(dumbbell_13th, review.table, lang)

# %%
page.chart(status_counts_chart, review.table, lang, page.say("page.review.chart_by_attribute"))

# %%
page.heading("page.review.h_gdp")
page.para(narrative.gdp_real_vs_nominal(review, lang))

# %%
from shanxi_analysis.models.context import on_another_basis
from shanxi_analysis.report import context_notes

basis = on_another_basis(review)
if len(basis):
    page.heading("page.review.h_basis")
    page.bullets(context_notes.another_basis_notes(review, basis, lang))

# %%
page.heading("page.review.h_rows")
page.table(narrative.status_table(review, lang), styled=True)

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
# # The 15th plans (2026-2030)
# The national 15th plan (its chapter 3 targets, each traced to its sentence) and Shanxi's 15th plan
# (as reported by the press): each target with its source grade, the 2025 base in the data, the pace
# 2026-2030 needs and the 14th plan period's record. The period has just begun: no outcome is judged.

# %% tags=["parameters"]
# Parameters: edit a value, then Run > Run All Cells (`shanxi run` sets them for the briefings).
as_of_year = 2025  # 2021 to 2025: the as-of year of the run this page belongs to (the 15th plans have no observations yet)
lang = "en"  # "en" or "zh"
plan = None  # the run's plan (checked like every page's); this page shows the plans after it

# %%
from shanxi_analysis.models.outlook import outlook
from shanxi_analysis.report import outlook as words
from shanxi_analysis.report.notebook import setup

page = setup(as_of_year=as_of_year, lang=lang, plan=plan)
page.heading("page.outlook.title", level=1)
plans = words.plans_to_show()

# %%
for plan_id in plans:
    table = outlook(plan_id)
    page.title(words.plan_title(plan_id, lang), level=2)
    page.para(words.intro(table, lang))
    if words.unknown(plan_id, lang):
        page.para(words.unknown(plan_id, lang))
    page.table(words.outlook_table(table, lang), plan=plan_id)
    page.bullets(words.comparisons(table, lang))

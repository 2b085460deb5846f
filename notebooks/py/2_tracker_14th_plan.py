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
# # 14th plan tracker (专栏2)
# Status of all 38 indicators (46 rows with parts) as of `as_of_year`, by two methods, with the
# coverage of the data and a chart per key indicator.

# %% tags=["parameters"]
# Parameters: edit a value, then Run > Run All Cells (`shanxi run` sets them for the briefings).
as_of_year = 2025  # 2021 to 2025 (the 14th plan's years with data), or None for the latest
lang = "en"  # "en" or "zh"
# indicators: None = every indicator with observations, or a list of rows such as ["1", "2", "7"]
indicators = None
plan = None  # a plan id such as "shanxi-14" or "china-14" (`shanxi plans` lists them), or None for the current plan

# %%
from shanxi_analysis.report import narrative
from shanxi_analysis.models.assess import Assessment
from shanxi_analysis.report.charts import progress_grid, status_counts_chart
from shanxi_analysis.report.notebook import setup

page = setup(as_of_year=as_of_year, lang=lang, indicators=indicators, plan=plan)
eurostat = Assessment(plan=page.plan, as_of=page.as_of, method="eurostat").fit()
escap = Assessment(plan=page.plan, as_of=page.as_of, method="escap").fit()
page.heading("page.tracker.title", level=1, year=page.as_of)
if narrative.plan_grade_note(page.plan, lang):  # a plan rebuilt from reports says so
    page.para(narrative.plan_grade_note(page.plan, lang))
page.para(narrative.tracker_conclusion(eurostat, lang))

# %%
page.chart(status_counts_chart, eurostat.table, lang, page.say("page.tracker.chart_by_status"))

# %%
page.heading("page.tracker.h_status")
page.para(page.say("page.tracker.methods"))
table = narrative.status_table(eurostat, lang)
table[page.say("page.col.escap_status")] = [narrative.status_label(s, lang) for s in escap.table["status"]]
page.table(table, styled=True)

# %%
from shanxi_analysis.models.timeline import status_by_year
from shanxi_analysis.report.charts import heatmap_rows, status_heatmap

page.heading("page.tracker.h_timeline")
page.para(page.say("page.tracker.timeline_note"))
statuses = status_by_year(plan=eurostat.plan, method="eurostat", until=page.as_of)
page.chart(status_heatmap, statuses, lang)
page.row_links(heatmap_rows(statuses))  # in the site: each row of the heat map links to its page

# %%
page.heading("page.tracker.h_coverage")
page.table(narrative.coverage_table(eurostat, lang))

# %%
page.heading("page.tracker.h_key")
selected = eurostat.table[eurostat.table["n_obs"].fillna(0) > 0]
if indicators:
    selected = selected[selected["no"].isin([str(i) for i in indicators])]
rows = [row for _, row in selected.iterrows()]
page.chart(progress_grid, rows, [narrative.observed_for(row, page.as_of) for row in rows], page.as_of, lang)
page.bullets([narrative.indicator_note(row, lang) for row in rows])

# %%
from shanxi_analysis.data.plans import get_plan
from shanxi_analysis.models.text_targets import assess_text_targets

if get_plan(page.plan).text_targets_path is not None:  # a plan with a register of its body-text targets
    page.heading("page.tracker.h_text_targets")
    page.para(page.say("page.tracker.text_targets_intro"))
    page.table(narrative.text_targets_table(assess_text_targets(page.as_of, plan=page.plan), lang))

# %%
from shanxi_analysis.models.context import coal_cycle
from shanxi_analysis.report import context_notes

cycle = coal_cycle(page.as_of, plan=page.plan)
if len(cycle.rows):  # a plan with targets that move with coal prices (data/raw/price_sensitive.csv)
    page.heading("page.h_coal")
    page.para(context_notes.coal_cycle_summary(cycle, lang))
    if len(cycle.table):
        page.table(context_notes.coal_cycle_table(cycle, lang))
    page.para(page.say("page.coal.shares"))
    page.bullets(context_notes.price_sensitive_notes(cycle, lang))

# %%
from shanxi_analysis.models.compare import targets_beside_nation
from shanxi_analysis.report import context_tables

pairs = targets_beside_nation(page.as_of, plan=page.plan)  # data/raw/plan_pairs.csv: empty for a nation's plan
if not pairs.empty:
    page.heading("page.h_targets_nation", **context_tables.targets_beside_nation_heading(pairs, lang))
    page.para(context_tables.targets_beside_nation_note(pairs, lang))
    context_tables.show(context_tables.targets_beside_nation_table(pairs, lang), lang)

# %%
from shanxi_analysis.models.compare import national_comparison, vintage_table
from shanxi_analysis.report import context_tables

comparison = national_comparison(page.as_of, plan=page.plan)
if comparison.attrs["nation"]:  # a plan of the nation itself has nothing to compare with
    page.heading("page.h_national")
    page.para(context_tables.comparison_note(comparison, lang))
    context_tables.show(context_tables.national_comparison_table(comparison, lang), lang)

# %%
page.heading("page.h_vintages")
vintages = vintage_table(page.as_of, plan=page.plan)
page.para(context_tables.vintage_summary(vintages, lang))
context_tables.show(context_tables.vintage_table_display(vintages, lang), lang)

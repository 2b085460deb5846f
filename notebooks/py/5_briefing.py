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
# # Briefing
# A short document for readers who never open Python: headline verdicts, key numbers, charts,
# the indicators most off track, and the data caveats. Every number comes from the results.

# %% tags=["parameters"]
# Parameters: edit a value, then Run > Run All Cells (`shanxi run` sets them for the briefings).
as_of_year = 2025  # 2021 to 2025 (the 14th plan's years with data), or None for the latest
lang = "en"  # "en" or "zh"
plan = None  # a plan id such as "shanxi-14" or "china-14" (`shanxi plans` lists them), or None for the current plan

# %%
from shanxi_analysis.report import narrative
from shanxi_analysis.models.assess import Assessment
from shanxi_analysis.report.charts import dumbbell_13th, forecast_chart, progress_chart, status_counts_chart
from shanxi_analysis.models.forecast import forecast, forecastable_series
from shanxi_analysis.report.notebook import setup

page = setup(as_of_year=as_of_year, lang=lang, plan=plan)
review = narrative.previous_review(page.plan)  # the previous plan's printed outcomes, if there are any
tracker = Assessment(plan=page.plan, as_of=page.as_of).fit()
page.heading("page.briefing.title", level=1, year=page.as_of, region=page.region)
if narrative.plan_grade_note(page.plan, lang):  # a plan rebuilt from reports says so
    page.para(narrative.plan_grade_note(page.plan, lang))

# %%
page.heading("page.briefing.h_headlines")
if review is not None:
    page.bullets([narrative.review_13th_headline(review, lang), narrative.tracker_conclusion(tracker, lang),
                  narrative.gdp_real_vs_nominal(review, lang)])
else:
    page.bullets([narrative.tracker_conclusion(tracker, lang)])

# %%
page.chart(status_counts_chart, tracker.table, lang, page.say("page.briefing.chart_by_status", year=page.as_of))

# %%
if review is not None:
    page.chart(dumbbell_13th, review.table, lang)

# %%
key = narrative.headline_row(tracker)  # the plan's first row with a number to reach and data: GDP for Shanxi
if key is not None:
    page.chart(progress_chart, key, narrative.observed_for(key, page.as_of), page.as_of, lang)
    page.para(narrative.indicator_note(key, lang))

# %%
outlooks = [f for f in (forecast(s, as_of=page.as_of, plan=page.plan) for s in forecastable_series(plan=page.plan))
            if f.status == "ok"]
if outlooks:
    page.chart(forecast_chart, outlooks[0], lang, "%")
    page.para(narrative.forecast_summary(outlooks[0], lang))

# %%
page.heading("page.briefing.h_off_track")
page.table(narrative.off_track(tracker, lang))

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
    page.para(context_tables.comparison_note(comparison, lang, with_region_only=True))
    context_tables.show(context_tables.national_comparison_table(comparison, lang, with_region_only=True), lang)

# %%
page.heading("page.h_vintages")
vintages = vintage_table(page.as_of, plan=page.plan)
page.para(context_tables.vintage_summary(vintages, lang))
context_tables.show(context_tables.vintage_table_display(vintages, lang, with_data_only=True), lang)

# %%
page.heading("page.briefing.h_caveats")
page.bullets(narrative.caveats(tracker, lang))

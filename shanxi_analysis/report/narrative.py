"""Narrative for the notebooks and briefings, generated from results (never typed-in numbers).

Every word comes from the catalogue (:mod:`.messages`: ``say`` and the code tables; targets, units
and model names through :mod:`.words`, as on the charts and the command line); the model layer gives
codes and numbers, this module puts them into sentences and tables of one language.
Tables are returned with their numbers already written (sensible decimals, whole counts), so that
every display shows them the same way; each carries its data version for the downloads
(:func:`.downloads.with_data`: numbers as numbers, the year in its own column, units in the
header or a unit column)."""

from __future__ import annotations

import math

import pandas as pd

from ..core.numbers import FIXED, number, percent
from ..models.status import most_off_track, rows_with
from ..models.verdicts import Words, evidence_words, vintage_words
from ..models.verdicts import sentences as verdict_sentences
from .downloads import as_number, as_whole, data_frame, with_data
from .messages import (
    ATTRIBUTE,
    CATALOGUE,
    check_lang,
    midterm_label,
    name,
    pick,
    say,
    status_label,
)
from .notebook import with_rows
from .words import (
    DASH,
    READING,
    SENTENCE,
    figure,
    forecast_target,
    marked,
    model_name,
    pace_unit,
    row_unit,
    target_words,
    unit_words,
    value_with_unit,
    with_unit,
)
from .words import missing as _missing


def _n(x, digits=1) -> str:
    return number(x, FIXED, digits)


def _pace(x, code) -> str:
    """A pace as shown: percentages and points with 2 decimals; a count's pace (units a year, an
    average over years, so a fraction is meaningful) with 1 decimal, none from 100 up."""
    if _missing(x):
        return DASH
    if code == "units_per_year":
        return _n(x, 0 if abs(x) >= 100 else 1)
    return _n(x, 2)


def _years(a, b) -> str:
    a, b = int(a), int(b)
    return f"{a}" if a == b else f"{a}-{b}"


def _list(items, lang: str) -> str:
    return say("page.sep.list", lang).join(items)


def _say_n(key: str, lang: str, n: int, **fields) -> str:
    """``key`` or, for one, ``key.one`` (English singular) when the catalogue has it."""
    one = f"{key}.one"
    return say(one if n == 1 and one in CATALOGUE else key, lang, n=n, **fields)


def _sentences(parts, lang: str) -> str:
    return say("page.sep.sentence", lang).join(p for p in parts if p)


# --- the 13th plan ----------------------------------------------------------------------------


def previous_review(plan):
    """The assessment of ``plan``'s previous plan on the outcomes its table prints (Shanxi's 13th
    for its 14th), or None when there is no such plan (the national 14th plan prints none)."""
    from ..data.plans import get_plan, previous_plan
    from ..models.assess import Assessment

    reviewed = previous_plan(get_plan(plan))
    if reviewed is None or reviewed.assessed_by != "outcomes":
        return None
    return Assessment(plan=reviewed.id).fit()


def headline_row(results):
    """The first row of an assessment with a number to reach and observations (GDP growth for
    Shanxi's 14th plan), for a briefing's key chart; None when no row has both."""
    from ..models.assess import NOT_A_LEVEL_KINDS

    df = results.table
    usable = df[
        df["target_value"].notna()
        & (df["n_obs"].fillna(0) > 0)
        & ~df["target_kind"].isin([*NOT_A_LEVEL_KINDS, "national_assessment"])
    ]
    return None if usable.empty else usable.iloc[0]


def status_mix(statuses, order, lang: str) -> str:
    """Every status of ``statuses`` (codes) counted, in the documented ``order``: '36 achieved,
    5 missed, 1 provisional (thin evidence), 3 not assessable'; the counts add up to every row."""
    counts = pd.Series(list(statuses), dtype=object).value_counts()
    unknown = [s for s in counts.index if s not in order]
    items = [
        say("page.tracker.status_count", lang, n=int(counts[s]), status=status_label(s, lang))
        for s in [*order, *unknown]
        if s in counts.index
    ]
    return _list(items, lang) or say("page.none", lang)


def review_13th_headline(results, lang: str) -> str:
    """Headline sentence of the 13th-plan review: every row counted by its verdict, and the binding
    targets apart; the counts add up to the rows of the table."""
    check_lang(lang)
    df = results.table
    binding = df[df["attribute"] == "binding"]
    missed = df[df["status"] == "missed"]
    names = _list([name(r, lang) for _, r in missed.iterrows()], lang)
    binding_missed = int((binding["status"] == "missed").sum())
    tail = say("page.review.misses_expected" if binding_missed == 0 else "page.review.misses", lang, names=names)
    return say(
        "page.review.headline",
        lang,
        n=len(df),
        mix=status_mix(df["status"], results.statuses, lang),
        binding=len(binding),
        binding_mix=status_mix(binding["status"], results.statuses, lang),
        tail=tail,
    )


def gdp_real_vs_nominal(results, lang: str) -> str:
    """The real-vs-nominal GDP explanation, in words and numbers, from row 1 of the review."""
    from ..models.growth import approx_tolerance

    check_lang(lang)
    r = results.table[results.table["no"] == "1"].iloc[0]
    implied, printed = r.get("implied_level_cagr"), r.get("printed_rate")
    tol = approx_tolerance(r["target_value"], "%")
    return say(
        "page.review.gdp",
        lang,
        target=target_words(r, lang, SENTENCE),
        printed=_n(printed),
        tol=_n(tol),
        floor=_n(r["target_value"] - tol),
        status=status_label(r["status"], lang),
        base=_n(r["base_value"], 2),
        level=_n(r["actual_level_value"], 1),
        unit=row_unit(r, lang),
        implied=_n(implied, 2),
    )


# --- the tracker ------------------------------------------------------------------------------


def tracker_conclusion(results, lang: str) -> str:
    """The tracker's headline for the as-of year, saying what the evidence is: firm verdicts
    (enough recent observations) apart from provisional ones (a single or old observation), then
    what cannot be scored.  Built from the same assessment table as every other page."""
    check_lang(lang)
    df = results.table
    c = results.counts()
    firm = rows_with(df, "firm")
    prov = df[df["status"] == "provisional"]
    binding = df[df["attribute"] == "binding"]
    binding_firm = len(rows_with(binding, "firm"))
    worst = most_off_track(firm)
    parts = []
    if len(firm):
        span = _years(firm["latest_year"].min(), firm["latest_year"].max())
        mix = _list(
            [
                say("page.tracker.status_count", lang, n=n, status=status_label(s, lang))
                for s, n in firm["status"].value_counts().items()
            ],
            lang,
        )
        parts.append(_say_n("page.tracker.firm", lang, len(firm), year=results.as_of, span=span, mix=mix))
    else:
        parts.append(say("page.tracker.no_firm", lang, year=results.as_of))
    if len(prov):
        single = int((prov["n_obs"] == 1).sum())
        favourable = len(rows_with(prov, "favourable", column="lean"))
        key = "page.tracker.provisional_single" if single == len(prov) else "page.tracker.provisional_few"
        parts.append(_say_n(key, lang, len(prov), favourable=favourable))
    if len(worst):
        w = worst.iloc[0]
        unit = _pace_unit(w, lang)
        if w["status"] == "unlikely" and pd.notna(w["remaining_rate"]) and pd.notna(w["history_best"]):
            parts.append(
                say(
                    "page.tracker.worst_unlikely",
                    lang,
                    name=name(w, lang),
                    target=target_words(w, lang, SENTENCE),
                    needed=_pace(w["remaining_rate"], w["rate_unit"]),
                    unit=unit,
                    since=int(w["history_from"]),
                    best=_pace(w["history_best"], w["rate_unit"]),
                    best_year=int(w["history_best_year"]),
                )
            )
        else:
            parts.append(
                say(
                    "page.tracker.worst",
                    lang,
                    name=name(w, lang),
                    target=target_words(w, lang, SENTENCE),
                    status=status_label(w["status"], lang),
                )
            )
    if c.get("pending", 0):
        parts.append(_say_n("page.tracker.pending", lang, int(c["pending"])))
    parts.append(say("page.tracker.binding", lang, firm=binding_firm, n=len(binding)))
    no_data = df[df["status"] == "no_data"]
    parts.append(
        say(
            "page.tracker.unscored",
            lang,
            no_data=len(no_data),
            before=len(_observed_before(no_data, results)),
            not_quantified=int(c["not_quantified"]),
        )
    )
    if c.get("not_scored", 0):
        parts.append(say("page.tracker.not_scored", lang, n=int(c["not_scored"])))
    return _sentences(parts, lang)


def plan_grade_note(plan, lang: str) -> str:
    """What a plan's targets rest on, when it is less than the plan's own text (a table rebuilt
    from reports, or reports alone); empty for a plan read from its outline."""
    from ..data.plans import get_plan

    check_lang(lang)
    grade = get_plan(plan).grade
    key = f"page.plan_grade.{grade}"
    return say(key, lang) if key in CATALOGUE else ""


def _observed_before(rows: pd.DataFrame, results) -> pd.DataFrame:
    """The rows (of ``results``' plan) whose statistic has an observation, but none after the
    plan's base year up to the as-of year: only an earlier one (the vintage table's latest year)."""
    from ..data.plans import get_plan
    from ..models.compare import vintage_table

    base = get_plan(results.plan).base_year
    latest = vintage_table(results.as_of, plan=results.plan).set_index("no")["year"]
    years = latest.reindex(rows["no"])
    return rows[(years.notna() & (years <= base)).to_numpy()]


def status_table(results, lang: str) -> pd.DataFrame:
    """The per-indicator status table for display: headers in the page's language, numbers
    written out (paces with their unit, counts whole), the plan's targets read in the language."""
    check_lang(lang)
    df = results.table
    rows = [r for _, r in df.iterrows()]
    paced = [not (_missing(r["actual_rate"]) and _missing(r["required_rate"])) for r in rows]
    pace_units = [_pace_unit(r, lang) if p else "" for r, p in zip(rows, paced, strict=True)]
    out = pd.DataFrame(
        {
            "no": df["no"],
            "name": [name(r, lang) for r in rows],
            "attr": [pick(ATTRIBUTE[a], lang) if a in ATTRIBUTE else DASH for a in df["attribute"]],
            "target": [target_words(r, lang) for r in rows],
            "latest": [marked(_latest_cell(r, lang), r.get("latest_grade"), lang) for r in rows],
            "actual": [_pace(r["actual_rate"], r["rate_unit"]) for r in rows],
            "required": [_pace(r["required_rate"], r["rate_unit"]) for r in rows],
            "unit": pace_units,
            "ratio": [_n(x, 2) for x in df["ratio"]],
            "evidence": [_evidence_cell(r, lang) for r in rows],
            "status": [status_label(s, lang) for s in df["status"]],
        }
    )
    data = _col(lang, "no", "name", "attr", "target", values=out)
    data |= _value_data(rows, lang)
    data |= {
        _col(lang, "actual"): [as_number(r["actual_rate"]) for r in rows],
        _col(lang, "required"): [as_number(r["required_rate"]) for r in rows],
        _col(lang, "unit"): [u or None for u in pace_units],
        _col(lang, "ratio"): [as_number(x) for x in df["ratio"]],
    }
    if results.method != "outcome":  # a finished plan has outcomes, no mid-term wording
        data |= _evidence_data(rows, lang)
        data[_col(lang, "status")] = list(out["status"])
        # the mid-term wording only where it says more than the status (not "missed (missed)")
        out["midterm"] = [
            midterm_label(r["midterm"], lang) if isinstance(r["midterm"], str) and r["midterm"] != r["status"] else DASH
            for r in rows
        ]
        data[_col(lang, "midterm")] = list(out["midterm"])
    else:  # say what an outcome is: an estimate (预计数), or earlier-year data (*)
        out = out.drop(columns="evidence")
        data[_col(lang, "status")] = list(out["status"])
        out["flag"] = [_outcome_flag(r, lang) for r in rows]
        data[_col(lang, "flag")] = list(out["flag"])
    shown = out.rename(columns={k: say(f"page.col.{k}", lang) for k in out.columns})
    return with_data(shown, data_frame(data))


def _col(lang: str, *keys: str, values=None):
    """The page's header of each column ``key``; with ``values`` (a frame keyed the same way)
    ``{header: values}`` for a table's data version."""
    if values is None:
        (key,) = keys
        return say(f"page.col.{key}", lang)
    return {say(f"page.col.{k}", lang): list(values[k]) for k in keys}


def _file_col(key: str, lang: str, **fields) -> str:
    return say(f"page.file.{key}", lang, **fields)


def _value_data(rows, lang: str) -> dict:
    """The target's and the latest observation's numbers, each with its year and unit: the data
    behind the page's "66.32 (2024)"."""
    return {
        _file_col("target_value", lang): [as_number(r.get("target_value"), count=_is_count(r)) for r in rows],
        _file_col("latest_value", lang): [as_number(r.get("latest_value"), count=_is_count(r)) for r in rows],
        _file_col("latest_year", lang): [as_whole(r.get("latest_year")) for r in rows],
        _file_col("unit", lang): [_value_unit(r, lang) for r in rows],
    }


def _value_unit(r, lang: str) -> str | None:
    """The unit of a row's target and latest value: a growth target's are rates (GDP in 亿元 is
    judged by its growth, % a year), any other's the row's unit."""
    if r.get("target_kind") == "avg_growth":
        return unit_words("%", lang)
    return row_unit(r, lang) or None


def _is_count(r) -> bool:
    """A count of things (enterprises, stations): its values are whole."""
    flag = r.get("discrete")
    return not _missing(flag) and bool(flag)


def _evidence_data(rows, lang: str) -> dict:
    """The data behind the page's "3 observations (2021-2023; preliminary)"."""
    return {
        _file_col("n_obs", lang): [as_whole(r.get("n_obs")) for r in rows],
        _file_col("first_year", lang): [as_whole(r.get("first_year")) for r in rows],
        _file_col("vintages", lang): [_vintage_list(r, lang) for r in rows],
    }


def _vintage_list(r, lang: str) -> str | None:
    vintages = [vintage_word(v.strip(), lang) for v in str(r.get("vintages") or "").split(",") if v.strip()]
    return _list(vintages, lang) if vintages else None


def _pace_unit(row, lang: str) -> str:
    return pace_unit(row, lang)


def _latest_cell(row, lang: str) -> str:
    if _missing(row.get("latest_value")) or _missing(row.get("latest_year")):
        return DASH
    return say("page.value_year", lang, value=figure(row["latest_value"]), year=int(row["latest_year"]))


def vintage_word(code: str, lang: str) -> str:
    return vintage_words(code, lang)


def _evidence_cell(r, lang: str) -> str:
    """How many observations, how old, which vintage: '3 observations (2021-2023; preliminary)'."""
    return evidence_words(r, lang) or DASH


def _outcome_flag(r, lang: str) -> str:
    flags = str(r.get("outcome_flag") or "").split(",")
    out = []
    if "estimate" in flags:
        out.append(say("page.flag.estimate", lang))
    if "earlier_year" in flags and not _missing(r.get("latest_year")):
        out.append(say("page.flag.earlier_year", lang, year=int(r["latest_year"])))
    return say("page.sep.clause", lang).join(out) or DASH


def coverage_table(results, lang: str) -> pd.DataFrame:
    """Indicators that cannot be scored, and why (the statistic named in the page's language)."""
    from ..data.plans import get_plan

    check_lang(lang)
    df = rows_with(results.table, "unscored")
    reasons = []
    for _, r in df.iterrows():  # why: the model's code (models.status.unscored_reason), in words
        if r["unscored"] == "no_observation":
            base = int(r["base_year"]) if not _missing(r["base_year"]) else get_plan(r["plan"]).base_year
            reasons.append(
                say("page.coverage.no_observation", lang, series=_series(r["series_id"], lang, r), year=base)
            )
        else:
            reasons.append(say(f"page.coverage.{r['unscored']}", lang))
    return pd.DataFrame(
        {
            say("page.col.no", lang): df["no"],
            say("page.col.name", lang): [name(r, lang) for _, r in df.iterrows()],
            say("page.col.why", lang): reasons,
        }
    )


def _series(series_id: str, lang: str, plan_row=None) -> str:
    from .context_tables import series_name

    return series_name(series_id, lang, plan_row)


def off_track(results, lang: str, n: int = 5) -> pd.DataFrame:
    """The indicators most off track, with the pace they now require."""
    check_lang(lang)
    df = most_off_track(results.table).head(n)
    rows = [r for _, r in df.iterrows()]
    out = pd.DataFrame(
        {
            "name": [name(r, lang) for r in rows],
            "target": [target_words(r, lang) for r in rows],
            "actual": [_pace(r["actual_rate"], r["rate_unit"]) for r in rows],
            "now_required": [_pace(r["remaining_rate"], r["rate_unit"]) for r in rows],
            "unit": [_pace_unit(r, lang) for r in rows],
            "status": [status_label(s, lang) for s in df["status"]],
        }
    )
    data = _col(lang, "name", "target", values=out)
    data[_file_col("target_value", lang)] = [as_number(r["target_value"]) for r in rows]
    data |= {
        _col(lang, "actual"): [as_number(r["actual_rate"]) for r in rows],
        _col(lang, "now_required"): [as_number(r["remaining_rate"]) for r in rows],
    }
    data |= _col(lang, "unit", "status", values=out)
    shown = out.rename(columns={k: say(f"page.col.{k}", lang) for k in out.columns})
    return with_rows(with_data(shown, data_frame(data)), [r["no"] for r in rows])


def caveats(results, lang: str) -> list[str]:
    """Data caveats computed from what the assessment used."""
    from ..data.observed import load_observed
    from ..data.plans import get_plan, load_targets

    check_lang(lang)
    df = results.table
    plan = get_plan(results.plan)
    printed_table = plan.table  # an outcome plan's "series" is its printed table
    used = [s for s in df["series_id"].dropna().unique().tolist() if s and s != printed_table]
    obs = (
        load_observed(used or None, region=plan.region, vintage="latest", as_of=results.as_of)
        if used
        else pd.DataFrame()
    )
    prelim = int((obs["vintage"] == "preliminary").sum()) if len(obs) else 0
    revised = int((obs["vintage"] == "revised").sum()) if len(obs) else 0
    conflicts = sorted(obs.loc[obs["conflict"], "series_id"].unique()) if len(obs) else []
    targets = load_targets(results.plan)
    estimates = int(targets["base_is_estimate"].sum())
    no_data_rows = df[df["status"] == "no_data"]
    no_data, before = len(no_data_rows), len(_observed_before(no_data_rows, results))
    marked = targets[targets["base_text"].str.contains(r"\*", regex=True)]
    items = [
        say("page.caveat.no_data", lang, n=no_data, before=before),
        say("page.caveat.vintages", lang, preliminary=prelim, revised=revised),
        say(
            "page.caveat.base_estimates",
            lang,
            estimates=estimates,
            marked=len(marked),
            base_year=plan.base_year,
            markers=say("page.sep.or", lang).join(
                say("page.caveat.marker", lang, year=y, mark=m) for m, y in plan.marker_years
            ),
        ),
        say("page.caveat.forest", lang),
    ]
    if conflicts:
        items.append(say("page.caveat.conflicts", lang, series=_list([_series(s, lang) for s in conflicts], lang)))
    return items


def observed_for(row, as_of: int) -> pd.DataFrame:
    """The annual observations of an assessed indicator after its base year, up to ``as_of``
    (for a growth target, the annual rates, even when the verdict used a published average)."""
    from ..data.links import load_links
    from ..data.observed import load_observed
    from ..data.plans import get_plan

    plan = get_plan(row["plan"])
    links = load_links(plan)
    annual = links[(links["no"] == row["no"]) & (links["role"] == "annual")]["series_id"].tolist()
    if not annual:
        return pd.DataFrame(columns=["year", "value"])
    obs = load_observed(annual[0], region=plan.region, as_of=as_of)
    plan_base = plan.base_year
    # growth rates count from the plan's first year; levels from the (possibly earlier) base year
    base = plan_base if row["target_kind"] == "avg_growth" or pd.isna(row["base_year"]) else int(row["base_year"])
    return obs[obs["year"] > base]


class PageWords(Words):
    """How the pages write a verdict's sentences (models.verdicts): the target read in the page's
    language, values with their units, paces and ratios as the tables show them."""

    def target(self, row, lang: str) -> str:
        return target_words(row, lang, SENTENCE)

    def value(self, x, row, lang: str) -> str:
        return value_with_unit(x, row, lang)

    def pace(self, x, code) -> str:
        return _pace(x, code)

    def ratio(self, x, digits: int) -> str:
        return _n(x, digits)

    def pace_unit(self, row, lang: str, code=None) -> str:
        return pace_unit(row, lang, code)

    def series(self, series_id, lang: str, row=None) -> str:
        return _series(series_id, lang, row)


PAGE_WORDS = PageWords()


def indicator_note(row, lang: str) -> str:
    """The arithmetic behind one verdict, in sentences of the page's language (the verdict's
    sentences of :mod:`..models.verdicts`, without the explanation's extra arithmetic): what was
    observed, the paces, whether the needed pace was ever reached, the verdict, the evidence, and
    why a verdict waits."""
    return verdict_sentences(row, lang, PAGE_WORDS, full=False)


# --- forecasts --------------------------------------------------------------------------------


def forecast_title(res, lang: str) -> str:
    """The indicator a forecast is for, in the page's language (the series' name without a
    linked indicator)."""
    return res.target.get(f"name_{check_lang(lang)}") or _series(res.series_id, lang)


def forecast_gaps_table(results, lang: str) -> pd.DataFrame:
    """The series not forecast (``results``: their forecasts), each named with why; a series that
    measures a plan row carries it (the site links its name)."""
    shown = pd.DataFrame(
        {
            say("page.col.name", lang): [forecast_title(r, lang) for r in results],
            say("page.col.why", lang): [forecast_gap(r, lang) for r in results],
        }
    )
    return with_rows(shown, [r.target.get("no") for r in results])


def forecast_gap(res, lang: str) -> str:
    """Why a series is not forecast, without its name."""
    from ..models.forecast import MIN_POINTS

    if res.status == "target_observed":
        return say("page.forecast.target_observed", lang, year=res.target.get("year"), last=res.last_year)
    since = say("page.forecast.since_break", lang, year=res.basis_break) if res.basis_break else ""
    key = "page.forecast.no_points" if not res.points else "page.forecast.too_few"
    return _say_n(key, lang, int(res.points), since=since, need=MIN_POINTS)


def forecast_summary(res, lang: str) -> str:
    """A forecast in words: the last data year, whether a model beats the naive forecast, the
    forecast with its band (and the coverage that band achieved in the backtest), the rate the
    target would need and the probability of meeting it.  Each language entirely its own."""
    from ..models.forecast import LEVELS, SELECT_BELOW, SELECT_P

    check_lang(lang)
    level = number(LEVELS[0] * 100, FIXED, 0)
    title = forecast_title(res, lang)
    if res.status != "ok":
        return say("page.forecast.title_gap", lang, title=title, why=forecast_gap(res, lang))
    text = say("page.forecast.head", lang, title=title, year=res.last_year)
    if res.selection == "chosen":
        text += say(
            "page.forecast.chosen",
            lang,
            model=model_name(res.model, lang),
            mase=_n(res.mase(), 2),
            n=res.n_errors,
            p=_n(res.best_rival()[2], 2),
        )
    else:
        rival, score, p = res.best_rival()
        best = (
            say("page.forecast.best_rival", lang, model=model_name(rival, lang), mase=_n(score, 2), p=_n(p, 2))
            if rival
            else ""
        )
        text += say(
            "page.forecast.naive", lang, below=_n(SELECT_BELOW, 2), p=_n(SELECT_P, 2), n=res.n_errors, best=best
        )
    first, last = res.forecast.iloc[0], res.forecast.iloc[-1]
    text += say(
        "page.forecast.first",
        lang,
        year=int(first["year"]),
        mean=_n(first["mean"], 2),
        lo=_n(first["lo80"], 2),
        level=level,
        hi=_n(first["hi80"], 2),
    )
    if len(res.forecast) > 1:
        text += say(
            "page.forecast.last",
            lang,
            year=int(last["year"]),
            mean=_n(last["mean"], 2),
            lo=_n(last["lo80"], 2),
            hi=_n(last["hi80"], 2),
        )
    text += say("page.forecast.bands", lang)
    if res.coverage_checks:
        hits = round(res.coverage80_backtest * res.coverage_checks)
        lo, hi = res.coverage_range()
        verdict = say(
            "page.forecast.consistent" if lo <= LEVELS[0] <= hi else "page.forecast.inconsistent", lang, level=level
        )
        text += say(
            "page.forecast.coverage",
            lang,
            checks=res.coverage_checks,
            hits=hits,
            share=percent(res.coverage80_backtest),
            verdict=verdict,
            level=level,
        )
    if res.rough:
        text += say("page.forecast.rough", lang, n=res.n_errors)
    text += say("page.sep.end", lang)
    need = res.needed
    target = target_words(forecast_target(res.target), lang, SENTENCE)
    if need:
        one_year = need["first_year"] == need["last_year"]
        span = str(need["first_year"]) if one_year else f"{need['first_year']}-{need['last_year']}"
        if need["kind"] == "avg_growth":
            text += say(
                "page.forecast.need_growth_one" if one_year else "page.forecast.need_growth",
                lang,
                target=target,
                first=res.target["base_year"] + 1,
                last=res.target["year"],
                span=span,
                value=_n(need["value"], 2),
            )
        else:
            text += say(
                "page.forecast.need_level",
                lang,
                target=target,
                year=need["last_year"],
                value=with_unit(f"{need['value']:g}", unit_words(need["unit"], lang), lang),
            )
        if math.isfinite(res.prob_meet):
            text += say("page.forecast.probability", lang, p=percent(res.prob_meet))
        text += say("page.sep.end", lang)
    elif math.isfinite(res.prob_meet):
        text += say("page.forecast.probability_alone", lang, target=target, p=percent(res.prob_meet))
    return text + _forecast_decided(res, target, lang)


def _forecast_decided(res, target: str, lang: str) -> str:
    """The tracker's state beside a forecast (one assessment state): a decided target, and what a
    published period average implies for the years the annual rates lack."""
    text = ""
    if getattr(res, "decided", ""):
        text += say("page.forecast.decided", lang, target=target, status=status_label(res.decided, lang))
    implied = getattr(res, "implied", {}) or {}
    if implied:
        first, last = implied["first_year"], implied["last_year"]
        text += say(
            "page.forecast.implied",
            lang,
            span=str(first) if first == last else f"{first}-{last}",
            value=_n(implied["value"], 1),
            low=_n(implied["low"], 1),
            high=_n(implied["high"], 1),
        )
    return text


def _levels() -> tuple[str, str]:
    from ..models.forecast import LEVELS

    return tuple(f"{x * 100:.0f}" for x in LEVELS)


def _with_unit(header: str, unit: str, lang: str) -> str:
    """A header with its unit, for a file ("forecast (%)"); the header alone without a unit."""
    return say("page.file.with_unit", lang, header=header, unit=unit) if unit else header


def _band(lo, hi, lang: str) -> str:
    return say("page.band", lang, lo=f"{lo:.2f}", hi=f"{hi:.2f}")


def backtest_table(res, lang: str) -> pd.DataFrame:
    """A forecast's backtest, one row per model: its numbers as they are (the page prints two
    decimals), the model in words."""
    level = _levels()[0]
    columns = ("model", "n_origins", "mae", "mase", "p_vs_naive", "coverage80", "n_checked")
    bt = res.backtest.assign(model=[model_name(m, lang) for m in res.backtest["model"]])
    return bt[list(columns)].rename(columns={c: say(f"page.col.{c}", lang, level=level) for c in columns}).round(2)


def forecast_table(res, lang: str, unit: str = "") -> pd.DataFrame:
    """A forecast's years: the point forecast and its bands written out, with the data version
    (each band's ends in columns of their own, the series' unit (as stored) in the headers)."""
    level, level95 = _levels()
    f = res.forecast
    col = {
        "year": say("page.col.year", lang),
        "steps": say("page.col.steps", lang),
        "forecast": say("page.col.forecast", lang),
        "band80": say("page.col.band", lang, level=level),
        "band95": say("page.col.band", lang, level=level95),
    }
    shown = pd.DataFrame(
        {
            col["year"]: f["year"],
            col["steps"]: f["h"],
            col["forecast"]: f["mean"].map("{:.2f}".format),
            col["band80"]: [_band(lo, hi, lang) for lo, hi in zip(f["lo80"], f["hi80"], strict=True)],
            col["band95"]: [_band(lo, hi, lang) for lo, hi in zip(f["lo95"], f["hi95"], strict=True)],
        }
    )
    words = unit_words(unit, lang)
    data = {
        col["year"]: [as_whole(y) for y in f["year"]],
        col["steps"]: [as_whole(h) for h in f["h"]],
        _with_unit(col["forecast"], words, lang): [as_number(x) for x in f["mean"]],
    }
    for lv, lo, hi in ((level, "lo80", "hi80"), (level95, "lo95", "hi95")):
        data[_with_unit(say("page.file.band_low", lang, level=lv), words, lang)] = [as_number(x) for x in f[lo]]
        data[_with_unit(say("page.file.band_high", lang, level=lv), words, lang)] = [as_number(x) for x in f[hi]]
    return with_data(shown, data_frame(data))


def hindsight_table(rows: pd.DataFrame, lang: str, units: dict | None = None) -> pd.DataFrame:
    """What the method would have forecast with earlier data, against what is known now (``rows``:
    :func:`..models.forecast.hindsight` frames with a ``series`` title, ``series_id`` and the plan
    row ``no`` the series measures, if any: the site links its name), with the
    data version (the band's ends, the value known now and its vintage apart; a unit column)."""
    level = _levels()[0]
    keys = ("name", "data_up_to", "year_forecast", "steps", "reported_model", "forecast_then")
    col = {k: say(f"page.col.{k}", lang) for k in keys}
    col |= {
        "band": say("page.col.band", lang, level=level),
        "known_now": say("page.col.known_now", lang),
        "inside": say("page.col.inside_band", lang, level=level),
    }
    reported = [
        model_name("naive_unbeaten" if sel == "no_model_beats_naive" else m, lang)
        for m, sel in zip(rows["model"], rows["selection"], strict=True)
    ]
    shown = pd.DataFrame(
        {
            col["name"]: rows["series"],
            col["data_up_to"]: rows["data_up_to"],
            col["year_forecast"]: rows["year"],
            col["steps"]: rows["h"],
            col["reported_model"]: reported,
            col["forecast_then"]: rows["forecast"].map("{:.2f}".format),
            col["band"]: [_band(lo, hi, lang) for lo, hi in zip(rows["lo80"], rows["hi80"], strict=True)],
            col["known_now"]: [
                marked(say("page.value_vintage", lang, value=f"{a:g}", vintage=vintage_word(v, lang)), g, lang)
                for a, v, g in zip(rows["actual"], rows["vintage"], _grades(rows), strict=True)
            ],
            col["inside"]: list(rows["inside_80"].astype(bool)),
        }
    )
    units = units or {}
    yes_no = {True: say("page.yes", lang), False: say("page.no", lang)}
    data = {
        col["name"]: list(rows["series"]),
        say("page.file.unit", lang): [unit_words(units.get(sid, ""), lang) or None for sid in rows["series_id"]],
        col["data_up_to"]: [as_whole(y) for y in rows["data_up_to"]],
        col["year_forecast"]: [as_whole(y) for y in rows["year"]],
        col["steps"]: [as_whole(h) for h in rows["h"]],
        col["reported_model"]: reported,
        col["forecast_then"]: [as_number(x) for x in rows["forecast"]],
        say("page.file.band_low", lang, level=level): [as_number(x) for x in rows["lo80"]],
        say("page.file.band_high", lang, level=level): [as_number(x) for x in rows["hi80"]],
        col["known_now"]: [as_number(x) for x in rows["actual"]],
        say("page.file.vintage", lang): [vintage_word(v, lang) for v in rows["vintage"]],
        col["inside"]: [yes_no[bool(x)] for x in rows["inside_80"]],
    }
    nos = rows["no"] if "no" in rows else [None] * len(rows)  # the plan row each series measures
    return with_rows(with_data(shown, data_frame(data)), list(nos))


def _grades(rows: pd.DataFrame) -> list:
    """Each row's source grade (frames made before grades were carried have none)."""
    return list(rows["source_grade"]) if "source_grade" in rows else [None] * len(rows)


# --- body-text targets ------------------------------------------------------------------------


def text_targets_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Body-text targets linked to a series (``models.text_targets``), for display: the verdict
    from the same engine as the indicator table, and proxies in a separate column, never as a
    verdict.  The plan's phrase is quoted as printed; the target it sets is read in the page's
    language beside it."""
    check_lang(lang)
    linked = df[(df["status"] != "no_data") | (df["context"].fillna("") != "") | df["latest_value"].notna()]
    context = _context_points(linked)
    rows = [r for _, r in linked.iterrows()]
    out = pd.DataFrame(
        {
            "id": linked["no"],
            "target_name": [name(r, lang) for r in rows],
            "as_printed": [say("page.quote", lang, text=p) for p in linked["phrase"]],
            "reading": [target_words(r, lang, READING) for r in rows],
            "latest": [_latest_cell(r, lang) for r in rows],
            "evidence": [_evidence_cell(r, lang) for r in rows],
            "status": [status_label(s, lang) for s in linked["status"]],
            "context": [_context_cell(context.get(r["no"], []), lang) for r in rows],
        }
    )
    data = _col(lang, "id", "target_name", values=out)
    data[_col(lang, "as_printed")] = list(linked["phrase"])  # as printed, without the page's quotation marks
    data |= _col(lang, "reading", values=out)
    data |= _value_data(rows, lang)
    data |= _evidence_data(rows, lang)
    data |= _col(lang, "status", "context", values=out)
    shown = out.rename(columns={k: say(f"page.col.{k}", lang) for k in out.columns}).reset_index(drop=True)
    return with_data(shown, data_frame(data))


def _context_points(df: pd.DataFrame) -> dict[str, list[tuple]]:
    """For each register entry, its context series' latest observation up to the as-of year
    (series, value, unit, year; value None when there is none): the numbers of the model's
    ``context`` column, kept as numbers so that the page can write them in its language."""
    if df.empty:
        return {}
    from ..data.links import load_text_target_links
    from ..data.observed import list_series, load_observed
    from ..data.plans import get_plan

    as_of = int(df["as_of"].iloc[0])
    plan = get_plan(df["plan"].iloc[0])
    links = load_text_target_links(plan)
    links = links[(links["role"] == "context") & links["id"].isin(df["no"])]
    if links.empty:
        return {}
    units = list_series().set_index("series_id")["unit"]
    obs = load_observed(list(dict.fromkeys(links["series_id"])), region=plan.region, vintage="latest", as_of=as_of)
    latest = obs.sort_values("year").groupby("series_id").tail(1).set_index("series_id")
    out: dict[str, list[tuple]] = {}
    for _, link in links.iterrows():
        sid = link["series_id"]
        hit = latest.loc[sid] if sid in latest.index else None
        out.setdefault(link["id"], []).append(
            (
                sid,
                None if hit is None else float(hit["value"]),
                units.get(sid, ""),
                None if hit is None else int(hit["year"]),
                as_of,
            )
        )
    return out


def _context_cell(points: list[tuple], lang: str) -> str:
    """'规上原煤产量: 13.05亿吨(2025年)' / 'Raw coal output: 13.05 100 million tonnes (2025)'."""
    if not points:
        return DASH
    cells = []
    for sid, value, unit, year, as_of in points:
        label = _series(sid, lang)
        if value is None:
            cells.append(say("page.context.none", lang, series=label, year=as_of))
        else:
            cells.append(
                say(
                    "page.context.point",
                    lang,
                    series=label,
                    year=year,
                    value=with_unit(figure(value), unit_words(unit, lang), lang),
                )
            )
    return say("page.sep.clause", lang).join(cells)


__all__ = [
    "backtest_table",
    "caveats",
    "coverage_table",
    "forecast_gap",
    "forecast_gaps_table",
    "forecast_summary",
    "forecast_table",
    "forecast_title",
    "gdp_real_vs_nominal",
    "hindsight_table",
    "indicator_note",
    "model_name",
    "observed_for",
    "off_track",
    "review_13th_headline",
    "status_label",
    "status_table",
    "target_words",
    "text_targets_table",
    "tracker_conclusion",
    "unit_words",
    "value_with_unit",
    "vintage_word",
]

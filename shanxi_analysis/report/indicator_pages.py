"""One page per indicator, in each language: its history against the target and the required path
(an inline SVG, :mod:`.svg_chart`), the verdict as of the pages' year and in each as-of year under
both methods, the evidence and its sources, the region beside the nation, the forecast where the
run made one, and what data would settle it.  Also one list page per plan.

The facts are :class:`..models.dossier.Dossier`'s (codes and numbers from the models); this module
words them with the catalogue (``indicator.*`` and the words the tables use) and hands plain
values to the site's Jinja template (``indicator.html.j2``), which escapes every one of them;
markup built here (the chart, a citation) is escaped piece by piece before it is marked safe.

Files, under the site's ``html/`` folder: ``indicators/<plan>.<no>.<lang>.html`` and the list
``indicators/<plan>.<lang>.html`` (:func:`indicator_href`: the address a table row links to)."""

from __future__ import annotations

import functools

import pandas as pd

from ..core.numbers import DASH
from .messages import ATTRIBUTE, name, pick, say, status_label
from .site_links import FOLDER, indicator_file, indicator_href, list_file  # noqa: F401  (this module's names)
from .words import figure, marked, row_unit, target_words, unit_words, value_with_unit
from .words import missing as _missing

# ---------------------------------------------------------------------------------------------
# The chart


def chart_data(row, history: pd.DataFrame, as_of: int | None):
    """The chart's numbers on the verdict's basis: an average-growth target's annual rates (bars),
    the target average and the rate the remaining years need; a level's observed path, the target
    and the straight required path from where the verdict measures its pace (the base, or the
    first value after a basis break).  None when there is nothing to draw."""
    from .svg_chart import Series

    target = None if _missing(row.get("target_value")) else float(row["target_value"])
    observed = tuple((int(y), float(v)) for y, v in zip(history["year"], history["value"], strict=True))
    target_year = None if _missing(row.get("target_year")) else int(row["target_year"])
    if target_year is None or (target is None and not observed):
        return None
    growth = row.get("target_kind") == "avg_growth"
    base_year = None if _missing(row.get("base_year")) else int(row["base_year"])
    first = min([target_year - 5] + [y for y, _ in observed] + ([base_year] if base_year and not growth else []))
    required: tuple = ()
    base = None
    if growth:
        if not _missing(row.get("remaining_rate")) and not _missing(row.get("latest_year")):
            years = range(int(row["latest_year"]) + 1, target_year + 1)
            required = tuple((y, float(row["remaining_rate"])) for y in years)
    elif base_year is not None and not _missing(row.get("base_value")) and target is not None:
        base = (base_year, float(row["base_value"]))
        start_year, start = row.get("pace_base_year"), row.get("pace_base_value")
        if _missing(start_year) or _missing(start):
            start_year, start = base_year, row["base_value"]
        required = ((int(start_year), float(start)), (target_year, target))
    if row.get("target_kind") in ("relative_growth", "cumulative", "level_increase"):
        target, required = None, ()  # not a value of the row's own series: not drawn against it
    return Series(observed, (first, target_year), target, required, growth, as_of, base)


def _chart(row, history: pd.DataFrame, as_of: int | None, lang: str) -> dict:
    """The chart (markup, escaped inside) and the sentences under it."""
    from markupsafe import Markup

    from .svg_chart import Labels, history_svg

    data = chart_data(row, history, as_of)
    if data is None or not data.observed:  # a target line over an empty plot shows nothing
        return {"svg": "", "notes": [say("indicator.chart.no_chart", lang)]}
    growth = data.bars
    unit = unit_words("%", lang) if growth else row_unit(row, lang)
    labels = Labels(
        title=say("indicator.chart.title", lang, name=name(row, lang)),
        x_axis=say("indicator.chart.year", lang),
        y_axis=unit or DASH,
        observed=say("indicator.chart.observed_rates" if growth else "indicator.chart.observed", lang),
        target=say("indicator.chart.target", lang, value=target_words(row, lang)) if data.target is not None else "",
        required=say("indicator.chart.required_rate" if growth else "indicator.chart.required", lang),
        as_of=say("indicator.chart.as_of", lang, year=as_of) if as_of is not None else "",
    )
    notes = []
    if data.required and growth:
        notes.append(say("indicator.chart.basis_rate", lang, first=data.required[0][0], last=data.required[-1][0]))
    elif data.required:
        year, value = data.required[0]
        notes.append(say("indicator.chart.basis", lang, year=year, value=value_with_unit(value, row, lang)))
    seen = {y for y, _ in data.observed}
    start = data.observed[0][0] if data.observed else None
    last = min(as_of, data.years[1]) if as_of is not None else None
    missing = [y for y in range(start, last + 1) if y not in seen] if start is not None and last is not None else []
    if missing:
        notes.append(
            say("indicator.chart.missing_years", lang, years=say("page.sep.list", lang).join(map(str, missing)))
        )
    return {"svg": Markup(history_svg(data, labels)), "notes": notes}


# ---------------------------------------------------------------------------------------------
# The page's sections, in words


def _facts(row, plan_title: str, lang: str) -> list[dict]:
    attr = row.get("attribute")
    facts = [
        (say("indicator.fact.plan", lang), plan_title),
        (say("indicator.fact.target", lang), target_words(row, lang)),
        (say("indicator.fact.attribute", lang), pick(ATTRIBUTE[attr], lang) if attr in ATTRIBUTE else DASH),
        (say("indicator.fact.unit", lang), row_unit(row, lang) or DASH),
    ]
    if not _missing(row.get("base_value")) and not _missing(row.get("base_year")):
        value = say(
            "indicator.value_year",
            lang,
            value=value_with_unit(row["base_value"], row, lang),
            year=int(row["base_year"]),
        )
        facts.insert(2, (say("indicator.fact.base", lang), value))
    return [{"term": t, "value": v} for t, v in facts]


def _timeline(dossier, no: str, lang: str) -> list[dict]:
    from ..models.assess import METHODS

    rows = dossier.of("timeline", no)
    return [
        {
            "year": int(r["year"]),
            "statuses": [status_label(r[m], lang) if isinstance(r[m], str) else DASH for m in METHODS],
        }
        for _, r in rows.iterrows()
    ]


def _history_rows(history: pd.DataFrame, row, lang: str) -> list[dict]:
    from markupsafe import Markup

    from .context_tables import source_cell
    from .narrative import vintage_word

    return [
        {
            "year": int(h["year"]),
            "value": marked(figure(h["value"]), h["source_grade"], lang),
            "vintage": vintage_word(str(h["vintage"]), lang) if isinstance(h["vintage"], str) else DASH,
            "source": Markup(source_cell(h["source_title"], h["source_url"], lang, h["source_grade"], h["year"])),
        }
        for _, h in history.iterrows()
    ]


def _comparison(dossier, no: str, lang: str) -> list[dict]:
    from ..data.regions import region_name
    from .context_tables import _gap_text, series_name, unit_label

    out = []
    for _, r in dossier.of("comparison", no).iterrows():
        names = {role: region_name(r[role], lang) for role in ("region", "nation")}
        unit = unit_label(r["unit"], lang)

        def side(role: str, r=r, unit=unit) -> str:
            value, year = r[f"value_{role}"], r[f"year_{role}"]
            if _missing(value) or _missing(year):
                return DASH
            shown = f"{figure(value)} {unit}".strip()
            grade = r[f"source_grade_{role}"]  # a weak source's value is marked beside it
            return marked(say("indicator.value_year", lang, value=shown, year=int(year)), grade, lang)

        out.append(
            {
                "statistic": series_name(r["series_id"], lang),
                "region": side("region"),
                "nation": side("nation"),
                "gap": _gap_text(r, lang, unit, names),
                "names": names,
            }
        )
    return out


def _settle(dossier, row, lang: str) -> list[str]:
    """What data would settle the row (the final evaluation's closing, else the target year)."""
    from ..models.status import has

    if dossier.as_of is None:
        if dossier.observed:
            return [say("indicator.outcome_final", lang)]
        return [say("indicator.settle_outlook", lang, year=int(row["target_year"]))]
    if has(row["status"], "outcome"):
        return [say("indicator.settled", lang, year=dossier.as_of)]
    closing = dossier.of("closing", row["no"])
    if len(closing):
        c = closing.iloc[0]
        if not c["series_id"]:
            return [say("indicator.settle_no_series", lang)]
        from .context_tables import series_name, unit_label

        years = say("page.sep.list", lang).join(map(str, c["years"])) or DASH
        publication = pick((c["publication_zh"], c["publication_en"]), lang) or DASH
        return [
            say(
                "indicator.settle_by",
                lang,
                series=series_name(c["series_id"], lang, row),
                years=years,
                unit=unit_label(c["unit"], lang) or DASH,
                publication=publication,
            )
        ]
    if dossier.as_of < int(row["target_year"]):
        return [say("indicator.settle_later", lang, year=int(row["target_year"]), as_of=dossier.as_of)]
    return [say("indicator.settled", lang, year=dossier.as_of)]


def _outlook(dossier, no: str, lang: str) -> list[dict]:
    from . import outlook as words

    rows = dossier.of("outlook", no)
    out = []
    for _, r in rows.iterrows():
        out += [
            {"term": say("indicator.fact.base", lang), "value": words.base_words(r, lang)},
            {"term": say("indicator.fact.need", lang), "value": words.need_words(r, lang)},
            {"term": say("indicator.fact.record", lang), "value": words.record_words(r, lang)},
        ]
    return out


def page_values(dossier, no: str, lang: str, forecast=None) -> dict:
    """Everything the template shows for row ``no`` of ``dossier`` in ``lang`` (plain text, and
    markup already escaped)."""
    from ..models.assess import METHODS
    from ..models.verdicts import evidence_words
    from .messages import midterm_label
    from .narrative import PAGE_WORDS, forecast_summary
    from .narrative import verdict_sentences as _sentences

    row = dossier.row(no)
    p = _plan(dossier.plan)
    plan_title = pick((p.title_zh, p.title_en), lang)
    history = dossier.of("history", no)
    verdict = {}
    if dossier.observed:
        statuses = []
        timeline = dossier.of("timeline", no)
        now = timeline[timeline["year"] == dossier.as_of] if dossier.as_of is not None else timeline.iloc[0:0]
        for m in METHODS if dossier.as_of is not None else ():
            code = now.iloc[0][m] if len(now) else (row["status"] if m == METHODS[0] else None)
            if isinstance(code, str):
                statuses.append(
                    say(
                        "indicator.status_now",
                        lang,
                        method=say(f"cli.method.{m}", lang),
                        status=status_label(code, lang),
                    )
                )
        if dossier.as_of is None:
            statuses.append(status_label(row["status"], lang))
        midterm = row.get("midterm")
        verdict = {
            "statuses": statuses,
            "midterm": say("indicator.midterm", lang, word=midterm_label(midterm, lang))
            if isinstance(midterm, str) and midterm != row["status"] and dossier.as_of is not None
            else "",
            "sentences": _sentences(row, lang, PAGE_WORDS, full=False),
            # a plan judged on its printed outcomes: the outline is the evidence
            "evidence": evidence_words(row, lang) if dossier.as_of is not None else say("source_plan", lang),
        }
    return {
        "no": str(no),
        "name": name(row, lang),
        "plan_title": plan_title,
        "as_of": dossier.as_of,
        "observed": dossier.observed,
        "not_observed": ""
        if dossier.observed
        else say("indicator.not_observed", lang, first=p.base_year + 1, last=p.target_year),
        "facts": _facts(row, plan_title, lang),
        "chart": _chart(row, history, dossier.as_of, lang) if dossier.as_of is not None else None,
        "verdict": verdict,
        "timeline": _timeline(dossier, no, lang),
        "methods": [say(f"cli.method.{m}", lang) for m in METHODS],
        "history": _history_rows(history, row, lang),
        "history_note": _history_note(dossier, row, history, lang),
        "comparison": _comparison(dossier, no, lang),
        "nation_plan": _is_nation(p),
        "forecast": forecast_summary(forecast, lang) if forecast is not None else "",
        "settle": _settle(dossier, row, lang),
        "outlook": _outlook(dossier, no, lang),
    }


def _history_note(dossier, row, history: pd.DataFrame, lang: str) -> str:
    """Why the evidence lists no observation ('' when it lists some, or for printed outcomes)."""
    if len(history) or (dossier.as_of is None and dossier.observed):
        return ""
    linked = isinstance(row.get("series_id"), str) and bool(row.get("series_id"))
    return say("indicator.no_history" if linked else "indicator.no_series", lang)


@functools.lru_cache(maxsize=16)
def _plan(plan_id: str):
    """The plan's registry entry, read once per page set (the registry is checked on each read)."""
    from ..data.plans import get_plan

    return get_plan(plan_id)


@functools.lru_cache(maxsize=16)
def _is_nation(p) -> bool:
    from ..data.regions import load_regions

    region = load_regions().get(p.region)
    return region is not None and not region.nation

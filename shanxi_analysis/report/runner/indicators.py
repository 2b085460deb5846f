"""The indicator pages of the site (:mod:`..indicator_pages`): for every plan with indicator rows,
one page per row and language and one list page per language, in ``html/indicators/``, with the
same header bar, language switch and footer as the notebook pages (previous / next: the plan's
rows in order; contents: the index).  Written by ``shanxi run`` in its own process: the facts come
from the disk-cached :func:`...models.dossier.plan_dossier`, the forecasts from the forecast cache
the run has just filled."""

from __future__ import annotations

import functools

from ...core import files
from ..indicator_pages import FOLDER, indicator_file, list_file, page_values
from ..messages import LANGS, name, pick, say, status_label
from .folder import _write_atomic
from .site import HTML_LANG, INDEX_FILE, TEMPLATES, _css_string, _render, _switch, _words, glossary_file

UP = "../"  # from html/indicators/ to html/


@functools.cache
def _css() -> str:
    return files.read_text(TEMPLATES / "briefing" / "site.css")


def _bar(lang: str, switch: dict, prev=None, nxt=None, running: str = "", region=None) -> str:
    return _render(
        "bar.html.j2",
        running=running,
        words=_words(lang, "product", "nav", "contents", "prev", "next", "lang_switch", region=region),
        glossary={"file": UP + glossary_file(lang), "word": say("glossary.link", lang)},
        index=f"{UP}../{INDEX_FILE[lang]}",
        prev=prev,
        next=nxt,
        lang=lang,
        switch=_switch(switch),
    )


def _foot(lang: str, prev=None, nxt=None, region=None) -> str:
    return _render(
        "foot.html.j2",
        words=_words(lang, "product", "nav", "contents", region=region),
        glossary={"file": UP + glossary_file(lang), "word": say("glossary.title", lang)},
        index=f"{UP}../{INDEX_FILE[lang]}",
        prev=prev,
        next=nxt,
    )


def _neighbour(dossier, i: int, lang: str, key: str) -> dict | None:
    if not 0 <= i < len(dossier.table):
        return None
    row = dossier.table.iloc[i]
    label = f"{row['no']} {name(row, lang)}"
    return {"file": indicator_file(dossier.plan, row["no"], lang), "to": say(key, lang, page=label)}


def _page_words(lang: str) -> dict:
    keys = ("facts", "history", "by_year", "evidence", "national", "forecast", "settle", "outlook")
    words = {k: say(f"indicator.h.{k}", lang) for k in keys}
    for k in ("year", "obs_year", "value", "vintage", "source", "statistic", "gap"):
        words[f"col_{k}"] = say(f"indicator.col.{k}", lang)
    for k in ("no_history", "no_series", "no_comparison", "nation_plan", "no_forecast"):
        words[k] = say(f"indicator.{k}", lang)
    words["back"] = say("indicator.back_to_list", lang)
    return words


def indicator_html(dossier, i: int, lang: str, forecast=None, region: str | None = None) -> str:
    """Row ``i`` of ``dossier``'s page in ``lang``."""
    from markupsafe import Markup

    row = dossier.table.iloc[i]
    page = page_values(dossier, row["no"], lang, forecast)
    words = _page_words(lang)
    words["verdict"] = (
        say("indicator.h.verdict", lang, year=dossier.as_of) if dossier.as_of else say("indicator.h.outcome", lang)
    )
    title = say("indicator.page_title", lang, no=row["no"], name=page["name"], plan=page["plan_title"])
    prev, nxt = _neighbour(dossier, i - 1, lang, "site.prev_to"), _neighbour(dossier, i + 1, lang, "site.next_to")
    running = _css_string(title) if dossier.as_of is None else _css_string(f"{title} · {dossier.as_of}")
    switch = {code: indicator_file(dossier.plan, row["no"], code) for code in LANGS}
    return (
        _render(
            "indicator.html.j2",
            html_lang=HTML_LANG[lang],
            css=Markup(_css()),
            title=title,
            bar=Markup(_bar(lang, switch, prev, nxt, running, region)),
            foot=Markup(_foot(lang, prev, nxt, region)),
            list_file=list_file(dossier.plan, lang),
            words=words,
            page=page,
        )
        + "\n"
    )


def list_html(dossier, lang: str, region: str | None = None) -> str:
    """The plan's list of indicator pages in ``lang``, each row with its status."""
    from markupsafe import Markup

    from ...data.plans import get_plan

    p = get_plan(dossier.plan)
    title = say("indicator.list_title", lang, plan=pick((p.title_zh, p.title_en), lang))
    note = "" if dossier.observed else say("indicator.not_observed", lang, first=p.base_year + 1, last=p.target_year)
    items = [
        {
            "href": indicator_file(dossier.plan, r["no"], lang),
            "no": r["no"],
            "name": name(r, lang),
            "status": status_label(r["status"], lang) if dossier.observed else "",
        }
        for _, r in dossier.table.iterrows()
    ]
    return (
        _render(
            "indicator_list.html.j2",
            html_lang=HTML_LANG[lang],
            css=Markup(_css()),
            title=title,
            lead=say("indicator.list_lead", lang),
            note=note,
            as_of=dossier.as_of,
            bar=Markup(_bar(lang, {code: list_file(dossier.plan, code) for code in LANGS}, region=region)),
            foot=Markup(_foot(lang, region=region)),
            items=items,
        )
        + "\n"
    )


def _forecasts(dossier, seed: int) -> dict:
    """{row: forecast} for the rows whose annual series the run forecast (the forecast cache's)."""
    from ...data.links import load_links
    from ...models.forecast import forecast

    links = load_links(dossier.plan)
    annual = links[links["role"] == "annual"].drop_duplicates("no")
    out = {}
    for no, sid in zip(annual["no"], annual["series_id"], strict=True):
        res = forecast(sid, as_of=dossier.as_of, seed=seed, plan=dossier.plan)
        if res.status == "ok":
            out[no] = res
    return out


def write_indicator_pages(out, as_of: int, forecast_plan: str | None = None, plans=None, region=None) -> list:
    """Every plan's indicator pages and list pages (both languages) into ``out/html/indicators``;
    the forecasts of ``forecast_plan`` (the run's plan, whose forecasts the run fitted) beside its
    rows.  Returns the list pages written."""
    from ...models.dossier import plan_dossier, plans_with_rows
    from ...models.forecast import DEFAULT_SEED

    folder = out / "html" / FOLDER
    written = []
    for plan_id in plans or plans_with_rows():
        dossier = plan_dossier(plan_id, as_of)
        forecasts = _forecasts(dossier, DEFAULT_SEED) if plan_id == forecast_plan and dossier.as_of else {}
        for lang in LANGS:
            for i in range(len(dossier.table)):
                no = dossier.table.iloc[i]["no"]
                body = indicator_html(dossier, i, lang, forecasts.get(no), region)
                _write_atomic(folder / indicator_file(plan_id, no, lang), body, mkdir=True)
            path = folder / list_file(plan_id, lang)
            _write_atomic(path, list_html(dossier, lang, region), mkdir=True)
            written.append(path)
    return written

"""The briefing site around the pages: one index per language (``index.html`` in Chinese,
``index.en.html`` in English) and, on every page, a header bar and a footer (contents, previous /
next, 中文 | English to the same page).  Rendered from the Jinja templates in
``report/templates/site``; every value is escaped there.

A page's bar and footer sit between marker comments of the page template (``<!--site-bar-->``),
so that they can be redone when pages are added later (:func:`refresh_pages`): links only ever
point to pages that exist."""

from __future__ import annotations

import datetime as _dt
import functools
import html
import json
import re
from pathlib import Path

from ...core import files
from ..glossary import GLOSSARY_FILE, METHOD_DOC, sections
from ..messages import CATALOGUE, LANGS, pick, say
from ..messages import name as indicator_name
from ..notebook import NOTEBOOKS
from . import plan
from .folder import OutputError, _write_atomic, read_text

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
HTML_LANG = {"zh": "zh-CN", "en": "en"}
INDEX_FILE = {"zh": "index.html", "en": "index.en.html"}
BAR = ("<!--site-bar-->", "<!--/site-bar-->")
FOOT = ("<!--site-foot-->", "<!--/site-foot-->")


@functools.cache
def _templates():
    """The site's templates: every ``{{ value }}`` escaped as :func:`html.escape` does (quotes
    included), markup passed as ``Markup`` left alone."""
    import jinja2
    from markupsafe import Markup

    def escape(value):
        return value if hasattr(value, "__html__") else Markup(html.escape(str(value)))

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "site"),
        autoescape=True,
        finalize=escape,
        undefined=jinja2.StrictUndefined,
    )


def _render(template: str, **values) -> str:
    return _templates().get_template(template).render(**values)


def page_file(name: str, lang: str) -> str:
    return f"{name}.{lang}.html"


def glossary_file(lang: str) -> str:
    """The glossary page's file in ``html/``, beside the pages."""
    return GLOSSARY_FILE.format(lang=lang)


def page_title(name: str, lang: str) -> str:
    """A page's title in words (the catalogue's; a notebook added later falls back to NOTEBOOKS)."""
    key = f"site.page.{name}"
    return say(key, lang) if key in CATALOGUE else pick(NOTEBOOKS[name], lang)


def available_pages(out: Path) -> set[tuple[str, str]]:
    """(notebook, language) of every page in ``out/html`` (this run's and earlier ones)."""
    return {(name, lang) for name in NOTEBOOKS for lang in LANGS if (out / "html" / page_file(name, lang)).exists()}


def _switch(targets: dict[str, str | None]) -> list[dict]:
    """The language switch's items: each language's code, word, html lang and target."""
    return [
        {"code": code, "word": say("site.lang_name", code), "html_lang": HTML_LANG[code], "target": targets.get(code)}
        for code in LANGS
    ]


def site_region(plan=None) -> str:
    """The region a site is about (its product name says it): that of the run's plan (None: the
    current plan)."""
    from ...data.plans import get_plan

    return get_plan(plan).region


def product_name(lang: str, region: str | None = None) -> str:
    """The site's name in ``lang``, for ``region`` (None: the default region)."""
    return say("site.product", lang, region=_region_words(region, lang))


def _region_words(region: str | None, lang: str) -> str:
    from ...data.regions import get_region, region_name

    return region_name(region or get_region(None).code, lang)


def _words(lang: str, *keys: str, region: str | None = None) -> dict[str, str]:
    """The site's words ``keys`` (``site.<key>``); those that name the site's region name ``region``."""
    where = _region_words(region, lang)
    return {key: say(f"site.{key}", lang, region=where) for key in keys}


def _neighbours(name: str, lang: str, available) -> tuple[dict | None, dict | None]:
    """The previous and next pages in this language: file and "Previous: <title>" words."""
    order = [n for n in NOTEBOOKS if (n, lang) in available or n == name]
    i = order.index(name)

    def link(other: str | None, key: str) -> dict | None:
        if other is None:
            return None
        return {"file": page_file(other, lang), "to": say(key, lang, page=page_title(other, lang))}

    return (
        link(order[i - 1] if i > 0 else None, "site.prev_to"),
        link(order[i + 1] if i + 1 < len(order) else None, "site.next_to"),
    )


def _css_string(text: str) -> str:
    """Text inside a CSS string: no quote, backslash or line break can end it (nor a tag)."""
    return re.sub(r'["\\\n\r<>]', " ", text)


def running_title(name: str, lang: str, as_of: int | None, region: str | None = None) -> str:
    """The printed pages' running title: product, page and the year the data are as of."""
    if as_of is None:
        return ""
    return _css_string(
        say("site.print_header", lang, product=product_name(lang, region), page=page_title(name, lang), year=as_of)
    )


def site_bar(name: str, lang: str, available, as_of: int | None = None, region: str | None = None) -> str:
    """The header bar of a page: product title and contents (the index), previous / next page,
    the glossary, and the switch to the same page in the other language; the printed pages'
    running title (with the as-of year) rides along as a print style."""
    prev, nxt = _neighbours(name, lang, available)
    return _render(
        "bar.html.j2",
        running=running_title(name, lang, as_of, region),
        words=_words(lang, "product", "nav", "contents", "prev", "next", "lang_switch", region=region),
        glossary={"file": glossary_file(lang), "word": say("glossary.link", lang)},
        index=f"../{INDEX_FILE[lang]}",
        prev=prev,
        next=nxt,
        lang=lang,
        switch=_switch({code: page_file(name, code) for code in LANGS if (name, code) in available}),
    )


def site_foot(name: str, lang: str, available, region: str | None = None) -> str:
    """The footer: previous page, contents, next page, each named, and the glossary."""
    prev, nxt = _neighbours(name, lang, available)
    return _render(
        "foot.html.j2",
        words=_words(lang, "product", "nav", "contents", region=region),
        glossary={"file": glossary_file(lang), "word": say("glossary.title", lang)},
        index=f"../{INDEX_FILE[lang]}",
        prev=prev,
        next=nxt,
    )


def _fill(body: str, markers: tuple[str, str], content: str, last: bool = False) -> str:
    """Replace what stands between the template's marker comments (the first pair, or the last:
    the page's outputs come in between, and data in them is escaped, so never a marker)."""
    start = body.rfind(markers[0]) if last else body.find(markers[0])
    end = body.find(markers[1], start)
    if start < 0 or end < 0:
        return body
    return body[: start + len(markers[0])] + content + body[end:]


def site_page(body: str, name: str, lang: str, available) -> str:
    """A page with its header bar and footer for the pages in ``available``; idempotent."""
    head = body[:_HEAD_BYTES]
    found, region = _AS_OF_META.search(head), _REGION_META.search(head)
    region = region.group(1) if region else None  # a page written before pages said so: the default
    body = _fill(body, BAR, site_bar(name, lang, available, int(found.group(1)) if found else None, region))
    return _fill(body, FOOT, site_foot(name, lang, available, region), last=True)


def refresh_pages(out: Path) -> None:
    """Every page's header bar and footer redone for the pages that exist now (after a partial
    rerun, say): links only ever point to pages that are there."""
    available = available_pages(out)
    for name, lang in sorted(available):
        path = out / "html" / page_file(name, lang)
        body = read_text(path, out)
        new = site_page(body, name, lang, available)
        if new != body:
            _write_atomic(path, new)


# ---------------------------------------------------------------------------------------------
# The index


def _date_words(day: _dt.date, lang: str) -> str:
    return say(
        "site.date", lang, year=day.year, month=day.month, day=day.day, month_name=say(f"site.month.{day.month}", lang)
    )


def run_facts(jobs: list, as_of: int, lang: str, today: _dt.date | None = None, notebook_dir=None) -> str:
    """What this run shows, in words: "Data as of 2025; run on 29 November 2026; all indicators;
    scenario: baseline; what-if chart: 1 GDP growth" (the parts the run's notebooks use)."""
    params: dict = {}
    for job in jobs:
        params.update({k: v for k, v in plan.injected(job, notebook_dir).items() if k != "lang"})
    parts = [
        say("site.as_of", lang, year=as_of),
        say("site.run_on", lang, date=_date_words(today or _dt.date.today(), lang)),
    ]
    from ...data.plans import current_plan, get_plan

    if params.get("plan") and params["plan"] != current_plan().id:  # another plan than the default: say which
        chosen_plan = get_plan(params["plan"])
        parts.insert(0, say("site.plan", lang, title=pick((chosen_plan.title_zh, chosen_plan.title_en), lang)))
    if "indicators" in params:
        chosen = params["indicators"]
        parts.append(
            say("site.some_indicators", lang, numbers=say("site.name_sep", lang).join(map(str, chosen)))
            if chosen
            else say("site.all_indicators", lang)
        )
    if params.get("scenario"):
        key = f"site.scenario.{params['scenario']}"
        parts.append(say("site.scenario", lang, name=say(key, lang) if key in CATALOGUE else params["scenario"]))
    if params.get("indicator"):
        parts.append(
            say(
                "site.what_if_indicator",
                lang,
                name=_indicator_label(str(params["indicator"]), lang, params.get("plan")),
            )
        )
    return say("site.list_sep", lang).join(parts)


def _indicator_label(no: str, lang: str, plan_id=None) -> str:
    """ "1 GDP growth": the row number and the indicator's name (the number alone if unknown)."""
    try:
        from ...data.plans import load_targets

        row = load_targets(plan_id).set_index("no").loc[no]
        return f"{no} {indicator_name(row, lang)}"
    except Exception:  # the number alone still says which
        return no


def _index_items(out: Path, as_of: int, lang: str, region: str | None = None) -> list[dict]:
    """One item per notebook with a page: its page in this language, else the other language's
    (said so), and the year its data are as of."""
    available = available_pages(out)
    other_lang = next(code for code in LANGS if code != lang)
    items = []
    for name in NOTEBOOKS:
        if (name, lang) in available:
            shown, note = lang, ""
        elif (name, other_lang) in available:  # a run in one language: the other's page, said so
            shown, note = other_lang, say("site.other_lang_only", lang)
        else:
            continue
        year = page_as_of(out, name, shown)
        key = f"site.question.{name}"
        items.append(
            {
                "href": f"html/{page_file(name, shown)}",
                "title": page_title(name, lang),
                "as_of": say("site.page_as_of", lang, year=year) if year else say("site.page_as_of_unknown", lang),
                "note": note,
                "question": say(key, lang, year=year or as_of, region=_region_words(region, lang))
                if key in CATALOGUE
                else "",
            }
        )
    return items


# ---------------------------------------------------------------------------------------------
# One as-of year per folder: an index describes pages of one year


# as the exporter writes it: <meta content="2025" name="shanxi:as-of"/> (attributes in any order)
_AS_OF_META = re.compile(r'<meta\s(?=[^>]*\bname="shanxi:as-of")[^>]*\bcontent="(\d+)"')
# and the region the page is about (its product name): <meta content="shanxi" name="shanxi:region"/>
_REGION_META = re.compile(r'<meta\s(?=[^>]*\bname="shanxi:region")[^>]*\bcontent="([a-z][a-z0-9_-]*)"')
_HEAD_BYTES = 4096  # the meta sits right after the page's <title>


def page_as_of(out: Path, name: str, lang: str) -> int | None:
    """The year a page's data are as of: from its head (``<meta name="shanxi:as-of">``); for a page
    written before pages said so, from the parameters papermill recorded in its executed notebook;
    None when neither tells (or the file is not a regular file)."""
    path = out / "html" / page_file(name, lang)
    if not path.is_file():
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            found = _AS_OF_META.search(fh.read(_HEAD_BYTES))
    except OSError:
        return None
    return int(found.group(1)) if found else _executed_as_of(out / "executed" / f"{name}.{lang}.ipynb")


def _executed_as_of(path: Path) -> int | None:
    if not path.is_file():
        return None
    try:
        return int(json.loads(path.read_text(encoding="utf-8"))["metadata"]["papermill"]["parameters"]["as_of_year"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def other_years(out: Path, as_of: int, rewritten=()) -> dict[tuple[str, str], int | None]:
    """The pages in ``out`` (besides those in ``rewritten``) whose data are not as of ``as_of``:
    (notebook, language) -> their year, None when unknown."""
    pages = sorted(available_pages(out) - set(rewritten))
    return {page: year for page in pages if (year := page_as_of(out, *page)) != as_of}


def _pages_in_words(pages: dict) -> tuple[str, str]:
    """Pages and the year each is as of, in both languages (a coded error's (zh, en) field)."""

    def words(lang: str) -> str:
        return say("cli.error.sep.pages", lang).join(
            say(
                "cli.error.page_as_of" if year else "cli.error.page_as_of_unknown",
                lang,
                page=page_file(name, page_lang),
                year=year,
            )
            for (name, page_lang), year in pages.items()
        )

    return words("zh"), words("en")


def check_one_year(jobs: list, out: Path, as_of: int) -> None:
    """Refuse a run that would leave pages as of another year beside its own (a run as of 2025 with
    ``--only 2`` into a folder of pages as of 2023): its index would describe pages of two years."""
    rewritten = {(job.notebook, job.lang) for job in jobs}
    stale = other_years(out, as_of, rewritten)
    if stale:
        pages = _pages_in_words(stale)
        raise OutputError(
            f"{out} holds pages this run (as of {as_of}) would not replace: {pages[1]}; "
            "one folder, one as-of year: run every notebook in both languages (without --only and --lang) "
            "to replace them, or write into another --out",
            code="stale_pages",
            out=str(out),
            as_of=as_of,
            pages=pages,
        )


def index_page(jobs: list, out: Path, as_of: int, lang: str, today: _dt.date | None = None, notebook_dir=None) -> str:
    """The index in one language: what each page answers, a link to it, the run in words."""
    from markupsafe import Markup

    return (
        _render(
            "index.html.j2",
            html_lang=HTML_LANG[lang],
            lang=lang,
            css=Markup(files.read_text(TEMPLATES / "briefing" / "site.css")),  # the site's own file
            words={
                **_words(lang, "product", "lead", "run_facts", "pages", "lang_switch", region=_jobs_region(jobs)),
                "glossary": say("glossary.title", lang),
                "source_plan": say("source_plan", lang),
                "indicator_lists": say("indicator.lists", lang),
                "source_observed": say("source_observed", lang),
            },
            index=INDEX_FILE[lang],
            glossary=f"html/{glossary_file(lang)}",
            switch=_switch(INDEX_FILE),
            facts=run_facts(jobs, as_of, lang, today, notebook_dir),
            pages=_index_items(out, as_of, lang, _jobs_region(jobs)),
            indicator_lists=_indicator_lists(out, lang),
        )
        + "\n"
    )


def _jobs_region(jobs: list) -> str:
    return site_region(jobs[0].params.get("plan") if jobs else None)


def _indicator_lists(out: Path, lang: str) -> list[dict]:
    """The index's links to the plans' lists of indicator pages that exist in ``out``."""
    from ...data.plans import get_plan
    from ...models.dossier import plans_with_rows
    from ..indicator_pages import FOLDER, list_file

    items = []
    for plan_id in plans_with_rows():
        if (out / "html" / FOLDER / list_file(plan_id, lang)).is_file():
            p = get_plan(plan_id)
            items.append(
                {"href": f"html/{FOLDER}/{list_file(plan_id, lang)}", "title": pick((p.title_zh, p.title_en), lang)}
            )
    return items


def write_index(jobs: list, out: Path, as_of: int, notebook_dir=None) -> Path:
    """Both indexes (``index.html`` in Chinese, ``index.en.html`` in English), and every page's
    header bar brought up to date; returns the index in the run's language (Chinese for both).
    Refused when the folder's pages are as of different years (each index lists every page's)."""
    years = {year for page in available_pages(out) if (year := page_as_of(out, *page)) is not None}
    if len(years) > 1:
        pages, listed = _pages_in_words(other_years(out, as_of)), ", ".join(map(str, sorted(years)))
        raise OutputError(
            f"{out} holds pages as of {listed}: no index describes pages of several years ({pages[1]}); "
            "rerun every notebook into it",
            code="mixed_years",
            out=str(out),
            years=listed,
            pages=pages,
        )
    refresh_pages(out)
    write_glossary(out, _jobs_region(jobs))
    for lang in LANGS:
        _write_atomic(out / INDEX_FILE[lang], index_page(jobs, out, as_of, lang, notebook_dir=notebook_dir))
    langs = {job.lang for job in jobs}
    return out / INDEX_FILE["en" if langs == {"en"} else "zh"]


# ---------------------------------------------------------------------------------------------
# The glossary and method page


def _method_doc(folder: Path) -> str:
    """The link from ``folder`` to the full rules (docs/verdicts.md of this checkout) when the site
    is written inside the repository (``reports/``), else '' (the page names the file instead)."""
    import os

    root = Path(__file__).resolve().parents[3]
    doc, here = root / METHOD_DOC, folder.resolve()
    if not doc.is_file() or not here.is_relative_to(root):
        return ""
    return Path(os.path.relpath(doc, here)).as_posix()


def glossary_page(lang: str, folder: Path | None = None, region: str | None = None) -> str:
    """The glossary and method page in one language (written to ``folder``, the site's html/)."""
    from markupsafe import Markup

    return (
        _render(
            "glossary.html.j2",
            html_lang=HTML_LANG[lang],
            lang=lang,
            css=Markup(files.read_text(TEMPLATES / "briefing" / "site.css")),
            words={
                **_words(lang, "product", "nav", "contents", "lang_switch", region=region),
                **{key: say(f"glossary.{key}", lang) for key in ("title", "lead", "link", "more")},
                "toc": say("glossary.contents", lang),
            },
            index=f"../{INDEX_FILE[lang]}",
            self_file=glossary_file(lang),
            switch=_switch({code: glossary_file(code) for code in LANGS}),
            sections=sections(lang),
            method_doc=_method_doc(folder) if folder is not None else "",
        )
        + "\n"
    )


def write_glossary(out: Path, region: str | None = None) -> list[Path]:
    """The glossary page in both languages, in ``out/html`` (the pages link to it)."""
    folder = out / "html"
    written = []
    for lang in LANGS:
        path = folder / glossary_file(lang)
        _write_atomic(path, glossary_page(lang, folder, region), mkdir=True)
        written.append(path)
    return written

"""Helpers the notebooks call, so that notebooks stay thin: parameter checks, language-aware
headings and paragraphs, tables and figures shown the same way in JupyterLab and in the HTML
briefings.

Escaping policy: the library returns plain text (narrative, tables, names as in the data); text
becomes HTML only at the output boundary, and is escaped there: :class:`Page` (headings,
paragraphs, bullets, tables), :func:`~.charts.style_status_table`, the scenario widget's readout
(:mod:`.widgets`), the context tables (:mod:`.context_tables`, escaped cell by cell because their
cells carry links) and the index page (:mod:`.runner`)."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..core.errors import ShanxiError, unknown_choice
from ..core.numbers import DASH, FIXED, missing, number
from .messages import CATALOGUE, check_lang, pick, say
from .messages import name as name_of
from .site_links import SITE_LINKS, indicator_link, site_links  # noqa: F401  (the site's one rule)

# the suite's notebooks, in order, with their (Chinese, English) titles from the catalogue
NOTEBOOKS = {
    name: CATALOGUE[f"page.title.{name}"]
    for name in (
        "1_review_13th_plan",
        "2_tracker_14th_plan",
        "3_forecasts",
        "4_what_if_scenarios",
        "5_briefing",
        "6_fifteenth_plan",
    )
}


def check_params(
    as_of_year=None,
    lang="en",
    indicators=None,
    scenario=None,
    indicator=None,
    method=None,
    seed=None,
    plan=None,
    review=False,
) -> dict:
    """Validate notebook parameters before any work (the checks of :mod:`..models.params`, the
    same as the command line's); errors list the valid choices.  ``plan``: a plan id or shorthand
    (None: the current plan); a plan without observations is refused in one line.  ``review``:
    the page reviews the plan's previous one, which must be judged on its printed outcomes."""
    check_lang(lang)
    from ..data.plans import get_plan
    from ..models.assess import Assessment
    from ..models.params import check_seed, parse_int

    p = get_plan(plan)  # an unknown plan lists the valid ones
    out = {"lang": lang, **_plan_params(p, review)}
    # None means the latest year with data; an impossible year lists the valid ones ("5_0" is no year)
    out["as_of"] = Assessment(p.id, as_of=None if as_of_year is None else parse_int(as_of_year, "as-of year")).as_of
    if seed is not None:
        out["seed"] = check_seed(seed)
    if method is not None and method not in ("eurostat", "escap"):
        raise unknown_choice("method", method, ("eurostat", "escap"))
    if indicators:
        from ..data.plans import load_targets

        valid = list(load_targets(p)["no"])
        for no in indicators:
            if str(no) not in valid:
                raise unknown_choice("indicator", no, valid)
    if scenario is not None:
        from ..models.scenario import PRESETS

        if scenario not in PRESETS:
            raise unknown_choice("scenario", scenario, PRESETS)
    if indicator is not None:
        from ..models.scenario import ScenarioModel

        ScenarioModel(p.id, out.get("as_of")).row(str(indicator))
    return out


def _plan_params(p, review: bool) -> dict:
    """The plan's id (and, for a review page, the plan it reviews); a plan without observations
    is refused in one line."""
    from ..data.plans import previous_plan
    from ..models.params import check_has_observations

    out = {"plan": p.id}
    if review:
        reviewed = previous_plan(p)
        if reviewed is None or reviewed.assessed_by != "outcomes":
            raise ShanxiError(
                f"plan {p.id} has no previous plan judged on its printed outcomes: nothing to review",
                code="nothing_to_review",
                plan=p.id,
            )
        out["reviewed"] = reviewed.id
    check_has_observations(p)
    return out


def _md(text) -> str:
    """Plain text for a Markdown output: ``<``, ``>`` and ``&`` escaped, so that markup in the data
    (an indicator name, a target, a unit) shows as text and never runs in the page.  Markdown
    emphasis is kept (the narrative writes none; a stray ``*`` only changes the look)."""
    return html.escape(str(text), quote=False)


@dataclass
class Page:
    """Display helpers bound to a language.  Words come from the catalogue: ``page.say(key,
    **fields)``, ``page.heading(key, level=..., **fields)``."""

    lang: str
    as_of: int | None = None
    plan: str | None = None  # the plan id the page is about
    reviewed: str | None = None  # a review page: the plan it reviews

    def say(self, key: str, count: int | None = None, **fields) -> str:
        """The catalogue's ``key`` in the page's language; with ``count`` == 1 its ``.one`` form
        (English singular) when there is one."""
        one = f"{key}.one"
        return say(one if count == 1 and one in CATALOGUE else key, self.lang, **fields)

    @property
    def region(self) -> str:
        """The name of the region the page's plan is about, in the page's language ("Shanxi", "全国")."""
        from ..data.plans import get_plan
        from ..data.regions import region_name

        return region_name(get_plan(self.plan).region, self.lang)

    def pick(self, pair) -> str:
        """One side of a (Chinese, English) pair of the code tables (STATUS, MIDTERM ...)."""
        return pick(pair, self.lang)

    def heading(self, key: str, level: int = 2, **fields) -> None:
        """A heading from the catalogue's ``key`` (``fields`` fill it; data-derived text is
        escaped)."""
        from IPython.display import Markdown, display

        display(Markdown("#" * level + " " + _md(self.say(key, **fields))))

    def title(self, text: str, level: int = 3) -> None:
        """A heading that is data (an indicator's name), escaped like a paragraph."""
        from IPython.display import Markdown, display

        display(Markdown("#" * level + " " + _md(text)))

    def para(self, text: str) -> None:
        """A paragraph of plain text (data-derived: its HTML characters are escaped)."""
        from IPython.display import Markdown, display

        display(Markdown(_md(text)))

    def bullets(self, items: list[str]) -> None:
        self.para("\n".join(f"- {i}" for i in items))

    def table(self, df, styled: bool = False, data=None, name: str | None = None, plan: str | None = None) -> None:
        """A frame as an HTML table; cells and headers are escaped (pandas' ``to_html`` escapes by
        default, :func:`~.charts.style_status_table` with ``escape="html"``).  True/False cells
        read as the page's yes/no.  CSV and Excel downloads sit above it (:mod:`.downloads`): the
        table as data (``data``, else the version the frame carries, else its cells), under the
        table's own ``name`` when a section holds several; a wide table scrolls sideways in its
        own box.  In the site, an indicator's name links to its page (of ``plan``: by default the
        plan the page reviews, else the page's plan; :func:`link_rows`): the row's number is the
        table's number column, else the plan row it carries (:func:`with_rows`)."""
        from IPython.display import HTML, display

        from .charts import style_status_table
        from .downloads import data_of, table_block

        if data is None:
            data = data_of(df)
        rows = rows_of(df)
        df = status_beside_name(self._yes_no(df), self.lang)  # the files keep the table's own order
        files = self._yes_no(data) if data is not None else df
        df, links = link_rows(df, self.lang, plan or self.reviewed or self.plan, rows)
        if styled:
            shown = style_status_table(df, self.lang).to_html()
        else:
            shown = df.to_html(index=False, escape=True, na_rep=DASH, float_format=lambda x: number(x, FIXED))
        for token, link in links.items():
            shown = shown.replace(token, link)
        display(HTML(table_block(shown, files, self.lang, name=name)))

    def row_links(self, rows, key: str = "indicator.heatmap_rows", plan: str | None = None) -> None:
        """In the site, a line of links to the pages of ``rows`` (a frame with ``no`` and the
        names), in their order: beside a chart whose rows name indicators (the heat map)."""
        from IPython.display import HTML, display

        plan = plan or self.reviewed or self.plan
        if not site_links() or plan is None or not len(rows):
            return
        items = [
            "<li>"
            + indicator_link(plan, r["no"], self.lang, html.escape(f"{r['no']} {name_of(r, self.lang)}"))
            + "</li>"
            for _, r in rows.iterrows()
        ]
        display(HTML(f'<div class="row-links"><p>{html.escape(self.say(key))}</p><ul>{"".join(items)}</ul></div>'))

    def _yes_no(self, df):
        import numpy as np

        words = {True: self.say("page.yes"), False: self.say("page.no")}
        flags = [
            i
            for i in range(df.shape[1])
            if len(df)
            and (
                df.dtypes.iloc[i] == np.dtype(bool)
                or (
                    df.dtypes.iloc[i] == np.dtype(object)
                    and df.iloc[:, i].map(lambda v: isinstance(v, (bool, np.bool_))).all()
                )
            )
        ]
        if not flags:
            return df
        columns = {
            i: df.iloc[:, i].map(lambda v: words[bool(v)]) if i in flags else df.iloc[:, i] for i in range(df.shape[1])
        }
        import pandas as pd

        out = pd.concat([columns[i] for i in range(df.shape[1])], axis=1)
        out.columns = df.columns
        return out

    def figure(self, fig) -> None:
        """Show a figure once as a PNG (embedded in the HTML export, whatever the backend) and free it."""
        from IPython.display import Image, display

        from .chart_cache import png_bytes

        display(Image(data=png_bytes(fig), format="png"))

    def chart(self, draw, *args, **kwargs) -> None:
        """Show the chart ``draw(*args, **kwargs)`` as :meth:`figure` would, drawn once per version of
        its inputs (:mod:`.chart_cache`): a rerun with nothing changed reads the PNG it drew before."""
        from IPython.display import Image, display

        from .chart_cache import chart_png

        display(Image(data=chart_png(draw, *args, **kwargs), format="png"))


ROWS = "rows"  # a display frame's attrs: the plan row each of its rows stands for


def with_rows(shown, nos):
    """``shown`` (a display frame without a number column) carrying the plan row each of its rows
    stands for (None: a series no plan row measures), so that the site links its names."""
    shown.attrs[ROWS] = tuple(None if missing(no) else str(no) for no in nos)
    return shown


def rows_of(shown) -> tuple | None:
    """The plan rows ``shown`` carries (:func:`with_rows`), or None."""
    return shown.attrs.get(ROWS)


def link_rows(df, lang: str, plan: str | None, rows=None):
    """``df`` with each indicator name replaced by a token, and {token: the link to the row's page
    (:func:`indicator_link`), escaped}; unchanged outside the site.  The row numbers: the table's
    number column, else ``rows`` (:func:`with_rows`); a row without one keeps its name unlinked.
    Tokens survive the table's escaping and are then swapped for the links."""
    no_col, name_col = say("page.col.no", lang), say("page.col.name", lang)
    columns = list(df.columns)
    if not site_links() or plan is None or name_col not in columns or not df.columns.is_unique:
        return df, {}
    nos = list(df[no_col]) if no_col in columns else rows
    if nos is None or len(nos) != len(df):
        return df, {}
    import hashlib

    stem = "ilink" + hashlib.sha1(df.to_csv().encode("utf-8")).hexdigest()[:12]  # never in the table itself
    links, names = {}, []
    for i, (no, text) in enumerate(zip(nos, df[name_col], strict=True)):
        if missing(no) or str(no) == "":
            names.append(text)
            continue
        token = f"{stem}x{i}y"
        names.append(token)
        links[token] = indicator_link(plan, no, lang, html.escape(str(text)))
    return df.assign(**{name_col: names}), links


def status_beside_name(df, lang: str):
    """The status column moved right after the indicator's name, so that a wide table shows the
    verdict without scrolling (the tracker's is 1490 px wide in a 1078 px box at 1366 px); a
    table without both columns stays as it is."""
    status, name = say("page.col.status", lang), say("page.col.name", lang)
    columns = list(df.columns)
    if (
        not df.columns.is_unique
        or status not in columns
        or name not in columns
        or columns.index(status) == columns.index(name) + 1
    ):
        return df
    columns.remove(status)
    columns.insert(columns.index(name) + 1, status)
    return df[columns]


def show_user_errors_in_one_line() -> None:
    """In a notebook, show a :class:`ShanxiError` (a user's mistake: an impossible year, an unknown
    language or indicator; its message says what to change) as one line instead of a traceback.
    The cell still fails: execution stops there, and papermill and ``shanxi run`` report the error.
    ``%tb`` still shows where it was raised.  Outside IPython nothing changes."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        shell.set_custom_exc((ShanxiError,), _one_line)


def _one_line(shell, etype, value, tb, tb_offset=None) -> list[str]:
    line = f"{etype.__name__}: {value}"
    shell._get_exc_info((etype, value, tb))  # remembered for %tb, as IPython does for a traceback
    # as an error output (ename, evalue, a one-line traceback): the execution is reported as failed
    shell._showtraceback(etype, value, [line])
    return [line]


def setup(as_of_year=None, lang="en", **params) -> Page:
    """Validate parameters (and say now when the charts will fall back to English labels); return
    the page helpers.  From here on a user error in the notebook reads as one line
    (:func:`show_user_errors_in_one_line`), the parameter checks' own included.  No global setting
    is changed: each chart carries its own style, each table is written out by the page."""
    show_user_errors_in_one_line()
    checked = check_params(as_of_year=as_of_year, lang=lang, **params)
    from .charts import chart_language

    chart_language(lang)
    return Page(lang, checked.get("as_of"), checked["plan"], checked.get("reviewed"))


__all__ = ["NOTEBOOKS", "Page", "ShanxiError", "check_params", "setup"]

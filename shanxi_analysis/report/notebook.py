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
from .messages import check_lang

NOTEBOOKS = {
    "1_review_13th_plan": ("“十三五”规划实施评估", "13th plan review"),
    "2_tracker_14th_plan": ("“十四五”规划指标跟踪", "14th plan tracker"),
    "3_forecasts": ("预测", "Forecasts"),
    "4_what_if_scenarios": ("情景分析", "What-if scenarios"),
    "5_briefing": ("简报", "Briefing"),
}


def check_params(as_of_year=None, lang="en", indicators=None, scenario=None, indicator=None, method=None,
                 seed=None) -> dict:
    """Validate notebook parameters before any work (the checks of :mod:`..models.params`, the
    same as the command line's); errors list the valid choices."""
    check_lang(lang)
    out = {"lang": lang}
    from ..models.assess import Assessment
    from ..models.params import check_seed, parse_int

    # None means the latest year with data; an impossible year lists the valid ones ("5_0" is no year)
    out["as_of"] = Assessment(None, as_of=None if as_of_year is None else parse_int(as_of_year, "as-of year")).as_of
    if seed is not None:
        out["seed"] = check_seed(seed)
    if method is not None and method not in ("eurostat", "escap"):
        raise unknown_choice("method", method, ("eurostat", "escap"))
    if indicators:
        from ..data.plans import load_targets

        valid = list(load_targets()["no"])
        for no in indicators:
            if str(no) not in valid:
                raise unknown_choice("indicator", no, valid)
    if scenario is not None:
        from ..models.scenario import PRESETS

        if scenario not in PRESETS:
            raise unknown_choice("scenario", scenario, PRESETS)
    if indicator is not None:
        from ..models.scenario import ScenarioModel

        ScenarioModel(None, out.get("as_of")).row(str(indicator))
    return out


def _md(text) -> str:
    """Plain text for a Markdown output: ``<``, ``>`` and ``&`` escaped, so that markup in the data
    (an indicator name, a target, a unit) shows as text and never runs in the page.  Markdown
    emphasis is kept (the narrative writes none; a stray ``*`` only changes the look)."""
    return html.escape(str(text), quote=False)


@dataclass
class Page:
    """Display helpers bound to a language."""

    lang: str
    as_of: int | None = None

    def __post_init__(self):
        from .downloads import set_language

        set_language(self.lang)  # the context tables' downloads are labelled in the page's language

    def text(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def heading(self, zh: str, en: str, level: int = 2) -> None:
        from IPython.display import Markdown, display

        display(Markdown("#" * level + " " + _md(self.text(zh, en))))

    def para(self, text: str) -> None:
        """A paragraph of plain text (data-derived: its HTML characters are escaped)."""
        from IPython.display import Markdown, display

        display(Markdown(_md(text)))

    def bullets(self, items: list[str]) -> None:
        self.para("\n".join(f"- {i}" for i in items))

    def table(self, df, styled: bool = False) -> None:
        """A frame as an HTML table; cells and headers are escaped (pandas' ``to_html`` escapes by
        default, :func:`~.charts.style_status_table` with ``escape="html"``).  CSV and Excel
        downloads of the same cells sit above it (:mod:`.downloads`); a wide table scrolls
        sideways in its own box."""
        from IPython.display import HTML, display

        from .charts import style_status_table
        from .downloads import table_block

        if styled:
            shown = style_status_table(df, self.lang).to_html()
        else:
            shown = df.to_html(index=False, escape=True, na_rep="—", float_format=lambda x: f"{x:,.2f}")
        display(HTML(table_block(shown, df, self.lang)))

    def figure(self, fig) -> None:
        """Show a figure once as a PNG (embedded in the HTML export, whatever the backend) and free it."""
        import io

        from IPython.display import Image, display

        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=100)
        display(Image(data=buf.getvalue(), format="png"))


def setup(as_of_year=None, lang="en", **params) -> Page:
    """Validate parameters, configure fonts and pandas display; return the page helpers."""
    checked = check_params(as_of_year=as_of_year, lang=lang, **params)
    from .charts import setup_fonts

    setup_fonts(lang)
    import pandas as pd

    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 200)
    return Page(lang, checked.get("as_of"))


__all__ = ["NOTEBOOKS", "Page", "ShanxiError", "check_params", "setup"]

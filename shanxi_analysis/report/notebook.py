"""Helpers the notebooks call, so that notebooks stay thin: parameter checks, language-aware
headings and paragraphs, tables and figures shown the same way in JupyterLab and in the HTML
briefings."""

from __future__ import annotations

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


def check_params(as_of_year=None, lang="en", indicators=None, scenario=None, indicator=None, method=None) -> dict:
    """Validate notebook parameters before any work; errors list the valid choices."""
    check_lang(lang)
    out = {"lang": lang}
    from ..models.assess import Assessment

    # None means the latest year with data; an impossible year lists the valid ones
    out["as_of"] = Assessment(None, as_of=None if as_of_year is None else int(as_of_year)).as_of
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


@dataclass
class Page:
    """Display helpers bound to a language."""

    lang: str
    as_of: int | None = None

    def text(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def heading(self, zh: str, en: str, level: int = 2) -> None:
        from IPython.display import Markdown, display

        display(Markdown("#" * level + " " + self.text(zh, en)))

    def para(self, text: str) -> None:
        from IPython.display import Markdown, display

        display(Markdown(text))

    def bullets(self, items: list[str]) -> None:
        self.para("\n".join(f"- {i}" for i in items))

    def table(self, df, styled: bool = False) -> None:
        from IPython.display import HTML, display

        from .charts import style_status_table

        if styled:
            display(HTML(style_status_table(df, self.lang).to_html()))
        else:
            display(HTML(df.to_html(index=False, na_rep="—", float_format=lambda x: f"{x:,.2f}")))

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

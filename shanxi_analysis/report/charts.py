"""Charts people read: labelled axes with units, the target drawn, sources noted, CJK labels
that render.  matplotlib is imported on first use, not with the package, and pyplot not at all
(figures are plain ``Figure`` objects, rendered to PNG by the caller).

Every single-axes chart takes ``ax=None``: by default it makes its own figure (and lays it out);
given an Axes it draws into it -- title, legend and source line attached to that axes -- leaves
the caller's figure layout alone and returns the figure holding that axes, so analysts can
compose panels.

Chinese labels need a CJK font.  :func:`setup_fonts` looks for Noto Sans CJK (Debian's
``fonts-noto-cjk``) or another CJK face; when none is installed it warns once and every chart
falls back to English labels, so no chart ever shows empty boxes.
"""

from __future__ import annotations

import io
import math
import re
import warnings
from functools import lru_cache

import numpy as np
import pandas as pd

from .messages import STATUS, STATUS_COLORS, check_lang, name, status_label, t

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei")


@lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The name of an installed CJK font family, or None."""
    import matplotlib
    from matplotlib import font_manager

    def find():
        names = {f.name for f in font_manager.fontManager.ttflist}
        return next((f for f in CJK_FAMILIES if f in names), None)

    found = find()
    if found is None:
        # a font cache written before the fonts were installed hides them: rebuild once
        import glob
        import os

        if any(glob.glob("/usr/share/fonts/**/*CJK*", recursive=True)):
            font_manager.fontManager = font_manager.FontManager()
            try:
                font_manager.json_dump(font_manager.fontManager, os.path.join(matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json"))
            except OSError:
                pass
            found = find()
    return found


_warned = False
# how the plan's own qualifiers read on an English chart (no CJK glyph on an English label)
_LATIN = (("力争达到全国平均水平", " (aim: the national average)"), ("左右", " (about)"), ("以上", " or more"),
          ("以下", " or less"), ("年均", "a year"), ("个", ""), ("，", ", "), (",", ", "))
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def latin(text: str) -> str:
    """A target as printed ('6.5左右', '12,力争达到全国平均水平'), worded for an English chart."""
    for zh, en in _LATIN:
        text = text.replace(zh, en)
    return _CJK.sub("", text).replace("  ", " ").strip()


def _unit_label(row, lang: str) -> str:
    """The unit on an axis in the chart's language (户 -> 'enterprises (households)')."""
    if lang == "zh" or not _CJK.search(str(row["unit"])):
        return row["unit"]  # '%' reads the same in both languages
    unit_en = row.get("unit_en") if hasattr(row, "get") else None
    return latin(str(unit_en)) if isinstance(unit_en, str) and unit_en else latin(str(row["unit"]))


def _label_target(text: str, lang: str) -> str:
    return text if lang == "zh" else latin(str(text))


def setup_fonts(lang: str) -> str:
    """Configure matplotlib for ``lang``; returns the language the labels will actually use."""
    global _warned
    import matplotlib

    check_lang(lang)
    matplotlib.rcParams["axes.unicode_minus"] = False
    font = cjk_font()
    if font:
        matplotlib.rcParams["font.sans-serif"] = [font, "DejaVu Sans"]
        matplotlib.rcParams["font.family"] = "sans-serif"
        return lang
    if lang == "zh":
        if not _warned:
            warnings.warn("no CJK font installed (apt-get install fonts-noto-cjk): chart labels fall back to English", stacklevel=2)
            _warned = True
        return "en"
    return lang


def _subplots(figsize):
    """A figure and its axes without pyplot: no GUI state, nothing to close, and the kernel
    never imports pyplot's backend machinery (about 0.4 s per notebook)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    return fig, fig.add_subplot()


def _figure_and_axes(ax, figsize):
    """``(figure, axes, own)``: a new figure when ``ax`` is None, else the figure holding ``ax``
    (the root figure, which can be saved, when ``ax`` sits in a subfigure)."""
    if ax is None:
        return (*_subplots(figsize), True)
    return ax.get_figure(root=True), ax, False


class _BelowXAxis:
    """Annotation coordinates for a source line under one axes (not the figure's corner, which
    panels share): x spans the axes, y is the bottom of the x-axis with its tick labels and
    label.  A class, not a closure, so that the figure still pickles."""

    def __init__(self, ax):
        self.ax = ax

    def __call__(self, renderer):
        from matplotlib.transforms import Bbox

        box, below = self.ax.bbox, self.ax.xaxis.get_tightbbox(renderer)
        bottom = box.y0 if below is None else min(below.y0, box.y0)
        return Bbox.from_extents(box.x0, bottom, box.x1, bottom)


def _source(ax, lang: str, observed: bool = True, own: bool = True) -> None:
    """The source line: in the corner of a chart's own figure, under ``ax`` in someone else's."""
    text = t("source_plan", lang) + ("; " + t("source_observed", lang) if observed else "")
    if own:
        ax.annotate(text, xy=(0, 0), xycoords="figure fraction", xytext=(6, 4), textcoords="offset points",
                    fontsize=7, color="#555555", ha="left", va="bottom")
    else:
        ax.annotate(text, xy=(0, 0), xycoords=_BelowXAxis(ax), xytext=(0, -3), textcoords="offset points",
                    fontsize=7, color="#555555", ha="left", va="top")


def outcome_index(df: pd.DataFrame) -> pd.Series:
    """Outcome as % of target, oriented so that more is better (lower-is-better inverted)."""
    out = []
    for _, r in df.iterrows():
        a, tv = r.get("latest_value"), r.get("target_value")
        if pd.isna(a) or pd.isna(tv) or tv == 0 or a == 0:
            out.append(np.nan)
        elif r["direction"] == "lower":
            out.append(100.0 * tv / a)
        else:
            out.append(100.0 * a / tv)
    return pd.Series(out, index=df.index)


def dumbbell_13th(results: pd.DataFrame, lang: str = "en", ax=None):
    """Target (100) vs outcome for every assessable 专栏1 row, grouped by category.  Draws into
    ``ax`` when given (see the module docstring); returns the figure."""
    lang = setup_fonts(lang)
    df = results[results["status"] != "not_assessable"].copy()
    df["index"] = outcome_index(df).clip(upper=300)
    df = df.dropna(subset=["index"])
    cat_col = "category_en"
    df = df.sort_values([cat_col, "index"], ascending=[True, True])
    labels = [f"{r['no']} {name(r, lang)}" for _, r in df.iterrows()]
    fig, ax, own = _figure_and_axes(ax, (9, 0.28 * len(df) + 1.6))
    y = np.arange(len(df))
    colors = [STATUS_COLORS[s] for s in df["status"]]
    ax.hlines(y, 100, df["index"], color="#999999", lw=1.5)
    ax.scatter(np.full(len(df), 100), y, color="#444444", marker="|", s=120, label=t("target", lang), zorder=3)
    ax.scatter(df["index"], y, color=colors, s=36, zorder=4, label=t("outcome", lang))
    ax.axvline(100, color="#444444", lw=0.8, ls="--")
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_xlabel(t("outcome_index", lang))
    title = "“十三五”主要指标: 目标与实现情况" if lang == "zh" else "13th plan (2016-2020): target vs outcome"
    ax.set_title(title)
    for status in ("achieved", "missed"):
        ax.scatter([], [], color=STATUS_COLORS[status], label=status_label(status, lang))
    ax.legend(loc="lower right", fontsize=7)
    ax.set_xlim(0, max(310, df["index"].max() + 10))
    if own:
        fig.subplots_adjust(left=0.42, bottom=0.12)
    _source(ax, lang, observed=False, own=own)
    return fig


def status_counts_chart(results: pd.DataFrame, lang: str = "en", title: str | None = None, ax=None):
    """Horizontal bar of indicators per status, binding vs expected stacked.  Draws into ``ax``
    when given; returns the figure."""
    lang = setup_fonts(lang)
    if title and lang == "en" and _CJK.search(title):
        title = "Indicators by status"  # no CJK font: a Chinese title would print as empty boxes
    order = [s for s in STATUS_COLORS if s in set(results["status"])]
    counts = pd.crosstab(results["status"], results["attribute"]).reindex(order, fill_value=0)
    fig, ax, own = _figure_and_axes(ax, (7, 0.45 * len(order) + 1.4))
    left = np.zeros(len(order))
    for attr, hatch in (("binding", "//"), ("expected", "")):
        if attr not in counts:
            continue
        vals = counts[attr].to_numpy()
        ax.barh([status_label(s, lang) for s in order], vals, left=left, color=[STATUS_COLORS[s] for s in order],
                hatch=hatch, edgecolor="white", label=("约束性" if lang == "zh" else "binding") if attr == "binding" else ("预期性" if lang == "zh" else "expected"))
        left += vals
    ax.set_xlabel(t("count", lang))
    ax.invert_yaxis()
    ax.legend(fontsize=8)
    ax.set_title(title or "")
    if own:
        fig.subplots_adjust(left=0.3, bottom=0.2)
    _source(ax, lang, own=own)
    return fig


def progress_chart(row: pd.Series, observed: pd.DataFrame, as_of: int, lang: str = "en", ax=None):
    """One indicator as of a year (see :func:`draw_progress`).  Draws into ``ax`` when given;
    returns the figure."""
    lang = setup_fonts(lang)
    fig, ax, own = _figure_and_axes(ax, (6.4, 3.6))
    draw_progress(ax, row, observed, as_of, lang)
    ax.legend(fontsize=7, loc="best")
    if own:
        fig.subplots_adjust(bottom=0.2)
    _source(ax, lang, own=own)
    return fig


def progress_grid(rows: list, observed: list, as_of: int, lang: str = "en", columns: int = 3):
    """Small multiples: one panel per indicator, read together (and rendered once).  Always its
    own figure (a shared legend and layout); to put indicators into panels of your own, call
    :func:`progress_chart` with ``ax=`` per panel."""
    from matplotlib.figure import Figure

    lang = setup_fonts(lang)
    n = max(len(rows), 1)
    nrows = math.ceil(n / columns)
    fig = Figure(figsize=(4.1 * columns, 3.0 * nrows + 0.5))
    axes = fig.subplots(nrows, columns, squeeze=False).ravel()
    for ax, row, obs in zip(axes, rows, observed):
        draw_progress(ax, row, obs, as_of, lang, compact=True)
    for ax in axes[len(rows):]:
        ax.set_visible(False)
    handles = {}  # one legend entry per kind ("target 68" and "target >8" are both "target")
    for ax in axes[: len(rows)]:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            handles.setdefault(lab.split(" ")[0], h)
    fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=len(handles), fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, 0.02))
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    _source(axes[0], lang)
    return fig


def draw_progress(ax, row: pd.Series, observed: pd.DataFrame, as_of: int, lang: str, compact: bool = False) -> None:
    """Growth targets: the annual rates as bars, the target average, the actual chained average
    and the rate the remaining years require.  Level targets: the observed path, the straight
    required path from the base, the target line.  Both mark the as-of cut."""
    base_year, target_year = row["base_year"], int(row["target_year"])
    if row["target_kind"] == "avg_growth":
        if len(observed):
            ax.bar(observed["year"], observed["value"], color="#2166ac", width=0.6, label=t("observed", lang))
        ax.axhline(row["target_value"], color="#b2182b", ls="--",
                   label=f"{t('target', lang)} {_label_target(row['target_text'], lang)} ({'年均' if lang == 'zh' else 'period average'})")
        if pd.notna(row.get("actual_rate")):
            ax.axhline(row["actual_rate"], color="#053061", lw=1,
                       label=("实际年均" if lang == "zh" else "actual average") + f" {row['actual_rate']:.2f}")
        if pd.notna(row.get("remaining_rate")):
            years = list(range(int(row["latest_year"]) + 1, target_year + 1))
            ax.plot(years, [row["remaining_rate"]] * len(years), "s:", color="#ef8a62", label=t("required", lang))
        ax.set_ylabel("年增长率 (%)" if lang == "zh" else "annual growth (%)")
        ax.set_xlim(target_year - 5.6, max(target_year, as_of) + 0.6)
    else:
        if len(observed):
            ax.plot(observed["year"], observed["value"], "o-", color="#2166ac", label=t("observed", lang))
        if pd.notna(base_year) and pd.notna(row["base_value"]) and pd.notna(row["target_value"]):
            ax.plot([int(base_year)], [row["base_value"]], "o", color="#2166ac", mfc="white")
            # the required path starts where pace is measured: the base, or the first value after a basis break
            start_year, start = row.get("pace_base_year"), row.get("pace_base_value")
            if start_year is None or pd.isna(start_year):
                start_year, start = base_year, row["base_value"]
            ax.plot([int(start_year), target_year], [start, row["target_value"]], ":", color="#ef8a62", label=t("required", lang))
        if pd.notna(row["target_value"]):
            ax.axhline(row["target_value"], color="#b2182b", ls="--", lw=1, label=f"{t('target', lang)} {_label_target(row['target_text'], lang)}")
        ax.set_ylabel(_unit_label(row, lang))
        if pd.notna(base_year):
            ax.set_xlim(int(base_year) - 0.6, max(target_year, as_of) + 0.6)
    ax.axvline(as_of + 0.5, color="#777777", lw=0.8)
    ax.annotate(f"{t('as_of', lang)} {as_of}", xy=(as_of + 0.5, 1), xycoords=("data", "axes fraction"), fontsize=7,
                ha="right", va="top", color="#555555")
    if not compact:
        ax.set_xlabel(t("year", lang))
    title = f"{row['no']} {name(row, lang)}"
    ax.set_title(title if len(title) < 34 or not compact else title[:32] + "…", fontsize=9 if compact else 10)
    ax.xaxis.set_major_locator(_int_locator())


def _int_locator():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def forecast_chart(res, lang: str = "en", unit: str = "", ax=None):
    """History, the forecast reported (naive, labelled so, when no model beats it) with its 80/95 %
    bands and their backtest coverage, the linked target and, for an average-growth target, the
    rate the remaining years would need with the probability of reaching the target.  The title
    gives the last data year.  Draws into ``ax`` when given; returns the figure."""
    from ..models.forecast import MODEL_NAMES

    lang = setup_fonts(lang)
    zh = lang == "zh"
    fig, ax, own = _figure_and_axes(ax, (6.4, 3.6))
    h = res.history
    ax.plot(h["year"], h["value"], "o-", color="#2166ac", label=t("observed", lang))
    f = res.forecast
    if len(f):
        band80 = t("interval80", lang)
        if res.coverage_checks:
            hits = round(res.coverage80_backtest * res.coverage_checks)
            band80 += (f"(回测覆盖{res.coverage_checks}个中的{hits}个)" if zh
                       else f" (covered {hits} of {res.coverage_checks} in the backtest)")
        # the fan starts at the last observation (a one-year forecast would otherwise draw no band)
        start = h[h["year"] == res.last_year]["value"]
        fan = f
        if res.last_year is not None and len(start):
            value = float(start.iloc[-1])
            first = pd.DataFrame({"year": [res.last_year], "mean": [value], "lo80": [value], "hi80": [value], "lo95": [value], "hi95": [value]})
            fan = pd.concat([first, f[list(first.columns)]], ignore_index=True)
        ax.fill_between(fan["year"], fan["lo95"], fan["hi95"], color="#d1e5f0", label=t("interval95", lang))
        ax.fill_between(fan["year"], fan["lo80"], fan["hi80"], color="#92c5de", label=band80)
        if res.selection == "no_model_beats_naive":
            what = "朴素预测(没有模型优于它)" if zh else "naive forecast (no model beats it)"
        else:
            what = f"{t('forecast', lang)}({MODEL_NAMES[res.model][0]})" if zh else f"{t('forecast', lang)} ({res.model})"
        ax.plot(fan["year"], fan["mean"], "--", color="#053061")
        ax.plot(f["year"], f["mean"], "o", color="#053061", label=what)
    target = res.target
    if "value" in target and target.get("kind") != "avg_growth":
        ax.axhline(target["value"], color="#b2182b", ls="--", lw=1, label=f"{t('target', lang)} {target['text']}")
    elif "value" in target:
        ax.axhline(target["value"], color="#b2182b", ls="--", lw=1, label=f"{t('target', lang)} {target['text']} ({'年均' if zh else 'period average'})")
    need = getattr(res, "needed", None) or {}
    if need.get("kind") == "avg_growth" and len(f):
        years = [y for y in f["year"] if need["first_year"] <= y <= need["last_year"]]
        span = str(need["first_year"]) if need["first_year"] == need["last_year"] else f"{need['first_year']}-{need['last_year']}"
        chance = ""
        if math.isfinite(res.prob_meet):
            chance = f",实现概率{res.prob_meet:.0%}" if zh else f", P(target) = {res.prob_meet:.0%}"
        ax.plot(years, [need["value"]] * len(years), "v", color="#b2182b", ms=7,
                label=(f"所需增速({span}年):{need['value']:.1f}%{chance}" if zh else f"needed in {span}: {need['value']:.1f} %{chance}"))
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(unit)
    label = target.get("name_zh") if zh and target.get("name_zh") else res.series_id
    if res.last_year is not None:
        label += f"(数据截至{res.last_year}年)" if zh else f" (data up to {res.last_year})"
    ax.set_title(label, fontsize=10)
    ax.xaxis.set_major_locator(_int_locator())
    ax.legend(fontsize=7)
    if own:
        fig.subplots_adjust(bottom=0.2)
    _source(ax, lang, own=own)
    return fig


class ScenarioFigure:
    """A scenario chart that redraws by updating its artists (fast enough for a slider).  Given
    ``ax`` it redraws that axes only (clearing it first) and leaves the figure's layout alone."""

    def __init__(self, lang: str = "en", ax=None):
        self.lang = setup_fonts(lang)
        self.width_px = 640  # shown at its native size: a stretched PNG blurs
        if ax is not None:
            self.fig, self.ax = ax.get_figure(root=True), ax
            return
        from matplotlib.figure import Figure  # not pyplot: the app's figure never pops up twice

        self.fig = Figure(figsize=(6.4, 3.6), dpi=100)
        self.ax = self.fig.add_subplot()
        self.fig.subplots_adjust(bottom=0.2)

    def draw(self, results, no: str):
        ax, lang = self.ax, self.lang
        ax.clear()
        r = results.table[results.table["no"] == str(no)].iloc[0]
        inputs = results.inputs[results.inputs["no"] == str(no)].iloc[0]
        path = results.path(no)
        growth = inputs["mode"] == "rate"
        obs = path[path["series"] == "observed"]
        sc = path[path["series"] == "scenario"]
        rq = path[path["series"] == "required"]
        if growth:
            ax.bar(obs["year"], obs["value"], color="#2166ac", label=t("observed", lang))
            ax.bar(sc["year"], sc["value"], color="#67a9cf", label=t("scenario", lang))
            ax.plot(rq["year"], rq["value"], "s:", color="#ef8a62", label=t("required", lang))
            ax.axhline(r["target_value"], color="#b2182b", ls="--", lw=1, label=f"{t('target', lang)} {_label_target(r['target_text'], lang)} ({'年均' if lang == 'zh' else 'period average'})")
            if math.isfinite(r["value_at_target"]):
                ax.axhline(r["value_at_target"], color="#053061", lw=1, label=("情景下年均" if lang == "zh" else "scenario period average") + f" {r['value_at_target']:.2f}")
            ax.set_ylabel("年增长率 (%)" if lang == "zh" else "annual growth (%)")
        else:
            ax.plot(obs["year"], obs["value"], "o-", color="#2166ac", label=t("observed", lang))
            ax.plot(sc["year"], sc["value"], "o--", color="#67a9cf", label=t("scenario", lang))
            ax.plot(rq["year"], rq["value"], ":", color="#ef8a62", label=t("required", lang))
            ax.axhline(r["target_value"], color="#b2182b", ls="--", lw=1, label=f"{t('target', lang)} {_label_target(r['target_text'], lang)}")
            ax.set_ylabel(_unit_label(r, lang))
        ax.set_xlabel(t("year", lang))
        ax.set_title(f"{no} {name(r, lang)} - {results.scenario.name}", fontsize=10)
        ax.xaxis.set_major_locator(_int_locator())
        ax.legend(fontsize=7, loc="best")
        return self.fig

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png")
        return buf.getvalue()


def scenario_chart(results, no: str, lang: str = "en", ax=None):
    """One indicator under a scenario (:class:`ScenarioFigure`).  Draws into ``ax`` when given;
    returns the figure."""
    return ScenarioFigure(lang, ax).draw(results, no)


def style_status_table(df: pd.DataFrame, lang: str = "en"):
    """A pandas Styler colouring the status column (kept in the HTML export)."""
    status_col = "状态" if lang == "zh" else "status"

    def colour(value):
        for key, (zh, en) in STATUS.items():
            if value in (zh, en, key):
                return f"background-color: {STATUS_COLORS[key]}; color: black"
        return ""

    styler = df.style.map(colour, subset=[status_col]) if status_col in df else df.style
    # a fixed id instead of pandas' random one: two runs write identical HTML
    # escape="html": names, targets and notes are data; the cells and headers are escaped here
    return (styler.format(precision=2, na_rep="—", escape="html").format_index(escape="html", axis=1)
            .hide(axis="index").set_uuid("status"))


"""Charts people read: labelled axes with units, the target drawn, sources noted, CJK labels
that render.  matplotlib is imported on first use, not with the package, and pyplot not at all
(figures are plain ``Figure`` objects, rendered to PNG by the caller).

Every single-axes chart takes ``ax=None``: by default it makes its own figure (and lays it out);
given an Axes it draws into it -- title, legend and source line attached to that axes -- leaves
the caller's figure layout alone and returns the figure holding that axes, so analysts can
compose panels.

Chinese labels need a CJK font.  :func:`chart_style` looks for Noto Sans CJK (Debian's
``fonts-noto-cjk``) or another CJK face; when none is installed it warns once and every chart
falls back to English labels, so no chart ever shows empty boxes.  Targets and units are worded by
:mod:`.words` (its chart style: the plan's cell as printed in Chinese, read from its parsed fields
in English, never a CJK glyph on an English chart).  Each chart is drawn in its style -- fonts and
minus sign -- inside an ``rc_context`` (:func:`styled`), and its figure keeps that style wherever it
is drawn later (:mod:`.chart_figure`): matplotlib's global ``rcParams`` are never written.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import warnings
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core.numbers import DASH, FIXED, SIGNIFICANT, number, percent
from .colours import STATUS_COLORS, status_colours, text_on
from .messages import (
    ATTRIBUTE,
    CATALOGUE,
    LATIN_LANG,
    SERIES_NAME,
    STATUS,
    check_lang,
    name,
    needs_cjk,
    pick,
    say,
    status_label,
    t,
)
from .words import CHART, forecast_target, model_name, row_unit, target_words, unit_words

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
)


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
            # In place: the Agg renderer, text paths and font_manager.findfont hold this very
            # object since their import.  A new one assigned to font_manager.fontManager left them
            # on the stale list, drawing with DejaVu Sans in the process that rebuilt the cache
            # (empty boxes for Chinese, other text sizes) and with the CJK font in every later one.
            rebuilt = font_manager.FontManager()
            font_manager.fontManager.ttflist = rebuilt.ttflist
            font_manager.fontManager.afmlist = rebuilt.afmlist
            font_manager.FontManager._findfont_cached.cache_clear()
            with contextlib.suppress(OSError):
                font_manager.json_dump(
                    font_manager.fontManager,
                    os.path.join(matplotlib.get_cachedir(), f"fontlist-v{font_manager.FontManager.__version__}.json"),
                )
            found = find()
    return found


_warned = False  # the missing-font warning is said once per session (new_session)
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def new_session() -> None:
    """Start a new session (a reused kernel's next notebook): the missing-font warning, said once
    per session, is said again."""
    global _warned
    _warned = False


def chart_language(lang: str) -> str:
    """The language a chart's labels use for ``lang``: English when Chinese is asked for and no
    CJK font is installed (said once per session, as a warning)."""
    global _warned
    check_lang(lang)
    if cjk_font() or not needs_cjk(lang):
        return lang
    if not _warned:
        warnings.warn(
            "no CJK font installed (apt-get install fonts-noto-cjk): chart labels fall back to English", stacklevel=2
        )
        _warned = True
    return LATIN_LANG


def chart_style(lang: str) -> tuple[str, dict]:
    """The language of a chart's labels and the matplotlib settings it is drawn with: the CJK font
    first (Latin text falls back to DejaVu Sans) when one is installed, the ASCII minus sign.
    Applied in an ``rc_context`` and kept by the chart's figure (:mod:`.chart_figure`); the global
    ``rcParams`` are never written."""
    rc = {"axes.unicode_minus": False}
    font = cjk_font()
    if font:
        rc.update({"font.sans-serif": [font, "DejaVu Sans"], "font.family": "sans-serif"})
    return chart_language(lang), rc


def styled(draw):
    """Run a chart function (one with a ``lang`` argument) in its style (:func:`chart_style`):
    ``lang`` becomes the language the labels use, and matplotlib's settings hold while it draws."""
    import functools
    import inspect

    signature = inspect.signature(draw)

    @functools.wraps(draw)
    def chart(*args, **kwargs):
        import matplotlib

        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        bound.arguments["lang"], rc = chart_style(bound.arguments["lang"])
        with matplotlib.rc_context(rc):
            return draw(*bound.args, **bound.kwargs)

    return chart


def _subplots(figsize):
    """A figure and its axes without pyplot: no GUI state, nothing to close, and the kernel
    never imports pyplot's backend machinery (about 0.4 s per notebook).  The figure keeps the
    chart's style (:class:`.chart_figure.ChartFigure`)."""
    from .chart_figure import ChartFigure

    fig = ChartFigure(figsize=figsize)
    return fig, fig.add_subplot()


def _figure_and_axes(ax, figsize):
    """``(figure, axes, own)``: a new figure when ``ax`` is None, else the figure holding ``ax``
    (the root figure, which can be saved, when ``ax`` sits in a subfigure)."""
    if ax is None:
        return (*_subplots(figsize), True)
    return ax.get_figure(root=True), ax, False


# --- layout: every text inside the figure, legends off the data, heights that fit ---------------

PAD_IN = 0.06  # inches between stacked blocks (axis labels, legend, source line)
LEGEND_FONTSIZE = 7
SOURCE_FONTSIZE = 7
_TOKENS = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]|[^\s\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+\s*|\s+")


def _renderer(fig):
    return fig._get_renderer()


def _wrap(text: str, max_px: float, fontsize: float, renderer) -> str:
    """``text`` broken onto lines no wider than ``max_px`` as rendered (words stay whole; Chinese
    breaks between characters)."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(size=fontsize)

    def width(s: str) -> float:
        return renderer.get_text_width_height_descent(s, prop, ismath=False)[0]

    lines = []
    for paragraph in str(text).split("\n"):
        if width(paragraph) <= max_px:
            lines.append(paragraph)
            continue
        line = ""
        for token in _TOKENS.findall(paragraph):
            if line.strip() and width(line + token.rstrip()) > max_px:
                lines.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        lines.append(line.rstrip())
    return "\n".join(lines)


def _wrap_artist(artist, max_px: float, renderer) -> None:
    if artist.get_text():
        artist.set_text(_wrap(artist.get_text(), max_px, artist.get_fontsize(), renderer))


class _BelowXAxis:
    """Annotation coordinates for a source line under one axes (not the figure's corner, which
    panels share): x spans the axes, y is the bottom of the x-axis with its tick labels and
    label, and of the legend when it sits under the axes.  A class, not a closure, so that the
    figure still pickles."""

    def __init__(self, ax):
        self.ax = ax

    def __call__(self, renderer):
        from matplotlib.transforms import Bbox

        box, below = self.ax.bbox, self.ax.xaxis.get_tightbbox(renderer)
        bottom = box.y0 if below is None else min(below.y0, box.y0)
        legend = self.ax.get_legend()
        if legend is not None and legend.get_visible():
            extent = legend.get_window_extent(renderer)
            if extent.y1 <= box.y0 + 1:
                bottom = min(bottom, extent.y0)
        return Bbox.from_extents(box.x0, bottom, box.x1, bottom)


def _legend_below(ax, handles=None, labels=None, max_px: float | None = None):
    """The axes' legend under its x-axis (never over the data), in as many columns as fit in
    ``max_px`` (default: the axes' width); labels wider than that are wrapped."""
    from matplotlib.transforms import ScaledTranslation

    if handles is None:
        handles, labels = ax.get_legend_handles_labels()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    if not handles:
        return None
    fig = ax.get_figure(root=True)
    renderer = _renderer(fig)
    below = ax.xaxis.get_tightbbox(renderer)
    drop = max(0.0, ax.bbox.y0 - below.y0) / fig.dpi if below is not None else 0.0
    # fixed in inches under the axis: it follows the axes wherever the layout puts it
    anchor = ax.transAxes + ScaledTranslation(0, -(drop + PAD_IN), fig.dpi_scale_trans)
    max_px = max_px or ax.bbox.width
    legend = None
    for columns in range(len(handles), 0, -1):
        if legend is not None:
            legend.remove()
        placement = {
            "loc": "upper center",
            "bbox_to_anchor": (0.5, 0),
            "bbox_transform": anchor,
            "ncol": columns,
            "fontsize": LEGEND_FONTSIZE,
            "frameon": False,
            "borderaxespad": 0,
            "borderpad": 0.2,
            "columnspacing": 1.2,
            "handlelength": 1.8,
        }
        legend = ax.legend(handles, labels, **placement)
        legend.placement = placement  # for a redraw in the same place (ScenarioFigure)
        if legend.get_window_extent(renderer).width <= max_px:
            return legend
    text_px = max_px - (
        legend.get_window_extent(renderer).width - max(t.get_window_extent(renderer).width for t in legend.get_texts())
    )
    for text in legend.get_texts():
        _wrap_artist(text, max(text_px, 40), renderer)
    return legend


def _source_text(lang: str, observed: bool) -> str:
    return t("source_plan", lang) + ("; " + t("chart.source_observed", lang) if observed else "")


def _source(ax, lang: str, observed: bool = True, own: bool = True):
    """The source line: at the foot of a chart's own figure (outside its layout, which keeps room
    for it), under ``ax`` and its legend in someone else's."""
    return _note(ax, _source_text(lang, observed), own)


def _note(ax, text: str, own: bool = True):
    """A note (the source line): at the foot of a chart's own figure, under ``ax`` and its legend
    in someone else's."""
    if own:
        return _foot_note(ax, text)
    fig = ax.get_figure(root=True)
    return ax.annotate(
        _wrap(text, ax.bbox.width, SOURCE_FONTSIZE, _renderer(fig)),
        xy=(0, 0),
        xycoords=_BelowXAxis(ax),
        xytext=(0, -3),
        textcoords="offset points",
        fontsize=SOURCE_FONTSIZE,
        color="#555555",
        ha="left",
        va="top",
    )


def _foot_note(ax, text: str):
    """A line at the foot of the figure, left out of the layout (:func:`_lay_out` keeps room for it)."""
    note = ax.annotate(
        text,
        xy=(0, 0),
        xycoords="figure fraction",
        xytext=(6, 4),
        textcoords="offset points",
        fontsize=SOURCE_FONTSIZE,
        color="#555555",
        ha="left",
        va="bottom",
    )
    note.set_in_layout(False)
    return note


def _wrap_labels(ax, renderer) -> None:
    """Title and axis labels no wider (taller) than their axes."""
    fig = ax.get_figure(root=True)
    _wrap_artist(ax.title, max(ax.bbox.width, 0.55 * fig.bbox.width), renderer)
    _wrap_artist(ax.xaxis.label, ax.bbox.width, renderer)
    _wrap_artist(ax.yaxis.label, ax.bbox.height, renderer)


LAYOUT_PAD = 0.4  # around the figure's texts, in font sizes (as ``tight_layout(pad=0.4)``)


def _pad_px(fig) -> float:
    import matplotlib

    return LAYOUT_PAD * matplotlib.rcParams["font.size"] / 72 * fig.dpi


def _place(fig, ax, left: float, bottom: float, width: float, height: float) -> None:
    """The axes at (left, bottom) with the given size, in pixels of the figure."""
    box = fig.bbox
    ax.set_position([left / box.width, bottom / box.height, width / box.width, height / box.height])


def _size_for(fig, ax, data_height: float | None) -> None:
    """Before anything is measured: the figure as tall as the axes' data area needs, with the
    margins it has now (tick locators and wrapped y labels depend on the axes' height)."""
    if data_height is None:
        return
    margins = fig.get_figheight() - ax.get_position().height * fig.get_figheight()
    fig.set_size_inches(fig.get_figwidth(), data_height + margins)
    below = ax.get_position().y0 * fig.get_figheight()
    dpi = fig.dpi
    _place(fig, ax, ax.bbox.x0, below * dpi, ax.bbox.width, data_height * dpi)


def _lay_out(fig, ax, note=None, data_height: float | None = None) -> None:
    """Lay out a chart's own figure in one measurement: the axes' decorations (tick labels, axis
    labels, title, legend; texts left out of the layout excepted) measured once, in pixels around
    the axes, which a change of figure size leaves alone; the axes placed so that they fit with
    ``LAYOUT_PAD`` around them and the foot note (source line) below, and -- given
    ``data_height`` (inches) -- the figure as tall as that data area plus its decorations, so no
    chart carries blank bands."""
    renderer = _renderer(fig)
    pad = _pad_px(fig)
    foot = note.get_window_extent(renderer).height + 2 * PAD_IN * fig.dpi if note is not None else 0.0
    box, tight = ax.bbox, ax.get_tightbbox(renderer, for_layout_only=True)
    left, right = max(box.x0 - tight.x0, 0.0), max(tight.x1 - box.x1, 0.0)
    below, above = max(box.y0 - tight.y0, 0.0), max(tight.y1 - box.y1, 0.0)
    width = fig.bbox.width - 2 * pad - left - right
    if data_height is None:
        height = fig.bbox.height - foot - 2 * pad - below - above
    else:
        height = data_height * fig.dpi
        fig.set_size_inches(fig.get_figwidth(), (foot + 2 * pad + below + height + above) / fig.dpi)
    _place(fig, ax, pad + left, foot + pad + below, width, height)


def _finish(
    fig,
    ax,
    lang: str,
    own: bool,
    observed: bool = True,
    data_height: float | None = None,
    handles=None,
    labels=None,
    source: bool = True,
    note: str | None = None,
):
    """Labels wrapped to the axes, the legend under the x-axis, the source line (unless
    ``source=False``; ``note`` goes above it), and for a chart's own figure a layout that fits
    (:func:`_lay_out`).  Returns the legend and the source line."""
    renderer = _renderer(fig)
    width = None
    if own:  # the axes' width first: its y-axis decorations measured, the rest estimated
        _size_for(fig, ax, data_height)
        _wrap_artist(ax.yaxis.label, ax.bbox.height, renderer)
        pad = _pad_px(fig)
        yaxis = ax.yaxis.get_tightbbox(renderer, for_layout_only=True)
        left = max(ax.bbox.x0 - yaxis.x0, 0.0) if yaxis is not None else 0.0
        _place(fig, ax, pad + left, ax.bbox.y0, fig.bbox.width - 2 * pad - left, ax.bbox.height)
        # the legend centred under the axes and inside the figure
        width = 2 * min(ax.bbox.x0 + ax.bbox.width / 2, fig.bbox.width - ax.bbox.x0 - ax.bbox.width / 2) - 12
    _wrap_labels(ax, renderer)
    legend = _legend_below(ax, handles, labels, max_px=width)
    text = "\n".join(part for part in (note, _source_text(lang, observed) if source else None) if part)
    foot = _note(ax, text, own) if text else None
    if own:
        if foot is not None:
            _wrap_artist(foot, fig.bbox.width - 12, renderer)
        _lay_out(fig, ax, foot, data_height)
    return legend, foot


# --- words on charts -------------------------------------------------------------------------------


def _target_label(row, lang: str) -> str:
    """'target >8' / 'target over 8': the target line's legend entry (report.words, chart style)."""
    return f"{t('target', lang)} {target_words(row, lang, CHART)}"


def _period_target(row, lang: str) -> str:
    """'target >8 (period average)': an average-growth target's legend entry."""
    return say("chart.period_average", lang, label=_target_label(row, lang))


def _growth_axis(lang: str) -> str:
    return t("chart.axis.growth", lang)


def _number(x: float) -> str:
    return number(x, SIGNIFICANT)


# --- the 13th plan: target vs outcome --------------------------------------------------------------

OUTCOME_INDEX_CAP = 200.0  # the scale ends here; a value beyond is marked at the cap with its real value
ROW_IN = 0.3  # inches per indicator row (room for a name on two lines)


def outcome_index(df: pd.DataFrame) -> pd.Series:
    """Outcome as % of target, oriented so that more is better (lower-is-better inverted).  A
    lower-is-better outcome of 0 is infinitely better than any target: ``inf`` (drawn at the end
    of the scale, marked); a higher-is-better outcome of 0 is 0 %."""
    out = []
    for _, r in df.iterrows():
        a, tv = r.get("latest_value"), r.get("target_value")
        if pd.isna(a) or pd.isna(tv) or tv == 0:
            out.append(np.nan)
        elif r["direction"] == "lower":
            out.append(math.inf if a == 0 else 100.0 * tv / a)
        else:
            out.append(100.0 * a / tv)
    return pd.Series(out, index=df.index, dtype=float)


def _tolerance_edge(row) -> float | None:
    """For a 左右 ("about") target, the outcome index of the furthest value the assessment accepts,
    by the assessment's own rule and unit (a growth target's tolerance is in pp whatever the unit
    of its levels), so the chart shows the band a verdict stands on."""
    from ..models.assess import comparison_unit
    from ..models.growth import approx_tolerance

    tv = row.get("target_value")
    if row.get("comparator") != "~" or pd.isna(tv) or tv == 0:
        return None
    tol = approx_tolerance(float(tv), comparison_unit(row))
    worst = tv - tol if row["direction"] == "higher" else tv + tol
    return 100.0 * worst / tv if row["direction"] == "higher" else 100.0 * tv / worst


@styled
def dumbbell_13th(results: pd.DataFrame, lang: str = "en", ax=None):
    """Target (100) vs outcome for every assessable 专栏1 row, grouped by category.  The dot's
    colour is the row's status from the assessment (never judged here); a 左右 target shows the
    band its tolerance accepts; an outcome beyond the scale (or a lower-is-better outcome of 0) is
    drawn at the end of the scale as a triangle with its real value.  Draws into ``ax`` when
    given (see the module docstring); returns the figure."""
    from matplotlib.patches import Patch

    df = results[results["status"] != "not_assessable"].copy()
    df["index"] = outcome_index(df)
    df = df.dropna(subset=["index"])
    df = df.sort_values(["category_en", "index"], ascending=[True, True], kind="stable")
    n = len(df)
    fig, ax, own = _figure_and_axes(ax, (9, ROW_IN * n + 1.8))
    renderer = _renderer(fig)
    labels = [_wrap(f"{r['no']} {name(r, lang)}", 2.9 * fig.dpi, 7, renderer) for _, r in df.iterrows()]
    y = np.arange(n)
    shown = df["index"].clip(upper=OUTCOME_INDEX_CAP).to_numpy()
    capped = (df["index"] > OUTCOME_INDEX_CAP).to_numpy()
    colors = np.array([STATUS_COLORS[s] for s in df["status"]])
    edges = [_tolerance_edge(r) for _, r in df.iterrows()]
    tolerance_label = t("chart.tolerance", lang)
    for yi, edge in zip(y, edges, strict=True):
        if edge is not None:
            ax.barh(yi, 100 - edge, left=edge, height=0.7, color="#fee08b", lw=0, zorder=1, label=tolerance_label)
            tolerance_label = "_nolegend_"
    ax.hlines(y, 100, shown, color="#999999", lw=1.5, zorder=2)
    ax.scatter(np.full(n, 100), y, color="#444444", marker="|", s=120, label=t("target", lang), zorder=3)
    ax.scatter(shown[~capped], y[~capped], color=colors[~capped], s=36, zorder=4, gid="outcome")
    if capped.any():
        ax.scatter(
            shown[capped],
            y[capped],
            color=colors[capped],
            marker=">",
            s=70,
            edgecolor="#222222",
            lw=0.6,
            zorder=4,
            gid="capped",
            label=t("chart.beyond_scale", lang),
        )
        for yi, (_, r) in zip(y[capped], df[capped].iterrows(), strict=True):
            if math.isinf(r["index"]):
                text = say(
                    "chart.zero_outcome", lang, value=_number(r["latest_value"]), target=target_words(r, lang, CHART)
                )
            else:
                text = say("chart.capped", lang, value=number(r["index"], FIXED, 0))
            ax.annotate(
                text,
                xy=(OUTCOME_INDEX_CAP, yi),
                xytext=(-9, 0),
                textcoords="offset points",
                ha="right",
                va="center",
                fontsize=7,
                zorder=5,
                gid=f"capped:{r['no']}",
                bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none"},
            )
    ax.axvline(100, color="#444444", lw=0.8, ls="--", zorder=1)
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_ylim(n - 0.5, -0.5)  # the first row at the top
    ax.set_xlim(0, OUTCOME_INDEX_CAP + 8)
    ax.set_xticks(np.arange(0, OUTCOME_INDEX_CAP + 1, 50))
    ax.set_xlabel(t("outcome_index", lang))
    ax.set_title(t("chart.title.review", lang))
    handles, names = ax.get_legend_handles_labels()
    for status in [s for s in STATUS_COLORS if s in set(df["status"])]:
        handles.append(Patch(color=STATUS_COLORS[status]))
        names.append(status_label(status, lang))
    _finish(fig, ax, lang, own, observed=False, data_height=ROW_IN * n, handles=handles, labels=names)
    return fig


@styled
def status_counts_chart(results: pd.DataFrame, lang: str = "en", title: str | None = None, ax=None):
    """Horizontal bar of indicators per status, binding vs expected stacked, the count at the end
    of each bar.  Draws into ``ax`` when given; returns the figure."""
    from matplotlib.patches import Patch

    if not title or (not needs_cjk(lang) and _CJK.search(title)):
        title = t("chart.title.status_counts", lang)  # no CJK font: a Chinese title would print as empty boxes
    order = [s for s in STATUS_COLORS if s in set(results["status"])]
    counts = pd.crosstab(results["status"], results["attribute"]).reindex(order, fill_value=0)
    fig, ax, own = _figure_and_axes(ax, (7, 0.4 * len(order) + 1.6))
    left = np.zeros(len(order))
    names = [status_label(s, lang) for s in order]
    handles = []
    for attr, hatch in (("binding", "//"), ("expected", "")):
        if attr not in counts:
            continue
        vals = counts[attr].to_numpy()
        ax.barh(
            names,
            vals,
            left=left,
            color=[STATUS_COLORS[s] for s in order],
            hatch=hatch,
            edgecolor="white",
            label=pick(ATTRIBUTE[attr], lang),
        )
        handles.append(Patch(facecolor="#bdbdbd", hatch=hatch, edgecolor="white", label=pick(ATTRIBUTE[attr], lang)))
        left += vals
    for yi, total in enumerate(left):
        ax.annotate(
            number(total, FIXED, 0), xy=(total, yi), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
        )
    ax.set_xlim(0, max(left.max(), 1) * 1.12)
    ax.xaxis.set_major_locator(_int_locator())
    ax.set_xlabel(t("count", lang))
    ax.invert_yaxis()
    ax.set_title(title)
    _finish(fig, ax, lang, own, data_height=0.4 * len(order), handles=handles, labels=[h.get_label() for h in handles])
    return fig


# --- the 14th plan: progress -----------------------------------------------------------------------

PANEL_IN = (6.4, 2.4)  # a single chart's data area, inches


@styled
def progress_chart(row: pd.Series, observed: pd.DataFrame, as_of: int, lang: str = "en", ax=None):
    """One indicator as of a year (see :func:`draw_progress`).  Draws into ``ax`` when given;
    returns the figure."""
    fig, ax, own = _figure_and_axes(ax, (6.4, 3.8))
    draw_progress(ax, row, observed, as_of, lang)
    _finish(fig, ax, lang, own, data_height=PANEL_IN[1])
    return fig


# one legend entry per kind of line in a grid of panels ("target 68" and "target >8" are both "target")
_KINDS = ("observed", "target", "actual", "required")


def _kind_label(kind: str, lang: str) -> str:
    return t("chart.legend.actual", lang) if kind == "actual" else t(kind, lang)


@styled
def progress_grid(rows: list, observed: list, as_of: int, lang: str = "en", columns: int = 3):
    """Small multiples: one panel per indicator, read together (and rendered once).  Always its
    own figure (a shared legend and layout); to put indicators into panels of your own, call
    :func:`progress_chart` with ``ax=`` per panel."""
    from matplotlib.transforms import ScaledTranslation

    from .chart_figure import ChartFigure

    n = max(len(rows), 1)
    nrows = math.ceil(n / columns)
    fig = ChartFigure(figsize=(4.1 * columns, 3.0 * nrows + 0.6))
    axes = fig.subplots(nrows, columns, squeeze=False).ravel()
    for ax, row, obs in zip(axes, rows, observed, strict=False):
        draw_progress(ax, row, obs, as_of, lang, compact=True)
    for ax in axes[len(rows) :]:
        ax.set_visible(False)
    handles = {}
    for ax in axes[: len(rows)]:
        for artist in ax.get_children():
            kind = artist.get_gid()
            if kind in _KINDS and kind not in handles:
                handles[kind] = artist
    kinds = [k for k in _KINDS if k in handles]
    renderer = _renderer(fig)
    source = _source(axes[0], lang)
    _wrap_artist(source, fig.bbox.width - 12, renderer)
    source_height = source.get_window_extent(renderer).height / fig.dpi + 2 * PAD_IN
    # the shared legend stands on the source line, the panels above both
    legend = fig.legend(
        [handles[k] for k in kinds],
        [_kind_label(k, lang) for k in kinds],
        loc="lower center",
        ncol=len(kinds),
        fontsize=8,
        frameon=False,
        bbox_to_anchor=(0.5, 0),
        bbox_transform=fig.transFigure + ScaledTranslation(0, source_height, fig.dpi_scale_trans),
    )
    bottom = source_height + legend.get_window_extent(renderer).height / fig.dpi + PAD_IN
    rect = (0, bottom / fig.get_figheight(), 1, 1)
    panels = axes[: len(rows)]
    width = _panel_width(fig, panels, columns, renderer)
    for ax in panels:  # wrapped before the layout, to the width the panels will have
        _wrap_artist(ax.title, width, renderer)
    # one layout; a second only when a title or label still had to be wrapped to its panel
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            fig.tight_layout(pad=0.4, h_pad=0.9, rect=rect)
        texts = [text for ax in axes[: len(rows)] for text in (ax.title, ax.yaxis.label)]
        before = [text.get_text() for text in texts]
        for ax in axes[: len(rows)]:
            _wrap_artist(ax.title, ax.bbox.width, renderer)
            _wrap_artist(ax.yaxis.label, ax.bbox.height, renderer)
        if [text.get_text() for text in texts] == before:
            break
    return fig


def _panel_width(fig, panels, columns: int, renderer) -> float:
    """The width (pixels) a grid's panels will have once laid out: the figure's width shared by
    the columns, each less the widest y-axis decorations (tick labels and label, measured once)."""
    pad = _pad_px(fig)
    widest = 0.0
    for ax in panels:
        box = ax.yaxis.get_tightbbox(renderer, for_layout_only=True)
        if box is not None:
            widest = max(widest, ax.bbox.x0 - box.x0)
    return (fig.bbox.width - (columns + 1) * pad) / columns - widest


def draw_progress(ax, row: pd.Series, observed: pd.DataFrame, as_of: int, lang: str, compact: bool = False) -> None:
    """Growth targets: the annual rates as bars, the target average, the actual chained average
    and the rate the remaining years require.  Level targets: the observed path, the straight
    required path from the base, the target line.  Both mark the as-of cut.  Each artist's
    ``gid`` names its kind (observed, target, actual, required) for a shared legend."""
    if row["target_kind"] == "avg_growth":
        _draw_growth_progress(ax, row, observed, as_of, lang)
    else:
        _draw_level_progress(ax, row, observed, as_of, lang)
    ax.axvline(as_of + 0.5, color="#777777", lw=0.8)
    ax.annotate(
        f"{t('as_of', lang)} {as_of}",
        xy=(as_of + 0.5, 1),
        xycoords=("data", "axes fraction"),
        xytext=(-2, -2),
        textcoords="offset points",
        fontsize=7,
        ha="right",
        va="top",
        color="#555555",
    )
    if not compact:
        ax.set_xlabel(t("year", lang))
    ax.set_title(f"{row['no']} {name(row, lang)}", fontsize=9 if compact else 10)
    ax.xaxis.set_major_locator(_int_locator())


def _draw_growth_progress(ax, row: pd.Series, observed: pd.DataFrame, as_of: int, lang: str) -> None:
    """An average-growth target: the annual rates as bars, the target average, the actual chained
    average and the rate the remaining years require."""
    target_year = int(row["target_year"])
    if len(observed):
        ax.bar(
            observed["year"],
            observed["value"],
            color="#2166ac",
            width=0.6,
            label=t("observed", lang),
            gid="observed",
        )
    ax.axhline(row["target_value"], color="#b2182b", ls="--", label=_period_target(row, lang), gid="target")
    if pd.notna(row.get("actual_rate")):
        ax.axhline(
            row["actual_rate"],
            color="#053061",
            lw=1,
            label=say("chart.actual_average", lang, value=number(row["actual_rate"], FIXED)),
            gid="actual",
        )
    if pd.notna(row.get("remaining_rate")):
        years = list(range(int(row["latest_year"]) + 1, target_year + 1))
        ax.plot(
            years,
            [row["remaining_rate"]] * len(years),
            "s:",
            color="#ef8a62",
            label=t("required", lang),
            gid="required",
        )
    ax.set_ylabel(_growth_axis(lang))
    ax.set_xlim(target_year - 5.6, max(target_year, as_of) + 0.6)


def _draw_level_progress(ax, row: pd.Series, observed: pd.DataFrame, as_of: int, lang: str) -> None:
    """A level target: the observed path, the straight required path from the base (or from the
    first value after a basis break), the target line."""
    base_year, target_year = row["base_year"], int(row["target_year"])
    if len(observed):
        ax.plot(observed["year"], observed["value"], "o-", color="#2166ac", label=t("observed", lang), gid="observed")
    if pd.notna(base_year) and pd.notna(row["base_value"]) and pd.notna(row["target_value"]):
        ax.plot([int(base_year)], [row["base_value"]], "o", color="#2166ac", mfc="white")
        # the required path starts where pace is measured: the base, or the first value after a basis break
        start_year, start = row.get("pace_base_year"), row.get("pace_base_value")
        if start_year is None or pd.isna(start_year):
            start_year, start = base_year, row["base_value"]
        ax.plot(
            [int(start_year), target_year],
            [start, row["target_value"]],
            ":",
            color="#ef8a62",
            label=t("required", lang),
            gid="required",
        )
    if pd.notna(row["target_value"]):
        ax.axhline(row["target_value"], color="#b2182b", ls="--", lw=1, label=_target_label(row, lang), gid="target")
    ax.set_ylabel(row_unit(row, lang, CHART))
    if pd.notna(base_year):
        ax.set_xlim(int(base_year) - 0.6, max(target_year, as_of) + 0.6)


def _int_locator():
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


# --- forecasts and scenarios -----------------------------------------------------------------------


@styled
def forecast_chart(res, lang: str = "en", unit: str = "", ax=None):
    """History, the forecast reported (naive, labelled so, when no model beats it) with its 80/95 %
    bands and their backtest coverage, the linked target and, for an average-growth target, the
    rate the remaining years would need with the probability of reaching the target.  The title
    names the indicator and gives the last data year; ``unit`` is the series' unit as stored
    (shown in the chart's language).  Draws into ``ax`` when given; returns the figure."""
    fig, ax, own = _figure_and_axes(ax, (6.4, 3.8))
    h = res.history
    ax.plot(h["year"], h["value"], "o-", color="#2166ac", label=t("observed", lang))
    f = res.forecast
    if len(f):
        band80 = t("interval80", lang)
        if res.coverage_checks:
            hits = round(res.coverage80_backtest * res.coverage_checks)
            band80 = say("chart.band_coverage", lang, band=band80, n=res.coverage_checks, hits=hits)
        # the fan starts at the last observation (a one-year forecast would otherwise draw no band)
        start = h[h["year"] == res.last_year]["value"]
        fan = f
        if res.last_year is not None and len(start):
            value = float(start.iloc[-1])
            first = pd.DataFrame(
                {
                    "year": [res.last_year],
                    "mean": [value],
                    "lo80": [value],
                    "hi80": [value],
                    "lo95": [value],
                    "hi95": [value],
                }
            )
            fan = pd.concat([first, f[list(first.columns)]], ignore_index=True)
        ax.fill_between(fan["year"], fan["lo95"], fan["hi95"], color="#d1e5f0", label=t("interval95", lang))
        ax.fill_between(fan["year"], fan["lo80"], fan["hi80"], color="#92c5de", label=band80)
        if res.selection == "no_model_beats_naive":
            what = t("chart.naive_forecast", lang)
        else:
            what = say("chart.model_forecast", lang, model=model_name(res.model, lang))
        ax.plot(fan["year"], fan["mean"], "--", color="#053061")
        ax.plot(f["year"], f["mean"], "o", color="#053061", label=what)
    target = res.target
    if "value" in target:
        row = forecast_target(target)
        label = _period_target(row, lang) if target.get("kind") == "avg_growth" else _target_label(row, lang)
        ax.axhline(target["value"], color="#b2182b", ls="--", lw=1, label=label)
    need = getattr(res, "needed", None) or {}
    if need.get("kind") == "avg_growth" and len(f):
        years = [y for y in f["year"] if need["first_year"] <= y <= need["last_year"]]
        span = (
            str(need["first_year"])
            if need["first_year"] == need["last_year"]
            else f"{need['first_year']}-{need['last_year']}"
        )
        if math.isfinite(res.prob_meet):
            label = say(
                "chart.needed_chance",
                lang,
                span=span,
                value=number(need["value"], FIXED, 1),
                chance=percent(res.prob_meet),
            )
        else:
            label = say("chart.needed", lang, span=span, value=number(need["value"], FIXED, 1))
        ax.plot(years, [need["value"]] * len(years), "v", color="#b2182b", ms=7, label=label)
    ax.set_xlabel(t("year", lang))
    ax.set_ylabel(unit_words(unit, lang, style=CHART))
    title = target.get(f"name_{lang}")
    if not title:
        title = pick(SERIES_NAME[res.series_id], lang) if res.series_id in SERIES_NAME else res.series_id
    if res.last_year is not None:
        title = say("chart.data_up_to", lang, name=title, year=res.last_year)
    ax.set_title(title, fontsize=10)
    ax.xaxis.set_major_locator(_int_locator())
    _finish(fig, ax, lang, own, data_height=PANEL_IN[1])
    return fig


def _scenario_name(name_: str, lang: str) -> str:
    """A preset's name in the chart's language (a name of the user's own is shown as given)."""
    key = f"chart.preset.{name_}"
    return t(key, lang) if key in CATALOGUE else name_


class ScenarioFigure:
    """A scenario chart that redraws by updating its artists (fast enough for a slider).  Given
    ``ax`` it redraws that axes only (clearing it first) and leaves the figure's layout alone.
    ``source``: the source line under the chart (a page's figure); the what-if app's live chart
    goes without it (its page cites the data once), which keeps a slider step's PNG small."""

    def __init__(self, lang: str = "en", ax=None, source: bool = False):
        self.lang, self.style = chart_style(lang)
        self.source = source
        self.width_px = 640  # shown at its native size: a stretched PNG blurs
        self.own = ax is None
        self._layout = None  # the last full layout: what it was for, and what it placed
        if ax is not None:
            self.fig, self.ax = ax.get_figure(root=True), ax
            return
        import matplotlib

        from .chart_figure import ChartFigure  # not pyplot: the app's figure never pops up twice

        with matplotlib.rc_context(self.style):
            self.fig = ChartFigure(figsize=(6.4, 3.8), dpi=100)
            self.ax = self.fig.add_subplot()

    def draw(self, results, no: str):
        """Indicator ``no`` under the scenario ``results``, in the chart's style; returns the
        figure."""
        import matplotlib

        with matplotlib.rc_context(self.style):
            return self._draw(results, no)

    def _draw(self, results, no: str):
        ax, lang = self.ax, self.lang
        ax.clear()
        r = results.table[results.table["no"] == str(no)].iloc[0]
        inputs = results.inputs[results.inputs["no"] == str(no)].iloc[0]
        path = results.path(no)
        growth = inputs["mode"] == "rate"
        # the target's fields the result table leaves out (its comparator and range are the inputs')
        target = {
            **r,
            "comparator": inputs["comparator"],
            "target_high": inputs["target_high"],
            "target_kind": r.get("target_kind", "avg_growth" if growth else None),
        }
        obs = path[path["series"] == "observed"]
        sc = path[path["series"] == "scenario"]
        rq = path[path["series"] == "required"]
        if growth:
            ax.bar(obs["year"], obs["value"], color="#2166ac", label=t("observed", lang))
            ax.bar(sc["year"], sc["value"], color="#67a9cf", label=t("scenario", lang))
            ax.plot(rq["year"], rq["value"], "s:", color="#ef8a62", label=t("required", lang))
            ax.axhline(r["target_value"], color="#b2182b", ls="--", lw=1, label=_period_target(target, lang))
            if math.isfinite(r["value_at_target"]):
                ax.axhline(
                    r["value_at_target"],
                    color="#053061",
                    lw=1,
                    label=say("chart.scenario_average", lang, value=number(r["value_at_target"], FIXED)),
                )
            ax.set_ylabel(_growth_axis(lang))
        else:
            ax.plot(obs["year"], obs["value"], "o-", color="#2166ac", label=t("observed", lang))
            ax.plot(sc["year"], sc["value"], "o--", color="#67a9cf", label=t("scenario", lang))
            ax.plot(rq["year"], rq["value"], ":", color="#ef8a62", label=t("required", lang))
            ax.axhline(r["target_value"], color="#b2182b", ls="--", lw=1, label=_target_label(target, lang))
            ax.set_ylabel(row_unit(r, lang, CHART))
        ax.set_xlabel(t("year", lang))
        ax.set_title(
            say(
                "chart.with_scenario",
                lang,
                name=f"{no} {name(r, lang)}",
                scenario=_scenario_name(results.scenario.name, lang),
            ),
            fontsize=10,
        )
        ax.xaxis.set_major_locator(_int_locator())
        key = (str(no), results.scenario.name, ax.get_title(), ax.get_xlabel(), ax.get_ylabel())
        if self.own and self._layout is not None and self._layout["key"] == key and self._redraw(ax):
            return self.fig
        if self.own:
            self.fig.set_size_inches(6.4, 3.8)
        legend, note = _finish(self.fig, ax, lang, self.own, data_height=PANEL_IN[1], source=self.source)
        self._layout = {
            "key": key,
            "title": ax.get_title(),
            "xlabel": ax.get_xlabel(),
            "ylabel": ax.get_ylabel(),
            "legend": getattr(legend, "placement", None),
            "source": note.get_text() if note else None,
        }
        return self.fig

    def _redraw(self, ax) -> bool:
        """A slider step on the same chart: the layout, the wrapped labels, the legend's place and
        columns stay (a full layout measures every text several times); only y tick labels grown
        past the figure's edge call for a new layout (returns False)."""
        box = ax.yaxis.get_tightbbox(_renderer(self.fig))
        if box is not None and box.x0 < 0:
            return False
        layout = self._layout
        ax.title.set_text(layout["title"])
        ax.xaxis.label.set_text(layout["xlabel"])
        ax.yaxis.label.set_text(layout["ylabel"])
        if layout["legend"] is not None:
            ax.legend(*ax.get_legend_handles_labels(), **layout["legend"])
        if layout["source"]:
            _foot_note(ax, layout["source"])
        return True

    def png(self) -> bytes:
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png")
        return buf.getvalue()


def scenario_chart(results, no: str, lang: str = "en", ax=None):
    """One indicator under a scenario (:class:`ScenarioFigure`).  Draws into ``ax`` when given;
    returns the figure."""
    return ScenarioFigure(lang, ax, source=True).draw(results, no)


# --- every indicator across as-of years ------------------------------------------------------------

HEAT_ROW_IN = 0.3


# the heavy modules a chart imports on first use (seaborn pulls in scipy): a long-lived kernel
# that will draw it imports them while it warms up (report.runner.in_kernel)
LAZY_IMPORTS = {"status_heatmap": ("seaborn",)}

# statuses that, the same in every year, leave nothing to read across years: such rows are folded
FOLDED_STATUSES = ("no_data", "not_quantified")


def _fold(statuses: pd.DataFrame, years: list, fold) -> tuple[pd.DataFrame, dict[str, int]]:
    """The rows to draw, and how many rows were left out per status: those whose status is the
    same status of ``fold`` in every year."""
    if not years:
        return statuses, {}
    codes = statuses[years]
    first = codes.iloc[:, 0]
    folded = codes.eq(first, axis=0).all(axis=1) & first.isin(fold)
    counts = first[folded].value_counts()
    return statuses[~folded], {s: int(counts[s]) for s in fold if s in counts}


def heatmap_rows(statuses: pd.DataFrame, fold=FOLDED_STATUSES) -> pd.DataFrame:
    """The rows :func:`status_heatmap` draws, in its order (those it folds left out)."""
    years = [c for c in statuses.columns if isinstance(c, (int, np.integer))]
    return _fold(statuses, years, fold)[0]


def _fold_note(counts: dict[str, int], lang: str) -> str | None:
    """ "Not shown: 33 rows without data in any year; 4 rows whose target has no number"."""
    if not counts:
        return None
    parts = []
    for status, n in counts.items():
        key = f"chart.heatmap.folded.{status}"
        parts.append(say(f"{key}.one" if n == 1 and f"{key}.one" in CATALOGUE else key, lang, n=n))
    return say("chart.heatmap.folded", lang, parts=t("chart.heatmap.folded_sep", lang).join(parts))


@styled
def status_heatmap(statuses: pd.DataFrame, lang: str = "en", title: str | None = None, ax=None, fold=FOLDED_STATUSES):
    """Every indicator (rows) by as-of year (columns): the cell's colour is the status the
    assessment gave as of that year (colours.STATUS_COLORS), its text the status in a short word;
    a legend gives each colour's full status.  ``statuses`` is
    :func:`shanxi_analysis.models.timeline.status_by_year` (one truth: the assessment's own
    status column, never judged again here).  Rows whose status is the same one of ``fold`` in
    every year (no data, no number in the outline) show nothing across years: they are left out,
    and a note under the chart says how many and why (``fold=()`` draws every row).  Drawn with
    seaborn when it is installed, with matplotlib alone otherwise.  Draws into ``ax`` when given;
    returns the figure."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    if not title or (not needs_cjk(lang) and _CJK.search(title)):
        title = t("chart.title.heatmap", lang)
    years = [c for c in statuses.columns if isinstance(c, (int, np.integer))]
    statuses, folded = _fold(statuses, years, fold)
    codes = statuses[years]
    order = [s for s in STATUS_COLORS if s in set(codes.stack())]
    position = {s: i for i, s in enumerate(order)}
    values = codes.apply(lambda col: col.map(position)).to_numpy(dtype=float)
    words = codes.apply(
        lambda col: col.map(lambda s: t(f"chart.short.{s}", lang) if isinstance(s, str) else "—")
    ).to_numpy()
    n = len(statuses)
    fig, ax, own = _figure_and_axes(ax, (4.2 + 1.0 * len(years), HEAT_ROW_IN * n + 1.8))
    renderer = _renderer(fig)
    labels = [_wrap(f"{r['no']} {name(r, lang)}", 2.9 * fig.dpi, 7, renderer) for _, r in statuses.iterrows()]
    cmap = ListedColormap([STATUS_COLORS[s] for s in order] or ["#ffffff"])
    _draw_heatmap(ax, values, words, years, labels, cmap, order)
    for text in ax.texts:  # the cells' words sit inside the axes: nothing for the layout to measure
        text.set_in_layout(False)
    ax.tick_params(axis="y", rotation=0, labelsize=7, length=0)
    ax.tick_params(
        axis="x", rotation=0, labelsize=8, length=0, top=True, labeltop=True, bottom=False, labelbottom=False
    )
    ax.xaxis.set_label_position("top")
    ax.set_xlabel(t("chart.axis.as_of", lang), fontsize=8)
    ax.set_ylabel("")
    ax.set_title(title)
    handles = [Patch(color=STATUS_COLORS[s]) for s in order]
    _finish(
        fig,
        ax,
        lang,
        own,
        data_height=HEAT_ROW_IN * n,
        handles=handles,
        labels=[status_label(s, lang) for s in order],
        note=_fold_note(folded, lang),
    )
    return fig


def _draw_heatmap(ax, values, words, years, labels, cmap, order) -> None:
    """The cells, their words and the tick labels: with seaborn when it is installed, with
    matplotlib alone otherwise (the same chart)."""
    try:
        import seaborn as sns
    except ImportError:  # seaborn is a declared dependency; a trimmed install still gets the chart
        sns = None
    vmax = max(len(order), 1) - 0.5
    if sns is not None:
        sns.heatmap(
            values,
            ax=ax,
            cmap=cmap,
            vmin=-0.5,
            vmax=vmax,
            cbar=False,
            annot=words,
            fmt="",
            annot_kws={"fontsize": 6.5},
            linewidths=1,
            linecolor="white",
            xticklabels=years,
            yticklabels=labels,
        )
        for text in ax.texts:  # the word on each cell in the colour that reads on it (report.colours)
            x, y = text.get_position()
            i, j = int(y), int(x)
            if 0 <= i < len(labels) and 0 <= j < len(years) and np.isfinite(values[i, j]):
                text.set_color(text_on(STATUS_COLORS[order[int(values[i, j])]]))
        return
    ax.pcolormesh(np.ma.masked_invalid(values), cmap=cmap, vmin=-0.5, vmax=vmax, edgecolors="white", linewidth=1)
    for (i, j), word in np.ndenumerate(words):
        colour = text_on(STATUS_COLORS[order[int(values[i, j])]]) if np.isfinite(values[i, j]) else "black"
        ax.text(j + 0.5, i + 0.5, word, ha="center", va="center", fontsize=6.5, color=colour)
    n = len(labels)
    ax.set_xticks(np.arange(len(years)) + 0.5, [str(y) for y in years])
    ax.set_yticks(np.arange(n) + 0.5, labels)
    ax.set_xlim(0, len(years))
    ax.set_ylim(n, 0)


def style_status_table(df: pd.DataFrame, lang: str = "en"):
    """A pandas Styler colouring the status column (kept in the HTML export)."""
    status_col = say("page.col.status", lang)  # the header narrative's tables give it

    def colour(value):
        for key, (zh, en) in STATUS.items():
            if value in (zh, en, key):
                background, text = status_colours(key)
                return f"background-color: {background}; color: {text}"
        return ""

    styler = df.style.map(colour, subset=[status_col]) if status_col in df else df.style
    # a fixed id instead of pandas' random one: two runs write identical HTML
    # escape="html": names, targets and notes are data; the cells and headers are escaped here
    return (
        styler.format(precision=2, na_rep=DASH, escape="html")
        .format_index(escape="html", axis=1)
        .hide(axis="index")
        .set_uuid("status")
    )

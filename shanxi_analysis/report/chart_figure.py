"""A matplotlib figure that carries its chart's style (:mod:`.charts`).

The charts draw under matplotlib settings of their own (a CJK font first in the sans-serif list,
the ASCII minus sign) without ever writing the global ``rcParams``: they are drawn inside an
``rc_context``, and their figure keeps the settings that were active when it was made and applies
them again whenever it is drawn -- saved to PNG by a page, shown by JupyterLab, or redrawn after a
change -- wherever that happens.  Tick labels, made at drawing time, come out as the chart's other
texts do.  Imports matplotlib: import this module only when a figure is made."""

from __future__ import annotations

import copy

import matplotlib
from matplotlib.figure import Figure

# the settings a chart is drawn with (charts.chart_style), read again when it is drawn
STYLE_KEYS = ("axes.unicode_minus", "font.family", "font.sans-serif")


class ChartFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` drawn with the style active when it was made (the
    ``STYLE_KEYS`` of ``rcParams``), whatever the global settings are when it is drawn."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style = {key: copy.copy(matplotlib.rcParams[key]) for key in STYLE_KEYS}

    def draw(self, renderer):
        with matplotlib.rc_context(self.style):
            return super().draw(renderer)

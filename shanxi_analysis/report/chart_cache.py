"""A page's charts drawn once per version of what they show.

A chart a page shows is a PNG.  :func:`chart_png` stores it in the disk cache (:mod:`..core.cache`:
signed JSON entries in the user's cache folder) under a key made of the chart function, a digest of
its arguments' contents, the language and font its labels are drawn in, the source of every layer
below the command line (the catalogue's words included), the data files, and the versions of
matplotlib and Pillow.  Any change to one of them draws the chart again; a rerun of ``shanxi run``
with nothing changed reads the PNGs instead of drawing them (drawing is about half of a notebook's
time).  The bytes are those the drawing would give: a test compares them.

Arguments the digest cannot read (:class:`~..core.cache.Uncacheable`), a chart that warns while it
is drawn (its warnings are said again, as a fresh drawing would), or ``SHANXI_CACHE=off``: the chart
is drawn and nothing is stored."""

from __future__ import annotations

import base64
import inspect
import io
import warnings

DPI = 100  # the pages' resolution: 100 dots per inch of the figure's size
LAYERS = ("core", "data", "models", "report")  # what a chart's pixels can depend on


def png_bytes(fig) -> bytes:
    """``fig`` as the PNG a page embeds."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    return buf.getvalue()


def chart_png(draw, *args, **kwargs) -> bytes:
    """The PNG of ``draw(*args, **kwargs)`` (a chart function of :mod:`.charts`), from the disk
    cache when the same chart was drawn before."""
    from ..core import cache

    try:
        key = _key(draw, args, kwargs)
    except cache.Uncacheable:
        return png_bytes(draw(*args, **kwargs))
    said = []

    def compute():
        with warnings.catch_warnings(record=True) as caught:
            png = png_bytes(draw(*args, **kwargs))
        said.extend(caught)
        if said:
            raise _Warned(png)
        return png

    try:
        return cache.cached("chart", key, compute, _encode, _decode)
    except _Warned as drawn:
        for w in said:  # as the drawing said them
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        return drawn.png


class _Warned(Exception):
    """A chart that warned while drawn: shown, never stored."""

    def __init__(self, png: bytes):
        super().__init__("the chart warned")
        self.png = png


def _key(draw, args, kwargs) -> tuple:
    import matplotlib
    import PIL

    from ..core import cache
    from .charts import chart_style

    bound = inspect.signature(draw).bind(*args, **kwargs)
    bound.apply_defaults()
    # the language the labels are drawn in and the font (English labels when no CJK font is
    # installed; the warning that says so is said here, once per session, as the drawing would)
    style = chart_style(bound.arguments["lang"]) if "lang" in bound.arguments else None
    return (
        f"{draw.__module__}.{draw.__qualname__}",
        cache.content_digest(dict(bound.arguments)),
        repr(style),
        cache.code_fingerprint(layers=LAYERS),
        f"matplotlib={matplotlib.__version__},pillow={PIL.__version__},dpi={DPI}",
    )


def _encode(png: bytes) -> str:
    return base64.b64encode(png).decode("ascii")


def _decode(data) -> bytes:
    if not isinstance(data, str):
        raise ValueError("not a stored chart")
    return base64.b64decode(data.encode("ascii"), validate=True)

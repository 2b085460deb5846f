"""The colours of the statuses, and the one rule for text written on a colour.

Every display that writes a status word on its colour (the styled status tables of the pages, the
heat map's cells, the dashboard's verdicts) takes the text colour from :func:`text_on`: black or
white, whichever contrasts more with the background (WCAG 2 relative luminance).  Every status
colour reaches WCAG AA for normal text (4.5:1) that way; ``tests/test_colours.py`` computes it for
each pair.
"""

from __future__ import annotations

STATUS_COLORS = {
    "unlikely": "#a50026",
    "pending": "#92c5de",
    "provisional": "#e0e0e0",
    "achieved": "#1a9850",
    "on_track": "#66bd63",
    "moderate": "#fdae61",
    "insufficient": "#f46d43",
    "moving_away": "#d73027",
    "missed": "#d73027",
    "no_data": "#bdbdbd",
    "not_quantified": "#9e9ecb",
    "not_scored": "#c6c6e0",
    "not_assessable": "#bdbdbd",
    # a finished plan's final evaluation (models.final)
    "met": "#1a9850",
    "met_within_band": "#91cf60",
    "very_likely_met": "#d9ef8b",
    "very_likely_missed": "#fc8d59",
    "cannot_judge": "#e0e0e0",
}
TEXT_COLOURS = {"black": "#000000", "white": "#ffffff"}
AA_NORMAL = 4.5  # WCAG 2 AA, normal text: the cells' words are small


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#rrggbb`` colour (0 black, 1 white)."""
    channels = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """The text colour for ``background`` (``#rrggbb``): ``black`` or ``white``, whichever
    contrasts more."""
    return max(TEXT_COLOURS, key=lambda name: contrast(background, TEXT_COLOURS[name]))


def status_colours(status: str, default: str = "#e0e0e0") -> tuple[str, str]:
    """``(background, text)`` of a status code (an unknown code on ``default``)."""
    background = STATUS_COLORS.get(status, default)
    return background, text_on(background)


__all__ = ["AA_NORMAL", "STATUS_COLORS", "TEXT_COLOURS", "contrast", "luminance", "status_colours", "text_on"]

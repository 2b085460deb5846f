"""Reading the outline's PDF-extraction glyph artefacts.

The published PDF's symbol glyphs came out as CJK characters whose GBK code is the intended
symbol's code with the first byte lowered by 0x0C (see ``data/raw/README.md``).  Every
comparison between a transcription and the outline text goes through :func:`read_glyphs`.
"""

from __future__ import annotations

GLYPHS: dict[str, str] = {
    "曑": "≤",
    "曒": "≥",
    "曤": "‰",
    "毺": "μ",
    "暳": "×",
    "暲": "±",
    "栿": "Ⅲ",
    "桇": "Ⅳ",
    "桋": "Ⅴ",
}

_TABLE = str.maketrans(GLYPHS)


def read_glyphs(text: str) -> str:
    """Return ``text`` with the extraction glyphs replaced by the symbols they stand for."""
    return text.translate(_TABLE)

"""The numbers a document prints, where, and what they are worth in a series' unit.

Intake reads a normalised copy of the text (full-width forms to ASCII, Japanese '・' decimal
points to '.'), one character for one character of the original wherever NFKC allows, and keeps
the map back, so that every snippet it proposes is a verbatim substring of the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ..reading import MULTIPLIERS

# Mass words after a number (with its multiplier), as kilograms per unit.
MASS_WORDS = (
    ("公斤", Decimal(1)),
    ("kilograms", Decimal(1)),
    ("kg", Decimal(1)),
    ("斤", Decimal("0.5")),
    ("metric tons", Decimal(1000)),
    ("tonnes", Decimal(1000)),
    ("tons", Decimal(1000)),
    ("トン", Decimal(1000)),
    ("吨", Decimal(1000)),
    ("噸", Decimal(1000)),
)


class Normal:
    """``text`` normalised for reading numbers, with the position of each character in the original."""

    def __init__(self, text: str):
        chars: list[str] = []
        where: list[int] = []
        for i, ch in enumerate(text):
            folded = unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch
            for piece in folded or " ":
                chars.append(piece)
                where.append(i)
        s = "".join(chars)
        # a Japanese-style decimal point between digits ('5・0%') reads as '.'
        s = re.sub(r"(?<=\d)[・･](?=\d)", ".", s)
        self.text = text
        self.s = s
        self.where = where

    def original(self, start: int, end: int) -> str:
        """The original text behind ``s[start:end]``."""
        if start >= end:
            return ""
        return self.text[self.where[start] : self.where[end - 1] + 1]


# thousands separators only in a number's integer part, and not in a run of table cells
# ('41,314' is one number; '32441,30924' and '102.2,105.1' are two), as the validator reads them
_NUMBER = re.compile(r"(?<!\d)(?<!\d\.)(\d{1,3}(?:,\d{3})+(?![\d,]*\d)|\d+)(\.\d+)?(?![\d])")


@dataclass(frozen=True)
class Printed:
    """A number printed in the normalised text: its digits, its multipliers and where it ends."""

    start: int  # first digit
    end: int  # after the digits of the first part
    stop: int  # after the number with its multipliers ('2兆5698億1800万')
    digits: str  # the first part as printed, commas removed ('41314', '5.0')
    quantity: Decimal  # the number with its multipliers applied (2.5万 -> 25000)
    scaled: bool  # a multiplier word was printed

    @property
    def plain(self) -> Decimal:
        return Decimal(self.digits)


def _multiplier(s: str, at: int) -> tuple[Decimal, int]:
    rest = s[at:]
    stripped = rest.lstrip(" ")
    for word, factor in MULTIPLIERS:
        if stripped[: len(word)].lower() == word:
            return Decimal(f"{factor:.0f}"), at + (len(rest) - len(stripped)) + len(word)
    return Decimal(1), at


def printed_numbers(s: str) -> list[Printed]:
    """Every number of ``s`` with the multipliers written after it (composite numbers such as
    '2兆5698億1800万' or '166億9千万' summed, as the validator reads them)."""
    out = []
    pos = 0
    while True:
        m = _NUMBER.search(s, pos)
        if not m:
            return out
        digits = m.group(1).replace(",", "") + (m.group(2) or "")
        try:
            value = Decimal(digits)
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            pos = m.end()
            continue
        factor, end = _multiplier(s, m.end())
        total = value * factor
        scaled = factor != 1
        # 'number multiplier number smaller-multiplier ...'
        while factor > 1:
            nxt = _NUMBER.match(s, end)
            if not nxt:
                break
            smaller, after = _multiplier(s, nxt.end())
            if not 1 < smaller < factor:
                break
            total += Decimal(nxt.group(1).replace(",", "") + (nxt.group(2) or "")) * smaller
            factor, end = smaller, after
        out.append(Printed(m.start(), m.end(), end, digits, total, scaled))
        pos = end


def mass_after(s: str, at: int) -> tuple[Decimal | None, int]:
    """The mass word printed at ``at`` (kilograms per unit) and where it ends, or (None, at)."""
    rest = s[at:]
    stripped = rest.lstrip(" ")
    for word, kg in MASS_WORDS:
        if stripped[: len(word)].lower() == word:
            return kg, at + (len(rest) - len(stripped)) + len(word)
    return None, at


def plain_text(d: Decimal) -> str:
    """A value as observed.csv writes it: no exponent, no trailing zeros ('5.0' -> '5')."""
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"

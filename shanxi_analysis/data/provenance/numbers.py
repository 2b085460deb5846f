"""The numbers an evidence snippet prints, and the closed list of conversions that may turn one of
them into a stored value.

A value is confirmed only by a number of the snippet itself, read with the words printed around
it: the multipliers after it (``亿``, ``万``, ``billion``: :data:`..reading.MULTIPLIERS`), a mass
word after it (``公斤``, ``tonnes``: :data:`MASS_WORDS`), a column unit printed before a table
cell (``(RMB bn)``: :data:`COLUMN_UNITS`), and the size of the stored unit (the unit registry,
:func:`..units.factor`).
These tables are the whole list of conversions (printed word -> factor -> unit); nothing in a
row's note is ever read as a number.  A note may only *permit* two typed readings of a number the
snippet prints: ``rounded from N`` (N, a number of the snippet, rounded to the stored precision)
and ``recorded as 0`` (a statement that means zero: 全部退出劣V类).

The comparison is exact after the conversion: any digit changed is a mismatch.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from .. import units
from ..reading import MULTIPLIERS

_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
# Mass words after a number, as kilograms per unit (for weight-valued series).
MASS_WORDS = (
    ("公斤", 1.0),
    ("kilograms", 1.0),
    ("kg", 1.0),
    ("斤", 0.5),
    ("metric tons", 1e3),
    ("tonnes", 1e3),
    ("tons", 1e3),
    ("トン", 1e3),
    ("吨", 1e3),
    ("噸", 1e3),
)
# A table column's unit printed before its cells: 'Gross Domestic Product (RMB bn)1,296.6'.
COLUMN_UNITS = re.compile(r"\(\s*(?:RMB|CNY|yuan)?\s*(bn|billion|mn|million)\s*\)\s*$", re.IGNORECASE)
_COLUMN_FACTORS = {"bn": 1e9, "billion": 1e9, "mn": 1e6, "million": 1e6}
_TOKEN = re.compile(r"\d+(?:\.\d+)?")
_GLUED = re.compile(r"\d+\.\d+\.\d+")


@dataclass(frozen=True)
class Candidate:
    """A number read from an evidence text: ``magnitude`` in base units, ``step`` its precision."""

    magnitude: float
    step: float
    text: str


def normalize_evidence(text: str) -> str:
    """Full-width digits to ASCII, Japanese '・' decimal points to '.', thousands commas removed."""
    s = unicodedata.normalize("NFKC", text)
    s = re.sub(r"(?<=\d)[・･](?=\d)", ".", s)
    # thousands separators sit in the integer part only: '17,651.93' is one number, while the
    # cells of a CSV row '102.2,105.1,104.4' stay apart
    s = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), s)
    return s


_THOUSANDS = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,]*\d)")


def _decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


def _plain(text: str, factor: float = 1.0) -> Candidate:
    return Candidate(float(text) * factor, 10.0 ** -_decimals(text) * factor, text)


def _multiplier(rest: str) -> tuple[float, int]:
    """The multiplier word at the start of ``rest`` (after spaces) and the characters it takes."""
    stripped = rest.lstrip(" ")
    for word, factor in MULTIPLIERS:
        if stripped[: len(word)].lower() == word:
            return factor, len(rest) - len(stripped) + len(word)
    return 1.0, 0


def _composite(s: str, m: re.Match) -> tuple[Candidate, int]:
    """The number at ``m`` with its multipliers, a composite one summed ('2兆5698億1800万' =
    2e12 + 5698e8 + 1800e4; '166億9千万' = 166e8 + 9e7), and where it ends."""
    total, step, end, parts, text = 0.0, math.inf, m.end(), [], m.group()
    while True:
        mult, used = _multiplier(s[end:])
        end += used
        total += float(text) * mult
        step = min(step, 10.0 ** -_decimals(text) * mult)
        parts.append(text)
        nxt = _TOKEN.match(s, end)
        if mult > 1 and nxt and any(s[nxt.end() :].startswith(w) for w, f in MULTIPLIERS if f < mult):
            text, end = nxt.group(), nxt.end()
            continue
        return Candidate(total, step, "".join(parts)), end


def _mass(cand: Candidate, tail: str) -> Candidate:
    """``cand`` in kilograms when a mass word follows it."""
    tail = tail.lstrip(" ").lower()
    for word, kg in MASS_WORDS:
        if tail.startswith(word):
            return Candidate(cand.magnitude * kg, cand.step * kg, cand.text)
    return cand


def _column_factor(before: str) -> float | None:
    column = COLUMN_UNITS.search(before)
    return _COLUMN_FACTORS[column.group(1).lower()] if column else None


def _glued(s: str) -> list[Candidate]:
    """Table cells glued by the extraction ('496.31.5' is 496.3 then 1.5): every split of a run
    with two decimal points into two numbers, scaled by a column unit printed before the run."""
    out = []
    for run in _GLUED.finditer(s):
        column = _column_factor(s[: run.start()])
        text = run.group()
        for i in range(1, len(text)):
            left, right = text[:i], text[i:]
            if re.fullmatch(r"\d+(?:\.\d+)?", left) and re.fullmatch(r"\d+(?:\.\d+)?", right):
                out += [_plain(left), _plain(right)]
                if column:
                    out.append(_plain(left, column))  # the first cell is the column's
    return out


def evidence_candidates(text: str, weight: bool = False) -> list[Candidate]:
    """Every number in ``text`` with the multipliers written after it, as base-unit magnitudes
    (see the module doc).  With ``weight`` the magnitudes are in kilograms where a mass word follows."""
    s = normalize_evidence(text)
    out = [Candidate(float(n), 1.0, w) for w, n in _WORD_NUMBERS.items() for _ in re.finditer(rf"\b{w}\b", s, re.I)]
    pos = 0
    while m := _TOKEN.search(s, pos):
        cand, end = _composite(s, m)
        read = _mass(cand, s[end:]) if weight else cand
        out.append(read)
        if cand.text == m.group() and read.magnitude != float(m.group()):
            out.append(_plain(m.group()))  # the number without its multiplier: '13億噸' confirms 13 亿吨
        column = _column_factor(s[: m.start()])
        if column and cand.text == m.group():
            out.append(_plain(m.group(), column))  # '(RMB bn)1296.6' is 1296.6e9 yuan
        pos = end
    return out + _glued(s)


def _matches(value: float, cand_value: float) -> bool:
    # Exact: a published value is converted only by exact factors, so any digit changed is a
    # mismatch (the relative slack absorbs binary floating point only).
    return math.isclose(abs(value), cand_value, rel_tol=1e-9, abs_tol=1e-12)


def _rounded(value: float, value_text: str, candidates: list[Candidate], factor: float, note: str) -> bool:
    """'rounded from N' in the note: N is a whole number of the snippet (as printed, commas
    removed) and the value is N in the stored unit, rounded to the stored precision."""
    rounded = re.search(r"rounded from ([\d,.]+)", note)
    if not rounded:
        return False
    digits = rounded.group(1).rstrip(",.").replace(",", "")
    return any(c.text == digits and round(c.magnitude / factor, _decimals(value_text)) == value for c in candidates)


def value_in_evidence(value_text: str, unit: str, evidence: str, note: str = "") -> bool:
    """True if the published number ``value_text`` (in ``unit``) is a number ``evidence`` prints,
    directly or through the conversions of the module doc.

    The comparison is exact after the conversion, on the evidence without its web addresses.  The
    magnitude is compared here; the sign is checked by ``observed_provenance`` (a decline written in
    words: '下降3.3%', 'a drop of 33.2 percent').  A value of 0 recorded from a statement such as
    "all sections left class Ⅴ" is accepted only when the note says so ("recorded as 0") and the
    evidence states something that means zero (全部, 消除, all, none ...).
    """
    value = float(value_text)
    evidence = strip_urls(evidence)  # digits of an address are not evidence
    if value == 0 and "recorded as 0" in note:
        # only for a statement that means zero ('全部退出劣V类', 'all 94 reached Class Ⅳ')
        return bool(_ZERO_STATEMENT.search(evidence))
    weight = units.kind(unit) == "mass"
    size = unit_size(unit)
    candidates = evidence_candidates(evidence, weight=weight)
    if _rounded(value, value_text, candidates, size, note):
        return True
    for cand in candidates:
        # the number as written, in the value's own unit; or converted through its multiplier /
        # mass word into the value's unit; or '1478万1千トン' read without a mass word
        if _matches(value, cand.magnitude) or _matches(value, cand.magnitude / size):
            return True
        if weight and _matches(value, cand.magnitude * 1e3 / size):
            return True
    return False


def unit_size(unit: str) -> float:
    """The size of one ``unit`` in its family's base quantity (万吨: 1e7 kg; 亿元: 1e8 yuan), from
    the unit registry; 1 for a unit without a multiplier or one the registry does not know."""
    return units.factor(unit) or 1.0


_URL = re.compile(r"(?:https?://|www\.|github:)\S+")
# statements that mean a share or count of zero: all sections left/reached, none, eliminated
_ZERO_STATEMENT = re.compile(r"全部|全都|均已|消除|清零|\ball\b|\bnone\b|\bzero\b|no longer|零", re.IGNORECASE)


def strip_urls(text: str) -> str:
    """The text without web addresses (an address's digits are not a published number)."""
    return _URL.sub(" ", text)

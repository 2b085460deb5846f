"""Which reference years a source supports: the evidence snippet, the source's title and its
date, by a closed list of rules.  A row's note is never evidence of its year (a note 'figure for
2025' must not re-date a row); a year no rule supports needs a typed entry in
``outside_snippet.csv`` (:mod:`.observations`)."""

from __future__ import annotations

import re

from .numbers import strip_urls

_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.]|\s*(?:元|万|萬|亿|億|%|个|人|件|户|吨|噸))")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# A publication date, with its month: '2025-01-17', '2023.01', '2024年2月', 'Jan 2023', and a
# wire service's '中新网太原5月23日电 2025'.
_DATES = (
    (re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d\d)"), lambda m: (int(m.group(1)), int(m.group(2)))),
    (re.compile(r"(?<!\d)((?:19|20)\d\d)年(\d{1,2})月"), lambda m: (int(m.group(1)), int(m.group(2)))),
    (
        re.compile(r"\b(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE),
        lambda m: (int(m.group(2)), _MONTHS.index(m.group(1).lower()[:3]) + 1),
    ),
    (re.compile(r"(?<!\d)(\d{1,2})月\d{1,2}日电\s*((?:19|20)\d\d)"), lambda m: (int(m.group(2)), int(m.group(1)))),
)
# A publication year without a month: 'People's Daily 2021 转载', 'South China Morning Post 2025
# (reprint ...)', a journal's '2023年第3期 转载': that year or the year before.
_PUBLISHED = re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*(?:年第\d+期\s*)?(?:转载|轉載|\(?reprint)", re.IGNORECASE)
# A year's government work report or yearbook reviews the year before.
_REVIEW_OF_PRIOR_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*年?\s*(?:省?政府工作报告|政府工作報告)|(?:Yearbook|年鉴|年鑑)\s*((?:19|20)\d\d)"
    r"|(?<!\d)((?:19|20)\d\d)\s+(?:provincial\s+)?government work report",
    re.IGNORECASE,
)
# A census release: its reference year, and the previous census it compares with.
_CENSUS = {
    re.compile(r"第七次(?:全国)?人口普查|Seventh (?:National )?(?:Population )?Census", re.IGNORECASE): 2020,
    re.compile(r"第六次(?:全国)?人口普查|Sixth (?:National )?(?:Population )?Census", re.IGNORECASE): 2010,
}
_LAST_YEAR = re.compile(r"去年|上年末|last year|过去一年|過去一年")
# A release dated in these first months of a year reports the previous year (communiqués, work reports).
EARLY_RELEASE_MONTH = 4


def _years(text: str) -> set[int]:
    return {int(y) for y in _YEAR.findall(text)}


def _dates(title: str) -> tuple[list[tuple[int, int]], str]:
    """The publication dates (year, month) a title prints, and the title without them."""
    found = []
    for pattern, read in _DATES:
        found += [read(m) for m in pattern.finditer(title)]
        title = pattern.sub(" ", title)
    return found, title


def _census_years(text: str) -> set[int]:
    return {y for pattern, year in _CENSUS.items() if pattern.search(text) for y in (year, year - 10)}


def year_support(evidence: str, title: str) -> tuple[set[int], set[int]]:
    """The reference years the evidence and the source's title and date support, addresses
    removed, as (firm, loose): firm years are printed or read from a dated release; loose ones rest
    on a publication date alone, which leaves two years open.

    Firm:

    * a year the evidence prints;
    * a data year the source title prints (not part of a date or a publication year), and the
      year before a year's government work report or yearbook ('2017年政府工作报告', '2022
      government work report', 'Yearbook 2017' report 2016: not the year itself);
    * a census release's reference year and the previous census it compares with (第七次全国
      人口普查: 2020 and 2010);
    * the year before a publication date of January-April (a communiqué or a work report reviews
      the year before), and the year before any publication date when the evidence says 'last
      year' (去年).

    Loose: a publication year without a month ('人民日报 2021 转载'): it or the year before; and,
    when nothing firm gives a year, a later publication date's own year or the year before.
    """
    ev, title = strip_urls(evidence), strip_urls(title)
    dated, rest = _dates(title)
    published = {int(y) for y in _PUBLISHED.findall(rest)}
    rest = _PUBLISHED.sub(" ", rest)
    reviewed = {int(a or b or c) - 1 for a, b, c in _REVIEW_OF_PRIOR_YEAR.findall(rest)}
    rest = _REVIEW_OF_PRIOR_YEAR.sub(" ", rest)  # '2026 government work report' is no data year of 2026
    firm = _years(ev) | _years(rest) | _census_years(ev + " " + title) | reviewed
    firm |= {y - 1 for y, m in dated if m <= EARLY_RELEASE_MONTH or _LAST_YEAR.search(ev)}
    loose = published | {y - 1 for y in published}
    if not firm and not loose:
        loose = {y - 1 for y, _ in dated} | {y for y, m in dated if m > EARLY_RELEASE_MONTH}
    return firm, loose - firm


def supported_years(evidence: str, title: str) -> set[int]:
    """Every reference year the evidence and the source's title and date support (firm or loose:
    :func:`year_support`)."""
    firm, loose = year_support(evidence, title)
    return firm | loose

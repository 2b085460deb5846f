"""What a citation says about itself: the date it states, and whether its grade is weak.

observed.csv has no publication-date column; many sources state one, in the title as recorded
("人民日报客户端(网易转载 2024-01)", "China Daily Shanxi 2022-01-11: ...") or in the address of
the page ("shanxi.chinadaily.com.cn/2022-01/11/c_697889.htm", ".../202306/t20230602_7427259.html").
:func:`stated_date` reads that date and nothing else: a date the source does not state stays
unknown (the pages say "date not stated"), never guessed.  A year alone ("2021 转载") is not read:
in a title a bare year is as often the statistics' year as the publication's.

:data:`WEAK_GRADES`: the source grades a reader should weigh before quoting a value; every page
marks a value from such a source beside the value.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from .schema import SOURCE_GRADES

# press and secondary sources of observed.csv, and a plan value nobody has checked (plans' grade)
WEAK_GRADES = ("press", "secondary", "unverified")
assert set(WEAK_GRADES) - {"unverified"} <= set(SOURCE_GRADES)

_YEARS = range(1990, 2100)
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}

# in a title: 2024-01-18 or 2024-01 (ISO, as the records write them), or "March 2024" / "Jan 2023"
_TITLE_ISO = re.compile(r"(?<![\d/-])((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?(?![\d-])")
_TITLE_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.? ((?:19|20)\d\d)\b", re.I)
# in an address's path, between slashes (or a "t" prefix and an "_" id, as Chinese government
# sites write them): /2022-01/11/  /2026-02-05/  /20250205/  /2024/01-31/  /2021/0205/
# /2022/03/02/  /202306/t20230602_  /202401/ (a month only)
_PATH_DATES = (
    re.compile(r"/((?:19|20)\d\d)-(\d\d)/(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)-(\d\d)-(\d\d)/"),
    re.compile(r"/t?((?:19|20)\d\d)(\d\d)(\d\d)(?:/|_)"),
    re.compile(r"/((?:19|20)\d\d)/(\d\d)-?(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)/(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)()/"),
    re.compile(r"/((?:19|20)\d\d)-(\d\d)()/"),
)
FROM = ("title", "address")


@dataclass(frozen=True)
class StatedDate:
    """A date a source states: a day, or a month when that is all it says; ``stated_in``: where
    it was read (``title`` or ``address``)."""

    year: int
    month: int
    day: int | None
    stated_in: str

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" + ("" if self.day is None else f"-{self.day:02d}")


def _date(year: str, month, day, stated_in: str) -> StatedDate | None:
    """The date if it is one on the calendar, else None (a run of digits that only looks like one)."""
    y, m = int(year), int(month)
    d = int(day) if day else None
    if y not in _YEARS or not 1 <= m <= 12:
        return None
    if d is not None and not 1 <= d <= calendar.monthrange(y, m)[1]:
        return None
    return StatedDate(y, m, d, stated_in)


def _from_title(title: str) -> StatedDate | None:
    for found in _TITLE_ISO.finditer(title):
        date = _date(*found.groups(), "title")
        if date:
            return date
    found = _TITLE_MONTH.search(title)
    if found:
        return _date(found.group(2), _MONTHS[found.group(1).lower()], None, "title")
    return None


def _from_address(url: str) -> StatedDate | None:
    path = re.sub(r"^[a-z]+://[^/]*", "", url.strip(), flags=re.I)
    dates = [
        date
        for pattern in _PATH_DATES
        for found in pattern.finditer(path)
        if (date := _date(*found.groups(), "address"))
    ]
    return max(dates, key=lambda d: d.day is not None) if dates else None


def stated_date(title, url, year=None) -> StatedDate | None:
    """The date a source states: the first date in its title as recorded (the article's own, put
    first by whoever recorded it), else one in its web address's path; None when neither states
    one (a page without a date in its address, a repository's file).

    ``year``: the year of the value cited.  A date before that year cannot be when the value was
    published (a government page created in 2020 that now shows 2024's figures): it is not the
    citation's date, so none is stated."""
    date = _from_title(title) if isinstance(title, str) and title else None
    if date is None and isinstance(url, str) and re.match(r"https?://", url):
        date = _from_address(url)
    if date is not None and year is not None and year == year and date.year < int(year):  # NaN: no year
        return None
    return date


def weakest(grades) -> str | None:
    """The weakest of the source grades a value rests on (a rate chained from several years'),
    by the order of :data:`~.schema.SOURCE_GRADES`; None when none is known."""
    known = [g for g in grades if isinstance(g, str) and g in SOURCE_GRADES]
    return max(known, key=SOURCE_GRADES.index) if known else None


def is_weak(grade) -> bool:
    """Whether a value's source grade asks the reader to weigh it before quoting it."""
    return isinstance(grade, str) and grade in WEAK_GRADES


def date_coverage(rows) -> tuple[int, int, int]:
    """How many of ``rows`` (records with source_title, source_url and year, as observed.csv
    holds them) state a date: (in the title, in the address only, none)."""
    counts = dict.fromkeys((*FROM, None), 0)
    for r in rows:
        date = stated_date(r["source_title"], r["source_url"], r["year"])
        counts[date.stated_in if date else None] += 1
    return counts["title"], counts["address"], counts[None]


def observed_date_coverage(data_dir=None) -> tuple[int, int, int]:
    """:func:`date_coverage` of every row of observed.csv (``shanxi validate`` reports it)."""
    from .observed import load_observed

    df = load_observed(region="all", vintage="all", data_dir=data_dir)
    return date_coverage(df[["source_title", "source_url", "year"]].to_dict("records"))

"""The series catalogue as intake reads it: each series of ``series.csv`` with its unit, measure,
name (its description) and the evidence terms that *name* it (``reading.naming_terms``): units,
verbs and document words confirm a snippet but never make a number a series' value."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...core.errors import DataError
from ...core.paths import raw_dir
from ..reading import is_change_series, naming_terms
from ..schema import SERIES, read_table

_CATALOGUE = SERIES  # data/schema.py: the one schema of series.csv


@dataclass(frozen=True)
class SeriesInfo:
    """A series of the catalogue as intake reads it."""

    id: str
    unit: str
    measure: str
    name: str
    terms: tuple[str, ...]
    names: tuple[str, ...]
    pattern: re.Pattern | None
    plan_indicator: str = ""
    shared_name: bool = False  # a name another series of another measure also goes by

    @property
    def change(self) -> bool:
        return is_change_series(self.id, self.measure)


def read_catalogue(data_dir=None) -> list[SeriesInfo]:
    """The series of ``series.csv`` with the terms that name them."""
    path = raw_dir(data_dir) / "series.csv"
    rows, problems = read_table(path, _CATALOGUE)
    if problems:
        raise DataError(problems)
    out = []
    for r in rows:
        terms = tuple(t.strip() for t in r["evidence_terms"].split("|") if t.strip())
        names = tuple(sorted(set(naming_terms(terms)), key=len, reverse=True))
        pattern = re.compile("|".join(re.escape(_fold(n)) for n in names), re.IGNORECASE) if names else None
        out.append(
            SeriesInfo(
                r["series_id"],
                r["unit"],
                r["measure"],
                r["description"],
                terms,
                names,
                pattern,
                r["plan_indicator"] or "",
            )
        )
    # a share series named by a word that also names a level ('第二产业', 'GDP') needs a share word
    by_name: dict[str, set[str]] = {}
    for c in out:
        for n in c.names:
            by_name.setdefault(_fold(n).lower(), set()).add(c.measure)
    return [
        SeriesInfo(**{**c.__dict__, "shared_name": any(len(by_name[_fold(n).lower()]) > 1 for n in c.names)})
        for c in out
    ]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)

"""The steps of ``shanxi intake``, one function each, for the command line and for scripts:
draft a document's rows, write them, merge the accepted ones.  Arguments are checked here (one
clear message with the valid choices: the CLI exits 2 on them), files are read and written here
(a file that cannot be read or written: exit 1)."""

from __future__ import annotations

import datetime as _dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ...core.errors import DataError, Problem, ShanxiError
from .observed import DRAFT_COLUMNS, Drafts, draft_observed
from .source import read_document

REGION_CODE = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class ObservedResult:
    text: str
    drafts: Drafts

    def summary(self, lang: str = "en") -> str:
        """What was drafted and what to do next, in ``lang`` (the command line's message language)."""
        from ..catalogue import say

        review = sum(1 for d in self.drafts if d.review)
        untitled = any(not d.row["source_title"] for d in self.drafts)
        refused = self.drafts.refused
        return say(
            "cli.intake.observed.summary",
            lang,
            n=len(self.drafts),
            review=review,
            refused=say("cli.intake.observed.refused", lang, n=len(refused)) if refused else "",
            next=say(f"cli.intake.observed.next_{'untitled' if untitled else 'titled'}", lang),
        )


def check_region(region: str) -> str:
    if not REGION_CODE.fullmatch(region or ""):
        raise ShanxiError(
            f"--region {region!r}: a lower-case pinyin code such as shanxi, china, hubei, jinzhong "
            "(letters, digits, _)",
            code="intake_region",
            region=repr(region),
        )
    return region


def check_year(year: int) -> int:
    this_year = _dt.date.today().year
    if not 1949 <= year <= this_year:
        raise ShanxiError(
            f"--year {year}: a year from 1949 to {this_year}", code="intake_year", year=year, last=this_year
        )
    return year


def read_source(path) -> str:
    """The document's text; a file that cannot be read is a data problem (exit 1)."""
    try:
        return read_document(path)
    except ShanxiError as exc:
        raise DataError([Problem(str(path), 0, "-", str(exc).removeprefix(f"{path}: "))]) from None


def draft_file(
    path,
    region: str,
    year: int,
    *,
    vintage: str = "preliminary",
    grade: str = "official",
    title: str = "",
    url: str = "",
    series: str | None = None,
    data_dir=None,
) -> ObservedResult:
    """Draft the observed rows of the document at ``path``."""
    check_region(region)
    check_year(year)
    text = read_source(path)
    drafts = draft_observed(
        text,
        region,
        year,
        data_dir=data_dir,
        vintage=vintage,
        source_grade=grade,
        source_title=title,
        source_url=url,
        series=series,
    )
    if not drafts:
        refused = f"; {len(drafts.refused)} reading(s) the validator refused" if drafts.refused else ""
        raise ShanxiError(
            f"{path}: no value of a catalogue series found (data/raw/series.csv){refused}",
            code="no_series_found" if drafts.refused else "no_series_found_none_refused",
            path=str(path),
            refused=len(drafts.refused),
        )
    return ObservedResult(text, drafts)


def drafts_frame(drafts):
    import pandas as pd

    return pd.DataFrame([d.as_dict() for d in drafts], columns=list(DRAFT_COLUMNS))


def merge(path, dry_run: bool = False, reason: str = "", data_dir=None):
    from .merge import merge_drafts

    return merge_drafts(path, data_dir=data_dir, dry_run=dry_run, reason=reason)


def write_page(path, text: str) -> None:
    _write(Path(path), text.encode("utf-8"))


def write_csv(path, frame) -> None:
    from ...core.csvsafe import neutralise_formulas

    _write(Path(path), neutralise_formulas(frame).to_csv(index=False, lineterminator="\n").encode("utf-8"))


def _write(path: Path, data: bytes) -> None:
    """Through a new file in the same folder, renamed into place."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def draft_plan_file(path, what: str = "both", base_year=None, target_year=None):
    from .plan import draft_plan

    text = read_source(path)
    return draft_plan(text, what=what, base_year=base_year, target_year=target_year, source=Path(path).name)

"""How well intake drafts what people transcribed by hand: the figures of ``docs/intake.md``
and ``make bench``.

* ``snippet_benchmark``: every row of ``observed.csv`` read back from its own evidence snippet,
  knowing its series, region, year, source title and note (the validator still reads a term or a
  year stated outside the snippet from the note): is the value recovered exactly (value, unit,
  measure), and how many wrong values are proposed (marked for review, or silently)?
* ``text_benchmark``: whole texts no rule was tuned to, against rows drafted by hand: recall and
  precision of the draft rows.
* ``plan_benchmark``: an outline's tables and register against their hand transcriptions.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...core.paths import raw_dir
from .catalogue import read_catalogue
from .observed import draft_observed, read_history


@dataclass
class SnippetResult:
    rows: int = 0
    exact: int = 0  # the one value proposed is the row's value, unit and measure
    exact_reviewed: int = 0  # ... of which marked for review
    wrong_reviewed: int = 0  # rows where a wrong value was proposed, marked for review
    wrong_silent: int = 0  # rows where a wrong value was proposed without a review mark
    nothing: int = 0  # no value proposed
    misses: list[dict] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.exact / self.rows if self.rows else 0.0

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "recovered_exactly": self.exact,
            "share": round(self.share, 4),
            "recovered_but_marked_for_review": self.exact_reviewed,
            "wrong_value_marked_for_review": self.wrong_reviewed,
            "wrong_value_silent": self.wrong_silent,
            "nothing_proposed": self.nothing,
        }


def _same(a: str, b: str) -> bool:
    return float(a) == float(b)


def _same_reading(draft: dict, row: dict) -> bool:
    """The draft's value, unit and measure are the row's (a row whose note says the value was
    rounded from the printed figure matches the exact conversion intake proposes)."""
    if draft["unit"] != row["unit"] or draft["measure"] != row["measure"]:
        return False
    if _same(draft["value"], row["value"]):
        return True
    decimals = len(row["value"].split(".")[1]) if "." in row["value"] else 0
    return "rounded" in row["note"] and round(float(draft["value"]), decimals) == float(row["value"])


def snippet_benchmark(data_dir=None) -> SnippetResult:
    """Read every observed row's evidence back, knowing its series, region and year."""
    catalogue = read_catalogue(data_dir)
    history = read_history(data_dir)
    result = SnippetResult()
    with open(raw_dir(data_dir) / "observed.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        result.rows += 1
        # what the document gives besides the snippet: its title, and where the page names the
        # measure outside the snippet, that statement
        drafts = draft_observed(
            r["evidence"],
            r["region"],
            int(r["year"]),
            series=r["series_id"],
            catalogue=catalogue,
            history=history,
            source_title=r["source_title"],
            note=r["note"],
        )
        drafts = [d for d in drafts if d.row["year"] == r["year"]]
        right = [d for d in drafts if _same_reading(d.row, r)]
        wrong = [d for d in drafts if d not in right]
        if right and not wrong:
            result.exact += 1
            result.exact_reviewed += bool(right[0].review)
        elif not drafts:
            result.nothing += 1
        if wrong:
            if all(d.review for d in drafts):
                result.wrong_reviewed += 1
            else:
                result.wrong_silent += 1
        if not (right and not wrong):
            result.misses.append(
                {
                    "line": rows.index(r) + 2,
                    "series_id": r["series_id"],
                    "value": r["value"],
                    "proposed": [(d.row["value"], d.review) for d in drafts],
                    "evidence": r["evidence"][:120],
                }
            )
    return result


# --- whole texts ------------------------------------------------------------------------------

EXPECTED_KEYS = ("series_id", "year", "value")


@dataclass
class TextResult:
    name: str
    expected: int
    drafted: int
    found: int  # expected rows drafted with the right value
    right: int  # draft rows that are expected rows
    wrong_reviewed: int  # draft rows that are not expected, marked for review
    wrong_silent: int  # draft rows that are not expected, not marked
    out_of_catalogue: int  # expected rows whose series the catalogue does not have
    details: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.drafted if self.drafted else 1.0


def read_expected(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def text_benchmark(text: str, expected: list[dict], region: str, year: int, name: str = "", data_dir=None):
    """Draft the text and compare with the rows expected (series, year and value)."""
    catalogue = read_catalogue(data_dir)
    known = {c.id for c in catalogue}
    in_catalogue = [e for e in expected if e["series_id"] in known]
    drafts = draft_observed(text, region, year, catalogue=catalogue)
    want = Counter((e["series_id"], int(e["year"]), float(e["value"])) for e in in_catalogue)
    got = [(d.row["series_id"], int(d.row["year"]), float(d.row["value"])) for d in drafts]
    found = sum(min(n, got.count(k)) for k, n in want.items())
    right = sum(1 for g in got if g in want)
    details = []
    wrong_reviewed = wrong_silent = 0
    for d, g in zip(drafts, got, strict=True):
        if g not in want:
            if d.review:
                wrong_reviewed += 1
            else:
                wrong_silent += 1
            details.append(f"extra {g} {d.row['evidence']!r} review={d.review!r}")
    for k in want:
        if k not in got:
            details.append(f"missed {k}")
    return TextResult(
        name,
        len(in_catalogue),
        len(drafts),
        found,
        right,
        wrong_reviewed,
        wrong_silent,
        len(expected) - len(in_catalogue),
        details,
    )


# --- plans ---------------------------------------------------------------------------------------

# the columns of a table row the outline prints, and those the rules derive
TABLE_TEXT_COLUMNS = (
    "no",
    "group_no",
    "category_zh",
    "name_zh",
    "unit",
    "base_year",
    "base_text",
    "base_value",
    "target_year",
    "target_text",
    "target_rate_text",
    "target_value",
    "target_high",
    "target_kind",
    "comparator",
    "attribute_zh",
    "actual_year",
    "actual_text",
    "actual_rate_text",
    "actual_value",
    "source_line",
)
TABLE_DERIVED_COLUMNS = ("direction", "basis", "base_is_estimate", "actual_is_estimate")


def _cell_equal(a, b) -> bool:
    a, b = str(a), str(b)
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


@dataclass
class TableResult:
    plan: str
    rows: int  # hand-transcribed rows
    exact: int  # every text and derived column reproduced
    exact_text: int  # the columns the outline prints reproduced
    drafted: int
    extra: int  # drafted rows with a code the hand table does not have
    differences: list[str] = field(default_factory=list)


def table_benchmark(text: str, hand: dict[int, list[dict]], data_dir=None) -> list[TableResult]:
    """Draft the outline's tables and compare each with its hand transcription (``hand``: plan
    number -> rows of its indicators file)."""
    from .plan import draft_tables, units_of

    out = []
    for draft in draft_tables(text, units_of(data_dir)):
        rows = hand.get(draft.plan, [])
        got = {str(r["no"]): r for r in draft.rows}
        result = TableResult(str(draft.plan), len(rows), 0, 0, len(draft.rows), 0)
        for h in rows:
            g = got.get(h["no"])
            if g is None:
                result.differences.append(f"{draft.plan}/{h['no']}: not drafted")
                continue
            text_diff = [c for c in TABLE_TEXT_COLUMNS if c in h and not _cell_equal(h[c], g.get(c, ""))]
            derived_diff = [c for c in TABLE_DERIVED_COLUMNS if c in h and not _cell_equal(h[c], g.get(c, ""))]
            result.exact_text += not text_diff
            result.exact += not text_diff and not derived_diff
            for c in text_diff + derived_diff:
                result.differences.append(
                    f"{draft.plan}/{h['no']} {c}: hand {h[c]!r}, drafted {g.get(c, '')!r}"
                    + (" (marked for review)" if g.get("review") else "")
                )
        result.extra = len(set(got) - {h["no"] for h in rows})
        out.append(result)
    return out


REGISTER_KEY = ("source_line", "value", "unit", "comparator", "target_kind", "target_year")


def _register_key(r: dict) -> tuple:
    value = str(r["value"])
    number = float(value.split("/")[0]) / float(value.split("/")[1]) if "/" in value else float(value)
    return (int(r["source_line"]), number, r["unit"], r["comparator"], r["target_kind"], int(r["target_year"]))


@dataclass
class RegisterResult:
    expected: int
    drafted: int
    exact: int  # expected rows drafted with the same line, value, unit, comparator, kind and year
    extra_reviewed: int  # drafted rows not expected, marked for review
    extra_silent: int
    missed: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.exact / self.expected if self.expected else 1.0


def register_benchmark(rows: list[dict], expected: list[dict]) -> RegisterResult:
    """Drafted register rows against the hand register: a row is reproduced when its source
    line, value, unit, comparator, kind and target year are the hand row's."""
    want = Counter(_register_key(r) for r in expected)
    got = Counter(_register_key(r) for r in rows)
    exact = sum(min(n, got[k]) for k, n in want.items())
    result = RegisterResult(len(expected), len(rows), exact, 0, 0)
    for r in expected:
        if got[_register_key(r)] == 0:
            result.missed.append(f"{r.get('id', r['source_line'])} {r['phrase'][:40]} {_register_key(r)[1:]}")
    for r in rows:
        if want[_register_key(r)] == 0:
            if r.get("review"):
                result.extra_reviewed += 1
            else:
                result.extra_silent += 1
            result.extras.append(f"{r['id']} {r['phrase'][:40]} {_register_key(r)[1:]} review={r.get('review', '')!r}")
    return result

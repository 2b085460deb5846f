"""Hard faults II, the data (issue 20): notes that accepted any value, forgeries no row
contradicted, duplicates, deletions and mapping edits, unchecked columns.  Every case the issue
lists is here as a regression test; each fails loudly with a clear message."""

from __future__ import annotations

import pytest

from conftest import RAW, edit_cell
from shanxi_analysis.data.observed import plan_codes, read_observed_rows
from shanxi_analysis.data.provenance import (
    normalize_evidence,
    observed_provenance,
    read_outside_snippet,
    read_series_terms,
)
from shanxi_analysis.data.validate import collect_problems

OBS = "observed.csv"


def problems_of(data_dir) -> list[str]:
    return [str(p) for p in collect_problems(data_dir)[0]]


def line_of(path, **match) -> int:
    import csv

    with open(path, encoding="utf-8", newline="") as fh:
        hits = [i for i, r in enumerate(csv.DictReader(fh), start=2) if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, (match, hits)
    return hits[0]


def has(found: list[str], line: int, column: str, file: str = OBS) -> bool:
    return any(f"{file}:{line}: {column}:" in p for p in found)


@pytest.fixture(scope="module")
def checker():
    """Every observed row and a check of one row against its evidence (the rules validate applies)."""
    path = RAW / OBS
    rows, problems = read_observed_rows(path)
    assert not problems
    series, problems = read_series_terms(RAW / "series.csv")
    outside, more = read_outside_snippet(RAW / "outside_snippet.csv", series)
    assert not problems + more
    codes = plan_codes()

    def check(r):
        return observed_provenance([r], path, codes, series, outside)

    assert not any(check(r) for r in rows)
    return rows, check


# --- notes are never evidence --------------------------------------------------------------------


def _forged(r: dict, value: str, note: str) -> dict:
    return dict(r, _raw=dict(r["_raw"], value=value), value=float(value), note=note)


def test_no_row_accepts_a_forged_value_through_its_note(checker):
    """Before: 345 of 373 rows accepted any value once the note said 'converted from <a word of
    the snippet> X' (the note's own number was read as evidence)."""
    rows, check = checker
    accepted = []
    for r in rows:
        forged = f"{abs(r['value']) * 1.37 + 0.1:.1f}"
        word = normalize_evidence(r["evidence"]).split()[0].rstrip(",")
        m = _forged(r, forged, f"converted from {word} {forged}")
        if not [p for p in check(m) if p.column == "value"]:
            accepted.append((r["_line"], forged))
    assert accepted == []


def test_a_conversion_note_cannot_raise_gdp_growth(data_copy):
    # 'converted from 增长 9.9' made 2022 GDP growth 9.9 pass ("moderate" became "on track")
    path = data_copy / "raw" / OBS
    line = line_of(path, series_id="gdp_real_growth", region="shanxi", year="2022")
    edit_cell(path, line, "value", "9.9")
    edit_cell(path, line, "note", "converted from 增长 9.9")
    found = problems_of(data_copy)
    assert has(found, line, "value") and any("a note is not evidence" in p for p in found)


def test_a_note_naming_the_measure_cannot_move_a_value_into_another_series(data_copy):
    # 'measure named on the page, outside the snippet: 城镇化率' moved air quality 74.2 into urbanization
    path = data_copy / "raw" / OBS
    line = line_of(path, series_id="air_quality_good_days_ratio", region="shanxi", year="2024")
    edit_cell(path, line, "series_id", "urbanization_rate")
    edit_cell(path, line, "plan_indicator", "2")
    edit_cell(path, line, "note", "measure named on the page, outside the snippet: 城镇化率")
    found = problems_of(data_copy)
    assert has(found, line, "series_id") and any("outside_snippet.csv" in p for p in found)


def test_a_note_cannot_re_date_a_row(data_copy):
    # 'figure for 2025' re-dated a row
    path = data_copy / "raw" / OBS
    line = line_of(path, series_id="urbanization_rate", region="shanxi", year="2024")
    edit_cell(path, line, "year", "2025")
    edit_cell(path, line, "note", "figure for 2025; year 2025: as stated")
    assert has(problems_of(data_copy), line, "year")


def test_a_note_cannot_make_a_value_negative(checker):
    rows, check = checker
    r = next(r for r in rows if r["series_id"] == "gdp_real_growth" and r["region"] == "shanxi" and r["year"] == 2023)
    raw = r["_raw"]["value"]
    m = _forged(r, "-" + raw, f"evidence '{raw}' = -{raw} %")
    assert any("negative but the evidence prints no minus sign" in str(p) for p in check(m))


def test_an_outside_snippet_entry_is_typed_and_used(tmp_path):
    """The closed list that replaced those notes: a term must name the series, a year entry must
    state the row's year, and an entry no row uses is an error."""
    path = tmp_path / "outside_snippet.csv"
    path.write_text(
        "series_id,region,year,source_url,kind,text,where\n"
        "urbanization_rate,shanxi,2024,https://example.org/a,term,优良天数,a heading\n"
        "urbanization_rate,shanxi,2024,https://example.org/a,year,2025,a heading\n",
        encoding="utf-8",
    )
    series, _ = read_series_terms(RAW / "series.csv")
    _, problems = read_outside_snippet(path, series)
    assert {p.column for p in problems} == {"text"} and len(problems) == 2
    path.write_text(
        "series_id,region,year,source_url,kind,text,where\n"
        "urbanization_rate,shanxi,2024,https://example.org/a,term,城镇化率,a heading\n",
        encoding="utf-8",
    )
    rows, _ = read_observed_rows(RAW / OBS)
    problems = observed_provenance(rows, RAW / OBS, plan_codes(), series)  # reads the real list
    assert problems == []
    from shanxi_analysis.data.provenance.observations import _unused_outside

    outside, _ = read_outside_snippet(path, series)
    assert "no observed row matches" in str(_unused_outside(outside, rows, path))

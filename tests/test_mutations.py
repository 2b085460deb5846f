"""The mutation harness (issue 20): a year or value change that alters any verdict is never
accepted.  Every sign, digit, year (+-1) and swap of a value for another number of its snippet is
tried on every row of observed.csv; an accepted mutation is verified harmless by re-running the
verdicts with it.

In ``make test`` (the derandomized ``ci`` profile) the figures cover every mutation and the
verdicts are re-run for every accepted mutation of a series a verdict reads, plus a fixed tenth of
the others; ``make fuzz`` re-runs the verdicts for every accepted mutation.  The figures are in the
README's reliability section."""

from __future__ import annotations

import pytest
from hypothesis import settings

from mutations import Harness, report, run

DEEP = not settings.default.derandomize  # the fuzz profile: verify every accepted mutation


@pytest.fixture(scope="module")
def harness():
    return Harness()


def _verify(harness: Harness):
    """Which accepted mutations are verified by re-running the verdicts."""
    count = {"n": 0}

    def pick(m) -> bool:
        if DEEP or m.series_id in harness.verdict_series:
            return True
        count["n"] += 1
        return count["n"] % 10 == 1

    return pick


def test_no_accepted_mutation_changes_a_verdict(harness, capsys):
    figures, accepted, harmful = run(harness, verify=_verify(harness))
    with capsys.disabled():
        print("\n" + report(figures))
    assert harmful == [], "\n".join(f"{m}: changes {changed}" for m, changed in harmful)
    # every sign flip and single-digit change is caught; a year shift is accepted only where the
    # source supports both years and no verdict reads the series, a swap only within a snippet
    assert figures["sign"]["accepted"] == 0 and figures["digit"]["accepted"] == 0
    assert figures["year"]["caught"] / figures["year"]["tried"] >= 0.95
    assert figures["swap"]["caught"] / figures["swap"]["tried"] >= 0.9
    assert all(figures[k]["tried"] for k in ("sign", "digit", "year", "swap"))
    verified = sum(f["verified"] for f in figures.values())
    assert verified == len(accepted) if DEEP else verified >= 10


# Every mutation that used to be accepted although it changed a verdict (the harness run on the
# code of 2026-12-07: 101 year shifts and 61 swaps accepted, these 10 harmful), kept as regression cases.
@pytest.mark.parametrize(
    "series, year, vintage, field, new",
    [
        ("gdp_real_growth_avg5", 2025, "preliminary", "year", "2026"),  # "missed" became "pending"
        ("double_first_class_universities", 2022, "unknown", "year", "2023"),
        ("national_key_laboratories", 2022, "preliminary", "year", "2021"),
        ("pension_insurance_coverage_rate", 2025, "preliminary", "year", "2024"),
        ("forest_coverage", 2020, "unknown", "year", "2021"),
        ("g5_base_stations", 2022, "preliminary", "year", "2021"),
        ("g5_base_stations", 2023, "preliminary", "year", "2022"),
        ("grain_output", 2022, "preliminary", "year", "2023"),
        ("industrial_enterprises_count", 2020, "preliminary", "year", "2021"),
        ("gdp_real_growth", 2016, "revised", "value", "1296.64"),  # glued table cells
    ],
)
def test_a_verdict_changing_year_shift_is_caught(harness, series, year, vintage, field, new):
    from mutations import mutations

    rows = [
        r
        for r in harness.rows
        if (r["series_id"], r["region"], r["year"], r["vintage"]) == (series, "shanxi", year, vintage)
    ]
    assert len(rows) == 1
    found = [m for m in mutations(rows[0]) if m.field == field and m.new == new]
    assert len(found) == 1 and harness.caught(found[0]), found

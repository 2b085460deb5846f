"""`shanxi validate`: passes on the repository, and fails precisely on a corrupted copy."""

import csv

import pytest

from conftest import edit_cell
from shanxi_analysis.data.plans import list_plans, read_indicator_rows, read_text_target_rows
from shanxi_analysis.data.printed import numbers_in
from shanxi_analysis.data.provenance import (
    INDICATOR_WINDOW,
    Outline,
    evidence_candidates,
    plan_provenance,
    text_target_provenance,
    value_in_evidence,
)
from shanxi_analysis.data.validate import collect_problems


def test_repository_data_validates():
    problems, counts = collect_problems()
    assert problems == []
    assert counts["data/raw/plan14_indicators.csv"] == 46


def test_validate_cli_passes_and_fails_precisely(cli, data_copy):
    code, out, _ = cli("validate")
    assert code == 0 and "all checks passed" in out
    # one digit of one plan number, changed in both the printed text and the number
    path = data_copy / "raw" / "plan14_indicators.csv"
    edit_cell(path, 3, "base_text", "59.56*")
    edit_cell(path, 3, "base_value", "59.56")
    code, _, err = cli("validate", data_dir=data_copy)
    assert code == 1
    assert "plan14_indicators.csv:3: base_text,target_text,target_rate_text" in err
    assert "59.56 not printed" in err and "1 problem(s)" in err


def test_a_number_that_disagrees_with_its_printed_text_is_caught(data_copy):
    path = data_copy / "raw" / "plan13_indicators.csv"
    edit_cell(path, 2, "actual_value", "5.5")  # GDP outcome printed as 5.4
    problems, _ = collect_problems(data_copy)
    assert [(p.line, p.column) for p in problems] == [(2, "actual_value")]
    assert "5.5 does not match the printed outcome '5.4'" in problems[0].message


def _digit_mutations(text):
    for i, ch in enumerate(text):
        if ch in "0123456789":
            yield text[:i] + str((int(ch) + 1) % 10) + text[i + 1 :]


def test_every_single_digit_change_in_the_plan_tables_is_caught():
    """Change each digit of each printed cell of every plan: provenance must fail, unless the new
    number is itself printed later in the same window of an outline table (then the row is still
    traceable, by accident).  A plan traced by sentence or by source cells has no such excuse."""
    escaped = []
    total = {}
    for plan in list_plans():
        outline = Outline(plan.source_path.read_text(encoding="utf-8"))
        rows, _ = read_indicator_rows(plan)
        for i, r in enumerate(rows):
            for col in ("base_text", "target_text", "target_rate_text", "actual_text", "actual_rate_text"):
                for mutated in _digit_mutations(r[col] or ""):
                    total[plan.traced_by] = total.get(plan.traced_by, 0) + 1
                    changed = [*rows[:i], dict(r, **{col: mutated}), *rows[i + 1 :]]
                    if not [p for p in plan_provenance(changed, plan) if p.line == r["_line"]]:
                        assert plan.traced_by == "table", (plan.id, r["no"], col, mutated)
                        window = numbers_in(outline.text(r["source_line"], INDICATOR_WINDOW))
                        new = set(numbers_in(mutated)) - set(numbers_in(r[col]))
                        assert new and all(n in window for n in new), (plan.id, r["no"], col, mutated)
                        escaped.append(mutated)
    assert total["table"] > 500 and len(escaped) <= 5
    assert total["cells"] >= 20 and total["sentence"] >= 12


def test_every_single_digit_change_in_the_text_register_is_caught():
    plan = next(p for p in list_plans() if p.text_targets_path)
    outline = Outline(plan.source_path.read_text(encoding="utf-8"))
    rows, _ = read_text_target_rows(plan)
    for r in rows:
        for mutated in _digit_mutations(r["phrase"]):
            assert text_target_provenance([dict(r, phrase=mutated)], plan, outline), (r["id"], mutated)


def test_every_observed_value_is_in_its_evidence_and_a_changed_digit_is_not():
    with open("data/raw/observed.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        assert value_in_evidence(r["value"], r["unit"], r["evidence"], r["note"]), r
        printed = {c.magnitude for c in evidence_candidates(r["evidence"])}
        for mutated in _digit_mutations(r["value"]):
            if mutated.lstrip("-")[0] == "0" and not mutated.lstrip("-").startswith("0."):
                continue  # a leading zero is not a different number
            if float(mutated) in printed or abs(float(mutated)) in printed:
                continue  # the evidence prints that number too (e.g. nominal 9.1 and real 8.1)
            assert not value_in_evidence(mutated, r["unit"], r["evidence"], r["note"]), (
                r["series_id"],
                r["year"],
                mutated,
            )


@pytest.mark.parametrize(
    "value, unit, evidence, note",
    [
        ("15500", "亿元", "a GDP of 1.55 trillion yuan in 2017", "rounded"),
        ("1318.5", "万吨", "今年山西省粮食总产量为131.85亿公斤", "converted from 131.85亿公斤 (x10 = 万吨)"),
        ("2.0", "%", "前年比2・0%増", ""),
        ("25698.18", "亿元", "前年比5・0%増の2兆5698億1800万元", ""),
        ("13.56582", "亿吨", "原炭生産量は3・3%増の13億5658万2千トン", ""),
        ("1478", "万吨", "总产量295.6亿斤", "converted from 295.6亿斤 (x5 = 万吨)"),
        ("50.57", "万人", "including 505,700 in urban areas", "converted from 505,700 persons"),
        ("-33.2", "%", "energy consumption drop of 33.2 percent", ""),
    ],
)
def test_evidence_conversions(value, unit, evidence, note):
    assert value_in_evidence(value, unit, evidence, note)


def test_observed_digit_change_in_a_copy_fails_validation(data_copy):
    path = data_copy / "raw" / "observed.csv"
    with open(path, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    line = next(i + 2 for i, r in enumerate(rows) if r["series_id"] == "gdp_real_growth" and r["year"] == "2022")
    edit_cell(path, line, "value", "4.5")  # published as 4.4
    problems, _ = collect_problems(data_copy)
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (line, "value")
    assert "not in the evidence text" in problems[0].message


@pytest.mark.parametrize(
    "row_id, year, ok",
    [
        ("T4491b", "2035", False),  # found by the corruption property test: 2025 -> 2035 was accepted
        ("T4491b", "2024", False),
        ("T1332a", "2030", False),  # the phrase prints 到2025年
        ("T0775a", "2035", True),  # 人均地区生产总值达到2万美元: 2035 is printed in the same sentence
        ("T0775a", "2025", False),  # ... so the plan's target year is not
        ("T4491b", "2025", True),  # no year printed near it: the plan's target year
    ],
)
def test_a_text_target_year_must_be_supported_by_the_text(data_copy, row_id, year, ok):
    path = data_copy / "raw" / "plan14_text_targets.csv"
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(row_id + ",")
    )
    edit_cell(path, line, "target_year", year)
    problems, _ = collect_problems(data_copy)
    found = [(p.line, p.column) for p in problems]
    assert found == ([] if ok else [(line, "target_year")])
    if not ok:
        assert "is not supported by the text; valid:" in problems[0].message


@pytest.mark.parametrize(
    "row_id, value, ok",
    [
        ("T1233a", "3", False),  # found by `make fuzz`: 力争形成2—3个 stored as 3 was accepted
        ("T1233a", "2", True),
        ("T2330a", "6000", False),  # 5000—6000万千瓦: the value is the lower end
    ],
)
def test_a_range_target_stores_the_lower_end_printed(data_copy, row_id, value, ok):
    path = data_copy / "raw" / "plan14_text_targets.csv"
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(row_id + ",")
    )
    edit_cell(path, line, "value", value)
    problems, _ = collect_problems(data_copy)
    found = {(p.line, p.column) for p in problems}
    assert found == set() if ok else (line, "value") in found and {found_line for found_line, _ in found} == {line}

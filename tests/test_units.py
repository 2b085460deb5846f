"""The unit registry (data/raw/units.csv, shanxi_analysis.data.units): one table says what a unit
is, and every rule that depends on a unit asks it."""

from __future__ import annotations

import ast
import csv
from pathlib import Path

import pytest

from shanxi_analysis.data import units

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PACKAGE = ROOT / "shanxi_analysis"


def _rows(name: str) -> list[dict]:
    with open(RAW / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_every_unit_of_the_data_is_registered_for_its_file():
    for name, use in (
        ("plan13_indicators.csv", "plans"),
        ("plan14_indicators.csv", "plans"),
        ("plan14_text_targets.csv", "register"),
        ("observed.csv", "observed"),
        ("series.csv", "observed"),
    ):
        allowed = units.allowed(use)
        assert {r["unit"] for r in _rows(name)} <= set(allowed), name


def test_a_unit_is_allowed_only_where_the_registry_says():
    assert "类" in units.allowed("register") and "类" not in units.allowed("plans")  # a water class: register only
    assert "元/人" in units.allowed("observed") and "元/人" not in units.allowed("plans")
    assert "亿美元" in units.allowed("plans") and "亿美元" not in units.allowed("observed")
    with pytest.raises(ValueError, match="unknown use"):
        units.allowed("charts")


@pytest.mark.parametrize(
    "a, b, factor",
    [  # the exact conversions the register's links use (150 亿公斤 = 1500 万吨 ...), and their inverses
        ("万户", "户", 1e4),
        ("亿公斤", "万吨", 10.0),
        ("万座", "个", 1e4),
        ("亿方", "亿立方米", 1.0),
        ("万人", "人", 1e4),
        ("亿吨", "万吨", 1e4),
        ("户", "万户", 1e-4),
        ("亿元", "元", 1e8),
    ],
)
def test_units_of_one_family_convert_exactly(a, b, factor):
    assert units.conversion(a, b) == pytest.approx(factor, rel=1e-15)


@pytest.mark.parametrize(
    "a, b", [("亿吨", "亿吨标准煤"), ("户", "家"), ("万人", "万人次"), ("%", "个百分点"), ("元", "x")]
)
def test_units_of_different_families_never_convert(a, b):
    assert units.conversion(a, b) is None


def test_what_a_unit_measures():
    assert [u for u in ("%", "个百分点", "百分点", "‰", "元") if units.is_share(u)] == ["%", "个百分点", "百分点"]
    assert [u for u in ("岁", "年", "天", "万人") if units.is_years(u)] == ["岁", "年", "天"]
    # counted one by one (a pace in whole units) -- a count in 万 is a level
    assert [u for u in ("个", "户", "人", "张", "万户", "万人", "亿元") if units.is_whole_count(u)] == [
        "个",
        "户",
        "人",
        "张",
    ]
    assert units.is_count("万户") and not units.is_count("亿元")
    assert units.multiplier("亿元") == 1e8 and units.multiplier("万千瓦") == 1e4 and units.multiplier("1/10万") == 1
    # a total (a province's part of the national value): the observed units in 万 / 亿
    observed = {r["unit"] for r in _rows("observed.csv")}
    totals = {u for u in observed if units.is_aggregate(u)}
    assert totals == {"亿元", "万人", "万人次", "万户", "万吨", "亿吨", "亿立方米", "亿千瓦时", "亿吨标准煤", "万亩"}
    assert units.kind("nonsense") is None and units.name("nonsense", "en") is None


def test_the_words_a_unit_is_printed_with():
    # what the evidence reader (data/reading.py) checks a printed unit word against
    assert [units.printed_with(u) for u in ("%", "百分点", "元/人", "万人次", "万户", "个/万人", "亿吨")] == [
        "pct",
        "pp",
        "money",
        "people",
        "count",
        "count",
        "mass",
    ]
    # not checked: an index, a ratio, years, energy, and a unit the registry does not know
    for unit in ("index (previous year = 100)", "ratio", "年", "亿千瓦时", "nonsense", None):
        assert units.printed_with(unit) is None
    # the registry's families are the ones whose words the reader knows
    from shanxi_analysis.data.reading import _FAMILY_WORDS
    from shanxi_analysis.data.schema import UNIT_WORDS

    assert {f for f, _ in _FAMILY_WORDS} == set(UNIT_WORDS)
    observed = {units.printed_with(u) for u in units.allowed("observed")} - {None}
    assert observed <= set(UNIT_WORDS)


def test_names_in_both_languages():
    assert units.name("μg/m3", "zh") == "微克/立方米" and units.name("亿元", "zh") == "亿元"  # a symbol in words
    assert units.name("亿元", "en") == "100 million yuan"


def _registry_copy(tmp_path, edit) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    rows = _rows("units.csv")
    edit(rows)
    with open(raw / "units.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return tmp_path


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("factor", "0", "must be positive"),
        ("factor", "1e4", "not a number"),
        ("kind", "weight", "not allowed"),
        ("used_in", "plans charts", "not valid"),
        ("printed_with", "dollars", "not allowed"),
    ],
)
def test_a_bad_registry_row_is_refused_with_its_line(tmp_path, column, value, message):
    data = _registry_copy(tmp_path, lambda rows: rows[4].update({column: value}))
    _, problems = units.check_units(data)
    assert any(p.line == 6 and p.column == column and message in p.message for p in problems), problems


def test_a_family_converts_within_one_kind(tmp_path):
    data = _registry_copy(tmp_path, lambda rows: next(r for r in rows if r["unit"] == "亿元").update(family="公斤"))
    _, problems = units.check_units(data)
    assert any(p.column == "kind" and "one kind a family" in p.message for p in problems), problems


# --- one place -----------------------------------------------------------------------------------


def _unit_tables(path: Path, known: set[str]) -> list[int]:
    """Lines of the tuples, lists, sets and dict keys that list two or more registered units."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = node.elts
        elif isinstance(node, ast.Dict):
            items = [k for k in node.keys if k is not None]
        else:
            continue
        codes = {i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)}
        codes |= {
            i.elts[0].value
            for i in items
            if isinstance(i, ast.Tuple) and i.elts and isinstance(i.elts[0], ast.Constant)
        }
        if len(codes & known) >= 2:
            lines.append(node.lineno)
    return lines


def test_no_module_keeps_a_unit_table_of_its_own():
    known = {r["unit"] for r in _rows("units.csv")}
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name == "data/units.py":
            continue
        if lines := _unit_tables(path, known):
            found[name] = lines
    assert found == {}, f"unit tables outside data/units.py (ask the registry instead): {found}"


def test_the_scan_finds_a_unit_table(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text('COUNTS = ("个", "户")\nCONVERT = {("万户", "户"): 1e4}\nONE = ("%",)\n', encoding="utf-8")
    assert _unit_tables(planted, {"个", "户", "万户", "%"}) == [1, 2]

"""The body-text register reads each phrase as printed: the comparator is the qualifier next to
the number (以上, 突破, 至少, 左右, 以下, a range), the unit is the one printed after it.  Every
comparator and unit change of every plain row is tried; each is caught or provably harmless."""

import pytest

from shanxi_analysis.data.plans import get_plan, read_text_target_rows
from shanxi_analysis.data.provenance import load_outline, printed_reading, text_target_provenance

COMPARATORS = ("=", ">=", "<=", "~", "range")
PLAIN = ("level", "lower_bound", "upper_bound", "approx", "range")


@pytest.fixture(scope="module")
def register():
    plan = get_plan(14)
    rows, problems = read_text_target_rows(plan)
    assert problems == []
    return plan, rows, load_outline(plan.source_path)


def _problems(plan, outline, row):
    return text_target_provenance([row], plan, outline)


@pytest.mark.parametrize(
    "phrase, value, comparators, units",
    [
        ("从业人员持证率达到50%以上", 50, {">="}, {"%"}),
        ("规模以上工业企业数量突破1万户", 1, {">="}, {"万户"}),
        ("原则上每个乡镇至少办好1所公办中心园", 1, {">="}, {"所"}),
        ("粮食总产量达150亿公斤左右", 150, {"~"}, {"亿公斤"}),
        ("建设6-8个省级产教融合实训基地", 6, {"range"}, {"个"}),
        ("到2025年,力争高新技术企业达到5000家", 5000, {"="}, {"家"}),
        ("打造农产品精深加工十大产业集群", 10, {"="}, set()),
    ],
)
def test_printed_reading(phrase, value, comparators, units):
    got_comparators, got_units = printed_reading(value, phrase)
    assert got_comparators == comparators
    # the text after the number, up to punctuation or a qualifier, starts with the unit
    assert len(got_units) == len(units) and all(any(g.startswith(u) for g in got_units) for u in units)


def test_every_comparator_and_unit_change_is_caught(register):
    plan, rows, outline = register
    tried = caught = 0
    accepted = []
    units = sorted({r["unit"] for r in rows})
    for row in rows:
        if row["target_kind"] not in PLAIN:
            continue
        for comp in COMPARATORS:
            if comp == row["comparator"] or (comp == "range") != (row["target_kind"] == "range"):
                continue  # the kind pins range; the kind/comparator pairing is checked elsewhere
            tried += 1
            if _problems(plan, outline, dict(row, comparator=comp)):
                caught += 1
            else:
                accepted.append((row["id"], "comparator", comp))
        other = next(
            u for u in units if u != row["unit"] and not (u.startswith(row["unit"]) or row["unit"].startswith(u))
        )
        tried += 1
        if _problems(plan, outline, dict(row, unit=other)):
            caught += 1
        else:
            accepted.append((row["id"], "unit", other))
    # accepted: rows whose phrase prints no unit after the number (十大, 五大 industry clusters;
    # 破“零”: breaking zero): nothing in the text fixes their unit
    unit_free = {a[0] for a in accepted if a[1] == "unit"}
    for row_id in unit_free:
        row = next(r for r in rows if r["id"] == row_id)
        assert printed_reading(row["value"], row["phrase"])[1] == set() or "零" in row["phrase"], row_id
    assert [a for a in accepted if a[1] == "comparator"] == []
    assert tried >= 300 and caught == tried - len(accepted), (tried, caught, accepted)

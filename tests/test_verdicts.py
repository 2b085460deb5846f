"""Verdicts put into words once (shanxi_analysis.models.verdicts): the model gives codes and
numbers, the catalogue words them in both languages, the pages' notes and the explanations are
the same sentences."""

from __future__ import annotations

import re

import pytest

from shanxi_analysis.data.catalogue import CATALOGUE
from shanxi_analysis.models import verdicts
from shanxi_analysis.models.assess import (
    MIDTERM_CODES,
    NO_PACE_REASONS,
    OUTCOME_NOTES,
    PENDING_REASONS,
    Assessment,
)
from shanxi_analysis.models.status import STATUSES, UNSCORED_REASONS
from shanxi_analysis.models.text_targets import assess_text_targets


def test_every_code_of_the_model_has_its_words():
    keys = (
        [f"status.{c}" for c in STATUSES]
        + [f"midterm.{c}" for c in MIDTERM_CODES]
        + [f"note.pending.{c}" for c in PENDING_REASONS]
        + [f"note.no_pace.{c}" for c in NO_PACE_REASONS]
        + [f"note.outcome.{c}" for c in OUTCOME_NOTES if c != "tolerance"]
        + [f"note.rate_check.{c}" for c in ("reproduced", "differs", "not_derivable")]
        + [f"page.coverage.{c}" for c in UNSCORED_REASONS]
    )
    assert [k for k in keys if k not in CATALOGUE] == []


@pytest.fixture(scope="module")
def tables():
    out = {"13": Assessment(13).fit()}
    for as_of in (2021, 2023, 2025):
        for method in ("eurostat", "escap"):
            out[f"14/{as_of}/{method}"] = Assessment(14, as_of, method).fit()
    return out


LEFTOVER = re.compile(r"\{[a-z_]+\}|\bnan\b|\bNone\b|<NA>|\bn/a\b")


def test_every_verdict_reads_in_both_languages(tables):
    for name, results in tables.items():
        for _, row in results.table.iterrows():
            en, zh = results.explain(row["no"]), results.explain(row["no"], "zh")
            assert en.startswith(f"{row['no']} {row['name_en']} (target: ") and en.endswith("."), (name, en)
            assert zh.startswith(f"{row['no']} {row['name_zh']}(目标") and zh.endswith("。"), (name, zh)
            assert not LEFTOVER.search(en) and not LEFTOVER.search(zh), (name, en, zh)
            assert verdicts.status_words(row["status"], "en") in en, (name, en)


def test_the_body_text_targets_read_too():
    table = assess_text_targets(as_of=2024)
    for _, row in table.iterrows():
        for lang in ("en", "zh"):
            text = verdicts.explanation(row, lang)
            assert not LEFTOVER.search(text), text


def _pieces(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;.:;。:]\s*", text) if p.strip()]


def test_a_note_is_the_explanation_without_its_extra_arithmetic(tables):
    """One wording: every clause of a page's note (in the explanation's numbers) is in the
    explanation, word for word."""
    for name, results in tables.items():
        if name == "13":
            continue
        for _, row in results.table.iterrows():
            for lang in ("en", "zh"):
                short = verdicts.sentences(row, lang, full=False)
                full = verdicts.sentences(row, lang, full=True)
                missing = [p for p in _pieces(short) if p not in full]
                assert missing == [], (name, row["no"], lang, missing)


def test_the_explanation_keeps_the_arithmetic(tables):
    gdp = tables["14/2023/eurostat"].explain("1")
    # the rates chained, the pace needed and in which years, the best ever and since when, the vintages
    for piece in (
        "(9.1, 4.4, 5)",
        "needed in the remaining years (2024-2025)",
        "best since 2015: 9.1 (2021)",
        "preliminary, revised",
    ):
        assert piece in gdp, gdp
    escap = tables["14/2023/escap"].explain("2")
    assert "a time-weighted trend projects" in escap and "anticipated progress" in escap
    assert "Why: the annual rates are incomplete" not in gdp
    review = tables["13"].explain("1", "zh")
    assert "实际增长" in review and "价格上涨" in review  # the nominal levels' rate is not the verdict


def test_summary_in_both_languages(tables):
    results = tables["14/2023/eurostat"]
    assert results.summary().startswith("Plan 14 as of 2023 (Eurostat method): 46 indicators: ")
    assert results.summary("zh").startswith("第14个五年规划,截至2023年(欧盟统计局方法):共46项指标")
    with pytest.raises(Exception, match="valid"):
        results.explain("99")

"""The 15th plans' page in words (notebook 6): each target with its source grade and where it
comes from, its base, the pace it needs and the previous plan's record, in one language.  The
numbers are :func:`..models.outlook.outlook`'s; nothing here claims an outcome."""

from __future__ import annotations

import math

import pandas as pd

from ..core.numbers import DASH, PLAIN, number
from ..data.catalogue import CATALOGUE, check_lang, pick, say
from ..data.plans import get_plan
from .downloads import as_number, as_whole, data_frame, with_data
from .words import marked, target_words


def plans_to_show(data_dir=None) -> list[str]:
    """The plans of the period after the current plans, national first (the regions without a
    nation), in the registry's order."""
    from ..data.plans import list_plans
    from ..data.regions import load_regions

    regions = load_regions(data_dir)
    current = {get_plan(r.current_plan, data_dir=data_dir).target_year for r in regions.values() if r.current_plan}
    later = [p for p in list_plans(data_dir) if p.base_year in current and p.assessed_by == "observed"]
    return [p.id for p in sorted(later, key=lambda p: (bool(regions[p.region].nation), p.region))]


def intro(table: pd.DataFrame, lang: str) -> str:
    check_lang(lang)
    return say(
        "page.outlook.intro",
        lang,
        base=int(table["base_year"].iloc[0]),
        first=table.attrs["first"] + 1,
        last=table.attrs["last"],
    )


def unknown(plan: str, lang: str) -> str:
    """What is not yet known about a plan ('' when nothing is said)."""
    key = f"page.outlook.unknown.{plan}"
    return say(key, lang) if key in CATALOGUE else ""


def plan_title(plan: str, lang: str) -> str:
    p = get_plan(plan)
    return pick((p.title_zh, p.title_en), lang)


def _value(x, row, lang: str) -> str:
    from ..data import units

    unit = units.words(row.get("unit"), lang, row.get("unit_en"))
    value = number(x, PLAIN, 4)
    return say("words.value_unit", lang, value=value, unit=unit) if unit else value


def _pace(x, row, lang: str) -> str:
    from ..data import units
    from .messages import pace_unit_label

    unit = row.get("pace_unit")
    words = pace_unit_label(
        unit, lang, units.words(row["unit"], "zh"), units.words(row["unit"], "en", row.get("unit_en"))
    )
    return say("page.outlook.pace", lang, value=number(x, PLAIN, 3), unit=words)


def need_words(row, lang: str) -> str:
    code = row["need_code"]
    if code in ("rate", "reduction"):
        return say(f"page.outlook.need.{code}", lang, value=number(row["need"], PLAIN, 3))
    if code == "pace":
        return _pace(row["need"], row, lang)
    if code == "relative":
        return say("page.outlook.need.relative", lang, no=row["relative_to"])
    return say(f"page.outlook.need.{code}", lang)


def record_words(row, lang: str) -> str:
    code = row["record_code"]
    if code in ("chained", "reduction"):
        return say(f"page.outlook.record.{code}", lang, value=number(row["record"], PLAIN, 3))
    if code == "pace":
        text = _pace(row["record"], row, lang)
        if _finite(row.get("record_low")):
            text += say("page.sep.clause", lang) + _range(row, lang)
        return text
    if code == "range":
        return _range(row, lang)
    if code == "break":
        return say("page.outlook.record.break", lang, year=int(row["record_break"]))
    return say(f"page.outlook.record.{code}", lang)


def _range(row, lang: str) -> str:
    return say(
        "page.outlook.record.range",
        lang,
        low=_value(row["record_low"], row, lang),
        high=_value(row["record_high"], row, lang),
    )


def _finite(x) -> bool:
    try:
        return math.isfinite(float(x))
    except (TypeError, ValueError):
        return False


def base_words(row, lang: str) -> str:
    if not _finite(row["base_value"]):
        return DASH
    from .messages import VINTAGE

    vintage = row.get("base_vintage")
    shown = _value(row["base_value"], row, lang)
    if row["need_code"] == "reduction":  # the series is the annual change, not a level
        shown = say("page.outlook.base.change", lang, value=shown)
    if isinstance(vintage, str) and vintage in VINTAGE:
        shown += say("page.sep.clause", lang) + pick(VINTAGE[vintage], lang)
    return marked(shown, row.get("base_grade"), lang)


def source_words(row, lang: str) -> str:
    line = row.get("source_line")
    if not _finite(line):
        return DASH
    text = row.get("source_text")
    at_line = say("page.outlook.source.line", lang, line=int(line))
    if not (isinstance(text, str) and text):
        return at_line
    # the sentence is Chinese: quoted on the Chinese page, its line on the English one
    return pick((say("page.outlook.source.sentence", lang, line=int(line), text=text), at_line), lang)


def _target(row, lang: str) -> str:
    """The target in the page's language (a qualitative target's Chinese words on the Chinese page
    only)."""
    if row["target_kind"] == "qualitative":  # the plan's words are Chinese: their kind on an English page
        return pick((target_words(row, lang), say("words.kind.qualitative.short", lang)), lang)
    return target_words(row, lang)


def outlook_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The display table: one row per target, every header and cell in ``lang``; its files hold
    the target, base, pace and record as numbers in columns of their own (:func:`_outlook_data`)."""
    check_lang(lang)
    heads = _headers(table, lang)
    rows = []
    for _, r in table.iterrows():
        rows.append(
            {
                heads["no"]: r["no"],
                heads["name"]: pick((r["name_zh"], r["name_en"]), lang),
                heads["target"]: _target(r, lang),
                heads["grade"]: say(f"page.outlook.grade.{r['grade']}", lang),
                heads["source"]: source_words(r, lang),
                heads["base"]: base_words(r, lang),
                heads["need"]: need_words(r, lang),
                heads["record"]: record_words(r, lang),
            }
        )
    return with_data(pd.DataFrame(rows), _outlook_data(table, lang, heads))


def _headers(table: pd.DataFrame, lang: str) -> dict[str, str]:
    first, last = table.attrs["first"], table.attrs["last"]
    base_year = int(table["base_year"].iloc[0])
    target_year = int(table["target_year"].max())
    return {
        "no": say("page.col.no", lang),
        "name": say("page.col.name", lang),
        "target": say("page.outlook.col.target", lang),
        "grade": say("page.outlook.col.grade", lang),
        "source": say("page.outlook.col.source", lang),
        "base": say("page.outlook.col.base", lang, year=base_year),
        "need": say("page.outlook.col.need", lang, first=base_year + 1, last=target_year),
        "record": say("page.outlook.col.record", lang, first=first + 1, last=last),
    }


def _outlook_data(table: pd.DataFrame, lang: str, heads: dict[str, str]) -> pd.DataFrame:
    """The table as data: the numbers as numbers (the target's value, the base, the pace needed and
    the record, each with its unit), the words beside them as text."""
    from ..data import units
    from .messages import VINTAGE, pace_unit_label

    def pace_unit(r) -> str | None:
        code = r.get("pace_unit")
        if not isinstance(code, str) or not code:
            return None
        return pace_unit_label(code, lang, units.words(r["unit"], "zh"), units.words(r["unit"], "en", r.get("unit_en")))

    rows = [r for _, r in table.iterrows()]

    def number_or_none(x):
        return as_number(x) if _finite(x) else None

    data = {
        heads["no"]: [r["no"] for r in rows],
        heads["name"]: [pick((r["name_zh"], r["name_en"]), lang) for r in rows],
        heads["target"]: [_target(r, lang) for r in rows],
        say("page.outlook.file.target_value", lang): [number_or_none(r["target_value"]) for r in rows],
        say("page.outlook.file.unit", lang): [units.words(r["unit"], lang, r.get("unit_en")) or None for r in rows],
        heads["grade"]: [say(f"page.outlook.grade.{r['grade']}", lang) for r in rows],
        say("page.outlook.file.source_line", lang): [
            as_whole(r["source_line"]) if _finite(r["source_line"]) else None for r in rows
        ],
        heads["base"]: [number_or_none(r["base_value"]) for r in rows],
        say("page.outlook.file.base_vintage", lang): [
            pick(VINTAGE[r["base_vintage"]], lang) if r.get("base_vintage") in VINTAGE else None for r in rows
        ],
        heads["need"]: [number_or_none(r["need"]) for r in rows],
        say("page.outlook.file.need_note", lang): [
            None if r["need_code"] in ("pace",) else need_words(r, lang) for r in rows
        ],
        say("page.outlook.file.pace_unit", lang): [pace_unit(r) for r in rows],
        heads["record"]: [number_or_none(r["record"]) for r in rows],
        say("page.outlook.file.record_low", lang): [number_or_none(r.get("record_low")) for r in rows],
        say("page.outlook.file.record_high", lang): [number_or_none(r.get("record_high")) for r in rows],
        say("page.outlook.file.record_note", lang): [
            None if r["record_code"] == "pace" else record_words(r, lang) for r in rows
        ],
    }
    return data_frame(data)


def comparisons(table: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per target with a need or a record: what it needs, after what the previous
    plan's period did ("GDP growth: qualitative, after 5.306 % a year in 2021-2025")."""
    check_lang(lang)
    first, last = table.attrs["first"] + 1, table.attrs["last"]
    out = []
    for _, r in table.iterrows():
        if r["record_code"] in ("no_series", "context_only") and r["need_code"] == "no_base":
            continue
        need = need_words(r, lang)
        target = (
            say("page.outlook.compare.need", lang, need=need)
            if r["need_code"] in ("rate", "pace", "reduction")
            else need
        )
        out.append(
            say(
                "page.outlook.compare",
                lang,
                name=pick((r["name_zh"], r["name_en"]), lang),
                target=target,
                record=record_words(r, lang),
                first=first,
                last=last,
            )
        )
    return out


__all__ = [
    "base_words",
    "comparisons",
    "intro",
    "need_words",
    "outlook_table",
    "plans_to_show",
    "record_words",
    "unknown",
]

"""The national comparison and the data-vintage table for readers, in Chinese or English.

:func:`national_comparison_table` and :func:`vintage_table_display` turn the tidy frames of
:mod:`..models.compare` into display frames whose headers and cells are all in the page's
language.  Every cell is an HTML fragment with the data-derived text escaped (``html.escape``):
render them with :func:`to_html` / :func:`show`, which do not escape a second time.

Language rules (tested): the only text not in the page's language is the title of a cited
source, kept as published inside ``<cite>`` (in 《》 on Chinese pages, in “ ” on English ones),
a source address that is not a web link, inside ``<code>``, and the plan's row codes (``8b``);
the plan's Chinese indicator names are shown as printed (``5G网络用户普及率``).  Links are ``<a href>`` with the
escaped address; only ``http(s)`` addresses become links.
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from .messages import CONTEXT_HEADER, OBS_UNIT, SERIES_NAME, SOURCE_GRADE, VINTAGE, check_lang

DASH = "—"
_LATIN = re.compile(r"[A-Za-z]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and not math.isfinite(x))


def _num(x, digits: int | None = None) -> str:
    """A number as printed: thousands separators, at most 2 decimals (1 from 1,000 on), no
    trailing zeros."""
    if _missing(x):
        return DASH
    x = float(x)
    digits = (2 if abs(x) < 1000 else 1) if digits is None else digits
    text = f"{x:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _signed(x, digits: int = 2) -> str:
    return f"{float(x):+.{digits}f}"


def _headers(keys: list[str], lang: str) -> dict[str, str]:
    return {k: _pick(CONTEXT_HEADER[k], lang) for k in keys}


def _targets(data_dir):
    from ..data.plans import load_targets

    return load_targets(data_dir=data_dir).set_index("no")


def unit_label(unit, lang: str, targets: pd.DataFrame | None = None) -> str:
    """A unit in the page's language (escaped)."""
    if _missing(unit) or unit == "":
        return ""
    if unit in OBS_UNIT:
        return _e(_pick(OBS_UNIT[unit], lang))
    if lang == "en" and targets is not None:
        match = targets[targets["unit"] == unit]
        if len(match):
            return _e(match["unit_en"].iloc[0])
    return _e(unit)


def series_name(series_id: str, lang: str, plan_row=None, description: str = "") -> str:
    """A short one-language name of a series (not escaped): the registered name, else the name of
    the plan row it measures, else the matching part of the catalogue's mixed description, else
    the code."""
    if series_id in SERIES_NAME:
        return _pick(SERIES_NAME[series_id], lang)
    if plan_row is not None:
        return plan_row["name_zh"] if lang == "zh" else plan_row["name_en"]
    if description:
        head, _, tail = description.partition(" — ")
        if lang == "zh":
            part = _LATIN.split(head, 1)[0].strip(" ,(")
            if _CJK.search(part):
                return part
        else:
            part = tail if tail else head
            if part and not _CJK.search(part):
                return part
    return series_id


def _cite(title, lang: str) -> str:
    inner = f"<cite>{_e(title)}</cite>"
    return f"《{inner}》" if lang == "zh" else f"“{inner}”"


def _is_web(url) -> bool:
    return isinstance(url, str) and re.match(r"https?://", url) is not None


def source_cell(title, url, lang: str) -> str:
    """The citation: the title as published, linked to its address when that is a web page."""
    if _missing(url) or not url:
        return DASH
    cited = _cite(title, lang) if isinstance(title, str) and title else ""
    if _is_web(url):
        return f'<a href="{_e(url)}" rel="noopener">{cited or _e(url)}</a>'
    return f"{cited} <code>{_e(url)}</code>".strip()


def _source_link(region_label: str, title, url) -> str:
    if _missing(url) or not url:
        return ""
    if _is_web(url):
        tip = f' title="{_e(title)}"' if isinstance(title, str) and title else ""
        return f'<a href="{_e(url)}"{tip} rel="noopener">{_e(region_label)}</a>'
    return f"{_e(region_label)} <code>{_e(url)}</code>"


def _vintage(code, lang: str) -> str:
    if _missing(code) or not code:
        return DASH
    return _e(_pick(VINTAGE[code], lang)) if code in VINTAGE else _e(code)


def _year_tag(year, lang: str) -> str:
    return f"({int(year)}年)" if lang == "zh" else f" ({int(year)})"


def _gap_text(row, lang: str, unit: str) -> str:
    kind, g = row["gap_kind"], row["gap"]
    if _missing(g):
        if not _missing(row["value_shanxi"]) and not _missing(row["value_china"]):
            return "无同年数据,不计算" if lang == "zh" else "no common year: not computed"
        return DASH
    if kind == "pp":
        return f"{_signed(g)}个百分点" if lang == "zh" else f"{_signed(g)} pp"
    if kind == "diff":
        return f"{_signed(g)}{unit}" if lang == "zh" else f"{_signed(g)} {unit}"
    if kind == "pct_of_china":
        return f"相当于全国的{_num(g, 1)}%" if lang == "zh" else f"{_num(g, 1)}% of China's level"
    if kind == "share_of_china":
        return f"占全国{_num(g, 2)}%" if lang == "zh" else f"{_num(g, 2)}% of China's total"
    raise ValueError(f"unknown gap kind {kind!r}")


def _period_text(row, lang: str) -> str:
    if _missing(row["period_end"]):
        return DASH
    a, b = int(row["period_start"]), int(row["period_end"])
    s, c, d = _num(row["period_avg_shanxi"]), _num(row["period_avg_china"]), _signed(row["period_gap_pp"])
    if lang == "zh":
        return f"{a}—{b}年:山西{s}%,全国{c}%(差{d}个百分点)"
    return f"{a}–{b}: Shanxi {s}%, China {c}% ({d} pp)"


def national_comparison_table(df: pd.DataFrame, lang: str, with_shanxi_only: bool = False) -> pd.DataFrame:
    """The comparison of :func:`..models.compare.national_comparison` for display;
    ``with_shanxi_only`` drops the series without a Shanxi value (for short documents)."""
    check_lang(lang)
    data_dir = df.attrs.get("data_dir")
    if with_shanxi_only:
        df = df[df["value_shanxi"].notna()]
    targets = _targets(data_dir)
    rows = []
    for _, r in df.iterrows():
        plan_row = targets.loc[r["no"]] if isinstance(r["no"], str) and r["no"] in targets.index else None
        name = _e(series_name(r["series_id"], lang, plan_row))
        if plan_row is not None:
            name += f"(规划指标{_e(r['no'])})" if lang == "zh" else f" (plan row {_e(r['no'])})"
        unit = unit_label(r["unit"], lang, targets.reset_index())
        common = not _missing(r["year"])
        values = {}
        for region in ("shanxi", "china"):
            v, y = r[f"value_{region}"], r[f"year_{region}"]
            text = _num(v)
            if not _missing(v) and not common:
                text += _year_tag(y, lang)
            values[region] = text
        latest = " / ".join(DASH if _missing(r[f"latest_year_{k}"]) else str(int(r[f"latest_year_{k}"])) for k in ("shanxi", "china"))
        vintages = []
        for region in ("shanxi", "china"):
            word = _vintage(r[f"vintage_{region}"], lang)
            if r[f"conflict_{region}"] is True:
                word += "(来源冲突)" if lang == "zh" else " (sources conflict)"
            vintages.append(word)
        links = [_source_link(_pick(CONTEXT_HEADER[k], lang), r[f"source_title_{k}"], r[f"source_url_{k}"]) for k in ("shanxi", "china")]
        rows.append({
            "indicator": name, "unit": unit, "year": str(int(r["year"])) if common else DASH,
            "shanxi": values["shanxi"], "china": values["china"], "gap": _gap_text(r, lang, unit),
            "latest": latest, "vintages": " / ".join(vintages), "period": _period_text(r, lang),
            "sources": " · ".join(l for l in links if l) or DASH,
        })
    keys = ["indicator", "unit", "year", "shanxi", "china", "gap", "latest", "vintages", "period", "sources"]
    return pd.DataFrame(rows, columns=keys).rename(columns=_headers(keys, lang))


def _flags(row, lang: str) -> str:
    if _missing(row["year"]):
        return "暂无数据" if lang == "zh" else "no data"
    parts = []
    if row["role"] == "period_average":
        parts.append("规划期年均值" if lang == "zh" else "plan-period average")
    n = row["n_candidates"]
    if row["conflict"] is True:
        parts.append(f"来源冲突({int(n)}个数值)" if lang == "zh" else f"sources conflict ({int(n)} values)")
    elif not _missing(n) and int(n) > 1:
        parts.append(f"同年有{int(n)}个数值,已择优" if lang == "zh" else f"{int(n)} values for the year, best one shown")
    return ";".join(parts) if lang == "zh" else "; ".join(parts)


def vintage_table_display(df: pd.DataFrame, lang: str, with_data_only: bool = False) -> pd.DataFrame:
    """The data-vintage table of :func:`..models.compare.vintage_table` for display; missing
    values stay missing (shown as a dash).  ``with_data_only`` drops indicators without data."""
    check_lang(lang)
    targets = _targets(df.attrs.get("data_dir"))
    flat = targets.reset_index()
    rows = []
    for _, r in df.iterrows():
        if with_data_only and _missing(r["year"]):
            continue
        t = targets.loc[r["no"]]
        unit = r["unit"] if isinstance(r["unit"], str) and r["unit"] else t["unit"]
        if lang == "en" and unit == t["unit"] and unit != "%":
            unit_text = _e(t["unit_en"])  # the plan table's own unit words (data/raw/units.csv)
        else:
            unit_text = unit_label(unit, lang, flat)
        grade = r["source_grade"]
        rows.append({
            "no": _e(r["no"]),
            "indicator": _e(t["name_zh"] if lang == "zh" else t["name_en"]),
            "latest_year": DASH if _missing(r["year"]) else str(int(r["year"])),
            "value": _num(r["value"]),
            "unit": unit_text,
            "vintage": _vintage(r["vintage"], lang),
            "grade": DASH if _missing(grade) or not grade else _e(_pick(SOURCE_GRADE[grade], lang) if grade in SOURCE_GRADE else grade),
            "source": source_cell(r["source_title"], r["source_url"], lang),
            "flags": _e(_flags(r, lang)) or DASH,
        })
    keys = ["no", "indicator", "latest_year", "value", "unit", "vintage", "grade", "source", "flags"]
    return pd.DataFrame(rows, columns=keys).rename(columns=_headers(keys, lang))


def comparison_note(df: pd.DataFrame, lang: str) -> str:
    """How to read the comparison (the counts come from ``df``)."""
    check_lang(lang)
    n, common = len(df), int(df["year"].notna().sum())
    both = int((df["value_shanxi"].notna() & df["value_china"].notna()).sum())
    as_of = df.attrs.get("as_of")
    if lang == "zh":
        return (f"截至{as_of}年,{n}个序列有全国对比数据,其中{common}个有山西和全国同一年份的数值,"
                f"{both - common}个只有不同年份的数值(分别列出各自年份,不计算差距),其余缺少山西数据。"
                "差距:比重、比率和增速为山西减全国(个百分点);人均或单位水平为山西相当于全国的百分比;"
                "总量为山西占全国的比重。规划期年均增速为各年增速的几何平均,只取两地都有数据的连续年份。")
    return (f"As of {as_of}, {n} series have a national comparator: {common} have Shanxi and China values for the same year, "
            f"{both - common} only for different years (each shown with its year, no gap computed), the rest lack Shanxi data. "
            "Gap: shares, rates and growth rates as Shanxi minus China (percentage points); per-capita or per-unit levels "
            "as Shanxi in % of China's level; totals as Shanxi's share of China's total. Plan-period averages chain the "
            "annual rates over the consecutive years both have.")


def vintage_summary(df: pd.DataFrame, lang: str) -> str:
    """What the vintage table says, in one sentence (counts from ``df``)."""
    check_lang(lang)
    has = df[df["year"].notna()]
    counts = has["vintage"].value_counts()
    conflicts = int(has["conflict"].fillna(False).astype(bool).sum())
    as_of = df.attrs.get("as_of")
    if lang == "zh":
        by = "、".join(f"{_pick(VINTAGE[v], 'zh')}{int(counts[v])}项" for v in VINTAGE if v in counts)
        return (f"{len(df)}项(含分项)指标中,{len(has)}项有截至{as_of}年的观测值({by}),"
                f"{len(df) - len(has)}项暂无数据,未作任何填补;{conflicts}项的最新值存在来源冲突。")
    by = ", ".join(f"{int(counts[v])} {_pick(VINTAGE[v], 'en')}" for v in VINTAGE if v in counts)
    return (f"Of the {len(df)} indicator rows, {len(has)} have an observation up to {as_of} ({by}); "
            f"{len(df) - len(has)} have none and are left empty, never filled; the latest value of {conflicts} comes from conflicting sources.")


def to_html(df: pd.DataFrame) -> str:
    """The display frame as an HTML table; its cells are already escaped fragments."""
    return df.to_html(index=False, escape=False, na_rep=DASH, classes="context-table")


def show(df: pd.DataFrame) -> None:
    """Show a display frame in a notebook (HTML, cells not escaped twice)."""
    from IPython.display import HTML, display

    from .downloads import table_block

    display(HTML(table_block(to_html(df), df, cells_are_html=True)))


__all__ = ["comparison_note", "national_comparison_table", "series_name", "show", "source_cell", "to_html",
           "unit_label", "vintage_summary", "vintage_table_display"]

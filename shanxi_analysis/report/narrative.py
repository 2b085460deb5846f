"""Narrative for the notebooks and briefings, generated from results (never typed-in numbers)."""

from __future__ import annotations

import math

import pandas as pd

from .messages import ATTRIBUTE, check_lang, midterm_label, name, status_label

ACTIVE = ("on_track", "moderate", "insufficient", "moving_away", "achieved", "missed")
SEVERITY = {"moving_away": 0, "missed": 1, "insufficient": 2, "moderate": 3}


def _most_off_track(df: pd.DataFrame) -> pd.DataFrame:
    off = df[df["status"].isin(list(SEVERITY))]
    return off.assign(_sev=off["status"].map(SEVERITY)).sort_values(["_sev", "ratio"]).drop(columns="_sev")


def _n(x, digits=1) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)) or pd.isna(x):
        return "—"
    return f"{x:,.{digits}f}"


def _trim(x) -> str:
    """A number as printed: thousands separators, at most 2 decimals, no trailing zeros."""
    text = f"{x:,.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def review_13th_headline(results, lang: str) -> str:
    """Headline sentence of the 13th-plan review."""
    check_lang(lang)
    df = results.table
    c = results.counts()
    by_attr = results.counts_by_attribute()
    missed = df[df["status"] == "missed"]
    missed_names = "、".join(missed["name_zh"]) if lang == "zh" else ", ".join(missed["name_en"])
    binding_missed = int(by_attr.loc["missed", "binding"]) if "binding" in by_attr else 0
    if lang == "zh":
        tail = "未实现的均为预期性指标" if binding_missed == 0 else "未实现的指标"
        return (f"“十三五”规划专栏1共{len(df)}项(含分项)指标:已实现{c['achieved']}项,未实现{c['missed']}项,"
                f"无法评估{c['not_assessable']}项。约束性指标中未实现{binding_missed}项;{tail}:{missed_names}。")
    tail = "the misses are all expected (indicative) targets" if binding_missed == 0 else "missed"
    return (f"Of the {len(df)} indicators (with sub-rows) in 专栏1, {c['achieved']} were achieved, {c['missed']} missed and "
            f"{c['not_assessable']} cannot be assessed. Binding targets missed: {binding_missed}; {tail}: {missed_names}.")


def gdp_real_vs_nominal(results, lang: str) -> str:
    """The real-vs-nominal GDP explanation, in words and numbers, from row 1 of the review."""
    from ..models.growth import approx_tolerance

    r = results.table[results.table["no"] == "1"].iloc[0]
    implied, printed = r.get("implied_level_cagr"), r.get("printed_rate")
    tol = approx_tolerance(r["target_value"], "%")
    floor = r["target_value"] - tol
    if lang == "zh":
        return (f"地区生产总值目标是按可比价格计算的年均实际增长“{r['target_text']}”。专栏1给出的实际增速为{_n(printed)}%"
                f"(“左右”按±{_n(tol)}个百分点的容差,至少需{_n(floor)}%),判定为{status_label(r['status'], 'zh')}。同表的名义总量从{_n(r['base_value'], 2)}亿元增至"
                f"{_n(r['actual_level_value'], 1)}亿元,"
                f"折合年均名义增长{_n(implied, 2)}%,其中包含价格上涨,不能用来评价实际增长目标。")
    return (f"The GDP target is real (constant-price) growth of {r['target_text']} a year. 专栏1 reports {_n(printed)} % real growth, "
            f"against at least {_n(floor)} % with the {_n(tol)} pp tolerance for 左右: {status_label(r['status'], 'en')}. The same table's nominal levels, "
            f"{_n(r['base_value'], 2)} to {_n(r['actual_level_value'], 1)} 亿元, imply {_n(implied, 2)} % a year, "
            "but that includes inflation and must not be used to judge a real-growth target.")


def tracker_conclusion(results, lang: str) -> str:
    """The 14th-plan tracker's conclusion for the as-of year (changes with the data known then)."""
    check_lang(lang)
    df = results.table
    c = results.counts()
    assessed = df[df["status"].isin(ACTIVE)]
    worst = _most_off_track(assessed)
    if lang == "zh":
        parts = [f"截至{results.as_of}年({results.method}方法),46项(含分项)指标中有{len(assessed)}项可以评估:"
                 + "、".join(f"{status_label(s, 'zh')}{c[s]}项" for s in ACTIVE if c[s]) + "。"]
        if len(worst):
            w = worst.iloc[0]
            need = f",剩余年份需年均{_n(w['remaining_rate'], 2)}{'%' if w['rate_unit'] != 'pp/yr' else '个百分点'}" if pd.notna(w["remaining_rate"]) else ""
            parts.append(f"最需关注的是“{w['name_zh']}”(目标{w['target_text']}):{status_label(w['status'], 'zh')}{need}。")
        parts.append(f"另有{c['no_data']}项暂无可引用的观测数据,{c['not_quantified']}项为国家考核目标(纲要未给出数值)。")
        return "".join(parts)
    parts = [f"As of {results.as_of} ({results.method} method), {len(assessed)} of the 46 indicator rows can be assessed: "
             + ", ".join(f"{c[s]} {status_label(s, 'en')}" for s in ACTIVE if c[s]) + "."]
    if len(worst):
        w = worst.iloc[0]
        need = f"; the remaining years now need {_n(w['remaining_rate'], 2)} {'pp' if w['rate_unit'] == 'pp/yr' else '%'} a year" if pd.notna(w["remaining_rate"]) else ""
        parts.append(f" Most off track: {w['name_en']} (target {w['target_text']}), {status_label(w['status'], 'en')}{need}.")
    parts.append(f" {c['no_data']} rows have no cited observation yet and {c['not_quantified']} are national assessment targets with no number in the outline.")
    return "".join(parts)


def status_table(results, lang: str) -> pd.DataFrame:
    """The per-indicator status table for display (localised column names)."""
    df = results.table
    out = pd.DataFrame({
        "no": df["no"],
        "name": [name(r, lang) for _, r in df.iterrows()],
        "attr": [ATTRIBUTE[a][0 if lang == "zh" else 1] for a in df["attribute"]],
        "target": df["target_text"],
        "latest": [f"{_trim(v)} ({int(y)})" if pd.notna(v) else "—" for v, y in zip(df["latest_value"], df["latest_year"])],
        "actual": df["actual_rate"],
        "required": df["required_rate"],
        "unit": [u if pd.notna(a) or pd.notna(r) else "" for u, a, r in zip(df["rate_unit"].fillna(""), df["actual_rate"], df["required_rate"])],
        "ratio": df["ratio"],
        "status": [status_label(s, lang) for s in df["status"]],
    })
    if results.method != "outcome":  # a finished plan has outcomes, no mid-term wording
        out["midterm"] = [midterm_label(c, "zh") for c in df["midterm"]]
    headers = {
        "zh": {"no": "序号", "name": "指标", "attr": "属性", "target": "目标", "latest": "最新值(年份)", "actual": "实际进度",
               "required": "所需进度", "unit": "进度单位", "ratio": "比值", "status": "状态", "midterm": "中期评估用语"},
        "en": {"no": "no", "name": "indicator", "attr": "attribute", "target": "target", "latest": "latest (year)",
               "actual": "actual pace", "required": "required pace", "unit": "pace unit", "ratio": "ratio", "status": "status",
               "midterm": "mid-term (zh)"},
    }[lang]
    return out.rename(columns=headers)


def coverage_table(results, lang: str) -> pd.DataFrame:
    """Indicators that cannot be scored, and why."""
    df = results.table[results.table["status"].isin(["no_data", "not_quantified"])]
    reasons = []
    for _, r in df.iterrows():
        if r["status"] == "not_quantified":
            reasons.append("国家考核目标,纲要未给出数值" if lang == "zh" else "national assessment target: no number in the outline")
        elif pd.isna(r["series_id"]) or not r["series_id"]:
            reasons.append("尚无已引用的公开统计" if lang == "zh" else "no published statistic cited yet")
        else:
            reasons.append((f"已链接序列 {r['series_id']},但{int(r['base_year']) if pd.notna(r['base_year']) else ''}年后无观测值" if lang == "zh"
                            else f"series {r['series_id']} linked, no observation after the base year"))
    return pd.DataFrame({("序号" if lang == "zh" else "no"): df["no"],
                         ("指标" if lang == "zh" else "indicator"): [name(r, lang) for _, r in df.iterrows()],
                         ("原因" if lang == "zh" else "why"): reasons})


def off_track(results, lang: str, n: int = 5) -> pd.DataFrame:
    """The indicators most off track, with the pace they now require."""
    df = _most_off_track(results.table).head(n)
    return pd.DataFrame({
        ("指标" if lang == "zh" else "indicator"): [name(r, lang) for _, r in df.iterrows()],
        ("目标" if lang == "zh" else "target"): df["target_text"],
        ("实际进度" if lang == "zh" else "actual pace"): df["actual_rate"].round(2),
        ("现需进度" if lang == "zh" else "now required"): df["remaining_rate"].round(2),
        ("单位" if lang == "zh" else "unit"): df["rate_unit"],
        ("状态" if lang == "zh" else "status"): [status_label(s, lang) for s in df["status"]],
    })


def caveats(results, lang: str) -> list[str]:
    """Data caveats computed from what the assessment used."""
    from ..data.observed import load_observed
    from ..data.plans import load_targets

    df = results.table
    used = df["series_id"].dropna().unique().tolist()
    obs = load_observed([s for s in used if s and s != "专栏1"] or None, vintage="latest", as_of=results.as_of) if used else pd.DataFrame()
    prelim = int((obs["vintage"] == "preliminary").sum()) if len(obs) else 0
    revised = int((obs["vintage"] == "revised").sum()) if len(obs) else 0
    conflicts = sorted(obs.loc[obs["conflict"], "series_id"].unique()) if len(obs) else []
    targets = load_targets(results.plan)
    estimates = int(targets["base_is_estimate"].sum())
    no_data = int((df["status"] == "no_data").sum())
    marked = targets[targets["base_text"].str.contains(r"\*", regex=True)]
    if lang == "zh":
        items = [
            f"{no_data}项指标暂无已引用的观测数据,显示为“暂无数据”,未作任何填补。",
            f"所用观测值中初步数{prelim}个、修订数{revised}个;同一年份优先采用修订数。",
            f"2020年基期值中有{estimates}项为规划编制时的预计数;{len(marked)}项基期值为2019年(*)或2018年(**)数据。",
            "森林覆盖率在第三次全国国土调查后口径调整,调整后的数值不与规划口径混用。",
        ]
        if conflicts:
            items.append(f"以下序列存在来源冲突并已标注:{'、'.join(conflicts)}。")
        return items
    items = [
        f"{no_data} indicator rows have no cited observation; they are shown as 'no data' and never filled.",
        f"Observations used: {prelim} preliminary and {revised} revised values; a revised value is preferred where both exist.",
        f"{estimates} of the 2020 base values were estimates when the plan was written; {len(marked)} base values are 2019 (*) or 2018 (**) data.",
        "Forest coverage was re-based after the Third National Land Survey; re-based values are a separate series and never joined to the plan's basis.",
    ]
    if conflicts:
        items.append(f"Conflicting sources are flagged for: {', '.join(conflicts)}.")
    return items


def observed_for(row, as_of: int) -> pd.DataFrame:
    """The annual observations of an assessed indicator after its base year, up to ``as_of``
    (for a growth target, the annual rates, even when the verdict used a published average)."""
    from ..data.links import load_links
    from ..data.observed import load_observed
    from ..data.plans import get_plan

    links = load_links(int(row["plan"]))
    annual = links[(links["no"] == row["no"]) & (links["role"] == "annual")]["series_id"].tolist()
    if not annual:
        return pd.DataFrame(columns=["year", "value"])
    obs = load_observed(annual[0], as_of=as_of)
    plan_base = get_plan(int(row["plan"])).base_year
    # growth rates count from the plan's first year; levels from the (possibly earlier) base year
    base = plan_base if row["target_kind"] == "avg_growth" or pd.isna(row["base_year"]) else int(row["base_year"])
    return obs[obs["year"] > base]


def indicator_note(row, lang: str) -> str:
    """The arithmetic behind one verdict: the full English explanation, or a Chinese summary
    built from the same numbers."""
    if lang == "en":
        return row["explanation"]
    unit = {"pp/yr": "个百分点/年", "%/yr": "%/年", "per yr": "/年"}.get(row.get("rate_unit"), "")
    parts = [f"{row['no']} {row['name_zh']}:目标{row['target_text']}"]
    if pd.notna(row.get("latest_value")):
        parts.append(f"最新值{_n(row['latest_value'], 2)}({int(row['latest_year'])}年)")
    if pd.notna(row.get("actual_rate")):
        parts.append(f"实际进度{_n(row['actual_rate'], 2)}{unit}")
    if pd.notna(row.get("required_rate")):
        parts.append(f"所需进度{_n(row['required_rate'], 2)}{unit}")
    if pd.notna(row.get("remaining_rate")):
        parts.append(f"剩余年份需{_n(row['remaining_rate'], 2)}{unit}")
    if pd.notna(row.get("ratio")):
        parts.append(f"比值{_n(row['ratio'], 3)}")
    midterm = f"({midterm_label(row['midterm'], 'zh')})" if isinstance(row.get("midterm"), str) else ""
    text = ",".join(parts) + f"。判定:{status_label(row['status'], 'zh')}{midterm}。"
    if "basis break" in str(row["explanation"]):
        text += "注:该序列存在口径断点(2020年第七次人口普查),进度从新口径的首个观测值起算。"
    if "published" in str(row["explanation"]) and "average" in str(row["explanation"]):
        text += "注:因缺少部分年度数据,判定采用已公布的规划期年均增速(预计数)。"
    return text


def forecast_summary(res, lang: str) -> str:
    if lang == "en" or res.status != "ok":
        return res.summary() if lang == "en" else f"{res.series_id}:数据不足,不作预测。"
    last = res.forecast.iloc[-1]
    mase = res.backtest.set_index("model").loc[res.model, "mase"]
    text = (f"{res.series_id}:回测选定模型{res.model}(MASE {mase:.2f});{int(last['year'])}年预测值{last['mean']:.2f}"
            f"(80%区间{last['lo80']:.2f}-{last['hi80']:.2f})")
    if math.isfinite(res.prob_meet):
        text += f";达到目标{res.target.get('text')}的概率约{res.prob_meet:.0%}"
    return text + "。"

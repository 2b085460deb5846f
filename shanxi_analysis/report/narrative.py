"""Narrative for the notebooks and briefings, generated from results (never typed-in numbers)."""

from __future__ import annotations

import math

import pandas as pd

from .messages import ATTRIBUTE, check_lang, midterm_label, name, pace_unit_label, status_label

ACTIVE = ("on_track", "moderate", "insufficient", "moving_away", "unlikely", "achieved", "missed")
FIRM = ("achieved", "missed", "on_track", "moderate", "insufficient", "moving_away", "unlikely")
SEVERITY = {"moving_away": 0, "missed": 1, "unlikely": 2, "insufficient": 3, "moderate": 4}


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


def _years(a, b) -> str:
    a, b = int(a), int(b)
    return f"{a}" if a == b else f"{a}-{b}"


def tracker_conclusion(results, lang: str) -> str:
    """The tracker's headline for the as-of year, saying what the evidence is: firm verdicts
    (enough recent observations) apart from provisional ones (a single or old observation), then
    what cannot be scored.  Built from the same assessment table as every other page."""
    check_lang(lang)
    df = results.table
    c = results.counts()
    firm = df[df["status"].isin(FIRM)]
    prov = df[df["status"] == "provisional"]
    binding = df[df["attribute"] == "binding"]
    binding_firm = int(binding["status"].isin(FIRM).sum())
    worst = _most_off_track(firm)
    zh = lang == "zh"
    parts = []
    if len(firm):
        span = _years(firm["latest_year"].min(), firm["latest_year"].max())
        mix = ("、".join(f"{status_label(s, 'zh')}{n}项" for s, n in firm["status"].value_counts().items()) if zh
               else ", ".join(f"{n} {status_label(s, 'en')}" for s, n in firm["status"].value_counts().items()))
        parts.append(f"截至{results.as_of}年,{len(firm)}项指标有足够的近期数据(最新为{span}年):{mix}。" if zh else
                     f"As of {results.as_of}, {len(firm)} indicator{'s have' if len(firm) != 1 else ' has'} enough recent data (latest {span}): {mix}.")
    else:
        parts.append(f"截至{results.as_of}年,没有指标有足够的近期数据作出确定判断。" if zh else
                     f"As of {results.as_of}, no indicator has enough recent data for a firm verdict.")
    if len(prov):
        single = int((prov["n_obs"] == 1).sum())
        favourable = int((prov["lean"].isin(["on_track", "achieved"])).sum())
        parts.append(f"另有{len(prov)}项只有{'单个' if single == len(prov) else '少量'}或较旧的观测值"
                     f"(其中{favourable}项看似有利),仅作初步判断,不计入符合预期。" if zh else
                     f" {len(prov)} more have {'a single' if single == len(prov) else 'only one or two'} or older observation"
                     f"{'s' if single != len(prov) else ''} ({favourable} look favourable): provisional, not counted as on track.")
    if len(worst):
        w = worst.iloc[0]
        unit = pace_unit_label(w["rate_unit"], lang, w["unit"], w.get("unit_en") or w["unit"])
        if w["status"] == "unlikely" and pd.notna(w["remaining_rate"]) and pd.notna(w["history_best"]):
            parts.append(f"“{w['name_zh']}”(目标{w['target_text']})剩余年份需{_n(w['remaining_rate'], 2)}{unit},"
                         f"{int(w['history_from'])}年以来最好为{_n(w['history_best'], 2)}({int(w['history_best_year'])}年):完成难度大。" if zh else
                         f" {w['name_en']} (target {w['target_text']}) now needs {_n(w['remaining_rate'], 2)} {unit}; the best since "
                         f"{int(w['history_from'])} was {_n(w['history_best'], 2)} ({int(w['history_best_year'])}): out of reach.")
        else:
            parts.append(f"最需关注的是“{w['name_zh']}”(目标{w['target_text']}):{status_label(w['status'], 'zh')}。" if zh else
                         f" Most off track: {w['name_en']} (target {w['target_text']}), {status_label(w['status'], 'en')}.")
    if c.get("pending", 0):
        parts.append(f"{c['pending']}项的目标年份已过,待最终数据。" if zh else f" {c['pending']} wait for final data for the target year.")
    parts.append(f"约束性指标{len(binding)}项中,{binding_firm}项可作确定判断。" if zh else
                 f" {binding_firm} of {len(binding)} binding targets can be scored firmly.")
    parts.append(f"{c['no_data']}项暂无可引用的观测数据,{c['not_quantified']}项为国家考核目标(纲要未给出数值)。" if zh else
                 f" {c['no_data']} rows have no cited observation yet and {c['not_quantified']} are national assessment targets with no number in the outline.")
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
        "unit": [pace_unit_label(u, lang, r["unit"], r.get("unit_en") or r["unit"]) if isinstance(u, str) and u and (pd.notna(r["actual_rate"]) or pd.notna(r["required_rate"])) else ""
                 for u, (_, r) in zip(df["rate_unit"], df.iterrows())],
        "ratio": df["ratio"],
        "evidence": [_evidence_cell(r, lang) for _, r in df.iterrows()],
        "status": [status_label(s, lang) for s in df["status"]],
    })
    if results.method != "outcome":  # a finished plan has outcomes, no mid-term wording
        out["midterm"] = [midterm_label(c, lang) for c in df["midterm"]]
    else:  # say what an outcome is: an estimate (预计数), or earlier-year data (*)
        out = out.drop(columns="evidence")
        out["flag"] = [_outcome_flag(r, lang) for _, r in df.iterrows()]
    headers = {
        "zh": {"no": "序号", "name": "指标", "attr": "属性", "target": "目标", "latest": "最新值(年份)", "actual": "实际进度",
               "required": "所需进度", "unit": "进度单位", "ratio": "比值", "evidence": "证据", "status": "状态",
               "midterm": "中期评估用语", "flag": "实现值说明"},
        "en": {"no": "no", "name": "indicator", "attr": "attribute", "target": "target", "latest": "latest (year)",
               "actual": "actual pace", "required": "required pace", "unit": "pace unit", "ratio": "ratio", "evidence": "evidence",
               "status": "status", "midterm": "mid-term wording", "flag": "note on the outcome"},
    }[lang]
    return out.rename(columns=headers)


VINTAGE_WORDS = {"estimate": ("预计数", "estimate"), "preliminary": ("初步数", "preliminary"),
                 "revised": ("修订数", "revised"), "unknown": ("版本不明", "vintage unknown")}


def _evidence_cell(r, lang: str) -> str:
    """How many observations, how old, which vintage: '3 obs 2021-2023, preliminary'."""
    n = r.get("n_obs")
    if pd.isna(n) or not n:
        return "—"
    zh = lang == "zh"
    vintages = [VINTAGE_WORDS.get(v.strip(), (v, v))[0 if zh else 1] for v in str(r.get("vintages") or "").split(",") if v.strip()]
    years = _years(r["first_year"], r["latest_year"]) if pd.notna(r.get("first_year")) else ""
    joined = ("、" if zh else ", ").join(vintages)
    return f"{int(n)}个观测值({years}年;{joined})" if zh else f"{int(n)} obs. ({years}; {joined})"


def _outcome_flag(r, lang: str) -> str:
    flags = str(r.get("outcome_flag") or "").split(",")
    zh = lang == "zh"
    out = []
    if "estimate" in flags:
        out.append("预计数" if zh else "estimate")
    if "earlier_year" in flags and pd.notna(r.get("latest_year")):
        out.append(f"{int(r['latest_year'])}年数据" if zh else f"{int(r['latest_year'])} data")
    return ("；" if zh else "; ").join(out) or "—"


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
        ("单位" if lang == "zh" else "unit"): [pace_unit_label(u, lang, r["unit"], r.get("unit_en") or r["unit"]) for u, (_, r) in zip(df["rate_unit"], df.iterrows())],
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
    code = row.get("rate_unit")
    unit = pace_unit_label(code, "zh", row["unit"]) if isinstance(code, str) and code else ""
    parts = [f"{row['no']} {row['name_zh']}:目标{row['target_text']}"]
    if pd.notna(row.get("latest_value")):
        parts.append(f"最新值{_n(row['latest_value'], 2)}({int(row['latest_year'])}年)")
    if pd.notna(row.get("actual_rate")):
        parts.append(f"实际进度{_n(row['actual_rate'], 2)}{unit}")
    if pd.notna(row.get("required_rate")):
        parts.append(f"所需进度{_n(row['required_rate'], 2)}{unit}")
    if pd.notna(row.get("remaining_rate")):
        parts.append(f"剩余年份需{_n(row['remaining_rate'], 2)}{unit}")
    if row.get("reach") in ("never_reached", "reachable") and pd.notna(row.get("history_best")):
        parts.append(f"{int(row['history_from'])}年以来最好为{_n(row['history_best'], 2)}({int(row['history_best_year'])}年)"
                     + (",从未达到所需进度" if row["reach"] == "never_reached" else ""))
    if pd.notna(row.get("ratio")):
        parts.append(f"比值{_n(row['ratio'], 3)}")
    midterm = f"({midterm_label(row['midterm'], 'zh')})" if isinstance(row.get("midterm"), str) and row["midterm"] != row["status"] else ""
    text = ",".join(parts) + f"。判定:{status_label(row['status'], 'zh')}{midterm}。"
    if isinstance(row.get("evidence"), str) and row["evidence"] != "none":
        text += f"证据:{_evidence_cell(row, 'zh')}。"
    if "basis break" in str(row["explanation"]):
        text += "注:该序列存在口径断点(2020年第七次人口普查),进度从新口径的首个观测值起算。"
    if isinstance(row.get("sensitivity"), str) and row["sensitivity"]:
        text += "若从旧口径的基期值跨断点计算,进度比值将接近符合预期;因口径不同,不予采用。"
    if "published" in str(row["explanation"]) and "average" in str(row["explanation"]):
        vintage = "初步数" if "(preliminary" in str(row["explanation"]) else "已公布数"
        text += f"注:因缺少部分年度数据,判定采用已公布的规划期年均增速({vintage},规划期结束后发布)。"
    return text


def forecast_summary(res, lang: str) -> str:
    """A forecast in words: the last data year, whether a model beats the naive forecast, the
    forecast with its band (and the coverage that band achieved in the backtest), the rate the
    target would need and the probability of meeting it.  The Chinese text is entirely Chinese."""
    from ..models.forecast import LEVELS, MODEL_NAMES, SELECT_BELOW, SELECT_P

    check_lang(lang)
    if lang == "en":
        return res.summary()
    title = res.target.get("name_zh") or res.series_id
    if res.status != "ok":
        why = f"从{res.basis_break}年口径调整起" if res.basis_break else ""
        return f"{title}:数据不足,{why}仅有{res.points}个连续年度数据,预测至少需要6个,不作预测。"
    text = f"{title}(数据截至{res.last_year}年):"
    if res.selection == "chosen":
        text += (f"回测中{MODEL_NAMES[res.model][0]}优于朴素预测,一步预测平均绝对误差为朴素预测的{res.mase():.2f}倍"
                 f"(共{res.n_errors}个一步预测误差,置换检验显著性{res.best_rival()[2]:.2f})。")
    else:
        rival, score, p = res.best_rival()
        best = f";表现最好的{MODEL_NAMES[rival][0]}误差为朴素预测的{score:.2f}倍,置换检验显著性{p:.2f}" if rival else ""
        text += (f"回测中没有任何模型优于朴素预测(须误差低于朴素预测的{SELECT_BELOW:.2f}倍且置换检验显著性低于{SELECT_P:.2f},"
                 f"共{res.n_errors}个一步预测误差{best}),因此下面给出的是朴素预测(沿用上一年的值)。")
    first, last = res.forecast.iloc[0], res.forecast.iloc[-1]
    text += f"{int(first['year'])}年预测值{first['mean']:.2f}(80%区间{first['lo80']:.2f}至{first['hi80']:.2f})"
    if len(res.forecast) > 1:
        text += f",{int(last['year'])}年{last['mean']:.2f}({last['lo80']:.2f}至{last['hi80']:.2f})"
    text += ";区间宽度取自回测本身的预测误差,并随预测步数的平方根加宽"
    if res.coverage_checks:
        hits = round(res.coverage80_backtest * res.coverage_checks)
        lo, hi = res.coverage_range()
        verdict = "在抽样误差范围内与80%相符" if lo <= LEVELS[0] <= hi else "与80%不符"
        text += f";回测中80%区间覆盖了{res.coverage_checks}个值中的{hits}个({res.coverage80_backtest:.0%}),{verdict}"
    if res.rough:
        text += f";回测误差仅{res.n_errors}个,区间只是粗略估计"
    text += "。"
    need = res.needed
    if need:
        span = f"{need['first_year']}年" if need["first_year"] == need["last_year"] else f"{need['first_year']}—{need['last_year']}年"
        if need["kind"] == "avg_growth":
            text += (f"要实现目标{res.target.get('text')}({res.target['base_year'] + 1}—{res.target['year']}年年均),"
                     f"{span}需{'年均' if need['first_year'] != need['last_year'] else ''}增长{need['value']:.2f}%")
        else:
            text += f"要实现目标{res.target.get('text')},{need['last_year']}年需达到{need['value']:g}{need['unit']}"
        if math.isfinite(res.prob_meet):
            text += f";按模拟,实现目标的概率约为{res.prob_meet:.0%}"
        text += "。"
    elif math.isfinite(res.prob_meet):
        text += f"按模拟,实现目标{res.target.get('text')}的概率约为{res.prob_meet:.0%}。"
    return text


def text_targets_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Body-text targets linked to a series (``models.text_targets``), for display: the verdict
    from the same engine as the indicator table, and proxies in a separate column, never as a
    verdict."""
    check_lang(lang)
    zh = lang == "zh"
    linked = df[(df["status"] != "no_data") | (df["context"].fillna("") != "") | df["latest_value"].notna()]
    out = pd.DataFrame({
        "id": linked["no"],
        "name": linked["name_zh"] if zh else linked["name_en"],
        "target": [f"“{t}”" for t in linked["target_text"]],
        "latest": [f"{_trim(v)} ({int(y)})" if pd.notna(v) else "—" for v, y in zip(linked["latest_value"], linked["latest_year"])],
        "evidence": [_evidence_cell(r, lang) for _, r in linked.iterrows()],
        "status": [status_label(s, lang) for s in linked["status"]],
        "context": [_context_cell(c, lang) for c in linked["context"].fillna("")],
    })
    headers = {"zh": {"id": "编号", "name": "目标", "target": "纲要原文", "latest": "最新值(年份)", "evidence": "证据",
                      "status": "状态", "context": "相关指标(仅供参考,不作判定)"},
               "en": {"id": "id", "name": "target", "target": "as printed", "latest": "latest (year)", "evidence": "evidence",
                      "status": "status", "context": "related statistic (context only, no verdict)"}}[lang]
    return out.rename(columns=headers).reset_index(drop=True)


def _context_cell(text: str, lang: str) -> str:
    """'raw_coal_output: 13.57 亿吨 (2023)' in the page's language (the series id stays a code)."""
    if not text:
        return "—"
    if lang == "zh":
        return text.replace("no observation up to", "暂无观测值,截至")
    return text

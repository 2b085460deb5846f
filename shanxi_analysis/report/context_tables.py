"""The national comparison and the data-vintage table for readers, in Chinese or English.

:func:`national_comparison_table` and :func:`vintage_table_display` turn the tidy frames of
:mod:`..models.compare` into display frames whose headers and cells are all in the page's
language.  Every cell is an HTML fragment with the data-derived text escaped (``html.escape``):
render them with :func:`to_html` / :func:`show`, which do not escape a second time.  Each frame
carries its data version for the downloads (:func:`.downloads.with_data`): plain text,
numbers as numbers, each value's year, vintage, source title and address in columns of their own.

Language rules (tested): the only text not in the page's language is the title of a cited
source, kept as published inside ``<cite>`` and marked with its language when that is not the
page's (``<cite><q lang="zh">…</q></cite>`` on an English page; ``lang="mul"`` for a title that
mixes both scripts; a title in the page's language stands in 《》 or “ ”), a source address that
is not a web link, inside ``<code lang="zxx">`` (no linguistic content), and the plan's row codes
(``8b``); the plan's Chinese indicator names are shown as printed (``5G网络用户普及率``).  Links
are ``<a href>`` with the escaped address; only ``http(s)`` addresses become links.  In the site
``shanxi run`` writes, a row that stands for a plan row links its indicator's name to that row's
page (:func:`.site_links.indicator_link`, the rule every table uses).  Words come from the
catalogue (:mod:`.messages`).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from ..core.numbers import DASH, TERMINAL, number
from ..core.numbers import missing as _missing
from ..data.citations import stated_date
from .downloads import as_number, as_whole, data_frame, with_data
from .messages import CONTEXT_HEADER, SERIES_NAME, SOURCE_GRADE, VINTAGE, check_lang, pick, say
from .site_links import indicator_link
from .words import marked, unit_words, weak_source

_LATIN = re.compile(r"[A-Za-z]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CJK = re.compile(r"[\u3400-\u9fff]")
_pick = pick


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _num(x, digits: int | None = None) -> str:
    """A number as printed (:data:`~..core.numbers.TERMINAL`: thousands separators, at most 2
    decimals, 1 from 1,000 on, no trailing zeros; ``digits`` decimals when given)."""
    return number(x, TERMINAL, digits)


def _signed(x, digits: int = 2) -> str:
    return f"{float(x):+.{digits}f}"


def _headers(keys: list[str], lang: str, **names) -> dict[str, str]:
    """The column headers; ``names`` (region, nation) fill the headers that name the two."""
    return {k: _pick(CONTEXT_HEADER[k], lang).format(**names) for k in keys}


def _targets(data_dir, plan=None):
    from ..data.plans import load_targets

    return load_targets(plan, data_dir=data_dir).set_index("no")


def _names(df: pd.DataFrame, lang: str) -> dict[str, str]:
    """The names of the comparison's region and nation (``df.attrs``), in ``lang``."""
    from ..data.regions import region_name

    data_dir = df.attrs.get("data_dir")
    return {role: region_name(df.attrs.get(role) or "", lang, data_dir) for role in ("region", "nation")}


def unit_label(unit, lang: str, unit_en=None) -> str:
    """A unit in the page's language (escaped; the words are report.words')."""
    return _e(unit_words(unit, lang, unit_en))


def series_name(series_id: str, lang: str, plan_row=None, description: str = "") -> str:
    """A short one-language name of a series (not escaped): the catalogue's name (``series.<id>``,
    SERIES_NAME), else the name of the plan row it measures, else the
    matching part of the series catalogue's mixed description, else the code."""
    if series_id in SERIES_NAME:
        return _pick(SERIES_NAME[series_id], lang)
    if plan_row is not None:
        return _pick((plan_row["name_zh"], plan_row["name_en"]), lang)
    if description:
        part = _pick((_description_zh, _description_en), lang)(description)
        if part:
            return part
    return series_id


def _description_zh(description: str) -> str:
    part = _LATIN.split(description.partition(" — ")[0], 1)[0].strip(" ,(")
    return part if _CJK.search(part) else ""


def _description_en(description: str) -> str:
    head, _, tail = description.partition(" — ")
    part = tail if tail else head
    return part if part and not _CJK.search(part) else ""


def title_lang(title: str) -> str:
    """The language of a source title: ``zh`` (Chinese script only), ``en`` (Latin words only) or
    ``mul`` (both, e.g. an English headline with a Chinese outlet's name)."""
    cjk, latin = bool(_CJK.search(title)), bool(_LATIN_WORD.search(title))
    return "mul" if cjk and latin else ("zh" if cjk else "en")


def _cite(title, lang: str) -> str:
    """A cited title as published: in the page's language between the page's quotation marks,
    otherwise marked with its own language inside ``<q>`` (which draws the quotation marks)."""
    own = title_lang(title)
    if own == lang:
        return say("page.ctx.title_quotes", lang, title=f"<cite>{_e(title)}</cite>")
    return f'<cite><q lang="{own}">{_e(title)}</q></cite>'


def _address(url) -> str:
    """A source address that is not a web link: no linguistic content (``lang="zxx"``)."""
    return f'<code lang="zxx">{_e(url)}</code>'


def _is_web(url) -> bool:
    return isinstance(url, str) and re.match(r"https?://", url) is not None


# a data set in a public repository, as observed.csv names it: github:owner/repo:path or owner/repo/path
_GITHUB = re.compile(r"github:([\w.-]+)/([\w.-]+)[:/](.+)")


def web_address(url) -> str | None:
    """Where a reader can open a source: a web page as it is; a file of a public GitHub
    repository (``github:owner/repo:path``) at its address on github.com; else None."""
    if _is_web(url):
        return url
    found = _GITHUB.fullmatch(url) if isinstance(url, str) else None
    if found:
        owner, repo, path = found.groups()
        return f"https://github.com/{owner}/{repo}/blob/HEAD/{path}"
    return None


def outlet(url) -> str:
    """Who published a source, from its address: the web site's host ("shanxi.gov.cn"), or the
    repository of a data set ("github.com/owner/repo"); '' when the address says nothing."""
    if not isinstance(url, str):
        return ""
    found = _GITHUB.fullmatch(url)
    if found:
        return f"github.com/{found.group(1)}/{found.group(2)}"
    host = re.match(r"https?://([^/?#:]+)", url)
    return re.sub(r"^www\.", "", host.group(1)) if host else ""


def _grade_words(grade, lang: str) -> str:
    return _pick(SOURCE_GRADE[grade], lang) if isinstance(grade, str) and grade in SOURCE_GRADE else ""


def date_words(title, url, lang: str, year=None) -> str:
    """The date a source states (:func:`..data.citations.stated_date`) as ISO digits, read alike
    in both languages ("2024-01-18", "2024-01"), or "date not stated"."""
    date = stated_date(title, url, year)
    return say("page.ctx.date_not_stated", lang) if date is None else str(date)


def source_cell(title, url, lang: str, grade=None, year=None) -> str:
    """The citation a memo can footnote: the title as published, linked to where it can be
    opened (a web page, a repository's file), the outlet, the date the source states (``year``:
    the cited value's; :func:`date_words`) and the source's grade; it wraps in its cell."""
    if _missing(url) or not url:
        return DASH
    cited = _cite(title, lang) if isinstance(title, str) and title else ""
    web, site = web_address(url), outlet(url)
    if web:
        parts = [f'<a href="{_e(web)}" rel="noopener">{cited or _address(site or url)}</a>']
    else:
        parts = [f"{cited} {_address(url)}".strip()]
    if site and cited:
        parts.append(f'<code class="outlet" lang="zxx">{_e(site)}</code>')
    parts.append(f'<span class="date">{_e(date_words(title, url, lang, year))}</span>')
    if _grade_words(grade, lang):
        parts.append(f'<span class="grade">{_e(_grade_words(grade, lang))}</span>')
    return f'<span class="citation">{" · ".join(parts)}</span>'


def weak_mark(grade, lang: str) -> str:
    """The mark beside a value from a weak source ("(press)"), '' for any other."""
    mark = weak_source(grade, lang)
    return f' <span class="weak-source">{_e(mark)}</span>' if mark else ""


def _source_link(region_label: str, title, url, lang: str, grade=None, year=None) -> str:
    if _missing(url) or not url:
        return ""
    cell = source_cell(title, url, lang, grade, year)
    return say("page.ctx.source_of", lang, region=_e(region_label), source=cell)


def _vintage(code, lang: str) -> str:
    if _missing(code) or not code:
        return DASH
    return _e(_pick(VINTAGE[code], lang)) if code in VINTAGE else _e(code)


GAP_DIGITS = {"pp": None, "diff": None, "pct_of_nation": 1, "share_of_nation": 2}
ROLES = ("region", "nation")


def _gap_text(row, lang: str, unit: str, names: dict[str, str]) -> str:
    kind, g = row["gap_kind"], row["gap"]
    if _missing(g):
        if row["pairing"] == "mixed":  # one year, two vintages: not like with like
            return say("page.ctx.vintages_differ", lang)
        if not _missing(row["latest_year_region"]) and not _missing(row["latest_year_nation"]):
            return say("page.ctx.no_common_year", lang)
        return DASH
    if kind not in GAP_DIGITS:
        raise ValueError(f"unknown gap kind {kind!r}")
    digits = GAP_DIGITS[kind]
    value = _signed(g) if digits is None else _num(g, digits)
    return say(f"page.ctx.gap_{kind}", lang, gap=value, unit=unit, nation=names["nation"])


PERIOD_PAIRINGS = ("first", "revised")  # the period averages' column prefixes (models.compare)


def _period_text(row, lang: str, names: dict[str, str]) -> str:
    """The plan-period averages, one line per pairing: first releases, then revised (each side
    from one release; the region's read from its index where it was)."""
    lines = []
    for prefix in PERIOD_PAIRINGS:
        if _missing(row.get(f"{prefix}_end")):
            continue
        derived = prefix == "revised" and row.get("revised_derived_region") is True
        lines.append(
            say(
                f"page.ctx.period.{prefix}",
                lang,
                first=int(row[f"{prefix}_start"]),
                last=int(row[f"{prefix}_end"]),
                region=names["region"],
                nation=names["nation"],
                region_value=_num(row[f"{prefix}_avg_region"]),
                nation_value=_num(row[f"{prefix}_avg_nation"]),
                gap=_signed(row[f"{prefix}_gap_pp"]),
                index=say("page.ctx.from_index", lang) if derived else "",
            )
        )
    return "<br>".join(_e(line) for line in lines) or DASH


def _pairing_words(row, lang: str) -> str | None:
    """Which vintages were compared, as plain text: both first releases, both revised, or two that
    differ (each side's vintage)."""
    pairing = row["pairing"]
    if pairing in ("preliminary", "revised"):
        return say(f"page.ctx.pairing.{pairing}", lang)
    if pairing == "mixed":
        words = " / ".join(_vintage_text(row[f"vintage_{k}"], lang) or DASH for k in ROLES)
        return words + say("page.ctx.pairing.mixed", lang)
    return None


def _shown(df: pd.DataFrame, with_region_only: bool) -> pd.DataFrame:
    """The series a table shows: every one, or (for short documents) those the region has data for."""
    return df[df["latest_year_region"].notna()] if with_region_only else df


def national_comparison_table(df: pd.DataFrame, lang: str, with_region_only: bool = False) -> pd.DataFrame:
    """The comparison of :func:`..models.compare.national_comparison` for display;
    ``with_region_only`` drops the series without a value of the plan's region (for short
    documents)."""
    check_lang(lang)
    data_dir = df.attrs.get("data_dir")
    names = _names(df, lang)
    df = _shown(df, with_region_only)
    plan = df.attrs.get("plan")
    targets = _targets(data_dir, plan)
    rows = []
    for _, r in df.iterrows():
        plan_row = targets.loc[r["no"]] if isinstance(r["no"], str) and r["no"] in targets.index else None
        name = _e(series_name(r["series_id"], lang, plan_row))
        if plan_row is not None:  # in the site, linked to the plan row's page
            name = indicator_link(plan, r["no"], lang, name) + say("page.ctx.plan_row", lang, no=_e(r["no"]))
        unit = unit_label(r["unit"], lang)
        common = not _missing(r["year"])
        # values of one year only: without a common year nothing is set beside another year's value
        values = {
            role: _num(r[f"value_{role}"]) + weak_mark(r[f"source_grade_{role}"], lang) if common else DASH
            for role in ROLES
        }
        latest = " / ".join(DASH if _missing(r[f"latest_year_{k}"]) else str(int(r[f"latest_year_{k}"])) for k in ROLES)
        conflicts = "".join(
            say("page.ctx.conflict_of", lang, region=names[k]) for k in ROLES if r[f"conflict_{k}"] is True
        )
        pairing = _pairing_words(r, lang)
        vintages = _e(pairing + conflicts) if pairing is not None else DASH
        links = [
            _source_link(
                names[k], r[f"source_title_{k}"], r[f"source_url_{k}"], lang, r[f"source_grade_{k}"], r[f"year_{k}"]
            )
            for k in ROLES
        ]
        rows.append(
            {
                "indicator": name,
                "unit": unit,
                "year": str(int(r["year"])) if common else DASH,
                "region": values["region"],
                "nation": values["nation"],
                "gap": _gap_text(r, lang, unit, names),
                "latest": latest,
                "vintages": vintages,
                "period": _period_text(r, lang, names),
                "sources": "<br>".join(link for link in links if link) or DASH,
            }
        )
    keys = ["indicator", "unit", "year", "region", "nation", "gap", "latest", "vintages", "period", "sources"]
    shown = pd.DataFrame(rows, columns=keys).rename(columns=_headers(keys, lang, **names))
    return with_data(shown, _comparison_data(df, targets, lang, names))


def _comparison_data(df: pd.DataFrame, targets, lang: str, names: dict[str, str]) -> pd.DataFrame:
    """The comparison as data: each region's value with its own year, latest year, vintage and
    source (title and address) in columns of their own; the gap as a number beside its unit."""
    rows = [r for _, r in df.iterrows()]
    region = names  # by role: the plan's region and its nation, named
    head = _headers(["indicator", "unit", "year", "gap"], lang)

    def per_region(key: str, value) -> dict:
        return {say(f"page.file.region_{key}", lang, region=region[k]): [value(r, k) for r in rows] for k in ROLES}

    data = {
        head["indicator"]: [
            series_name(r["series_id"], lang, targets.loc[r["no"]] if _plan_row(r, targets) else None) for r in rows
        ],
        say("page.file.plan_row", lang): [r["no"] if _plan_row(r, targets) else None for r in rows],
        head["unit"]: [unit_words(r["unit"], lang) or None for r in rows],
        head["year"]: [as_whole(r["year"]) for r in rows],
    }
    for k in ROLES:
        data[region[k]] = [as_number(r[f"value_{k}"]) for r in rows]
        data[say("page.file.region_year", lang, region=region[k])] = [as_whole(r[f"year_{k}"]) for r in rows]
    data[head["gap"]] = [as_number(r["gap"]) for r in rows]
    data[say("page.file.gap_unit", lang)] = [_gap_unit(r, lang, names["nation"]) for r in rows]
    data |= per_region("latest", lambda r, k: as_whole(r[f"latest_year_{k}"]))
    data |= per_region("vintage", lambda r, k: _vintage_text(r[f"vintage_{k}"], lang))
    data[_headers(["vintages"], lang)["vintages"]] = [_pairing_words(r, lang) for r in rows]
    data |= per_region("conflict", lambda r, k: say("page.yes" if r[f"conflict_{k}"] is True else "page.no", lang))
    for prefix in PERIOD_PAIRINGS:  # the plan-period averages of each pairing in columns of their own
        data |= _period_data(rows, prefix, lang, names)
    data |= per_region("source", lambda r, k: _text(r[f"source_title_{k}"]))
    data |= per_region("address", lambda r, k: _text(r[f"source_url_{k}"]))
    data |= per_region("date", lambda r, k: _stated(r[f"source_title_{k}"], r[f"source_url_{k}"], r[f"year_{k}"]))
    return data_frame(data)


def _stated(title, url, year) -> str | None:
    """The date a source states, as a file cell: ISO text (a day or a month), empty if none."""
    date = stated_date(title, url, year)
    return None if date is None else str(date)


def _period_data(rows: list, prefix: str, lang: str, names: dict[str, str]) -> dict:
    """One pairing's plan-period averages (``first``: first releases, ``revised``), each column
    named with the pairing; the source read for revised rates."""
    pairing = say(f"page.file.pairing.{prefix}", lang)

    def label(key: str, **fields) -> str:
        return say("page.file.of_pairing", lang, column=say(f"page.file.{key}", lang, **fields), pairing=pairing)

    data = {
        label("period_from"): [as_whole(r[f"{prefix}_start"]) for r in rows],
        label("period_to"): [as_whole(r[f"{prefix}_end"]) for r in rows],
    }
    for k in ROLES:
        data[label("region_average", region=names[k])] = [as_number(r[f"{prefix}_avg_{k}"]) for r in rows]
    data[label("average_gap")] = [as_number(r[f"{prefix}_gap_pp"]) for r in rows]
    if prefix == "revised":
        for k in ROLES:
            data[label("region_source", region=names[k])] = [_text(r[f"revised_source_{k}"]) for r in rows]
    return data


def _plan_row(r, targets) -> bool:
    return isinstance(r["no"], str) and r["no"] in targets.index


def _gap_unit(row, lang: str, nation: str) -> str | None:
    """The gap's unit in words: percentage points, the series' unit, or a percentage of the nation's."""
    if _missing(row["gap"]):
        return None
    if row["gap_kind"] == "diff":
        return unit_words(row["unit"], lang) or None
    return say(f"page.file.gap_unit.{row['gap_kind']}", lang, nation=nation)


def _text(x) -> str | None:
    return None if _missing(x) or not str(x).strip() else str(x)


def _vintage_text(code, lang: str) -> str | None:
    """A vintage in words, as plain text (the page's cell, unescaped)."""
    if _missing(code) or not code:
        return None
    return _pick(VINTAGE[code], lang) if code in VINTAGE else str(code)


def _flags(row, lang: str) -> str:
    if _missing(row["year"]):
        return say("page.ctx.no_data", lang)
    parts = []
    if row["role"] == "period_average":
        parts.append(say("page.ctx.period_average", lang))
    n = row["n_candidates"]
    if row["conflict"] is True:
        parts.append(say("page.ctx.conflict_n", lang, n=int(n)))
    elif not _missing(n) and int(n) > 1:
        parts.append(say("page.ctx.best_of_n", lang, n=int(n)))
    return say("page.sep.clause", lang).join(parts)


def vintage_table_display(df: pd.DataFrame, lang: str, with_data_only: bool = False) -> pd.DataFrame:
    """The data-vintage table of :func:`..models.compare.vintage_table` for display; missing
    values stay missing (shown as a dash).  ``with_data_only`` drops indicators without data."""
    check_lang(lang)
    plan = df.attrs.get("plan")
    targets = _targets(df.attrs.get("data_dir"), plan)
    rows = []
    for _, r in df.iterrows():
        if with_data_only and _missing(r["year"]):
            continue
        t = targets.loc[r["no"]]
        unit = r["unit"] if isinstance(r["unit"], str) and r["unit"] else t["unit"]
        unit_text = unit_label(unit, lang, t["unit_en"] if unit == t["unit"] else None)  # the plan row's own words
        grade = r["source_grade"]
        rows.append(
            {
                "no": _e(r["no"]),
                "indicator": indicator_link(plan, r["no"], lang, _e(t[f"name_{lang}"])),
                "latest_year": DASH if _missing(r["year"]) else str(int(r["year"])),
                "value": _num(r["value"]) + weak_mark(grade, lang),
                "unit": unit_text,
                "vintage": _vintage(r["vintage"], lang),
                "grade": DASH
                if _missing(grade) or not grade
                else _e(_pick(SOURCE_GRADE[grade], lang) if grade in SOURCE_GRADE else grade),
                "source": source_cell(r["source_title"], r["source_url"], lang, year=r["year"]),  # grade: its column
                "flags": _e(_flags(r, lang)) or DASH,
            }
        )
    keys = ["no", "indicator", "latest_year", "value", "unit", "vintage", "grade", "source", "flags"]
    shown = pd.DataFrame(rows, columns=keys).rename(columns=_headers(keys, lang))
    return with_data(shown, _vintage_data(df, targets, lang, with_data_only))


def _vintage_data(df: pd.DataFrame, targets, lang: str, with_data_only: bool) -> pd.DataFrame:
    """The vintage table as data: the value a number, the source's title and address apart."""
    rows = [r for _, r in df.iterrows() if not (with_data_only and _missing(r["year"]))]
    head = _headers(["no", "indicator", "latest_year", "value", "unit", "vintage", "grade", "flags"], lang)
    units = []
    for r in rows:
        t = targets.loc[r["no"]]
        unit = r["unit"] if isinstance(r["unit"], str) and r["unit"] else t["unit"]
        units.append(unit_words(unit, lang, t["unit_en"] if unit == t["unit"] else None) or None)
    grades = [r["source_grade"] for r in rows]
    return data_frame(
        {
            head["no"]: [r["no"] for r in rows],
            head["indicator"]: [targets.loc[r["no"]][f"name_{lang}"] for r in rows],
            head["latest_year"]: [as_whole(r["year"]) for r in rows],
            head["value"]: [as_number(r["value"]) for r in rows],
            head["unit"]: units,
            head["vintage"]: [_vintage_text(r["vintage"], lang) for r in rows],
            head["grade"]: [
                None if _missing(g) or not g else (_pick(SOURCE_GRADE[g], lang) if g in SOURCE_GRADE else g)
                for g in grades
            ],
            say("page.file.source_title", lang): [_text(r["source_title"]) for r in rows],
            say("page.file.address", lang): [_text(r["source_url"]) for r in rows],
            say("page.file.source_date", lang): [_stated(r["source_title"], r["source_url"], r["year"]) for r in rows],
            head["flags"]: [_flags(r, lang) or None for r in rows],
        }
    )


def comparison_counts(df: pd.DataFrame) -> dict[str, int]:
    """The rows of a comparison by what could be compared; they add up to every row (``n``):
    ``like`` (one year, one vintage), ``mixed`` (one year, two vintages), ``apart`` (both have
    values, never of one year), ``no_region`` (no value of the region up to the as-of year)."""
    has_region = df["latest_year_region"].notna()
    like = int(df["pairing"].isin(["preliminary", "revised"]).sum())
    mixed = int((df["pairing"] == "mixed").sum())
    apart = int((has_region & df["year"].isna()).sum())
    return {"n": len(df), "like": like, "mixed": mixed, "apart": apart, "no_region": int((~has_region).sum())}


def comparison_note(df: pd.DataFrame, lang: str, with_region_only: bool = False) -> str:
    """How to read the comparison; its counts are those of the table shown (``with_region_only``
    as in :func:`national_comparison_table`) and add up to its rows."""
    check_lang(lang)
    counts = comparison_counts(_shown(df, with_region_only))
    counts["no_region"] = comparison_counts(df)["no_region"]  # shown, or named as left out
    key = "page.ctx.comparison_note" + (".region_only" if with_region_only else "")
    return say(key, lang, year=df.attrs.get("as_of"), **counts, **_names(df, lang))


def vintage_summary(df: pd.DataFrame, lang: str) -> str:
    """What the vintage table says, in one sentence (counts from ``df``)."""
    from ..data.plans import get_plan

    check_lang(lang)
    has = df[df["year"].notna()]
    base = get_plan(df.attrs.get("plan"), data_dir=df.attrs.get("data_dir")).base_year
    in_period = int((has["year"] > base).sum())
    counts = has["vintage"].value_counts()
    conflicts = int(has["conflict"].fillna(False).astype(bool).sum())
    by = say("page.sep.list", lang).join(
        say("page.ctx.vintage_count", lang, word=_pick(VINTAGE[v], lang), n=int(counts[v]))
        for v in VINTAGE
        if v in counts
    )
    return say(
        "page.ctx.vintage_summary",
        lang,
        n=len(df),
        has=len(has),
        year=df.attrs.get("as_of"),
        by=by,
        in_period=in_period,
        before=len(has) - in_period,
        base=base,
        none=len(df) - len(has),
        conflicts=conflicts,
    )


def to_html(df: pd.DataFrame) -> str:
    """The display frame as an HTML table; its cells are already escaped fragments."""
    return df.to_html(index=False, escape=False, na_rep=DASH, classes="context-table")


def targets_beside_nation_table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`..models.compare.targets_beside_nation` for display: the region's row number and
    indicator, both targets in the page's words and both latest observations (value, year); its
    files hold the values and years as numbers in columns of their own."""
    from .words import READING, target_words

    check_lang(lang)
    names = _names(df, lang)
    sides = ("region", "nation")
    rows, data = [], []
    for _, r in df.iterrows():
        fields = {side: {c[len(side) + 1 :]: r[c] for c in df.columns if c.startswith(side + "_")} for side in sides}
        # read with its unit, not as printed: the two plans print their cells differently
        targets = {side: target_words(pd.Series(fields[side]), lang, READING) for side in sides}
        no, name = fields["region"]["no"], _pick((fields["region"]["name_zh"], fields["region"]["name_en"]), lang)
        row = {
            say("page.col.no", lang): _e(no),
            say("page.col.name", lang): indicator_link(df.attrs.get("plan"), no, lang, _e(name)),
        }
        held = {say("page.col.no", lang): no, say("page.col.name", lang): name}
        for side in sides:
            row[say("page.pairs.col.target", lang, name=names[side])] = _e(targets[side])
            held[say("page.pairs.col.target", lang, name=names[side])] = targets[side]
        for side in sides:
            f = fields[side]
            value, year = f.get("latest_value"), f.get("latest_year")
            known = not _missing(value) and not _missing(year)
            unit = unit_label(f.get("unit"), lang, f.get("unit_en"))
            shown = say("words.value_unit", lang, value=_num(value), unit=unit) if known else DASH
            row[say("page.pairs.col.latest", lang, name=names[side])] = (
                _e(marked(say("page.pairs.latest", lang, value=shown, year=int(year)), f.get("latest_grade"), lang))
                if known
                else DASH
            )
            held[say("page.pairs.col.latest", lang, name=names[side])] = as_number(value) if known else None
            held[say("page.file.region_year", lang, region=names[side])] = as_whole(year) if known else None
            held[say("page.pairs.col.unit", lang, name=names[side])] = unit_words(f.get("unit"), lang) or None
        rows.append(row)
        data.append(held)
    shown = pd.DataFrame(rows)
    return with_data(shown, data_frame({k: [d[k] for d in data] for k in (data[0] if data else {})}))


def targets_beside_nation_note(df: pd.DataFrame, lang: str) -> str:
    names = _names(df, lang)
    return say("page.pairs.note", lang, region=names["region"], nation=names["nation"], year=df.attrs.get("as_of"))


def targets_beside_nation_heading(df: pd.DataFrame, lang: str) -> dict:
    """The fields of the section's heading (``page.h_targets_nation``)."""
    names = _names(df, lang)
    return {"region": names["region"], "nation": names["nation"]}


def show(df: pd.DataFrame, lang: str) -> None:
    """Show a display frame in a notebook (HTML, cells not escaped twice), its downloads (its data
    version when it has one) labelled in the page's language ``lang``."""
    from IPython.display import HTML, display

    from .downloads import table_block

    display(HTML(table_block(to_html(df), df, lang, cells_are_html=True)))


__all__ = [
    "comparison_counts",
    "comparison_note",
    "national_comparison_table",
    "series_name",
    "show",
    "source_cell",
    "targets_beside_nation_heading",
    "targets_beside_nation_note",
    "targets_beside_nation_table",
    "to_html",
    "unit_label",
    "vintage_summary",
    "vintage_table_display",
]

"""Tables and paragraphs for a terminal (the ``shanxi`` command's default output).

A compact table shows the key columns in the reader's language and fits :data:`WIDTH` display
columns: an East Asian wide character (Chinese) counts as two, long names are cut with "…",
numbers are rounded by what they measure (counts as whole numbers, other values to at most two
decimals, float noise such as 7.1e-15 shown as 0) and a missing value is "—".  ``--wide`` shows
every column of the result, named as in ``--format csv``.  Every word comes from
:mod:`.messages` (``cli.*`` keys and the code tables); targets, units and model names are worded
by :mod:`.words` (its compact style), as on the pages and charts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import pandas as pd

from ..core import numbers
from ..core.numbers import DASH, missing
from .messages import (
    ATTRIBUTE,
    CATALOGUE,
    SERIES_NAME,
    SOURCE_GRADE,
    VINTAGE,
    check_lang,
    midterm_label,
    name,
    pick,
    say,
    status_label,
)
from .words import COMPACT, model_name, row_unit, target_words, unit_words

WIDTH = 100
GAP = "  "
LAST_RESORT = 6  # the narrowest a text column is cut to when its own minimum does not fit
ELLIPSIS = "…"
COUNT_BASES = ("count",)


# --- display width -------------------------------------------------------------------------


def char_width(ch: str) -> int:
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (wide and full-width characters count as two)."""
    return sum(char_width(ch) for ch in text)


def truncate(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in "…" when something was cut: before a
    bracket or after a whole word where that keeps most of the room, else anywhere."""
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    head = "".join(out)
    for stop, keep in (("(", 0.5), ("(", 0.5), (", ", 0.6), (",", 0.6), (" ", 0.75)):
        at = head.rfind(stop)
        if at > 0 and text_width(head[:at]) >= keep * (width - 1):
            return head[:at].rstrip(" ,") + ELLIPSIS
    return head.rstrip() + ELLIPSIS


def clean(text) -> str:
    """Text from the data made safe for a terminal: line breaks and tabs become spaces, other
    control characters (an escape sequence could recolour or move the cursor) are dropped."""
    text = str(text).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc")


def _pad(text: str, width: int, right: bool) -> str:
    space = " " * max(0, width - text_width(text))
    return space + text if right else text + space


def wrap(text: str, width: int = WIDTH) -> list[str]:
    """A paragraph broken into lines of at most ``width`` columns: between words in Latin
    text, between any two characters in Chinese."""
    text = clean(text)
    tokens: list[str] = []
    word = ""
    for ch in text:
        if char_width(ch) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch == " ":
            tokens.append(word + ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    lines, line = [], ""
    for token in tokens:
        if text_width(line + token.rstrip()) > width and line.strip():
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
        while text_width(line.rstrip()) > width:  # one word wider than the line
            head = truncate(line, width + 1)[:-1]
            lines.append(head)
            line = line[len(head) :]
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def wrap_parts(parts: list[str], sep: str, width: int = WIDTH) -> list[str]:
    """Items joined by ``sep`` into lines of at most ``width`` columns, broken between items."""
    lines, line = [], ""
    for i, part in enumerate(parts):
        piece = part + (sep if i < len(parts) - 1 else "")
        if line and text_width(line + piece.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    if line:
        lines.append(line.rstrip())
    return [x for chunk in lines for x in wrap(chunk, width)]


# --- tables --------------------------------------------------------------------------------


@dataclass
class Column:
    header: str
    cells: list[str]
    right: bool = False  # numbers are right-aligned
    shrink: int | None = None  # the narrowest it may be cut to; None: never cut
    cut: int = 1  # columns with a lower number are cut first (names: 2)
    width: int = field(init=False, default=0)

    @property
    def narrowest(self) -> int:
        """Never narrower than the header (a header is not cut)."""
        return max(self.shrink or 0, text_width(self.header))


def render(columns: list[Column], width: int | None = WIDTH) -> list[str]:
    """Columns as aligned lines; with ``width``, the cuttable columns are narrowed (in the order
    of their ``cut``, the most oversized first) until the table fits or each is at its narrowest."""
    columns = [c for c in columns if c is not None]
    for c in columns:
        c.header, c.cells = clean(c.header), [clean(x) for x in c.cells]
        c.width = max([text_width(c.header)] + [text_width(x) for x in c.cells])
    if width is not None:
        excess = sum(c.width for c in columns) + len(GAP) * (len(columns) - 1) - width
        for order in sorted({c.cut for c in columns if c.shrink is not None}):
            while excess > 0:
                cuttable = [c for c in columns if c.shrink is not None and c.cut == order and c.width > c.narrowest]
                if not cuttable:
                    break
                max(cuttable, key=lambda c: c.width - c.narrowest).width -= 1
                excess -= 1
        while excess > 0:  # still too wide (many long columns): below the mins, never below a header
            cuttable = [c for c in columns if c.shrink is not None and c.width > max(LAST_RESORT, text_width(c.header))]
            if not cuttable:
                break
            max(cuttable, key=lambda c: c.width).width -= 1
            excess -= 1

    def line(cells: list[str]) -> str:
        return GAP.join(_pad(x, c.width, c.right) for x, c in zip(cells, columns, strict=True)).rstrip()

    out = [line([truncate(c.header, c.width) for c in columns]), GAP.join("-" * c.width for c in columns)]
    shown = [cut_apart(c.cells, c.width) for c in columns]
    n = len(columns[0].cells) if columns else 0
    out += [line([cells[i] for cells in shown]) for i in range(n)]
    return out


def truncate_middle(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns in its middle: its start and its end kept around "…"
    (two long names that differ only at the end stay apart)."""
    if text_width(text) <= width:
        return text
    room = width - 1
    tail_room = room * 2 // 5

    def take(chars, limit):
        out, used = [], 0
        for ch in chars:
            if used + char_width(ch) > limit:
                break
            out.append(ch)
            used += char_width(ch)
        return out, used

    tail, used = take(reversed(text), tail_room)
    head, _ = take(text, room - used)
    return "".join(head).rstrip() + ELLIPSIS + "".join(reversed(tail)).lstrip()


def cut_apart(cells: list[str], width: int) -> list[str]:
    """A column's cells cut to ``width``; where two different texts would be cut to the same
    words (rows that would look alike), both are cut in the middle instead, keeping their ends."""
    cut = [truncate(x, width) for x in cells]
    seen: dict[str, set[str]] = {}
    for full, short in zip(cells, cut, strict=True):
        seen.setdefault(short, set()).add(full)
    alike = {short for short, fulls in seen.items() if len(fulls) > 1}
    return [truncate_middle(full, width) if short in alike else short for full, short in zip(cells, cut, strict=True)]


def number(x, count: bool = False, fixed: bool = False) -> str:
    """A number in a terminal column (:mod:`..core.numbers`): a count whole, anything else with at
    most two decimals (one from 1,000 on), no trailing zeros (``fixed``: exactly two, for a column
    of statistics), thousands separated; float noise such as 7.1e-15 is 0."""
    return numbers.number(x, numbers.FIXED if fixed else numbers.TERMINAL, 0 if count else None)


def year(y) -> str:
    return DASH if missing(y) or y == "" else str(int(y))


def value_year(v, y, count: bool = False, suffix: str = "") -> str:
    """'64.97 (2023)'; '—' without a value."""
    if missing(v):
        return DASH
    return f"{number(v, count)}{suffix} ({year(y)})" if not missing(y) else number(v, count) + suffix


def rate_mark(row) -> str:
    """'%' after a growth target's rates when the row's unit is a level (GDP in 亿元, growth 6.5)."""
    return "%" if row.get("target_kind") == "avg_growth" and row.get("unit") != "%" else ""


def yes_no(flag, lang: str) -> str:
    if missing(flag) or flag is None:
        return DASH
    return say("cli.yes" if bool(flag) else "cli.no", lang)


def _is_count(row) -> bool:
    return str(row.get("basis") or "") in COUNT_BASES


def unit_cell(row, lang: str) -> str:
    """The unit of a row in a terminal column (report.words, compact: no bracketed explanation)."""
    return row_unit(row, lang, COMPACT)


def target_cell(row, lang: str) -> str:
    """A target in a terminal column (report.words, compact: read from its parsed fields in both
    languages, a growth target with its unit): 'over 8 % a year', '年均超过8%', 'about 5'."""
    return target_words(row, lang, COMPACT)


def header(key: str, lang: str) -> str:
    return say(f"cli.col.{key}", lang)


def wide(df: pd.DataFrame, lang: str) -> list[str]:
    """Every column, named as in ``--format csv``; numbers rounded, flags in words, no cut."""
    columns = []
    for col in df.columns:
        values = list(df[col])
        numeric = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and not missing(v)]
        whole = "year" in col or (numeric and all(float(v).is_integer() for v in numeric))
        cells = [_wide_cell(v, lang, whole) for v in values]
        columns.append(
            Column(str(col), cells, right=bool(numeric) and len(numeric) == sum(not missing(v) for v in values))
        )
    return render(columns, width=None)


def _wide_cell(v, lang: str, whole: bool) -> str:
    if isinstance(v, bool):
        return yes_no(v, lang)
    if missing(v):
        return DASH
    if isinstance(v, (int, float)):
        return str(int(v)) if whole and float(v).is_integer() else number(v)
    text = str(v)
    return text if text else DASH


# --- the commands' compact tables -------------------------------------------------------------


def _rows(df: pd.DataFrame) -> list[dict]:
    return df.to_dict("records")


def targets_table(df: pd.DataFrame, lang: str, title: str = "") -> list[str]:
    """A plan's indicator table: a title line, then no, name, unit, base, target in words,
    (target year when rows differ,) attribute, and the printed outcome of a finished plan."""
    check_lang(lang)
    rows = _rows(df)
    years = sorted({int(y) for y in df["target_year"].dropna()})
    head = wrap(say("cli.targets.head", lang, title=title, n=len(rows), year="/".join(map(str, years))))
    cols = [
        Column(header("no", lang), [r["no"] for r in rows]),
        Column(header("indicator", lang), [name(r, lang) for r in rows], shrink=16, cut=2),
        Column(header("unit", lang), [unit_cell(r, lang) for r in rows], shrink=16),
        Column(
            header("base", lang), [value_year(r["base_value"], r["base_year"], _is_count(r)) for r in rows], right=True
        ),
        Column(header("target", lang), [target_cell(r, lang) for r in rows], shrink=15),
        Column(header("by", lang), [year(r["target_year"]) for r in rows]) if len(years) > 1 else None,
        Column(
            header("attribute", lang),
            [pick(ATTRIBUTE[r["attribute"]], lang) if r["attribute"] in ATTRIBUTE else DASH for r in rows],
        ),
    ]
    if any(not missing(r.get("actual_value")) for r in rows):
        cols.append(
            Column(
                header("outcome", lang),
                [value_year(r.get("actual_value"), r.get("actual_year"), _is_count(r), rate_mark(r)) for r in rows],
                right=True,
            )
        )
    return [*head, "", *render(cols)]


def text_targets_table(df: pd.DataFrame, lang: str) -> list[str]:
    """The body-text register: id, measure, target in words, unit, year, outline line."""
    check_lang(lang)
    rows = [r | {"target_value": r["value"]} for r in _rows(df)]
    return render(
        [
            Column(header("id", lang), [r["id"] for r in rows]),
            Column(header("measure", lang), [_measure(r, lang) for r in rows], shrink=16, cut=2),
            Column(header("target", lang), [target_cell(r, lang) for r in rows], shrink=15, cut=2),
            Column(header("unit", lang), [unit_cell(r, lang) for r in rows], shrink=16),
            Column(header("by", lang), [year(r["target_year"]) for r in rows]),
            Column(header("line", lang), [year(r["source_line"]) for r in rows], right=True),
        ]
    )


def _measure(row, lang: str) -> str:
    return str(row.get(pick(("measure_zh", "measure_en"), lang)) or row.get("measure_zh") or "")


def observed_table(df: pd.DataFrame, lang: str) -> list[str]:
    """Observed statistics: series id and its name in words, (region,) year, value, unit,
    vintage, source grade."""
    check_lang(lang)
    rows = _rows(df)
    names = _series_names([r["series_id"] for r in rows], lang)
    cols = [
        Column(header("series", lang), [r["series_id"] for r in rows], shrink=20, cut=3),  # what --series takes
        Column(header("series_name", lang), [names[r["series_id"]] for r in rows], shrink=16, cut=2),
    ]
    if len({r["region"] for r in rows}) > 1:
        cols.append(Column(header("region", lang), [region_words(r["region"], lang) for r in rows]))
    cols += [
        Column(header("year", lang), [year(r["year"]) for r in rows]),
        Column(header("value", lang), [number(r["value"], r.get("measure") == "count") for r in rows], right=True),
        Column(header("unit", lang), [unit_words(r["unit"], lang, style=COMPACT) for r in rows], shrink=15),
        Column(
            header("vintage", lang),
            [pick(VINTAGE[r["vintage"]], lang) if r["vintage"] in VINTAGE else str(r["vintage"]) for r in rows],
        ),
        Column(
            header("grade", lang),
            [
                pick(SOURCE_GRADE[r["source_grade"]], lang)
                if r["source_grade"] in SOURCE_GRADE
                else str(r["source_grade"])
                for r in rows
            ],
            shrink=16,
        ),
    ]
    return render(cols)


def _series_names(ids, lang: str) -> dict[str, str]:
    """Each series' short name in words: the catalogue's (``series.<id>``), else the part of the
    series catalogue's description in this language (:func:`.context_tables.series_name`)."""
    from ..data.observed import list_series
    from .context_tables import series_name

    described = list_series().set_index("series_id")["description"]
    return {
        i: pick(SERIES_NAME[i], lang)
        if i in SERIES_NAME
        else series_name(i, lang, description=str(described.get(i, "")))
        for i in set(ids)
    }


def plans_table(df: pd.DataFrame, lang: str) -> list[str]:
    """The registry (``shanxi plans``): id (with its shorthand), region, period, source file,
    grade, and the counts of targets, linked series and observations (with the years they
    cover); the titles are in ``--wide`` and csv."""
    check_lang(lang)
    rows = _rows(df)
    ids = [r["plan"] + ("" if missing(r["shorthand"]) else f" ({r['shorthand']})") for r in rows]
    covered = [
        f"{r['observations']} ({year(r['first_year'])}-{year(r['last_year'])})" if r["observations"] else "0"
        for r in rows
    ]
    return render(
        [
            Column(header("plan", lang), ids),
            Column(header("region", lang), [region_words(r["region"], lang) for r in rows]),
            Column(header("period", lang), [f"{int(r['base_year']) + 1}-{int(r['target_year'])}" for r in rows]),
            Column(header("source", lang), [r["source"] for r in rows], shrink=16),
            Column(header("plan_grade", lang), [say(f"cli.plan_grade.{r['grade']}", lang) for r in rows]),
            Column(header("targets", lang), [str(r["targets"]) for r in rows], right=True),
            Column(header("linked", lang), [str(r["linked_series"]) for r in rows], right=True),
            Column(header("observations", lang), covered, right=True),
        ]
    )


def region_words(region: str, lang: str) -> str:
    """A region's name in ``lang`` (``regions.csv``); an unknown code as given."""
    from ..data.regions import region_name

    return region_name(region, lang)


def assess_table(table: pd.DataFrame, lang: str) -> list[str]:
    """Verdicts: no, name, unit, target in words, latest value (year), observations, status
    (and the mid-term wording where it says more than the status)."""
    check_lang(lang)
    rows = _rows(table)
    says_more = [isinstance(r.get("midterm"), str) and r["midterm"] not in ("", r["status"]) for r in rows]
    tight = any(says_more)  # one more column: the unit and status give up some room
    cols = [
        Column(header("no", lang), [r["no"] for r in rows]),
        Column(header("indicator", lang), [name(r, lang) for r in rows], shrink=16, cut=2),
        Column(header("unit", lang), [unit_cell(r, lang) for r in rows], shrink=12 if tight else 16),
        Column(header("target", lang), [target_cell(r, lang) for r in rows], shrink=15),
        Column(
            header("latest", lang),
            [value_year(r["latest_value"], r["latest_year"], _is_count(r), rate_mark(r)) for r in rows],
            right=True,
        ),
        Column(header("status", lang), [status_label(r["status"], lang) for r in rows], shrink=15 if tight else 21),
    ]
    if tight:
        cols.append(
            Column(
                header("midterm", lang),
                [midterm_label(r["midterm"], lang) if more else "" for r, more in zip(rows, says_more, strict=True)],
                shrink=10,
            )
        )
    return render(cols)


def assess_summary(
    table: pd.DataFrame, statuses, lang: str, plan=None, as_of=None, method: str = "", text: bool = False
) -> list[str]:
    """One line of what was judged, then the count per status, in the language (the words of
    :meth:`..models.assess.AssessmentResults.summary`, wrapped to the terminal)."""
    from ..models.verdicts import summary_parts

    head, parts = summary_parts(table, statuses, lang, plan, as_of, method, text)
    return wrap(head, WIDTH) + wrap_parts(parts, say("cli.sep", lang), WIDTH)


def forecast_tables(res, lang: str) -> list[str]:
    """The backtest (one row per model) and the forecast with its 80 % and 95 % bands."""
    check_lang(lang)
    bt = _rows(res.backtest)
    out = wrap(say("cli.forecast.backtest", lang))
    out += render(
        [
            Column(header("model", lang), [model_name(r["model"], lang) for r in bt], shrink=12),
            Column(header("mae", lang), [number(r["mae"], fixed=True) for r in bt], right=True),
            Column(header("mase", lang), [number(r["mase"], fixed=True) for r in bt], right=True),
            Column(header("p", lang), [number(r["p_vs_naive"], fixed=True) for r in bt], right=True),
            Column(header("coverage80", lang), [number(r["coverage80"], fixed=True) for r in bt], right=True),
        ]
    )
    unit = unit_words(res.target.get("unit"), lang, style=COMPACT) if res.target else ""
    fc = _rows(res.forecast)
    out.append("")
    out += render(
        [
            Column(header("year", lang), [year(r["year"]) for r in fc]),
            Column(header("forecast", lang), [number(r["mean"], fixed=True) for r in fc], right=True),
            Column(
                header("band80", lang),
                [say("cli.band", lang, lo=number(r["lo80"], fixed=True), hi=number(r["hi80"], fixed=True)) for r in fc],
                right=True,
            ),
            Column(
                header("band95", lang),
                [say("cli.band", lang, lo=number(r["lo95"], fixed=True), hi=number(r["hi95"], fixed=True)) for r in fc],
                right=True,
            ),
            Column(header("unit", lang), [unit] * len(fc)) if unit else None,
        ]
    )
    return out


def scenario_table(table: pd.DataFrame, state: pd.DataFrame, target_year: int, lang: str) -> list[str]:
    """A scenario per indicator: where the path ends in the target year, the target, whether
    it is met, the gap and the step a year the target would need (the start is in the path)."""
    check_lang(lang)
    rows = []
    for r in _rows(table):
        plan_row = state.loc[r["no"]] if r["no"] in state.index else {}
        merged = {k: plan_row.get(k) for k in ("basis", "target_kind", "comparator", "target_high")} | r
        rows.append(merged)
    met = [
        say("cli.met_assumed", lang, met=yes_no(r["met"], lang))
        if r.get("assumption_only") and not missing(r["met"])
        else yes_no(r["met"], lang)
        for r in rows
    ]
    return render(
        [
            Column(header("no", lang), [r["no"] for r in rows]),
            Column(header("indicator", lang), [name(r, lang) for r in rows], shrink=16, cut=2),
            Column(header("unit", lang), [unit_cell(r, lang) for r in rows], shrink=16),
            Column(
                say("cli.col.at_target", lang, year=year(target_year)),
                [number(r["value_at_target"], _is_count(r)) + rate_mark(r) for r in rows],
                right=True,
            ),
            Column(header("target", lang), [target_cell(r, lang) for r in rows], shrink=15),
            Column(header("met", lang), met, shrink=4),
            Column(header("gap", lang), [number(r["gap"], _is_count(r)) for r in rows], right=True),
            Column(header("needed", lang), [_step(r, lang) for r in rows], shrink=12),
        ]
    )


def _step(r, lang: str) -> str:
    if missing(r.get("required_step")):
        return DASH
    unit = r.get("step_unit")
    short = say(f"cli.pace.{unit}", lang) if isinstance(unit, str) and f"cli.pace.{unit}" in CATALOGUE else ""
    return number(r["required_step"]) + short  # a pace, even of a count, keeps its fraction (1/3 a year is not 0)


def path_table(path: pd.DataFrame, lang: str, count: bool = False) -> list[str]:
    """An indicator's path: one row per year, the observed, scenario and required values."""
    check_lang(lang)
    wide_path = path.pivot_table(index="year", columns="series", values="value", aggfunc="first")
    series = [s for s in ("observed", "scenario", "required") if s in wide_path.columns]
    cols = [Column(header("year", lang), [year(y) for y in wide_path.index])]
    cols += [Column(header(f"path_{s}", lang), [number(v, count) for v in wide_path[s]], right=True) for s in series]
    return render(cols)


# --- a finished plan: its final evaluation and what would close it --------------------------------


def final_summary(final, lang: str) -> list[str]:
    """The final evaluation's headline: what was judged, then the rows per class (every class,
    adding up to every row of the plan)."""
    check_lang(lang)
    counts = final.counts()
    n = int(counts.sum())
    head = (
        say("cli.final.head", lang, plan=final.plan, as_of=final.as_of, n=n)
        if final.as_of is not None
        else say("cli.final.head.outcome", lang, plan=final.plan, n=n)
    )
    parts = [say("cli.count", lang, status=say(f"final.{code}", lang), n=int(n)) for code, n in counts.items()]
    return wrap(head, WIDTH) + wrap_parts(parts, say("cli.sep", lang), WIDTH)


def publication_words(row, lang: str) -> str:
    """Where a statistic is normally published, and when: "统计公报, usually out in
    February-March"; '' when not known."""
    name_ = pick((row.get("publication_zh") or "", row.get("publication_en") or ""), lang)
    if not name_:
        return ""
    first, last = row.get("first_month"), row.get("last_month")
    if missing(first) or missing(last):
        when = say("publication.unknown", lang)
    elif int(first) == int(last):
        when = say("publication.month", lang, first=say(f"site.month.{int(first)}", lang))
    else:
        when = say(
            "publication.months",
            lang,
            first=say(f"site.month.{int(first)}", lang),
            last=say(f"site.month.{int(last)}", lang),
        )
    return say("cli.close.where", lang, publication=name_, when=when)


def close_table(closing: pd.DataFrame, lang: str) -> list[str]:
    """Per open row: its class, the value(s) still needed (series, years, unit) and where they are
    normally published."""
    check_lang(lang)
    rows = _rows(closing)
    series_words = [
        say(f"series.{r['series_id']}", lang) if f"series.{r['series_id']}" in CATALOGUE else r["series_id"]
        for r in rows
    ]
    cols = [
        Column(header("no", lang), [r["no"] for r in rows]),
        Column(header("indicator", lang), [name(r, lang) for r in rows], shrink=12, cut=2),
        Column(header("final", lang), [say(f"final.{r['final']}", lang) for r in rows]),
        Column(
            header("series", lang),
            [s if s else say("cli.close.no_series", lang) for s in series_words],
            shrink=12,
            cut=2,
        ),
        Column(header("years", lang), [_years(r["years"]) for r in rows]),
        Column(header("published", lang), [publication_words(r, lang) or DASH for r in rows], shrink=12),
    ]
    return render(cols)


def _years(years) -> str:
    years = [int(y) for y in years] if isinstance(years, (list, tuple)) else []
    if not years:
        return DASH
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"

"""Draft the rows of an outline's table of main indicators (专栏 ... 主要指标) from its text.

The tables come out of the PDF as text: a row's name wraps over lines, its cells follow the unit
bracket ('地区生产总值增长(%) 3.6 - >8 预期性'), some cells run together ('6.5左右17651.9'), a
combined row prints its parts apart by '/' ('0/5/0/1'), the row numbers stand beside the name
(专栏2) or in a detached column (专栏1, which also groups rows under a heading such as 城镇化率),
and the header repeats after a page break.  The reading:

* the table starts at its 专栏 title and ends at its note ('注:'); the header gives the base year,
  the target year and whether outcomes are printed (实现情况: five cells a row, else three);
* a row runs from its name to its attribute (预期性 / 约束性); its name ends with the unit bracket
  (a unit of ``units.csv``); what follows are its cells, read by the printed-target grammar of
  :mod:`..printed` (the same parser the validator re-reads every cell with);
* categories are the headings (一、经济发展(6个)) or the vertical run of single characters; in a
  detached-number table a line with no cells that is short or ends with its unit is a group
  heading, its rows take the group's number and a letter;
* the note gives the data-year markers (*为2019年数据) and the base year's estimates (预计数).

Columns the text does not print (English names, direction, basis) are filled by the rules the
validator checks where the rules decide, and otherwise left for the reviewer with a reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..glyphs import read_glyphs
from ..printed import PrintedTargetError, parse_printed_target

ATTRIBUTE = re.compile(r"预期性|约束性")
_TABLE_TITLE = re.compile(r"^\s*专栏\s*(\w+?)\s+(.*主要指标.*)$")
_TABLE_END = re.compile(r"^\s*(?:注\s*[:：]|第[一二三四五六七八九十百]+[章节篇]|专栏\s*\w+\s)")
_NOTE = re.compile(r"^\s*注\s*[:：]")
_CATEGORY = re.compile(r"^\s*([一二三四五六七八九十]+)、\s*(.+?)\s*(?:[(（]\s*\d+\s*个\s*[)）])?\s*$")
_HEADER_WORDS = re.compile(
    r"^\s*(?:序|号|类|别|指\s*标(?:名称)?.*|属性|年均增长/?|累计|目标|累计或|年均增长\d{4}年|规划目标\s*实现情况|"
    r"\d{4}年|\d{4}年\s*目标|年均增长/\s*累计)\s*$"
)
# one cell of a table, as printed (glyphs read): '-', '[155]', '[≥17.6]', '[15]左右', '控制在0.2以下',
# '完成国家考核目标', '12,力争达到全国平均水平', '0/5/0/1', '5-8', '>8', '60以上', '59.55*', '44μg/m3'
_CELL = re.compile(
    r"-(?!\d)|\[[^\]]*\](?:左右)?|控制在\d+(?:\.\d+)?以[下内]|完成国家[^\s]*?(?:目标任务|考核目标|目标)|"
    r"[<>≤≥]?\d+(?:\.\d+)?(?:/\d+(?:\.\d+)?)+|"
    r"[<>≤≥]?\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)?(?:个|[μµ]g/m3|%)?(?:以上|以下|以内|左右)?\**"
    r"(?:,力争达到全国平均水平)?"
)
_MIN_WRAP = 11  # a name line this long without cells continues on the next line


@dataclass
class TableRow:
    """A printed row: its lines and where it is."""

    number: int | None
    category: str
    lines: list[tuple[int, str]]  # (outline line, text)
    heading: str = ""  # the group heading it is printed under (专栏1: 城镇化率)


@dataclass
class Table:
    number: int
    title: str
    first_line: int
    last_line: int
    base_year: int | None
    target_year: int | None
    outcomes: bool  # the table prints outcomes (实现情况): five cells a row
    rows: list[TableRow] = field(default_factory=list)
    note: str = ""
    note_line: int = 0


def find_tables(lines: list[str]) -> list[Table]:
    """The tables of main indicators in the outline (its lines, glyphs read): from the 专栏 title
    to its note (注:), else to the next heading."""
    tables = []
    for i, line in enumerate(lines):
        m = _TABLE_TITLE.match(line)
        if not m:
            continue
        end = next((j for j in range(i + 1, len(lines)) if _TABLE_END.match(lines[j])), len(lines))
        header = " ".join(lines[i + 1 : min(i + 25, end)])
        years = [int(y) for y in re.findall(r"(\d{4})年", header)]
        outcomes = "实现情况" in header
        base = years[0] if years else None
        target = next((y for y in years[1:] if y != base), None)
        has_note = end < len(lines) and _NOTE.match(lines[end])
        note_end = next((j for j in range(end, len(lines)) if not lines[j].strip()), len(lines)) if has_note else end
        number = int(m.group(1)) if m.group(1).isdigit() else 0
        table = Table(
            number, m.group(2).strip(), i + 1, end, base, target, outcomes, note=" ".join(lines[end:note_end])
        )
        table.rows = _rows(lines, i + 1, end)
        table.last_line = max((r.lines[-1][0] for r in table.rows), default=i + 1)
        table.note_line = end + 1 if has_note else table.last_line
        tables.append(table)
    return tables


def _is_number_line(text: str) -> bool:
    return bool(re.fullmatch(r"\s*\d{1,2}\s*", text))


def _tokens(body: list[tuple[int, str]]):
    """The table body as tokens: ('category', name) for a heading (一、经济发展(6个)) or a vertical
    run of single characters; ('numbers', [..]) for a detached column of row numbers; ('number',
    n) for a lone number above a wrapped name; ('text', line) for anything else.  Each with its
    outline line."""
    k = 0
    while k < len(body):
        number, text = body[k]
        if re.fullmatch(r"[\u4e00-\u9fff]", text):
            run = []
            while k < len(body) and re.fullmatch(r"[\u4e00-\u9fff]", body[k][1]):
                run.append(body[k][1])
                k += 1
            yield "category", "".join(run), number
            continue
        if _is_number_line(text):
            run = []
            while k < len(body) and _is_number_line(body[k][1]):
                run.append(int(body[k][1]))
                k += 1
            yield ("numbers", run, number) if len(run) > 1 else ("number", run[0], number)
            continue
        m = _CATEGORY.match(text)
        yield ("category", m.group(2), number) if m else ("text", text, number)
        k += 1


def _rows(lines: list[str], first: int, end: int) -> list[TableRow]:
    """The printed rows between a table's title (0-based index ``first``) and its note."""
    rows: list[TableRow] = []
    category, heading, current = "", "", None
    detached: dict[str, list[int]] = {}  # each category's row numbers printed apart (专栏1)
    body = _without_headers([(i + 1, lines[i].strip()) for i in range(first, end) if lines[i].strip()])
    for kind, value, number in _tokens(body):
        if current is None and kind == "category":
            category, heading = value, ""
        elif current is None and kind == "numbers":
            detached.setdefault(category, []).extend(value)
        elif current is None and kind == "number":
            current = TableRow(value, category, [])  # the number above a wrapped name
        else:
            text = str(value)
            if current is None:
                inline = re.match(r"^(\d{1,2})\s+([\u4e00-\u9fff“\"(（A-Za-z].*)$", text)
                current = TableRow(int(inline.group(1)) if inline else None, category, [])
                text = inline.group(2) if inline else text
            current.lines.append((number, text))
            if ATTRIBUTE.search(text):
                current.heading = heading
                rows.append(current)
                current = None
            elif len(current.lines) == 1 and current.number is None and _is_heading(text):
                heading, current = text, None  # a group heading: 城镇化率, 主要污染物排放总量减少(%)
    if detached:
        _number_detached(rows, detached)
    return rows


def _without_headers(body: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines without the table's header (repeated after a page break: 序 号 ... 属性)."""
    out, skipping = [], True
    for number, text in body:
        if re.fullmatch(r"序|类", text) or text.startswith("序号"):
            skipping = True
        if skipping:
            if "属性" in text:
                skipping = False
            continue
        out.append((number, text))
    return out


def _is_heading(text: str) -> bool:
    """A line with no cells that is a whole name: short, or ending with its unit bracket."""
    if _CELLS_IN.search(text):
        return False
    return len(text) < _MIN_WRAP or text.endswith((")", "）"))


_CELLS_IN = re.compile(r"(?:^|\s)(?:-|\[|\d)")
_COMMON = set("的率比数量和与及或年度上下人口总额值")


def _shares_words(heading: str, name: str) -> bool:
    pairs = {heading[i : i + 2] for i in range(len(heading) - 1)}
    return any(p in name for p in pairs if not set(p) & _COMMON)


def _number_detached(rows: list[TableRow], numbers: dict[str, list[int]]) -> None:
    """专栏1 prints its row numbers apart, per category: the rows under one heading share a
    number (and take letters).  A heading holds at least two rows, then the rows that share its
    words (城镇化率: 常住人口城镇化率, 户籍人口城镇化率); when the category prints fewer numbers than
    that makes groups, the heading groups take the rows after them until the count agrees."""
    by_category: dict[str, list[TableRow]] = {}
    for r in rows:
        by_category.setdefault(r.category, []).append(r)
    for category, members in by_category.items():
        printed = list(numbers.get(category, []))
        groups = _fit_groups(_groups(members), len(printed))
        for group in groups:
            n = printed.pop(0) if printed else None
            for r in group:
                r.number = n
                r.heading = group[0].heading if len(group) > 1 else ""


def _groups(members: list[TableRow]) -> list[list[TableRow]]:
    """Rows grouped under their heading: at least two, then those that share its words."""
    groups: list[list[TableRow]] = []
    closed = set()  # headings whose group has ended
    for r in members:
        last = groups[-1] if groups else None
        same = bool(last and r.heading and last[0].heading == r.heading and r.heading not in closed)
        if same and (len(last) < 2 or _shares_words(r.heading, _name_of(r))):
            last.append(r)
            continue
        if same:
            closed.add(r.heading)
        if r.heading in closed:
            r.heading = ""
        groups.append([r])
    return groups


def _fit_groups(groups: list[list[TableRow]], wanted: int) -> list[list[TableRow]]:
    """Fewer numbers printed than groups: a heading group takes the plain row after it."""
    while wanted and len(groups) > wanted:
        takers = [i for i in range(len(groups) - 1) if groups[i][0].heading and not groups[i + 1][0].heading]
        if not takers:
            break
        g = takers[-1]
        groups[g] += groups.pop(g + 1)
    return groups


def _name_of(r: TableRow) -> str:
    return re.split(r"[(（]", r.lines[0][1])[0]


@dataclass
class Cells:
    name: str  # the printed name without its unit bracket
    unit: str
    cells: list[str]
    name_lines: list[int]  # the outline line of each part's name


def split_row(row: TableRow, units: set[str]) -> Cells | None:
    """The name, unit and cells of a printed row (glyphs read)."""
    text = "\n".join(t for _, t in row.lines)
    text = read_glyphs(text)
    text = ATTRIBUTE.split(text)[0]
    unit_at = None
    for m in re.finditer(r"[(（]([^()（）]*)[)）]", text):
        if re.sub(r"\s+", "", m.group(1)) in units:
            unit_at = m
            break
    if unit_at is None:
        return None
    name = re.sub(r"\s+", "", text[: unit_at.start()])
    rest = text[unit_at.end() :]
    rest = re.sub(r"^(?:\s*[(（][^()（）]*[)）])+", "", rest)  # '(新基建)' after the unit
    return Cells(name, re.sub(r"\s+", "", unit_at.group(1)), _cells(rest), [])


_CONTINUES = ("/", ",", "，", "控制在", "完成国家", "完成国家下达", "力争达到")


def _cells(text: str) -> list[str]:
    """The cells of the text after a row's unit bracket: whitespace-separated tokens rejoined
    where a cell wraps ('10/200/' + '100/230', '完成国家' + '考核目标'), then split where cells run
    together ('6.5左右17651.9')."""
    tokens = text.split()
    joined: list[str] = []
    for t in tokens:
        if joined and (joined[-1].endswith(_CONTINUES) or re.match(r"[\u4e00-\u9fff]", t)):
            joined[-1] += t
        else:
            joined.append(t)
    out = []
    for t in joined:
        t = t.replace("，", ",")
        pos = 0
        while pos < len(t):
            m = _CELL.match(t, pos)
            if not m or m.end() == pos:
                out.append(t[pos:])
                break
            out.append(m.group())
            pos = m.end()
    return out


def marker_years(note: str) -> dict[str, int]:
    """The data-year markers a table note defines ('*为2019年数据,**为2018年数据')."""
    out = {}
    for stars, year in re.findall(r"(\*{1,2})为(\d{4})年", note):
        out[stars] = int(year)
    return out


def check_parse(cell: str, column: str) -> str | None:
    try:
        parse_printed_target(cell, column=column)
    except PrintedTargetError as exc:
        return str(exc)
    return None

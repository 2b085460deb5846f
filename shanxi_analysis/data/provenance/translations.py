"""The English names say what the Chinese names say.

``name_en`` ("GDP per capita" for 地区生产总值增长), ``category_en`` and the register's
``measure_en`` reach every English page, so a wrong one is a wrong statement.  They are checked
against a closed glossary of the words that carry the meaning: a term printed in the Chinese name
must be rendered in the English one (增长 -> growth, 比重 -> share, 降低 -> reduction ...), and for
terms that translate one to one, the English term needs the Chinese one too ("per capita" only
with 人均, "GDP" only with 地区生产总值).  A Chinese category has one English name in a table.
"""

from __future__ import annotations

import re

from ...core.errors import Problem

# (Chinese, English, both ways?): the Chinese term requires the English one; with True, the English
# term requires the Chinese one too.  Every row of the plan tables and the register passes.
GLOSSARY = (
    (r"人均(?!预期寿命)", r"per capita", True),
    (r"增长|增速", r"growth", True),
    (r"地区生产总值", r"\bGDP\b|gross domestic product", False),
    (r"城镇化", r"urbani[sz]ation", True),
    (r"森林", r"forest", True),
    (r"实验室", r"laborator", True),
    (r"失业", r"unemploy", True),
    (r"预期寿命", r"life expectancy", True),
    (r"专利", r"patent", True),
    (r"粮食", r"grain", True),
    (r"二氧化碳", r"CO2", True),
    (r"比重|占比", r"share", False),
    (r"降低|下降", r"reduction", False),
    (r"死亡率", r"mortality|deaths", False),
    (r"收入", r"income|revenue", True),
    (r"企业", r"enterprise", False),
    (r"水质|水体", r"water", False),
    (r"煤", r"coal", True),
    (r"国家", r"national|state", False),
    (r"省", r"provinc", False),
    (r"医院", r"hospital", True),
    (r"高校|高等院校", r"universit", False),
    (r"品牌", r"brand", True),
    (r"集群", r"cluster", True),
    (r"平台", r"platform", True),
    (r"学科", r"disciplin", True),
    (r"医师", r"physician", True),
    (r"制造业", r"manufactur", True),
    (r"数字", r"digital", True),
    (r"5G", r"5G", True),
    (r"空气", r"\bair\b", True),
    (r"基地", r"\bbases?\b", False),
    (r"就业", r"jobs|employ", False),
    (r"研发|研究与试验发展", r"R&D|research", False),
    (r"技术", r"technolog|tech", False),
)
CATEGORY_GLOSSARY = (
    (r"经济", r"econom", True),
    (r"创新", r"innovation", True),
    (r"民生|人的全面发展", r"well-being|human|livelihood|people", False),
    (r"生态|绿色", r"ecolog|green|environment", False),
    (r"安全", r"safety|security", False),
    (r"廉洁", r"integrity", True),
    (r"产业", r"industr", False),
)


def glossary_problem(zh: str, en: str, glossary=GLOSSARY) -> str | None:
    """Why ``en`` does not say what ``zh`` says, or None."""
    for zh_term, en_term, both in glossary:
        in_zh = re.search(zh_term, zh)
        in_en = re.search(en_term, en, re.IGNORECASE)
        if in_zh and not in_en:
            words = " or ".join(repr(w) for w in en_term.replace("\\b", "").split("|"))
            return f"{in_zh.group()} is printed in the Chinese name, but not {words} in the English"
        if both and in_en and not in_zh:
            chinese = " or ".join(re.sub(r"\(\?[!=][^)]*\)", "", zh_term).split("|"))
            return f"{in_en.group()!r} is printed in the English name, but not {chinese} in the Chinese"
    return None


def _checked(rows: list[dict], zh_col: str, en_col: str, name: str, glossary) -> list[Problem]:
    out = []
    for r in rows:
        zh, en = r.get(zh_col), r.get(en_col)
        if zh and en:
            why = glossary_problem(zh, en, glossary)
            if why:
                out.append(Problem(name, r["_line"], en_col, f"{en!r} does not say what {zh!r} says: {why}"))
    return out


def _one_name_each(rows: list[dict], name: str) -> list[Problem]:
    first: dict[str, tuple[str, int]] = {}
    out = []
    for r in rows:
        zh, en = r.get("category_zh"), r.get("category_en")
        if not zh or not en:
            continue
        seen = first.setdefault(zh, (en, r["_line"]))
        if seen[0] != en:
            why = f"{en!r}, but line {seen[1]} names the category {zh!r} {seen[0]!r}: one English name per category"
            out.append(Problem(name, r["_line"], "category_en", why))
    return out


def name_problems(rows: list[dict], name: str) -> list[Problem]:
    """A plan table's ``name_en`` and ``category_en`` against its Chinese names."""
    return (
        _checked(rows, "name_zh", "name_en", name, GLOSSARY)
        + _checked(rows, "category_zh", "category_en", name, CATEGORY_GLOSSARY)
        + _one_name_each(rows, name)
    )


def measure_problems(rows: list[dict], name: str) -> list[Problem]:
    """The register's ``measure_en`` against its ``measure_zh``."""
    return _checked(rows, "measure_zh", "measure_en", name, GLOSSARY)

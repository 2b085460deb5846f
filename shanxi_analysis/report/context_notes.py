"""Context, not verdicts, in the page's language: the coal cycle (nominal and real GDP growth, the
implied deflator, the share targets that move with coal prices) and a finished plan's outcome on
another price basis.  The numbers come from :mod:`..models.context`; the words from the catalogue
(``page.coal.*``, ``page.basis.*``)."""

from __future__ import annotations

import pandas as pd

from ..core.numbers import FIXED, number
from ..core.numbers import missing as _missing
from .downloads import as_number, as_whole, data_frame, with_data
from .messages import VINTAGE, check_lang, name, pick, say
from .words import DASH, SENTENCE, target_words


def _pct(x) -> str:
    return DASH if _missing(x) else number(x, FIXED, 1)


def _signed(x) -> str:
    return DASH if _missing(x) else f"{float(x):+.1f}"


def _change(x, lang: str) -> str:
    """'rose 26.8 %' / 'fell 2.7 %' (上升 / 下降)."""
    key = "page.coal.rose" if x >= 0 else "page.coal.fell"
    return say(key, lang, value=_pct(abs(x)))


def _vintage(code, lang: str) -> str:
    return pick(VINTAGE[code], lang) if isinstance(code, str) and code in VINTAGE else DASH


def coal_cycle_summary(cycle, lang: str) -> str:
    """The coal cycle in sentences: the first and the last year's nominal and real growth and the
    price change they imply, where the numbers come from (one release, its vintages), and the
    published first-release nominal change where the data hold one."""
    from ..data.regions import region_name

    check_lang(lang)
    t = cycle.table
    if t.empty:
        return say("page.coal.none", lang, year=cycle.as_of)
    region = region_name(cycle.region, lang) if cycle.region else ""
    parts = []
    for _, r in (t.iloc[[0, -1]] if len(t) > 1 else t).drop_duplicates("year").iterrows():
        key = "page.coal.year" if not _missing(r["deflator"]) else "page.coal.year_no_deflator"
        parts.append(
            say(
                key,
                lang,
                year=int(r["year"]),
                region=region,
                nominal=_change(r["nominal_growth"], lang),
                real=_pct(r["real_growth"]),
                deflator=_change(r["deflator"], lang) if not _missing(r["deflator"]) else "",
            )
        )
    vintages = say("page.sep.list", lang).join(
        dict.fromkeys(_vintage(v, lang) for v in t["deflator_vintage"].dropna() if isinstance(v, str))
    )
    parts.append(say("page.coal.source", lang, vintages=vintages or DASH))
    for year, value in sorted(cycle.published_nominal.items()):
        if year in set(t["year"]):
            parts.append(say("page.coal.published", lang, year=year, value=_signed(value)))
    return say("page.sep.sentence", lang).join(parts)


def coal_cycle_table(cycle, lang: str) -> pd.DataFrame:
    """Year by year: GDP at current prices, nominal and real growth, the implied deflator, and the
    vintage the deflator is computed within (missing where the two growths differ in vintage)."""
    check_lang(lang)
    t = cycle.table
    out = pd.DataFrame(
        {
            "year": [str(int(y)) for y in t["year"]],
            "gdp_current": [number(v, FIXED, 1) for v in t["level"]],
            "nominal_growth": [_signed(v) for v in t["nominal_growth"]],
            "real_growth": [_signed(v) for v in t["real_growth"]],
            "deflator": [_signed(v) for v in t["deflator"]],
            "vintage": [_vintage(v, lang) for v in t["deflator_vintage"]],
        }
    )
    headers = {k: say(f"page.coal.col.{k}", lang) for k in out.columns}
    data = data_frame(  # the downloads: numbers as numbers, the year an int, missing cells empty
        {
            headers["year"]: [as_whole(y) for y in t["year"]],
            headers["gdp_current"]: [as_number(v) for v in t["level"]],
            headers["nominal_growth"]: [as_number(v) for v in t["nominal_growth"]],
            headers["real_growth"]: [as_number(v) for v in t["real_growth"]],
            headers["deflator"]: [as_number(v) for v in t["deflator"]],
            headers["vintage"]: [_vintage(v, lang) if v in VINTAGE else None for v in t["deflator_vintage"]],
        }
    )
    return with_data(out.rename(columns=headers), data)


def price_sensitive_notes(cycle, lang: str) -> list[str]:
    """One sentence per plan row whose target, a share at current prices, moves with coal prices."""
    check_lang(lang)
    return [
        say("page.coal.row", lang, no=r["no"], name=name(r, lang), moves=say(f"page.coal.moves.{r['moves']}", lang))
        for _, r in cycle.rows.iterrows()
    ]


def another_basis_notes(results, basis: pd.DataFrame, lang: str) -> list[str]:
    """For each row of a finished plan judged on a nominal figure whose real counterpart the data
    hold (:func:`..models.context.on_another_basis`): the verdict on the printed figure and what it
    would be at constant prices."""
    check_lang(lang)
    table = results.table.set_index("no")
    out = []
    for _, b in basis.iterrows():
        r = table.loc[b["no"]]
        out.append(
            say(
                "page.basis.real",
                lang,
                no=b["no"],
                name=name(r, lang),
                target=target_words(r, lang, SENTENCE),
                printed=_pct(r["latest_value"]),
                value=_pct(b["value"]),
                first=int(r["base_year"]) + 1 if not _missing(r["base_year"]) else b["year"],
                year=int(b["year"]),
                vintage=_vintage(b["vintage"], lang),
                verdict=say("page.basis.met" if b["met"] else "page.basis.missed", lang),
            )
        )
    return out


__all__ = [
    "another_basis_notes",
    "coal_cycle_summary",
    "coal_cycle_table",
    "price_sensitive_notes",
]

"""The glossary and method page: what every word of a verdict means, in Chinese or English.

The terms are the catalogue's own words for the codes (``status.*``, ``final.*``, ``midterm.*``,
``attribute.*``, ``vintage.*``, ``grade.*``, the methods' names), so the page defines exactly the
words the tracker, the briefing, the dashboard and the CLI print; the definitions are the
``glossary.*`` messages (``data/messages/glossary.toml``).  One page per language is written by
``shanxi run`` beside the briefing's pages (``html/glossary.<lang>.html``); ``shanxi glossary``
prints the same entries, and the dashboard shows them in a disclosure box."""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..models import final as _final
from ..models import status as _status
from ..models.assess import MIDTERM_CODES
from .messages import CATALOGUE, say

GLOSSARY_FILE = "glossary.{lang}.html"  # in the site's html/ folder, beside the pages
METHOD_DOC = "docs/verdicts.md"  # the full rules, in the repository (English)


@dataclass(frozen=True)
class Entry:
    anchor: str  # a stable id: the code ("status-on_track"), the same in both languages
    term: str
    definition: str


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    lead: str
    entries: tuple[Entry, ...]


def _entry(anchor: str, term_key: str, def_key: str, lang: str) -> Entry:
    return Entry(anchor, say(term_key, lang), say(def_key, lang))


def _status_def(code: str, prefix: str = "") -> str:
    """The definition key of a status: the final evaluation's own where it differs."""
    own = f"glossary.def.final.{code}"
    return own if prefix == "final" and own in CATALOGUE else f"glossary.def.status.{code}"


def _lead(key: str, lang: str) -> str:
    return say(key, lang) if key in CATALOGUE else ""


def sections(lang: str) -> list[Section]:
    """The glossary in reading order: statuses as of a year, the mid-term wording, the final
    classes, the method, the data and sources, the forecasts."""
    live = [c for c in _status.codes() if set(_status.STATUSES[c].judged_by) - {"final"}]
    parts = {
        "statuses": [_entry(f"status-{c}", f"status.{c}", _status_def(c), lang) for c in live],
        "midterm": [_entry(f"midterm-{c}", f"midterm.{c}", f"glossary.def.midterm.{c}", lang) for c in MIDTERM_CODES],
        "final": [_entry(f"final-{c}", f"final.{c}", _status_def(c, "final"), lang) for c in _final.FINAL_CLASSES],
        "method": [
            _entry("eurostat", "cli.method.eurostat", "glossary.def.eurostat", lang),
            _entry("escap", "cli.method.escap", "glossary.def.escap", lang),
            _entry("attribute-binding", "attribute.binding", "glossary.def.attribute.binding", lang),
            _entry("attribute-expected", "attribute.expected", "glossary.def.attribute.expected", lang),
            _entry("firm", "glossary.term.firm", "glossary.def.firm", lang),
            _entry("period-average", "glossary.term.period_average", "glossary.def.period_average", lang),
            _entry("basis-break", "glossary.term.basis_break", "glossary.def.basis_break", lang),
        ],
        "data": [
            *(
                _entry(f"vintage-{c}", f"vintage.{c}", f"glossary.def.vintage.{c}", lang)
                for c in ("preliminary", "revised", "estimate")
            ),
            *(
                _entry(f"grade-{c}", f"grade.{c}", f"glossary.def.grade.{c}", lang)
                for c in ("official", "official_reprint", "press", "secondary", "unverified")
            ),
        ],
        "forecast": [
            _entry("naive", "glossary.term.naive", "glossary.def.naive", lang),
            _entry("backtest", "glossary.term.backtest", "glossary.def.backtest", lang),
            _entry("mase", "page.col.mase", "glossary.def.mase", lang),
            _entry("band", "glossary.term.band", "glossary.def.band", lang),
        ],
    }
    return [
        Section(key, say(f"glossary.section.{key}", lang), _lead(f"glossary.section.{key}.lead", lang), tuple(items))
        for key, items in parts.items()
    ]


def glossary_text(lang: str) -> str:
    """The glossary for the terminal (``shanxi glossary``): a heading per section, one term a
    paragraph."""
    lines = [say("glossary.title", lang), ""]
    for section in sections(lang):
        lines += [f"== {section.title} ==", *([section.lead] if section.lead else []), ""]
        for entry in section.entries:
            lines += [f"{entry.term}", f"    {entry.definition}", ""]
    lines.append(say("glossary.more", lang) + f" ({METHOD_DOC})")
    return "\n".join(lines)


def glossary_html(lang: str, css_class: str = "dash-glossary") -> str:
    """The glossary as a disclosure box (the dashboard's): closed, its summary the glossary's
    title; every word escaped."""
    title = html.escape(say("glossary.title", lang))
    parts = [f"<details class='{css_class}' id='glossary'><summary>{title}</summary>"]
    for section in sections(lang):
        parts.append(f"<h3>{html.escape(section.title)}</h3><dl>")
        parts += [
            f"<dt id='{html.escape(e.anchor)}'>{html.escape(e.term)}</dt><dd>{html.escape(e.definition)}</dd>"
            for e in section.entries
        ]
        parts.append("</dl>")
    parts.append(f"<p>{html.escape(say('glossary.more', lang))}</p></details>")
    return "".join(parts)

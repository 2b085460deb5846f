"""A verdict in sentences: the one place that puts an assessed row's facts into words.

The assessment (:mod:`.assess`) returns codes and numbers: the status, the paces, the years, the
vintages, why a verdict waits (``pending_reason``), why no pace can be measured (``no_pace``),
what an outcome's explanation adds (``outcome_notes``) ...  This module words them once, in either
language, with the message catalogue's words (``note.*`` keys, :mod:`..data.catalogue`):

* :func:`explanation` - the analyst's account of a verdict with its arithmetic (which numbers,
  which years, which vintage, the pace now needed and whether it was ever reached): the
  command line's ``explanation`` column and :meth:`.assess.AssessmentResults.explain`;
* :func:`sentences` with ``full=False`` - the shorter note the pages show under an indicator
  (``report.narrative.indicator_note``), in the page's :class:`Words`.

Both are the same sentences (the note is the explanation without its extra arithmetic), so a
fact is worded in one place: a new status or a new fact is one catalogue entry and one clause
here.  :class:`Words` is how a display writes what depends on it: the target, a value with its
unit, a pace, a ratio, a series' name.  Its default is the explanation's (plain numbers, the target
as printed); the pages pass their own (report.narrative).
"""

from __future__ import annotations

from ..core.numbers import DASH, PLAIN, number
from ..core.numbers import missing as _missing
from ..data import units
from ..data.catalogue import CATALOGUE as _CATALOGUE
from ..data.catalogue import check_lang, pick, say
from ..data.plans import get_plan
from .evidence import MAX_DATA_AGE, MIN_OBSERVATIONS, comparison_unit
from .growth import approx_tolerance
from .status import has


def _int(x) -> int:
    return int(float(x))


class Words:
    """How a display writes the parts of a sentence that depend on it.  This default is the
    explanation's: numbers without separators (paces to three decimals, values to four), the
    target as printed in the plan, units in the registry's words (:mod:`..data.units`)."""

    def target(self, row, lang: str) -> str:
        text = row.get("target_text")
        return say("page.quote", lang, text=text) if isinstance(text, str) and text else DASH

    def unit(self, row, lang: str) -> str:
        return units.words(row.get("unit"), lang, row.get("unit_en"))

    def value(self, x, row, lang: str) -> str:
        unit, value = self.unit(row, lang), number(x, PLAIN, 4)
        if not unit:
            return value
        # a unit that starts with a number ("10000 tonnes") stands in brackets, as on the pages
        return say("words.value_unit_scaled" if unit[0].isdigit() else "words.value_unit", lang, value=value, unit=unit)

    def pace(self, x, code) -> str:
        return number(x, PLAIN, 3)

    def ratio(self, x, digits: int) -> str:
        return number(x, PLAIN, 3)

    def pace_unit(self, row, lang: str, code=None) -> str:
        code = row.get("rate_unit") if code is None else code
        if not isinstance(code, str) or not code:
            return ""
        return say(f"pace.{code}", lang, unit=self.unit(row, lang))

    def series(self, series_id, lang: str, row=None) -> str:
        key = f"series.{series_id}"
        return say(key, lang) if key in _CATALOGUE else str(series_id)


PLAIN_WORDS = Words()


def explanation(row, lang: str = "en") -> str:
    """The verdict of one assessed row in sentences of ``lang``, with its arithmetic."""
    return sentences(row, lang, PLAIN_WORDS, full=True)


def explanations(table, lang: str = "en") -> list[str]:
    """:func:`explanation` of every row of a verdicts' table."""
    return [explanation(row, lang) for _, row in table.iterrows()]


def sentences(row, lang: str, words: Words = PLAIN_WORDS, full: bool = True) -> str:
    """The verdict of one assessed row in sentences of ``lang``: what was observed and the paces,
    the verdict, the evidence, why it waits or cannot be scored, and what a basis break changed.
    ``full``: with the arithmetic the pages leave out (the explanation)."""
    check_lang(lang)
    if row.get("method") == "outcome" and full:
        parts = _outcome_sentences(row, lang, words)
        if isinstance(row.get("final"), str) and row["final"]:
            parts.append(final_sentence(row, lang, words))
        return _join(parts, lang)
    parts = [_first_sentence(row, lang, words, full)]
    if row["status"] == "pending":
        parts.append(_pending_sentence(row, lang, words))
    parts.append(_verdict(row, lang))
    if full and (why := _why_unscored(row, lang, words)):
        parts.append(why)
    evidence = evidence_words(row, lang)
    if evidence:
        parts.append(say("note.evidence", lang, evidence=evidence))
    parts += _basis(row, lang, words)
    if isinstance(row.get("final"), str) and row["final"]:
        parts.append(final_sentence(row, lang, words))
    return _join(parts, lang)


def _join(parts: list[str], lang: str) -> str:
    return say("page.sep.sentence", lang).join(p for p in parts if p)


def _end(text: str, lang: str) -> str:
    return text + say("page.sep.end", lang)


# --- the first sentence: the indicator, its target and what was observed -------------------------


def _first_sentence(row, lang: str, words: Words, full: bool) -> str:
    return _head(row, lang, words, _facts(row, lang, words, full))


def _head(row, lang: str, words: Words, facts: list[str]) -> str:
    """'1 GDP growth (target: …): fact; fact; fact.'"""
    head = say(
        "note.head",
        lang,
        no=row["no"],
        name=pick((row["name_zh"], row["name_en"]), lang),
        target=words.target(row, lang),
    )
    clause = say("page.sep.clause", lang)
    return _end(head + (say("page.sep.colon", lang) + clause.join(facts) if facts else ""), lang)


def _facts(row, lang: str, words: Words, full: bool) -> list[str]:
    code = row.get("rate_unit")
    unit = words.pace_unit(row, lang)
    published = row.get("rate_source") == "published_average"
    facts = _latest(row, lang, words) + _derived(row, lang, words)
    if full:
        facts += _arithmetic(row, lang, words)
    if published:
        facts += _published(row, lang, words, full)
    elif not _missing(row.get("actual_rate")):
        facts.append(say("note.actual", lang, value=words.pace(row["actual_rate"], code), unit=unit))
    if not _missing(row.get("required_rate")) and not published:
        facts.append(say("note.required", lang, value=words.pace(row["required_rate"], code), unit=unit))
    if (
        full
        and row.get("method") == "escap"
        and not _missing(row.get("projected_value"))
        and not has(row["status"], "outcome")
    ):
        facts.append(_escap_projection(row, lang, words))
    if not _missing(row.get("remaining_rate")):
        facts.append(_remaining(row, lang, words, unit, full))
    facts += _reach(row, lang, words, full) + _breach(row, lang, words)
    if not _missing(row.get("ratio")) and not has(row["status"], "outcome"):
        key = "note.ratio_escap" if row.get("method") == "escap" else "note.ratio"
        facts.append(say(key, lang, ratio=words.ratio(row["ratio"], 2)))
    return facts


def _latest(row, lang: str, words: Words) -> list[str]:
    """The latest value of a year (an average or a total over the period is said where its
    arithmetic is: ``latest_kind``)."""
    kind = row.get("latest_kind")
    if isinstance(kind, str) and kind != "annual":
        return []
    if _missing(row.get("latest_value")) or _missing(row.get("latest_year")):
        return []
    return [say("note.latest", lang, value=words.value(row["latest_value"], row, lang), year=_int(row["latest_year"]))]


def _published(row, lang: str, words: Words, full: bool) -> list[str]:
    """A published period average: its value and vintage, why it is used, and what it implies for
    the years the annual rates lack."""
    first = get_plan(row["plan"]).base_year + 1
    vintage = vintage_words(str(row.get("rate_vintage") or "unknown"), lang)
    out = [
        say(
            "note.published_average",
            lang,
            first=first,
            last=_int(row["target_year"]),
            value=words.pace(row["actual_rate"], row.get("rate_unit")),
            unit=words.pace_unit(row, lang),
            vintage=vintage,
        )
    ]
    if full and (gap := _years_missing(row, first)):
        out.append(say("note.published_because", lang, years=say("page.sep.list", lang).join(gap)))
    if not _missing(row.get("implied_rate")):
        years = [int(y) for y in _seq(row, "implied_years")]
        out.append(
            say(
                "note.implied",
                lang,
                years=_span(years[0], years[-1]) if years else "",
                value=number(row["implied_rate"], PLAIN, 1),
                low=number(row["implied_low"], PLAIN, 1),
                high=number(row["implied_high"], PLAIN, 1),
            )
        )
    return out


def _breach(row, lang: str, words: Words) -> list[str]:
    """A bound kept where the pace starts and broken since."""
    if _missing(row.get("bound_kept_year")) or _missing(row.get("pace_base_value")):
        return []
    return [
        say(
            "note.breach",
            lang,
            year=_int(row["bound_kept_year"]),
            value=words.value(row["pace_base_value"], row, lang),
        )
    ]


def _arithmetic(row, lang: str, words: Words) -> list[str]:
    """How a body-text target was read, and the numbers a pace is computed from: the annual rates
    chained, or the two levels."""
    reading = _register_reading(row, lang, words)
    return ([reading] if reading else []) + _pace_arithmetic(row, lang, words)


def _pace_arithmetic(row, lang: str, words: Words) -> list[str]:
    kind = row.get("target_kind")
    if kind == "cumulative" and not _missing(row.get("cumulative_so_far")):
        years = [int(y) for y in _seq(row, "rate_years")]
        return [
            say(
                "note.cumulative",
                lang,
                years=_span(years[0], years[-1]),
                rates=say("page.sep.list", lang).join(number(r, PLAIN) for r in _rates(row)),
                value=number(row["cumulative_so_far"], PLAIN, 4),
            )
        ]
    if kind == "relative_growth" and not _missing(row.get("reference_rate")):
        return _relative_arithmetic(row, lang)
    if kind == "level_increase" and not _missing(row.get("increase")) and not _missing(row.get("base_value")):
        return [
            say(
                "note.level_increase",
                lang,
                base=words.value(row["base_value"], row, lang),
                increase=number(row["increase"], PLAIN, 4),
                target=words.value(row["target_value"], row, lang),
            ),
            *_level_path(row, lang, words),
        ]
    if row.get("rate_source") == "chained" or (
        row.get("target_kind") == "avg_growth" and not _missing(row.get("actual_rate")) and _rates(row)
    ):
        years = [int(y) for y in _seq(row, "rate_years")]
        return [
            say(
                "note.chained",
                lang,
                years=_span(years[0], years[-1]),
                rates=say("page.sep.list", lang).join(number(r, PLAIN) for r in _rates(row)),
            )
        ]
    return _level_path(row, lang, words)


def _relative_arithmetic(row, lang: str) -> list[str]:
    """A growth rate against its reference row's over the same years, and the tolerance read."""
    years = [int(y) for y in _seq(row, "rate_years")]
    contiguous = years == list(range(years[0], years[-1] + 1))
    shown = _span(years[0], years[-1]) if contiguous else say("page.sep.list", lang).join(map(str, years))
    reference = row.get("relative_to")
    ref_name = say("note.relative_row", lang, no=reference)
    out = [
        say(
            "note.chained",
            lang,
            years=shown,
            rates=say("page.sep.list", lang).join(number(r, PLAIN) for r in _rates(row)),
        ),
        say(
            "note.relative",
            lang,
            reference=ref_name,
            ref_rate=number(row["reference_rate"], PLAIN, 4),
            gap=("+" if row["relative_gap"] > 0 else "") + number(row["relative_gap"], PLAIN, 3),
        ),
    ]
    if row.get("comparator") == "~" and not _missing(row.get("tolerance")):
        out.append(say("note.relative_tolerance", lang, value=number(row["tolerance"], PLAIN)))
    return out


def _level_path(row, lang: str, words: Words) -> list[str]:
    if not _missing(row.get("pace_base_year")) and not _missing(row.get("latest_year")):
        return [
            say(
                "note.path",
                lang,
                start=words.value(row["pace_base_value"], row, lang),
                start_year=_int(row["pace_base_year"]),
                end=words.value(row["latest_value"], row, lang),
                end_year=_int(row["latest_year"]),
            )
        ]
    return []


def _text(row, key: str) -> str:
    """A column holding text (``outcome_text``, ``outcome_notes``); '' where the row has none."""
    value = row.get(key)
    return value if isinstance(value, str) else ""


def _seq(row, key: str) -> list:
    """A column holding a sequence (``rates``, ``rate_years``); [] where the row has none."""
    value = row.get(key)
    return list(value) if isinstance(value, (list, tuple)) else []


def _rates(row) -> list[float]:
    return [float(r) for r in _seq(row, "rates")]


def _years_missing(row, first: int) -> list[str]:
    seen = {int(y) for y in _seq(row, "rate_years")}
    return [str(y) for y in range(first, _int(row["target_year"]) + 1) if y not in seen]


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}-{last}"


def _remaining(row, lang: str, words: Words, unit: str, full: bool) -> str:
    text = say("note.remaining", lang, value=words.pace(row["remaining_rate"], row.get("rate_unit")), unit=unit)
    if not full or _missing(row.get("latest_year")):
        return text
    first = _int(row["latest_year"]) + 1  # which years remain
    return text + say("note.years", lang, years=_span(first, _int(row["target_year"])))


def _reach(row, lang: str, words: Words, full: bool) -> list[str]:
    code = row.get("rate_unit")
    if row.get("reach") in ("never_reached", "reachable", "within_worst") and not _missing(row.get("history_best")):
        key = "note.best_never" if row["reach"] == "never_reached" else "note.best"
        out = [
            say(
                key,
                lang,
                since=_int(row["history_from"]),
                value=words.pace(row["history_best"], code),
                year=_int(row["history_best_year"]),
            )
        ]
        if row["reach"] == "within_worst" and not _missing(row.get("history_worst")):
            out.append(
                say(
                    "note.worst_enough",
                    lang,
                    since=_int(row["history_from"]),
                    value=words.pace(row["history_worst"], code),
                    year=_int(row["history_worst_year"]),
                )
            )
        if full and not _missing(row.get("history_recent")):
            out.append(say("note.recent", lang, value=words.pace(row["history_recent"], code)))
        return out
    n = row.get("history_n")
    if full and not _missing(row.get("remaining_rate")) and not _missing(n) and n > 0:
        return [say("note.reach_few", lang, n=_int(n))]
    return []


def _escap_projection(row, lang: str, words: Words) -> str:
    if row.get("target_kind") == "avg_growth":
        return say(
            "note.escap_rate",
            lang,
            rate=number(row.get("trend_rate"), PLAIN),
            value=number(row["projected_value"], PLAIN),
        )
    return say(
        "note.escap_level", lang, value=words.value(row["projected_value"], row, lang), year=_int(row["target_year"])
    )


def _register_reading(row, lang: str, words: Words) -> str:
    """How a body-text target was read in its series' unit (a multiple of a base, a cut from it,
    a conversion), for a register entry."""
    kind = row.get("register_kind")
    if not isinstance(kind, str) or _missing(row.get("target_value")):
        return ""
    target = words.value(row["target_value"], row, lang)
    if kind in ("relative", "relative_reduction") and not _missing(row.get("base_value")):
        return say(
            f"note.register.{kind}",
            lang,
            value=row.get("register_value"),
            year=_int(row["base_year"]),
            base=words.value(row["base_value"], row, lang),
            target=target,
        )
    if row.get("register_unit") not in (None, row.get("unit")):
        return say("note.register.converted", lang, target=target)
    return ""


# --- the other sentences --------------------------------------------------------------------------


def _verdict(row, lang: str) -> str:
    status = row["status"]
    words = status_words(status, lang)
    midterm = row.get("midterm")
    if status in ("provisional", "pending") and isinstance(row.get("lean"), str) and row["lean"] in _codes("status"):
        return say("note.verdict_lean", lang, status=words, lean=status_words(row["lean"], lang))
    if isinstance(midterm, str) and midterm != status and status != "pending":
        return say("note.verdict_midterm", lang, status=words, midterm=midterm_words(midterm, lang))
    return say("note.verdict", lang, status=words)


def _pending_sentence(row, lang: str, words: Words) -> str:
    reason = row.get("pending_reason")
    year = _int(row["target_year"])
    if reason == "estimate_only":
        text = say(
            "note.pending.estimate_only",
            lang,
            year=year,
            value=words.pace(row.get("projected_value"), row.get("rate_unit")),
            unit=words.pace_unit(row, lang),
        )
    elif reason in ("estimate", "partial_year"):
        text = say(f"note.pending.{reason}", lang, year=year)
    else:
        text = say("note.pending.final_missing", lang, year=year)
    if row.get("lean") in ("achieved", "missed"):
        text += say("note.pending.would_" + ("meet" if row["lean"] == "achieved" else "miss"), lang)
    return _end(text, lang)


def _why_unscored(row, lang: str, words: Words) -> str:
    """Why no pace or no verdict (an unscored row, or one whose statistic cannot give a pace)."""
    no_pace = row.get("no_pace")
    if isinstance(no_pace, str) and no_pace:
        year = row.get("no_pace_year")
        years = [int(y) for y in _seq(row, "rate_years")]
        reason = say(
            f"note.no_pace.{no_pace}",
            lang,
            year="" if _missing(year) else _int(year),
            years=say("page.sep.list", lang).join(map(str, years)),
        )
        return say("note.why", lang, reason=reason)
    unscored = row.get("unscored")
    if not isinstance(unscored, str) or not unscored or unscored == "not_quantified":
        return ""
    if unscored == "no_observation":
        base = _int(row["base_year"]) if not _missing(row.get("base_year")) else get_plan(row["plan"]).base_year
        reason = say("page.coverage.no_observation", lang, series=words.series(row["series_id"], lang, row), year=base)
    else:
        reason = say(f"page.coverage.{unscored}", lang)
    return say("note.why", lang, reason=reason)


def _derived(row, lang: str, words: Words) -> list[str]:
    """Which rates were derived from levels (nominal, :mod:`.derive`)."""
    years = [int(y) for y in _seq(row, "derived_years")]
    if not years or not isinstance(row.get("derived_from"), str):
        return []
    listed = _span(years[0], years[-1]) if years == list(range(years[0], years[-1] + 1)) else ", ".join(map(str, years))
    return [say("note.derived", lang, years=listed, series=words.series(row["derived_from"], lang, row))]


def _basis(row, lang: str, words: Words) -> list[str]:
    out = []
    values = [float(v) for v in _seq(row, "context_values")]
    if values and row.get("context_kind") == "derived_share":
        years = [int(y) for y in _seq(row, "context_years")]
        shown = say("page.sep.list", lang).join(
            say("note.context_value", lang, value=number(v, PLAIN, 1), year=y)
            for v, y in zip(values, years, strict=True)
        )
        out.append(_end(say("note.context_share", lang, series=_share_series(row, lang, words), values=shown), lang))
    if not _missing(row.get("break_year")):
        out.append(say("note.basis_break", lang, year=_int(row["break_year"]), start=_int(row["pace_base_year"])))
    elif row.get("base_observed") is True and not _missing(row.get("pace_base_year")):
        out.append(say("note.base_observed", lang, year=_int(row["pace_base_year"])))
    elif (
        _missing(row.get("base_value"))
        and not _missing(row.get("pace_base_year"))
        and row.get("target_kind") not in ("avg_growth", "relative_growth", "cumulative")
    ):
        out.append(say("note.no_base", lang, year=_int(row["pace_base_year"])))
    if not _missing(row.get("sensitivity_ratio")):
        out.append(
            say(
                "note.sensitivity",
                lang,
                year=_int(row["base_year"]),
                ratio=words.ratio(row["sensitivity_ratio"], 3),
                status=status_words(row["sensitivity_status"], lang),
            )
        )
    return out


# --- a finished plan's outcomes -------------------------------------------------------------------


def _outcome_sentences(row, lang: str, words: Words) -> list[str]:
    """A row of a finished plan's table: the outcome against the target, the margin, the pace, and
    what the table's own figures say (``outcome_notes``, ``rate_check``, ``rate_status``)."""
    facts = []
    notes = [n for n in _text(row, "outcome_notes").split(",") if n]
    if not _missing(row.get("latest_value")):
        shown = _text(row, "outcome_text") or number(row["latest_value"], PLAIN, 4)
        kind = row.get("latest_kind")
        if kind in ("period_average", "period_total") and not _missing(row.get("latest_from")):
            facts.append(
                say(
                    f"note.outcome.{kind}",
                    lang,
                    value=shown,
                    first=_int(row["latest_from"]),
                    year=_int(row["latest_year"]),
                )
            )
        else:
            facts.append(say("note.outcome", lang, value=shown, year=_int(row["latest_year"])))
        facts.append(
            say(
                "note.margin",
                lang,
                value=number(row["margin"], PLAIN, 3),
                unit=_comparison_unit(row, lang, words),
                better=say(f"note.better.{row['direction']}", lang),
            )
        )
    if "tolerance" in notes:
        tolerance = approx_tolerance(float(row["target_value"]), comparison_unit(row))
        facts.append(
            say("note.tolerance", lang, value=number(tolerance, PLAIN), unit=_comparison_unit(row, lang, words))
        )
    unit = words.pace_unit(row, lang)
    if not _missing(row.get("actual_rate")) and not _missing(row.get("required_rate")):
        facts.append(say("note.actual", lang, value=words.pace(row["actual_rate"], row.get("rate_unit")), unit=unit))
        facts.append(
            say("note.required", lang, value=words.pace(row["required_rate"], row.get("rate_unit")), unit=unit)
        )
    parts = [_head(row, lang, words, facts), _verdict(row, lang)]
    parts += [_outcome_note(note, row, lang, words) for note in notes if note != "tolerance"]
    parts += _printed_rates(row, lang)
    parts.append(_why_unscored(row, lang, words))
    return parts


def _comparison_unit(row, lang: str, words: Words) -> str:
    unit = comparison_unit(row)
    return say("note.pp", lang) if units.is_share(unit) else words.unit({**dict(row), "unit": unit}, lang)


def _outcome_note(note: str, row, lang: str, words: Words) -> str:
    fields = {
        "year": "" if _missing(row.get("latest_year")) else _int(row["latest_year"]),
        "target_year": _int(row["target_year"]),
        "base_year": "" if _missing(row.get("base_year")) else _int(row["base_year"]),
        "base": "" if _missing(row.get("base_value")) else words.value(row["base_value"], row, lang),
        "value": _text(row, "outcome_text") or number(row.get("latest_value"), PLAIN, 4),
        "target": number(row.get("target_value"), PLAIN, 4),
    }
    if note == "earlier_year" and not _missing(row.get("projected_value")):
        printed = (
            row["status"] if row["status"] != "provisional" else ("missed" if row["lean"] == "achieved" else "achieved")
        )
        return say(
            "note.outcome.earlier_year_projected",
            lang,
            **fields,
            printed=status_words(printed, lang),
            pace=words.pace(row["actual_rate"], row.get("rate_unit")),
            unit=words.pace_unit(row, lang),
            projected=words.value(row["projected_value"], row, lang),
            lean=status_words(row["lean"], lang),
        )
    return say(f"note.outcome.{note}", lang, **fields)


def _printed_rates(row, lang: str) -> list[str]:
    out = []
    check = row.get("rate_check")
    if isinstance(check, str) and check:
        out.append(
            say(
                f"note.rate_check.{check}",
                lang,
                rate=number(row["printed_rate"], PLAIN),
                base=number(row["base_value"], PLAIN),
                level=number(row["actual_level_value"], PLAIN),
                implied=number(row["implied_level_cagr"], PLAIN, 3),
                years="" if _missing(row.get("rate_check_years")) else _int(row["rate_check_years"]),
            )
        )
    rate_status = row.get("rate_status")
    if isinstance(rate_status, str) and rate_status:
        out.append(
            say(
                "note.rate_target",
                lang,
                target=row.get("target_rate_text"),
                outcome=row.get("actual_rate_text"),
                status=status_words(rate_status, lang),
            )
        )
    return out


# --- a finished plan's final evaluation (models.final) ---------------------------------------------


def final_sentence(row, lang: str, words: Words = PLAIN_WORDS) -> str:
    """The final class of a row in one sentence: the class in the evaluation's words and why; for a
    'very likely' class from the last evidence, the pace the missing years need against the best
    (or worst) ever recorded and that the target year's value is not yet in this data set."""
    final, basis = row["final"], row.get("final_basis") or ""
    code = row.get("rate_unit")
    needed = [int(y) for y in _seq(row, "needed_years")]
    if basis == "last_evidence" and final in ("very_likely_missed", "very_likely_met") and needed:
        fields = {
            "final": final_words(final, lang),
            "years": _span(needed[0], needed[-1]),
            "value": words.pace(row["remaining_rate"], code),
            "unit": words.pace_unit(row, lang),
            "since": "" if _missing(row.get("history_from")) else _int(row["history_from"]),
            "year": _int(row["target_year"]),
        }
        if final == "very_likely_missed":
            return say(
                "note.final.very_likely_missed",
                lang,
                **fields,
                best=words.pace(row["history_best"], code),
                best_year=_int(row["history_best_year"]),
            )
        return say(
            "note.final.very_likely_met",
            lang,
            **fields,
            worst=words.pace(row["history_worst"], code),
            worst_year=_int(row["history_worst_year"]),
        )
    basis_words = say(f"final.basis.{basis}", lang) if basis else ""
    lean = row.get("final_lean")
    if isinstance(lean, str) and lean and final == "cannot_judge":
        return say(
            "note.final_lean",
            lang,
            final=final_words(final, lang),
            basis=basis_words,
            lean=say(f"final.lean.{lean}", lang),
        )
    return say("note.final", lang, final=final_words(final, lang), basis=basis_words)


def final_words(code: str, lang: str) -> str:
    """A final class in the evaluation's words (完成 / 基本完成 / 未完成 ...)."""
    return say(f"final.{code}", lang)


def _share_series(row, lang: str, words: Words) -> str:
    part, _, whole = str(row.get("context_series") or "").partition("/")
    return "/".join(words.series(s, lang, row) for s in (part, whole) if s)


# --- words of codes ---------------------------------------------------------------------------------


def _codes(kind: str) -> set[str]:
    prefix = f"{kind}."
    return {k[len(prefix) :] for k in _CATALOGUE if k.startswith(prefix)}


def status_words(code: str, lang: str) -> str:
    return say(f"status.{code}", lang)


def midterm_words(code: str, lang: str) -> str:
    key = f"midterm.{code}"
    return say(key, lang) if key in _CATALOGUE else status_words(code, lang)


def midterm_reason(row, lang: str) -> str:
    """Why a row has no mid-term class ('' when it has one): thin evidence (how many observations,
    against the rule), or the reason it is not scored, or its status (pending, ...)."""
    code = row.get("midterm")
    if isinstance(code, str) and f"midterm.{code}" in _CATALOGUE:
        return ""
    if row["status"] == "provisional":
        return say(
            "page.midterm.thin",
            lang,
            n=0 if _missing(row.get("n_obs")) else _int(row["n_obs"]),
            year=DASH if _missing(row.get("latest_year")) else _int(row["latest_year"]),
            min=MIN_OBSERVATIONS,
            age=MAX_DATA_AGE,
        )
    unscored = row.get("unscored")
    if isinstance(unscored, str) and unscored:
        if unscored == "no_observation":
            base = _int(row["base_year"]) if not _missing(row.get("base_year")) else get_plan(row["plan"]).base_year
            reason = say(
                "page.coverage.no_observation", lang, series=PLAIN_WORDS.series(row["series_id"], lang, row), year=base
            )
        else:
            reason = say(f"page.coverage.{unscored}", lang)
        return say("page.midterm.status", lang, status=reason)
    return say("page.midterm.status", lang, status=status_words(row["status"], lang))


def vintage_words(code: str, lang: str) -> str:
    if code == "unknown":
        return say("page.evidence.vintage_unknown", lang)
    key = f"vintage.{code}"
    return say(key, lang) if key in _CATALOGUE else code


def evidence_words(row, lang: str) -> str:
    """How many observations, how old, which vintage: '3 observations (2021-2023; preliminary)';
    '' without observations."""
    n = row.get("n_obs")
    if _missing(n) or not n:
        return ""
    vintages = [vintage_words(v.strip(), lang) for v in str(row.get("vintages") or "").split(",") if v.strip()]
    first, last = row.get("first_year"), row.get("latest_year")
    years = "" if _missing(first) else _span(_int(first), _int(last))
    one = "page.evidence.cell.one"
    key = one if int(n) == 1 and one in _CATALOGUE else "page.evidence.cell"
    return say(key, lang, n=int(n), years=years, vintages=say("page.sep.list", lang).join(vintages))


def summary(table, statuses, lang: str, plan=None, as_of=None, method: str = "", text: bool = False) -> str:
    """What was judged, then the count per status, in one line of ``lang``."""
    head, parts = summary_parts(table, statuses, lang, plan, as_of, method, text)
    return head + say("page.sep.colon", lang) + say("cli.sep", lang).join(parts)


def summary_parts(
    table, statuses, lang: str, plan=None, as_of=None, method: str = "", text: bool = False
) -> tuple[str, list[str]]:
    """(what was judged, [the count of each status]) in ``lang``: statuses in the documented order."""
    n = len(table)
    if text:
        head = say("cli.summary.text", lang, as_of=as_of, n=n)
        return head, _counts(table, statuses, lang)
    from ..data.regions import region_name

    p = get_plan(plan)  # the plan's region and number, in words (no plan code in a sentence)
    named = {"region": region_name(p.region, lang), "number": p.plan, "n": n}
    if method == "outcome":
        head = say("cli.summary.outcome", lang, **named)
    else:
        head = say("cli.summary.observed", lang, as_of=as_of, method=say(f"cli.method.{method}", lang), **named)
    return head, _counts(table, statuses, lang)


def _counts(table, statuses, lang: str) -> list[str]:
    counts = table["status"].value_counts()
    order = [s for s in statuses if s in counts.index] + [s for s in counts.index if s not in statuses]
    return [say("cli.count", lang, status=status_words(s, lang), n=int(counts[s])) for s in order]


__all__ = [
    "PLAIN_WORDS",
    "Words",
    "evidence_words",
    "explanation",
    "explanations",
    "final_sentence",
    "final_words",
    "midterm_reason",
    "midterm_words",
    "sentences",
    "status_words",
    "summary",
    "summary_parts",
    "vintage_words",
]

"""What a status is: the facts about each verdict code that every page, table and scenario asks.

A status code (``on_track``, ``missed`` ...) is what :mod:`.assess` gives; this module says, once,
what each one means beyond its words:

* ``firm``: a verdict a headline counts (enough recent evidence; ``provisional`` and ``pending``
  are not, and neither are the rows that cannot be scored);
* ``outcome``: the target year's value is known and final, the verdict is met (``achieved``) or
  not (``missed``): ``met`` says which;
* ``closed``: the target year is over (an outcome, or ``pending`` final data): nothing is left to
  assume, a scenario keeps the tracker's verdict;
* ``severity``: how far off track a firm verdict is, 0 the worst (``moving_away``, then ``missed``,
  ``unlikely``, ``insufficient``, ``moderate``); None for a status that is not off track;
* ``paced``: a verdict on the pace to the target, which the mid-term vocabulary grades
  (:func:`.assess.midterm_code`); any other status is its own mid-term wording;
* ``favourable``: a lean (of a provisional verdict) that points to the target being met;
* ``unscored``: the row cannot be scored at all (no observation, no number in the outline, a kind
  of target no verdict rule covers yet), and :func:`unscored_reason` says why;
* ``judged_by``: the plans that can give it (``plans.csv``'s ``assessed_by``), or ``final``: the
  classes of a finished plan's final evaluation (:mod:`.final`), in the vocabulary of Chinese
  evaluations (完成 / 基本完成 / 未完成): ``met``, ``met_within_band``, ``missed`` on the
  target year's value; ``very_likely_met`` / ``very_likely_missed`` where that value is not in the
  data set and the last firm evidence decides it; ``cannot_judge`` (a lean, if any, beside it) and
  ``not_scored`` (no number to score against: the same code as a live plan's unscored kinds).

A new status is one line of :data:`STATUSES` (in the documented order), its words in the message
catalogue (``status.<code>``, ``chart.short.<code>``) and its colour (``report.colours``); the
tests check that each has all three.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.errors import unknown_choice

BOTH = ("outcomes", "observed")
FINAL = ("final",)


@dataclass(frozen=True)
class Status:
    code: str
    firm: bool = False
    outcome: bool = False
    met: bool | None = None
    closed: bool = False
    severity: int | None = None
    paced: bool = False
    favourable: bool = False
    unscored: bool = False
    judged_by: tuple[str, ...] = ("observed",)


# the documented order (counts, legends, the CLI's summary)
STATUSES = {
    s.code: s
    for s in (
        Status("achieved", firm=True, outcome=True, met=True, closed=True, favourable=True, judged_by=BOTH),
        Status("missed", firm=True, outcome=True, met=False, closed=True, severity=1, judged_by=(*BOTH, "final")),
        Status("on_track", firm=True, paced=True, favourable=True),
        Status("moderate", firm=True, paced=True, severity=4),
        Status("insufficient", firm=True, paced=True, severity=3),
        Status("moving_away", firm=True, paced=True, severity=0),
        Status("unlikely", firm=True, severity=2),
        Status("pending", closed=True),
        Status("provisional", judged_by=BOTH),
        Status("no_data", unscored=True),
        Status("not_quantified", unscored=True),
        Status("not_scored", unscored=True, judged_by=("observed", "final")),
        Status("not_assessable", unscored=True, judged_by=("outcomes",)),
        # a finished plan's final evaluation (models.final), in its documented order
        Status("met", firm=True, outcome=True, met=True, closed=True, favourable=True, judged_by=FINAL),
        Status("met_within_band", firm=True, outcome=True, met=True, closed=True, favourable=True, judged_by=FINAL),
        Status("very_likely_met", firm=True, closed=True, favourable=True, judged_by=FINAL),
        Status("very_likely_missed", firm=True, closed=True, severity=2, judged_by=FINAL),
        Status("cannot_judge", closed=True, judged_by=FINAL),
    )
}
# why a row cannot be scored (the coverage table's reasons)
UNSCORED_REASONS = (
    "not_quantified",
    "no_outcome",
    "no_series",
    "too_few",
    "no_observation",
    # not_scored (models.assess.NOT_SCORED_REASONS): a qualitative target, a kind without a rule
    # yet, a ceiling or floor kept and then broken
    "qualitative",
    "no_rule",
)


def status(code: str) -> Status:
    """The facts about status ``code`` (an unknown code names the valid ones)."""
    if code not in STATUSES:
        raise unknown_choice("status", code, list(STATUSES))
    return STATUSES[code]


def codes(judged_by: str | None = None, **facts) -> tuple[str, ...]:
    """The status codes in the documented order: those a plan judged ``judged_by`` can give, and
    those with the given ``facts`` (``codes(firm=True)``, ``codes(unscored=True)``)."""
    return tuple(
        s.code
        for s in STATUSES.values()
        if (judged_by is None or judged_by in s.judged_by) and all(getattr(s, k) == v for k, v in facts.items())
    )


def has(code, fact: str) -> bool:
    """Whether status ``code`` has ``fact`` (``has("missed", "firm")``); False for no code or an
    unknown one (a provisional row's empty lean)."""
    return isinstance(code, str) and code in STATUSES and bool(getattr(STATUSES[code], fact))


def rows_with(table: pd.DataFrame, fact: str, column: str = "status") -> pd.DataFrame:
    """The rows of a verdicts' table whose ``column`` (a status code) has ``fact``."""
    return table[[has(code, fact) for code in table[column]]]


def most_off_track(table: pd.DataFrame) -> pd.DataFrame:
    """The rows off track, the most off first: by :attr:`Status.severity`, then by the ratio of the
    actual to the required pace (the lower, the further off)."""
    severity = {code: s.severity for code, s in STATUSES.items() if s.severity is not None}
    off = table[table["status"].isin(list(severity))]
    return (
        off.assign(_severity=off["status"].map(severity)).sort_values(["_severity", "ratio"]).drop(columns="_severity")
    )


def unscored_reason(code: str, series_id, n_obs, not_scored=None) -> str:
    """Why a row with status ``code`` cannot be scored (:data:`UNSCORED_REASONS`), or '' when it can:
    the outline gives no number; a finished plan's table prints no outcome; no statistic is linked;
    the statistic has observations, but too few to measure a pace (a year missing, no base and one
    observation, one after a basis break); or it has none after the base year.  A ``not_scored``
    row gives its own reason (``not_scored``: qualitative, no_rule)."""
    if code not in STATUSES or not STATUSES[code].unscored:
        return ""
    if code == "not_scored":
        return not_scored if isinstance(not_scored, str) else "no_rule"
    if code in ("not_quantified", "not_assessable"):
        return {"not_quantified": "not_quantified", "not_assessable": "no_outcome"}[code]
    if not isinstance(series_id, str) or not series_id:
        return "no_series"
    if pd.notna(n_obs) and n_obs > 0:
        return "too_few"
    return "no_observation"


__all__ = [
    "STATUSES",
    "UNSCORED_REASONS",
    "Status",
    "codes",
    "has",
    "most_off_track",
    "rows_with",
    "status",
    "unscored_reason",
]

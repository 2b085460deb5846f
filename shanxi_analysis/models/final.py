"""The final evaluation of a finished plan, in the vocabulary Chinese evaluations use.
(model -> fit -> results)

>>> final = FinalEvaluation(plan=14, as_of=2025).fit()        # doctest: +SKIP
>>> final.counts()                                            # doctest: +SKIP
>>> final.closing()      # what would close each open row     # doctest: +SKIP

Once a plan's target year is reached (as of that year or later; a plan judged on its printed
outcomes, the 13th, is always finished) every row gets one class (a code of
:mod:`.status`, judged by ``final``; the pages word it):

* ``met`` 完成 - the target year's value (or the period's average) meets the target;
* ``met_within_band`` 基本完成 - met only within the tolerance its wording admits: a 左右 target
  short of its number by no more than the tolerance (:func:`.growth.approx_tolerance`);
* ``missed`` 未完成 - the target year's value misses it;
* ``very_likely_met`` / ``very_likely_missed`` - the target year's value is not in this data set
  (or the printed outcome is an earlier year's, or an estimate), and the last firm evidence
  decides it: the remaining years need a pace beyond the best ever recorded (missed), or even
  the worst ever recorded would do (met) - :attr:`.evidence.Reach.code`; an earlier-year or
  estimated outcome carried at the row's own pace; labelled as such (``final_basis``);
* ``cannot_judge`` - the evidence does not decide it: too thin (one observation, an old one, an
  estimate, a reading inside the year), a need within the paces recorded, or no observation at
  all; ``final_lean`` keeps what the evidence points to (``met`` / ``missed`` / '' for nothing);
* ``not_scored`` - the outline gives no number to score against (完成国家考核目标).

The classes follow the evidence rule of the tracker, favourable and unfavourable alike, and add up
to every row (:meth:`FinalResults.counts`).  Each row says why (``final_basis``, a code of
:data:`FINAL_BASES`) and, when open, what would close it: the series, the years and unit still
needed, and where that statistic is normally published (``published_in``, a code of
``data/raw/publications.csv``).  :meth:`FinalResults.template` gives those values as rows in the
columns of ``observed.csv``, to be filled with the published value and its evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.errors import ShanxiError
from ..data.observed import OBSERVED_COLUMNS, list_series, load_observed
from ..data.plans import get_plan
from ..data.publications import load_publications
from .assess import Assessment, AssessmentResults
from .status import has

# the classes in the headline's order (each a status judged by "final", models.status)
FINAL_CLASSES = (
    "met",
    "met_within_band",
    "very_likely_met",
    "very_likely_missed",
    "missed",
    "cannot_judge",
    "not_scored",
)
# why a row has its class (codes; models.verdicts and the pages word them)
FINAL_BASES = (
    "final_value",  # the target year's observed value
    "chained_rates",  # every annual rate of the period, chained
    "published_average",  # a period average published after the period
    "printed_outcome",  # a finished plan's own table
    "last_evidence",  # the target year's value is not in this data set: the last firm evidence decides
    "earlier_year",  # a finished plan's table prints an earlier year's value (*), carried at its pace
    "estimate",  # the value for the target year is an estimate (预计数, or stated before the year ended)
    "partial_year",  # the value was observed inside the target year
    "estimate_only",  # only an estimate of the period average is out
    "undecided",  # firm evidence, but the need lies within the paces recorded
    "thin_evidence",  # below the minimum-evidence rule
    "other_basis",  # only a figure on another basis (context, models.assess: context_*)
    "no_observation",  # a statistic is linked, but not observed in the period
    "no_series",  # no statistic is linked to the row
    "too_few",  # observed, but too few values for a pace
    "no_outcome",  # a finished plan's table prints no outcome
    "no_number",  # no number in the outline
)
FINAL_LEANS = ("met", "missed", "")
# the classes a published value could still change
OPEN_CLASSES = ("very_likely_met", "very_likely_missed", "cannot_judge")
# the columns of the final table, beside the tracker's own (models.assess: RESULT_COLUMNS)
FINAL_COLUMNS = [
    "no",
    "name_zh",
    "name_en",
    "attribute",
    "target_text",
    "target_year",
    "status",
    "final",
    "final_lean",
    "final_basis",
    "latest_value",
    "latest_year",
    "latest_kind",
    "latest_from",
    "evidence",
    "n_obs",
    "vintages",
    "needed_rate",
    "needed_years",
    "rate_unit",
    "reach",
    "history_best",
    "history_best_year",
    "history_from",
    "series_id",
    "closing_years",
    "closing_unit",
    "published_in",
]


@dataclass
class FinalResults:
    """The final evaluation of one plan: ``table`` has one row per indicator, the tracker's columns
    (``assessment.table``) and :data:`FINAL_COLUMNS`."""

    plan: int
    as_of: int | None
    assessment: AssessmentResults
    table: pd.DataFrame
    data_dir: object = None

    def counts(self, attribute: str | None = None) -> pd.Series:
        """Rows per class, in the headline's order (every class, zeros included); they add up to
        every row (of ``attribute``: ``binding`` / ``expected``, when given)."""
        table = self.table if attribute is None else self.table[self.table["attribute"] == attribute]
        return table["final"].value_counts().reindex(FINAL_CLASSES, fill_value=0)

    def open_rows(self) -> pd.DataFrame:
        """The rows a published value could still decide: the target year's value (or a year of
        an average-growth period) is not in this data set."""
        return self.table[self.table["final"].isin(OPEN_CLASSES)]

    def closing(self) -> pd.DataFrame:
        """What would close the plan: per open row, the series, the years and the unit of the
        value(s) still needed, and where they are normally published (with the usual months and
        the dated example of ``publications.csv``); '' for a row no statistic is linked to.  A plan
        judged on its printed outcomes (the 13th) has nothing to close: its table is final."""
        rows = self.open_rows() if self.assessment.method != "outcome" else self.table.iloc[0:0]
        publications = load_publications(self.data_dir)
        out = []
        for _, r in rows.iterrows():
            code = r["published_in"]
            pub = publications.loc[code] if code in publications.index else None
            out.append(
                {
                    "no": r["no"],
                    "name_zh": r["name_zh"],
                    "name_en": r["name_en"],
                    "final": r["final"],
                    "final_lean": r["final_lean"],
                    "final_basis": r["final_basis"],
                    "series_id": r["series_id"] if isinstance(r["series_id"], str) else "",
                    "years": r["closing_years"],
                    "unit": r["closing_unit"],
                    "needed_rate": r["needed_rate"],
                    "rate_unit": r["rate_unit"],
                    "target_text": r["target_text"],
                    "published_in": code,
                    "publication_zh": "" if pub is None else pub["name_zh"],
                    "publication_en": "" if pub is None else pub["name_en"],
                    "first_month": pd.NA if pub is None else pub["first_month"],
                    "last_month": pd.NA if pub is None else pub["last_month"],
                    "example": "" if pub is None else pub["example"],
                }
            )
        return pd.DataFrame(out, columns=CLOSING_COLUMNS)

    def template(self) -> pd.DataFrame:
        """The values that would close the plan as rows in the columns of ``observed.csv``: one per
        series and year, with what the catalogue knows (unit, measure, price basis, the plan row)
        and the cells to fill from the publication left empty (value, vintage, source grade,
        title, address, the verbatim evidence).  ``shanxi validate`` accepts a row once filled."""
        catalogue = list_series(self.data_dir).set_index("series_id")
        region = get_plan(self.plan, data_dir=self.data_dir).region  # the plan id names its region
        observed = load_observed(region=region, vintage="all", data_dir=self.data_dir)
        rows = []
        for _, r in self.closing().iterrows():
            sid = r["series_id"]
            if not sid or sid not in catalogue.index:
                continue  # no statistic linked: nothing to fill yet
            own = observed[observed["series_id"] == sid]
            basis = _most_common(own["price_basis"])
            indicator = _most_common(own["plan_indicator"])
            for year in r["years"]:
                rows.append(
                    {
                        "series_id": sid,
                        "region": region,
                        "year": int(year),
                        "value": "",
                        "unit": catalogue.loc[sid, "unit"],
                        "measure": catalogue.loc[sid, "measure"],
                        "price_basis": basis,
                        "plan_indicator": indicator,
                        "vintage": "",
                        "source_grade": "",
                        "source_title": "",
                        "source_url": "",
                        "evidence": "",
                        "note": "",
                    }
                )
        return pd.DataFrame(rows, columns=OBSERVED_COLUMNS).drop_duplicates(["series_id", "year"])


CLOSING_COLUMNS = [
    "no",
    "name_zh",
    "name_en",
    "final",
    "final_lean",
    "final_basis",
    "series_id",
    "years",
    "unit",
    "needed_rate",
    "rate_unit",
    "target_text",
    "published_in",
    "publication_zh",
    "publication_en",
    "first_month",
    "last_month",
    "example",
]


def _most_common(values: pd.Series) -> str:
    values = values[values.fillna("") != ""]
    return str(values.mode().iloc[0]) if len(values) else ""


@dataclass
class FinalEvaluation:
    """Set up the final evaluation of ``plan`` (None: the current plan) as of ``as_of`` (None: the
    latest year with data); :meth:`fit` computes it from the tracker's assessment (``results``,
    when the caller has it: the same state, not fitted again)."""

    plan: int | None = None
    as_of: int | None = None
    region: str | None = None  # None: the plan's region (regions.csv's default region's plan)
    data_dir: object = None
    results: AssessmentResults | None = None

    def fit(self) -> FinalResults:
        results = self.results or Assessment(self.plan, self.as_of, region=self.region, data_dir=self.data_dir).fit()
        info = get_plan(results.plan, self.region, self.data_dir)
        if results.method != "outcome" and results.as_of < info.target_year:
            raise ShanxiError(
                f"a final evaluation of plan {results.plan} needs its target year: as of {info.target_year} or later, "
                f"not {results.as_of}",
                code="final_needs_target_year",
                plan=results.plan,
                target_year=info.target_year,
                as_of=results.as_of,
            )
        table = results.table.copy()
        classes = [final_class(r) for _, r in table.iterrows()]
        table["final"] = [c[0] for c in classes]
        table["final_lean"] = [c[1] for c in classes]
        table["final_basis"] = [c[2] for c in classes]
        catalogue = list_series(self.data_dir).set_index("series_id")
        closing = [
            _closing(r, catalogue, results.method == "outcome")
            if r["final"] in OPEN_CLASSES
            else {"needed_rate": None, "needed_years": (), "closing_years": (), "closing_unit": "", "published_in": ""}
            for _, r in table.iterrows()
        ]
        for key in ("needed_rate", "needed_years", "closing_years", "closing_unit", "published_in"):
            table[key] = [c[key] for c in closing]
        table["needed_rate"] = pd.to_numeric(table["needed_rate"], errors="coerce").astype("float64")
        columns = [c for c in FINAL_COLUMNS if c in table] + [c for c in table.columns if c not in FINAL_COLUMNS]
        return FinalResults(results.plan, results.as_of, results, table[columns].reset_index(drop=True), self.data_dir)


def final_class(r) -> tuple[str, str, str]:
    """(class, lean, basis) of one row of the tracker's table (see the module doc)."""
    status = r["status"]
    if r.get("method") == "outcome":
        return _outcome_class(r)
    if status in ("not_quantified", "not_scored"):
        return "not_scored", "", "no_number"
    if status in ("achieved", "missed"):
        basis = r.get("rate_source") if r.get("rate_source") in ("chained", "published_average") else "final_value"
        basis = "chained_rates" if basis == "chained" else basis
        return _met_class(r, status == "achieved"), "", basis
    if status == "no_data":
        if isinstance(r.get("context_kind"), str) and r["context_kind"]:
            return "cannot_judge", "", "other_basis"
        reason = r.get("unscored") if r.get("unscored") in ("no_series", "too_few", "no_observation") else "too_few"
        return "cannot_judge", "", reason
    lean = _lean(r)
    if status == "pending" and r.get("pending_reason") in ("estimate", "partial_year", "estimate_only"):
        return "cannot_judge", lean, r["pending_reason"]
    if r.get("evidence") != "firm":
        return "cannot_judge", lean, "thin_evidence"
    if r.get("reach") == "never_reached":
        return "very_likely_missed", "missed", "last_evidence"
    if r.get("reach") == "within_worst":
        return "very_likely_met", "met", "last_evidence"
    return "cannot_judge", lean, "undecided"


def _met_class(r, met: bool) -> str:
    """Met, or met only within the tolerance a 左右 target admits (short of its number)."""
    if not met:
        return "missed"
    within = "within_tolerance" in str(r.get("outcome_notes") or "").split(",")
    if r.get("comparator") == "~" and (within or (pd.notna(r.get("margin")) and r["margin"] < 0)):
        return "met_within_band"
    return "met"


def _lean(r) -> str:
    """What the evidence points to, as met / missed ('' for nothing): a favourable status or lean
    (on track, achieved) points to met, any other to missed."""
    lean = r.get("lean")
    if not isinstance(lean, str) or not lean:
        return ""
    return "met" if has(lean, "favourable") else "missed"


def _outcome_class(r) -> tuple[str, str, str]:
    """A finished plan judged on its printed outcomes (the 13th plan's 专栏1)."""
    status = r["status"]
    if status == "not_assessable":
        return "cannot_judge", "", "no_outcome"
    flags = str(r.get("outcome_flag") or "").split(",")
    verdict = r.get("lean") if status == "provisional" else status
    met = verdict == "achieved"
    if "earlier_year" in flags or "estimate" in flags:  # not the target year's final value
        basis = "earlier_year" if "earlier_year" in flags else "estimate"
        return ("very_likely_met" if met else "very_likely_missed"), ("met" if met else "missed"), basis
    return _met_class(r, met), "", "printed_outcome"


def _closing(r, catalogue: pd.DataFrame, outcome: bool) -> dict:
    """What an open row still needs: the rate (or pace) the missing years need, the years its
    series lacks, the unit, and where that series is published."""
    out = {"needed_rate": r.get("remaining_rate"), "needed_years": (), "closing_years": (), "closing_unit": ""}
    sid = r.get("series_id")
    out["published_in"] = catalogue.loc[sid, "published_in"] if isinstance(sid, str) and sid in catalogue.index else ""
    if outcome or not isinstance(sid, str):
        return out
    target_year = int(r["target_year"])
    latest = r.get("latest_year")
    if r.get("target_kind") == "avg_growth" and pd.notna(latest) and latest < target_year:
        years = tuple(range(int(latest) + 1, target_year + 1))  # every rate of the period is chained
    elif r.get("target_kind") == "avg_growth" and pd.isna(latest):
        base = int(r["target_year"]) - 5 if pd.isna(r.get("base_year")) else int(r["base_year"])
        years = tuple(range(base + 1, target_year + 1))
    else:
        years = (target_year,)  # a level is decided by the target year's value
    if pd.notna(latest) and int(latest) < target_year and pd.notna(r.get("remaining_rate")):
        out["needed_years"] = tuple(range(int(latest) + 1, target_year + 1))
    out["closing_years"] = years
    out["closing_unit"] = catalogue.loc[sid, "unit"] if sid in catalogue.index else ""
    return out


def final_evaluation(plan: int | None = None, as_of: int | None = None, region: str | None = None, data_dir=None):
    """Shortcut: ``FinalEvaluation(...).fit()``."""
    return FinalEvaluation(plan, as_of, region, data_dir).fit()


__all__ = [
    "CLOSING_COLUMNS",
    "FINAL_BASES",
    "FINAL_CLASSES",
    "FINAL_COLUMNS",
    "FinalEvaluation",
    "FinalResults",
    "final_class",
    "final_evaluation",
]

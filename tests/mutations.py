"""The mutation harness of the observed data (issue 20): every sign, digit, year and swap of a
value for another number of its own snippet, tried on every row of ``observed.csv``.

A mutation is *caught* when the rules the loaders apply (the row against its evidence, duplicates,
plausibility across rows; the manifest aside, which would catch every edit) report a problem.  An
*accepted* mutation must be harmless: the verdicts recomputed with it (every as-of year, both
methods, the plan table and the register) equal the verdicts of the real data.
"""

from __future__ import annotations

import collections
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from conftest import RAW
from shanxi_analysis.data import observed
from shanxi_analysis.data.observed import _duplicate_problems, plan_codes, plausibility_of, read_observed_rows
from shanxi_analysis.data.provenance import (
    normalize_evidence,
    observed_provenance,
    read_outside_snippet,
    read_series_terms,
    strip_urls,
    verdict_series,
)
from shanxi_analysis.data.provenance.observations import _unused_outside

PATH = RAW / "observed.csv"
KINDS = ("sign", "digit", "year", "swap")


@dataclass
class Mutation:
    kind: str
    line: int
    series_id: str
    region: str
    field: str
    old: str
    new: str
    row: dict = field(repr=False)

    def __str__(self) -> str:
        return f"{self.kind} line {self.line} {self.series_id} ({self.region}) {self.field} {self.old} -> {self.new}"


def _others(r: dict) -> list[str]:
    """Every other number the row's evidence prints (not a year): the values a swap could pick."""
    s = normalize_evidence(strip_urls(r["evidence"] or ""))
    return sorted(
        {
            m.group()
            for m in re.finditer(r"(?<![\d.])\d+(?:\.\d+)?(?![\d])", s)
            if float(m.group()) != abs(r["value"]) and not re.fullmatch(r"(?:19|20)\d\d", m.group())
        }
    )


def _with_value(r: dict, value: str) -> dict:
    return dict(r, _raw=dict(r["_raw"], value=value), value=float(value))


def mutations(r: dict):
    """Every mutation of one row: its sign, each digit (+1), its year (+-1), another number of its snippet."""
    raw = r["_raw"]["value"]
    common = dict(line=r["_line"], series_id=r["series_id"], region=r["region"])
    if float(raw) != 0:
        new = raw[1:] if raw.startswith("-") else "-" + raw
        yield Mutation("sign", field="value", old=raw, new=new, row=_with_value(r, new), **common)
    for i, ch in enumerate(raw):
        if ch in "0123456789":
            new = raw[:i] + str((int(ch) + 1) % 10) + raw[i + 1 :]
            if not re.match(r"-?0\d", new):
                yield Mutation("digit", field="value", old=raw, new=new, row=_with_value(r, new), **common)
    for d in (-1, 1):
        year = r["year"] + d
        yield Mutation("year", field="year", old=str(r["year"]), new=str(year), row=dict(r, year=year), **common)
    for x in _others(r):
        new = ("-" if r["value"] < 0 else "") + x
        yield Mutation("swap", field="value", old=raw, new=new, row=_with_value(r, new), **common)


class Harness:
    """The real rows, the checks the loaders apply, and the verdicts of the real data."""

    def __init__(self):
        self.rows, problems = read_observed_rows(PATH)
        assert not problems
        self.series, problems = read_series_terms(RAW / "series.csv")
        self.outside, more = read_outside_snippet(RAW / "outside_snippet.csv", self.series)
        assert not problems + more
        self.codes = plan_codes()
        self.verdict_series = verdict_series(RAW)
        self.frame = observed._observed(PATH)  # the checked frame the loaders serve
        self._baseline = None

    def table(self, m: Mutation) -> list[dict]:
        return [m.row if r["_line"] == m.line else r for r in self.rows]

    def caught(self, m: Mutation) -> bool:
        """True if a rule the loaders apply objects to the mutated data."""
        if observed_provenance([m.row], PATH, self.codes, self.series, self.outside, self.verdict_series):
            return True
        rows = self.table(m)
        unused = _unused_outside(self.outside, rows, RAW / "outside_snippet.csv")  # an entry left behind
        return bool(unused or _duplicate_problems(rows, "observed.csv") or plausibility_of(rows, PATH))

    def mutated_frame(self, m: Mutation) -> pd.DataFrame:
        df = self.frame.copy()
        at = df.index[df["line"] == m.line]
        assert len(at) == 1
        df.loc[at, "value"] = m.row["value"]
        df.loc[at, "year"] = m.row["year"]
        return df

    def verdicts(self, frame: pd.DataFrame | None = None, since: int = 0) -> dict:
        """Every verdict as of ``since`` and later: the plan table (each as-of year, both methods)
        and the register, as (status, lean) per row; computed on ``frame`` in place of the real
        observations.  (A verdict as of an earlier year reads no row of a later year.)"""
        from shanxi_analysis.models.assess import METHODS, Assessment
        from shanxi_analysis.models.text_targets import assess_text_targets

        real = observed._observed
        if frame is not None:
            observed._observed = lambda path: frame
        try:
            out = {}
            for plan in judged_plans():  # every plan judged from observations: Shanxi's and the nation's
                for as_of in (y for y in Assessment(plan).available_years() if y >= since):
                    for method in METHODS:
                        t = Assessment(plan, as_of=as_of, method=method).fit().table
                        rows = zip(t["no"], t["status"], t["lean"], strict=True)
                        out.update({(plan, as_of, method, n): (st, lean) for n, st, lean in rows})
            for as_of in (y for y in Assessment(14).available_years() if y >= since):
                t = assess_text_targets(as_of=as_of)
                out.update({("register", as_of, i): st for i, st in zip(t["id"], t["status"], strict=True)})
            return out
        finally:
            observed._observed = real

    def baseline(self) -> dict:
        if self._baseline is None:
            self._baseline = self.verdicts()
        return self._baseline

    def changed_verdicts(self, m: Mutation) -> list:
        """The verdicts an accepted mutation changes (none: it is harmless)."""
        since = min(int(m.old), int(m.new)) if m.field == "year" else m.row["year"]
        after = self.verdicts(self.mutated_frame(m), since)
        before = {k: v for k, v in self.baseline().items() if k[1] >= since}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def run(harness: Harness, rows=None, verify=lambda m: True):
    """Try every mutation of ``rows`` (default: all).  Returns the figures (kind -> tried, caught,
    accepted), the accepted mutations, and those of them that change a verdict (verified for the
    accepted mutations ``verify`` selects)."""
    figures = collections.defaultdict(collections.Counter)
    accepted, harmful = [], []
    for r in rows or harness.rows:
        for m in mutations(r):
            figures[m.kind]["tried"] += 1
            if harness.caught(m):
                figures[m.kind]["caught"] += 1
                continue
            figures[m.kind]["accepted"] += 1
            accepted.append(m)
            if verify(m):
                figures[m.kind]["verified"] += 1
                changed = harness.changed_verdicts(m)
                if changed:
                    harmful.append((m, changed[:3]))
    return figures, accepted, harmful


def judged_plans() -> list[str]:
    """The plans judged from observed statistics that have observations (their verdicts can move)."""
    from shanxi_analysis.data.plans import list_plans
    from shanxi_analysis.models.assess import Assessment

    return [p.id for p in list_plans() if p.assessed_by == "observed" and Assessment(p.id).available_years()]


def linked_series() -> set[tuple[str, str]]:
    """The (series, region) pairs a verdict reads: the plan's and the register's links."""
    from shanxi_analysis.data.links import load_links, load_text_target_links

    links = pd.concat([load_links(14), load_text_target_links(14)])
    return {(s, "shanxi") for s in links["series_id"]}


def report(figures) -> str:
    lines = []
    for kind in KINDS:
        f = figures.get(kind, {})
        lines.append(
            f"{kind:<6} tried {f.get('tried', 0):>5}  caught {f.get('caught', 0):>5}  accepted "
            f"{f.get('accepted', 0):>4}  (verified by re-running the verdicts: {f.get('verified', 0)})"
        )
    return "\n".join(lines)


__all__ = ["KINDS", "Harness", "Mutation", "Path", "linked_series", "mutations", "report", "run"]

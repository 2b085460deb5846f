"""Intake's figures (issue 18), measured against hand transcriptions: ``make bench`` includes them,
``python -m bench.intake`` prints them alone with every miss (about 30 s).

* observed intake on every evidence snippet of observed.csv (series, region, year and title known);
* observed intake on whole texts (tests/fixtures/intake: five texts looked at while the rules were
  written, two held out), recall and precision of the draft rows;
* plan intake on Shanxi's outline: the 91 rows of its two tables (专栏1, 专栏2) and the register;
  and the register of the national 15th outline's excerpts.

The figures are written in docs/intake.md; the goals are the issue's.
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "intake"
RAW = ROOT / "data" / "raw"
HELD_OUT = ("songyuan_2024_communique", "dongyang_2024_communique")


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _row(name: str, seconds: float, goal: str, met, details: list[str] | None = None) -> dict:
    return {
        "name": name,
        "seconds": seconds,
        "floor": "",
        "floor_seconds": None,
        "ratio": None,
        "goal": goal,
        "met": met,
        "details": details or [],
    }


def bench_intake(repeat: int = 1) -> list[dict]:
    from shanxi_analysis.data.intake.measure import (
        read_expected,
        register_benchmark,
        snippet_benchmark,
        table_benchmark,
        text_benchmark,
    )
    from shanxi_analysis.data.intake.plan import draft_plan

    out = []
    t0 = time.perf_counter()
    snippets = snippet_benchmark()
    out.append(
        _row(
            f"intake: observed.csv snippets, value/unit/measure recovered {snippets.exact}/{snippets.rows} "
            f"({snippets.share:.1%}), wrong values silent {snippets.wrong_silent}, marked {snippets.wrong_reviewed}",
            time.perf_counter() - t0,
            ">= 95 %, 0 silent",
            snippets.share >= 0.95 and snippets.wrong_silent == 0,
            [str(m) for m in snippets.misses],
        )
    )
    for label, names in (
        ("texts looked at", [p.name.removesuffix(".expected.csv") for p in sorted(FIXTURES.glob("*.expected.csv"))]),
        ("held-out texts", list(HELD_OUT)),
    ):
        names = [n for n in names if n != "china15_register" and (label != "texts looked at" or n not in HELD_OUT)]
        t0 = time.perf_counter()
        found = expected = right = drafted = silent = 0
        details = []
        for name in names:
            rows = read_expected(FIXTURES / f"{name}.expected.csv")
            text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
            r = text_benchmark(text, rows, rows[0]["region"], 2024, name)
            found, expected, right, drafted = (
                found + r.found,
                expected + r.expected,
                right + r.right,
                drafted + r.drafted,
            )
            silent += r.wrong_silent
            details += [f"{name}: {d}" for d in r.details]
        recall, precision = found / expected, right / drafted
        out.append(
            _row(
                f"intake: whole {label} ({len(names)}), recall {found}/{expected} ({recall:.1%}), "
                f"precision {right}/{drafted} ({precision:.1%}), wrong rows silent {silent}",
                time.perf_counter() - t0,
                "every row right or marked",
                silent == 0,
                details,
            )
        )
    t0 = time.perf_counter()
    outline = (RAW / "shanxi_14th_fyp_outline.txt").read_text(encoding="utf-8")
    hand = {13: _rows(RAW / "plan13_indicators.csv"), 14: _rows(RAW / "plan14_indicators.csv")}
    tables = table_benchmark(outline, hand)
    rows = sum(t.rows for t in tables)
    exact = sum(t.exact for t in tables)
    exact_text = sum(t.exact_text for t in tables)
    out.append(
        _row(
            f"intake: Shanxi tables 专栏1+专栏2, rows reproduced exactly {exact}/{rows} ({exact / rows:.1%}; "
            f"printed columns {exact_text}/{rows}), false rows {sum(t.extra for t in tables)}",
            time.perf_counter() - t0,
            ">= 90 %",
            exact / rows >= 0.9,
            [d for t in tables for d in t.differences],
        )
    )
    for label, text_path, expected_path in (
        ("Shanxi register", RAW / "shanxi_14th_fyp_outline.txt", RAW / "plan14_text_targets.csv"),
        (
            "national 15th register",
            FIXTURES / "china15_outline_excerpts.txt",
            FIXTURES / "china15_register.expected.csv",
        ),
    ):
        t0 = time.perf_counter()
        draft = draft_plan(text_path.read_text(encoding="utf-8"), what="register")
        r = register_benchmark(draft.register.to_dict("records"), _rows(expected_path))
        out.append(
            _row(
                f"intake: {label}, rows reproduced {r.exact}/{r.expected} ({r.share:.1%}), "
                f"false rows {r.extra_reviewed + r.extra_silent} (silent {r.extra_silent})",
                time.perf_counter() - t0,
                ">= 85 %, 0 silent",
                r.share >= 0.85 and r.extra_silent == 0,
                r.missed + r.extras,
            )
        )
    return out


def main() -> int:
    rows = bench_intake()
    for r in rows:
        print(f"{r['name']}  [{r['goal']}: {'met' if r['met'] else 'MISSED'}; {r['seconds']:.1f} s]")
        for d in r["details"]:
            print(f"    {d}")
    return 0 if all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""The ``shanxi`` command line.  Every subcommand prints to stdout; errors caused by input go to
stderr as one clear message (no traceback) with a non-zero exit."""

from __future__ import annotations

import argparse
import sys

from .errors import DataError, ShanxiError

FORMATS = ("table", "csv", "json")
# Columns shown by --format table (csv and json carry every column).
TABLE_COLUMNS = {
    "targets": ["plan", "no", "name_zh", "name_en", "unit", "base_year", "base_value", "target_year",
                "target_value", "target_kind", "comparator", "direction", "basis", "attribute",
                "actual_year", "actual_value", "source_line"],
    "text-targets": ["id", "measure_zh", "value", "unit", "comparator", "target_kind", "target_year", "source_line"],
    "observed": ["series_id", "region", "year", "value", "unit", "measure", "vintage", "source_grade", "plan_indicator"],
}


def emit(df, fmt: str, command: str | None = None, out=None) -> None:
    """Write a frame as an aligned table, CSV or JSON records."""
    out = out or sys.stdout
    if fmt == "csv":
        df.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        out.write(df.to_json(orient="records", force_ascii=False, indent=1, double_precision=10))
        out.write("\n")
    else:
        import pandas as pd

        cols = [c for c in TABLE_COLUMNS.get(command, list(df.columns)) if c in df.columns]
        with pd.option_context("display.width", 250, "display.max_columns", 50, "display.max_colwidth", 40):
            out.write(df[cols].to_string(index=False, na_rep="-"))
            out.write("\n")


def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shanxi", description="Shanxi five-year-plan tracker: data, assessment, forecasts, briefings.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("build", help="rebuild data/processed/ from data/raw/ and report counts")
    sub.add_parser("validate", help="check every raw file (schema, codes, duplicates, provenance)")

    p = sub.add_parser("targets", help="a plan's indicator table (专栏2 / 专栏1)")
    p.add_argument("--plan", default="14", help="plan number (default: 14)")
    p.add_argument("--region", default="shanxi")
    _add_format(p)

    p = sub.add_parser("text-targets", help="the register of quantified targets in the body text")
    p.add_argument("--plan", default="14")
    p.add_argument("--region", default="shanxi")
    _add_format(p)

    p = sub.add_parser("observed", help="observed statistics")
    p.add_argument("--series", help="a series id (default: all)")
    p.add_argument("--region", default="shanxi", help="shanxi, china or all")
    p.add_argument("--vintage", default="latest", help="latest, all, preliminary, revised or unknown")
    _add_format(p)
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from .validate import collect_problems

        problems, counts = collect_problems()
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"validate: {len(problems)} problem(s)", file=sys.stderr)
            return 1
        for name, n in counts.items():
            print(f"{name}: {n} rows ok")
        print("validate: all checks passed")
        return 0
    if args.command == "build":
        from .build import build

        for row in build():
            note = f"  ({row['note']})" if row.get("note") else ""
            print(f"{row['table']:<22} in {row['rows_in']:>4}  out {row['rows_out']:>4}{note}")
        return 0
    if args.command == "targets":
        from .plans import load_targets

        emit(load_targets(args.plan, args.region), args.format, "targets")
        return 0
    if args.command == "text-targets":
        from .plans import load_text_targets

        emit(load_text_targets(args.plan, args.region), args.format, "text-targets")
        return 0
    if args.command == "observed":
        from .observed import load_observed

        emit(load_observed(args.series, region=args.region, vintage=args.vintage), args.format, "observed")
        return 0
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except DataError as exc:
        print(f"shanxi {args.command}: {exc}", file=sys.stderr)
        return 1
    except ShanxiError as exc:
        print(f"shanxi {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `shanxi targets | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())

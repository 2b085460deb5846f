"""The ``shanxi`` command line.  Every subcommand prints to stdout; errors caused by input go to
stderr as one clear message (no traceback) with a non-zero exit."""

from __future__ import annotations

import argparse
import sys

from .core.csvsafe import neutralise_formulas
from .core.errors import DataError, ShanxiError

FORMATS = ("table", "csv", "json")
# Columns shown by --format table (csv and json carry every column).
TABLE_COLUMNS = {
    "targets": ["plan", "no", "name_zh", "name_en", "unit", "base_year", "base_value", "target_year",
                "target_value", "target_kind", "comparator", "direction", "basis", "attribute",
                "actual_year", "actual_value", "source_line"],
    "text-targets": ["id", "measure_zh", "value", "unit", "comparator", "target_kind", "target_year", "source_line"],
    "observed": ["series_id", "region", "year", "value", "unit", "measure", "vintage", "source_grade", "plan_indicator"],
    "assess": ["no", "name_en", "attribute", "target_text", "n_obs", "first_year", "latest_year", "data_age", "vintages",
               "evidence", "latest_value", "actual_rate", "remaining_rate", "rate_unit", "history_best", "ratio", "lean",
               "status", "status_zh"],
}


def emit(df, fmt: str, command: str | None = None, out=None) -> None:
    """Write a frame as an aligned table, CSV or JSON records."""
    out = out or sys.stdout
    if fmt == "csv":
        # text cells starting with = + - @ get a leading ' (formula injection; core.csvsafe)
        neutralise_formulas(df).to_csv(out, index=False, lineterminator="\n")
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


def _int(what: str):
    """A strict integer argument (``5_0`` is not 50): see :mod:`.models.params`."""
    from .models.params import cli_int

    return cli_int(what)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="shanxi", description="Shanxi five-year-plan tracker: data, assessment, forecasts, briefings.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("build", help="rebuild data/processed/ from data/raw/ and report counts")
    sub.add_parser("validate", help="check every raw file (schema, codes, duplicates, provenance)")

    p = sub.add_parser("targets", help="a plan's indicator table (专栏2 / 专栏1)")
    p.add_argument("--plan", help="plan number, e.g. 13 or 14 (default: the current plan)")
    p.add_argument("--region", default="shanxi")
    _add_format(p)

    p = sub.add_parser("text-targets", help="the register of quantified targets in the body text")
    p.add_argument("--plan", help="plan number (default: the current plan)")
    p.add_argument("--region", default="shanxi")
    _add_format(p)

    p = sub.add_parser("observed", help="observed statistics")
    p.add_argument("--series", help="a series id (default: all)")
    p.add_argument("--region", default="shanxi", help="shanxi, china or all")
    p.add_argument("--vintage", default="latest", help="latest, all, preliminary, revised or unknown")
    _add_format(p)

    p = sub.add_parser("assess", help="verdict per indicator: a finished plan's outcomes, or the current plan as of a year")
    p.add_argument("--plan", help="plan number (default: the current plan); a finished plan (13) is judged on its printed outcomes")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of", help="use only what was known up to this year (plans judged from observed data)")
    p.add_argument("--region", default="shanxi", help="the plan's region (plans.csv)")
    p.add_argument("--method", default="eurostat", help="eurostat or escap (plans judged from observed data)")
    p.add_argument("--indicator", action="append", help="restrict to an indicator (repeatable)")
    p.add_argument("--text-targets", action="store_true", dest="text_targets",
                   help="assess the body-text targets linked to a series (data/raw/text_target_series.csv) instead of the table")
    _add_format(p)

    p = sub.add_parser("forecast", help="forecast a series to a year, model chosen by backtest")
    p.add_argument("--series", required=True)
    p.add_argument("--to", type=_int("--to"), help="last year to forecast (default: the linked target year; at most 15 years ahead)")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of", help="use only data up to this year (a year assess accepts)")
    p.add_argument("--seed", type=_int("--seed"), default=None, help="simulation seed (0 .. 2**32-1)")
    _add_format(p)

    p = sub.add_parser("scenario", help="what-if path for one indicator, or a preset for all")
    p.add_argument("--indicator", help="a row of the current plan, e.g. 1 or 8b")
    p.add_argument("--growth", help="comma-separated steps for the remaining years (growth %%, pp, or the year's rate)")
    p.add_argument("--preset", help="baseline, optimistic, pessimistic or required")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of")
    p.add_argument("--plan", help="plan number (default: the region's current plan)")
    p.add_argument("--region", default="shanxi", help="the plan's region (plans.csv)")
    _add_format(p)

    p = sub.add_parser("run", help="execute every notebook with papermill and write the HTML briefings")
    p.add_argument("--as-of", type=_int("--as-of"), dest="as_of", help="as-of year (default: the latest with data)")
    p.add_argument("--lang", default="both", help="zh, en or both (default)")
    p.add_argument("--only", nargs="+", help="notebook names or numbers, e.g. --only 2 5_briefing")
    p.add_argument("--out", default="reports", help="output folder (default: reports/)")
    p.add_argument("--indicator", default="1", help="indicator shown in the scenario notebook")
    p.add_argument("--scenario", default="baseline", help="baseline, optimistic, pessimistic or required")
    p.add_argument("--workers", type=_int("--workers"), default=2, help="notebooks run at once (default 2)")
    p.add_argument("--kernels", choices=("warm", "fresh"), default="warm",
                   help="warm: a few pre-warmed kernels reset between notebooks (default, same pages); fresh: one new kernel per notebook")

    p = sub.add_parser("dashboard", help="serve the what-if notebook as a code-free web app (Voila) on localhost")
    p.add_argument("--port", type=_int("--port"), default=8866)
    p.add_argument("--ip", default="127.0.0.1",
                   help="address to listen on (default: localhost only; any other address needs a token)")
    p.add_argument("--token", help="token readers must give (?token=...); generated when --ip is beyond localhost")
    p.add_argument("--max-kernels", type=_int("--max-kernels"), default=8, dest="max_kernels",
                   help="page loads served at once, one ~145 MB kernel each; one more gets HTTP 503 (default 8)")
    p.add_argument("--idle-timeout", type=_int("--idle-timeout"), default=600, dest="idle_timeout",
                   help="seconds without activity before a page's kernel is shut down (default 600)")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from .data.validate import collect_problems

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
        from .data.build import build

        for row in build():
            note = f"  ({row['note']})" if row.get("note") else ""
            print(f"{row['table']:<22} in {row['rows_in']:>4}  out {row['rows_out']:>4}{note}")
        return 0
    if args.command == "targets":
        from .data.plans import load_targets

        emit(load_targets(args.plan, args.region), args.format, "targets")
        return 0
    if args.command == "text-targets":
        from .data.plans import load_text_targets

        emit(load_text_targets(args.plan, args.region), args.format, "text-targets")
        return 0
    if args.command == "observed":
        from .data.observed import load_observed

        emit(load_observed(args.series, region=args.region, vintage=args.vintage), args.format, "observed")
        return 0
    if args.command == "assess":
        from .models.assess import Assessment

        from .report.messages import with_status_words

        if args.text_targets:
            from .models.text_targets import assess_text_targets

            emit(with_status_words(assess_text_targets(args.as_of, args.method)), args.format, "assess")
            return 0
        results = Assessment(args.plan, args.as_of, args.method, region=args.region, indicators=args.indicator).fit()
        if args.format == "table":
            print(results.summary())
        emit(with_status_words(results.table), args.format, "assess")
        return 0
    if args.command == "run":
        from .report.runner import run

        run(args.as_of, args.lang, args.only, args.out, scenario=args.scenario, indicator=args.indicator,
            workers=args.workers, kernels=args.kernels, echo=lambda m: print(m, flush=True))
        return 0
    if args.command == "dashboard":
        from .report.dashboard import serve

        return serve(args.port, args.ip, max_kernels=args.max_kernels, idle_timeout=args.idle_timeout, token=args.token)
    if args.command == "forecast":
        return _forecast(args)
    if args.command == "scenario":
        return _scenario(args)
    raise AssertionError(args.command)


def _forecast(args) -> int:
    import json

    import pandas as pd

    from .models.forecast import DEFAULT_SEED, SeriesForecast
    from .models.params import check_as_of, check_seed

    seed = DEFAULT_SEED if args.seed is None else check_seed(args.seed)
    as_of = check_as_of(args.as_of)  # the years assess accepts
    res = SeriesForecast(args.series, to=args.to, as_of=as_of, seed=seed).fit()
    if res.status != "ok":
        if args.format == "json":
            print(json.dumps({"series_id": res.series_id, "status": res.status, "message": res.message}, ensure_ascii=False))
        elif args.format == "csv":
            emit(pd.DataFrame([{"series_id": res.series_id, "status": res.status, "message": res.message}]), "csv")
        else:
            print(res.summary())
        return 0
    needed = res.needed.get("value")
    table = res.forecast.assign(series_id=res.series_id, data_up_to=res.last_year, selection=res.selection,
                                prob_meet=res.prob_meet, needed_rate=needed, target=res.target.get("text"), scale=res.scale)
    if args.format == "json":
        coverage = res.coverage80_backtest
        print(json.dumps({
            "series_id": res.series_id, "status": res.status, "model": res.model, "selection": res.selection,
            "data_up_to": res.last_year, "scale": res.scale, "seed": res.seed, "target": res.target,
            "prob_meet": res.prob_meet, "needed": res.needed,
            "coverage80_stated": 0.8, "coverage80_backtest": coverage if coverage == coverage else None,
            "coverage_checks": res.coverage_checks, "backtest_errors": res.n_errors,
            "forecast": json.loads(res.forecast.to_json(orient="records")),
            "backtest": json.loads(res.backtest.to_json(orient="records")),
        }, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        emit(table, "csv")
    else:
        print(res.summary())
        print("backtest (one-step, rolling origin; mase relative to naive, p: permutation test that a model beats naive):")
        emit(res.backtest, "table")
        emit(res.forecast, "table")
    return 0


def _scenario(args) -> int:
    import json

    from .models.params import check_steps
    from .models.scenario import ScenarioModel, why_no_scenario

    if args.growth is not None and args.preset is not None:
        raise ShanxiError("give either --growth or --preset, not both")
    model = ScenarioModel(args.plan, args.as_of, region=args.region)
    if args.growth is not None:
        if not args.indicator:
            raise ShanxiError("--growth needs --indicator")
        row = model.row(args.indicator)  # an unknown indicator lists the valid ones
        years = model.remaining_years(args.indicator)
        steps = check_steps(args.growth, row, years)
        scenario = model.custom("custom", args.indicator, steps)
    else:
        scenario = model.preset(args.preset or "baseline")
    results = model.run(scenario)
    table = results.table
    if args.indicator:
        model.row(args.indicator)  # an unknown indicator lists the valid ones
        table = table[table["no"] == str(args.indicator)]
    if table.empty:  # say why, never an empty frame
        raise ShanxiError(why_no_scenario(model, scenario.name, args.indicator))
    if args.format == "json":
        payload = json.loads(table.to_json(orient="records", force_ascii=False))
        if args.indicator and len(table):
            payload = {"summary": payload[0], "path": json.loads(results.path(args.indicator).to_json(orient="records"))}
        print(json.dumps(payload, ensure_ascii=False, indent=1))
    elif args.format == "csv":
        emit(table, "csv")
    else:
        from .report.messages import pace_unit_label

        shown = table.assign(step_unit=[pace_unit_label(u, "en", unit, unit_en) for u, unit, unit_en in zip(table["step_unit"], table["unit"], table["unit_en"])])
        emit(shown[["no", "name_en", "mode", "start_year", "start_value", "value_at_target", "target_text", "met", "gap",
                    "required_step", "step_unit", "closed", "assumption_only"]], "table")
        if args.indicator and len(table):
            emit(results.path(args.indicator), "table")
    return 0


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except KeyboardInterrupt:
        return 130
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
    except KeyboardInterrupt:  # Ctrl-C: workers and kernels are stopped on the way out; no traceback
        _quiet_stderr(f"shanxi {args.command}: interrupted")
        return 130
    except OSError as exc:  # a disk full, a folder not writable: one line, not a traceback
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        _quiet_stderr(f"shanxi {args.command}: error: {exc.strerror or exc}{where}")
        return 1


def _quiet_stderr(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
